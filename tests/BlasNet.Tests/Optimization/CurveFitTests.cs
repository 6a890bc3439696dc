using BlasNet.Optimization;

namespace BlasNet.Tests.Optimization;

/// <summary>
/// <see cref="CurveFit.Fit"/> against SciPy's curve_fit (tests/data/curve-fit-reference.json) and against the
/// textbook formulas of a straight-line fit.
/// </summary>
public class CurveFitTests
{
    private static double Decay(double x, double[] p) => p[0] * Math.Exp(-p[1] * x) + p[2];

    private static double Gauss(double x, double[] p) => p[0] * Math.Exp(-0.5 * Math.Pow((x - p[1]) / p[2], 2));

    private static readonly CurveFitOptions Tight = new() { FTol = 1e-15, XTol = 1e-15, GTol = 1e-15 };

    public static TheoryData<string> ReferenceCases()
    {
        var data = new TheoryData<string>();
        foreach (var c in CurveFitReference.Cases) data.Add(c.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(ReferenceCases))]
    public void Fit_ReproducesCurveFitsPoptAndPcov(string name)
    {
        var c = CurveFitReference.Get(name);
        Func<double, double[], double> model = name.StartsWith("gauss") ? Gauss : Decay;
        double[] p0 = c.FixedValue is { } value ? [.. c.P0, value] : c.P0;
        var options = Tight with
        {
            Sigma = c.Sigma,
            AbsoluteSigma = c.AbsoluteSigma,
            Fixed = c.FixedValue is null ? null : [false, false, true],
        };

        var fit = CurveFit.Fit(model, c.X, c.Y, p0, options);

        Assert.True(fit.Succeeded, fit.LeastSquares.Message);
        int nFree = c.Popt.Length;
        Assert.Equal(c.X.Length - nFree, fit.DegreesOfFreedom);
        for (int j = 0; j < nFree; j++)
            Assert.True(Math.Abs(fit.X[j] - c.Popt[j]) <= 1e-8 * Math.Abs(c.Popt[j]), $"p[{j}] = {fit.X[j]:R}, curve_fit {c.Popt[j]:R}");
        // Entries relative to √(CᵢᵢCⱼⱼ): an off-diagonal entry near zero (uncorrelated parameters) is judged on the scale of the variances.
        for (int i = 0; i < nFree; i++)
            for (int j = 0; j < nFree; j++)
            {
                double scale = Math.Sqrt(c.Pcov[i, i] * c.Pcov[j, j]);
                Assert.True(Math.Abs(fit.Covariance[i][j] - c.Pcov[i, j]) <= 1e-8 * scale, $"pcov[{i}, {j}] = {fit.Covariance[i][j]:R}, curve_fit {c.Pcov[i, j]:R}");
            }
        // The errors are computed without squaring them (so they stay in range where the variances do not): equal to
        // √diag(pcov) to rounding, not bit for bit.
        for (int j = 0; j < nFree; j++)
            Assert.Equal(Math.Sqrt(fit.Covariance[j][j]), fit.StandardErrors[j], 1e-14 * fit.StandardErrors[j]);
        if (c.FixedValue is { } held)
        {
            Assert.Equal(held, fit.X[2]);
            Assert.Equal(0.0, fit.StandardErrors[2]);
            for (int j = 0; j < 3; j++) { Assert.Equal(0.0, fit.Covariance[2][j]); Assert.Equal(0.0, fit.Covariance[j][2]); }
            Assert.Equal(new Interval(held, held), fit.ConfidenceIntervals(0.95)[2]);
            Assert.Equal(2, fit.LeastSquares.X.Count);
        }
    }

    [Fact]
    public void AbsoluteSigma_ScalesWithSigmaWhileRelativeSigmaDoesNot()
    {
        var c = CurveFitReference.Get("decay-weighted-absolute-false");
        double[] doubled = c.Sigma!.Select(s => 2 * s).ToArray();
        var relative = CurveFit.Fit(Decay, c.X, c.Y, c.P0, Tight with { Sigma = c.Sigma });
        var relativeDoubled = CurveFit.Fit(Decay, c.X, c.Y, c.P0, Tight with { Sigma = doubled });
        var absolute = CurveFit.Fit(Decay, c.X, c.Y, c.P0, Tight with { Sigma = c.Sigma, AbsoluteSigma = true });
        var absoluteDoubled = CurveFit.Fit(Decay, c.X, c.Y, c.P0, Tight with { Sigma = doubled, AbsoluteSigma = true });
        // Doubling σ scales the problem by a power of two, so the fits differ only by rounding; more of it on MKL, whose
        // products round by where the buffers lie (ProviderReproducibility).
        double tolerance = ProviderReproducibility.BitForBit ? 1e-9 : 1e-7;
        for (int j = 0; j < 3; j++)
        {
            Assert.Equal(relative.StandardErrors[j], relativeDoubled.StandardErrors[j], tolerance * relative.StandardErrors[j]);
            Assert.Equal(2 * absolute.StandardErrors[j], absoluteDoubled.StandardErrors[j], tolerance * absoluteDoubled.StandardErrors[j]);
        }
        // curve_fit's two settings differ by the reduced chi-square.
        Assert.Equal(relative.Covariance[0][0], absolute.Covariance[0][0] * relative.ReducedChiSquare, tolerance * relative.Covariance[0][0]);
    }

