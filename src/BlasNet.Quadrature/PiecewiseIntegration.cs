namespace BlasNet.Quadrature;

/// <summary>
/// Runs several adaptive pieces (ranges split at breakpoints, or a principal value split into a symmetric
/// part and its tails) and adds them up, so that the sum, not only each piece, meets the tolerance.
/// </summary>
/// <remarks>
/// A relative tolerance applied piece by piece fails in two ways: a piece whose value is (nearly) zero can
/// never meet it, and pieces that cancel meet theirs while the sum does not. So the pieces first get one
/// rule each to size the total, then run with an absolute floor of RelativeTolerance·|total|/pieces, and
/// if the sum still misses the tolerance they run once more with the absolute tolerance the sum needs.
/// </remarks>
internal static class PiecewiseIntegration
{
    /// <summary>One piece: runs with the given absolute and relative tolerances and interval limit.</summary>
    public delegate PieceOutcome Piece(double absoluteTolerance, double relativeTolerance, int maxIntervals);

    public static PieceOutcome Run(IReadOnlyList<Piece> pieces, double absTol, double relTol, int limit)
    {
        if (pieces.Count == 1)
            return pieces[0](absTol, relTol, limit);

        int k = pieces.Count;
        double sizing = 0.0;
        foreach (Piece piece in pieces)
            sizing += piece(absTol, relTol, 1).Value;
        double floor = Math.Max(absTol, relTol * Math.Abs(sizing)) / k;

        var outcomes = new PieceOutcome[k];
        for (int i = 0; i < k; i++)
            outcomes[i] = pieces[i](floor, relTol, limit);
        PieceOutcome total = Sum(outcomes);
        double target = Math.Max(absTol, relTol * Math.Abs(total.Value));
        if (total.Error > target && target > 0.0 && IsUsable(total.Status))
        {
            // The pieces cancel more than the sizing pass showed, or the sizing pass (one rule a piece) missed most
            // of the total: run again with the absolute tolerance the sum needs, shared out between the pieces.
            double share = target / k;
            for (int i = 0; i < k; i++)
            {
                PieceOutcome first = outcomes[i];
                if (first.Status != QuadStatus.Converged)
                {
                    // A piece that stopped at MaxIntervals or on roundoff has spent its limit on the worst intervals:
                    // run again to a tolerance no looser than the one it failed at, its bisections (ranked by error,
                    // whatever the tolerance) repeat to the same limit and about the same error, doubling the
                    // evaluations of every such failing call: its first estimate stands, and counts in the sum's
                    // error. But when the sizing pass underestimated the total, the share is looser than the
                    // tolerance the piece failed at, and the piece may well converge to it (a noisy piece stopped on
                    // roundoff just above its first tolerance): run it again then, keeping the better outcome.
                    double failedAt = Math.Max(floor, relTol * Math.Abs(first.Value));
                    if (!(share > failedAt && first.Error > share))
                        continue;
                }

                PieceOutcome again = pieces[i](share, 0.0, limit);
                if (first.Status != QuadStatus.Converged && again.Status != QuadStatus.Converged
                    && !(IsUsable(again.Status) && again.Error < first.Error))
                    continue;
                outcomes[i] = again;
            }

            total = Sum(outcomes);
            target = Math.Max(absTol, relTol * Math.Abs(total.Value));
        }

        if (IsUsable(total.Status) && total.Error <= target)
        {
            // A piece that could not reach its own tolerance (say, a piece whose value is 0) does not
            // matter when the summed error estimate meets the tolerance of the sum.
            return total with { Status = QuadStatus.Converged, Message = PieceOutcome.Describe(QuadStatus.Converged) };
        }

        if (total.Status == QuadStatus.Converged)
        {
            return total with
            {
                Status = QuadStatus.RoundoffDetected,
                Message = "Every piece converged, but their sum cancels so much that the combined error estimate "
                    + "exceeds the tolerance.",
            };
        }

        return total;
    }

    private static bool IsUsable(QuadStatus status) =>
        status is QuadStatus.Converged or QuadStatus.RoundoffDetected or QuadStatus.MaxIntervalsReached;

    private static PieceOutcome Sum(PieceOutcome[] outcomes)
    {
        double value = 0.0, error = 0.0;
        int intervals = 0;
        var status = QuadStatus.Converged;
        string message = PieceOutcome.Describe(QuadStatus.Converged);
        foreach (PieceOutcome outcome in outcomes)
        {
            value += outcome.Value;
            error += outcome.Error;
            intervals += outcome.Intervals;
            // Report the most serious failure: one that leaves no usable estimate beats one that does.
            if (outcome.Status != QuadStatus.Converged && (status == QuadStatus.Converged || (IsUsable(status) && !IsUsable(outcome.Status))))
            {
                status = outcome.Status;
                message = outcome.Message;
            }
        }

        return new PieceOutcome(value, error, intervals, status, message);
    }
}
