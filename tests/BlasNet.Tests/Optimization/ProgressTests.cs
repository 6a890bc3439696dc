using BlasNet.Optimization;

namespace BlasNet.Tests.Optimization;

/// <summary>
/// <see cref="LevenbergMarquardtOptions.Progress"/>: one report per accepted point, numbered strictly upwards over the whole
/// fit, its cost that of its own X (recomputed here from the residuals, not taken from the solver), the last one the fit's
/// answer; a throwing sink ends the fit; no sink, no progress allocations.
/// </summary>
public class ProgressTests
{
    /// <summary>A synchronous sink: each report is kept before the fit goes on.</summary>
    private sealed class Collect : IProgress<LeastSquaresProgress>
    {
        public List<LeastSquaresProgress> Reports { get; } = [];

        public void Report(LeastSquaresProgress value) => Reports.Add(value);
    }

    private static double[] Rosenbrock(double[] x) => [10 * (x[1] - x[0] * x[0]), 1 - x[0]];

    private static double HalfSumOfSquares(double[] r) => 0.5 * r.Sum(v => v * v);

    /// <param name="costRounding">Relative rounding allowed in the decrease of the cost: 0, strictly lower at each report,
    /// except for a cost dominated by a residual whose change no difference step registers (see <see cref="LeastSquaresProgress.Cost"/>).</param>
    private static void AssertWellFormed(IReadOnlyList<LeastSquaresProgress> reports, LeastSquaresResult result, double costRounding = 0)
    {
        Assert.NotEmpty(reports);
        Assert.Equal(0, reports[0].Iteration);
        for (int k = 1; k < reports.Count; k++)
        {
            Assert.True(reports[k].Iteration > reports[k - 1].Iteration);
            Assert.True(reports[k].Evaluations >= reports[k - 1].Evaluations);
            Assert.True(reports[k].Cost < reports[k - 1].Cost || (costRounding > 0 && reports[k].Cost <= reports[k - 1].Cost * (1 + costRounding)),
                $"cost rose at report {k}: {reports[k - 1].Cost:R} → {reports[k].Cost:R}");
            Assert.False(reports[k - 1].Refining && !reports[k].Refining); // the refining run comes last
        }
        Assert.True(reports[^1].Evaluations <= result.Evaluations);
    }

    [Fact]
    public void Rosenbrock_ReportsEachAcceptedPointWithItsOwnCost_EndingOnTheAnswer()
    {
        var sink = new Collect();
        var result = LevenbergMarquardt.Solve(Rosenbrock, [-1.2, 1.0], new LevenbergMarquardtOptions { Progress = sink });
        Assert.True(result.Succeeded);
        var reports = sink.Reports;
        AssertWellFormed(reports, result);
        Assert.True(reports.Count >= 10, $"{reports.Count} reports"); // the curved valley takes a dozen or more steps
        Assert.Equal([-1.2, 1.0], reports[0].X);
        Assert.Equal(HalfSumOfSquares(Rosenbrock([-1.2, 1.0])), reports[0].Cost); // 12.1
        foreach (var p in reports)
        {
            double[] x = p.X.ToArray();
            double expected = 0.5 * (Math.Pow(10 * (x[1] - x[0] * x[0]), 2) + Math.Pow(1 - x[0], 2));
            Assert.Equal(expected, p.Cost, 1e-14 * Math.Max(expected, 1e-300));
            Assert.True(p.Radius > 0 && p.Lambda >= 0);
        }
        Assert.Equal(result.X, reports[^1].X);
        Assert.Equal(result.Cost, reports[^1].Cost);
        Assert.True(reports[^1].Cost < 1e-20);
        // After the start's forward-difference Jacobian: r(x0) and n = 2 columns.
        Assert.Equal(3, reports[0].Evaluations);
        Assert.StartsWith("LeastSquaresProgress { Iteration = 0, Refining = False, Evaluations = 3, Cost = ", reports[0].ToString());
        Assert.Contains("X = [-1.2, 1]", reports[0].ToString());
    }

    [Fact]
    public void ReportsAreCopies_TheFitDoesNotChangeThemAfterwards()
    {
        var sink = new Collect();
        LevenbergMarquardt.Solve(Rosenbrock, [-1.2, 1.0], new LevenbergMarquardtOptions { Progress = sink });
        // Each report has an X of its own: the start is still the start after the fit moved on.
        Assert.Equal([-1.2, 1.0], sink.Reports[0].X);
        Assert.Equal(sink.Reports.Count, sink.Reports.Select(p => p.X).Distinct().Count());
    }