    /// <summary>y = a + b·x by least squares, every quantity from the textbook formulas.</summary>
    private sealed class StraightLine
    {
        public StraightLine(double[] x, double[] y)
        {
            N = x.Length;
            XBar = x.Average();
            double yBar = y.Average();
            Sxx = x.Sum(v => (v - XBar) * (v - XBar));
            double sxy = x.Zip(y, (u, v) => (u - XBar) * (v - yBar)).Sum();
            B = sxy / Sxx;
            A = yBar - B * XBar;
            double sse = x.Zip(y, (u, v) => Math.Pow(v - A - B * u, 2)).Sum();
            S = Math.Sqrt(sse / (N - 2));
        }

        public int N { get; }
        public double XBar { get; }
        public double Sxx { get; }
        public double A { get; }
        public double B { get; }
        public double S { get; }
        public double SeA => S * Math.Sqrt(1.0 / N + XBar * XBar / Sxx);
        public double SeB => S / Math.Sqrt(Sxx);
        public double ConfidenceHalfWidth(double x0, double t) => t * S * Math.Sqrt(1.0 / N + (x0 - XBar) * (x0 - XBar) / Sxx);
        public double PredictionHalfWidth(double x0, double t) => t * S * Math.Sqrt(1 + 1.0 / N + (x0 - XBar) * (x0 - XBar) / Sxx);
    }

    private static (double[] X, double[] Y) LineData()
    {
        var random = new Random(15);
        double[] x = Enumerable.Range(0, 12).Select(i => 0.5 + 0.75 * i).ToArray();
        double[] y = x.Select(v => 1.7 - 0.6 * v + 0.3 * (random.NextDouble() - 0.5)).ToArray();
        return (x, y);
    }

    private static void AssertClose(double expected, double actual, double relative, string what)
        => Assert.True(Math.Abs(actual - expected) <= relative * Math.Abs(expected), $"{what}: {actual:R}, closed form {expected:R}, relative error {Math.Abs(actual - expected) / Math.Abs(expected):G3}");

    [Theory]
    [InlineData(0.95, 0.975)]
    [InlineData(0.99, 0.995)]
    public void StraightLine_IntervalsAndBandsMatchTheClosedForms(double level, double p)
    {
        var (x, y) = LineData();
        var line = new StraightLine(x, y);
        double t = CurveFitReference.T(10, p); // 12 points, 2 parameters

        var fit = CurveFit.Fit((xi, q) => q[0] + q[1] * xi, x, y, [0.0, 0.0], Tight);

        Assert.True(fit.Succeeded, fit.LeastSquares.Message);
        AssertClose(line.A, fit.X[0], 1e-10, "a");
        AssertClose(line.B, fit.X[1], 1e-10, "b");
        AssertClose(line.SeA, fit.StandardErrors[0], 1e-10, "SE(a)");
        AssertClose(line.SeB, fit.StandardErrors[1], 1e-10, "SE(b)");
        AssertClose(-line.XBar * line.S * line.S / line.Sxx, fit.Covariance[0][1], 1e-10, "cov(a, b)");
        AssertClose(line.S * line.S, fit.ReducedChiSquare, 1e-10, "s²");

        Interval[] intervals = fit.ConfidenceIntervals(level);
        AssertClose(line.A - t * line.SeA, intervals[0].Lower, 1e-10, "a lower");
        AssertClose(line.A + t * line.SeA, intervals[0].Upper, 1e-10, "a upper");
        AssertClose(line.B - t * line.SeB, intervals[1].Lower, 1e-10, "b lower");
        AssertClose(line.B + t * line.SeB, intervals[1].Upper, 1e-10, "b upper");

        foreach (double x0 in new[] { -3.0, 0.0, line.XBar, 4.2, 8.75, 20.0 })
        {
            double center = line.A + line.B * x0;
            Interval band = fit.ConfidenceBand(x0, level);
            Interval prediction = fit.PredictionBand(x0, level);
            AssertClose(center, 0.5 * (band.Lower + band.Upper), 1e-10, $"band centre at {x0}");
            AssertClose(line.ConfidenceHalfWidth(x0, t), 0.5 * (band.Upper - band.Lower), 1e-10, $"confidence half-width at {x0}");
            AssertClose(center, 0.5 * (prediction.Lower + prediction.Upper), 1e-10, $"prediction centre at {x0}");
            AssertClose(line.PredictionHalfWidth(x0, t), 0.5 * (prediction.Upper - prediction.Lower), 1e-10, $"prediction half-width at {x0}");
        }
    }

