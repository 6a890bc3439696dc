using System.Globalization;

namespace BlasNet.Neural;

/// <summary>
/// The limit on skips at the loss scale's floor, shared by <see cref="GradScaler"/> (a loop of the user's) and
/// <see cref="Trainer{TTarget}"/>, so that both count, check and word it alike: a count of iterations skipped for ∞/NaN
/// gradients at a scale that cannot be lowered, reset by a clean iteration, and an exception once it reaches the limit.
/// </summary>
internal static class StuckAtMinScale
{
    /// <summary>The setting's name, as the messages and the refusals give it.</summary>
    internal const string Setting = "MaxSkippedStepsAtMinScale";

    /// <summary>The first remedy both messages name: PyTorch's scaler has no floor, and goes below 1 where the gradients fit.</summary>
    internal const string LowerMinScale = "Lower MinScale (e.g. GradScalerOptions(MinScale = 2⁻¹⁴); PyTorch's scaler has no floor and goes below 1)";

    /// <summary>The last sentence of both messages.</summary>
    internal const string KeepSkipping = "Set MaxSkippedStepsAtMinScale = 0 to keep skipping.";

    /// <summary>Refuses a negative limit (0 means never throw), naming the setting; <paramref name="paramName"/> is the options argument.</summary>
    internal static void RequireValidLimit(int limit, string paramName)
    {
        if (limit < 0)
            throw new ArgumentOutOfRangeException(paramName, limit, string.Create(CultureInfo.InvariantCulture, $"{Setting} must be ≥ 0 (0: never throw) but is {limit}."));
    }

    /// <summary>Whether <paramref name="count"/> skips at the floor reach a limit that is on (positive).</summary>
    internal static bool Reached(int count, int limit) => limit > 0 && count >= limit;

    /// <summary>
    /// " (those of 'a', 'b')": the parameters whose gradients hold ∞ or NaN, in the order given, at most six named; empty
    /// when none does (the iteration was skipped for a clip that failed on another set's gradients). Built only when throwing.
    /// </summary>
    internal static string NonFiniteGradientNames(IEnumerable<Parameter<float>> parameters)
    {
        var bad = parameters.Where(p => p.Grad is { } g && !Kernels.AllFinite<float>(g.AsSpan())).Select(p => $"'{p.Name}'").Distinct().ToList();
        return bad.Count == 0 ? "" : $" (those of {string.Join(", ", bad.Take(6))}{(bad.Count > 6 ? $" and {bad.Count - 6} more" : "")})";
    }

    /// <summary>"at loss scale 1, the scaler's floor (MinScale = 1), so backing off further is not possible".</summary>
    internal static string AtTheFloor(double scale, double minScale) =>
        string.Create(CultureInfo.InvariantCulture, $"at loss scale {scale}, the scaler's floor (MinScale = {minScale}), so backing off further is not possible");
}
