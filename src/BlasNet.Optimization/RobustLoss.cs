namespace BlasNet.Optimization;

/// <summary>
/// The loss ρ applied to each squared, scaled residual z = (rᵢ/C)² by <see cref="LevenbergMarquardt"/>, which then
/// minimises ½ Σ C²·ρ(zᵢ) (C = <see cref="LevenbergMarquardtOptions.LossScale"/>), as SciPy's
/// <c>least_squares(loss=…, f_scale=C)</c>. Every loss is z near zero, so residuals well inside C count as in least
/// squares; the robust ones grow slower beyond C, so gross outliers pull less on the fit.
/// </summary>
public enum RobustLoss
{
    /// <summary>ρ(z) = z: ordinary least squares (the default; the scale then changes nothing).</summary>
    Linear,

    /// <summary>ρ(z) = 2(√(1 + z) − 1): a smooth approximation of the absolute value beyond the scale.</summary>
    SoftL1,

    /// <summary>ρ(z) = z for z ≤ 1, 2√z − 1 beyond: squares inside the scale, absolute values outside.</summary>
    Huber,

    /// <summary>ρ(z) = ln(1 + z): an outlier's pull on the fit falls off as 1/|r|.</summary>
    Cauchy,

    /// <summary>ρ(z) = arctan(z): bounded (the cost of one residual is at most C²·π/4), so an outlier's pull vanishes.</summary>
    Arctan,
}
