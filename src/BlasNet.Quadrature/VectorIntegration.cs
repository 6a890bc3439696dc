using System.Globalization;
namespace BlasNet.Quadrature;

/// <summary>
/// Global adaptive Gauss–Kronrod integration of a vector-valued integrand on one shared partition (after
/// SciPy's <c>quad_vec</c>): every component is estimated on every subinterval from the same points, the
/// subinterval whose error vector has the largest norm is bisected next, and the run stops when the norm of
/// the summed error vector is within the tolerance. Finite pieces use the 21-point rule on x; infinite tails
/// the 15-point rule on t ∈ (0, 1] with the map the scalar QAGI uses.
/// </summary>
/// <remarks>
/// There is no Wynn extrapolation: it acts on one sequence, and a shared subdivision refines towards the
/// hardest component, so a singular component makes the run slower (more bisections) rather than wrong.
/// </remarks>
internal sealed class VectorIntegration
{
    private readonly VectorIntegrand f;
    private readonly int m;
    private readonly VectorErrorNorm norm;
    private readonly double[] point;
    private readonly double[] mirror;
    private readonly double[] columns;
    private readonly double[] mirrored; // a folded tail's f(−x) values, laid out as columns
    private readonly double[] nodes;    // a tail's t nodes
    private readonly double[] placedX;  // the rule-variable nodes of the last Apply (x, or a tail's t; for NearestNode)
    private readonly double[] magnitudes; // |f_k| at them in the rule's variable (a tail's |s·f_k/t²|), laid out as columns
    private int placedCount;
    private readonly double[] reference21;
    private readonly double[] reference15;

    private readonly CancellationToken cancellation;

    public VectorIntegration(VectorIntegrand f, int length, VectorErrorNorm norm, CancellationToken cancellation = default)
    {
        this.cancellation = cancellation;
        this.f = f;
        m = length;
        this.norm = norm;
        point = new double[length];
        mirror = new double[length];
        columns = new double[length * GaussKronrodRule.Kronrod21.Points];
        mirrored = new double[length * GaussKronrodRule.Kronrod15.Points];
        nodes = new double[GaussKronrodRule.Kronrod15.Points];
        placedX = new double[GaussKronrodRule.Kronrod21.Points];
        magnitudes = new double[length * GaussKronrodRule.Kronrod21.Points];
        reference21 = new double[GaussKronrodRule.Kronrod21.Points];
        GaussKronrodRule.Kronrod21.FillReferenceNodes(reference21);
        reference15 = new double[GaussKronrodRule.Kronrod15.Points];
        GaussKronrodRule.Kronrod15.FillReferenceNodes(reference15);
    }

    /// <summary>Points at which f has been called.</summary>
    public int Evaluations { get; private set; }

    /// <summary>How a piece's rule variable maps onto x.</summary>
    public enum Map
    {
        /// <summary>x itself.</summary>
        Finite,

        /// <summary>x = bound + scale·(1 − t)/t, t ∈ (0, 1].</summary>
        Upper,

        /// <summary>x = bound − scale·(1 − t)/t.</summary>
        Lower,

        /// <summary>x = ±(1 − t)/t, f(x) + f(−x) folded.</summary>
        Whole,
    }

    /// <summary>A piece of the range in its rule variable.</summary>
    public readonly record struct Piece(Map Map, double Bound, double Scale, double A, double B);

    // Floor: per component, the part of Error that is the rule's rounding floor 50ε·∫|f_k| (QUADPACK's) plus the rounding
    // of the nodes (GaussKronrodRule.NodeRounding), which no
    // bisection reduces: ∫|f_k| is additive over the halves. PeakAt/PeakMagnitude: per component, where |f_k| is known
    // to be largest on the interval (its own largest node, or its parent's when that lies on it and is larger; on a tail
    // in t, with the magnitude of s·f_k/t²), as the scalar QAGS keeps it (see HalfSamples).
    // Abs: per component, ∫|f_k| on the interval by the rule (|Value| where that is not finite). Undersampled: per component,
    // whether the rule saw f_k as one isolated peak (GaussKronrodRule.IsolatedPeak), a feature narrower than the nodes'
    // spacing whose mass no estimate from those nodes can tell (see UndersampledInterval). EndFit: per component, whether the
    // error is the rule's error on a power law fitted at an end (GaussKronrodRule.PowerEndError).
    private sealed record Interval(Map Map, double Bound, double Scale, double A, double B, double[] Value,
        double[] Error, double[] Floor, double Norm, double[] PeakAt, double[] PeakMagnitude, double[] Abs,
        bool[] Undersampled, bool[] EndFit);

    /// <summary>What the run produced (before the sign of reversed limits is applied).</summary>
    public readonly record struct Outcome(double[] Values, double[] Errors, int Intervals, QuadStatus Status,
        string Message);

