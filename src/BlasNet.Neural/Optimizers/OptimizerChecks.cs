using System.Globalization;
using System.Numerics;

namespace BlasNet.Neural;

/// <summary>
/// Validation of optimizer settings: each failure's message names the setting and its value, and its ParamName is the
/// argument the caller passed the settings as (<c>options</c> to a constructor, <c>value</c> to an Options setter): a
/// ParamName such as "LearningRate" named no parameter of the member called.
/// </summary>
internal static class OptimizerChecks
{
    public static void NonNegative(double value, string name, string argument)
    {
        if (!(value >= 0) || double.IsInfinity(value))
            throw new ArgumentOutOfRangeException(argument, value, string.Create(CultureInfo.InvariantCulture, $"{name} must be finite and ≥ 0 but is {value}."));
    }

    /// <summary>Finite and ≥ 0 in double, and still finite once converted to the optimizer's element type (1e300 is ∞ in float32).</summary>
    public static void NonNegativeIn<T>(double value, string name, string argument) where T : unmanaged, IFloatingPointIeee754<T>
    {
        NonNegative(value, name, argument);
        if (!T.IsFinite(T.CreateTruncating(value)))
            throw new ArgumentOutOfRangeException(argument, value, string.Create(CultureInfo.InvariantCulture, $"{name} must be finite in {typeof(T).Name} but {value} is not (it would write ∞/NaN into the weights)."));
    }

    /// <summary>Strictly positive after conversion to the element type: Adam divides by √v + ε, and v is 0 wherever the gradient has been 0.</summary>
    public static void PositiveIn<T>(double value, string name, string argument) where T : unmanaged, IFloatingPointIeee754<T>
    {
        NonNegativeIn<T>(value, name, argument);
        if (!(T.CreateTruncating(value) > T.Zero))
            throw new ArgumentOutOfRangeException(argument, value, string.Create(CultureInfo.InvariantCulture, $"{name} must be > 0 in {typeof(T).Name} but is {value} (a zero gradient would give 0/0 = NaN)."));
    }

    public static void Fraction(double value, string name, string argument)
    {
        if (!(value >= 0 && value < 1))
            throw new ArgumentOutOfRangeException(argument, value, string.Create(CultureInfo.InvariantCulture, $"{name} must be in [0, 1) but is {value}."));
    }
}
