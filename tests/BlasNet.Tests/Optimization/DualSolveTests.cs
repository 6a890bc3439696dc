using BlasNet.Optimization;

namespace BlasNet.Tests.Optimization;

/// <summary>The <see cref="Dual"/> overload of <see cref="LevenbergMarquardt.Solve(Func{Dual[], Dual[]}, double[], LevenbergMarquardtOptions?)"/>: counting, bounds, validation.</summary>
public class DualSolveTests
{
    private static readonly double[] T = Enumerable.Range(0, 15).Select(i => 0.3 * i).ToArray();

    private static Dual[] Decay(Dual[] p) => T.Select(t => p[0] * Dual.Exp(-p[1] * t) - 2.5 * Math.Exp(-1.3 * t)).ToArray();

    [Fact]
    public void Solve_CountsEveryPassOfTheFunction()
    {
        int passes = 0;
        var result = LevenbergMarquardt.Solve(p => { passes++; return Decay(p); }, [1.0, 0.5]);
        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(2.5, result.X[0], 10);
        Assert.Equal(1.3, result.X[1], 10);
        // Each Jacobian costs n − 1 or n passes beyond the residual passes; the Jacobian at X (n passes) is not counted.
        int n = 2;
        Assert.InRange(passes, result.Evaluations + (n - 1) * result.JacobianEvaluations, result.Evaluations + n * (result.JacobianEvaluations + 1));
        // The Jacobian at X is exact: ∂r/∂p₀ = e^(−p₁t), ∂r/∂p₁ = −p₀·t·e^(−p₁t).
        var jacobian = result.CopyJacobian();
        for (int i = 0; i < T.Length; i++)
        {
            Assert.Equal(Math.Exp(-result.X[1] * T[i]), jacobian[i, 0], 13);
            Assert.Equal(-result.X[0] * T[i] * Math.Exp(-result.X[1] * T[i]), jacobian[i, 1], 13);
        }
    }

    [Fact]
    public void Solve_CheckJacobian_SpendsNothingOnTheExactJacobian()
    {
        // The Dual Jacobian is exact: CheckJacobian (meant for hand-written Jacobians) must not add the
        // 2n–4n difference passes at x0, so the pass count is the same with it on and off.
        int plain = 0, checkedPasses = 0;
        var a = LevenbergMarquardt.Solve(p => { plain++; return Decay(p); }, [1.0, 0.5]);
        var b = LevenbergMarquardt.Solve(p => { checkedPasses++; return Decay(p); }, [1.0, 0.5], new LevenbergMarquardtOptions { CheckJacobian = true });
        Assert.True(b.Succeeded, b.Message);
        Assert.Equal(a.X, b.X);
        Assert.Equal(plain, checkedPasses);
    }

    [Fact]
    public void Solve_WithBounds_StopsOnTheBoundWithTheChainRule()
    {
        var options = new LevenbergMarquardtOptions { LowerBounds = [0, 0], UpperBounds = [2, 5], XTol = 1e-12, FTol = 1e-12 };
        var result = LevenbergMarquardt.Solve(Decay, [1.0, 0.5], options);
        Assert.InRange(result.X[0], 2.0 - 1e-9, 2.0);
        Assert.InRange(result.X[1], 0, 5);
        // With p₀ held at 2, the best p₁ solves a one-parameter problem: compare with a fit of that problem alone.
        var oneParameter = LevenbergMarquardt.Solve(p => T.Select(t => 2.0 * Dual.Exp(-p[0] * t) - 2.5 * Math.Exp(-1.3 * t)).ToArray(), [0.5],
            new LevenbergMarquardtOptions { XTol = 1e-12, FTol = 1e-12 });
        Assert.Equal(oneParameter.X[0], result.X[1], 6);
    }

    [Fact]
    public void Solve_RejectsInvalidInput()
    {
        Assert.Throws<ArgumentNullException>("residuals", () => LevenbergMarquardt.Solve((Func<Dual[], Dual[]>)null!, [1.0]));
        Assert.Throws<ArgumentNullException>("residuals", () => LevenbergMarquardt.Solve((Dual[] _) => null!, [1.0]));
        var few = Assert.Throws<ArgumentException>("residuals", () => LevenbergMarquardt.Solve((Dual[] p) => [p[0] + p[1]], [1.0, 2.0]));
        Assert.Contains("m = 1", few.Message);
        Assert.Throws<ArgumentException>("x0", () => LevenbergMarquardt.Solve((Dual[] p) => [Dual.Log(p[0] - 1)], [1.0]));
        int calls = 0;
        var changing = Assert.Throws<ArgumentException>("residuals", () => LevenbergMarquardt.Solve((Dual[] p) => ++calls == 1 ? [p[0] - 1, p[0]] : [p[0] - 1], [3.0]));
        Assert.Contains("must not change", changing.Message);
    }
}
