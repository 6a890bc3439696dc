namespace BlasNet.Quadrature;

/// <summary>
/// QUADPACK's QAWSE driver: globally adaptive bisection of ∫_a^b (x − a)^α (b − x)^β f(x) dx on a finite range,
/// without extrapolation. [a, b] is split at its midpoint first, so that no subinterval touches both singular
/// ends; the interval with the largest error is bisected until the summed error meets the tolerance.
/// </summary>
internal sealed class AlgebraicWeightIntegrator(AlgebraicWeightRule rule, double absTol, double relTol, int limit)
{
    public PieceOutcome Integrate(double a, double b)
    {
        var list = new SubintervalList(Math.Max(limit, 2));
        double mid = IntervalGeometry.Centre(a, b);
        RuleEstimate left = rule.Apply(a, mid), right = rule.Apply(mid, b);
        RangeOverflowException.ThrowIfNotFinite(left, a, mid);
        RangeOverflowException.ThrowIfNotFinite(right, mid, b);
        list.Add(a, mid, left.Value, left.Error, 0);
        list.Add(mid, b, right.Value, right.Error, 0);
        double area = left.Value + right.Value, errsum = left.Error + right.Error;
        QuadStatus status;
        while (true)
        {
            RangeOverflowException.ThrowIfNotFinite(area, errsum);
            double tolerance = Math.Max(absTol, relTol * Math.Abs(area));
            if (errsum <= tolerance)
            {
                // The running sums drift by differences; confirm with fresh ones.
                area = list.SumValues();
                errsum = list.SumErrors();
                if (errsum <= Math.Max(absTol, relTol * Math.Abs(area)))
                {
                    status = QuadStatus.Converged;
                    break;
                }
            }

            // The first split already makes two intervals; QUADPACK's QAWSE likewise needs limit ≥ 2.
            if (list.Count >= limit)
            {
                status = QuadStatus.MaxIntervalsReached;
                break;
            }

            int worst = list.ByErrorRank(0);
            double a1 = list.Lower(worst), b2 = list.Upper(worst);
            double b1 = IntervalGeometry.Centre(a1, b2);
            if (Math.Max(Math.Abs(a1), Math.Abs(b2)) <= (1.0 + 100.0 * RuleEstimate.Epsilon) * (Math.Abs(b1) + 1000.0 * RuleEstimate.Underflow)
                || b1 <= a1 || b1 >= b2)
            {
                status = QuadStatus.BadIntegrandBehaviour;
                break;
            }

            RuleEstimate l = rule.Apply(a1, b1), r = rule.Apply(b1, b2);
            RangeOverflowException.ThrowIfNotFinite(l, a1, b1);
            RangeOverflowException.ThrowIfNotFinite(r, b1, b2);
            area += l.Value + r.Value - list.Value(worst);
            errsum += l.Error + r.Error - list.Error(worst);
            list.Bisect(worst, 0, new SubintervalList.Piece(a1, b1, l.Value, l.Error),
                new SubintervalList.Piece(b1, b2, r.Value, r.Error), 0);
        }

        return new PieceOutcome(list.SumValues(), list.SumErrors(), list.Count, status, PieceOutcome.Describe(status));
    }
}
