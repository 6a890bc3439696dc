namespace BlasNet.Quadrature;

/// <summary>
/// Decides which QUADPACK driver integrates which part of the range: QAGS or QAGP on the finite part,
/// QAGI on each infinite tail, QAWC around a pole (with the symmetric-interval-plus-tail split when the
/// range around the pole is infinite), and QAGS in the variable ln|x − c| where a pole lies extremely
/// close to a limit, inside or outside the range.
/// </summary>
internal static class IntegrationPlan
{
    /// <summary>Pieces for ∫ f over [lo, hi] (either may be infinite), split at the breakpoints.</summary>
    public static List<PiecewiseIntegration.Piece> Ordinary(IntegrandSampler sampler, double lo, double hi,
        double[] breaks)
    {
        var pieces = new List<PiecewiseIntegration.Piece>();
        var layout = RangeLayout.Of(lo, hi, breaks);
        if (layout.WholeLine)
        {
            pieces.Add((abs, rel, lim) => new ExtrapolatingIntegrator(
                new InfiniteRangeRule(sampler, 0.0, InfiniteRange.Whole), abs, rel, lim).Integrate([0.0, 1.0]));
            return pieces;
        }

        double finiteLo = layout.FiniteLo, finiteHi = layout.FiniteHi;
        if (double.IsNegativeInfinity(lo))
        {
            pieces.Add((abs, rel, lim) => new ExtrapolatingIntegrator(
                new InfiniteRangeRule(sampler, finiteLo, InfiniteRange.Lower, RangeLayout.TailScale(finiteLo)), abs, rel, lim).Integrate([0.0, 1.0]));
        }

        if (layout.Partition.Length > 0)
        {
            double[] partition = layout.Partition;
            pieces.Add((abs, rel, lim) => new ExtrapolatingIntegrator(
                new FiniteKronrodRule(sampler, GaussKronrodRule.Kronrod21), abs, rel, lim).Integrate(partition));
        }

        if (double.IsPositiveInfinity(hi))
        {
            pieces.Add((abs, rel, lim) => new ExtrapolatingIntegrator(
                new InfiniteRangeRule(sampler, finiteHi, InfiniteRange.Upper, RangeLayout.TailScale(finiteHi)), abs, rel, lim).Integrate([0.0, 1.0]));
        }

        return pieces;
    }

    /// <summary>Pieces for PV ∫ f(x)/(x − c) over [lo, hi] (either may be infinite), split at the breakpoints.</summary>
    public static List<PiecewiseIntegration.Piece> PrincipalValue(IntegrandSampler sampler,
        double lo, double hi, double c, double[] breaks)
    {
        IntegrandSampler weighted(int k) => WeightedByPole(sampler, c, k);

        var pieces = new List<PiecewiseIntegration.Piece>();
        var edges = new List<double> { lo };
        edges.AddRange(breaks);
        edges.Add(hi);
        for (int k = 0; k + 1 < edges.Count; k++)
        {
            double p = edges[k], q = edges[k + 1];
            if (!(p < c && c < q))
            {
                OffPole(pieces, sampler, weighted, c, p, q);
                continue;
            }

            if (double.IsFinite(p) && double.IsFinite(q))
            {
                FinitePole(pieces, sampler, c, p, q);
                continue;
            }

            // Infinite range around the pole: QAWC on the interval symmetric about c that reaches the finite limit,
            // QAGI on what is left, scaled to the half-width so a 1/x tail stays smooth. On the whole line a pole far
            // from 0 is first split off at 0 (below), so that f's own scale there, 1, is sampled as on any infinite
            // range: with width max(1, |c|) a Gaussian at 0 sat at the end of [0, 2c] and in a tail scaled by |c|, and
            // its PV for c = 1e5 came out 0.
            if (double.IsInfinity(p) && double.IsInfinity(q) && Math.Abs(c) <= FarPoleRatio)
            {
                double width = Math.Max(1.0, Math.Abs(c));
                double lower = Math.Max(c - width, -double.MaxValue), upper = Math.Min(c + width, double.MaxValue);
                pieces.Add(CauchyPiece(sampler, c, lower, upper));
                pieces.Add(Tail(weighted, c, lower, InfiniteRange.Lower, width));
                pieces.Add(Tail(weighted, c, upper, InfiniteRange.Upper, width));
                continue;
            }

            if (double.IsInfinity(p) && double.IsInfinity(q))
            {
                if (c > 0)
                {
                    OffPole(pieces, sampler, weighted, c, p, 0.0);
                    HalfLine(pieces, sampler, weighted, c, 0.0, q);
                }
                else
                {
                    HalfLine(pieces, sampler, weighted, c, p, 0.0);
                    OffPole(pieces, sampler, weighted, c, 0.0, q);
                }

                continue;
            }

            double side = double.IsFinite(p) ? 1.0 : -1.0;
            if (-side * (side > 0 ? p : q) > (Math.Abs(c) > FarPoleRatio ? FarPoleRatio : 2.0 * FarPoleRatio))
            {
                AcrossTheOrigin(pieces, sampler, weighted, c, p, q);
                continue;
            }

            HalfLine(pieces, sampler, weighted, c, p, q);
        }

        return pieces;
    }

