using BlasNet.Neural;

namespace BlasNet.Tests.Neural;

public class GradCheckTests
{
    // Entries well away from 0, so ReLU's kink is not within the finite-difference step.
    private static Matrix<double> Input(int rows, int cols, int seed) =>
        BlasNet.Matrix.Create(rows, cols, (i, j) =>
        {
            double v = new Random(seed + 31 * i + j).NextDouble() * 2 - 1;
            return v + (v >= 0 ? 0.1 : -0.1);
        });

    public static TheoryData<string> LayerNames => ["Dense", "DenseNoBias", "MaskedDense", "Relu", "LeakyRelu", "Tanh", "Sigmoid", "Sequential", "SharedTwinsInSequential"];

    private static ILayer<double> Make(string name)
    {
        var mask = BlasNet.Matrix.Create<double>(4, 3, (i, j) => (i + j) % 2);
        var dense = new Dense<double>(4, 3, seed: 3);
        return name switch
        {
            "Dense" => dense,
            "DenseNoBias" => new Dense<double>(4, 3, bias: false, seed: 4),
            "MaskedDense" => new MaskedDense<double>(mask, biasMask: new Matrix<double>(1, 3, [1.0, 0, 1]), seed: 5),
            "Relu" => new Relu<double>(),
            "LeakyRelu" => new LeakyRelu<double>(0.2),
            "Tanh" => new Tanh<double>(),
            "Sigmoid" => new Sigmoid<double>(),
            "Sequential" => new Sequential<double>(dense, new Tanh<double>(), new Dense<double>(3, 2, seed: 6), new Sigmoid<double>()),
            "SharedTwinsInSequential" => new Sequential<double>(new Dense<double>(4, 4, seed: 7) is var d ? [d, new Tanh<double>(), d.ShareWeights()] : []),
            _ => throw new ArgumentException(name),
        };
    }

    [Theory]
    [MemberData(nameof(LayerNames))]
    public void EveryLayer_PassesGradCheck(string name)
    {
        var layer = Make(name);
        var result = GradCheck.Check(layer, Input(5, 4, name.Length));
        Assert.True(result.Passed, $"{name}: {result}");
        Assert.True(result.MaxRelativeError < 1e-6, $"{name}: {result}");
        Assert.Equal(5 * 4 + layer.Parameters.Sum(p => p.Count), result.EntriesChecked);
        Assert.All(layer.Parameters, p => Assert.Null(p.Grad));
    }

    [Fact]
    public void WrongReluBackward_IsFlagged()
    {
        var result = GradCheck.Check(new WrongRelu(), Input(3, 4, 11));
        Assert.False(result.Passed);
        Assert.True(result.MaxRelativeError > 0.1, result.ToString());
        Assert.StartsWith("dx[", result.WorstEntry);
        Assert.True(result.Failures > 0);
    }

    [Fact]
    public void GradCheck_LeavesParametersExactlyAsTheyWere()
    {
        var dense = new Dense<double>(4, 3, seed: 9);
        var before = dense.Weight.Value.ToArray();
        GradCheck.Check(dense, Input(2, 4, 1));
        Assert.Equal(before, dense.Weight.Value.ToArray());
    }

    [Fact]
    public void NaNWeight_FailsEveryEntry_AndNamesTheFirst()
    {
        // y = xW has a NaN column, so the loss and every numeric derivative are NaN: no entry can pass.
        var w = new Matrix<double>(2, 2, [1.0, double.NaN, 3.0, 4.0]);
        var result = GradCheck.Check(new Dense<double>(w, null, "nanlayer"), new Matrix<double>(3, 2, [1.0, 2, 3, 4, 5, 6]));
        Assert.False(result.Passed, result.ToString());
        Assert.Equal(3 * 2 + 2 * 2, result.EntriesChecked);
        Assert.Equal(result.EntriesChecked, result.Failures);
        Assert.Equal(double.PositiveInfinity, result.MaxAbsoluteError);
        Assert.Equal("dx[0,0]", result.WorstEntry);
    }

