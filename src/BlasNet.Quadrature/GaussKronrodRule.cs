namespace BlasNet.Quadrature;

/// <summary>
/// A symmetric Gauss–Kronrod pair on [−1, 1]: 2n + 1 Kronrod nodes, of which every second one (and, for
/// odd Gauss orders, the centre) is a Gauss node. The tables are QUADPACK's published values
/// (Piessens et al., 1983), entered as data.
/// </summary>
internal sealed partial class GaussKronrodRule
{
    private GaussKronrodRule(double[] nodes, double[] kronrodWeights, double centreKronrodWeight,
        double[] gaussWeights, double centreGaussWeight)
    {
        Nodes = nodes;
        KronrodWeights = kronrodWeights;
        CentreKronrodWeight = centreKronrodWeight;
        GaussWeights = gaussWeights;
        CentreGaussWeight = centreGaussWeight;
        tailRows = LegendreTailRows();
        topDifference = TopDifference();
    }

    // Rows of the map from the values at the nodes (FillReferenceNodes layout) to the Legendre coefficients c_k of their
    // interpolating polynomial, for the top 2·TailTerms degrees (k = Points − 2·TailTerms … Points − 1).
    private readonly double[][] tailRows;

    /// <summary>Degrees in each of the two groups of top Legendre coefficients compared by the smoothness test.</summary>
    private const int TailTerms = 4;

    /// <summary>Positive Kronrod abscissae, decreasing; the Gauss abscissae are those at odd indices.</summary>
    public double[] Nodes { get; }

    /// <summary>Kronrod weights of <see cref="Nodes"/> (each used for ±node).</summary>
    public double[] KronrodWeights { get; }

    /// <summary>Kronrod weight of the centre.</summary>
    public double CentreKronrodWeight { get; }

    /// <summary>Gauss weights of Nodes[1], Nodes[3], …</summary>
    public double[] GaussWeights { get; }

    /// <summary>Gauss weight of the centre (0 when the Gauss order is even).</summary>
    public double CentreGaussWeight { get; }

    /// <summary>Total number of points, 2·Nodes.Length + 1.</summary>
    public int Points => 2 * Nodes.Length + 1;

    /// <summary>The 21-point Kronrod extension of the 10-point Gauss rule (QUADPACK's QK21, used by QAGS
    /// and QAGP). The sixth weight is given to 30 digits as recomputed from the moment equations; it
    /// rounds to the same double as QUADPACK's table.</summary>
    public static GaussKronrodRule Kronrod21 { get; } = new(
        [
            0.995657163025808080735527280689003,
            0.973906528517171720077964012084452,
            0.930157491355708226001207180059508,
            0.865063366688984510732096688423493,
            0.780817726586416897063717578345042,
            0.679409568299024406234327365114874,
            0.562757134668604683339000099272694,
            0.433395394129247190799265943165784,
            0.294392862701460198131126603103866,
            0.148874338981631210884826001129720,
        ],
        [
            0.011694638867371874278064396062192,
            0.032558162307964727478818972459390,
            0.054755896574351996031381300244580,
            0.075039674810919952767043140916190,
            0.093125454583697605535065465083366,
            0.109387158802297641899210590325805,
            0.123491976262065851077958109831075,
            0.134709217311473325928054001771707,
            0.142775938577060080797094273138717,
            0.147739104901338491374841515972068,
        ],
        0.149445554002916905664936468389821,
        [
            0.066671344308688137593568809893332,
            0.149451349150580593145776339657697,
            0.219086362515982043995534934228163,
            0.269266719309996355091226921569469,
            0.295524224714752870173892994651338,
        ],
        0.0);