    [Fact]
    public void RobustLossWithBounds_CostIsTheRobustCostAtTheReportedX()
    {
        // A line through six points, one a gross outlier, soft-L1 loss (C = 0.5), the slope bounded above by 1.9 (the
        // solution's slope ~2 is held on that bound, so the iteration runs through the sine margin).
        double[] t = [0, 1, 2, 3, 4, 5], y = [1.1, 2.9, 5.2, 30, 8.9, 11.1];
        const double c = 0.5;
        double[] Residuals(double[] p) => t.Select((ti, i) => p[0] + p[1] * ti - y[i]).ToArray();
        var sink = new Collect();
        var result = LevenbergMarquardt.Solve(Residuals, [0.0, 0.0], new LevenbergMarquardtOptions
        {
            Loss = RobustLoss.SoftL1, LossScale = c, UpperBounds = [10, 1.9], Progress = sink,
        });
        Assert.True(result.Succeeded);
        AssertWellFormed(sink.Reports, result);
        foreach (var p in sink.Reports)
        {
            // SciPy's soft_l1: ρ(z) = 2(√(1 + z) − 1), cost ½ Σ C²ρ((r/C)²).
            double expected = 0.5 * Residuals(p.X.ToArray()).Sum(r => c * c * 2 * (Math.Sqrt(1 + r * r / (c * c)) - 1));
            Assert.Equal(expected, p.Cost, 1e-13 * expected);
            Assert.True(p.X[1] <= 1.9);
        }
        Assert.Equal(result.X, sink.Reports[^1].X);
        Assert.Equal(result.Cost, sink.Reports[^1].Cost);
    }

    [Fact]
    public void RefiningRun_ContinuesTheNumbering()
    {
        // Forward differences with the default CentralRefinement and GTol = 0 (so the check's gradient never skips the
        // refinement): a large residual, 1e6, drowns forward differences, and the central-difference run moves on.
        var sink = new Collect();
        var result = LevenbergMarquardt.Solve(x => [x[0] * x[0] - 2, 1e-3 * (x[0] - 1) + 1e6, x[1] * x[1] * x[1] - 3], [1.0, 1.0],
            new LevenbergMarquardtOptions { Progress = sink, FTol = 1e-15, XTol = 1e-15, GTol = 0 });
        // The 1e6 keeps its value under the first forward differences, so the first steps reduce the other residuals by
        // less than the rounding of the cost (5e11); and a step that moves it by no more than the rounding of a residual no
        // parameter reaches (16ε of its value: here 5e-10, a step of 5e-7 in x₀) is not counted in the actual reduction, so
        // the cost can rise by up to 2·16ε relative (here 500000000002.5 → 500000000002.5005).
        AssertWellFormed(sink.Reports, result, costRounding: 32 * 2.220446049250313e-16);
        Assert.Contains(sink.Reports, p => !p.Refining);
        Assert.Contains(sink.Reports, p => p.Refining);
        Assert.Equal(Enumerable.Range(0, sink.Reports.Count), sink.Reports.Select(p => p.Iteration));
        Assert.Equal(result.X, sink.Reports[^1].X);
    }

    [Fact]
    public void ThrowingSink_EndsTheFitWithItsException()
    {
        int calls = 0;
        var sink = new ThrowOn(3);
        var ex = Assert.Throws<InvalidOperationException>(() => LevenbergMarquardt.Solve(x => { calls++; return Rosenbrock(x); }, [-1.2, 1.0],
            new LevenbergMarquardtOptions { Progress = sink }));
        Assert.Equal("stop at 3", ex.Message);
        Assert.Equal(3, sink.Seen);
        int callsAtThrow = calls;
        // The fit did not go on after it: a fresh fit without the sink takes more calls.
        Assert.True(LevenbergMarquardt.Solve(Rosenbrock, [-1.2, 1.0]).Evaluations > callsAtThrow);
    }

    private sealed class ThrowOn(int report) : IProgress<LeastSquaresProgress>
    {
        public int Seen { get; private set; }

        public void Report(LeastSquaresProgress value)
        {
            if (++Seen == report) throw new InvalidOperationException($"stop at {report}");
        }
    }

    private sealed class Count : IProgress<LeastSquaresProgress>
    {
        public int Reports { get; private set; }

        public void Report(LeastSquaresProgress value) => Reports++;
    }

