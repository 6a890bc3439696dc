namespace BlasNet.Quadrature;

/// <summary>
/// One rule applied to one interval: the integral estimate, its error estimate, and the two auxiliary
/// integrals QUADPACK's heuristics need (∫|f| and ∫|f − mean|).
/// </summary>
internal readonly record struct RuleEstimate(double Value, double Error, double AbsIntegral, double AscIntegral)
{
    /// <summary>Machine epsilon as QUADPACK's d1mach(4): 2^-52.</summary>
    public const double Epsilon = 2.220446049250313e-16;

    /// <summary>Smallest positive normal double, QUADPACK's d1mach(1).</summary>
    public const double Underflow = 2.2250738585072014e-308;

    /// <summary>Applies QUADPACK's rescaling of the raw Kronrod-minus-Gauss difference.</summary>
    /// <param name="value">The Kronrod estimate.</param>
    /// <param name="rawError">|Kronrod − Gauss|.</param>
    /// <param name="absIntegral">∫|f| by the Kronrod rule.</param>
    /// <param name="ascIntegral">∫|f − mean| by the Kronrod rule.</param>
    /// <param name="subnormalFloor">The absolute rounding error of sums whose terms fall below the normal
    /// range, where relative precision is lost (QUADPACK skips its 50ε·∫|f| floor there, so an integral
    /// of 1e-315·eˣ claimed an error of 0 while its last digit was wrong).</param>
    public static RuleEstimate WithQuadpackError(double value, double rawError, double absIntegral, double ascIntegral,
        double subnormalFloor = 0.0)
    {
        double error = rawError;
        if (ascIntegral != 0.0 && error != 0.0)
            error = ascIntegral * Math.Min(1.0, Math.Pow(200.0 * error / ascIntegral, 1.5));
        if (absIntegral > Underflow / (50.0 * Epsilon))
            error = Math.Max(50.0 * Epsilon * absIntegral, error);
        else if (absIntegral > 0.0)
            error = Math.Max(50.0 * Epsilon * absIntegral + subnormalFloor, error);
        return new RuleEstimate(value, error, absIntegral, ascIntegral);
    }

    /// <summary>True when the error estimate saturated at resasc, i.e. it carries no information about
    /// convergence; QUADPACK then leaves the interval out of its roundoff counters.</summary>
    public bool ErrorIsSaturated => AscIntegral == Error;
}
