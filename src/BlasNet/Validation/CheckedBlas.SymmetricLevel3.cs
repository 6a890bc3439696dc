using BlasNet.Providers;

namespace BlasNet;

internal static partial class CheckedBlas<T>
{
    // ---------------- Level 3, symmetric: SYMM, SYR2K ----------------

    public static void Symm(Side side, Triangle uplo, int m, int n, T alpha, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc)
    {
        Check.Flag(side, nameof(side)); Check.Flag(uplo, nameof(uplo));
        Check.NonNegative(m, nameof(m)); Check.NonNegative(n, nameof(n));
        int order = side == Side.Left ? m : n;
        Check.Matrix(a.Length, order, order, lda, nameof(a), nameof(lda));
        Check.Matrix(b.Length, m, n, ldb, nameof(b), nameof(ldb));
        Check.Matrix(c.Length, m, n, ldc, nameof(c), nameof(ldc));
        if (m == 0 || n == 0) return;
        a = a[..MatrixSpan(order, order, lda)]; b = b[..MatrixSpan(m, n, ldb)]; c = c[..MatrixSpan(m, n, ldc)];
        // Element-exact, counting only the triangle of A that SYMM reads (C may sit in A's other triangle or padding).
        Check.NoOverlapTriangleMatrix(a, new TriangleElements(uplo, order, lda, unitDiagonal: false), c, m, n, ldc, nameof(a), nameof(c)); Check.NoOverlap(b, m, n, ldb, c, m, n, ldc, nameof(b), nameof(c));
        if (alpha == T.Zero)
        {
            // C ← βC without reading A or B (BLAS's quick return): NaN there does not reach C.
            ScaleMatrix(m, n, beta, c, ldc);
            return;
        }
        if (NonFiniteScalars<T>.Applies(alpha, beta))
        {
            NonFiniteSymmetricLevel3<T>.Symm(side, uplo, m, n, alpha, a, lda, b, ldb, beta, c, ldc);
            return;
        }
        // No check after the call for skipped zero multipliers: OpenBLAS, MKL, BLIS and reference BLAS's symm were probed with
        // NaN and ±∞ among zeros in A and B and computed every product (unlike their gemv/ger/syr2k; see NaN-and-infinity.md).
        if (IsDouble) B.Symm(side, uplo, m, n, D(alpha), D(a), lda, D(b), ldb, D(beta), D(c), ldc);
        else B.Symm(side, uplo, m, n, F(alpha), F(a), lda, F(b), ldb, F(beta), F(c), ldc);
    }

    public static void Syr2k(Triangle uplo, Transpose trans, int n, int k, T alpha, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc)
    {
        Check.Flag(uplo, nameof(uplo)); Check.Flag(trans, nameof(trans));
        Check.NonNegative(n, nameof(n)); Check.NonNegative(k, nameof(k));
        bool t = trans == Transpose.Transposed;
        int rows = t ? k : n, cols = t ? n : k;
        Check.Matrix(a.Length, rows, cols, lda, nameof(a), nameof(lda));
        Check.Matrix(b.Length, rows, cols, ldb, nameof(b), nameof(ldb));
        Check.Matrix(c.Length, n, n, ldc, nameof(c), nameof(ldc));
        if (n == 0) return;
        c = c[..MatrixSpan(n, n, ldc)];
        a = a[..MatrixSpan(rows, cols, lda)]; b = b[..MatrixSpan(rows, cols, ldb)];
        // Element-exact, counting only the triangle of C that SYR2K writes (A or B may sit in C's other triangle or padding).
        var written = TriangleElements.WrittenTriangle(uplo, n, ldc);
        Check.NoOverlapMatrixTriangle(a, rows, cols, lda, c, written, nameof(a), nameof(c)); Check.NoOverlapMatrixTriangle(b, rows, cols, ldb, c, written, nameof(b), nameof(c));
        if (k == 0 || alpha == T.Zero)
        {
            // C ← βC on the triangle, A and B not read (an empty sum, or BLAS's quick return).
            ScaleTriangle(uplo, n, beta, c, ldc);
            return;
        }
        if (NonFiniteScalars<T>.Applies(alpha, beta))
        {
            NonFiniteSymmetricLevel3<T>.Syr2k(uplo, trans, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
            return;
        }
        var backend = B;
        if (IsDouble) backend.Syr2k(uplo, trans, n, k, D(alpha), D(a), lda, D(b), ldb, D(beta), D(c), ldc);
        else backend.Syr2k(uplo, trans, n, k, F(alpha), F(a), lda, F(b), ldb, F(beta), F(c), ldc);
        // Reference BLAS's syr2k skips a column whose op(A) and op(B) entries are both 0, dropping 0·NaN (see the class).
        if (backend.MaySkipZeroMultipliers) Syr2kZeroMultipliers<T>.After(uplo, trans, n, k, a, lda, b, ldb, c, ldc);
    }
}