    /// <summary>The 15-point Kronrod extension of the 7-point Gauss rule (QUADPACK's QK15, used by QAGI
    /// and, with the Cauchy weight, by QAWC away from the pole).</summary>
    public static GaussKronrodRule Kronrod15 { get; } = new(
        [
            0.991455371120812639206854697526329,
            0.949107912342758524526189684047851,
            0.864864423359769072789712788640926,
            0.741531185599394439863864773280788,
            0.586087235467691130294144845693013,
            0.405845151377397166906606412076961,
            0.207784955007898467600689403773245,
        ],
        [
            0.022935322010529224963732008058970,
            0.063092092629978553290700663189204,
            0.104790010322250183839876322541518,
            0.140653259715525918745189590510238,
            0.169004726639267902826583426598550,
            0.190350578064785409913256402421014,
            0.204432940075298892414161999234649,
        ],
        0.209482141084727828012999174891714,
        [
            0.129484966168869693270611432679082,
            0.279705391489276667901467771423780,
            0.381830050505118944950369775488975,
        ],
        0.417959183673469387755102040816327);

    /// <summary>
    /// Fills <paramref name="t"/> with the reference nodes in the layout every caller uses: index 0 is the
    /// centre, 2j + 1 and 2j + 2 are −Nodes[j] and +Nodes[j].
    /// </summary>
    public void FillReferenceNodes(Span<double> t)
    {
        t[0] = 0.0;
        for (int j = 0; j < Nodes.Length; j++)
        {
            t[2 * j + 1] = -Nodes[j];
            t[2 * j + 2] = Nodes[j];
        }
    }

    /// <summary>
    /// Combines integrand values at the reference nodes (layout of <see cref="FillReferenceNodes"/>)
    /// into the Kronrod estimate on an interval of half-length <paramref name="halfLength"/>, with
    /// QUADPACK's error estimate.
    /// </summary>
    /// <remarks>
    /// The raw error |Kronrod − Gauss| is rescaled as QUADPACK does: multiplied by
    /// min(1, (200·err/resasc)^1.5) relative to resasc (the integral of |f − mean|), which makes it
    /// pessimistic for rough integrands and sharper for smooth ones, and never let below 50ε·∫|f|,
    /// since roundoff in the sums limits what can be claimed.
    /// </remarks>
    public RuleEstimate Combine(ReadOnlySpan<double> f, double halfLength) => Combine(f, halfLength, 0);

    /// <summary>
    /// Combines values given in scaled form, f[i]·2^<paramref name="exponent"/>, and returns the estimate
    /// of the unscaled integral. Callers whose integrand values would overflow before they reach the rule
    /// (f/(x − c) next to a pole, f/t² on a mapped infinite range) pass them this way, and so does a rule on an
    /// interval narrower than the normal range, which passes its width scaled up; a result that is itself beyond
    /// double range comes back as ±∞.
    /// </summary>
    /// <remarks>
    /// The weighted sums (weights add up to 2, ∫|f − mean| to up to 4·max|f|) would overflow for values near
    /// double.MaxValue although the integral itself may be representable (∫_0^1 1e308 dx): such values are summed
    /// scaled down by 2^64. Values below 2^-960 lose bits, or all of them, in the products with the weights (∫
    /// 4.9e-324 dx over [0, 1] came out 0 ± 0, and f/(x − c) scaled by a subnormal pole distance likewise): they are
    /// summed scaled up to 2^-960. Every scaling is a power of two, and all of them are undone by one final ScaleB,
    /// so that nothing is rounded twice; where that rounds the value (into the subnormal range) the error gains the
    /// ulp it lost, while the error itself is scaled to the nearest double (an error below the smallest subnormal
    /// cannot be told apart from 0).
    /// </remarks>
    public RuleEstimate Combine(ReadOnlySpan<double> f, double halfLength, int exponent)
    {
        double largest = 0.0;
        foreach (double v in f)
            largest = Math.Max(largest, Math.Abs(v));
        // Small values are scaled up only to 2^-960, not to 1: the sums are multiplied by the half-length, up to 9e307.
        int valueExponent = largest > LargestUnscaled ? 64 : largest < SmallestUnscaled && largest > 0.0 ? Math.ILogB(largest) + 960 : 0;
        RuleEstimate e;
        if (valueExponent == 0)
        {
            e = CombineUnscaled(f, halfLength);
        }
        else
        {
            Span<double> scaled = stackalloc double[f.Length];
            for (int i = 0; i < f.Length; i++)
                scaled[i] = Math.ScaleB(f[i], -valueExponent);
            e = CombineUnscaled(scaled, halfLength);
        }

        int total = exponent + valueExponent;
        if (total == 0)
            return e;
        double value = Math.ScaleB(e.Value, total);
        double error = Math.ScaleB(e.Error, total);
        if (total < 0 && Math.ScaleB(value, -total) != e.Value)
            error += double.Epsilon;
        return new RuleEstimate(value, error, Math.ScaleB(e.AbsIntegral, total), Math.ScaleB(e.AscIntegral, total));
    }

