namespace BlasNet.Quadrature;

/// <summary>
/// QUADPACK's QC25F for ∫_l^r cos(ωx) f(x) dx or ∫_l^r sin(ωx) f(x) dx over one subinterval, with one change that
/// keeps f away from the ends of the subinterval.
/// </summary>
/// <remarks>
/// With x = m + h·t the weight is cos(ωm)cos(λt) − sin(ωm)sin(λt) (λ = ωh) for the cosine, and
/// sin(ωm)cos(λt) + cos(ωm)sin(λt) for the sine. When λ ≤ 2 the weighted integrand is smooth and hardly
/// oscillates, and the 15-point Gauss–Kronrod rule is applied to it. Otherwise f alone is interpolated by a
/// Chebyshev series p = Σ a_k T_k and p is integrated exactly against the weight with the modified moments of
/// <see cref="OscillatoryMoments"/>, so that the number of points does not grow with ω. QUADPACK interpolates at
/// the 25 Clenshaw–Curtis points cos(jπ/24), j = 0 … 24, which include both ends, so an f that is infinite at a
/// limit (log x at 0) makes it fail. Here the interpolation points are the 23 interior ones, j = 1 … 23 (Fejér's
/// second rule): the interpolant has degree 22, found from a discrete sine transform of f(cos θ)·sin θ in terms of
/// Chebyshev polynomials of the second kind. The error estimate is the part of the result carried by the
/// coefficients of degree 13 … 22 (QUADPACK compares its degree-24 result with a degree-12 one), summed in absolute
/// value, never below the rounding of the sums; when those coefficients decay as slowly as an end singularity makes
/// them, it also covers the gaps between the ends and the nearest nodes, where the weight cannot average out f − p
/// (a 12/24 comparison on these interior points is as blind: both interpolants miss what f does inside the gaps).
/// </remarks>
internal sealed partial class OscillatoryWeightRule : INodeGapRule
{
    private const int Panels = 24;            // N: the points are cos(jπ/N), j = 1 … N − 1
    private const int Points = Panels - 1;     // 23 interior points
    private const int Degree = Panels - 2;     // 22
    private const int TailStart = 12;          // the error estimate sums the terms of degree 13 … 22

    /// <summary>Below this λ = ω·h the Gauss–Kronrod rule is used on w·f (QUADPACK's threshold).</summary>
    public const double KronrodThreshold = 2.0;

    // 1 − cos(π/24): the distance in t from either end to the nearest interpolation point.
    private const double NodeGap = 0.008555138626189618;

    // A tail Σ_{k>12}|a_k| of this fraction of Σ|a_k| or more is taken as the algebraic decay of a singular f.
    private const double SingularTailRatio = 0.001;

    // The tail's shape: Σ_{k=18..22}|a_k| / Σ_{k=13..17}|a_k| is about (20/15)^-p ≈ 0.3 … 0.8 for the algebraic decay
    // k^-p of an end singularity (p ≈ 1 for log x, 2 + 2q for x^q), ρ^5 for a geometric decay ρ^k (0.01 for
    // 1/(1 + x²) on [0, 1]). Between these two the gap term is ramped in.
    private const double AlgebraicShapeLow = 0.1;
    private const double AlgebraicShapeHigh = 0.3;

    // Below a shape of ρ^-5 ≈ 0.01 (ρ ≈ 2.5) the tail is clearly geometric and its share of Σ|a_k| is no evidence of a
    // singularity; from 0.03 (ρ ≈ 2, a pole or singularity close by) the share counts in full, as it did alone before.
    private const double GeometricShapeLow = 0.01;
    private const double GeometricShapeHigh = 0.03;

