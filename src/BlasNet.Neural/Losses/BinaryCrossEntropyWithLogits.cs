using System.Globalization;
using System.Numerics;

namespace BlasNet.Neural;

/// <summary>
/// Binary cross-entropy on raw logits, as PyTorch's <c>F.binary_cross_entropy_with_logits(z, t,
/// pos_weight=w)</c> with mean reduction over all entries: per entry
/// <c>ℓ = −[w t log σ(z) + (1 − t) log(1 − σ(z))]</c>, computed as
/// <c>(1 − t) z + (1 + (w − 1) t)(log(1 + e^(−|z|)) + max(−z, 0))</c> so it stays finite for logits of
/// any size; <c>dℓ/dz = (1 − t) σ(z) − w t (1 − σ(z))</c>, divided by the number of entries. Targets
/// may be soft (any value in [0, 1]). Computed in double for float too.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class BinaryCrossEntropyWithLogits<T> : ILoss<T, Matrix<T>> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly double[]? positiveWeight;
    private Matrix<T>? logits, targets, gradient;

    /// <summary>
    /// A loss with optional <paramref name="positiveWeight"/> (PyTorch's <c>pos_weight</c>): one finite,
    /// non-negative weight per column, multiplying the positive term (copied).
    /// </summary>
    /// <exception cref="ArgumentException">positiveWeight is empty or has a negative or non-finite entry.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is not float or double.</exception>
    public BinaryCrossEntropyWithLogits(double[]? positiveWeight = null)
    {
        TypedBlas.RequireBlasType<T>(nameof(BinaryCrossEntropyWithLogits<T>));
        if (positiveWeight is not null)
        {
            if (positiveWeight.Length == 0) throw new ArgumentException("positiveWeight is empty; pass one weight per column or null.", nameof(positiveWeight));
            for (int j = 0; j < positiveWeight.Length; j++)
                if (!double.IsFinite(positiveWeight[j]) || positiveWeight[j] < 0)
                    throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"positiveWeight[{j}] is {positiveWeight[j]}; weights must be finite and ≥ 0."), nameof(positiveWeight));
            this.positiveWeight = (double[])positiveWeight.Clone();
        }
    }

    /// <summary>A copy of the per-column positive weights, or <c>null</c> when all are 1.</summary>
    public double[]? PositiveWeight => (double[]?)positiveWeight?.Clone();

    /// <summary>The mean loss of <paramref name="logits"/> against <paramref name="targets"/> (same shape; transposed views are fine).</summary>
    /// <exception cref="ArgumentException">The shapes differ, or the positive weights do not have one entry per column.</exception>
    public double Forward(Matrix<T> logits, Matrix<T> targets)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(targets);
        Workspace.SameShape(targets, logits, nameof(targets), "the logits' shape");
        if (positiveWeight is not null && positiveWeight.Length != logits.Columns)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The loss has {positiveWeight.Length} positive weights but logits has {logits.Columns} columns."), nameof(logits));
        double sum = 0;
        for (int i = 0; i < logits.Rows; i++)
            for (int j = 0; j < logits.Columns; j++)
            {
                double z = double.CreateTruncating(logits[i, j]), t = double.CreateTruncating(targets[i, j]);
                double w = positiveWeight?[j] ?? 1.0;
                // −log σ(z) = log(1 + e^(−|z|)) + max(−z, 0), finite for any z.
                sum += (1 - t) * z + (1 + (w - 1) * t) * (double.LogP1(Math.Exp(-Math.Abs(z))) + Math.Max(-z, 0));
            }
        this.logits = logits;
        this.targets = targets;
        return sum / (logits.Rows * logits.Columns);
    }

    /// <summary>dL/dlogits for the last <see cref="Forward"/> call (plain, the loss's buffer, overwritten by the next call).</summary>
    /// <exception cref="InvalidOperationException">No forward call came first.</exception>
    public Matrix<T> Backward()
    {
        var z = Workspace.Require(logits, nameof(BinaryCrossEntropyWithLogits<T>));
        var t = targets!;
        gradient = Workspace.Plain(gradient, z.Rows, z.Columns);
        double count = z.Rows * z.Columns;
        for (int i = 0; i < z.Rows; i++)
            for (int j = 0; j < z.Columns; j++)
            {
                double v = double.CreateTruncating(z[i, j]), target = double.CreateTruncating(t[i, j]);
                double w = positiveWeight?[j] ?? 1.0;
                // σ(z) and 1 − σ(z) each from e^(−|z|), without overflow or cancellation.
                double e = Math.Exp(-Math.Abs(v));
                double sigma = v >= 0 ? 1 / (1 + e) : e / (1 + e);
                double oneMinus = v >= 0 ? e / (1 + e) : 1 / (1 + e);
                gradient[i, j] = T.CreateTruncating(((1 - target) * sigma - w * target * oneMinus) / count);
            }
        return gradient;
    }
}
