using BlasNet.Quadrature;

namespace BlasNet.Tests.Quadrature;

/// <summary>
/// <see cref="Quad.IntegrateVector"/> (issue #13 item 3): closed forms for every component, the status-honesty
/// rules of the scalar form (Converged ⇒ finite values and errors within tolerance and around the exact
/// values; non-finite components ⇒ NonFiniteIntegrand; f only ever called at finite points in the range),
/// and the point of a shared subdivision: fewer evaluations than one scalar call per component.
/// </summary>
public class VectorIntegrationTests
{
    private const double Inf = double.PositiveInfinity;

    /// <summary>The checks every Converged result must pass: finite numbers, the error norm within the
    /// tolerance, and each exact value within its component's error bound.</summary>
    private static void AssertHonestConvergence(QuadVectorResult r, double[] exact, QuadOptions? options = null)
    {
        options ??= QuadOptions.Default;
        Assert.True(r.Status == QuadStatus.Converged, r.Message);
        Assert.Equal(exact.Length, r.Values.Count);
        Assert.Equal(exact.Length, r.AbsoluteErrors.Count);
        Assert.Null(r.FailureX);
        Assert.True(r.IsConverged);
        double valueNorm = Norm(r.Values, options.ErrorNorm), errorNorm = Norm(r.AbsoluteErrors, options.ErrorNorm);
        Assert.True(errorNorm <= Math.Max(options.AbsoluteTolerance, options.RelativeTolerance * valueNorm),
            $"error norm {errorNorm} above tolerance for value norm {valueNorm}");
        for (int k = 0; k < exact.Length; k++)
        {
            Assert.True(double.IsFinite(r.Values[k]) && double.IsFinite(r.AbsoluteErrors[k]));
            Assert.True(Math.Abs(r.Values[k] - exact[k]) <= r.AbsoluteErrors[k],
                $"component {k}: {r.Values[k]:R} vs exact {exact[k]:R}, claimed error {r.AbsoluteErrors[k]:G3}");
        }
    }

    private static double Norm(IReadOnlyList<double> v, VectorErrorNorm norm) =>
        norm == VectorErrorNorm.Max ? v.Max(Math.Abs) : Math.Sqrt(v.Sum(x => x * x));

    /// <summary>SciPy 1.10.1 quad_vec's neval on the same families at epsrel 1e-10, epsabs 0, norm 'max'
    /// (bench/peers/quad_vec_scipy.py): the shared subdivision must cost no more than the peer's.</summary>
    private static class SciPyQuadVec
    {
        public const int Powers = 63, Exponentials = 165, Oscillating = 147;
    }

    private static VectorIntegrand Family(int m, Func<int, double, double> f) => (x, values) =>
    {
        for (int k = 0; k < m; k++)
            values[k] = f(k, x);
    };

    private static int ScalarEvaluations(int m, Func<int, double, double> f, double a, double b)
    {
        int total = 0;
        for (int k = 0; k < m; k++)
        {
            int kk = k;
            QuadResult r = Quad.Integrate(x => f(kk, x), a, b);
            Assert.Equal(QuadStatus.Converged, r.Status);
            total += r.Evaluations;
        }

        return total;
    }

    [Fact]
    public void Powers_OnUnitInterval_MatchOneOverKPlusOne_WithFewerEvaluationsThanScalarCalls()
    {
        const int m = 10;
        Func<int, double, double> f = (k, x) => Math.Pow(x, k);
        QuadVectorResult r = Quad.IntegrateVector(Family(m, f), m, 0, 1);
        AssertHonestConvergence(r, [.. Enumerable.Range(0, m).Select(k => 1.0 / (k + 1))]);
        // Degree ≤ 9 is integrated exactly by the 21-point rule: one interval serves all ten.
        Assert.Equal(21, r.Evaluations);
        Assert.Equal(1, r.Intervals);
        Assert.True(r.Evaluations < ScalarEvaluations(m, f, 0, 1));
        Assert.True(r.Evaluations <= SciPyQuadVec.Powers);
    }

