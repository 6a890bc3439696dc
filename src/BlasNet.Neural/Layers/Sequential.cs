using System.Globalization;
using System.Numerics;

namespace BlasNet.Neural;

/// <summary>
/// Layers applied in order; backward runs them in reverse, each layer's dx feeding the one before. NaN and ±∞ are not
/// checked between layers: each layer passes them on as its own docs say (as PyTorch's layers do), and the loss,
/// <see cref="Trainer{TTarget}"/>, <see cref="GradScaler"/> and <see cref="Optimizer{T}.Step"/> are where a non-finite value
/// stops a step.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed partial class Sequential<T> : ILayer<T>, IParameterBackward<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ILayer<T>[] layers;
    private readonly Parameter<T>[] parameters;

    /// <summary>A chain of <paramref name="layers"/> (at least one, each instance used once).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="layers"/> is null, holds a null layer (the message names its index, <c>layers[i]</c>), or holds a layer whose Parameters list holds null (the message names both, <c>layers[i] (Kind).Parameters[k]</c>).</exception>
    /// <exception cref="ArgumentException">No layers, or one layer instance used twice (here or in a nested Sequential): use <see cref="ILayer{T}.ShareWeights"/> for the second use.</exception>
    public Sequential(params ILayer<T>[] layers) : this((IEnumerable<ILayer<T>>)layers) { }

    /// <summary>A chain of <paramref name="layers"/> (at least one, each instance used once).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="layers"/> is null, holds a null layer (the message names its index, <c>layers[i]</c>), or holds a layer whose Parameters list holds null (the message names both, <c>layers[i] (Kind).Parameters[k]</c>).</exception>
    /// <exception cref="ArgumentException">No layers, or one layer instance used twice (here or in a nested Sequential): use <see cref="ILayer{T}.ShareWeights"/> for the second use.</exception>
    public Sequential(IEnumerable<ILayer<T>> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        this.layers = layers.ToArray();
        if (this.layers.Length == 0) throw new ArgumentException("A Sequential needs at least one layer.", nameof(layers));
        for (int i = 0; i < this.layers.Length; i++)
            if (this.layers[i] is null)
                throw new ArgumentNullException(nameof(layers), string.Create(CultureInfo.InvariantCulture,
                    $"layers[{i}] is null (of {this.layers.Length} layers): every element of a Sequential must be a layer."));
        RefuseReuse(this.layers, "layers", new Dictionary<object, string>(ReferenceEqualityComparer.Instance));
        // A user layer listing an absent bias as null would otherwise surface as a NullReferenceException in a later step.
        for (int i = 0; i < this.layers.Length; i++)
        {
            var own = this.layers[i].Parameters;
            for (int k = 0; k < own.Count; k++)
                if (own[k] is null)
                    throw new ArgumentNullException(nameof(layers), string.Create(CultureInfo.InvariantCulture,
                        $"layers[{i}] ({this.layers[i].GetType().Name}).Parameters[{k}] is null (of {own.Count} parameters): a layer's parameter list holds only parameters (a layer without a bias leaves it out)."));
        }
        // A parameter shared by two layers of the chain is still one parameter.
        parameters = this.layers.SelectMany(l => l.Parameters).Distinct(ReferenceEqualityComparer.Instance).Cast<Parameter<T>>().ToArray();
    }

    /// <summary>
    /// A layer keeps one activation cache, so an instance used twice in a chain has its first use's
    /// cache overwritten by the second forward pass, and backward then computes wrong gradients with no
    /// error. Refused here, recursively through nested Sequentials; a twin from ShareWeights() has its
    /// own cache and shares the parameters, which is what reuse should mean.
    /// </summary>
    private static void RefuseReuse(ILayer<T>[] layers, string path, Dictionary<object, string> seen)
    {
        for (int i = 0; i < layers.Length; i++)
        {
            var layer = layers[i];
            string here = string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]");
            if (seen.TryGetValue(layer, out var first))
                throw new ArgumentException(
                    $"The same {layer.GetType().Name} instance is used twice in this Sequential, at {first} and at {here}. A layer keeps one activation cache, " +
                    "so the second use would overwrite what the first one's backward pass needs and the gradients would be wrong. " +
                    "To reuse its weights, pass layer.ShareWeights() for the second use (same parameters, its own cache); for an activation, a new instance.",
                    "layers");
            seen.Add(layer, here);
            if (layer is Sequential<T> nested) RefuseReuse(nested.layers, here + ".Layers", seen);
        }
    }

    /// <summary>The layers, in forward order.</summary>
    public IReadOnlyList<ILayer<T>> Layers => layers;

    /// <inheritdoc/>
    public IReadOnlyList<Parameter<T>> Parameters => parameters;

    /// <summary>Runs the layers in order.</summary>
    /// <exception cref="ArgumentException">A layer refuses its input (x does not have the first layer's input count of columns, or one layer's output does not fit the next); the message names the layer's position in the chain.</exception>
    public Matrix<T> Forward(Matrix<T> x)
    {
        for (int i = 0; i < layers.Length; i++)
        {
            try { x = layers[i].Forward(x); }
            catch (ArgumentException e) when (e.GetType() == typeof(ArgumentException)) // subtypes (null, out of range) keep their type
            {
                // Nested Sequentials add their own position in front.
                throw RefusedInput.At(string.Create(CultureInfo.InvariantCulture, $"Layers[{i}] ({LayerLabels.Describe(layers[i])}) of the Sequential"), e);
            }
        }
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
    /// <exception cref="InvalidOperationException">A layer's ShareWeights returned null or the layer itself (a user layer breaking the <see cref="ILayer{T}.ShareWeights"/> contract).</exception>
    public ILayer<T> ShareWeights()
    {
        var twins = new ILayer<T>[layers.Length];
        for (int i = 0; i < layers.Length; i++)
        {
            twins[i] = layers[i].ShareWeights();
            // The two branches of a Siamese model run separately, so no Sequential ever sees both uses of a returned
            // instance: its one cache would hold the second branch's batch during the first branch's backward pass,
            // and the gradients would be silently wrong.
            if (twins[i] is null || ReferenceEquals(twins[i], layers[i]))
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                    $"Layers[{i}] ({layers[i].GetType().Name}).ShareWeights() returned {(twins[i] is null ? "null" : "the layer itself")}: a twin must be a new instance with the same parameters and its own activation cache, or the two branches would overwrite each other's cached batch and the gradients would be wrong."));
        }
        return new Sequential<T>(twins);
    }
}