    public Outcome Run(IReadOnlyList<Piece> pieces, double absTol, double relTol, int maxIntervals)
    {
        var queue = new PriorityQueue<Interval, double>();
        var total = new double[m];
        var totalError = new double[m];
        var totalFloor = new double[m];
        var reducible = new double[m];
        pieceEnds.Clear();
        foreach (Piece p in pieces)
        {
            pieceEnds.Add((p.Map, p.Bound, p.Scale, p.A));
            pieceEnds.Add((p.Map, p.Bound, p.Scale, p.B));
        }

        foreach (Piece p in pieces)
        {
            // Checked before each piece's rule too, as QuadOptions.CancellationToken promises: a range split at many
            // breakpoints otherwise evaluated every remaining piece's rule after the token was signalled. Cut short here,
            // the call has no estimate of the whole range (NaN ± ∞, as the scalar integrators' split ranges).
            if (cancellation.IsCancellationRequested)
                throw new IntegrationCancelledException();
            Interval i = Apply(p.Map, p.Bound, p.Scale, p.A, p.B);
            Add(total, totalError, totalFloor, i, +1.0);
            queue.Enqueue(i, -i.Norm);
        }

        QuadStatus status;
        string message;
        // The totals are kept up to date by differences, and each update rounds each component by up to ε of the
        // largest error seen since the last fresh sum; when the errors fall by many orders of magnitude that residue
        // can exceed the true sum, so a stop is decided by a fresh sum once the running one is within that drift.
        double errorPeak = IntervalGeometry.LargestMagnitude(totalError);
        int updates = 0;
        while (true)
        {
            RangeOverflowException.ThrowIfNotFinite(Norm(total), Norm(totalError));
            double tolerance = Math.Max(absTol, relTol * Norm(total));
            double drift = m * (updates + 1) * RuleEstimate.Epsilon * errorPeak;
            if (Norm(totalError) <= tolerance + drift
                || (Norm(totalFloor) > tolerance && ReducibleNorm(totalError, totalFloor, reducible) <= RoundoffMargin(tolerance, totalFloor) + drift))
            {
                Resum(queue, total, totalError, totalFloor);
                errorPeak = IntervalGeometry.LargestMagnitude(totalError);
                updates = 0;
                tolerance = Math.Max(absTol, relTol * Norm(total));
            }

            // Within the tolerance on the norm, but a component's error on a subinterval where its rule saw one isolated peak
            // is only credible once it is small beside that component itself (see UndersampledInterval): such a subinterval
            // is bisected next.
            (Interval Interval, int Component, double Excess, double Tolerance)? unresolved = null;
            if (Norm(totalError) <= tolerance)
            {
                unresolved = UndersampledInterval(queue, absTol, relTol);
                if (unresolved is null)
                {
                    status = QuadStatus.Converged;
                    message = string.Create(CultureInfo.InvariantCulture, $"Converged: error norm {Norm(totalError):G3} within the tolerance {tolerance:G3}.");
                    break;
                }
            }

            // QUADPACK's roundoff test after its first rule (ier = 2 when abserr ≤ 100ε·∫|f| and above the tolerance), for
            // the vector: when the floor alone exceeds the tolerance no bisection can meet it. Without this test a vector of
            // integrals at or near 0 and no AbsoluteTolerance (sin x on [−1, 1]) bisected until MaxIntervals (21 000 points,
            // where the scalar form stops after 21) and blamed the limit. The stop waits until the part of the error above
            // the floor (what bisection still reduces) is within the tolerance or 1% of the floor's norm, i.e. until the error
            // norm is as small as it can get: stopping once ‖error‖ ≤ 2‖floor‖ left a component beside sin x that needed
            // bisections 100× less accurate than the tolerance asked of it. Not the tolerance alone: the queue bisects by
            // the whole error, floor included, so a tail's last reducible 3e-18 beside a floor of 8e-15 (∫_0^∞ (1 − x)e^−x)
            // is never reached and the run would end at MaxIntervals.
            if (Norm(totalFloor) > tolerance && ReducibleNorm(totalError, totalFloor, reducible) <= RoundoffMargin(tolerance, totalFloor))
            {
                status = QuadStatus.RoundoffDetected;
                message = string.Create(CultureInfo.InvariantCulture, $"Roundoff prevents the requested tolerance {tolerance:G3}: the rounding floor 50ε·∫|f_k| (and the nodes' rounding) "
                    + $"alone has norm {Norm(totalFloor):G3} (error norm {Norm(totalError):G3}). Integrals at or near 0 need an AbsoluteTolerance.");
                break;
            }

            if (queue.Count >= maxIntervals)
            {
                status = QuadStatus.MaxIntervalsReached;
                message = unresolved is { } u
                    ? string.Create(CultureInfo.InvariantCulture, $"MaxIntervals = {maxIntervals} subintervals were used up; the error norm {Norm(totalError):G3} is within "
                        + $"the tolerance {tolerance:G3}, but component {u.Component} still has an error of {u.Excess:G3} on subintervals where its rule saw one isolated peak, "
                        + $"above its own tolerance {u.Tolerance:G3}, so its error estimate is not reliable.")
                    : string.Create(CultureInfo.InvariantCulture, $"MaxIntervals = {maxIntervals} subintervals were used up with error norm {Norm(totalError):G3} "
                        + $"above the tolerance {tolerance:G3}.") + EndFitCaveat(queue);
                break;
            }

            if (cancellation.IsCancellationRequested)
            {
                status = QuadStatus.Cancelled;
                message = string.Create(CultureInfo.InvariantCulture,
                    $"Cancelled with error norm {Norm(totalError):G3} above the tolerance {tolerance:G3}; the values are the sums over the subintervals so far, with their summed errors.");
                break;
            }

            Interval worst = unresolved?.Interval ?? queue.Peek();
            double mid = IntervalGeometry.Centre(worst.A, worst.B);
            // QUADPACK's test for an interval at the limit of double precision (ier = 3), and ours: a half
            // whose outermost nodes would round onto its ends. A limit or breakpoint may be where f is
            // infinite (|x − 1/3|^(−1/2) at the double nearest 1/3), so the rule must never sample it.
            if (Math.Max(Math.Abs(worst.A), Math.Abs(worst.B))
                <= (1.0 + 100.0 * RuleEstimate.Epsilon) * (Math.Abs(mid) + 1000.0 * RuleEstimate.Underflow)
                || !NodesInside(worst.Map, worst.A, mid) || !NodesInside(worst.Map, mid, worst.B))
            {
                status = QuadStatus.BadIntegrandBehaviour;
                string mapped = worst.Map == Map.Finite ? "" : " (in the mapped variable t)";
                string hidden = unresolved is null ? ChargeUnresolvedEnds(queue, worst) : "";
                if (hidden.Length > 0)
                    Resum(queue, total, totalError, totalFloor);
                // Bisected for one component's sake (the norm was within the tolerance): say so, not "the largest error".
                message = unresolved is { } v
                    ? string.Create(CultureInfo.InvariantCulture, $"Component {v.Component} has an error of {v.Excess:G3} (above its rounding floor) on subintervals where its rule saw one isolated peak, "
                        + $"above its own tolerance {v.Tolerance:G3} (max(AbsoluteTolerance, RelativeTolerance·∫|f_{v.Component}|)); the subinterval "
                        + $"[{worst.A:R}, {worst.B:R}]{mapped}, where its error is {worst.Error[v.Component]:G3}, cannot be bisected further in double precision, "
                        + $"so that component's error estimate is not reliable. The error norm {Norm(totalError):G3} is within the tolerance {tolerance:G3}.")
                    : string.Create(CultureInfo.InvariantCulture, $"The subinterval with the largest error, [{worst.A:R}, {worst.B:R}]{mapped}"
                        + $", cannot be bisected further in double precision; error norm {Norm(totalError):G3} "
                        + $"above the tolerance {tolerance:G3}.") + hidden;
                break;
            }

            Interval left = Apply(worst.Map, worst.Bound, worst.Scale, worst.A, mid);
            // Cancelled during the left half's rule: the partition is still whole, and the check above ends the run on it.
            if (cancellation.IsCancellationRequested)
                continue;
            HalfSamples[] leftSamples = Samples(left, worst);
            if (unresolved is null)
                queue.Dequeue();
            else
                queue.Remove(worst, out _, out _);
            Interval right = Apply(worst.Map, worst.Bound, worst.Scale, mid, worst.B);
            HalfSamples[] rightSamples = Samples(right, worst);
            (left, right) = ChargeMissedPeaks(worst, left, leftSamples, right, rightSamples);
            Add(total, totalError, totalFloor, worst, -1.0);
            Add(total, totalError, totalFloor, left, +1.0);
            Add(total, totalError, totalFloor, right, +1.0);
            updates += 3;
            errorPeak = Math.Max(errorPeak, Math.Max(IntervalGeometry.LargestMagnitude(totalError), IntervalGeometry.LargestMagnitude(worst.Error)));
            queue.Enqueue(left, -left.Norm);
            queue.Enqueue(right, -right.Norm);
        }

        // The running totals drift by rounding as intervals come and go; return fresh sums.
        Resum(queue, total, totalError, totalFloor);
        return new Outcome(total, totalError, queue.Count, status, message);
    }

