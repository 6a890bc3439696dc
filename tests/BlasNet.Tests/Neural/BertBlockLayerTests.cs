using BlasNet.Neural;
using static BlasNet.Tests.Neural.NeuralSeedCases;

namespace BlasNet.Tests.Neural;

/// <summary>GELU, LayerNorm and Dropout against PyTorch float64 (bench/peers/neural_layers_reference.py) and finite differences.</summary>
public class BertBlockLayerTests
{
    private static Matrix<double> Input(int rows, int cols, int seed) =>
        BlasNet.Matrix.Create(rows, cols, (i, j) => new Random(seed + 31 * i + j).NextDouble() * 4 - 2);

    [Theory]
    [InlineData("gelu", false)]
    [InlineData("gelu_tanh", true)]
    public void Gelu_MatchesPyTorch(string id, bool approximate)
    {
        var c = NeuralLayersReference.Case(id);
        var layer = new Gelu<double>(approximate);
        Assert.Equal(approximate, layer.Approximate);
        Close(Matrix2D(c, "y"), layer.Forward(Matrix(c, "x")), 1e-12, "y");
        Close(Matrix2D(c, "dx"), layer.Backward(Matrix(c, "upstream")), 1e-12, "dx");
    }

    [Fact]
    public void Gelu_Float_MatchesPyTorchToFloatPrecision()
    {
        var c = NeuralLayersReference.Case("gelu");
        var x = Matrix(c, "x");
        var layer = new Gelu<float>();
        var y = layer.Forward(BlasNet.Matrix.Create(x.Rows, x.Columns, (i, j) => (float)x[i, j]));
        var expected = Flat(Matrix2D(c, "y"));
        var actual = y.ToArray();
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(actual[i] - expected[i]) <= 1e-6 * Math.Max(1, Math.Abs(expected[i])), $"y[{i}]: {expected[i]} vs {actual[i]}");
    }

    [Fact]
    public void GeluTanh_Backward_IsFiniteForHugeInputs()
    {
        // The tanh form's derivative is exactly 1 for x ≫ 0 and 0 for x ≪ 0 (tanh has saturated to ±1). Written out, the
        // second term was 0·∞ = NaN once x² overflowed (|x| > 1.3e154): a NaN gradient from a finite input.
        var layer = new Gelu<double>(approximate: true);
        var x = BlasNet.Matrix.FromArray2D(new double[,] { { 1e200, -1e200, 1e155, -1e155, double.MaxValue } });
        var y = layer.Forward(x).ToArray();
        Assert.Equal([1e200, 0.0, 1e155, 0.0, double.MaxValue], y.Select(v => v + 0.0));
        var dx = layer.Backward(BlasNet.Matrix.FromArray2D(new double[,] { { 1, 1, 1, 1, 1 } })).ToArray();
        Assert.Equal([1.0, 0.0, 1.0, 0.0, 1.0], dx);
    }

    [Fact]
    public void Gelu_TransposedInput_MatchesPlain()
    {
        var x = Input(3, 4, 5);
        var plain = new Gelu<double>().Forward(x).ToArray();
        var viaTranspose = new Gelu<double>().Forward(x.Transpose().Copy().Transpose());
        Assert.Equal(plain, viaTranspose.ToArray());
    }

    [Fact]
    public void LayerNorm_RowsWhoseSquaredDeviationsOverflow_AreStillNormalized()
    {
        // |x − μ| ~ 1e200 squared overflows double: σ² was ∞, r 0, and the layer silently returned its bias (and dx 0).
        // Normalization is scale-invariant, so the reference is PyTorch float64 layer_norm (eps = 0; ε/s² vanishes at this
        // scale) of the rows divided by 1e200 and 1e160, with dx divided by the same factor.
        var layer = new LayerNorm<double>(4);
        var x = BlasNet.Matrix.FromArray2D(new double[,] { { 1e200, -1e200, 0.3e200, 0.0 }, { 1e160, 2e160, 3e160, 4e160 } });
        double[] expectedY = [1.2866160634783337, -1.4952565062045502, 0.31296066408932444, -0.10432022136310815,
            -1.341640786499874, -0.4472135954999581, 0.44721359549995776, 1.3416407864998736];
        double[] scaledDx = [0.31703928620630206, 0.12025628097480423, -0.6559433507716594, 0.21864778359055315,
            -0.7155417527999326, 0.8049844718999242, 0.5366563145999494, -0.6260990336999412];
        var y = layer.Forward(x).ToArray();
        var dx = layer.Backward(BlasNet.Matrix.FromArray2D(new double[,] { { 1, 0, 0, 0.5 }, { 0, 1, 0, -2 } })).ToArray();
        for (int k = 0; k < 8; k++)
        {
            Assert.True(Math.Abs(y[k] - expectedY[k]) <= 1e-13, $"y[{k}]: {y[k]} vs {expectedY[k]}");
            double expectedDx = scaledDx[k] / (k < 4 ? 1e200 : 1e160);
            Assert.True(Math.Abs(dx[k] - expectedDx) <= 1e-13 * Math.Abs(expectedDx), $"dx[{k}]: {dx[k]} vs {expectedDx}");
        }
    }

    [Fact]
    public void LayerNorm_RowWhoseSumOverflows_IsStillNormalized()
    {
        // 1e308 + 1e308 overflows, so the mean was ∞ and the row NaN, though its mean and deviations are finite. Reference:
        // the row divided by 1e308, [1, 1, −1], normalizes to [1/√2, 1/√2, −√2] (ε/s² vanishes at this scale).
        var y = new LayerNorm<double>(3).Forward(BlasNet.Matrix.FromArray2D(new double[,] { { 1e308, 1e308, -1e308 } })).ToArray();
        double[] expected = [Math.Sqrt(0.5), Math.Sqrt(0.5), -Math.Sqrt(2)];
        for (int k = 0; k < 3; k++) Assert.True(Math.Abs(y[k] - expected[k]) <= 1e-14, $"y[{k}]: {y[k]} vs {expected[k]}");
    }

    [Fact]
    public void LayerNorm_RowWhoseDeviationFromTheMeanOverflows_IsStillNormalized()
    {
        // [1.5e308, −1.5e308, −1.5e308] is finite with a finite mean (−0.5e308), but x₀ − μ = 2e308 overflows: the
        // scaled path took max|x − μ| = ∞ for an ∞ entry and returned NaN for the whole row. Reference: PyTorch float64
        // layer_norm (eps = 0; ε/s² vanishes at this scale) of the row divided by 1e308, dx divided by the same factor.
        var layer = new LayerNorm<double>(3);
        var y = layer.Forward(BlasNet.Matrix.FromArray2D(new double[,] { { 1.5e308, -1.5e308, -1.5e308 } })).ToArray();
        var dx = layer.Backward(BlasNet.Matrix.FromArray2D(new double[,] { { 1, 0, 0.5 } })).ToArray();
        double[] expectedY = [1.414213562373095, -0.7071067811865475, -0.7071067811865475];
        double[] scaledDx = [0, -0.17677669529663687, 0.17677669529663687];
        for (int k = 0; k < 3; k++)
        {
            Assert.True(Math.Abs(y[k] - expectedY[k]) <= 1e-14, $"y[{k}]: {y[k]} vs {expectedY[k]}");
            // r ≈ 5e-309 is subnormal (a few bits fewer): compare dx at the scale of its largest entry.
            Assert.True(Math.Abs(dx[k] * 1e308 - scaledDx[k]) <= 1e-13, $"dx[{k}]·1e308: {dx[k] * 1e308} vs {scaledDx[k]}");
        }
    }

    [Fact]
    public void LayerNorm_ZeroEpsilon_RowsWhoseSquaredDeviationsUnderflow_AreStillNormalized()
    {
        // With ε = 0, (1e-160)² = 1e-320 is subnormal (row 1 came out ±1.0000056) and (1e-170)² underflows to 0 (σ² = 0,
        // r = ∞, row 2 came out ±∞). Reference: PyTorch float64 layer_norm (eps = 0) of [1, −1] and of [1, 3, −2],
        // dx multiplied by the scale factor.
        var layer = new LayerNorm<double>(3, epsilon: 0);
        var x = BlasNet.Matrix.FromArray2D(new double[,] { { 1e-160, -1e-160, 0 }, { 1e-170, 3e-170, -2e-170 } });
        var y = layer.Forward(x).ToArray();
        var dx = layer.Backward(BlasNet.Matrix.FromArray2D(new double[,] { { 0, 0, 0 }, { 1, 0, 0.5 } })).ToArray();
        double[] expectedY = [1.224744871391589, -1.224744871391589, 0, 0.1622214211307625, 1.1355499479153377, -1.2977713690461004];
        for (int k = 0; k < 6; k++) Assert.True(Math.Abs(y[k] - expectedY[k]) <= 1e-14, $"y[{k}]: {y[k]} vs {expectedY[k]}");
        double[] scaledDx = [0.2561390859959408, -0.15368345159756452, -0.10245563439837632];
        for (int k = 0; k < 3; k++)
            Assert.True(Math.Abs(dx[3 + k] / 1e170 - scaledDx[k]) <= 1e-13, $"dx[1,{k}]/1e170: {dx[3 + k] / 1e170} vs {scaledDx[k]}");
    }

    [Fact]
    public void LayerNorm_RowWithInfinity_IsNaN_AsPyTorch()
    {
        var y = new LayerNorm<double>(3).Forward(BlasNet.Matrix.FromArray2D(new double[,] { { double.PositiveInfinity, 1, 2 } }));
        Assert.All(y.ToArray(), v => Assert.True(double.IsNaN(v)));
    }

    [Fact]
    public void LayerNorm_MatchesPyTorch()
    {
        var c = NeuralLayersReference.Case("layer_norm");
        var layer = new LayerNorm<double>(5, c.GetProperty("epsilon").GetDouble(), name: "ln");
        Assert.Equal(["ln.weight", "ln.bias"], layer.Parameters.Select(p => p.Name));
        Assert.All(layer.Gain.Value.ToArray(), v => Assert.Equal(1.0, v));
        Assert.All(layer.Bias.Value.ToArray(), v => Assert.Equal(0.0, v));
        Matrix(c, "gain").AsSpan().CopyTo(layer.Gain.Value.AsSpan());
        Matrix(c, "bias").AsSpan().CopyTo(layer.Bias.Value.AsSpan());
        Close(Matrix2D(c, "y"), layer.Forward(Matrix(c, "x")), 1e-12, "y");
        Close(Matrix2D(c, "dx"), layer.Backward(Matrix(c, "upstream")), 1e-12, "dx");
        Close(Matrix2D(c, "dgain"), layer.Gain.Grad!, 1e-12, "dgain");
        Close(Matrix2D(c, "dbias"), layer.Bias.Grad!, 1e-12, "dbias");
    }

    [Fact]
    public void LayerNorm_Float_MatchesPyTorchToFloatPrecision()
    {
        var c = NeuralLayersReference.Case("layer_norm");
        static Matrix<float> F(Matrix<double> m) => BlasNet.Matrix.Create(m.Rows, m.Columns, (i, j) => (float)m[i, j]);
        var layer = new LayerNorm<float>(5);
        F(Matrix(c, "gain")).AsSpan().CopyTo(layer.Gain.Value.AsSpan());
        F(Matrix(c, "bias")).AsSpan().CopyTo(layer.Bias.Value.AsSpan());
        // The row with mean 1000 holds x to float's 6e-5 absolute, i.e. about 2e-5 after dividing by σ ≈ 3.
        void Near(double[,] expected, Matrix<float> actual, string what)
        {
            var e = Flat(expected);
            var a = actual.ToArray();
            for (int i = 0; i < e.Length; i++)
                Assert.True(Math.Abs(a[i] - e[i]) <= 1e-4 * Math.Max(1, Math.Abs(e[i])), $"{what}[{i}]: {e[i]} vs {a[i]}");
        }
        Near(Matrix2D(c, "y"), layer.Forward(F(Matrix(c, "x"))), "y");
        Near(Matrix2D(c, "dx"), layer.Backward(F(Matrix(c, "upstream"))), "dx");
        Near(Matrix2D(c, "dgain"), layer.Gain.Grad!, "dgain");
    }

    [Fact]
    public void LayerNorm_AccumulatesGradients_AndSharesParameters()
    {
        var c = NeuralLayersReference.Case("layer_norm");
        var layer = new LayerNorm<double>(5);
        var twin = (LayerNorm<double>)layer.ShareWeights();
        Assert.Same(layer.Gain, twin.Gain);
        layer.Forward(Matrix(c, "x"));
        layer.Backward(Matrix(c, "upstream"));
        var once = layer.Gain.Grad!.ToArray();
        twin.Forward(Matrix(c, "x").Transpose().Copy().Transpose());
        twin.Backward(Matrix(c, "upstream"));
        Close(once.Select(v => 2 * v).ToArray(), layer.Gain.Grad!.ToArray(), 1e-12, "dgain twice");
    }

    [Fact]
    public void LayerNorm_RejectsWrongWidth_NamingSizes()
    {
        var layer = new LayerNorm<double>(5);
        var e = Assert.Throws<ArgumentException>(() => layer.Forward(new Matrix<double>(2, 4)));
        Assert.Contains("2×4", e.Message);
        Assert.Contains("5 features", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new LayerNorm<double>(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LayerNorm<double>(3, -1e-5));
        Assert.Throws<InvalidOperationException>(() => new LayerNorm<double>(3).Backward(new Matrix<double>(1, 3)));
    }

    public static TheoryData<string> Checked => ["Gelu", "GeluTanh", "LayerNorm", "DropoutEval", "EncoderBlock"];

    private static ILayer<double> Make(string name)
    {
        LayerNorm<double> Norm(int n)
        {
            var ln = new LayerNorm<double>(n, 1e-5);
            // Gain and bias away from 1 and 0, so their gradients are exercised non-trivially.
            for (int j = 0; j < n; j++) { ln.Gain.Value[0, j] = 0.5 + 0.3 * j; ln.Bias.Value[0, j] = 0.1 * j - 0.2; }
            return ln;
        }
        return name switch
        {
            "Gelu" => new Gelu<double>(),
            "GeluTanh" => new Gelu<double>(approximate: true),
            "LayerNorm" => Norm(4),
            "DropoutEval" => new Dropout<double>(0.5, seed: 1) { Training = false },
            "EncoderBlock" => new Sequential<double>(new Dense<double>(4, 6, seed: 9), new Gelu<double>(), Norm(6), new Dense<double>(6, 3, seed: 10), new Tanh<double>()),
            _ => throw new ArgumentException(name),
        };
    }

    [Theory]
    [MemberData(nameof(Checked))]
    public void NewLayers_PassGradCheck(string name)
    {
        var layer = Make(name);
        var result = GradCheck.Check(layer, Input(5, 4, name.Length));
        Assert.True(result.Passed, $"{name}: {result}");
        Assert.True(result.MaxRelativeError < 1e-6, $"{name}: {result}");
        Assert.Equal(5 * 4 + layer.Parameters.Sum(p => p.Count), result.EntriesChecked);
    }

    [Fact]
    public void Dropout_Training_DropsAboutP_ScalesKept_AndBackwardUsesTheMask()
    {
        var x = BlasNet.Matrix.Create<double>(200, 50, (i, j) => 1.0 + 0.001 * (i + j));
        var layer = new Dropout<double>(0.3, seed: 7);
        Assert.True(layer.Training);
        var y = layer.Forward(x);
        int dropped = 0;
        for (int i = 0; i < x.Rows; i++)
            for (int j = 0; j < x.Columns; j++)
            {
                if (y[i, j] == 0) dropped++;
                else Assert.Equal(x[i, j] / 0.7, y[i, j], 12);
            }
        // 10 000 Bernoulli(0.3) draws: the count is 3000 ± 46 (one standard deviation); ±5σ.
        Assert.InRange(dropped, 3000 - 230, 3000 + 230);
        var dy = BlasNet.Matrix.Create<double>(200, 50, (i, j) => Math.Sin(i + 0.1 * j));
        var dx = layer.Backward(dy);
        for (int i = 0; i < x.Rows; i++)
            for (int j = 0; j < x.Columns; j++)
                Assert.Equal(y[i, j] == 0 ? 0.0 : dy[i, j] / 0.7, dx[i, j], 12);
    }

    [Fact]
    public void Dropout_SameSeed_SameMasks_NextForward_NewMask()
    {
        var x = Input(20, 10, 3);
        var a = new Dropout<double>(0.5, seed: 11);
        var b = new Dropout<double>(0.5, seed: 11);
        var first = a.Forward(x).ToArray();
        Assert.Equal(first, b.Forward(x).ToArray());
        Assert.NotEqual(first, a.Forward(x).ToArray());
    }

    [Fact]
    public void Dropout_EvalMode_IsIdentity_AndSetTrainingReachesNestedLayers()
    {
        var inner = new Dropout<double>(0.9, seed: 1);
        var outer = new Dropout<double>(0.9, seed: 2);
        var model = new Sequential<double>(new Dense<double>(4, 4, seed: 3), new Sequential<double>(inner, new Tanh<double>()), outer);
        Layer.SetTraining(model, false);
        Assert.False(inner.Training);
        Assert.False(outer.Training);
        var x = Input(3, 4, 8);
        Assert.Same(x, inner.Forward(x));
        var dy = Input(3, 4, 9);
        Assert.Same(dy, inner.Backward(dy));
        Layer.SetTraining(model, true);
        Assert.True(inner.Training && outer.Training);
    }

    [Fact]
    public void Dropout_EdgeProbabilities()
    {
        var x = Input(4, 5, 1);
        var keepAll = new Dropout<double>(0.0, seed: 1);
        Assert.Equal(x.ToArray(), keepAll.Forward(x).ToArray());
        var dropAll = new Dropout<double>(1.0, seed: 1);
        Assert.All(dropAll.Forward(x).ToArray(), v => Assert.Equal(0.0, v));
        Assert.All(dropAll.Backward(Input(4, 5, 2)).ToArray(), v => Assert.Equal(0.0, v));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Dropout<double>(1.5));
        Assert.Contains(1.5.ToString(System.Globalization.CultureInfo.CurrentCulture), e.Message); // messages format numbers as .NET's own do
        Assert.Throws<ArgumentOutOfRangeException>(() => new Dropout<double>(double.NaN));
        Assert.Throws<ArgumentException>(() => { keepAll.Forward(x); keepAll.Backward(new Matrix<double>(5, 4)); });
    }

    [Fact]
    public void Dropout_Float_ScalesByInverseKeepProbability()
    {
        var layer = new Dropout<float>(0.25, seed: 4);
        var x = BlasNet.Matrix.Create<float>(10, 10, (i, j) => 2f);
        var y = layer.Forward(x);
        Assert.All(y.ToArray(), v => Assert.True(v == 0f || Math.Abs(v - 2f / 0.75f) < 1e-6f, $"{v}"));
        Assert.Contains(y.ToArray(), v => v == 0f);
    }

    [Fact]
    public void Erf_MatchesMpmath()
    {
        var c = NeuralLayersReference.Case("erf");
        var x = Vector(c, "x");
        var erf = Vector(c, "erf");
        var erfc = Vector(c, "erfc");
        for (int i = 0; i < x.Length; i++)
        {
            // A few ulps, relative (erfc far into the tail included, where an absolute test would say nothing).
            Assert.True(Math.Abs(ErrorFunction.Erf(x[i]) - erf[i]) <= 4e-16 * Math.Abs(erf[i]), $"erf({x[i]:R}): {erf[i]:R} vs {ErrorFunction.Erf(x[i]):R}");
            Assert.True(Math.Abs(ErrorFunction.Erfc(x[i]) - erfc[i]) <= 4e-16 * Math.Abs(erfc[i]) || (erfc[i] < 1e-300 && ErrorFunction.Erfc(x[i]) < 1e-300),
                $"erfc({x[i]:R}): {erfc[i]:R} vs {ErrorFunction.Erfc(x[i]):R}");
        }
        Assert.True(double.IsNaN(ErrorFunction.Erf(double.NaN)));
        Assert.Equal(1.0, ErrorFunction.Erf(double.PositiveInfinity));
        Assert.Equal(2.0, ErrorFunction.Erfc(double.NegativeInfinity));
    }

    [Fact]
    public void GradientHealth_ListsTheNewLayers_WithLayerNormGradients()
    {
        var norm = new LayerNorm<double>(6);
        var model = new Sequential<double>(new Dense<double>(4, 6, seed: 1), new Gelu<double>(), norm, new Dropout<double>(0.2, seed: 2), new Dense<double>(6, 2, seed: 3));
        model.Forward(Input(5, 4, 1));
        model.Backward(Input(5, 2, 2));
        var report = GradientHealth.Of(model);
        Assert.Equal(["Dense", "Gelu", "LayerNorm", "Dropout", "Dense"], report.Layers.Select(l => l.Kind));
        // The norm of LayerNorm's gain and bias gradients, from the gradients themselves.
        double expected = Math.Sqrt(norm.Gain.Grad!.ToArray().Concat(norm.Bias.Grad!.ToArray()).Sum(v => v * v));
        Assert.True(expected > 0);
        Assert.Equal(expected, report.Layers[2].GradientNorm!.Value, 12);
        Assert.Empty(report.ParametersWithoutGradient);
    }
}