    // The Chebyshev transform's rounding of the coefficients, in units of ε·max|f|·Σ|u_k| (see Apply). Random roundings
    // partly cancel, so this is well below a worst case: 2 made 17 honest Converged cases of the weighted battery
    // fail at 1e-12..1e-14 tolerances with estimates 10-100 times the true error (QAWO evaluations +12 %); 0.5 covers
    // f = x, x³ under cos(10x) on [−1, 1] with the battery's converged count −3 (evaluations +1.8 %). Since audit 53 the
    // transform's sums are compensated (CompensatedSineTransform) and its own rounding is far below this floor; the floor
    // is kept for the rounding of the samples themselves (ε/2·|f_j| each), which the rule's weights carry into the result
    // (e^(px) at λ = 584: worst case ε·Σ_j|∂I/∂f_j|·|f_j| = 1.0e-17, this floor 6.6e-18, the samples' actual 1.1e-18).
    private const double TransformRounding = 0.5;

    // sin(mπ/24) for m = 0..47: every sin θ_j and every sin(kjπ/24) the transforms need.
    private static readonly double[] Sines = InteriorChebyshevCoefficients.Sines;
    private static readonly double[] FejerWeights = BuildFejerWeights();
    // cos(jπ/24) for j = 1 … 23, the interpolation points on [−1, 1] (cos θ = sin(θ + π/2)).
    private static readonly double[] InteriorCosines = [.. Enumerable.Range(1, Points).Select(j => Sines[(j + 12) % 48])];

    private readonly IntegrandSampler sampler;
    private readonly double omega;
    private readonly bool sine;
    private readonly bool mirrored;
    private readonly GaussKronrodRule kronrod = GaussKronrodRule.Kronrod15;
    private readonly double[] kronrodReference;
    private readonly double[] kronrodX, kronrodF;
    private readonly double[] ends = new double[2], endValues = new double[2];
    private readonly double[] x = new double[Points], fx = new double[Points];
    private readonly double[] coefficients = new double[Degree + 1];
    private readonly Dictionary<(double, double), double[]> momentCache = [];

    /// <summary>A rule for the weight cos(ωx) (or sin(ωx) when <paramref name="sine"/>), ω ≥ 0. A
    /// <paramref name="mirrored"/> rule integrates w(y)·f(−y): it works in y and calls f at −y.</summary>
    public OscillatoryWeightRule(IntegrandSampler sampler, double omega, bool sine, bool mirrored)
    {
        this.sampler = sampler;
        this.omega = omega;
        this.sine = sine;
        this.mirrored = mirrored;
        kronrodReference = new double[kronrod.Points];
        kronrod.FillReferenceNodes(kronrodReference);
        kronrodX = new double[kronrod.Points];
        kronrodF = new double[kronrod.Points];
    }

    private double Sign => mirrored ? -1.0 : 1.0;

    /// <summary>The limits of the range in the rule's variable y (∞ for none), where f may be singular: QAWO's a and b,
    /// QAWF's finite limit (the origin for each half of the whole line).</summary>
    public (double Lower, double Upper) Limits { get; init; } = (double.NaN, double.NaN);

    /// <summary>The ends of the piece the driver now integrates (in y): QAWO's range, or one of QAWF's cycles, whose ends
    /// k·L no rule samples either (the driver sets it before it applies the rule to the piece). NaN: none.</summary>
    /// <remarks>A kink or step between a cycle end and the second node from it is checked as at a limit
    /// (OscillatoryWeightRule.LimitNode.cs): QAWF's first cycle [0, 3π] under cos x with a step of (x &lt; d ? 1 : ½)·e^(−x)
    /// at d = 9.3834, between its last node and the one before, was one Fejér rule claiming ± 1.8e-6 for an error of 2.3e-6
    /// (relTol 1e-4, Converged), and sin(1000x)·|x − d|·e^(−x), d = 6.28236, ± 1.0e-8 for 1.3e-8 (audit 50's two qawf-hi
    /// claims left). The end's own value, which QAWF samples, does not tell: f there and at the outermost node lie on one
    /// branch, and the polynomial through the other nodes misses both by about as much as its own tail.</remarks>
    public (double Lower, double Upper) PieceEnds { get; set; } = (double.NaN, double.NaN);

    /// <summary>The angular frequency ω.</summary>
    public double Omega => omega;

