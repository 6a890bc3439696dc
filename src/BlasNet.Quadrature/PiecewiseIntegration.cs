namespace BlasNet.Quadrature;

/// <summary>
/// Runs several adaptive pieces (ranges split at breakpoints, or a principal value split into a symmetric
/// part and its tails) and adds them up, so that the sum, not only each piece, meets the tolerance.
/// </summary>
internal static class PiecewiseIntegration
{
    /// <summary>One piece: runs with the given absolute and relative tolerances.</summary>
    public delegate PieceOutcome Piece(double absoluteTolerance, double relativeTolerance);

    public static PieceOutcome Run(IReadOnlyList<Piece> pieces, double absTol, double relTol)
    {
        if (pieces.Count == 1)
            return pieces[0](absTol, relTol);

        PieceOutcome total = RunAll(pieces, absTol / pieces.Count, relTol);
        double target = Math.Max(absTol, relTol * Math.Abs(total.Value));
        if (total.Status == QuadStatus.Converged && total.Error > target && target > 0.0)
        {
            // Each piece met its own relative tolerance but the pieces cancel, so the sum did not: run
            // again with the absolute tolerance the sum needs, shared out between the pieces.
            total = RunAll(pieces, target / pieces.Count, 0.0);
            target = Math.Max(absTol, relTol * Math.Abs(total.Value));
        }

        if (total.Status == QuadStatus.Converged && total.Error > target)
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

    private static PieceOutcome RunAll(IReadOnlyList<Piece> pieces, double absTol, double relTol)
    {
        double value = 0.0, error = 0.0;
        int intervals = 0;
        var status = QuadStatus.Converged;
        string message = PieceOutcome.Describe(QuadStatus.Converged);
        foreach (Piece piece in pieces)
        {
            PieceOutcome outcome = piece(absTol, relTol);
            value += outcome.Value;
            error += outcome.Error;
            intervals += outcome.Intervals;
            if (status == QuadStatus.Converged && outcome.Status != QuadStatus.Converged)
            {
                status = outcome.Status;
                message = outcome.Message;
            }
        }

        return new PieceOutcome(value, error, intervals, status, message);
    }
}
