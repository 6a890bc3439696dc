using System.Globalization;
using System.Numerics;

namespace BlasNet.Neural;

/// <summary>
/// Max-margin ranking loss, mean over the batch: <c>L = mean max(0, margin − (pos − neg))</c>, as
/// PyTorch's <c>MarginRankingLoss(margin)</c> with target 1, rounded in its order (the difference first). Pairs whose hinge argument
/// <c>margin − (pos − neg)</c> is ≥ 0 contribute <c>dL/dpos = −1/N</c> and <c>dL/dneg = +1/N</c>; the others
/// (and a NaN argument) contribute 0. At an exact tie (argument 0) the gradient is passed, as PyTorch's
/// <c>clamp_min</c> backward passes it where its input is ≥ the minimum. Both scores must come from
/// the same network (see <see cref="ILayer{T}.ShareWeights"/>), or the model can learn the input slot
/// instead of the content. Each hinge is computed in <typeparamref name="T"/> and the hinges are added in
/// double for float too (as the library's other losses), so the mean does not drift with the batch size.
/// An empty batch (N = 0) has loss NaN, as PyTorch's <c>MarginRankingLoss</c> (a mean over no pairs), and
/// empty gradients.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class MarginRanking<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private Matrix<T>? positive, negative;
    private Matrix<T>? gradPositive, gradNegative;
    private PairGradient<T>? pair;

    /// <summary>
    /// A ranking loss with the given margin (PyTorch's default is 0; the usual hinge uses 1; a negative
    /// margin is allowed, as in PyTorch).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="margin"/> is ∞ or NaN (every loss would be NaN or ∞).</exception>
    public MarginRanking(T margin)
    {
        if (!T.IsFinite(margin))
            throw new ArgumentOutOfRangeException(nameof(margin), margin, string.Create(CultureInfo.InvariantCulture, $"The ranking margin must be finite; got {margin}."));
        Margin = margin;
    }

    /// <summary>The margin by which a positive score should beat its negative.</summary>
    public T Margin { get; }

    /// <summary>The mean hinge for scores of the same shape (typically batch×1); NaN when they have no entries.</summary>
    /// <exception cref="ArgumentException">
    /// The shapes differ, or the two are one matrix (or views of one storage): the scores of both sides taken from one
    /// layer's output buffer, the positive ones overwritten by the second Forward (score through <see cref="ILayer{T}.ShareWeights"/>).
    /// </exception>
    public T Forward(Matrix<T> positive, Matrix<T> negative)
    {
        ArgumentNullException.ThrowIfNull(positive);
        ArgumentNullException.ThrowIfNull(negative);
        Workspace.SameShape(negative, positive, nameof(negative), "the positive scores' shape");
        int entries = positive.Rows * positive.Columns;
        // A layer hands out its own output buffer: both sides scored through one model are one matrix, the positive
        // scores overwritten by the second Forward. The loss would be the margin whatever the weights, and the two
        // backward passes through the one cache would cancel to a zero gradient.
        if (entries > 0 && ReferenceEquals(positive.Storage, negative.Storage))
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"positive and negative are the same matrix ({positive.Rows}×{positive.Columns}), or views of one: a layer returns its own output buffer, so scoring both sides through one model overwrote the positive scores with the negative ones. Score the negatives through model.ShareWeights() (a twin with the same parameters and its own buffers), or copy the positive scores first."),
                nameof(negative));
        this.positive = positive;
        this.negative = negative;
        int n = entries;
        // 0/0: NaN for an empty batch, as PyTorch's mean and this library's other losses.
        if (n == 0) return T.NaN;
        // Each hinge in T (PyTorch's rounding), their sum in double: a float running sum drifts by ~N·2⁻²⁴.
        double sum = 0;
        for (int i = 0; i < positive.Rows; i++)
            for (int j = 0; j < positive.Columns; j++)
                sum += double.CreateTruncating(T.Max(T.Zero, Argument(positive[i, j], negative[i, j])));
        return T.CreateTruncating(sum / n);
    }

    /// <summary>
    /// dL/dpos and dL/dneg for the last <see cref="Forward"/> call. The matrices (and the record) are
    /// the loss's buffers, overwritten by the next call; empty for an empty batch.
    /// </summary>
    /// <exception cref="InvalidOperationException">No forward call came first.</exception>
    public PairGradient<T> Backward()
    {
        var pos = Workspace.Require(positive, nameof(MarginRanking<T>));
        var neg = negative!;
        if (gradPositive is null || gradPositive.Rows != pos.Rows || gradPositive.Columns != pos.Columns)
        {
            gradPositive = new Matrix<T>(pos.Rows, pos.Columns);
            gradNegative = new Matrix<T>(pos.Rows, pos.Columns);
            pair = new PairGradient<T>(gradPositive, gradNegative);
        }
        // An empty batch has no entries to write, so the 1/0 share is never used.
        T share = T.One / T.CreateTruncating(pos.Rows * pos.Columns);
        for (int i = 0; i < pos.Rows; i++)
            for (int j = 0; j < pos.Columns; j++)
            {
                // At a tie (argument exactly 0) the subgradient 1 is taken, as PyTorch's clamp_min backward does;
                // −(0) gives the inactive pairs PyTorch's −0 for the positive score.
                bool active = Argument(pos[i, j], neg[i, j]) >= T.Zero;
                gradPositive[i, j] = -(active ? share : T.Zero);
                gradNegative![i, j] = active ? share : T.Zero;
            }
        return pair!;
    }

    /// <summary>
    /// The hinge argument in PyTorch's order, <c>margin − (pos − neg)</c> (its <c>−target·(x1 − x2) + margin</c>):
    /// <c>(margin − pos) + neg</c> rounds differently, and at a tie in PyTorch's order (margin 1.9303062f,
    /// pos 2.1790736f, neg 0.24876732f) gave −6e-8 and dropped the gradient PyTorch passes.
    /// </summary>
    private T Argument(T pos, T neg) => Margin - (pos - neg);
}
