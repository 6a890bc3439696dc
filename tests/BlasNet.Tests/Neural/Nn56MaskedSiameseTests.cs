using System.Globalization;
using System.Numerics;
using System.Text.Json;
using BlasNet.Neural;
using Xunit.Abstractions;

namespace BlasNet.Tests.Neural;

/// <summary>
/// Audit nn56: a shared-weight (Siamese) ranker whose first layer is a <see cref="MaskedDense{T}"/> (a connection matrix with a
/// whole zero row and a whole zero column, a bias mask), trained with <see cref="MarginRanking{T}"/> for 24 steps against
/// PyTorch 1.13 (tests/data/nn56_reference.py, nn56-reference.json; its masked Linear is <c>x @ (W * A)</c>). Every optimizer
/// and option (SGD plain, momentum, dampening, Nesterov, weight decay; Adam with L2 decay and AMSGrad; AdamW, its default
/// λ 0.01 included), margins 0 and above 0, PyTorch's reductions mean and sum (sum as N times the mean, as the loss
/// documents), clip_grad_norm_ over every parameter, a batch of one pair, tied pairs, an auxiliary head that gets a
/// gradient on every third step only (none on the others: skipped as torch skips grad None) and steps where every pair is
/// won (a gradient of zeros, which torch steps on: decay and momentum act). Earlier audits pinned the pieces (Audit37: 12
/// steps of Adam/SGD on a masked Siamese with target 1; Trajectories44: long runs of a masked model under MSE) but not the
/// ranking loss with signed targets, sum reduction, ties and every optimizer together with the twin's accumulated gradients.
/// </summary>
public class Nn56MaskedSiameseTests(ITestOutputHelper output)
{
    private static readonly Lazy<JsonElement> Reference = new(() => ReferenceData.Load("nn56-reference.json"));

    private static JsonElement Root => Reference.Value;

    /// <summary>
    /// |BlasNet − torch| ≤ tolerance·(1 + |torch|) for every loss, clip norm and parameter after every step. Measured on this
    /// machine (OpenBLAS, MKL, BLIS, managed at 512 and 256 bits): see bench/RESULTS.md, "Session 52, nn56"; the float64 bound
    /// is the brief's 1e-12, the float32 one the 1e-5 of Trajectories44Tests.
    /// </summary>
    private static double Tolerance<T>() => typeof(T) == typeof(double) ? 1e-12 : 1e-5;

    public static TheoryData<int, string> Runs()
    {
        var data = new TheoryData<int, string>();
        for (int i = 0; i < Root.GetProperty("runs").GetArrayLength(); i++)
        {
            data.Add(i, "float64");
            data.Add(i, "float32");
        }
        return data;
    }

    /// <summary>
    /// Each run step for step: the ranking loss (times N for reduction sum), the auxiliary loss, the clip's total norm and
    /// all six parameters after every step match torch's; the masked weight and bias entries are +0 to the bit after every
    /// step, and their gradients too; the auxiliary head is reported skipped exactly on the steps torch gave it no gradient,
    /// and the ranker's parameters are stepped on a zero gradient (a step where every pair is won) as torch steps them.
    /// </summary>
    [Theory]
    [MemberData(nameof(Runs))]
    public void SiameseMaskedRanker_TrainsAsPyTorch_EveryStep(int index, string dtype)
    {
        var run = Root.GetProperty("runs")[index];
        double worst = dtype == "float64" ? Follow<double>(run) : Follow<float>(run);
        output.WriteLine(FormattableString.Invariant($"{run.GetProperty("name").GetString()} {dtype}: largest relative deviation {worst:E2}"));
    }

