using BlasNet.Quadrature;

namespace BlasNet.Tests.Quadrature;

/// <summary>
/// Status honesty (issue #9): for every <see cref="QuadStatus"/> member, runs where it is returned and a
/// check that the numbers back it. <c>Converged</c> must come with a finite value, a finite error estimate
/// within max(AbsoluteTolerance, RelativeTolerance·|Value|), and the closed-form value within that error;
/// every other status must say what it says (an error estimate above the tolerance, a failure point, an
/// infinite error) and must turn into a <see cref="QuadratureException"/> carrying it under
/// <see cref="QuadOptions.ThrowOnFailure"/>.
/// </summary>
public class StatusHonestyTests
{
    private const double Inf = double.PositiveInfinity;

    /// <summary>A run at given options, the status it must end with, its exact value (NaN: none) and the
    /// options whose tolerance it is judged by.</summary>
    public sealed record Case(string Name, QuadStatus Status, Func<QuadOptions, QuadResult> Run, double Exact, QuadOptions Options)
    {
        public override string ToString() => Name;
    }

    private static Case I(string name, QuadStatus status, Func<double, double> f, double a, double b, double exact,
        QuadOptions? options = null) =>
        new(name, status, o => Quad.Integrate(f, a, b, o), exact, options ?? QuadOptions.Default);

    private static Case Pv(string name, QuadStatus status, Func<double, double> f, double a, double b, double c,
        double exact, QuadOptions? options = null) =>
        new(name, status, o => Quad.CauchyPrincipalValue(f, a, b, c, o), exact, options ?? QuadOptions.Default);

    /// <summary>PV ∫_a^b dx/(x − c) = ln(|b − c|/|c − a|) (c inside or outside), from the two distances:
    /// exact in double when c is close to a limit, where ln((1 − c)/c) would round 1 − c.</summary>
    private static double PvOfOne(double a, double b, double c) => Math.Log(Math.Abs(b - c)) - Math.Log(Math.Abs(c - a));

    /// <summary>PV ∫_0^∞ dx/((1 + x²)(x − c)) = −(ln c + πc/2)/(1 + c²) for c &gt; 0 (partial fractions).</summary>
    private static double PvLorentzTail(double c) => -(Math.Log(c) + Math.PI * c / 2) / (1 + c * c);

