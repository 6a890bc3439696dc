using System.Numerics;

namespace BlasNet;

/// <summary>
/// The rows some native level 2 kernels skip: a row-major transposed GEMV (the column-major axpy kernel) and a GER
/// leave out the rows of A whose multiplier xᵢ is 0, since they add nothing to finite data. With a NaN or ±∞ in
/// that row of A (GEMV) or in y (GER), the definition adds 0·NaN = 0·∞ = NaN instead, and the provider's answer
/// stayed finite: BLIS 0.9's gemv gave y = (1, 1, 1, 1) for A = 0.5 everywhere but a₁₂ = NaN and x = (1, 0, 1),
/// where OpenBLAS, MKL and the managed provider give y₂ = NaN; MKL 2020.4's and BLIS's ger left row i of A as it
/// was for xᵢ = 0 and y₀ = NaN, where the others put NaN in a_i0. After the provider's call, those elements are set
/// to the NaN the definition gives (α ≠ 0 and finite on this path, so α·NaN + β·y and aᵢⱼ + α·NaN are NaN).
/// </summary>
/// <remarks>
/// Cost on the everyday path: one pass over x (the vector, not the matrix) looking for a 0; only the rows it finds
/// are scanned, so a product with no zero multiplier pays O(length of x) on top of the O(m·n) product.
/// </remarks>
internal static class ZeroMultiplierRows<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>After y ← α Aᵀ x + βy on the row-major m×n A: yⱼ ← NaN wherever a row i with xᵢ = 0 holds a NaN or ±∞ in column j.</summary>
    public static void AfterTransposedGemv(int m, int n, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> x, int incX, Span<T> y, int incY)
    {
        for (int i = 0; i < m; i++)
        {
            if (x[i * incX] != T.Zero) continue;
            var row = a.Slice(i * lda, n);
            if (ElementwiseLoops.AllFinite(row)) continue;
            for (int j = 0; j < n; j++)
                if (!T.IsFinite(row[j])) y[j * incY] = T.NaN;
        }
    }

    /// <summary>After A ← αxyᵀ + A on the row-major m×n A: aᵢⱼ ← NaN wherever xᵢ = 0 and yⱼ is NaN or ±∞.</summary>
    public static void AfterGer(int m, int n, ReadOnlySpan<T> x, int incX, ReadOnlySpan<T> y, int incY, Span<T> a, int lda)
    {
        int firstZero = -1;
        for (int i = 0; i < m; i++)
            if (x[i * incX] == T.Zero) { firstZero = i; break; }
        if (firstZero < 0 || VectorFinite(n, y, incY)) return;
        for (int i = firstZero; i < m; i++)
        {
            if (x[i * incX] != T.Zero) continue;
            var row = a.Slice(i * lda, n);
            for (int j = 0; j < n; j++)
                if (!T.IsFinite(y[j * incY])) row[j] = T.NaN;
        }
    }

    /// <summary>
    /// Whether a finite solution x of op(A) x = b may have dropped a NaN or ∞ of A through a skipped zero: some xⱼ = 0 whose
    /// multipliers op(A)ᵢⱼ (i solved after j) or, unless the diagonal is unit, whose op(A)ⱼⱼ is not finite. BLIS 0.9's trsv
    /// for a row-major lower Aᵀ (its column-major axpy variant) skips those updates beyond its first block: x₀ came out 0
    /// where substitution gives 0 − NaN·0 = NaN. Reads only the multipliers of the zero components.
    /// </summary>
    public static bool TrsvMayHaveSkipped(Triangle uplo, Transpose trans, Diagonal diag, int n, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> x, int incX)
    {
        bool t = trans == Transpose.Transposed;
        bool forward = (uplo == Triangle.Lower) != t; // op(A) lower: x solved from the first component on
        for (int j = 0; j < n; j++)
        {
            if (x[j * incX] != T.Zero) continue;
            if (diag == Diagonal.NonUnit && !T.IsFinite(a[j * lda + j])) return true;
            int lo = forward ? j + 1 : 0, hi = forward ? n : j; // the components solved after xⱼ
            if (lo >= hi) continue;
            if (t)
            {
                // op(A)ᵢⱼ = aⱼᵢ: a contiguous piece of row j.
                if (!ElementwiseLoops.AllFinite(a.Slice(j * lda + lo, hi - lo))) return true;
            }
            else
            {
                for (int i = lo; i < hi; i++)
                    if (!T.IsFinite(a[i * lda + j])) return true;
            }
        }
        return false;
    }

    private static bool VectorFinite(int n, ReadOnlySpan<T> v, int inc)
    {
        if (inc == 1) return ElementwiseLoops.AllFinite(v[..n]);
        for (int i = 0; i < n; i++)
            if (!T.IsFinite(v[i * inc])) return false;
        return true;
    }
}
