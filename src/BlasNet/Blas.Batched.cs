// Public batched GEMM overloads: one-line forwards to BatchedGemm<T>.
namespace BlasNet;

public static partial class Blas
{
    /// <summary>
    /// <paramref name="batchCount"/> independent products <c>Cᵢ ← α op(Aᵢ) op(Bᵢ) + βCᵢ</c>, row-major like
    /// <see cref="Gemm(Transpose, Transpose, int, int, int, double, ReadOnlySpan{double}, int, ReadOnlySpan{double}, int, double, Span{double}, int)"/>:
    /// block i of A starts at element i·<paramref name="strideA"/> of <paramref name="a"/> (likewise B, C).
    /// The whole batch is validated before any product runs: every block must lie inside its span;
    /// no two outputs may share an element: strideC at least the C block's extent, (m − 1)·ldc + n, or blocks whose
    /// rows interleave without a common element (strideC = n, ldc = batchCount·n: C stored as m×(batchCount·n), the
    /// heads of an attention layer side by side); strideA or strideB may be 0, or overlap: inputs are only read.
    /// Only operands the products touch are checked for sharing: with k = 0 or α = 0 no A or B is read (they may share C's
    /// elements), and with β = 1 besides no C is written (C blocks may then overlap each other); lengths are checked always.
    /// Otherwise no C block may share an element with an A or B block (blocks interleaved in one buffer without a common element are accepted;
    /// past 4·2²⁰ block rows, input's and C's together, overlapping ranges are refused without the element-by-element check).
    /// Each product has the semantics of <c>Gemm</c> (β = 0 overwrites, α = 0 or k = 0 reads no A or B).
    /// Small products (at most 64³ multiply-adds, k ≤ 256, n at least one vector register) then run on a
    /// managed small-product kernel on every provider, several at once, one per provider thread
    /// (<see cref="BlasProvider.Threads"/>); larger ones on MKL's <c>cblas_?gemm_batch_strided</c> where the
    /// provider exports it, otherwise in order, without re-validating each one.
    /// </summary>
    /// <exception cref="ArgumentException">A span is too short for its batch of blocks, or a C block shares an element with an A or B block (the message names the element and the two products).</exception>
    /// <exception cref="ArgumentOutOfRangeException">A size, stride or count is negative, a leading dimension too small, two C blocks sharing an element (strideC: the message names the two products and the element), or a transpose flag undefined.</exception>
    public static void GemmStridedBatched(Transpose transA, Transpose transB, int m, int n, int k, double alpha, ReadOnlySpan<double> a, int lda, int strideA, ReadOnlySpan<double> b, int ldb, int strideB, double beta, Span<double> c, int ldc, int strideC, int batchCount) =>
        BatchedGemm<double>.GemmStridedBatched(transA, transB, m, n, k, alpha, a, lda, strideA, b, ldb, strideB, beta, c, ldc, strideC, batchCount);

