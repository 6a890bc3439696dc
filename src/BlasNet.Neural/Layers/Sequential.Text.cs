using System.Globalization;

namespace BlasNet.Neural;

public sealed partial class Sequential<T>
{
    /// <summary>
    /// The chain's layers in forward order, each as it prints itself (a built-in layer by the name the error messages and the health report give it, and its shape), then its trainable
    /// entries: <c>Sequential [Dense 'dense' (2→16), Relu, Dense 'dense_1' (16→2)] (82 trainable)</c>; a nested Sequential shows its
    /// own layers in brackets. A parameter shared by two layers is counted once.
    /// </summary>
    /// <remarks>
    /// The object's default text was the generic type name (<c>BlasNet.Neural.Sequential`1[System.Single]</c>), which is
    /// what F#'s <c>%A</c> and the FSI echo showed for every model built with <c>sequential [...]</c>.
    /// </remarks>
    public override string ToString()
    {
        long trainable = 0;
        foreach (var parameter in parameters) trainable += parameter.TrainableCount;
        return string.Create(CultureInfo.InvariantCulture, $"Sequential {LayerList()} ({trainable} trainable)");
    }

    /// <summary>
    /// <c>[Dense 'dense' (2→16), Relu, Sequential [...]]</c>: each layer as it prints itself (the built-in ones give their
    /// name and shape); a user's layer that keeps object's ToString (its type name) as <see cref="LayerLabels.Describe{T}"/> names it.
    /// </summary>
    private string LayerList() =>
        "[" + string.Join(", ", layers.Select(l => l switch
        {
            Sequential<T> nested => "Sequential " + nested.LayerList(),
            _ when l.GetType().GetMethod(nameof(ToString), Type.EmptyTypes)?.DeclaringType != typeof(object) => l.ToString(),
            _ => LayerLabels.Describe(l),
        })) + "]";
}
