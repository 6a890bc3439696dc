using BlasNet.Optimization;

namespace BlasNet.Tests.Optimization;

/// <summary>
/// CurveFit's residuals at p0 (computed before the solver, so a non-finite point is named) gave the model a fresh copy of
/// p0 for every point: m·n doubles copied, 24 GB for a million points and 3000 parameters (NewUser45Tests' fixed-parameter
/// fit spent seconds there). The pass now shares one copy, as each of the solver's evaluations does. Measured in bytes
/// allocated on the calling thread (deterministic), not in time.
/// </summary>
public class CurveFitStartCopies53Tests
{
    [Fact]
    public void ResidualsAtP0_CopyTheParametersOncePerPass_NotOncePerPoint()
    {
        const int m = 100_000, n = 2_000;
        var x = new double[m];
        var y = new double[m];
        for (int i = 0; i < m; i++) { x[i] = i; y[i] = 2.5; }
        var isFixed = new bool[n];
        Array.Fill(isFixed, true);
        isFixed[0] = false;
        var options = new CurveFitOptions { Fixed = isFixed };
        int calls = 0;
        double Model(double t, double[] p) { calls++; return p[0]; }

        long before = GC.GetAllocatedBytesForCurrentThread();
        var fit = CurveFit.Fit(Model, x, y, new double[n], options);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(fit.Succeeded, fit.ToString());
        Assert.Equal(2.5, fit.X[0], 12);
        // Each evaluation (the start included) copies p0 once: evaluations·n doubles. One copy per point would add
        // m·n·8 = 1.6 GB at the start alone. Everything else the fit needs is O(m + n²) here (a few m-vectors, the n×n
        // covariance); 40 m-vectors and 4 n×n matrices are far above it and far below one copy per point.
        int evaluations = calls / m;
        long bound = 40L * m * sizeof(double) + 4L * n * n * sizeof(double) + (evaluations + 2L) * n * sizeof(double);
        Assert.True(allocated < bound, $"the fit allocated {allocated:N0} bytes in {evaluations} evaluations; bound {bound:N0}");
    }
}
