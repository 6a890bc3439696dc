using System.Globalization;
using BlasNet.Neural;

namespace BlasNet.Tests.Neural;

/// <summary>
/// Audit neural43: float32 LayerNorm's gain gradient Σ_rows dy ⊙ x̂ over a long batch. It was added row by row in float and
/// drifted (2²⁰ rows here: 184520.42 for 184418.52, 0.06% off) while the bias's Σ_rows dy next to it is summed in double (Kernels.SumColumns). The
/// reference is the sum written out here in double from the float dy and the layer's float x̂ (y − β with γ = 1 is x̂).
/// </summary>
public sealed class LayerNormGainSum43Tests
{
    [Fact]
    public void Float32GainGradient_OverAMillionRows_IsTheDoubleSumRoundedOnce()
    {
        const int Rows = 1 << 20, Features = 3;
        var x = Matrix.Create(Rows, Features, (i, j) => (float)(j == 0 ? 1 + (i % 7) : j == 1 ? -1 - (i % 5) : 0.5 * (i % 3)));
        var dy = Matrix.Create(Rows, Features, (i, j) => (float)(0.1 + 0.01 * ((i + j) % 11)));
        var layer = new LayerNorm<float>(Features);
        var xhat = layer.Forward(x).Copy(); // γ = 1, β = 0: the output is x̂ itself
        var dx = layer.Backward(dy);
        var expected = new double[Features];
        var expectedBias = new double[Features];
        for (int i = 0; i < Rows; i++)
            for (int j = 0; j < Features; j++)
            {
                expected[j] += (double)dy[i, j] * xhat[i, j];
                expectedBias[j] += dy[i, j];
            }
        var dg = layer.Gain.Grad!;
        var db = layer.Bias.Grad!;
        for (int j = 0; j < Features; j++)
        {
            // Rounded once to float: within half an ulp of the double sum (itself off by ~1e-16 relative).
            Assert.True(Math.Abs(dg[0, j] - expected[j]) <= 6.1e-8 * Math.Abs(expected[j]),
                string.Create(CultureInfo.InvariantCulture, $"dγ[{j}]: double sum {expected[j]:R}, BlasNet {dg[0, j]:R}"));
            Assert.True(Math.Abs(db[0, j] - expectedBias[j]) <= 6.1e-8 * Math.Abs(expectedBias[j]),
                string.Create(CultureInfo.InvariantCulture, $"dβ[{j}]: double sum {expectedBias[j]:R}, BlasNet {db[0, j]:R}"));
        }
        // A second backward adds the same sums again (accumulation, rounded once more).
        layer.Backward(dy);
        for (int j = 0; j < Features; j++)
            Assert.True(Math.Abs(dg[0, j] - 2 * expected[j]) <= 1.3e-7 * Math.Abs(2 * expected[j]),
                string.Create(CultureInfo.InvariantCulture, $"2·dγ[{j}]: {2 * expected[j]:R}, BlasNet {dg[0, j]:R}"));
        Assert.Equal(Rows, dx.Rows);
    }
}
