using System.Globalization;
using System.Numerics;

namespace BlasNet.Neural;

/// <summary>
/// <c>y = x &gt; 0 ? x : slope·x</c>; backward from the saved input, <c>dx = x &gt; 0 ? dy : slope·dy</c>. At x = ±∞ the
/// limits: with a zero slope, y(−∞) is a zero (−0 for slope +0), where PyTorch gives −∞·0 = NaN; only NaN gives NaN.
/// A NaN input gives a NaN gradient too, as <see cref="Relu{T}"/> (PyTorch gives slope·dy there).
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed partial class LeakyRelu<T> : Activation<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>A leaky ReLU with the given negative slope (PyTorch's default is 0.01; any finite slope, negative or above 1 too).</summary>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="slope"/> is ∞ or NaN: every input ≤ 0 would give NaN (0·∞ at 0), so the loss would be NaN and every
    /// training step skipped. PyTorch accepts such a slope.
    /// </exception>
    public LeakyRelu(T slope)
    {
        if (!T.IsFinite(slope))
            throw new ArgumentOutOfRangeException(nameof(slope), slope, string.Create(CultureInfo.InvariantCulture, $"The leaky ReLU slope must be finite; got {slope}."));
        Slope = slope;
    }

    /// <summary>The slope for x ≤ 0.</summary>
    public T Slope { get; }

    /// <inheritdoc/>
    public override ILayer<T> ShareWeights() => new LeakyRelu<T>(Slope);

    /// <inheritdoc/>

    protected override void Apply(ReadOnlySpan<T> x, Span<T> y) => Kernels.LeakyRelu(x, Slope, y);
    /// <inheritdoc/>
    protected override void Derivative(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx) => Kernels.LeakyReluBackward(x, dy, Slope, dx);

    private protected override HalfStage? CreateHalfStage(string name) => new HalfActivationStage(name, ActivationKind.LeakyRelu, float.CreateTruncating(Slope));
}