    /// <summary>
    /// Estimates the weighted integral over [l, r]. <c>Reliable</c> is true when the Kronrod rule was used and its
    /// error did not saturate: only those intervals count towards roundoff detection, as in QUADPACK.
    /// </summary>
    public (RuleEstimate Estimate, bool Reliable) Apply(double l, double r)
    {
        // The rule's x = m + h·t uses the rounded centre m and half-length h for f, which is smooth and does not
        // mind; the weight must not: at ω = 1e7 the roundings of (l + r)/2 and (r − l)/2, about 1e-17, move every
        // phase by 1e-10 and the integral of cos over [0.1, 0.7] by 1e-9 relative. So m and h are carried exactly as
        // double-double pairs, and ω·m and λ = ω·h with the roundings of the products (fused multiply-adds) and
        // of the low parts; their sines and cosines are then those of the exact ω and end points, up to the rounding
        // of a few ε of the angle additions in <see cref="SinCosOfProduct"/> (as for one angle: no phase error is left).
        (double centre, double centreLow) = IntervalGeometry.ExactCentre(l, r);
        (double half, double halfLow) = IntervalGeometry.ExactHalfLength(l, r);
        (double cm, double sm, double centrePhaseError) = SinCosOfProduct(omega, centre, centreLow);
        (double cl, double sl, double halfPhaseError) = SinCosOfProduct(omega, half, halfLow);
        double lambda = omega * half;
        double phaseError = centrePhaseError + halfPhaseError;
        // w(m + h·t) = cos(ωm)·cos(λt) − sin(ωm)·sin(λt) (cosine) or sin(ωm)·cos(λt) + cos(ωm)·sin(λt) (sine):
        // pc multiplies the part even in t, ps the odd part.
        double pc = sine ? sm : cm, ps = sine ? cm : -sm;
        if (lambda <= KronrodThreshold)
        {
            bool resolved = IntervalGeometry.PlaceNodes(l, r, centre, half, kronrodReference, kronrodX);
            // Below 2^-960 the halving in the exact centre and half-length rounds (both are 0 for [0, 2^-1074]), and the
            // weight at m + h·t is then that of a point f was not sampled at: ∫ 1e300·sin(1e300·x) dx over [0, 2^-1074]
            // (1.2e-47) came out Converged 0 ± 0, every weight being sin(0). There the nodes are doubles a few ulps
            // apart, and the weight is taken at the node f is sampled at.
            bool atNodes = IntervalGeometry.IsTiny(l, r);
            for (int i = 0; i < kronrodX.Length; i++)
                kronrodX[i] *= Sign;
            sampler.Evaluate(kronrodX, kronrodF);
            KeepKronrodForEndGap(l, r, half, resolved);
            double largestF = 0.0;
            for (int i = 0; i < kronrodX.Length; i++)
            {
                largestF = Math.Max(largestF, Math.Abs(kronrodF[i]));
                if (atNodes)
                {
                    (double c, double sn, double nodePhaseError) = SinCosOfProduct(omega, Sign * kronrodX[i], 0.0);
                    kronrodF[i] *= sine ? sn : c;
                    phaseError = Math.Max(phaseError, nodePhaseError);
                    continue;
                }

                // The weight at the node m + h·t itself (not at its rounded abscissa): |λt| ≤ 2 is accurate.
                double lt = lambda * kronrodReference[i];
                kronrodF[i] *= pc * Math.Cos(lt) + ps * Math.Sin(lt);
            }

            RuleEstimate e = IntervalGeometry.IsTiny(l, r) ? IntervalGeometry.CombineTiny(kronrod, kronrodF, l, r) : kronrod.Combine(kronrodF, half);
            // A phase error φ moves the weight by at most φ, the integral by at most φ·∫|f| ≤ φ·2h·max|f|.
            e = e with { Error = e.Error + phaseError * 2.0 * half * largestF };
            if (!resolved)
                e = IntervalGeometry.Unresolved(e, kronrodF, half, l, r);
            else
                e = WithAliasing(e, l, r, half);
            if (!resolved && IntervalGeometry.OneDoubleInside(l, r))
            {
                // Every node is the one double inside, so f was never seen at the ends, where it may be far larger:
                // sample them (a singular end tolerated) and cover them with |weight| ≤ 1.
                ends[0] = Sign * l;
                ends[1] = Sign * r;
                sampler.EvaluateToleratingEnds(ends, endValues, tolerateFirst: true, tolerateLast: true);
                e = IntervalGeometry.CoverEnds(e, endValues[0], endValues[1], l, r);
            }

            // A kink or step between a limit and the second node from it (OscillatoryWeightRule.LimitNode.cs).
            double limitCharge = lastResolved ? LimitNodeCharge(l, r, half, kronrodReference, kronrodRaw, 0) : 0.0;
            if (limitCharge > 0.0)
                return (e with { Error = e.Error + limitCharge }, false); // a charge is no rounding
            return (e, !e.ErrorIsSaturated);
        }

        IntervalGeometry.PlaceNodes(l, r, centre, half, InteriorCosines, x);
        for (int j = 0; j < Points; j++)
            x[j] *= Sign;
        sampler.Evaluate(x, fx);
        int scale = 0;
        foreach (double v in fx)
        {
            if (Math.Abs(v) > GaussKronrodRule.LargestUnscaled)
                scale = 64;
        }

        if (scale != 0)
        {
            for (int j = 0; j < Points; j++)
                fx[j] = Math.ScaleB(fx[j], -scale);
        }

        ChebyshevCoefficients(fx, coefficients);
        KeepChebyshevForEndGap(l, r, half, scale);
        double[] u = Moments(half, halfLow, lambda, sl, cl);
        // Even coefficients meet the cosine moments, odd ones the sine moments. The error estimate is the part of
        // the result carried by the coefficients beyond degree 12, term by term in absolute value: QUADPACK's
        // difference between its degree-24 and degree-12 results measures the same thing, and the absolute values
        // keep an accidental cancellation from passing for accuracy.
        double even = 0.0, odd = 0.0, evenTail = 0.0, oddTail = 0.0, evenMagnitude = 0.0, oddMagnitude = 0.0;
        for (int k = 0; k <= Degree; k++)
        {
            double term = coefficients[k] * u[k];
            if ((k & 1) == 0)
            {
                even += term;
                evenMagnitude += Math.Abs(term);
                if (k > TailStart)
                    evenTail += Math.Abs(term);
            }
            else
            {
                odd += term;
                oddMagnitude += Math.Abs(term);
                if (k > TailStart)
                    oddTail += Math.Abs(term);
            }
        }

        double value = half * (pc * even + ps * odd);
        double error = half * (Math.Abs(pc) * evenTail + Math.Abs(ps) * oddTail);
        // The tail can vanish (f a polynomial of low degree); the sums still carry rounding of a few ε times the
        // magnitudes of their terms, as far as they enter the result (one of pc, ps is tiny when ωm is near a
        // multiple of π/2, and then so is the rounding its sum contributes).
        error = Math.Max(error, 10.0 * RuleEstimate.Epsilon * half * (Math.Abs(pc) * evenMagnitude + Math.Abs(ps) * oddMagnitude));
        // That floor scales with the coefficients as computed, but the transform itself rounds every a_k by up to a
        // few ε·max|f| (a sum of 23 samples), so a coefficient that should be 0 is noise of that size and its term's
        // rounding floor is ε² of it. For f = x on [−1, 1] under cos(10x) every even a_k should vanish (the integral is
        // 0) and pc = 1: their noise gave 9.1e-17 with a claimed ±9.4e-18 (Converged; x³: 9.0e-17 ± 1.3e-17). The
        // noise is bounded by the moments it meets, ε·max|f|·Σ|u_k| per parity, times a calibrated TransformRounding
        // (at ω = 1e4 the noise, 2.2e-19, still exceeds this floor's 8.5e-20: a larger factor costs honest cases).
        double largestSample = IntervalGeometry.LargestMagnitude(fx);
        double evenMoments = 0.0, oddMoments = 0.0;
        for (int k = 0; k <= Degree; k++)
        {
            if ((k & 1) == 0)
                evenMoments += Math.Abs(u[k]);
            else
                oddMoments += Math.Abs(u[k]);
        }

        error = Math.Max(error, TransformRounding * RuleEstimate.Epsilon * largestSample * half
            * (Math.Abs(pc) * evenMoments + Math.Abs(ps) * oddMoments));
        // One pass: Σ|a_k|, the tail Σ_{k>12}|a_k|, and the tail's early (13…17) and late (18…22) parts for its shapes below.
        double coefficientSum = 0.0, tailSum = 0.0, early = 0.0, late = 0.0;
        for (int k = 0; k <= Degree; k++)
        {
            double magnitude = Math.Abs(coefficients[k]);
            coefficientSum += magnitude;
            if (k <= TailStart)
                continue;
            tailSum += magnitude;
            if (k <= TailStart + 5)
                early += magnitude;
            else
                late += magnitude;
        }

        // The tail's terms stand for the whole error only when the series falls geometrically: the terms beyond degree 22,
        // which the interpolant aliases onto the lower degrees, are then far smaller still. A kink or step of f inside the
        // interval makes the series fall like k^-2 or k^-1, the terms beyond weigh about as much as Σ_{k>12}|a_k|, and
        // aliased onto the low degrees they meet the largest moments, not the tail's (which are tiny for k beyond λ). As
        // QAWC's and QAWS's rules do, the tail's shape (ChebyshevTailShape) ramps in TailFactor times that:
        // Σ_{k>12}|a_k|·max_k|u_k|. ∫_0^1 cos(1000x)·|x − d| dx, d = 0.3022500559178156, at relTol 1e-4 was Converged
        // ± 4.1e-8 for an error of 7.0e-8, all of it from [0.296875, 0.3125] (λ = 7.8), whose tail terms came to 4.6e-10.
        // An interval at a limit of the range is left to the gap term below: f may be singular there (log x, x^q), its tail
        // as algebraic as a kink's, and the bound, far above the gap term, loosened the errors of such runs up to 50-fold
        // (log x under cos(1105x) on [0, 4.53], MaxIntervalsReached ± 2.8e-5 → ± 1.3e-3 for a true 1.7e-8). Since audit 47
        // the bound applies there too where the end is regular (a cubic through the nodes next to it predicts the outermost
        // value, OscillatoryWeightRule.LimitNode.cs): a kink further in, not a singularity at the limit.
        bool singularLimit = (l == Limits.Lower || r == Limits.Upper) && !RegularAtLimits(l, r, InteriorCosines, fx, tailSum);
        double notSmooth = singularLimit ? 0.0
            : ChebyshevTailShape.NotSmoothWeight(coefficients, TailStart, l, r, half, largestSample);
        if (notSmooth > 0.0)
        {
            double largestMoment = 0.0;
            for (int k = 0; k <= Degree; k++)
                largestMoment = Math.Max(largestMoment, Math.Abs(u[k]) * (Math.Abs((k & 1) == 0 ? pc : ps)));
            error = Math.Max(error, notSmooth * ChebyshevTailShape.TailFactor * half * tailSum * largestMoment);
        }

        // For λ beyond about 1e300 the moments, of size 1/λ, can be subnormal and carry an absolute rounding of up to
        // 2^-1074 each rather than a relative one: the estimate covers that too (it is invisible otherwise).
        error += half * coefficientSum * 4.0 * double.Epsilon;
        // The tail times the moments assumes f − p is as smooth as the tail polynomials, so that the weight averages
        // it out to O(1/λ). Between an end and the nearest node (a gap of δ = 1 − cos(π/24) in t) the rule knows
        // nothing of f: an f singular at a limit (x^q, log x) differs from p there by far more than the tail, and no
        // averaging by the weight may be assumed; the tail estimate alone understated such errors up to twentyfold.
        // Such an f shows in coefficients that decay algebraically (for x^q or log x a tail of 0.1 % to a few
        // percent of Σ|a_k|), where an analytic f's decay geometrically (a tail many digits below the head). So the
        // gaps are bounded without cancellation, 2δ·Σ_{k>12}|a_k| at each end (twice the max-norm bound over δ: for
        // f ~ x^q the gap holds δ^{1+q}/(1+q), more than δ·f(δ)), scaled by min(1, r/SingularTailRatio) in the ratio
        // r of tail to whole, which leaves the rule's estimate for smooth f as it was. The tail's own rounding (the
        // transform rounds each a_k by tens of ε·max|f|) is no evidence of anything and is taken off first: at
        // λ = 1e300 any term not falling like 1/λ would swamp an estimate that must reach 1e-314.
        double genuineTail = Math.Max(0.0, tailSum - 1000.0 * RuleEstimate.Epsilon * largestSample);
        double tailRatio = coefficientSum > 0.0 ? genuineTail / coefficientSum : 0.0;
        // The ratio to Σ|a_k| alone misses a singular part on a larger smooth background (10⁴ + log x, x^0.99 whose
        // coefficients a_0, a_1 dwarf the tail; x^-0.001): there the tail is all singular yet a tiny fraction of the
        // whole, and the estimate fell back to the tail's, 2 to 5 times below the true error. The tail's own shape
        // (algebraic, not geometric) tells the singularity apart from any background, so the larger of the two
        // weights is taken.
        double halfRounding = 500.0 * RuleEstimate.Epsilon * largestSample;
        early = Math.Max(0.0, early - halfRounding);
        late = Math.Max(0.0, late - halfRounding);
        // The share alone is no evidence either: an analytic f's geometric tail is a share ρ^-13 that never reaches 0,
        // and min(1, share/0.001) still weighted it. For 1/(1 + x²) on [0, 0.5] the tail is 4e-13 above its rounding, the
        // share 4e-13 and the gap term 1e-24: below the tolerance while the integral is above 1e-13 (ω ≤ 1e10), but the
        // integral shrinks like 1/ω and the term does not, so at ω = 1e15 (integral 4e-16, tolerance 4e-26) it forced
        // bisection that the rule's own estimate there (5e-28) did not, for no gain in accuracy: ∫_0^1
        // cos(ωx)/(1 + x²) dx took 115 evaluations for ω ≥ 1e15 against 69 up to 1e10 (over [−2, 3] 529 against 345).
        // So the share counts only as far as the shape is not clearly geometric.
        double shape = early > 0.0 ? late / early : 0.0;
        double shareWeight = Math.Min(1.0, tailRatio / SingularTailRatio)
            * Math.Clamp((shape - GeometricShapeLow) / (GeometricShapeHigh - GeometricShapeLow), 0.0, 1.0);
        double shapeWeight = Math.Clamp((shape - AlgebraicShapeLow) / (AlgebraicShapeHigh - AlgebraicShapeLow), 0.0, 1.0);
        double weight = Math.Max(shapeWeight, shareWeight);
        error += half * 4.0 * NodeGap * genuineTail * weight;
        // A kink or step between a limit and the second node from it, which the tail and its shape do not size
        // (OscillatoryWeightRule.LimitNode.cs).
        if (lastResolved)
            error += LimitNodeCharge(l, r, half, InteriorCosines, fx, scale);
        double absIntegral = 0.0;
        for (int j = 0; j < Points; j++)
            absIntegral += FejerWeights[j] * Math.Abs(fx[j]);
        absIntegral *= half;
        error += phaseError * absIntegral;
        // ∫|f| (an upper bound for ∫|w·f|) feeds QUADPACK's divergence heuristics; ∫|f − mean| has no meaning here.
        return (new RuleEstimate(Math.ScaleB(value, scale), Math.ScaleB(error, scale), Math.ScaleB(absIntegral, scale),
            double.NaN), false);
    }