    /// <summary>
    /// What the rule just applied to a half of <paramref name="parent"/> saw of each component's known peak there (see
    /// <see cref="HalfSamples"/>), in the rule's variable (a tail's t); read before the other half's rule overwrites the nodes.
    /// </summary>
    private HalfSamples[] Samples(Interval half, Interval parent)
    {
        var samples = new HalfSamples[m];
        int n = placedCount;
        for (int k = 0; k < m; k++)
        {
            int component = k;
            samples[k] = HalfSamples.Of(half.A, half.B, (parent.PeakAt[k], parent.PeakMagnitude[k]),
                (half.PeakAt[k], half.PeakMagnitude[k]), point => HalfSamples.NearestNode(placedX.AsSpan(0, n), magnitudes.AsSpan(component * n, n), point));
        }

        return samples;
    }

    /// <summary>
    /// For a run stopped because a subinterval cannot be bisected further: charges each subinterval that ends at a limit or
    /// breakpoint and is so narrow that its nodes sit on a coarse grid of doubles, per component, for the mass it can hide at
    /// that end. There no power law fits the nodes (GaussKronrodRule.PowerEndError) and |Kronrod − Gauss| misses the mass
    /// between the end and the nodes: (1 − x)^−0.97 on [0, 1] (1/0.03) stopped at 22.63 ± 2.59, and |x − 0.3|^−0.95 with a
    /// breakpoint at 0.3 at 32.63 ± 3.24 for 38.48. The two subintervals beyond it on the other side, wider, fit a power
    /// C·d^α of the distance d to that end; its mass on the subinterval extrapolated from them, less the subinterval's
    /// estimate, twice over (as for the fitted power in GaussKronrodRule.PowerEndError), is the error there when larger. Where
    /// they fit α ≤ −1 the integral may not exist, and the error is +∞. Returns sentences for the message, or "".
    /// </summary>
    private string ChargeUnresolvedEnds(PriorityQueue<Interval, double> queue, Interval worst)
    {
        var byA = new Dictionary<(Map, double, double, double), Interval>();
        var byB = new Dictionary<(Map, double, double, double), Interval>();
        foreach ((Interval i, double _) in queue.UnorderedItems)
        {
            byA[(i.Map, i.Bound, i.Scale, i.A)] = i;
            byB[(i.Map, i.Bound, i.Scale, i.B)] = i;
        }

        bool charged = false, divergent = false;
        foreach ((Interval i, double _) in queue.UnorderedItems)
        {
            if (!NearTheLimit(i))
                continue;
            bool boundaryA = IsPieceEnd(i, i.A), boundaryB = IsPieceEnd(i, i.B);
            if (boundaryA == boundaryB)
                continue;
            // The end at a limit or breakpoint, and the two subintervals beyond the other end.
            Interval? n1 = boundaryB ? byB.GetValueOrDefault((i.Map, i.Bound, i.Scale, i.A)) : byA.GetValueOrDefault((i.Map, i.Bound, i.Scale, i.B));
            if (n1 is null)
                continue;
            double next = boundaryB ? n1.A : n1.B;
            Interval? n2 = IsPieceEnd(n1, next) ? null
                : boundaryB ? byB.GetValueOrDefault((i.Map, i.Bound, i.Scale, next)) : byA.GetValueOrDefault((i.Map, i.Bound, i.Scale, next));
            if (n2 is null)
                continue;
            for (int k = 0; k < m; k++)
            {
                double hidden = HiddenEndMass(i, n1, n2, k);
                if (double.IsNaN(hidden))
                    continue;
                double charge = double.IsPositiveInfinity(hidden) ? double.PositiveInfinity : GaussKronrodRule.PowerFitMargin * Math.Abs(hidden - i.Value[k]);
                if (charge > i.Error[k])
                {
                    i.Error[k] = charge;
                    charged = true;
                    divergent |= double.IsPositiveInfinity(charge);
                }
            }
        }

        string text = divergent
            ? " Next to a limit or breakpoint the integrand grows like |x − c|^α with α ≤ −1 (c that point): the integral may not exist, and its error is +∞."
            : charged
                ? " The errors include the mass between the nodes and a limit or breakpoint where the integrand grows, which cannot be sampled in double precision, "
                    + "extrapolated from a power law |x − c|^α fitted to the subintervals beside it."
                : "";
        if (!IsPieceEnd(worst, worst.A) && !IsPieceEnd(worst, worst.B))
        {
            text += " Neither end of that subinterval is a limit or breakpoint: if the integrand is singular inside it, the mass next to that point cannot be "
                + "sampled and the error is only a lower bound; give the point in Breakpoints.";
        }

        return text;
    }