    [Fact]
    public void DecayingExponentials_OnHalfLine_MatchOneOverK_WithFewerEvaluationsThanScalarCalls()
    {
        const int m = 8;
        Func<int, double, double> f = (k, x) => Math.Exp(-(k + 1) * x);
        QuadVectorResult r = Quad.IntegrateVector(Family(m, f), m, 0, Inf);
        AssertHonestConvergence(r, [.. Enumerable.Range(0, m).Select(k => 1.0 / (k + 1))]);
        int scalar = ScalarEvaluations(m, f, 0, Inf);
        Assert.True(r.Evaluations < scalar, $"vector {r.Evaluations} vs {scalar} for {m} scalar calls");
        Assert.True(r.Evaluations <= SciPyQuadVec.Exponentials);
    }

    [Fact]
    public void OscillatingFamily_SharesTheSubdivision_WithFewerEvaluationsThanScalarCalls()
    {
        // ∫_0^π e^x cos(kx) dx = ((−1)^k e^π − 1)/(1 + k²).
        const int m = 12;
        Func<int, double, double> f = (k, x) => Math.Exp(x) * Math.Cos(k * x);
        double[] exact = [.. Enumerable.Range(0, m).Select(k => (Math.Pow(-1, k) * Math.Exp(Math.PI) - 1) / (1 + k * k))];
        QuadVectorResult r = Quad.IntegrateVector(Family(m, f), m, 0, Math.PI);
        AssertHonestConvergence(r, exact);
        Assert.True(r.Evaluations < ScalarEvaluations(m, f, 0, Math.PI));
        Assert.True(r.Evaluations <= SciPyQuadVec.Oscillating);
    }

    [Fact]
    public void EuclideanNorm_ConvergesWithinItsOwnTolerance()
    {
        var options = new QuadOptions { ErrorNorm = VectorErrorNorm.Euclidean, RelativeTolerance = 1e-12 };
        const int m = 5;
        // ∫_0^1 sin((k + 1)x) dx = (1 − cos(k + 1))/(k + 1).
        QuadVectorResult r = Quad.IntegrateVector(Family(m, (k, x) => Math.Sin((k + 1) * x)), m, 0, 1, options);
        AssertHonestConvergence(r, [.. Enumerable.Range(0, m).Select(k => (1 - Math.Cos(k + 1)) / (k + 1))], options);
    }

    [Fact]
    public void EndpointSingularities_ConvergeByBisection()
    {
        // x^(−1/2) → 2, ln x → −1, x^(1/2) → 2/3 on [0, 1]; no extrapolation, so bisection towards 0 only.
        VectorIntegrand f = (x, v) =>
        {
            v[0] = 1 / Math.Sqrt(x);
            v[1] = Math.Log(x);
            v[2] = Math.Sqrt(x);
        };
        QuadVectorResult r = Quad.IntegrateVector(f, 3, 0, 1);
        AssertHonestConvergence(r, [2.0, -1.0, 2.0 / 3.0]);
    }

    [Fact]
    public void WholeLine_LowerHalfLine_AndReversedLimits()
    {
        // ∫ x^(2j) e^(−x²) dx over ℝ = Γ(j + 1/2): √π, √π/2, 3√π/4.
        double sp = Math.Sqrt(Math.PI);
        VectorIntegrand moments = (x, v) =>
        {
            double g = Math.Exp(-x * x);
            v[0] = g;
            v[1] = x * x * g;
            v[2] = x * x * x * x * g;
        };
        AssertHonestConvergence(Quad.IntegrateVector(moments, 3, -Inf, Inf), [sp, sp / 2, 3 * sp / 4]);

        // ∫_{−∞}^{2} e^x dx = e², ∫_{−∞}^{2} e^(2x) dx = e⁴/2; reversed: the negatives.
        VectorIntegrand exps = (x, v) =>
        {
            v[0] = Math.Exp(x);
            v[1] = Math.Exp(2 * x);
        };
        double e2 = Math.Exp(2), e4 = Math.Exp(4) / 2;
        AssertHonestConvergence(Quad.IntegrateVector(exps, 2, -Inf, 2), [e2, e4]);
        AssertHonestConvergence(Quad.IntegrateVector(exps, 2, 2, -Inf), [-e2, -e4]);
        // A finite range reversed: ∫_1^0 (1, x) dx = (−1, −1/2).
        AssertHonestConvergence(Quad.IntegrateVector((x, v) => { v[0] = 1; v[1] = x; }, 2, 1, 0), [-1.0, -0.5]);
    }

