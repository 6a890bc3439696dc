namespace BlasNet;

internal static partial class MatrixBlas<T>
{
    public static void Trmv(Triangle uplo, Matrix<T> a, Span<T> x, Diagonal diag)
    {
        ArgumentNullException.ThrowIfNull(a);
        Check.Flag(uplo, nameof(uplo)); Check.Flag(diag, nameof(diag)); // before Flip can turn a bad value into a good one
        Check.Square(a.Rows, a.Columns, nameof(a));
        if (x.Length != a.Rows) throw new ArgumentException($"x has length {x.Length} but a is {a.Rows}×{a.Columns}.", nameof(x));
        // A transposed view stores Aᵀ, whose other triangle holds A's data.
        var stored = a.IsTransposed ? Flip(uplo) : uplo;
        MatrixOverlap.RefuseTriangleRead(a, uplo, diag, x, nameof(a), nameof(x)); // in a's view, only the triangle read (MatrixOverlap.Triangle.cs)
        CheckedBlas<T>.Trmv(stored, Op(a), diag, a.Rows, a.AsSpan(), a.LeadingDimension, x, 1);
    }

    // Trsm's shapes and view rules (MatrixBlas.Triangular).
    public static void Trmm(Side side, Triangle uplo, T alpha, Matrix<T> a, Matrix<T> b, Diagonal diag) =>
        Triangular(side, uplo, alpha, a, b, diag, CheckedBlas<T>.Trmm);
}
