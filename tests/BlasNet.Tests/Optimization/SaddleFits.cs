using System.Numerics;
using BlasNet.Optimization;

namespace BlasNet.Tests.Optimization;

/// <summary>One residual function over doubles and Duals, with its exact Jacobian: a saddle audit's problem.</summary>
internal interface ISaddleProblem
{
    T[] Residuals<T>(T[] x) where T : IFloatingPointIeee754<T>;

    double[,] Jacobian(double[] x);
}

/// <summary>
/// How the saddle audits (SaddleCoverage48Tests, SaddleLeftovers50Tests) run one problem: forward differences with and without the
/// central refinement, central differences, the exact Jacobian written out in the problem, and automatic (Dual) derivatives, at the
/// default or at tight tolerances.
/// </summary>
internal static class SaddleFits
{
    public static readonly LevenbergMarquardtOptions Tight = new() { FTol = 1e-15, XTol = 1e-15, GTol = 1e-15, MaxEvaluations = 20000 };

    public static readonly string[] Modes = ["forward", "forward+refine", "central", "analytic", "dual"];

    /// <summary>Theory rows: every mode at the default and at tight tolerances (the audits' problems with a fixed start).</summary>
    public static TheoryData<string, bool> ModesAndTolerances()
    {
        var data = new TheoryData<string, bool>();
        foreach (string mode in Modes)
            foreach (bool tight in new[] { false, true })
                data.Add(mode, tight);
        return data;
    }

    /// <summary>Theory rows: every mode with each value (a start or a size), at the default and at tight tolerances, nested in that
    /// order, so that an audit writes only its values and both audits cover the modes and tolerances alike.</summary>
    public static TheoryData<string, TValue, bool> ModesValuesAndTolerances<TValue>(params TValue[] values)
    {
        var data = new TheoryData<string, TValue, bool>();
        foreach (string mode in Modes)
            foreach (TValue value in values)
                foreach (bool tight in new[] { false, true })
                    data.Add(mode, value, tight);
        return data;
    }

    public static LeastSquaresResult Fit(ISaddleProblem problem, double[] x0, string mode, bool tight)
    {
        var options = tight ? Tight : new LevenbergMarquardtOptions();
        options = mode switch
        {
            "forward" => options with { Jacobian = JacobianMode.Forward, CentralRefinement = false },
            "central" => options with { Jacobian = JacobianMode.Central },
            _ => options,
        };
        return mode switch
        {
            "analytic" => LevenbergMarquardt.Solve(x => problem.Residuals(x), problem.Jacobian, x0, options),
            "dual" => LevenbergMarquardt.Solve((Dual[] x) => problem.Residuals(x), x0, options),
            _ => LevenbergMarquardt.Solve(x => problem.Residuals(x), x0, options),
        };
    }

    /// <summary>A fit in one line for an assertion's message.</summary>
    public static string Describe(LeastSquaresResult fit)
        => $"{fit.Status}, cost {fit.Cost:R}, {fit.Evaluations} evaluations, at ({string.Join(", ", fit.X.Select(v => v.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)))}): {fit.Message}";
}

/// <summary>r = (1 + ½t² + 2st + (x₃ − 1)², s, x₃ − 1, …, x_{n−1} − 1), s = x₁ + x₂, t = x₁ − x₂ (audit lm44's α = 1 in (s, t), with
/// x₃'s term so that r₁ does not keep its starting value): from (0, 0, 3, …) the fit lands exactly on (0, 0, 1, …), cost ½, J's null
/// direction t. The cost curves up along t (vᵀHv = 2 in x) but its Hessian in (s, t), [[1, 2], [2, 1]], is indefinite. The minimum
/// over (s, t) is a closed form: s = √6/4, t = −√6/2 (or both negated), r₁ = ¼, cost 7/32 (mpmath's findroot on the gradient agrees
/// to 30 digits).</summary>
internal sealed class MixedSaddle(int n) : ISaddleProblem
{
    public T[] Residuals<T>(T[] x) where T : IFloatingPointIeee754<T>
    {
        T s = x[0] + x[1], t = x[0] - x[1], d = x[2] - T.One, two = T.CreateChecked(2);
        var r = new T[n];
        r[0] = T.One + t * t / two + two * s * t + d * d;
        r[1] = s;
        for (int i = 2; i < n; i++) r[i] = x[i] - T.One;
        return r;
    }

    public double[,] Jacobian(double[] x)
    {
        double s = x[0] + x[1], t = x[0] - x[1];
        double ds = 2 * t, dt = t + 2 * s; // ∂r₁/∂s, ∂r₁/∂t
        var j = new double[n, n];
        j[0, 0] = ds + dt;
        j[0, 1] = ds - dt;
        j[0, 2] = 2 * (x[2] - 1);
        j[1, 0] = 1;
        j[1, 1] = 1;
        for (int i = 2; i < n; i++) j[i, i] = 1;
        return j;
    }
}
