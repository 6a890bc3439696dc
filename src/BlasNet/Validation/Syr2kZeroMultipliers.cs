using System.Numerics;

namespace BlasNet;

/// <summary>
/// The products a SYR2K kernel may leave out: reference BLAS's dsyr2k (Debian's libblas3, reachable as a plain CBLAS or by
/// path) skips column j of its column-major update when op(A)ⱼₚ and op(B)ⱼₚ are both 0, since on finite data they add nothing.
/// With a NaN or ±∞ in op(A)ᵢₚ or op(B)ᵢₚ the definition adds 0·NaN = 0·∞ = NaN there, and the library's cᵢⱼ stayed finite:
/// for row-major Transposed (its column-major NoTrans), op(A) = (NaN, 0)ᵀ, op(B) = (1, 0)ᵀ and β = 0 gave c₁₀ = 0 in the lower
/// triangle where the definition gives NaN. After the provider's call (α ≠ 0 and finite, so α·NaN + β·c is NaN), every element
/// of the triangle whose sum holds a product of a zero and a NaN or ±∞ is set to NaN. OpenBLAS, MKL and BLIS computed those
/// products (probed with NaN and ±∞ among zeros); the check runs only where <see cref="Providers.BlasBackend.MaySkipZeroMultipliers"/>
/// holds, and costs one finiteness pass over A and B unless one of them holds a NaN or ±∞.
/// </summary>
internal static class Syr2kZeroMultipliers<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>After C ← α(op(A)op(B)ᵀ + op(B)op(A)ᵀ) + βC on the <paramref name="uplo"/> triangle; operands validated, n, k &gt; 0.</summary>
    public static void After(Triangle uplo, Transpose trans, int n, int k, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, Span<T> c, int ldc)
    {
        bool t = trans == Transpose.Transposed;
        int rows = t ? k : n, cols = t ? n : k;
        if (AllFinite(rows, cols, a, lda) && AllFinite(rows, cols, b, ldb)) return;
        for (int p = 0; p < k; p++)
            for (int r = 0; r < n; r++)
            {
                // op(A)ᵣₚ·op(B)_qp lies in s_rq (and s_qr = s_rq); likewise op(B)ᵣₚ·op(A)_qp.
                bool aBad = !T.IsFinite(At(a, lda, t, r, p)), bBad = !T.IsFinite(At(b, ldb, t, r, p));
                if (!aBad && !bBad) continue;
                for (int q = 0; q < n; q++)
                    if ((aBad && At(b, ldb, t, q, p) == T.Zero) || (bBad && At(a, lda, t, q, p) == T.Zero))
                    {
                        int i = Math.Min(r, q), j = Math.Max(r, q);
                        if (uplo == Triangle.Upper) c[i * ldc + j] = T.NaN;
                        else c[j * ldc + i] = T.NaN;
                    }
            }
    }

    private static T At(ReadOnlySpan<T> x, int ld, bool transposed, int i, int p) => transposed ? x[p * ld + i] : x[i * ld + p];

    private static bool AllFinite(int rows, int cols, ReadOnlySpan<T> x, int ld)
    {
        for (int i = 0; i < rows; i++)
            if (!ElementwiseLoops.AllFinite(x.Slice(i * ld, cols))) return false;
        return true;
    }
}
