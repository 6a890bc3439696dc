using BlasNet.Optimization;

namespace BlasNet.Tests.Optimization;

/// <summary>
/// <see cref="LevenbergMarquardtOptions.CancellationToken"/> is checked between residual evaluations, also inside the
/// finite-difference Jacobians (the iteration's, the <see cref="LevenbergMarquardtOptions.CheckJacobian"/> comparison's and
/// the one at X): a residual that takes seconds must not be called 2n or 4n more times after the user cancelled, and a fit
/// whose check at X was abandoned must not report convergence.
/// </summary>
public class CancellationTests
{
    private const int N = 20;

    // Extended Rosenbrock with wrap-around: 2n residuals, n parameters; the fit from the start below takes a few hundred calls.
    private static double[] Rosenbrock(double[] x)
    {
        var r = new double[2 * N];
        for (int i = 0; i < N; i++)
        {
            r[i] = 10 * (x[(i + 1) % N] - x[i] * x[i]);
            r[N + i] = 1 - x[i];
        }
        return r;
    }

    private static double[,] RosenbrockJacobian(double[] x)
    {
        var j = new double[2 * N, N];
        for (int i = 0; i < N; i++)
        {
            j[i, i] = -20 * x[i];
            j[i, (i + 1) % N] = 10;
            j[N + i, i] = -1;
        }
        return j;
    }

    private static double[] Start() => Enumerable.Range(0, N).Select(i => i % 2 == 0 ? -1.2 : 1.0).ToArray();

    [Fact]
    public void CancelledDuringAForwardDifferenceJacobian_StopsBeforeItsNextColumn()
    {
        using var cts = new CancellationTokenSource();
        int calls = 0;
        // Call 1 is r(x0), calls 2 … n + 1 the first Jacobian's columns: cancel in the second column.
        var result = LevenbergMarquardt.Solve(x => { if (++calls == 3) cts.Cancel(); return Rosenbrock(x); }, Start(),
            new LevenbergMarquardtOptions { CancellationToken = cts.Token });
        Assert.Equal(LeastSquaresStatus.Cancelled, result.Status);
        Assert.Equal(3, calls); // was n + 1 = 21: the whole Jacobian was formed first
        Assert.Equal(3, result.Evaluations);
        Assert.Equal(0, result.JacobianEvaluations); // the abandoned Jacobian was not formed
        Assert.Equal(Start(), result.X.ToArray());
        Assert.Equal(0.5 * Rosenbrock(Start()).Sum(v => v * v), result.Cost, 12);
        Assert.False(result.Succeeded);
    }

    [Fact]
    public void CancelledBeforeTheStart_SkipsTheJacobianCheck()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        int calls = 0;
        var result = LevenbergMarquardt.Solve(x => { calls++; return Rosenbrock(x); }, RosenbrockJacobian, Start(),
            new LevenbergMarquardtOptions { CancellationToken = cts.Token, CheckJacobian = true });
        Assert.Equal(LeastSquaresStatus.Cancelled, result.Status);
        Assert.Equal(1, calls); // r(x0), which fixes m; was 1 + 4n = 81 (the check's two central-difference Jacobians)
        Assert.Equal(Start(), result.X.ToArray());
    }

    // A cubic fitted to eˣ at t = 0, 0.1, …, 2.9: linear, so the iteration's path (and its evaluation count) does not depend on
    // the provider's rounding (MKL's QR is not reproducible run to run), and its minimum is numpy's lstsq.
    private static double[] Cubic(double[] c)
    {
        var r = new double[30];
        for (int i = 0; i < 30; i++)
        {
            double t = i / 10.0;
            r[i] = c[0] + t * (c[1] + t * (c[2] + t * c[3])) - Math.Exp(t);
        }
        return r;
    }

    [Fact]
    public void CancelledDuringTheCheckAtX_ReportsCancelledNotConvergence()
    {
        // numpy.linalg.lstsq(numpy.vander(t, 4, increasing=True), numpy.exp(t)), t = numpy.arange(30)/10.
        double[] reference = [0.8597885952352536, 2.050794427250635, -0.9996990125860675, 0.8032377090458818];
        double[] start = [1, 1, 1, 1];
        var options = new LevenbergMarquardtOptions { Jacobian = JacobianMode.Central };
        var uncancelled = LevenbergMarquardt.Solve(Cubic, start, options);
        Assert.True(uncancelled.Succeeded);
        int counted = uncancelled.Evaluations; // the iteration's calls; the Jacobian at X comes after them, uncounted

        using var cts = new CancellationTokenSource();
        int calls = 0;
        var result = LevenbergMarquardt.Solve(c => { if (++calls == counted + 1) cts.Cancel(); return Cubic(c); }, start,
            options with { CancellationToken = cts.Token });
        // The check behind the status was abandoned in its first column, so nothing backs the tolerance test that fired.
        Assert.Equal(LeastSquaresStatus.Cancelled, result.Status); // was FTol, after all of the check's calls
        Assert.True(calls <= counted + 4, $"{calls - counted} calls of the check at X, at most one column's 4 expected");
        Assert.False(result.HasCovariance);
        Assert.Equal(counted, result.Evaluations);
        // X is the point the iteration reached (the minimum), with the cost of its own residuals.
        for (int j = 0; j < 4; j++) Assert.Equal(reference[j], result.X[j], 1e-9);
        Assert.Equal(0.5 * Cubic(result.X.ToArray()).Sum(v => v * v), result.Cost, 14);
        Assert.Equal(0.08502700692222674, result.Cost, 1e-12);
    }

    [Fact]
    public void TokenCancelledAfterTheFit_ChangesNothing()
    {
        using var cts = new CancellationTokenSource();
        var result = LevenbergMarquardt.Solve(Rosenbrock, Start(), new LevenbergMarquardtOptions { CancellationToken = cts.Token });
        var x = result.X.ToArray();
        cts.Cancel();
        Assert.True(result.Succeeded);
        Assert.Equal(x, result.X.ToArray());
        Assert.True(result.HasCovariance);
    }
}
