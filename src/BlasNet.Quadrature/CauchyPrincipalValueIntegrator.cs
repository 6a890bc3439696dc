namespace BlasNet.Quadrature;

/// <summary>
/// QUADPACK's QAWC driver: globally adaptive bisection for PV ∫_a^b f(x)/(x − c) dx on a finite range
/// (a &lt; b, c ≠ a, b), without extrapolation.
/// </summary>
/// <remarks>
/// An interval containing the pole is never cut at c (the modified Clenshaw–Curtis rule needs c strictly
/// inside or well away), nor exactly in half when c is the midpoint: it is cut halfway between c and its
/// far end, which keeps c inside one piece away from its ends while the other piece moves away from it.
/// </remarks>
internal sealed partial class CauchyPrincipalValueIntegrator(CauchyWeightRule rule, double pole, double absoluteTolerance,
    double relativeTolerance, int maxIntervals) : AdaptiveDriver(absoluteTolerance, relativeTolerance, maxIntervals)
{
    private const double Epsilon = RuleEstimate.Epsilon;

    private readonly CauchyWeightRule rule = rule;
    private readonly double pole = pole;

    public PieceOutcome Integrate(double a, double b)
    {
        (RuleEstimate first, _) = rule.Apply(a, b);
        KeepCentreValue(a, b);
        RangeOverflowException.ThrowIfNotFinite(first, a, b);
        double result = first.Value, abserr = first.Error;
        double tolerance = Tolerance(result);
        // The extra 1 % safety margin on the very first estimate guards against a lucky agreement of the
        // 13- and 25-point results on a single interval.
        if (abserr < tolerance && abserr < 0.01 * Math.Abs(result))
            return new PieceOutcome(result, abserr, 1, QuadStatus.Converged, PieceOutcome.Describe(QuadStatus.Converged));
        if (limit == 1)
            return new PieceOutcome(result, abserr, 1, QuadStatus.MaxIntervalsReached,
                PieceOutcome.Describe(QuadStatus.MaxIntervalsReached));

        var list = new SubintervalList(limit);
        int firstIndex = list.Add(a, b, result, abserr, 0, rule.LastPeak);
        list.SetRoundingFloor(firstIndex, rule.LastRoundingFloor);
        var total = new RunningTotal(result, Math.Abs(result));
        var errsum = new RunningErrorSum(abserr);
        int roundoff1 = 0, roundoff2 = 0;
        var status = QuadStatus.Converged;
        int last = 1;
        try
        {
            while (true)
            {
                // The worst piece that bisection can still improve: one whose error is all the rounding of its nodes, where
                // bisecting did not lower it, is left as it is (CauchyWeightRule.NodeRounding). When no other is left the
                // run cannot meet the tolerance.
                int rank = 0;
                while (rank < list.Count && list.Exhausted(list.ByErrorRank(rank)))
                    rank++;
                if (rank == list.Count)
                {
                    status = QuadStatus.RoundoffDetected;
                    break;
                }

                int worst = list.ByErrorRank(rank);
                double a1 = list.Lower(worst), b2 = list.Upper(worst);
                double b1 = IntervalGeometry.Centre(a1, b2);
                if (pole > a1 && pole <= b1)
                    b1 = IntervalGeometry.Centre(pole, b2);
                else if (pole > b1 && pole < b2)
                    b1 = IntervalGeometry.Centre(a1, pole);
                double a2 = b1;

                (double At, double Magnitude) known = list.Peak(worst);
                // The half holding the pole first: its Chebyshev points sample the cut, the end where the other half's
                // EndGap check needs f (see CauchyWeightRule.ChebyshevEnds); the same evaluations either way.
                bool poleOnRight = pole > b1 && pole < b2;
                Half rightFirst = poleOnRight ? ApplyHalf(a2, b2, known) : default;
                (RuleEstimate left, bool leftReliable, HalfSamples leftSamples, double leftHidden, double leftFloor) = ApplyHalf(a1, b1, known);
                (RuleEstimate right, bool rightReliable, HalfSamples rightSamples, double rightHidden, double rightFloor) =
                    poleOnRight ? rightFirst : ApplyHalf(a2, b2, known);
                RangeOverflowException.ThrowIfNotFinite(left, a1, b1);
                RangeOverflowException.ThrowIfNotFinite(right, a2, b2);
                double previousValue = list.Value(worst), previousError = list.Error(worst), previousFloor = list.RoundingFloor(worst);
                // A half that missed a feature of f its parent's rule met at a node (see HalfSamples) is charged for it,
                // in the units of f(x)/(x − c) next to that node. The halves' own 0 ± 0 test below catches only halves
                // that both saw nothing where the parent's value was not 0; a first rule whose value is itself 0 is not:
                // PV ∫ dx/((1 + x²)(x − 1)) over [−1e300, 1e300] (−π/2 − 1e-300) samples f(0) = 1 at the centre of its
                // Chebyshev points, and the weight, odd about c ≈ the centre, cancels it: 0 ± 2e-16; its halves
                // [−1e300, −5e299] and [−5e299, 1e300] have no node within 1e297 of 0, and the run ended Converged 0 ± 0.
                bool met = leftSamples.Meets(known.Magnitude) || rightSamples.Meets(known.Magnitude);
                // And a half whose polynomial misses f's known value at its end (the bisected interval's centre) by more
                // than its own error explains is charged for a jump hidden in the gap before its outermost node (EndGap),
                // at most the bisected interval's error, as in QAGS.
                double leftMissed = Math.Max(MissedCharge(leftSamples, known, met), Math.Min(leftHidden, list.Error(worst)));
                double rightMissed = Math.Max(MissedCharge(rightSamples, known, met), Math.Min(rightHidden, list.Error(worst)));
                if (leftMissed > left.Error)
                    left = left with { Error = leftMissed };
                else
                    leftMissed = 0.0;
                if (rightMissed > right.Error)
                    right = right with { Error = rightMissed };
                else
                    rightMissed = 0.0;
                // Halves that both came out exactly 0 ± 0 where the interval they replace did not: the rule on the whole
                // met f nonzero at a node between theirs, a feature narrower than their spacing that they missed. Taken
                // as they stand they ended the run Converged 0 ± 0: PV ∫ e^(−x²)/(x − 0.5) dx over [−1000, 1000] (true
                // −1.5045878048051, −2√π·Dawson(0.5)), whose first rule sampled f(0) = 1 and whose halves [−1000, −499.75],
                // [−499.75, 1000] have no node within 36 of 0 (SciPy's quad(weight='cauchy') returns 0.0 ± 0.0 as well).
                // They keep the discrepancy as their error, so that they are bisected on until the feature is met.
                if (left.Value == 0.0 && left.Error == 0.0 && right.Value == 0.0 && right.Error == 0.0 && previousValue != 0.0)
                {
                    double missed = 0.5 * Math.Max(previousError, Math.Abs(previousValue));
                    left = left with { Error = missed };
                    right = right with { Error = missed };
                }

                double area12 = left.Value + right.Value, erro12 = left.Error + right.Error;
                errsum.Update(erro12, previousError);
                total.Bisect(left.Value, right.Value, previousValue);
                RangeOverflowException.ThrowIfNotFinite(total.Value, errsum.Value);
                if (leftReliable && rightReliable && leftMissed == 0.0 && rightMissed == 0.0)
                {
                    if (Math.Abs(previousValue - area12) <= 1e-5 * Math.Abs(area12) && erro12 >= 0.99 * previousError)
                        roundoff1++;
                    if (last >= 10 && erro12 > previousError)
                        roundoff2++;
                }

                list.Bisect(worst, rank, Piece(a1, b1, left, leftSamples.PeakAfter(known), leftMissed, leftFloor, previousFloor),
                    Piece(a2, b2, right, rightSamples.PeakAfter(known), rightMissed, rightFloor, previousFloor), 0);
                last++;
                // The tolerance is taken from this total: one that cancelled far below the values it held keeps their
                // rounding and not its own digits (see RunningTotal). A first rule that met a narrow spike in f at a
                // node (value 1e16) left ±2 of rounding in a total of 1.62, and the run, held to relTol times that,
                // bisected on until the roundoff test stopped it: RoundoffDetected with an error 3600 times below the
                // tolerance. So a cancelled total is summed afresh.
                if (total.Cancelled)
                    total.Reset(list.SumValues(), list.SumAbsValues());
                tolerance = Tolerance(total.Value);
                if (errsum.Value > tolerance)
                {
                    if (roundoff1 >= 6 || roundoff2 >= 20)
                        status = QuadStatus.RoundoffDetected;
                    if (Math.Max(Math.Abs(a1), Math.Abs(b2)) <= (1.0 + 100.0 * Epsilon) * (Math.Abs(a2) + 1000.0 * RuleEstimate.Underflow))
                        status = QuadStatus.BadIntegrandBehaviour;
                }

                // errsum is kept up to date by differences, which drift when the errors fall by many orders of
                // magnitude: a stop on it is decided by the sum itself.
                if (errsum.MayMeet(tolerance))
                    errsum.Reset(list.SumErrors());
                if (status != QuadStatus.Converged || errsum.Value <= tolerance)
                    break;
                if (last >= limit)
                {
                    status = QuadStatus.MaxIntervalsReached;
                    break;
                }
            }
        }
        catch (IntegrationCancelledException)
        {
            // Thrown before a bisection's rules changed anything: the partition is whole, and its sum is the answer so far.
            status = QuadStatus.Cancelled;
        }

        return new PieceOutcome(list.SumValues(), list.SumErrors(), list.Count, status, PieceOutcome.Describe(status));
    }

    private readonly record struct Half(RuleEstimate Estimate, bool Reliable, HalfSamples Samples, double Hidden, double RoundingFloor);

    // The rule on one half of a bisection, what it met of the parent's peak, the mass it may hide beyond its outermost nodes
    // at ends where f is known; then f at its centre (and ends) for later halves.
    private Half ApplyHalf(double a, double b, (double At, double Magnitude) known)
    {
        (RuleEstimate estimate, bool reliable) = rule.Apply(a, b);
        double floor = rule.LastRoundingFloor;
        HalfSamples samples = HalfSamples.Of(a, b, known, rule.LastPeak, rule.NearestNode);
        double hidden = HiddenAtEnds(a, b);
        KeepCentreValue(a, b);
        return new Half(estimate, reliable, samples, hidden, floor);
    }

    // A half whose error is the rounding of its nodes, not below half of its parent's: bisecting lowered nothing (f'·ulp
    // does not shrink with the interval), and picking it again, as the worst piece, would bisect it down to a few ulps
    // while the pieces that can still improve wait (PV ∫ f(x)/(x − 0.999) dx over [0, 1], f = 1/(x − 1.001), relTol 1e-10
    // ended BadIntegrandBehaviour ± 123 in 5525 evaluations that way; it converges within its error).
    private static SubintervalList.Piece Piece(double a, double b, in RuleEstimate estimate, (double At, double Magnitude) peak,
        double missed, double floor, double parentFloor) =>
        new(a, b, estimate.Value, estimate.Error)
        {
            PeakAt = peak.At, PeakMagnitude = peak.Magnitude, Missed = missed, RoundingFloor = floor,
            Exhausted = floor > 0.0 && estimate.Error <= floor && floor >= 0.5 * parentFloor,
        };

    /// <summary>
    /// The charge of <see cref="HalfSamples.Missed"/> for f, weighted by 1/|x − c| at the peak (by 1/distance to the nearest
    /// node when the pole lies closer to the peak than that), and kept below double.MaxValue/2^10 so that the sums of errors
    /// cannot overflow.
    /// </summary>
    private double MissedCharge(in HalfSamples samples, (double At, double Magnitude) known, bool met)
    {
        double missed = samples.Missed(known, met);
        if (missed == 0.0)
            return 0.0;
        double reach = Math.Max(Math.Abs(known.At - pole), samples.Nearest.Distance);
        return Math.Min(missed / reach, double.MaxValue / 1024.0);
    }
}
