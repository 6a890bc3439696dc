using System.Numerics;
using BlasNet.Optimization;

namespace BlasNet.Tests.Optimization;

/// <summary>
/// The NIST StRD models of <see cref="NistModels"/> written once with generic math, as an <see cref="IResidualModel"/>:
/// the same code gives the residuals (T = double) and the exact Jacobian (T = Dual). Lanczos in plain arithmetic. In the row
/// form (<see cref="IRowResidualModel"/>), so the automatic Jacobian runs it block by block; <see cref="WholeVectorModel"/>
/// hides that to test the whole-vector path.
/// </summary>
/// <param name="name">The NIST problem name.</param>
/// <param name="x">Predictor columns (x, and x2 for Nelson).</param>
/// <param name="y">Responses.</param>
public sealed class NistGenericModel(string name, double[][] x, double[] y) : IRowResidualModel
{
    private const double Pi = 3.141592653589793238462643383279;
    private static readonly string[] Kinds =
        ["Misra1a", "BoxBOD", "Chwirut1", "Chwirut2", "Lanczos1", "Lanczos2", "Lanczos3", "Gauss1", "Gauss2", "Gauss3", "DanWood", "Misra1b",
         "Kirby2", "Hahn1", "Thurber", "MGH17", "Misra1c", "Misra1d", "Roszman1", "ENSO", "MGH09", "Rat42", "MGH10", "Eckerle4", "Rat43", "Bennett5", "Nelson"];
    private readonly double[] logY = y.Select(v => Math.Log(v)).ToArray();
    // The model resolved once, not by name per point.
    private readonly int kind = Array.IndexOf(Kinds, name) is >= 0 and var k ? k : throw new ArgumentException($"Unknown NIST problem {name}.", nameof(name));

#if !BENCHMARK
    public NistGenericModel(NistProblem problem) : this(problem.Name, problem.X, problem.Y) { }
#endif

    public int ResidualCount => y.Length;

    // Rows firstRow … firstRow + r.Length − 1 (the row form, IRowResidualModel); the whole-vector Evaluate is rows 0 … m − 1.
    public void EvaluateRows<T>(ReadOnlySpan<T> b, int firstRow, Span<T> r) where T : IFloatingPointIeee754<T>
    {
        double[] xs = x[0];
        if (kind == 26)
            for (int k = 0, i = firstRow; k < r.Length; k++, i++) r[k] = C<T>(logY[i]) - (b[0] - b[1] * C<T>(xs[i]) * T.Exp(-b[2] * C<T>(x[1][i])));
        else
            for (int k = 0, i = firstRow; k < r.Length; k++, i++) r[k] = C<T>(y[i]) - Model(kind, b, C<T>(xs[i]));
    }

    private static T C<T>(double v) where T : IFloatingPointIeee754<T> => T.CreateChecked(v);

    private static T Square<T>(T v) where T : IFloatingPointIeee754<T> => v * v;

    // One small method per model: the JIT keeps Dual in registers only in methods with few temporaries (bench/RESULTS.md).
    private static T Model<T>(int kind, ReadOnlySpan<T> b, T x) where T : IFloatingPointIeee754<T> => kind switch
    {
            0 or 1 => M0(b, x),
            2 or 3 => M2(b, x),
            4 or 5 or 6 => M4(b, x),
            7 or 8 or 9 => M7(b, x),
            10 => M10(b, x),
            11 => M11(b, x),
            12 => M12(b, x),
            13 or 14 => M13(b, x),
            15 => M15(b, x),
            16 => M16(b, x),
            17 => M17(b, x),
            18 => M18(b, x),
            19 => M19(b, x),
            20 => M20(b, x),
            21 => M21(b, x),
            22 => M22(b, x),
            23 => M23(b, x),
            24 => M24(b, x),
            25 => M25(b, x),
        _ => throw new InvalidOperationException(Kinds[kind]),
    };

    private static T M0<T>(ReadOnlySpan<T> b, T x) where T : IFloatingPointIeee754<T>
    {
        T one = T.One, two = C<T>(2), pi = C<T>(Pi);
        return b[0] * (one - T.Exp(-b[1] * x));
    }

    private static T M2<T>(ReadOnlySpan<T> b, T x) where T : IFloatingPointIeee754<T>
    {
        T one = T.One, two = C<T>(2), pi = C<T>(Pi);
        return T.Exp(-b[0] * x) / (b[1] + b[2] * x);
    }

    private static T M4<T>(ReadOnlySpan<T> b, T x) where T : IFloatingPointIeee754<T>
    {
        T one = T.One, two = C<T>(2), pi = C<T>(Pi);
        return b[0] * T.Exp(-b[1] * x) + b[2] * T.Exp(-b[3] * x) + b[4] * T.Exp(-b[5] * x);
    }

    private static T M7<T>(ReadOnlySpan<T> b, T x) where T : IFloatingPointIeee754<T>
    {
        T one = T.One, two = C<T>(2), pi = C<T>(Pi);
        return b[0] * T.Exp(-b[1] * x) + b[2] * T.Exp(-Square(x - b[3]) / Square(b[4])) + b[5] * T.Exp(-Square(x - b[6]) / Square(b[7]));
    }

