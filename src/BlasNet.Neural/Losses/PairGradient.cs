using System.Globalization;
using System.Numerics;
using System.Text;
using BlasNet.Text;

namespace BlasNet.Neural;

/// <summary>The gradients of a pairwise loss with respect to its two score inputs.</summary>
/// <param name="Positive">dL/d(positive scores): the first scores of a ranking loss given targets.</param>
/// <param name="Negative">dL/d(negative scores): the second scores of a ranking loss given targets.</param>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed record PairGradient<T>(Matrix<T> Positive, Matrix<T> Negative) where T : unmanaged, IFloatingPointIeee754<T>
{
    // The generated printer showed each matrix's own ToString, one line per row, so the record (and F#'s %A of it) ran over
    // several lines with "Negative =" in the middle of them. On one line instead, as the other result records print their
    // matrices: the shape, then the first values in row-major order, cut as the records cut their lists:
    // PairGradient { Positive = 3×1 [-0.3333333333333333, …], Negative = 3×1 […] }.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Positive = ").Append(Text(Positive)).Append(", Negative = ").Append(Text(Negative));
        return true;
    }

    /// <summary><c>3×1 [v0, v1, v2]</c>, each value round-trip in the invariant culture; past the first ten <c>, … (n values)</c>.</summary>
    private static string Text(Matrix<T>? m) =>
        m is null ? "none" : ResultText.ShapeAndValues(m.Rows, m.Columns, k => m[k / m.Columns, k % m.Columns].ToString("R", CultureInfo.InvariantCulture));
}