    /// <summary>
    /// The Kronrod estimate <paramref name="e"/> of w·f on [<paramref name="l"/>, <paramref name="r"/>] with an error not
    /// below <see cref="GaussKronrodRule.AliasingError"/>, as QAWC's Kronrod pieces have: |Kronrod − Gauss| is the top
    /// Legendre coefficient of w·f's interpolant alone, and a kink of f between the nodes makes the coefficients decay
    /// algebraically and that one small by chance. ∫_0^1 sin(10x)·|x − d| dx, d = 0.5481578284163297, at relTol 1e-6 was
    /// Converged ± 4.8e-11 for an error of 2.2e-9, all of it from [0.546875, 0.548828125] (−7.58997e-7 ± 4.8e-11, true
    /// −7.56753e-7). The nodes' rounding bounds what the coefficients can tell (GaussKronrodRule.AliasingOverRounding).
    /// </summary>
    private RuleEstimate WithAliasing(RuleEstimate e, double l, double r, double half)
    {
        double aliasing = kronrod.AliasingError(kronrodF, half);
        if (!(aliasing > e.Error))
            return e;
        double rounding = GaussKronrodRule.NodeRounding(kronrod.RoundingSpread(kronrodF), l, r);
        return aliasing > GaussKronrodRule.AliasingOverRounding * rounding ? e with { Error = aliasing } : e;
    }

