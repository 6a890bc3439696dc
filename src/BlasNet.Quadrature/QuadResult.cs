using System.Text;
using BlasNet.Text;

namespace BlasNet.Quadrature;

/// <summary>The outcome of one <see cref="Quad"/> call: an estimate, its error bound and why it stopped.
/// <c>ToString()</c> (and so F#'s <c>%A</c>) shows every number at round-trip precision, <see cref="FailureX"/> as <c>none</c> when absent.</summary>
public sealed record QuadResult
{
    /// <summary>Creates a result; every <c>required</c> property is set by name (<c>new QuadResult { Value = …, … }</c>,
    /// from F# <c>QuadResult(Value = …, …)</c>). The integrators build theirs; this is for a user's own integrator or a test.</summary>
    public QuadResult() { }

    /// <summary>The estimate of the integral (or principal value). Always finite when
    /// <see cref="Status"/> is <see cref="QuadStatus.Converged"/>; NaN when the integrand returned a
    /// non-finite value, or with <see cref="QuadStatus.Cancelled"/> when no estimate was made; ±∞ or NaN possible with
    /// <see cref="QuadStatus.Overflow"/>.</summary>
    public required double Value { get; init; }

    /// <summary>Estimated bound on |exact − <see cref="Value"/>|, QUADPACK-style (deliberately
    /// pessimistic). Finite and within max(AbsoluteTolerance, RelativeTolerance·|Value|) when
    /// <see cref="Status"/> is <see cref="QuadStatus.Converged"/>; positive infinity when no estimate is
    /// available (<see cref="QuadStatus.NonFiniteIntegrand"/>, <see cref="QuadStatus.Overflow"/>, a
    /// <see cref="QuadStatus.Cancelled"/> call without an estimate).</summary>
    public required double AbsoluteError { get; init; }

    /// <summary>Number of integrand evaluations (points, not batch calls).</summary>
    public required int Evaluations { get; init; }

    /// <summary>Number of subintervals in the final partition (summed over pieces when the range was
    /// split).</summary>
    public required int Intervals { get; init; }

    /// <summary>Whether the tolerance was met, and if not why not.</summary>
    public required QuadStatus Status { get; init; }

    /// <summary>For <see cref="QuadStatus.NonFiniteIntegrand"/>, the abscissa at which the integrand
    /// returned NaN or ±∞; otherwise null.</summary>
    public double? FailureX { get; init; }

    /// <summary>A human-readable explanation of <see cref="Status"/>.</summary>
    public required string Message { get; init; }

    /// <summary>True when <see cref="Status"/> is <see cref="QuadStatus.Converged"/>.</summary>
    public bool IsConverged => Status == QuadStatus.Converged;

    // The generated ToString would print a null FailureX as nothing at all ("FailureX = ,") and the
    // doubles in the current culture; this prints invariant round-trip numbers and "none".
    private bool PrintMembers(StringBuilder builder) =>
        QuadResultText.PrintMembers(builder, Status, (nameof(Value), ResultText.Number(Value)),
            (nameof(AbsoluteError), ResultText.Number(AbsoluteError)), Evaluations, Intervals, FailureX, Message);
}
