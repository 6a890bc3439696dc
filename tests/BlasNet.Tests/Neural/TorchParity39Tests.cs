using System.Globalization;
using System.Text.Json;
using BlasNet.Neural;

namespace BlasNet.Tests.Neural;

/// <summary>
/// Audit neural39: randomized comparisons with PyTorch 1.13 (float64 autograd, torch.optim, torch.nn.utils clipping, and
/// GradScaler's update rule simulated as aten writes it). The numbers come from tests/data/neural39_torch_reference.py
/// (neural39-torch-reference.json); every layer, loss and optimizer here is rebuilt from the stored inputs.
/// </summary>
public class TorchParity39Tests
{
    private static readonly Lazy<JsonElement> Reference = new(() => ReferenceData.Load("neural39-torch-reference.json"));

    private static JsonElement Section(string name) => Reference.Value.GetProperty(name);

    private static double Number(JsonElement e) => TorchJson.Number(e);

    private static double[] Vector(JsonElement e) => TorchJson.Vector(e);

    private static Matrix<double> MatrixOf(JsonElement e) => TorchJson.MatrixOf(e);

    /// <summary>|actual − expected| ≤ tolerance·(1 + |expected|) entrywise, NaN only where the reference has NaN, ∞ only where it has the same ∞.</summary>
    private static void Close(Matrix<double> expected, Matrix<double> actual, double tolerance, string what)
    {
        Assert.True(expected.Rows == actual.Rows && expected.Columns == actual.Columns,
            $"{what}: PyTorch {expected.Rows}×{expected.Columns}, BlasNet {actual.Rows}×{actual.Columns}");
        for (int i = 0; i < expected.Rows; i++)
            for (int j = 0; j < expected.Columns; j++)
                Close(expected[i, j], actual[i, j], tolerance, FormattableString.Invariant($"{what}[{i}, {j}]"));
    }

    private static void Close(double expected, double actual, double tolerance, string what)
    {
        bool ok = double.IsNaN(expected) ? double.IsNaN(actual)
            : double.IsInfinity(expected) ? expected == actual
            : Math.Abs(actual - expected) <= tolerance * (1 + Math.Abs(expected));
        Assert.True(ok, FormattableString.Invariant($"{what}: expected {expected:R}, BlasNet {actual:R}"));
    }

    private static Matrix<double> Scaled(Matrix<double> m, double factor) =>
        new(m.Rows, m.Columns, m.ToArray().Select(v => v * factor).ToArray());

