using System.Numerics;
using System.Text.Json;
using BlasNet.Neural;

namespace BlasNet.Tests.Neural;

/// <summary>
/// Audit neural41: the optimizer options PyTorch users expect — SGD's dampening and Nesterov momentum, Adam's AMSGrad and
/// AdamW's decoupled weight decay — against torch.optim 1.13 on the CPU in float64 and float32
/// (tests/data/optimizer_options41_reference.py, optimizer-options41-reference.json), with gradient gaps, zero gradients,
/// a masked parameter, refused non-finite gradients and the Nesterov refusal.
/// </summary>
public class OptimizerOptions41Tests
{
    private static readonly Lazy<JsonElement> Reference = new(() => ReferenceData.Load("optimizer-options41-reference.json"));

    private static JsonElement Section(string name) => Reference.Value.GetProperty(name);

    /// <summary>
    /// Tolerance, relative to 1 + |w|, for the stored trajectory. Torch and BlasNet form the same expressions in a different
    /// order (torch 1.13's <c>mul_</c>/<c>add_</c>, with FMA in its vector kernels, and <c>(lr′·m)/d</c>; BlasNet's lerp form and
    /// <c>lr′·(m/d)</c>), so each step may differ by a few ulps, compounding over 9 steps through the momentum and moments.
    /// Observed on this machine (512- and 256-bit vectors): ≤ 1.8e-16 in float64 (under one ulp of 1, 2⁻⁵² ≈ 2.2e-16) and
    /// ≤ 9.4e-8 in float32 (1.6 ulps of 1, 2⁻²³ ≈ 1.2e-7); allowed 5e-15 and 1e-6, about 25 and 10 times that. Every option
    /// changes torch's final weights by at least 5.6e-4 (checked below against the stored contrasts), over 500 times the
    /// float32 tolerance.
    /// </summary>
    private static double Tolerance(string dtype) => dtype == "float64" ? 5e-15 : 1e-6;