    [Fact]
    public void WeightedPredictionBand_UsesTheNewObservationsSigma()
    {
        // Weighted straight line with absolute σ: Var(â + b̂x₀) + σ_new² from the closed-form weighted sums.
        var (x, y) = LineData();
        double[] sigma = x.Select((_, i) => 0.1 + 0.02 * i).ToArray();
        var fit = CurveFit.Fit((xi, q) => q[0] + q[1] * xi, x, y, [0.0, 0.0], Tight with { Sigma = sigma, AbsoluteSigma = true });
        double s0 = 0, s1 = 0, s2 = 0;
        for (int i = 0; i < x.Length; i++) { double w = 1 / (sigma[i] * sigma[i]); s0 += w; s1 += w * x[i]; s2 += w * x[i] * x[i]; }
        double det = s0 * s2 - s1 * s1;
        double t = CurveFitReference.T(10, 0.975);
        foreach (double x0 in new[] { 0.0, 3.3, 9.0 })
        {
            double variance = (s2 - 2 * x0 * s1 + x0 * x0 * s0) / det; // [1 x0]·(XᵀWX)⁻¹·[1 x0]ᵀ
            Interval band = fit.ConfidenceBand(x0, 0.95);
            Interval prediction = fit.PredictionBand(x0, 0.95, 0.25);
            AssertClose(t * Math.Sqrt(variance), 0.5 * (band.Upper - band.Lower), 1e-10, $"weighted confidence half-width at {x0}");
            AssertClose(t * Math.Sqrt(variance + 0.25 * 0.25), 0.5 * (prediction.Upper - prediction.Lower), 1e-10, $"weighted prediction half-width at {x0}");
        }
        var ex = Assert.Throws<InvalidOperationException>(() => fit.PredictionBand(1.0, 0.95));
        Assert.Contains("sigma", ex.Message);
    }

    [Fact]
    public void FailedFit_IntervalsThrowNamingTheStatus()
    {
        var c = CurveFitReference.Get("gauss-unweighted");
        var fit = CurveFit.Fit(Gauss, c.X, c.Y, c.P0, new CurveFitOptions { MaxEvaluations = 2 });
        Assert.False(fit.Succeeded);
        Assert.Equal(LeastSquaresStatus.MaxEvaluations, fit.LeastSquares.Status);
        var ex = Assert.Throws<InvalidOperationException>(() => fit.ConfidenceIntervals(0.95));
        Assert.Contains("MaxEvaluations", ex.Message);
        Assert.Throws<InvalidOperationException>(() => fit.ConfidenceBand(0, 0.95));
        Assert.Throws<InvalidOperationException>(() => fit.PredictionBand(0, 0.95));
    }

    [Fact]
    public void UndeterminedParameter_GetsAnInfiniteIntervalAndTheOthersStayFinite()
    {
        // p[2] multiplies p[1]: only their product is determined; p[0] (the offset) is.
        var (x, y) = LineData();
        var fit = CurveFit.Fit((xi, q) => q[0] + q[1] * q[2] * xi, x, y, [0.0, 1.0, 1.0], Tight);
        Assert.True(fit.Succeeded, fit.LeastSquares.Message);
        Interval[] intervals = fit.ConfidenceIntervals(0.95);
        Assert.True(double.IsFinite(intervals[0].Lower) && double.IsFinite(intervals[0].Upper));
        Assert.Equal(new Interval(double.NegativeInfinity, double.PositiveInfinity), intervals[1]);
        Assert.Equal(new Interval(double.NegativeInfinity, double.PositiveInfinity), intervals[2]);
        Assert.Equal(new Interval(double.NegativeInfinity, double.PositiveInfinity), fit.ConfidenceBand(2.0, 0.95));
    }