    /// <summary>
    /// Pieces for PV ∫ f(x)/(x − c) dx over a half line whose finite limit lies far from 0 on the other side of 0
    /// ([−1000, ∞), (−∞, 1000]), c inside. <see cref="HalfLine"/> works on the limit's scale only, and for [−1000, ∞)
    /// with c = 0.5 … 1e9 its QAWC or logarithmic stretch from the limit (a width-1 bump at 0 becomes 1/2000 wide in
    /// ln(x + 2000)) never met e^(−x²) and returned Converged 0 ± 0. So the range is cut where f's own scale at the
    /// origin, 1, is sampled as the README promises for infinite ranges: at 0 like the whole line when the pole is
    /// more than 16 from 0 (the limit then more than 16 beyond 0), else at 32 beyond 0 on the limit's side (the limit
    /// more than 32 beyond 0), so that the pole stays in one piece with QAWC around it and 0 within reach: cutting at
    /// 0 itself would leave a pole at 1e-300 hugging the cut, its two sides' logarithms integrated apart.
    /// </summary>
    private static void AcrossTheOrigin(List<PiecewiseIntegration.Piece> pieces, IntegrandSampler sampler,
        Func<int, IntegrandSampler> weighted, double c, double p, double q)
    {
        // side = +1 for [p, ∞) with p < −16; the finite part [limit, 0] lies on the −side of 0.
        double side = double.IsFinite(p) ? 1.0 : -1.0;
        double limit = side > 0 ? p : q;
        if (Math.Abs(c) <= FarPoleRatio)
        {
            // The half line from the cut has the limit scale 32 and the pole within 48 of it: QAWC on the interval
            // symmetric about c that reaches the cut covers 0. The rest, [limit, cut], is 16 or more from the pole.
            double cut = -side * 2.0 * FarPoleRatio;
            if (side > 0)
            {
                OffPole(pieces, sampler, weighted, c, limit, cut);
                HalfLine(pieces, sampler, weighted, c, cut, q);
            }
            else
            {
                HalfLine(pieces, sampler, weighted, c, p, cut);
                OffPole(pieces, sampler, weighted, c, cut, limit);
            }

            return;
        }

        if (side * c > 0.0)
        {
            // The pole lies beyond 0: the half line from 0 (scale 1) takes it, and the finite part, with the pole
            // behind it as seen from 0, is taken from 0 outwards in ln(distance from 0 + 1).
            Stretch(pieces, sampler, weighted, c, -side, 0.0, limit);
            if (side > 0)
                HalfLine(pieces, sampler, weighted, c, 0.0, q);
            else
                HalfLine(pieces, sampler, weighted, c, p, 0.0);
            return;
        }

        // The pole lies between the limit and 0: QAWC and its neighbours take [limit, c/2], the stretch from 0 to c/2
        // is sampled from 0 outwards in ln(distance from 0 + 1), and the half line beyond 0 is off the pole.
        double split = 0.5 * c;
        if (side > 0)
        {
            FinitePole(pieces, sampler, c, limit, split);
            Stretch(pieces, sampler, weighted, c, -side, 0.0, split);
            OffPole(pieces, sampler, weighted, c, 0.0, q);
        }
        else
        {
            OffPole(pieces, sampler, weighted, c, p, 0.0);
            Stretch(pieces, sampler, weighted, c, -side, 0.0, split);
            FinitePole(pieces, sampler, c, split, limit);
        }
    }

    /// <summary>
    /// A pole farther than this many times max(1, |finite limit|) from the finite limit of a half line (or, on the
    /// whole line, farther than this from 0) counts as far: f's features on the limit's scale are then resolved
    /// apart from the pole's neighbourhood (see <see cref="HalfLine"/>).
    /// </summary>
    internal const double FarPoleRatio = 16.0;

