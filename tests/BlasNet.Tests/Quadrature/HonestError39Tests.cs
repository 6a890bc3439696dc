using System.Globalization;
using System.Text.Json;
using BlasNet.Quadrature;
using Xunit.Abstractions;

namespace BlasNet.Tests.Quadrature;

/// <summary>
/// Audit 39's battery: families of integrands with a parameter swept towards the hard end (a peak 1/((x − c)² + ε²)
/// with ε down to 1e-6, |x − c|^α and log|x − c| with no breakpoint, x^α·log x with α → −1, sin(ωx)/x up to ω = 1e4,
/// tails (1 + x)^(−1−δ) with δ down to 0.01, jumps at unlisted points, principal values with the pole 1e-8 from a
/// limit or outside the range, end-point and oscillatory weights, vector runs with an unlisted interior singularity,
/// Kahaner's problem 21). The exact values are mpmath's at 40 digits (data/quad39-reference.json, made by
/// tests/data/quad39_reference.py from the very doubles used here). Every case runs at five tolerances; whatever
/// the status, a run that says <see cref="QuadStatus.Converged"/> must be within its reported error of the truth (up to
/// 4 ulps of the value) and that error within the tolerance. Failures are allowed: they are counted, not excused.
/// </summary>
public class HonestError39Tests(ITestOutputHelper output)
{
    private static readonly JsonElement[] Cases = LoadCases();

    /// <summary>(AbsoluteTolerance, RelativeTolerance) pairs every case runs at.</summary>
    private static readonly (double Abs, double Rel)[] Tolerances = [(0, 1e-4), (0, 1e-8), (0, 1e-12), (1e-6, 0), (1e-10, 1e-6)];

    private const double UlpSlack = 4 * RuleEstimate.Epsilon;

    private static JsonElement[] LoadCases()
    {
        return [.. ReferenceData.Load("quad39-reference.json").GetProperty("cases").EnumerateArray()];
    }

    public static TheoryData<string> CaseIds()
    {
        var data = new TheoryData<string>();
        foreach (JsonElement c in Cases)
            data.Add(c.GetProperty("id").GetString()!);
        return data;
    }

    private static double Limit(JsonElement c, string name)
    {
        string text = c.GetProperty(name).GetString()!;
        return text == "inf" ? double.PositiveInfinity : double.Parse(text, CultureInfo.InvariantCulture);
    }

    private static double P(JsonElement c, string name) => c.GetProperty("params").GetProperty(name).GetDouble();

    /// <summary>One run of a case: the values (one per component), their reported errors and the status.</summary>
    private sealed record Run(double[] Values, double[] Errors, QuadStatus Status, string Text);

    private static Run Scalar(QuadResult r) => new([r.Value], [r.AbsoluteError], r.Status, r.ToString());

    private static Run Vector(QuadVectorResult r) => new([.. r.Values], [.. r.AbsoluteErrors], r.Status, r.ToString());

