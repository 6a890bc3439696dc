namespace BlasNet.Quadrature;

/// <summary>
/// QUADPACK's QAWOE driver (Piessens et al., 1983, §3.4.3): globally adaptive bisection of ∫_a^b w(x) f(x) dx with
/// w = cos(ωx) or sin(ωx) on a finite range, with Wynn-epsilon extrapolation once the subintervals are short
/// enough for the Gauss–Kronrod rule.
/// </summary>
/// <remarks>
/// As in QAGS, the interval with the largest error is bisected; when that interval is among the smallest ones
/// (level ≥ the current "small" level), the error is concentrated at a singular point and the larger intervals are
/// bisected first, after which the running total goes into the epsilon table. Unlike QAGS, extrapolation waits
/// until the next interval to bisect would be integrated by the Kronrod rule (ω·half-length ≤ 2): while the
/// modified Clenshaw–Curtis rule is in use, successive sums do not follow the pattern the epsilon algorithm
/// accelerates.
/// </remarks>
internal sealed class OscillatoryIntegrator(OscillatoryWeightRule rule, double absoluteTolerance, double relativeTolerance,
    int maxIntervals) : AdaptiveDriver(absoluteTolerance, relativeTolerance, maxIntervals)
{
    private const double Epsilon = RuleEstimate.Epsilon;
    private const double Huge = double.MaxValue;

    private readonly OscillatoryWeightRule rule = rule;

    private SubintervalList list = null!;
    private WynnEpsilonTable table = null!;
    private ExtrapolatedSums sums = null!;   // the sums fed to the table, to see whether they fall as it assumes
    private bool resultOnIrregularSums;   // the best extrapolation was taken on sums that did not (see Finish)
    private readonly KnownEndValues knownEnds = new();
    private int chargedIntervals;         // subintervals charged for a jump beyond their nodes (see HiddenAtEnds)
    private bool charged;                 // some subinterval was charged at the last step (see RestartAfterCharges)
    private double area;                  // running total of the partition
    private RunningErrorSum errsum;       // and of its errors
    private double result, abserr;        // best extrapolated value and its error (Huge until one exists)
    private double firstAbsIntegral;      // ∫|f| from the first rule, for the divergence test
    private bool sameSign;                // ksgn = 1: |∫w·f| ≈ ∫|f| at the start
    private int smallLevel;               // intervals at this level or deeper are "small"
    private bool extrapolationAllowed;    // QUADPACK's extall: small intervals now use the Kronrod rule
    private bool extrapolating;           // bisecting the large intervals before the next extrapolation
    private bool noExtrapolation;         // the table collapsed to one element: plain bisection from now on
    private double largeError;            // summed error of the large intervals (erlarg)
    private double extrapolationTarget;   // tolerance the large intervals must meet (ertest)
    private double correction;            // erlarg when the best extrapolation was taken (correc)
    private int nrmax;                    // error rank of the interval to bisect next
    private int worst;                    // its index
    private int stalledExtrapolations;    // ktmin
    private bool exhaustedHalves;         // the too-small test was tripped by halves with no double inside
    private int roundoffBeforeExtrapolation, roundoffDuringExtrapolation, errorGrowth; // iroff1..3
    private int extrapolations;           // nres
    private QuadStatus status;
    private bool stalledTable;            // ier = 5 in QAWOE

    /// <summary>∫_a^b w·f. <paramref name="fa"/> and <paramref name="fb"/> are f at a and b where the caller sampled it (NaN:
    /// not known, as at a limit of the range, where f may be singular): QAWF's cycle driver knows f at the ends it cuts
    /// the range at, and with them the first rule application, and every half at such an end, is charged for a jump of
    /// f between that end and the rule's outermost node (<see cref="KnownEndValues"/>), as the halves of a bisection are.</summary>
    public PieceOutcome Integrate(double a, double b, double fa = double.NaN, double fb = double.NaN)
    {
        knownEnds.Keep(a, fa);
        knownEnds.Keep(b, fb);
        // The piece's ends, which no rule samples: QAWO's limits, or a QAWF cycle's ends (a feature next to them is charged
        // as next to a limit, OscillatoryWeightRule.PieceEnds).
        rule.PieceEnds = (a, b);
        (RuleEstimate first, bool reliable) = rule.Apply(a, b);
        RangeOverflowException.ThrowIfNotFinite(first, a, b);
        // Audit 50: a step of (x < d ? 1 : ½)/(1 + x) at d = 6.28235…, 0.063 % of QAWF's first cycle [0, 6.2863] (ω = 1000)
        // below its end, lay beyond the last node of that cycle and before the first of the next: both claimed a smooth f
        // and the run (sine, relTol 1e-12) was Converged ± 8.9e-16 for an error of 1.2e-4. f at the cycle end tells the jump.
        double missed = HiddenAtEnds(a, b);
        if (missed > first.Error)
        {
            first = first with { Error = missed };
            reliable = false; // a charge is no rounding
            charged = true; // and the sums while it is bisected stand still (see RestartAfterCharges)
        }

        double tolerance = Tolerance(first.Value);
        status = QuadStatus.Converged;
        // QUADPACK's test "error below 100ε·∫|f| but above the tolerance means roundoff" holds for the Kronrod
        // rule only: with the Clenshaw–Curtis rule the integral of an oscillating weight is far below ∫|f|, and the
        // test would stop ∫_0^π eˣ cos 1000x dx at an error of 1e-15 that bisection can still reduce.
        if (reliable && first.Error <= 100.0 * Epsilon * first.AbsIntegral && first.Error > tolerance)
            status = QuadStatus.RoundoffDetected;
        else if (limit == 1 && first.Error > tolerance)
            status = QuadStatus.MaxIntervalsReached;
        if (status != QuadStatus.Converged || first.Error <= tolerance)
            return new PieceOutcome(first.Value, first.Error, 1, status, PieceOutcome.Describe(status));

        Initialise(a, b, first);
        try
        {
            return Refine();
        }
        catch (IntegrationCancelledException)
        {
            // Thrown before a bisection's rules changed anything: the partition is whole, and its sum is the answer so far.
            status = QuadStatus.Cancelled;
            return FromSum();
        }
    }

    private PieceOutcome Refine()
    {
        double omega = rule.Omega;
        for (int last = 2; last <= limit; last++)
        {
            (double erlast, int newLevel, double newError) = BisectWorst(last);
            double errorBound = Tolerance(area);
            if (errsum.MayMeet(errorBound))
                errsum.Reset(list.SumErrors()); // decide a stop on the drifting running total by a fresh sum
            if (errsum.Value <= errorBound)
            {
                if (status == QuadStatus.MaxIntervalsReached || (status == QuadStatus.BadIntegrandBehaviour && exhaustedHalves))
                    status = QuadStatus.Converged;
                return FromSum();
            }

            if (status != QuadStatus.Converged)
                break;

            // (At the second step the block below starts the table itself.)
            RestartAfterCharges(startTable: last > 2);

            if (last == 2 && extrapolationAllowed)
            {
                // The halves already use the Kronrod rule: the first sum goes into the table.
                smallLevel++;
                AppendSum(area);
                extrapolationTarget = errorBound;
                largeError = errsum.Value;
                continue;
            }

            if (noExtrapolation)
                continue;

            if (extrapolationAllowed)
            {
                largeError -= erlast;
                if (newLevel < smallLevel)
                    largeError += newError;
            }

            if (!extrapolating)
            {
                if (list.Level(worst) < smallLevel)
                    continue;
                if (!extrapolationAllowed)
                {
                    // Still in the Clenshaw–Curtis regime: tighten "small" and see whether the next interval
                    // would use the Kronrod rule; only then may extrapolation start.
                    smallLevel++;
                    double width = list.Upper(worst) - list.Lower(worst);
                    if (0.25 * width * omega > OscillatoryWeightRule.KronrodThreshold)
                        continue;
                    extrapolationAllowed = true;
                    extrapolationTarget = errorBound;
                    largeError = errsum.Value;
                    continue;
                }

                extrapolating = true;
                nrmax = 2;
            }

            if (!RoundoffInExtrapolation && largeError > extrapolationTarget && SelectLargeInterval(last))
                continue;

            if (Extrapolate())
                break;
            RestartFromWorst();
        }

        return Finish();
    }

    private bool RoundoffInExtrapolation => roundoffDuringExtrapolation >= 5;

    private void Initialise(double a, double b, RuleEstimate first)
    {
        list = new SubintervalList(limit);
        list.Add(a, b, first.Value, first.Error, 0);
        KeepCentreValue(a, b);
        table = new WynnEpsilonTable();
        sums = new ExtrapolatedSums();
        area = first.Value;
        errsum = new RunningErrorSum(first.Error);
        result = first.Value;
        abserr = Huge;
        firstAbsIntegral = first.AbsIntegral;
        sameSign = Math.Abs(first.Value) >= (1.0 - 50.0 * Epsilon) * first.AbsIntegral;
        nrmax = 1;
        worst = list.ByErrorRank(0);
        smallLevel = 1;
        double length = b - a, omega = rule.Omega;
        // QUADPACK starts the table with the first estimate only when the halves of [a, b] already use the
        // Kronrod rule, and allows extrapolation from the start when the quarters do.
        if (0.5 * length * omega <= OscillatoryWeightRule.KronrodThreshold)
            AppendSum(first.Value);
        extrapolationAllowed = 0.25 * length * omega <= OscillatoryWeightRule.KronrodThreshold;
        extrapolationTarget = Tolerance(first.Value);
        largeError = errsum.Value;
    }

    /// <summary>Bisects the interval at rank nrmax, updates the totals, the roundoff counters and the status,
    /// and chooses the next interval. Returns the error the bisected interval had, the level of its halves and
    /// their summed error.</summary>
    private (double PreviousError, int Level, double NewError) BisectWorst(int last)
    {
        int level = list.Level(worst) + 1;
        double a1 = list.Lower(worst), b2 = list.Upper(worst);
        double b1 = IntervalGeometry.Centre(a1, b2);
        double previousValue = list.Value(worst), previousError = list.Error(worst);
        (RuleEstimate left, bool leftReliable) = rule.Apply(a1, b1);
        double leftMissed = Math.Min(HiddenAtEnds(a1, b1), previousError);
        KeepCentreValue(a1, b1);
        (RuleEstimate right, bool rightReliable) = rule.Apply(b1, b2);
        double rightMissed = Math.Min(HiddenAtEnds(b1, b2), previousError);
        KeepCentreValue(b1, b2);
        RangeOverflowException.ThrowIfNotFinite(left, a1, b1);
        RangeOverflowException.ThrowIfNotFinite(right, b1, b2);
        // A half charged for a jump beyond its nodes (see HiddenAtEnds) carries the charge as its error until bisection
        // meets the jump; such a bisection moves the value little and is no sign of roundoff.
        bool leftCharged = leftMissed > left.Error, rightCharged = rightMissed > right.Error;
        bool charged = leftCharged || rightCharged;
        if (leftCharged)
            left = left with { Error = leftMissed };
        if (rightCharged)
            right = right with { Error = rightMissed };
        chargedIntervals += (leftCharged ? 1 : 0) + (rightCharged ? 1 : 0) - (list.Missed(worst) > 0.0 ? 1 : 0);
        double area12 = left.Value + right.Value, error12 = left.Error + right.Error;
        errsum.Update(error12, previousError);
        area += area12 - previousValue;
        RangeOverflowException.ThrowIfNotFinite(area, errsum.Value);

        if (leftReliable && rightReliable && !charged)
        {
            // Bisection that neither changes the value nor reduces the error points at roundoff.
            if (Math.Abs(previousValue - area12) <= 1e-5 * Math.Abs(area12) && error12 >= 0.99 * previousError)
            {
                if (extrapolating)
                    roundoffDuringExtrapolation++;
                else
                    roundoffBeforeExtrapolation++;
            }

            if (last > 10 && error12 > previousError)
                errorGrowth++;
        }

        if (roundoffBeforeExtrapolation + roundoffDuringExtrapolation >= 10 || errorGrowth >= 20)
            status = QuadStatus.RoundoffDetected;
        if (last == limit)
            status = QuadStatus.MaxIntervalsReached;
        if (Math.Max(Math.Abs(a1), Math.Abs(b2)) <= (1.0 + 100.0 * Epsilon) * (Math.Abs(b1) + 1000.0 * RuleEstimate.Underflow))
        {
            // Halves holding no double inside were sampled at every double they have: if the error sum then meets the
            // tolerance, that is convergence (see ExtrapolatingIntegrator.UpdateStatus).
            exhaustedHalves = status is QuadStatus.Converged or QuadStatus.MaxIntervalsReached
                && Math.BitIncrement(a1) >= b1 && Math.BitIncrement(b1) >= b2;
            status = QuadStatus.BadIntegrandBehaviour;
        }

        // Intervals ahead of the bisected one (skipped while extrapolating) stay ahead only if their error
        // exceeds the larger new half's (QUADPACK's qpsrt).
        double newMax = Math.Max(left.Error, right.Error);
        int stillAhead = 0;
        while (stillAhead < nrmax - 1 && list.Error(list.ByErrorRank(stillAhead)) > newMax)
            stillAhead++;
        list.Bisect(worst, nrmax - 1,
            new SubintervalList.Piece(a1, b1, left.Value, left.Error) { Missed = leftCharged ? leftMissed : 0.0 },
            new SubintervalList.Piece(b1, b2, right.Value, right.Error) { Missed = rightCharged ? rightMissed : 0.0 }, level);
        // The running total keeps only ε times the largest value it has held. At a huge ω a subinterval whose ends are
        // not dyadic gets a value of pure phase noise with an error to match (log x cos(2.9939e75·x) on [7.28, 14.56]:
        // 6e-32 ± 5e89 for a true 1e-76); when it is bisected away, the total cancels to 0 and loses every small value
        // added before, and the epsilon table, fed that total, extrapolated −9.07e-75 ± 2.5e-85 (Converged) while the
        // subintervals summed to the true 1.507e-76. A total that cancelled by more than 2^10 is summed afresh.
        if (Math.Max(Math.Abs(previousValue), Math.Abs(area12)) > 1024.0 * Math.Abs(area))
            area = list.SumValues();
        nrmax = stillAhead + 1;
        worst = list.ByErrorRank(nrmax - 1);
        return (previousError, level, error12);
    }

    /// <summary>While the large intervals still carry too much error, picks the worst of them to bisect next;
    /// false when every interval up to the search bound is small (then it is time to extrapolate).</summary>
    private bool SelectLargeInterval(int last)
    {
        int upper = last > 2 + limit / 2 ? limit + 3 - last : last;
        for (int k = nrmax; k <= upper && nrmax <= list.Count; k++)
        {
            worst = list.ByErrorRank(nrmax - 1);
            if (list.Level(worst) < smallLevel)
                return true;
            nrmax++;
        }

        return false;
    }

    /// <summary>
    /// Restarts the epsilon table from the running total once no subinterval is charged for a jump beyond its nodes any more
    /// (see <see cref="HiddenAtEnds"/>), as QAGS's driver does when its search for a missed feature ends
    /// (ExtrapolatingIntegrator's SearchingMissedFeature). While a charged interval's rule sees one smooth branch the sums
    /// stand still, and they jump once bisection brings the jump inside its nodes; an extrapolation of the still sums takes
    /// the jump for noise. No extrapolation ends the run while a charge stands (see <see cref="Extrapolate"/>), but the still
    /// sums stayed in the table: on the whole line the half [0, ∞) of cos(x)·|x − d|·e^(−|x|), d = 0.00063, knows f(0)
    /// (audit 50), its first cycle was charged for four bisections towards 0 with the sums at 6.4468708e-5 (the rule saw
    /// only the branch x − d), and when the kink came inside the nodes of [0, 0.0736] (sum 6.5004e-5) the table
    /// extrapolated 6.4468577e-5 ± 3.9e-10 and, no interval being charged any more, took it: the half missed the kink's
    /// d² = 4.0e-7, and the whole line (whose halves cancel to 4.0e-7) ended RoundoffDetected ± 4.4e-10 for an error of
    /// 4.0e-7. The extrapolation taken before is dropped with the table.
    /// </summary>
    private void RestartAfterCharges(bool startTable)
    {
        if (chargedIntervals > 0)
        {
            charged = true;
            return;
        }

        if (!charged)
            return;
        charged = false;
        table = new WynnEpsilonTable();
        sums.Clear();
        // The table holds sums of the Kronrod regime only (see the remarks): while the Clenshaw–Curtis rule is still in use
        // it starts with the first extrapolation allowed.
        if (startTable && extrapolationAllowed)
            AppendSum(area);
        abserr = Huge;
        stalledExtrapolations = 0;
        extrapolating = false;
        nrmax = 1;
        worst = list.ByErrorRank(0);
        largeError = errsum.Value;
        extrapolationTarget = Tolerance(area);
    }

    /// <summary>Feeds the running total to the epsilon table and keeps the extrapolation if it is the best so far.
    /// True when the run is over (converged, or the table stalled).</summary>
    private bool Extrapolate()
    {
        AppendSum(area);
        if (table.Count < 3)
            return false;
        (double value, double error) = table.Extrapolate();
        // Sums that alternated until a difference fell into rounding bound the limit no better than their spread
        // (ExtrapolatedSums.UnjudgedSpread).
        error = Math.Max(error, sums.UnjudgedSpread(100.0 * Epsilon * SumOfMagnitudes()));
        extrapolations++;
        stalledExtrapolations++;
        if (stalledExtrapolations > 5 && abserr < 1e-3 * errsum.Value)
            stalledTable = true;
        // An extrapolation that would end the run is not taken on sums that do not fall geometrically, nor while a
        // subinterval is charged for a jump beyond its nodes: the table knows nothing of the mass that may hide there (and
        // restarts once the charges are gone, see RestartAfterCharges).
        if (error < abserr && !EndsOnIrregularSums(value, error) && !(chargedIntervals > 0 && error <= Tolerance(value)))
        {
            stalledExtrapolations = 0;
            abserr = error;
            result = value;
            resultOnIrregularSums = !sums.FallGeometrically(100.0 * Epsilon * SumOfMagnitudes());
            correction = largeError;
            extrapolationTarget = Tolerance(value);
            if (abserr <= extrapolationTarget)
                return true;
        }

        if (table.Count == 1)
            noExtrapolation = true;
        return stalledTable;
    }

    /// <summary>
    /// The mass w·f may hide beyond the outermost nodes of the interval just integrated, at its ends where f is known (the
    /// centre of an interval bisected before): a jump just beyond the centre of the bisected interval, which neither half
    /// samples (<see cref="OscillatoryWeightRule.HiddenBeyondNodes"/>).
    /// </summary>
    private double HiddenAtEnds(double l, double r) => knownEnds.HiddenAtEnds(rule, l, r);

    // f at the centre of every interval the rule was applied to: the ends of later subintervals (never a limit).
    private void KeepCentreValue(double l, double r) => knownEnds.KeepCentre(rule, l, r);

    private void AppendSum(double sum)
    {
        table.Append(sum);
        sums.Append(sum);
    }

    /// <summary>
    /// True when the extrapolation would end the run (it meets its tolerance) although the last differences of the sums fed
    /// to the table do not fall geometrically (<see cref="ExtrapolatedSums"/>), as for QAGS: a step of f at a point whose
    /// binary digits do not end alternates between the halves of each bisection, the sums move by ratios near −½, and the
    /// table settles on a limit of its own.
    /// </summary>
    private bool EndsOnIrregularSums(double value, double error) =>
        error <= Tolerance(value) && !sums.FallGeometrically(100.0 * Epsilon * SumOfMagnitudes());

    /// <summary>After an extrapolation: back to bisecting the largest-error interval, with "small" one level
    /// finer.</summary>
    private void RestartFromWorst()
    {
        nrmax = 1;
        worst = list.ByErrorRank(0);
        extrapolating = false;
        smallLevel++;
        largeError = errsum.Value;
    }

    private double SumOfMagnitudes()
    {
        double sum = 0.0;
        for (int i = 0; i < list.Count; i++)
            sum += Math.Abs(list.Value(i));
        return sum;
    }

    private PieceOutcome FromSum() =>
        new(list.SumValues(), list.SumErrors(), list.Count, status, PieceOutcome.Describe(status));

    /// <summary>
    /// <see cref="FinishRun"/>, and for a run that did not converge on a best extrapolation taken on sums that did not fall
    /// geometrically, an error that reaches the other candidate and its error too, as QAGS does (ExtrapolatingIntegrator's
    /// CoverBothCandidates): the table's limit and the plain sum are two candidates, and which one is right is not known.
    /// ∫_0^1 sin(x)·(x &lt; d ? 1 : ½)·e^(−x) dx, d = 0.19271834726532977, at relTol 1e-12 ended RoundoffDetected ± 2.6e-13 on
    /// such a limit for an error of 7.9e-7.
    /// </summary>
    private PieceOutcome Finish()
    {
        PieceOutcome outcome = FinishRun();
        if (outcome.Status == QuadStatus.Converged || !resultOnIrregularSums || abserr == Huge || extrapolations == 0)
            return outcome;
        double sum = list.SumValues(), sumError = list.SumErrors();
        (double other, double otherError) = outcome.Value == sum && outcome.Error == sumError ? (result, abserr) : (sum, sumError);
        double reach = Math.Abs(outcome.Value - other) + otherError;
        return reach > outcome.Error ? outcome with { Error = reach } : outcome;
    }

    /// <summary>Chooses between the extrapolated value and the plain sum and applies QUADPACK's divergence test.</summary>
    private PieceOutcome FinishRun()
    {
        if (stalledTable && status == QuadStatus.Converged)
            status = QuadStatus.RoundoffDetected;
        if (abserr == Huge || extrapolations == 0)
            return FromSum();

        if (status != QuadStatus.Converged || RoundoffInExtrapolation)
        {
            if (RoundoffInExtrapolation)
                abserr += correction;
            if (status == QuadStatus.Converged)
                status = QuadStatus.RoundoffDetected;
            if (result != 0.0 && area != 0.0)
            {
                if (abserr / Math.Abs(result) > errsum.Value / Math.Abs(area))
                    return FromSum();
            }
            else if (abserr > errsum.Value)
            {
                return FromSum();
            }
            else if (area == 0.0)
            {
                return Extrapolated();
            }
        }

        // QUADPACK skips the test when the integrand changes sign and the results are small next to ∫|f|.
        if (!(!sameSign && Math.Max(Math.Abs(result), Math.Abs(area)) <= 0.01 * firstAbsIntegral))
        {
            if (DivergenceTest.Fails(result, area, errsum.Value))
            {
                // Failed on subnormal rounding alone (see DivergenceTest): the sum, with its error, and no convergence.
                if (!DivergenceTest.OnlySubnormalRounding(result, area, errsum.Value))
                {
                    status = QuadStatus.Divergent;
                }
                else
                {
                    if (status == QuadStatus.Converged)
                        status = QuadStatus.RoundoffDetected;
                    return FromSum();
                }
            }
        }

        return Extrapolated();
    }

    // The partial sums fed to the table carry rounding of order ε·Σ|subinterval values| (more than |result| when
    // the subintervals cancel), which the spread of the extrapolations need not show: the error is kept above it.
    private PieceOutcome Extrapolated() => new(result, Math.Max(abserr, 10.0 * Epsilon * SumOfMagnitudes()), list.Count, status,
        stalledTable && status == QuadStatus.RoundoffDetected
            ? "Roundoff error was detected in the extrapolation table; the result is the best that can be obtained."
            : PieceOutcome.Describe(status));
}
