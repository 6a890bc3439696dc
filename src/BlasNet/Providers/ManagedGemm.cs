using System.Numerics;
using System.Numerics.Tensors;

namespace BlasNet.Providers;

/// <summary>
/// The managed provider's GEMM: C ← α op(A) op(B) + βC, row-major. β is applied first (β = 0
/// overwrites, ignoring NaN in C as BLAS does), then α op(A) op(B) is accumulated.
/// </summary>
internal static class ManagedGemm<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static void Gemm(Transpose transA, Transpose transB, int m, int n, int k, T alpha, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc)
    {
        for (int i = 0; i < m; i++)
        {
            var row = c.Slice(i * ldc, n);
            if (beta == T.Zero) row.Clear();
            else if (beta != T.One) TensorPrimitives.Multiply(row, beta, row);
        }
        if (k == 0 || alpha == T.Zero) return;

        // Rows of op(B) must be contiguous for the axpy form: pack Bᵀ when B is transposed.
        T[]? packedB = null;
        int ldOpB = ldb;
        if (transB == Transpose.Transposed)
        {
            packedB = new T[k * n];
            for (int j = 0; j < n; j++)
                for (int p = 0; p < k; p++) packedB[p * n + j] = b[j * ldb + p];
            ldOpB = n;
        }
        ReadOnlySpan<T> opB = packedB ?? b;
        for (int i = 0; i < m; i++)
        {
            var row = c.Slice(i * ldc, n);
            for (int p = 0; p < k; p++)
            {
                T aip = transA == Transpose.None ? a[i * lda + p] : a[p * lda + i];
                TensorPrimitives.MultiplyAdd(opB.Slice(p * ldOpB, n), alpha * aip, row, row);
            }
        }
    }
}
