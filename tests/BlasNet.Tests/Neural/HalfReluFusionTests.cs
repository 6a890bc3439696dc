using BlasNet.Neural;

namespace BlasNet.Tests.Neural;

/// <summary>
/// The Half ReLU as bit masks against the core's Half kernels (float32 arithmetic rounded to Half),
/// and a dense stage running the ReLU before it inside its dx pass against the two stages run in turn:
/// same bits, same master gradients, same underflow counts.
/// </summary>
public class HalfReluFusionTests
{
    private static Half[] Sample(int length, int seed)
    {
        var rng = new Random(seed);
        Half[] specials = [Half.Zero, Half.NegativeZero, Half.PositiveInfinity, Half.NegativeInfinity, Half.NaN, -Half.NaN, Half.Epsilon, -Half.Epsilon, Half.MaxValue, Half.MinValue];
        return Enumerable.Range(0, length).Select(i => i % 7 == 3 ? specials[rng.Next(specials.Length)] : (Half)(rng.NextDouble() * 4 - 2)).ToArray();
    }

    private static void SameHalves(Half[] expected, Half[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            if (Half.IsNaN(expected[i])) Assert.True(Half.IsNaN(actual[i]), $"[{i}] expected NaN, got {actual[i]}");
            else Assert.True(BitConverter.HalfToUInt16Bits(expected[i]) == BitConverter.HalfToUInt16Bits(actual[i]), $"[{i}] expected {expected[i]}, got {actual[i]}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(101)]
    public void BitMaskRelu_EqualsTheHalfKernels(int length)
    {
        var x = Sample(length, length);
        var dy = Sample(length, length + 1);
        var expected = new Half[length];
        var actual = new Half[length];
        BlasNet.Kernels.Relu<Half>(x, expected);
        HalfRelu.Forward(x, actual);
        SameHalves(expected, actual);

        BlasNet.Kernels.ReluBackward<Half>(x, dy, expected);
        HalfRelu.Backward(x, dy, actual);
        SameHalves(expected, actual);
        // In place over dy, as the dense stage's dx pass uses it.
        var inPlace = (Half[])dy.Clone();
        HalfRelu.Backward(x, inPlace, inPlace);
        SameHalves(expected, inPlace);
    }

    [Fact]
    public void DenseBackwardThroughRelu_EqualsTheTwoStagesInTurn()
    {
        // 300 rows: more than one 256-row tile; tiny dy values so some dx entries underflow (counted).
        var rng = new Random(11);
        var x = BlasNet.Matrix.Create(300, 7, (_, _) => (Half)(rng.NextDouble() * 2 - 1));
        var dy = BlasNet.Matrix.Create(300, 5, (i, _) => (Half)((rng.NextDouble() * 2 - 1) * (i % 3 == 0 ? 1e-7 : 1.0)));

        (Half[] Dx, float[] Weight, float[] Bias, long[] Counts) Run(bool fused)
        {
            var layer = new Dense<float>(7, 5, seed: 3);
            var relu = new HalfActivationStage("r", ActivationKind.Relu, 0f);
            var dense = new HalfDenseStage("d", "Dense", layer.Weight, layer.Bias);
            var scratch = new HalfScratch();
            var h = relu.Forward(x, scratch);
            dense.Forward(h, scratch);
            var dx = fused ? dense.BackwardThroughRelu(dy, relu, scratch) : relu.Backward(dense.Backward(dy, scratch), scratch);
            return (dx.ToArray(), layer.Weight.Grad!.ToArray(), layer.Bias!.Grad!.ToArray(),
                [dense.GradientEntries, dense.UnderflowedEntries, relu.GradientEntries, relu.UnderflowedEntries]);
        }

        var apart = Run(fused: false);
        var fusedRun = Run(fused: true);
        SameHalves(apart.Dx, fusedRun.Dx);
        Assert.Equal(apart.Weight, fusedRun.Weight);
        Assert.Equal(apart.Bias, fusedRun.Bias);
        Assert.Equal(apart.Counts, fusedRun.Counts);
        Assert.True(apart.Counts[1] > 0, "the sample should make some dx entries underflow");
        Assert.Equal(300L * 7, fusedRun.Counts[2]);
    }
}
