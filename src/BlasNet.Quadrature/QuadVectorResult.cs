using System.Text;
using BlasNet.Text;

namespace BlasNet.Quadrature;

/// <summary>The outcome of one <see cref="Quad.IntegrateVector"/> call: the integral of every component, their
/// error bounds, and why the run stopped. Two results are equal when every member is, the lists element by element (as
/// <see cref="QuadResult"/> compares its numbers), not by which list instance they hold.</summary>
public sealed record QuadVectorResult
{
    /// <summary>Creates a result; every <c>required</c> property is set by name (from F#
    /// <c>QuadVectorResult(Values = …, AbsoluteErrors = …, …)</c>). <see cref="Quad.IntegrateVector"/> builds its own; this is for a user's own integrator or a test.</summary>
    public QuadVectorResult() { }

    /// <summary>The estimates of ∫ f_k, one per component. All finite when <see cref="Status"/> is
    /// <see cref="QuadStatus.Converged"/>; all NaN when the integrand returned a non-finite value, or with
    /// <see cref="QuadStatus.Cancelled"/> when the call was cancelled before every part of the range had an estimate.</summary>
    public required IReadOnlyList<double> Values { get; init => field = ReadOnly(value); }

    /// <summary>Estimated bounds on |exact_k − Values[k]|, QUADPACK-style, one per component. When
    /// <see cref="Status"/> is <see cref="QuadStatus.Converged"/> they are finite and their norm
    /// (<see cref="QuadOptions.ErrorNorm"/>) is within max(AbsoluteTolerance, RelativeTolerance·‖Values‖);
    /// a component whose error is far below the tolerance has its estimate kept honest where no bisection on the norm
    /// checks it (see the remarks of <see cref="Quad.IntegrateVector"/>);
    /// all +∞ when no estimate is available (<see cref="QuadStatus.NonFiniteIntegrand"/>,
    /// <see cref="QuadStatus.Overflow"/>, a <see cref="QuadStatus.Cancelled"/> call without values).</summary>
    public required IReadOnlyList<double> AbsoluteErrors { get; init => field = ReadOnly(value); }

    /// <summary>Number of points at which the integrand was called (each call yields all components).</summary>
    public required int Evaluations { get; init; }

    /// <summary>Number of subintervals in the final shared partition.</summary>
    public required int Intervals { get; init; }

    /// <summary>Whether the tolerance was met, and if not why not.</summary>
    public required QuadStatus Status { get; init; }

    /// <summary>For <see cref="QuadStatus.NonFiniteIntegrand"/>, the abscissa at which some component was NaN
    /// or ±∞; otherwise null.</summary>
    public double? FailureX { get; init; }

    /// <summary>A human-readable explanation of <see cref="Status"/>.</summary>
    public required string Message { get; init; }

    /// <summary>True when <see cref="Status"/> is <see cref="QuadStatus.Converged"/>.</summary>
    public bool IsConverged => Status == QuadStatus.Converged;

    // The integrator hands over its own arrays; a caller must not be able to cast them back and write.
    private static IReadOnlyList<double> ReadOnly(IReadOnlyList<double> values) =>
        values is double[] array ? Array.AsReadOnly(array) : values;

    /// <summary>Whether every member of <paramref name="other"/> equals this one's, <see cref="Values"/> and
    /// <see cref="AbsoluteErrors"/> element by element (NaN equal to NaN, as the record compares its doubles). The generated
    /// equality compared the lists by reference: two identical integrations were unequal.</summary>
    public bool Equals(QuadVectorResult? other) =>
        other is not null
        && Values.SequenceEqual(other.Values) && AbsoluteErrors.SequenceEqual(other.AbsoluteErrors)
        && Evaluations == other.Evaluations && Intervals == other.Intervals && Status == other.Status
        && EqualityComparer<double?>.Default.Equals(FailureX, other.FailureX) && Message == other.Message;

    /// <summary>A hash consistent with <see cref="Equals(QuadVectorResult?)"/>: of the lists' elements, not their instances.</summary>
    public override int GetHashCode() =>
        HashCode.Combine(Hash(Values), Hash(AbsoluteErrors), Evaluations, Intervals, Status, FailureX, Message);

    private static int Hash(IReadOnlyList<double> values)
    {
        var hash = new HashCode();
        hash.Add(values.Count);
        foreach (double value in values) hash.Add(value);
        return hash.ToHashCode();
    }

    // The generated ToString would print the lists as type names and a null FailureX as nothing.
    private bool PrintMembers(StringBuilder builder) =>
        QuadResultText.PrintMembers(builder, Status, (nameof(Values), ResultText.List(Values)),
            (nameof(AbsoluteErrors), ResultText.List(AbsoluteErrors)), Evaluations, Intervals, FailureX, Message);
}
