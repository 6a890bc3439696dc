using System.Numerics;
using BlasNet.Neural;

namespace BlasNet.Tests.Neural;

/// <summary>
/// Audit nn56, the masks' edges through training rather than one pass: an all-ones connection matrix trains bit for bit as
/// a plain <see cref="Dense{T}"/> under every optimizer, clipping included, in float64 (to rounding on MKL, whose products round
/// by where their operands lie) and in mixed precision (Audit37 pinned one forward and backward pass); a Siamese ranker in mixed precision (two <see cref="MixedPrecisionModel"/>s over one model
/// and its <see cref="ILayer{T}.ShareWeights"/> twin, a <see cref="GradScaler"/> that overflows and backs off, a clip after
/// unscaling) keeps its masked entries +0 to the bit, changes nothing on a skipped step, and sums both branches' Half
/// gradients into the master gradient as the float32 ranker does; a mask with −0 entries is a mask of zeros.
/// </summary>
public class Nn56MaskEdgeTests
{
    public static TheoryData<string> OptimizerKinds() => new()
    {
        "sgd", "sgd_momentum_decay", "sgd_dampened_decay", "sgd_nesterov_decay", "adam_l2", "adam_amsgrad", "adamw", "adamw_amsgrad",
    };

    private static Optimizer<T> Build<T>(string kind, IReadOnlyList<Parameter<T>> parameters) where T : unmanaged, IFloatingPointIeee754<T> => kind switch
    {
        "sgd" => new Sgd<T>(parameters, new SgdOptions(0.1)),
        "sgd_momentum_decay" => new Sgd<T>(parameters, new SgdOptions(0.05, Momentum: 0.9, WeightDecay: 0.05)),
        "sgd_dampened_decay" => new Sgd<T>(parameters, new SgdOptions(0.05, Momentum: 0.9, WeightDecay: 0.05, Dampening: 0.4)),
        "sgd_nesterov_decay" => new Sgd<T>(parameters, new SgdOptions(0.05, Momentum: 0.9, WeightDecay: 0.05, Nesterov: true)),
        "adam_l2" => new Adam<T>(parameters, new AdamOptions(0.02, WeightDecay: 0.05)),
        "adam_amsgrad" => new Adam<T>(parameters, new AdamOptions(0.02, Amsgrad: true)),
        "adamw" => new Adam<T>(parameters, AdamOptions.AdamW(0.02, weightDecay: 0.1)),
        _ => new Adam<T>(parameters, AdamOptions.AdamW(0.02, weightDecay: 0.1, amsgrad: true)),
    };

    /// <summary>
    /// A Siamese ranker (first layer, tanh, score head; a ±1 target per pair; clip to norm 0.3) with a MaskedDense of all ones
    /// and the same ranker with a Dense from the same seed: every weight is the same bits after each of 30 steps.
    /// </summary>
    [Theory]
    [MemberData(nameof(OptimizerKinds))]
    public void AllOnesMask_TrainsBitForBitAsDense_Float64Siamese(string kind)
    {
        var ones = BlasNet.Matrix.Create(6, 4, (_, _) => 1.0);
        var masked = SiameseRun(new MaskedDense<double>(ones, seed: 560), kind);
        var dense = SiameseRun(new Dense<double>(6, 4, seed: 560), kind);
        Assert.Equal(masked.Count, dense.Count);
        // The masked layer multiplies a copy of its weights (the masked selection), which lies elsewhere than the Dense
        // layer's: on MKL without MKL_CBWR=COMPATIBLE the same product rounds by where its operands lie, so there the two
        // agree to rounding only (ProviderReproducibility), checked here to 1e-12.
        for (int k = 0; k < masked.Count; k++)
            if (ProviderReproducibility.BitForBit) Assert.True(masked[k].SequenceEqual(dense[k]), $"{kind}: the weights differ after step {k + 1}");
            else
                for (int e = 0; e < masked[k].Length; e++)
                {
                    double a = BitConverter.Int64BitsToDouble(masked[k][e]), b = BitConverter.Int64BitsToDouble(dense[k][e]);
                    Assert.True(Math.Abs(a - b) <= 1e-12 * (1 + Math.Abs(b)), $"{kind}: weight {e} after step {k + 1}: {a:R} and {b:R}");
                }
        Assert.NotEqual(masked[0], masked[^1]);
    }

