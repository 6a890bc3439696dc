using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;
using BlasNet.Providers;

namespace BlasNet;

/// <summary>
/// SYMM, SYRK and SYR2K when α or β is NaN or ±∞: the definition <c>α·s + β·c</c> per element in managed code on every provider,
/// as <see cref="NonFiniteScalars{T}"/> does for GEMM (whose reasons apply: native kernels scale an operand by α first or drop
/// a NaN α or β, and the managed GEMM these are built on applies α per slice of the sum). For SYMM s is
/// Σₚ Aᵢₚbₚⱼ (or Σₚ bᵢₚAₚⱼ) with A's referenced triangle mirrored; for SYR2K it is the element's one sum
/// Σₚ (op(A)ᵢₚop(B)ⱼₚ + op(B)ᵢₚop(A)ⱼₚ), α applied once to it. β = 0 does not read c; SYRK and SYR2K touch only their triangle.
/// The callers keep the quick returns first (α = 0, k = 0). Scratch from the shared pool.
/// </summary>
internal static class NonFiniteSymmetricLevel3<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>C ← α·(AB or BA) + βC element by element; m, n &gt; 0, operands validated.</summary>
    public static void Symm(Side side, Triangle uplo, int m, int n, T alpha, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc)
    {
        int order = side == Side.Left ? m : n;
        T[] full = ArrayPool<T>.Shared.Rent(order * order);
        try
        {
            var s = full.AsSpan(0, order * order);
            ManagedBlas<T>.MirrorTriangle(uplo, order, a, lda, s);
            if (side == Side.Left) NonFiniteScalars<T>.Gemm(Transpose.None, Transpose.None, m, n, m, alpha, s, order, b, ldb, beta, c, ldc);
            else NonFiniteScalars<T>.Gemm(Transpose.None, Transpose.None, m, n, n, alpha, b, ldb, s, order, beta, c, ldc);
        }
        finally { ArrayPool<T>.Shared.Return(full); }
    }

    /// <summary>cᵢⱼ ← α·Σₚ op(A)ᵢₚop(A)ⱼₚ + βcᵢⱼ on the <paramref name="uplo"/> triangle; n, k &gt; 0, operands validated.</summary>
    public static void Syrk(Triangle uplo, Transpose trans, int n, int k, T alpha, ReadOnlySpan<T> a, int lda, T beta, Span<T> c, int ldc)
    {
        // Rows of op(A) contiguous (k each), so every sum is one dot product.
        T[] ra = ArrayPool<T>.Shared.Rent(n * k);
        try
        {
            RowsOfOp(trans, n, k, a, lda, ra);
            for (int i = 0; i < n; i++)
            {
                int lo = uplo == Triangle.Upper ? i : 0, hi = uplo == Triangle.Upper ? n : i + 1;
                var ai = ra.AsSpan(i * k, k);
                for (int j = lo; j < hi; j++)
                {
                    T s = TensorPrimitives.Dot(ai, ra.AsSpan(j * k, k));
                    ref T cij = ref c[i * ldc + j];
                    cij = beta == T.Zero ? alpha * s : alpha * s + beta * cij;
                }
            }
        }
        finally { ArrayPool<T>.Shared.Return(ra); }
    }

    /// <summary>cᵢⱼ ← α·Σₚ(op(A)ᵢₚop(B)ⱼₚ + op(B)ᵢₚop(A)ⱼₚ) + βcᵢⱼ on the <paramref name="uplo"/> triangle; n, k &gt; 0, operands validated.</summary>
    public static void Syr2k(Triangle uplo, Transpose trans, int n, int k, T alpha, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc)
    {
        // Rows of op(A) and op(B) contiguous (k each), so every sum is two dot products.
        T[] ra = ArrayPool<T>.Shared.Rent(n * k), rb = ArrayPool<T>.Shared.Rent(n * k);
        try
        {
            RowsOfOp(trans, n, k, a, lda, ra); RowsOfOp(trans, n, k, b, ldb, rb);
            for (int i = 0; i < n; i++)
            {
                int lo = uplo == Triangle.Upper ? i : 0, hi = uplo == Triangle.Upper ? n : i + 1;
                var ai = ra.AsSpan(i * k, k); var bi = rb.AsSpan(i * k, k);
                for (int j = lo; j < hi; j++)
                {
                    T s = TensorPrimitives.Dot(ai, rb.AsSpan(j * k, k)) + TensorPrimitives.Dot(bi, ra.AsSpan(j * k, k));
                    ref T cij = ref c[i * ldc + j];
                    cij = beta == T.Zero ? alpha * s : alpha * s + beta * cij;
                }
            }
        }
        finally { ArrayPool<T>.Shared.Return(ra); ArrayPool<T>.Shared.Return(rb); }
    }

    private static void RowsOfOp(Transpose trans, int n, int k, ReadOnlySpan<T> x, int ld, T[] rows)
    {
        for (int i = 0; i < n; i++)
            for (int p = 0; p < k; p++) rows[i * k + p] = trans == Transpose.None ? x[i * ld + p] : x[p * ld + i];
    }
}
