using System.Numerics;

namespace BlasNet;

/// <summary>
/// The band products' counterpart of <see cref="ZeroMultiplierRows{T}"/>: BLIS 0.9's gbmv leaves out the products of a
/// zero multiplier, so a NaN or ±∞ band element that meets xₚ = 0 never reached y (0·NaN = NaN dropped). Measured for
/// row-major <c>Transposed</c> (its column-major axpy kernel): a 6×6 A with kl = ku = 1, ones in the band but a₂₁ = NaN,
/// x = (1, 1, 0, 1, 1, 1) gave y₁ = 2 where the definition, OpenBLAS, MKL and the managed provider give NaN. After the
/// provider's call the elements such a product reaches are set to the NaN the definition gives (α finite and nonzero on
/// this path, so α·NaN + β·y is NaN). Runs only where <see cref="Providers.BlasBackend.MaySkipZeroMultipliers"/> says
/// the library may skip; costs one pass over x, and for each zero found a pass over the band elements it multiplies.
/// </summary>
internal static class BandZeroMultipliers<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>After y ← α op(A) x + βy on the m×n band A (row-major band storage): NaN where a stored non-finite element meets xₚ = 0.</summary>
    public static void AfterGbmv(Transpose trans, int m, int n, int kl, int ku, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> x, int incX, Span<T> y, int incY)
    {
        bool t = trans == Transpose.Transposed;
        int lenX = t ? m : n;
        for (int p = 0; p < lenX; p++)
        {
            if (x[p * incX] != T.Zero) continue;
            if (t)
            {
                // xᵢ multiplies row i of A: its band elements, contiguous; each reaches yⱼ.
                int i = p;
                for (int j = Math.Max(0, i - kl), last = Math.Min(n - 1, i + ku); j <= last; j++)
                    if (!T.IsFinite(a[i * lda + kl + j - i])) y[j * incY] = T.NaN;
            }
            else
            {
                // xⱼ multiplies column j of A: one element per stored row; each reaches yᵢ.
                int j = p;
                for (int i = Math.Max(0, j - ku), last = Math.Min(m - 1, j + kl); i <= last; i++)
                    if (!T.IsFinite(a[i * lda + kl + j - i])) y[i * incY] = T.NaN;
            }
        }
    }
}