    /// <summary>Pieces for PV ∫ f(x)/(x − c) over [p, q] with exactly one limit infinite and c inside.</summary>
    private static void HalfLine(List<PiecewiseIntegration.Piece> pieces, IntegrandSampler sampler,
        Func<int, IntegrandSampler> weighted, double c, double p, double q)
    {
        // One limit finite: side = +1 when the range runs to +∞ (the finite limit is below c).
        double side = double.IsFinite(p) ? 1.0 : -1.0;
        double finite = side > 0 ? p : q;
        double halfWidth = Math.Abs(c - finite);
        double natural = Math.Max(1.0, Math.Abs(c));
        double limitScale = RangeLayout.TailScale(finite);
        InfiniteRange outward = side > 0 ? InfiniteRange.Upper : InfiniteRange.Lower;
        if (halfWidth > FarPoleRatio * limitScale && double.IsFinite(halfWidth))
        {
            // The pole is far from the limit on the limit's own scale (c = 3e4 on [0, ∞)): QAWC on [0, 2c], whose
            // first nodes lie hundreds of units from the limit, returned 0 for a Gaussian at 0. So QAWC takes only
            // [c − D/2, c + D/2] (D the distance), and the stretch from the limit to c ∓ D/2 is integrated from the
            // limit in the variable ln(distance from the limit + s), s = max(1, |limit|), which samples f on the
            // limit's scale and on every larger one up to the pole's; QAWC covers the pole's neighbourhood and the
            // tail starts beyond it.
            // Near ±double.MaxValue c + D/2 may lie beyond the doubles (c = 1.7e308 on [0, ∞)): the interval about c then
            // stops halfway to the last double, leaving room for the tail (TailReach).
            double d = Math.Min(0.5 * halfWidth, TailReach(c, side));
            double near = Beyond(c, -side, d), far = Beyond(c, side, d);
            pieces.Add(side > 0 ? CauchyPiece(sampler, c, near, far) : CauchyPiece(sampler, c, far, near));
            Stretch(pieces, sampler, weighted, c, side, finite, near);
            pieces.Add(Tail(weighted, c, far, outward, d));
            return;
        }

        double edge = Beyond(c, side, halfWidth);
        double reach = TailReach(c, side);
        if (halfWidth > reach)
        {
            // The symmetric interval would reach past the doubles (c = 1.7e308 on [1e308, ∞); or c within 2^992 of them with
            // the limit 1e300 below, where the pole counts as hugging the limit): it stops halfway to the last double, the pole
            // off its centre (FinitePole splits off a pole that hugs the finite limit), and the tail starts there.
            edge = Beyond(c, side, reach);
            if (side > 0)
                FinitePole(pieces, sampler, c, p, edge);
            else
                FinitePole(pieces, sampler, c, edge, q);
            pieces.Add(Tail(weighted, c, edge, outward, Math.Min(halfWidth, double.MaxValue)));
            return;
        }

        if (halfWidth >= natural * NearLimitRatio || !double.IsFinite(halfWidth))
        {
            pieces.Add(side > 0 ? CauchyPiece(sampler, c, p, edge) : CauchyPiece(sampler, c, edge, q));
            pieces.Add(Tail(weighted, c, edge, outward, Math.Min(halfWidth, double.MaxValue)));
            return;
        }

        // The pole hugs the finite limit (c = 1e-300 on [0, ∞)): a tail scaled to that distance would
        // have to reach x ≈ 1 at t ≈ 1e-300. So: QAWC on the tiny symmetric interval, the
        // logarithmic substitution out to the natural scale max(1, |c|), and the tail from there.
        double outer = Beyond(c, side, Math.Min(natural, reach));
        pieces.Add(side > 0 ? CauchyPiece(sampler, c, p, edge) : CauchyPiece(sampler, c, edge, q));
        pieces.Add(LogPiece(sampler, c, side, edge, outer));
        pieces.Add(Tail(weighted, c, outer, outward, natural));
    }

    /// <summary>
    /// Where a far-pole stretch begins, f is first integrated as on an ordinary range: the stretch from
    /// <paramref name="limit"/> towards <paramref name="end"/> (c beyond end, or behind the limit) is cut at
    /// <see cref="OriginReach"/>·max(1, |limit|) beyond 0 on the stretch's side, the part up to the cut (which holds the
    /// origin whenever the limit lies within that reach of it) is integrated directly by QAGS, and only the rest in
    /// ln(distance + scale). A stretch taken whole from the limit compresses f's scale 1 at 0 into 1/(|limit| + s) of a
    /// unit of u, and over a stretch hundreds of units long its first rule never met it: PV ∫ e^(−x²)/(x − 1e300) dx
    /// over [−15, ∞) and PV ∫ e^(−(x+50)²)/(x − 1e12) dx over the line returned Converged 0 ± 0.
    /// </summary>
    private static void Stretch(List<PiecewiseIntegration.Piece> pieces, IntegrandSampler sampler,
        Func<int, IntegrandSampler> weighted, double c, double side, double limit, double end)
    {
        double cut = side * OriginReach * RangeLayout.TailScale(limit);
        if (side * (cut - limit) > 0.0 && side * (end - cut) > 0.0)
        {
            if (side > 0)
                OffPole(pieces, sampler, weighted, c, limit, cut);
            else
                OffPole(pieces, sampler, weighted, c, cut, limit);
            pieces.Add(LogStretch(sampler, c, side, cut, end, RangeLayout.TailScale(cut)));
            return;
        }

        pieces.Add(LogStretch(sampler, c, side, limit, end, RangeLayout.TailScale(limit)));
    }

