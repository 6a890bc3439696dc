using System.Globalization;

namespace BlasNet.Quadrature;

/// <summary>
/// QUADPACK's QAWFE (Piessens et al., 1983, §3.4.4) for the Fourier integrals ∫_a^∞ cos(ωx) f(x) dx and
/// ∫_a^∞ sin(ωx) f(x) dx (ω &gt; 0): the range is cut into cycles of (2⌊ω⌋ + 1)·π/ω, each an odd number of half
/// periods so that for a slowly varying f the contributions alternate in sign; each cycle is integrated by QAWO
/// (<see cref="OscillatoryIntegrator"/>) and the partial sums are extrapolated by the epsilon algorithm.
/// </summary>
/// <remarks>
/// QUADPACK asks for an absolute tolerance ε and gives cycle k the tolerance (1 − p)·p^(k−1)·ε (p = 0.9), so the
/// cycles' errors add up to at most ε. Here the tolerance is max(AbsoluteTolerance, RelativeTolerance·|I|) as
/// everywhere else, with |I| not known in advance: the first cycle is integrated to the relative tolerance of its
/// own value, whose size then stands for |I|, lowered whenever an extrapolation shows the integral to be smaller.
/// When the integral turns out much smaller than the first cycle (strong cancellation) and the tolerance was
/// missed, the run is repeated once with the scale of the result.
/// <para>
/// For a small ω the first cycle, π/ω long, dwarfs the scale max(1, |a|) on which the other infinite-range rules sample
/// f: QUADPACK's QAWO on [0, π·1e6] (ω = 1e-6) puts its first nodes thousands of units from 0 and returns 0 for
/// ∫ e^(−x) cos(ωx) dx. Such a first cycle is the head: it is cut at a + max(1, |a|)·2^j, j = 0, 1, …, and
/// integrated by the extrapolating driver on w·f (<see cref="OscillatoryHeadRule"/>); QAWO takes the cycles beyond.
/// </para>
/// </remarks>
internal sealed class FourierIntegrator(OscillatoryWeightRule rule, double absoluteTolerance, double relativeTolerance, int maxIntervals)
    : AdaptiveDriver(absoluteTolerance, relativeTolerance, maxIntervals)
{
    /// <summary>QUADPACK's limlst default: the partial sums of this many cycles at most.</summary>
    public const int MaxCycles = 50;

    private const double P = 0.9;

    /// <summary>Contributions die out when the largest of the second half of the cycles is at most this fraction of the
    /// largest of the first half, and the largest of the last quarter of that of the third (or when they shrink at every
    /// step since the largest, in the first half).</summary>
    private const double EnvelopeDrop = 0.9;

    private readonly OscillatoryWeightRule rule = rule;

    /// <summary>∫_a^∞ w·f. <paramref name="fa"/> is f at a where the caller sampled it (NaN where not, or where f is not
    /// finite there): the whole line's halves start at 0, which is no limit; a finite limit is sampled once too (audit 52).</summary>
    public PieceOutcome Integrate(double a, double fa = double.NaN)
    {
        double omega = rule.Omega;
        if (!double.IsFinite(a + (2.0 * Math.Floor(omega) + 1.0) * Math.PI / omega))
            return BeyondTheFirstCycle(a);
        (PieceOutcome outcome, double firstScale) = RunCycles(a, null, fa);
        if (outcome.Status == QuadStatus.Converged && outcome.Error <= Tolerance(outcome.Value))
            return outcome;
        double size = Math.Abs(outcome.Value);
        if (double.IsFinite(size) && size > 0.0 && relTol * size > absTol && firstScale > 1.5 * size)
        {
            (PieceOutcome again, _) = RunCycles(a, size, fa);
            return again with { Intervals = again.Intervals + outcome.Intervals };
        }

        return outcome;
    }

    /// <summary>
    /// ω so small (about 1e-308 and below) that the first cycle, π/ω long, ends beyond double.MaxValue: there are no
    /// cycles to cut, and every x that f can be sampled at has ω·x ≤ about π. The whole half line is then integrated
    /// on w·f by the infinite-range extrapolating driver (QAGI's map, on the scale max(1, |a|) as the plain integral):
    /// cos(ωx) is 1 to rounding wherever f is sampled, and the sine is integrated as sin(ωx)/ω ≈ x, which is exact,
    /// times ω (sin(ωx) itself would be subnormal). An f too slow to decay (1/x against sin(ωx): π/2 for every ω)
    /// looks divergent on that map and is reported so, never as converged.
    /// </summary>
    private PieceOutcome BeyondTheFirstCycle(double a)
    {
        bool scaled = rule.IsSine;
        double unit = scaled ? rule.Omega : 1.0;
        // The scaled integral is 1/ω times the wanted one, and so is its tolerance (∞ past the range of double means
        // that every error meets it).
        double abs = Math.Min(absTol / unit, double.MaxValue);
        PieceOutcome piece = new ExtrapolatingIntegrator(
            new InfiniteRangeRule(rule.WeightedSampler(scaled), a, InfiniteRange.Upper, RangeLayout.TailScale(a)),
            abs, relTol, limit).Integrate([0.0, 1.0]);
        if (!scaled)
            return piece;

        // Multiplying by ω rounds once more, to a subnormal when the integral is below 2.2e-308.
        double value = piece.Value * unit;
        double error = piece.Error * unit + RuleEstimate.Epsilon * Math.Abs(value) + double.Epsilon;
        QuadStatus status = piece.Status == QuadStatus.Converged && !(error <= Tolerance(value))
            ? QuadStatus.RoundoffDetected
            : piece.Status;
        return new PieceOutcome(value, error, piece.Intervals, status,
            status == piece.Status ? piece.Message : PieceOutcome.Describe(status));
    }

    /// <summary>One pass over the cycles. <paramref name="fixedScale"/> is the size of the integral the cycle
    /// tolerances refer to; null lets the first cycle set it. <paramref name="fa"/>: f at a, NaN where not known.</summary>
    private (PieceOutcome Outcome, double FirstScale) RunCycles(double a, double? fixedScale, double fa)
    {
        double omega = rule.Omega;
        double cycle = (2.0 * Math.Floor(omega) + 1.0) * Math.PI / omega;
        bool head = cycle > HeadRatio * RangeLayout.TailScale(a);
        var table = new WynnEpsilonTable();
        double scale = fixedScale ?? double.NaN, firstScale = double.NaN;
        double baseTolerance = fixedScale is { } s ? Math.Max(absTol, relTol * s) * (1.0 - P) : double.NaN;
        double fact = 1.0, partialSum = 0.0, errsum = 0.0, correction = 0.0, result = 0.0, abserr = 0.0;
        double lastMagnitude = 0.0; // drl: 50·|last cycle|, the size of the neglected tail
        double extrapolationError = 0.0; // abserr before Finish adds 10 × the largest cycle error (for the message)
        int intervals = 0, stalledExtrapolations = 0;
        bool cycleFailed = false, cyclesExhausted = false, stalled = false, extrapolated = false;
        // Whether the contributions are seen to die out, and whether they have grown past every one of the first half
        // of the cycles: see Dying.
        bool dying = false, growing = false;
        var magnitudes = new List<(double Value, double Error)>();
        QuadStatus cycleStatus = QuadStatus.Converged;
        double lower = a, fLower = fa;
        double step = ExactStep(a, cycle);
        for (int k = 1; k <= MaxCycles; k++)
        {
            double upper = a + k * step;
            RangeOverflowException.ThrowIfNotFinite(upper, upper);
            bool isHead = head && k == 1;
            // f at the cycle's upper end, which no rule samples (audit 50): a jump of f between the last node of one cycle
            // and the first node of the next was seen by neither, and each claimed a smooth f (QAWF's steps and kinks next
            // to the end of the first cycle: 208 false Converged claims in 480 runs, up to 1e11 times the reported error).
            // Kept for both cycles' rules (KnownEndValues), as f at a is for the first cycle's (NaN where not finite).
            double fUpper = rule.KnownValueAt(upper);
            PieceOutcome piece = double.IsNaN(baseTolerance)
                ? Cycle(lower, upper, absTol * (1.0 - P), relTol * (1.0 - P), isHead, fLower, fUpper)
                : CycleWithTolerance(lower, upper, baseTolerance * fact, isHead, fLower, fUpper);
            lower = upper;
            fLower = fUpper;
            fact *= P;
            intervals += piece.Intervals;
            if (double.IsNaN(baseTolerance))
            {
                scale = firstScale = Math.Abs(piece.Value);
                baseTolerance = Math.Max(absTol, relTol * scale) * (1.0 - P);
            }

            if (double.IsNaN(firstScale))
                firstScale = scale;
            partialSum += piece.Value;
            errsum += piece.Error;
            lastMagnitude = 50.0 * Math.Abs(piece.Value);
            RangeOverflowException.ThrowIfNotFinite(partialSum, errsum);
            magnitudes.Add((Math.Abs(piece.Value), piece.Error));
            dying = Dying(Math.Abs(piece.Value), piece.Error);
            // x³e^(−x/30)·cos x grows for a dozen cycles before it decays: only a rise that is still going on counts.
            growing = !dying && Growing();
            // The contributions have died out: the sum itself is the answer.
            // A zero contribution says nothing by itself: max(0, sin(x/6))·e^(−x/100) against cos x is 0 over every other
            // pair of cycles, and the sum after 7 cycles came out Converged −0.5282096265549721 ± 3e-15 (true −0.99754272,
            // as QUADPACK/SciPy). The contributions must die out as a whole (see Dying), and the tail is measured by the
            // largest of the last half of them.
            double recentMagnitude = 50.0 * RecentLargest();
            if (errsum + recentMagnitude <= Tolerance(partialSum) && k >= 6 && dying)
                return (Summed(), firstScale);

            correction = Math.Max(correction, piece.Error);
            if (piece.Status != QuadStatus.Converged)
            {
                // A cycle missed its share (often because it was too small to matter): later cycles get at
                // least a tenth of the largest cycle error, as in QUADPACK.
                cycleFailed = true;
                if (cycleStatus is QuadStatus.Converged or QuadStatus.RoundoffDetected or QuadStatus.MaxIntervalsReached)
                    cycleStatus = piece.Status;
                baseTolerance = Math.Max(baseTolerance, correction * (1.0 - P));
            }

            if (cycleFailed && errsum + recentMagnitude <= 10.0 * correction && k > 5 && dying)
                return (Summed(), firstScale);

            // A contribution of 0 (or within its error) repeats the partial sum; the epsilon table took the repeats for
            // convergence: max(0, sin(x/3))·e^(−x/100) against cos x, 0 over every other cycle, came out Converged
            // −0.19448892137 ± 1.6e-12 (true −0.19625190939). Such a cycle adds nothing to the table.
            bool repeated = Math.Abs(piece.Value) <= piece.Error;
            if (!repeated)
                table.Append(partialSum);
            if (k == MaxCycles)
                cyclesExhausted = true;
            if (k <= 2 || repeated)
            {
                if (cyclesExhausted)
                    break;
                continue;
            }

            (double value, double error) = table.Extrapolate();
            stalledExtrapolations++;
            if (stalledExtrapolations >= 15 && abserr <= 1e-3 * (errsum + lastMagnitude))
                stalled = true;
            if (error <= abserr || !extrapolated)
            {
                extrapolated = true;
                abserr = error;
                result = value;
                stalledExtrapolations = 0;
                if (fixedScale is null && Math.Abs(result) < scale)
                {
                    // The integral is smaller than the first cycle: tighten the remaining cycles to match.
                    scale = Math.Abs(result);
                    baseTolerance = Math.Min(baseTolerance, Math.Max(absTol, relTol * scale) * (1.0 - P));
                    // Never below QUADPACK's floor after a failed cycle (a tenth of the largest cycle error): its error is
                    // in the result's, and a cycle asked for less fails too, after bisecting to its roundoff.
                    if (cycleFailed)
                        baseTolerance = Math.Max(baseTolerance, correction * (1.0 - P));
                }
            }

            // The best extrapolation may date from a cycle at which the contributions were not yet seen to die out (a
            // damped beat, (1 + 0.9 cos(0.93x)) e^(−x/20) sin(3.7x), gives 0.5298037746267109 ± 5.9e-16 at cycle 9, on
            // the rise of a beat, and no better later); it is accepted once they are.
            double tolerance = Tolerance(result);
            if (dying && (abserr + 10.0 * correction <= tolerance || (abserr <= tolerance && 10.0 * correction >= tolerance)))
                break;

            if (stalled || cyclesExhausted)
                break;
        }

        return (Finish(), firstScale);

        // The partial sums of a convergent integral settle only when the cycle contributions die out. Those of a
        // growing or non-decaying f (∫_0^∞ sin x dx: ±2 per cycle; e^(x/100)·cos x) still extrapolate to a finite
        // value (the Abel sum, or any value: 2 ± 5e-14 for the sine), which is no integral: a result is accepted only
        // while the contributions (all of the last half of the cycles) are negligible, have shrunk at every step (beyond
        // their errors) since the largest, which lies in the first half of the cycles, or their envelope falls. A single
        // step down is not enough: under (1 + 0.9 cos(0.1x)) sin x, whose contributions beat without decaying, every
        // other few cycles shrink, and the Abel sum 1.9090909 came out Converged ± 8.6e-14; while a damped beat,
        // (1 + 0.9 cos(0.05x)) e^(−x/50) sin x, shrinks only every other few cycles and was refused. A beat longer than
        // half the cycles run looks like a decay on its way down and cannot be told from one.
        bool Dying(double magnitude, double error)
        {
            // Negligible: the newest contribution and every one of the last half of the cycles.
            int n = magnitudes.Count, peak = 0;
            if (50.0 * Math.Max(magnitude, RecentLargest()) + error <= Tolerance(partialSum))
                return true;
            for (int i = 1; i < n; i++)
            {
                if (magnitudes[i].Value > magnitudes[peak].Value)
                    peak = i;
            }

            // Shrinking at every step since the largest contribution, which lies in the first half of the cycles.
            bool steady = n >= 2 && 2 * peak < n;
            for (int i = peak + 1; i < n && steady; i++)
                steady = Shrinks(i);
            if (steady)
                return true;
            // The envelope must fall from the first half of the cycles to the second, and again from the third quarter to
            // the fourth: windows shorter than a beat would see its fall as a decay (the halves alone, a transient
            // before contributions that stay: 1 + 10e^(−x)).
            return n >= 12 && Falls(0, n / 2, n) && Falls(n / 2, n - n / 4, n);
        }

        // The largest contribution of [middle, end) is below EnvelopeDrop times the largest of [start, middle), beyond errors.
        bool Falls(int start, int middle, int end)
        {
            double before = 0.0, after = 0.0;
            for (int i = start; i < middle; i++)
                before = Math.Max(before, magnitudes[i].Value - magnitudes[i].Error);
            for (int i = middle; i < end; i++)
                after = Math.Max(after, magnitudes[i].Value + magnitudes[i].Error);
            return after <= EnvelopeDrop * before;
        }

        // The largest contribution of the last half of the cycles (a run of zero contributions is no tail).
        double RecentLargest()
        {
            double largest = 0.0;
            for (int i = magnitudes.Count / 2; i < magnitudes.Count; i++)
                largest = Math.Max(largest, magnitudes[i].Value);
            return largest;
        }

        // Contribution i is smaller than the one before beyond their errors. (Not "within its own error": a contribution
        // of 0 after one of 0 says nothing of the next, under max(0, sin(x/6))·e^(−x/100) the fifth.)
        bool Shrinks(int i) =>
            magnitudes[i].Value + magnitudes[i].Error < magnitudes[i - 1].Value - magnitudes[i - 1].Error;

        // Contributions that do not die out leave the partial sums uncertain by at least the newest one.
        double Undying(double error) => growing || !dying ? Math.Max(error, magnitudes[^1].Value) : error;

        // The newest contribution exceeds, by more than the errors, every one of the first half of the cycles.
        bool Growing()
        {
            int n = magnitudes.Count;
            if (n < 4)
                return false;
            (double last, double lastError) = magnitudes[n - 1];
            double early = 0.0;
            for (int i = 0; i < n / 2; i++)
                early = Math.Max(early, magnitudes[i].Value + magnitudes[i].Error);
            return last - lastError > early;
        }

        PieceOutcome Summed()
        {
            QuadStatus status = Status(errsum + lastMagnitude, partialSum);
            return new PieceOutcome(partialSum, Undying(errsum + lastMagnitude), intervals, status, Describe(status));
        }

        PieceOutcome Finish()
        {
            extrapolationError = abserr;
            abserr += 10.0 * correction;
            if (!cyclesExhausted && !stalled && !cycleFailed)
                return Extrapolated();
            // Keep whichever of the extrapolated and summed results has the smaller relative error.
            if (result != 0.0 && partialSum != 0.0)
            {
                if (abserr / Math.Abs(result) > (errsum + lastMagnitude) / Math.Abs(partialSum))
                    return Summed();
            }
            else if (abserr > errsum)
            {
                return Summed();
            }
            else if (partialSum == 0.0)
            {
                return Extrapolated();
            }

            if (cyclesExhausted || stalled)
                abserr += lastMagnitude;
            return Extrapolated();
        }

        PieceOutcome Extrapolated()
        {
            QuadStatus status = Status(abserr, result);
            return new PieceOutcome(result, Undying(abserr), intervals, status, Describe(status));
        }

        // Converged only when the error estimate is within the tolerance and no cycle reported a failure
        // that its error estimate cannot be trusted to cover (a cycle that merely missed its share of the
        // tolerance still counts with its estimate).
        QuadStatus Status(double error, double value)
        {
            if (cycleStatus is QuadStatus.BadIntegrandBehaviour or QuadStatus.Divergent)
                return cycleStatus;
            // An extrapolation that settled (stalled) while the contributions still do not die out has found a limit of
            // the partial sums, not an integral ((1 + 0.9 cos(0.1x)) sin x: 1.9090909, the Abel sum).
            if (growing || (!dying && (error <= Tolerance(value) || stalled)))
                return QuadStatus.Divergent;
            if (error <= Tolerance(value))
                return QuadStatus.Converged;
            if (cyclesExhausted)
                return QuadStatus.MaxIntervalsReached;
            if (stalled)
                return QuadStatus.RoundoffDetected;
            return cycleFailed ? cycleStatus : QuadStatus.RoundoffDetected;
        }

        string Describe(QuadStatus status) => status switch
        {
            QuadStatus.MaxIntervalsReached when cyclesExhausted =>
                string.Create(CultureInfo.InvariantCulture, $"The extrapolated sums of {MaxCycles} cycles did not meet the tolerance: f decays too slowly, or the "
                + $"tolerance is too tight."),
            QuadStatus.Divergent when cycleStatus != QuadStatus.Divergent && (growing || !dying) =>
                string.Create(CultureInfo.InvariantCulture, $"The contributions of the cycles do not die out (the last of {magnitudes.Count}, {magnitudes[^1].Value:G3} in size, is ")
                + (growing ? "larger than every one of the first half" : "neither the end of a steady decrease from the largest, in the first half of the cycles, nor of a fall of their envelope")
                + "): the integral diverges or converges too slowly; the value is the extrapolated limit of the partial sums, which need not be an integral.",
            QuadStatus.RoundoffDetected when stalled =>
                "The extrapolation of the cycle sums stalled before the tolerance was met; the result is the best available.",
            // Every cycle converged and the extrapolation met the tolerance, but the loop stopped on QUADPACK's second test
            // (10 × the largest cycle error alone reaches the tolerance, so more cycles cannot help) and the error estimate,
            // which adds that term as QUADPACK's does, exceeds the tolerance. No cycle failed: saying so misled (quad48's
            // sin(30x)·step of 1/(1 + x), relTol 1e-4: ± 6.1e-6 against 3.2e-6).
            QuadStatus.RoundoffDetected when !cycleFailed =>
                string.Create(CultureInfo.InvariantCulture, $"Every cycle converged, but the error estimate of the cycle sum, {abserr:G3}, exceeds the tolerance ")
                + string.Create(CultureInfo.InvariantCulture, $"{Tolerance(result):G3}: it is the extrapolation's {extrapolationError:G3} plus 10 × {correction:G3} (ten times ")
                + "the largest cycle error, the charge QUADPACK's QAWF adds for the cycles); the result is the best available.",
            QuadStatus.BadIntegrandBehaviour or QuadStatus.Divergent or QuadStatus.RoundoffDetected or QuadStatus.MaxIntervalsReached =>
                "Integration over one or more cycles failed: " + PieceOutcome.Describe(status),
            _ => PieceOutcome.Describe(status),
        };
    }

    /// <summary>
    /// The cycle length used to place the cycle ends a + k·L. Far from 0 (|a| at least <see cref="MaxCycles"/> cycles)
    /// the rounded ends a + k·L carried jitter of half an ulp of |a|, a phase error ω·ulp(a)/2 (5.7e-6 for ω = 1e8 at
    /// a = −1000) in the tail left after each cycle, which is ∓sin(ω·end)·f(end)/ω: the cycle sums then did not alternate
    /// geometrically, and their extrapolation came out 3e-10 relative off under an estimate 3.5 times too small. There
    /// the length is rounded to a multiple of the ulp u of the largest end (a being a multiple of u), so every end
    /// a + k·L is exact and the phase advances by the same ω·L each cycle. Elsewhere (ordinary ranges, which keep
    /// their bits) L is (2⌊ω⌋ + 1)π/ω.
    /// </summary>
    private static double ExactStep(double a, double cycle)
    {
        double far = Math.Max(Math.Abs(a), Math.Abs(a + MaxCycles * cycle));
        if (!double.IsFinite(far) || Math.Abs(a) < MaxCycles * cycle)
            return cycle;
        double u = Math.BitIncrement(far) - far;
        if (Math.IEEERemainder(a, u) != 0.0)
            return cycle;
        // Rounding L by up to u/2 moves the phase of cycle k by k·ω·u/2, a smooth drift the extrapolation follows; a
        // cycle only a few ulps long (|a| near 2^52·L) would be changed beyond recognition, and keeps its rounded ends.
        if (u > Math.ScaleB(cycle, -20))
            return cycle;
        return Math.Round(cycle / u) * u;
    }

    private PieceOutcome CycleWithTolerance(double lower, double upper, double tolerance, bool isHead, double fLower, double fUpper) =>
        tolerance > 0.0
            ? Cycle(lower, upper, tolerance, 0.0, isHead, fLower, fUpper)
            : Cycle(lower, upper, 0.0, Math.Max(relTol * (1.0 - P), 50.0 * RuleEstimate.Epsilon), isHead, fLower, fUpper);

    /// <summary>A first cycle longer than this many times max(1, |a|) is integrated as the head (see the remarks).</summary>
    internal const double HeadRatio = 16.0;

    /// <summary>The head is cut at a + s·2^j for j = 0 … HeadOctaves at most (s = max(1, |a|)); with a limit of
    /// fewer intervals, at as many octaves as the limit allows.</summary>
    private const int HeadOctaves = 40;

    /// <summary>One cycle [lower, upper]; <paramref name="fLower"/> and <paramref name="fUpper"/> are f at its ends where
    /// known (NaN where not). The head also samples f once at each of its own cut points, which no rule samples either.</summary>
    private PieceOutcome Cycle(double lower, double upper, double abs, double rel, bool isHead, double fLower, double fUpper)
    {
        if (!isHead)
            return new OscillatoryIntegrator(rule, abs, rel, limit).Integrate(lower, upper, fLower, fUpper);

        // [a, a + s], then octaves [a + s·2^j, a + s·2^(j+1)] up to the end of the cycle: a feature of f on the scale
        // s = max(1, |a|) is met by the first pieces, one on a longer scale by later ones. Past 2^40·s (ω below about
        // 1e-11/s) the rest of the cycle is one piece, bisected from there.
        double s = RangeLayout.TailScale(lower);
        var points = new List<double> { lower };
        for (int j = 0; j <= Math.Min(HeadOctaves, limit - 2); j++)
        {
            double point = lower + Math.ScaleB(s, j);
            if (!(point < upper))
                break;
            points.Add(point);
        }

        points.Add(upper);
        var known = new double[points.Count];
        known[0] = fLower;
        for (int i = 1; i < points.Count - 1; i++)
            known[i] = rule.KnownValueAt(points[i]);
        known[^1] = fUpper;
        return new ExtrapolatingIntegrator(new OscillatoryHeadRule(rule), abs, rel, limit).Integrate(points.ToArray(), known);
    }
}
