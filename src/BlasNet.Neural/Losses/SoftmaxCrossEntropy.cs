using System.Globalization;
using System.Numerics;
using BlasNet.Functions;

namespace BlasNet.Neural;

/// <summary>
/// Softmax cross-entropy on raw logits against class indices, as PyTorch's
/// <c>F.cross_entropy(logits, labels, weight, label_smoothing=ε)</c> with mean reduction. With
/// <c>log p = log_softmax(z)</c> (computed as <c>z − max − log1p(Σ' exp(z − max))</c>, Σ' over every class but the first
/// largest, stable for logits of any size and without PyTorch's cancellation for confident rows: logits [0, −40] with label 0
/// give 4.25e-18 where PyTorch gives 0, and the target's gradient −4.25e-18 where PyTorch gives 0), class weights w (all 1 without them), C classes and <c>W = Σ_i w[y_i]</c>:
/// <c>L = [(1 − ε) Σ_i w[y_i] (−log p[i, y_i]) + (ε/C) Σ_i Σ_c w[c] (−log p[i, c])] / W</c>, and
/// <c>dL/dz[i, j] = [(1 − ε) w[y_i] (p[i, j] − δ[j, y_i]) + (ε/C)(p[i, j] Σ_c w[c] − w[j])] / W</c>.
/// Computed in double for float too. When every target of a batch has weight 0 (W = 0) the loss is NaN, as in PyTorch;
/// class weights that are all 0, which would make every batch's loss NaN, are refused. Non-finite logits are not refused and
/// give what PyTorch gives: a row holding NaN, or whose largest logit is +∞, makes the loss NaN and that row's gradient NaN;
/// a logit of −∞ is a class of probability 0 (its term adds nothing, and the loss is ∞, with the finite gradient p − onehot,
/// when it is the target, or with label smoothing ε &gt; 0 at all).
/// Built with <see cref="Reduction.Sum"/> (PyTorch's <c>reduction='sum'</c>) the loss and its gradient are the above times W
/// (not divided by the total weight; an empty batch gives 0); with <see cref="Reduction.None"/>, <see cref="ForwardUnreduced"/>
/// gives each row's <c>ℓ_i = (1 − ε) w[y_i] (−log p[i, y_i]) + (ε/C) Σ_c w[c] (−log p[i, c])</c> (batch×1; weighted, as
/// PyTorch's) and <see cref="Backward(Matrix{T})"/> takes an upstream gradient g of that shape and returns <c>dℓ_i/dz[i, j]·g_i</c>.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class SoftmaxCrossEntropy<T> : ILoss<T, int[]> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly double[]? weights;
    private double[] probabilities = [];
    // Per row, 1 − p[i, y_i] formed without cancellation (the other classes' share), for the target's gradient.
    private double[] targetComplements = [];
    private int[]? labels;
    private int rows, classes;
    private double weightTotal;
    // Per row, ℓ_i (its class weight and the smoothing applied), for ForwardUnreduced.
    private double[] rowLosses = [];
    private Matrix<T>? logits, gradient;

    /// <summary>
    /// A loss with <paramref name="labelSmoothing"/> ε in [0, 1] (PyTorch's <c>label_smoothing</c>),
    /// optional <paramref name="classWeights"/> (PyTorch's <c>weight</c>: one finite, non-negative entry per class; copied),
    /// and a <paramref name="reduction"/> (PyTorch's <c>reduction</c>, <see cref="Reduction.Mean"/> by default as there).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">labelSmoothing is outside [0, 1], or reduction is not a member of <see cref="Neural.Reduction"/>.</exception>
    /// <exception cref="ArgumentException">classWeights is empty, has a negative or non-finite entry, or is all 0 (every loss would be NaN; PyTorch accepts it).</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is not float or double.</exception>
    public SoftmaxCrossEntropy(double labelSmoothing = 0.0, double[]? classWeights = null, Reduction reduction = Reduction.Mean)
    {
        TypedBlas.RequireBlasType<T>(nameof(SoftmaxCrossEntropy<T>));
        Reduction = Reductions.Checked(reduction, nameof(reduction));
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1))
            throw new ArgumentOutOfRangeException(nameof(labelSmoothing), labelSmoothing, string.Create(CultureInfo.InvariantCulture, $"labelSmoothing must be in [0, 1]; got {labelSmoothing}."));
        if (classWeights is not null)
        {
            if (classWeights.Length == 0) throw new ArgumentException("classWeights is empty; pass one weight per class or null.", nameof(classWeights));
            for (int c = 0; c < classWeights.Length; c++)
                if (!double.IsFinite(classWeights[c]) || classWeights[c] < 0)
                    throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"classWeights[{c}] is {classWeights[c]}; class weights must be finite and ≥ 0."), nameof(classWeights));
            // Every batch would have W = 0: the loss NaN (0/0) and every training step skipped, whatever the data.
            if (Array.TrueForAll(classWeights, w => w == 0))
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"classWeights are all 0 ({classWeights.Length} classes): every batch would have total weight 0 and loss NaN (0/0). Give at least one class a positive weight."), nameof(classWeights));
            weights = (double[])classWeights.Clone();
        }
        LabelSmoothing = labelSmoothing;
    }

    /// <summary>How the per-row losses are reduced: <see cref="Reduction.Mean"/> unless the constructor was given another.</summary>
    public Reduction Reduction { get; }

    /// <summary>The label smoothing ε.</summary>
    public double LabelSmoothing { get; }

    /// <summary>A copy of the class weights, or <c>null</c> when every class weighs 1.</summary>
    public double[]? ClassWeights => (double[]?)weights?.Clone();

    /// <summary>
    /// The mean loss (the weighted sum with <see cref="Reduction.Sum"/>) of the logits <paramref name="prediction"/> (batch×classes, a transposed view is fine) for the class
    /// indices <paramref name="target"/> (one label per row). The parameters carry <see cref="ILoss{T, TTarget}"/>'s names
    /// (PyTorch's <c>input</c>/<c>target</c>), so a named argument and an exception's ParamName are the same whether the
    /// loss is called as itself or through the interface.
    /// </summary>
    /// <exception cref="ArgumentException">target does not have one label per row of prediction, or a label is outside [0, classes) (ParamName "target"); the class weights do not have one entry per column of prediction (ParamName "classWeights", the constructor's argument; the message gives both counts).</exception>
    /// <exception cref="InvalidOperationException">The loss was built with <see cref="Reduction.None"/> (call <see cref="ForwardUnreduced"/>).</exception>
    public double Forward(Matrix<T> prediction, int[] target)
    {
        Reductions.RequireScalar(Reduction, nameof(SoftmaxCrossEntropy<T>));
        var (nll, smooth) = Evaluate(prediction, target);
        double eps = LabelSmoothing;
        // PyTorch's (1 − ε)·nll + smooth·(ε/C), divided for the mean by W (0/0 = NaN for an empty batch, as PyTorch's).
        double sum = (1 - eps) * nll + eps / classes * smooth;
        return Reduction == Reduction.Sum ? sum : sum / weightTotal;
    }

    /// <summary>
    /// The per-row losses ℓ_i of the logits <paramref name="prediction"/> for the class indices <paramref name="target"/>
    /// (PyTorch's <c>cross_entropy(…, reduction='none')</c>: weighted by the target's class weight, with the smoothing term), a
    /// new batch×1 matrix, each computed in double and rounded to <typeparamref name="T"/>; for a loss built with <see cref="Reduction.None"/>.
    /// </summary>
    /// <exception cref="ArgumentException">As <see cref="Forward"/>.</exception>
    /// <exception cref="InvalidOperationException">The loss was built with <see cref="Reduction.Mean"/> or <see cref="Reduction.Sum"/> (call <see cref="Forward"/>).</exception>
    public UnreducedLoss<T> ForwardUnreduced(Matrix<T> prediction, int[] target)
    {
        Reductions.RequireNone(Reduction, nameof(SoftmaxCrossEntropy<T>));
        Evaluate(prediction, target);
        var values = new Matrix<T>(rows, 1);
        for (int i = 0; i < rows; i++) values[i, 0] = T.CreateTruncating(rowLosses[i]);
        return new UnreducedLoss<T>(values);
    }

    /// <summary>
    /// Checks the arguments, keeps the probabilities and labels for Backward and each row's loss for ForwardUnreduced, and
    /// returns the weighted sums of −log p[i, y_i] and of the smoothing term over the batch.
    /// </summary>
    private (double Nll, double Smooth) Evaluate(Matrix<T> prediction, int[] target)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(target);
        var logits = prediction;
        var labels = target;
        int n = logits.Rows, c = logits.Columns;
        if (labels.Length != n)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"target has {labels.Length} entries (class labels) but prediction (the logits) has {n} rows: one label per row."), nameof(target));
        if (weights is not null && weights.Length != c)
            // Named after the constructor's argument, the one that is wrong for this model (whose output is right for the labels).
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"classWeights (given to the loss) has {weights.Length} class weights but prediction (the logits) has {c} columns (classes): one weight per class."), "classWeights");
        for (int i = 0; i < n; i++)
            if ((uint)labels[i] >= (uint)c)
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"target[{i}] is {labels[i]} but prediction (the logits) has {c} classes: class labels must be in [0, {c - 1}]."), nameof(target));
        if (probabilities.Length != n * c) probabilities = new double[n * c];
        double eps = LabelSmoothing;
        double nll = 0, smooth = 0, total = 0;
        if (targetComplements.Length != n) targetComplements = new double[n];
        if (rowLosses.Length != n) rowLosses = new double[n];
        for (int i = 0; i < n; i++)
        {
            double max = double.NegativeInfinity;
            int top = -1;
            for (int j = 0; j < c; j++)
            {
                double z = double.CreateTruncating(logits[i, j]);
                if (z > max) (max, top) = (z, j);
                else if (double.IsNaN(z)) max = z; // NaN in, NaN out (max stays NaN: no later z compares above it)
            }
            // log Σ e^(z − max) as log1p of the terms other than the (first) largest, which is e^0 = 1 exactly: log(1 + r)
            // dropped every r below 1.1e-16, so a confidently right row (logits [0, −40]) had loss 0 for 4.25e-18, and
            // 1 − p of its target came out 0 (PyTorch's log_softmax has both). Likewise 1 − p[y] is kept as the sum of the
            // other classes' terms over the total, not formed from a rounded p[y] ≈ 1.
            double rest = 0, others = 0;
            int label = labels[i];
            for (int j = 0; j < c; j++)
            {
                double e = Math.Exp(double.CreateTruncating(logits[i, j]) - max);
                probabilities[i * c + j] = e;
                if (j != top) rest += e;
                if (j != label) others += e;
            }
            // A largest logit of ±∞ or NaN: every log p is NaN, as in PyTorch (e^(∞ − ∞) is the largest class's own term,
            // left out of rest above).
            if (!double.IsFinite(max)) rest = others = double.NaN;
            double sum = 1 + rest;
            double logSum = LogOnePlus.Of(rest);
            double wy = weights?[label] ?? 1.0;
            total += wy;
            // −log p = (max − z) + log Σ: two terms ≥ 0, no cancellation.
            double rowNll = wy * (max - double.CreateTruncating(logits[i, label]) + logSum), rowSmooth = 0;
            nll += rowNll;
            if (eps > 0)
                for (int j = 0; j < c; j++)
                {
                    double term = (weights?[j] ?? 1.0) * (max - double.CreateTruncating(logits[i, j]) + logSum);
                    smooth += term;
                    rowSmooth += term;
                }
            rowLosses[i] = (1 - eps) * rowNll + eps / c * rowSmooth;
            for (int j = 0; j < c; j++) probabilities[i * c + j] /= sum;
            targetComplements[i] = others / sum;
        }
        this.logits = logits;
        this.labels = labels;
        rows = n;
        classes = c;
        weightTotal = total;
        return (nll, smooth);
    }

    /// <summary>dL/dprediction (the logits' gradient) for the last <see cref="Forward"/> call (plain, the loss's buffer, overwritten by the next call).</summary>
    /// <exception cref="InvalidOperationException">No forward call came first, or the loss was built with <see cref="Reduction.None"/> (call <see cref="Backward(Matrix{T})"/>).</exception>
    public Matrix<T> Backward()
    {
        Reductions.RequireScalar(Reduction, nameof(SoftmaxCrossEntropy<T>));
        // The sum's gradient is the mean's times W: divided by 1, exactly the per-row dℓ_i/dz.
        return Gradient(null, Reduction == Reduction.Sum ? 1 : weightTotal);
    }

    /// <summary>
    /// dL/dprediction <c>dℓ_i/dz[i, j]·upstream_i</c> (each product in double) for the last <see cref="ForwardUnreduced"/>
    /// call, given <paramref name="upstream"/>, the gradient of your objective with respect to each row's loss (PyTorch's
    /// <c>loss.backward(upstream)</c>; batch×1). Plain, the loss's buffer, overwritten by the next call.
    /// </summary>
    /// <exception cref="ArgumentException">upstream is not batch×1 (the message gives both shapes).</exception>
    /// <exception cref="InvalidOperationException">No ForwardUnreduced call came first, or the loss was built with <see cref="Reduction.Mean"/> or <see cref="Reduction.Sum"/>.</exception>
    public Matrix<T> Backward(Matrix<T> upstream)
    {
        Reductions.RequireNone(Reduction, nameof(SoftmaxCrossEntropy<T>));
        Workspace.Require(logits, nameof(SoftmaxCrossEntropy<T>));
        Reductions.RequireUpstream(upstream, rows, 1, "one entry per row of the logits");
        return Gradient(upstream, 1);
    }

    /// <summary>The logits' gradient, each row's dℓ_i/dz times its upstream entry (1 without one) and divided by <paramref name="divisor"/>.</summary>
    private Matrix<T> Gradient(Matrix<T>? upstream, double divisor)
    {
        Workspace.Require(logits, nameof(SoftmaxCrossEntropy<T>));
        int n = rows, c = classes;
        gradient = Workspace.Plain(gradient, n, c);
        var g = gradient.AsSpan();
        double eps = LabelSmoothing, weightSum = 0;
        if (weights is not null) foreach (var w in weights) weightSum += w;
        else weightSum = c;
        for (int i = 0; i < n; i++)
        {
            double wy = weights?[labels![i]] ?? 1.0;
            for (int j = 0; j < c; j++)
            {
                double p = probabilities[i * c + j];
                double d = (1 - eps) * wy * (j == labels![i] ? -targetComplements[i] : p);
                if (eps > 0) d += eps / c * (p * weightSum - (weights?[j] ?? 1.0));
                if (upstream is not null) d *= double.CreateTruncating(upstream[i, 0]);
                g[i * c + j] = T.CreateTruncating(d / divisor);
            }
        }
        return gradient;
    }
}