    /// <summary>
    /// √(Σ_k (½·(f(t_{k+1}) − f(t_k)))²) over the nodes in increasing order (layout of <see cref="FillReferenceNodes"/>): the
    /// nodes are doubles, each rounded by up to half an ulp of where the rule places it, and f moved by about |f'|·ulp/2
    /// there, the weighted change at one node about ½·|f(t_{k+1}) − f(t_k)| times the ulp. The roundings are independent,
    /// and they add up like a root sum of squares (a plain sum overstated them by an order of magnitude for an oscillating
    /// f, and failed runs that had met their tolerance).
    /// </summary>
    public double RoundingSpread(ReadOnlySpan<double> f)
    {
        int n = Nodes.Length;
        double largest = 0.0;
        foreach (double v in f)
            largest = Math.Max(largest, Math.Abs(v));
        if (!(largest > 0.0) || !double.IsFinite(largest))
            return 0.0;
        // Scaled by the largest value so that the squares neither overflow nor underflow.
        double total = 0.0, previous = f[1] / largest;
        for (int j = 1; j < n; j++)
        {
            double d = 0.5 * (f[2 * j + 1] / largest - previous);
            total += d * d;
            previous = f[2 * j + 1] / largest;
        }

        double centre = 0.5 * (f[0] / largest - previous);
        total += centre * centre;
        previous = f[0] / largest;
        for (int j = n - 1; j >= 0; j--)
        {
            double d = 0.5 * (f[2 * j + 2] / largest - previous);
            total += d * d;
            previous = f[2 * j + 2] / largest;
        }

        return Math.Sqrt(total) * largest;
    }

    /// <summary>
    /// The error the rounding of the nodes of [a, b] can cause, given <see cref="RoundingSpread"/> of the values
    /// (times <paramref name="factor"/>, a weight the caller applies to them): the spread times the spacing of the
    /// doubles at the end farther from 0. A feature of width w at x = c is sampled with relative errors up to about ε·|c|/w
    /// that |Kronrod − Gauss| does not see: ∫ 1/((x − 3.180672626932306)² + w²) dx, w = 1.458e-8, over [−0.454, 3.314] was
    /// Converged 215466122.44212663 ± 0.016 at tolerance 1e-10 for the true 215466121.74573465. 0 where it is not finite.
    /// </summary>
    public static double NodeRounding(double spread, double a, double b, double factor = 1.0)
    {
        double farthest = Math.Max(Math.Abs(a), Math.Abs(b));
        double ulp = farthest - Math.BitDecrement(farthest);
        double rounding = spread * ulp * factor;
        return double.IsFinite(rounding) ? rounding : 0.0;
    }

    /// <summary>Integrand values up to this size (2^1000, about 1e301) are summed as they are; larger ones
    /// are summed scaled by 2^-64 so that the weighted sums cannot overflow.</summary>
    internal const double LargestUnscaled = 1.0715086071862673e301; // 2^1000

    /// <summary>Weighted integrand values (f/(x − c), f/t²) below this size (2^-960, about 1e-289) are
    /// passed scaled, so that they do not underflow into the subnormal range or to 0 while the integral
    /// is representable (1e-300/(x − c) over [1e283, 1e300] is 1e-583 pointwise but 4e-299 in total).</summary>
    internal const double SmallestUnscaled = 1.0261342003245941e-289; // 2^-960

