using System.Numerics;
using System.Runtime.CompilerServices;

namespace BlasNet;

/// <summary>
/// The <see cref="Matrix{T}"/> forms of the BLAS routines, generic over float and double: shapes are
/// checked against each other, and transposed views become transpose flags (no copy).
/// </summary>
internal static partial class MatrixBlas<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private static Transpose Op(Matrix<T> m) => m.IsTransposed ? Transpose.Transposed : Transpose.None;
    private static Transpose Flip(Transpose t) => t == Transpose.None ? Transpose.Transposed : Transpose.None;
    private static Triangle Flip(Triangle t) => t == Triangle.Upper ? Triangle.Lower : Triangle.Upper;

    public static void Gemm(T alpha, Matrix<T> a, Matrix<T> b, T beta, Matrix<T> c)
    {
        ArgumentNullException.ThrowIfNull(a); ArgumentNullException.ThrowIfNull(b); ArgumentNullException.ThrowIfNull(c);
        if (a.Columns != b.Rows)
            throw new ArgumentException($"a is {a.Rows}×{a.Columns} and b is {b.Rows}×{b.Columns}: a.Columns must equal b.Rows.", nameof(b));
        // The message is built only on failure: an interpolated argument here cost every call an allocation.
        if (c.Rows != a.Rows || c.Columns != b.Columns) ThrowProductShape(a, b, c);
        // Under the caller's names and views (MatrixOverlap): the swapped call for a transposed C would name B "a" and A "b",
        // and a transposed view's element would be named by its stored index.
        // Only when A and B are read (GemmOperandUse): with k = 0 or α = 0, C ← βC reads neither, so they may be C itself.
        if (GemmOperandUse.ReadsInputs(c.Rows, c.Columns, a.Columns, alpha))
        {
            MatrixOverlap.Refuse(a, c, nameof(a), nameof(c));
            MatrixOverlap.Refuse(b, c, nameof(b), nameof(c));
        }
        if (c.IsTransposed)
        {
            // C is stored as Cᵀ: compute Cᵀ ← α Bᵀ Aᵀ + β Cᵀ into the storage directly.
            CheckedBlas<T>.Gemm(Flip(Op(b)), Flip(Op(a)), c.Columns, c.Rows, a.Columns, alpha,
                b.AsSpan(), b.LeadingDimension, a.AsSpan(), a.LeadingDimension, beta, c.AsSpan(), c.LeadingDimension);
            return;
        }
        CheckedBlas<T>.Gemm(Op(a), Op(b), a.Rows, b.Columns, a.Columns, alpha,
            a.AsSpan(), a.LeadingDimension, b.AsSpan(), b.LeadingDimension, beta, c.AsSpan(), c.LeadingDimension);
    }

    public static Matrix<T> Multiply(Matrix<T> a, Matrix<T> b)
    {
        ArgumentNullException.ThrowIfNull(a); ArgumentNullException.ThrowIfNull(b);
        var c = new Matrix<T>(a.Rows, b.Columns);
        Gemm(T.One, a, b, T.Zero, c);
        return c;
    }

    public static void Gemv(T alpha, Matrix<T> a, ReadOnlySpan<T> x, T beta, Span<T> y)
    {
        ArgumentNullException.ThrowIfNull(a);
        if (x.Length != a.Columns) throw new ArgumentException($"x has length {x.Length} but a is {a.Rows}×{a.Columns}: x needs a.Columns = {a.Columns} elements.", nameof(x));
        if (y.Length != a.Rows) throw new ArgumentException($"y has length {y.Length} but a is {a.Rows}×{a.Columns}: y needs a.Rows = {a.Rows} elements.", nameof(y));
        MatrixOverlap.Refuse(a, y, nameof(a), nameof(y)); // in a's view (MatrixOverlap)
        CheckedBlas<T>.Gemv(Op(a), a.StorageRows, a.StorageColumns, alpha, a.AsSpan(), a.LeadingDimension, x, 1, beta, y, 1);
    }

    public static void Ger(T alpha, ReadOnlySpan<T> x, ReadOnlySpan<T> y, Matrix<T> a)
    {
        ArgumentNullException.ThrowIfNull(a);
        if (x.Length != a.Rows) throw new ArgumentException($"x has length {x.Length} but a is {a.Rows}×{a.Columns}: x needs a.Rows = {a.Rows} elements.", nameof(x));
        if (y.Length != a.Columns) throw new ArgumentException($"y has length {y.Length} but a is {a.Rows}×{a.Columns}: y needs a.Columns = {a.Columns} elements.", nameof(y));
        // Under the caller's names and a's view (MatrixOverlap): the swapped call for a transposed A would name y "x" and x "y".
        MatrixOverlap.Refuse(x, a, nameof(x), nameof(a));
        MatrixOverlap.Refuse(y, a, nameof(y), nameof(a));
        if (a.IsTransposed)
        {
            CheckedBlas<T>.Ger(a.StorageRows, a.StorageColumns, alpha, y, 1, x, 1, a.AsSpan(), a.LeadingDimension);
        }
        else CheckedBlas<T>.Ger(a.Rows, a.Columns, alpha, x, 1, y, 1, a.AsSpan(), a.LeadingDimension);
    }

    public static void Trsv(Triangle uplo, Matrix<T> a, Span<T> x, Diagonal diag)
    {
        ArgumentNullException.ThrowIfNull(a);
        Check.Flag(uplo, nameof(uplo)); Check.Flag(diag, nameof(diag)); // before Flip can turn a bad value into a good one
        Check.Square(a.Rows, a.Columns, nameof(a));
        if (x.Length != a.Rows) throw new ArgumentException($"x has length {x.Length} but a is {a.Rows}×{a.Columns}.", nameof(x));
        // A transposed view stores Aᵀ, whose other triangle holds A's data.
        var stored = a.IsTransposed ? Flip(uplo) : uplo;
        MatrixOverlap.RefuseTriangleRead(a, uplo, diag, x, nameof(a), nameof(x)); // in a's view, only the triangle read (MatrixOverlap.Triangle.cs)
        CheckedBlas<T>.Trsv(stored, Op(a), diag, a.Rows, a.AsSpan(), a.LeadingDimension, x, 1);
    }

    public static void Syrk(Triangle uplo, T alpha, Matrix<T> a, T beta, Matrix<T> c)
    {
        ArgumentNullException.ThrowIfNull(a); ArgumentNullException.ThrowIfNull(c);
        Check.Flag(uplo, nameof(uplo));
        if (c.Rows != a.Rows || c.Columns != a.Rows) ThrowSyrkShape(a, c);
        var stored = c.IsTransposed ? Flip(uplo) : uplo;
        MatrixOverlap.Refuse(a, c, nameof(a), nameof(c)); // in the views (MatrixOverlap)
        CheckedBlas<T>.Syrk(stored, Op(a), a.Rows, a.Columns, alpha, a.AsSpan(), a.LeadingDimension, beta, c.AsSpan(), c.LeadingDimension);
    }

    public static void Trsm(Side side, Triangle uplo, T alpha, Matrix<T> a, Matrix<T> b, Diagonal diag) =>
        Triangular(side, uplo, alpha, a, b, diag, CheckedBlas<T>.Trsm);

    /// <summary>
    /// Trsm or Trmm on matrices: the same shapes and the same view rules. A transposed A is a transpose flag over its
    /// storage's other triangle; a B stored as Bᵀ is computed in its storage with the side and the transpose flipped
    /// (op(A) X = αB ⇔ Xᵀ op(A)ᵀ = αBᵀ; B ← α op(A) B ⇔ Bᵀ ← α Bᵀ op(A)ᵀ).
    /// </summary>
    internal static void Triangular(Side side, Triangle uplo, T alpha, Matrix<T> a, Matrix<T> b, Diagonal diag, CheckedBlas<T>.TriangularLevel3 call)
    {
        ArgumentNullException.ThrowIfNull(a); ArgumentNullException.ThrowIfNull(b);
        Check.Flag(side, nameof(side)); Check.Flag(uplo, nameof(uplo)); Check.Flag(diag, nameof(diag));
        Check.Square(a.Rows, a.Columns, nameof(a));
        int order = side == Side.Left ? b.Rows : b.Columns;
        if (a.Rows != order)
            throw new ArgumentException($"a is {a.Rows}×{a.Columns} but b is {b.Rows}×{b.Columns}: a must be {order}×{order} for side {side}.", nameof(a));
        var storedUplo = a.IsTransposed ? Flip(uplo) : uplo;
        var transA = Op(a);
        MatrixOverlap.RefuseTriangleRead(a, uplo, diag, b, nameof(a), nameof(b)); // in the views, only the triangle read (MatrixOverlap.Triangle.cs)
        if (b.IsTransposed)
        {
            call(side == Side.Left ? Side.Right : Side.Left, storedUplo, Flip(transA), diag,
                b.StorageRows, b.StorageColumns, alpha, a.AsSpan(), a.LeadingDimension, b.AsSpan(), b.LeadingDimension);
            return;
        }
        call(side, storedUplo, transA, diag, b.Rows, b.Columns, alpha, a.AsSpan(), a.LeadingDimension, b.AsSpan(), b.LeadingDimension);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowProductShape(Matrix<T> a, Matrix<T> b, Matrix<T> c) =>
        Check.Shape(nameof(c), c.Rows, c.Columns, a.Rows, b.Columns, $"a is {a.Rows}×{a.Columns}, b is {b.Rows}×{b.Columns}");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowSyrkShape(Matrix<T> a, Matrix<T> c) =>
        Check.Shape(nameof(c), c.Rows, c.Columns, a.Rows, a.Rows, $"C = α A Aᵀ + β C with a {a.Rows}×{a.Columns}");
}