    public static TheoryData<int> Runs()
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < Section("runs").GetArrayLength(); i++) data.Add(i);
        return data;
    }

    /// <summary>
    /// Every option combination stepped 9 times against torch.optim, each step's parameters compared: steps where a parameter
    /// has no gradient (torch's grad None: skipped, its momentum buffer, moments, AMSGrad maximum and step count untouched,
    /// which the later steps would show), steps with all-zero gradients (the state advances). The masked p0 gets 7 at its
    /// masked entries here (torch's are 0): they must keep their exact zero bits under decay, Nesterov and AdamW alike.
    /// </summary>
    [Theory]
    [MemberData(nameof(Runs))]
    public void Options_StepsWithGapsZerosAndMask_MatchTorch(int run)
    {
        var r = Section("runs")[run];
        if (r.GetProperty("dtype").GetString() == "float64") Replay<double>(run, r);
        else Replay<float>(run, r);
    }

    private static Matrix<T> Of<T>(Matrix<double> m) where T : unmanaged, IFloatingPointIeee754<T> =>
        new(m.Rows, m.Columns, m.ToArray().Select(T.CreateTruncating).ToArray());

    /// <summary>The options a run's config stands for; torch.optim.AdamW's defaults through the AdamW convenience.</summary>
    private static object OptionsOf(JsonElement c)
    {
        double D(string name) => c.GetProperty(name).GetDouble();
        bool B(string name) => c.GetProperty(name).GetBoolean();
        if (c.GetProperty("kind").GetString() == "sgd")
            return new SgdOptions(D("lr"), D("momentum"), D("weight_decay"), Dampening: D("dampening"), Nesterov: B("nesterov"));
        var options = new AdamOptions(D("lr"), D("beta1"), D("beta2"), D("eps"), D("weight_decay"), Amsgrad: B("amsgrad"), DecoupledWeightDecay: B("decoupled"));
        var defaults = AdamOptions.AdamW(amsgrad: options.Amsgrad);
        return options == defaults ? defaults : options;
    }

    private static void Replay<T>(int run, JsonElement r) where T : unmanaged, IFloatingPointIeee754<T>
    {
        string dtype = r.GetProperty("dtype").GetString()!;
        double tolerance = Tolerance(dtype);
        var mask = TorchJson.MatrixOf(Section("mask0"));
        var init = Section("init").EnumerateArray().Select(TorchJson.MatrixOf).ToArray();
        var parameters = new[]
        {
            new Parameter<T>("p0", Of<T>(init[0]), Of<T>(mask)),
            new Parameter<T>("p1", Of<T>(init[1])),
            new Parameter<T>("p2", Of<T>(init[2])),
        };
        var options = OptionsOf(r.GetProperty("config"));
        Optimizer<T> optimizer = options is SgdOptions s ? new Sgd<T>(parameters, s) : new Adam<T>(parameters, (AdamOptions)options);
        var schedule = Section("schedule").EnumerateArray().ToArray();
        var trajectory = r.GetProperty("trajectory").EnumerateArray().ToArray();
        for (int k = 0; k < schedule.Length; k++)
        {
            optimizer.ZeroGrad();
            var row = schedule[k].EnumerateArray().ToArray();
            var withGradient = new List<string>();
            var before = parameters.Select(p => p.Value.ToArray()).ToArray();
            for (int i = 0; i < parameters.Length; i++)
            {
                if (row[i].ValueKind == JsonValueKind.Null) continue;
                var g = TorchJson.MatrixOf(row[i]);
                if (i == 0)
                    for (int a = 0; a < g.Rows; a++)
                        for (int b = 0; b < g.Columns; b++)
                            if (mask[a, b] == 0) g[a, b] = 7.0;
                Of<T>(g).AsSpan().CopyTo(parameters[i].AccumulateGrad().AsSpan());
                withGradient.Add(parameters[i].Name);
            }
            var report = optimizer.Step();
            Assert.Equal(withGradient, report.Updated);
            var expected = trajectory[k].EnumerateArray().Select(TorchJson.MatrixOf).ToArray();
            for (int i = 0; i < parameters.Length; i++)
            {
                var actual = parameters[i].Value;
                if (parameters[i].Grad is null) Assert.Equal(before[i], actual.ToArray()); // skipped: untouched, bit for bit
                for (int a = 0; a < actual.Rows; a++)
                    for (int b = 0; b < actual.Columns; b++)
                    {
                        double e = expected[i][a, b], x = double.CreateTruncating(actual[a, b]);
                        Assert.True(Math.Abs(x - e) <= tolerance * (1 + Math.Abs(e)),
                            FormattableString.Invariant($"run {run} ({dtype} {options}) step {k} p{i}[{a}, {b}]: torch {e:R}, BlasNet {x:R}"));
                    }
            }
            for (int a = 0; a < mask.Rows; a++)
                for (int b = 0; b < mask.Columns; b++)
                    if (mask[a, b] == 0)
                        Assert.Equal(BitConverter.DoubleToInt64Bits(double.CreateTruncating(Of<T>(init[0])[a, b])),
                            BitConverter.DoubleToInt64Bits(double.CreateTruncating(parameters[0].Value[a, b])));
        }
        // An ignored option would land on the contrast (the same run with that option off): it is far outside the tolerance.
        var last = trajectory[^1].EnumerateArray().Select(TorchJson.MatrixOf).ToArray();
        foreach (var contrast in r.GetProperty("contrasts").EnumerateObject())
        {
            var other = contrast.Value.EnumerateArray().Select(TorchJson.MatrixOf).ToArray();
            double gap = 0;
            for (int i = 0; i < last.Length; i++)
                for (int j = 0; j < last[i].Rows * last[i].Columns; j++)
                    gap = Math.Max(gap, Math.Abs(last[i].ToArray()[j] - other[i].ToArray()[j]) / (1 + Math.Abs(other[i].ToArray()[j])));
            Assert.True(gap > 150 * tolerance, FormattableString.Invariant($"run {run}: turning {contrast.Name} off changes torch's result by only {gap:R}"));
        }
        Assert.NotEmpty(r.GetProperty("contrasts").EnumerateObject());
    }

    [Fact]
    public void Reference_CoversEveryOptionInBothPrecisions()
    {
        var configs = Section("runs").EnumerateArray().Select(r => (r.GetProperty("dtype").GetString(), OptionsOf(r.GetProperty("config")))).ToArray();
        foreach (var dtype in new[] { "float64", "float32" })
        {
            var sgd = configs.Where(c => c.Item1 == dtype).Select(c => c.Item2).OfType<SgdOptions>().ToArray();
            var adam = configs.Where(c => c.Item1 == dtype).Select(c => c.Item2).OfType<AdamOptions>().ToArray();
            Assert.Contains(sgd, o => o.Nesterov && o.WeightDecay > 0);
            Assert.Contains(sgd, o => o.Dampening > 0 && o.WeightDecay > 0);
            Assert.Contains(sgd, o => o.Dampening == 1);
            Assert.Contains(adam, o => o.Amsgrad && !o.DecoupledWeightDecay && o.WeightDecay > 0);
            Assert.Contains(adam, o => o.Amsgrad && o.DecoupledWeightDecay);
            Assert.Contains(adam, o => !o.Amsgrad && o.DecoupledWeightDecay);
            Assert.Contains(adam, o => o.DecoupledWeightDecay && o.Beta1 < 0.5); // the other lerp form
            Assert.Contains(adam, o => o == AdamOptions.AdamW());
        }
    }

    private static Parameter<double> Weight() => new("w", BlasNet.Matrix.FromArray2D(new double[,] { { 1.0, -2.0 } }));

    /// <summary>PyTorch's SGD raises "Nesterov momentum requires a momentum and zero dampening" for these (stored); so does Sgd, naming both values.</summary>
    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(0.9, 0.1)]
    public void Nesterov_WithoutMomentumOrWithDampening_IsRefusedAsTorchDoes(double momentum, double dampening)
    {
        var torch = Section("nesterov_refusals").EnumerateArray().Single(e => e.GetProperty("momentum").GetDouble() == momentum && e.GetProperty("dampening").GetDouble() == dampening);
        Assert.Equal("Nesterov momentum requires a momentum and zero dampening", torch.GetProperty("raised").GetString());
        var bad = new SgdOptions(0.1, momentum, Dampening: dampening, Nesterov: true);
        var e = Assert.Throws<ArgumentException>(() => new Sgd<double>([Weight()], bad));
        Assert.Equal("options", e.ParamName);
        Assert.StartsWith("Nesterov", e.Message);
        Assert.Contains(FormattableString.Invariant($"Momentum is {momentum}"), e.Message);
        Assert.Contains(FormattableString.Invariant($"Dampening is {dampening}"), e.Message);
        // Assigned later: refused the same way, the settings in use kept.
        var good = new SgdOptions(0.1, 0.9, Nesterov: true);
        var sgd = new Sgd<double>([Weight()], good);
        Assert.Equal("value", Assert.Throws<ArgumentException>(() => sgd.Options = bad).ParamName);
        Assert.Same(good, sgd.Options);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Dampening_OutsideZeroToOne_IsRefused(double dampening)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd<float>([new Parameter<float>("w", new Matrix<float>(1, 2))], new SgdOptions(Momentum: 0.9, Dampening: dampening)));
        Assert.Equal("options", e.ParamName);
        Assert.StartsWith("Dampening", e.Message);
        Assert.Contains(dampening.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Message);
    }

    public static TheoryData<string> AllVariants() => new() { "nesterov", "damped", "amsgrad", "adamw", "adamw-amsgrad" };

    private static Optimizer<T> Make<T>(string variant, Parameter<T>[] ps) where T : unmanaged, IFloatingPointIeee754<T> => variant switch
    {
        "nesterov" => new Sgd<T>(ps, new SgdOptions(0.05, 0.9, 0.3, Nesterov: true)),
        "damped" => new Sgd<T>(ps, new SgdOptions(0.05, 0.9, 0.3, Dampening: 0.4)),
        "amsgrad" => new Adam<T>(ps, new AdamOptions(0.05, WeightDecay: 0.3, Amsgrad: true)),
        "adamw" => new Adam<T>(ps, AdamOptions.AdamW(0.05, weightDecay: 0.9)),
        _ => new Adam<T>(ps, AdamOptions.AdamW(0.05, weightDecay: 0.9, amsgrad: true)),
    };

    private static Parameter<T>[] Model<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        var w = Matrix.Random<T>(4, 9, 41);
        var mask = new Matrix<T>(4, 9);
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 9; j++)
                if ((i + 2 * j) % 3 != 0) mask[i, j] = T.One;
                else w[i, j] = T.Zero;
        return [new Parameter<T>("w", w, mask), new Parameter<T>("b", Matrix.Random<T>(1, 9, 42))];
    }

    private static void Gradients<T>(Parameter<T>[] ps, int step, bool skipBias) where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (var p in ps) p.ZeroGrad();
        for (int k = 0; k < ps.Length; k++)
        {
            if (k == 1 && skipBias) continue;
            var g = Matrix.Random<T>(ps[k].Value.Rows, ps[k].Value.Columns, 100 + 10 * step + k);
            g.AsSpan().CopyTo(ps[k].AccumulateGrad().AsSpan());
        }
    }

    /// <summary>
    /// Masked entries (zeros) stay exactly zero under every new option with a large decay, though their gradients are not 0
    /// here; a parameter without a gradient is untouched bit for bit and its state does not advance: a run in which the bias
    /// misses steps 2 and 3 ends with the same bias bits as a run on a fresh optimizer fed only the bias's other steps.
    /// </summary>
    [Theory]
    [MemberData(nameof(AllVariants))]
    public void MaskedEntries_StayZero_AndAbsentGradients_LeaveStateUntouched(string variant)
    {
        Check<float>(variant);
        Check<double>(variant);

        static void Check<T>(string variant) where T : unmanaged, IFloatingPointIeee754<T>
        {
            var ps = Model<T>();
            var opt = Make(variant, ps);
            var onlyBias = new Parameter<T>("b", Matrix.Random<T>(1, 9, 42));
            var biasOpt = Make(variant, [onlyBias]);
            for (int step = 0; step < 6; step++)
            {
                bool skip = step is 2 or 3;
                Gradients(ps, step, skip);
                var biasBefore = ps[1].Value.ToArray();
                opt.Step();
                if (skip) Assert.Equal(biasBefore, ps[1].Value.ToArray());
                else
                {
                    onlyBias.ZeroGrad();
                    ps[1].Grad!.AsSpan().CopyTo(onlyBias.AccumulateGrad().AsSpan());
                    biasOpt.Step();
                    Assert.Equal(onlyBias.Value.ToArray(), ps[1].Value.ToArray());
                }
                var mask = ps[0].TrainableMask!;
                for (int i = 0; i < 4; i++)
                    for (int j = 0; j < 9; j++)
                        if (mask[i, j] == T.Zero) Assert.Equal(0.0, double.CreateTruncating(ps[0].Value[i, j]));
                        else Assert.NotEqual(0.0, double.CreateTruncating(ps[0].Value[i, j]));
            }
        }
    }

    /// <summary>
    /// A NaN or ∞ gradient is refused before anything moves, under every new option: values bit-identical, and the state too —
    /// the next steps agree bit for bit with an optimizer that never saw the refused step.
    /// </summary>
    [Theory]
    [MemberData(nameof(AllVariants))]
    public void NonFiniteGradient_IsRefused_StateUntouched(string variant)
    {
        foreach (double bad in new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity })
        {
            var ps = Model<double>();
            var twin = Model<double>();
            var opt = Make(variant, ps);
            var twinOpt = Make(variant, twin);
            for (int step = 0; step < 5; step++)
            {
                Gradients(ps, step, false);
                if (step == 2)
                {
                    ps[1].Grad![0, 4] = bad;
                    var values = ps.Select(p => p.Value.ToArray()).ToArray();
                    Assert.Throws<InvalidOperationException>(() => opt.Step());
                    for (int k = 0; k < ps.Length; k++) Assert.Equal(values[k], ps[k].Value.ToArray());
                    continue;
                }
                Gradients(twin, step, false);
                opt.Step();
                twinOpt.Step();
                for (int k = 0; k < ps.Length; k++) Assert.Equal(twin[k].Value.ToArray(), ps[k].Value.ToArray());
            }
            Assert.Equal(4, opt.Steps);
        }
    }

    /// <summary>The defaults are PyTorch's (dampening 0, no Nesterov, no AMSGrad, L2 decay) and AdamW's convenience is torch.optim.AdamW's defaults.</summary>
    [Fact]
    public void Defaults_AreTorchs()
    {
        var sgd = new SgdOptions();
        Assert.Equal(0.0, sgd.Dampening);
        Assert.False(sgd.Nesterov);
        var adam = new AdamOptions();
        Assert.False(adam.Amsgrad);
        Assert.False(adam.DecoupledWeightDecay);
        Assert.Equal(new AdamOptions(1e-3, 0.9, 0.999, 1e-8, 0.01, Amsgrad: false, DecoupledWeightDecay: true), AdamOptions.AdamW());
        Assert.Contains("Nesterov = True", new SgdOptions(Momentum: 0.9, Nesterov: true).ToString());
        Assert.Contains("DecoupledWeightDecay = True", AdamOptions.AdamW().ToString());
    }

    /// <summary>The Optimizers section's example of src/BlasNet.Neural/README.md, as printed there, takes a step with each optimizer.</summary>
    [Fact]
    public void ReadmeOptimizersExample_Steps()
    {
        var model = new Sequential<float>(new Dense<float>(4, 8, seed: 1), new Relu<float>(), new Dense<float>(8, 1, seed: 2));
        // The README's lines.
        var sgd = new Sgd<float>(model.Parameters, new SgdOptions(LearningRate: 0.05, Momentum: 0.9, Nesterov: true));
        var adamW = new Adam<float>(model.Parameters, AdamOptions.AdamW(learningRate: 1e-3, weightDecay: 0.01));
        var mse = new MeanSquaredError<float>();
        foreach (Optimizer<float> optimizer in new Optimizer<float>[] { sgd, adamW })
        {
            optimizer.ZeroGrad();
            var before = model.Parameters[0].Value.ToArray();
            mse.Forward(model.Forward(Matrix.Random<float>(16, 4, 3)), new Matrix<float>(16, 1));
            model.Backward(mse.Backward());
            Assert.Equal(4, optimizer.Step().Updated.Count);
            Assert.NotEqual(before, model.Parameters[0].Value.ToArray());
        }
        Assert.True(adamW.Options.DecoupledWeightDecay && sgd.Options.Nesterov);
    }
}
