using System.Globalization;
using System.Numerics;

namespace BlasNet.Neural;

/// <summary>The row labels of the health report, the same for every layer type (built-in or a user's).</summary>
internal static class LayerLabels
{
    /// <summary>The layer type without its generic arity: <c>Dense</c>, <c>LayerNorm</c>, a user's class name.</summary>
    public static string Kind(object layer)
    {
        var name = layer.GetType().Name;
        int tick = name.IndexOf('`');
        return tick < 0 ? name : name[..tick];
    }

    /// <summary>
    /// A layer with parameters is named by its first parameter's prefix (<c>pooler.weight</c> → <c>pooler</c>,
    /// as PyTorch's state dict names modules); one without is its kind and flattened position (<c>tanh1</c>).
    /// </summary>
    public static string Name<T>(ILayer<T> layer, int position) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var parameters = layer.Parameters;
        if (parameters.Count == 0) return Kind(layer).ToLowerInvariant() + position.ToString(CultureInfo.InvariantCulture);
        var first = parameters[0].Name;
        int dot = first.LastIndexOf('.');
        return dot > 0 ? first[..dot] : first;
    }

    /// <summary>
    /// <see cref="Name{T}"/>, made unique among the rows so far (<paramref name="taken"/>, which it joins): a
    /// <see cref="ILayer{T}.ShareWeights"/> twin has its original's parameters and so its name, and two rows both
    /// called <c>enc</c> could not be told apart (which branch has the dead units?); a repeated name gets
    /// <c>@</c> and its flattened position (<c>enc@6</c>), as parameterless layers are told apart by position.
    /// </summary>
    public static string UniqueName<T>(ILayer<T> layer, int position, HashSet<string> taken) where T : unmanaged, IFloatingPointIeee754<T>
    {
        string name = Name(layer, position);
        if (!taken.Add(name))
        {
            name = string.Create(CultureInfo.InvariantCulture, $"{name}@{position}");
            taken.Add(name);
        }
        return name;
    }

    /// <summary>
    /// The layer as an error message names it: its kind, and for a layer with parameters their prefix
    /// (<c>Dense 'pooler'</c>, the name the health report gives it), else the kind alone (<c>Relu</c>, <c>Sequential</c>).
    /// </summary>
    public static string Describe<T>(ILayer<T> layer) where T : unmanaged, IFloatingPointIeee754<T> =>
        layer is Sequential<T> || layer.Parameters.Count == 0 ? Kind(layer) : $"{Kind(layer)} '{Name(layer, 0)}'";
}
