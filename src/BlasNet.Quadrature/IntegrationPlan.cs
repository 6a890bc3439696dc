namespace BlasNet.Quadrature;

/// <summary>
/// Decides which QUADPACK driver integrates which part of the range: QAGS or QAGP on the finite part,
/// QAGI on each infinite tail, QAWC around a pole (with the symmetric-interval-plus-tail split when the
/// range around the pole is infinite).
/// </summary>
internal static class IntegrationPlan
{
    /// <summary>Pieces for ∫ f over [lo, hi] (either may be infinite), split at the breakpoints.</summary>
    public static List<PiecewiseIntegration.Piece> Ordinary(IntegrandSampler sampler, double lo, double hi,
        double[] breaks)
    {
        var pieces = new List<PiecewiseIntegration.Piece>();
        // The finite part runs between the first and last finite points (limits or breakpoints); each
        // infinite tail starts where it ends.
        double finiteLo = double.IsFinite(lo) ? lo : (breaks.Length > 0 ? breaks[0] : hi);
        double finiteHi = double.IsFinite(hi) ? hi : (breaks.Length > 0 ? breaks[^1] : lo);
        if (double.IsInfinity(lo) && double.IsInfinity(hi) && breaks.Length == 0)
        {
            pieces.Add((abs, rel, lim) => new ExtrapolatingIntegrator(
                new InfiniteRangeRule(sampler, 0.0, InfiniteRange.Whole), abs, rel, lim).Integrate([0.0, 1.0]));
            return pieces;
        }

        if (double.IsNegativeInfinity(lo))
        {
            pieces.Add((abs, rel, lim) => new ExtrapolatingIntegrator(
                new InfiniteRangeRule(sampler, finiteLo, InfiniteRange.Lower, TailScale(finiteLo)), abs, rel, lim).Integrate([0.0, 1.0]));
        }

        if (finiteLo < finiteHi)
        {
            var points = new List<double> { finiteLo };
            foreach (double p in breaks)
            {
                if (p > finiteLo && p < finiteHi)
                    points.Add(p);
            }

            points.Add(finiteHi);
            double[] partition = [.. points];
            pieces.Add((abs, rel, lim) => new ExtrapolatingIntegrator(
                new FiniteKronrodRule(sampler, GaussKronrodRule.Kronrod21), abs, rel, lim).Integrate(partition));
        }

        if (double.IsPositiveInfinity(hi))
        {
            pieces.Add((abs, rel, lim) => new ExtrapolatingIntegrator(
                new InfiniteRangeRule(sampler, finiteHi, InfiniteRange.Upper, TailScale(finiteHi)), abs, rel, lim).Integrate([0.0, 1.0]));
        }

        return pieces;
    }

    /// <summary>Pieces for PV ∫ f(x)/(x − c) over [lo, hi] (either may be infinite), split at the breakpoints.</summary>
    public static List<PiecewiseIntegration.Piece> PrincipalValue(IntegrandSampler sampler,
        double lo, double hi, double c, double[] breaks)
    {
        // Pieces that do not contain the pole integrate f(x)/(x − c) directly. Points still go through the
        // call's sampler, so each evaluation of f is counted (and checked) once.
        var weighted = new IntegrandSampler((x, fx) =>
        {
            sampler.Evaluate(x, fx);
            for (int i = 0; i < x.Length; i++)
                fx[i] /= x[i] - c;
        });

        var pieces = new List<PiecewiseIntegration.Piece>();
        var edges = new List<double> { lo };
        edges.AddRange(breaks);
        edges.Add(hi);
        for (int k = 0; k + 1 < edges.Count; k++)
        {
            double p = edges[k], q = edges[k + 1];
            if (!(p < c && c < q))
            {
                pieces.AddRange(Ordinary(weighted, p, q, []));
                continue;
            }

            if (double.IsFinite(p) && double.IsFinite(q))
            {
                pieces.Add(CauchyPiece(sampler, c, p, q));
                continue;
            }

            // Infinite range around the pole: QAWC on the interval symmetric about c that reaches the
            // finite limit, QAGI on what is left, scaled to the half-width so a 1/x tail stays smooth.
            double left, right, halfWidth;
            if (double.IsFinite(p))
            {
                halfWidth = c - p;
                (left, right) = (p, c + halfWidth);
            }
            else if (double.IsFinite(q))
            {
                halfWidth = q - c;
                (left, right) = (c - halfWidth, q);
            }
            else
            {
                halfWidth = Math.Max(1.0, Math.Abs(c));
                (left, right) = (c - halfWidth, c + halfWidth);
            }

            pieces.Add(CauchyPiece(sampler, c, left, right));
            double scale = halfWidth;
            if (double.IsNegativeInfinity(p))
            {
                pieces.Add((abs, rel, lim) => new ExtrapolatingIntegrator(
                    new InfiniteRangeRule(weighted, left, InfiniteRange.Lower, scale), abs, rel, lim)
                    .Integrate([0.0, 1.0]));
            }

            if (double.IsPositiveInfinity(q))
            {
                pieces.Add((abs, rel, lim) => new ExtrapolatingIntegrator(
                    new InfiniteRangeRule(weighted, right, InfiniteRange.Upper, scale), abs, rel, lim)
                    .Integrate([0.0, 1.0]));
            }
        }

        return pieces;
    }

    private static PiecewiseIntegration.Piece CauchyPiece(IntegrandSampler sampler, double c, double p, double q) =>
        (abs, rel, lim) => new CauchyPrincipalValueIntegrator(new CauchyWeightRule(sampler, c), c, abs, rel, lim).Integrate(p, q);

    /// <summary>
    /// Length scale of the map x = bound ± s·(1 − t)/t for a tail starting at <paramref name="bound"/>:
    /// QUADPACK's s = 1 for bounds within [−1, 1] (so the published cases run exactly as QUADPACK's), and
    /// s = |bound| beyond. With s = 1 an integrand decaying like x^−p from a bound of 1e11 lives entirely
    /// in t &lt; 1e-11 and QUADPACK reports a negative "divergent" value for ∫ 1/x²; with s = |bound| it is
    /// smooth in t.
    /// </summary>
    private static double TailScale(double bound) => Math.Max(1.0, Math.Abs(bound));
}