    public static readonly Case[] Cases =
    [
        // Converged: ordinary, singular, infinite, principal value.
        I("sqrt on [0,1]", QuadStatus.Converged, Math.Sqrt, 0, 1, 2.0 / 3),
        I("log on [0,1]", QuadStatus.Converged, Math.Log, 0, 1, -1),
        I("exp(-x) on [0,inf)", QuadStatus.Converged, x => Math.Exp(-x), 0, Inf, 1),
        I("1/(1+x^2) on R", QuadStatus.Converged, x => 1 / (1 + x * x), -Inf, Inf, Math.PI),
        Pv("PV 1/(x-0.3) on [0,1]", QuadStatus.Converged, _ => 1, 0, 1, 0.3, PvOfOne(0, 1, 0.3)),
        // Converged at the edges of double range (the issue's cases and their kin).
        I("1e308 on [0,1] (the weighted sums would overflow)", QuadStatus.Converged, _ => 1e308, 0, 1, 1e308),
        I("1.7e308 on [0,1]", QuadStatus.Converged, _ => 1.7e308, 0, 1, 1.7e308),
        I("1e-300 on [-1e308, 1.5e308]", QuadStatus.Converged, _ => 1e-300, -1e308, 1.5e308, 2.5e8),
        I("1e-300 on [-MaxValue, MaxValue]", QuadStatus.Converged, _ => 1e-300, -double.MaxValue, double.MaxValue,
            2 * (double.MaxValue * 1e-300)),
        I("exp(-|x|/1e307) on [-1e308, 1e308]", QuadStatus.Converged, x => Math.Exp(-Math.Abs(x) / 1e307), -1e308, 1e308,
            2e307 * (1 - Math.Exp(-10))),
        Pv("PV c = 1e-300 on [0,1]", QuadStatus.Converged, _ => 1, 0, 1, 1e-300, PvOfOne(0, 1, 1e-300)),
        Pv("PV c = 1e-20 on [0,1]", QuadStatus.Converged, _ => 1, 0, 1, 1e-20, PvOfOne(0, 1, 1e-20)),
        Pv("PV c = -1e-17 on [-1,0]", QuadStatus.Converged, _ => 1, -1, 0, -1e-17, PvOfOne(-1, 0, -1e-17)),
        Pv("PV c = 1 - 1e-16 on [0,1]", QuadStatus.Converged, _ => 1, 0, 1, 1 - 1e-16, PvOfOne(0, 1, 1 - 1e-16)),
        Pv("PV c = 1e-5 on [0,1]", QuadStatus.Converged, _ => 1, 0, 1, 1e-5, PvOfOne(0, 1, 1e-5)),
        // c = 1 − 1e-9: the subintervals next to c are 1e-9 wide where doubles are 1e-16 apart, so the
        // weights must come from the distances to the ends, not from the rounded nodes (was 1.4e-9 off
        // with 1.2e-10 claimed).
        Pv("PV c = 0.999999999 on [0,1]", QuadStatus.Converged, _ => 1, 0, 1, 0.999999999, PvOfOne(0, 1, 0.999999999)),
        // f/(x − c) = 1e-300/1e283 underflows to 0 pointwise while the integral is 1.8e-299 (was 4 % off).
        Pv("PV 1e-300, c = 1e292 on [0,1e300]", QuadStatus.Converged, _ => 1e-300, 0, 1e300, 1e292,
            1e-300 * (Math.Log((1e300 - 1e292) / 1e300) - Math.Log(1e292 / 1e300))),
        Pv("PV c = next double above 0.5 on [0.5, 1.5]", QuadStatus.Converged, _ => 1, 0.5, 1.5, Math.BitIncrement(0.5),
            PvOfOne(0.5, 1.5, Math.BitIncrement(0.5))),
        Pv("PV c = 1e307 on [-1e308, 1e308]", QuadStatus.Converged, _ => 1, -1e308, 1e308, 1e307, Math.Log(9.0 / 11)),
        Pv("PV e^x, c = 1e-300 on [0,1]", QuadStatus.Converged, Math.Exp, 0, 1, 1e-300,
            // PV ∫_0^1 e^x/(x − c) dx = e^c (Ei(1 − c) − Ei(−c)) → Ei(1) − γ − ln c as c → 0 (error O(c)).
            1.8951178163559367555 - 0.57721566490153286061 + 300 * Math.Log(10)),
        Pv("PV 1/(1+x^2), c = 1e-300 on [0,inf)", QuadStatus.Converged, x => 1 / (1 + x * x), 0, Inf, 1e-300,
            PvLorentzTail(1e-300)),
        Pv("PV 1/(1+x^2), c = 1e-3 on [0,inf)", QuadStatus.Converged, x => 1 / (1 + x * x), 0, Inf, 1e-3,
            PvLorentzTail(1e-3)),
        Pv("PV 1/(1+x^2), c = -1e-300 on (-inf,0]", QuadStatus.Converged, x => 1 / (1 + x * x), -Inf, 0, -1e-300,
            -PvLorentzTail(1e-300)),
        // Converged with the pole just outside the range: 1/(x − c) nearly singular at a limit.
        Pv("PV c = 1 + 1e-10 outside [0,1]", QuadStatus.Converged, _ => 1, 0, 1, 1 + 1e-10, PvOfOne(0, 1, 1 + 1e-10)),
        Pv("PV c = 1 + 1e-6 outside [0,1]", QuadStatus.Converged, _ => 1, 0, 1, 1 + 1e-6, PvOfOne(0, 1, 1 + 1e-6)),
        Pv("PV c = -1e-300 outside [0,1]", QuadStatus.Converged, _ => 1, 0, 1, -1e-300, PvOfOne(0, 1, -1e-300)),
        Pv("PV 1/(1+x^2), c = -1e-300 outside [0,inf)", QuadStatus.Converged, x => 1 / (1 + x * x), 0, Inf, -1e-300,
            // c → 0⁻: −(ln|c| + πc/2)/(1 + c²) as for c > 0, the same partial fractions.
            -Math.Log(1e-300)),
        // The running error sum drifted below zero here (−2.4e-18 reported under Converged).
        Pv("PV 1/(1+(x/1e100)^2), c = 1e108 on [0,inf)", QuadStatus.Converged, x => 1 / (1 + x / 1e100 * (x / 1e100)), 0, Inf, 1e108,
            PvLorentzTail(1e8)),
        // f/(x − c) = 1e-300/1e100 underflows on the tail while the principal value is 6.7e-301 (was
        // −2.9e-301 under Converged).
        Pv("PV 1e-300/(1+(x/1e100)^2), c = 0.3e100 on [0,inf)", QuadStatus.Converged,
            x => 1e-300 / (1 + x / 1e100 * (x / 1e100)), 0, Inf, 0.3e100, 1e-300 * PvLorentzTail(0.3)),
        // Converged although the integrand as the rules see it overflows: f/t² on a mapped tail, f(x) + f(−x)
        // on a folded range, f/(x − c) next to a pole, Chebyshev sums of values near MaxValue.
        I("1e308/(1+x^2) on [0,inf)", QuadStatus.Converged, x => 1e308 / (1 + x * x), 0, Inf, 1e308 * (Math.PI / 2)),
        I("0.5e308/(1+x^2) on R", QuadStatus.Converged, x => 0.5e308 / (1 + x * x), -Inf, Inf, 0.5e308 * Math.PI),
        Pv("PV 1e300, c = 1e-300 on [0,1]", QuadStatus.Converged, _ => 1e300, 0, 1, 1e-300, 1e300 * PvOfOne(0, 1, 1e-300)),
        Pv("PV 1.7e308, c = 0.3 on [0,1]", QuadStatus.Converged, _ => 1.7e308, 0, 1, 0.3, 1.7e308 * PvOfOne(0, 1, 0.3)),
        // Converged on values below the normal range only with an error that admits their rounding.
        I("1e-315 e^x on [0,1], absolute 1e-320", QuadStatus.Converged, x => 1e-315 * Math.Exp(x), 0, 1, 1e-315 * (Math.E - 1),
            new QuadOptions { AbsoluteTolerance = 1e-320 }),

        // MaxIntervalsReached: sin(1/x) needs far more than 20 intervals.
        I("sin(1/x), 20 intervals", QuadStatus.MaxIntervalsReached, x => Math.Sin(1 / x), 0, 1, 0.50406706190692837199,
            new QuadOptions { MaxIntervals = 20 }),
        I("sqrt, 1 interval", QuadStatus.MaxIntervalsReached, Math.Sqrt, 0, 1, 2.0 / 3, new QuadOptions { MaxIntervals = 1 }),

        // RoundoffDetected: the PV tails cancel to 1e-6 of their size; 1e-10 relative is out of reach.
        Pv("PV 1/(1+x^2), c = 1e-6 on R", QuadStatus.RoundoffDetected, x => 1 / (1 + x * x), -Inf, Inf, 1e-6,
            -Math.PI * 1e-6 / (1 + 1e-12)),

        // BadIntegrandBehaviour: a non-integrable interior singularity.
        I("1/|x-1/3|", QuadStatus.BadIntegrandBehaviour, x => 1 / Math.Abs(x - 1.0 / 3), 0, 1, double.NaN,
            new QuadOptions { MaxIntervals = 2000 }),

        // Divergent.
        I("x^-1.1 on [0,1]", QuadStatus.Divergent, x => Math.Pow(x, -1.1), 0, 1, double.NaN),

        // NonFiniteIntegrand: the integrand itself returns ±∞ or NaN.
        I("1/(x-0.5) hits x = 0.5", QuadStatus.NonFiniteIntegrand, x => 1 / (x - 0.5), 0, 1, double.NaN),
        I("overflows to +inf in the middle", QuadStatus.NonFiniteIntegrand, x => Math.Exp(1000 * (0.75 - Math.Abs(x - 0.5))),
            0, 1, double.NaN),

        // Overflow: every value of f is finite, but the integral is not representable.
        I("1e300 on [0,1e10] (issue #9)", QuadStatus.Overflow, _ => 1e300, 0, 1e10, Inf),
        I("1e308 on [0,10]", QuadStatus.Overflow, _ => 1e308, 0, 10, Inf),
        I("1e308 exp(-(x-5)^2) on [0,10]: finite f, overflow in the middle", QuadStatus.Overflow,
            x => 1e308 * Math.Exp(-(x - 5) * (x - 5)), 0, 10, Inf),
        I("1 on [-MaxValue, MaxValue]", QuadStatus.Overflow, _ => 1.0, -double.MaxValue, double.MaxValue, Inf),
        I("1/x^2 from 1e308 to inf: nodes beyond MaxValue", QuadStatus.Overflow, x => 1 / (x * x), 1e308, Inf, 1e-308),
        Pv("PV 1, c = 1e308 on [-1e308, inf)", QuadStatus.Overflow, _ => 1, -1e308, Inf, 1e308, double.NaN),
        I("1.7e308/(1+x^2) on R", QuadStatus.Overflow, x => 1.7e308 / (1 + x * x), -Inf, Inf, Inf),
        Pv("PV 1e306, c = 1e-300 on [0,1] (6.9e308)", QuadStatus.Overflow, _ => 1e306, 0, 1, 1e-300, Inf),
        I("cos 200x on [0,1], token signalled before the call", QuadStatus.Cancelled, x => Math.Cos(200 * x), 0, 1, Math.Sin(200) / 200,
            new QuadOptions { CancellationToken = new CancellationToken(true) }),
        new("cos 200x on [0,1], token signalled by the 300th call", QuadStatus.Cancelled, o =>
        {
            using var cts = new CancellationTokenSource();
            int calls = 0;
            return Quad.Integrate(x => { if (++calls == 300) cts.Cancel(); return Math.Cos(200 * x); }, 0, 1, o with { CancellationToken = cts.Token });
        }, Math.Sin(200) / 200, QuadOptions.Default),
    ];