    /// <summary>The integrands, written from the same definitions as the reference script's docstring.</summary>
    private static (Func<QuadOptions, Run> Run, double[] Exact) Build(JsonElement c)
    {
        double a = Limit(c, "a"), b = Limit(c, "b");
        double exact = double.Parse(c.GetProperty("exact").GetString()!, CultureInfo.InvariantCulture);
        string family = c.GetProperty("family").GetString()!;
        Func<QuadOptions, Run> run;
        switch (family)
        {
            case "peak":
            {
                double pc = P(c, "c"), e = P(c, "e");
                run = o => Scalar(Quad.Integrate(x => 1.0 / ((x - pc) * (x - pc) + e * e), a, b, o));
                break;
            }
            case "power":
            {
                double pc = P(c, "c"), alpha = P(c, "alpha");
                run = o => Scalar(Quad.Integrate(x => Math.Pow(Math.Abs(x - pc), alpha), a, b, o));
                break;
            }
            case "logabs":
            {
                double pc = P(c, "c");
                run = o => Scalar(Quad.Integrate(x => Math.Log(Math.Abs(x - pc)), a, b, o));
                break;
            }
            case "xalog":
            {
                double alpha = P(c, "alpha");
                run = o => Scalar(Quad.Integrate(x => Math.Pow(x, alpha) * Math.Log(x), a, b, o));
                break;
            }
            case "sinc":
            {
                double w = P(c, "w");
                run = o => Scalar(Quad.Integrate(x => Math.Sin(w * x) / x, a, b, o));
                break;
            }
            case "sintail":
            {
                double w = P(c, "w");
                run = o => Scalar(Quad.Integrate(x => 1.0 / x, a, b, Weight.Sin(w), o));
                break;
            }
            case "coslog":
            {
                double w = P(c, "w");
                run = o => Scalar(Quad.Integrate(Math.Log, a, b, Weight.Cos(w), o));
                break;
            }
            case "algdecay":
            {
                double d = P(c, "d");
                run = o => Scalar(Quad.Integrate(x => Math.Pow(1.0 + x, -1.0 - d), a, b, o));
                break;
            }
            case "step":
            {
                double d = P(c, "d");
                run = o => Scalar(Quad.Integrate(x => x < d ? Math.Exp(x) : 0.5 - x * x, a, b, o));
                break;
            }
            case "algexp":
            {
                double alpha = P(c, "alpha");
                run = o => Scalar(Quad.Integrate(Math.Exp, a, b, Weight.Algebraic(alpha, 0), o));
                break;
            }
            case "alglog":
            {
                double alpha = P(c, "alpha");
                run = o => Scalar(Quad.Integrate(Math.Exp, a, b, Weight.AlgebraicLog(alpha, 0, LogAt.A), o));
                break;
            }
            case "kahaner21":
                run = o => Scalar(Quad.Integrate(Kahaner21, a, b, o));
                break;
            case "pv":
            {
                double pole = P(c, "c");
                Func<double, double> f = c.GetProperty("params").GetProperty("f").GetString() switch
                {
                    "exp" => Math.Exp,
                    "one" => _ => 1.0,
                    "invsqrt" => x => 1.0 / Math.Sqrt(x),
                    "log" => Math.Log,
                    var other => throw new InvalidOperationException(other),
                };
                run = o => Scalar(Quad.CauchyPrincipalValue(f, a, b, pole, o));
                break;
            }
            case "vecpow":
            {
                double pc = P(c, "c"), alpha = P(c, "alpha");
                run = o => Vector(Quad.IntegrateVector((x, v) => { v[0] = Math.Pow(Math.Abs(x - pc), alpha); v[1] = 1.0 + x; }, 2, a, b, o));
                return (run, [exact, 1.5]);
            }
            case "veclog":
            {
                double pc = P(c, "c");
                run = o => Vector(Quad.IntegrateVector((x, v) => { v[0] = Math.Log(Math.Abs(x - pc)); v[1] = Math.Sin(x); }, 2, a, b, o));
                return (run, [exact, 1.0 - Math.Cos(1.0)]);
            }
            case "vecpeak":
            {
                double pc = P(c, "c"), e = P(c, "e");
                run = o => Vector(Quad.IntegrateVector((x, v) => { v[0] = 1.0 / ((x - pc) * (x - pc) + e * e); v[1] = 1.0; }, 2, a, b, o));
                return (run, [exact, 1.0]);
            }
            default:
                throw new InvalidOperationException(family);
        }

        return (run, [exact]);
    }

    /// <summary>Kahaner's (1971) problem 21: three sech peaks of widths 0.1, 0.01 and 0.001.</summary>
    internal static double Kahaner21(double x)
    {
        static double Sech(double t) => 1.0 / Math.Cosh(t);
        double s1 = Sech(10 * (x - 0.2)), s2 = Sech(100 * (x - 0.4)), s3 = Sech(1000 * (x - 0.6));
        double s2Sq = s2 * s2, s3Cube = s3 * s3 * s3;
        return s1 * s1 + s2Sq * s2Sq + s3Cube * s3Cube;
    }

    /// <summary>Why a run that says Converged is wrong, or null when it is honest (or did not claim success).</summary>
    private static string? Dishonesty(Run r, double[] exact, (double Abs, double Rel) tol)
    {
        if (r.Status != QuadStatus.Converged)
            return null;
        double valueNorm = r.Values.Max(Math.Abs), errorNorm = r.Errors.Max();
        if (!(errorNorm <= Math.Max(tol.Abs, tol.Rel * valueNorm)))
            return $"error {errorNorm:G3} above the tolerance";
        for (int k = 0; k < exact.Length; k++)
        {
            double trueError = Math.Abs(r.Values[k] - exact[k]);
            if (!(trueError <= r.Errors[k] + UlpSlack * Math.Abs(r.Values[k])))
                return $"component {k}: true error {trueError:G3} above the estimate {r.Errors[k]:G3} ({trueError / r.Errors[k]:G3}x; exact {exact[k]:R})";
        }

        return null;
    }

