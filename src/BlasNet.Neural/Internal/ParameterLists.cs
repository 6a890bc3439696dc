using System.Globalization;
using System.Numerics;

namespace BlasNet.Neural;

/// <summary>Checks of parameter lists given by callers (an optimizer's, a layer's), so a null entry is named where it enters.</summary>
internal static class ParameterLists
{
    /// <summary>Throws naming the first null entry of <paramref name="parameters"/> (the list called <paramref name="name"/>) and its position.</summary>
    public static void RefuseNull<T>(IReadOnlyList<Parameter<T>?> parameters, string name) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < parameters.Count; i++) At(parameters!, i, name);
    }

    /// <summary>
    /// <paramref name="layer"/>'s Parameters (the layer called <paramref name="name"/>), checked entry by entry before a caller
    /// reads or changes any of them: a user layer listing an absent bias as null made Layer.ZeroGrad, Layer.TrainableCount,
    /// GradCheck.Check, GradientHealth.Of and Trainer throw NullReferenceException (ZeroGrad after clearing the entries before it).
    /// </summary>
    public static IReadOnlyList<Parameter<T>> OfLayer<T>(ILayer<T> layer, string name) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var parameters = layer.Parameters ?? throw new ArgumentNullException(name,
            $"{name}.Parameters is null: a layer without parameters lists none (an empty list).");
        for (int i = 0; i < parameters.Count; i++)
            if (parameters[i] is null)
                throw new ArgumentNullException(name, string.Create(CultureInfo.InvariantCulture,
                    $"{name}.Parameters[{i}] is null (of {parameters.Count} entries). A parameter list holds only parameters: a layer without a bias leaves it out rather than listing null."));
        return parameters;
    }

    /// <summary><c>parameters[i]</c>, or an exception naming the position when it is null (for loops that read each entry once anyway).</summary>
    public static Parameter<T> At<T>(IReadOnlyList<Parameter<T>> parameters, int i, string name) where T : unmanaged, IFloatingPointIeee754<T> =>
        parameters[i] ?? throw new ArgumentNullException(name, string.Create(CultureInfo.InvariantCulture,
            $"{name}[{i}] is null (of {parameters.Count} entries). A parameter list holds only parameters: a layer without a bias leaves it out rather than listing null."));
}