    public static TheoryData<Case> All => [.. Cases];

    [Fact]
    public void EveryStatus_HasACase()
    {
        foreach (QuadStatus status in Enum.GetValues<QuadStatus>())
            Assert.Contains(Cases, c => c.Status == status);
    }

    [Theory]
    [MemberData(nameof(All))]
    public void Status_IsReturned_AndBackedByTheNumbers(Case c)
    {
        QuadResult r = c.Run(c.Options);

        Assert.True(c.Status == r.Status, $"{c.Name}: {r.Status} ({r.Message}), expected {c.Status}; value {r.Value:R} ± {r.AbsoluteError:R}");
        Assert.False(string.IsNullOrWhiteSpace(r.Message));
        Assert.True(r.AbsoluteError >= 0, $"{c.Name}: negative error estimate {r.AbsoluteError}");
        double tolerance = Math.Max(c.Options.AbsoluteTolerance, c.Options.RelativeTolerance * Math.Abs(r.Value));
        switch (r.Status)
        {
            case QuadStatus.Converged:
                Assert.True(r.IsConverged);
                Assert.True(double.IsFinite(r.Value), $"{c.Name}: value {r.Value}");
                Assert.True(double.IsFinite(r.AbsoluteError), $"{c.Name}: error {r.AbsoluteError}");
                Assert.True(r.AbsoluteError <= tolerance, $"{c.Name}: error {r.AbsoluteError:G3} above tolerance {tolerance:G3}");
                Assert.True(Math.Abs(r.Value - c.Exact) <= r.AbsoluteError,
                    $"{c.Name}: {r.Value:R} vs exact {c.Exact:R}, true error {Math.Abs(r.Value - c.Exact):G3} above claimed {r.AbsoluteError:G3}");
                Assert.Null(r.FailureX);
                break;
            case QuadStatus.MaxIntervalsReached or QuadStatus.RoundoffDetected:
                // A usable estimate that misses the tolerance, and an error estimate that says so and
                // covers the true error.
                Assert.False(r.IsConverged);
                Assert.True(double.IsFinite(r.Value) && double.IsFinite(r.AbsoluteError));
                Assert.True(r.AbsoluteError > tolerance, $"{c.Name}: error {r.AbsoluteError:G3} within tolerance {tolerance:G3} but not Converged");
                Assert.True(Math.Abs(r.Value - c.Exact) <= r.AbsoluteError,
                    $"{c.Name}: true error {Math.Abs(r.Value - c.Exact):G3} above claimed {r.AbsoluteError:G3}");
                break;
            case QuadStatus.BadIntegrandBehaviour or QuadStatus.Divergent:
                Assert.False(r.IsConverged);
                Assert.Null(r.FailureX);
                break;
            case QuadStatus.NonFiniteIntegrand:
                Assert.True(double.IsNaN(r.Value));
                Assert.Equal(Inf, r.AbsoluteError);
                Assert.NotNull(r.FailureX);
                Assert.True(double.IsFinite(r.FailureX!.Value));
                break;
            case QuadStatus.Overflow:
                Assert.Equal(Inf, r.AbsoluteError);
                Assert.Null(r.FailureX);
                // Never a finite number that pretends to be the (unrepresentable) integral: either the
                // estimate is ±∞/NaN, or a finite estimate whose error is +∞.
                if (double.IsInfinity(c.Exact))
                    Assert.True(double.IsInfinity(r.Value) || double.IsNaN(r.Value) || r.Value > 0.5 * double.MaxValue, r.Value.ToString("R"));
                Assert.Contains("double", r.Message);
                break;
            case QuadStatus.Cancelled:
                // The estimate so far, with an error that covers the true one; or none (NaN ± ∞).
                Assert.False(r.IsConverged);
                Assert.Null(r.FailureX);
                if (double.IsNaN(r.Value))
                    Assert.Equal(Inf, r.AbsoluteError);
                else
                    Assert.True(Math.Abs(r.Value - c.Exact) <= r.AbsoluteError,
                        $"{c.Name}: true error {Math.Abs(r.Value - c.Exact):G3} above claimed {r.AbsoluteError:G3}");
                break;
            default:
                Assert.Fail($"{r.Status} has no honesty check");
                break;
        }
    }

