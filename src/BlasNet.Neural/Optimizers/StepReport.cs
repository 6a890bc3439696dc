using System.Text;
using BlasNet.Text;

namespace BlasNet.Neural;

/// <summary>What one optimizer step did: which parameters it updated and which it skipped because no backward pass gave them a gradient.</summary>
/// <param name="Updated">Names of the parameters that had a gradient and were updated.</param>
/// <param name="SkippedWithoutGradient">Names of the parameters whose <see cref="Parameter{T}.Grad"/> was <c>null</c> (left unchanged).</param>
public sealed record StepReport(IReadOnlyList<string> Updated, IReadOnlyList<string> SkippedWithoutGradient)
{
    /// <summary>True when every parameter had a gradient.</summary>
    public bool AllUpdated => SkippedWithoutGradient.Count == 0;

    // The generated ToString would print the lists' type names; these are the names themselves.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Updated = ").Append(ResultText.List(Updated))
            .Append(", SkippedWithoutGradient = ").Append(ResultText.List(SkippedWithoutGradient));
        return true;
    }
}