    /// <summary>
    /// <paramref name="batchCount"/> independent products <c>Cᵢ ← α op(Aᵢ) op(Bᵢ) + βCᵢ</c>, row-major like
    /// <see cref="Gemm(Transpose, Transpose, int, int, int, float, ReadOnlySpan{float}, int, ReadOnlySpan{float}, int, float, Span{float}, int)"/>:
    /// block i of A starts at element i·<paramref name="strideA"/> of <paramref name="a"/> (likewise B, C).
    /// The whole batch is validated before any product runs: every block must lie inside its span;
    /// no two outputs may share an element: strideC at least the C block's extent, (m − 1)·ldc + n, or blocks whose
    /// rows interleave without a common element (strideC = n, ldc = batchCount·n: C stored as m×(batchCount·n), the
    /// heads of an attention layer side by side); strideA or strideB may be 0, or overlap: inputs are only read.
    /// Only operands the products touch are checked for sharing: with k = 0 or α = 0 no A or B is read (they may share C's
    /// elements), and with β = 1 besides no C is written (C blocks may then overlap each other); lengths are checked always.
    /// Otherwise no C block may share an element with an A or B block (blocks interleaved in one buffer without a common element are accepted;
    /// past 4·2²⁰ block rows, input's and C's together, overlapping ranges are refused without the element-by-element check).
    /// Each product has the semantics of <c>Gemm</c> (β = 0 overwrites, α = 0 or k = 0 reads no A or B).
    /// Small products (at most 64³ multiply-adds, k ≤ 256, n at least one vector register) then run on a
    /// managed small-product kernel on every provider, several at once, one per provider thread
    /// (<see cref="BlasProvider.Threads"/>); larger ones on MKL's <c>cblas_?gemm_batch_strided</c> where the
    /// provider exports it, otherwise in order, without re-validating each one.
    /// </summary>
    /// <exception cref="ArgumentException">A span is too short for its batch of blocks, or a C block shares an element with an A or B block (the message names the element and the two products).</exception>
    /// <exception cref="ArgumentOutOfRangeException">A size, stride or count is negative, a leading dimension too small, two C blocks sharing an element (strideC: the message names the two products and the element), or a transpose flag undefined.</exception>
    public static void GemmStridedBatched(Transpose transA, Transpose transB, int m, int n, int k, float alpha, ReadOnlySpan<float> a, int lda, int strideA, ReadOnlySpan<float> b, int ldb, int strideB, float beta, Span<float> c, int ldc, int strideC, int batchCount) =>
        BatchedGemm<float>.GemmStridedBatched(transA, transB, m, n, k, alpha, a, lda, strideA, b, ldb, strideB, beta, c, ldc, strideC, batchCount);

    /// <summary>
    /// <c>C[i] ← α A[i] B[i] + β C[i]</c> for every i: a batch of independent products, each with its own
    /// shapes; transposed views (<see cref="Matrix{T}.Transpose"/>) are BLAS flags, as in
    /// <see cref="Gemm(double, Matrix{double}, Matrix{double}, double, Matrix{double})"/>. The whole batch is
    /// validated before any product runs. Each small product (at most 64³ multiply-adds, k ≤ 256, n at least
    /// one vector register) runs on a managed small-product kernel, the others on the provider's call. When
    /// every product is small (any provider), or all are at most 64³ on the managed provider, the products run
    /// several at once, one per provider thread (<see cref="BlasProvider.Threads"/>); otherwise in order,
    /// each with the provider's own threads.
    /// </summary>
    /// <exception cref="ArgumentNullException">A list or one of its matrices is null.</exception>
    /// <exception cref="ArgumentException">The lists differ in length, a product's shapes do not chain (the message names the index and the sizes), two C share storage, or a C shares storage with an A or a B. Only operands a product touches count: it reads A and B only when m, n, k &gt; 0 and α ≠ 0, and writes C only when m, n &gt; 0 and not (k = 0 or α = 0 with β = 1).</exception>
    /// <exception cref="InvalidOperationException">A list's enumeration gave a different number of matrices than its Count (it changed while the batch read it).</exception>
    public static void GemmBatched(double alpha, IReadOnlyList<Matrix<double>> a, IReadOnlyList<Matrix<double>> b, double beta, IReadOnlyList<Matrix<double>> c) =>
        MatrixGemmBatch<double>.Run(alpha, a, b, beta, c);

    /// <inheritdoc cref="GemmBatched(double, IReadOnlyList{Matrix{double}}, IReadOnlyList{Matrix{double}}, double, IReadOnlyList{Matrix{double}})"/>
    public static void GemmBatched(float alpha, IReadOnlyList<Matrix<float>> a, IReadOnlyList<Matrix<float>> b, float beta, IReadOnlyList<Matrix<float>> c) =>
        MatrixGemmBatch<float>.Run(alpha, a, b, beta, c);
}
