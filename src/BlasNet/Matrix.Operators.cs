using System.Numerics;
using System.Numerics.Tensors;

namespace BlasNet;

public sealed partial class Matrix<T>
{
    /// <summary>
    /// The matrix product <paramref name="a"/>·<paramref name="b"/> as a new plain matrix, computed by GEMM
    /// for <see cref="float"/> and <see cref="double"/>: a transposed view is passed as a transpose flag,
    /// not copied. For <see cref="Half"/> the product is computed in float and rounded once per element.
    /// Any other element type throws (no silent widening to float32, which would lose its precision).
    /// </summary>
    /// <exception cref="ArgumentNullException">An operand is null.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float, double nor Half.</exception>
    /// <exception cref="ArgumentException"><c>a.Columns ≠ b.Rows</c> (the message names both shapes).</exception>
    public static Matrix<T> operator *(Matrix<T> a, Matrix<T> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (Blas.IsSupported<T>()) return MatrixBlas<T>.Multiply(a, b);
        if (typeof(T) != typeof(Half))
            throw new NotSupportedException($"The matrix product runs on float or double (Half is widened to float); {typeof(T).Name} has no BLAS routines ({Blas.ConversionAdvice<T>()}).");
        if (a.Columns != b.Rows)
            throw new ArgumentException($"a is {a.Rows}×{a.Columns} and b is {b.Rows}×{b.Columns}: a.Columns must equal b.Rows.", nameof(b));
        // No BLAS routine takes Half: widen to float (exact), multiply there, round each result once.
        var product = MatrixBlas<float>.Multiply(Widen(a), Widen(b));
        var result = new Matrix<T>(a.Rows, b.Columns);
        TensorPrimitives.ConvertTruncating<float, T>(product.AsSpan(), result.AsSpan());
        return result;
    }

    /// <summary>The elementwise sum as a new plain matrix.</summary>
    /// <exception cref="ArgumentNullException">An operand is null.</exception>
    /// <exception cref="ArgumentException">The shapes differ (the message names both).</exception>
    public static Matrix<T> operator +(Matrix<T> a, Matrix<T> b) => Elementwise(a, b, "+", static (x, y, d) => TensorPrimitives.Add(x, y, d), static (x, y) => x + y);

    /// <summary>The elementwise difference as a new plain matrix.</summary>
    /// <exception cref="ArgumentNullException">An operand is null.</exception>
    /// <exception cref="ArgumentException">The shapes differ (the message names both).</exception>
    public static Matrix<T> operator -(Matrix<T> a, Matrix<T> b) => Elementwise(a, b, "-", static (x, y, d) => TensorPrimitives.Subtract(x, y, d), static (x, y) => x - y);

    /// <summary>Every element times <paramref name="scalar"/>, as a new matrix with the same layout as <paramref name="m"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="m"/> is null.</exception>
    public static Matrix<T> operator *(T scalar, Matrix<T> m)
    {
        ArgumentNullException.ThrowIfNull(m);
        var result = m.SameLayout();
        TensorPrimitives.Multiply(m.data, scalar, result.data);
        return result;
    }

    /// <summary>Every element times <paramref name="scalar"/>, as a new matrix with the same layout as <paramref name="m"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="m"/> is null.</exception>
    public static Matrix<T> operator *(Matrix<T> m, T scalar) => scalar * m;

    /// <summary>Every element negated, as a new matrix with the same layout as <paramref name="m"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="m"/> is null.</exception>
    public static Matrix<T> operator -(Matrix<T> m)
    {
        ArgumentNullException.ThrowIfNull(m);
        var result = m.SameLayout();
        TensorPrimitives.Negate<T>(m.data, result.data);
        return result;
    }

    /// <summary>The elementwise (Hadamard) product this ⊙ <paramref name="other"/>, as a new plain matrix.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is null.</exception>
    /// <exception cref="ArgumentException">The shapes differ (the message names both).</exception>
    public Matrix<T> ElementwiseMultiply(Matrix<T> other) =>
        Elementwise(this, other, "⊙", static (x, y, d) => TensorPrimitives.Multiply(x, y, d), static (x, y) => x * y, "this", nameof(other));

    private Matrix<T> SameLayout() => new(new T[data.Length], StorageRows, StorageColumns, IsTransposed);

    private static Matrix<float> Widen(Matrix<T> m)
    {
        var storage = new float[m.data.Length];
        TensorPrimitives.ConvertTruncating<T, float>(m.data, storage);
        var plain = new Matrix<float>(m.StorageRows, m.StorageColumns, storage);
        return m.IsTransposed ? plain.Transpose() : plain;
    }

    private delegate void SpanOperation(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination);

    // The names are the caller's: the operators' a and b, or ElementwiseMultiply's this and other (whose ParamName said b,
    // a name the method does not have).
    private static Matrix<T> Elementwise(Matrix<T> a, Matrix<T> b, string op, SpanOperation spans, Func<T, T, T> element,
        string aName = "a", string bName = "b")
    {
        ArgumentNullException.ThrowIfNull(a, aName);
        ArgumentNullException.ThrowIfNull(b, bName);
        if (a.Rows != b.Rows || a.Columns != b.Columns)
            throw new ArgumentException($"{aName} is {a.Rows}×{a.Columns} and {bName} is {b.Rows}×{b.Columns}: {aName} {op} {bName} needs equal shapes.", bName);
        var result = new Matrix<T>(a.Rows, a.Columns);
        if (!a.IsTransposed && !b.IsTransposed)
        {
            spans(a.data, b.data, result.data);
            return result;
        }
        // A transposed view walks its storage with a stride: element by element, into plain row-major storage.
        int columns = a.Columns;
        for (int i = 0; i < a.Rows; i++)
            for (int j = 0; j < columns; j++)
                result.data[i * columns + j] = element(a[i, j], b[i, j]);
        return result;
    }
}