    /// <summary>Whether <paramref name="x"/> is an end of the piece (a limit or breakpoint) that <paramref name="i"/> lies in.</summary>
    private bool IsPieceEnd(Interval i, double x) => pieceEnds.Contains((i.Map, i.Bound, i.Scale, x));

    /// <summary>The ends of the pieces of the current run (a finite piece's ends are x, a tail's the t of 0 and 1).</summary>
    private readonly HashSet<(Map, double, double, double)> pieceEnds = new();

    /// <summary>Whether the nodes of <paramref name="i"/> nearest its ends lie within a few dozen ulps of them (its width is
    /// at most <see cref="NearLimitUlps"/> ulps of its larger end), where their rounding spoils a power fitted through them.</summary>
    private static bool NearTheLimit(Interval i)
    {
        double top = Math.Max(Math.Abs(i.A), Math.Abs(i.B));
        return Math.Abs(i.B - i.A) <= NearLimitUlps * (Math.BitIncrement(top) - top);
    }

    /// <summary>See <see cref="NearTheLimit"/>: the outermost node of the 21-point rule is 0.0044 half-widths from an end,
    /// about 18 ulps at 8192 ulps wide.</summary>
    private const double NearLimitUlps = 8192.0;

    /// <summary>The mass of the power fitted to n1 and n2 on <paramref name="i"/> at its end away from n1 (see
    /// <see cref="EndPowerMass.Hidden"/>).</summary>
    private static double HiddenEndMass(Interval i, Interval n1, Interval n2, int k)
    {
        double d0 = Math.Abs(i.B - i.A), d1 = d0 + Math.Abs(n1.B - n1.A), d2 = d1 + Math.Abs(n2.B - n2.A);
        return EndPowerMass.Hidden(d0, d1, d2, n1.Value[k], n2.Value[k]);
    }

