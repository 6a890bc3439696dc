using BlasNet.Quadrature;

namespace BlasNet.Tests.Quadrature;

/// <summary>
/// Pins what the extrapolating driver (QAGS, QAGI, QAGP and the logarithmic principal-value piece) does on a
/// set of problems, bit for bit: evaluations, intervals, status and value, recorded before its main loop was
/// split into named steps (#13 item 5), so that the split provably changes nothing. Next to each, SciPy 1.10.1's
/// QUADPACK count on the same problem (bench/peers/extrapolation_counts_scipy.py); they agree except where the
/// last column says why.
/// </summary>
public class ExtrapolationCountsTests
{
    private static readonly QuadOptions ScipyDefaults = new() { AbsoluteTolerance = 1.49e-8, RelativeTolerance = 1.49e-8, MaxIntervals = 50 };

    public static TheoryData<string, int, int, QuadStatus, long, int, string> Pinned => new()
    {
        // name, evaluations, intervals, status, value bits, SciPy's evaluations, why they differ.
        { "sqrt", 189, 5, QuadStatus.Converged, 0x3FE5555555555555L, 231, "BlasNet stops one bisection (42 points) earlier; cause not traced, both results are within their error bounds" },
        { "log", 231, 6, QuadStatus.Converged, unchecked((long)0xBFF0000000000002UL), 231, "" },
        { "x^-0.9", 231, 6, QuadStatus.Converged, 0x402400000000002FL, 231, "" },
        { "inverse sqrt", 231, 6, QuadStatus.Converged, 0x4000000000000001L, 231, "" },
        { "sin(100x) [0,pi]", 21, 1, QuadStatus.RoundoffDetected, 0x3CE57AAAD8F5DDF5L, 21, "" },
        { "cos(20x)", 63, 2, QuadStatus.Converged, 0x3FA75F13F77DCA5AL, 63, "" },
        { "lorentz", 21, 1, QuadStatus.Converged, 0x3FE921FB54442D19L, 21, "" },
        { "exp(-x) [0,inf)", 135, 5, QuadStatus.Converged, 0x3FF0000000000000L, 135, "" },
        { "exp(-x^2) R", 390, 7, QuadStatus.Converged, 0x3FFC5BF891B4EF6CL, 390, "" },
        { "lorentz (-inf,0]", 75, 3, QuadStatus.Converged, 0x3FF921FB54442D18L, 75, "" },
        { "|x-1/3|^-1/2 bp", 462, 12, QuadStatus.Converged, 0x40064D325ACE2F6EL, 462, "" },
        { "log|x-1| bp [0,2]", 462, 12, QuadStatus.Converged, unchecked((long)0xC000000000000002UL), 462, "" },
        { "1/x divergent", 20979, 500, QuadStatus.MaxIntervalsReached, 0x4076197D38FD4349L, 20979, "" },
        { "x^-0.9999", 231, 6, QuadStatus.Divergent, 0x40C387FFFFFE8FBFL, 231, "" },
        { "sqrt*sin(50x) limit 10", 399, 10, QuadStatus.MaxIntervalsReached, unchecked((long)0xBF9200D1EC0767B4UL), 399, "" },
        { "log(x)cos(1000x)", 5607, 134, QuadStatus.Converged, unchecked((long)0xBF59BA08F9FB1D73UL), 5607, "" },
        { "sqrt scipy", 189, 5, QuadStatus.Converged, 0x3FE5555555555555L, 231, "as for sqrt" },
        { "log scipy", 231, 6, QuadStatus.Converged, unchecked((long)0xBFF0000000000002UL), 231, "" },
        { "x^-1/2 log x", 315, 8, QuadStatus.Converged, unchecked((long)0xC00FFFFFFFFFFFC5UL), 315, "" },
        { "pv hugging", 132, 3, QuadStatus.Converged, 0x4085963447F87FB5L, 0, "no SciPy counterpart (QAWC cannot do c = 1e-300 on [0, 1])" },
        { "exp(-x)/sqrt(x) [0,inf)", 405, 14, QuadStatus.Converged, 0x3FFC5BF891B4E996L, 375,
            "one bisection (30 points) more; BlasNet doubles the extrapolated error estimate before it trusts it" },
    };

    private static QuadResult Run(string name) => name switch
    {
        "sqrt" => Quad.Integrate(Math.Sqrt, 0, 1),
        "log" => Quad.Integrate(Math.Log, 0, 1),
        "x^-0.9" => Quad.Integrate(x => Math.Pow(x, -0.9), 0, 1),
        "inverse sqrt" => Quad.Integrate(x => 1 / Math.Sqrt(x), 0, 1),
        "sin(100x) [0,pi]" => Quad.Integrate(x => Math.Sin(100 * x), 0, Math.PI),
        "cos(20x)" => Quad.Integrate(x => Math.Cos(20 * x), 0, 1),
        "lorentz" => Quad.Integrate(x => 1 / (1 + x * x), 0, 1),
        "exp(-x) [0,inf)" => Quad.Integrate(x => Math.Exp(-x), 0, double.PositiveInfinity),
        "exp(-x^2) R" => Quad.Integrate(x => Math.Exp(-x * x), double.NegativeInfinity, double.PositiveInfinity),
        "lorentz (-inf,0]" => Quad.Integrate(x => 1 / (1 + x * x), double.NegativeInfinity, 0),
        "|x-1/3|^-1/2 bp" => Quad.Integrate(x => 1 / Math.Sqrt(Math.Abs(x - 1.0 / 3)), 0, 1, new QuadOptions { Breakpoints = [1.0 / 3] }),
        "log|x-1| bp [0,2]" => Quad.Integrate(x => Math.Log(Math.Abs(x - 1)), 0, 2, new QuadOptions { Breakpoints = [1.0] }),
        "1/x divergent" => Quad.Integrate(x => 1 / x, 0, 1),
        "x^-0.9999" => Quad.Integrate(x => Math.Pow(x, -0.9999), 0, 1),
        "sqrt*sin(50x) limit 10" => Quad.Integrate(x => Math.Sqrt(x) * Math.Sin(50 * x), 0, 1, new QuadOptions { MaxIntervals = 10 }),
        "log(x)cos(1000x)" => Quad.Integrate(x => Math.Log(x) * Math.Cos(1000 * x), 0, 1),
        "sqrt scipy" => Quad.Integrate(Math.Sqrt, 0, 1, ScipyDefaults),
        "log scipy" => Quad.Integrate(Math.Log, 0, 1, ScipyDefaults),
        "x^-1/2 log x" => Quad.Integrate(x => Math.Log(x) / Math.Sqrt(x), 0, 1),
        "pv hugging" => Quad.CauchyPrincipalValue(_ => 1.0, 0, 1, 1e-300),
        "exp(-x)/sqrt(x) [0,inf)" => Quad.Integrate(x => Math.Exp(-x) / Math.Sqrt(x), 0, double.PositiveInfinity),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(Pinned))]
    public void Driver_DoesExactlyWhatItDidBeforeTheSplit(string name, int evaluations, int intervals, QuadStatus status, long valueBits,
        int scipyEvaluations, string deviation)
    {
        QuadResult r = Run(name);

        Assert.Equal(evaluations, r.Evaluations);
        Assert.Equal(intervals, r.Intervals);
        Assert.Equal(status, r.Status);
        Assert.Equal(valueBits, BitConverter.DoubleToInt64Bits(r.Value));
        if (deviation.Length == 0)
            Assert.Equal(scipyEvaluations, r.Evaluations);
        else
            Assert.NotEqual(scipyEvaluations, r.Evaluations);
    }
}
