namespace BlasNet.Quadrature;

/// <summary>
/// QUADPACK's QC25C: integrates f(x)/(x − c) over one subinterval. Near the pole (|c̃| &lt; 1.1 in the
/// interval's own [−1, 1] coordinate) it interpolates f alone at the 25 Chebyshev points and integrates
/// the Chebyshev series exactly against the Cauchy weight (modified Clenshaw–Curtis, using modified
/// moments); the error estimate is the difference between the degree-12 and degree-24 results, or the size of the whole
/// sum when the degree-24 series has not started to decay (<see cref="ChebyshevResolution"/>: both results aliased). Away from
/// the pole the weighted integrand is smooth and the 15-point Gauss–Kronrod rule is used.
/// </summary>
/// <remarks>
/// The Chebyshev points include the ends of the interval. Where f is not finite at an end of the range the rule
/// works in (log x at 0), that end is dropped from then on and f is interpolated at the 23 interior points
/// (<see cref="InteriorChebyshevCoefficients"/>, degrees 22 and 10), so that the run goes on and bisection
/// resolves the singularity of f instead of stopping.
/// </remarks>
internal sealed partial class CauchyWeightRule : INodeGapRule
{
    private const int ChebyshevPoints = 25;
    private const int Degree = ChebyshevPoints - 1;

    // cos(kπ/24) for k = 0..47: every Chebyshev point and every cos(jkπ/24) the coefficient sums need.
    private static readonly double[] Cosines = BuildCosines();

    private readonly IntegrandSampler sampler;
    private readonly double pole;
    private readonly GaussKronrodRule kronrod = GaussKronrodRule.Kronrod15;
    private readonly double[] kronrodReference;
    private readonly double[] kronrodX;
    private readonly double[] kronrodF;
    private readonly double[] kronrodD;
    private readonly double[] chebyshevX = new double[ChebyshevPoints];
    private readonly double[] chebyshevF = new double[ChebyshevPoints];
    private readonly double[] coefficients24 = new double[ChebyshevPoints];
    private readonly double[] coefficients12 = new double[13];

    // The ends of the range (or piece) the rule works on, where f may be singular, and whether f has been found
    // not finite there: from then on the rule does without f at that end.
    private readonly double lower, upper;
    private bool singularAtLower, singularAtUpper;

    /// <param name="sampler">Evaluates f.</param>
    /// <param name="pole">The pole c.</param>
    /// <param name="lower">Lower end of the range the rule is applied in, where f may be singular (NaN: none).</param>
    /// <param name="upper">Upper end of that range (NaN: none).</param>
    public CauchyWeightRule(IntegrandSampler sampler, double pole, double lower = double.NaN, double upper = double.NaN)
    {
        this.sampler = sampler;
        this.pole = pole;
        this.lower = lower;
        this.upper = upper;
        kronrodReference = new double[kronrod.Points];
        kronrod.FillReferenceNodes(kronrodReference);
        kronrodX = new double[kronrod.Points];
        kronrodF = new double[kronrod.Points];
        kronrodD = new double[kronrod.Points];
    }

    // The nodes of the last Apply and |f| there (f itself, not f/(x − c)), for LastPeak and NearestNode.
    private readonly double[] seenX = new double[ChebyshevPoints];
    private readonly double[] seenF = new double[ChebyshevPoints];
    private int seenCount;

    /// <summary>The node of the last <see cref="Apply"/> where |f| (not f/(x − c)) was largest, and that value.</summary>
    public (double At, double Magnitude) LastPeak
    {
        get
        {
            int peak = -1;
            for (int i = 0; i < seenCount; i++)
            {
                if (peak < 0 || seenF[i] > seenF[peak])
                    peak = i;
            }

            return peak < 0 ? (double.NaN, 0.0) : (seenX[peak], seenF[peak]);
        }
    }

    /// <summary>The node of the last <see cref="Apply"/> nearest to <paramref name="point"/>: its distance and |f| there.</summary>
    public (double Distance, double Magnitude) NearestNode(double point)
    {
        int nearest = -1;
        for (int i = 0; i < seenCount; i++)
        {
            if (nearest < 0 || Math.Abs(seenX[i] - point) < Math.Abs(seenX[nearest] - point))
                nearest = i;
        }

        return nearest < 0 ? (double.NaN, 0.0) : (Math.Abs(seenX[nearest] - point), seenF[nearest]);
    }

    private void See(ReadOnlySpan<double> x, ReadOnlySpan<double> fx)
    {
        seenCount = 0;
        for (int i = 0; i < x.Length; i++)
        {
            seenX[seenCount] = x[i];
            seenF[seenCount++] = Math.Abs(fx[i]);
        }
    }

