using System.Numerics;
using BlasNet.Optimization;

namespace BlasNet.Tests.Optimization;

/// <summary>
/// The NIST StRD models of <see cref="NistModels"/> written once with generic math, as an <see cref="IResidualModel"/>:
/// the same code gives the residuals (T = double) and the exact Jacobian (T = Dual). Lanczos in plain arithmetic.
/// </summary>
public sealed class NistGenericModel(NistProblem problem) : IResidualModel
{
    private const double Pi = 3.141592653589793238462643383279;
    private readonly double[] logY = problem.Y.Select(v => Math.Log(v)).ToArray();

    public int ResidualCount => problem.M;

    public void Evaluate<T>(ReadOnlySpan<T> b, Span<T> r) where T : IFloatingPointIeee754<T>
    {
        double[] xs = problem.X[0], y = problem.Y;
        switch (problem.Name)
        {
            case "Nelson":
                for (int i = 0; i < r.Length; i++) r[i] = C<T>(logY[i]) - (b[0] - b[1] * C<T>(xs[i]) * T.Exp(-b[2] * C<T>(problem.X[1][i])));
                break;
            default:
                for (int i = 0; i < r.Length; i++) r[i] = C<T>(y[i]) - Model(problem.Name, b, C<T>(xs[i]));
                break;
        }
    }

    private static T C<T>(double v) where T : IFloatingPointIeee754<T> => T.CreateChecked(v);

    private static T Square<T>(T v) where T : IFloatingPointIeee754<T> => v * v;

    public static T Model<T>(string name, ReadOnlySpan<T> b, T x) where T : IFloatingPointIeee754<T>
    {
        T one = T.One, two = C<T>(2), pi = C<T>(Pi);
        return name switch
        {
            "Misra1a" or "BoxBOD" => b[0] * (one - T.Exp(-b[1] * x)),
            "Chwirut1" or "Chwirut2" => T.Exp(-b[0] * x) / (b[1] + b[2] * x),
            "Lanczos1" or "Lanczos2" or "Lanczos3" => b[0] * T.Exp(-b[1] * x) + b[2] * T.Exp(-b[3] * x) + b[4] * T.Exp(-b[5] * x),
            "Gauss1" or "Gauss2" or "Gauss3" => b[0] * T.Exp(-b[1] * x) + b[2] * T.Exp(-Square(x - b[3]) / Square(b[4]))
                                                 + b[5] * T.Exp(-Square(x - b[6]) / Square(b[7])),
            "DanWood" => b[0] * T.Pow(x, b[1]),
            "Misra1b" => b[0] * (one - T.Pow(one + b[1] * x / two, C<T>(-2))),
            "Kirby2" => (b[0] + b[1] * x + b[2] * x * x) / (one + b[3] * x + b[4] * x * x),
            "Hahn1" or "Thurber" => (b[0] + b[1] * x + b[2] * x * x + b[3] * x * x * x) / (one + b[4] * x + b[5] * x * x + b[6] * x * x * x),
            "MGH17" => b[0] + b[1] * T.Exp(-x * b[3]) + b[2] * T.Exp(-x * b[4]),
            "Misra1c" => b[0] * (one - T.Pow(one + two * b[1] * x, C<T>(-0.5))),
            "Misra1d" => b[0] * b[1] * x / (one + b[1] * x),
            "Roszman1" => b[0] - b[1] * x - T.Atan(b[2] / (x - b[3])) / pi,
            "ENSO" => b[0] + b[1] * T.Cos(two * pi * x / C<T>(12)) + b[2] * T.Sin(two * pi * x / C<T>(12))
                      + b[4] * T.Cos(two * pi * x / b[3]) + b[5] * T.Sin(two * pi * x / b[3])
                      + b[7] * T.Cos(two * pi * x / b[6]) + b[8] * T.Sin(two * pi * x / b[6]),
            "MGH09" => b[0] * (x * x + x * b[1]) / (x * x + x * b[2] + b[3]),
            "Rat42" => b[0] / (one + T.Exp(b[1] - b[2] * x)),
            "MGH10" => b[0] * T.Exp(b[1] / (x + b[2])),
            "Eckerle4" => b[0] / b[1] * T.Exp(C<T>(-0.5) * Square((x - b[2]) / b[1])),
            "Rat43" => b[0] / T.Pow(one + T.Exp(b[1] - b[2] * x), one / b[3]),
            "Bennett5" => b[0] * T.Pow(b[1] + x, -one / b[2]),
            _ => throw new ArgumentException($"Unknown NIST problem {name}.", nameof(name)),
        };
    }
}
