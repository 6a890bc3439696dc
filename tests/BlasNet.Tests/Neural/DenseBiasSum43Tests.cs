using System.Globalization;
using BlasNet.Neural;

namespace BlasNet.Tests.Neural;

/// <summary>
/// Audit neural43: the bias gradient Σ_rows dy of a dense (and masked dense) layer whatever dy's storage layout. A plain dy
/// is summed in double and rounded once (Kernels.SumColumns); a transposed view of dy was summed with TensorPrimitives.Sum in
/// float, so the same gradient came out different, and drifted over a long batch. Reference: the double sum written out here.
/// </summary>
public sealed class DenseBiasSum43Tests
{
    private const int Rows = 1 << 20, Inputs = 2, Outputs = 3;

    private static (Matrix<float> Plain, Matrix<float> View) Gradient()
    {
        var storage = Matrix.Create(Outputs, Rows, (j, i) => (float)(0.1 + 0.01 * ((i + j) % 11)));
        var view = storage.Transpose();
        return (view.Copy(), view);
    }

    private static double[] DoubleSums(Matrix<float> dy)
    {
        var sums = new double[dy.Columns];
        for (int i = 0; i < dy.Rows; i++)
            for (int j = 0; j < dy.Columns; j++) sums[j] += dy[i, j];
        return sums;
    }

    public static TheoryData<bool> Masked() => new() { false, true };

    [Theory]
    [MemberData(nameof(Masked))]
    public void Float32BiasGradient_FromATransposedDy_IsThePlainOnesDoubleSum_BitForBit(bool masked)
    {
        var x = Matrix.Create(Rows, Inputs, (i, j) => (float)((i + 2 * j) % 5 - 2));
        var (plainDy, viewDy) = Gradient();
        Assert.True(viewDy.IsTransposed);
        var expected = DoubleSums(plainDy);
        ILayer<float> Make() => masked
            ? new MaskedDense<float>(Matrix.Create(Inputs, Outputs, (i, j) => (i + j) % 2 == 0 ? 1f : 0f), seed: 43)
            : new Dense<float>(Inputs, Outputs, seed: 43);
        var plainLayer = Make();
        var viewLayer = Make();
        plainLayer.Forward(x);
        plainLayer.Backward(plainDy);
        viewLayer.Forward(x);
        viewLayer.Backward(viewDy);
        var plainBias = plainLayer.Parameters[^1].Grad!;
        var viewBias = viewLayer.Parameters[^1].Grad!;
        Assert.EndsWith(".bias", viewLayer.Parameters[^1].Name, StringComparison.Ordinal);
        for (int j = 0; j < Outputs; j++)
        {
            Assert.True(Math.Abs(viewBias[0, j] - expected[j]) <= 6.1e-8 * Math.Abs(expected[j]),
                string.Create(CultureInfo.InvariantCulture, $"db[{j}] from a transposed dy: double sum {expected[j]:R}, BlasNet {viewBias[0, j]:R}"));
            Assert.Equal(plainBias[0, j], viewBias[0, j]);
        }
    }

    [Fact]
    public void DoubleBiasGradient_FromATransposedDy_IsThePlainOnes_BitForBit()
    {
        var x = Matrix.Create(1000, Inputs, (i, j) => (double)((i + 2 * j) % 5 - 2));
        var storage = Matrix.Create(Outputs, 1000, (j, i) => Math.Sin(i + 7.0 * j) * 1e3 + 0.1);
        var plain = new Dense<double>(Inputs, Outputs, seed: 43);
        var view = new Dense<double>(Inputs, Outputs, seed: 43);
        plain.Forward(x);
        plain.Backward(storage.Transpose().Copy());
        view.Forward(x);
        view.Backward(storage.Transpose());
        Assert.Equal(plain.Bias!.Grad!.ToArray(), view.Bias!.Grad!.ToArray());
    }
}