    private RuleEstimate CombineUnscaled(ReadOnlySpan<double> f, double halfLength)
    {
        double fc = f[0];
        double kronrod = CentreKronrodWeight * fc;
        double gauss = CentreGaussWeight * fc;
        double absSum = Math.Abs(kronrod);
        // Gauss nodes first, then the Kronrod-only ones: QUADPACK's summation order, so that results
        // agree with it to the last bit as far as possible.
        for (int j = 1; j < Nodes.Length; j += 2)
        {
            double f1 = f[2 * j + 1], f2 = f[2 * j + 2];
            double pair = f1 + f2;
            gauss += GaussWeights[j >> 1] * pair;
            kronrod += KronrodWeights[j] * pair;
            absSum += KronrodWeights[j] * (Math.Abs(f1) + Math.Abs(f2));
        }

        for (int j = 0; j < Nodes.Length; j += 2)
        {
            double f1 = f[2 * j + 1], f2 = f[2 * j + 2];
            kronrod += KronrodWeights[j] * (f1 + f2);
            absSum += KronrodWeights[j] * (Math.Abs(f1) + Math.Abs(f2));
        }

        double mean = 0.5 * kronrod;
        double ascSum = CentreKronrodWeight * Math.Abs(fc - mean);
        for (int j = 0; j < Nodes.Length; j++)
            ascSum += KronrodWeights[j] * (Math.Abs(f[2 * j + 1] - mean) + Math.Abs(f[2 * j + 2] - mean));

        double h = Math.Abs(halfLength);
        // Below the normal range each of the ~2·Points roundings of the sums is worth up to one subnormal
        // ulp (double.Epsilon), scaled by the half-length, plus one for the final product.
        double subnormalFloor = (2 * Points * Math.Max(1.0, h) + 1) * double.Epsilon;
        double raw = Math.Abs((kronrod - gauss) * halfLength);
        RuleEstimate e = RuleEstimate.WithQuadpackError(kronrod * halfLength, raw, absSum * h, ascSum * h, subnormalFloor);
        // QUADPACK shrinks |K − G| to resasc·(200·|K − G|/resasc)^1.5, below |K − G| once that is under 1.25e-7·resasc:
        // for an analytic f the Kronrod rule is then far more accurate than the Gauss rule. But resasc (∫|f − mean|) also
        // grows with a large smooth part of f that both rules integrate exactly, and a singular part of f that neither
        // resolves was shrunk with it: ∫_{−1}^{1} (1e10·x + ln|x − 0.3|) dx. The shrinking is kept only when the
        // Legendre coefficients of the values' interpolant decay like an analytic function's over the top degrees
        // (see AlgebraicTail); otherwise |K − G| stays the error.
        if (e.Error < raw && AlgebraicTail(f))
            e = e with { Error = raw };
        return e;
    }

    /// <summary>How far above the nodes' rounding term an <see cref="AliasingError"/> must be to count (for every rule that
    /// uses it): where the rounding makes the top coefficients noisy, the two are within a factor of about 3.</summary>
    public const double AliasingOverRounding = 16.0;

    /// <summary>
    /// An error for an interval on which the rule has not resolved <paramref name="f"/> (values at the nodes, layout of
    /// <see cref="FillReferenceNodes"/>, in the rule's variable on a half-length <paramref name="halfLength"/>) that does not
    /// rest on its top Legendre coefficient alone; 0 where the rule has resolved f or that coefficient is not small.
    /// </summary>
    /// <remarks>
    /// The Gauss rule integrates every Legendre polynomial below the top degree n − 1 exactly, so Kronrod − Gauss is
    /// κ·c_(n−1)·h, the top coefficient c_(n−1) of the values' interpolant times the rules' difference κ on P_(n−1). Where
    /// the coefficients do not decay (<see cref="AlgebraicTail"/>) and c_(n−1) happens to be far below the largest of the
    /// top degrees, |Kronrod − Gauss| is small by chance: 1e-12·cos(154x) on [0, 1] gave 2.2e-16 for a true error of
    /// 4.4e-15. The coefficients of a power or log singularity fall smoothly (c_(n−1) above a tenth of the largest top one),
    /// and then this is 0. Otherwise it is |κ|·h·max|c_k| over the top 2·<see cref="TailTerms"/> degrees.
    /// </remarks>
    public double AliasingError(ReadOnlySpan<double> f, double halfLength)
    {
        double largest = 0.0;
        foreach (double v in f)
            largest = Math.Max(largest, Math.Abs(v));
        if (!(largest > 0.0) || !double.IsFinite(largest))
            return 0.0;
        Span<double> scaled = stackalloc double[f.Length];
        for (int i = 0; i < f.Length; i++)
            scaled[i] = f[i] / largest;
        if (!AlgebraicTail(scaled))
            return 0.0;
        double top = 0.0, last = 0.0;
        for (int r = 0; r < 2 * TailTerms; r++)
        {
            double c = 0.0;
            double[] row = tailRows[r];
            for (int i = 0; i < row.Length; i++)
                c += row[i] * scaled[i];
            top = Math.Max(top, Math.Abs(c));
            last = Math.Abs(c);
        }

        if (!(last < 0.1 * top))
            return 0.0;
        double error = Math.Abs(topDifference) * Math.Abs(halfLength) * top * largest;
        return double.IsFinite(error) ? error : 0.0;
    }

