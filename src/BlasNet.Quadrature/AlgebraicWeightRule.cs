namespace BlasNet.Quadrature;

/// <summary>
/// QUADPACK's QC25S for the weight (x − a)^α (b − x)^β, optionally times log(x − a), log(b − x) or both, on a
/// subinterval [l, r] of [a, b] (Piessens et al., 1983). On a subinterval that touches a singular end (a with
/// α ≠ 0 or a log there; b likewise) the smooth rest of the integrand is interpolated at the 25 Chebyshev points
/// and its Chebyshev series integrated exactly against the singular factor (modified Clenshaw–Curtis with the
/// modified moments ∫_{−1}^{1} (1 ± t)^γ T_k(t) dt and ∫_{−1}^{1} (1 ± t)^γ log((1 ± t)/2) T_k(t) dt); the error
/// estimate is the difference of the degree-12 and degree-24 results, or the size of the whole sum when the degree-24
/// series has not started to decay (<see cref="ChebyshevResolution"/>: both results aliased). Elsewhere the whole weighted integrand is
/// smooth and the 15-point Gauss–Kronrod rule is used.
/// </summary>
/// <remarks>
/// The Chebyshev points include the ends of the subinterval. Where f itself is not finite at a or b (log x at 0),
/// the rule drops the end points from then on and interpolates at the 23 interior points instead
/// (<see cref="InteriorChebyshevCoefficients"/>), so that such an f is integrated (by bisection towards the
/// singular end) instead of stopping the run.
/// </remarks>
internal sealed partial class AlgebraicWeightRule
{
    private const int Points = 25;

    private static readonly double[] ChebyshevNodes = [.. Enumerable.Range(0, Points).Select(k => Math.Cos(k * Math.PI / 24.0))];

    private readonly IntegrandSampler sampler;
    private readonly double a, b, alpha, beta;
    private readonly bool logA, logB;
    private readonly double[] momentsA, momentsB;
    private readonly double[]? logMomentsA, logMomentsB;
    // Whether the moments at a (at b) are those of ((1 ± t)/2)^γ, without the factor 2^(γ+1): see ScaledExponent.
    private readonly bool scaledA, scaledB;
    private readonly GaussKronrodRule kronrod = GaussKronrodRule.Kronrod15;
    private readonly double[] kronrodReference;
    private readonly double[] kronrodX, kronrodF;
    private readonly double[] x = new double[Points], fx = new double[Points];
    private readonly double[] cHigh = new double[Points], cLow = new double[13];
    // Set once f has been found not finite at a (or b): the rule then never samples that end again.
    private bool singularFA, singularFB;

    public AlgebraicWeightRule(IntegrandSampler sampler, double a, double b, double alpha, double beta, LogAt? log = null)
    {
        this.sampler = sampler;
        this.a = a;
        this.b = b;
        this.alpha = alpha;
        this.beta = beta;
        logA = log is LogAt.A or LogAt.Both;
        logB = log is LogAt.B or LogAt.Both;
        scaledA = alpha + 1.0 > ScaledExponent;
        scaledB = beta + 1.0 > ScaledExponent;
        momentsA = Moments(alpha, scaledA);
        if (logA)
            logMomentsA = LogMoments(alpha, momentsA, scaledA);
        double[] plainB = Moments(beta, scaledB);
        if (logB)
            logMomentsB = Reflected(LogMoments(beta, plainB, scaledB));
        // ∫(1 − t)^β T_k(t) dt = (−1)^k ∫(1 + s)^β T_k(s) ds (t = −s, T_k(−s) = (−1)^k T_k(s)).
        momentsB = Reflected(plainB);
        kronrodReference = new double[kronrod.Points];
        kronrod.FillReferenceNodes(kronrodReference);
        kronrodX = new double[kronrod.Points];
        kronrodF = new double[kronrod.Points];
    }

    /// <summary>
    /// I_k = ∫_{−1}^{1} (1 + t)^γ T_k(t) dt for k = 0..24: I_0 = 2^{γ+1}/(γ + 1), I_1 = I_0·γ/(γ + 2) and, from
    /// T_{k+1} = 2tT_k − T_{k−1} integrated by parts, (k − 1)(k + γ + 1)·I_k = −2^{γ+1} − k(k − γ − 2)·I_{k−1}
    /// (QUADPACK's QMOMO).
    /// </summary>
    internal static double[] Moments(double gamma) => Moments(gamma, scaled: false);