    /// <summary>How far beyond 0, in units of max(1, |limit|), a far-pole stretch is integrated directly
    /// (see <see cref="Stretch"/>).</summary>
    internal const double OriginReach = 64.0;

    /// <summary>
    /// ∫ f(x)/(x − c) dx from the finite limit <paramref name="limit"/> to <paramref name="end"/> (on the side given by
    /// <paramref name="side"/>; c beyond end, or behind the limit), in u = ln|x − o| with the origin o = limit ∓ scale: the stretch
    /// from the limit out to 1e108 becomes u from ln(scale) to about 250, where every length scale of f from the
    /// limit's own (a Gaussian at 0) to the pole's distance (a Lorentzian of width 1e100) takes up a few units of
    /// u. <see cref="LogPiece"/> integrates g(x)/(x − o), so g = f·(x − o)/(x − c), which stays below 2|f| here.
    /// </summary>
    private static PiecewiseIntegration.Piece LogStretch(IntegrandSampler sampler, double c, double side, double limit,
        double end, double scale)
    {
        double origin = Beyond(limit, -side, scale);
        var ratio = new IntegrandSampler((x, fx) =>
        {
            sampler.Evaluate(x, fx);
            for (int i = 0; i < x.Length; i++)
                fx[i] *= (x[i] - origin) / (x[i] - c);
        });
        return LogPiece(ratio, origin, side, limit, end);
    }

    /// <summary>
    /// f(x)·2^k/(x − c), for the pieces that do not contain the pole and integrate it directly. Points still go
    /// through the call's sampler, so each evaluation of f is counted (and checked) once. A piece whose distances
    /// from c are of order D &gt; 2^64 uses k with 2^k ≈ D and scales its result back: f/(x − c) itself would
    /// underflow for f = 1e-300 at distances 1e100.
    /// </summary>
    private static IntegrandSampler WeightedByPole(IntegrandSampler sampler, double c, int k) =>
        new((x, fx) =>
        {
            sampler.Evaluate(x, fx);
            if (k == 0)
            {
                for (int i = 0; i < x.Length; i++)
                    fx[i] /= x[i] - c;
            }
            else
            {
                double scale = Math.ScaleB(1.0, k);
                for (int i = 0; i < x.Length; i++)
                    fx[i] *= scale / (x[i] - c);
            }
        });


    /// <summary>
    /// Below this ratio of the pole's distance to the nearer limit over its distance to the farther one
    /// (or, next to an infinite range, over max(1, |c|)), the pole counts as hugging the limit. QAWC's
    /// bisection keeps that distance while halving the interval around c, so it needs about
    /// log2(1/ratio) levels: 20 levels is cheap, but 1e-300 needs a thousand (far beyond any interval
    /// limit), and below ratio ≈ 1e-16 the rule's pole coordinate rounds onto the end of its interval and
    /// its moments become infinite.
    /// </summary>
    internal const double NearLimitRatio = 9.5367431640625e-7; // 2^-20

    /// <summary>
    /// Pieces for PV ∫_p^q f(x)/(x − c) dx on a finite range. QUADPACK's QAWC on the whole range unless
    /// the pole hugs a limit; then QAWC on the interval symmetric about c that reaches the near limit
    /// (exactly balanced, so the rule's moments are exact), and the long remainder, where the integrand
    /// behaves like 1/(x − c) over many orders of magnitude, in the variable ln|x − c|.
    /// </summary>
    private static void FinitePole(List<PiecewiseIntegration.Piece> pieces, IntegrandSampler sampler, double c,
        double p, double q)
    {
        // Either distance may overflow (c = 1e308 on [−1e308, 1.5e308]); +∞ then simply counts as far.
        double below = c - p, above = q - c;
        double near = Math.Min(below, above), far = Math.Max(below, above);
        if (near >= far * NearLimitRatio)
        {
            pieces.Add(CauchyPiece(sampler, c, p, q));
            return;
        }

        // side = +1: the near limit is p and the long remainder lies above c.
        double side = below <= above ? 1.0 : -1.0;
        double edge = Beyond(c, side, near);
        if (side > 0)
        {
            pieces.Add(CauchyPiece(sampler, c, p, edge));
            pieces.Add(LogPiece(sampler, c, side, edge, q));
        }
        else
        {
            pieces.Add(CauchyPiece(sampler, c, edge, q));
            pieces.Add(LogPiece(sampler, c, side, edge, p));
        }
    }

