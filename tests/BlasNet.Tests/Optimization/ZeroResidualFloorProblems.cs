namespace BlasNet.Tests.Optimization;

/// <summary>
/// Audit powell48's problem set, the same formulas as tests/data/powell48_zero_residual_reference.py: zero-residual problems
/// (extended Powell singular at n = 4, 52, 100, 200, J of rank n/2 at x* = 0; Rosenbrock, Wood, helical valley, Brown almost
/// linear n = 10, and Powell and Rosenbrock shifted so the minimum lies at x* + 1000) and controls whose minimum is not zero
/// (Osborne 1, Kowalik–Osborne, Bard, Freudenstein–Roth's local minimum, Jennrich–Sampson), by name as the file stores them.
/// </summary>
public static class ZeroResidualFloorProblems
{
    /// <summary>The shift of the two shifted problems (the file's "shift").</summary>
    public const double Shift = 1000;

    /// <summary>The residual function of the named problem (the file's "name").</summary>
    public static Func<double[], double[]> Residuals(string name) => name switch
    {
        _ when name.StartsWith("ExtendedPowellSingular", StringComparison.Ordinal) => Powell,
        "Rosenbrock" => MghProblem.Get("Rosenbrock").Residuals,
        "Wood" => MghProblem.Get("Wood").Residuals,
        "HelicalValley" => MghProblem.Get("HelicalValley").Residuals,
        "BrownAlmostLinear10" => BrownAlmostLinear,
        "ShiftedPowellSingular4" => x => Powell(x.Select(v => v - Shift).ToArray()),
        "ShiftedRosenbrock" => x => MghProblem.Get("Rosenbrock").Residuals(x.Select(v => v - Shift).ToArray()),
        "Osborne1" => MghProblem.Get("Osborne1").Residuals,
        "KowalikOsborne" => MghProblem.Get("KowalikOsborne").Residuals,
        "Bard" => MghProblem.Get("Bard").Residuals,
        "FreudensteinRoth" => MghProblem.Get("FreudensteinRoth").Residuals,
        "JennrichSampson" => MghProblem.Get("JennrichSampson").Residuals,
        _ => throw new ArgumentException($"No problem named {name}.", nameof(name)),
    };

    /// <summary>MGH 22 (13 at n = 4): blocks of four, (a + 10b, √5(c − d), (b − 2c)², √10(a − d)²).</summary>
    public static double[] Powell(double[] x)
    {
        var r = new double[x.Length];
        for (int i = 0; i < x.Length; i += 4)
        {
            double a = x[i], b = x[i + 1], c = x[i + 2], d = x[i + 3];
            r[i] = a + 10 * b;
            r[i + 1] = Math.Sqrt(5) * (c - d);
            r[i + 2] = (b - 2 * c) * (b - 2 * c);
            r[i + 3] = Math.Sqrt(10) * (a - d) * (a - d);
        }
        return r;
    }

    /// <summary>MGH 27: rᵢ = xᵢ + Σx − (n + 1) for i &lt; n, rₙ = Πx − 1; minima f = 0 and f = 1 (at (0, …, 0, n + 1)).</summary>
    public static double[] BrownAlmostLinear(double[] x)
    {
        int n = x.Length;
        double sum = x.Sum(), product = 1;
        foreach (double v in x) product *= v;
        var r = new double[n];
        for (int i = 0; i < n - 1; i++) r[i] = x[i] + sum - (n + 1);
        r[n - 1] = product - 1;
        return r;
    }
}
