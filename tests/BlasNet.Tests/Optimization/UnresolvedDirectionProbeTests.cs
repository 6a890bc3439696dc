using BlasNet.Optimization;

namespace BlasNet.Tests.Optimization;

/// <summary>The probe of the directions a difference Jacobian cannot resolve (UnresolvedDirectionProbe), on a linear model
/// whose changes along any direction are known exactly.</summary>
public class UnresolvedDirectionProbeTests
{
    [Fact]
    public void ADirectionWhoseChangeIsAlreadyInTheSpan_AddsNothing()
    {
        // r(x) = A·x − b, A = [[1, 0], [0, 1], [1, 1]], b = (1, 2, 4), at x = 0: r = −b. Along v = (1, 0) r changes by
        // A[:, 0] = (1, 0, 1), whose cosine with r is 5/√42 (independent of the probe). Given twice, the second change lies in
        // the span of the first and must be passed over; it was kept (its size was taken after the projections had reduced it
        // to rounding), and its rounding direction added to the span.
        ResidualFunction f = (x, r) =>
        {
            r[0] = x[0] - 1;
            r[1] = x[1] - 2;
            r[2] = x[0] + x[1] - 4;
        };
        var problem = new LeastSquaresProblem(f, null, 3, 2, null, CancellationToken.None);
        double[] x = [0, 0], u = [0, 0], r = new double[3];
        problem.Evaluate(u, r);
        double[][] directions = [[1, 0], [1, 0]];
        var outcome = UnresolvedDirectionProbe.Measure(problem, u, x, r, null, directions, 1.0);
        Assert.False(outcome.Cancelled);
        Assert.Equal(1, outcome.Resolved);
        Assert.Equal(5 / Math.Sqrt(42), outcome.Cosine, 1e-9);
    }
}
