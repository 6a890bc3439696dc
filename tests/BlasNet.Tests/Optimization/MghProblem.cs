namespace BlasNet.Tests.Optimization;

/// <summary>
/// The least-squares problems of Moré, Garbow and Hillstrom, "Testing unconstrained optimization software", ACM TOMS
/// 7(1) 17–41 (1981), section 3, that fit Levenberg–Marquardt (m ≥ n), with their standard starts x0 and the minimum
/// sums of squares f = Σ fᵢ² printed there (<see cref="Published"/>, to the six digits printed; a problem with several
/// listed minima lists them all). The same formulas in bench/peers/mgh_scipy.py give SciPy's minima, which agree with
/// every published f* (tests/data/mgh-reference.json). Not included: Gulf research (its yᵢ uses a truncated power the
/// paper leaves to the reader) and the variable-dimension problems beyond Watson with n = 6.
/// </summary>
public sealed record MghProblem(int Number, string Name, Func<double[], double[]> Residuals, double[] Start, double[] Published)
{
    public override string ToString() => Name;

    public static MghProblem Get(string name) => All.Single(p => p.Name == name);

    // The data, declared before All: static initialisers run in textual order.
    private static readonly double[] GaussianY = [0.0009, 0.0044, 0.0175, 0.0540, 0.1295, 0.2420, 0.3521, 0.3989, 0.3521, 0.2420, 0.1295, 0.0540, 0.0175, 0.0044, 0.0009];
    private static readonly double[] MeyerY = [34780, 28610, 23650, 19630, 16370, 13720, 11540, 9744, 8261, 7030, 6005, 5147, 4427, 3820, 3307, 2872];
    private static readonly double[] KowalikY = [0.1957, 0.1947, 0.1735, 0.1600, 0.0844, 0.0627, 0.0456, 0.0342, 0.0323, 0.0235, 0.0246];
    private static readonly double[] KowalikU = [4, 2, 1, 0.5, 0.25, 0.167, 0.125, 0.1, 0.0833, 0.0714, 0.0625];
    private static readonly double[] Osborne1Y =
    [
        0.844, 0.908, 0.932, 0.936, 0.925, 0.908, 0.881, 0.850, 0.818, 0.784, 0.751, 0.718, 0.685, 0.658, 0.628, 0.603,
        0.580, 0.558, 0.538, 0.522, 0.506, 0.490, 0.478, 0.467, 0.457, 0.448, 0.438, 0.431, 0.424, 0.420, 0.414, 0.411, 0.406,
    ];

    public static readonly MghProblem[] All =
    [
        new(1, "Rosenbrock", x => [10 * (x[1] - x[0] * x[0]), 1 - x[0]], [-1.2, 1], [0]),
        new(2, "FreudensteinRoth", x => [-13 + x[0] + ((5 - x[1]) * x[1] - 2) * x[1], -29 + x[0] + ((x[1] + 1) * x[1] - 14) * x[1]],
            [0.5, -2], [0, 48.9842]),
        new(3, "PowellBadlyScaled", x => [1e4 * x[0] * x[1] - 1, Math.Exp(-x[0]) + Math.Exp(-x[1]) - 1.0001], [0, 1], [0]),
        new(4, "BrownBadlyScaled", x => [x[0] - 1e6, x[1] - 2e-6, x[0] * x[1] - 2], [1, 1], [0]),
        new(5, "Beale", x => [1.5 - x[0] * (1 - x[1]), 2.25 - x[0] * (1 - x[1] * x[1]), 2.625 - x[0] * (1 - x[1] * x[1] * x[1])], [1, 1], [0]),
        new(6, "JennrichSampson", x => Enumerable.Range(1, 10).Select(i => 2 + 2.0 * i - (Math.Exp(i * x[0]) + Math.Exp(i * x[1]))).ToArray(),
            [0.3, 0.4], [124.362]),
        new(7, "HelicalValley", HelicalValley, [-1, 0, 0], [0]),
        new(8, "Bard", Bard, [1, 1, 1], [8.21487e-3, 17.4286]),
        new(9, "Gaussian", x => Enumerable.Range(1, 15).Select(i => x[0] * Math.Exp(-x[1] * Math.Pow((8 - i) / 2.0 - x[2], 2) / 2) - GaussianY[i - 1]).ToArray(),
            [0.4, 1, 0], [1.12793e-8]),
        new(10, "Meyer", x => Enumerable.Range(1, 16).Select(i => x[0] * Math.Exp(x[1] / (45 + 5.0 * i + x[2])) - MeyerY[i - 1]).ToArray(),
            [0.02, 4000, 250], [87.9458]),
        new(12, "Box3D", x => Enumerable.Range(1, 10).Select(i => Math.Exp(-0.1 * i * x[0]) - Math.Exp(-0.1 * i * x[1]) - x[2] * (Math.Exp(-0.1 * i) - Math.Exp(-i))).ToArray(),
            [0, 10, 20], [0]),
        new(13, "PowellSingular", x => [x[0] + 10 * x[1], Math.Sqrt(5) * (x[2] - x[3]), Math.Pow(x[1] - 2 * x[2], 2), Math.Sqrt(10) * Math.Pow(x[0] - x[3], 2)],
            [3, -1, 0, 1], [0]),
        new(14, "Wood", x => [10 * (x[1] - x[0] * x[0]), 1 - x[0], Math.Sqrt(90) * (x[3] - x[2] * x[2]), 1 - x[2], Math.Sqrt(10) * (x[1] + x[3] - 2), (x[1] - x[3]) / Math.Sqrt(10)],
            [-3, -1, -3, -1], [0]),
        new(15, "KowalikOsborne", x => KowalikU.Select((u, i) => KowalikY[i] - x[0] * (u * u + u * x[1]) / (u * u + u * x[2] + x[3])).ToArray(),
            [0.25, 0.39, 0.415, 0.39], [3.07505e-4, 1.02734e-3]),
        new(16, "BrownDennis", BrownDennis, [25, 5, -5, -1], [85822.2]),
        new(17, "Osborne1", x => Enumerable.Range(0, 33).Select(i => Osborne1Y[i] - (x[0] + x[1] * Math.Exp(-10.0 * i * x[3]) + x[2] * Math.Exp(-10.0 * i * x[4]))).ToArray(),
            [0.5, 1.5, -1, 0.01, 0.02], [5.46489e-5]),
        new(18, "BiggsExp6", BiggsExp6, [1, 2, 1, 1, 1, 1], [5.65565e-3, 0]),
        new(19, "Osborne2", Osborne2, [1.3, 0.65, 0.65, 0.7, 0.6, 3, 5, 7, 2, 4.5, 5.5], [4.01377e-2]),
        new(20, "Watson6", Watson, [0, 0, 0, 0, 0, 0], [2.28767e-3]),
    ];

