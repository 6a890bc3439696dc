using System.Numerics;
using BlasNet.Optimization;
using Xunit.Abstractions;

namespace BlasNet.Tests.Optimization;

/// <summary><see cref="LevenbergMarquardt.Solve(IResidualModel, double[], LevenbergMarquardtOptions?)"/>: one generic model, doubles and Duals.</summary>
public class GenericModelTests(ITestOutputHelper output)
{
    private static readonly LevenbergMarquardtOptions Automatic = new() { FTol = 1e-15, GTol = 1e-15, XTol = 1e-15, MaxEvaluations = 20000, Jacobian = JacobianMode.Automatic };

    public static TheoryData<string, int> Runs() => NistStrdTests.Runs();

    [Theory]
    [MemberData(nameof(Runs))]
    public void Nist_WithAutomaticJacobian_AtMinpackDefaults_Certifies(string name, int start)
    {
        var problem = NistProblem.Get(name);
        var result = LevenbergMarquardt.Solve(new NistGenericModel(problem), problem.Start(start), Automatic);
        double lreValues = LogRelativeError.Min(result.X, problem.CertifiedValues);
        double lreStd = result.StandardErrors is null ? 0 : LogRelativeError.Min(result.StandardErrors, problem.CertifiedStdDevs);
        output.WriteLine($"{name} start {start}: LRE(b) {lreValues:F2}, LRE(sd) {lreStd:F2}, {result.Evaluations} evaluations, {result.JacobianEvaluations} Jacobians, {result.Status}");
        Assert.True(lreValues >= 6, $"{name} start {start}: LRE {lreValues:F2} (x = [{string.Join(", ", result.X)}], {result.Status})");
        // The model evaluates in plain double: as many digits of the deviations as that can certify (3, Lanczos1 fewer).
        double digits = problem.StdDevDigitsInPlainDouble();
        Assert.True(lreStd >= digits, $"{name} start {start}: LRE of the standard deviations {lreStd:F2} < {digits:F2}");
        Assert.True(result.Succeeded, $"{name} start {start}: {result.Status}: {result.Message}");
    }

    [Fact]
    public void Jacobian_MatchesTheClosedForm()
    {
        // BoxBOD: r = y − b1(1 − e^(−b2·x)); ∂r/∂b1 = −(1 − e^(−b2·x)), ∂r/∂b2 = −b1·x·e^(−b2·x).
        var problem = NistProblem.Get("BoxBOD");
        var generic = new GenericResiduals(new NistGenericModel(problem), 2);
        double[] b = [213.80940889, 0.54723748542];
        var jac = new double[problem.M * 2];
        generic.Jacobian(b, jac);
        for (int i = 0; i < problem.M; i++)
        {
            double x = problem.X[0][i], e = Math.Exp(-b[1] * x);
            Assert.Equal(-(1 - e), jac[i * 2], 15);
            Assert.Equal(-b[0] * x * e, jac[i * 2 + 1], 12);
        }
    }

    [Fact]
    public void Evaluations_AllocateNothing()
    {
        var problem = NistProblem.Get("Thurber");
        var generic = new GenericResiduals(new ThurberModel(problem.X[0], problem.Y), 7);
        double[] b = problem.Start1, r = new double[problem.M], jac = new double[problem.M * 7];
        generic.Residuals(b, r);
        generic.Jacobian(b, jac); // JIT warm-up
        // The least of three counts (AllocationCount.Least): an allocation per evaluation shows in every one.
        Assert.Equal(0, AllocationCount.Least(() =>
        {
            for (int k = 0; k < 10; k++)
            {
                generic.Residuals(b, r);
                generic.Jacobian(b, jac);
            }
        }));
    }

    [Fact]
    public void ForwardAndCentral_UseTheDoubleForm_AndReachTheSameFit()
    {
        var problem = NistProblem.Get("Misra1a");
        var model = new NistGenericModel(problem);
        var automatic = LevenbergMarquardt.Solve(model, problem.Start1);
        var forward = LevenbergMarquardt.Solve(model, problem.Start1, Automatic with { Jacobian = JacobianMode.Forward });
        var central = LevenbergMarquardt.Solve(model, problem.Start1, Automatic with { Jacobian = JacobianMode.Central });
        foreach (var fit in new[] { automatic, forward, central })
        {
            Assert.True(fit.Succeeded, fit.Message);
            Assert.True(LogRelativeError.Min(fit.X, problem.CertifiedValues) >= 6);
        }
        // Default options (null) mean automatic: one residual evaluation per accepted or rejected step, Jacobians apart.
        Assert.True(automatic.Evaluations < forward.Evaluations, $"{automatic.Evaluations} vs {forward.Evaluations}");
    }

    [Fact]
    public void Automatic_OnADoubleFunction_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => LevenbergMarquardt.Solve(x => [x[0] - 1, x[0] + 1], [0.0], new LevenbergMarquardtOptions { Jacobian = JacobianMode.Automatic }));
        Assert.Equal("options", ex.ParamName);
        Assert.Contains("Automatic", ex.Message);
    }

    [Fact]
    public void TooFewResiduals_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => LevenbergMarquardt.Solve(new ThurberModel([1.0], [2.0]), new double[7]));
        Assert.Equal("model", ex.ParamName);
        Assert.Contains("ResidualCount = 1", ex.Message);
        Assert.Contains("n = 7", ex.Message);
        Assert.Throws<ArgumentNullException>(() => LevenbergMarquardt.Solve((IResidualModel)null!, [1.0]));
    }

    /// <summary>A model in its own small method, as a user writes one.</summary>
    private sealed class ThurberModel(double[] x, double[] y) : IResidualModel
    {
        public int ResidualCount => x.Length;

        public void Evaluate<T>(ReadOnlySpan<T> b, Span<T> r) where T : IFloatingPointIeee754<T>
        {
            for (int i = 0; i < r.Length; i++)
            {
                T t = T.CreateChecked(x[i]);
                r[i] = T.CreateChecked(y[i]) - (b[0] + t * (b[1] + t * (b[2] + t * b[3]))) / (T.One + t * (b[4] + t * (b[5] + t * b[6])));
            }
        }
    }
}
