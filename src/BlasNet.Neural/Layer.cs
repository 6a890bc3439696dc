using System.Numerics;

namespace BlasNet.Neural;

/// <summary>Helpers over any layer or model (read as an F# module: <c>Layer.ZeroGrad model</c>).</summary>
public static class Layer
{
    /// <summary>Sets every parameter's <see cref="Parameter{T}.Grad"/> back to <c>null</c>.</summary>
    public static void ZeroGrad<T>(ILayer<T> layer) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(layer);
        var ps = layer.Parameters;
        for (int i = 0; i < ps.Count; i++) ps[i].ZeroGrad();
    }

    /// <summary>The number of entries optimizers may change (masked connections excluded).</summary>
    public static int TrainableCount<T>(ILayer<T> layer) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(layer);
        int total = 0;
        foreach (var p in layer.Parameters) total += p.TrainableCount;
        return total;
    }
}
