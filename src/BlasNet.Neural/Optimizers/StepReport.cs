using System.Collections.ObjectModel;
using System.Text;
using BlasNet.Text;

namespace BlasNet.Neural;

/// <summary>
/// What one optimizer step did: which parameters it updated and which it skipped because no backward pass gave them a gradient
/// (or, with every entry masked, they have none that could move anything).
/// </summary>
/// <param name="Updated">Names of the parameters that had a gradient and a trainable entry, and were updated.</param>
/// <param name="SkippedWithoutGradient">
/// Names of the parameters whose <see cref="Parameter{T}.Grad"/> was <c>null</c>, or whose every entry is masked
/// (<see cref="Parameter{T}.TrainableCount"/> 0: a gradient of zeros by construction); left unchanged.
/// </param>
public sealed record StepReport(IReadOnlyList<string> Updated, IReadOnlyList<string> SkippedWithoutGradient)
{
    // Read-only copies: an optimizer hands the same report out again while the gradient pattern holds, so a caller that
    // cast a list back and wrote to it would otherwise change the report of later steps too.

    /// <summary>Names of the parameters that had a gradient and a trainable entry, and were updated (a read-only copy of the names given).</summary>
    public IReadOnlyList<string> Updated { get; init => field = ReadOnlyCopy(value, nameof(value)); } = ReadOnlyCopy(Updated, nameof(Updated));

    /// <summary>
    /// Names of the parameters whose <see cref="Parameter{T}.Grad"/> was <c>null</c> or whose every entry is masked
    /// (left unchanged; a read-only copy of the names given).
    /// </summary>
    public IReadOnlyList<string> SkippedWithoutGradient { get; init => field = ReadOnlyCopy(value, nameof(value)); } =
        ReadOnlyCopy(SkippedWithoutGradient, nameof(SkippedWithoutGradient));

    /// <summary>True when every parameter was updated (had a gradient and a trainable entry).</summary>
    public bool AllUpdated => SkippedWithoutGradient.Count == 0;

    /// <summary>
    /// Value equality: both lists hold the same names in the same order (ordinal). Each report keeps its own copy of the
    /// lists, so the record's generated equality, comparing them by reference, made two reports of the same step unequal.
    /// </summary>
    public bool Equals(StepReport? other) =>
        other is not null && (ReferenceEquals(this, other)
            || Updated.SequenceEqual(other.Updated) && SkippedWithoutGradient.SequenceEqual(other.SkippedWithoutGradient));

    /// <summary>A hash of the names, consistent with <see cref="Equals(StepReport)"/>.</summary>
    public override int GetHashCode() => HashCode.Combine(ListValues.Hash(Updated), ListValues.Hash(SkippedWithoutGradient));

    // The argument is the constructor's parameter (Updated, SkippedWithoutGradient), or "value" for the init accessor a
    // with-expression calls, as for any setter.
    private static ReadOnlyCollection<string> ReadOnlyCopy(IReadOnlyList<string> names, string argument)
    {
        ArgumentNullException.ThrowIfNull(names, argument);
        return Array.AsReadOnly(names.ToArray());
    }

    // The generated ToString would print the lists' type names; these are the names themselves.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Updated = ").Append(ResultText.List(Updated))
            .Append(", SkippedWithoutGradient = ").Append(ResultText.List(SkippedWithoutGradient));
        return true;
    }
}
