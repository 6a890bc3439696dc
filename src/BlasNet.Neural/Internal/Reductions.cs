using System.Globalization;
using System.Numerics;

namespace BlasNet.Neural;

/// <summary>
/// The checks every loss makes of its <see cref="Reduction"/>: one wording for all four losses, so that a PyTorch user who built
/// a loss with one reduction and called the other family of methods reads the same fix whichever loss it is.
/// </summary>
internal static class Reductions
{
    /// <summary>The constructor's check: one of the enum's three members.</summary>
    public static Reduction Checked(Reduction reduction, string name) =>
        reduction is Reduction.Mean or Reduction.Sum or Reduction.None
            ? reduction
            : throw new ArgumentOutOfRangeException(name, reduction, string.Create(CultureInfo.InvariantCulture, $"reduction must be Reduction.Mean, Reduction.Sum or Reduction.None; got {(int)reduction}."));

    /// <summary>The scalar Forward's check: a loss built with <see cref="Reduction.None"/> has no single number to return.</summary>
    public static void RequireScalar(Reduction reduction, string loss)
    {
        if (reduction == Reduction.None)
            throw new InvalidOperationException($"{loss} was built with Reduction.None (PyTorch's reduction='none'): its per-sample losses are not one number. Call ForwardUnreduced and then Backward(upstream), or build the loss with Reduction.Mean or Reduction.Sum for a scalar loss (as a Trainer needs).");
    }

    /// <summary>ForwardUnreduced's check: only a loss built with <see cref="Reduction.None"/> hands out per-sample losses.</summary>
    public static void RequireNone(Reduction reduction, string loss)
    {
        if (reduction != Reduction.None)
            throw new InvalidOperationException($"{loss} was built with Reduction.{reduction}: ForwardUnreduced and Backward(upstream) are for a loss built with Reduction.None (PyTorch's reduction='none'). Call Forward and Backward() for the {(reduction == Reduction.Sum ? "sum" : "mean")}, or build the loss with Reduction.None.");
    }

    /// <summary>Backward(upstream)'s check of the upstream gradient: one entry per per-sample loss of the last ForwardUnreduced.</summary>
    public static void RequireUpstream<T>(Matrix<T> upstream, int rows, int columns, string what) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(upstream);
        if (upstream.Rows != rows || upstream.Columns != columns)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"upstream is {upstream.Rows}×{upstream.Columns} but must be {rows}×{columns} ({what}: one entry per per-sample loss of the last ForwardUnreduced)."), nameof(upstream));
    }
}