    [Theory]
    [MemberData(nameof(All))]
    public void ThrowOnFailure_ThrowsExactlyForTheFailures(Case c)
    {
        var throwing = c.Options with { ThrowOnFailure = true };
        if (c.Status == QuadStatus.Converged)
        {
            Assert.True(c.Run(throwing).IsConverged);
            return;
        }

        var e = Assert.Throws<QuadratureException>(() => c.Run(throwing));
        Assert.Equal(c.Status, e.Result.Status);
        Assert.Equal(e.Result.Message, e.Message);
    }
    /// <summary>
    /// QAWC stopped by MaxIntervals on partitions too coarse for cos(200x): the interval holding the pole is far
    /// too wide for the 25-point Chebyshev interpolant, and the degree-12/24 difference of two aliased results was
    /// small by chance (12 to 15 intervals: 2.41067 ± 0.662 down to ± 0.0892 for a true error of 1.46; 1 interval:
    /// 0.290 ± 0.293 for 0.662; QUADPACK's dqawc, via SciPy, reports the same). The exact value
    /// PV ∫_0^1 cos(200x)/(x − 0.3) dx = Re e^{200i·0.3}[Ci(140) − Ci(60) + i(Si(140) + Si(60))], from mpmath.
    /// </summary>
    [Fact]
    public void CauchyPrincipalValue_OnCoarsePartitions_DoesNotUnderstateItsError()
    {
        const double exact = 0.95160607472334561075;
        for (int n = 1; n <= 30; n++)
        {
            QuadResult r = Quad.CauchyPrincipalValue(x => Math.Cos(200 * x), 0, 1, 0.3, new QuadOptions { MaxIntervals = n });
            Assert.Equal(QuadStatus.MaxIntervalsReached, r.Status);
            Assert.True(Math.Abs(r.Value - exact) <= r.AbsoluteError,
                $"MaxIntervals {n}: {r.Value:R}, true error {Math.Abs(r.Value - exact):G3} above claimed {r.AbsoluteError:G3}");
        }
    }