    /// <summary>
    /// Exponents γ + 1 above this (2^500) get the moments of ((1 ± t)/2)^γ, which are I_k/2^(γ+1): 2^(γ+1) itself
    /// overflows from γ = 1023 on (∫_0^1 x^10000 dx = 1/10001 ended Overflow, then MaxIntervalsReached ± 2.8e306), and the
    /// factor half^(γ+1) underflows; the rule then multiplies by (r − l)^(γ+1) in a range-safe way instead.
    /// </summary>
    internal const double ScaledExponent = 500.0;

    /// <summary><see cref="Moments(double)"/>, divided by 2^(γ+1) when <paramref name="scaled"/>.</summary>
    internal static double[] Moments(double gamma, bool scaled)
    {
        var m = new double[Points];
        double power = scaled ? 1.0 : Math.Pow(2.0, gamma + 1.0);
        m[0] = power / (gamma + 1.0);
        m[1] = m[0] * gamma / (gamma + 2.0);
        for (int k = 2; k < Points; k++)
            m[k] = -(power + k * (k - gamma - 2.0) * m[k - 1]) / ((k - 1.0) * (k + gamma + 1.0));
        return m;
    }

    /// <summary>
    /// G_k = ∫_{−1}^{1} (1 + t)^γ log((1 + t)/2) T_k(t) dt for k = 0..24, given I_k = <see cref="Moments(double)"/>(γ).
    /// G_k = ∂I_k/∂γ − ln 2·I_k, so differentiating the recurrence for I_k in γ (the ln 2 terms cancel by that
    /// recurrence) gives (k − 1)(k + γ + 1)·G_k = −k(k − γ − 2)·G_{k−1} + k·I_{k−1} − (k − 1)·I_k; with
    /// u = (1 + t)/2, G_0 = 2^{γ+1}∫_0^1 u^γ ln u du = −I_0/(γ + 1), and t = (1 + t) − 1 gives
    /// G_1 = −2^{γ+2}/(γ + 2)² − G_0 (QUADPACK's QMOMO computes the same).
    /// </summary>
    internal static double[] LogMoments(double gamma, double[] moments) => LogMoments(gamma, moments, scaled: false);

    /// <summary><see cref="LogMoments(double, double[])"/>, divided by 2^(γ+1) when <paramref name="scaled"/> (as the
    /// <paramref name="moments"/> then are).</summary>
    internal static double[] LogMoments(double gamma, double[] moments, bool scaled)
    {
        var g = new double[Points];
        double power = scaled ? 1.0 : Math.Pow(2.0, gamma + 1.0);
        g[0] = -moments[0] / (gamma + 1.0);
        g[1] = -2.0 * power / ((gamma + 2.0) * (gamma + 2.0)) - g[0];
        for (int k = 2; k < Points; k++)
            g[k] = (-k * (k - gamma - 2.0) * g[k - 1] + k * moments[k - 1] - (k - 1.0) * moments[k]) / ((k - 1.0) * (k + gamma + 1.0));
        return g;
    }

    private static double[] Reflected(double[] moments)
    {
        var m = (double[])moments.Clone();
        for (int k = 1; k < m.Length; k += 2)
            m[k] = -m[k];
        return m;
    }

    /// <summary>Estimates ∫_l^r w(x) f(x) dx.</summary>
    public RuleEstimate Apply(double l, double r)
    {
        // Not 0.5·(l + r) and 0.5·(r − l): on [−1e308, 1e308] those overflow and every node would be ±∞.
        double centre = IntervalGeometry.Centre(l, r), half = IntervalGeometry.HalfLength(l, r);
        bool atA = l == a && (alpha != 0.0 || logA), atB = r == b && (beta != 0.0 || logB);
        if (atA && atB)
            throw new InvalidOperationException("The driver splits [a, b] before applying the rule.");
        if (atA || atB)
            return ModifiedClenshawCurtis(l, r, centre, half, atA);

        bool resolved = IntervalGeometry.PlaceNodes(l, r, centre, half, kronrodReference, kronrodX);
        sampler.Evaluate(kronrodX, kronrodF);
        KeepKronrodForEndGap(l, r, half, resolved);
        double shift = 0.0;
        for (int i = 0; i < kronrodX.Length; i++)
        {
            if (resolved)
                shift = Math.Max(shift, Math.Abs(kronrodF[i] * WeightDerivative(kronrodX[i])) * NodeRounding(l, r, kronrodReference[i], kronrodX[i]));
            kronrodF[i] *= Weight(kronrodX[i]);
        }

        RuleEstimate e = IntervalGeometry.IsTiny(l, r) ? IntervalGeometry.CombineTiny(kronrod, kronrodF, l, r) : kronrod.Combine(kronrodF, half);
        if (!resolved)
            return IntervalGeometry.Unresolved(e, kronrodF, half, l, r);
        // The weights of the rule add up to 2. The distances t − a and b − t are rounded too (half an ulp, relative), which
        // a power γ turns into γ times that: (x + 1)^1000 (1 − x)^1000 on [−1, 1] was Converged 0.05602890438842267
        // ± 6.5e-16, 8.8e-16 off, for the relative tolerance 1e-12 (the 50ε·∫|w·f| floor covers |α| + |β| up to 200).
        double rounding = Math.Max(2.0 * half * shift, DistanceRounding * (Math.Abs(alpha) + Math.Abs(beta)) * e.AbsIntegral);
        return rounding > e.Error ? new RuleEstimate(e.Value, rounding, e.AbsIntegral, e.AscIntegral) : e;
    }

