namespace BlasNet.Optimization;

/// <summary>How the trust region is scaled, i.e. how far a step may move each parameter relative to the others.</summary>
public enum ScalingMode
{
    /// <summary>MINPACK's adaptive scaling (mode 1): each parameter is weighted by the norm of its Jacobian column, the largest seen so far. Makes the fit invariant to the units of the parameters.</summary>
    Jacobian,

    /// <summary>Fixed scaling (MINPACK mode 2): weights 1/<see cref="LevenbergMarquardtOptions.XScale"/>ⱼ, all 1 when <see cref="LevenbergMarquardtOptions.XScale"/> is null (SciPy's <c>x_scale=1.0</c>).</summary>
    Fixed,
}