    /// <summary>The ranker's weights (as bit patterns) after each step.</summary>
    private static List<long[]> SiameseRun(ILayer<double> first, string kind)
    {
        var model = new Sequential<double>(first, new Tanh<double>(), new Dense<double>(4, 1, seed: 561));
        var twin = model.ShareWeights();
        var optimizer = Build(kind, model.Parameters);
        var loss = new MarginRanking<double>(0.5);
        var rng = new Random(56);
        var history = new List<long[]>();
        for (int k = 0; k < 30; k++)
        {
            var x1 = TrainingData.Gaussian(9, 6, rng);
            var x2 = TrainingData.Gaussian(9, 6, rng);
            var y = BlasNet.Matrix.Create(9, 1, (_, _) => rng.Next(2) == 0 ? -1.0 : 1.0);
            optimizer.ZeroGrad();
            loss.Forward(model.Forward(x1), twin.Forward(x2), y);
            var g = loss.Backward();
            model.Backward(g.Positive);
            twin.Backward(g.Negative);
            Gradients.ClipGradNorm(model.Parameters, 0.3);
            optimizer.Step();
            history.Add(model.Parameters.SelectMany(p => p.Value.ToArray()).Select(BitConverter.DoubleToInt64Bits).ToArray());
        }
        return history;
    }

    /// <summary>
    /// The same in mixed precision through <see cref="Trainer"/> (Half activations, a loss scale that overflows at first and
    /// backs off, a clip): the same steps taken and skipped, the same losses and weights bit for bit.
    /// </summary>
    [Theory]
    [MemberData(nameof(OptimizerKinds))]
    public void AllOnesMask_TrainsBitForBitAsDense_MixedPrecision(string kind)
    {
        var ones = BlasNet.Matrix.Create(6, 4, (_, _) => 1f);
        var masked = MixedRun(new MaskedDense<float>(ones, seed: 562), kind);
        var dense = MixedRun(new Dense<float>(6, 4, seed: 562), kind);
        for (int k = 0; k < masked.Count; k++)
        {
            Assert.Equal(dense[k].Stepped, masked[k].Stepped);
            Assert.Equal(dense[k].Loss, masked[k].Loss);
            Assert.True(masked[k].Weights.SequenceEqual(dense[k].Weights), $"{kind}: the weights differ after step {k + 1}");
        }
        Assert.Contains(masked, s => !s.Stepped);
        Assert.True(masked.Count(s => s.Stepped) >= 20);
    }

    private static List<(bool Stepped, double Loss, int[] Weights)> MixedRun(ILayer<float> first, string kind)
    {
        var model = new Sequential<float>(first, new Relu<float>(), new Dense<float>(4, 2, seed: 563));
        var trainer = new Trainer(model, Build(kind, model.Parameters),
            new TrainerOptions(Precision.Mixed, new GradScalerOptions(InitScale: Math.ScaleB(1.0, 30), GrowthInterval: 6), MaxGradNorm: 0.5));
        var rng = new Random(57);
        var history = new List<(bool, double, int[])>();
        for (int k = 0; k < 40; k++)
        {
            var x = BlasNet.Matrix.Create(8, 6, (_, _) => (float)TrainingData.Gaussian(rng));
            var y = BlasNet.Matrix.Create(8, 2, (_, _) => (float)TrainingData.Gaussian(rng));
            var step = trainer.Step(x, y);
            history.Add((step.Stepped, step.Loss, model.Parameters.SelectMany(p => p.Value.ToArray()).Select(BitConverter.SingleToInt32Bits).ToArray()));
        }
        return history;
    }