    [Fact]
    public void NoSink_AllocatesNoReports()
    {
        // The span overload allocates nothing per evaluation, so the bytes a fit with a counting sink allocates beyond the
        // same fit without one are its reports: at least a record and an X copy each. Were reports made (or their records
        // built) without a sink, the difference would fall short of that.
        ResidualFunction rosenbrock = (x, r) => { r[0] = 10 * (x[1] - x[0] * x[0]); r[1] = 1 - x[0]; };
        var counting = new Count();
        var withSink = new LevenbergMarquardtOptions { Progress = counting };
        var without = new LevenbergMarquardtOptions();
        LevenbergMarquardt.Solve(rosenbrock, 2, [-1.2, 1.0], null, without); // warm up: JIT, static data, scratch buffers
        LevenbergMarquardt.Solve(rosenbrock, 2, [-1.2, 1.0], null, withSink);
        // Each fit is measured five times and the least bytes kept: in the full suite a run now and then allocated a few
        // hundred bytes more that had nothing to do with reports (runtime work charged to this thread: the plain fit 5048
        // bytes once on the managed provider against its usual 4376), enough to make the difference fall short of the
        // reports' share (6400 − 5048 for 16 reports).
        long plain = long.MaxValue, reporting = long.MaxValue;
        for (int run = 0; run < 5; run++)
        {
            counting = new Count();
            withSink = withSink with { Progress = counting };
            long before = GC.GetAllocatedBytesForCurrentThread();
            LevenbergMarquardt.Solve(rosenbrock, 2, [-1.2, 1.0], null, without);
            plain = Math.Min(plain, GC.GetAllocatedBytesForCurrentThread() - before);
            before = GC.GetAllocatedBytesForCurrentThread();
            LevenbergMarquardt.Solve(rosenbrock, 2, [-1.2, 1.0], null, withSink);
            reporting = Math.Min(reporting, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        Assert.True(counting.Reports >= 10);
        // A report: the record (≥ 48 bytes of fields and header), X's array (≥ 40) and its read-only view (≥ 24).
        Assert.True(reporting - plain >= 100L * counting.Reports, $"{reporting} − {plain} bytes for {counting.Reports} reports");
    }

    [Fact]
    public void CurveFit_ReportsAllParameters_FixedOnesAtTheirStart()
    {
        double[] x = [0, 1, 2, 3, 4, 5, 6], y = x.Select(v => 3 * Math.Exp(-0.4 * v) + 0.5).ToArray();
        var sink = new Collect();
        var fit = CurveFit.Fit((v, p) => p[0] * Math.Exp(-p[1] * v) + p[2], x, y, [1.0, 1.0, 0.5],
            new CurveFitOptions { Fixed = [false, false, true], Progress = sink });
        Assert.True(fit.Succeeded);
        AssertWellFormed(sink.Reports, fit.LeastSquares);
        Assert.All(sink.Reports, p => Assert.Equal(3, p.X.Count));
        Assert.All(sink.Reports, p => Assert.Equal(0.5, p.X[2]));
        foreach (var p in sink.Reports)
        {
            double expected = 0.5 * x.Select((v, i) => Math.Pow(p.X[0] * Math.Exp(-p.X[1] * v) + p.X[2] - y[i], 2)).Sum();
            Assert.Equal(expected, p.Cost, 1e-13 * Math.Max(expected, 1e-300));
        }
        Assert.Equal(fit.X, sink.Reports[^1].X);
    }

    [Fact]
    public void CancelledDuringTheStationaryStartProbe_TheLastReportIsTheReturnedPoint()
    {
        // r = (x² − 1, x/10) from x0 = 0 (the cost's maximum), exact Jacobian: GTol at once, then the probe, cancelled on its
        // first evaluation at a lower point, which the fit returns: the last report must be that point, not x0.
        using var cts = new CancellationTokenSource();
        int calls = 0;
        var sink = new Collect();
        var fit = LevenbergMarquardt.Solve(
            p => { if (++calls == 2) cts.Cancel(); return [p[0] * p[0] - 1, 0.1 * p[0]]; },
            p => new double[,] { { 2 * p[0] }, { 0.1 } },
            [0.0],
            new LevenbergMarquardtOptions { CancellationToken = cts.Token, Progress = sink });
        Assert.Equal(LeastSquaresStatus.Cancelled, fit.Status);
        AssertWellFormed(sink.Reports, fit);
        Assert.NotEqual(0.0, fit.X[0]);
        Assert.Equal(fit.X[0], sink.Reports[^1].X[0]);
        double x = sink.Reports[^1].X[0];
        Assert.Equal(HalfSumOfSquares([x * x - 1, 0.1 * x]), sink.Reports[^1].Cost, 1e-15);
        Assert.Equal(fit.Cost, sink.Reports[^1].Cost);
    }
}