    /// <summary>Whether the weight is sin(ωx) (else cos(ωx)).</summary>
    public bool IsSine => sine;

    /// <summary>
    /// The weighted integrand y ↦ w(y)·f(±y) for the plain rules, sampled through the rule's own sampler (so the
    /// evaluations count and a non-finite f is reported at its own x). With <paramref name="sineOverOmega"/> the sine
    /// weight is divided by ω: for an ω so small that ω·y is subnormal, sin(ωy) itself would be a subnormal with only
    /// a few significant bits, while sin(ωy)/ω ≈ y is exact; the caller multiplies the integral by ω.
    /// </summary>
    /// <remarks>Meant for an ω·y that stays moderate over the range f lives on (the phase is ω times the rounded y,
    /// an error of ε·ω·y).</remarks>
    internal IntegrandSampler WeightedSampler(bool sineOverOmega)
    {
        double[] scratch = [];
        return new IntegrandSampler((y, wf) =>
        {
            if (scratch.Length < y.Length)
                scratch = new double[y.Length];
            Span<double> points = scratch.AsSpan(0, y.Length);
            for (int i = 0; i < y.Length; i++)
                points[i] = Sign * y[i];
            sampler.Evaluate(points, wf);
            for (int i = 0; i < y.Length; i++)
            {
                double phase = omega * y[i];
                double weight = !sine ? Math.Cos(phase)
                    : !sineOverOmega ? Math.Sin(phase)
                    : Math.Abs(phase) < 1e-150 ? y[i] // sin p = p(1 − p²/6): p²/6 is far below ε
                    : Math.Sin(phase) / omega;
                wf[i] *= weight;
            }
        });
    }

