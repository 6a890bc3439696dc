using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace BlasNet;

/// <summary>
/// A dense row-major matrix that owns its <typeparamref name="T"/>[] storage. <see cref="Transpose"/>
/// returns a view over the same storage with the transposed flag flipped (no copy): <see cref="Blas"/>
/// hands the flag to GEMM as a transpose argument.
/// </summary>
/// <typeparam name="T"><see cref="double"/>, <see cref="float"/> or <see cref="Half"/> (BLAS routines take float and double).</typeparam>
// FSI echoes an object as ToString() followed by its public properties not marked DebuggerBrowsable(Never) (for `it`
// and for a matrix inside an array, option or record), which repeated the shape ToString shows as a property list with
// "Item = ?". The properties are therefore hidden from that listing, and the debugger shows MatrixDebugView instead.
[DebuggerTypeProxy(typeof(MatrixDebugView<>))]
public sealed partial class Matrix<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] data;

    /// <summary>A zero-filled <paramref name="rows"/>×<paramref name="columns"/> matrix.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative, or rows·columns exceeds <see cref="Array.MaxLength"/>
    /// (named as the larger dimension, with both sizes in the message).</exception>
    public Matrix(int rows, int columns)
        : this(new T[Size(rows, columns)], rows, columns, false) { }

    /// <summary>
    /// Wraps <paramref name="data"/> (row-major, length rows·columns) without copying: writes through
    /// the matrix are visible in the array and vice versa.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="data"/> does not have rows·columns elements.</exception>
    public Matrix(int rows, int columns, T[] data)
        : this(data ?? throw new ArgumentNullException(nameof(data)), rows, columns, false)
    {
        if (data.Length != Size(rows, columns))
            throw new ArgumentException($"data has length {data.Length} but a {rows}×{columns} matrix needs exactly {(long)rows * columns}.", nameof(data));
    }

    private Matrix(T[] data, int storageRows, int storageColumns, bool transposed)
    {
        this.data = data;
        StorageRows = storageRows;
        StorageColumns = storageColumns;
        IsTransposed = transposed;
    }

    /// <summary>Rows of the matrix as seen (after the transposed flag).</summary>
    [DebuggerBrowsable(DebuggerBrowsableState.Never)]
    public int Rows => IsTransposed ? StorageColumns : StorageRows;

    /// <summary>Columns of the matrix as seen (after the transposed flag).</summary>
    [DebuggerBrowsable(DebuggerBrowsableState.Never)]
    public int Columns => IsTransposed ? StorageRows : StorageColumns;

    /// <summary>Whether this is a transposed view of its storage.</summary>
    [DebuggerBrowsable(DebuggerBrowsableState.Never)]
    public bool IsTransposed { get; }

    /// <summary>Rows of the storage (before the transposed flag).</summary>
    [DebuggerBrowsable(DebuggerBrowsableState.Never)]
    public int StorageRows { get; }

    /// <summary>Columns of the storage, which is also its leading dimension (row-major, unpadded).</summary>
    [DebuggerBrowsable(DebuggerBrowsableState.Never)]
    public int StorageColumns { get; }

    /// <summary>The leading dimension of the storage: <see cref="StorageColumns"/>, at least 1.</summary>
    [DebuggerBrowsable(DebuggerBrowsableState.Never)]
    public int LeadingDimension => Math.Max(1, StorageColumns);

    /// <summary>Element (i, j) of the matrix as seen; checked against <see cref="Rows"/> and <see cref="Columns"/>.</summary>
    [DebuggerBrowsable(DebuggerBrowsableState.Never)]
    public T this[int i, int j]
    {
        get => data[Offset(i, j)];
        set => data[Offset(i, j)] = value;
    }

    /// <summary>The storage, row-major <see cref="StorageRows"/>×<see cref="StorageColumns"/> (no copy).</summary>
    public Span<T> AsSpan() => data;

    /// <summary>
    /// The array this matrix wraps, always whole (length <see cref="StorageRows"/>·<see cref="StorageColumns"/>):
    /// two matrices share storage exactly when this is the same array.
    /// </summary>
    internal T[] Storage => data;

    /// <summary>The storage as <see cref="Memory{T}"/> (no copy), for async or F# code that cannot hold a span.</summary>
    public Memory<T> AsMemory() => data;

    /// <summary>A transposed view sharing this storage (no copy).</summary>
    public Matrix<T> Transpose() => new(data, StorageRows, StorageColumns, !IsTransposed);

    /// <summary>A new matrix with the same values, stored plainly (not transposed).</summary>
    /// <remarks>Copied through <see cref="ToArray"/>, not a 2-D array: .NET caps each dimension of one below
    /// int.MaxValue, so a valid int.MaxValue×0 matrix had no copy (OutOfMemoryException).</remarks>
    public Matrix<T> Copy() => new(Rows, Columns, ToArray());

    /// <summary>The values as seen, copied into a new 2-D array.</summary>
    public T[,] ToArray2D()
    {
        var result = new T[Rows, Columns];
        for (int i = 0; i < Rows; i++)
            for (int j = 0; j < Columns; j++) result[i, j] = this[i, j];
        return result;
    }

    /// <summary>The values as seen, row-major, copied into a new array.</summary>
    public T[] ToArray()
    {
        // A transposed view with one row or one column lists its storage in the order seen (and an
        // int.MaxValue×0 view need not walk int.MaxValue empty rows).
        if (!IsTransposed || Rows <= 1 || Columns <= 1) return (T[])data.Clone();
        var result = new T[data.Length];
        for (int i = 0; i < Rows; i++)
            for (int j = 0; j < Columns; j++) result[i * Columns + j] = this[i, j];
        return result;
    }

    /// <summary>Shape, and the values for small matrices (culture-invariant: a decimal point, whatever the current culture).</summary>
    public override string ToString()
    {
        var sb = new StringBuilder($"Matrix<{typeof(T).Name}> {Rows}×{Columns}{(IsTransposed ? " (transposed view)" : "")}");
        // No values to show for an n×0 matrix either: a "[]" line per row made the text of a valid
        // 100000×0 matrix half a megabyte, and of an int.MaxValue×0 one more than a string can hold.
        int count = Rows * Columns; // the storage's length: no overflow
        if (count == 0 || count > 64) return sb.ToString();
        for (int i = 0; i < Rows; i++)
        {
            sb.Append("\n  [");
            // Invariant, as every printed result of BlasNet: in a culture with a decimal comma "1,5, 2,5" would not read.
            for (int j = 0; j < Columns; j++) sb.Append(j == 0 ? "" : ", ").Append(this[i, j].ToString(null, System.Globalization.CultureInfo.InvariantCulture));
            sb.Append(']');
        }
        return sb.ToString();
    }

    private int Offset(int i, int j)
    {
        if ((uint)i >= (uint)Rows) ThrowIndex(nameof(i), "Row", i);
        if ((uint)j >= (uint)Columns) ThrowIndex(nameof(j), "Column", j);
        return IsTransposed ? j * StorageColumns + i : i * StorageColumns + j;
    }

    // Invariant, as every BlasNet message: a current-culture -1 printed "−1" (sv-SE) or with a bidi mark (ar-SA).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void ThrowIndex(string name, string what, int index) =>
        throw new ArgumentOutOfRangeException(name, index, string.Create(CultureInfo.InvariantCulture,
            $"{what} index {index} is outside a {Rows}×{Columns} matrix."));

    private static int Size(int rows, int columns)
    {
        Check.NonNegative(rows, nameof(rows));
        Check.NonNegative(columns, nameof(columns));
        // Names the larger dimension (the one that made the product too big) and gives both sizes; the old check
        // named rows even for a 2×int.MaxValue matrix.
        Check.DenseResult(rows, columns, nameof(rows), nameof(columns));
        return rows * columns;
    }
}

