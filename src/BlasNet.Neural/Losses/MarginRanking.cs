using System.Globalization;
using System.Numerics;

namespace BlasNet.Neural;

/// <summary>
/// Max-margin ranking loss, mean over the batch: <c>L = mean max(0, margin − (pos − neg))</c>, as
/// PyTorch's <c>MarginRankingLoss(margin)</c> with target 1, rounded in its order (the difference first); with a target
/// matrix y of ±1 (<see cref="Forward(Matrix{T}, Matrix{T}, Matrix{T})"/>) <c>L = mean max(0, margin − y·(x₁ − x₂))</c>, as
/// PyTorch with targets of ±1 (y = −1 asks for x₂ above x₁: the pair of target 1 with its sides swapped; other targets
/// are refused). Built with <see cref="Reduction.Sum"/> (PyTorch's <c>reduction='sum'</c>) the loss is the sum of the hinges
/// (0 for an empty batch) and the gradients are these times N (±y and 0); with <see cref="Reduction.None"/>,
/// <c>ForwardUnreduced</c> gives each pair's hinge (in <typeparamref name="T"/>, the scores' shape) and
/// <see cref="Backward(Matrix{T})"/> takes an upstream gradient g of that shape and passes <c>∓y·g</c> where the hinge is
/// active. Pairs whose hinge
/// argument <c>margin − y·(pos − neg)</c> is ≥ 0 contribute <c>dL/dpos = −y/N</c> and <c>dL/dneg = +y/N</c>; the others
/// (and a NaN argument) contribute 0 (signed as PyTorch's: −0 for pos and +0 for neg when y = 1, the opposite when y = −1). At an exact tie (argument 0) the gradient is passed, as PyTorch's
/// <c>clamp_min</c> backward passes it where its input is ≥ the minimum. Both scores must come from
/// the same network (see <see cref="ILayer{T}.ShareWeights"/>), or the model can learn the input slot
/// instead of the content. Each hinge is computed in <typeparamref name="T"/> and the hinges are added in
/// double for float too (as the library's other losses), so the mean does not drift with the batch size.
/// An empty batch (N = 0) has loss NaN, as PyTorch's <c>MarginRankingLoss</c> (a mean over no pairs), and
/// empty gradients. Non-finite scores are not refused and give what PyTorch gives: a NaN score (or ∞ against the same ∞) makes
/// the loss NaN with a zero gradient for that pair (see above); a pair won by an infinite difference adds 0, one lost by it
/// adds ∞ to the loss, with the gradients ∓y/N.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class MarginRanking<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private Matrix<T>? positive, negative;
    // The last Forward's targets (copied: the caller may reuse its matrix before Backward), or null for target 1 throughout.
    private Matrix<T>? targets;
    private bool signed;
    private Matrix<T>? gradPositive, gradNegative;
    private PairGradient<T>? pair;

    /// <summary>
    /// A ranking loss with the given margin (PyTorch's default is 0; the usual hinge uses 1; a negative
    /// margin is allowed, as in PyTorch) and <paramref name="reduction"/> (PyTorch's <c>reduction</c>, <see cref="Reduction.Mean"/> by default as there).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="margin"/> is ∞ or NaN (every loss would be NaN or ∞), or reduction is not a member of <see cref="Neural.Reduction"/>.</exception>
    public MarginRanking(T margin, Reduction reduction = Reduction.Mean)
    {
        if (!T.IsFinite(margin))
            throw new ArgumentOutOfRangeException(nameof(margin), margin, string.Create(CultureInfo.InvariantCulture, $"The ranking margin must be finite; got {margin}."));
        Margin = margin;
        Reduction = Reductions.Checked(reduction, nameof(reduction));
    }

    /// <summary>The margin by which a positive score should beat its negative.</summary>
    public T Margin { get; }

    /// <summary>How the per-pair hinges are reduced: <see cref="Reduction.Mean"/> unless the constructor was given another.</summary>
    public Reduction Reduction { get; }

    /// <summary>
    /// The mean hinge for scores of the same shape (typically batch×1); NaN when they have no entries. With
    /// <see cref="Reduction.Sum"/> the sum of the hinges (0 for no entries).
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The shapes differ (the message gives both), or the two are one matrix (or views of one storage): the scores of both sides taken from one
    /// layer's output buffer, the positive ones overwritten by the second Forward (score through <see cref="ILayer{T}.ShareWeights"/>).
    /// </exception>
    /// <exception cref="InvalidOperationException">The loss was built with <see cref="Reduction.None"/> (call <see cref="ForwardUnreduced(Matrix{T}, Matrix{T})"/>).</exception>
    public T Forward(Matrix<T> positive, Matrix<T> negative)
    {
        Reductions.RequireScalar(Reduction, nameof(MarginRanking<T>));
        Keep(positive, negative, null, nameof(positive), nameof(negative));
        return Reduced();
    }

    /// <summary>
    /// The per-pair hinges <c>max(0, margin − (pos − neg))</c> (PyTorch's <c>MarginRankingLoss(margin, reduction='none')</c> with
    /// target 1), a new matrix of the scores' shape; for a loss built with <see cref="Reduction.None"/>. The gradients come from
    /// <see cref="Backward(Matrix{T})"/>.
    /// </summary>
    /// <exception cref="ArgumentException">As <see cref="Forward(Matrix{T}, Matrix{T})"/>.</exception>
    /// <exception cref="InvalidOperationException">The loss was built with <see cref="Reduction.Mean"/> or <see cref="Reduction.Sum"/> (call <see cref="Forward(Matrix{T}, Matrix{T})"/>).</exception>
    public UnreducedLoss<T> ForwardUnreduced(Matrix<T> positive, Matrix<T> negative)
    {
        Reductions.RequireNone(Reduction, nameof(MarginRanking<T>));
        Keep(positive, negative, null, nameof(positive), nameof(negative));
        return Hinges();
    }

    /// <summary>
    /// The per-pair hinges <c>max(0, margin − y·(first − second))</c> for targets of ±1 (PyTorch's
    /// <c>MarginRankingLoss(margin, reduction='none')(first, second, target)</c>), a new matrix of the scores' shape; for a
    /// loss built with <see cref="Reduction.None"/>. The gradients come from <see cref="Backward(Matrix{T})"/>.
    /// </summary>
    /// <exception cref="ArgumentException">As <see cref="Forward(Matrix{T}, Matrix{T}, Matrix{T})"/>.</exception>
    /// <exception cref="InvalidOperationException">The loss was built with <see cref="Reduction.Mean"/> or <see cref="Reduction.Sum"/> (call <see cref="Forward(Matrix{T}, Matrix{T}, Matrix{T})"/>).</exception>
    public UnreducedLoss<T> ForwardUnreduced(Matrix<T> first, Matrix<T> second, Matrix<T> target)
    {
        Reductions.RequireNone(Reduction, nameof(MarginRanking<T>));
        ArgumentNullException.ThrowIfNull(target);
        Keep(first, second, target, nameof(first), nameof(second));
        return Hinges();
    }

    /// <summary>
    /// The mean hinge <c>max(0, margin − y·(first − second))</c> for targets <paramref name="target"/> of ±1 (PyTorch's
    /// <c>MarginRankingLoss(margin)(first, second, target)</c>): y = 1 asks for the first score to be the higher by the
    /// margin, y = −1 for the second. NaN when the scores have no entries. With <see cref="Reduction.Sum"/> the sum of the
    /// hinges (0 for no entries). The gradients (<see cref="Backward()"/>) are
    /// <see cref="PairGradient{T}.Positive"/> for <paramref name="first"/> and <see cref="PairGradient{T}.Negative"/> for <paramref name="second"/>.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The shapes differ; the two score matrices are one matrix (or views of one storage, as for <see cref="Forward(Matrix{T}, Matrix{T})"/>);
    /// or a target is not exactly 1 or −1 (PyTorch takes any number and scales the hinge by it; 0 would make a pair's loss
    /// the margin whatever its scores, and a label of 0/1 meant as a class is a common slip). The message names the first such entry.
    /// </exception>
    /// <exception cref="InvalidOperationException">The loss was built with <see cref="Reduction.None"/> (call <see cref="ForwardUnreduced(Matrix{T}, Matrix{T}, Matrix{T})"/>).</exception>
    public T Forward(Matrix<T> first, Matrix<T> second, Matrix<T> target)
    {
        Reductions.RequireScalar(Reduction, nameof(MarginRanking<T>));
        ArgumentNullException.ThrowIfNull(target);
        Keep(first, second, target, nameof(first), nameof(second));
        return Reduced();
    }

    /// <summary>Checks the scores and targets, with the errors naming the caller's arguments (positive/negative, or first/second), and keeps them for Backward.</summary>
    private void Keep(Matrix<T> positive, Matrix<T> negative, Matrix<T>? target, string positiveName, string negativeName)
    {
        ArgumentNullException.ThrowIfNull(positive, positiveName);
        ArgumentNullException.ThrowIfNull(negative, negativeName);
        Workspace.SameShape(negative, positive, negativeName, positiveName == nameof(positive) ? "the positive scores' shape" : $"the shape of {positiveName}");
        int entries = positive.Rows * positive.Columns;
        // A layer hands out its own output buffer: both sides scored through one model are one matrix, the positive
        // scores overwritten by the second Forward. The loss would be the margin whatever the weights, and the two
        // backward passes through the one cache would cancel to a zero gradient.
        if (entries > 0 && ReferenceEquals(positive.Storage, negative.Storage))
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{positiveName} and {negativeName} are the same matrix ({positive.Rows}×{positive.Columns}), or views of one: a layer returns its own output buffer, so scoring both sides through one model overwrote the {positiveName} scores with the {negativeName} ones. Score the {negativeName} side through model.ShareWeights() (a twin with the same parameters and its own buffers), or copy the {positiveName} scores first."),
                negativeName);
        if (target is not null)
        {
            Workspace.SameShape(target, positive, nameof(target), "the scores' shape");
            for (int i = 0; i < target.Rows; i++)
                for (int j = 0; j < target.Columns; j++)
                    if (target[i, j] != T.One && target[i, j] != -T.One)
                        throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                            $"target ({target.Rows}×{target.Columns}) must hold only 1 (first score above the second) and −1 (second above first); found {target[i, j]} at [{i}, {j}]. Map 0/1 labels to −1/1."),
                            nameof(target));
            targets = target.Copy();
        }
        signed = target is not null;
        this.positive = positive;
        this.negative = negative;
    }

    /// <summary>The mean or the sum of the kept pairs' hinges.</summary>
    private T Reduced()
    {
        var positive = this.positive!;
        int n = positive.Rows * positive.Columns;
        // 0/0: NaN for an empty batch, as PyTorch's mean and this library's other losses; an empty sum is 0, as PyTorch's.
        if (n == 0) return Reduction == Reduction.Sum ? T.Zero : T.NaN;
        // Each hinge in T (PyTorch's rounding), their sum in double: a float running sum drifts by ~N·2⁻²⁴.
        double sum = 0;
        for (int i = 0; i < positive.Rows; i++)
            for (int j = 0; j < positive.Columns; j++)
                sum += double.CreateTruncating(Hinge(i, j));
        return T.CreateTruncating(Reduction == Reduction.Sum ? sum : sum / n);
    }

    /// <summary>The kept pairs' hinges, a new matrix.</summary>
    private UnreducedLoss<T> Hinges()
    {
        var values = new Matrix<T>(positive!.Rows, positive.Columns);
        for (int i = 0; i < values.Rows; i++)
            for (int j = 0; j < values.Columns; j++) values[i, j] = Hinge(i, j);
        return new UnreducedLoss<T>(values);
    }

    /// <summary>The hinge of kept pair [i, j], <c>max(0, argument)</c> in T (NaN for a NaN argument, as PyTorch's clamp_min).</summary>
    private T Hinge(int i, int j) => T.Max(T.Zero, Argument(positive![i, j], negative![i, j], Target(i, j)));

    /// <summary>
    /// dL/dpos and dL/dneg (dL/dfirst and dL/dsecond after a Forward with targets) for the last Forward call. The matrices (and the record) are
    /// the loss's buffers, overwritten by the next call; empty for an empty batch.
    /// </summary>
    /// <exception cref="InvalidOperationException">No forward call came first, or the loss was built with <see cref="Reduction.None"/> (call <see cref="Backward(Matrix{T})"/>).</exception>
    public PairGradient<T> Backward()
    {
        Reductions.RequireScalar(Reduction, nameof(MarginRanking<T>));
        var pos = Workspace.Require(positive, nameof(MarginRanking<T>));
        // An empty batch has no entries to write, so the mean's 1/0 share is never used; the sum's upstream is 1 for each pair.
        return Gradients(null, Reduction == Reduction.Sum ? T.One : T.One / T.CreateTruncating(pos.Rows * pos.Columns));
    }

    /// <summary>
    /// dL/dpos and dL/dneg (dL/dfirst and dL/dsecond after a ForwardUnreduced with targets) for the last ForwardUnreduced call,
    /// given <paramref name="upstream"/>, the gradient of your objective with respect to each pair's hinge (PyTorch's
    /// <c>loss.backward(upstream)</c>; the scores' shape): <c>−y·g</c> and <c>+y·g</c> where the hinge argument is ≥ 0 (the
    /// kink included, as PyTorch's clamp_min), 0 elsewhere. The matrices (and the record) are the loss's buffers, overwritten by the next call.
    /// </summary>
    /// <exception cref="ArgumentException">upstream's shape differs from the scores' (the message gives both).</exception>
    /// <exception cref="InvalidOperationException">No ForwardUnreduced call came first, or the loss was built with <see cref="Reduction.Mean"/> or <see cref="Reduction.Sum"/>.</exception>
    public PairGradient<T> Backward(Matrix<T> upstream)
    {
        Reductions.RequireNone(Reduction, nameof(MarginRanking<T>));
        var pos = Workspace.Require(positive, nameof(MarginRanking<T>));
        Reductions.RequireUpstream(upstream, pos.Rows, pos.Columns, "the scores' shape");
        return Gradients(upstream, T.Zero);
    }

    /// <summary>The pair gradients with each pair's upstream from <paramref name="upstream"/>, or <paramref name="share"/> for every pair without it.</summary>
    private PairGradient<T> Gradients(Matrix<T>? upstream, T share)
    {
        var pos = positive!;
        var neg = negative!;
        if (gradPositive is null || gradPositive.Rows != pos.Rows || gradPositive.Columns != pos.Columns)
        {
            gradPositive = new Matrix<T>(pos.Rows, pos.Columns);
            gradNegative = new Matrix<T>(pos.Rows, pos.Columns);
            pair = new PairGradient<T>(gradPositive, gradNegative);
        }
        for (int i = 0; i < pos.Rows; i++)
            for (int j = 0; j < pos.Columns; j++)
            {
                // At a tie (argument exactly 0) the subgradient 1 is taken, as PyTorch's clamp_min backward does;
                // −(0) gives the inactive pairs PyTorch's −0 for the positive score.
                // −y times the hinge's gradient for the first score, minus that for the second: PyTorch's chain rule, zeros'
                // signs included (−0 and +0 for an inactive pair with y = 1, +0 and −0 with y = −1).
                T y = Target(i, j);
                // PyTorch's where(argument ≥ 0, g, 0)·(−y): the upstream is dropped (not multiplied by 0) for an inactive pair.
                T g = upstream is null ? share : upstream[i, j];
                T first = (Argument(pos[i, j], neg[i, j], y) >= T.Zero ? g : T.Zero) * -y;
                gradPositive[i, j] = first;
                gradNegative![i, j] = -first;
            }
        return pair!;
    }

    /// <summary>
    /// The hinge argument in PyTorch's order, <c>margin + (−y)·(pos − neg)</c> (its <c>−target·(x1 − x2) + margin</c>; the
    /// product by ±1 is exact): <c>(margin − pos) + neg</c> rounds differently, and at a tie in PyTorch's order (margin 1.9303062f,
    /// pos 2.1790736f, neg 0.24876732f) gave −6e-8 and dropped the gradient PyTorch passes.
    /// </summary>
    private T Argument(T pos, T neg, T y) => Margin + -y * (pos - neg);

    /// <summary>The target of pair [i, j] in the last Forward: 1 without targets.</summary>
    private T Target(int i, int j) => signed ? targets![i, j] : T.One;
}