    private static T M10<T>(ReadOnlySpan<T> b, T x) where T : IFloatingPointIeee754<T>
    {
        T one = T.One, two = C<T>(2), pi = C<T>(Pi);
        return b[0] * T.Pow(x, b[1]);
    }

    private static T M11<T>(ReadOnlySpan<T> b, T x) where T : IFloatingPointIeee754<T>
    {
        T one = T.One, two = C<T>(2), pi = C<T>(Pi);
        return b[0] * (one - T.Pow(one + b[1] * x / two, C<T>(-2)));
    }

    private static T M12<T>(ReadOnlySpan<T> b, T x) where T : IFloatingPointIeee754<T>
    {
        T one = T.One, two = C<T>(2), pi = C<T>(Pi);
        return (b[0] + b[1] * x + b[2] * x * x) / (one + b[3] * x + b[4] * x * x);
    }

    private static T M13<T>(ReadOnlySpan<T> b, T x) where T : IFloatingPointIeee754<T>
    {
        T one = T.One, two = C<T>(2), pi = C<T>(Pi);
        return (b[0] + b[1] * x + b[2] * x * x + b[3] * x * x * x) / (one + b[4] * x + b[5] * x * x + b[6] * x * x * x);
    }

    private static T M15<T>(ReadOnlySpan<T> b, T x) where T : IFloatingPointIeee754<T>
    {
        T one = T.One, two = C<T>(2), pi = C<T>(Pi);
        return b[0] + b[1] * T.Exp(-x * b[3]) + b[2] * T.Exp(-x * b[4]);
    }

    private static T M16<T>(ReadOnlySpan<T> b, T x) where T : IFloatingPointIeee754<T>
    {
        T one = T.One, two = C<T>(2), pi = C<T>(Pi);
        return b[0] * (one - T.Pow(one + two * b[1] * x, C<T>(-0.5)));
    }

    private static T M17<T>(ReadOnlySpan<T> b, T x) where T : IFloatingPointIeee754<T>
    {
        T one = T.One, two = C<T>(2), pi = C<T>(Pi);
        return b[0] * b[1] * x / (one + b[1] * x);
    }

    private static T M18<T>(ReadOnlySpan<T> b, T x) where T : IFloatingPointIeee754<T>
    {
        T one = T.One, two = C<T>(2), pi = C<T>(Pi);
        return b[0] - b[1] * x - T.Atan(b[2] / (x - b[3])) / pi;
    }

    private static T M19<T>(ReadOnlySpan<T> b, T x) where T : IFloatingPointIeee754<T>
    {
        T one = T.One, two = C<T>(2), pi = C<T>(Pi);
        return b[0] + b[1] * T.Cos(two * pi * x / C<T>(12)) + b[2] * T.Sin(two * pi * x / C<T>(12)) + b[4] * T.Cos(two * pi * x / b[3]) + b[5] * T.Sin(two * pi * x / b[3]) + b[7] * T.Cos(two * pi * x / b[6]) + b[8] * T.Sin(two * pi * x / b[6]);
    }

    private static T M20<T>(ReadOnlySpan<T> b, T x) where T : IFloatingPointIeee754<T>
    {
        T one = T.One, two = C<T>(2), pi = C<T>(Pi);
        return b[0] * (x * x + x * b[1]) / (x * x + x * b[2] + b[3]);
    }

    private static T M21<T>(ReadOnlySpan<T> b, T x) where T : IFloatingPointIeee754<T>
    {
        T one = T.One, two = C<T>(2), pi = C<T>(Pi);
        return b[0] / (one + T.Exp(b[1] - b[2] * x));
    }

    private static T M22<T>(ReadOnlySpan<T> b, T x) where T : IFloatingPointIeee754<T>
    {
        T one = T.One, two = C<T>(2), pi = C<T>(Pi);
        return b[0] * T.Exp(b[1] / (x + b[2]));
    }

    private static T M23<T>(ReadOnlySpan<T> b, T x) where T : IFloatingPointIeee754<T>
    {
        T one = T.One, two = C<T>(2), pi = C<T>(Pi);
        return b[0] / b[1] * T.Exp(C<T>(-0.5) * Square((x - b[2]) / b[1]));
    }

    private static T M24<T>(ReadOnlySpan<T> b, T x) where T : IFloatingPointIeee754<T>
    {
        T one = T.One, two = C<T>(2), pi = C<T>(Pi);
        return b[0] / T.Pow(one + T.Exp(b[1] - b[2] * x), one / b[3]);
    }

    private static T M25<T>(ReadOnlySpan<T> b, T x) where T : IFloatingPointIeee754<T>
    {
        T one = T.One, two = C<T>(2), pi = C<T>(Pi);
        return b[0] * T.Pow(b[1] + x, -one / b[2]);
    }
}