    [Fact]
    public void InfiniteAnalyticEntry_IsTheWorstEntry_AboveFiniteViolations()
    {
        // The identity's dx is the projection matrix G itself; this layer returns G + 1 everywhere
        // (a finite violation of 1 per entry) and ∞ at [1, 0].
        var result = GradCheck.Check(new BrokenIdentity(1, 0), Input(3, 2, 5));
        Assert.False(result.Passed);
        Assert.Equal(6, result.Failures);
        Assert.Equal("dx[1,0]", result.WorstEntry);
        Assert.Equal(double.PositiveInfinity, result.MaxAbsoluteError);
        Assert.Equal(double.PositiveInfinity, result.MaxRelativeError);
    }

    [Theory]
    [InlineData("Step", double.PositiveInfinity)]
    [InlineData("Step", double.NaN)]
    [InlineData("Step", 0.0)]
    [InlineData("Step", -1e-6)]
    [InlineData("AbsoluteTolerance", double.NaN)]
    [InlineData("AbsoluteTolerance", -1e-5)]
    [InlineData("AbsoluteTolerance", double.PositiveInfinity)]
    [InlineData("RelativeTolerance", double.NaN)]
    [InlineData("RelativeTolerance", -1e-3)]
    [InlineData("RelativeTolerance", double.PositiveInfinity)]
    public void NonFiniteOrNegativeOptions_AreRefusedByName(string option, double value)
    {
        var options = option switch
        {
            "Step" => new GradCheckOptions(Step: value),
            "AbsoluteTolerance" => new GradCheckOptions(AbsoluteTolerance: value),
            _ => new GradCheckOptions(RelativeTolerance: value),
        };
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => GradCheck.Check(new Dense<double>(2, 2, seed: 1), Input(2, 2, 1), options));
        Assert.Equal("options", e.ParamName); // the argument passed; the message names the setting
        Assert.Contains(option, e.Message);
    }

    [Fact]
    public void ZeroTolerances_ExactLayer_StillScoresWithoutNaN()
    {
        // Identity: analytic dx = G exactly; the central difference of a linear loss is exact up to rounding.
        var result = GradCheck.Check(new BrokenIdentity(-1, -1, offset: 0), Input(2, 2, 3), new GradCheckOptions(AbsoluteTolerance: 1e-6, RelativeTolerance: 0));
        Assert.True(result.Passed, result.ToString());
    }

    [Fact]
    public void CorrectLayerWithLargeOutputs_Passes_AsPyTorchGradcheckDoes()
    {
        // A correct Dense(20, 20) with bias 1e4 on a batch of 20: PyTorch's gradcheck (float64, eps 1e-6, atol 1e-5,
        // rtol 1e-3) passes nn.Linear(20, 20) with bias 1e4, slow and fast mode. Differencing the two whole-batch sums
        // L(+h) − L(−h) cancelled ~eps·Σ|y ⊙ G| ≈ 2e6·1e-16 of rounding per 2h and failed entries by 5e-5; output by output
        // the error is ~3e-6, as PyTorch's.
        var dense = new Dense<double>(20, 20, seed: 4);
        dense.Bias!.Value.AsSpan().Fill(1e4);
        var result = GradCheck.Check(dense, Input(20, 20, 2));
        Assert.True(result.Passed, result.ToString());
        Assert.True(result.MaxAbsoluteError < 1e-5, result.ToString());
    }

    [Theory]
    [InlineData("factor 1.01", 0.0)]
    [InlineData("factor 1.01", 1e4)]
    [InlineData("negative inputs", 0.0)]
    [InlineData("bias only", 0.0)]
    [InlineData("bias only", 1e4)]
    [InlineData("one term", 0.0)]
    public void SubtlyWrongBackward_IsFlagged(string bug, double offset)
    {
        var result = GradCheck.Check(new SubtlyWrongAffine(bug, offset), Input(4, 3, 5));
        Assert.False(result.Passed, result.ToString());
        Assert.True(result.Failures > 0);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(-1)]
    public void LayerWhoseOutputShapeChangesBetweenCalls_IsRefusedNamingBothShapes(int extraRows)
    {
        // Growing ran off the end of the copied output ("Row index 3 is outside a 3×2 matrix", parameter 'i');
        // shrinking silently differenced stale entries of the previous output.
        var e = Assert.Throws<InvalidOperationException>(() => GradCheck.Check(new ShapeShifter(extraRows), Input(3, 2, 1)));
        Assert.Contains("3×2", e.Message);
        Assert.Contains($"{3 + extraRows}×2", e.Message);
    }

    /// <summary>y = x on odd calls; on even calls x with <c>extraRows</c> rows of zeros added (or its last row dropped).</summary>
    private sealed class ShapeShifter(int extraRows) : ILayer<double>
    {
        private int calls;

        public Matrix<double> Forward(Matrix<double> x)
        {
            int rows = ++calls % 2 == 0 ? x.Rows + extraRows : x.Rows;
            return BlasNet.Matrix.Create(rows, x.Columns, (i, j) => i < x.Rows ? x[i, j] : 0.0);
        }

        public Matrix<double> Backward(Matrix<double> dy) => dy.Copy();
        public IReadOnlyList<Parameter<double>> Parameters => [];
        public ILayer<double> ShareWeights() => new ShapeShifter(extraRows);
    }

    /// <summary>
    /// y = x ⊙ w + b + offset (w, b 1×n) with one deliberate backward bug: every gradient 1.01 times too large, the weight
    /// gradient 1.01 times too large for negative inputs only, the bias gradient 1.01 times too large, or the term of
    /// entry [0, 0] missing from dx.
    /// </summary>
    private sealed class SubtlyWrongAffine(string bug, double offset) : ILayer<double>
    {
        private readonly Parameter<double> w = new("affine.weight", BlasNet.Matrix.Create(1, 3, (_, j) => 0.5 + j));
        private readonly Parameter<double> b = new("affine.bias", BlasNet.Matrix.Create(1, 3, (_, j) => 0.25 * j));
        private Matrix<double>? input;

        public Matrix<double> Forward(Matrix<double> x)
        {
            input = x.Copy();
            return BlasNet.Matrix.Create(x.Rows, x.Columns, (i, j) => x[i, j] * w.Value[0, j] + b.Value[0, j] + offset);
        }

        public Matrix<double> Backward(Matrix<double> dy)
        {
            double all = bug == "factor 1.01" ? 1.01 : 1.0;
            var dw = w.AccumulateGrad();
            var db = b.AccumulateGrad();
            for (int i = 0; i < dy.Rows; i++)
                for (int j = 0; j < dy.Columns; j++)
                {
                    dw[0, j] += all * dy[i, j] * input![i, j] * (bug == "negative inputs" && input[i, j] < 0 ? 1.01 : 1.0);
                    db[0, j] += all * dy[i, j] * (bug == "bias only" ? 1.01 : 1.0);
                }
            return BlasNet.Matrix.Create(dy.Rows, dy.Columns, (i, j) => bug == "one term" && i == 0 && j == 0 ? 0.0 : all * dy[i, j] * w.Value[0, j]);
        }

        public IReadOnlyList<Parameter<double>> Parameters => [w, b];
        public ILayer<double> ShareWeights() => throw new NotSupportedException();
    }

    /// <summary>y = x; backward returns dy + offset, and ∞ at one entry (none when the row is −1).</summary>
    private sealed class BrokenIdentity(int badRow, int badColumn, double offset = 1.0) : ILayer<double>
    {
        public Matrix<double> Forward(Matrix<double> x) => x.Copy();

        public Matrix<double> Backward(Matrix<double> dy) =>
            BlasNet.Matrix.Create(dy.Rows, dy.Columns, (i, j) => i == badRow && j == badColumn ? double.PositiveInfinity : dy[i, j] + offset);

        public IReadOnlyList<Parameter<double>> Parameters => [];
        public ILayer<double> ShareWeights() => new BrokenIdentity(badRow, badColumn, offset);
    }

    /// <summary>The seed's bug: ReLU backward written as <c>input − (dy &gt; 0)</c> instead of <c>dy ⊙ (x &gt; 0)</c>.</summary>
    private sealed class WrongRelu : ILayer<double>
    {
        private Matrix<double>? input;
        public Matrix<double> Forward(Matrix<double> x)
        {
            input = x;
            var y = new Matrix<double>(x.Rows, x.Columns);
            BlasNet.Kernels.Relu<double>(x.AsSpan(), y.AsSpan());
            return y;
        }

        public Matrix<double> Backward(Matrix<double> dy) =>
            BlasNet.Matrix.Create(dy.Rows, dy.Columns, (i, j) => input![i, j] - (dy[i, j] > 0 ? 1.0 : 0.0));

        public IReadOnlyList<Parameter<double>> Parameters => [];
        public ILayer<double> ShareWeights() => new WrongRelu();
    }
}
