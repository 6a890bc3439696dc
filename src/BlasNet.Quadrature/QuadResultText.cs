using System.Text;
using BlasNet.Text;

namespace BlasNet.Quadrature;

/// <summary>
/// The printed form shared by <see cref="QuadResult"/> and <see cref="QuadVectorResult"/>: status, estimate, error bound,
/// then the counts, the failure abscissa and the message, numbers in invariant round-trip form. The generated
/// <c>ToString</c> would print a null <c>FailureX</c> as nothing at all, lists as type names, doubles in the current culture.
/// </summary>
internal static class QuadResultText
{
    /// <summary>Appends the members for a record's <c>PrintMembers</c>; the estimate and its bound come already formatted, with their names.</summary>
    internal static bool PrintMembers(StringBuilder builder, QuadStatus status, (string Name, string Text) estimate,
        (string Name, string Text) error, int evaluations, int intervals, double? failureX, string message)
    {
        builder.Append("Status = ").Append(status)
            .Append(", ").Append(estimate.Name).Append(" = ").Append(estimate.Text)
            .Append(", ").Append(error.Name).Append(" = ").Append(error.Text)
            .Append(", Evaluations = ").Append(evaluations)
            .Append(", Intervals = ").Append(intervals)
            .Append(", FailureX = ").Append(ResultText.Number(failureX))
            .Append(", Message = ").Append(message);
        return true;
    }
}
