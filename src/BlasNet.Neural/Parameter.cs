using System.Globalization;
using System.Numerics;

namespace BlasNet.Neural;

/// <summary>
/// A trainable matrix and its gradient. <see cref="Grad"/> is <c>null</c> until a backward pass
/// touches the parameter (and again after <see cref="ZeroGrad"/>), so an optimizer can tell
/// "no gradient" from "zero gradient", as PyTorch does with <c>grad is None</c>. The gradient
/// storage is kept across <see cref="ZeroGrad"/> calls, so training reuses it instead of allocating.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class Parameter<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Matrix<T> gradStorage;
    // The checked 0/1 mask this parameter was counted with; never handed out (see TrainableMask).
    private readonly Matrix<T>? mask;
    private bool touched;
    // NaN or ∞: the total norm of the last Gradients.ClipGradNorm over this gradient, which therefore left it unclipped;
    // 0 when no clip failed on it since the gradient was last cleared or successfully clipped.
    private double failedClipNorm;

    /// <summary>
    /// A parameter named <paramref name="name"/> holding <paramref name="value"/> (not copied). With a
    /// <paramref name="trainableMask"/> (same shape, entries exactly 0 or 1) the entries where the mask
    /// is 0 are fixed: optimizers never move them and <see cref="TrainableCount"/> excludes them. The mask
    /// is copied, so changing the matrix passed in afterwards changes neither which entries are fixed nor the count.
    /// </summary>
    /// <exception cref="ArgumentException">The name is empty, value is a transposed view, or the mask has another shape or an entry other than 0 and 1.</exception>
    public Parameter(string name, Matrix<T> value, Matrix<T>? trainableMask = null)
        : this(name, value, trainableMask, nameof(value), nameof(trainableMask)) { }

    /// <summary>
    /// The same, with the errors naming the caller's own arguments (a masked layer's <c>weight</c> and
    /// <c>connections</c>), so a user never reads about a <c>trainableMask</c> they did not pass.
    /// </summary>
    internal Parameter(string name, Matrix<T> value, Matrix<T>? trainableMask, string valueName, string maskName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(value, valueName);
        if (value.IsTransposed) throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{valueName} must be a plain matrix, not a transposed view ({value.Rows}×{value.Columns}); copy it first."), valueName);
        if (trainableMask is not null)
        {
            if (trainableMask.Rows != value.Rows || trainableMask.Columns != value.Columns)
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{maskName} is {trainableMask.Rows}×{trainableMask.Columns} but {valueName} is {value.Rows}×{value.Columns}: they must have the same shape."), maskName);
            // A copy (plain even when a transposed view was given): the mask was checked and counted here, and an
            // entry of the caller's matrix set to 1 (or 2) afterwards unfixed a weight behind TrainableCount's back.
            trainableMask = trainableMask.Copy();
            var entries = trainableMask.AsSpan();
            for (int k = 0; k < entries.Length; k++)
                if (entries[k] != T.Zero && entries[k] != T.One)
                    throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                        $"{maskName} ({value.Rows}×{value.Columns}) must hold only 0 and 1, found {entries[k]} at [{k / value.Columns}, {k % value.Columns}]."), maskName);
        }
        Name = name;
        Value = value;
        mask = trainableMask;
        gradStorage = new Matrix<T>(value.Rows, value.Columns);
        int trainable = 0;
        if (trainableMask is null) trainable = value.Rows * value.Columns;
        else foreach (var m in trainableMask.AsSpan()) if (m == T.One) trainable++;
        TrainableCount = trainable;
    }

    /// <summary>The name optimizers use in their reports (e.g. <c>"pooler.weight"</c>).</summary>
    public string Name { get; }

    /// <summary>The current value (row-major, updated in place by optimizers).</summary>
    public Matrix<T> Value { get; }

    /// <summary>
    /// A copy of the 0/1 matrix of the entries that may change (a fresh one on every read: keep it in a
    /// variable rather than reading it entry by entry), or <c>null</c> when all may. The mask is fixed when
    /// the parameter is made, as <see cref="TrainableCount"/> is: writing into the copy changes neither
    /// (to change which entries train, make a new parameter or layer).
    /// </summary>
    public Matrix<T>? TrainableMask => mask?.Copy();

    /// <summary>The mask itself, for the layers and optimizers that apply it (never to be written).</summary>
    internal Matrix<T>? Mask => mask;

    /// <summary>Entries of <see cref="Value"/>.</summary>
    public int Count => Value.Rows * Value.Columns;

    /// <summary>Entries an optimizer may change: <see cref="Count"/> minus the masked ones.</summary>
    public int TrainableCount { get; }

    /// <summary>The accumulated gradient, or <c>null</c> when no backward pass touched this parameter since the last <see cref="ZeroGrad"/>.</summary>
    public Matrix<T>? Grad => touched ? gradStorage : null;

    /// <summary>
    /// The gradient matrix to add a contribution into: on the first touch since <see cref="ZeroGrad"/>
    /// it is zero-filled, afterwards it holds the sum so far. Layers call this in Backward.
    /// </summary>
    public Matrix<T> AccumulateGrad()
    {
        if (!touched)
        {
            gradStorage.AsSpan().Clear();
            touched = true;
        }
        return gradStorage;
    }

    /// <summary>
    /// True when the current gradient was passed to <see cref="Gradients.ClipGradNorm{T}(IReadOnlyList{Parameter{T}}, double)"/>
    /// (or its overload with a norm type) together with gradients whose total norm was ∞ or NaN, so the clip asked for could not
    /// be done and this gradient was left as it was, unclipped, although its own entries may all be finite (the ∞/NaN
    /// can sit in another parameter's gradient, one another optimizer owns). <see cref="Optimizer{T}.Step"/> refuses to step
    /// such a parameter (it throws, nothing is updated) and <see cref="GradScaler.Step"/> skips the optimizer holding it, so no
    /// step is taken on gradients the caller wanted bounded. Cleared by <see cref="ZeroGrad"/> and by a clip over this
    /// gradient whose total norm is finite.
    /// </summary>
    public bool GradClipFailed => touched && failedClipNorm != 0;

    /// <summary>The non-finite total norm that left this gradient unclipped (see <see cref="GradClipFailed"/>), or 0.</summary>
    internal double FailedClipNorm => touched ? failedClipNorm : 0;

    /// <summary>Records the outcome of a clip over this gradient: its total norm when that was ∞ or NaN (left unclipped), otherwise 0.</summary>
    internal void RecordClip(double nonFiniteNorm) => failedClipNorm = nonFiniteNorm;

    /// <summary>Forgets the gradient: <see cref="Grad"/> becomes <c>null</c> (its storage is kept for reuse), and with it any failed clip (<see cref="GradClipFailed"/>).</summary>
    public void ZeroGrad()
    {
        touched = false;
        failedClipNorm = 0;
    }

    /// <summary>Name, shape and trainable entries.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Name} {Value.Rows}×{Value.Columns} ({TrainableCount} trainable)");
}
