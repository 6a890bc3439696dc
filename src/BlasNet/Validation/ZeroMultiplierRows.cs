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
/// Cost on the everyday path: the GEMV, GEMM and TRSV checks run only on a provider that may skip
/// (<see cref="Providers.BlasBackend.MaySkipZeroMultipliers"/>: BLIS, an unidentified CBLAS); on the managed provider,
/// OpenBLAS and MKL they cost nothing. Where they run: one pass over the multiplier vector looking for a 0, and for each
/// zero found one contiguous pass over what it multiplies, at most one more pass over the matrix (a transposed GEMV of
/// a half-zero x read A 1.5 times on every provider before, a TRSV of a unit vector re-read its triangle by columns,
/// 4–8× the solve). The GER check reads x and y only, on every provider.
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

    /// <summary>
    /// After y ← α A x + βy on the row-major m×n A: yᵢ ← NaN wherever a column j with xⱼ = 0 holds a NaN or ±∞ in row i.
    /// BLIS 0.9 takes an m×1 A with lda = 1 for a column-stored matrix and its axpy kernel skips x₀ = 0: y stayed finite.
    /// </summary>
    public static void AfterGemv(int m, int n, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> x, int incX, Span<T> y, int incY)
    {
        if (FiniteScan.FirstZero(n, x, incX) < 0) return;
        for (int i = 0; i < m; i++)
        {
            var row = a.Slice(i * lda, n);
            if (ElementwiseLoops.AllFinite(row)) continue;
            for (int j = 0; j < n; j++)
                if (x[j * incX] == T.Zero && !T.IsFinite(row[j])) { y[i * incY] = T.NaN; break; }
        }
    }

    /// <summary>
    /// After A ← αxyᵀ + A on the row-major m×n A: aᵢⱼ ← NaN wherever xᵢ = 0 and yⱼ is NaN or ±∞, or yⱼ = 0 and xᵢ is NaN
    /// or ±∞. MKL 2020.4 and BLIS 0.9 skip the rows with xᵢ = 0; BLIS takes an m×1 A with lda = 1 for a column-stored
    /// matrix and skips its column when y₀ = 0. Reads x and y, and A's elements only where it writes them.
    /// </summary>
    public static void AfterGer(int m, int n, ReadOnlySpan<T> x, int incX, ReadOnlySpan<T> y, int incY, Span<T> a, int lda)
    {
        int firstZero = FiniteScan.FirstZero(m, x, incX);
        if (firstZero >= 0 && !FiniteScan.Vector(n, y, incY))
        {
            for (int i = firstZero; i < m; i++)
            {
                if (x[i * incX] != T.Zero) continue;
                var row = a.Slice(i * lda, n);
                for (int j = 0; j < n; j++)
                    if (!T.IsFinite(y[j * incY])) row[j] = T.NaN;
            }
        }
        firstZero = FiniteScan.FirstZero(n, y, incY);
        if (firstZero >= 0 && !FiniteScan.Vector(m, x, incX))
        {
            for (int i = 0; i < m; i++)
            {
                if (T.IsFinite(x[i * incX])) continue;
                for (int j = firstZero; j < n; j++)
                    if (y[j * incY] == T.Zero) a[i * lda + j] = T.NaN;
            }
        }
    }

    /// <summary>
    /// After C ← α op(A) op(B) + βC with m = 1 or n = 1 (α ≠ 0 and finite): cᵢⱼ ← NaN wherever a zero of the vector operand
    /// multiplies a NaN or ±∞ of the other. BLIS 0.9 hands such a GEMM to its gemv, whose axpy kernel skips the zero:
    /// Gemm(Transposed, None, 3, 1, 3) of op(A) = ones with op(A)₂₀ = NaN and b = (0, 1, 1) gave c₂ = 2 (NumPy: NaN).
    /// For m = n = 1 either operand may be the one skipped, so both are checked.
    /// </summary>
    public static void AfterVectorGemm(Transpose transA, Transpose transB, int m, int n, int k, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, Span<T> c, int ldc)
    {
        bool ta = transA == Transpose.Transposed, tb = transB == Transpose.Transposed;
        if (n == 1)
        {
            // c_i0 = Σ_p op(A)_ip b_p: op(B)'s column is b_p = B[p, 0] (stride ldb) or Bᵀ's row 0 (stride 1).
            int incB = tb ? 1 : ldb;
            for (int p = 0; p < k; p++)
            {
                if (b[p * incB] != T.Zero) continue;
                if (ta)
                {
                    // op(A)_ip = A[p, i]: row p of the stored A, contiguous.
                    var row = a.Slice(p * lda, m);
                    if (ElementwiseLoops.AllFinite(row)) continue;
                    for (int i = 0; i < m; i++) if (!T.IsFinite(row[i])) c[i * ldc] = T.NaN;
                }
                else
                {
                    for (int i = 0; i < m; i++) if (!T.IsFinite(a[i * lda + p])) c[i * ldc] = T.NaN;
                }
            }
        }
        if (m == 1)
        {
            // c_0j = Σ_p a_p op(B)_pj: op(A)'s row is A[0, p] (stride 1) or Aᵀ's column 0 (stride lda).
            int incA = ta ? lda : 1;
            for (int p = 0; p < k; p++)
            {
                if (a[p * incA] != T.Zero) continue;
                if (!tb)
                {
                    var row = b.Slice(p * ldb, n);
                    if (ElementwiseLoops.AllFinite(row)) continue;
                    for (int j = 0; j < n; j++) if (!T.IsFinite(row[j])) c[j] = T.NaN;
                }
                else
                {
                    for (int j = 0; j < n; j++) if (!T.IsFinite(b[j * ldb + p])) c[j] = T.NaN;
                }
            }
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
        // A zero component is common (a unit-vector right-hand side: a column of A⁻¹); the multipliers of every zero,
        // read column by column, cost up to 8× the solve. One row-wise pass over the triangle settles the usual case first.
        if (FiniteScan.FirstZero(n, x, incX) < 0 || FiniteScan.RowMajorTriangle(uplo, diag, n, a, lda)) return false;
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
}
