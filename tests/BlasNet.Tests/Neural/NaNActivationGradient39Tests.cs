using BlasNet.Neural;

namespace BlasNet.Tests.Neural;

/// <summary>
/// Audit neural39: ReLU's and leaky ReLU's backward at a NaN input. They gave 0 and slope·dy there (PyTorch gives dy and
/// slope·dy: its threshold_backward and leaky_relu_backward treat NaN as not ≤ 0 / not &gt; 0), so the NaN vanished from
/// the gradient: a NaN loss from an overflowed pre-activation came back as finite gradients and an optimizer stepped on
/// them without a word. Now the gradient is NaN there, in double, float and both mixed-precision (Half) paths, as the
/// smooth activations' gradients already were; the optimizer refuses it. Each test fails on the old code.
/// </summary>
public class NaNActivationGradient39Tests
{
    public static TheoryData<string> Kinds() => new() { "relu", "leaky_0.01", "leaky_-0.5" };

    private static Activation<T> Make<T>(string kind) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> => kind switch
    {
        "relu" => new Relu<T>(),
        "leaky_0.01" => new LeakyRelu<T>(T.CreateTruncating(0.01)),
        _ => new LeakyRelu<T>(T.CreateTruncating(-0.5)),
    };

    /// <summary>Every length up to past two vectors, the NaN at every position: the SIMD and scalar loops both; dy = 0 at the NaN too.</summary>
    [Theory]
    [MemberData(nameof(Kinds))]
    public void Backward_AtNaNInput_IsNaN_WhateverDy_DoubleAndFloat(string kind)
    {
        for (int n = 1; n <= 40; n++)
            for (int at = 0; at < n; at++)
            {
                var x = Enumerable.Range(0, n).Select(i => i == at ? double.NaN : (i % 3 - 1) * 0.75).ToArray();
                var dy = Enumerable.Range(0, n).Select(i => i == at ? (n % 2 == 0 ? 0.0 : 2.5) : i + 1.0).ToArray();
                var layer = Make<double>(kind);
                layer.Forward(new Matrix<double>(1, n, x));
                var dx = layer.Backward(new Matrix<double>(1, n, dy));
                var single = Make<float>(kind);
                single.Forward(new Matrix<float>(1, n, x.Select(v => (float)v).ToArray()));
                var dxf = single.Backward(new Matrix<float>(1, n, dy.Select(v => (float)v).ToArray()));
                double slope = kind == "relu" ? 0.0 : kind == "leaky_0.01" ? 0.01 : -0.5;
                for (int i = 0; i < n; i++)
                {
                    if (i == at)
                    {
                        Assert.True(double.IsNaN(dx[0, i]), $"{kind} n={n}: dx at the NaN input is {dx[0, i]}");
                        Assert.True(float.IsNaN(dxf[0, i]), $"{kind} n={n} float: dx at the NaN input is {dxf[0, i]}");
                        continue;
                    }
                    double expected = x[i] > 0 ? dy[i] : dy[i] * slope; // the other entries as before (+0 for ReLU's closed units)
                    Assert.Equal(expected, dx[0, i]);
                    Assert.Equal((float)(x[i] > 0 ? dy[i] : (float)dy[i] * (float)slope), dxf[0, i]);
                }
            }
    }