    /// <summary>
    /// A pole outside the range (or outside this piece of it) closer to it than this fraction of its
    /// length makes f(x)/(x − c) nearly singular at the near end. Its nodes are then rounded to within
    /// ε·|x| of where the rule assumes them, which for 1/(x − c) at distance δ is a relative error of
    /// ε·|x|/δ that no error estimate sees (c = 1 + 1e-10 on [0, 1]: 2e-8 off, 1e-9 claimed); in the
    /// variable ln|x − c| the weight is integrated exactly.
    /// </summary>
    internal const double OffPoleRatio = 0.125;

    /// <summary>Pieces for ∫ f(x)/(x − c) dx over [p, q] not containing c.</summary>
    private static void OffPole(List<PiecewiseIntegration.Piece> pieces, IntegrandSampler sampler,
        Func<int, IntegrandSampler> weighted, double c, double p, double q)
    {
        if (double.IsFinite(p) && double.IsFinite(q))
        {
            double gap = c <= p ? p - c : c - q;
            if (gap < (q - p) * OffPoleRatio)
            {
                pieces.Add(c <= p ? LogPiece(sampler, c, 1.0, p, q) : LogPiece(sampler, c, -1.0, q, p));
                return;
            }
        }
        else if (double.IsFinite(p) || double.IsFinite(q))
        {
            // [p, ∞) with c below p, or (−∞, q] with c above q.
            double side = double.IsFinite(p) ? 1.0 : -1.0;
            double near = side > 0 ? p : q;
            double natural = Math.Max(1.0, Math.Abs(c));
            if (Math.Abs(near - c) < natural * OffPoleRatio)
            {
                double outer = Beyond(c, side, natural);
                pieces.Add(LogPiece(sampler, c, side, near, outer));
                pieces.Add(Tail(weighted, c, outer, side > 0 ? InfiniteRange.Upper : InfiniteRange.Lower, natural));
                return;
            }

            // A pole far from the limit on the limit's scale ((−∞, 0] with c = 1e10): f/(x − c) then has that scale
            // and the pole's distance D, and a tail mapped on the limit's scale misses what lies between (for
            // 1/(1 + x²) the term −ln(c)/c², 1e-9 of the value, under an error estimate of 2e-11 relative). So
            // the stretch out to distance D from the limit is taken in the logarithmic variable, the tail beyond.
            double distance = Math.Abs(near - c);
            double limitScale = RangeLayout.TailScale(near);
            if (distance > FarPoleRatio * limitScale && double.IsFinite(distance))
            {
                double end = Beyond(near, side, distance);
                Stretch(pieces, sampler, weighted, c, side, near, end);
                pieces.Add(Tail(weighted, c, end, side > 0 ? InfiniteRange.Upper : InfiniteRange.Lower,
                    Math.Min(Math.Abs(end - c), double.MaxValue)));
                return;
            }
        }

        double reach = 0.0;
        foreach (double end in (ReadOnlySpan<double>)[p, q])
            reach = double.IsFinite(end) ? Math.Max(reach, Math.Max(Math.Abs(end - c), RangeLayout.TailScale(end))) : reach;
        int k = DistanceExponent(reach);
        // A pole a tiny distance off a tiny range ([2, 3]·4.9e-324 with c = 4.9e-324) makes 1/(x − c) overflow although
        // the integral (ln 2) does not: the weight is then scaled by that distance (the rule scales the tiny width).
        double nearest = double.IsFinite(p) && double.IsFinite(q) ? Math.Min(Math.Abs(p - c), Math.Abs(q - c)) : double.PositiveInfinity;
        if (nearest < TinyDistance)
            k = Math.ILogB(nearest);
        foreach (PiecewiseIntegration.Piece piece in Ordinary(weighted(k), p, q, []))
            pieces.Add(Scaled(piece, k));
    }

    /// <summary>c + side·distance, clamped to the finite doubles, and at least one ulp away from c (a
    /// distance below half an ulp of c would otherwise round back onto the pole).</summary>
    private static double Beyond(double c, double side, double distance)
    {
        double x = c + side * distance;
        if (x == c)
            x = side > 0 ? Math.BitIncrement(c) : Math.BitDecrement(c);
        return Math.Clamp(x, -double.MaxValue, double.MaxValue);
    }