    /// <summary>When set, f found not finite at an end of the rule's range throws <see cref="SingularEndException"/>
    /// (after those evaluations are counted) instead of being worked around, so that the caller can split the
    /// range.</summary>
    public bool StopAtSingularEnd { get; init; }

    /// <summary>
    /// Estimates PV ∫_a^b f(x)/(x − c) dx. <c>Reliable</c> is true when the Kronrod rule was used and its
    /// error estimate did not saturate; only then does QUADPACK let the interval count towards roundoff
    /// detection (a Clenshaw–Curtis difference says little about roundoff).
    /// </summary>
    public (RuleEstimate Estimate, bool Reliable) Apply(double a, double b)
    {
        LastRoundingFloor = 0.0;
        double half = IntervalGeometry.HalfLength(a, b), centre = IntervalGeometry.Centre(a, b);
        // Distances from the pole to the ends, each rounded once. The pole's coordinate in [−1, 1] and the
        // weights 1/(x − c) are taken from them rather than from 2c − a − b or from the rounded nodes:
        // on an interval of width 1e-9 next to c ≈ 1 those carry absolute errors of 1e-16, i.e. relative
        // errors of 1e-7 that no error estimate sees. (Halves when a distance overflows.)
        double below = pole - a, above = b - pole, width = b - a;
        bool exact = double.IsFinite(below) && double.IsFinite(above) && double.IsFinite(width);
        double cc = exact ? (below - above) / width : (pole - centre) / half;
        if (Math.Abs(cc) >= 1.1)
        {
            bool resolved = IntervalGeometry.PlaceNodes(a, b, centre, half, kronrodReference, kronrodX);
            // On an interval narrower than the normal range (next to a subnormal pole: QAWC on [0, 2c] for c = 1e-320) the
            // products (1 ± t)·half land on the subnormal grid, a few thousand steps across the interval, and the weights
            // 1/(x − c) were off by 1e-4 relative: PV ∫_0^1 eˣ/(x − c) dx for c = 1e-320 … 1e-315 ended BadIntegrandBehaviour
            // (738.14535523686845 ± 0.06 for the true 738.14514304242831 at c = 1e-320; SciPy returns NaN). The distances are
            // then taken with the width scaled by a power of two (exact) into [1/4, 1/2), which the weights' exponent undoes.
            int distanceScale = resolved && exact && IntervalGeometry.IsTiny(a, b) ? -Math.ILogB(width) - 2 : 0;
            double halfD = distanceScale == 0 ? half : 0.5 * Math.ScaleB(width, distanceScale);
            double belowD = Math.ScaleB(below, distanceScale), aboveD = Math.ScaleB(above, distanceScale);
            for (int i = 0; i < kronrodX.Length; i++)
            {
                double t = kronrodReference[i];
                // x − c measured from the nearer end of the interval, so that it is accurate to a rounding
                // of itself however close the pole is (f itself is smooth and does not mind the rounded x).
                kronrodD[i] = !exact ? kronrodX[i] - pole : t <= 0.0 ? (1.0 + t) * halfD - belowD : aboveD - (1.0 - t) * halfD;
            }

            sampler.Evaluate(kronrodX, kronrodF);
            See(kronrodX, kronrodF);
            KeepKronrodForEndGap(a, b, half, resolved && distanceScale == 0);
            // The nodes' rounding moves f, not the weight (the distances are exact): the variation of f times the largest
            // weight 1/|x − c| (see GaussKronrodRule.NodeRounding).
            double nearestDistance = double.PositiveInfinity;
            foreach (double d in kronrodD)
                nearestDistance = Math.Min(nearestDistance, Math.Abs(d));
            double rounding = resolved && distanceScale == 0
                ? GaussKronrodRule.NodeRounding(kronrod.RoundingSpread(kronrodF), a, b, 1.0 / nearestDistance)
                : 0.0;
            // The values are f/(x − c)·2^-distanceScale, times 2^exponent; halfD is half·2^distanceScale: the two cancel.
            int exponent = WeightByPole(kronrodD, kronrodF);
            RuleEstimate weighted = kronrod.Combine(kronrodF, halfD, exponent);
            if (!resolved)
                weighted = IntervalGeometry.Unresolved(weighted, kronrodF, Math.ScaleB(half, exponent), a, b);
            else if (rounding > weighted.Error)
                weighted = weighted with { Error = rounding };
            // |Kronrod − Gauss| is the top Legendre coefficient alone, and an f singular inside the interval (log|x − s|
            // with s between the nodes, off the pole) can make it small by chance (GaussKronrodRule.AliasingError): PV ∫
            // log|x − s|/(x − c) dx over [−0.88, 1.42], c = 0.67867, s = c + 1e-4, ended Converged with an error 18 times
            // too small, all of it from the 1.1e-11 wide piece around s (7.8e-9 against a claimed 1.5e-11).
            if (resolved)
            {
                double aliasing = Math.ScaleB(kronrod.AliasingError(kronrodF, halfD), exponent);
                if (aliasing > weighted.Error && aliasing > GaussKronrodRule.AliasingOverRounding * rounding)
                    weighted = weighted with { Error = aliasing };
            }

            return (weighted, !weighted.ErrorIsSaturated);
        }

        IntervalGeometry.PlaceNodes(a, b, centre, half, Cosines.AsSpan(0, ChebyshevPoints), chebyshevX);
        bool interior = SampleChebyshevPoints(a, b);
        KeepChebyshevCentre(centre);
        KeepChebyshevEnds(a, b, interior);
        int from = interior ? 1 : 0, to = interior ? Degree - 1 : Degree;
        See(chebyshevX.AsSpan(from, to - from + 1), chebyshevF.AsSpan(from, to - from + 1));
        // Values near double.MaxValue would overflow the coefficient sums: work with f·2^-64 and scale the
        // result back (exactly; a result beyond double range then comes back as ±∞).
        int scale = 0;
        for (int k = from; k <= to; k++)
        {
            if (Math.Abs(chebyshevF[k]) > GaussKronrodRule.LargestUnscaled)
                scale = 64;
        }

        if (scale != 0)
        {
            for (int k = from; k <= to; k++)
                chebyshevF[k] = Math.ScaleB(chebyshevF[k], -scale);
        }

        double largestSample = 0.0;
        for (int k = from; k <= to; k++)
            largestSample = Math.Max(largestSample, Math.Abs(chebyshevF[k]));

        int high = Degree, low = 12;
        if (interior)
        {
            InteriorChebyshevCoefficients.Compute(chebyshevF, coefficients24, coefficients12);
            (high, low) = (InteriorChebyshevCoefficients.HighDegree, InteriorChebyshevCoefficients.LowDegree);
        }
        else
        {
            ChebyshevCoefficients(chebyshevF, coefficients24, coefficients12);
        }

        // Modified moments M_k = PV ∫_{-1}^{1} T_k(t)/(t − cc) dt by forward recursion:
        // M_0 = log|(1 − cc)/(1 + cc)|, M_1 = 2 + cc·M_0,
        // M_{k+1} = 2cc·M_k − M_{k−1} − [k even]·4/(k² − 1)  (from T_{k+1} = 2tT_k − T_{k−1} and ∫T_k).
        // (1 − cc)/(1 + cc) = (b − c)/(c − a), taken from the distances: QUADPACK's form loses the
        // digits of 1 + cc when c is close to a (c = 1e-5 on [0, 1] gives an error of 1e-12 that the
        // degree-12/24 difference, 4e-15, does not see).
        if (!exact)
        {
            above = 0.5 * b - 0.5 * pole;
            below = 0.5 * pole - 0.5 * a;
        }

        double m0 = Math.Log(Math.Abs(above / below));
        double m1 = 2.0 + cc * m0;
        moments[0] = m0;
        moments[1] = m1;
        double result12 = coefficients12[0] * m0 + coefficients12[1] * m1;
        double result24 = coefficients24[0] * m0 + coefficients24[1] * m1;
        double magnitude = Math.Abs(coefficients24[0] * m0) + Math.Abs(coefficients24[1] * m1);
        double squaredMoments = m0 * m0 + m1 * m1;
        // Σ_{k>12}|c_k M_k|, the tail's part of the sum, for the bound on an f that is not smooth (below).
        double tailMagnitude = 0.0;
        for (int k = 1; k < high; k++)
        {
            double m2 = 2.0 * cc * m1 - m0;
            if ((k & 1) == 0)
                m2 -= 4.0 / ((double)k * k - 1.0);
            if (k + 1 <= low)
                result12 += coefficients12[k + 1] * m2;
            result24 += coefficients24[k + 1] * m2;
            magnitude += Math.Abs(coefficients24[k + 1] * m2);
            if (k + 1 > low)
                tailMagnitude += Math.Abs(coefficients24[k + 1] * m2);
            squaredMoments += m2 * m2;
            moments[k + 1] = m2;
            m0 = m1;
            m1 = m2;
        }

        // The substitution x = centre + half·t turns dx/(x − c) into dt/(t − cc): no Jacobian factor.
        // The degree-12/24 difference can be exactly 0 (f constant); the sum of 25 terms still carries
        // roundoff, of the order of a few ε times the sum of their magnitudes; 10ε·Σ|term| bounds it
        // (QUADPACK's Kronrod rule uses a floor of 50ε·∫|f| for the same reason).
        double difference = Math.Abs(result24 - result12) * (interior ? InteriorChebyshevCoefficients.ErrorSafety : 1.0);
        double error = Math.Max(difference, 10.0 * RuleEstimate.Epsilon * magnitude);
        // That floor scales with the terms as computed, but each coefficient carries the rounding of f's values and of
        // the transform, up to about ε·max|f| whatever its own size, and a coefficient that should vanish meets its
        // moment all the same. With c at the centre M_0 = 0, so a large constant part of f drops out of Σ|c_k M_k|:
        // PV ∫_{−1}^{1} (1000 + eˣ)/x dx was Converged 2.1145017507517538 ± 2.7e-14 on one rule (true
        // 2.1145017507514572, off by 3.0e-13 = 1.3ε·1000), and 1e6·cos x + eˣ off by 1.6e-10 for ± 3.1e-11. Random
        // roundings add like a root sum of squares: the estimate covers ε·max|f|·√(Σ M_k²) (about 5.5ε·1000 there).
        error = Math.Max(error, RuleEstimate.Epsilon * largestSample * Math.Sqrt(squaredMoments));
        // An interval far too wide for f (cos(200x) over 0.3 of [0, 1]) aliases both interpolants, and their
        // difference can be small by chance (QUADPACK claimed 0.053 for a true error of 1.46): when the series has
        // not started to decay, the error is taken as the size of the whole sum, Σ|c_k M_k|. (Not with the interior
        // points, used only where f is singular at an end, whose series decays slowly by nature.)
        if (!interior && ChebyshevResolution.IsUnresolved(coefficients24))
            error = Math.Max(error, magnitude);
        // The degree-12/24 difference presumes f analytic on the interval, its Chebyshev series decaying geometrically so
        // that the degree-24 result is far better than the degree-12 one. An f with a point of its own where it is not
        // smooth near the pole (√|x − s|, |x − s|^1.5, s close to c) has a series that decays algebraically, both results
        // are about equally far off, and their difference can be small by chance: PV ∫ √|x − s|/(x − c) dx over
        // [−0.5056779603492336, 0.33384813220563414], c = −0.3173821471863172, s = c + 2.6e-6, at relTol 1e-4 was
        // Converged 0.71942581798692 ± 2.4e-5 in 65 evaluations for the true 0.74102464981954 (SciPy's QAWC alike).
        // The tail's shape tells the two apart, as for QAWO: Σ_{k=18..22}|c_k| / Σ_{k=13..17}|c_k| is ρ^-5 for a geometric
        // decay ρ^-k (below 0.05 for an f analytic well beyond the interval) and 0.3 … 0.9 for an algebraic one; from
        // 0.1 to 0.3 the bound TailFactor·Σ_{k>12}|c_k M_k| is ramped in (rounding taken off the coefficients first, so
        // that a tail all noise weighs nothing). For bounded f = |x − s|^q, q = 0.25 … 2.5, with s anywhere in the
        // interval, the true error of one rule stayed within 2.6 times that tail sum. (Not with the interior points: their
        // series, for an f singular at an end, decays slowly by nature and has its own safety factor.)
        if (!interior)
        {
            double weight = ChebyshevTailShape.NotSmoothWeight(coefficients24, low, a, b, half, largestSample);
            error = Math.Max(error, weight * ChebyshevTailShape.TailFactor * tailMagnitude);
            // The points are doubles: f varying on a scale far below |x| moves with their rounding (NodeRounding's remarks).
            double rounding = ChebyshevNodeRounding(a, b, half);
            error = Math.Max(error, rounding);
            LastRoundingFloor = Math.ScaleB(rounding, scale);
        }

        // ∫|f| and ∫|f − mean| have no meaning for this rule and QAWC never asks for them.
        return (new RuleEstimate(Math.ScaleB(result24, scale), Math.ScaleB(error, scale), double.NaN, double.NaN), false);
    }