    /// <summary>
    /// For a run that stops short: a sentence naming the first component most of whose error rests on subintervals where it
    /// was taken for a power law at an end (GaussKronrodRule.PowerEndError), or "". That error is exact for a pure power, but
    /// a logarithmic factor makes it too small: ∫_2^∞ dx/(x·ln²x) (1/ln 2) ended at 1.43987 ± 0.0028 for a true error of
    /// 0.0028, and ∫_e^∞ dx/(x·ln^1.1 x) (10) at 4.44 ± 1 for 5.56.
    /// </summary>
    private string EndFitCaveat(PriorityQueue<Interval, double> queue)
    {
        var fitted = new double[m];
        var all = new double[m];
        foreach ((Interval i, double _) in queue.UnorderedItems)
        {
            for (int k = 0; k < m; k++)
            {
                all[k] += i.Error[k];
                if (i.EndFit[k])
                    fitted[k] += i.Error[k];
            }
        }

        for (int k = 0; k < m; k++)
        {
            if (fitted[k] > 0.5 * all[k])
            {
                return string.Create(CultureInfo.InvariantCulture, $" Most of component {k}'s error is the rule's error on a power law x^α (α near −1) fitted where it is singular ")
                    + "at an end of the range (or decays slowly on a tail): safe for a pure power, but too small under a logarithmic factor or a slower decay, "
                    + "where it is only a lower bound.";
            }
        }

        return "";
    }

    /// <summary>
    /// The halves of <paramref name="parent"/> with, per component, the peak they carry on and the charge for a feature
    /// at the parent's peak that their nodes missed (<see cref="HalfSamples.Missed"/>: 2·|peak|·(distance to the nearest
    /// node), at most the parent's error for that component), as the scalar QAGS charges it.
    /// </summary>
    /// <remarks>
    /// ∫ e^(−x²) dx over [−1e4, 1e4] ended Converged 0.886 (√π/2) and over [−1e5, 1e5] Converged 0 ± 0 in 63 evaluations:
    /// the first rule samples f(0) = 1 at its centre, the halves [−L, 0] and [0, L] never sample their common end, and
    /// their nodes near it see e^(−470) or less; a half that found nothing was left with its own estimate of 0 ± 0.
    /// </remarks>
    private (Interval Left, Interval Right) ChargeMissedPeaks(Interval parent, Interval left, HalfSamples[] leftSamples,
        Interval right, HalfSamples[] rightSamples)
    {
        for (int k = 0; k < m; k++)
        {
            (double At, double Magnitude) known = (parent.PeakAt[k], parent.PeakMagnitude[k]);
            bool met = leftSamples[k].Meets(known.Magnitude) || rightSamples[k].Meets(known.Magnitude);
            Charge(left, leftSamples[k], k, known, met, parent.Error[k]);
            Charge(right, rightSamples[k], k, known, met, parent.Error[k]);
        }

        return (left with { Norm = Norm(left.Error) }, right with { Norm = Norm(right.Error) });
    }

    private static void Charge(Interval half, in HalfSamples samples, int k, (double At, double Magnitude) known, bool met,
        double parentError)
    {
        (half.PeakAt[k], half.PeakMagnitude[k]) = samples.PeakAfter(known);
        double missed = Math.Min(samples.Missed(known, met), parentError);
        if (missed > half.Error[k])
            half.Error[k] = missed;
    }

    /// <summary>
    /// The subinterval to bisect although the error norm is within the tolerance, or null when there is none. The
    /// tolerance applies to the norm, so a component far smaller than the others never drives a bisection, and its error
    /// rests on rules over subintervals that may be far too wide for it. Where a rule saw f_k as one isolated peak
    /// (GaussKronrodRule.IsolatedPeak), the feature's mass between the nodes is seen by no estimate:
    /// ∫_0^1 of [1e6·sin x, 1e-3·e^(−((x − 0.377)/0.01)²)] was Converged in one rule with the second component
    /// 2.05e-7 ± 3.8e-7 for the true 1.77e-5 (SciPy's quad_vec: 5.78e-6 with a norm error 9.6e-8). So, per component, the
    /// part of the error above its rounding floor on such subintervals must also be within that component's own tolerance,
    /// max(AbsoluteTolerance, RelativeTolerance·∫|f_k|), as a scalar run would need of it. Returns the undersampled
    /// subinterval with the largest such error, relative to its component's tolerance, among the components above theirs.
    /// A component that is smooth or singular at an end is never undersampled in this sense and costs nothing more.
    /// </summary>
    private (Interval Interval, int Component, double Excess, double Tolerance)? UndersampledInterval(
        PriorityQueue<Interval, double> queue, double absTol, double relTol)
    {
        var excess = new double[m];
        var magnitude = new double[m];
        foreach ((Interval i, double _) in queue.UnorderedItems)
        {
            for (int k = 0; k < m; k++)
            {
                magnitude[k] += i.Abs[k];
                if (i.Undersampled[k])
                    excess[k] += Math.Max(0.0, i.Error[k] - i.Floor[k]);
            }
        }

        var own = new double[m];
        bool any = false;
        for (int k = 0; k < m; k++)
        {
            own[k] = Math.Max(absTol, relTol * magnitude[k]);
            any |= excess[k] > own[k];
        }

        if (!any)
            return null;
        Interval? worst = null;
        int component = -1;
        double largest = 0.0;
        foreach ((Interval i, double _) in queue.UnorderedItems)
        {
            for (int k = 0; k < m; k++)
            {
                if (!i.Undersampled[k] || !(excess[k] > own[k]))
                    continue;
                double share = Math.Max(0.0, i.Error[k] - i.Floor[k]) / own[k];
                if (worst is null || share > largest)
                    (worst, component, largest) = (i, k, share);
            }
        }

        return worst is null ? null : (worst, component, excess[component], own[component]);
    }

