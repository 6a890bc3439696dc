using System.Runtime.CompilerServices;

namespace BlasNet;

internal static partial class MatrixBlas<T>
{
    public static void Symm(Side side, Triangle uplo, T alpha, Matrix<T> a, Matrix<T> b, T beta, Matrix<T> c)
    {
        ArgumentNullException.ThrowIfNull(a); ArgumentNullException.ThrowIfNull(b); ArgumentNullException.ThrowIfNull(c);
        Check.Flag(side, nameof(side)); Check.Flag(uplo, nameof(uplo));
        Check.Square(a.Rows, a.Columns, nameof(a));
        int order = side == Side.Left ? b.Rows : b.Columns;
        if (a.Rows != order) ThrowSymmOrder(side, a, b);
        if (c.Rows != b.Rows || c.Columns != b.Columns) ThrowSymmShape(side, a, b, c);
        MatrixOverlap.Refuse(a, c, nameof(a), nameof(c)); MatrixOverlap.Refuse(b, c, nameof(b), nameof(c)); // in the views (MatrixOverlap)
        SymmetricViews<T>.Symm(side, uplo, alpha, a.AsSpan(), a.LeadingDimension, a.IsTransposed, b.AsSpan(), b.LeadingDimension, b.IsTransposed,
            beta, c.AsSpan(), c.LeadingDimension, c.IsTransposed, c.Rows, c.Columns);
    }

    public static void Syr2k(Triangle uplo, T alpha, Matrix<T> a, Matrix<T> b, T beta, Matrix<T> c)
    {
        ArgumentNullException.ThrowIfNull(a); ArgumentNullException.ThrowIfNull(b); ArgumentNullException.ThrowIfNull(c);
        Check.Flag(uplo, nameof(uplo));
        if (b.Rows != a.Rows || b.Columns != a.Columns) ThrowSyr2kOperands(a, b);
        if (c.Rows != a.Rows || c.Columns != a.Rows) ThrowSyr2kShape(a, c);
        MatrixOverlap.Refuse(a, c, nameof(a), nameof(c)); MatrixOverlap.Refuse(b, c, nameof(b), nameof(c)); // in the views (MatrixOverlap)
        SymmetricViews<T>.Syr2k(uplo, alpha, a.AsSpan(), a.LeadingDimension, a.IsTransposed, b.AsSpan(), b.LeadingDimension, b.IsTransposed,
            beta, c.AsSpan(), c.LeadingDimension, c.IsTransposed, a.Rows, a.Columns);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowSymmOrder(Side side, Matrix<T> a, Matrix<T> b) =>
        throw new ArgumentException($"a is {a.Rows}×{a.Columns} but b is {b.Rows}×{b.Columns}: a must be {(side == Side.Left ? b.Rows : b.Columns)}×{(side == Side.Left ? b.Rows : b.Columns)} for side {side}.", nameof(a));

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowSymmShape(Side side, Matrix<T> a, Matrix<T> b, Matrix<T> c) =>
        Check.Shape(nameof(c), c.Rows, c.Columns, b.Rows, b.Columns, $"C = α {(side == Side.Left ? "A B" : "B A")} + β C with a {a.Rows}×{a.Columns} and b {b.Rows}×{b.Columns}");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowSyr2kOperands(Matrix<T> a, Matrix<T> b) =>
        throw new ArgumentException($"a is {a.Rows}×{a.Columns} but b is {b.Rows}×{b.Columns}: a and b must have the same shape.", nameof(b));

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowSyr2kShape(Matrix<T> a, Matrix<T> c) =>
        Check.Shape(nameof(c), c.Rows, c.Columns, a.Rows, a.Rows, $"C = α (A Bᵀ + B Aᵀ) + β C with a and b {a.Rows}×{a.Columns}");
}