    /// <summary>
    /// cos and sin of ω·(high + low) for the exact pair high + low (a double-double centre or half-length), and a
    /// bound on the phase error left. ω·high and ω·low are each split exactly into their rounded products and the
    /// products' rounding errors (fused multiply-adds): the phase is the exact sum of these four doubles, whose sines
    /// and cosines (each with its own exact argument reduction) are combined by the angle addition formulas. The
    /// parts other than ω·high can be far from small in absolute terms (ω = 1e75, low = 1e-16: ω·low = 1e59 rad, its
    /// rounding 1e43 rad): adding them as one rounded angle, to first order in what is left, as this did before, gave
    /// a phase error of (1e43)² that made every subinterval with non-dyadic ends pure noise (log x cos(2.9939e75·x) on
    /// [7.28, 14.56]: 6e-32 ± 5e89 for a true 1e-76), so that the bisection could not finish within its interval limit.
    /// What remains is the rounding of the products of sines and cosines, a few ε in the weight, as for one angle.
    /// </summary>
    internal static (double Cos, double Sin, double PhaseError) SinCosOfProduct(double omega, double high, double low)
    {
        double product = omega * high;
        double productError = Math.FusedMultiplyAdd(omega, high, -product);
        double rest = omega * low;
        double restError = Math.FusedMultiplyAdd(omega, low, -rest);
        (double s, double c) = Math.SinCos(product);
        (s, c) = AddAngle(s, c, productError);
        (s, c) = AddAngle(s, c, rest);
        (s, c) = AddAngle(s, c, restError);
        return (c, s, 0.0);
    }

