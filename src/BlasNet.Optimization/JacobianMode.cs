namespace BlasNet.Optimization;

/// <summary>How <see cref="LevenbergMarquardt"/> obtains the Jacobian when no analytic Jacobian is given.</summary>
public enum JacobianMode
{
    /// <summary>Forward differences, one extra residual evaluation per parameter, step √ε·|xⱼ| (√ε when xⱼ = 0), as MINPACK's <c>lmdif</c> and SciPy's <c>'2-point'</c>; with <see cref="LevenbergMarquardtOptions.CentralRefinement"/> (the default) central differences finish the fit once it has converged.</summary>
    Forward,

    /// <summary>Central differences, two extra residual evaluations per parameter, step ε^(1/3)·|xⱼ| (ε^(1/3) at 0): about twice the cost, far more accurate derivatives (use it for ill-conditioned fits).</summary>
    Central,

    /// <summary>
    /// Exact derivatives by forward-mode automatic differentiation: for an <see cref="IResidualModel"/> (its default), up to
    /// 16 directions per pass of the model (where AVX-512 runs, one pass per Jacobian for n ≤ 16 and ⌈n/16⌉ above; with AVX2 only,
    /// one pass for 9 ≤ n ≤ 12 and ⌈n/4⌉ otherwise; n passes of <see cref="Dual"/> without SIMD hardware); for
    /// the <c>Func&lt;Dual[], Dual[]&gt;</c> overload, <see cref="Dual"/> with n passes. The other overloads take doubles and cannot be differentiated, so they
    /// refuse it; the <c>Func&lt;Dual[], Dual[]&gt;</c> overload is always automatic.
    /// </summary>
    Automatic,
}