    /// <summary>
    /// Evaluates f at the 25 Chebyshev points of [a, b] into chebyshevF, and returns true when the rule has to do
    /// without the two end points: f was found not finite at an end of the rule's range (log x at 0) now or on an
    /// earlier interval touching it. Only the 23 interior points are evaluated then.
    /// </summary>
    private bool SampleChebyshevPoints(double a, double b)
    {
        bool atLower = a == lower, atUpper = b == upper;
        if ((atLower && singularAtLower) || (atUpper && singularAtUpper))
        {
            sampler.Evaluate(chebyshevX.AsSpan(1, Degree - 1), chebyshevF.AsSpan(1, Degree - 1));
            return true;
        }

        // chebyshevX[0] is the upper end b, chebyshevX[24] the lower end a.
        (bool first, bool last) = sampler.EvaluateToleratingEnds(chebyshevX, chebyshevF, tolerateFirst: atUpper, tolerateLast: atLower);
        singularAtUpper |= first;
        singularAtLower |= last;
        if ((first || last) && StopAtSingularEnd)
            throw new SingularEndException();
        return first || last;
    }

    /// <summary>
    /// Replaces f(x[i]) by f(x[i])/(x[i] − c), given the distances x[i] − c, in scaled form when the
    /// quotients would overflow (f = 1e300 at a distance 1e-300 from the pole: the integrand is 1e600
    /// there, its integral is not) or underflow (1e-300 at a distance 1e283), and returns the exponent e
    /// such that the true values are fx[i]·2^e.
    /// </summary>
    private static int WeightByPole(ReadOnlySpan<double> distances, Span<double> fx)
    {
        double largestF = 0.0, nearest = double.PositiveInfinity;
        bool plain = true;
        for (int i = 0; i < fx.Length; i++)
        {
            double distance = distances[i];
            double w = fx[i] / distance;
            plain &= double.IsFinite(w) && Math.Abs(w) <= GaussKronrodRule.LargestUnscaled
                && (fx[i] == 0.0 || Math.Abs(w) >= GaussKronrodRule.SmallestUnscaled);
            largestF = Math.Max(largestF, Math.Abs(fx[i]));
            nearest = Math.Min(nearest, Math.Abs(distance));
        }

        if (plain || largestF == 0.0)
        {
            for (int i = 0; i < fx.Length; i++)
                fx[i] /= distances[i];
            return 0;
        }

        // (f/F)·(D/(x − c)) has both factors in [−1, 1]; the true value is that times F/D, kept as a
        // mantissa in [0.5, 2] and a power of two.
        int exponentF = Math.ILogB(largestF), exponentD = Math.ILogB(nearest);
        double mantissa = Math.ScaleB(largestF, -exponentF) / Math.ScaleB(nearest, -exponentD);
        for (int i = 0; i < fx.Length; i++)
            fx[i] = fx[i] / largestF * (nearest / distances[i]) * mantissa;
        return exponentF - exponentD;
    }