    [Fact]
    public void Breakpoints_SplitTheSharedPartition()
    {
        // |x − 1/3|^(−1/2) and the kink |x − 1/3| on [0, 1], split at 1/3. Bisection alone (no extrapolation)
        // reaches an error of about √(ulp(1/3)) next to the breakpoint, so ask for 1e-6.
        double p = 1.0 / 3.0;
        var options = new QuadOptions { Breakpoints = [p], RelativeTolerance = 1e-6 };
        var seen = new List<double>();
        VectorIntegrand f = (x, v) =>
        {
            seen.Add(x);
            v[0] = 1 / Math.Sqrt(Math.Abs(x - p));
            v[1] = Math.Abs(x - p);
        };
        double[] exact = [2 * Math.Sqrt(p) + 2 * Math.Sqrt(1 - p), (p * p + (1 - p) * (1 - p)) / 2];
        AssertHonestConvergence(Quad.IntegrateVector(f, 2, 0, 1, options), exact, options);

        // At the default 1e-10 the subintervals next to 1/3 run out of doubles: the run says so, keeps an
        // error bound that holds, and never samples the breakpoint itself (where f is infinite).
        seen.Clear();
        QuadVectorResult tight = Quad.IntegrateVector(f, 2, 0, 1, options with { RelativeTolerance = 1e-10 });
        Assert.Equal(QuadStatus.BadIntegrandBehaviour, tight.Status);
        Assert.DoesNotContain(p, seen);
        for (int k = 0; k < 2; k++)
            Assert.True(Math.Abs(tight.Values[k] - exact[k]) <= tight.AbsoluteErrors[k]);
        Assert.True(tight.AbsoluteErrors.Max() > 1e-10 * tight.Values.Max(Math.Abs));

        // With a breakpoint and an infinite limit: ∫_0^∞ e^(−x) split at 1 is still 1.
        QuadVectorResult tail = Quad.IntegrateVector((x, v) => v[0] = Math.Exp(-x), 1, 0, Inf, new QuadOptions { Breakpoints = [1.0] });
        AssertHonestConvergence(tail, [1.0]);
    }