    /// <summary>
    /// QAWS likewise, where the modified Clenshaw–Curtis rule works next to the singular end: cos(200x)·x^(−1/2)
    /// on [0, 1] in 2 to 4 pieces was 0.66 ± 0.44 for a true error of 0.58, and cos(200x)·ln x −0.409 ± 0.157 for
    /// 0.40. Exact: √(π/100)·C(√(400/π)) (Fresnel C) and −Si(200)/200, from mpmath.
    /// </summary>
    [Fact]
    public void AlgebraicWeight_OnCoarsePartitions_DoesNotUnderstateItsError()
    {
        (Weight Weight, double Exact)[] cases =
        [
            (Weight.Algebraic(-0.5, 0), 0.084250198637689961732),
            (Weight.AlgebraicLog(0, 0, LogAt.A), -0.0078419116966973491668),
        ];
        foreach ((Weight weight, double exact) in cases)
        {
            for (int n = 2; n <= 30; n++)
            {
                QuadResult r = Quad.Integrate(x => Math.Cos(200 * x), 0, 1, weight, new QuadOptions { MaxIntervals = n });
                Assert.Equal(QuadStatus.MaxIntervalsReached, r.Status);
                Assert.True(Math.Abs(r.Value - exact) <= r.AbsoluteError,
                    $"{weight}, MaxIntervals {n}: {r.Value:R}, true error {Math.Abs(r.Value - exact):G3} above claimed {r.AbsoluteError:G3}");
            }
        }
    }
}
