using System.Numerics;

namespace BlasNet.Neural;

/// <summary>The parameter columns of the health report: gradient norm and the parameters without a gradient.</summary>
internal static class ParameterStatistics
{
    /// <summary>
    /// √(Σ ‖∇p‖²) over the parameters that have a gradient (null when none has), and those that have none: their names
    /// and the parameters themselves (the report counts a parameter once by identity, not by name).
    /// </summary>
    public static (double? Norm, IReadOnlyList<string> WithoutGradient, IReadOnlyList<object> ParametersWithoutGradient) Summarize<T>(IReadOnlyList<Parameter<T>> parameters) where T : unmanaged, IFloatingPointIeee754<T>
    {
        // In double, as Gradients.Norm: a float32 norm of large gradients would overflow to ∞ and misreport them.
        var norm = new GradientNorm();
        bool any = false;
        List<string>? missing = null;
        List<object>? missingParameters = null;
        foreach (var p in parameters)
        {
            if (p.Grad is { } g)
            {
                norm.Add<T>(g.AsSpan());
                any = true;
            }
            else
            {
                (missing ??= []).Add(p.Name);
                (missingParameters ??= []).Add(p);
            }
        }
        return (any ? norm.Value : null, missing is null ? [] : missing, missingParameters is null ? [] : missingParameters);
    }

    /// <summary>Entries of the parameter gradients that are ∞ or NaN.</summary>
    public static long NonFinite<T>(IReadOnlyList<Parameter<T>> parameters) where T : unmanaged, IFloatingPointIeee754<T>
    {
        long count = 0;
        foreach (var p in parameters)
        {
            if (p.Grad is not { } g || Kernels.AllFinite<T>(g.AsSpan())) continue;
            foreach (var v in g.AsSpan()) if (!T.IsFinite(v)) count++;
        }
        return count;
    }

    /// <summary>Entries of the parameter gradients, and those that are nonzero but would be 0 if rounded to Half.</summary>
    public static (long Entries, long Underflowing) HalfForecast<T>(IReadOnlyList<Parameter<T>> parameters) where T : unmanaged, IFloatingPointIeee754<T>
    {
        long entries = 0, underflowing = 0;
        foreach (var p in parameters)
        {
            if (p.Grad is not { } g) continue;
            foreach (var v in g.AsSpan())
                if (v != T.Zero && (Half)double.CreateTruncating(v) == Half.Zero) underflowing++;
            entries += g.AsSpan().Length;
        }
        return (entries, underflowing);
    }
}