    private void Resum(PriorityQueue<Interval, double> queue, double[] total, double[] totalError, double[] totalFloor)
    {
        Array.Clear(total);
        Array.Clear(totalError);
        Array.Clear(totalFloor);
        foreach ((Interval i, double _) in queue.UnorderedItems)
            Add(total, totalError, totalFloor, i, +1.0);
    }

    /// <summary>True when every node of the piece's rule on [a, b] lies strictly inside (a, b).</summary>
    private static bool NodesInside(Map map, double a, double b)
    {
        GaussKronrodRule rule = map == Map.Finite ? GaussKronrodRule.Kronrod21 : GaussKronrodRule.Kronrod15;
        double centre = IntervalGeometry.Centre(a, b), half = IntervalGeometry.HalfLength(a, b);
        double outer = half * rule.Nodes[0];
        return centre - outer > a && centre + outer < b;
    }

    /// <summary>How much error above the rounding floor a RoundoffDetected stop leaves: the tolerance, or 1% of the floor's
    /// norm when that is larger (the error norm is then within 1% of the best it can be).</summary>
    private double RoundoffMargin(double tolerance, double[] totalFloor) => Math.Max(tolerance, 0.01 * Norm(totalFloor));

    /// <summary>The norm of totalError − totalFloor (written into <paramref name="scratch"/>): the part of the error that
    /// bisection can still reduce. Clamped at 0, as the running sums may round the difference slightly negative.</summary>
    private double ReducibleNorm(double[] totalError, double[] totalFloor, double[] scratch)
    {
        for (int k = 0; k < m; k++)
            scratch[k] = Math.Max(0.0, totalError[k] - totalFloor[k]);
        return Norm(scratch);
    }

    /// <summary>The chosen norm of a vector, computed without overflow for components up to double.MaxValue.</summary>
    public double Norm(ReadOnlySpan<double> v)
    {
        double largest = 0.0;
        foreach (double x in v)
        {
            if (double.IsNaN(x))
                return double.NaN;
            largest = Math.Max(largest, Math.Abs(x));
        }

        if (norm == VectorErrorNorm.Max || largest == 0.0 || double.IsInfinity(largest))
            return largest;
        double sum = 0.0;
        foreach (double x in v)
        {
            double r = x / largest;
            sum += r * r;
        }

        return largest * Math.Sqrt(sum);
    }

    private void Add(double[] total, double[] totalError, double[] totalFloor, Interval i, double sign)
    {
        for (int k = 0; k < m; k++)
        {
            total[k] += sign * i.Value[k];
            totalError[k] += sign * i.Error[k];
            totalFloor[k] += sign * i.Floor[k];
        }
    }

