using BlasNet.Quadrature;

namespace BlasNet.Samples;

/// <summary>
/// The seed problem: the Cauchy principal value of ∫_{Ecut}^{∞} ds / ((s − q02)(s − q2)), whose pole at
/// q2 lies inside the range. Three ways side by side, each against the exact value.
/// </summary>
public static class QuadratureSample
{
    private const double Q02 = 485124412.0;
    private const double Ecut = 17909665929.0;
    private const double Q2 = 90000000000.0;

    // mpmath, 50 digits (tests/data/seed-cases.json, id cauchy_pv_two_poles).
    private const double Exact = -1.58637357048562524635e-11;

    /// <summary>Prints the naive split, the SciPy-style truncated call and the one-call answer.</summary>
    public static void Run()
    {
        Console.WriteLine("Quadrature: PV ∫_Ecut^∞ ds / ((s − q02)(s − q2)), q02 = 4.85e8, Ecut = 1.79e10, q2 = 9e10");
        double closedForm = Math.Log((Q2 - Ecut) / (Ecut - Q02)) / (Q02 - Q2);
        Console.WriteLine($"  exact (mpmath)                      {Exact,24:R}");
        Console.WriteLine($"  closed form in double               {closedForm,24:R}");
        Console.WriteLine();

        static double Integrand(double s) => 1.0 / ((s - Q02) * (s - Q2));

        Console.WriteLine("  1. Naive: cut q2 ± ε out and integrate both sides as ordinary integrals");
        foreach (double epsilon in new[] { 1e9, 1e6, 1e3, 1.0 })
        {
            QuadResult below = Quad.Integrate(Integrand, Ecut, Q2 - epsilon);
            QuadResult above = Quad.Integrate(Integrand, Q2 + epsilon, double.PositiveInfinity);
            double value = below.Value + above.Value;
            Console.WriteLine($"     ε = {epsilon,5:G2}: {value,24:R}  rel. error {RelativeError(value),8:E1}  "
                + $"evals {below.Evaluations + above.Evaluations,5}  [{below.Status}, {above.Status}]");
        }

        Console.WriteLine("     (the pieces grow like ±ln ε/q2 and cancel; shrinking ε trades truncation error for cancellation)");
        Console.WriteLine();

        static double F(double s) => 1.0 / (s - Q02);

        Console.WriteLine("  2. SciPy-style: quad(f, Ecut, 1e9·q2, weight='cauchy', wvar=q2, epsabs=1e-20) (finite upper limit)");
        QuadResult truncated = Quad.CauchyPrincipalValue(F, Ecut, 1e9 * Q2, Q2,
            new QuadOptions { AbsoluteTolerance = 1e-20, RelativeTolerance = 1.49e-8, MaxIntervals = 50 });
        Print(truncated);
        Console.WriteLine("     (SciPy: −1.5863735715967363e-11, 1375 evaluations, 35 intervals; the truncation costs 7e-10 relative)");
        Console.WriteLine();

        Console.WriteLine("  3. One call: Quad.CauchyPrincipalValue(f, Ecut, +∞, q2), default relative tolerance 1e-10");
        QuadResult oneCall = Quad.CauchyPrincipalValue(F, Ecut, double.PositiveInfinity, Q2);
        Print(oneCall);
        Console.WriteLine();
    }

    private static double RelativeError(double value) => Math.Abs(value - Exact) / Math.Abs(Exact);

    private static void Print(QuadResult r) =>
        Console.WriteLine($"     value {r.Value,24:R}  rel. error {RelativeError(r.Value),8:E1}  "
            + $"estimate ±{r.AbsoluteError:E1}  evals {r.Evaluations}  intervals {r.Intervals}  {r.Status}");
}