/// <summary>Factories for <see cref="Matrix{T}"/> (read as an F# module: <c>Matrix.FromArray2D</c>, <c>Matrix.Random</c>, …).</summary>
public static partial class Matrix
{
    /// <summary>A new row-major matrix holding a copy of <paramref name="values"/>.</summary>
    public static Matrix<T> FromArray2D<T>(T[,] values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(values);
        var m = new Matrix<T>(values.GetLength(0), values.GetLength(1));
        var span = m.AsSpan();
        int k = 0;
        foreach (var v in values) span[k++] = v;
        return m;
    }

    /// <summary>A matrix whose element (i, j) is <paramref name="init"/>(i, j).</summary>
    public static Matrix<T> Create<T>(int rows, int columns, Func<int, int, T> init) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(init);
        var m = new Matrix<T>(rows, columns);
        var span = m.AsSpan();
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < columns; j++) span[i * columns + j] = init(i, j);
        return m;
    }

    /// <summary>A zero matrix.</summary>
    public static Matrix<T> Zeros<T>(int rows, int columns) where T : unmanaged, IFloatingPointIeee754<T> => new(rows, columns);

    /// <summary>The n×n identity.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is negative or n² exceeds <see cref="Array.MaxLength"/> (named as n, not as Create's rows).</exception>
    public static Matrix<T> Identity<T>(int n) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check.NonNegative(n, nameof(n));
        Check.DenseResult(n, n, nameof(n), nameof(n));
        return Create(n, n, (i, j) => i == j ? T.One : T.Zero);
    }

    /// <summary>Uniform values in [−1, 1) from a seeded generator: the same seed gives the same matrix everywhere.</summary>
    public static Matrix<T> Random<T>(int rows, int columns, int seed = 42) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(seed);
        var m = new Matrix<T>(rows, columns);
        var span = m.AsSpan();
        // NextDouble()·2 − 1 < 1 exactly in double, but a narrower T can round it up to 1: keep such a
        // value just below 1 (double's values are untouched; float and Half change only in that case).
        T belowOne = T.BitDecrement(T.One);
        for (int i = 0; i < span.Length; i++) span[i] = T.Min(T.CreateTruncating(rng.NextDouble() * 2 - 1), belowOne);
        return m;
    }
}
