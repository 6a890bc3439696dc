using System.Numerics.Tensors;

namespace BlasNet;

public sealed partial class Matrix<T>
{
    /// <summary>
    /// Every element divided by <paramref name="scalar"/> (an IEEE division per element, not a multiplication by the
    /// rounded reciprocal, so <c>a / 3.0</c> is exactly what dividing each value gives), as a new matrix with the same
    /// layout as <paramref name="m"/>. Division by 0 gives ±∞ or NaN per element, as for a single value.
    /// </summary>
    /// <remarks>
    /// <c>a / 2.0</c> is how F# and C# users write a scaled-down matrix; without this operator it did not compile
    /// (F# error FS0001) while <c>a * 0.5</c> did.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="m"/> is null.</exception>
    public static Matrix<T> operator /(Matrix<T> m, T scalar)
    {
        ArgumentNullException.ThrowIfNull(m);
        var result = m.SameLayout();
        TensorPrimitives.Divide(m.data, scalar, result.data);
        return result;
    }
}
