namespace BlasNet.Quadrature;

/// <summary>
/// The globally adaptive driver with Wynn-epsilon extrapolation shared by QUADPACK's QAGS (one finite
/// interval, 21-point rule), QAGI (the transformed infinite range on (0, 1], 15-point rule) and QAGP
/// (several initial intervals between user breakpoints).
/// </summary>
/// <remarks>
/// Strategy (Piessens et al. 1983, §3.4): bisect the interval with the largest error estimate until the
/// summed error meets the tolerance. When the interval to bisect is already among the smallest
/// (bisection level ≥ the current maximum level), the remaining error is concentrated at a singularity;
/// the driver then bisects only the larger intervals until their error is small, and feeds the running
/// total into the epsilon table, whose limit converges much faster than the plain sums. The extrapolated
/// value is kept whenever its error estimate beats the best so far. Heuristic counters detect roundoff
/// (subdivision no longer reduces the error), stalling extrapolation and divergence.
/// </remarks>
internal sealed class ExtrapolatingIntegrator
{
    private const double Epsilon = RuleEstimate.Epsilon;
    private const double Huge = double.MaxValue;
    private const double ExtrapolationSafety = 2.0;

    private readonly IntervalRule rule;
    private readonly double absTol;
    private readonly double relTol;
    private readonly int limit;

    public ExtrapolatingIntegrator(IntervalRule rule, double absoluteTolerance, double relativeTolerance, int maxIntervals)
    {
        this.rule = rule;
        absTol = absoluteTolerance;
        relTol = relativeTolerance;
        limit = maxIntervals;
    }

    private double Tolerance(double value) => Math.Max(absTol, relTol * Math.Abs(value));

