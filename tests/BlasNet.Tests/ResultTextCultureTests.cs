using System.Globalization;
using System.Text.RegularExpressions;
using BlasNet.Neural;
using BlasNet.Optimization;
using BlasNet.Quadrature;

namespace BlasNet.Tests;

/// <summary>
/// Result records and the messages they carry print numbers with a decimal point in any culture, as every BlasNet result
/// does, and so do BlasNet's exception messages (only the "Actual value was …" line .NET appends follows the culture). Under de-DE the
/// generated <see cref="Interval"/> printer gave "Lower = 1,5, Upper = 2,5" and the quadrature and least-squares messages
/// "x = 0,5", "error norm 5,55E-15", "cosine … 0,999".
/// </summary>
public class ResultTextCultureTests
{
    private static readonly Regex DecimalComma = new(@"\d,\d");

    private static void InGerman(Action body)
    {
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE"); // this thread only
            Assert.Equal("1,5", 1.5.ToString()); // the culture does what the test assumes
            body();
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void Interval_PrintsInvariant()
        => InGerman(() => Assert.Equal("Interval { Lower = 1.5, Upper = -2.25 }", new Interval(1.5, -2.25).ToString()));

    [Fact]
    public void QuadratureMessages_PrintInvariant() => InGerman(() =>
    {
        var stopped = Quad.Integrate(x => x > 0.3 ? double.NaN : 1.0, 0, 1);
        Assert.Equal(QuadStatus.NonFiniteIntegrand, stopped.Status);
        Assert.DoesNotMatch(DecimalComma, stopped.Message);
        Assert.Contains(stopped.FailureX!.Value.ToString("R", CultureInfo.InvariantCulture), stopped.Message);
        var vector = Quad.IntegrateVector((x, f) => { f[0] = x; f[1] = x * x; }, 2, 0, 1);
        Assert.Matches(@"error norm \d\.\d", vector.Message);
        Assert.DoesNotMatch(DecimalComma, vector.Message);
    });

    [Fact]
    public void QuadratureFailureMessages_PrintInvariant() => InGerman(() =>
    {
        // Each of these was printed in the current culture: "x = 0,9978…", "[0, 10,5]", "(the node t = 0,5 …".
        var vector = Quad.IntegrateVector((x, f) => f[0] = x > 0.3 ? double.NaN : 1.0, 1, 0, 1);
        Assert.Equal(QuadStatus.NonFiniteIntegrand, vector.Status);
        Assert.Contains(vector.FailureX!.Value.ToString("R", CultureInfo.InvariantCulture), vector.Message);
        Assert.DoesNotMatch(DecimalComma, vector.Message);

        var overflow = Quad.Integrate(_ => double.MaxValue, 0, 10.5);
        Assert.Equal(QuadStatus.Overflow, overflow.Status);
        Assert.Contains("10.5", overflow.Message);
        Assert.DoesNotMatch(DecimalComma, overflow.Message);

        var beyond = Quad.Integrate(x => 1.0 / (x * x), 1e308, double.PositiveInfinity);
        var beyondVector = Quad.IntegrateVector((x, f) => f[0] = 1.0 / (x * x), 1, 1e308, double.PositiveInfinity);
        foreach (string message in new[] { beyond.Message, beyondVector.Message })
            Assert.DoesNotMatch(DecimalComma, message);
    });

    [Fact]
    public void LeastSquaresStalledMessage_PrintsInvariant() => InGerman(() =>
    {
        // A wrong analytic Jacobian: the check's measures (cosine, step ratio, tolerances) are printed in the message.
        var fit = LevenbergMarquardt.Solve(p => [p[0] - 3, p[0] + 1], _ => new double[,] { { -1 }, { -1 } }, [0.0]);
        Assert.Equal(LeastSquaresStatus.Stalled, fit.Status);
        Assert.Matches(@"cosine between r and a Jacobian column is \d\.\d", fit.Message);
        Assert.DoesNotMatch(DecimalComma, fit.Message);
    });

    /// <summary>
    /// The options records printed through the compiler-generated printer, which formats in the current culture: under
    /// de-DE <c>new SgdOptions(0.5)</c> read "SgdOptions { LearningRate = 0,5, … }" (and so did the FSI echo of an options value).
    /// </summary>
    [Fact]
    public void OptionsRecords_PrintInvariant() => InGerman(() =>
    {
        Assert.Equal("SgdOptions { LearningRate = 0.5, Momentum = 0.9, WeightDecay = 0, Dampening = 0, Nesterov = False }", new SgdOptions(0.5, 0.9).ToString());
        Assert.Equal("AdamOptions { LearningRate = 0.001, Beta1 = 0.9, Beta2 = 0.999, Epsilon = 1E-08, WeightDecay = 0.25, Amsgrad = False, DecoupledWeightDecay = False }",
            new AdamOptions(WeightDecay: 0.25).ToString());
        Assert.Equal("GradCheckOptions { Step = 1E-06, AbsoluteTolerance = 1E-05, RelativeTolerance = 0.001, Seed = 1234 }",
            new GradCheckOptions().ToString());
        Assert.StartsWith("TrainerOptions { Precision = Mixed, Scaler = GradScalerOptions { InitScale = 65536, GrowthFactor = 2, BackoffFactor = 0.25, "
            + "GrowthInterval = 2000, Enabled = True, MinScale = 1, MaxSkippedStepsAtMinScale = 100 }, ",
            new TrainerOptions(Precision.Mixed, new GradScalerOptions(BackoffFactor: 0.25)).ToString(), StringComparison.Ordinal);
        Assert.StartsWith("QuadOptions { AbsoluteTolerance = 0, RelativeTolerance = 1.5E-10, MaxIntervals = 500, ",
            new QuadOptions { RelativeTolerance = 1.5e-10 }.ToString(), StringComparison.Ordinal);
        Assert.StartsWith("LevenbergMarquardtOptions { FTol = 1E-08, XTol = 1E-08, GTol = 0.5, ",
            new LevenbergMarquardtOptions { GTol = 0.5 }.ToString(), StringComparison.Ordinal);
        Assert.DoesNotMatch(DecimalComma, new CurveFitOptions { LossScale = 2.5 }.ToString());
        Assert.Contains("LossScale = 2.5", new CurveFitOptions { LossScale = 2.5 }.ToString());
    });

    /// <summary>
    /// The options records print every public property in declaration order, as the compiler's own record printer lays
    /// them out, but arrays by their contents and null as <c>none</c> (as the result records print an absent value): the
    /// generated printer wrote "LowerBounds = System.Double[]" and "MaxEvaluations = ," so the FSI echo of an options value
    /// hid the bounds, sigma and scales just set. ToString and PrintMembers agree (the record's own ToString is the generated one).
    /// </summary>
    [Fact]
    public void OptionsRecords_PrintArrayContentsAndNulls() => InGerman(() =>
    {
        Assert.StartsWith("QuadOptions { AbsoluteTolerance = 0, RelativeTolerance = 1.5E-10, MaxIntervals = 500, Breakpoints = [0.5, 0.1], ",
            new QuadOptions { RelativeTolerance = 1.5e-10, Breakpoints = [0.5, 0.1] }.ToString(), StringComparison.Ordinal);
        string lm = new LevenbergMarquardtOptions { XScale = [1.0, 2.5], MaxEvaluations = 7, LowerBounds = [0, 1, 2], Progress = null }.ToString();
        Assert.Contains("MaxEvaluations = 7, ", lm);
        Assert.Contains("XScale = [1, 2.5], ", lm);
        Assert.Contains("LowerBounds = [0, 1, 2], UpperBounds = none, ", lm);
        Assert.Contains("Progress = none", lm);
        Assert.DoesNotContain("[]", lm);
        Assert.DoesNotContain("= ,", lm);
        Assert.DoesNotMatch(DecimalComma, lm);

        string fit = new CurveFitOptions { Sigma = Enumerable.Range(0, 1000).Select(i => 0.1 * i).ToArray(), Fixed = [true, false] }.ToString();
        Assert.Contains("Sigma = [0, 0.1, 0.2, 0.30000000000000004, 0.4, 0.5, 0.6000000000000001, 0.7000000000000001, 0.8, 0.9, … (1000 values)], ", fit);
        Assert.Contains("Fixed = [True, False], ", fit);
        Assert.Contains("MaxEvaluations = none, ", fit);
        Assert.DoesNotContain("[]", fit);
        Assert.Equal(0.30000000000000004, double.Parse("0.30000000000000004", CultureInfo.InvariantCulture)); // round-trip text

        Assert.Equal("TrainerOptions { Precision = Single, Scaler = none, MaxGradNorm = 0, MaxConsecutiveSkippedSteps = 0, MaxSkippedStepsAtMinScale = 100 }",
            new TrainerOptions().ToString());

        object[] records =
        [
            new SgdOptions(0.5, 0.9), new AdamOptions(WeightDecay: 0.25), new GradCheckOptions(),
            new TrainerOptions(Precision.Mixed, new GradScalerOptions(BackoffFactor: 0.25)), new GradScalerOptions(),
            new QuadOptions { RelativeTolerance = 1.5e-10, Breakpoints = [0.5] },
            new LevenbergMarquardtOptions { GTol = 0.5, XScale = [1.0, 2.0], MaxEvaluations = 7 },
            new CurveFitOptions { LossScale = 2.5 },
        ];
        foreach (object record in records)
        {
            var type = record.GetType();
            var members = new System.Text.StringBuilder();
            var printMembers = type.GetMethod("PrintMembers", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!;
            bool any = (bool)printMembers.Invoke(record, [members])!;
            Assert.Equal($"{type.Name} {{ {members}{(any ? " " : "")}}}", record.ToString());
            // Every public property is printed, in declaration order.
            var names = type.GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract").Select(p => p.Name + " = ");
            int at = 0;
            foreach (string name in names)
            {
                int found = members.ToString().IndexOf(name, at, StringComparison.Ordinal);
                Assert.True(found >= at, $"{type.Name}: {name} missing or out of order in {members}");
                at = found + name.Length;
            }
            Assert.DoesNotContain("System.Double[]", record.ToString());
        }
    });

    /// <summary>
    /// A cancellation token and a progress sink print as what they mean, not by type name: every options value read
    /// "CancellationToken = System.Threading.CancellationToken" whether a token was set or not, and a progress sink
    /// "Progress = System.Progress`1[BlasNet.Optimization.LeastSquaresProgress]", while an unset one read "null" where the
    /// result records print an absent value as "none".
    /// </summary>
    [Fact]
    public void OptionsRecords_PrintTokenAndProgressByMeaning()
    {
        using var source = new CancellationTokenSource();
        Assert.EndsWith(", CancellationToken = none }", new QuadOptions().ToString(), StringComparison.Ordinal);
        Assert.EndsWith(", CancellationToken = cancellable }", new QuadOptions { CancellationToken = source.Token }.ToString(), StringComparison.Ordinal);
        string lm = new LevenbergMarquardtOptions { Progress = new Progress<LeastSquaresProgress>(_ => { }) }.ToString();
        Assert.Contains(", CancellationToken = none, Progress = <set>, ", lm);
        string fit = new CurveFitOptions { CancellationToken = new CancellationToken(canceled: true) }.ToString();
        Assert.Contains(", CancellationToken = cancelled, Progress = none, ", fit);
        source.Cancel();
        Assert.Contains("CancellationToken = cancelled", new LevenbergMarquardtOptions { CancellationToken = source.Token }.ToString());
        foreach (string text in new[] { lm, fit, new QuadOptions().ToString(), new TrainerOptions().ToString() })
        {
            Assert.DoesNotContain("System.", text);
            Assert.DoesNotContain("null", text);
        }
    }

    /// <summary>
    /// The modules' exception messages print their numbers invariantly, as the core's do: under de-DE Dropout read
    /// "got 1,5", the bounds checks "x0[0] = 0,5 lies outside its bounds [1,5, 2,5]" (the comma doubling as the list
    /// separator), Quad "Breakpoint 1,5 lies outside the range [0, 1]"; under sv-SE a negative learning rate read
    /// "−0,5" (U+2212), MarginRanking "got −∞". Only BlasNet's text is compared (StartsWith): .NET appends "Actual value was …" in the culture.
    /// </summary>
    [Theory]
    [InlineData("de-DE")]
    [InlineData("sv-SE")]
    public void ModuleExceptionMessages_PrintInvariant(string culture)
    {
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo(culture); // this thread only
            Assert.NotEqual("-0.5", (-0.5).ToString()); // the culture does what the test assumes

            Starts("Dropout probability p must be in [0, 1]; got 1.5.", () => new Dropout<double>(1.5));
            // A non-finite margin read "got −∞" (U+2212) under sv-SE, "got -∞" under de-DE.
            Starts("The ranking margin must be finite; got -Infinity.", () => new MarginRanking<double>(double.NegativeInfinity));
            var dense = new Dense<double>(2, 1, seed: 1);
            Starts("LearningRate must be finite and ≥ 0 but is -0.5.",
                () => new Sgd<double>(dense.Parameters, new SgdOptions(LearningRate: -0.5)));

            Starts("Breakpoint 1.5 lies outside the range [0, 1].",
                () => Quad.Integrate(x => x, 0, 1, new QuadOptions { Breakpoints = [1.5] }));

            Starts("x0[0] = -0.5 lies outside its bounds [1.5, 2.5].", () => LevenbergMarquardt.Solve(
                p => [p[0] - 2], [-0.5], new LevenbergMarquardtOptions { LowerBounds = [1.5], UpperBounds = [2.5] }));
            Starts("p0[0] = 0.5 lies outside its bounds [1.5, 2.5].", () => CurveFit.Fit(
                (x, p) => p[0] * x, [1.0, 2.0], [1.0, 2.0], [0.5], new CurveFitOptions { LowerBounds = [1.5], UpperBounds = [2.5] }));
            Starts("The model is not finite at p0 for point 1: model(x[1] = 2.5, p0) = NaN (m = 2, n = 1).", () => CurveFit.Fit(
                (x, p) => x > 2 ? double.NaN : p[0] * x, [1.0, 2.5], [1.0, 2.0], [0.5]));
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    private static void Starts(string expected, Action call)
    {
        var ex = Assert.ThrowsAny<ArgumentException>(call);
        Assert.StartsWith(expected, ex.Message, StringComparison.Ordinal);
    }
}