    /// <summary>
    /// True when the weight is regular at the lower limit (α = 0, no log there), so that the subintervals touching
    /// it use the Gauss–Kronrod rule on w·f and a singularity of f there is left to bisection.
    /// </summary>
    public bool PlainAtA => alpha == 0.0 && !logA;

    /// <summary>True when the weight is regular at the upper limit (β = 0, no log there).</summary>
    public bool PlainAtB => beta == 0.0 && !logB;

    /// <summary>The whole weight at an interior point.</summary>
    private double Weight(double t)
    {
        double w = PowerOfDistance(a, t, alpha) * PowerOfDistance(t, b, beta);
        if (logA)
            w *= IntervalGeometry.LogDistance(t, a);
        if (logB)
            w *= IntervalGeometry.LogDistance(b, t);
        return w;
    }

    /// <summary>
    /// The weight's derivative at an interior point t. The nodes are rounded to doubles, up to half an ulp of |t|, and on
    /// an interval short next to its distance from 0 that is a sizable part of it: where the weight is steep there
    /// (∫_{−1}^{−0.9966} (x + 1)^5 e^(−50.62x²) dx, whose right half is Gauss–Kronrod on w·f), the samples moved the
    /// result by 1.05e-13 relative under a claimed 1.1e-14. |f·w'|·(node shift) bounds what each sample is off by.
    /// </summary>
    private double WeightDerivative(double t)
    {
        double da = t - a, db = b - t;
        double power = PowerOfDistance(a, t, alpha) * PowerOfDistance(t, b, beta);
        double la = logA ? Math.Log(da) : 1.0, lb = logB ? Math.Log(db) : 1.0;
        double d = power * ((alpha / da - beta / db) * la * lb + (logA ? lb / da : 0.0) - (logB ? la / db : 0.0));
        return double.IsFinite(d) ? d : 0.0;
    }

    /// <summary>
    /// How far the double <paramref name="x"/> lies from the node (l + r)/2 + (r − l)/2·<paramref name="reference"/> it
    /// stands for (the rounding of the centre, the half-length, their product and sum).
    /// </summary>
    private static double NodeRounding(double l, double r, double reference, double x)
    {
        (double centreHigh, double centreLow) = IntervalGeometry.ExactCentre(l, r);
        (double halfHigh, double halfLow) = IntervalGeometry.ExactHalfLength(l, r);
        double product = halfHigh * reference;
        double productError = Math.FusedMultiplyAdd(halfHigh, reference, -product);
        (double sum, double sumError) = IntervalGeometry.TwoSum(centreHigh, product);
        double shift = Math.Abs((sum - x) + sumError + productError + centreLow + halfLow * reference);
        return double.IsFinite(shift) ? shift : 0.0;
    }

    /// <summary>
    /// (to − from)^γ for from ≤ to. The difference overflows on ranges wider than double.MaxValue ([−1e308, 1e308]),
    /// and Math.Pow(∞, −0.5) = 0 would silently drop the weight: then (2·d/2)^γ = 2^γ·(d/2)^γ.
    /// </summary>
    private static double PowerOfDistance(double from, double to, double gamma)
    {
        double distance = to - from;
        return double.IsFinite(distance)
            ? Math.Pow(distance, gamma)
            : Math.Pow(2.0, gamma) * Math.Pow(0.5 * to - 0.5 * from, gamma);
    }

