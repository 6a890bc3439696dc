using System.Globalization;
using System.Numerics;

namespace BlasNet.Neural;

/// <summary>
/// Where the first ∞ or NaN of a matrix is, for an error message: "NaN at [1, 2] (3×4)". Entries outside a trainable
/// mask (its zeros) are skipped, since no update reads or writes them and a masked layer does not use them. Shared by the
/// optimizer's refusal of a weight and the trainer's, so the two name a bad weight in the same words.
/// </summary>
internal static class NonFiniteEntry
{
    /// <summary>The first ∞ or NaN entry of <paramref name="m"/> outside <paramref name="mask"/>'s zeros and where it is, or null when there is none.</summary>
    public static string? Describe<T>(Matrix<T> m, Matrix<T>? mask) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < m.Rows; i++)
            for (int j = 0; j < m.Columns; j++)
                if (!T.IsFinite(m[i, j]) && (mask is null || mask[i, j] != T.Zero)) return string.Create(CultureInfo.InvariantCulture, $"{m[i, j]} at [{i}, {j}] ({m.Rows}×{m.Columns})");
        return null;
    }

    /// <summary>
    /// The first of <paramref name="parameters"/> whose value holds ∞ or NaN in a trainable entry, with that entry described,
    /// or null. An unmasked parameter is scanned by the vectorized <c>Kernels.AllFinite</c> first; only a masked one
    /// or one that fails it is read entry by entry.
    /// </summary>
    public static (Parameter<T> Parameter, string Entry)? FirstWeight<T>(IEnumerable<Parameter<T>> parameters) where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (var p in parameters)
        {
            if (p.TrainableCount == 0 || (p.Mask is null && Kernels.AllFinite<T>(p.Value.AsSpan()))) continue;
            if (Describe(p.Value, p.Mask) is { } entry) return (p, entry);
        }
        return null;
    }
}