    /// <summary>
    /// QAWC on [p, q]. Should f turn out not to be finite at p or q (log x at 0), the run stops at that first
    /// rule and the piece is integrated in three from then on: QAWC on [c − d, c + d], d half the distance from c
    /// to the nearer end, and the two remainders, which no longer contain the pole, by the extrapolating driver,
    /// whose rules never sample an end and whose extrapolation resolves the singularity of f (QAWC alone would
    /// have to bisect towards it without extrapolation, three times the evaluations).
    /// </summary>
    private static PiecewiseIntegration.Piece CauchyPiece(IntegrandSampler sampler, double c, double p, double q)
    {
        double reach = Math.Min(c - p, q - c);
        return reach < NarrowPoleUlps * Ulp(c) ? NarrowPolePiece(sampler, c, p, q, reach) : GeneralCauchyPiece(sampler, c, p, q);
    }

    /// <summary>QAWC on [p, q] as described at <see cref="CauchyPiece"/>, the pole not within
    /// <see cref="NarrowPoleUlps"/> ulps of an end.</summary>
    private static PiecewiseIntegration.Piece GeneralCauchyPiece(IntegrandSampler sampler, double c, double p, double q)
    {
        double d = 0.5 * Math.Min(c - p, q - c);
        bool canSplit = p < c - d && c + d < q;
        List<PiecewiseIntegration.Piece>? split = null;
        return (abs, rel, lim) =>
        {
            if (split is null)
            {
                var rule = new CauchyWeightRule(sampler, c, p, q) { StopAtSingularEnd = canSplit };
                try
                {
                    return new CauchyPrincipalValueIntegrator(rule, c, abs, rel, lim).Integrate(p, q);
                }
                catch (SingularEndException)
                {
                    split = [];
                    OffPole(split, sampler, k => WeightedByPole(sampler, c, k), c, p, c - d);
                    // This inner QAWC does not stop at its ends: were f not finite there, its rule falls back to the
                    // interior Chebyshev points.
                    split.Add((abs2, rel2, lim2) =>
                        new CauchyPrincipalValueIntegrator(new CauchyWeightRule(sampler, c, c - d, c + d), c, abs2, rel2, lim2)
                            .Integrate(c - d, c + d));
                    OffPole(split, sampler, k => WeightedByPole(sampler, c, k), c, c + d, q);
                }
            }

            return PiecewiseIntegration.Run(split, abs, rel, lim);
        };
    }

    /// <summary>
    /// Below this many ulps of c between the pole and the nearer end of a QAWC piece, QAWC cannot work: its bisection
    /// (cut halfway between c and the far end) soon makes subintervals of a few ulps beside the pole, where the
    /// Kronrod nodes coincide and the unresolved-interval bound (length times the spread of f(x)/(x − c), about
    /// f(c)/2) ends the run with BadIntegrandBehaviour: PV ∫₀¹ eˣ/(x − c) dx for c = 1 − 1.5e-14 came out right to
    /// 1e-16 under an error of 1.37 (SciPy converges). 200 ulps still failed, 256 did not; 1024 leaves a margin.
    /// </summary>
    internal const double NarrowPoleUlps = 1024.0;

    /// <summary>The smaller spacing of the doubles on either side of <paramref name="x"/>.</summary>
    private static double Ulp(double x) => Math.Min(Math.BitIncrement(x) - x, x - Math.BitDecrement(x));