    private RuleEstimate ModifiedClenshawCurtis(double l, double r, double centre, double half, bool atA)
    {
        bool resolved = IntervalGeometry.PlaceNodes(l, r, centre, half, ChebyshevNodes, x);
        // The Chebyshev points include l and r: x[0] = r, x[24] = l exactly.
        x[0] = r;
        x[Points - 1] = l;
        // The singular end is x[24] = a when atA, x[0] = b when atB.
        bool interior = atA ? singularFA : singularFB;
        if (interior)
        {
            sampler.Evaluate(x.AsSpan(1, Points - 2), fx.AsSpan(1, Points - 2));
        }
        else
        {
            (bool first, bool last) = sampler.EvaluateToleratingEnds(x, fx, tolerateFirst: !atA, tolerateLast: atA);
            if (first || last)
            {
                interior = true;
                if (atA)
                    singularFA = true;
                else
                    singularFB = true;
            }
        }

        KeepChebyshevValues(centre, interior);
        int from = interior ? 1 : 0, to = interior ? Points - 2 : Points - 1;
        double shift = 0.0;
        for (int k = from; k <= to; k++)
        {
            if (resolved && k > 0 && k < Points - 1)
                shift = Math.Max(shift, Math.Abs(fx[k] * RegularDerivative(x[k], atA)) * NodeRounding(l, r, ChebyshevNodes[k], x[k]));
            // The regular factor of the weight, from the distance to the far end (never 0 here).
            fx[k] *= atA ? Regular(PowerOfDistance(x[k], b, beta), logB, b, x[k]) : Regular(PowerOfDistance(a, x[k], alpha), logA, x[k], a);
        }

        // Samples beyond 2^500 (a regular factor (b − x)^400 on [0, 4]) are scaled down by a power of two, undone on the
        // result: their Chebyshev terms times the moments (up to 2^(γ+1)) would overflow whatever the length.
        double largestSample = 0.0;
        for (int k = from; k <= to; k++)
            largestSample = Math.Max(largestSample, Math.Abs(fx[k]));
        int sampleScale = largestSample > LargeSample && double.IsFinite(largestSample) ? Math.ILogB(largestSample) : 0;
        if (sampleScale != 0)
        {
            for (int k = from; k <= to; k++)
                fx[k] = Math.ScaleB(fx[k], -sampleScale);
            shift = Math.ScaleB(shift, -sampleScale);
        }

        int high, low;
        if (interior)
        {
            InteriorChebyshevCoefficients.Compute(fx, cHigh, cLow);
            (high, low) = (InteriorChebyshevCoefficients.HighDegree, InteriorChebyshevCoefficients.LowDegree);
        }
        else
        {
            CauchyWeightRule.ChebyshevCoefficients(fx, cHigh, cLow);
            (high, low) = (Points - 1, 12);
        }

        double[] moments = atA ? momentsA : momentsB;
        (double result, double lower, double magnitude) = Series(moments, high, low);
        double error = Math.Abs(result - lower);
        double weightIntegral = moments[0]; // ∫(1 ± t)^γ dt, then with the log when there is one
        double[]? logMoments = atA ? logMomentsA : logMomentsB;
        if (logMoments is not null)
        {
            // x − a = (r − l)(1 + t)/2 (and b − x = (r − l)(1 − t)/2), so the log at the singular end is
            // log(r − l) + log((1 ± t)/2): the first part multiplies the plain moments, the second has its own.
            double dc = IntervalGeometry.IsTiny(l, r) ? Math.Log(r - l) : Math.Log(half) + Math.Log(2.0);
            (double logResult, double logLower, double logMagnitude) = Series(logMoments, high, low);
            result = dc * result + logResult;
            error = Math.Abs(dc) * error + Math.Abs(logResult - logLower);
            magnitude = Math.Abs(dc) * magnitude + logMagnitude;
            weightIntegral = Math.Abs(dc) * moments[0] + Math.Abs(logMoments[0]);
        }

        if (interior)
            error *= InteriorChebyshevCoefficients.ErrorSafety;
        // Both interpolants aliased on an interval far too wide for f: their difference can be small by chance
        // (cos(200x) against x^-0.5 on [0, 1] in 2 to 4 pieces claimed 0.44 for a true error of 0.58); the size of
        // the whole sum is the honest estimate then (see ChebyshevResolution; not for the interior points, whose
        // series decays slowly by nature).
        else if (ChebyshevResolution.IsUnresolved(cHigh))
            error = Math.Max(error, magnitude);
        // An f with a kink or a step of its own in the end interval: see NotSmoothBound.
        if (!interior)
            error = Math.Max(error, NotSmoothBound(moments, logMoments, l, r, half, low, Math.ScaleB(largestSample, -sampleScale)));
        // x = centre + half·t maps (x − a)^α dx to half^{α+1} (1 + t)^α dt (and (b − x)^β likewise).
        // Below the normal range half is rounded (to 0 on [0, 4.9e-324]: the weight on [0, 1e-323] came out 0 ± 0, true
        // 4.8e-259 for α = β = −0.1); r − l is exact there, and (r − l)^p·2^−p loses nothing.
        double exponent = (atA ? alpha : beta) + 1.0;
        double factor = IntervalGeometry.IsTiny(l, r) ? Math.Pow(r - l, exponent) * Math.Pow(0.5, exponent) : Math.Pow(half, exponent);
        // The terms carry roundoff of a few ε times the sum of their magnitudes even when the two degrees agree
        // exactly (f constant); 10ε·Σ|term| bounds it, as in the Cauchy rule.
        error = Math.Max(error, 10.0 * RuleEstimate.Epsilon * magnitude);
        // The rounded nodes move the samples of the regular factor by up to shift each (see WeightDerivative); the
        // Chebyshev interpolant's Lebesgue constant is below 3 for 25 points.
        error = Math.Max(error, 3.0 * weightIntegral * shift);
        // The regular factor's distance to the far end is rounded by half an ulp (relative), moved γ-fold by its power; the
        // rule sums the samples with weights of total about ∫(1 ± t)^γ dt (below the 10ε·Σ|term| floor for γ up to ~20).
        double regularExponent = Math.Abs(atA ? beta : alpha), largest = 0.0;
        for (int k = from; k <= to; k++)
            largest = Math.Max(largest, Math.Abs(fx[k]));
        error = Math.Max(error, weightIntegral * regularExponent * DistanceRounding * largest);
        if (!resolved)
        {
            // Too few doubles in [l, r] for distinct nodes: what f does between them is unknown, so the error is at
            // least the integral of |weight| (factor·weightIntegral) times the spread of the sampled values.
            error = Math.Max(error, weightIntegral * IntervalGeometry.Spread(fx.AsSpan(from, to - from + 1)));
        }

        double value, scaledError;
        if (atA ? scaledA : scaledB)
        {
            // The moments lack 2^(γ+1): the factor is (r − l)^(γ+1), which may lie outside the range of double on its
            // own ((0.5)^10001 for x^10000 on [0, 0.5]) while the products do not.
            double length = IntervalGeometry.IsTiny(l, r) ? r - l : 2.0 * half;
            (value, int roundings) = TimesPower(result, length, exponent, sampleScale);
            (scaledError, _) = TimesPower(error, length, exponent, sampleScale);
            // Each multiplication rounds once.
            scaledError += roundings * RuleEstimate.Epsilon * Math.Abs(value);
        }
        else
        {
            value = Math.ScaleB(factor * result, sampleScale);
            scaledError = Math.ScaleB(factor * error, sampleScale);
        }

        if ((!double.IsFinite(value) || !double.IsFinite(scaledError)) && resolved && PeakIsRepresentable(l, r, from, to, atA, sampleScale))
        {
            // The terms c_k·m_k overflow although w·f does not: a steep regular factor against a steep singular one
            // ((x(64 − x))^100 on [0, 64], 6.05e301, ended Overflow "the integral exceeds the range of double" from the
            // half [0, 32], whose terms reach 2^1205 and cancel). Nothing is known about this piece but that it is worth
            // bisecting: a finite, huge error makes it the worst, and its halves' factors half^(γ+1) shrink the terms.
            return new RuleEstimate(0.0, UnknownError, double.NaN, double.NaN);
        }

        return new RuleEstimate(value, scaledError, double.NaN, double.NaN);
    }