    /// <summary>
    /// The runs of the battery known to claim too little, each checked by a test of its own below rather than excused:
    /// Kahaner 21's third peak, which no sampled value shows (<see cref="Kahaner21_ThirdPeakIsInvisibleToEverySample"/>),
    /// and log|x − 0.999| at relTol 1e-4, whose interval around the singularity has |Kronrod − Gauss| 1.4 times below
    /// its true error, as in QUADPACK (<see cref="LogInsideAnInterval_UnderstatesAsQuadpackDoes"/>).
    /// </summary>
    private static readonly HashSet<(string Id, double Abs, double Rel)> Known =
    [
        ("kahaner21() on [0.0, 1.0]", 0, 1e-4), ("kahaner21() on [0.0, 1.0]", 0, 1e-8), ("kahaner21() on [0.0, 1.0]", 0, 1e-12),
        ("kahaner21() on [0.0, 1.0]", 1e-6, 0), ("kahaner21() on [0.0, 1.0]", 1e-10, 1e-6),
        ("logabs(c=0.999) on [0.0, 1.0]", 0, 1e-4),
    ];

    [Theory]
    [MemberData(nameof(CaseIds))]
    public void ConvergedRuns_AreWithinTheirErrorAndTolerance(string id)
    {
        (Func<QuadOptions, Run> run, double[] exact) = Build(Cases.Single(c => c.GetProperty("id").GetString() == id));
        var bad = new List<string>();
        foreach ((double abs, double rel) in Tolerances)
        {
            Run r = run(new QuadOptions { AbsoluteTolerance = abs, RelativeTolerance = rel });
            output.WriteLine($"tol ({abs}, {rel}): {r.Text}");
            if (!Known.Contains((id, abs, rel)) && Dishonesty(r, exact, (abs, rel)) is string why)
                bad.Add($"tol ({abs:G3}, {rel:G3}): {why}: {r.Text}");
        }

        Assert.True(bad.Count == 0, string.Join("\n", bad));
    }

    // QAGS extrapolated |x − 0.9|^−0.9 (no breakpoint) to 17.838474929298883 ± 4.5e-12 at relTol 1e-12, Converged, for a
    // true error of 6.1e-12: the error was the spread of the last extrapolations alone, and the intervals away from the
    // singularity (QUADPACK's erlarg, 4.9e-12 then), whose values every sum in the table holds, were left out of it.
    [Fact]
    public void Extrapolation_ErrorIncludesTheLargeIntervals()
    {
        const double exact = 17.83847492930496; // (0.9^0.1 + 0.1^0.1)/0.1, mpmath (quad39-reference.json)
        var o = new QuadOptions { RelativeTolerance = 1e-12 };
        QuadResult r = Quad.Integrate(x => Math.Pow(Math.Abs(x - 0.9), -0.9), 0, 1, o);
        output.WriteLine(r.ToString());
        Assert.Null(Dishonesty(Scalar(r), [exact], (0, 1e-12)));
        Assert.True(Math.Abs(r.Value - exact) <= r.AbsoluteError, $"{r}");
    }

    // A jump just beyond the common end of a bisection's halves, closer than the half's outermost node (0.44 % of its
    // width), is in no sample of that half: x < d ? eˣ : ½ − x² on [0, 1] with d = 0.08593913404547569, 1.6e-6 above the
    // centre 0.0859375 of [0.078125, 0.09375], was Converged 0.2136476909572827 ± 3.9e-15 for an error of 9.8e-7 at every
    // tolerance (SciPy's quad: the same bits); d = 0.578662879103172 ± 9.6e-15 for 1.1e-8, d = 0.804714195805003 ± 1.4e-14
    // for 1.7e-8. The half's polynomial at that end now meets f there (known from the bisected interval's centre), and
    // misses it by the jump: the gap is charged and bisected until a node falls beyond the jump.
    [Theory]
    [InlineData(0.08593913404547569, 1e-8)]
    [InlineData(0.08593913404547569, 1e-12)]
    [InlineData(0.578662879103172, 1e-8)]
    [InlineData(0.804714195805003, 1e-10)]
    public void JumpInTheGapBeyondTheNodes_IsCharged(double d, double rel)
    {
        double exact = (Math.Exp(d) - 1) + (1 - d) / 2 - (1 - d * d * d) / 3;
        QuadResult r = Quad.Integrate(x => x < d ? Math.Exp(x) : 0.5 - x * x, 0, 1, new QuadOptions { RelativeTolerance = rel });
        output.WriteLine(r.ToString());
        Assert.True(Math.Abs(r.Value - exact) <= r.AbsoluteError + UlpSlack * Math.Abs(exact), $"{r} vs {exact:R}");
        Assert.Null(Dishonesty(Scalar(r), [exact], (0, rel)));
    }