    /// <summary>sin and cos of θ + δ from those of θ and the double δ (exact for δ = 0).</summary>
    private static (double Sin, double Cos) AddAngle(double s, double c, double delta)
    {
        if (delta == 0.0)
            return (s, c);
        (double sd, double cd) = Math.SinCos(delta);
        return (s * cd + c * sd, c * cd - s * sd);
    }

    private double[] Moments(double half, double halfLow, double lambda, double sinLambda, double cosLambda)
    {
        // Halves of one bisection level share h (to the last bit in most cases): compute each h once. The key is the
        // exact h, since sin λ and cos λ are those of ω·(half + halfLow).
        if (!momentCache.TryGetValue((half, halfLow), out double[]? u))
        {
            u = new double[Degree + 1];
            OscillatoryMoments.Compute(lambda, sinLambda, cosLambda, u);
            if (momentCache.Count < 4096)
                momentCache[(half, halfLow)] = u;
        }

        return u;
    }

    /// <summary>
    /// Chebyshev coefficients (first kind) of the interpolant of degree 22 through the 23 interior points
    /// cos(jπ/24), given f at the points in the order j = 1 … 23.
    /// </summary>
    /// <remarks>
    /// With g_j = f_j·sin θ_j, the sine series g(θ) = Σ_{k=1}^{N−1} s_k sin kθ through the points is the discrete
    /// sine transform s_k = (2/N) Σ_j g_j sin(kθ_j); dividing by sin θ gives p(cos θ) = Σ s_k U_{k−1}(cos θ), and
    /// U_m = 2 Σ T_i (0 &lt; i ≤ m, i ≡ m mod 2) + [m even]·T_0 turns that into first-kind coefficients.
    /// The transform's sums are carried in double-double with the sines to twice double precision
    /// (<see cref="CompensatedSineTransform"/>): see there why plain sums were not enough.
    /// </remarks>
    internal static void ChebyshevCoefficients(ReadOnlySpan<double> f, Span<double> coefficients)
    {
        Span<double> s = stackalloc double[Panels];
        CompensatedSineTransform(f, s);
        SecondKindToFirstKind(s[1..], coefficients);
    }

