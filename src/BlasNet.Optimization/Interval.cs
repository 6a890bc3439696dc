using System.Text;
using BlasNet.Text;

namespace BlasNet.Optimization;

/// <summary>
/// A closed interval [<paramref name="Lower"/>, <paramref name="Upper"/>]: a confidence interval of a
/// parameter, or a confidence or prediction band of a fitted curve at one x (see <see cref="CurveFitResult"/>).
/// The bounds are infinite when the data do not determine the quantity.
/// </summary>
/// <param name="Lower">The lower end.</param>
/// <param name="Upper">The upper end.</param>
public readonly record struct Interval(double Lower, double Upper)
{
    // The generated printer formats with the current culture ("Lower = 1,5, Upper = 2,5" in de-DE, where the fields' comma
    // and the decimal commas run together); every BlasNet result prints invariant, at round-trip precision.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Lower = ").Append(ResultText.Number(Lower)).Append(", Upper = ").Append(ResultText.Number(Upper));
        return true;
    }
}
