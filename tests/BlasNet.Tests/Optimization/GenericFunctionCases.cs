using System.Numerics;

namespace BlasNet.Tests.Optimization;

/// <summary>
/// The elementary functions of x a generic model reaches as T.Member, written once for every forward-mode number the
/// tests check (<c>double</c>, <see cref="BlasNet.Optimization.Dual"/>, the multi-direction Jet): each test instantiates
/// the same formula with its own T and compares the derivative parts with differences of the double form and closed forms.
/// </summary>
internal static class GenericFunctionCases
{
    public static T C<T>(double v) where T : IFloatingPointIeee754<T> => T.CreateChecked(v);

    /// <summary>One function of x per name.</summary>
    public static T Apply<T>(string name, T x) where T : IFloatingPointIeee754<T> => name switch
    {
        "Exp10" => T.Exp10(x),
        "Exp2" => T.Exp2(x),
        "ExpM1" => T.ExpM1(x),
        "Log2" => T.Log2(x),
        "LogBase3" => T.Log(x, C<T>(3)),
        "LogP1" => T.LogP1(x),
        "Cbrt" => T.Cbrt(x),
        "RootN3" => T.RootN(x, 3),
        "Hypot" => T.Hypot(x, C<T>(2) * x + C<T>(1)),
        "AcosPi" => T.AcosPi(x),
        "AsinPi" => T.AsinPi(x),
        "AtanPi" => T.AtanPi(x),
        "CosPi" => T.CosPi(x),
        "SinPi" => T.SinPi(x),
        "TanPi" => T.TanPi(x),
        "SinCos.Sin" => T.SinCos(x).Sin,
        "SinCos.Cos" => T.SinCos(x).Cos,
        "SinCosPi.Sin" => T.SinCosPi(x).SinPi,
        "SinCosPi.Cos" => T.SinCosPi(x).CosPi,
        "Atan2Pi" => T.Atan2Pi(C<T>(0.3), x),
        "Atan2" => T.Atan2(x, C<T>(0.4)),
        "Asinh" => T.Asinh(x),
        "Acosh" => T.Acosh(x + C<T>(1)),
        "Atanh" => T.Atanh(x),
        "FusedMultiplyAdd" => T.FusedMultiplyAdd(x, x, C<T>(3) * x),
        "Ieee754Remainder" => T.Ieee754Remainder(C<T>(5) * x, C<T>(0.7) + x),
        "Modulus" => C<T>(5) * x % (C<T>(0.7) + x),
        "ScaleB" => T.ScaleB(x * x, 3),
        "Increment" => Increment(x),
        "Decrement" => Decrement(x),
        "Exp" => T.Exp(x),
        "Log" => T.Log(x),
        "Log10" => T.Log10(x),
        "Sqrt" => T.Sqrt(x),
        "Pow" => T.Pow(x, x),
        "Sin" => T.Sin(x),
        "Cos" => T.Cos(x),
        "Tan" => T.Tan(x),
        "Asin" => T.Asin(x),
        "Acos" => T.Acos(x),
        "Atan" => T.Atan(x),
        "Sinh" => T.Sinh(x),
        "Cosh" => T.Cosh(x),
        "Tanh" => T.Tanh(x),
        "Abs" => T.Abs(-x),
        "Max" => T.Max(x, C<T>(0.1)),
        "Min" => T.Min(x * x, x),
        "MaxMagnitude" => T.MaxMagnitude(-C<T>(3) * x, x),
        "MinMagnitudeNumber" => T.MinMagnitudeNumber(-C<T>(3) * x, x),
        "Clamp" => T.Clamp(C<T>(2) * x, C<T>(0), C<T>(5)),
        "CopySign" => T.CopySign(x, C<T>(-1)),
        "Lerp" => T.Lerp(x, x * x, C<T>(0.25)),
        "DegreesToRadians" => T.DegreesToRadians(x),
        "RadiansToDegrees" => T.RadiansToDegrees(x),
        "Division" => C<T>(1) / (x + T.One),
        "Negation" => -x * T.NegativeOne,
        _ => throw new ArgumentException(name),
    };

    private static T Increment<T>(T x) where T : IFloatingPointIeee754<T> { x++; return x; }

    private static T Decrement<T>(T x) where T : IFloatingPointIeee754<T> { x--; return x; }

    public static TheoryData<string> Smooth() =>
    [
        "Exp10", "Exp2", "ExpM1", "Log2", "LogBase3", "LogP1", "Cbrt", "RootN3", "Hypot", "AcosPi", "AsinPi", "AtanPi",
        "CosPi", "SinPi", "TanPi", "SinCos.Sin", "SinCos.Cos", "SinCosPi.Sin", "SinCosPi.Cos", "Atan2Pi", "Atan2", "Asinh",
        "Acosh", "Atanh", "FusedMultiplyAdd", "Ieee754Remainder", "Modulus", "ScaleB", "Increment", "Decrement", "Exp",
        "Log", "Log10", "Sqrt", "Pow", "Sin", "Cos", "Tan", "Asin", "Acos", "Atan", "Sinh", "Cosh", "Tanh", "Abs", "Max",
        "Min", "MaxMagnitude", "MinMagnitudeNumber", "Clamp", "CopySign", "Lerp", "DegreesToRadians", "RadiansToDegrees",
        "Division", "Negation",
    ];
}