    /// <summary>Whether a sum of squares is one of the published minima: within 1e-5 relative (the six printed digits) or, for f* = 0, below 1e-10.</summary>
    public bool Reaches(double sumOfSquares, out double nearest)
    {
        nearest = Published.MinBy(p => Math.Abs(sumOfSquares - p));
        return Math.Abs(sumOfSquares - nearest) <= 1e-5 * nearest + 1e-10;
    }

    private static double[] HelicalValley(double[] x)
    {
        double theta = x[0] != 0 ? Math.Atan(x[1] / x[0]) / (2 * Math.PI) : 0.25 * Math.CopySign(1, x[1]);
        if (x[0] < 0) theta += 0.5;
        return [10 * (x[2] - 10 * theta), 10 * (Math.Sqrt(x[0] * x[0] + x[1] * x[1]) - 1), x[2]];
    }

    private static readonly double[] BardY = [0.14, 0.18, 0.22, 0.25, 0.29, 0.32, 0.35, 0.39, 0.37, 0.58, 0.73, 0.96, 1.34, 2.10, 4.39];

    private static double[] Bard(double[] x)
    {
        var f = new double[15];
        for (int i = 1; i <= 15; i++)
        {
            double u = i, v = 16 - i, w = Math.Min(u, v);
            f[i - 1] = BardY[i - 1] - (x[0] + u / (x[1] * v + x[2] * w));
        }
        return f;
    }

    private static double[] BrownDennis(double[] x)
    {
        var f = new double[20];
        for (int i = 1; i <= 20; i++)
        {
            double t = i / 5.0;
            f[i - 1] = Math.Pow(x[0] + t * x[1] - Math.Exp(t), 2) + Math.Pow(x[2] + x[3] * Math.Sin(t) - Math.Cos(t), 2);
        }
        return f;
    }

    private static double[] BiggsExp6(double[] x)
    {
        var f = new double[13];
        for (int i = 1; i <= 13; i++)
        {
            double t = 0.1 * i;
            double y = Math.Exp(-t) - 5 * Math.Exp(-10 * t) + 3 * Math.Exp(-4 * t);
            f[i - 1] = x[2] * Math.Exp(-t * x[0]) - x[3] * Math.Exp(-t * x[1]) + x[5] * Math.Exp(-t * x[4]) - y;
        }
        return f;
    }

    private static readonly double[] Osborne2Y =
    [
        1.366, 1.191, 1.112, 1.013, 0.991, 0.885, 0.831, 0.847, 0.786, 0.725, 0.746, 0.679, 0.608, 0.655, 0.616, 0.606,
        0.602, 0.626, 0.651, 0.724, 0.649, 0.649, 0.694, 0.644, 0.624, 0.661, 0.612, 0.558, 0.533, 0.495, 0.500, 0.423,
        0.395, 0.375, 0.372, 0.391, 0.396, 0.405, 0.428, 0.429, 0.523, 0.562, 0.607, 0.653, 0.672, 0.708, 0.633, 0.668,
        0.645, 0.632, 0.591, 0.559, 0.597, 0.625, 0.739, 0.710, 0.729, 0.720, 0.636, 0.581, 0.428, 0.292, 0.162, 0.098, 0.054,
    ];

    private static double[] Osborne2(double[] x)
    {
        var f = new double[65];
        for (int i = 0; i < 65; i++)
        {
            double t = i / 10.0;
            f[i] = Osborne2Y[i] - (x[0] * Math.Exp(-t * x[4]) + x[1] * Math.Exp(-Math.Pow(t - x[8], 2) * x[5])
                + x[2] * Math.Exp(-Math.Pow(t - x[9], 2) * x[6]) + x[3] * Math.Exp(-Math.Pow(t - x[10], 2) * x[7]));
        }
        return f;
    }

    private static double[] Watson(double[] x)
    {
        int n = x.Length;
        var f = new double[31];
        for (int i = 1; i <= 29; i++)
        {
            double t = i / 29.0, s1 = 0, s2 = 0;
            for (int j = 2; j <= n; j++) s1 += (j - 1) * x[j - 1] * Math.Pow(t, j - 2);
            for (int j = 1; j <= n; j++) s2 += x[j - 1] * Math.Pow(t, j - 1);
            f[i - 1] = s1 - s2 * s2 - 1;
        }
        f[29] = x[0];
        f[30] = x[1] - x[0] * x[0] - 1;
        return f;
    }
}
