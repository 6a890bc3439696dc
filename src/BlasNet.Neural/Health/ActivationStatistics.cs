using System.Numerics;

namespace BlasNet.Neural;

/// <summary>The activation columns of the health report, computed from a layer's last output.</summary>
internal static class ActivationStatistics
{
    /// <summary>|y| above this counts as a saturated tanh unit: 1 − y² &lt; 0.02 scales its gradient down fifty-fold or more.</summary>
    public const double TanhSaturation = 0.99;

    /// <summary>Fraction of columns (units) that are exactly 0 in every row (a dead ReLU unit for this batch).</summary>
    public static double DeadFraction<T>(Matrix<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (y.Columns == 0) return 0;
        int dead = 0;
        for (int j = 0; j < y.Columns; j++)
        {
            bool alive = false;
            for (int i = 0; i < y.Rows && !alive; i++) alive = y[i, j] != T.Zero;
            if (!alive) dead++;
        }
        return (double)dead / y.Columns;
    }

    /// <summary>Fraction of entries with |y| &gt; <see cref="TanhSaturation"/>.</summary>
    public static double SaturatedFraction<T>(Matrix<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var s = y.AsSpan();
        if (s.IsEmpty) return 0;
        int saturated = 0;
        foreach (var v in s) if (double.CreateTruncating(T.Abs(v)) > TanhSaturation) saturated++;
        return (double)saturated / s.Length;
    }
}