    /// <summary>
    /// v·base^p·2^scale without intermediate overflow or underflow: base^p is taken as (base^(p/2^j))^(2^j) with
    /// p/2^j exact and base^(p/2^j) well inside the range of double, the product kept as a mantissa and a power of two.
    /// Returns the value and the number of roundings it took.
    /// </summary>
    private static (double Value, int Roundings) TimesPower(double v, double @base, double p, int scale)
    {
        if (v == 0.0 || !double.IsFinite(v) || !(@base > 0.0) || !double.IsFinite(@base))
            return (Math.ScaleB(v * Math.Pow(@base, p), scale), 1);
        double bits = Math.Abs(p * Math.Log2(@base));
        int j = 0;
        while (bits > 512.0 && j < 60)
        {
            bits *= 0.5;
            j++;
        }

        double piece = Math.Pow(@base, Math.ScaleB(p, -j));
        int exponent = scale + Math.ILogB(v);
        double mantissa = Math.ScaleB(v, -Math.ILogB(v));
        long count = 1L << j;
        for (long i = 0; i < count; i++)
        {
            mantissa *= piece;
            int k = Math.ILogB(mantissa);
            mantissa = Math.ScaleB(mantissa, -k);
            exponent += k;
            if (exponent > 2100 || exponent < -2200)
                break;
        }

        return (Math.ScaleB(mantissa, Math.Clamp(exponent, -2200, 2100)), (int)Math.Min(count + 1, int.MaxValue));
    }