    /// <summary>
    /// The silent failure: a ReLU output layer whose pre-activation overflowed (1e308·10 − 1e308·10 = ∞ − ∞ = NaN) has a NaN
    /// loss; with dx = 0 at the NaN the dense layer's gradients were finite (zero) and the optimizer stepped. Now they are
    /// NaN, the optimizer refuses the step, and the weights keep their values. (ReLU failed this on the old code; the leaky
    /// variants passed already, slope times the loss's NaN dy being NaN, and are kept as a guard.)
    /// Whether the pre-activation is NaN depends on the GEMM kernel: one that rounds each product gives ∞ − ∞ = NaN, one that
    /// accumulates by fused multiply-adds gives +∞ (the first product overflows, then fma(1e308, −10, +∞) adds the exact, finite
    /// −1e309 to +∞): OpenBLAS 0.3.21's Cooperlake kernels on an AMD Zen 4 (session 44). The loss is then +∞ and the gradients
    /// ∞, and the same must hold: no finite gradient, no step. The NaN path itself is pinned on every machine by the tests above.
    /// </summary>
    [Theory]
    [MemberData(nameof(Kinds))]
    public void NaNLoss_FromAnOverflowedPreActivation_DoesNotBackpropagateAsFiniteGradients(string kind)
    {
        var dense = new Dense<double>(new Matrix<double>(2, 1, [10.0, -10.0]), new Matrix<double>(1, 1, [0.0]));
        var model = new Sequential<double>(dense, Make<double>(kind));
        var mse = new MeanSquaredError<double>();
        var sgd = new Sgd<double>(model.Parameters, new SgdOptions(LearningRate: 0.1));
        var x = new Matrix<double>(2, 2, [1e308, 1e308, 0.5, 0.25]);
        var output = model.Forward(x);
        double loss = mse.Forward(output, new Matrix<double>(2, 1, [0.0, 1.0]));
        // NaN where the kernel rounds each product, +∞ (and the first output +∞) where it fuses them; never finite.
        Assert.True(double.IsNaN(loss) || (double.IsPositiveInfinity(loss) && double.IsPositiveInfinity(output[0, 0])), $"{kind}: loss {loss}, output {output[0, 0]}");
        model.Backward(mse.Backward());
        Assert.False(Gradients.AllFinite(model.Parameters));
        Assert.Throws<InvalidOperationException>(() => sgd.Step());
        Assert.Equal([10.0, -10.0], dense.Weight.Value.ToArray());
        Assert.Equal([0.0], dense.Bias!.Value.ToArray());
    }

    /// <summary>The mixed-precision stages (Half storage): ReLU's bit-mask backward and leaky ReLU's rounded product, NaN at a NaN input.</summary>
    [Theory]
    [MemberData(nameof(Kinds))]
    public void MixedPrecision_Backward_AtNaNInput_IsNaN(string kind)
    {
        var halves = new Matrix<Half>(1, 37, Enumerable.Range(0, 37).Select(i => i % 5 == 2 ? Half.NaN : (Half)((i % 3 - 1) * 0.75)).ToArray());
        var mixed = new MixedPrecisionModel(new Sequential<float>(Make<float>(kind)));
        mixed.Forward(halves);
        var dy = new Matrix<Half>(1, 37, Enumerable.Range(0, 37).Select(i => (Half)(i % 4 == 0 ? 0.0 : i * 0.5)).ToArray());
        var dx = mixed.Backward(dy);
        double slope = kind == "relu" ? 0.0 : kind == "leaky_0.01" ? 0.01f : -0.5;
        for (int i = 0; i < 37; i++)
        {
            var x = halves[0, i];
            if (Half.IsNaN(x)) Assert.True(Half.IsNaN(dx[0, i]), $"{kind}: dx[{i}] at a NaN input is {dx[0, i]}");
            else Assert.Equal((double)(Half)(x > Half.Zero ? (double)dy[0, i] : (double)dy[0, i] * slope), (double)dx[0, i]);
        }
        // The internal bit-mask kernel the dense stage fuses into its dx pass: the saved NaN comes back, whatever dy is.
        var saved = new Half[] { Half.NaN, -Half.NaN, (Half)1, (Half)(-1), Half.Zero, Half.PositiveInfinity, Half.NegativeInfinity, BitConverter.UInt16BitsToHalf(0x7E01) };
        var g = new Half[] { Half.Zero, (Half)3, (Half)4, Half.NaN, Half.PositiveInfinity, (Half)5, (Half)6, (Half)7 };
        var d = new Half[saved.Length];
        HalfRelu.Backward(saved, g, d);
        Assert.True(Half.IsNaN(d[0]) && Half.IsNaN(d[1]) && Half.IsNaN(d[7]));
        Assert.Equal([(Half)4, Half.Zero, Half.Zero, (Half)5, Half.Zero], d[2..7]);
    }
}