    [Fact]
    public void NoDegreesOfFreedom_RelativeSigmaGivesInfiniteIntervals()
    {
        var fit = CurveFit.Fit((xi, q) => q[0] + q[1] * xi, [1.0, 2.0], [3.0, 5.0], [0.0, 0.0], Tight);
        Assert.True(fit.Succeeded, fit.LeastSquares.Message);
        Assert.Equal(0, fit.DegreesOfFreedom);
        Assert.True(double.IsPositiveInfinity(fit.StandardErrors[0]));
        Assert.Equal(new Interval(double.NegativeInfinity, double.PositiveInfinity), fit.ConfidenceIntervals(0.9)[1]);
    }

    [Fact]
    public void InvalidInput_ThrowsNamingTheArgumentAndSizes()
    {
        Func<double, double[], double> model = (xi, q) => q[0] + q[1] * xi;
        double[] x = [1.0, 2, 3], y = [1.0, 2, 3], p0 = [0.0, 1];

        var lengths = Assert.Throws<ArgumentException>(() => CurveFit.Fit(model, x, [1.0, 2], p0));
        Assert.Equal("y", lengths.ParamName);
        Assert.Contains("3", lengths.Message);
        Assert.Contains("2", lengths.Message);

        var tooFew = Assert.Throws<ArgumentException>(() => CurveFit.Fit((xi, q) => q[0] + q[1] * xi + q[2] * xi * xi + q[3], x, y, [0.0, 0, 0, 0]));
        Assert.Contains("m = 3", tooFew.Message);
        Assert.Contains("n_free = 4", tooFew.Message);

        var sigma = Assert.Throws<ArgumentException>(() => CurveFit.Fit(model, x, y, p0, new CurveFitOptions { Sigma = [1.0, 1] }));
        Assert.Contains("Sigma has 2", sigma.Message);
        Assert.Contains("m = 3", sigma.Message);
        var negative = Assert.Throws<ArgumentOutOfRangeException>(() => CurveFit.Fit(model, x, y, p0, new CurveFitOptions { Sigma = [1.0, 0, 1] }));
        Assert.Contains("Sigma[1]", negative.Message);
        // A subnormal σ is positive and finite, but 1/σ overflows: the error must name Sigma, not blame x0's residuals.
        var subnormal = Assert.Throws<ArgumentOutOfRangeException>(() => CurveFit.Fit(model, x, y, p0, new CurveFitOptions { Sigma = [1.0, 1e-320, 1] }));
        Assert.Equal("options", subnormal.ParamName);
        Assert.Contains("Sigma[1]", subnormal.Message);
        Assert.Contains("overflows", subnormal.Message);

        var fixedLength = Assert.Throws<ArgumentException>(() => CurveFit.Fit(model, x, y, p0, new CurveFitOptions { Fixed = [true] }));
        Assert.Contains("Fixed has 1", fixedLength.Message);
        Assert.Contains("n = 2", fixedLength.Message);
        var allFixed = Assert.Throws<ArgumentException>(() => CurveFit.Fit(model, x, y, p0, new CurveFitOptions { Fixed = [true, true] }));
        Assert.Contains("all n = 2", allFixed.Message);

        Assert.Equal("x", Assert.Throws<ArgumentException>(() => CurveFit.Fit(model, [1.0, double.NaN, 3], y, p0)).ParamName);
        Assert.Equal("p0", Assert.Throws<ArgumentException>(() => CurveFit.Fit(model, x, y, [])).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => CurveFit.Fit(model, [], [], p0)).ParamName);

        var notFinite = Assert.Throws<ArgumentException>(() => CurveFit.Fit((xi, q) => Math.Log(q[0] * xi), [1.0, -2, 3], y, [1.0]));
        Assert.Equal("model", notFinite.ParamName);
        Assert.Contains("point 1", notFinite.Message);

        var bounds = Assert.Throws<ArgumentException>(() => CurveFit.Fit(model, x, y, p0, new CurveFitOptions { LowerBounds = [0.0] }));
        Assert.Contains("LowerBounds has 1", bounds.Message);
        var outside = Assert.Throws<ArgumentOutOfRangeException>(() => CurveFit.Fit(model, x, y, p0, new CurveFitOptions { LowerBounds = [-1.0, 2] }));
        Assert.Contains("p0[1]", outside.Message);