    /// <summary>
    /// The error of the rule on the power law f ≈ C·d^α (d the distance to an end of the interval, −1 &lt; α ≤
    /// <see cref="SteepestHarmlessPower"/>) that the three nodes nearest that end fit, where they fit one; 0 where neither
    /// end's nodes do. Values at the nodes in the layout of <see cref="FillReferenceNodes"/>, in the rule's variable on a
    /// half-length <paramref name="halfLength"/>.
    /// </summary>
    /// <remarks>
    /// Near a power singularity at an end the rule misses the mass between the end and its outermost node, and |Kronrod −
    /// Gauss| (at most about ∫|f − mean| over the nodes) misses it too: the rules see only the part of the interval where
    /// f is already small, and the missing fraction 1 − (d_0/2h)^(α+1) tends to 1 as α → −1 (d_0 the distance to the
    /// outermost node). On ∫_0^1 x^α dx bisected towards 0 the estimate understated the true error of the end interval, and
    /// so of the whole range, by a factor that depends on α alone: 1.9 at α = −0.95, 5.1 at −0.98, 10.4 at −0.99, 21 at
    /// −0.995 (and likewise for a tail x^(−1−ε) mapped onto t, which is t^(−1+ε)·s^(−ε)). The rule's error on the fitted
    /// power is exact for a pure power, and a scale-free function of α: C·(2h)^(α+1)·(1/(α+1) − K(α)), with K(α) the rule
    /// on t^α over [0, 1]; the error returned is <see cref="PowerFitMargin"/> times that. A fit needs |f| rising towards the end through the three nodes, of one sign, with the two
    /// log-log slopes within <see cref="PowerSlopeAgreement"/> of each other (a smooth function's slopes differ by a factor
    /// of 3 or more there: e^(−x/σ), e^(−(x/σ)²)).
    /// </remarks>
    public double PowerEndError(ReadOnlySpan<double> f, double halfLength)
    {
        double h = Math.Abs(halfLength);
        double error = Math.Max(EndPowerError(f[1], f[3], f[5], h), EndPowerError(f[2], f[4], f[6], h));
        return double.IsFinite(error) ? error : 0.0;
    }

    /// <summary>The steepest fitted power at an end for which <see cref="PowerEndError"/> stays 0: above it the rule's own
    /// estimate exceeds its true error on the power (at α = −0.9 the true error is 0.8 of the estimate, at −0.5 0.03 of it).</summary>
    private const double SteepestHarmlessPower = -0.5;

    /// <summary>The factor on the rule's error on the fitted power: exact for a pure power (the claim then equalled the true
    /// error to 5 digits, and a component beside it tipped it either way), a fit from three nodes for anything else; the
    /// vector run's mass extrapolated to an unresolved end takes the same factor (VectorIntegration.ChargeUnresolvedEnds).</summary>
    public const double PowerFitMargin = 2.0;

    /// <summary>How far apart (relative to the first) the two log-log slopes through the three nodes nearest an end may be
    /// for <see cref="PowerEndError"/> to take them as one power law: (1 + x)·x^−0.99 on [0, 1] differs by 2%.</summary>
    private const double PowerSlopeAgreement = 0.05;

