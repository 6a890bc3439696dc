namespace BlasNet.Quadrature;

/// <summary>
/// The mass a power law C·d^α of the distance d to an end puts on the subinterval [0, d0] next to that end, with C and α
/// fitted to the integrals over the two subintervals beyond it, [d0, d1] and [d1, d2]: what a rule that cannot resolve the
/// end (its nodes on the grid of doubles, or too few bisections) misses there.
/// </summary>
internal static class EndPowerMass
{
    /// <summary>
    /// The mass on [0, d0] of the power through v1 = ∫ over [d0, d1] and v2 = ∫ over [d1, d2]: NaN when they fit no power
    /// rising towards the end (of one sign, the mean of |f| larger nearer it, α &lt; 0), +∞ when the fit is α ≤ −1.
    /// </summary>
    public static double Hidden(double d0, double d1, double d2, double v1, double v2)
    {
        if (!(v1 > 0.0 && v2 > 0.0) && !(v1 < 0.0 && v2 < 0.0))
            return double.NaN;
        if (!(d0 > 0.0 && d1 > d0 && d2 > d1) || !(Math.Abs(v1) / (d1 - d0) > Math.Abs(v2) / (d2 - d1)))
            return double.NaN;
        double ratio = v2 / v1;
        // (d2^p − d1^p)/(d1^p − d0^p), p = α + 1, rises with p from its limit at p → 0.
        double G(double p) => (Math.Pow(d2 / d1, p) - 1.0) / (1.0 - Math.Pow(d0 / d1, p));
        double atZero = Math.Log(d2 / d1) / Math.Log(d1 / d0);
        if (ratio <= atZero)
            return double.PositiveInfinity;
        double lo = 0.0, hi = 1.0;
        if (ratio >= G(hi))
            return double.NaN; // α ≥ 0: f does not grow towards the end
        for (int it = 0; it < 100; it++)
        {
            double p = 0.5 * (lo + hi);
            if (G(p) < ratio)
                lo = p;
            else
                hi = p;
        }

        double q = 0.5 * (lo + hi);
        // v1 = C·(d1^q − d0^q)/q; the mass on [0, d0] is C·d0^q/q = v1/((d1/d0)^q − 1).
        return v1 / (Math.Pow(d1 / d0, q) - 1.0);
    }
}
