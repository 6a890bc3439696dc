namespace BlasNet.Quadrature;

/// <summary>
/// What the rule applied to one half of a bisected interval saw of the interval's peak (the point where the integrand
/// was known to be largest): whether the peak lies on the half, the half's own largest node, and its node nearest to
/// the peak.
/// </summary>
/// <remarks>
/// The halves of a bisection never sample the nodes of the rule they replace, least of all its centre, which is their
/// common end. A feature narrower than their spacing that the bisected interval's rule met at a node (e^(−x²) at the
/// centre 0 of [−1e4, 1e4]) is then lost: the halves' own values, and so their error estimates, know nothing of it. A
/// half that holds the peak while every node of its own stays below 1/<see cref="Ratio"/> of it, with no node of either
/// half next to the peak seeing half of it (then f continues into that half at that size: a jump, not a spike), is
/// charged for the feature it missed: 2·|peak|·(distance from the peak to its nearest node), in the integrand's units,
/// so that it is bisected on until its nodes meet the feature, and the run cannot end Converged before.
/// </remarks>
internal readonly record struct HalfSamples(bool Holds, (double At, double Magnitude) Own, (double Distance, double Magnitude) Nearest)
{
    /// <summary>How many times larger than every node of a half an inherited peak must be to count as missed.</summary>
    public const double Ratio = 1e3;

    /// <summary>What a half [a, b] saw of <paramref name="known"/>, given its own peak and its nearest-node lookup.</summary>
    public static HalfSamples Of(double a, double b, (double At, double Magnitude) known, (double At, double Magnitude) own,
        Func<double, (double Distance, double Magnitude)> nearestNode)
    {
        bool holds = known.Magnitude > 0.0 && known.At >= a && known.At <= b;
        return new HalfSamples(holds, own, holds ? nearestNode(known.At) : (double.NaN, 0.0));
    }

    /// <summary>The node where |<paramref name="values"/>| is largest (the first of equals) and that magnitude: a rule's peak.</summary>
    public static (double At, double Magnitude) Peak(ReadOnlySpan<double> nodes, ReadOnlySpan<double> values)
    {
        int peak = 0;
        for (int i = 1; i < nodes.Length; i++)
        {
            if (Math.Abs(values[i]) > Math.Abs(values[peak]))
                peak = i;
        }

        return (nodes[peak], Math.Abs(values[peak]));
    }

    /// <summary>The node nearest to <paramref name="point"/> (the first of equals): its distance from the point and |value| there.</summary>
    public static (double Distance, double Magnitude) NearestNode(ReadOnlySpan<double> nodes, ReadOnlySpan<double> values, double point)
    {
        int nearest = 0;
        for (int i = 1; i < nodes.Length; i++)
        {
            if (Math.Abs(nodes[i] - point) < Math.Abs(nodes[nearest] - point))
                nearest = i;
        }

        return (Math.Abs(nodes[nearest] - point), Math.Abs(values[nearest]));
    }

    /// <summary>True when the half holds the peak and its node nearest to it sees at least half of it.</summary>
    public bool Meets(double peak) => Holds && Nearest.Magnitude >= 0.5 * peak;

    /// <summary>The peak the half carries on: the inherited one when it lies on the half and is larger than its own.</summary>
    public (double At, double Magnitude) PeakAfter((double At, double Magnitude) known) =>
        Holds && known.Magnitude > Own.Magnitude ? known : Own;

    /// <summary>
    /// The charge for the feature at <paramref name="known"/> that this half missed, as 2·|peak|·(distance to the nearest
    /// node) in the units of the peak's magnitude; 0 when it did not miss it (<paramref name="met"/>: either half met it).
    /// </summary>
    public double Missed((double At, double Magnitude) known, bool met)
    {
        if (met || !Holds || !(known.Magnitude > Ratio * Own.Magnitude) || !(Nearest.Distance > 0.0))
            return 0.0;
        return 2.0 * known.Magnitude * Nearest.Distance;
    }
}