    /// <summary>
    /// PV ∫_p^q f(x)/(x − c) dx when the pole lies within <see cref="NarrowPoleUlps"/> ulps of the nearer end: the
    /// interval [c − r, c + r] (r that distance) is only a few hundred doubles wide, so f, smooth near c, is linear on
    /// it to rounding and PV ∫ (A + B(x − c))/(x − c) dx = A·ln(d₊/d₋) + B·(d₊ + d₋) exactly (d₋, d₊ the distances of
    /// the ends, equal unless c + r rounded), i.e. f(c + r) − f(c − r) plus the log term. Its error is bounded by the
    /// size of the linear part (the curvature terms are smaller by r/scale of f), the uncertainty of A (the departure
    /// from the line at the interior points, and the rounding of the two values of f) times 1 + |ln(d₊/d₋)|. The
    /// rest of [p, q] no longer contains the pole and is integrated in ln|x − c| (<see cref="LogPiece"/>), which
    /// integrates the weight exactly however few doubles it spans (the Kronrod rule of <see cref="OffPole"/> on a
    /// remainder one ulp wide, next to the pole, mis-weighted it by 4% and ended with BadIntegrandBehaviour). Should f not be finite at an end
    /// (a limit where f is singular), or should f not be linear on the piece to rounding at the interior points of
    /// <see cref="InteriorChecks"/> (f bending on the scale of a few hundred ulps), the general QAWC path takes over.
    /// </summary>
    private static PiecewiseIntegration.Piece NarrowPolePiece(IntegrandSampler sampler, double c, double p, double q,
        double reach)
    {
        // The far side through Beyond: c + r can round back onto c where the doubles beyond c are spaced twice as wide
        // (c a power of two, the near end below it): PV ∫ eˣ/(x − 0.5) dx from the double below 0.5 had hi = c, a log of 0
        // and a logarithmic piece starting at the pole, and ended NonFiniteIntegrand 'at x = NaN' with no value.
        double lo = Math.Max(p, Beyond(c, -1.0, reach)), hi = Math.Min(q, Beyond(c, 1.0, reach));
        List<PiecewiseIntegration.Piece>? pieces = null;
        PiecewiseIntegration.Piece? fallback = null;
        return (abs, rel, lim) =>
        {
            if (fallback is not null)
                return fallback(abs, rel, lim);
            if (pieces is null)
            {
                double[] x = InteriorChecks(c, reach, lo, hi), fx = new double[x.Length];
                (bool first, bool last) = sampler.EvaluateToleratingEnds(x, fx, tolerateFirst: lo == p, tolerateLast: hi == q);
                double f0 = fx[0], f1 = fx[^1];
                double below = c - lo, above = hi - c;
                double slope = (f1 - f0) / (below + above), atPole = f0 + slope * below;
                // f must be linear on the piece to rounding for the formula below; one that varies on the scale of these few
                // hundred ulps (sin(π(x − c)/r)) came out as 0 where the piece holds 2·Si(π) = 3.7, under an error of 0.003.
                // The interior samples (differences from lo exact: they are close) measure the departure from the line.
                double deviation = 0.0, largest = Math.Max(Math.Abs(f0), Math.Abs(f1));
                for (int i = 1; i < x.Length - 1; i++)
                {
                    deviation = Math.Max(deviation, Math.Abs(fx[i] - (f0 + slope * (x[i] - lo))));
                    largest = Math.Max(largest, Math.Abs(fx[i]));
                }

                if (first || last || !(deviation <= LinearNoise * RuleEstimate.Epsilon * largest))
                {
                    fallback = GeneralCauchyPiece(sampler, c, p, q);
                    return fallback(abs, rel, lim);
                }

                double logTerm = atPole * Math.Log(above / below), linear = f1 - f0;
                double value = logTerm + linear;
                // The log term is exact for the value at the pole; only that value is uncertain, by the curvature
                // (C·d₋·d₊, which the interior samples' departure from the line measures) and f's rounding. Counting the
                // whole term as error made a pole whose ends' distances differ (c = 0.5 and the double below it: d₊ = 2d₋,
                // the spacing doubles at 0.5) RoundoffDetected ± f(c)·ln 2 on the exact value: PV ∫ eˣ/(x − 0.5) dx from
                // 0.5 − 1, 3, 7 ulps to 1 came out right to 1e-15 ± 1.14, 0.47, 0.22.
                double logRatio = Math.Abs(Math.Log(above / below));
                double error = Math.Abs(linear) + 8.0 * deviation * (1.0 + logRatio)
                    + 8.0 * RuleEstimate.Epsilon * (Math.Abs(f0) + Math.Abs(f1)) * (1.0 + logRatio);
                pieces = [(a2, r2, l2) => new PieceOutcome(value, error, 1,
                    error <= Math.Max(a2, r2 * Math.Abs(value)) ? QuadStatus.Converged : QuadStatus.RoundoffDetected,
                    PieceOutcome.Describe(error <= Math.Max(a2, r2 * Math.Abs(value)) ? QuadStatus.Converged : QuadStatus.RoundoffDetected))];
                if (p < lo)
                    pieces.Add(LogPiece(sampler, c, -1.0, lo, p));
                if (hi < q)
                    pieces.Add(LogPiece(sampler, c, 1.0, hi, q));
            }

            return PiecewiseIntegration.Run(pieces, abs, rel, lim);
        };
    }

    /// <summary>
    /// The departure from linearity, in units of ε times the largest |f| sampled, that <see cref="NarrowPolePiece"/> still
    /// takes for rounding: f's own rounding (exp(50x) at x = 1 is off by about 26ε from the rounding of 50x) stays well
    /// below it, and an f that bends on the piece's scale is far above it.
    /// </summary>
    private const double LinearNoise = 512.0;

    /// <summary>
    /// The ends of the narrow piece and, between them, points at fractions of <paramref name="reach"/> from c that no
    /// low frequency aliases to a line (none at c itself, where f may not be needed; ones that round onto an end, onto c
    /// or onto the previous point are left out), in increasing order.
    /// </summary>
    private static double[] InteriorChecks(double c, double reach, double lo, double hi)
    {
        ReadOnlySpan<double> fractions = [-0.77, -0.31, -0.05, 0.07, 0.43, 0.89];
        var x = new List<double>(fractions.Length + 2) { lo };
        foreach (double t in fractions)
        {
            double xi = c + t * reach;
            if (xi > x[^1] && xi < hi && xi != c)
                x.Add(xi);
        }

        x.Add(hi);
        return [.. x];
    }