    [Fact]
    public void EqualLimits_GiveZeros_WithoutCallingF()
    {
        QuadVectorResult r = Quad.IntegrateVector((x, v) => throw new InvalidOperationException("called"), 3, 2, 2);
        Assert.Equal(QuadStatus.Converged, r.Status);
        Assert.Equal([0.0, 0.0, 0.0], r.Values);
        Assert.Equal(0, r.Evaluations);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void NonFiniteComponent_StopsWithNonFiniteIntegrand_AndWhere(double bad)
    {
        // Component 1 is non-finite at x = 0.5, the centre of the first rule.
        VectorIntegrand f = (x, v) =>
        {
            v[0] = x;
            v[1] = x == 0.5 ? bad : x;
        };
        QuadVectorResult r = Quad.IntegrateVector(f, 2, 0, 1);
        Assert.Equal(QuadStatus.NonFiniteIntegrand, r.Status);
        Assert.Equal(0.5, r.FailureX);
        Assert.All(r.Values, v => Assert.True(double.IsNaN(v)));
        Assert.All(r.AbsoluteErrors, e => Assert.Equal(Inf, e));
        Assert.False(r.IsConverged);
        Assert.Contains("x = 0.5", r.Message); // a result's message prints invariant, as every result does (ResultTextCultureTests)

        var thrown = Assert.Throws<QuadVectorException>(() =>
            Quad.IntegrateVector(f, 2, 0, 1, new QuadOptions { ThrowOnFailure = true }));
        Assert.Equal(QuadStatus.NonFiniteIntegrand, thrown.Result.Status);
        Assert.Equal(r.Message, thrown.Message);

        // One catch for scalar and vector failures: the common base carries the status and the failing point of both.
        foreach (Action run in new Action[]
        {
            () => Quad.IntegrateVector(f, 2, 0, 1, new QuadOptions { ThrowOnFailure = true }),
            () => Quad.Integrate(x => x == 0.5 ? bad : x, 0, 1, new QuadOptions { ThrowOnFailure = true }),
        })
        {
            var failure = Assert.ThrowsAny<QuadFailureException>(run);
            Assert.Equal(QuadStatus.NonFiniteIntegrand, failure.Status);
            Assert.Equal(0.5, failure.FailureX);
        }
        Assert.Null(new QuadratureException(Quad.Integrate(x => 1 / Math.Sqrt(x), 0, 1, new QuadOptions { MaxIntervals = 1 })).FailureX);
    }

    [Fact]
    public void MaxIntervalsReached_IsReported_WithErrorAboveTolerance()
    {
        var options = new QuadOptions { MaxIntervals = 3 };
        QuadVectorResult r = Quad.IntegrateVector((x, v) => { v[0] = 1 / Math.Sqrt(x); v[1] = 1; }, 2, 0, 1, options);
        Assert.Equal(QuadStatus.MaxIntervalsReached, r.Status);
        Assert.Equal(3, r.Intervals);
        double tolerance = options.RelativeTolerance * r.Values.Max(Math.Abs);
        Assert.True(r.AbsoluteErrors.Max() > tolerance);
        Assert.True(Math.Abs(r.Values[0] - 2) <= r.AbsoluteErrors[0]);
        Assert.Throws<QuadVectorException>(() =>
            Quad.IntegrateVector((x, v) => { v[0] = 1 / Math.Sqrt(x); v[1] = 1; }, 2, 0, 1, options with { ThrowOnFailure = true }));
    }

    [Fact]
    public void IntegralsAtZero_WithoutAbsoluteTolerance_StopAsRoundoff_NotAtMaxIntervals()
    {
        // ∫ sin x and ∫ x over [−1, 1] are 0: a relative tolerance can never be met, and the error cannot fall below the
        // rounding floor 50ε·∫|f|. The scalar form says RoundoffDetected after 21 points (QUADPACK's ier = 2), SciPy's
        // quad_vec after 63 ("rounding error"); the vector form bisected to MaxIntervals (20 979 points) and reported
        // MaxIntervalsReached, which a larger limit would not have cured.
        QuadVectorResult r = Quad.IntegrateVector((x, v) => { v[0] = Math.Sin(x); v[1] = x; }, 2, -1, 1);
        Assert.Equal(QuadStatus.RoundoffDetected, r.Status);
        Assert.True(r.Evaluations <= 63, $"{r.Evaluations} evaluations");
        for (int k = 0; k < 2; k++)
            Assert.True(Math.Abs(r.Values[k]) <= r.AbsoluteErrors[k], $"component {k}: {r.Values[k]:R} ± {r.AbsoluteErrors[k]:G3}");
        Assert.Contains("AbsoluteTolerance", r.Message);

        // With an absolute tolerance above the floor the same vector converges.
        var options = new QuadOptions { AbsoluteTolerance = 1e-12 };
        AssertHonestConvergence(Quad.IntegrateVector((x, v) => { v[0] = Math.Sin(x); v[1] = x; }, 2, -1, 1, options), [0, 0], options);
    }

    [Fact]
    public void RoundoffStop_WaitsUntilTheOtherComponentsAreResolved()
    {
        // sin x on [−1, 1] has integral 0, so its rounding floor (≈ 1e-14) exceeds the relative tolerance 1e-10·‖I‖ and
        // the run must end with RoundoffDetected. The stop was taken as soon as the error norm was within 2× the floor
        // norm, which left 1e-6·ln|x − c| (needing bisections at c) with an error up to 2e-14, 100× its own 2e-16 share
        // of the tolerance, though only the floor of sin x was beyond reach (SciPy's quad_vec keeps bisecting here).
        const double c = 0.1234;
        double exact = 1e-6 * ((1 - c) * Math.Log(1 - c) - (1 - c) + (1 + c) * Math.Log(1 + c) - (1 + c));
        foreach (VectorErrorNorm norm in new[] { VectorErrorNorm.Max, VectorErrorNorm.Euclidean })
        {
            QuadVectorResult r = Quad.IntegrateVector((x, v) => { v[0] = Math.Sin(x); v[1] = 1e-6 * Math.Log(Math.Abs(x - c)); }, 2, -1, 1,
                new QuadOptions { ErrorNorm = norm });
            Assert.Equal(QuadStatus.RoundoffDetected, r.Status);
            double tolerance = 1e-10 * Math.Abs(exact);
            Assert.True(r.AbsoluteErrors[1] <= tolerance, $"{norm}: component 1 claims ± {r.AbsoluteErrors[1]:G3}, tolerance {tolerance:G3}");
            Assert.True(Math.Abs(r.Values[1] - exact) <= tolerance, $"{norm}: component 1 is {r.Values[1]:R}, exact {exact:R}");
            Assert.True(Math.Abs(r.Values[0]) <= r.AbsoluteErrors[0]);
        }
    }

    [Fact]
    public void TailWithIntegralZero_StopsAsRoundoff_NotAtMaxIntervals()
    {
        // ∫_0^∞ (1 − x)e^−x dx = 0: no relative tolerance can be met. SciPy's quad_vec says "rounding error" after 1 875
        // points; requiring the error above the floor to fall within the (vanishing) tolerance bisected to MaxIntervals,
        // as the queue keeps splitting intervals whose error is all floor.
        QuadVectorResult r = Quad.IntegrateVector((x, v) => v[0] = (1 - x) * Math.Exp(-x), 1, 0, Inf);
        Assert.Equal(QuadStatus.RoundoffDetected, r.Status);
        Assert.True(r.Evaluations < 5000, $"{r.Evaluations} evaluations");
        Assert.True(Math.Abs(r.Values[0]) <= r.AbsoluteErrors[0], $"{r.Values[0]:R} ± {r.AbsoluteErrors[0]:G3}");
    }

    [Fact]
    public void NonIntegrableSingularity_IsNotConverged()
    {
        // 1/x on [0, 1] diverges: the run must not claim success.
        QuadVectorResult r = Quad.IntegrateVector((x, v) => { v[0] = 1 / x; v[1] = x; }, 2, 0, 1);
        Assert.NotEqual(QuadStatus.Converged, r.Status);
    }

    [Fact]
    public void IntegralBeyondDoubleRange_IsOverflow()
    {
        QuadVectorResult r = Quad.IntegrateVector((x, v) => { v[0] = 1e308; v[1] = 1; }, 2, 0, 1e10);
        Assert.Equal(QuadStatus.Overflow, r.Status);
        Assert.All(r.AbsoluteErrors, e => Assert.Equal(Inf, e));
    }

    [Fact]
    public void ValuesNearDoubleMax_WithARepresentableIntegral_Converge()
    {
        // ∫_0^1 (1e308, −1e308) dx: the rule sums scaled values.
        AssertHonestConvergence(Quad.IntegrateVector((x, v) => { v[0] = 1e308; v[1] = -1e308; }, 2, 0, 1), [1e308, -1e308]);
    }

    /// <summary>
    /// Tails whose weighted values c/(1 + x²)·s/t² (and folds f(x) + f(−x)) leave double range at the nodes while the
    /// integrals cπ/2 and cπ are representable: converged on the closed form, as the scalar <see cref="Quad.Integrate"/>
    /// does (the vector tails had reported Overflow for c ≥ 0.5e308); c = 1e-300 takes the same sum's scaled-up branch.
    /// </summary>
    [Theory]
    [InlineData(1e308, 0.0, Inf)]
    [InlineData(1e308, -Inf, 0.0)]
    [InlineData(0.5e308, -Inf, Inf)]
    [InlineData(1e-300, 0.0, Inf)]
    [InlineData(1e-300, -Inf, Inf)]
    public void TailsAtTheEdgesOfDoubleRange_ConvergeOnTheClosedForm(double c, double a, double b)
    {
        double exact = c * (double.IsInfinity(a) && double.IsInfinity(b) ? Math.PI : Math.PI / 2);
        QuadVectorResult r = Quad.IntegrateVector((x, v) => { v[0] = c / (1 + x * x); v[1] = -c / (1 + x * x); }, 2, a, b);
        AssertHonestConvergence(r, [exact, -exact]);
        QuadResult scalar = Quad.Integrate(x => c / (1 + x * x), a, b);
        Assert.Equal(QuadStatus.Converged, scalar.Status);
    }

    [Theory]
    [InlineData(0.0, Inf)]
    [InlineData(-Inf, 0.0)]
    [InlineData(-Inf, Inf)]
    [InlineData(-1e308, 1e308)]
    [InlineData(1e300, Inf)]
    public void IntegrandIsOnlyCalledAtFinitePointsInsideTheRange(double a, double b)
    {
        var seen = new List<double>();
        VectorIntegrand f = (x, v) =>
        {
            seen.Add(x);
            v[0] = 1 / (1 + x * x);
            v[1] = 0;
        };
        QuadVectorResult r = Quad.IntegrateVector(f, 2, a, b);
        Assert.Equal(seen.Count, r.Evaluations);
        Assert.All(seen, x => Assert.True(double.IsFinite(x) && x >= a && x <= b, $"x = {x:R}"));
        // On [−1e308, 1e308] the first nodes are 1e307 apart and see 1/(1 + x²) as 0 (the documented limit
        // of any sampling rule); the values are checked on the infinite ranges.
        if (double.IsInfinity(a) || double.IsInfinity(b))
        {
            Assert.Equal(QuadStatus.Converged, r.Status);
            double exact = Math.Atan(b) - Math.Atan(a);
            Assert.True(Math.Abs(r.Values[0] - exact) <= r.AbsoluteErrors[0] + 1e-300);
        }
    }

    [Fact]
    public void InvalidArguments_NameTheArgument()
    {
        VectorIntegrand f = (x, v) => v[0] = x;
        Assert.Equal("f", Assert.Throws<ArgumentNullException>(() => Quad.IntegrateVector(null!, 1, 0, 1)).ParamName);
        var length = Assert.Throws<ArgumentOutOfRangeException>(() => Quad.IntegrateVector(f, 0, 0, 1));
        Assert.Equal("length", length.ParamName);
        Assert.Contains("0", length.Message);
        // Beyond what the rule's length × 21 value table can hold: named, not an unexplained OutOfMemoryException.
        var huge = Assert.Throws<ArgumentOutOfRangeException>(() => Quad.IntegrateVector(f, int.MaxValue, 0, 1));
        Assert.Equal("length", huge.ParamName);
        Assert.Contains("2147483647", huge.Message);
        Assert.Equal("a", Assert.Throws<ArgumentException>(() => Quad.IntegrateVector(f, 1, double.NaN, 1)).ParamName);
        Assert.Equal("b", Assert.Throws<ArgumentException>(() => Quad.IntegrateVector(f, 1, 0, double.NaN)).ParamName);
        Assert.Equal("options", Assert.Throws<ArgumentException>(() =>
            Quad.IntegrateVector(f, 1, 0, 1, new QuadOptions { RelativeTolerance = -1 })).ParamName);
        Assert.Equal("options", Assert.Throws<ArgumentException>(() =>
            Quad.IntegrateVector(f, 1, 0, 1, new QuadOptions { ErrorNorm = (VectorErrorNorm)7 })).ParamName);
    }

    [Fact]
    public void Result_PrintsItsNumbers_AndItsListsCannotBeWritten()
    {
        // ∫₀¹ (1, x) dx = (1, ½): the printed text carries both values, round-trip, not a type name.
        var r = Quad.IntegrateVector((x, v) => { v[0] = 1; v[1] = x; }, 2, 0, 1);
        string text = r.ToString();
        Assert.DoesNotContain("System.", text);
        Assert.Contains($"Values = [{r.Values[0].ToString("R", System.Globalization.CultureInfo.InvariantCulture)}, {r.Values[1].ToString("R", System.Globalization.CultureInfo.InvariantCulture)}]", text);
        Assert.Contains("FailureX = none", text);
        Assert.False(r.Values is double[]);
        Assert.False(r.AbsoluteErrors is double[]);
        Assert.Equal(1.0, r.Values[0], 14);
        Assert.Equal(0.5, r.Values[1], 14);
    }
}