    private static double Follow<T>(JsonElement run) where T : unmanaged, IFloatingPointIeee754<T>
    {
        string name = run.GetProperty("name").GetString()!;
        var expected = run.GetProperty(typeof(T) == typeof(double) ? "float64" : "float32");
        var ranker = Ranker<T>.FromReference();
        var parameters = ranker.Parameters;
        var optimizer = TorchOptimizers.Build(run.GetProperty("optimizer"), parameters);
        var loss = new MarginRanking<T>(T.CreateTruncating(run.GetProperty("margin").GetDouble()));
        bool sum = run.GetProperty("reduction").GetString() == "sum";
        bool ties = run.TryGetProperty("ties", out var tieFlag) && tieFlag.GetBoolean();
        int rows = run.TryGetProperty("batch", out var b) ? b.GetInt32() : Root.GetProperty("batch").GetInt32();
        double? clip = run.TryGetProperty("clip_norm", out var c) ? c.GetDouble() : null;
        var losses = expected.GetProperty("losses").EnumerateArray().ToArray();
        var auxLosses = expected.GetProperty("aux_losses").EnumerateArray().ToArray();
        var norms = expected.GetProperty("norms").EnumerateArray().ToArray();
        var after = expected.GetProperty("params").EnumerateArray().ToArray();
        double tolerance = Tolerance<T>(), worst = 0;
        int zeroGradientSteps = 0;
        for (int k = 0; k < losses.Length; k++)
        {
            string at = FormattableString.Invariant($"{name} ({typeof(T).Name}) step {k}");
            var (x1, x2) = Pair<T>(k, rows, ties);
            var y = Input<T>("y", k, rows);
            optimizer.ZeroGrad();
            var step = ranker.Backward(loss, x1, x2, y, sum, k % 3 == 1 ? Input<T>("t", k, rows) : null);
            worst = Math.Max(worst, Check(step.Loss, TorchJson.Number(losses[k]), tolerance, $"{at}: ranking loss"));
            Assert.Equal(auxLosses[k].ValueKind == JsonValueKind.Null, step.AuxLoss is null);
            if (step.AuxLoss is { } aux) worst = Math.Max(worst, Check(aux, TorchJson.Number(auxLosses[k]), tolerance, $"{at}: auxiliary loss"));
            ranker.AssertMaskedExactlyZero(gradients: true, at);
            if (clip is { } maxNorm)
            {
                double norm = Gradients.ClipGradNorm(parameters, maxNorm);
                worst = Math.Max(worst, Check(norm, TorchJson.Number(norms[k]), tolerance, $"{at}: clip norm"));
                // A step where every pair was won and no auxiliary loss ran: zero gradients, not absent ones.
                if (TorchJson.Number(norms[k]) == 0)
                {
                    zeroGradientSteps++;
                    Assert.All(parameters.Take(4), p => Assert.All(p.Grad!.ToArray(), g => Assert.Equal(T.Zero, g)));
                }
            }
            var report = optimizer.Step();
            // The ranker's four parameters always have a gradient (zeros when every pair is won); the head only on its steps.
            var expectedUpdated = parameters.Take(k % 3 == 1 ? 6 : 4).Select(p => p.Name).ToArray();
            Assert.Equal(expectedUpdated, report.Updated);
            ranker.AssertMaskedExactlyZero(gradients: false, at);
            var stored = after[k].EnumerateArray().ToArray();
            for (int i = 0; i < parameters.Count; i++)
                worst = Math.Max(worst, Check(parameters[i].Value, TorchJson.MatrixOf(stored[i]), tolerance, $"{at}: {parameters[i].Name}"));
        }
        if (name == "adam_ties_margin0_sum_clip") Assert.True(zeroGradientSteps > 0, $"{name}: the run must hold a step with an all-zero gradient");
        return worst;
    }

    /// <summary>
    /// The gradients of a twin pair accumulate into the shared parameters as torch's autograd sums the two branches: a
    /// single step from the stored weights, each parameter's gradient (after the first backward pass, after both, and the
    /// second alone) compared with the difference, so a twin that overwrote instead of adding, or masked only its own
    /// contribution, is caught even where the training run would absorb it.
    /// </summary>
    [Fact]
    public void TwinBranches_AddIntoOneGradient_TheSumOfEachBranchAlone()
    {
        var ranker = Ranker<double>.FromReference();
        var (x1, x2) = Pair<double>(0, 7, ties: false);
        var y = Input<double>("y", 0, 7);
        var loss = new MarginRanking<double>(0.5);
        ranker.Backward(loss, x1, x2, y, sum: false, auxTarget: null);
        var both = ranker.Parameters.Take(4).Select(p => p.Grad!.ToArray()).ToArray();
        // Each branch alone: the same loss gradient, with the other branch's half set to zero.
        var first = ranker.BranchGradients(loss, x1, x2, y, branch: 0);
        var second = ranker.BranchGradients(loss, x1, x2, y, branch: 1);
        for (int p = 0; p < 4; p++)
            for (int e = 0; e < both[p].Length; e++)
                Assert.True(Math.Abs(both[p][e] - (first[p][e] + second[p][e])) <= 1e-15 * (1 + Math.Abs(both[p][e])),
                    FormattableString.Invariant($"parameter {p} entry {e}: both {both[p][e]:R}, branches {first[p][e]:R} + {second[p][e]:R}"));
        // The masked layer's gradient is nonzero from both branches somewhere (else the check above proves nothing).
        Assert.Contains(first[0], g => g != 0);
        Assert.Contains(second[0], g => g != 0);
    }

