using System.Numerics;

namespace BlasNet.Neural;

/// <summary>The activation columns of the health report, computed from a layer's last output.</summary>
internal static class ActivationStatistics
{
    /// <summary>|y| above this counts as a saturated tanh unit: 1 − y² &lt; 0.02 scales its gradient down fifty-fold or more.</summary>
    public const double TanhSaturation = 0.99;

    /// <summary>
    /// Fraction of columns (units) that are exactly 0 in every row (a dead ReLU unit for this batch); null for a batch
    /// without entries, where "0 in every row" would hold vacuously and report every unit dead.
    /// </summary>
    public static double? DeadFraction<T>(Matrix<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (y.Rows == 0 || y.Columns == 0) return null;
        int dead = 0;
        for (int j = 0; j < y.Columns; j++)
        {
            bool alive = false;
            for (int i = 0; i < y.Rows && !alive; i++) alive = y[i, j] != T.Zero;
            if (!alive) dead++;
        }
        return (double)dead / y.Columns;
    }

    /// <summary>Fraction of entries with |y| &gt; <see cref="TanhSaturation"/>; null for a batch without entries (nothing measured).</summary>
    public static double? SaturatedFraction<T>(Matrix<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var s = y.AsSpan();
        if (s.IsEmpty) return null;
        int saturated = 0;
        foreach (var v in s) if (double.CreateTruncating(T.Abs(v)) > TanhSaturation) saturated++;
        return (double)saturated / s.Length;
    }
}
