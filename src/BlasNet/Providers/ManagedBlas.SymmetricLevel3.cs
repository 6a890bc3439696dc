using System.Buffers;

namespace BlasNet.Providers;

// SYMM, SYRK and SYR2K on the managed provider, built on the managed blocked GEMM (ManagedGemm) rather than loops of their
// own: GEMM is where the packing, vector kernels and threads are, and all three are GEMMs in disguise. SYMM reads only one
// triangle of A, so that triangle is first mirrored into a full order×order scratch matrix (O(order²) copying against
// O(order²·other) multiply-adds, from the shared pool: no allocation per call once it holds one). SYRK and SYR2K write only
// one triangle of C, so C's triangle is halved recursively into diagonal blocks and rectangles (OnTriangleHalves,
// ManagedBlas.TriangleHalving.cs): SYRK's blocks are one GEMM, op(A)op(A)ᵀ; SYR2K's two, op(A)op(B)ᵀ then + op(B)op(A)ᵀ
// with β = 1. That is the triangle's multiply-adds plus the
// diagonal blocks' other halves, and nothing outside the triangle is read or written. Measured (n = k = 800, double, Matrix
// forms, a shared 2-core AVX-512 machine, 3 runs each): Symm 67 ms and Syr2k 85 ms beside the managed Gemm's 80 ms for the
// same 2n³ flops; SYRK's figures before and after it moved onto the GEMM (its dot-product loops took 650 ms) are in
// bench/RESULTS.md (SyrkBenchmarks). α is applied where the GEMM applies it (per slice of the sum): the finite α's range
// caveat of NaN-and-infinity.md. Callers (CheckedBlas) have validated the operands and handled k = 0, α = 0 and non-finite
// α or β (the definition, NonFiniteSymmetricLevel3): here α ≠ 0, α and β finite, m, n, k > 0.
internal static partial class ManagedBlas<T>
{
    /// <summary>C ← αAB + βC (left) or αBA + βC (right), A symmetric with only its <paramref name="uplo"/> triangle read.</summary>
    public static void Symm(Side side, Triangle uplo, int m, int n, T alpha, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc)
    {
        int order = side == Side.Left ? m : n;
        T[] full = ArrayPool<T>.Shared.Rent(order * order);
        try
        {
            var s = full.AsSpan(0, order * order);
            MirrorTriangle(uplo, order, a, lda, s);
            if (side == Side.Left) ManagedGemm<T>.Gemm(Transpose.None, Transpose.None, m, n, m, alpha, s, order, b, ldb, beta, c, ldc);
            else ManagedGemm<T>.Gemm(Transpose.None, Transpose.None, m, n, n, alpha, b, ldb, s, order, beta, c, ldc);
        }
        finally { ArrayPool<T>.Shared.Return(full); }
    }

    /// <summary>
    /// The full symmetric order×order matrix (row-major, leading dimension order) whose <paramref name="uplo"/> triangle is
    /// A's: only that triangle of A is read (the other may hold anything, NaN included).
    /// </summary>
    internal static void MirrorTriangle(Triangle uplo, int order, ReadOnlySpan<T> a, int lda, Span<T> full)
    {
        bool upper = uplo == Triangle.Upper;
        for (int i = 0; i < order; i++)
        {
            int lo = upper ? i : 0, hi = upper ? order : i + 1;
            var row = a.Slice(i * lda + lo, hi - lo);
            row.CopyTo(full.Slice(i * order + lo, hi - lo));
            for (int j = lo; j < hi; j++) full[j * order + i] = row[j - lo];
        }
    }

    /// <summary>C ← α op(A)op(A)ᵀ + βC on the <paramref name="uplo"/> triangle of the n×n C only; op(A) n×k.</summary>
    public static void Syrk(Triangle uplo, Transpose trans, int n, int k, T alpha, ReadOnlySpan<T> a, int lda, T beta, Span<T> c, int ldc)
    {
        var product = new SyrkProduct(trans, k, alpha, a, lda);
        OnTriangleHalves(uplo, n, beta, c, ldc, ref product);
    }

    /// <summary>C ← α(op(A)op(B)ᵀ + op(B)op(A)ᵀ) + βC on the <paramref name="uplo"/> triangle of the n×n C only; op(A), op(B) n×k.</summary>
    public static void Syr2k(Triangle uplo, Transpose trans, int n, int k, T alpha, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc)
    {
        var product = new Syr2kProduct(trans, k, alpha, a, lda, b, ldb);
        OnTriangleHalves(uplo, n, beta, c, ldc, ref product);
    }

    /// <summary>SYRK's block: one GEMM, α·op(A)ᵢ op(A)ⱼᵀ + β·target (A Aᵀ for trans None with A stored n×k, Aᵀ A for Transposed, stored k×n).</summary>
    private readonly ref struct SyrkProduct(Transpose trans, int k, T alpha, ReadOnlySpan<T> a, int lda) : ITriangleBlockProduct<T>
    {
        private readonly ReadOnlySpan<T> a = a;

        public void Run(int rowStart, int rows, int colStart, int cols, T beta, Span<T> target, int ldt) =>
            ManagedGemm<T>.Gemm(trans, Opposite(trans), rows, cols, k, alpha, RowsOfOp(a, lda, trans, rowStart), lda, RowsOfOp(a, lda, trans, colStart), lda, beta, target, ldt);
    }

    /// <summary>SYR2K's block: two GEMMs, α·op(A)ᵢ op(B)ⱼᵀ + β·target, then + α·op(B)ᵢ op(A)ⱼᵀ.</summary>
    private readonly ref struct Syr2kProduct(Transpose trans, int k, T alpha, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb) : ITriangleBlockProduct<T>
    {
        private readonly ReadOnlySpan<T> a = a, b = b;

        public void Run(int rowStart, int rows, int colStart, int cols, T beta, Span<T> target, int ldt)
        {
            ManagedGemm<T>.Gemm(trans, Opposite(trans), rows, cols, k, alpha, RowsOfOp(a, lda, trans, rowStart), lda, RowsOfOp(b, ldb, trans, colStart), ldb, beta, target, ldt);
            ManagedGemm<T>.Gemm(trans, Opposite(trans), rows, cols, k, alpha, RowsOfOp(b, ldb, trans, rowStart), ldb, RowsOfOp(a, lda, trans, colStart), lda, T.One, target, ldt);
        }
    }

    /// <summary>The second GEMM operand's transpose flag: op(X)ⱼ as columns is Xᵀ for X stored n×k, X itself for Xᵀ stored k×n.</summary>
    private static Transpose Opposite(Transpose trans) => trans == Transpose.None ? Transpose.Transposed : Transpose.None;
}
