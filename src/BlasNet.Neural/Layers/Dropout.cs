using System.Globalization;
using System.Numerics;

namespace BlasNet.Neural;

/// <summary>
/// Inverted dropout, as PyTorch's <c>nn.Dropout(p)</c>: in training mode each entry is zeroed with
/// probability <c>p</c> and the kept ones are scaled by <c>1/(1 − p)</c>, so the expected output equals
/// the input and evaluation needs no rescaling; in evaluation mode the layer is the identity. The mask
/// (0 or <c>1/(1 − p)</c> per entry) is kept for backward, <c>dx = dy ⊙ mask</c>. <c>p = 1</c> zeroes
/// everything (output and gradient 0, as PyTorch); <c>p = 0</c> keeps everything. A new mask is drawn on
/// each training forward pass from the layer's own generator, in the batch's row-major order (a transposed
/// view of a batch gets the same mask as a plain copy of it). Switch modes with <see cref="Training"/>
/// or, for a whole model, <see cref="Layer.SetTraining{T}"/>. A twin from <see cref="ShareWeights"/>
/// shares the mode with this layer (one setting for the original and all its twins, as PyTorch's shared
/// module has one <c>training</c> flag) and draws its own masks, from a generator derived from this
/// layer's seed and the twin's number, so making a twin does not change this layer's masks.
/// <para>
/// The mask multiplies, as in PyTorch (its <c>input * noise</c>): a dropped entry that is NaN or ±∞ gives NaN, not 0
/// (0·∞ = NaN), in y and, for a NaN or ±∞ in dy, in dx; a kept one is scaled (±∞ stays ±∞). <c>p = 1</c> likewise (PyTorch
/// multiplies by 0 there too). In evaluation mode, or with <c>p = 0</c>, x and dy pass through unchanged. Checked against
/// PyTorch 1.13 for NaN, ±∞ and finite x and dy (NonFiniteLayers48Tests).
/// </para>
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed partial class Dropout<T> : ILayer<T>, ITrainingMode where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Random random;
    private readonly SharedState shared;
    private Matrix<T>? mask, output, gradInput, relaidGradient;
    private Matrix<T>? input;
    private bool maskedForward;

    /// <summary>
    /// A dropout layer with drop probability <paramref name="p"/>; the same <paramref name="seed"/> gives
    /// the same sequence of masks, no seed a fresh random one. It starts in training mode.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is not in [0, 1].</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is not float or double.</exception>
    public Dropout(double p, int? seed = null)
    {
        TypedBlas.RequireBlasType<T>(nameof(Dropout<T>));
        if (!(p >= 0 && p <= 1)) throw new ArgumentOutOfRangeException(nameof(p), p, string.Create(CultureInfo.InvariantCulture, $"Dropout probability p must be in [0, 1]; got {p}."));
        P = p;
        int s = LayerNames.SeedOrFresh(seed);
        random = new Random(s);
        shared = new SharedState(s);
    }

    private Dropout(double p, SharedState shared, int seed)
    {
        P = p;
        random = new Random(seed);
        this.shared = shared;
    }

    /// <summary>
    /// What the original layer and all its twins share: one training mode (PyTorch shares the module, so
    /// <c>eval()</c> covers both branches), the original's seed and the number of twins made so far.
    /// </summary>
    private sealed class SharedState(int seed)
    {
        public volatile bool Training = true;
        public readonly int Seed = seed;
        private int twins;

        /// <summary>
        /// The seed of the next twin: SplitMix64's finalizer over (original seed, twin number), so twin k's
        /// masks depend only on the seed and k, and no twin consumes the original's generator.
        /// </summary>
        public int NextTwinSeed()
        {
            ulong z = ((ulong)(uint)Seed << 32) | (uint)Interlocked.Increment(ref twins);
            z += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return (int)(z >> 33);
        }
    }

    /// <summary>The probability of zeroing an entry in training mode.</summary>
    public double P { get; }

    /// <summary>
    /// <c>true</c> (the default): drop entries; <c>false</c>: pass the input through unchanged. Shared with
    /// the twins from <see cref="ShareWeights"/> (and theirs): setting it on any of them sets it on all.
    /// </summary>
    public bool Training { get => shared.Training; set => shared.Training = value; }

    /// <summary>None: dropout has no parameters.</summary>
    public IReadOnlyList<Parameter<T>> Parameters => [];

    /// <summary>
    /// In training mode the input with entries dropped and the rest scaled (the layer's buffer,
    /// overwritten by the next call); in evaluation mode <paramref name="x"/> itself.
    /// </summary>
    public Matrix<T> Forward(Matrix<T> x)
    {
        ArgumentNullException.ThrowIfNull(x);
        input = x;
        maskedForward = Training && P > 0;
        if (!maskedForward) return x;
        mask = Workspace.SameLayout(mask, x);
        output = Workspace.SameLayout(output, x);
        var m = mask.AsSpan();
        var xs = x.AsSpan();
        var y = output.AsSpan();
        // p = 1 would scale by 1/0; every entry is dropped, so the kept scale never applies.
        T keep = P < 1 ? T.CreateTruncating(1.0 / (1.0 - P)) : T.Zero;
        // Drawn in the batch's row-major order whatever its storage, so a transposed view gets the mask a plain copy gets.
        if (!x.IsTransposed)
            for (int i = 0; i < m.Length; i++) m[i] = random.NextDouble() < P ? T.Zero : keep;
        else
            for (int i = 0; i < x.Rows; i++)
                for (int j = 0; j < x.Columns; j++) mask[i, j] = random.NextDouble() < P ? T.Zero : keep;
        Kernels.Multiply<T>(xs, m, y);
        return output;
    }

    /// <summary>
    /// <c>dy ⊙ mask</c> after a training forward pass (in the storage layout of that pass's input; dy may be
    /// plain or a transposed view either way); <paramref name="dy"/> itself after an evaluation one.
    /// </summary>
    /// <exception cref="ArgumentException">dy's shape differs from the last input's.</exception>
    /// <exception cref="InvalidOperationException">No forward pass came first.</exception>
    public Matrix<T> Backward(Matrix<T> dy)
    {
        ArgumentNullException.ThrowIfNull(dy);
        var x = Workspace.Require(input, nameof(Dropout<T>));
        Workspace.SameShape(dy, x, nameof(dy), "the last forward input's shape");
        if (!maskedForward) return dy;
        // The mask is laid out as the input was; a dense layer after this one returns a plain dx whatever that was.
        dy = Workspace.InLayoutOf(dy, x, ref relaidGradient);
        gradInput = Workspace.SameLayout(gradInput, x);
        var m = mask!.AsSpan();
        var d = dy.AsSpan();
        var g = gradInput.AsSpan();
        Kernels.Multiply<T>(d, m, g);
        return gradInput;
    }

    /// <summary>
    /// A twin: the same <see cref="P"/>, the same <see cref="Training"/> mode (shared, not copied: switching
    /// either one, or <see cref="Layer.SetTraining{T}"/> on a model holding either, switches both), its own
    /// cache, and its own generator. The twin's generator is seeded from this layer's seed and the twin's
    /// number among the twins of the original (twins of twins included), without drawing from this layer's
    /// generator: this layer's masks are those of an untwinned layer with the same seed, and the same seed
    /// with the same sequence of <c>ShareWeights</c> calls gives the same twins' masks.
    /// </summary>
    public ILayer<T> ShareWeights() => new Dropout<T>(P, shared, shared.NextTwinSeed());

    /// <summary>
    /// A copy of the 0 / <c>1/(1 − p)</c> mask the last forward pass applied (the one <see cref="Backward"/> applies);
    /// <c>null</c> when that pass applied none (evaluation mode, <c>p = 0</c>) or before the first. A fresh
    /// copy on every read (keep it in a variable rather than reading it entry by entry): it does not change with later passes,
    /// and writing into it changes neither this layer's output nor its gradient.
    /// </summary>
    public Matrix<T>? Mask => maskedForward ? mask!.Copy() : null;
}