    // The rule's error on C·d^α fitted through (d_j, f_j), d_j = h·(1 − Nodes[j]) the distances of the three nodes nearest an end.
    private double EndPowerError(double f0, double f1, double f2, double h)
    {
        double near = EndPower(f0, f1, f2);
        if (!(near > -1.0 && near <= SteepestHarmlessPower))
            return 0.0;
        // C·(2h)^(α+1) = f_0·(2h/d_0)^α·2h, with d_0 in units of h.
        double d0 = 1.0 - Nodes[0];
        double scale = Math.Abs(f0) * Math.Pow(2.0 / d0, near) * 2.0 * h;
        return PowerFitMargin * scale * Math.Max(0.0, 1.0 / (near + 1.0) - PowerRule(near));
    }

    // K(α): the rule on t^α over [0, 1].
    private double PowerRule(double alpha)
    {
        double sum = CentreKronrodWeight * Math.Pow(0.5, alpha);
        for (int j = 0; j < Nodes.Length; j++)
            sum += KronrodWeights[j] * (Math.Pow(0.5 * (1.0 - Nodes[j]), alpha) + Math.Pow(0.5 * (1.0 + Nodes[j]), alpha));
        return 0.5 * sum;
    }

    /// <summary>
    /// True when the largest |f| at the nodes (layout of <see cref="FillReferenceNodes"/>) is at a node inside the rule
    /// and |f| falls below 1/8 of it within <see cref="PeakSpan"/> nodes on both sides of that node, or of the pair it forms
    /// with a neighbour at least <see cref="TwinShare"/> of it (a peak between two nodes); on a side where the nodes end within
    /// that span, |f| falling on the other side suffices, unless the nodes at that end fit an integrable power singularity: a feature about as narrow as the
    /// nodes' spacing, seen at one node or a few, whose mass between the nodes no difference of the two rules can tell.
    /// </summary>
    public bool IsolatedPeak(ReadOnlySpan<double> f)
    {
        int n = Nodes.Length, points = Points;
        // Increasing order: −Nodes[0], −Nodes[1], …, −Nodes[n − 1], 0, Nodes[n − 1], …, Nodes[0].
        Span<int> order = stackalloc int[points];
        for (int j = 0; j < n; j++)
        {
            order[j] = 2 * j + 1;
            order[points - 1 - j] = 2 * j + 2;
        }

        order[n] = 0;
        int at = 0;
        double largest = -1.0;
        for (int i = 0; i < points; i++)
        {
            double v = Math.Abs(f[order[i]]);
            if (v > largest)
                (largest, at) = (v, i);
        }

        if (!(largest > 0.0) || !double.IsFinite(largest))
            return false;
        // A peak between two nodes shows at both, each about as large: the fall is looked for beyond the pair. Seen from the
        // larger of the two alone, its twin stood within the span on one side and the peak was taken for a wider feature.
        int low = at, high = at;
        double before = at > 0 ? Math.Abs(f[order[at - 1]]) : 0.0, after = at < points - 1 ? Math.Abs(f[order[at + 1]]) : 0.0;
        if (Math.Max(before, after) >= TwinShare * largest)
        {
            if (before >= after)
                low = at - 1;
            else
                high = at + 1;
        }

        // Near an end the peak may lie between the outermost nodes and the end of the interval, where no node is: |f| still
        // above 1/8 of the peak at the last node on that side counts as a fall when it falls on the other side
        // (1e-3·w²/((x − c)² + w²) beside 1e6·sin x on [0, 1], w = 7e-4, c = 0.98757 between the last two nodes, was Converged
        // 4.16e-7 ± 7.3e-7 for 2.16e-6; w = 1.06e-3, c = 0.97366, last nodes 0.42 and 0.128 of the peak: 5.64e-7 ± 9.96e-7 for
        // 3.28e-6), unless the nodes fit an integrable power singularity at that end, which bisecting to the component's own
        // tolerance cannot resolve (see PowerEndError).
        (bool lowFalls, bool lowEnds) = Fall(f, order, low, -1, largest);
        (bool highFalls, bool highEnds) = Fall(f, order, high, +1, largest);
        if (!(lowFalls || lowEnds) || !(highFalls || highEnds) || !(lowFalls || highFalls))
            return false;
        if (lowEnds && IntegrableEndPower(f[1], f[3], f[5]))
            return false;
        return !(highEnds && IntegrableEndPower(f[2], f[4], f[6]));
    }

