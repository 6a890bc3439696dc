namespace BlasNet.Quadrature;

/// <summary>What one adaptive run (QAGS, QAGP, QAGI or QAWC) produced over its range.</summary>
internal readonly record struct PieceOutcome(double Value, double Error, int Intervals, QuadStatus Status, string Message)
{
    public static string Describe(QuadStatus status) => status switch
    {
        QuadStatus.Converged => "The requested tolerance was met.",
        QuadStatus.MaxIntervalsReached =>
            "The maximum number of subintervals was reached before the tolerance was met; raise MaxIntervals, "
            + BreakpointAdvice,
        QuadStatus.RoundoffDetected =>
            "Roundoff error prevents the requested tolerance from being reached; the error estimate is the best available.",
        QuadStatus.BadIntegrandBehaviour =>
            "Extremely bad integrand behaviour: the subintervals shrank to machine precision around a point "
            + "(a non-integrable singularity, a jump, or an infinite derivative).",
        QuadStatus.Divergent =>
            "The integral is probably divergent, or converges too slowly to be computed.",
        QuadStatus.NonFiniteIntegrand => "The integrand returned a non-finite value.",
        QuadStatus.Overflow => "The integral exceeds the range of double.",
        QuadStatus.Cancelled =>
            "Cancelled before the tolerance was met; the value is the sum over the subintervals so far, with their summed error.",
        _ => status.ToString(),
    };

    private const string BreakpointAdvice = "or add breakpoints at the difficult points.";

    /// <summary>
    /// The same outcome for a rule that refuses breakpoints (the cos, sin and algebraic weights throw on them): its
    /// message advises splitting the range into separate calls instead, wherever <see cref="Describe"/>'s advice was
    /// passed on (also inside a message that names the failed cycle or half line).
    /// </summary>
    public PieceOutcome WithoutBreakpointAdvice() => this with { Message = WithoutBreakpointAdvice(Message) };

    /// <summary>The message of <see cref="WithoutBreakpointAdvice()"/> for a finished result (the cos weight with
    /// ω = 0, run as the plain integral).</summary>
    public static string WithoutBreakpointAdvice(string message) =>
        message.Replace(BreakpointAdvice, "or split [a, b] at the difficult points into separate calls "
            + "(this weight takes no breakpoints).", StringComparison.Ordinal);
}
