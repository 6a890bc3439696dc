// What %A, ToString and the FSI echo show of a single built-in layer: its kind and name as the error messages and the
// health report give them (LayerLabels.Describe), then the settings that tell two layers of a kind apart. The default
// text was the generic type name (BlasNet.Neural.Dense`1[System.Single]). Numbers are invariant, in the layer's own
// element type for a T setting (a float32 slope 0.01 prints 0.01, not its double widening 0.009999999776482582).
using System.Globalization;
using BlasNet.Text;

namespace BlasNet.Neural;

public abstract partial class Activation<T>
{
    /// <summary>The activation's kind: <c>Relu</c>, <c>Sigmoid</c>, <c>Tanh</c>; <c>LeakyRelu</c> and <c>Gelu</c> add their setting.</summary>
    public override string ToString() => LayerLabels.Kind(this);
}

public sealed partial class LeakyRelu<T>
{
    /// <summary><c>LeakyRelu (Slope = 0.01)</c>.</summary>
    public override string ToString() => $"LeakyRelu (Slope = {Slope.ToString(null, CultureInfo.InvariantCulture)})";
}

public sealed partial class Gelu<T>
{
    /// <summary><c>Gelu</c>, or <c>Gelu (tanh approximation)</c> when <see cref="Approximate"/> is set.</summary>
    public override string ToString() => Approximate ? "Gelu (tanh approximation)" : "Gelu";
}

public sealed partial class Dense<T>
{
    /// <summary><c>Dense 'dense' (2→16)</c>: the name its parameters carry, then inputs→outputs.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{LayerLabels.Describe(this)} ({Inputs}→{Outputs})");
}

public sealed partial class MaskedDense<T>
{
    /// <summary><c>MaskedDense 'masked' (4→3)</c>: the name its parameters carry, then inputs→outputs.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{LayerLabels.Describe(this)} ({Weight.Value.Rows}→{Weight.Value.Columns})");
}

public sealed partial class LayerNorm<T>
{
    /// <summary><c>LayerNorm 'layer_norm' (16 features, Epsilon = 1E-05)</c>.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{LayerLabels.Describe(this)} ({Features} features, Epsilon = {ResultText.Number(Epsilon)})");
}

public sealed partial class Dropout<T>
{
    /// <summary><c>Dropout (P = 0.5)</c>.</summary>
    public override string ToString() => $"Dropout (P = {ResultText.Number(P)})";
}
