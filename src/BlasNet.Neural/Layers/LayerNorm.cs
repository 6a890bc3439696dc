using System.Globalization;
using System.Numerics;

namespace BlasNet.Neural;

/// <summary>
/// Layer normalization over each row, as PyTorch's <c>nn.LayerNorm(features, eps)</c>:
/// <c>y = (x − μ)/√(σ² + ε) ⊙ γ + β</c> with μ and the biased variance σ² of the row's
/// <c>features</c> entries, learnable gain γ (starts at 1) and bias β (starts at 0), both 1×features.
/// Backward, with x̂ the normalized row and r = 1/√(σ² + ε):
/// <c>dx = r (g − mean(g) − x̂ mean(g ⊙ x̂))</c> where <c>g = dy ⊙ γ</c>; <c>dγ += Σ_rows dy ⊙ x̂</c>,
/// <c>dβ += Σ_rows dy</c>, both sums formed in double for float too and rounded once into the gradients. Row statistics are accumulated in double for float too, in two passes with the mean's rounding
/// remainder taken out of the deviations (the corrected two-pass algorithm), so rows on a large offset normalize to within
/// an ulp or so: at offset 3e7 with σ = 7e-4, PyTorch's float64 result is 6e-6 off (it carries the rounded mean).
/// This deliberately differs from PyTorch's float32 layer norm, which forms the statistics in float32: a float32 row whose
/// squared deviations overflow float32 (rows of ±1e30) comes out normalized here and NaN there, and with ε = 0 a row whose
/// squares underflow float32 (entries of 1e-30) normalized here and NaN or −∞ there.
/// ε = 0 is allowed, as in PyTorch, but a constant row (σ² = 0) then has r = 1/√0 = ∞. It is given the limit of every
/// ε &gt; 0 rather than PyTorch's 0·∞ = NaN: x̂ = 0 (its deviations are exactly 0), so y = β, dγ gets 0 and dβ gets dy from
/// it, and dx = r (g − mean(g)) is ±∞ where g − mean(g) ≠ 0 and 0 where it is 0 (the input gradient of a row with no spread
/// is unbounded as ε → 0: a trainer skips such a step as a non-finite gradient, rather than stepping on NaN).
/// <para>
/// NaN and ±∞ (checked against PyTorch 1.13, NonFiniteLayers48Tests): a NaN or ∞ anywhere in row i of x makes row i of y and
/// of dx NaN (its mean and variance are NaN), and every entry of γ's gradient NaN (each sums x̂ over the rows); β's gradient
/// is Σ dy, unaffected. A NaN or ±∞ in γ_j or β_j reaches column j of y only (±∞ by x̂'s sign, NaN where x̂ is 0); a NaN γ_j
/// makes every entry of dx NaN (g = dy ⊙ γ enters each row's means). An infinite γ_j makes every entry of dx non-finite here as
/// in PyTorch, but not the same way: PyTorch's dx is NaN throughout, while here an entry is ±∞ (the limit as γ_j grows) where
/// the two diverging terms of r(g − mean(g) − x̂·mean(g ⊙ x̂)) have the same sign and NaN where they cancel; the form
/// differs (PyTorch folds γ and the statistics into one affine map of dy and x), and either way a trainer skips the step.
/// A NaN or ±∞ in dy(i, j) makes row i of dx non-finite (the same NaN and ±∞ entries as PyTorch) and the column-j entries of
/// γ's and β's gradients NaN or ±∞. Float32 rows whose squares overflow or underflow float32 are normalized here and NaN in
/// PyTorch (above): only a non-finite entry makes a row NaN.
/// </para>
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed partial class LayerNorm<T> : ILayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Parameter<T>[] parameters;
    private Matrix<T>? normalized, output, gradInput, plainInput, plainDy;
    private double[] inverseStd = [];
    private double[] gainSums = [];
    // This pass's bias gradient, formed before it is added to the parameter's (reused from pass to pass).
    private T[] biasSums = [];

    /// <summary>
    /// A layer normalizing rows of <paramref name="features"/> entries with <paramref name="epsilon"/>
    /// added to the variance; parameters are named <c>name.weight</c> (the gain) and <c>name.bias</c>, as
    /// in PyTorch's state dict. With no name the layer is named <c>layer_norm</c>, <c>layer_norm_1</c>, …
    /// </summary>
    /// <remarks>ε = 0 is allowed (PyTorch allows it); a constant row then normalizes to 0 (y = β) and its input gradient is
    /// ±∞ or 0 (see the class remarks), where PyTorch gives NaN.</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="features"/> is below 1, or <paramref name="epsilon"/> is negative or not finite.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is not float or double.</exception>
    /// <exception cref="ArgumentException">The name is empty or white space.</exception>
    public LayerNorm(int features, double epsilon = 1e-5, string? name = null)
    {
        TypedBlas.RequireBlasType<T>(nameof(LayerNorm<T>));
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 1);
        if (!(epsilon >= 0) || double.IsInfinity(epsilon))
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, string.Create(CultureInfo.InvariantCulture, $"LayerNorm epsilon must be finite and ≥ 0; got {epsilon}."));
        name = LayerNames.NameOrNext(name, "layer_norm");
        var gain = new Matrix<T>(1, features);
        gain.AsSpan().Fill(T.One);
        Gain = new Parameter<T>($"{name}.weight", gain);
        Bias = new Parameter<T>($"{name}.bias", new Matrix<T>(1, features));
        Epsilon = epsilon;
        parameters = [Gain, Bias];
    }

    private LayerNorm(Parameter<T> gain, Parameter<T> bias, double epsilon)
    {
        Gain = gain;
        Bias = bias;
        Epsilon = epsilon;
        parameters = [gain, bias];
    }

    /// <summary>The 1×features gain γ.</summary>
    public Parameter<T> Gain { get; }

    /// <summary>The 1×features bias β.</summary>
    public Parameter<T> Bias { get; }

    /// <summary>The number of entries normalized together (columns of x).</summary>
    public int Features => Gain.Value.Columns;

    /// <summary>The constant added to the variance.</summary>
    public double Epsilon { get; }

    /// <inheritdoc/>
    public IReadOnlyList<Parameter<T>> Parameters => parameters;

    /// <summary>Normalizes each row of x (batch×<see cref="Features"/>, a transposed view is fine); the result is plain and the layer's buffer.</summary>
    /// <exception cref="ArgumentException">x does not have <see cref="Features"/> columns.</exception>
    public Matrix<T> Forward(Matrix<T> x)
    {
        ArgumentNullException.ThrowIfNull(x);
        int n = Features;
        if (x.Columns != n) throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"x is {x.Rows}×{x.Columns} but this LayerNorm normalizes {n} features (columns)."), nameof(x));
        int rows = x.Rows;
        var xs = Plain(x, ref plainInput).AsSpan();
        normalized = Workspace.Plain(normalized, rows, n);
        output = Workspace.Plain(output, rows, n);
        if (inverseStd.Length != rows) inverseStd = new double[rows];
        var g = Gain.Value.AsSpan();
        var b = Bias.Value.AsSpan();
        var xh = normalized.AsSpan();
        var y = output.AsSpan();
        for (int i = 0; i < rows; i++)
        {
            var row = xs.Slice(i * n, n);
            double mean = 0;
            for (int j = 0; j < n; j++) mean += double.CreateTruncating(row[j]);
            mean /= n;
            // A sum of finite entries can overflow (1e308 + 1e308) where their mean cannot: add the entries divided by n.
            if (double.IsInfinity(mean))
            {
                mean = 0;
                for (int j = 0; j < n; j++) mean += double.CreateTruncating(row[j]) / n;
            }
            // The mean rounded to double (and summed naively) is off by an ulp of μ or more, and when |μ| ≫ σ that error is
            // all of x − μ's: rows on an offset of 3e7 with σ = 7e-4 normalized 1.2e-5 off (PyTorch 6e-6). Its remainder, the
            // mean of the deviations from it (each exact for entries near μ), is subtracted too: the corrected two-pass
            // algorithm. A remainder that overflows (deviations beyond double's range) is left out; Scaled handles those rows.
            double remainder = 0;
            for (int j = 0; j < n; j++) remainder += double.CreateTruncating(row[j]) - mean;
            remainder /= n;
            if (!double.IsFinite(remainder)) remainder = 0;
            // Two passes (mean, then squared deviations): no cancellation when |μ| ≫ σ.
            double variance = 0;
            for (int j = 0; j < n; j++)
            {
                double d = double.CreateTruncating(row[j]) - mean - remainder;
                variance += d * d;
            }
            variance /= n;
            // x̂ = ((c·x − c·μ)/s)·k with k = s·r/c; c = s = 1, k = r on the plain path.
            double r, k, c = 1, s = 1;
            if (double.IsFinite(variance) && variance + Epsilon >= TinyVariance) k = r = 1.0 / Math.Sqrt(variance + Epsilon);
            else (r, k, c, s) = Scaled(row, mean, remainder, halve: !double.IsFinite(variance));
            inverseStd[i] = r;
            for (int j = 0; j < n; j++)
            {
                T h = T.CreateTruncating((c * double.CreateTruncating(row[j]) - c * mean - c * remainder) / s * k);
                xh[i * n + j] = h;
                y[i * n + j] = h * g[j] + b[j];
            }
        }
        return output;
    }

    // Below this σ² + ε the squared deviations may have lost bits to (or underflowed into) subnormals: with ε = 0 a row
    // [1e-160, −1e-160] normalized to ±1.0000056 and [1e-170, −1e-170] to ±∞. Any ε ≥ this dwarfs what underflowed.
    private const double TinyVariance = 1e-280;

    /// <summary>
    /// r = 1/√(σ² + ε) for a finite row whose squared deviations overflow double (|x − μ| above ~1e154: σ² = ∞, r = 0,
    /// every x̂ 0, the layer silently returned its bias) or underflow (σ² + ε below <see cref="TinyVariance"/>), and the
    /// factor k = s·r/c that turns u = (c·x − c·μ)/s into x̂. Normalization is scale-invariant: with s = max|c·x − c·μ|
    /// and q = mean(u²) ∈ [1/n, 1] (μ is mean + remainder, as in Forward), σ² = (s/c)²·q and r = c/(s·√(q + t²)) with t = c·√ε/s, so k = 1/√(q + t²); when
    /// t &gt; 1 (ε dominates) the same numbers are written with t in the denominator so nothing overflows. c = ½ when
    /// the deviations overflow: x − μ itself can overflow for a finite row ([1.5e308, −1.5e308, −1.5e308] has
    /// μ = −0.5e308 and x₀ − μ = 2e308), while x/2 − μ/2 cannot.
    /// </summary>
    private (double R, double K, double C, double S) Scaled(ReadOnlySpan<T> row, double mean, double remainder, bool halve)
    {
        double c = halve ? 0.5 : 1.0;
        double s = 0;
        foreach (var v in row) s = Math.Max(s, Math.Abs(c * double.CreateTruncating(v) - c * mean - c * remainder));
        // An ∞ or NaN entry: NaN out, as PyTorch. (Math.Max propagates NaN.)
        if (!double.IsFinite(s)) return (double.NaN, double.NaN, c, 1);
        double sqrtEps = Math.Sqrt(Epsilon);
        // A constant row: every deviation is exactly 0, so x̂ = 0 (k = 0) for every ε, ε = 0 included, where 0·r with
        // r = 1/√0 = ∞ gave NaN (PyTorch's result): the limit of every ε > 0. r stays 1/√ε (∞ for ε = 0) for Backward.
        if (s == 0) return (1 / sqrtEps, 0, 1, 1);
        double q = 0;
        foreach (var v in row)
        {
            double u = (c * double.CreateTruncating(v) - c * mean - c * remainder) / s;
            q += u * u;
        }
        q /= row.Length;
        double t = c * sqrtEps / s;
        if (t <= 1)
        {
            double root = Math.Sqrt(q + t * t);
            return (c / (s * root), 1 / root, c, s);
        }
        // ε dominates: r = 1/(√ε·√(1 + q/t²)) and k = 1/(t·√(1 + q/t²)), where 1/t² ≤ 1.
        double w = Math.Sqrt(1 + q / t / t);
        return (1 / (sqrtEps * w), 1 / (t * w), c, s);
    }

    /// <summary>dL/dx for the last batch given dL/dy; adds the gain's and bias's gradients.</summary>
    /// <exception cref="ArgumentException">dy does not have the last output's shape.</exception>
    /// <exception cref="InvalidOperationException">No forward pass came first.</exception>
    public Matrix<T> Backward(Matrix<T> dy)
    {
        ArgumentNullException.ThrowIfNull(dy);
        var xhat = Workspace.Require(normalized, nameof(LayerNorm<T>));
        Workspace.SameShape(dy, xhat, nameof(dy), "the last output's shape");
        int rows = xhat.Rows, n = Features;
        var d = Plain(dy, ref plainDy).AsSpan();
        gradInput = Workspace.Plain(gradInput, rows, n);
        var dx = gradInput.AsSpan();
        var xh = xhat.AsSpan();
        var g = Gain.Value.AsSpan();
        var dg = Gain.AccumulateGrad().AsSpan();
        var db = Bias.AccumulateGrad().AsSpan();
        // dγ = Σ_rows dy ⊙ x̂ in double for float too, rounded once into the gradient, as the bias's column sums
        // (Kernels.SumColumns): added row by row in float it drifted with the batch (2²⁰ rows of dy ≈ 0.1: 184520.42 for 184418.52, 0.06% off).
        if (gainSums.Length != n) gainSums = new double[n];
        gainSums.AsSpan().Clear();
        for (int i = 0; i < rows; i++)
        {
            double meanG = 0, meanGx = 0;
            for (int j = 0; j < n; j++)
            {
                double gj = double.CreateTruncating(d[i * n + j]) * double.CreateTruncating(g[j]);
                meanG += gj;
                meanGx += gj * double.CreateTruncating(xh[i * n + j]);
            }
            meanG /= n;
            meanGx /= n;
            double r = inverseStd[i];
            // r = ∞ (a constant row with ε = 0) turns any rounding left in g − mean(g) into ±∞: an upstream g of equal
            // entries (0.1 thrice: mean 0.10000000000000002) must give a bracket of exactly 0. The mean's rounding remainder
            // is taken out, as Forward does for the row's mean; for a finite r it is left at 0 (x − 0 is x, bits unchanged).
            double remainder = 0;
            if (double.IsInfinity(r))
            {
                for (int j = 0; j < n; j++) remainder += double.CreateTruncating(d[i * n + j]) * double.CreateTruncating(g[j]) - meanG;
                remainder /= n;
            }
            for (int j = 0; j < n; j++)
            {
                double h = double.CreateTruncating(xh[i * n + j]);
                double gj = double.CreateTruncating(d[i * n + j]) * double.CreateTruncating(g[j]);
                // A zero bracket stays 0 (its sign kept) when r = ∞ (a constant row with ε = 0), where ∞·0 was NaN: the limit
                // of every ε > 0, as x̂ = 0 there. For a finite r, r·(±0) is that same ±0.
                double bracket = gj - meanG - remainder - h * meanGx;
                dx[i * n + j] = T.CreateTruncating(bracket == 0 ? bracket : r * bracket);
                gainSums[j] += double.CreateTruncating(d[i * n + j]) * h;
            }
        }
        // Each pass's dγ and dβ are rounded to T on their own and then added to the gradients, as PyTorch's autograd adds a
        // contribution: continued in double from the gradient's value (until session 52, nn56), a twin's second pass kept the
        // first pass's rounding error where the two contributions cancel (S and −S), and PyTorch's gradient there is exactly 0.
        if (biasSums.Length != n) biasSums = new T[n];
        for (int j = 0; j < n; j++) dg[j] += T.CreateTruncating(gainSums[j]);
        Kernels.SumColumns<T>(d, n, biasSums);
        System.Numerics.Tensors.TensorPrimitives.Add<T>(db, biasSums, db);
        return gradInput;
    }

    /// <summary>A twin sharing <see cref="Gain"/> and <see cref="Bias"/>, with its own cache.</summary>
    public ILayer<T> ShareWeights() => new LayerNorm<T>(Gain, Bias, Epsilon);

    // The matrix itself when plain, else its entries copied into a reused plain buffer (row spans need plain storage).
    private static Matrix<T> Plain(Matrix<T> m, ref Matrix<T>? buffer)
    {
        if (!m.IsTransposed) return m;
        buffer = Workspace.Plain(buffer, m.Rows, m.Columns);
        for (int i = 0; i < m.Rows; i++)
            for (int j = 0; j < m.Columns; j++) buffer[i, j] = m[i, j];
        return buffer;
    }
}
