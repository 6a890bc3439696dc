namespace BlasNet.Quadrature;

/// <summary>
/// How far the rule's polynomial misses f's known value at one end of an interval (<see cref="EndGap.At"/>), and what the
/// one extra sample at the double next to that end inside the interval then tells: a jump at the end itself (one ulp wide)
/// or anywhere in the gap before the rule's outermost node. Shared by every rule that makes <see cref="EndGap"/>'s check
/// (finite ranges, the mapped variable of an infinite range, QAWC's Kronrod pieces, each component of a vector integrand),
/// which differ only in how they take that sample.
/// </summary>
/// <param name="End">The end of the interval where f is known.</param>
/// <param name="Upper">Whether it is the upper end.</param>
/// <param name="AtEnd">The rule's polynomial at the end.</param>
/// <param name="Mismatch">|known − AtEnd| when the rule's own error does not explain it, else 0 (nothing to check).</param>
internal readonly record struct EndMismatch(double End, bool Upper, double AtEnd, double Mismatch)
{
    /// <summary>Whether the mismatch is unexplained: only then is the extra sample taken.</summary>
    public bool Suspect => Mismatch != 0.0;

    /// <summary>Where the extra sample is taken: the double next to <see cref="End"/> inside the interval.</summary>
    public double Inside => Upper ? Math.BitDecrement(End) : Math.BitIncrement(End);

    /// <summary>
    /// The width a jump may hide in, given f (or the rule's integrand) <paramref name="probed"/> at <see cref="Inside"/>: one
    /// step when the sample already lies on the polynomial's branch, else the whole gap of an interval of half-length
    /// <paramref name="halfLength"/>.
    /// </summary>
    public double Width(GaussKronrodRule rule, double halfLength, double probed) =>
        EndGap.JumpAtTheEnd(probed, AtEnd, Mismatch) ? Math.Abs(Inside - End) : EndGap.GapWidth(rule, halfLength);

    /// <summary>The mass that may hide in <see cref="Width"/> (<see cref="EndGap.Charge"/>).</summary>
    public double Charge(GaussKronrodRule rule, double halfLength, double probed) => EndGap.Charge(Mismatch, Width(rule, halfLength, probed));

    /// <summary>
    /// The mass of w·f that may hide in <see cref="Width"/>, for the weighted rules (QAWC's, QAWS's) whose check is made on f
    /// alone: <paramref name="weigh"/> takes <see cref="EndGap.Charge"/>'s mass of f and the gap's two edges (the end, then the
    /// inner edge) and applies the largest |w| over the gap (each rule's weight is monotone over a gap that holds no singular
    /// point). Capped far below overflow, so that an error sum stays finite; 0 where the result is not finite.
    /// </summary>
    public double WeightedCharge(GaussKronrodRule rule, double halfLength, double probed, Func<double, double, double, double> weigh)
    {
        double width = Width(rule, halfLength, probed);
        double inner = Upper ? End - width : End + width;
        double charge = weigh(EndGap.Charge(Mismatch, width), End, inner);
        return double.IsFinite(charge) ? Math.Min(charge, double.MaxValue / 1024.0) : 0.0;
    }
}