    // ---- the model of the reference script ----

    /// <summary>
    /// The scorer s(x) = tanh(x(W ⊙ A) + b ⊙ m)H + c as a trunk (masked layer, tanh) and a score head, each with a
    /// <see cref="ILayer{T}.ShareWeights"/> twin for the second branch, and the auxiliary head on the first branch's features.
    /// </summary>
    private sealed class Ranker<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly MaskedDense<T> masked;
        private readonly ILayer<T> trunk, head, trunkTwin, headTwin;
        private readonly Dense<T> aux;
        private readonly Matrix<T> connections, biasMask;
        private readonly MeanSquaredError<T> mse = new();

        private Ranker(Matrix<T>[] init, Matrix<T> connections, Matrix<T> biasMask)
        {
            this.connections = connections;
            this.biasMask = biasMask;
            masked = new MaskedDense<T>(init[0], connections, init[1], biasMask, "masked");
            trunk = new Sequential<T>(masked, new Tanh<T>());
            head = new Dense<T>(init[2], init[3], "score");
            aux = new Dense<T>(init[4], init[5], "aux");
            trunkTwin = trunk.ShareWeights();
            headTwin = head.ShareWeights();
            Parameters = [.. trunk.Parameters, .. head.Parameters, .. aux.Parameters];
        }

        public static Ranker<T> FromReference()
        {
            var init = Root.GetProperty("init").EnumerateArray().Select(e => Convert<T>(TorchJson.MatrixOf(e))).ToArray();
            var ranker = new Ranker<T>(init, Convert<T>(TorchJson.MatrixOf(Root.GetProperty("A"))), Convert<T>(TorchJson.MatrixOf(Root.GetProperty("bias_mask"))));
            Assert.Equal(6, ranker.Parameters.Count);
            // The masked entries of the stored W0·A are ±0 (torch keeps randn's sign); BlasNet stores +0 there.
            ranker.AssertMaskedExactlyZero(gradients: false, "initial");
            return ranker;
        }

        public IReadOnlyList<Parameter<T>> Parameters { get; }

        /// <summary>
        /// Both branches forward, the ranking loss (times N for sum), and backward into the shared parameters; with an auxiliary
        /// target, the head's mean squared error on the first branch's features is added to the loss. Returns both losses.
        /// </summary>
        public (double Loss, double? AuxLoss) Backward(MarginRanking<T> loss, Matrix<T> x1, Matrix<T> x2, Matrix<T> y, bool sum, Matrix<T>? auxTarget)
        {
            var h1 = trunk.Forward(x1);
            var s1 = head.Forward(h1);
            var s2 = headTwin.Forward(trunkTwin.Forward(x2));
            int n = y.Rows * y.Columns;
            // reduction="sum" is N times the mean, its gradients N times these (MarginRanking's documentation).
            T factor = sum ? T.CreateTruncating(n) : T.One;
            double value = double.CreateTruncating(loss.Forward(s1, s2, y)) * double.CreateTruncating(factor);
            var g = loss.Backward();
            var dh1 = head.Backward(Scaled(g.Positive, factor)).Copy();
            double? auxValue = null;
            if (auxTarget is not null)
            {
                auxValue = double.CreateTruncating(mse.Forward(aux.Forward(h1), auxTarget));
                var fromAux = aux.Backward(mse.Backward());
                var d = dh1.AsSpan();
                var a = fromAux.AsSpan();
                for (int i = 0; i < d.Length; i++) d[i] += a[i];
            }
            trunk.Backward(dh1);
            trunkTwin.Backward(headTwin.Backward(Scaled(g.Negative, factor)));
            return (value, auxValue);
        }

