namespace BlasNet.Quadrature;

/// <summary>
/// Centre and half-length of an interval computed so that they cannot overflow: for [−1e308, 1e308]
/// the textbook 0.5·(b − a) is +∞, and every node x = centre + half·t would then be ±∞ or NaN (the
/// integrator would call the integrand outside the range and blame it for the result).
/// </summary>
/// <remarks>
/// The textbook forms are used whenever they are finite, so every ordinary interval gets bit-for-bit the
/// same nodes as QUADPACK; only when the sum or difference overflows are the halves taken first.
/// </remarks>
internal static class IntervalGeometry
{
    /// <summary>(a + b)/2 without overflow.</summary>
    public static double Centre(double a, double b)
    {
        double sum = a + b;
        return double.IsFinite(sum) ? 0.5 * sum : 0.5 * a + 0.5 * b;
    }

    /// <summary>(b − a)/2 without overflow.</summary>
    public static double HalfLength(double a, double b)
    {
        double difference = b - a;
        return double.IsFinite(difference) ? 0.5 * difference : 0.5 * b - 0.5 * a;
    }

    /// <summary>
    /// (a + b)/2 exactly, as an unevaluated sum High + Low with High = <see cref="Centre"/>(a, b): the sum is split by
    /// TwoSum (Knuth), and halving is exact (the halves are taken first when the sum overflows).
    /// </summary>
    public static (double High, double Low) ExactCentre(double a, double b)
    {
        (double s, double e) = TwoSum(a, b);
        if (double.IsFinite(s))
            return (0.5 * s, 0.5 * e);
        return TwoSum(0.5 * a, 0.5 * b);
    }

    /// <summary>(b − a)/2 exactly, as High + Low with High = <see cref="HalfLength"/>(a, b).</summary>
    public static (double High, double Low) ExactHalfLength(double a, double b)
    {
        (double d, double e) = TwoSum(b, -a);
        if (double.IsFinite(d))
            return (0.5 * d, 0.5 * e);
        return TwoSum(0.5 * b, -0.5 * a);
    }

    /// <summary>s = fl(x + y) and the rounding error e with s + e = x + y exactly (Knuth's TwoSum).</summary>
    public static (double Sum, double Error) TwoSum(double x, double y)
    {
        double s = x + y;
        double yv = s - x, xv = s - yv;
        return (s, (x - xv) + (y - yv));
    }

    /// <summary>
    /// Places the nodes x = centre + half·t of [a, b] for the reference nodes <paramref name="t"/> in [−1, 1], each
    /// inside [a, b], and says whether they resolve the interval (every node with |t| &lt; 1 strictly inside).
    /// </summary>
    /// <remarks>
    /// On an ordinary interval these are the textbook nodes. On one only a few ulps wide the rounded centre can lie
    /// off the middle ([1, 1 + ε] has centre 1) and centre + half·t then falls outside the range, where f may not
    /// even be defined (√(x − 1) at 1 − ε/2); or every node rounds onto one end, and a rule that sees f at a single
    /// point reports its value with an error of 0. There the nodes are measured from the nearer end, a + half·(1 + t)
    /// or b − half·(1 − t), so that both ends are sampled (the doubles next to them, for the interior nodes, when the
    /// interval has a double inside), and clamped into [a, b]; the caller then widens its error estimate with
    /// <see cref="Unresolved"/>.
    /// </remarks>
    public static bool PlaceNodes(double a, double b, double centre, double half, ReadOnlySpan<double> t, Span<double> x)
    {
        bool resolved = true;
        for (int i = 0; i < t.Length; i++)
        {
            x[i] = centre + half * t[i];
            if (Math.Abs(t[i]) < 1.0 && !(x[i] > a && x[i] < b))
                resolved = false;
        }

        // An interior node (|t| < 1) stays off the ends whenever a double lies between them: a rule works on [a, b]
        // because bisection is closing in on one of its ends, and the end of the range may be where f is singular
        // (log(x − 1) at 1). Sampling it there ended QAGS on [1, 1 + 1e-10] with NonFiniteIntegrand and no value,
        // where the doubles next to the ends give the same spread of values and a BadIntegrandBehaviour estimate.
        double inLo = Math.BitIncrement(a), inHi = Math.BitDecrement(b);
        bool hasInside = inLo <= inHi;
        for (int i = 0; i < t.Length; i++)
        {
            double xi = resolved ? x[i] : t[i] <= 0.0 ? a + half * (1.0 + t[i]) : b - half * (1.0 - t[i]);
            x[i] = !resolved && hasInside && Math.Abs(t[i]) < 1.0 ? Math.Clamp(xi, inLo, inHi) : Math.Clamp(xi, a, b);
        }

        return resolved;
    }

    /// <summary>max − min of the values (0 for none).</summary>
    public static double Spread(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty)
            return 0.0;
        double lo = values[0], hi = values[0];
        foreach (double v in values)
        {
            lo = Math.Min(lo, v);
            hi = Math.Max(hi, v);
        }

