using BlasNet.Optimization;

namespace BlasNet.Tests.Optimization;

/// <summary>The NIST StRD model formulas of <see cref="NistModels"/> over <see cref="Dual"/>, for automatic Jacobians.</summary>
public static class NistDualModels
{
    private const double Pi = 3.141592653589793238462643383279;

    public static Dual Evaluate(string name, Dual[] b, double x) => name switch
    {
        "Misra1a" or "BoxBOD" => b[0] * (1 - Dual.Exp(-b[1] * x)),
        "Chwirut1" or "Chwirut2" => Dual.Exp(-b[0] * x) / (b[1] + b[2] * x),
        "Lanczos1" or "Lanczos2" or "Lanczos3" => b[0] * Dual.Exp(-b[1] * x) + b[2] * Dual.Exp(-b[3] * x) + b[4] * Dual.Exp(-b[5] * x),
        "Gauss1" or "Gauss2" or "Gauss3" => b[0] * Dual.Exp(-b[1] * x) + b[2] * Dual.Exp(-Square(x - b[3]) / Square(b[4]))
                                             + b[5] * Dual.Exp(-Square(x - b[6]) / Square(b[7])),
        "DanWood" => b[0] * Dual.Pow(x, b[1]),
        "Misra1b" => b[0] * (1 - Dual.Pow(1 + b[1] * x / 2, -2)),
        "Kirby2" => (b[0] + b[1] * x + b[2] * x * x) / (1 + b[3] * x + b[4] * x * x),
        "Hahn1" or "Thurber" => (b[0] + b[1] * x + b[2] * x * x + b[3] * x * x * x) / (1 + b[4] * x + b[5] * x * x + b[6] * x * x * x),
        "MGH17" => b[0] + b[1] * Dual.Exp(-x * b[3]) + b[2] * Dual.Exp(-x * b[4]),
        "Misra1c" => b[0] * (1 - Dual.Pow(1 + 2 * b[1] * x, -0.5)),
        "Misra1d" => b[0] * b[1] * x / (1 + b[1] * x),
        "Roszman1" => b[0] - b[1] * x - Dual.Atan(b[2] / (x - b[3])) / Pi,
        "ENSO" => b[0] + b[1] * Math.Cos(2 * Pi * x / 12) + b[2] * Math.Sin(2 * Pi * x / 12)
                  + b[4] * Dual.Cos(2 * Pi * x / b[3]) + b[5] * Dual.Sin(2 * Pi * x / b[3])
                  + b[7] * Dual.Cos(2 * Pi * x / b[6]) + b[8] * Dual.Sin(2 * Pi * x / b[6]),
        "MGH09" => b[0] * (x * x + x * b[1]) / (x * x + x * b[2] + b[3]),
        "Rat42" => b[0] / (1 + Dual.Exp(b[1] - b[2] * x)),
        "MGH10" => b[0] * Dual.Exp(b[1] / (x + b[2])),
        "Eckerle4" => b[0] / b[1] * Dual.Exp(-0.5 * Square((x - b[2]) / b[1])),
        "Rat43" => b[0] / Dual.Pow(1 + Dual.Exp(b[1] - b[2] * x), 1 / b[3]),
        "Bennett5" => b[0] * Dual.Pow(b[1] + x, -1 / b[2]),
        _ => throw new ArgumentException($"Unknown NIST problem {name}.", nameof(name)),
    };

    /// <summary>r_i = y_i − model(b, x_i) (Nelson: log y_i − model), over dual numbers.</summary>
    public static Dual[] Residuals(NistProblem problem, Dual[] b)
    {
        var r = new Dual[problem.M];
        double[]? lanczosValues = problem.Name is "Lanczos1" or "Lanczos2" or "Lanczos3" ? b.Select(v => v.Value).ToArray() : null;
        for (int i = 0; i < r.Length; i++)
        {
            double x = problem.X[0][i];
            r[i] = problem.Name == "Nelson"
                ? Math.Log(problem.Y[i]) - (b[0] - b[1] * x * Dual.Exp(-b[2] * problem.X[1][i]))
                : problem.Y[i] - Evaluate(problem.Name, b, x);
            // Lanczos's residuals are only a few hundred units of the last place of y, so their rounding in double moves
            // the sum of squares, and with it the standard deviations, by ~0.2 % (LRE ≈ 3): the value is taken in
            // double-double, as the double model of NistProblem does, and the derivative (exact to double) from the Dual pass.
            if (lanczosValues is not null) r[i] = new Dual(NistProblem.LanczosResidual(lanczosValues, x, problem.Y[i]), r[i].Derivative);
        }
        return r;
    }

    private static Dual Square(Dual v) => v * v;
}