        /// <summary>The four ranker parameters' gradients from one branch only (the other branch's loss gradient zeroed).</summary>
        public double[][] BranchGradients(MarginRanking<T> loss, Matrix<T> x1, Matrix<T> x2, Matrix<T> y, int branch)
        {
            foreach (var p in Parameters) p.ZeroGrad();
            var s1 = head.Forward(trunk.Forward(x1));
            var s2 = headTwin.Forward(trunkTwin.Forward(x2));
            loss.Forward(s1, s2, y);
            var g = loss.Backward();
            if (branch == 0) trunk.Backward(head.Backward(g.Positive));
            else trunkTwin.Backward(headTwin.Backward(g.Negative));
            return Parameters.Take(4).Select(p => p.Grad!.ToArray().Select(double.CreateTruncating).ToArray()).ToArray();
        }

        /// <summary>Masked weight and bias entries (or their gradients) are +0, bit for bit (not −0, not a tiny value).</summary>
        public void AssertMaskedExactlyZero(bool gradients, string at)
        {
            foreach (var (p, mask) in new[] { (masked.Weight, connections), (masked.Bias!, biasMask) })
            {
                var m = gradients ? p.Grad! : p.Value;
                for (int i = 0; i < mask.Rows; i++)
                    for (int j = 0; j < mask.Columns; j++)
                        if (mask[i, j] == T.Zero)
                            Assert.True(IsPositiveZero(m[i, j]),
                                FormattableString.Invariant($"{at}: masked {p.Name}{(gradients ? " gradient" : "")}[{i}, {j}] is {m[i, j]} (bits of +0 expected)"));
            }
        }
    }

    private static bool IsPositiveZero<T>(T v) where T : unmanaged, IFloatingPointIeee754<T> => v == T.Zero && !T.IsNegative(v);

    private static Matrix<T> Scaled<T>(Matrix<T> m, T factor) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var r = m.Copy();
        var s = r.AsSpan();
        for (int i = 0; i < s.Length; i++) s[i] *= factor;
        return r;
    }


    /// <summary>Step k's first <paramref name="rows"/> pairs; with ties the script's tie rows of x2 are x1's.</summary>
    private static (Matrix<T> X1, Matrix<T> X2) Pair<T>(int k, int rows, bool ties) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x1 = Input<T>("x1", k, rows);
        var x2 = Input<T>("x2", k, rows);
        if (ties)
            foreach (var r in Root.GetProperty("tie_rows").EnumerateArray().Select(e => e.GetInt32()).Where(r => r < rows))
                for (int j = 0; j < x1.Columns; j++) x2[r, j] = x1[r, j];
        return (x1, x2);
    }

    private static Matrix<T> Input<T>(string name, int k, int rows) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var all = TorchJson.MatrixOf(Root.GetProperty(name)[k]);
        var m = new Matrix<T>(rows, all.Columns);
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < all.Columns; j++) m[i, j] = T.CreateTruncating(all[i, j]);
        return m;
    }

    private static Matrix<T> Convert<T>(Matrix<double> m) where T : unmanaged, IFloatingPointIeee754<T> =>
        new(m.Rows, m.Columns, m.ToArray().Select(T.CreateTruncating).ToArray());

    private static double Check<T>(Matrix<T> actual, Matrix<double> expected, double tolerance, string what) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Assert.True(actual.Rows == expected.Rows && actual.Columns == expected.Columns, $"{what}: shape {actual.Rows}×{actual.Columns}, torch {expected.Rows}×{expected.Columns}");
        double worst = 0;
        for (int i = 0; i < expected.Rows; i++)
            for (int j = 0; j < expected.Columns; j++)
                worst = Math.Max(worst, Check(double.CreateTruncating(actual[i, j]), expected[i, j], tolerance, FormattableString.Invariant($"{what}[{i}, {j}]")));
        return worst;
    }

    private static double Check(double actual, double expected, double tolerance, string what)
    {
        double deviation = Math.Abs(actual - expected) / (1 + Math.Abs(expected));
        Assert.True(deviation <= tolerance, FormattableString.Invariant($"{what}: BlasNet {actual:R}, torch {expected:R} (relative {deviation:E2}, allowed {tolerance:E1})"));
        return deviation;
    }
}
