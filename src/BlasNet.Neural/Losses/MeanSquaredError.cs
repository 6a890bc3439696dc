using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace BlasNet.Neural;

/// <summary>
/// Mean squared error over all entries, as PyTorch's <c>MSELoss()</c>: <c>L = Σ (p − t)² / N</c>, and
/// <c>dL/dp = 2(p − t)/N</c>. The sum of squares is accumulated in double for float too (each float
/// difference widened, squared and added in double), so the value does not drift with the batch size;
/// the differences and the gradient stay in <typeparamref name="T"/>. An empty batch (N = 0) has loss
/// NaN, as in PyTorch, and an empty gradient.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class MeanSquaredError<T> : ILoss<T, Matrix<T>> where T : unmanaged, IFloatingPointIeee754<T>
{
    private Matrix<T>? difference, gradient;
    private Matrix<T>? prediction;

    /// <summary>The loss for <paramref name="prediction"/> against <paramref name="target"/> (same shape, both plain or both transposed views); NaN when they have no entries.</summary>
    /// <exception cref="ArgumentException">The shapes or layouts differ.</exception>
    public T Forward(Matrix<T> prediction, Matrix<T> target)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(target);
        Workspace.SameShape(target, prediction, nameof(target), "the prediction's shape");
        if (target.IsTransposed != prediction.IsTransposed)
            throw new ArgumentException("target and prediction must share their storage layout (both plain or both transposed views).", nameof(target));
        difference = Workspace.SameLayout(difference, prediction);
        TensorPrimitives.Subtract<T>(prediction.AsSpan(), target.AsSpan(), difference.AsSpan());
        this.prediction = prediction;
        var d = difference.AsSpan();
        // 0/0: NaN for an empty batch, as PyTorch's F.mse_loss and this library's other losses.
        if (d.Length == 0) return T.NaN;
        return T.CreateTruncating(SumOfSquaresInDouble(d) / d.Length);
    }

    /// <summary>
    /// Σ x² accumulated in double: a float's square is exact in double, and the sum of N of them keeps
    /// ~N·2⁻⁵³ relative error instead of float32's ~N·2⁻²⁴ (vectorized, no allocation).
    /// </summary>
    internal static double SumOfSquaresInDouble(ReadOnlySpan<T> x)
    {
        if (typeof(T) == typeof(double))
            return double.CreateTruncating(TensorPrimitives.SumOfSquares<T>(x));
        if (typeof(T) != typeof(float))
        {
            double s = 0;
            foreach (var v in x) { double w = double.CreateTruncating(v); s += w * w; }
            return s;
        }
        var f = MemoryMarshal.Cast<T, float>(x);
        int i = 0;
        double sum = 0;
        if (Vector.IsHardwareAccelerated && f.Length >= Vector<float>.Count)
        {
            var vectors = MemoryMarshal.Cast<float, Vector<float>>(f);
            Vector<double> a0 = Vector<double>.Zero, a1 = Vector<double>.Zero;
            foreach (var v in vectors)
            {
                Vector.Widen(v, out var low, out var high);
                a0 += low * low;
                a1 += high * high;
            }
            sum = Vector.Sum(a0 + a1);
            i = vectors.Length * Vector<float>.Count;
        }
        for (; i < f.Length; i++) sum += (double)f[i] * f[i];
        return sum;
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
