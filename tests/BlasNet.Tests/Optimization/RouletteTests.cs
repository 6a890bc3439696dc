using BlasNet.Optimization;
using Xunit.Abstractions;

namespace BlasNet.Tests.Optimization;

public class RouletteTests(ITestOutputHelper output)
{
    [Fact]
    public void Explore()
    {
        foreach (var c in RouletteCase.Load())
        {
            foreach (var mode in new[] { ScalingMode.Jacobian, ScalingMode.Fixed })
            foreach (var tol in new[] { 1e-8, 1e-15 })
            foreach (var jm in new[] { JacobianMode.Forward, JacobianMode.Central })
            {
                var o = new LevenbergMarquardtOptions { Scaling = mode, FTol = tol, XTol = tol, GTol = tol, MaxEvaluations = 2000, Jacobian = jm };
                var a = LevenbergMarquardt.Solve(c.ResidualsBInv, c.StartBInv, o);
                var b = LevenbergMarquardt.Solve(c.ResidualsB, c.StartB, o);
                output.WriteLine($"{c.Sample} {mode} {tol} {jm}: binv {a.Cost / c.ScipyLowestCost - 1:E3} {a.Evaluations} {a.Status} x=[{string.Join(",", a.X)}] | b {b.Cost / c.ScipyLowestCost - 1:E3} {b.Evaluations} {b.Status}  inf {c.InfimumCost / c.ScipyLowestCost - 1:E3}");
            }
        }
    }
}