    /// <summary>
    /// Chebyshev coefficients of the interpolants of degree 24 (all 25 points) and 12 (every second
    /// point), with the first and last coefficients already halved, so that p(t) = Σ c_k T_k(t).
    /// c_k = (2/N) Σ''_j f_j cos(jkπ/N), the double prime halving the end terms.
    /// </summary>
    internal static void ChebyshevCoefficients(ReadOnlySpan<double> f, Span<double> c24, Span<double> c12)
    {
        for (int k = 0; k <= Degree; k++)
        {
            double sum = 0.5 * (f[0] + ((k & 1) == 0 ? f[Degree] : -f[Degree]));
            for (int j = 1; j < Degree; j++)
                sum += f[j] * Cosines[(j * k) % 48];
            c24[k] = sum * (2.0 / Degree);
        }

        for (int k = 0; k <= 12; k++)
        {
            double sum = 0.5 * (f[0] + ((k & 1) == 0 ? f[Degree] : -f[Degree]));
            for (int j = 1; j < 12; j++)
                sum += f[2 * j] * Cosines[(2 * j * k) % 48];
            c12[k] = sum * (2.0 / 12);
        }

        c24[0] *= 0.5;
        c24[Degree] *= 0.5;
        c12[0] *= 0.5;
        c12[12] *= 0.5;
    }

    /// <summary>cos(kπ/24) for k = 0..47, with the values that are exact by symmetry made exact.</summary>
    private static double[] BuildCosines()
    {
        var c = new double[48];
        for (int k = 0; k < 48; k++)
            c[k] = Math.Cos(k * Math.PI / 24.0);
        c[12] = 0.0;
        c[36] = 0.0;
        c[24] = -1.0;
        return c;
    }
}