    /// <summary>
    /// A Siamese ranker in mixed precision, done by hand as a user would: two <see cref="MixedPrecisionModel"/>s (the model and
    /// its ShareWeights twin), the ±1-target ranking loss on the widened Half scores, each branch's backward with the loss
    /// scale, then <see cref="GradScaler.Unscale"/>, a clip over the unscaled gradients, <see cref="GradScaler.Step"/> and
    /// <see cref="GradScaler.Update"/>. A start scale of 2²⁴ overflows the Half loss gradients, so the first steps are skipped
    /// (and growth every four clean steps brings overflows back). After every step the masked entries (a zero row, a zero
    /// column, a masked bias entry) are +0 to the bit; a skipped step leaves every weight bit-identical; and at the first step
    /// taken (the weights still the initial ones) the unscaled master gradient, summed over both branches in Half, is the
    /// float32 ranker's to Half's precision (relative to the gradient's norm: 5e-3, Half's unit roundoff being 4.9e-4).
    /// </summary>
    [Theory]
    [MemberData(nameof(OptimizerKinds))]
    public void MixedPrecisionSiamese_HoldsMaskedEntriesAtPositiveZero_AndSumsBothBranches(string kind)
    {
        var connections = new Matrix<float>(6, 5, [
            1, 0, 0, 1, 1,
            0, 1, 0, 1, 0,
            1, 1, 0, 0, 1,
            1, 0, 0, 1, 1,
            0, 0, 0, 0, 0,
            1, 1, 0, 0, 1]);
        var biasMask = new Matrix<float>(1, 5, [1, 0, 1, 1, 1]);
        (Sequential<float> Model, MaskedDense<float> Masked) Make()
        {
            var m = new MaskedDense<float>(connections, biasMask: biasMask, seed: 564, name: "masked");
            return (new Sequential<float>(m, new Tanh<float>(), new Dense<float>(5, 1, seed: 565, name: "score")), m);
        }
        var (model, masked) = Make();
        var (reference, _) = Make();
        var referenceTwin = reference.ShareWeights();
        var branch1 = new MixedPrecisionModel(model);
        var branch2 = new MixedPrecisionModel(model.ShareWeights());
        var optimizer = Build(kind, model.Parameters);
        var scaler = new GradScaler(new GradScalerOptions(InitScale: Math.ScaleB(1.0, 24), GrowthInterval: 4));
        var loss = new MarginRanking<float>(0.5f);
        var rng = new Random(58);
        int taken = 0, skipped = 0;
        for (int k = 0; k < 60; k++)
        {
            var x1 = BlasNet.Matrix.Create(7, 6, (_, _) => (float)TrainingData.Gaussian(rng));
            var x2 = BlasNet.Matrix.Create(7, 6, (_, _) => (float)TrainingData.Gaussian(rng));
            var y = BlasNet.Matrix.Create(7, 1, (_, _) => rng.Next(2) == 0 ? -1f : 1f);
            var before = model.Parameters.Select(p => p.Value.ToArray()).ToArray();
            optimizer.ZeroGrad();
            loss.Forward(Widened(branch1.Forward(x1)), Widened(branch2.Forward(x2)), y);
            var g = loss.Backward();
            branch1.Backward(g.Positive, scaler.Scale);
            branch2.Backward(g.Negative, scaler.Scale);
            bool finite = scaler.Unscale(optimizer);
            if (finite && taken == 0) AssertCloseToFloat32(reference, referenceTwin, x1, x2, y, model.Parameters);
            if (finite) Gradients.ClipGradNorm(model.Parameters, 0.5);
            bool stepped = scaler.Step(optimizer);
            Assert.Equal(finite, stepped);
            scaler.Update();
            if (stepped) taken++;
            else
            {
                skipped++;
                for (int p = 0; p < before.Length; p++) Assert.Equal(before[p], model.Parameters[p].Value.ToArray());
            }
            for (int i = 0; i < connections.Rows; i++)
                for (int j = 0; j < connections.Columns; j++)
                    if (connections[i, j] == 0)
                        Assert.True(BitConverter.SingleToInt32Bits(masked.Weight.Value[i, j]) == 0, $"{kind} step {k}: masked weight [{i}, {j}] is {masked.Weight.Value[i, j]}");
            Assert.True(BitConverter.SingleToInt32Bits(masked.Bias!.Value[0, 1]) == 0, $"{kind} step {k}: masked bias is {masked.Bias.Value[0, 1]}");
        }
        Assert.True(taken >= 30 && skipped >= 5, $"{kind}: {taken} steps taken, {skipped} skipped");
    }

