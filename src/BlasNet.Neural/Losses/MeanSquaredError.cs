using System.Numerics;
using System.Numerics.Tensors;

namespace BlasNet.Neural;

/// <summary>
/// Mean squared error over all entries, as PyTorch's <c>MSELoss()</c>: <c>L = Σ (p − t)² / N</c>, and
/// <c>dL/dp = 2(p − t)/N</c>. The sum of squares is accumulated in double for float too (each float
/// difference widened, squared and added in double), so the value does not drift with the batch size;
/// the differences and the gradient stay in <typeparamref name="T"/>. An empty batch (N = 0) has loss
/// NaN, as in PyTorch, and an empty gradient. Non-finite entries are not refused and give what PyTorch gives: an ∞
/// prediction or target makes the loss ∞ and that entry's gradient ±∞ (NaN, loss and gradient, where both are the same
/// infinity: ∞ − ∞), a NaN in either makes the loss NaN and that entry's gradient NaN; the other entries' gradients stay finite.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class MeanSquaredError<T> : ILoss<T, Matrix<T>> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the loss; it holds no settings, only the buffers of its last forward pass.</summary>
    public MeanSquaredError() { }

    private Matrix<T>? difference, gradient;
    private Matrix<T>? prediction, relaidTarget;

    /// <summary>
    /// The loss for <paramref name="prediction"/> against <paramref name="target"/> (same shape; either may be a
    /// transposed view, as PyTorch's <c>mse_loss</c> takes any strides); NaN when they have no entries.
    /// </summary>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public T Forward(Matrix<T> prediction, Matrix<T> target)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(target);
        Workspace.SameShape(target, prediction, nameof(target), "the prediction's shape");
        // The difference runs over storage spans, so a target in the other layout (a column of targets written as the
        // transposed view of a row, against a model's plain output) is copied once into a reused buffer in the prediction's.
        target = Workspace.InLayoutOf(target, prediction, ref relaidTarget);
        difference = Workspace.SameLayout(difference, prediction);
        TensorPrimitives.Subtract<T>(prediction.AsSpan(), target.AsSpan(), difference.AsSpan());
        this.prediction = prediction;
        var d = difference.AsSpan();
        // 0/0: NaN for an empty batch, as PyTorch's F.mse_loss and this library's other losses.
        if (d.Length == 0) return T.NaN;
        return T.CreateTruncating(Kernels.SumOfSquares<T>(d) / d.Length);
    }

    /// <summary>The loss as a double, for <see cref="Trainer{TTarget}"/> (the same value as <see cref="Forward"/>).</summary>
    double ILoss<T, Matrix<T>>.Forward(Matrix<T> prediction, Matrix<T> target) => double.CreateTruncating(Forward(prediction, target));

    /// <summary>dL/dprediction for the last <see cref="Forward"/> call (the loss's buffer, overwritten by the next call; empty for an empty batch).</summary>
    /// <exception cref="InvalidOperationException">No forward call came first.</exception>
    public Matrix<T> Backward()
    {
        var d = Workspace.Require(difference, nameof(MeanSquaredError<T>));
        gradient = Workspace.SameLayout(gradient, prediction!);
        int n = d.AsSpan().Length;
        if (n > 0) Kernels.Scale<T>(d.AsSpan(), T.CreateTruncating(2.0 / n), gradient.AsSpan());
        return gradient;
    }
}