    // The same next to a step at the centre of the range: x < −1e-3 ? 0 : e^(−x) on [−5, 5]. The first rule sees f(0) = 1;
    // the half [−5, 0] sees 0 up to −0.011, so the mass 1e-3 between −1e-3 and 0 was in no sample of it.
    [Fact]
    public void StepJustBesideTheCentre_IsFound()
    {
        double exact = Math.Exp(1e-3) - Math.Exp(-5);
        QuadResult r = Quad.Integrate(x => x < -1e-3 ? 0.0 : Math.Exp(-x), -5, 5);
        output.WriteLine(r.ToString());
        Assert.True(Math.Abs(r.Value - exact) <= r.AbsoluteError + UlpSlack * exact, $"{r} vs {exact:R}");
        Assert.Null(Dishonesty(Scalar(r), [exact], (0, 1e-10)));
    }

    // The vector form had the same blind gap: [|x − c|^α, x < d ? eˣ : ½ − x²] on [0, 1] with c = 0.968458896488165,
    // α = 0.3415181112296497, d = 0.34509301527640457 was Converged at relTol 1e-6 with the second component ± 6.2e-15 for
    // an error of 2.5e-7 (1.1e-5 ± 4.1e-15 with c = 0.27406875103435885 and log|x − c|, d = 0.10939272172255103).
    [Theory]
    [InlineData(false, 0.968458896488165, 0.3415181112296497, 0.34509301527640457, 1e-6)]
    [InlineData(false, 0.968458896488165, 0.3415181112296497, 0.34509301527640457, 1e-10)]
    [InlineData(true, 0.27406875103435885, 0.0, 0.10939272172255103, 1e-4)]
    public void VectorJumpInTheGap_IsCharged(bool log, double c, double alpha, double d, double rel)
    {
        double exact0 = log ? c * Math.Log(c) - c + (1 - c) * Math.Log(1 - c) - (1 - c)
            : (Math.Pow(c, alpha + 1) + Math.Pow(1 - c, alpha + 1)) / (alpha + 1);
        double exact1 = (Math.Exp(d) - 1) + (1 - d) / 2 - (1 - d * d * d) / 3;
        QuadVectorResult r = Quad.IntegrateVector((x, v) =>
        {
            v[0] = log ? Math.Log(Math.Abs(x - c)) : Math.Pow(Math.Abs(x - c), alpha);
            v[1] = x < d ? Math.Exp(x) : 0.5 - x * x;
        }, 2, 0, 1, new QuadOptions { RelativeTolerance = rel });
        output.WriteLine(r.ToString());
        Assert.True(Math.Abs(r.Values[1] - exact1) <= r.AbsoluteErrors[1] + UlpSlack * exact1, $"{r} vs {exact1:R}");
        Assert.Null(Dishonesty(Vector(r), [exact0, exact1], (0, rel)));
    }

