namespace BlasNet.Quadrature;

/// <summary>
/// f at the ends of the last interval the modified Clenshaw–Curtis rule was applied to (its first and last Chebyshev
/// points): the known ends that <see cref="EndGap"/>'s check on a neighbouring Kronrod piece compares with.
/// </summary>
/// <remarks>
/// QAWC cuts an interval holding the pole halfway between c and its far end, not at its centre. That cut is no node of the
/// bisected interval's rule, but it is an end of the half that holds the pole, whose Chebyshev points include it: a jump of
/// f just beyond the cut, in the gap before the other half's outermost Kronrod node, is otherwise in no sample of that
/// half. PV ∫ f(x)/(x − c) dx over [−1, 1], c = −0.9, f = x &lt; d ? 1 : ½, d = 0.0506 (the first cut is 0.05) ended
/// Converged ± 3.7e-13 in 65 evaluations for an error of 3.1e-4.
/// </remarks>
internal sealed partial class CauchyWeightRule
{
    private double lastLowerEndValue = double.NaN, lastUpperEndValue = double.NaN;

    // A first or last Chebyshev point, centre ± half rounded, may land an ulp or two inside its end (−0.45 on [−0.45, 1] is
    // sampled at −0.44999999999999996): a value there stands for the end while the two are within this fraction of the
    // width. A jump between them is then on the far side of the end for the neighbour, whose probe next to the end finds
    // it on its own branch (EndMismatch.Width: one ulp), and moves no mass the check could charge.
    private const double EndNodeSlack = 1.0 / (1 << 20);

    // With an end dropped (f not finite there) nothing is kept, not even the other end. That path is not where a cut halfway to
    // the pole goes unsampled: f not finite at a limit stops the first rule (IntegrationPlan.GeneralCauchyPiece), and QAWC then
    // runs only on [c − D/2, c + D/2], whose ends f is finite at unless it is singular exactly there; the stretches beyond are
    // integrated without the Chebyshev rule (audit 42: steps beside that cut with x^(−1/2) at the limit met no such path).
    // Before the values are scaled: chebyshevF[24] is f at the lower end a, chebyshevF[0] at the upper end b, when the ends
    // were sampled (not dropped at a singular end of the range).
    private void KeepChebyshevEnds(double a, double b, bool interior)
    {
        double slack = EndNodeSlack * (b - a);
        lastLowerEndValue = !interior && Math.Abs(chebyshevX[Degree] - a) <= slack ? chebyshevF[Degree] : double.NaN;
        lastUpperEndValue = !interior && Math.Abs(b - chebyshevX[0]) <= slack ? chebyshevF[0] : double.NaN;
    }

    private void ForgetChebyshevEnds() => lastLowerEndValue = lastUpperEndValue = double.NaN;

    /// <summary>f (not weighted) at the lower and upper end of the interval of the last <see cref="Apply"/>, NaN where it was
    /// not sampled there (the Kronrod rule never is).</summary>
    public (double Lower, double Upper) LastEndValues => (lastLowerEndValue, lastUpperEndValue);
}