        return hi - lo;
    }

    /// <summary>
    /// The estimate of a rule whose nodes did not resolve its interval (<see cref="PlaceNodes"/> returned false):
    /// between adjacent doubles nothing about f can be learnt, so the error is at least the length times the spread
    /// of the sampled values, which bounds the distance from the true integral of any f whose values lie between
    /// the sampled ones.
    /// </summary>
    /// <remarks>
    /// When exactly one double lies between <paramref name="a"/> and <paramref name="b"/>, every interior node is that
    /// double: the rule saw f at one point, its spread is 0 and says nothing about how f varies, so the error is the size
    /// of the whole, 2h·max|value|. (It was 0: ∫ log(x − 1) dx over [1, 1 + 2ε] was <c>Converged</c> −1.600660e-14 ± 1.8e-28,
    /// true −1.614287e-14.)
    /// </remarks>
    public static RuleEstimate Unresolved(RuleEstimate e, ReadOnlySpan<double> values, double half, double a, double b)
    {
        // b − a is exact here (the ends are a few ulps apart), where 2·half is not when half fell below the normal
        // range: [0, 4.9e-324] has half-length 0.
        double width = b - a;
        width = double.IsFinite(width) ? Math.Abs(width) : 2.0 * Math.Abs(half);
        return e with { Error = Math.Max(e.Error, width * (OneDoubleInside(a, b) ? LargestMagnitude(values) : Spread(values))) };
    }

    /// <summary>Widths below this (2^-960, about 1e-289) have their half-length, and the products with it, lose bits
    /// below the normal range; <see cref="CombineTiny"/> works with the width scaled up.</summary>
    private const double TinyWidth = 1.0261342003245941e-289; // 2^-960

    /// <summary>Whether [a, b] is narrower than <see cref="TinyWidth"/> (and not empty).</summary>
    public static bool IsTiny(double a, double b)
    {
        double width = Math.Abs(b - a);
        return width < TinyWidth && width > 0.0;
    }

    /// <summary>
    /// <paramref name="rule"/>'s estimate on an interval narrower than 2^-960, computed with the width scaled by a power
    /// of two (exact) into [1/4, 1/2) and the results scaled back by the rule (see <see cref="GaussKronrodRule.Combine(ReadOnlySpan{double}, double, int)"/>:
    /// where scaling the value back rounds it, its error gains that ulp).
    /// </summary>
    /// <remarks>The half-length of [0, 1e-323] is exact, but that of [0, 4.9e-324] is 0 and that of a 3-ulp subnormal
    /// range rounds to 2 ulps; ∫1 over [0, 1e-323] came out 0 ± 0 (its halves each had value and error 0). The scale is
    /// chosen from the width, not fixed: a fixed 2^1000 made a width of 1e-290 about 1e11 and ∫1e300 over it (1e10)
    /// overflowed; with the scaled width below 1/2 the scaled sums stay below max|f|, as the integral itself does.
    /// The scaled error is scaled back to the nearest double, not up: an error below the smallest subnormal cannot be
    /// told apart from 0, and one ulp would be all of a subnormal result.</remarks>
    public static RuleEstimate CombineTiny(GaussKronrodRule rule, ReadOnlySpan<double> values, double a, double b)
    {
        double width = Math.Abs(b - a);
        int scale = -Math.ILogB(width) - 2;
        // The rule undoes this scale together with any of its own (values below 2^-960 are summed scaled up): scaled
        // back in two steps, ∫ f/(x − c) over [1, 3]·4.9e-324 with c = 0 and f = x (the weight scaled by the pole's
        // subnormal distance) lost its value to 0 in the first step and was Converged 0 ± 0, true 9.9e-324.
        return rule.Combine(values, 0.5 * Math.ScaleB(width, scale) * Math.Sign(b - a), -scale);
    }

    /// <summary>
    /// Widens the error of an unresolved estimate on a range with exactly one double inside (<see cref="OneDoubleInside"/>)
    /// to width·max(|f(a)|, |f(b)|), given f at the ends: the rule saw f only at the double inside, and the width times
    /// the largest sampled magnitude bounds the integral of any f whose values lie between the sampled ones.
    /// </summary>
    /// <remarks>
    /// Without the ends, f = 1e300·(x/2^-1074 − 1)² over [0, 2·2^-1074] (0 at the double inside, 1e300 at both ends) was
    /// <c>Converged</c> 0 ± 0, true 3.3e-24. An end where f is not finite is left out: it is a singular limit of the
    /// range (log(x − 1) at 1), which the interior nodes avoid on purpose, and there the error already carries
    /// width·|f| at the double inside, the size of the estimate.
    /// </remarks>
    public static RuleEstimate CoverEnds(RuleEstimate e, double fa, double fb, double a, double b)
    {
        double largest = 0.0;
        if (double.IsFinite(fa))
            largest = Math.Abs(fa);
        if (double.IsFinite(fb))
            largest = Math.Max(largest, Math.Abs(fb));
        // b − a is exact (the ends are two ulps apart); the product is capped so that the error stays finite.
        double bound = Math.Min(Math.Abs(b - a) * largest, double.MaxValue);
        return e with { Error = Math.Max(e.Error, bound) };
    }

    /// <summary>Whether exactly one double lies strictly between a and b (a &lt; b).</summary>
    public static bool OneDoubleInside(double a, double b)
    {
        double inside = Math.BitIncrement(a);
        return inside < b && Math.BitIncrement(inside) == b;
    }

    /// <summary>max |v| over the values (0 for none).</summary>
    public static double LargestMagnitude(ReadOnlySpan<double> values)
    {
        double largest = 0.0;
        foreach (double v in values)
            largest = Math.Max(largest, Math.Abs(v));
        return largest;
    }

    /// <summary>ln|x − c| without overflow of the difference (|x − c| may exceed double.MaxValue when x
    /// and c are huge with opposite signs).</summary>
    public static double LogDistance(double x, double c)
    {
        double difference = Math.Abs(x - c);
        return double.IsFinite(difference) ? Math.Log(difference) : Math.Log(Math.Abs(0.5 * x - 0.5 * c)) + Math.Log(2.0);
    }
}
