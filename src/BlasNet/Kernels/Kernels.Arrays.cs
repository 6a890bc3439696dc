using System.Numerics;

namespace BlasNet;

// Array forms of the kernels for F# and other callers without span conversions: each checks for
// null and forwards to the span form, which validates the lengths. The span forms carry
// [OverloadResolutionPriority(1)], so C# callers (arrays, collection expressions) bind to them while
// F#, which resolves by exact type, binds arrays here. So a C# caller's null array becomes an empty span and is
// treated as empty (.NET's span convention, as in TensorPrimitives; documented on the Kernels class), while F# gets
// ArgumentNullException from these forms.
public static partial class Kernels
{
    /// <summary><c>destination[i] = max(x[i], 0)</c> (array form of the span overload).</summary>
    public static void Relu<T>(T[] x, T[] destination) where T : unmanaged, IFloatingPointIeee754<T> =>
        Relu(In(x, nameof(x)), Out(destination, nameof(destination)));

    /// <summary><c>dx[i] = x[i] &gt; 0 ? dy[i] : 0</c> (array form of the span overload).</summary>
    public static void ReluBackward<T>(T[] x, T[] dy, T[] dx) where T : unmanaged, IFloatingPointIeee754<T> =>
        ReluBackward(In(x, nameof(x)), In(dy, nameof(dy)), Out(dx, nameof(dx)));

    /// <summary><c>destination[i] = x[i] &gt; 0 ? x[i] : slope·x[i]</c> (array form of the span overload).</summary>
    public static void LeakyRelu<T>(T[] x, T slope, T[] destination) where T : unmanaged, IFloatingPointIeee754<T> =>
        LeakyRelu(In(x, nameof(x)), slope, Out(destination, nameof(destination)));

    /// <summary><c>dx[i] = x[i] &gt; 0 ? dy[i] : slope·dy[i]</c> (array form of the span overload).</summary>
    public static void LeakyReluBackward<T>(T[] x, T[] dy, T slope, T[] dx) where T : unmanaged, IFloatingPointIeee754<T> =>
        LeakyReluBackward(In(x, nameof(x)), In(dy, nameof(dy)), slope, Out(dx, nameof(dx)));

    /// <summary><c>destination[i] = tanh(x[i])</c> (array form of the span overload).</summary>
    public static void Tanh<T>(T[] x, T[] destination) where T : unmanaged, IFloatingPointIeee754<T> =>
        Tanh(In(x, nameof(x)), Out(destination, nameof(destination)));

    /// <summary><c>dx[i] = dy[i]·(1 − y[i]²)</c> from the saved output (array form of the span overload).</summary>
    public static void TanhBackward<T>(T[] y, T[] dy, T[] dx) where T : unmanaged, IFloatingPointIeee754<T> =>
        TanhBackward(In(y, nameof(y)), In(dy, nameof(dy)), Out(dx, nameof(dx)));

    /// <summary><c>destination[i] = 1 / (1 + exp(−x[i]))</c> (array form of the span overload).</summary>
    public static void Sigmoid<T>(T[] x, T[] destination) where T : unmanaged, IFloatingPointIeee754<T> =>
        Sigmoid(In(x, nameof(x)), Out(destination, nameof(destination)));

    /// <summary><c>dx[i] = dy[i]·(1 − y[i])·y[i]</c> from the saved output (array form of the span overload).</summary>
    public static void SigmoidBackward<T>(T[] y, T[] dy, T[] dx) where T : unmanaged, IFloatingPointIeee754<T> =>
        SigmoidBackward(In(y, nameof(y)), In(dy, nameof(dy)), Out(dx, nameof(dx)));

    /// <summary><c>destination[i] = x[i]·y[i]</c> (array form of the span overload).</summary>
    public static void Multiply<T>(T[] x, T[] y, T[] destination) where T : unmanaged, IFloatingPointIeee754<T> =>
        Multiply(In(x, nameof(x)), In(y, nameof(y)), Out(destination, nameof(destination)));

    /// <summary><c>destination[i] = alpha·x[i]</c> (array form of the span overload).</summary>
    public static void Scale<T>(T[] x, T alpha, T[] destination) where T : unmanaged, IFloatingPointIeee754<T> =>
        Scale(In(x, nameof(x)), alpha, Out(destination, nameof(destination)));

    /// <summary><c>y[i] ← alpha·x[i] + beta·y[i]</c> (array form of the span overload; alpha = 0 does not read x, beta = 0 does not read y).</summary>
    public static void Axpby<T>(T alpha, T[] x, T beta, T[] y) where T : unmanaged, IFloatingPointIeee754<T> =>
        Axpby(alpha, In(x, nameof(x)), beta, Out(y, nameof(y)));

    /// <summary>True when no element is NaN or infinite (array form of the span overload).</summary>
    public static bool AllFinite<T>(T[] x) where T : unmanaged, IFloatingPointIeee754<T> => AllFinite(In(x, nameof(x)));

    /// <summary>Adds <paramref name="row"/> to every row of the row-major <paramref name="x"/> (array form of the span overload).</summary>
    public static void AddRowVector<T>(T[] x, T[] row, T[] destination) where T : unmanaged, IFloatingPointIeee754<T> =>
        AddRowVector(In(x, nameof(x)), In(row, nameof(row)), Out(destination, nameof(destination)));

    /// <summary>Column sums of the row-major <paramref name="x"/> (array form of the span overload).</summary>
    public static void SumColumns<T>(T[] x, int columns, T[] destination, bool accumulate = false) where T : unmanaged, IFloatingPointIeee754<T> =>
        SumColumns(In(x, nameof(x)), columns, Out(destination, nameof(destination)), accumulate);

    /// <summary>Rounds each float to the nearest <see cref="Half"/> (array form of the span overload).</summary>
    public static void ToHalf(float[] x, Half[] destination) => ToHalf(In(x, nameof(x)), Out(destination, nameof(destination)));

    /// <summary>Widens each <see cref="Half"/> to float (array form of the span overload).</summary>
    public static void ToSingle(Half[] x, float[] destination) => ToSingle(In(x, nameof(x)), Out(destination, nameof(destination)));

    /// <summary>Σ x[i]² accumulated in double (array form of the span overload).</summary>
    /// <param name="x">The values.</param>
    /// <exception cref="ArgumentNullException"><paramref name="x"/> is null.</exception>
    public static double SumOfSquares<T>(T[] x) where T : unmanaged, IFloatingPointIeee754<T> =>
        SumOfSquares(In(x, nameof(x)));

    private static ReadOnlySpan<T> In<T>(T[] array, string name) => array ?? throw new ArgumentNullException(name);
    private static Span<T> Out<T>(T[] array, string name) => array ?? throw new ArgumentNullException(name);
}
