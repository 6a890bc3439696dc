using System.Globalization;
using System.Numerics;
using BlasNet.Functions;

namespace BlasNet.Neural;

/// <summary>
/// Binary cross-entropy on raw logits, as PyTorch's <c>F.binary_cross_entropy_with_logits(z, t,
/// pos_weight=w)</c> with mean reduction over all entries: per entry
/// <c>ℓ = −[w t log σ(z) + (1 − t) log(1 − σ(z))]</c>, computed as
/// <c>(1 − t) softplus(z) + w t softplus(−z)</c> with <c>softplus(z) = max(z, 0) + log1p(e^(−|z|))</c>, so it stays finite
/// for logits of any size and keeps its digits for well-classified entries (t = 0, z = −40: 4.25e-18, where PyTorch's
/// <c>(1 − t) z + (1 + (w − 1) t)·softplus(−z)</c>, the same sum rewritten, cancels to 0; at z = −20 PyTorch is 3e-8 off);
/// <c>dℓ/dz = (1 − t) σ(z) − w t (1 − σ(z))</c>, divided by the number of entries. Targets may be soft (any value in
/// [0, 1]); targets outside [0, 1] are not refused (nor are they by PyTorch) and give the same formula, a loss that can be
/// negative. As in PyTorch, an infinite logit whose target puts no weight on the side it saturates (z = +∞ with t = 1,
/// z = −∞ with t = 0) gives 0·∞ = NaN, with gradient 0. A logit saturated on the wrong side gives the limits: loss ∞ and
/// gradient 1/N (z = +∞, t = 0, as PyTorch) or −w/N (z = −∞, t = 1, where PyTorch's <c>(1 − t)·z</c> is 0·(−∞) and its
/// loss NaN, with the same gradient). A NaN logit or target gives loss NaN and a NaN gradient at that entry, as PyTorch's.
/// Computed in double for float too. Built with <see cref="Reduction.Sum"/> (PyTorch's <c>reduction='sum'</c>) the loss is the
/// sum over entries and the gradient is not divided by N (an empty batch: 0); with <see cref="Reduction.None"/>,
/// <see cref="ForwardUnreduced"/> gives each entry's ℓ and <see cref="Backward(Matrix{T})"/> takes an upstream gradient g of
/// the logits' shape and returns <c>dℓ/dz·g</c>.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class BinaryCrossEntropyWithLogits<T> : ILoss<T, Matrix<T>> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly double[]? positiveWeight;
    private Matrix<T>? logits, targets, gradient;

    /// <summary>
    /// A loss with optional <paramref name="positiveWeight"/> (PyTorch's <c>pos_weight</c>): one finite,
    /// non-negative weight per column, multiplying the positive term (copied); and a <paramref name="reduction"/>
    /// (PyTorch's <c>reduction</c>, <see cref="Reduction.Mean"/> by default as there).
    /// </summary>
    /// <exception cref="ArgumentException">positiveWeight is empty or has a negative or non-finite entry.</exception>
    /// <exception cref="ArgumentOutOfRangeException">reduction is not a member of <see cref="Neural.Reduction"/>.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is not float or double.</exception>
    public BinaryCrossEntropyWithLogits(double[]? positiveWeight = null, Reduction reduction = Reduction.Mean)
    {
        TypedBlas.RequireBlasType<T>(nameof(BinaryCrossEntropyWithLogits<T>));
        Reduction = Reductions.Checked(reduction, nameof(reduction));
        if (positiveWeight is not null)
        {
            if (positiveWeight.Length == 0) throw new ArgumentException("positiveWeight is empty; pass one weight per column or null.", nameof(positiveWeight));
            for (int j = 0; j < positiveWeight.Length; j++)
                if (!double.IsFinite(positiveWeight[j]) || positiveWeight[j] < 0)
                    throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"positiveWeight[{j}] is {positiveWeight[j]}; weights must be finite and ≥ 0."), nameof(positiveWeight));
            this.positiveWeight = (double[])positiveWeight.Clone();
        }
    }

    /// <summary>How the per-entry losses are reduced: <see cref="Reduction.Mean"/> unless the constructor was given another.</summary>
    public Reduction Reduction { get; }

    /// <summary>A copy of the per-column positive weights, or <c>null</c> when all are 1.</summary>
    public double[]? PositiveWeight => (double[]?)positiveWeight?.Clone();

    /// <summary>
    /// The mean loss (the sum with <see cref="Reduction.Sum"/>) of the logits <paramref name="prediction"/> against
    /// <paramref name="target"/> (same shape; transposed views are fine). The parameters carry <see cref="ILoss{T, TTarget}"/>'s names (PyTorch's <c>input</c>/<c>target</c>),
    /// so a named argument and an exception's ParamName are the same whether the loss is called as itself or through the interface.
    /// </summary>
    /// <exception cref="ArgumentException">target's shape differs from prediction's (ParamName "target"), or the positive weights do not have one entry per column of prediction (ParamName "positiveWeight", the constructor's argument; the message gives both counts).</exception>
    /// <exception cref="InvalidOperationException">The loss was built with <see cref="Reduction.None"/> (call <see cref="ForwardUnreduced"/>).</exception>
    public double Forward(Matrix<T> prediction, Matrix<T> target)
    {
        Reductions.RequireScalar(Reduction, nameof(BinaryCrossEntropyWithLogits<T>));
        Keep(prediction, target);
        double sum = 0;
        for (int i = 0; i < prediction.Rows; i++)
            for (int j = 0; j < prediction.Columns; j++)
                sum += EntryLoss(i, j);
        // The mean of an empty batch is 0/0 = NaN, as PyTorch's; its sum is 0.
        return Reduction == Reduction.Sum ? sum : sum / (prediction.Rows * prediction.Columns);
    }

    /// <summary>
    /// The per-entry losses ℓ of the logits <paramref name="prediction"/> against <paramref name="target"/> (PyTorch's
    /// <c>binary_cross_entropy_with_logits(…, reduction='none')</c>), a new matrix of the logits' shape, each computed in
    /// double and rounded to <typeparamref name="T"/>; for a loss built with <see cref="Reduction.None"/>.
    /// </summary>
    /// <exception cref="ArgumentException">As <see cref="Forward"/>.</exception>
    /// <exception cref="InvalidOperationException">The loss was built with <see cref="Reduction.Mean"/> or <see cref="Reduction.Sum"/> (call <see cref="Forward"/>).</exception>
    public UnreducedLoss<T> ForwardUnreduced(Matrix<T> prediction, Matrix<T> target)
    {
        Reductions.RequireNone(Reduction, nameof(BinaryCrossEntropyWithLogits<T>));
        Keep(prediction, target);
        var values = new Matrix<T>(prediction.Rows, prediction.Columns);
        for (int i = 0; i < values.Rows; i++)
            for (int j = 0; j < values.Columns; j++)
                values[i, j] = T.CreateTruncating(EntryLoss(i, j));
        return new UnreducedLoss<T>(values);
    }

    /// <summary>Checks the arguments and keeps them for Backward.</summary>
    private void Keep(Matrix<T> prediction, Matrix<T> target)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(target);
        var logits = prediction;
        var targets = target;
        Workspace.SameShape(targets, logits, nameof(target), "the shape of prediction, the logits");
        if (positiveWeight is not null && positiveWeight.Length != logits.Columns)
            // Named after the constructor's argument, the one that is wrong for this model.
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"positiveWeight (given to the loss) has {positiveWeight.Length} positive weights but prediction (the logits) has {logits.Columns} columns: one weight per column."), "positiveWeight");
        this.logits = logits;
        this.targets = targets;
    }

    /// <summary>ℓ of entry [i, j] of the kept logits and targets, in double.</summary>
    private double EntryLoss(int i, int j)
    {
        double z = double.CreateTruncating(logits![i, j]), t = double.CreateTruncating(targets![i, j]);
        double w = positiveWeight?[j] ?? 1.0;
        // PyTorch's (1 − t) z + (1 + (w − 1) t)·softplus(−z) is this sum rewritten (softplus(z) − softplus(−z) = z), but
        // for a well-classified entry it cancels: t = 0, z = −40 gave −40 + (40 + 4.2e-18) = 0, and z = −20 was 3e-7
        // off. Here both terms are ≥ 0 for targets in [0, 1] and each softplus is accurate, so nothing cancels.
        return (1 - t) * Softplus(z) + w * t * Softplus(-z);
    }

    /// <summary>
    /// softplus(z) = log(1 + e^z) = −log σ(−z), as <c>max(z, 0) + log1p(e^(−|z|))</c>: finite for any finite z, within an ulp or
    /// so of the true value (no cancellation: both terms are ≥ 0); +∞ at +∞, 0 at −∞.
    /// </summary>
    private static double Softplus(double z) => Math.Max(z, 0) + LogOnePlus.Of(Math.Exp(-Math.Abs(z)));

    /// <summary>dL/dprediction (the logits' gradient) for the last <see cref="Forward"/> call (plain, the loss's buffer, overwritten by the next call).</summary>
    /// <exception cref="InvalidOperationException">No forward call came first, or the loss was built with <see cref="Reduction.None"/> (call <see cref="Backward(Matrix{T})"/>).</exception>
    public Matrix<T> Backward()
    {
        Reductions.RequireScalar(Reduction, nameof(BinaryCrossEntropyWithLogits<T>));
        var z = Workspace.Require(logits, nameof(BinaryCrossEntropyWithLogits<T>));
        gradient = Workspace.Plain(gradient, z.Rows, z.Columns);
        // The sum's gradient is the mean's times N: divided by 1, exactly the per-entry dℓ/dz.
        double count = Reduction == Reduction.Sum ? 1 : z.Rows * z.Columns;
        for (int i = 0; i < z.Rows; i++)
            for (int j = 0; j < z.Columns; j++)
                gradient[i, j] = T.CreateTruncating(EntryGradient(i, j) / count);
        return gradient;
    }

    /// <summary>
    /// dL/dprediction <c>dℓ/dz·upstream</c> (each product in double) for the last <see cref="ForwardUnreduced"/> call, given
    /// <paramref name="upstream"/>, the gradient of your objective with respect to each per-entry loss (PyTorch's
    /// <c>loss.backward(upstream)</c>; the logits' shape). Plain, the loss's buffer, overwritten by the next call.
    /// </summary>
    /// <exception cref="ArgumentException">upstream's shape differs from the logits' (the message gives both).</exception>
    /// <exception cref="InvalidOperationException">No ForwardUnreduced call came first, or the loss was built with <see cref="Reduction.Mean"/> or <see cref="Reduction.Sum"/>.</exception>
    public Matrix<T> Backward(Matrix<T> upstream)
    {
        Reductions.RequireNone(Reduction, nameof(BinaryCrossEntropyWithLogits<T>));
        var z = Workspace.Require(logits, nameof(BinaryCrossEntropyWithLogits<T>));
        Reductions.RequireUpstream(upstream, z.Rows, z.Columns, "the logits' shape");
        gradient = Workspace.Plain(gradient, z.Rows, z.Columns);
        for (int i = 0; i < z.Rows; i++)
            for (int j = 0; j < z.Columns; j++)
                gradient[i, j] = T.CreateTruncating(EntryGradient(i, j) * double.CreateTruncating(upstream[i, j]));
        return gradient;
    }

    /// <summary>dℓ/dz of entry [i, j] of the kept logits and targets, <c>(1 − t) σ(z) − w t (1 − σ(z))</c>, in double.</summary>
    private double EntryGradient(int i, int j)
    {
        double v = double.CreateTruncating(logits![i, j]), target = double.CreateTruncating(targets![i, j]);
        double w = positiveWeight?[j] ?? 1.0;
        // σ(z) and 1 − σ(z) each from e^(−|z|), without overflow or cancellation.
        double e = Math.Exp(-Math.Abs(v));
        double sigma = v >= 0 ? 1 / (1 + e) : e / (1 + e);
        double oneMinus = v >= 0 ? e / (1 + e) : 1 / (1 + e);
        return (1 - target) * sigma - w * target * oneMinus;
    }
}