    /// <summary>Given p = Σ_{m=0}^{M} b_m U_m, the coefficients a_i of p = Σ a_i T_i.</summary>
    private static void SecondKindToFirstKind(ReadOnlySpan<double> b, Span<double> a)
    {
        int degree = b.Length - 1;
        double evenTail = 0.0, oddTail = 0.0;
        for (int i = degree; i >= 1; i--)
        {
            if ((i & 1) == 0)
            {
                evenTail += b[i];
                a[i] = 2.0 * evenTail;
            }
            else
            {
                oddTail += b[i];
                a[i] = 2.0 * oddTail;
            }
        }

        a[0] = evenTail + b[0];
    }


    /// <summary>The weights of Fejér's second rule on [−1, 1] at cos(jπ/N), j = 1 … N − 1:
    /// (4 sin θ_j/N)·Σ_{k odd &lt; N} sin(kθ_j)/k.</summary>
    private static double[] BuildFejerWeights()
    {
        var w = new double[Points];
        for (int j = 1; j < Panels; j++)
        {
            double theta = j * Math.PI / Panels, sum = 0.0;
            for (int k = 1; k < Panels; k += 2)
                sum += Math.Sin(k * theta) / k;
            w[j - 1] = 4.0 * Math.Sin(theta) / Panels * sum;
        }

        return w;
    }
}
