using BlasNet.Optimization;

namespace BlasNet.Tests.Optimization;

/// <summary>
/// The iteration against SciPy's MINPACK, evaluation by evaluation (bench/peers/minpack_trace.py), and BoxBOD from
/// NIST's first start at MINPACK's default settings (src/BlasNet.Optimization/MINPACK-parity.md).
/// </summary>
public class MinpackParityTests
{
    /// <summary>MINPACK's defaults with the tolerances tightened and a budget of 20 000 evaluations, as the NIST runs of SciPy use them.</summary>
    private static readonly LevenbergMarquardtOptions Minpack = new() { FTol = 1e-15, GTol = 1e-15, XTol = 1e-15, MaxEvaluations = 20000 };

    private static List<double[]> Points(NistProblem problem, int start, LevenbergMarquardtOptions options, out LeastSquaresResult result)
    {
        var calls = new List<double[]>();
        result = LevenbergMarquardt.Solve((b, r) =>
        {
            calls.Add(b.ToArray());
            problem.Residuals(b, r);
        }, problem.M, problem.Start(start), options: options);
        return calls;
    }

    /// <summary>
    /// Evaluation 4 (after x0 and the two forward-difference columns) is the first trial point. References:
    /// <c>minpack_trace.py BoxBOD 1 --scaling jac --api leastsq</c> (lmdif, mode 1, diag = None) and
    /// <c>--scaling 1 --api least_squares</c> (SciPy's least_squares default x_scale = 1.0, i.e. lmdif mode 2, diag = 1).
    /// </summary>
    [Theory]
    [InlineData(ScalingMode.Jacobian, 100.85410265058465, 110.94891272392711)]
    [InlineData(ScalingMode.Fixed, 152.03865501569382, 8.8277232741117455)]
    public void BoxBod_FirstTrialPoint_IsMinpacks(ScalingMode scaling, double b1, double b2)
    {
        var points = Points(NistProblem.Get("BoxBOD"), 1, Minpack with { Scaling = scaling, CentralRefinement = false }, out _);
        double[] trial = points[3];
        Assert.True(Math.Abs(trial[0] - b1) <= 1e-9 * b1, $"b1 = {trial[0]:R}, MINPACK {b1:R}");
        Assert.True(Math.Abs(trial[1] - b2) <= 1e-9 * b2, $"b2 = {trial[1]:R}, MINPACK {b2:R}");
    }

    [Fact]
    public void BoxBod_FirstTrialPoint_LandsOnThePlateau_AndIsTakenBack()
    {
        // The first step reaches b2 ≈ 110.9, where exp(−b2·x) is below the rounding of 1: the next Jacobian has a zero
        // b2 column. MINPACK keeps the point and ends there (b = (172.5, 110.9)); the iteration here returns to x0.
        var problem = NistProblem.Get("BoxBOD");
        var points = Points(problem, 1, Minpack with { CentralRefinement = false }, out _);
        Assert.True(points[3][1] > 100);
        // Evaluations 5 and 6 are the difference columns at the trial point; then the Jacobian at x0 again.
        double h = Math.Sqrt(Math.Pow(2, -52));
        Assert.Equal(new[] { 1 + h, 1 }, points[6]);
        Assert.Equal(new[] { 1, 1 + h }, points[7]);
        Assert.True(points[8][1] < 100, $"the next trial point is b = [{string.Join(", ", points[8])}]");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void BoxBod_Start1_AtMinpackDefaults_Certifies(bool centralRefinement)
    {
        var problem = NistProblem.Get("BoxBOD");
        var options = Minpack with { CentralRefinement = centralRefinement };
        Assert.Equal(100, options.StepBound);
        Assert.Equal(ScalingMode.Jacobian, options.Scaling);
        Assert.Equal(JacobianMode.Forward, options.Jacobian);
        var result = LevenbergMarquardt.Solve(problem.Residuals, problem.M, problem.Start1, options: options);
        double lre = LogRelativeError.Min(result.X, problem.CertifiedValues);
        Assert.True(lre >= 6, $"LRE {lre:F2}, x = [{string.Join(", ", result.X)}], {result.Status}");
        Assert.True(LogRelativeError.Min(result.StandardErrors!, problem.CertifiedStdDevs) >= 3);
        Assert.True(result.Succeeded, result.Message);
        Assert.False(result.IsRankDeficient);
    }
}
