using System.Text;
using BlasNet.Text;

namespace BlasNet.Neural;

/// <summary>The outcome of <see cref="GradCheck.Check"/>.</summary>
/// <param name="Passed">True when every checked entry was finite and within tolerance.</param>
/// <param name="MaxAbsoluteError">Largest |analytic − numeric| over all entries (∞ when an analytic or numeric derivative is ∞ or NaN).</param>
/// <param name="MaxRelativeError">Largest |analytic − numeric| / max(|analytic|, |numeric|) over entries where either is above the absolute tolerance (∞ when a derivative is ∞ or NaN).</param>
/// <param name="WorstEntry">The entry with the largest |analytic − numeric| / (AbsoluteTolerance + RelativeTolerance·|numeric|): the one furthest beyond its tolerance, or, when all passed, closest to it, e.g. <c>"dx[1,2]"</c> or <c>"dense.weight[0,3]"</c>. Not necessarily where <paramref name="MaxAbsoluteError"/> is: a large derivative is allowed a proportionally larger error. The first entry with a non-finite derivative when there is one; <c>"none"</c> when no entry was checked.</param>
/// <param name="EntriesChecked">Entries of dx and of every parameter gradient compared.</param>
/// <param name="Failures">Entries outside the tolerance.</param>
public sealed record GradCheckResult(bool Passed, double MaxAbsoluteError, double MaxRelativeError, string WorstEntry, int EntriesChecked, int Failures)
{
    /// <summary>
    /// Why a failed check may not mean a wrong backward pass, or <c>null</c>: set when the checked model holds a
    /// layer in training mode (a <see cref="Dropout{T}"/> draws a new mask per forward pass); printed last when set.
    /// </summary>
    public string? Note { get; init; }

    // Invariant round-trip numbers: the generated ToString formats doubles in the current culture.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Passed = ").Append(Passed)
            .Append(", MaxAbsoluteError = ").Append(ResultText.Number(MaxAbsoluteError))
            .Append(", MaxRelativeError = ").Append(ResultText.Number(MaxRelativeError))
            .Append(", WorstEntry = ").Append(WorstEntry)
            .Append(", EntriesChecked = ").Append(EntriesChecked)
            .Append(", Failures = ").Append(Failures);
        if (Note is not null) builder.Append(", Note = ").Append(Note);
        return true;
    }
}
