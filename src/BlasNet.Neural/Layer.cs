using System.Numerics;

namespace BlasNet.Neural;

/// <summary>Helpers over any layer or model (read as an F# module: <c>Layer.ZeroGrad model</c>).</summary>
public static class Layer
{
    /// <summary>Sets every parameter's <see cref="Parameter{T}.Grad"/> back to <c>null</c>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="layer"/> is null, or its Parameters list is or holds null (the message names the entry, <c>layer.Parameters[i]</c>; no gradient is cleared).</exception>
    public static void ZeroGrad<T>(ILayer<T> layer) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(layer);
        var ps = ParameterLists.OfLayer(layer, nameof(layer));
        for (int i = 0; i < ps.Count; i++) ps[i].ZeroGrad();
    }

    /// <summary>The number of entries optimizers may change (masked connections excluded).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="layer"/> is null, or its Parameters list is or holds null (the message names the entry, <c>layer.Parameters[i]</c>).</exception>
    public static int TrainableCount<T>(ILayer<T> layer) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(layer);
        int total = 0;
        foreach (var p in ParameterLists.OfLayer(layer, nameof(layer))) total += p.TrainableCount;
        return total;
    }

    /// <summary>
    /// Puts <paramref name="model"/> in training (<c>true</c>) or evaluation (<c>false</c>) mode, as
    /// PyTorch's <c>model.train()</c> / <c>model.eval()</c>: sets <see cref="ITrainingMode.Training"/> on
    /// the model and on every layer inside it (through nested <see cref="Sequential{T}"/>s). Layers
    /// without a mode are left alone. A <see cref="Dropout{T}"/> shares its mode with its
    /// <see cref="ILayer{T}.ShareWeights"/> twins, so switching a model also switches its twin (a Siamese
    /// model's second branch, nested Sequentials included), as PyTorch's <c>eval()</c> on the one shared module.
    /// </summary>
    public static void SetTraining<T>(ILayer<T> model, bool training) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model is ITrainingMode m) m.Training = training;
        if (model is Sequential<T> s)
            foreach (var layer in s.Layers) SetTraining(layer, training);
    }
}
