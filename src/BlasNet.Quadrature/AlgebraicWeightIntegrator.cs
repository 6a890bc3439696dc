namespace BlasNet.Quadrature;

/// <summary>
/// QUADPACK's QAWSE driver: globally adaptive bisection of ∫_a^b (x − a)^α (b − x)^β f(x) dx on a finite range,
/// without extrapolation. [a, b] is split at its midpoint first, so that no subinterval touches both singular
/// ends; the interval with the largest error is bisected until the summed error meets the tolerance.
/// </summary>
/// <remarks>
/// Beyond QUADPACK: next to an end where the weight is regular (exponent 0, no log) the rule is Gauss–Kronrod on
/// w·f, and an f that grows without bound there (1/√(1 − x) at 1) would be resolved by plain bisection, which
/// stalls near 1e-7 (QAWSE ends with bad integrand behaviour). When the worst interval touches such an end after
/// <see cref="HandOffLevels"/> bisections, it is handed to the extrapolating driver (QAGS on w·f with the same rule)
/// with half the current tolerance; its value and error replace the interval's, which is not bisected again. A
/// smooth f never makes that end interval the worst that many times, so its run is QUADPACK's.
/// </remarks>
internal sealed class AlgebraicWeightIntegrator(AlgebraicWeightRule rule, double absTol, double relTol, int limit)
{
    /// <summary>The end interval is handed off once it is 2^-HandOffLevels of [a, b] long (5 bisections past the half).</summary>
    private const int HandOffLevels = 6;

