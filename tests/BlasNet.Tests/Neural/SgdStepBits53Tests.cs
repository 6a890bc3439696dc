using System.Numerics;
using BlasNet.Neural;

namespace BlasNet.Tests.Neural;

/// <summary>
/// Session 50 (nn53): SGD's own loops (plain, with weight decay, Nesterov, dampening) against the update written out entry by
/// entry in PyTorch 1.13's order (<c>_single_tensor_sgd</c>: d = ∇ + λw; b = d on the first step, else μb + (1 − τ)d;
/// w ← w − lr·(d + μb) with Nesterov, w − lr·b without, w − lr·d without momentum), bit for bit, over 37 entries (whole
/// vectors of every width and the scalar tail) and three steps, float and double, unmasked and with a mask (masked entries
/// held). nn53 moved the plain and decayed loops onto one generic loop (<c>FiniteStep.Apply</c> with a rule struct) and folded
/// the dampening/Nesterov path's overflow check into its loop; these hold the results to the written-out rule. They pass on
/// the old code too (they guard the change; a contracted multiply-add or a reordered sum would fail them).
/// </summary>
public class SgdStepBits53Tests
{
    public static TheoryData<string, bool> Cases() => new()
    {
        { "sgd", false }, { "sgd-decay", false }, { "sgd-nesterov", false }, { "sgd-dampening", false },
        { "sgd-decay", true }, { "sgd-nesterov", true }, { "sgd-dampening", true },
    };

    private static SgdOptions Options(string kind) => kind switch
    {
        "sgd" => new SgdOptions(0.1),
        "sgd-decay" => new SgdOptions(0.1, WeightDecay: 0.3),
        "sgd-nesterov" => new SgdOptions(0.1, Momentum: 0.9, WeightDecay: 0.3, Nesterov: true),
        _ => new SgdOptions(0.1, Momentum: 0.8, WeightDecay: 0.3, Dampening: 0.25),
    };

    private static void Check<T>(string kind, bool masked) where T : unmanaged, IFloatingPointIeee754<T>
    {
        const int n = 37, steps = 3;
        var o = Options(kind);
        T lr = T.CreateTruncating(o.LearningRate), decay = T.CreateTruncating(o.WeightDecay), mu = T.CreateTruncating(o.Momentum);
        T damped = T.CreateTruncating(1 - o.Dampening);
        var rng = new Random(53);
        var w0 = Enumerable.Range(0, n).Select(_ => T.CreateTruncating(rng.NextDouble() * 4 - 2)).ToArray();
        var mask = Enumerable.Range(0, n).Select(i => i % 5 == 2 ? T.Zero : T.One).ToArray();
        var grads = Enumerable.Range(0, steps).Select(_ => Enumerable.Range(0, n).Select(_ => T.CreateTruncating(rng.NextDouble() - 0.5)).ToArray()).ToArray();
        var p = new Parameter<T>("w", new Matrix<T>(1, n, w0.ToArray()), masked ? new Matrix<T>(1, n, mask.ToArray()) : null);
        var sgd = new Sgd<T>([p], o);
        var w = w0.ToArray();
        var b = new T[n];
        for (int s = 0; s < steps; s++)
        {
            p.ZeroGrad();
            var g = p.AccumulateGrad().AsSpan();
            // A masked entry's gradient is 0, as backward leaves it.
            for (int i = 0; i < n; i++) g[i] = masked && mask[i] == T.Zero ? T.Zero : grads[s][i];
            sgd.Step();
            for (int i = 0; i < n; i++)
            {
                if (masked && mask[i] == T.Zero) continue; // held
                T d = g[i] + decay * w[i];
                if (o.Momentum == 0) { w[i] -= lr * d; continue; }
                b[i] = s == 0 ? d : mu * b[i] + damped * d;
                w[i] -= lr * (o.Nesterov ? d + mu * b[i] : b[i]);
            }
            var got = p.Value.AsSpan().ToArray();
            for (int i = 0; i < n; i++)
                Assert.True(got[i].Equals(w[i]), $"{kind}, step {s + 1}, entry {i}: {got[i]} but the written-out rule gives {w[i]}");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void SgdsLoops_AreTheWrittenOutRule_BitForBit_Float(string kind, bool masked) => Check<float>(kind, masked);

    [Theory]
    [MemberData(nameof(Cases))]
    public void SgdsLoops_AreTheWrittenOutRule_BitForBit_Double(string kind, bool masked) => Check<double>(kind, masked);
}