    /// <summary>The error of a piece whose series overflowed: finite, and small enough that a few of them add up to a
    /// finite sum.</summary>
    private const double UnknownError = double.MaxValue / 64.0;

    /// <summary>The relative rounding of a distance t − a or b − t (half an ulp) with that of its power: γ·this bounds the
    /// relative error of (t − a)^γ.</summary>
    private const double DistanceRounding = 0.5 * RuleEstimate.Epsilon;

    /// <summary>Samples above this (2^500) are summed scaled down.</summary>
    private const double LargeSample = 3.273390607896142e150;

    /// <summary>
    /// Whether (r − l)·max|w·f| over the nodes k = <paramref name="from"/>..<paramref name="to"/> (off the singular end) is
    /// below <see cref="UnknownError"/>: then an overflowing series is cancellation, not an integral beyond double range
    /// (for which the run should still end Overflow). fx holds f times the regular factor, scaled by 2^-sampleScale; the singular factor is added
    /// in logarithms so that it cannot overflow on the way.
    /// </summary>
    private bool PeakIsRepresentable(double l, double r, int from, int to, bool atA, int sampleScale)
    {
        double peak = double.NegativeInfinity;
        for (int k = Math.Max(from, 1); k <= Math.Min(to, Points - 2); k++)
        {
            double distance = atA ? x[k] - a : b - x[k];
            double gamma = atA ? alpha : beta;
            bool log = atA ? logA : logB;
            double logSize = Math.Log(Math.Abs(fx[k])) + gamma * Math.Log(distance) + (log ? Math.Log(Math.Abs(Math.Log(distance))) : 0.0);
            if (double.IsNaN(logSize))
                return false;
            peak = Math.Max(peak, logSize);
        }

        return peak + sampleScale * Math.Log(2.0) + Math.Log(r - l) < Math.Log(UnknownError);
    }

    /// <summary>The derivative of the regular factor of the weight (the far end's) at t, for <see cref="WeightDerivative"/>'s bound.</summary>
    private double RegularDerivative(double t, bool atA)
    {
        double d;
        if (atA)
        {
            double db = b - t, power = PowerOfDistance(t, b, beta);
            d = logB ? -power * (beta * Math.Log(db) + 1.0) / db : -power * beta / db;
        }
        else
        {
            double da = t - a, power = PowerOfDistance(a, t, alpha);
            d = logA ? power * (alpha * Math.Log(da) + 1.0) / da : power * alpha / da;
        }

        return double.IsFinite(d) ? d : 0.0;
    }

    private static double Regular(double power, bool log, double to, double from) =>
        log ? power * IntervalGeometry.LogDistance(to, from) : power;

    /// <summary>Σ c_k m_k to the high and to the low degree, and Σ|c_k m_k| (high).</summary>
    private (double High, double Low, double Magnitude) Series(double[] moments, int high, int low)
    {
        double sumHigh = 0.0, sumLow = 0.0, magnitude = 0.0;
        for (int k = 0; k <= high; k++)
        {
            double term = cHigh[k] * moments[k];
            sumHigh += term;
            magnitude += Math.Abs(term);
            if (k <= low)
                sumLow += cLow[k] * moments[k];
        }

        return (sumHigh, sumLow, magnitude);
    }
}
