using System.Buffers;
using System.Numerics;

namespace BlasNet;

/// <summary>
/// SYMM and SYR2K on operands given as views (<see cref="Matrix{T}"/> and rank-2 tensor spans), shared by
/// <see cref="MatrixBlas{T}"/> and <see cref="TensorSymmetricLevel3{T}"/>: each operand is its row-major storage plus a
/// flag saying whether the view is that storage's transpose. Unlike GEMM, these routines have no transpose flag for every
/// operand: SYMM has none for B and C, SYR2K one for A and B together. So a transposed view becomes a flag or a swap where
/// the algebra allows (a symmetric A is its own transpose, only its stored triangle flips; a C stored as Cᵀ takes
/// Cᵀ = α BᵀA + βCᵀ, the other side), and where it does not (B's view transposed and C's not, or A's and B's views
/// transposed differently) B is copied once into the orientation the call needs: O(mn) (or O(nk)) copying next to
/// O(mn·order) (or O(n²k)) multiply-adds, from the shared pool. The overlap of B with C is checked before any copy.
/// </summary>
internal static class SymmetricViews<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private static Triangle Flip(Triangle t) => t == Triangle.Upper ? Triangle.Lower : Triangle.Upper;
    private static Side Flip(Side s) => s == Side.Left ? Side.Right : Side.Left;

    /// <summary>C ← αAB + βC (left) or αBA + βC (right) for the m×n C as seen; shapes already checked against each other.</summary>
    public static void Symm(Side side, Triangle uplo, T alpha, ReadOnlySpan<T> a, int lda, bool aTransposed,
        ReadOnlySpan<T> b, int ldb, bool bTransposed, T beta, Span<T> c, int ldc, bool cTransposed, int m, int n)
    {
        if (m == 0 || n == 0) return;
        // Aᵀ = A for a symmetric A: a transposed view only reads the storage's other triangle.
        var storedUplo = aTransposed ? Flip(uplo) : uplo;
        if (bTransposed == cTransposed)
        {
            if (!cTransposed) CheckedBlas<T>.Symm(side, storedUplo, m, n, alpha, a, lda, b, ldb, beta, c, ldc);
            else CheckedBlas<T>.Symm(Flip(side), storedUplo, n, m, alpha, a, lda, b, ldb, beta, c, ldc); // Cᵀ = α BᵀA + βCᵀ (or α A Bᵀ)
            return;
        }
        // B stored the other way round from C: its storage transposed into C's orientation (n×m storage if C's is).
        int storedRows = bTransposed ? n : m, storedCols = bTransposed ? m : n;
        // Checked before the copy hides B from CheckedBlas's check; element-exact, on the stored shapes (C's: n×m if transposed).
        Check.NoOverlap(b, storedRows, storedCols, ldb, c, cTransposed ? n : m, cTransposed ? m : n, ldc, nameof(b), nameof(c));
        T[] copy = ArrayPool<T>.Shared.Rent(m * n);
        try
        {
            var turned = copy.AsSpan(0, m * n);
            TransposeStorage(b, ldb, storedRows, storedCols, turned);
            if (!cTransposed) CheckedBlas<T>.Symm(side, storedUplo, m, n, alpha, a, lda, turned, n, beta, c, ldc);
            else CheckedBlas<T>.Symm(Flip(side), storedUplo, n, m, alpha, a, lda, turned, m, beta, c, ldc);
        }
        finally { ArrayPool<T>.Shared.Return(copy); }
    }

    /// <summary>C ← α(ABᵀ + BAᵀ) + βC on the <paramref name="uplo"/> triangle of the n×n C as seen; A and B n×k as seen.</summary>
    public static void Syr2k(Triangle uplo, T alpha, ReadOnlySpan<T> a, int lda, bool aTransposed,
        ReadOnlySpan<T> b, int ldb, bool bTransposed, T beta, Span<T> c, int ldc, bool cTransposed, int n, int k)
    {
        if (n == 0) return;
        // C stored as Cᵀ: the storage's other triangle holds the one asked for (C's result is symmetric).
        var storedUplo = cTransposed ? Flip(uplo) : uplo;
        var trans = aTransposed ? Transpose.Transposed : Transpose.None;
        if (aTransposed == bTransposed)
        {
            CheckedBlas<T>.Syr2k(storedUplo, trans, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
            return;
        }
        // One flag serves A and B: B's storage transposed into A's orientation (k×n when A is stored transposed).
        int storedRows = bTransposed ? k : n, storedCols = bTransposed ? n : k;
        // Checked before the copy hides B from CheckedBlas's check; element-exact, counting only the triangle of C written.
        Check.NoOverlapMatrixTriangle(b, storedRows, storedCols, ldb, c, TriangleElements.WrittenTriangle(storedUplo, n, ldc), nameof(b), nameof(c));
        T[] copy = ArrayPool<T>.Shared.Rent(Math.Max(1, n * k));
        try
        {
            var turned = copy.AsSpan(0, n * k);
            TransposeStorage(b, ldb, storedRows, storedCols, turned);
            CheckedBlas<T>.Syr2k(storedUplo, trans, n, k, alpha, a, lda, turned, Math.Max(1, storedRows), beta, c, ldc);
        }
        finally { ArrayPool<T>.Shared.Return(copy); }
    }

    /// <summary>dst (cols×rows, row-major, leading dimension rows) ← the transpose of the stored rows×cols x.</summary>
    private static void TransposeStorage(ReadOnlySpan<T> x, int ld, int rows, int cols, Span<T> dst)
    {
        for (int r = 0; r < rows; r++)
            for (int s = 0; s < cols; s++) dst[s * rows + r] = x[r * ld + s];
    }
}
