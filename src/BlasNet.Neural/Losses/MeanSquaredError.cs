using System.Numerics;
using System.Numerics.Tensors;

namespace BlasNet.Neural;

/// <summary>
/// Mean squared error over all entries, as PyTorch's <c>MSELoss()</c>: <c>L = Σ (p − t)² / N</c>, and
/// <c>dL/dp = 2(p − t)/N</c>. Built with <see cref="Reduction.Sum"/> (PyTorch's <c>reduction='sum'</c>) it is
/// <c>Σ (p − t)²</c> with <c>dL/dp = 2(p − t)</c> (0 for an empty batch); with <see cref="Reduction.None"/>,
/// <see cref="ForwardUnreduced"/> gives each entry's <c>(p − t)²</c> (squared in <typeparamref name="T"/>, as PyTorch) and
/// <see cref="Backward(Matrix{T})"/> takes an upstream gradient g of that shape and returns <c>2(p − t)·g</c>. The sum of squares is accumulated in double for float too (each float
/// difference widened, squared and added in double), so the value does not drift with the batch size;
/// the differences and the gradient stay in <typeparamref name="T"/>. An empty batch (N = 0) has loss
/// NaN, as in PyTorch, and an empty gradient. Non-finite entries are not refused and give what PyTorch gives: an ∞
/// prediction or target makes the loss ∞ and that entry's gradient ±∞ (NaN, loss and gradient, where both are the same
/// infinity: ∞ − ∞), a NaN in either makes the loss NaN and that entry's gradient NaN; the other entries' gradients stay finite.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class MeanSquaredError<T> : ILoss<T, Matrix<T>> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the loss with <see cref="Reduction.Mean"/>, PyTorch's default; it holds only the buffers of its last forward pass.</summary>
    public MeanSquaredError() { }

    /// <summary>Creates the loss with the given <paramref name="reduction"/> (PyTorch's <c>MSELoss(reduction=…)</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">reduction is not a member of <see cref="Neural.Reduction"/>.</exception>
    public MeanSquaredError(Reduction reduction) => Reduction = Reductions.Checked(reduction, nameof(reduction));

    /// <summary>How the per-entry losses are reduced: <see cref="Reduction.Mean"/> unless the constructor was given another.</summary>
    public Reduction Reduction { get; } = Reduction.Mean;

    private Matrix<T>? difference, gradient;
    private Matrix<T>? prediction, relaidTarget;

    /// <summary>
    /// The loss for <paramref name="prediction"/> against <paramref name="target"/> (same shape; either may be a
    /// transposed view, as PyTorch's <c>mse_loss</c> takes any strides): the mean, or the sum with <see cref="Reduction.Sum"/>;
    /// with no entries NaN (mean) or 0 (sum), as PyTorch's.
    /// </summary>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    /// <exception cref="InvalidOperationException">The loss was built with <see cref="Reduction.None"/> (call <see cref="ForwardUnreduced"/>).</exception>
    public T Forward(Matrix<T> prediction, Matrix<T> target)
    {
        Reductions.RequireScalar(Reduction, nameof(MeanSquaredError<T>));
        var d = Difference(prediction, target);
        // 0/0: NaN for an empty batch, as PyTorch's F.mse_loss and this library's other losses; an empty sum is 0.
        if (d.Length == 0) return Reduction == Reduction.Sum ? T.Zero : T.NaN;
        double sum = Kernels.SumOfSquares<T>(d);
        return T.CreateTruncating(Reduction == Reduction.Sum ? sum : sum / d.Length);
    }

    /// <summary>
    /// The per-entry losses <c>(p − t)²</c> of <paramref name="prediction"/> against <paramref name="target"/> (same shape;
    /// PyTorch's <c>mse_loss(…, reduction='none')</c>), a new matrix of the prediction's shape; for a loss built with <see cref="Reduction.None"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    /// <exception cref="InvalidOperationException">The loss was built with <see cref="Reduction.Mean"/> or <see cref="Reduction.Sum"/> (call <see cref="Forward"/>).</exception>
    public UnreducedLoss<T> ForwardUnreduced(Matrix<T> prediction, Matrix<T> target)
    {
        Reductions.RequireNone(Reduction, nameof(MeanSquaredError<T>));
        Difference(prediction, target);
        var values = new Matrix<T>(prediction.Rows, prediction.Columns);
        for (int i = 0; i < values.Rows; i++)
            for (int j = 0; j < values.Columns; j++)
            {
                T v = difference![i, j];
                values[i, j] = v * v;
            }
        return new UnreducedLoss<T>(values);
    }

    /// <summary>prediction − target into the loss's buffer (in the prediction's layout), kept with the prediction for Backward.</summary>
    private Span<T> Difference(Matrix<T> prediction, Matrix<T> target)
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
        return difference.AsSpan();
    }

    /// <summary>The loss as a double, for <see cref="Trainer{TTarget}"/> (the same value as <see cref="Forward"/>).</summary>
    double ILoss<T, Matrix<T>>.Forward(Matrix<T> prediction, Matrix<T> target) => double.CreateTruncating(Forward(prediction, target));

    /// <summary>dL/dprediction for the last <see cref="Forward"/> call (the loss's buffer, overwritten by the next call; empty for an empty batch).</summary>
    /// <exception cref="InvalidOperationException">No forward call came first, or the loss was built with <see cref="Reduction.None"/> (call <see cref="Backward(Matrix{T})"/>).</exception>
    public Matrix<T> Backward()
    {
        Reductions.RequireScalar(Reduction, nameof(MeanSquaredError<T>));
        var d = Workspace.Require(difference, nameof(MeanSquaredError<T>));
        gradient = Workspace.SameLayout(gradient, prediction!);
        int n = d.AsSpan().Length;
        if (n > 0) Kernels.Scale<T>(d.AsSpan(), T.CreateTruncating(Reduction == Reduction.Sum ? 2.0 : 2.0 / n), gradient.AsSpan());
        return gradient;
    }

    /// <summary>
    /// dL/dprediction <c>2(p − t)·upstream</c> for the last <see cref="ForwardUnreduced"/> call, given <paramref name="upstream"/>,
    /// the gradient of your objective with respect to each per-entry loss (PyTorch's <c>loss.backward(upstream)</c>; the
    /// prediction's shape). The loss's buffer, overwritten by the next call.
    /// </summary>
    /// <exception cref="ArgumentException">upstream's shape differs from the prediction's (the message gives both).</exception>
    /// <exception cref="InvalidOperationException">No ForwardUnreduced call came first, or the loss was built with <see cref="Reduction.Mean"/> or <see cref="Reduction.Sum"/>.</exception>
    public Matrix<T> Backward(Matrix<T> upstream)
    {
        Reductions.RequireNone(Reduction, nameof(MeanSquaredError<T>));
        var d = Workspace.Require(difference, nameof(MeanSquaredError<T>));
        Reductions.RequireUpstream(upstream, d.Rows, d.Columns, "the prediction's shape");
        gradient = Workspace.SameLayout(gradient, prediction!);
        T two = T.CreateTruncating(2);
        // (2·(p − t))·g in T, PyTorch's order (mse_backward: norm · (input − target) · grad_output).
        for (int i = 0; i < d.Rows; i++)
            for (int j = 0; j < d.Columns; j++) gradient[i, j] = two * d[i, j] * upstream[i, j];
        return gradient;
    }
}