    /// <summary>
    /// Integrates over the partition given by <paramref name="points"/> (ascending, at least two). With
    /// two points this is QAGS/QAGI, with more it is QAGP.
    /// </summary>
    public PieceOutcome Integrate(ReadOnlySpan<double> points)
    {
        bool breakpoints = points.Length > 2;
        int initial = points.Length - 1;
        var list = new SubintervalList(Math.Max(limit, initial));

        // First approximation, one rule per initial interval.
        double result = 0.0, abserr = 0.0, totalAbs = 0.0;
        bool anyUnreliable = false;
        Span<bool> unreliable = initial <= 256 ? stackalloc bool[initial] : new bool[initial];
        double firstAsc = 0.0;
        for (int k = 0; k < initial; k++)
        {
            RuleEstimate est = rule.Apply(points[k], points[k + 1]);
            RangeOverflowException.ThrowIfNotFinite(est, points[k], points[k + 1]);
            result += est.Value;
            abserr += est.Error;
            totalAbs += est.AbsIntegral;
            firstAsc = est.AscIntegral;
            unreliable[k] = breakpoints && est.ErrorIsSaturated && est.Error != 0.0;
            anyUnreliable |= unreliable[k];
            list.Add(points[k], points[k + 1], est.Value, est.Error, 0);
        }

        RangeOverflowException.ThrowIfNotFinite(result, abserr);

        // QAGP: an initial interval whose error estimate saturated is charged the whole error, so that it
        // is bisected early.
        double errsum = abserr;
        if (anyUnreliable)
        {
            errsum = 0.0;
            for (int k = 0; k < initial; k++)
            {
                if (unreliable[k])
                    list.SetError(k, abserr);
                errsum += list.Error(k);
            }
        }

        double dres = Math.Abs(result);
        double errbnd = Tolerance(dres);
        var status = QuadStatus.Converged;
        if (abserr <= 100.0 * Epsilon * totalAbs && abserr > errbnd)
            status = QuadStatus.RoundoffDetected;
        bool acceptFirst = breakpoints
            ? abserr <= errbnd
            : (abserr <= errbnd && abserr != firstAsc) || abserr == 0.0;
        // QUADPACK reports the limit even when the first estimate already meets the tolerance; that is
        // convergence, so only a first estimate that misses it counts as hitting the limit.
        if (limit <= initial && !acceptFirst)
            status = QuadStatus.MaxIntervalsReached;
        if (status != QuadStatus.Converged || acceptFirst)
            return new PieceOutcome(result, abserr, initial, status, PieceOutcome.Describe(status));

        var table = new WynnEpsilonTable();
        table.Append(result);
        double area = result;
        abserr = Huge;
        int ksgn = dres >= (1.0 - 50.0 * Epsilon) * totalAbs ? 1 : -1;
        int nrmax = 1;
        int maxerr = list.ByErrorRank(0);
        double errmax = list.Error(maxerr);
        int levmax = 1;
        double erlarg = errsum, ertest = errbnd, correc = 0.0;
        bool extrap = false, noext = false, extrapolationRoundoff = false;
        int ktmin = 0, iroff1 = 0, iroff2 = 0, iroff3 = 0;
        bool roundoffInExtrapolation = false; // QUADPACK's ierro = 3
        bool stalledTable = false;            // QUADPACK's ier = 5
        bool sumAtEnd = false;

        for (int last = initial + 1; last <= limit; last++)
        {
            int levcur = list.Level(maxerr) + 1;
            double a1 = list.Lower(maxerr), b2 = list.Upper(maxerr);
            double b1 = IntervalGeometry.Centre(a1, b2), a2 = b1;
            double erlast = errmax;
            RuleEstimate left = rule.Apply(a1, b1);
            RuleEstimate right = rule.Apply(a2, b2);
            RangeOverflowException.ThrowIfNotFinite(left, a1, b1);
            RangeOverflowException.ThrowIfNotFinite(right, a2, b2);
            double area12 = left.Value + right.Value;
            double erro12 = left.Error + right.Error;
            double previous = list.Value(maxerr);
            errsum += erro12 - errmax;
            area += area12 - previous;
            RangeOverflowException.ThrowIfNotFinite(area, errsum);

            if (!left.ErrorIsSaturated && !right.ErrorIsSaturated)
            {
                // Bisection that neither changes the value nor reduces the error points at roundoff.
                if (Math.Abs(previous - area12) <= 1e-5 * Math.Abs(area12) && erro12 >= 0.99 * errmax)
                {
                    if (extrap)
                        iroff2++;
                    else
                        iroff1++;
                }

                if (last > 10 && erro12 > errmax)
                    iroff3++;
            }

            errbnd = Tolerance(area);
            if (iroff1 + iroff2 >= 10 || iroff3 >= 20)
                status = QuadStatus.RoundoffDetected;
            if (iroff2 >= 5)
                roundoffInExtrapolation = true;
            if (last == limit)
                status = QuadStatus.MaxIntervalsReached;
            if (Math.Max(Math.Abs(a1), Math.Abs(b2)) <= (1.0 + 100.0 * Epsilon) * (Math.Abs(a2) + 1000.0 * RuleEstimate.Underflow))
                status = QuadStatus.BadIntegrandBehaviour;

            // The skipped (small, larger-error) intervals ahead of the bisected one stay ahead only if
            // their error exceeds the larger new half's (QUADPACK's qpsrt).
            double newMax = Math.Max(left.Error, right.Error);
            int stillAhead = 0;
            while (stillAhead < nrmax - 1 && list.Error(list.ByErrorRank(stillAhead)) > newMax)
                stillAhead++;
            list.Bisect(maxerr, nrmax - 1,
                new SubintervalList.Piece(a1, b1, left.Value, left.Error),
                new SubintervalList.Piece(a2, b2, right.Value, right.Error), levcur);
            nrmax = stillAhead + 1;
            maxerr = list.ByErrorRank(nrmax - 1);
            errmax = list.Error(maxerr);

            // errsum is kept up to date by differences, which drift (and can even go negative) when the
            // errors fall by many orders of magnitude: a stop on it is confirmed by the sum itself.
            if (errsum <= errbnd)
                errsum = list.SumErrors();
            if (errsum <= errbnd)
            {
                // Met on the very last allowed bisection: that is convergence, not a limit failure.
                if (status == QuadStatus.MaxIntervalsReached)
                    status = QuadStatus.Converged;
                sumAtEnd = true;
                break;
            }

            if (status != QuadStatus.Converged)
                break;

            if (!breakpoints && last == 2)
            {
                // QAGS/QAGI: after the first bisection "small" means a quarter of the range (level 2).
                levmax = 2;
                erlarg = errsum;
                ertest = errbnd;
                table.Append(area);
                continue;
            }

            if (noext)
                continue;

            erlarg -= erlast;
            if (levcur < levmax)
                erlarg += erro12;

            if (!extrap)
            {
                // Extrapolation starts only once the worst interval is among the smallest.
                if (list.Level(maxerr) < levmax)
                    continue;
                extrap = true;
                nrmax = 2;
            }

            if (!roundoffInExtrapolation && erlarg > ertest)
            {
                // The large intervals still carry too much error: bisect the worst of them first.
                int jupbnd = last > 2 + limit / 2 ? limit + 3 - last : last;
                bool foundLarge = false;
                for (int k = nrmax; k <= jupbnd && nrmax <= list.Count; k++)
                {
                    maxerr = list.ByErrorRank(nrmax - 1);
                    errmax = list.Error(maxerr);
                    if (list.Level(maxerr) < levmax)
                    {
                        foundLarge = true;
                        break;
                    }

                    nrmax++;
                }

                if (foundLarge)
                    continue;
            }

            // Extrapolate the running total.
            table.Append(area);
            if (!breakpoints || table.Count > 2)
            {
                (double reseps, double abseps) = table.Extrapolate();
                // QUADPACK takes the spread of the last three extrapolations as the error. Near a
                // singularity the sums fed to the table carry roundoff that the spread can miss (SciPy
                // reports 1.3e-13 for a 1.9e-13 error on 1/sqrt(1 − x²)), so the estimate is doubled
                // before it is trusted for convergence or reported.
                if (abseps < Huge / ExtrapolationSafety)
                    abseps *= ExtrapolationSafety;
                ktmin++;
                if (ktmin > 5 && abserr < 1e-3 * errsum)
                    stalledTable = true;
                if (abseps < abserr)
                {
                    ktmin = 0;
                    abserr = abseps;
                    result = reseps;
                    correc = erlarg;
                    ertest = Tolerance(reseps);
                    if (breakpoints ? abserr < ertest : abserr <= ertest)
                        break;
                }

                if (table.Count == 1)
                    noext = true;
                if (stalledTable)
                    break;
            }

            // Go back to bisecting the largest-error interval, one level finer.
            maxerr = list.ByErrorRank(0);
            errmax = list.Error(maxerr);
            nrmax = 1;
            extrap = false;
            levmax++;
            erlarg = errsum;
        }

        return Finish();

        PieceOutcome Finish()
        {
            if (stalledTable && status == QuadStatus.Converged)
            {
                status = QuadStatus.RoundoffDetected;
                extrapolationRoundoff = true;
            }

            if (!sumAtEnd && abserr != Huge)
            {
                bool divergenceTest;
                if (status == QuadStatus.Converged && !roundoffInExtrapolation)
                {
                    divergenceTest = true;
                }
                else
                {
                    if (roundoffInExtrapolation)
                        abserr += correc;
                    if (status == QuadStatus.Converged)
                        status = QuadStatus.RoundoffDetected;
                    if (result != 0.0 && area != 0.0)
                    {
                        // Keep whichever of the extrapolated and summed results has the smaller relative error.
                        divergenceTest = abserr / Math.Abs(result) <= errsum / Math.Abs(area);
                        sumAtEnd = !divergenceTest;
                    }
                    else if (abserr > errsum)
                    {
                        divergenceTest = false;
                        sumAtEnd = true;
                    }
                    else
                    {
                        divergenceTest = area != 0.0;
                    }
                }

                if (divergenceTest && !(ksgn == -1 && Math.Max(Math.Abs(result), Math.Abs(area)) <= totalAbs * 0.01))
                {
                    double ratio = result / area;
                    if (0.01 > ratio || ratio > 100.0 || errsum > Math.Abs(area))
                        status = QuadStatus.Divergent;
                }
            }
            else
            {
                sumAtEnd = true;
            }

            if (sumAtEnd)
            {
                result = list.SumValues();
                abserr = list.SumErrors();
            }

            string message = extrapolationRoundoff && status == QuadStatus.RoundoffDetected
                ? "Roundoff error was detected in the extrapolation table; the result is the best that can be obtained."
                : PieceOutcome.Describe(status);
            return new PieceOutcome(result, abserr, list.Count, status, message);
        }
    }
}