    private Interval Apply(Map map, double bound, double scale, double a, double b)
    {
        GaussKronrodRule rule = map == Map.Finite ? GaussKronrodRule.Kronrod21 : GaussKronrodRule.Kronrod15;
        double[] reference = map == Map.Finite ? reference21 : reference15;
        int n = rule.Points;
        double centre = IntervalGeometry.Centre(a, b), half = IntervalGeometry.HalfLength(a, b);
        Span<double> placed = stackalloc double[n];
        bool resolved = IntervalGeometry.PlaceNodes(a, b, centre, half, reference, placed);
        placed.CopyTo(placedX);
        placedCount = n;
        double largestXT = 0.0; // a tail's max |x|·t², for the rounding of x computed from t
        for (int i = 0; i < n; i++)
        {
            double t = placed[i];
            double x = map switch
            {
                Map.Finite => t,
                Map.Lower => bound - scale * (1.0 - t) / t,
                _ => bound + scale * (1.0 - t) / t,
            };
            if (!double.IsFinite(x))
            {
                throw new RangeOverflowException(double.NaN,
                    string.Create(CultureInfo.InvariantCulture, $"The infinite range would have to be sampled beyond ±{double.MaxValue:G4} (the node t = {t:R} of ")
                    + "the map onto (0, 1]); the part of the integral out there cannot be computed in double precision. "
                    + "Rescale the variable.");
            }

            Sample(x, point);
            for (int k = 0; k < m; k++)
                columns[k * n + i] = point[k];
            if (map == Map.Finite)
                continue;

            // A tail: the values as they are, weighted by dx = s/t² dt (and folded) in MappedTailSum, which keeps that
            // from overflowing while the integral is representable, as the scalar tail rule does.
            nodes[i] = t;
            largestXT = Math.Max(largestXT, Math.Abs(x) * t * t);
            if (map == Map.Whole)
            {
                Sample(-x, mirror);
                for (int k = 0; k < m; k++)
                    mirrored[k * n + i] = mirror[k];
            }
        }

        // f at the centre: a known value at an end of the halves (EndGap); on a tail the integrand in t, where the halves'
        // polynomials live (as the scalar InfiniteRangeRule).
        double[]? knownAtA = null, knownAtB = null;
        if (resolved && (map == Map.Finite || !IntervalGeometry.IsTiny(a, b)))
        {
            double pieceBound = map == Map.Finite ? 0.0 : bound;
            centreValues.TryGetValue((map, pieceBound, a), out knownAtA);
            centreValues.TryGetValue((map, pieceBound, b), out knownAtB);
            var atCentre = new double[m];
            for (int k = 0; k < m; k++)
            {
                atCentre[k] = map == Map.Finite ? columns[k * n]
                    : MappedTailSum.InRuleVariable(columns[k * n], map == Map.Whole ? mirrored[k * n] : 0.0, map == Map.Whole, placed[0], scale);
            }

            centreValues[(map, pieceBound, centre)] = atCentre;
        }

        // Every node of a finite range with one double inside is that double, so f was never seen at the ends, where it
        // may be far larger: they are sampled too (a singular end tolerated), as by the scalar rule.
        double[]? atA = null, atB = null;
        if (map == Map.Finite && !resolved && IntervalGeometry.OneDoubleInside(a, b))
        {
            atA = SampleEnd(a);
            atB = SampleEnd(b);
        }

        var value = new double[m];
        var error = new double[m];
        var floor = new double[m];
        var peakAt = new double[m];
        var peakMagnitude = new double[m];
        var abs = new double[m];
        var undersampled = new bool[m];
        var endFit = new bool[m];
        Span<double> inRule = stackalloc double[n];
        for (int k = 0; k < m; k++)
        {
            // The integrand in the rule's variable: f_k, or on a tail s·f_k/t² (folded: f_k(x) + f_k(−x)), signed for the
            // rounding spread and in magnitude (double.MaxValue where it overflows) for the peak search.
            for (int i = 0; i < n; i++)
            {
                double v = columns[k * n + i];
                if (map != Map.Finite)
                    v = MappedTailSum.InRuleVariable(v, map == Map.Whole ? mirrored[k * n + i] : 0.0, map == Map.Whole, placed[i], scale);

                inRule[i] = v;
                magnitudes[k * n + i] = double.IsFinite(v) ? Math.Abs(v) : double.MaxValue;
            }

            (peakAt[k], peakMagnitude[k]) = HalfSamples.Peak(placed, magnitudes.AsSpan(k * n, n));
            // Only where the rule could place distinct nodes: an interval a few ulps wide has its own error (IntervalGeometry.Unresolved).
            undersampled[k] = resolved && rule.IsolatedPeak(inRule);

            RuleEstimate e = map == Map.Finite
                ? IntervalGeometry.IsTiny(a, b) ? IntervalGeometry.CombineTiny(rule, columns.AsSpan(k * n, n), a, b) : rule.Combine(columns.AsSpan(k * n, n), half)
                : MappedTailSum.Combine(rule, columns.AsSpan(k * n, n), map == Map.Whole ? mirrored.AsSpan(k * n, n) : default,
                    nodes.AsSpan(0, n), scale, half);
            // The rounding of the nodes (see GaussKronrodRule.NodeRounding), which |Kronrod − Gauss| does not see and no
            // bisection reduces: it is part of the floor as well.
            // On a tail, in t (MappedTailSum.NodeRounding, as the scalar InfiniteRangeRule).
            double rounding = !resolved ? 0.0
                : map == Map.Finite ? GaussKronrodRule.NodeRounding(rule.RoundingSpread(inRule), a, b)
                : MappedTailSum.NodeRounding(rule.RoundingSpread(inRule), b, largestXT, scale);
            if (rounding > e.Error)
                e = e with { Error = rounding };
            // Where the rule has not resolved f_k and |Kronrod − Gauss| rests on a top Legendre coefficient that is small by
            // chance (GaussKronrodRule.AliasingError): a component far below the others is never bisected for its own sake,
            // and its estimate was all it reported.
            // Not where the nodes' rounding explains the coefficients (a few times the rounding term): noise in the values is
            // not aliasing, and no bisection reduces it (a narrow spike far out on a tail ran to MaxIntervals).
            double aliasing = resolved ? rule.AliasingError(inRule, half) : 0.0;
            if (aliasing > e.Error && aliasing > GaussKronrodRule.AliasingOverRounding * rounding)
                e = e with { Error = aliasing };
            // Where the nodes nearest an end fit a power steeper than −1/2, the rule's error on that power
            // (GaussKronrodRule.PowerEndError): |Kronrod − Gauss| understates it as the power nears −1, and this run has no
            // extrapolation to make up for it (1e-3·x^−0.99 on [0, 1] claimed 2.8e-4 for a true error of 2.9e-3).
            double powerEnd = resolved ? rule.PowerEndError(inRule, half) : 0.0;
            if (powerEnd > e.Error)
            {
                e = e with { Error = powerEnd };
                endFit[k] = true;
            }
            ReadOnlySpan<double> polynomialValues = map == Map.Finite ? columns.AsSpan(k * n, n) : inRule;
            double hidden = Math.Max(HiddenBeyondNodes(rule, polynomialValues, k, knownAtA, upper: false, a, half, (map, bound, scale)),
                HiddenBeyondNodes(rule, polynomialValues, k, knownAtB, upper: true, b, half, (map, bound, scale)));
            if (hidden > e.Error)
                e = e with { Error = hidden };
            if (!resolved && map == Map.Finite)
                e = IntervalGeometry.Unresolved(e, columns.AsSpan(k * n, n), half, a, b);
            if (atA is not null && atB is not null)
                e = IntervalGeometry.CoverEnds(e, atA[k], atB[k], a, b);
            RangeOverflowException.ThrowIfNotFinite(e, a, b);
            value[k] = e.Value;
            error[k] = e.Error;
            // Never above the error itself, and 0 where ∫|f| is not known.
            floor[k] = double.IsFinite(e.AbsIntegral) ? Math.Min(e.Error, 50.0 * RuleEstimate.Epsilon * e.AbsIntegral + rounding) : 0.0;
            abs[k] = double.IsFinite(e.AbsIntegral) ? e.AbsIntegral : Math.Abs(e.Value);
        }

        return new Interval(map, bound, scale, a, b, value, error, floor, Norm(error), peakAt, peakMagnitude, abs, undersampled, endFit);
    }

