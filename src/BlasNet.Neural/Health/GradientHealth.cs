using System.Numerics;

namespace BlasNet.Neural;

/// <summary>The gradient health report of a float32 or float64 model (read as an F# module: <c>GradientHealth.Of model</c>).</summary>
public static class GradientHealth
{
    /// <summary>
    /// One row per layer of <paramref name="model"/> (a <see cref="Sequential{T}"/> is flattened; any other
    /// layer, a user's own included, is one row named by its first parameter's prefix, or by its kind and
    /// position when it has no parameters; a name an earlier row has, as a ShareWeights twin's, gets <c>@</c> and its position) after a
    /// backward pass: gradient norms, ∞/NaN gradient entries, parameters without a gradient, dead ReLU and saturated Tanh units of
    /// the last batch, and the fraction of parameter-gradient entries that would underflow to zero if
    /// stored as Half (a forecast of what mixed precision without loss scaling would lose; a
    /// <see cref="MixedPrecisionModel"/> measures the real thing).
    /// </summary>
    /// <exception cref="ArgumentNullException">model is null, or its Parameters list is or holds null (the message names the entry, <c>model.Parameters[i]</c>).</exception>
    public static GradientHealthReport Of<T>(ILayer<T> model) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        // A Sequential has checked its layers' lists; a user layer given alone is checked here.
        ParameterLists.OfLayer(model, nameof(model));
        var rows = new List<LayerGradientHealth>();
        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var layer in Flatten(model))
        {
            var (norm, missing, missingParameters) = ParameterStatistics.Summarize(layer.Parameters);
            var (entries, underflowing) = ParameterStatistics.HalfForecast(layer.Parameters);
            var kind = LayerLabels.Kind(layer);
            string name = LayerLabels.UniqueName(layer, rows.Count, taken);
            var output = (layer as Activation<T>)?.LastOutput;
            double? dead = layer is Relu<T> && output is not null ? ActivationStatistics.DeadFraction(output) : null;
            double? saturated = layer is Tanh<T> && output is not null ? ActivationStatistics.SaturatedFraction(output) : null;
            rows.Add(new LayerGradientHealth(name, kind, norm, entries, underflowing, dead, saturated, missing, missingParameters)
            {
                NonFiniteGradientEntries = ParameterStatistics.NonFinite(layer.Parameters),
            });
        }
        // Precision.Single is "the model's own type throughout"; the title names that type (a float64 model is not float32).
        return new GradientHealthReport(rows, Precision.Single, Gradients.Norm(model.Parameters), ElementTypeName<T>());
    }

    private static string ElementTypeName<T>() =>
        typeof(T) == typeof(double) ? "float64" : typeof(T) == typeof(float) ? "float32" : typeof(T).Name;

    private static IEnumerable<ILayer<T>> Flatten<T>(ILayer<T> layer) where T : unmanaged, IFloatingPointIeee754<T> =>
        layer is Sequential<T> s ? s.Layers.SelectMany(Flatten) : [layer];
}
