using System.Numerics;

namespace BlasNet.Neural;

/// <summary>Layers applied in order; backward runs them in reverse, each layer's dx feeding the one before.</summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class Sequential<T> : ILayer<T>, IParameterBackward<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ILayer<T>[] layers;
    private readonly Parameter<T>[] parameters;

    /// <summary>A chain of <paramref name="layers"/> (at least one).</summary>
    /// <exception cref="ArgumentException">No layers, or a null one.</exception>
    public Sequential(params ILayer<T>[] layers) : this((IEnumerable<ILayer<T>>)layers) { }

    /// <summary>A chain of <paramref name="layers"/> (at least one).</summary>
    /// <exception cref="ArgumentException">No layers, or a null one.</exception>
    public Sequential(IEnumerable<ILayer<T>> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        this.layers = layers.ToArray();
        if (this.layers.Length == 0) throw new ArgumentException("A Sequential needs at least one layer.", nameof(layers));
        for (int i = 0; i < this.layers.Length; i++)
            if (this.layers[i] is null) throw new ArgumentException($"Layer {i} is null.", nameof(layers));
        // A parameter shared by two layers of the chain is still one parameter.
        parameters = this.layers.SelectMany(l => l.Parameters).Distinct(ReferenceEqualityComparer.Instance).Cast<Parameter<T>>().ToArray();
    }

    /// <summary>The layers, in forward order.</summary>
    public IReadOnlyList<ILayer<T>> Layers => layers;

    /// <inheritdoc/>
    public IReadOnlyList<Parameter<T>> Parameters => parameters;

    /// <summary>Runs the layers in order.</summary>
    public Matrix<T> Forward(Matrix<T> x)
    {
        foreach (var layer in layers) x = layer.Forward(x);
        return x;
    }

    /// <summary>Runs the layers' backward passes in reverse order.</summary>
    public Matrix<T> Backward(Matrix<T> dy)
    {
        for (int i = layers.Length - 1; i >= 0; i--) dy = layers[i].Backward(dy);
        return dy;
    }

    /// <summary>
    /// Accumulates every parameter gradient without computing dL/dx of the model's input: the layers
    /// run backward as usual down to the first parameterized layer, which skips its input gradient
    /// (as PyTorch does for data that does not require a gradient). Layers before it, having no
    /// parameters, are not run.
    /// </summary>
    public void BackwardParameters(Matrix<T> dy)
    {
        int first = 0;
        while (first < layers.Length - 1 && layers[first].Parameters.Count == 0) first++;
        for (int i = layers.Length - 1; i > first; i--) dy = layers[i].Backward(dy);
        if (layers[first] is IParameterBackward<T> partial) partial.BackwardParameters(dy);
        else layers[first].Backward(dy);
    }

    /// <summary>A chain of the layers' twins: the same parameters, separate caches.</summary>
    public ILayer<T> ShareWeights() => new Sequential<T>(layers.Select(l => l.ShareWeights()));
}
