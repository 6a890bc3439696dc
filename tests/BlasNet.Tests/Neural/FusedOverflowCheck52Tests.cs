using BlasNet.Neural;

namespace BlasNet.Tests.Neural;

/// <summary>
/// Session 49 (nn52): the built-in update rules test the weights they store for ∞/NaN in the same pass (the overflow check
/// after the step), where the step used to read every unmasked weight again afterwards. These hold the fused check to the
/// separate one's answer: an update that overflows one weight, at every position of a 37-entry parameter (whole vectors of
/// every width and the scalar tail), in float and double, throws the overflow message naming that entry, for every rule
/// and variant that has its own pass (plain SGD, SGD with decay, with momentum and decay, Nesterov, Adam, AdamW, AMSGrad);
/// one that stays finite is taken. They pass on the old code too (its separate pass was right): they guard the fold.
/// </summary>
public class FusedOverflowCheck52Tests
{
    public static TheoryData<string> Kinds() => ["sgd", "sgd-decay", "sgd-momentum-decay", "sgd-nesterov", "sgd-dampening", "adam", "adamw", "adam-amsgrad"];

    private static Optimizer<T> Make<T>(string kind, Parameter<T> p, double lr) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> => kind switch
    {
        "sgd" => new Sgd<T>([p], new SgdOptions(lr)),
        "sgd-decay" => new Sgd<T>([p], new SgdOptions(lr, WeightDecay: 0.5)),
        "sgd-momentum-decay" => new Sgd<T>([p], new SgdOptions(lr, Momentum: 0.9, WeightDecay: 0.5)),
        "sgd-nesterov" => new Sgd<T>([p], new SgdOptions(lr, Momentum: 0.9, Nesterov: true)),
        // Session 50 (nn53): the dampening path, whose check is now folded too.
        "sgd-dampening" => new Sgd<T>([p], new SgdOptions(lr, Momentum: 0.9, WeightDecay: 0.5, Dampening: 0.1)),
        "adam" => new Adam<T>([p], new AdamOptions(lr)),
        "adamw" => new Adam<T>([p], AdamOptions.AdamW(lr, 1e-3)),
        _ => new Adam<T>([p], new AdamOptions(lr, Amsgrad: true)),
    };

    private static void Check<T>(string kind, T big, double lr) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        const int n = 37;
        for (int at = 0; at < n; at++)
        {
            // Every weight 1 with gradient 1e-3; the one at `at` is near the type's largest value, with a gradient against it
            // that carries it past (SGD's −lr·g; Adam's step is about lr, so its learning rate is the overflow's size).
            var values = Enumerable.Repeat(T.One, n).ToArray();
            var grads = Enumerable.Repeat(T.CreateTruncating(1e-3), n).ToArray();
            values[at] = big;
            // Adam's first step moves every weight by about lr (m̂/√v̂ = ±1), so its gradient need only be finite: −big
            // would overflow g² and make the step 0. AdamW's factor 1 − lr·λ is then large and negative: −∞ there.
            grads[at] = kind.StartsWith("adam", StringComparison.Ordinal) ? -T.One : -big;
            // Copies: a Matrix wraps the array it is given, and the step writes into it.
            var p = new Parameter<T>("w", new Matrix<T>(1, n, values.ToArray()));
            grads.AsSpan().CopyTo(p.AccumulateGrad().AsSpan());
            var e = Assert.Throws<InvalidOperationException>(() => Make(kind, p, lr).Step());
            Assert.Contains("The update of 'w' from a finite gradient and finite weights made its value ", e.Message, StringComparison.Ordinal);
            Assert.Contains($"Infinity at [0, {at}] (1×{n})", e.Message, StringComparison.Ordinal);
            // The same step with the large entry's gradient small stays finite and is taken.
            var q = new Parameter<T>("w", new Matrix<T>(1, n, values.ToArray()));
            grads.AsSpan().CopyTo(q.AccumulateGrad().AsSpan());
            q.Grad![0, at] = T.CreateTruncating(1e-3);
            Assert.Equal(["w"], Make(kind, q, 1e-3).Step().Updated);
            Assert.True(q.Value.AsSpan().ToArray().All(T.IsFinite));
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void AnOverflowAtAnyPosition_IsCaughtByTheFusedCheck_Float(string kind) =>
        Check(kind, 3.3e38f, kind.StartsWith("adam", StringComparison.Ordinal) ? 2e37 : 1.0);

    [Theory]
    [MemberData(nameof(Kinds))]
    public void AnOverflowAtAnyPosition_IsCaughtByTheFusedCheck_Double(string kind) =>
        Check(kind, 1.7e308, kind.StartsWith("adam", StringComparison.Ordinal) ? 1e307 : 1.0);
}
