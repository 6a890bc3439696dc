namespace BlasNet;

// The Matrix forms of symv, syr and syr2. A is symmetric, so a transposed view changes only which stored triangle holds
// the view's uplo triangle (the flipped one, as Trsv): the data passed on are the same and no transpose flag is needed.
internal static partial class MatrixBlas<T>
{
    public static void Symv(Triangle uplo, T alpha, Matrix<T> a, ReadOnlySpan<T> x, T beta, Span<T> y)
    {
        ArgumentNullException.ThrowIfNull(a);
        Check.Flag(uplo, nameof(uplo)); // before Flip can turn a bad value into a good one
        Check.Square(a.Rows, a.Columns, nameof(a));
        if (x.Length != a.Rows) throw new ArgumentException($"x has length {x.Length} but a is {a.Rows}×{a.Columns}: x needs {a.Rows} elements.", nameof(x));
        if (y.Length != a.Rows) throw new ArgumentException($"y has length {y.Length} but a is {a.Rows}×{a.Columns}: y needs {a.Rows} elements.", nameof(y));
        MatrixOverlap.Refuse(a, y, nameof(a), nameof(y)); // in a's view (MatrixOverlap)
        CheckedBlas<T>.Symv(Stored(uplo, a), a.Rows, alpha, a.AsSpan(), a.LeadingDimension, x, 1, beta, y, 1);
    }

    public static void Syr(Triangle uplo, T alpha, ReadOnlySpan<T> x, Matrix<T> a)
    {
        ArgumentNullException.ThrowIfNull(a);
        Check.Flag(uplo, nameof(uplo));
        Check.Square(a.Rows, a.Columns, nameof(a));
        if (x.Length != a.Rows) throw new ArgumentException($"x has length {x.Length} but a is {a.Rows}×{a.Columns}: x needs {a.Rows} elements.", nameof(x));
        MatrixOverlap.Refuse(x, a, nameof(x), nameof(a)); // in a's view (MatrixOverlap)
        CheckedBlas<T>.Syr(Stored(uplo, a), a.Rows, alpha, x, 1, a.AsSpan(), a.LeadingDimension);
    }

    public static void Syr2(Triangle uplo, T alpha, ReadOnlySpan<T> x, ReadOnlySpan<T> y, Matrix<T> a)
    {
        ArgumentNullException.ThrowIfNull(a);
        Check.Flag(uplo, nameof(uplo));
        Check.Square(a.Rows, a.Columns, nameof(a));
        if (x.Length != a.Rows) throw new ArgumentException($"x has length {x.Length} but a is {a.Rows}×{a.Columns}: x needs {a.Rows} elements.", nameof(x));
        if (y.Length != a.Rows) throw new ArgumentException($"y has length {y.Length} but a is {a.Rows}×{a.Columns}: y needs {a.Rows} elements.", nameof(y));
        MatrixOverlap.Refuse(x, a, nameof(x), nameof(a)); MatrixOverlap.Refuse(y, a, nameof(y), nameof(a)); // in a's view (MatrixOverlap)
        CheckedBlas<T>.Syr2(Stored(uplo, a), a.Rows, alpha, x, 1, y, 1, a.AsSpan(), a.LeadingDimension);
    }

    /// <summary>The stored triangle that holds the view's <paramref name="uplo"/> triangle.</summary>
    private static Triangle Stored(Triangle uplo, Matrix<T> a) => a.IsTransposed ? Flip(uplo) : uplo;
}
