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

    /// <summary><c>parameters[i]</c>, or an exception naming the position when it is null (for loops that read each entry once anyway).</summary>
    public static Parameter<T> At<T>(IReadOnlyList<Parameter<T>> parameters, int i, string name) where T : unmanaged, IFloatingPointIeee754<T> =>
        parameters[i] ?? throw new ArgumentNullException(name, string.Create(CultureInfo.InvariantCulture,
            $"{name}[{i}] is null (of {parameters.Count} entries). A parameter list holds only parameters: a layer without a bias leaves it out rather than listing null."));
}
