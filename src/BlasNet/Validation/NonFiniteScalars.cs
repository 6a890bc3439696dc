using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;

namespace BlasNet;

/// <summary>
/// The level 2 and 3 products when α or β is NaN or ±∞, computed in managed code from the definition on
/// every provider: each result element is <c>α·s + β·c</c>, s the element's own sum of products
/// (Σₚ op(A)ᵢₚ op(B)ₚⱼ for GEMM, Σₚ op(A)ᵢₚ xₚ for GEMV, xᵢ·yⱼ for GER), with IEEE arithmetic and β = 0 not
/// reading c. Native kernels do not follow it: they scale an operand by α before multiplying (∞·0 = NaN
/// inside the sum, where the definition has ∞·(a sum that is not 0)), skip rows whose x is 0, or drop a NaN
/// α or β altogether (MKL's sgemm, OpenBLAS's sgemv and ssyrk returned finite numbers). The managed blocked
/// GEMM applies α once per 256-deep slice of the sum, which is not the definition either. With a non-finite α
/// or β every element of the result is NaN or ±∞, so speed matters less here than one answer everywhere.
/// The callers keep BLAS's quick returns first (k = 0 or α = 0: βC without reading A or B; α = 0 in GER:
/// A untouched). Scratch comes from the shared array pool: nothing is allocated per call once it holds it.
/// </summary>
internal static class NonFiniteScalars<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Whether α or β takes a product off the provider (a finite pair never does: one check per call).</summary>
    public static bool Applies(T alpha, T beta) => !T.IsFinite(alpha) || !T.IsFinite(beta);

    /// <summary>cᵢⱼ ← α·sᵢⱼ + β·cᵢⱼ (β = 0: α·sᵢⱼ) on the row-major m×n C; m, n, k &gt; 0 and the operands validated.</summary>
    public static void Gemm(Transpose transA, Transpose transB, int m, int n, int k, T alpha, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc)
    {
        bool ta = transA == Transpose.Transposed, tb = transB == Transpose.Transposed;
        // Column j of op(B) contiguous (a row of the stored B when it is transposed, else gathered); with op(A) stored
        // transposed, the m sums of a column are accumulated along A's contiguous rows instead of as m strided dots.
        T[] column = ArrayPool<T>.Shared.Rent(k);
        T[]? sums = ta ? ArrayPool<T>.Shared.Rent(m) : null;
        try
        {
            for (int j = 0; j < n; j++)
            {
                ReadOnlySpan<T> bj;
                if (tb) bj = b.Slice(j * ldb, k);
                else
                {
                    for (int p = 0; p < k; p++) column[p] = b[p * ldb + j];
                    bj = column.AsSpan(0, k);
                }
                if (ta)
                {
                    var s = sums.AsSpan(0, m);
                    s.Clear();
                    for (int p = 0; p < k; p++) TensorPrimitives.MultiplyAdd(a.Slice(p * lda, m), bj[p], s, s);
                    for (int i = 0; i < m; i++) Update(ref c[i * ldc + j], alpha, s[i], beta);
                }
                else
                {
                    for (int i = 0; i < m; i++) Update(ref c[i * ldc + j], alpha, TensorPrimitives.Dot(a.Slice(i * lda, k), bj), beta);
                }
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(column);
            if (sums is not null) ArrayPool<T>.Shared.Return(sums);
        }
    }

    /// <summary>yᵢ ← α·sᵢ + β·yᵢ (β = 0: α·sᵢ), s = op(A)x, for the row-major m×n A; the lengths of x and y positive, operands validated.</summary>
    public static void Gemv(Transpose trans, int m, int n, T alpha, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> x, int incX, T beta, Span<T> y, int incY)
    {
        bool t = trans == Transpose.Transposed;
        int lenX = t ? m : n, lenY = t ? n : m;
        T[] xs = ArrayPool<T>.Shared.Rent(lenX);
        T[]? sums = t ? ArrayPool<T>.Shared.Rent(lenY) : null;
        try
        {
            var xv = xs.AsSpan(0, lenX);
            for (int p = 0; p < lenX; p++) xv[p] = x[p * incX];
            if (t)
            {
                // sⱼ = Σᵢ Aᵢⱼ xᵢ along A's contiguous rows; α is applied to each finished sum, never to xᵢ.
                var s = sums.AsSpan(0, lenY);
                s.Clear();
                for (int i = 0; i < m; i++) TensorPrimitives.MultiplyAdd(a.Slice(i * lda, n), xv[i], s, s);
                for (int j = 0; j < lenY; j++) Update(ref y[j * incY], alpha, s[j], beta);
            }
            else
            {
                for (int i = 0; i < lenY; i++) Update(ref y[i * incY], alpha, TensorPrimitives.Dot(a.Slice(i * lda, n), xv), beta);
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(xs);
            if (sums is not null) ArrayPool<T>.Shared.Return(sums);
        }
    }

    /// <summary>aᵢⱼ ← aᵢⱼ + α·(xᵢ·yⱼ) on the row-major m×n A (GEMM's definition with k = 1 and β = 1); m, n &gt; 0, operands validated.</summary>
    public static void Ger(int m, int n, T alpha, ReadOnlySpan<T> x, int incX, ReadOnlySpan<T> y, int incY, Span<T> a, int lda)
    {
        for (int i = 0; i < m; i++)
        {
            T xi = x[i * incX];
            var row = a.Slice(i * lda, n);
            for (int j = 0; j < n; j++) row[j] += alpha * (xi * y[j * incY]);
        }
    }

    private static void Update(ref T c, T alpha, T sum, T beta) => c = beta == T.Zero ? alpha * sum : alpha * sum + beta * c;
}
