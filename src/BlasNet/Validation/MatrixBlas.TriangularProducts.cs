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
        CheckedBlas<T>.Trmv(stored, Op(a), diag, a.Rows, a.AsSpan(), a.LeadingDimension, x, 1);
    }

    public static void Trmm(Side side, Triangle uplo, T alpha, Matrix<T> a, Matrix<T> b, Diagonal diag)
    {
        ArgumentNullException.ThrowIfNull(a); ArgumentNullException.ThrowIfNull(b);
        Check.Flag(side, nameof(side)); Check.Flag(uplo, nameof(uplo)); Check.Flag(diag, nameof(diag));
        Check.Square(a.Rows, a.Columns, nameof(a));
        int order = side == Side.Left ? b.Rows : b.Columns;
        if (a.Rows != order)
            throw new ArgumentException($"a is {a.Rows}×{a.Columns} but b is {b.Rows}×{b.Columns}: a must be {order}×{order} for side {side}.", nameof(a));
        var storedUplo = a.IsTransposed ? Flip(uplo) : uplo;
        var transA = Op(a);
        if (b.IsTransposed)
        {
            // B is stored as Bᵀ: B ← α op(A) B  ⇔  Bᵀ ← α Bᵀ op(A)ᵀ, so the side and the transpose flip.
            CheckedBlas<T>.Trmm(side == Side.Left ? Side.Right : Side.Left, storedUplo, Flip(transA), diag,
                b.StorageRows, b.StorageColumns, alpha, a.AsSpan(), a.LeadingDimension, b.AsSpan(), b.LeadingDimension);
            return;
        }
        CheckedBlas<T>.Trmm(side, storedUplo, transA, diag, b.Rows, b.Columns, alpha, a.AsSpan(), a.LeadingDimension, b.AsSpan(), b.LeadingDimension);
    }
}