    private static Matrix<float> Widened(Matrix<Half> h)
    {
        var m = new Matrix<float>(h.Rows, h.Columns);
        for (int i = 0; i < h.Rows; i++)
            for (int j = 0; j < h.Columns; j++) m[i, j] = (float)h[i, j];
        return m;
    }

    /// <summary>The float32 ranker's gradient at the same (initial) weights against the unscaled mixed one, relative to its norm.</summary>
    private static void AssertCloseToFloat32(ILayer<float> reference, ILayer<float> twin, Matrix<float> x1, Matrix<float> x2, Matrix<float> y, IReadOnlyList<Parameter<float>> mixed)
    {
        for (int p = 0; p < mixed.Count; p++) Assert.Equal(reference.Parameters[p].Value.ToArray(), mixed[p].Value.ToArray());
        var loss = new MarginRanking<float>(0.5f);
        loss.Forward(reference.Forward(x1), twin.Forward(x2), y);
        var g = loss.Backward();
        reference.Backward(g.Positive);
        twin.Backward(g.Negative);
        double norm = Gradients.Norm(reference.Parameters);
        Assert.True(norm > 0);
        for (int p = 0; p < mixed.Count; p++)
        {
            var expected = reference.Parameters[p].Grad!.ToArray();
            var actual = mixed[p].Grad!.ToArray();
            for (int e = 0; e < expected.Length; e++)
                Assert.True(Math.Abs(actual[e] - expected[e]) <= 5e-3 * norm,
                    $"{mixed[p].Name}[{e}]: mixed {actual[e]}, float32 {expected[e]} (gradient norm {norm})");
        }
    }

    /// <summary>
    /// A connection matrix may hold −0 (a mask computed as −x·0, or read from a file): it is 0, a masked entry like +0 (its
    /// weight stored as +0, not trainable, held by every optimizer), not a value the "only 0 and 1" check refuses.
    /// </summary>
    [Fact]
    public void NegativeZeroInConnections_IsAMaskedEntry()
    {
        var connections = new Matrix<double>(2, 2, [1.0, -0.0, -0.0, 1.0]);
        var layer = new MaskedDense<double>(new Matrix<double>(2, 2, [1.0, 2.0, 3.0, 4.0]), connections);
        Assert.Equal(2, layer.Weight.TrainableCount);
        Assert.Equal(0L, BitConverter.DoubleToInt64Bits(layer.Weight.Value[0, 1]));
        Assert.Equal(0L, BitConverter.DoubleToInt64Bits(layer.Weight.Value[1, 0]));
        layer.Forward(new Matrix<double>(1, 2, [1.0, 1.0]));
        layer.Backward(new Matrix<double>(1, 2, [1.0, 1.0]));
        new Adam<double>(layer.Parameters, AdamOptions.AdamW(0.1, weightDecay: 0.5)).Step();
        Assert.Equal(0L, BitConverter.DoubleToInt64Bits(layer.Weight.Value[0, 1]));
        Assert.Equal(0L, BitConverter.DoubleToInt64Bits(layer.Weight.Value[1, 0]));
        Assert.NotEqual(1.0, layer.Weight.Value[0, 0]);
    }
}