    public static TheoryData<int> LayerCases()
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < Section("layers").GetArrayLength(); i++) data.Add(i);
        return data;
    }

    /// <summary>
    /// Forward and backward of every layer against torch autograd on random shapes (batch 1 in the first case of each kind):
    /// outputs, dL/dx and the parameter gradients. GELU is the exact erf form by default (PyTorch's approximate='none') and
    /// the tanh form with approximate: true; dropout in eval mode is the identity both ways.
    /// </summary>
    [Theory]
    [MemberData(nameof(LayerCases))]
    public void Layer_ForwardAndBackward_MatchTorch(int index)
    {
        var c = Section("layers")[index];
        string kind = c.GetProperty("kind").GetString()!;
        var x = MatrixOf(c.GetProperty("x"));
        var dy = MatrixOf(c.GetProperty("dy"));
        var p = c.GetProperty("params");
        var grads = c.GetProperty("grads");
        ILayer<double> layer = kind switch
        {
            "dense" => new Dense<double>(MatrixOf(p.GetProperty("W")), MatrixOf(p.GetProperty("b"))),
            "masked" => new MaskedDense<double>(MatrixOf(p.GetProperty("W")), MatrixOf(c.GetProperty("A")), MatrixOf(p.GetProperty("b")), MatrixOf(c.GetProperty("m"))),
            "relu" => new Relu<double>(),
            "leaky_relu" => new LeakyRelu<double>(c.GetProperty("slope").GetDouble()),
            "tanh" => new Tanh<double>(),
            "sigmoid" => new Sigmoid<double>(),
            "gelu" => new Gelu<double>(),
            "gelu_tanh" => new Gelu<double>(approximate: true),
            "layer_norm" => LayerNormFrom(x.Columns, c.GetProperty("eps").GetDouble(), MatrixOf(p.GetProperty("gamma")), MatrixOf(p.GetProperty("beta"))),
            "dropout_eval" => new Dropout<double>(c.GetProperty("p").GetDouble(), seed: 39) { Training = false },
            _ => throw new InvalidOperationException(kind),
        };
        string what = FormattableString.Invariant($"{kind} case {index} ({x.Rows}×{x.Columns})");
        Close(MatrixOf(c.GetProperty("y")), layer.Forward(x), 1e-13, what + " y");
        Close(MatrixOf(c.GetProperty("dx")), layer.Backward(dy), 1e-13, what + " dx");
        var names = p.EnumerateObject().Select(o => o.Name).ToArray();
        Assert.Equal(names.Length, layer.Parameters.Count);
        for (int k = 0; k < names.Length; k++)
            Close(MatrixOf(grads.GetProperty(names[k])), layer.Parameters[k].Grad!, 1e-13, $"{what} d{names[k]}");
        if (kind == "masked")
        {
            // The masked entries' gradients are exactly zero, as torch's for W*A.
            var a = MatrixOf(c.GetProperty("A"));
            for (int i = 0; i < a.Rows; i++)
                for (int j = 0; j < a.Columns; j++)
                    if (a[i, j] == 0) Assert.Equal(0.0, layer.Parameters[0].Grad![i, j]);
        }
    }

    public static TheoryData<int> HardLayerCases()
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < Section("hard_layers").GetArrayLength(); i++) data.Add(i);
        return data;
    }

    /// <summary>
    /// Harder inputs: GELU in both forms over [−12, 12], tanh and sigmoid into their tails, against torch (1e-12 relative to
    /// 1 + |torch|); and layer norm of rows sitting on a common offset of 1e4 to 1e8, against the exact values (mpmath, from
    /// the same stored doubles). There torch's own float64 results carry the rounding of the row mean: 6e-6 relative at
    /// offset 3e7 with σ = 7e-4, where LayerNorm was 1.2e-5 off before it subtracted the mean's remainder (the corrected
    /// two-pass algorithm); it is now within 1e-12 of the exact values (dx relative to its largest entry, its scale being 1/σ).
    /// </summary>
    [Theory]
    [MemberData(nameof(HardLayerCases))]
    public void Layer_HardInputs_MatchTorchOrTheExactValues(int index)
    {
        var c = Section("hard_layers")[index];
        string kind = c.GetProperty("kind").GetString()!;
        var x = MatrixOf(c.GetProperty("x"));
        var p = c.GetProperty("params");
        bool norm = kind == "layer_norm";
        ILayer<double> layer = kind switch
        {
            "layer_norm" => LayerNormFrom(x.Columns, c.GetProperty("eps").GetDouble(), MatrixOf(p.GetProperty("gamma")), MatrixOf(p.GetProperty("beta"))),
            "gelu" => new Gelu<double>(),
            "gelu_tanh" => new Gelu<double>(approximate: true),
            "tanh" => new Tanh<double>(),
            _ => new Sigmoid<double>(),
        };
        string what = FormattableString.Invariant($"{kind} hard case {index} (against {(norm ? "the exact values" : "torch")})");
        var reference = norm ? c.GetProperty("exact") : c;
        Close(MatrixOf(reference.GetProperty("y")), layer.Forward(x), 1e-12, what + " y");
        var expectedDx = MatrixOf(reference.GetProperty("dx"));
        var dx = layer.Backward(MatrixOf(c.GetProperty("dy")));
        double scale = norm ? expectedDx.ToArray().Max(Math.Abs) : 1.0;
        for (int i = 0; i < dx.Rows; i++)
            for (int j = 0; j < dx.Columns; j++)
                Assert.True(Math.Abs(dx[i, j] - expectedDx[i, j]) <= 1e-12 * (scale + Math.Abs(expectedDx[i, j])),
                    FormattableString.Invariant($"{what} dx[{i}, {j}]: expected {expectedDx[i, j]:R}, BlasNet {dx[i, j]:R}"));
        if (norm)
        {
            Close(MatrixOf(reference.GetProperty("gamma")), layer.Parameters[0].Grad!, 1e-12, what + " dgamma");
            Close(MatrixOf(reference.GetProperty("beta")), layer.Parameters[1].Grad!, 1e-12, what + " dbeta");
        }
    }

    /// <summary>
    /// A constant row normalizes to exactly 0 (the output is the bias): its mean rounds away from the entries (0.1·3/3 is
    /// 0.10000000000000002), and the remainder taken out of the deviations makes each exactly 0. Before, and in PyTorch 1.13,
    /// the rounding residue came out scaled by 1/√ε: x̂ = −4.4e-15 for [0.1, 0.1, 0.1] and −3.5e-14 for seven 0.7s here
    /// (PyTorch: −3.8e-16 and 3.0e-15). The 1/3 and 123456.789 rows were exact before too (kept as guards).
    /// </summary>
    [Theory]
    [InlineData(0.1, 3)]
    [InlineData(0.7, 7)]
    [InlineData(1.0 / 3, 5)]
    [InlineData(123456.789, 6)]
    public void LayerNorm_ConstantRow_IsExactlyTheBias(double value, int features)
    {
        var layer = new LayerNorm<double>(features);
        for (int j = 0; j < features; j++) layer.Bias.Value[0, j] = j - 0.5;
        var y = layer.Forward(new Matrix<double>(2, features, Enumerable.Repeat(value, 2 * features).ToArray()));
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < features; j++) Assert.Equal(j - 0.5, y[i, j]);
        var single = new LayerNorm<float>(features);
        var yf = single.Forward(new Matrix<float>(1, features, Enumerable.Repeat((float)value, features).ToArray()));
        Assert.All(yf.ToArray(), v => Assert.Equal(0f, v));
    }

    private static LayerNorm<double> LayerNormFrom(int features, double epsilon, Matrix<double> gamma, Matrix<double> beta)
    {
        var layer = new LayerNorm<double>(features, epsilon);
        gamma.AsSpan().CopyTo(layer.Gain.Value.AsSpan());
        beta.AsSpan().CopyTo(layer.Bias.Value.AsSpan());
        return layer;
    }

    [Fact]
    public void MeanSquaredError_MatchesTorch()
    {
        foreach (var c in Section("losses").GetProperty("mse").EnumerateArray())
        {
            var loss = new MeanSquaredError<double>();
            double value = loss.Forward(MatrixOf(c.GetProperty("prediction")), MatrixOf(c.GetProperty("target")));
            Close(Number(c.GetProperty("loss")), value, 1e-14, "mse loss");
            Close(MatrixOf(c.GetProperty("grad")), loss.Backward(), 1e-14, "mse grad");
        }
    }

    /// <summary>
    /// MarginRankingLoss with ±1 targets, margins 0, negative and positive, batch 1 included: the mean directly, PyTorch's
    /// reduction="sum" as N times the mean (and N times the gradients), as the class documents.
    /// </summary>
    [Fact]
    public void MarginRanking_MatchesTorch_BothReductions()
    {
        foreach (var c in Section("losses").GetProperty("margin").EnumerateArray())
        {
            var loss = new MarginRanking<double>(c.GetProperty("margin").GetDouble());
            var x1 = MatrixOf(c.GetProperty("x1"));
            double n = x1.Rows * x1.Columns;
            double factor = c.GetProperty("reduction").GetString() == "sum" ? n : 1.0;
            double value = loss.Forward(x1, MatrixOf(c.GetProperty("x2")), MatrixOf(c.GetProperty("y")));
            Close(Number(c.GetProperty("loss")), value * factor, 1e-14, "margin loss");
            var g = loss.Backward();
            Close(MatrixOf(c.GetProperty("d1")), Scaled(g.Positive, factor), 1e-14, "margin d1");
            Close(MatrixOf(c.GetProperty("d2")), Scaled(g.Negative, factor), 1e-14, "margin d2");
        }
    }

    /// <summary>A Siamese scorer (dense, tanh, dense) whose two branches share weights: the gradients of both branches add into the shared parameters.</summary>
    [Fact]
    public void MarginRanking_SiameseSharedWeights_MatchesTorch()
    {
        foreach (var c in Section("losses").GetProperty("siamese").EnumerateArray())
        {
            var first = new Dense<double>(MatrixOf(c.GetProperty("W1")), MatrixOf(c.GetProperty("b1")));
            var second = new Dense<double>(MatrixOf(c.GetProperty("W2")), MatrixOf(c.GetProperty("b2")));
            var model = new Sequential<double>(first, new Tanh<double>(), second);
            var twin = model.ShareWeights();
            var x1 = MatrixOf(c.GetProperty("X1"));
            double factor = c.GetProperty("reduction").GetString() == "sum" ? x1.Rows : 1.0;
            var loss = new MarginRanking<double>(c.GetProperty("margin").GetDouble());
            double value = loss.Forward(model.Forward(x1), twin.Forward(MatrixOf(c.GetProperty("X2"))), MatrixOf(c.GetProperty("y")));
            Close(Number(c.GetProperty("loss")), value * factor, 1e-13, "siamese loss");
            var g = loss.Backward();
            model.Backward(Scaled(g.Positive, factor));
            twin.Backward(Scaled(g.Negative, factor));
            Close(MatrixOf(c.GetProperty("dW1")), first.Weight.Grad!, 1e-13, "siamese dW1");
            Close(MatrixOf(c.GetProperty("db1")), first.Bias!.Grad!, 1e-13, "siamese db1");
            Close(MatrixOf(c.GetProperty("dW2")), second.Weight.Grad!, 1e-13, "siamese dW2");
            Close(MatrixOf(c.GetProperty("db2")), second.Bias!.Grad!, 1e-13, "siamese db2");
        }
    }

    /// <summary>cross_entropy with logits of ±1e4 (single entries and whole rows), label smoothing and class weights.</summary>
    [Fact]
    public void SoftmaxCrossEntropy_ExtremeLogits_MatchTorch()
    {
        foreach (var c in Section("losses").GetProperty("cross_entropy").EnumerateArray())
        {
            double[]? weight = c.GetProperty("weight").ValueKind == JsonValueKind.Null ? null : Vector(c.GetProperty("weight"));
            var loss = new SoftmaxCrossEntropy<double>(c.GetProperty("smoothing").GetDouble(), weight);
            int[] labels = c.GetProperty("labels").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            double value = loss.Forward(MatrixOf(c.GetProperty("logits")), labels);
            Assert.True(double.IsFinite(value));
            Close(Number(c.GetProperty("loss")), value, 1e-13, "cross-entropy loss");
            Close(MatrixOf(c.GetProperty("grad")), loss.Backward(), 1e-13, "cross-entropy grad");
        }
    }

    /// <summary>binary_cross_entropy_with_logits at ±1e3 (confidently wrong and right), with and without pos_weight.</summary>
    [Fact]
    public void BinaryCrossEntropyWithLogits_ExtremeLogits_MatchTorch()
    {
        foreach (var c in Section("losses").GetProperty("bce").EnumerateArray())
        {
            double[]? posWeight = c.GetProperty("pos_weight").ValueKind == JsonValueKind.Null ? null : Vector(c.GetProperty("pos_weight"));
            var loss = new BinaryCrossEntropyWithLogits<double>(posWeight);
            double value = loss.Forward(MatrixOf(c.GetProperty("logits")), MatrixOf(c.GetProperty("targets")));
            Assert.True(double.IsFinite(value));
            Close(Number(c.GetProperty("loss")), value, 1e-13, "bce loss");
            Close(MatrixOf(c.GetProperty("grad")), loss.Backward(), 1e-13, "bce grad");
        }
    }

    public static TheoryData<int> OptimizerRuns()
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < Section("optimizers").GetProperty("runs").GetArrayLength(); i++) data.Add(i);
        return data;
    }

    /// <summary>
    /// SGD (momentum, weight decay) and Adam stepped eight times against torch.optim on three parameters, with steps in which
    /// a parameter has no gradient (torch's grad None: skipped, its momentum buffer and Adam step count do not advance; two
    /// steps have no gradient at all) and steps in which its gradient is all zeros (the state advances: momentum and decay
    /// still move it). The first parameter is masked: its gradients here hold 7 at the masked entries (which torch's W*A
    /// would have as 0), and those entries, zeros from torch's randn·A (−0 where the draw was negative), must keep their
    /// exact bits after every step, decay and momentum included.
    /// </summary>
    [Theory]
    [MemberData(nameof(OptimizerRuns))]
    public void Optimizer_StepsWithGapsAndZeroGradients_MatchTorch(int run)
    {
        var o = Section("optimizers");
        var r = o.GetProperty("runs")[run];
        var config = r.GetProperty("config");
        var mask = MatrixOf(o.GetProperty("mask0"));
        var init = o.GetProperty("init").EnumerateArray().Select(MatrixOf).ToArray();
        var parameters = new[]
        {
            new Parameter<double>("p0", init[0], mask),
            new Parameter<double>("p1", init[1]),
            new Parameter<double>("p2", init[2]),
        };
        double Setting(string name) => config.GetProperty(name).GetDouble();
        Optimizer<double> optimizer = config.GetProperty("kind").GetString() == "sgd"
            ? new Sgd<double>(parameters, new SgdOptions(Setting("lr"), Setting("momentum"), Setting("weight_decay")))
            : new Adam<double>(parameters, new AdamOptions(Setting("lr"), Setting("beta1"), Setting("beta2"), Setting("eps"), Setting("weight_decay")));
        var schedule = o.GetProperty("schedule").EnumerateArray().ToArray();
        var trajectory = r.GetProperty("trajectory").EnumerateArray().ToArray();
        for (int k = 0; k < schedule.Length; k++)
        {
            optimizer.ZeroGrad();
            var row = schedule[k].EnumerateArray().ToArray();
            var withGradient = new List<string>();
            for (int i = 0; i < parameters.Length; i++)
            {
                if (row[i].ValueKind == JsonValueKind.Null) continue;
                var g = MatrixOf(row[i]);
                if (i == 0)
                    for (int a = 0; a < g.Rows; a++)
                        for (int b = 0; b < g.Columns; b++)
                            if (mask[a, b] == 0) g[a, b] = 7.0;
                g.AsSpan().CopyTo(parameters[i].AccumulateGrad().AsSpan());
                withGradient.Add(parameters[i].Name);
            }
            var report = optimizer.Step();
            Assert.Equal(withGradient, report.Updated);
            var expected = trajectory[k].EnumerateArray().Select(MatrixOf).ToArray();
            for (int i = 0; i < parameters.Length; i++)
                Close(expected[i], parameters[i].Value, 1e-13, FormattableString.Invariant($"run {run} step {k} p{i}"));
            for (int a = 0; a < mask.Rows; a++)
                for (int b = 0; b < mask.Columns; b++)
                    if (mask[a, b] == 0) Assert.Equal(BitConverter.DoubleToInt64Bits(init[0][a, b]), BitConverter.DoubleToInt64Bits(parameters[0].Value[a, b]));
        }
        // Steps counts the steps that updated something: torch's two all-None steps change nothing.
        Assert.Equal(schedule.Count(s => s.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.Null)), optimizer.Steps);
    }

    private static Parameter<double>[] GradientList(JsonElement grads)
    {
        var list = new List<Parameter<double>>();
        int i = 0;
        foreach (var g in grads.EnumerateArray())
        {
            if (g.ValueKind == JsonValueKind.Null) { list.Add(new Parameter<double>($"g{i++}", new Matrix<double>(1, 1))); continue; }
            var m = MatrixOf(g);
            var p = new Parameter<double>($"g{i++}", new Matrix<double>(m.Rows, m.Columns));
            m.AsSpan().CopyTo(p.AccumulateGrad().AsSpan());
            list.Add(p);
        }
        return list.ToArray();
    }

    /// <summary>
    /// clip_grad_norm_: the norm over all gradients (None skipped), the factor max_norm/(norm + 1e-6) applied when below 1
    /// (at max_norm equal to the norm too, and where the 1e-6 dominates). With an ∞ or NaN entry the returned norm is
    /// torch's (∞, NaN) and the gradients are left as they are, the documented difference (torch multiplies them by 0 or NaN).
    /// </summary>
    [Fact]
    public void ClipGradNorm_MatchesTorch()
    {
        foreach (var c in Section("clip_norm").EnumerateArray())
        {
            var parameters = GradientList(c.GetProperty("grads"));
            var before = parameters.Select(p => p.Grad?.ToArray()).ToArray();
            double norm = Gradients.ClipGradNorm(parameters, c.GetProperty("max_norm").GetDouble());
            double expectedNorm = Number(c.GetProperty("norm"));
            Close(expectedNorm, norm, 1e-14, "clip_grad_norm_ total norm");
            var clipped = c.GetProperty("clipped").EnumerateArray().ToArray();
            for (int i = 0; i < parameters.Length; i++)
            {
                if (clipped[i].ValueKind == JsonValueKind.Null) { Assert.Null(parameters[i].Grad); continue; }
                if (double.IsFinite(expectedNorm)) Close(MatrixOf(clipped[i]), parameters[i].Grad!, 1e-14, $"clipped gradient {i}");
                else Assert.Equal(before[i], parameters[i].Grad!.ToArray());
            }
        }
    }

    /// <summary>
    /// clip_grad_value_: every finite entry clamped into [−c, c], NaN kept; −∞ is the documented difference (PyTorch clamps it
    /// to −c, Gradients.ClipGradValue leaves it for the optimizer to refuse). The return value is the largest magnitude before
    /// clipping, computed here from the inputs.
    /// </summary>
    [Fact]
    public void ClipGradValue_MatchesTorch_ExceptThatInfinityIsKept()
    {
        foreach (var c in Section("clip_value").EnumerateArray())
        {
            var parameters = GradientList(c.GetProperty("grads"));
            var inputs = c.GetProperty("grads").EnumerateArray().Select(MatrixOf).ToArray();
            double clip = c.GetProperty("clip_value").GetDouble();
            double largest = Gradients.ClipGradValue(parameters, clip);
            var all = inputs.SelectMany(m => m.ToArray()).ToArray();
            double expectedLargest = all.Any(double.IsNaN) ? double.NaN : all.Max(Math.Abs);
            Close(expectedLargest, largest, 0, "largest magnitude");
            var clipped = c.GetProperty("clipped").EnumerateArray().Select(MatrixOf).ToArray();
            for (int i = 0; i < parameters.Length; i++)
            {
                var expected = clipped[i];
                for (int a = 0; a < expected.Rows; a++)
                    for (int b = 0; b < expected.Columns; b++)
                        if (double.IsInfinity(inputs[i][a, b])) expected[a, b] = inputs[i][a, b];
                Close(expected, parameters[i].Grad!, 0, $"clip_grad_value_ gradient {i}");
            }
        }
    }

    /// <summary>ClipGradValue on float32: the bound compared in double, the clamped entries ±c rounded once; a bad bound is refused by name; no gradient at all gives 0.</summary>
    [Fact]
    public void ClipGradValue_Float32_ArgumentsAndEmptyGradients()
    {
        var p = new Parameter<float>("p", new Matrix<float>(1, 5));
        new Matrix<float>(1, 5, [0.3f, -0.3f, 0.1f, float.PositiveInfinity, 0.05f]).AsSpan().CopyTo(p.AccumulateGrad().AsSpan());
        Assert.Equal(double.PositiveInfinity, Gradients.ClipGradValue([p], 0.1));
        Assert.Equal([0.1f, -0.1f, 0.1f, float.PositiveInfinity, 0.05f], p.Grad!.ToArray());
        Assert.Throws<InvalidOperationException>(() => new Sgd<float>([p]).Step()); // the ∞ still refused
        var none = new Parameter<float>("none", new Matrix<float>(2, 2));
        Assert.Equal(0.0, Gradients.ClipGradValue([none], 1.0));
        Assert.Null(none.Grad);
        foreach (double bad in new[] { 0.0, -1.0, double.NaN })
            Assert.Equal("clipValue", Assert.Throws<ArgumentOutOfRangeException>(() => Gradients.ClipGradValue([p], bad)).ParamName);
        Assert.Equal("parameters", Assert.Throws<ArgumentNullException>(() => Gradients.ClipGradValue<float>(null!, 1.0)).ParamName);
        Assert.Contains("parameters[1]", Assert.Throws<ArgumentNullException>(() => Gradients.ClipGradValue([p, null!], 1.0)).Message);
    }

    /// <summary>
    /// GradScaler against torch.cuda.amp.GradScaler's algorithm (aten's _amp_update_scale_ simulated, since it is CUDA-only in
    /// torch 1.13): unscaling by the float32 reciprocal, a step with ∞/NaN skipped with the weights untouched, the scale
    /// backed off and the growth tracker reset, growth after growth_interval clean steps, and no growth into float32's ∞.
    /// With power-of-two factors the scales are identical; with 1.7 and 0.3 the scale is held in double here and in float32
    /// by torch (documented), so it is compared to float32's precision and the weights to a few float32 ulps.
    /// </summary>
    [Fact]
    public void GradScaler_FollowsTorchUpdateRule()
    {
        foreach (var r in Section("grad_scaler").EnumerateArray())
        {
            double growth = r.GetProperty("growth_factor").GetDouble(), backoff = r.GetProperty("backoff_factor").GetDouble();
            bool exact = double.IsPow2(growth) && double.IsPow2(backoff);
            var w0 = MatrixOf(r.GetProperty("w0"));
            var w = new Parameter<float>("w", new Matrix<float>(w0.Rows, w0.Columns, w0.ToArray().Select(v => (float)v).ToArray()));
            var sgd = new Sgd<float>([w], new SgdOptions(LearningRate: 0.1));
            var scaler = new GradScaler(new GradScalerOptions(r.GetProperty("init_scale").GetDouble(), growth, backoff,
                r.GetProperty("growth_interval").GetInt32(), MinScale: Math.ScaleB(1.0, -126)));
            int k = 0, skipped = 0;
            foreach (var it in r.GetProperty("iterations").EnumerateArray())
            {
                string what = FormattableString.Invariant($"growth {growth}, iteration {k++}");
                double scaleBefore = it.GetProperty("scale_before").GetDouble();
                Assert.True(exact ? scaler.Scale == scaleBefore : Math.Abs(scaler.Scale - scaleBefore) <= 1e-6 * scaleBefore, $"{what}: scale {scaler.Scale:R}, torch {scaleBefore:R}");
                var scaled = MatrixOf(it.GetProperty("scaled_grad"));
                var grad = w.AccumulateGrad();
                for (int i = 0; i < scaled.Rows; i++)
                    for (int j = 0; j < scaled.Columns; j++) grad[i, j] = (float)scaled[i, j];
                bool found = it.GetProperty("found_inf").GetBoolean();
                Assert.Equal(!found, scaler.Unscale(sgd));
                if (!found && exact) Assert.Equal(MatrixOf(it.GetProperty("unscaled_grad")).ToArray().Select(v => (float)v), w.Grad!.ToArray());
                Assert.Equal(!found, scaler.Step(sgd));
                if (found) skipped++;
                scaler.Update();
                var expectedW = MatrixOf(it.GetProperty("w_after")).ToArray();
                var actualW = w.Value.ToArray();
                for (int i = 0; i < expectedW.Length; i++)
                    Assert.True(exact ? (float)expectedW[i] == actualW[i] : Math.Abs(expectedW[i] - actualW[i]) <= 1e-6 * (1 + Math.Abs(expectedW[i])),
                        $"{what}: w[{i}] {actualW[i]:R}, torch {expectedW[i]:R}");
                double scaleAfter = it.GetProperty("scale_after").GetDouble();
                Assert.True(exact ? scaler.Scale == scaleAfter : Math.Abs(scaler.Scale - scaleAfter) <= 1e-6 * scaleAfter, $"{what}: scale after {scaler.Scale:R}, torch {scaleAfter:R}");
                Assert.Equal(it.GetProperty("tracker_after").GetInt32(), scaler.GrowthTracker);
                sgd.ZeroGrad();
            }
            Assert.Equal(skipped, scaler.SkippedSteps);
        }
    }
}