        var fit = CurveFit.Fit(model, x, [1.0, 2.1, 2.9], p0);
        Assert.Equal("level", Assert.Throws<ArgumentOutOfRangeException>(() => fit.ConfidenceIntervals(95)).ParamName);
        Assert.Equal("level", Assert.Throws<ArgumentOutOfRangeException>(() => fit.ConfidenceBand(1, 0)).ParamName);
        Assert.Equal("sigma", Assert.Throws<ArgumentOutOfRangeException>(() => fit.PredictionBand(1, 0.9, -1)).ParamName);
        Assert.Throws<ArgumentNullException>(() => CurveFit.Fit(null!, x, y, p0));

        var logFit = CurveFit.Fit((xi, q) => q[0] * Math.Log(xi), x, [0.1, 0.7, 1.1], [1.0]);
        Assert.True(logFit.Succeeded, logFit.LeastSquares.Message);
        var outsideDomain = Assert.Throws<ArgumentOutOfRangeException>(() => logFit.ConfidenceBand(-1, 0.95));
        Assert.Equal("x", outsideDomain.ParamName);
        Assert.Contains("not finite", outsideDomain.Message);
    }

    [Fact]
    public void FixedParameterWithBounds_IgnoresItsBoundsAndKeepsItsValue()
    {
        var c = CurveFitReference.Get("decay-fixed-c-absolute-false");
        // c = 0.4 is held; its bounds [5, 6] would exclude it, and are ignored as documented.
        var fit = CurveFit.Fit(Decay, c.X, c.Y, [.. c.P0, 0.4], Tight with
        {
            Sigma = c.Sigma,
            Fixed = [false, false, true],
            LowerBounds = [0.0, 0.0, 5.0],
            UpperBounds = [10.0, 10.0, 6.0],
        });
        Assert.True(fit.Succeeded, fit.LeastSquares.Message);
        Assert.Equal(0.4, fit.X[2]);
        for (int j = 0; j < 2; j++)
            Assert.True(Math.Abs(fit.X[j] - c.Popt[j]) <= 1e-8 * Math.Abs(c.Popt[j]));
    }

    [Fact]
    public void ToString_ShowsTheNumbers()
    {
        var (x, y) = LineData();
        string text = CurveFit.Fit((xi, q) => q[0] + q[1] * xi, x, y, [0.0, 0.0]).ToString();
        Assert.Contains("X = [", text);
        Assert.Contains("StandardErrors = [", text);
        Assert.Contains("DegreesOfFreedom = 10", text);
        Assert.DoesNotContain("ReadOnlyCollection", text);
    }

    [Fact]
    public void TokenCancelledBeforeTheFit_EvaluatesP0Once_AsSolveEvaluatesX0Once()
    {
        // y = a·e^(−b·x) at 5 points, σ = 2, from p0 = (1, 0.5), the token cancelled before the call. Solve then evaluates r(x0)
        // once (CancellationTests.CancelledBeforeTheStart_SkipsTheJacobianCheck) and returns cancelled at x0; CurveFit called
        // the model 2m = 10 times — m for its check at p0, m more for the solver's start — for that one evaluation.
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        double[] x = [0, 1, 2, 3, 4], y = [3.1, 1.9, 1.2, 0.7, 0.45], p0 = [1, 0.5];
        int calls = 0;
        var fit = CurveFit.Fit((t, p) => { calls++; return p[0] * Math.Exp(-p[1] * t); }, x, y, p0,
            new CurveFitOptions { CancellationToken = cts.Token, Sigma = [2, 2, 2, 2, 2] });
        Assert.Equal(x.Length, calls);
        Assert.Equal(LeastSquaresStatus.Cancelled, fit.LeastSquares.Status);
        Assert.False(fit.Succeeded);
        Assert.Equal(1, fit.LeastSquares.Evaluations);
        Assert.Equal(p0, fit.X.ToArray());
        double cost = 0.5 * x.Select((t, i) => Math.Pow((Math.Exp(-0.5 * t) - y[i]) / 2, 2)).Sum();
        Assert.Equal(cost, fit.LeastSquares.Cost, 1e-15);
    }

    [Fact]
    public void Fit_CallsTheModelOncePerPointAtP0()
    {
        // The check that the model is finite at p0 is the solver's first evaluation: the model is called m times per counted
        // evaluation plus those of the uncounted Jacobian at X (central differences: 2n evaluations), not m more.
        double[] x = [0, 1, 2, 3, 4], y = [3.1, 1.9, 1.2, 0.7, 0.45];
        int calls = 0;
        var fit = CurveFit.Fit((t, p) => { calls++; return p[0] * Math.Exp(-p[1] * t); }, x, y, [1, 0.5]);
        Assert.True(fit.Succeeded, fit.LeastSquares.Message);
        Assert.Equal(x.Length * (fit.LeastSquares.Evaluations + 2 * 2), calls);
    }

    [Theory]
    [InlineData(false, RobustLoss.Linear)]
    [InlineData(true, RobustLoss.Linear)]
    [InlineData(false, RobustLoss.Cauchy)]
    [InlineData(true, RobustLoss.SoftL1)]
    public void Fit_IsTheSolverOnTheWeightedFreeResiduals_BitForBit(bool startOnABound, RobustLoss loss)
    {
        // CurveFit hands the solver, as its first evaluation, the residuals of its finiteness check at p0 (unless the
        // bounds move p0 inside): the fit must be the one LevenbergMarquardt.Solve makes on ((model − y)/σ) over the free
        // parameters written out here — X, cost, residuals, status, evaluation counts and covariance identical bit for bit.
        double[] x = [.. Enumerable.Range(0, 13).Select(i => 0.5 * i)];
        double[] y = [.. x.Select((t, i) => 3 * Math.Exp(-0.7 * t) + 0.5 + 0.05 * Math.Sin(1.7 * i))];
        double[] sigma = [.. x.Select((_, i) => 0.1 + 0.01 * i)];
        double[] p0 = [1, 0.4, 0.5, 0.0]; // model p0·e^(−p1·x) + p3, p2 fixed at 0.5 (and unused)
        bool[] isFixed = [false, false, true, false];
        double[]? lower = startOnABound ? [0, 0.1, 0, 0] : null; // p3 = 0 on its bound: the solver starts slightly inside
        static double Model(double t, double[] p) => p[0] * Math.Exp(-p[1] * t) + p[3];
        var options = new CurveFitOptions { Sigma = sigma, Fixed = isFixed, LowerBounds = lower, Loss = loss, LossScale = 0.1 };
        int calls = 0;
        var fit = CurveFit.Fit((t, p) => { calls++; return Model(t, p); }, x, y, p0, options);

        int[] free = [0, 1, 3];
        var reference = LevenbergMarquardt.Solve((u, r) =>
        {
            double[] p = [u[0], u[1], 0.5, u[2]];
            for (int i = 0; i < x.Length; i++) r[i] = (Model(x[i], p) - y[i]) * (1 / sigma[i]);
        }, x.Length, [.. free.Select(j => p0[j])], null, new LevenbergMarquardtOptions
        {
            LowerBounds = lower is null ? null : [.. free.Select(j => lower[j])],
            Loss = loss,
            LossScale = 0.1,
            Jacobian = JacobianMode.Central, // CurveFit's default
        });
        Assert.True(reference.Succeeded, reference.Message);
        Assert.Equal(reference.Status, fit.LeastSquares.Status);
        // Bit for bit where the provider is reproducible; MKL without MKL_CBWR=COMPATIBLE picks its kernels by buffer
        // alignment, so the two fits' QR factors (and with them the path by a few evaluations) differ in the last bits.
        bool bitForBit = ProviderReproducibility.BitForBit;
        void Same(double expected, double actual)
        {
            if (bitForBit) Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(actual));
            else Assert.True(Math.Abs(expected - actual) <= 1e-8 * Math.Max(Math.Abs(expected), 1e-8), $"{actual} differs from {expected} beyond rounding");
        }
        if (bitForBit)
        {
            Assert.Equal(reference.Evaluations, fit.LeastSquares.Evaluations);
            Assert.Equal(reference.JacobianEvaluations, fit.LeastSquares.JacobianEvaluations);
        }
        Same(reference.Cost, fit.LeastSquares.Cost);
        for (int i = 0; i < x.Length; i++) Same(reference.Residuals[i], fit.LeastSquares.Residuals[i]);
        foreach (int j in free) Same(reference.X[Array.IndexOf(free, j)], fit.X[j]);
        Assert.Equal(0.5, fit.X[2]);
        var covariance = reference.CopyCovariance()!;
        for (int a = 0; a < free.Length; a++)
            for (int b = 0; b < free.Length; b++)
                Same(covariance[a, b], fit.Covariance[free[a]][free[b]]);
        Assert.True(calls >= x.Length * fit.LeastSquares.Evaluations, $"{calls} model calls for {fit.LeastSquares.Evaluations} evaluations");
    }
}
