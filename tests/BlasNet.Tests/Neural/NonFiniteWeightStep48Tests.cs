using BlasNet.Neural;

namespace BlasNet.Tests.Neural;

/// <summary>
/// Audit nn48: <see cref="Optimizer{T}.Step"/> on a weight that already holds ∞ or NaN in a trainable entry throws before any
/// parameter moves, naming the parameter and its first bad entry, for every optimizer. PyTorch 1.13 steps such a weight
/// silently (torch.optim.SGD(lr=0.1, momentum=0.9, weight_decay=0.01) on [nan, 3, inf] with gradient 0.5 gives weights
/// [nan, 2.947, nan] and momentum buffer [nan, 0.53, inf]; Adam, AdamW and RMSprop keep the NaN and ∞), which the library's
/// "never writes ∞ or NaN into a weight silently" rule does not allow. Before nn48 the step updated the parameters before
/// the bad one and then threw an overflow message for it: every test here failed on that code.
/// </summary>
public class NonFiniteWeightStep48Tests
{
    public static TheoryData<string> Kinds() => ["sgd", "sgd-momentum-decay", "sgd-nesterov", "adam", "adamw", "adam-amsgrad", "user"];

    private static Optimizer<double> Make(string kind, IEnumerable<Parameter<double>> ps) => kind switch
    {
        "sgd" => new Sgd<double>(ps, new SgdOptions(0.1)),
        "sgd-momentum-decay" => new Sgd<double>(ps, new SgdOptions(0.1, Momentum: 0.9, WeightDecay: 0.01)),
        "sgd-nesterov" => new Sgd<double>(ps, new SgdOptions(0.1, Momentum: 0.9, Nesterov: true)),
        "adam" => new Adam<double>(ps, new AdamOptions(0.1)),
        "adamw" => new Adam<double>(ps, AdamOptions.AdamW(0.1)),
        "adam-amsgrad" => new Adam<double>(ps, new AdamOptions(0.1, Amsgrad: true)),
        _ => new HalvingStep(ps),
    };

    /// <summary>A user's optimizer: the base class's checks hold for it as for the built-in ones, its rule never sees the bad weight.</summary>
    private sealed class HalvingStep(IEnumerable<Parameter<double>> ps) : Optimizer<double>(ps)
    {
        public int Calls { get; private set; }

        protected override void Update(int index, Span<double> value, ReadOnlySpan<double> grad)
        {
            Calls++;
            for (int i = 0; i < value.Length; i++) value[i] -= 0.5 * grad[i];
        }
    }

    private static Parameter<double> WithGrad(string name, double[] values, double[]? mask = null)
    {
        var p = new Parameter<double>(name, new Matrix<double>(1, values.Length, values), mask is null ? null : new Matrix<double>(1, mask.Length, mask));
        var g = p.AccumulateGrad();
        for (int j = 0; j < values.Length; j++) g[0, j] = mask is null || mask[j] != 0 ? 0.5 : 0;
        return p;
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void ANaNOrInfiniteWeight_IsRefusedBeforeAnyParameterMoves_NamingItsFirstEntry(string kind)
    {
        foreach (var bad in new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity })
        {
            // The bad parameter comes second, so a step that updated in order would already have moved the first.
            var a = WithGrad("a", [1, 2]);
            var b = WithGrad("b", [3, bad, 5, double.NaN]);
            var optimizer = Make(kind, [a, b]);
            var e = Assert.Throws<InvalidOperationException>(() => optimizer.Step());
            Assert.Contains($"'b' holds {bad.ToString(System.Globalization.CultureInfo.InvariantCulture)} at [0, 1] (1×4) before this step", e.Message, StringComparison.Ordinal);
            Assert.Contains("no parameter was updated", e.Message, StringComparison.Ordinal);
            Assert.Equal([1.0, 2.0], a.Value.ToArray());
            Assert.Equal(0, optimizer.Steps);
            Assert.Null(optimizer.LastReport);
            if (optimizer is HalvingStep user) Assert.Equal(0, user.Calls);

            // Nothing was changed, optimizer state included: once the weight is repaired, the step is a fresh optimizer's.
            b.Value[0, 1] = 4;
            b.Value[0, 3] = 6;
            optimizer.Step();
            var a2 = WithGrad("a", [1, 2]);
            var b2 = WithGrad("b", [3, 4, 5, 6]);
            Make(kind, [a2, b2]).Step();
            Assert.Equal(a2.Value.ToArray(), a.Value.ToArray());
            Assert.Equal(b2.Value.ToArray(), b.Value.ToArray());
        }
    }

    [Fact]
    public void AGradientNaN_IsStillReportedFirst_WhenAnEarlierParameterHasANaNWeight()
    {
        // The gradient is what the caller's loop skips on (GradScaler and Trainer do), so it is named even when a weight
        // earlier in the list is also bad.
        var a = WithGrad("a", [double.NaN, 2]);
        var b = WithGrad("b", [3, 4]);
        b.Grad![0, 1] = double.PositiveInfinity;
        var e = Assert.Throws<InvalidOperationException>(() => new Sgd<double>([a, b], new SgdOptions(0.1)).Step());
        Assert.StartsWith("The gradient of 'b' holds Infinity at [0, 1] (1×2)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMaskedEntry_IsHeldAsItIs_ButATrainableOneIsChecked()
    {
        // Entry 1 is masked: its NaN is held, as masked entries always are, and the step goes on.
        var p = WithGrad("m", [1, double.NaN, 3], mask: [1, 0, 1]);
        var optimizer = new Sgd<double>([p], new SgdOptions(0.1, Momentum: 0.9));
        optimizer.Step();
        Assert.Equal(0.95, p.Value[0, 0]);
        Assert.True(double.IsNaN(p.Value[0, 1]));
        Assert.Equal(2.95, p.Value[0, 2]);

        var q = WithGrad("q", [1, 2, double.PositiveInfinity], mask: [1, 0, 1]);
        var e = Assert.Throws<InvalidOperationException>(() => new Adam<double>([q], new AdamOptions(0.1)).Step());
        Assert.Contains("'q' holds Infinity at [0, 2] (1×3) before this step", e.Message, StringComparison.Ordinal);
        Assert.Equal([1.0, 2.0], q.Value.ToArray()[..2]);
    }

    [Fact]
    public void AParameterWithoutAGradient_IsNeitherSteppedNorChecked()
    {
        // It is skipped (reported so), as before: the step does not touch it, so it does not judge it either.
        var a = WithGrad("a", [1, 2]);
        var frozen = new Parameter<double>("frozen", new Matrix<double>(1, 2, [double.NaN, 1]));
        var report = new Adam<double>([a, frozen], new AdamOptions(0.1)).Step();
        Assert.Equal(["a"], report.Updated);
        Assert.Equal(["frozen"], report.SkippedWithoutGradient);
        Assert.True(double.IsNaN(frozen.Value[0, 0]));
    }

    [Fact]
    public void AnOverflowFromFiniteWeights_IsStillReportedAfterTheUpdate()
    {
        // float32: 3e38 − 0.1·(−1e38·…) overflows; the weight was finite, so this is the overflow message, not the new one.
        var p = new Parameter<float>("w", new Matrix<float>(1, 1, [3e38f]));
        p.AccumulateGrad()[0, 0] = -1e38f;
        var e = Assert.Throws<InvalidOperationException>(() => new Sgd<float>([p], new SgdOptions(1.0)).Step());
        Assert.Contains("The update of 'w' from a finite gradient and finite weights made its value Infinity at [0, 0] (1×1)", e.Message, StringComparison.Ordinal);
    }
}