    // Kahaner's problem 21 (0.2108027355…) ends Converged 0.2097360688… at every tolerance: the third peak
    // sech⁶(1000(x − 0.6)), of mass 16/15000, is missed. No sampled value shows it: wherever the runs sample, it is below
    // half an ulp of the other two peaks, so the run is bit for bit the run on those two alone, whose integral it gets
    // right. SciPy's quad misses it the same way. Only a breakpoint near 0.6 (or more samples) can find it.
    [Theory]
    [InlineData(0, 1e-4)]
    [InlineData(0, 1e-8)]
    [InlineData(0, 1e-12)]
    [InlineData(1e-6, 0)]
    [InlineData(1e-10, 1e-6)]
    public void Kahaner21_ThirdPeakIsInvisibleToEverySample(double abs, double rel)
    {
        static double Sech(double t) => 1.0 / Math.Cosh(t);
        static double TwoPeaks(double x)
        {
            double s1 = Sech(10 * (x - 0.2)), s2 = Sech(100 * (x - 0.4));
            double s2Sq = s2 * s2;
            return s1 * s1 + s2Sq * s2Sq;
        }

        var o = new QuadOptions { AbsoluteTolerance = abs, RelativeTolerance = rel };
        var seen = new List<double>();
        QuadResult three = Quad.Integrate(x => { seen.Add(x); return Kahaner21(x); }, 0, 1, o);
        QuadResult two = Quad.Integrate(TwoPeaks, 0, 1, o);
        Assert.Equal(two, three with { });
        Assert.All(seen, x => Assert.Equal(TwoPeaks(x), Kahaner21(x)));
        // ∫ sech²(10(x − 0.2)) = (tanh 8 + tanh 2)/10 and ∫ sech⁴(100(x − 0.4)) = (2/3)(2/100) to 1e-30 on [0, 1].
        double twoExact = (Math.Tanh(8) + Math.Tanh(2)) / 10 + 4.0 / 300;
        Assert.Equal(QuadStatus.Converged, two.Status);
        Assert.True(Math.Abs(two.Value - twoExact) <= two.AbsoluteError + UlpSlack * twoExact, $"{two} vs {twoExact:R}");
        // With the peak's neighbourhood given, it is found (and honestly so).
        double exact = double.Parse(Cases.Single(c => c.GetProperty("family").GetString() == "kahaner21").GetProperty("exact").GetString()!,
            CultureInfo.InvariantCulture);
        QuadResult split = Quad.Integrate(Kahaner21, 0, 1, o with { Breakpoints = [0.6] });
        Assert.Null(Dishonesty(Scalar(split), [exact], (abs, rel)));
        Assert.Equal(QuadStatus.Converged, split.Status);
    }

    // log|x − 0.999| on [0, 1] at relTol 1e-4 stops on the summed error, Converged −1.007896487055684 ± 1.0e-5 for a true
    // error of 1.08e-5 (SciPy's quad: the same value and error). Nearly all of it is on [0.99853515625, 0.9990234375],
    // which holds the singularity 0.05 of its width from its upper end, between two nodes: the rule's |Kronrod − Gauss| is
    // 7.6e-6, its true error 1.08e-5. An interior singularity the rules straddle is outside what one rule's estimate can
    // vouch for (give it as a breakpoint: then Converged and honest); pinned here so that a change is seen.
    [Fact]
    public void LogInsideAnInterval_UnderstatesAsQuadpackDoes()
    {
        const double exact = -1.0079072551122321; // mpmath (quad39-reference.json)
        var o = new QuadOptions { RelativeTolerance = 1e-4 };
        QuadResult r = Quad.Integrate(x => Math.Log(Math.Abs(x - 0.999)), 0, 1, o);
        output.WriteLine(r.ToString());
        Assert.Equal(QuadStatus.Converged, r.Status);
        double error = Math.Abs(r.Value - exact);
        Assert.InRange(error / r.AbsoluteError, 1.0, 1.5);
        QuadResult split = Quad.Integrate(x => Math.Log(Math.Abs(x - 0.999)), 0, 1, o with { Breakpoints = [0.999] });
        Assert.Equal(QuadStatus.Converged, split.Status);
        Assert.True(Math.Abs(split.Value - exact) <= split.AbsoluteError, $"{split}");
    }

    [Fact]
    public void PoleAtALimit_IsRefusedNamingThePole()
    {
        foreach ((double a, double b) in new[] { (0.0, 1.0), (-1.0, 3.0), (1.0, 0.0) })
        {
            foreach (double c in new[] { a, b })
            {
                ArgumentException e = Assert.Throws<ArgumentException>(() => Quad.CauchyPrincipalValue(Math.Exp, a, b, c));
                Assert.Equal("c", e.ParamName);
                Assert.Contains("equals a limit of integration", e.Message, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Tally_StatusesPerFamily()
    {
        var tally = new SortedDictionary<string, int>(StringComparer.Ordinal);
        int dishonest = 0;
        foreach (JsonElement c in Cases)
        {
            (Func<QuadOptions, Run> run, double[] exact) = Build(c);
            foreach ((double abs, double rel) in Tolerances)
            {
                Run r = run(new QuadOptions { AbsoluteTolerance = abs, RelativeTolerance = rel });
                string? why = Known.Contains((c.GetProperty("id").GetString()!, abs, rel)) ? null : Dishonesty(r, exact, (abs, rel));
                dishonest += why is null ? 0 : 1;
                string key = $"{c.GetProperty("family").GetString()}: {r.Status}{(why is null ? "" : " (DISHONEST)")}";
                tally[key] = tally.GetValueOrDefault(key) + 1;
            }
        }

        foreach ((string key, int count) in tally)
            output.WriteLine($"{key}: {count}");
        Assert.Equal(0, dishonest);
    }
}