    public PieceOutcome Integrate(double a, double b)
    {
        var list = new SubintervalList(Math.Max(limit, 2));
        double mid = IntervalGeometry.Centre(a, b);
        // The half at a singular end first: its Chebyshev points sample mid, the end where the other half's check needs f.
        RuleEstimate right = rule.PlainAtB ? default : Apply(mid, b, double.PositiveInfinity);
        RuleEstimate left = Apply(a, mid, double.PositiveInfinity);
        if (rule.PlainAtB)
            right = Apply(mid, b, double.PositiveInfinity);
        RangeOverflowException.ThrowIfNotFinite(left, a, mid);
        RangeOverflowException.ThrowIfNotFinite(right, mid, b);
        list.Add(a, mid, left.Value, left.Error, 0);
        list.Add(mid, b, right.Value, right.Error, 0);
        double area = left.Value + right.Value;
        var errsum = new RunningErrorSum(left.Error + right.Error);
        // What the handed-off end intervals add to the list's sums (their list entries keep error 0).
        double handedValue = 0.0, handedError = 0.0;
        int handedIntervals = 0;
        QuadStatus handedStatus = QuadStatus.Converged;
        // From the half-length: b − a overflows on [−MaxValue, MaxValue].
        double handOffHalfLength = IntervalGeometry.HalfLength(a, b) / (1 << HandOffLevels);
        QuadStatus status;
        try
        {
            while (true)
            {
                RangeOverflowException.ThrowIfNotFinite(area, errsum.Value);
                double tolerance = Math.Max(absTol, relTol * Math.Abs(area));
                if (errsum.MayMeet(tolerance))
                {
                    // The running sums drift by differences; confirm with fresh ones.
                    area = list.SumValues() + handedValue;
                    errsum.Reset(list.SumErrors() + handedError);
                    if (errsum.Value <= Math.Max(absTol, relTol * Math.Abs(area)))
                    {
                        status = QuadStatus.Converged;
                        break;
                    }
                }

                // The first split already makes two intervals; QUADPACK's QAWSE likewise needs limit ≥ 2.
                if (list.Count >= limit)
                {
                    status = QuadStatus.MaxIntervalsReached;
                    break;
                }

                int worst = list.ByErrorRank(0);
                double a1 = list.Lower(worst), b2 = list.Upper(worst);
                if (handedError > tolerance || (list.Error(worst) == 0.0 && handedError > 0.0))
                {
                    // The handed-off pieces alone miss the tolerance (their driver has done what it can), or only they
                    // carry error: bisecting the rest cannot help.
                    status = handedStatus == QuadStatus.Converged ? QuadStatus.RoundoffDetected : handedStatus;
                    break;
                }

                if (IntervalGeometry.HalfLength(a1, b2) <= handOffHalfLength && ((a1 == a && rule.PlainAtA) || (b2 == b && rule.PlainAtB)))
                {
                    // The piece may use what the rest of the list leaves of the tolerance, at least half of it.
                    double pieceTolerance = Math.Max(0.5 * tolerance, tolerance - (errsum.Value - list.Error(worst)));
                    PieceOutcome piece = new ExtrapolatingIntegrator(new PlainEndRule(rule), pieceTolerance, 0.5 * relTol, limit)
                        .Integrate([a1, b2]);
                    RangeOverflowException.ThrowIfNotFinite(piece.Value, piece.Error);
                    handedValue += piece.Value - list.Value(worst);
                    handedError += piece.Error;
                    handedIntervals += piece.Intervals - 1;
                    if (piece.Status != QuadStatus.Converged)
                        handedStatus = piece.Status;
                    area += piece.Value - list.Value(worst);
                    errsum.Update(piece.Error, list.Error(worst));
                    list.SetError(worst, 0.0);
                    continue;
                }

                double b1 = IntervalGeometry.Centre(a1, b2);
                if (Math.Max(Math.Abs(a1), Math.Abs(b2)) <= (1.0 + 100.0 * RuleEstimate.Epsilon) * (Math.Abs(b1) + 1000.0 * RuleEstimate.Underflow)
                    || b1 <= a1 || b1 >= b2)
                {
                    status = QuadStatus.BadIntegrandBehaviour;
                    break;
                }

                // A half that misses f's known value at an end by more than its own error explains is charged for a jump
                // hidden before its outermost node, at most the bisected interval's error (as in QAGS and QAWC).
                double cap = list.Error(worst);
                bool rightFirst = b2 == b && !rule.PlainAtB;
                RuleEstimate r = rightFirst ? Apply(b1, b2, cap) : default;
                RuleEstimate l = Apply(a1, b1, cap);
                if (!rightFirst)
                    r = Apply(b1, b2, cap);
                RangeOverflowException.ThrowIfNotFinite(l, a1, b1);
                RangeOverflowException.ThrowIfNotFinite(r, b1, b2);
                area += l.Value + r.Value - list.Value(worst);
                errsum.Update(l.Error + r.Error, list.Error(worst));
                list.Bisect(worst, 0, new SubintervalList.Piece(a1, b1, l.Value, l.Error),
                    new SubintervalList.Piece(b1, b2, r.Value, r.Error), 0);
            }
        }
        catch (IntegrationCancelledException)
        {
            // Thrown before a bisection's rules changed anything: the partition is whole, and its sum is the answer so far.
            status = QuadStatus.Cancelled;
        }

        return new PieceOutcome(list.SumValues() + handedValue, list.SumErrors() + handedError, list.Count + handedIntervals,
            status, PieceOutcome.Describe(status));
    }

    // f where a rule sampled it: the centre of every interval, and the ends of every interval the modified Clenshaw–Curtis
    // rule was applied to; the known ends of later Kronrod pieces (AlgebraicWeightRule.EndGap).
    private readonly KnownEndValues knownEnds = new();

    /// <summary>The rule on [l, r], its error raised to the mass a jump of f could hide beyond its outermost nodes at an end
    /// where f is known (at most <paramref name="cap"/>); keeps what the rule learnt of f at the centre and the ends.</summary>
    private RuleEstimate Apply(double l, double r, double cap)
    {
        RuleEstimate e = rule.Apply(l, r);
        double hidden = Math.Min(knownEnds.HiddenAtEnds(rule, l, r), cap);
        knownEnds.KeepCentre(rule, l, r);
        (double fl, double fr) = rule.LastEndValues;
        knownEnds.Keep(l, fl);
        knownEnds.Keep(r, fr);
        return hidden > e.Error ? e with { Error = hidden } : e;
    }
}
