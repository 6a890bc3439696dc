using System.Numerics;

namespace BlasNet;

/// <summary>
/// The products of a zero that native symmetric level 2 kernels leave out, 0·NaN = 0·∞ = NaN included, restored after the
/// provider's call. syr: reference BLAS's dsyr skips the column of a zero xⱼ, and so did OpenBLAS 0.3.21, MKL 2020.4 and
/// BLIS 0.9: A = 0, x = (0, 1, ∞) upper kept a₀₂ = 0 where the definition gives 0 + 1·(0·∞) = NaN. syr2: MKL (and reference
/// BLAS) skip an index j with xⱼ = yⱼ = 0. symv: BLIS's lower symv skipped the xⱼ = 0 column of its axpy kernel: y₀ stayed
/// finite for a NaN in a₈₀ and x₈ = 0 (n = 9). On this path α is finite and not 0, so the definition's element is NaN there
/// whatever else it holds, and setting it is exact.
/// </summary>
/// <remarks>
/// Cost: the rank-update checks read x and y (one pass each, stopping early) and touch A only where both a zero and a NaN or
/// ∞ are present; the symv check reads x for a zero and, only then, the triangle once by rows.
/// </remarks>
internal static class SymmetricZeroMultipliers<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>After y ← αAx + βy: yᵢ ← NaN wherever a stored NaN or ±∞ aᵢⱼ (or its mirror) meets a zero xⱼ.</summary>
    public static void AfterSymv(Triangle uplo, int n, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> x, int incX, Span<T> y, int incY)
    {
        if (FiniteScan.FirstZero(n, x, incX) < 0) return;
        for (int i = 0; i < n; i++)
        {
            int lo = uplo == Triangle.Upper ? i : 0, hi = uplo == Triangle.Upper ? n : i + 1;
            var row = a.Slice(i * lda + lo, hi - lo);
            if (ElementwiseLoops.AllFinite(row)) continue;
            for (int j = lo; j < hi; j++)
            {
                if (T.IsFinite(row[j - lo])) continue;
                if (x[j * incX] == T.Zero) y[i * incY] = T.NaN; // aᵢⱼxⱼ in row i
                if (x[i * incX] == T.Zero) y[j * incY] = T.NaN; // its mirror aⱼᵢxᵢ in row j
            }
        }
    }

    /// <summary>
    /// After a triangle update that holds the term α·(xᵢyⱼ) at every (i, j) of the <paramref name="uplo"/> triangle (syr with
    /// y = x; syr2 once for (x, y) and once for (y, x)): aᵢⱼ ← NaN where xᵢ = 0 and yⱼ is NaN or ±∞, or xᵢ is NaN or ±∞ and
    /// yⱼ = 0.
    /// </summary>
    public static void AfterRankUpdateTerm(Triangle uplo, int n, ReadOnlySpan<T> x, int incX, ReadOnlySpan<T> y, int incY, Span<T> a, int lda)
    {
        bool xZero = FiniteScan.FirstZero(n, x, incX) >= 0, yZero = FiniteScan.FirstZero(n, y, incY) >= 0;
        if (!xZero && !yZero) return;
        bool xFinite = FiniteScan.Vector(n, x, incX), yFinite = FiniteScan.Vector(n, y, incY);
        for (int i = 0; i < n; i++)
        {
            T xi = x[i * incX];
            bool zeroRow = xZero && !yFinite && xi == T.Zero, infiniteRow = yZero && !xFinite && !T.IsFinite(xi);
            if (!zeroRow && !infiniteRow) continue;
            int lo = uplo == Triangle.Upper ? i : 0, hi = uplo == Triangle.Upper ? n : i + 1;
            for (int j = lo; j < hi; j++)
            {
                T yj = y[j * incY];
                if (zeroRow ? !T.IsFinite(yj) : yj == T.Zero) a[i * lda + j] = T.NaN;
            }
        }
    }
}
