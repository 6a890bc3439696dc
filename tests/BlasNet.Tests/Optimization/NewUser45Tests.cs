using System.Numerics;
using BlasNet.Optimization;

namespace BlasNet.Tests.Optimization;

/// <summary>
/// Audit user45 (a new C# user's bad inputs): a problem too large for one array or for memory is refused under the name of
/// the argument the caller actually passed. Every overload shared one size check that always named
/// <c>residualCount</c>, an argument only the span overload has: <c>Solve(model, x0)</c>, <c>Solve(residuals, x0)</c>
/// (array, analytic-Jacobian and Dual forms) and <c>CurveFit.Fit</c> all blamed a parameter the caller never saw, and
/// CurveFit called the model once per point before the check refused the fit.
/// </summary>
public class NewUser45Tests
{
    // m×n beyond Array.MaxLength with small arrays: 1e6 residuals and 3000 parameters make 3e9 Jacobian entries.
    private const int Rows = 1_000_000;
    private const int Parameters = 3_000;

    private sealed class CountingModel(int m) : IResidualModel
    {
        public int Calls;
        public int ResidualCount => m;
        public void Evaluate<T>(ReadOnlySpan<T> p, Span<T> r) where T : IFloatingPointIeee754<T>
        {
            Calls++;
            for (int i = 0; i < r.Length; i++) r[i] = p[0];
        }
    }

    [Theory]
    [InlineData(JacobianMode.Automatic)]
    [InlineData(JacobianMode.Forward)]
    public void ModelOverload_TooLarge_NamesModel_WithBothSizes(JacobianMode mode)
    {
        var model = new CountingModel(int.MaxValue);
        var ex = Assert.Throws<ArgumentException>(() =>
            LevenbergMarquardt.Solve(model, [1.0, 2.0, 3.0], new LevenbergMarquardtOptions { Jacobian = mode }));
        Assert.Equal("model", ex.ParamName);
        Assert.Contains("2147483647×3", ex.Message);
        Assert.Equal(0, model.Calls);
    }

    [Fact]
    public void ArrayOverloads_TooLarge_NameResiduals_WithBothSizes()
    {
        var x0 = new double[Parameters];
        Func<double[], double[]> residuals = _ => new double[Rows];
        var plain = Assert.Throws<ArgumentException>(() => LevenbergMarquardt.Solve(residuals, x0));
        Assert.Equal("residuals", plain.ParamName);
        Assert.Contains($"{Rows}×{Parameters}", plain.Message);

        int jacobianCalls = 0;
        var analytic = Assert.Throws<ArgumentException>(() =>
            LevenbergMarquardt.Solve(residuals, _ => { jacobianCalls++; return new double[1, 1]; }, x0));
        Assert.Equal("residuals", analytic.ParamName);
        Assert.Equal(0, jacobianCalls);

        var dual = Assert.Throws<ArgumentException>(() => LevenbergMarquardt.Solve((Dual[] p) => new Dual[Rows], x0));
        Assert.Equal("residuals", dual.ParamName);
        Assert.Contains($"{Rows}×{Parameters}", dual.Message);
    }

    [Fact]
    public void SpanOverload_TooLarge_StillNamesResidualCount()
    {
        var ex = Assert.Throws<ArgumentException>(() => LevenbergMarquardt.Solve((x, r) => { }, Rows, new double[Parameters]));
        Assert.Equal("residualCount", ex.ParamName);
    }

    [Fact]
    public void CurveFit_TooLarge_NamesX_BeforeCallingTheModel()
    {
        var x = new double[Rows];
        var y = new double[Rows];
        int calls = 0;
        var ex = Assert.Throws<ArgumentException>(() => CurveFit.Fit((t, p) => { calls++; return p[0]; }, x, y, new double[Parameters]));
        Assert.Equal("x", ex.ParamName);
        Assert.Contains($"{Rows}×{Parameters}", ex.Message);
        Assert.Equal(0, calls);
    }

    [Fact]
    public void CurveFit_FixedParameters_DoNotCountTowardsTheSize()
    {
        // n_free, not n, sizes the fit: 2999 of 3000 parameters fixed leaves a 1e6×1 problem, which must run.
        var x = new double[Rows];
        var y = new double[Rows];
        for (int i = 0; i < Rows; i++) { x[i] = i; y[i] = 2.5; }
        var fixedMask = new bool[Parameters];
        Array.Fill(fixedMask, true);
        fixedMask[0] = false;
        var fit = CurveFit.Fit((t, p) => p[0], x, y, new double[Parameters], new CurveFitOptions { Fixed = fixedMask });
        Assert.True(fit.Succeeded, fit.ToString());
        Assert.Equal(2.5, fit.X[0], 12);
    }
    [Fact]
    public void EqualBounds_PointEachCallerToTheWayToFixAParameter()
    {
        // lower = upper means "hold it fixed". CurveFit, which has CurveFitOptions.Fixed, said only "invalid or empty";
        // LevenbergMarquardt, which has no such option, told its caller to use CurveFitOptions.Fixed.
        double[] t = [0, 1, 2, 3];
        double[] y = [1, 3, 5, 7];
        var curve = Assert.Throws<ArgumentException>(() => CurveFit.Fit((x, p) => p[0] + p[1] * x, t, y, [0.0, 2.0],
            new CurveFitOptions { LowerBounds = [-10.0, 2.0], UpperBounds = [10.0, 2.0] }));
        Assert.Equal("options", curve.ParamName);
        Assert.Contains("CurveFitOptions.Fixed[1] = true", curve.Message);
        Assert.Contains("[2, 2]", curve.Message);

        var solve = Assert.Throws<ArgumentException>(() => LevenbergMarquardt.Solve(p => [p[0] - 1, p[1] - 2, p[0] * p[1]], [1.0, 2.0],
            new LevenbergMarquardtOptions { LowerBounds = [0.0, 2.0], UpperBounds = [5.0, 2.0] }));
        Assert.Equal("options", solve.ParamName);
        Assert.Contains("parameter 1", solve.Message);
        Assert.Contains("leave it out of x0", solve.Message);
        Assert.DoesNotContain("use CurveFitOptions.Fixed", solve.Message);
    }
}
