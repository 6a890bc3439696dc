using System.Globalization;

namespace BlasNet.Neural;

public sealed partial class Sequential<T>
{
    /// <summary>
    /// The chain as the error messages and the health report name its layers, in forward order, then its trainable
    /// entries: <c>Sequential [Dense 'dense', Relu, Dense 'dense_1'] (50 trainable)</c>; a nested Sequential shows its
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

    /// <summary><c>[Dense 'dense', Relu, Sequential [...]]</c>: each layer as <see cref="LayerLabels.Describe{T}"/> names it.</summary>
    private string LayerList() =>
        "[" + string.Join(", ", layers.Select(l => l is Sequential<T> nested ? "Sequential " + nested.LayerList() : LayerLabels.Describe(l))) + "]";
}