    // Whether the values at the three nodes nearest an end (the outermost first) fit one power law d^α, −1 < α < 0, in the
    // distance d to the end (the log-log slopes within PowerSlopeAgreement of each other).
    private bool IntegrableEndPower(double f0, double f1, double f2)
    {
        double alpha = EndPower(f0, f1, f2);
        return alpha > -1.0 && alpha < 0.0;
    }

    // The power α of C·d^α through the three nodes nearest an end, or NaN where they fit none: |f| rising towards the end,
    // of one sign, the two log-log slopes within PowerSlopeAgreement of each other.
    private double EndPower(double f0, double f1, double f2)
    {
        if (!(f0 > 0.0 && f1 > 0.0 && f2 > 0.0) && !(f0 < 0.0 && f1 < 0.0 && f2 < 0.0))
            return double.NaN;
        double v0 = Math.Abs(f0), v1 = Math.Abs(f1), v2 = Math.Abs(f2);
        if (!(v0 > v1 && v1 > v2) || !double.IsFinite(v0))
            return double.NaN;
        double d0 = 1.0 - Nodes[0], d1 = 1.0 - Nodes[1], d2 = 1.0 - Nodes[2];
        double near = Math.Log(v0 / v1) / Math.Log(d0 / d1), far = Math.Log(v1 / v2) / Math.Log(d1 / d2);
        return Math.Abs(near - far) <= PowerSlopeAgreement * Math.Abs(near) ? near : double.NaN;
    }

    /// <summary>How large (relative to the largest) a node value next to it must be for <see cref="IsolatedPeak"/> to take the
    /// two as one peak between them: 1e-3·w²/((x − c)² + w²), w = 1e-3, c = 0.0512345 midway between the nodes 0.0349 and
    /// 0.0675 of [0, 1], beside 1e6·sin x, was Converged 2.82e-7 ± 4.68e-7 for 3.13e-6 (the left neighbour 0.18 of the peak,
    /// the next 0.11).</summary>
    private const double TwinShare = 0.5;

    // Whether |f| falls below 1/8 of the peak within PeakSpan nodes of it (in the increasing order) on one side, and whether
    // the nodes on that side end without it falling (all of them, at most PeakSpan, at or above 1/8).
    private static (bool Falls, bool Ends) Fall(ReadOnlySpan<double> f, ReadOnlySpan<int> order, int at, int step, double largest)
    {
        int i = at + step;
        for (int j = 1; j <= PeakSpan; j++, i += step)
        {
            if (i < 0 || i >= order.Length)
                return (false, true);
            if (Math.Abs(f[order[i]]) < 0.125 * largest)
                return (true, false);
        }

        return (false, i < 0 || i >= order.Length);
    }

    /// <summary>How many nodes on each side of the largest |f| <see cref="IsolatedPeak"/> looks at for a value below 1/8 of
    /// it. One (the neighbours alone) missed a Lorentzian 1e-3 wide whose nearest node was not close enough to its centre
    /// to dwarf both neighbours: [1e6·sin x, 1e-9/((x − 0.377)² + 1e-6)] on [0, 1] was Converged with the second component
    /// 1.75e-7 ± 2.55e-7 for 3.137e-6 (the neighbours 0.067 and 0.25 of the peak, the next ones 0.023 and 0.039).</summary>
    private const int PeakSpan = 2;

    // Kronrod − Gauss on P_(n−1) over [−1, 1] (κ in AliasingError).
    private readonly double topDifference;