    // f at the centre of every finite interval a rule was applied to (x → the components): the ends of later subintervals,
    // never a limit or a breakpoint (EndGap, as in the scalar QAGS).
    // On a tail the centre is in t and the values are the integrand in t; keyed by the map and its bound as well, so that a
    // tail's t and a finite piece's x never meet.
    private readonly Dictionary<(Map Map, double Bound, double At), double[]> centreValues = new();

    // f at the double next to an end inside the interval (on a tail, the integrand in t there), sampled once per end where
    // some component's polynomial misses the known value there (the piece, the end and its values).
    private (Map Map, double Bound, double End, double[] Values)? probedA, probedB;

    /// <summary>
    /// The mass component <paramref name="k"/> may hide between an end where f is known and the rule's outermost node (see
    /// <see cref="EndGap"/> and FiniteKronrodRule.HiddenBeyondNodes): a jump there is in no sample of the interval.
    /// [|x − 0.968458896488165|^0.3415181112296497, x &lt; d ? eˣ : ½ − x²] on [0, 1], d = 0.34509301527640457, was Converged
    /// at relTol 1e-6 with the second component ± 6.2e-15 for an error of 2.5e-7, the jump's mass lost as by the scalar QAGS.
    /// </summary>
    private double HiddenBeyondNodes(GaussKronrodRule rule, ReadOnlySpan<double> values, int k, double[]? known, bool upper,
        double end, double half, (Map Map, double Bound, double Scale) piece)
    {
        if (known is null)
            return 0.0;
        var gap = EndGap.At(rule, values, upper, known[k], end);
        if (!gap.Suspect)
            return 0.0;
        ref (Map Map, double Bound, double End, double[] Values)? probed = ref upper ? ref probedB : ref probedA;
        if (probed is not { } p || p.End != end || p.Map != piece.Map || !p.Bound.Equals(piece.Bound))
        {
            probed = (piece.Map, piece.Bound, end, piece.Map == Map.Finite ? SampleEnd(gap.Inside) : SampleTailInRule(piece, gap.Inside));
        }

        return gap.Charge(rule, half, probed.Value.Values[k]);
    }

    /// <summary>The values at an end of a range with one double inside; a non-finite component is left for
    /// <see cref="IntervalGeometry.CoverEnds"/> to skip (the end may be a singular limit of the range).</summary>
    private double[] SampleEnd(double x)
    {
        var values = new double[m];
        f(x, values);
        Evaluations++;
        return values;
    }

    /// <summary>The integrand in t at one more t of a tail (between an interval's end and its outermost node, so x is
    /// finite): s·f(x)/t², folded with f(−x) on the whole line; NaN components where f is not finite there.</summary>
    private double[] SampleTailInRule((Map Map, double Bound, double Scale) piece, double t)
    {
        double x = piece.Map == Map.Lower ? piece.Bound - piece.Scale * (1.0 - t) / t : piece.Bound + piece.Scale * (1.0 - t) / t;
        var inRule = new double[m];
        if (!double.IsFinite(x))
        {
            Array.Fill(inRule, double.NaN);
            return inRule;
        }

        double[] values = SampleEnd(x);
        double[]? mirror = piece.Map == Map.Whole ? SampleEnd(-x) : null;
        for (int k = 0; k < m; k++)
            inRule[k] = MappedTailSum.InRuleVariable(values[k], mirror is null ? 0.0 : mirror[k], mirror is not null, t, piece.Scale);
        return inRule;
    }

    private void Sample(double x, double[] values)
    {
        // Cleared so that a component the integrand forgets to write is 0, not the previous point's value.
        Array.Clear(values);
        f(x, values);
        Evaluations++;
        for (int k = 0; k < m; k++)
        {
            if (!double.IsFinite(values[k]))
                throw new NonFiniteIntegrandException(x, values[k]);
        }
    }
}
