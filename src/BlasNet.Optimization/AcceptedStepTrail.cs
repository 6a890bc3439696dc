namespace BlasNet.Optimization;

/// <summary>
/// The last accepted steps of a fit's Levenberg–Marquardt runs (audit lm54), to tell a lone XTol stop that X has stopped moving
/// (and, audit lm55, an FTol stop that the cost cannot fall further)
/// from one where the fit is still crawling down a valley: the steps all along one direction, neither they nor the cost's falls
/// slowing down, and each still lowering the cost. Why: XTol is relative to ‖D·x‖, and where one scaled coordinate dominates that norm (MGH's Beale run off to
/// x₁ ≈ −9.3e5 with x₂ ≈ 1 + 1e-6: D₂·x₂ ≈ 3.5e6, D₁·x₁ ≈ 3.7) the trust region falls below XTol·‖D·x‖ while x₁ still moves by
/// 0.3 % a step and the cost falls by about 1e-8 relative a step towards an infimum no finite X attains. A converging run's steps
/// shrink (geometrically at least), so a trail of steps that do not shrink is no convergence of X, and its falling cost shows the
/// point is no solution either. Steps are kept in the internal variables with the scaling of the run that took them; a run that
/// does not start where the trail ends (a probe's lower point, a restart) clears it.
/// </summary>
internal sealed class AcceptedStepTrail
{
    /// <summary>Accepted steps the crawl is judged over.</summary>
    public const int Length = 8;

    /// <summary>Smallest cosine between each step and the trail's sum (the steps go one way).</summary>
    public const double MinCosine = 0.9;

    /// <summary>Smallest ratio of each step's scaled length to the trail's longest, and of each step's fall of the cost to the largest
    /// (neither the steps nor the descent slow down). Not ½: the radius doubles and halves from step to step along such a valley (Beale:
    /// 2.5e-9 and 5e-9 of ‖D·x‖ alternately). A geometric convergence at rate ρ gives ρ⁷ for the lengths and about ρ¹⁴ for the falls:
    /// only ρ above 0.9 passes both; a run that rushes in and then stops (the degree-18 polynomial's exact fit: steps of 0.46 of ‖D·x‖,
    /// then 1.5e-5) fails both.</summary>
    public const double MinStepRatio = 0.25;

    // Each slot's arrays are allocated once and then overwritten (an accepted step records into the oldest slot), so a long fit
    // allocates nothing per step; a problem's n never changes within a fit.
    private readonly (double[] Step, double[] Scale, double Reduction)[] steps = new (double[], double[], double)[Length];
    private int count, next;
    private double[]? end;   // where the last recorded step ended (valid while hasEnd)
    private bool hasEnd;

    /// <summary>The trail's steps are kept for a run starting at <paramref name="u"/>: cleared unless the last step ended there.</summary>
    public void StartRun(double[] u)
    {
        if (!EndsAt(u)) Clear();
    }

    public void Clear()
    {
        count = 0;
        next = 0;
        hasEnd = false;
    }

    private bool EndsAt(double[] u) => hasEnd && u.AsSpan().SequenceEqual(end);

    /// <summary>An accepted step from <paramref name="from"/> to <paramref name="to"/> (internal variables) with the run's scaling
    /// <paramref name="diag"/> and its relative reduction of ‖r‖² <paramref name="reduction"/>.</summary>
    public void Record(double[] from, double[] to, double[] diag, double reduction)
    {
        var (step, scale, _) = steps[next];
        if (step is null || step.Length != to.Length) (step, scale) = (new double[to.Length], new double[to.Length]);
        for (int j = 0; j < step.Length; j++) step[j] = to[j] - from[j];
        diag.AsSpan(0, to.Length).CopyTo(scale);
        steps[next] = (step, scale, reduction);
        next = (next + 1) % Length;
        count = Math.Min(count + 1, Length);
        if (end is null || end.Length != to.Length) end = new double[to.Length];
        to.AsSpan(0, end.Length).CopyTo(end);
        hasEnd = true;
    }

    /// <summary>A step taken back (SaturationGuard): the trail no longer ends at a run's point.</summary>
    public void TakeBack() => Clear();

    /// <summary>
    /// The crawl over the last <see cref="Length"/> accepted steps, or null where they do not form one: each lowered the cost by more
    /// than its rounding (128ε·√m relative, m residuals), the steps go one way (each one's cosine with their sum at least
    /// <see cref="MinCosine"/>, in the scaling of the latest step), none is shorter, nor lowered the cost less, than
    /// <see cref="MinStepRatio"/> of the longest step, or of the largest fall, and together they lowered the cost by more than <paramref name="ftol"/>
    /// relative; null too where the last step did not end at <paramref name="u"/> (X moved since).
    /// </summary>
    public Crawl? Measure(double[] u, double ftol, int m)
    {
        if (count < Length || !EndsAt(u)) return null;
        // A reduction within the cost's rounding (a few ulps per residual, as LevenbergMarquardt.LowerCostNorm) is no evidence of
        // descent: with FTol = 1e-15 the steps at a minimum lower the cost by such amounts.
        double rounding = 128 * 2.220446049250313e-16 * Math.Sqrt(m);
        int n = steps[0].Step.Length, newest = (next + Length - 1) % Length;
        double[] scale = steps[newest].Scale;
        var sum = new double[n];
        var lengths = new double[Length];
        var falls = new double[Length];
        double remaining = 1; // the product of (1 − reduction): the cost after the trail over the cost before it
        for (int age = 0; age < Length; age++) // oldest first
        {
            var (step, _, reduction) = steps[(next + age) % Length];
            if (!(reduction > rounding)) return null;
            falls[age] = reduction;
            remaining *= 1 - reduction;
            var scaled = new double[n];
            for (int j = 0; j < n; j++) { scaled[j] = scale[j] * step[j]; sum[j] += scaled[j]; }
            lengths[age] = VectorNorm.Euclidean(scaled);
        }
        double sumNorm = VectorNorm.Euclidean(sum);
        if (!(sumNorm > 0) || !double.IsFinite(sumNorm)) return null;
        double minCosine = 1;
        for (int age = 0; age < Length; age++)
        {
            var step = steps[(next + age) % Length].Step;
            double dot = 0;
            for (int j = 0; j < n; j++) dot += scale[j] * step[j] * sum[j];
            minCosine = Math.Min(minCosine, lengths[age] > 0 ? dot / (lengths[age] * sumNorm) : 0);
        }
        double lengthRatio = lengths.Min() / lengths.Max(), fallRatio = falls.Min() / falls.Max();
        double fall = 1 - remaining;
        if (!(minCosine >= MinCosine) || !(lengthRatio >= MinStepRatio) || !(fallRatio >= MinStepRatio) || !(fall > ftol)) return null;
        return new Crawl(minCosine, lengthRatio, fallRatio, fall);
    }

    /// <summary>What <see cref="Measure"/> found: the smallest cosine of a step with the trail's sum, the shortest step's length over
    /// the longest's, the smallest fall of the cost over the largest, and the cost's relative fall over the whole trail.</summary>
    public readonly record struct Crawl(double MinCosine, double LengthRatio, double FallRatio, double CostFall);
}
