namespace BlasNet.Quadrature;

/// <summary>
/// f where a rule sampled it at a point later intervals end at: the centres of the intervals an adaptive driver's rule was
/// applied to (the ends of the halves when one is bisected) and, for QAWC, the ends its Clenshaw–Curtis rule sampled. With them a half just integrated is charged the mass a jump just beyond its outermost nodes
/// could hide (<see cref="INodeGapRule.HiddenBeyondNodes"/>): a jump just past the bisected interval's centre that neither
/// half samples. One concept shared by the extrapolating driver, QAWC's and QAWO's.
/// </summary>
internal sealed class KnownEndValues
{
    private readonly Dictionary<double, double> values = new();

    /// <summary>Keeps f at the centre of [a, b], the interval the rule was just applied to, when the rule sampled it.</summary>
    public void KeepCentre(INodeGapRule rule, double a, double b)
    {
        double fc = rule.LastCentreValue;
        if (!double.IsNaN(fc))
            values[IntervalGeometry.Centre(a, b)] = fc;
    }

    /// <summary>Keeps f's value <paramref name="fx"/> at <paramref name="x"/> (NaN: nothing known there).</summary>
    public void Keep(double x, double fx)
    {
        if (!double.IsNaN(fx))
            values[x] = fx;
    }

    /// <summary>The larger of the masses the rule's last application to [a, b] may have missed at either end where f is known.</summary>
    public double HiddenAtEnds(INodeGapRule rule, double a, double b)
    {
        double hidden = 0.0;
        if (values.TryGetValue(a, out double fa))
            hidden = rule.HiddenBeyondNodes(upper: false, fa);
        if (values.TryGetValue(b, out double fb))
            hidden = Math.Max(hidden, rule.HiddenBeyondNodes(upper: true, fb));
        return hidden;
    }
}