    private double TopDifference()
    {
        int points = Points;
        Span<double> t = stackalloc double[points];
        FillReferenceNodes(t);
        Span<double> p = stackalloc double[points];
        for (int i = 0; i < points; i++)
        {
            double p0 = 1.0, p1 = t[i];
            for (int k = 2; k < points; k++)
                (p0, p1) = (p1, ((2 * k - 1) * t[i] * p1 - (k - 1) * p0) / k);
            p[i] = p1;
        }

        double kronrod = CentreKronrodWeight * p[0], gauss = CentreGaussWeight * p[0];
        for (int j = 0; j < Nodes.Length; j++)
        {
            double pair = p[2 * j + 1] + p[2 * j + 2];
            kronrod += KronrodWeights[j] * pair;
            if (j % 2 == 1)
                gauss += GaussWeights[j >> 1] * pair;
        }

        return kronrod - gauss;
    }

    /// <summary>
    /// True when the top Legendre coefficients of the interpolant of <paramref name="f"/> do not decay like an analytic
    /// function's: the largest of the top <see cref="TailTerms"/> degrees is above the values' rounding and more than a
    /// tenth of the largest of the <see cref="TailTerms"/> degrees below them. For an analytic f with |c_k| ~ ρ^(−k),
    /// ρ ≥ 2.2 wherever QUADPACK's rescaling shrinks the error, the ratio is about ρ^(−4) ≤ 0.03 (an entire f's falls
    /// faster); for a log, power or kink singularity on or near the interval it is about (1 − 4/k)^p, above 0.4, and it
    /// stays above 0.1 under a large smooth part whose coefficients have died out by the top degrees:
    /// ∫_0^{1/4} (1e9·(x − 0.7)² + ln x)·cos 14x dx gives 0.33 on the 21 points of [0, 1/4].
    /// </summary>
    private bool AlgebraicTail(ReadOnlySpan<double> f)
    {
        double largest = 0.0, below = 0.0, top = 0.0;
        foreach (double v in f)
            largest = Math.Max(largest, Math.Abs(v));
        for (int r = 0; r < 2 * TailTerms; r++)
        {
            double[] row = tailRows[r];
            double c = 0.0;
            for (int i = 0; i < row.Length; i++)
                c += row[i] * f[i];
            if (r < TailTerms)
                below = Math.Max(below, Math.Abs(c));
            else
                top = Math.Max(top, Math.Abs(c));
        }

        return top > 1e3 * RuleEstimate.Epsilon * largest && top > 0.1 * below;
    }

    private double[][] LegendreTailRows()
    {
        int n = Points;
        Span<double> t = stackalloc double[n];
        FillReferenceNodes(t);
        // V[i, k] = P_k(t_i); the coefficients solve V c = f, so the wanted rows are those of V^(−1): solve Vᵀ y = e_k.
        var vt = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            double p0 = 1.0, p1 = t[i];
            vt[0, i] = p0;
            vt[1, i] = p1;
            for (int k = 2; k < n; k++)
            {
                double p2 = ((2 * k - 1) * t[i] * p1 - (k - 1) * p0) / k;
                vt[k, i] = p2;
                p0 = p1;
                p1 = p2;
            }
        }

        var rows = new double[2 * TailTerms][];
        for (int r = 0; r < 2 * TailTerms; r++)
        {
            int k = n - 2 * TailTerms + r;
            var a = (double[,])vt.Clone();
            var y = new double[n];
            y[k] = 1.0;
            // Gaussian elimination with partial pivoting on Vᵀ y = e_k.
            for (int col = 0; col < n; col++)
            {
                int pivot = col;
                for (int i = col + 1; i < n; i++)
                    if (Math.Abs(a[i, col]) > Math.Abs(a[pivot, col]))
                        pivot = i;
                for (int j = 0; j < n; j++)
                    (a[col, j], a[pivot, j]) = (a[pivot, j], a[col, j]);
                (y[col], y[pivot]) = (y[pivot], y[col]);
                for (int i = col + 1; i < n; i++)
                {
                    double m = a[i, col] / a[col, col];
                    for (int j = col; j < n; j++)
                        a[i, j] -= m * a[col, j];
                    y[i] -= m * y[col];
                }
            }

            for (int i = n - 1; i >= 0; i--)
            {
                double sum = y[i];
                for (int j = i + 1; j < n; j++)
                    sum -= a[i, j] * y[j];
                y[i] = sum / a[i, i];
            }

            rows[r] = y;
        }

        return rows;
    }
}