    /// <summary>∫ f(x)/(x − c) dx between <paramref name="from"/> and <paramref name="to"/> (both on the
    /// given side of c, |from − c| &lt; |to − c|), integrated in u = ln|x − c|.</summary>
    private static PiecewiseIntegration.Piece LogPiece(IntegrandSampler sampler, double c, double side, double from, double to)
    {
        (double lower, double upper) = new LogDistanceRule(sampler, c, side, from, to).Range;
        double[] partition = [lower, upper];
        return (abs, rel, lim) => new ExtrapolatingIntegrator(new LogDistanceRule(sampler, c, side, from, to), abs, rel, lim)
            .Integrate(partition);
    }

    private static PiecewiseIntegration.Piece Tail(Func<int, IntegrandSampler> weighted, double c, double bound,
        InfiniteRange range, double scale)
    {
        // The map x = bound ± scale·(1 − t)/t reaches bound ± 233·scale at the first rule's outermost node (t = 0.0043): with the
        // scale at the pole's distance that lies beyond ±double.MaxValue once |c| exceeds about 1.5e306, and PV ∫ e^(−x)/(x − c)
        // over [0, ∞) for c = 1e307 ended Overflow NaN ± ∞ although its value, −1e-307, and every sample of f are finite
        // (audit qawc57). So the scale is kept below 2^-10 of the room left to ±double.MaxValue: the first rule and two
        // bisections towards t = 0 stay within the doubles; a tail that still needs samples beyond them ends Overflow as before.
        // (Not where that room is too small to spread the nodes over: a tail from ±double.MaxValue itself ends Overflow.)
        double room = range == InfiniteRange.Upper ? double.MaxValue - bound : double.MaxValue + bound;
        double limited = TailRoom * room;
        if (scale > limited && limited >= TailResolution * Ulp(bound))
            scale = limited;
        int k = DistanceExponent(Math.Max(Math.Abs(bound - c), scale));
        IntegrandSampler sampler = weighted(k);
        return Scaled((abs, rel, lim) => new ExtrapolatingIntegrator(new InfiniteRangeRule(sampler, bound, range, scale), abs, rel, lim)
            .Integrate([0.0, 1.0]), k);
    }

    /// <summary>The largest scale of a principal value's tail map, as a fraction (2^-10) of the distance from its bound to
    /// ±double.MaxValue (see <see cref="Tail"/>).</summary>
    private const double TailRoom = 9.765625e-4;

    /// <summary>The least span, in ulps of the bound, that a clamped tail scale must keep (2^9: with c at
    /// <see cref="LargestTailPole"/> the scale is about 2^10 ulps).</summary>
    private const double TailResolution = 512.0;

    /// <summary>
    /// The largest |c| accepted when the range runs to infinity on c's side: double.MaxValue − 2^992 (1.7976931344e308). The
    /// interval QAWC takes about c and the tail beyond it need doubles past c; closer to ±double.MaxValue there are fewer than
    /// 2^21 of them (<see cref="Quad.CauchyPrincipalValue(BatchIntegrand, double, double, double, QuadOptions?)"/> throws).
    /// </summary>
    internal const double LargestTailPole = 1.7976931344437577e308;

    /// <summary>How far c may reach towards ±double.MaxValue on the side where the range runs to infinity (side = +1: +∞):
    /// half the distance left, so that the tail beyond keeps room (see <see cref="Tail"/>).</summary>
    private static double TailReach(double c, double side) => 0.5 * (side > 0 ? double.MaxValue - c : double.MaxValue + c);

    /// <summary>A pole closer than this (2^-960) to a finite range off it has the weight scaled by its distance.</summary>
    private const double TinyDistance = 1.0261342003245941e-289;

    /// <summary>k with 2^k ≈ <paramref name="distance"/> when it exceeds 2^64, else 0 (ordinary pieces
    /// run exactly as QUADPACK's).</summary>
    private static int DistanceExponent(double distance) =>
        distance > 1.8446744073709552e19 ? Math.ILogB(Math.Min(distance, double.MaxValue)) : 0;

    /// <summary>A piece that integrates 2^k times the integrand: tolerances go in scaled up, results come
    /// out scaled down (exactly, by powers of two).</summary>
    private static PiecewiseIntegration.Piece Scaled(PiecewiseIntegration.Piece piece, int k) =>
        k == 0
            ? piece
            : (abs, rel, lim) =>
            {
                PieceOutcome o = piece(Math.ScaleB(abs, k), rel, lim);
                return o with { Value = Math.ScaleB(o.Value, -k), Error = Math.ScaleB(o.Error, -k) };
            };
}
