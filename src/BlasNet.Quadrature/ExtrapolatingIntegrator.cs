using System.Globalization;
namespace BlasNet.Quadrature;

/// <summary>
/// The globally adaptive driver with Wynn-epsilon extrapolation shared by QUADPACK's QAGS (one finite
/// interval, 21-point rule), QAGI (the transformed infinite range on (0, 1], 15-point rule) and QAGP
/// (several initial intervals between user breakpoints).
/// </summary>
/// <remarks>
/// Strategy (Piessens et al. 1983, §3.4): bisect the interval with the largest error estimate until the
/// summed error meets the tolerance. When the interval to bisect is already among the smallest
/// (bisection level ≥ the current "small" level), the remaining error is concentrated at a singularity;
/// the driver then bisects only the larger intervals until their error is small, and feeds the running
/// total into the epsilon table, whose limit converges much faster than the plain sums. The extrapolated
/// value is kept whenever its error estimate beats the best so far. Heuristic counters detect roundoff
/// (subdivision no longer reduces the error), stalling extrapolation and divergence.
/// <para>
/// The steps of one run are the methods of <see cref="Run"/>, in the order <see cref="Integrate"/> calls them;
/// QUADPACK's names are given next to the fields that hold its variables.
/// </para>
/// </remarks>
internal sealed class ExtrapolatingIntegrator(IntervalRule rule, double absoluteTolerance, double relativeTolerance, int maxIntervals)
    : AdaptiveDriver(absoluteTolerance, relativeTolerance, maxIntervals)
{
    private const double Epsilon = RuleEstimate.Epsilon;
    private const double Huge = double.MaxValue;
    private const double ExtrapolationSafety = 2.0;

    private readonly IntervalRule rule = rule;

    /// <summary>
    /// Integrates over the partition given by <paramref name="points"/> (ascending, at least two). With
    /// two points this is QAGS/QAGI, with more it is QAGP. <paramref name="knownValues"/>, when given, holds f at each
    /// point where the caller sampled it (NaN where not: a limit or a user's breakpoint, where f may be singular, is never
    /// sampled): each initial interval is then checked for a jump between such a point and its outermost node
    /// (<see cref="KnownEndValues"/>), as the halves of a bisection are. QAWF's head passes its own cut points and the end of
    /// its cycle.
    /// </summary>
    public PieceOutcome Integrate(ReadOnlySpan<double> points, ReadOnlySpan<double> knownValues = default)
    {
        var run = new Run(this, points.Length > 2, points.Length - 1);
        run.ApplyRuleToInitialIntervals(points, knownValues);
        if (run.FirstEstimateSettles())
            return run.FirstEstimateOutcome();

        run.StartRefinement();
        try
        {
            Refine(run);
        }
        catch (IntegrationCancelledException)
        {
            // Thrown before a bisection's rules changed anything: the partition is whole, and its sum is the answer so far.
            run.Cancel();
        }

        return run.Finish();
    }

    private void Refine(Run run)
    {
        for (int last = run.InitialIntervals + 1; last <= limit; last++)
        {
            (int newLevel, double bisectedError, double halvesError) = run.BisectWorstInterval(last);
            if (run.ErrorSumMeetsTolerance() || !run.StillConverging)
                break;
            if (run.IsSecondStepOfSingleRange(last))
            {
                run.StartSmallLevelTwo();
                continue;
            }

            if (run.ExtrapolationDisabled)
                continue;
            run.UpdateErrorOfLargeIntervals(bisectedError, halvesError, newLevel);
            if (run.SearchingMissedFeature())
                continue;
            if (!run.WorstIntervalIsSmall())
                continue;
            if (run.SelectLargeIntervalToBisect(last))
                continue;
            if (run.ExtrapolateAndCheck())
                break;
            run.ReturnToWorstInterval();
        }
    }

    /// <summary>The state of one adaptive run and its steps.</summary>
    private sealed class Run
    {
        private readonly ExtrapolatingIntegrator owner;
        private readonly bool breakpoints;
        private readonly SubintervalList list;
        private WynnEpsilonTable table = new();
        // The sums fed to the table, to see whether they fall as it assumes (see ExtrapolateAndCheck).
        private readonly ExtrapolatedSums sums = new();

        // The best estimate so far (QUADPACK's result, abserr): the first sum, then the best extrapolation.
        private double result, abserr;
        // The sum of the subinterval estimates and their errors (area, errsum).
        private RunningTotal total;
        private RunningErrorSum errorSum;
        private double area => total.Value;
        // ∫|f| over the initial intervals (resabs) and the resasc of the last one (for QAGS's acceptance).
        private double totalAbs, firstAsc;
        private double tolerance;
        // Whether |∫f| ≈ ∫|f|, i.e. f keeps one sign (ksgn = 1); the divergence test spares an f that changes sign
        // and integrates to nearly nothing.
        private bool keepsSign;
        // The worst interval still to bisect, at error rank rank (maxerr, errmax, nrmax − 1).
        private int worst, rank;
        private double worstError;
        // Intervals at this bisection level or deeper count as small (levmax).
        private int smallLevel;
        // The summed error of the intervals that are not small (erlarg), and the tolerance an extrapolated
        // value has to meet (ertest).
        private double largeIntervalsError, extrapolationTolerance;
        // largeIntervalsError when the best extrapolation was taken (correc), added to its error when it is the result
        // (QUADPACK adds it only when roundoff spoiled the extrapolation; see Finish).
        private double correction;
        // Bisecting large intervals ahead of an extrapolation (extrap); extrapolation given up (noext).
        private bool bisectingLarge, extrapolationDisabled;
        // Extrapolations in a row that did not improve the best estimate (ktmin).
        private int extrapolationsWithoutGain;
        // Bisections that changed neither value nor error, before (iroff1) and during (iroff2) extrapolation,
        // and bisections after the tenth that increased the error (iroff3).
        private int stagnantBisections, stagnantBisectionsExtrapolating, errorIncreases;
        private bool roundoffInExtrapolation; // QUADPACK's ierro = 3
        private bool stalledTable;            // QUADPACK's ier = 5
        private bool sumAtEnd;
        private bool extrapolationRoundoff;
        // Whether the best extrapolation (result) was taken while the sums fed to the table did not fall geometrically
        // (ExtrapolatedSums): see CoverBothCandidates.
        private bool resultOnIrregularSums;
        private bool exhaustedHalves;
        private QuadStatus status = QuadStatus.Converged;
        private bool acceptFirst;
        // Subintervals charged for a feature their rule missed (see Half), and whether the last step had any.
        private int chargedIntervals;
        private bool searching;

        public Run(ExtrapolatingIntegrator owner, bool breakpoints, int initialIntervals)
        {
            this.owner = owner;
            this.breakpoints = breakpoints;
            InitialIntervals = initialIntervals;
            list = new SubintervalList(Math.Max(owner.limit, initialIntervals));
        }

        public int InitialIntervals { get; }

        public bool StillConverging => status == QuadStatus.Converged;

        public bool ExtrapolationDisabled => extrapolationDisabled;

        /// <summary>Ends the run on a cancellation: <see cref="Finish"/> returns the sum over the partition.</summary>
        public void Cancel()
        {
            status = QuadStatus.Cancelled;
            sumAtEnd = true;
        }

        /// <summary>First approximation: one rule per initial interval. QAGP charges an initial interval whose
        /// error estimate saturated the whole first error, so that it is bisected early.</summary>
        public void ApplyRuleToInitialIntervals(ReadOnlySpan<double> points, ReadOnlySpan<double> knownValues)
        {
            int initial = InitialIntervals;
            foreach (double x in points)
                pieceEnds.Add(x);
            for (int k = 0; k < knownValues.Length; k++)
                knownEnds.Keep(points[k], knownValues[k]);
            bool anyUnreliable = false;
            Span<bool> unreliable = initial <= 256 ? stackalloc bool[initial] : new bool[initial];
            for (int k = 0; k < initial; k++)
            {
                RuleEstimate est = owner.rule.Apply(points[k], points[k + 1]);
                RangeOverflowException.ThrowIfNotFinite(est, points[k], points[k + 1]);
                if (!knownValues.IsEmpty)
                {
                    // Audit 50: QAWF's head [0, 31.4] (ω = 0.1) with (x < d ? 1 : ½)/(1 + x) against cos(0.1x), d 0.02 below its
                    // end: Converged 1.9011188308820737 ± 1.5e-12 for an error of 3.1e-4, the jump in no sample of this cycle
                    // nor of the next.
                    double hidden = HiddenAtEnds(points[k], points[k + 1]);
                    if (hidden > est.Error)
                        est = est with { Error = hidden };
                }

                result += est.Value;
                abserr += est.Error;
                totalAbs += est.AbsIntegral;
                firstAsc = est.AscIntegral;
                unreliable[k] = breakpoints && est.ErrorIsSaturated && est.Error != 0.0;
                anyUnreliable |= unreliable[k];
                int added = list.Add(points[k], points[k + 1], est.Value, est.Error, 0, owner.rule.LastPeak);
                list.SetRoundingFloor(added, owner.rule.LastRoundingFloor);
                KeepCentreValue(points[k], points[k + 1]);
            }

            RangeOverflowException.ThrowIfNotFinite(result, abserr);
            errorSum = new RunningErrorSum(abserr);
            if (anyUnreliable)
            {
                for (int k = 0; k < initial; k++)
                {
                    if (unreliable[k])
                        list.SetError(k, abserr);
                }

                errorSum.Reset(list.SumErrors());
            }
        }

        /// <summary>True when the first approximation is the answer: it meets the tolerance, or roundoff or the
        /// interval limit leaves nothing to refine.</summary>
        public bool FirstEstimateSettles()
        {
            tolerance = owner.Tolerance(Math.Abs(result));
            if (abserr <= 100.0 * Epsilon * totalAbs && abserr > tolerance)
                status = QuadStatus.RoundoffDetected;
            acceptFirst = breakpoints
                ? abserr <= tolerance
                : (abserr <= tolerance && abserr != firstAsc) || abserr == 0.0;
            // QUADPACK reports the limit even when the first estimate already meets the tolerance; that is
            // convergence, so only a first estimate that misses it counts as hitting the limit.
            if (owner.limit <= InitialIntervals && !acceptFirst)
                status = QuadStatus.MaxIntervalsReached;
            return status != QuadStatus.Converged || acceptFirst;
        }

        public PieceOutcome FirstEstimateOutcome() => new(result, abserr, InitialIntervals, status, PieceOutcome.Describe(status));

        /// <summary>Seeds the epsilon table with the first sum and points at the worst interval.</summary>
        public void StartRefinement()
        {
            table.Append(result);
            sums.Append(result);
            total = new RunningTotal(result, list.SumAbsValues());
            keepsSign = Math.Abs(result) >= (1.0 - 50.0 * Epsilon) * totalAbs;
            abserr = Huge;
            rank = 0;
            worst = list.ByErrorRank(0);
            worstError = list.Error(worst);
            smallLevel = 1;
            largeIntervalsError = errorSum.Value;
            extrapolationTolerance = tolerance;
        }

        /// <summary>
        /// Bisects the worst interval, updates the sums, the roundoff counters and the status, and files the
        /// halves; returns the halves' level, the bisected interval's error and the halves' summed error.
        /// </summary>
        public (int NewLevel, double BisectedError, double HalvesError) BisectWorstInterval(int last)
        {
            int newLevel = list.Level(worst) + 1;
            double a1 = list.Lower(worst), b2 = list.Upper(worst);
            double b1 = IntervalGeometry.Centre(a1, b2), a2 = b1;
            double bisectedError = worstError;
            (double At, double Magnitude) known = list.Peak(worst);
            RuleEstimate left = owner.rule.Apply(a1, b1);
            double leftFloor = owner.rule.LastRoundingFloor;
            RangeOverflowException.ThrowIfNotFinite(left, a1, b1);
            HalfSamples leftSamples = Samples(a1, b1, known);
            double leftHidden = HiddenAtEnds(a1, b1);
            KeepCentreValue(a1, b1);
            RuleEstimate right = owner.rule.Apply(a2, b2);
            double rightFloor = owner.rule.LastRoundingFloor;
            RangeOverflowException.ThrowIfNotFinite(right, a2, b2);
            HalfSamples rightSamples = Samples(a2, b2, known);
            double rightHidden = HiddenAtEnds(a2, b2);
            KeepCentreValue(a2, b2);
            bool met = leftSamples.Meets(known.Magnitude) || rightSamples.Meets(known.Magnitude);
            SubintervalList.Piece leftPiece = Half(a1, b1, left, known, leftSamples, met, leftHidden) with { RoundingFloor = leftFloor };
            SubintervalList.Piece rightPiece = Half(a2, b2, right, known, rightSamples, met, rightHidden) with { RoundingFloor = rightFloor };
            left = left with { Error = leftPiece.Error };
            right = right with { Error = rightPiece.Error };
            chargedIntervals += (leftPiece.Missed > 0.0 ? 1 : 0) + (rightPiece.Missed > 0.0 ? 1 : 0) - (list.Missed(worst) > 0.0 ? 1 : 0);
            double area12 = left.Value + right.Value;
            double erro12 = left.Error + right.Error;
            double previous = list.Value(worst);
            errorSum.Update(erro12, worstError);
            total.Bisect(left.Value, right.Value, previous);
            RangeOverflowException.ThrowIfNotFinite(area, errorSum.Value);

            // A bisection in search of a missed feature (see Half) leaves the value as it was and the error, capped at the
            // bisected interval's, where it was, until the feature is met: that is not roundoff.
            if (!left.ErrorIsSaturated && !right.ErrorIsSaturated && leftPiece.Missed == 0.0 && rightPiece.Missed == 0.0)
                CountRoundoff(previous, area12, erro12, last);
            UpdateStatus(last, a1, b2, a2);
            FileHalves(leftPiece, rightPiece, newLevel);
            // The epsilon table extrapolates this total: one that cancelled far below the values it held keeps their
            // rounding and not its own digits (see RunningTotal), so it is summed afresh.
            if (total.Cancelled)
                total.Reset(list.SumValues(), list.SumAbsValues());
            tolerance = owner.Tolerance(area);
            return (newLevel, bisectedError, erro12);
        }

        private HalfSamples Samples(double a, double b, (double At, double Magnitude) known) =>
            HalfSamples.Of(a, b, known, owner.rule.LastPeak, owner.rule.NearestNode);

        // f at the centre of every interval a rule was applied to: the ends of later subintervals (never a limit or a
        // breakpoint, where f may be singular and is never sampled), and at the points the caller gave known values for.
        private readonly KnownEndValues knownEnds = new();

        private void KeepCentreValue(double a, double b) => knownEnds.KeepCentre(owner.rule, a, b);

        /// <summary>The mass f may hide beyond the outermost nodes of the interval just integrated, at its ends where f is
        /// known (<see cref="EndGap"/>): a jump just beyond the centre of the bisected interval that neither half samples.</summary>
        private double HiddenAtEnds(double a, double b) => knownEnds.HiddenAtEnds(owner.rule, a, b);

        /// <summary>
        /// One half of the worst interval, just integrated by the rule, with the peak it knows of and the charge for a
        /// feature at that peak its nodes missed (see <see cref="HalfSamples"/>), at most the bisected interval's error.
        /// </summary>
        /// <remarks>
        /// ∫ e^(−x²) dx over [−1e4, 1e4] ended Converged 0.8862269254527583 ± 3.1e-13 (√π/2): the first rule samples f(0)
        /// = 1 at its centre, the halves [−1e4, 0] and [0, 1e4] never sample their common end, and their nodes nearest to
        /// it (21.7 away) see e^(−470). Both were bisected towards 0, but the search on [0, 1e4] found the peak and met the
        /// tolerance before [−5000, 0] (value 1.9e-50 ± 3.7e-50) was bisected again. From 3e4 on, the halves were 0 ± 0
        /// and the run Converged 0 ± 0 in 63 evaluations. A jump at the centre (a Heaviside step at 0 on [−1, 1]) is met
        /// by the half it continues into, and charges nothing.
        /// </remarks>
        private SubintervalList.Piece Half(double a, double b, in RuleEstimate estimate, (double At, double Magnitude) known,
            in HalfSamples samples, bool met, double hidden)
        {
            (double At, double Magnitude) peak = samples.PeakAfter(known);
            var piece = new SubintervalList.Piece(a, b, estimate.Value, estimate.Error) { PeakAt = peak.At, PeakMagnitude = peak.Magnitude };
            double missed = Math.Min(Math.Max(samples.Missed(known, met), hidden), worstError);
            return missed > estimate.Error ? piece with { Error = missed, Missed = missed } : piece;
        }

        /// <summary>A bisection that neither changes the value nor reduces the error points at roundoff.</summary>
        private void CountRoundoff(double previous, double area12, double erro12, int last)
        {
            if (Math.Abs(previous - area12) <= 1e-5 * Math.Abs(area12) && erro12 >= 0.99 * worstError)
            {
                if (bisectingLarge)
                    stagnantBisectionsExtrapolating++;
                else
                    stagnantBisections++;
            }

            if (last > 10 && erro12 > worstError)
                errorIncreases++;
        }

        private void UpdateStatus(int last, double a1, double b2, double a2)
        {
            if (stagnantBisections + stagnantBisectionsExtrapolating >= 10 || errorIncreases >= 20)
                status = QuadStatus.RoundoffDetected;
            if (stagnantBisectionsExtrapolating >= 5)
                roundoffInExtrapolation = true;
            if (last == owner.limit)
                status = QuadStatus.MaxIntervalsReached;
            if (Math.Max(Math.Abs(a1), Math.Abs(b2)) <= (1.0 + 100.0 * Epsilon) * (Math.Abs(a2) + 1000.0 * RuleEstimate.Underflow))
            {
                bool nothingElseFailed = status is QuadStatus.Converged or QuadStatus.MaxIntervalsReached;
                status = QuadStatus.BadIntegrandBehaviour;
                // Halves with no double inside had f sampled at every double they hold (their two ends), and
                // their error bounds any f lying between those values: nothing is left to learn there, so if the
                // error sum then meets the tolerance the run has converged (∫1 over [1, 1 + 2ε] ended
                // BadIntegrandBehaviour with the exact value).
                exhaustedHalves = nothingElseFailed && Math.BitIncrement(a1) >= a2 && Math.BitIncrement(a2) >= b2;
            }
        }

        /// <summary>
        /// Replaces the worst interval by its halves. The skipped (small, larger-error) intervals ahead of the
        /// bisected one stay ahead only if their error exceeds the larger new half's (QUADPACK's qpsrt).
        /// </summary>
        private void FileHalves(in SubintervalList.Piece left, in SubintervalList.Piece right, int newLevel)
        {
            double newMax = Math.Max(left.Error, right.Error);
            int stillAhead = 0;
            while (stillAhead < rank && list.Error(list.ByErrorRank(stillAhead)) > newMax)
                stillAhead++;
            list.Bisect(worst, rank, left, right, newLevel);
            rank = stillAhead;
            worst = list.ByErrorRank(rank);
            worstError = list.Error(worst);
        }

        /// <summary>
        /// True when the summed error meets the tolerance. errorSum is kept up to date by differences, which
        /// drift when the errors fall by many orders of magnitude: a stop on it is decided by the sum itself.
        /// </summary>
        public bool ErrorSumMeetsTolerance()
        {
            if (errorSum.MayMeet(tolerance))
                errorSum.Reset(list.SumErrors());
            if (errorSum.Value > tolerance)
                return false;
            // Met on the very last allowed bisection: that is convergence, not a limit failure; likewise the
            // too-small test tripped by halves that hold no untried double (see UpdateStatus).
            if (status == QuadStatus.MaxIntervalsReached || (status == QuadStatus.BadIntegrandBehaviour && exhaustedHalves))
                status = QuadStatus.Converged;
            sumAtEnd = true;
            return true;
        }

        /// <summary>QAGS/QAGI: after the first bisection "small" means a quarter of the range (level 2).</summary>
        public bool IsSecondStepOfSingleRange(int last) => !breakpoints && last == 2;

        public void StartSmallLevelTwo()
        {
            smallLevel = 2;
            largeIntervalsError = errorSum.Value;
            extrapolationTolerance = tolerance;
            table.Append(area);
            sums.Append(area);
        }

        /// <summary>The bisected interval's error leaves the large intervals' sum; its halves join it while they
        /// are still large.</summary>
        public void UpdateErrorOfLargeIntervals(double bisectedError, double halvesError, int newLevel)
        {
            largeIntervalsError -= bisectedError;
            if (newLevel < smallLevel)
                largeIntervalsError += halvesError;
        }

        /// <summary>
        /// True while a subinterval is charged for a feature its rule missed (see <see cref="Half"/>): the worst interval is
        /// bisected, without extrapolation. The sums stand still while the feature is searched for and jump when it is met,
        /// and an epsilon table fed with them extrapolated that jump away: ∫ 1e-3/(x² + 1e-6) dx over [−1000, 1000] ended
        /// Divergent −2e-6. So the table, and any extrapolation taken before, are dropped when a search starts, and the
        /// table starts afresh from the sum once it is over.
        /// </summary>
        public bool SearchingMissedFeature()
        {
            if (chargedIntervals == 0 && !searching)
                return false;
            if (chargedIntervals > 0 != searching)
            {
                searching = chargedIntervals > 0;
                table = new WynnEpsilonTable();
                table.Append(area);
                sums.Clear();
                sums.Append(area);
                abserr = Huge;
                extrapolationsWithoutGain = 0;
                largeIntervalsError = errorSum.Value;
                extrapolationTolerance = tolerance;
            }

            bisectingLarge = false;
            rank = 0;
            worst = list.ByErrorRank(0);
            worstError = list.Error(worst);
            return searching;
        }

        /// <summary>Extrapolation starts only once the worst interval is among the smallest; from then on the
        /// large intervals are bisected first.</summary>
        public bool WorstIntervalIsSmall()
        {
            if (bisectingLarge)
                return true;
            if (list.Level(worst) < smallLevel)
                return false;
            bisectingLarge = true;
            rank = 1;
            return true;
        }

        /// <summary>
        /// While the large intervals still carry too much error, points at the worst of them (searched within
        /// QUADPACK's jupbnd ranks) and returns true: bisect it before extrapolating.
        /// </summary>
        public bool SelectLargeIntervalToBisect(int last)
        {
            if (roundoffInExtrapolation || largeIntervalsError <= extrapolationTolerance)
                return false;
            int limit = owner.limit;
            int searchBound = last > 2 + limit / 2 ? limit + 3 - last : last;
            for (int k = rank + 1; k <= searchBound && rank + 1 <= list.Count; k++)
            {
                worst = list.ByErrorRank(rank);
                worstError = list.Error(worst);
                if (list.Level(worst) < smallLevel)
                    return true;
                rank++;
            }

            return false;
        }

        /// <summary>
        /// Feeds the running total to the epsilon table and keeps the extrapolation when its error beats the
        /// best so far (unless it would end the run on sums that do not fall as the table assumes: see
        /// <see cref="EndsOnIrregularSums"/>); returns true when the run ends (the extrapolation meets its tolerance, or the table
        /// stalled).
        /// </summary>
        public bool ExtrapolateAndCheck()
        {
            table.Append(area);
            sums.Append(area);
            if (breakpoints && table.Count <= 2)
                return false;
            (double reseps, double abseps) = table.Extrapolate();
            // QUADPACK takes the spread of the last three extrapolations as the error. Near a singularity the
            // sums fed to the table carry roundoff that the spread can miss (SciPy reports 1.3e-13 for a 1.9e-13
            // error on 1/sqrt(1 − x²)), so the estimate is doubled before it is trusted for convergence or reported.
            if (abseps < Huge / ExtrapolationSafety)
                abseps *= ExtrapolationSafety;
            // Every sum fed to the table carries about ε·Σ|values| of rounding (the values' own and the total's), far more
            // than ε·|result| when the subintervals cancel, and the spread of the extrapolations need not show it:
            // ∫_{−1}^{1} (1e4·x + ln|x − 0.3|) dx at relTol 1e-8 was Converged −1.9085989169494904 ± 4.2e-15, 1.2e-13 off
            // (ε·Σ|values| = 2.2e-12). The error is kept above 10ε·Σ|values|, as QAWO's is.
            abseps = Math.Max(abseps, 10.0 * Epsilon * total.AbsoluteSum);
            extrapolationsWithoutGain++;
            if (extrapolationsWithoutGain > 5 && abserr < 1e-3 * errorSum.Value)
                stalledTable = true;
            if (abseps < abserr && !EndsOnIrregularSums(reseps, abseps))
            {
                extrapolationsWithoutGain = 0;
                abserr = abseps;
                result = reseps;
                resultOnIrregularSums = !sums.FallGeometrically(100.0 * Epsilon * total.AbsoluteSum);
                correction = largeIntervalsError;
                extrapolationTolerance = owner.Tolerance(reseps);
                if (breakpoints ? abserr < extrapolationTolerance : abserr <= extrapolationTolerance)
                    return true;
            }

            if (table.Count == 1)
                extrapolationDisabled = true;
            return stalledTable;
        }

        /// <summary>
        /// True when the extrapolation would end the run (it meets its tolerance) although the last differences of the sums
        /// fed to the table do not fall geometrically (<see cref="ExtrapolatedSums"/>): the table's limit is then not
        /// trusted, and not kept, and the run goes on bisecting. A jump at d = 0.1570647243210416 in x &lt; d ? eˣ : ½ − x² on
        /// [0, 1] was Converged 0.2594965676933926 ± 1.3e-11 for an error of 6.4e-7 (SciPy's quad alike); it now converges
        /// within its error. Runs whose sums fall geometrically, and every extrapolation that does not end
        /// the run, stay QUADPACK's.
        /// </summary>
        private bool EndsOnIrregularSums(double reseps, double abseps)
        {
            double tolerance = owner.Tolerance(reseps);
            bool meets = breakpoints ? abseps < tolerance : abseps <= tolerance;
            return meets && !sums.FallGeometrically(100.0 * Epsilon * total.AbsoluteSum);
        }

        /// <summary>Goes back to bisecting the largest-error interval, with "small" one level finer.</summary>
        public void ReturnToWorstInterval()
        {
            rank = 0;
            worst = list.ByErrorRank(0);
            worstError = list.Error(worst);
            bisectingLarge = false;
            smallLevel++;
            largeIntervalsError = errorSum.Value;
        }

        /// <summary>
        /// Chooses between the extrapolated and the summed result, applies the divergence test, and names the
        /// outcome.
        /// </summary>
        public PieceOutcome Finish()
        {
            if (stalledTable && status == QuadStatus.Converged)
            {
                status = QuadStatus.RoundoffDetected;
                extrapolationRoundoff = true;
            }

            bool unconfirmedIrregularLimit = resultOnIrregularSums && abserr != Huge;

            if (!sumAtEnd && abserr != Huge)
            {
                if (KeepExtrapolation() && !(!keepsSign && Math.Max(Math.Abs(result), Math.Abs(area)) <= totalAbs * 0.01))
                {
                    if (DivergenceTest.Fails(result, area, errorSum.Value))
                    {
                        if (DivergenceTest.OnlySubnormalRounding(result, area, errorSum.Value))
                            EndWithSubnormalSum();
                        else
                            status = QuadStatus.Divergent;
                    }
                }
            }
            else
            {
                sumAtEnd = true;
            }

            // The epsilon table removes the error that shrinks from sum to sum (the small intervals' at the singularity), not
            // that of the large intervals away from it: every sum fed to the table holds their values, so its limit keeps
            // their error, and the spread of the extrapolations does not show it. QUADPACK checks that share against the
            // tolerance on its own (erlarg ≤ ertest before extrapolating) but reports the spread alone, adding erlarg
            // (correc) only when roundoff spoiled the table (KeepExtrapolation). The two add up in every case: |x − 0.9|^−0.9
            // on [0, 1] (no breakpoint) at relTol 1e-12 was Converged 17.838474929298883 ± 4.5e-12 for an error of 6.1e-12,
            // with 4.9e-12 on the large intervals; now ± 9.4e-12. The steps of the run stay QUADPACK's; where the sum
            // exceeds the tolerance the run ends RoundoffDetected (Quad's final check).
            if (!sumAtEnd && !roundoffInExtrapolation)
                abserr += Math.Abs(correction);
            (double extrapolated, double extrapolatedError) = (result, abserr);
            if (sumAtEnd)
            {
                result = list.SumValues();
                abserr = list.SumErrors();
            }

            // Neither the table nor the summed errors hold the rounding of the nodes (IntervalRule.LastRoundingFloor, so far
            // LogDistanceRule's only), which is in every value and does not shrink with bisection: the final pieces' terms are
            // added. PV ∫ x^(−1/2)/(x − c) dx over [0, 1], c = −1e-6, at relTol 1e-13 ended RoundoffDetected ± 1.04e-9 for a
            // true error of 1.59e-9, the rounding next to the singular end seen by no estimate (audit qawc57).
            double floors = list.SumRoundingFloors();
            if (floors > 0.0)
            {
                abserr += floors;
                extrapolatedError += floors;
                if (status == QuadStatus.Converged && abserr > owner.Tolerance(Math.Abs(result)))
                    status = QuadStatus.RoundoffDetected;
            }

            if (unconfirmedIrregularLimit && status != QuadStatus.Converged)
                CoverBothCandidates(extrapolated, extrapolatedError);

            string message = extrapolationRoundoff && status == QuadStatus.RoundoffDetected
                ? "Roundoff error was detected in the extrapolation table; the result is the best that can be obtained."
                : PieceOutcome.Describe(status);
            if (status == QuadStatus.Divergent)
                (abserr, message) = DivergentOutcome.Bound(result, abserr, area, errorSum.Value, list.Count);
            if (status == QuadStatus.MaxIntervalsReached)
                message += EndMassWarning();
            return new PieceOutcome(result, abserr, list.Count, status, message);
        }

        /// <summary>
        /// A run that did not converge, whose best extrapolation was taken on sums that did not fall geometrically
        /// (<see cref="ExtrapolatedSums"/>): the table's limit and the plain sum are two candidates, and which one is right
        /// is not known. The table can settle on a limit of its own, which the spread of its last results does not show; the
        /// sum's error misses the mass of a singularity the bisections have not resolved. So the result kept (QUADPACK's
        /// choice, by relative error) carries an error that reaches the other candidate and that one's error as well. A
        /// stretch of a principal value, PV ∫ f(x)/(x − 0.03) dx over [0, 1] with f = (x &lt; d ? 1 : ½)/√x beyond the pole
        /// (d = 0.0907000107545116, relTol 1e-10), stalled on a table giving 8.442737991721495 three times over, ± 3.4e-10
        /// and 3.3e-6 off; a piecewise run, whose pieces may fail as long as their summed errors meet the tolerance, made
        /// the whole Converged ± 3.8e-10. Of audit 43's 2250-run singular sweep 50 failures (BadIntegrandBehaviour) reported
        /// errors up to 138 times below their true ones. |x − 0.9|^−0.9 on [0, 1] at relTol 1e-12, on the other hand,
        /// ends RoundoffDetected on a right limit (17.8384749292995, 5e-12 off) while the sum, 14.19 ± 1.71, is 3.65 off.
        /// </summary>
        private void CoverBothCandidates(double extrapolated, double extrapolatedError)
        {
            (double other, double otherError) = sumAtEnd ? (extrapolated, extrapolatedError) : (list.SumValues(), list.SumErrors());
            double reach = Math.Abs(result - other) + otherError;
            if (reach > abserr)
                abserr = reach;
        }

        /// <summary>The limits and breakpoints of the run, in the rule's variable.</summary>
        private readonly HashSet<double> pieceEnds = new();

        /// <summary>
        /// For a run stopped by MaxIntervals: a sentence saying the estimate may be unreliable when the subintervals next to a
        /// limit or breakpoint fit a power law |x − c|^α growing towards it (<see cref="EndPowerMass"/>) whose mass on the last
        /// subinterval there, in place of that subinterval's estimate, moves the sum farther from the result than its error;
        /// or "". Values and status stay QUADPACK's. x^−0.99 on [0, 1] with MaxIntervals = 5 ended 9.96 ± 8.66 for 100, and
        /// ∫_e^∞ dx/(x·ln^1.1 x) 5.327 ± 1.8e-4 for 10, both with only "raise MaxIntervals".
        /// </summary>
        private string EndMassWarning()
        {
            var byLower = new Dictionary<double, int>();
            var byUpper = new Dictionary<double, int>();
            for (int i = 0; i < list.Count; i++)
            {
                byLower[list.Lower(i)] = i;
                byUpper[list.Upper(i)] = i;
            }

            double corrected = list.SumValues();
            bool divergent = false, fitted = false;
            for (int i = 0; i < list.Count; i++)
            {
                double a = list.Lower(i), b = list.Upper(i);
                bool endA = pieceEnds.Contains(a), endB = pieceEnds.Contains(b);
                if (endA == endB)
                    continue;
                // The end at a limit or breakpoint, and the two subintervals beyond the other end.
                if (!(endB ? byUpper.TryGetValue(a, out int n1) : byLower.TryGetValue(b, out n1)))
                    continue;
                double next = endB ? list.Lower(n1) : list.Upper(n1);
                if (pieceEnds.Contains(next) || !(endB ? byUpper.TryGetValue(next, out int n2) : byLower.TryGetValue(next, out n2)))
                    continue;
                double d0 = Math.Abs(b - a), d1 = d0 + Math.Abs(list.Upper(n1) - list.Lower(n1)), d2 = d1 + Math.Abs(list.Upper(n2) - list.Lower(n2));
                double hidden = EndPowerMass.Hidden(d0, d1, d2, list.Value(n1), list.Value(n2));
                if (double.IsNaN(hidden))
                    continue;
                fitted = true;
                divergent |= double.IsPositiveInfinity(hidden);
                corrected += hidden - list.Value(i);
            }

            if (!fitted)
                return "";
            if (divergent)
            {
                return " The subintervals next to a limit or breakpoint fit a power |x − c|^α with α ≤ −1 (c that point, or x^α with α ≥ −1 on an "
                    + "infinite range): the integral may not exist, and the estimate and its error are unreliable.";
            }

            double gap = Math.Abs(corrected - result);
            return gap > abserr
                ? string.Create(CultureInfo.InvariantCulture, $" The estimate may be unreliable: a power law |x − c|^α fitted to the subintervals next to a limit or breakpoint where the integrand grows "
                    + $"puts {gap:G3} more mass there than the result holds, above the error estimate {abserr:G3}.")
                : "";
        }

        /// <summary>
        /// The divergence test failed on subnormal rounding alone (see <see cref="DivergenceTest"/>): the sum is the
        /// answer, with its summed error (the extrapolation of sums stuck on the subnormal grid claims 0), and the
        /// tolerance was not met.
        /// </summary>
        private void EndWithSubnormalSum()
        {
            sumAtEnd = true;
            if (status == QuadStatus.Converged)
                status = QuadStatus.RoundoffDetected;
        }

        /// <summary>
        /// After an extrapolation: true to keep it and run the divergence test on it; false leaves either the sum
        /// (<see cref="sumAtEnd"/> set) or, for a zero area, the extrapolation without the test.
        /// </summary>
        private bool KeepExtrapolation()
        {
            if (status == QuadStatus.Converged && !roundoffInExtrapolation)
                return true;
            // correction is erlarg, kept by differences: where the errors of the large intervals cancel to rounding it can
            // drift below 0 (sin(1/x) on [−1, 1], breakpoint 0, MaxIntervals = 500: −1.6e-16, reported as the error
            // of the result 0; QUADPACK/SciPy give −5.3e-17). Its size is then all that is known of it.
            if (roundoffInExtrapolation)
                abserr += Math.Abs(correction);
            if (status == QuadStatus.Converged)
                status = QuadStatus.RoundoffDetected;
            if (result != 0.0 && area != 0.0)
            {
                // Keep whichever of the extrapolated and summed results has the smaller relative error.
                bool keep = abserr / Math.Abs(result) <= errorSum.Value / Math.Abs(area);
                sumAtEnd = !keep;
                return keep;
            }

            if (abserr > errorSum.Value)
            {
                sumAtEnd = true;
                return false;
            }

            return area != 0.0;
        }
    }
}
