using BlasNet.Neural;

namespace BlasNet.Tests.Neural;

/// <summary>
/// Every layer kind takes dy plain or as a transposed view, whatever layout its forward input had: a
/// chain run on a transposed view (and fed gradients in either layout) gives what the same chain gives
/// on a plain copy of the input. Elementwise layers keep their input's layout while Dense and LayerNorm
/// return a plain dx, so in a chain the two layouts meet (the audit's crash: Tanh → Dense on xᵀ).
/// </summary>
public class TransposedLayoutTests
{
    public static TheoryData<string> Kinds =>
        ["Dense", "MaskedDense", "Relu", "LeakyRelu", "Tanh", "Sigmoid", "Gelu", "GeluTanh", "LayerNorm", "DropoutTraining", "DropoutEval", "Sequential", "UserActivation"];

    /// <summary>A fresh layer of the kind on 3 features; the same kind made twice is identical (seeded).</summary>
    private static ILayer<double> Make(string kind) => kind switch
    {
        "Dense" => new Dense<double>(3, 3, seed: 5, name: "k"),
        "MaskedDense" => new MaskedDense<double>(BlasNet.Matrix.Create<double>(3, 3, (i, j) => (i + j) % 2), seed: 6, name: "k"),
        "Relu" => new Relu<double>(),
        "LeakyRelu" => new LeakyRelu<double>(0.1),
        "Tanh" => new Tanh<double>(),
        "Sigmoid" => new Sigmoid<double>(),
        "Gelu" => new Gelu<double>(),
        "GeluTanh" => new Gelu<double>(approximate: true),
        "LayerNorm" => new LayerNorm<double>(3, name: "k"),
        "DropoutTraining" => new Dropout<double>(0.4, seed: 9),
        "DropoutEval" => new Dropout<double>(0.4, seed: 9) { Training = false },
        "Sequential" => new Sequential<double>(new Tanh<double>(), new Dropout<double>(0.3, seed: 2), new Relu<double>()),
        "UserActivation" => new Square(),
        _ => throw new ArgumentException(kind),
    };

    // Storage 3×4, so the view xᵀ is a batch of 4 rows of 3 features; entries away from ReLU's kink.
    private static Matrix<double> Storage() => BlasNet.Matrix.Create<double>(3, 4, (i, j) => (i * 4 + j) % 5 * 0.37 - 0.81);

    private static Matrix<double> PlainGradient(int rows, int columns, int seed) => BlasNet.Matrix.Random<double>(rows, columns, seed);

    /// <summary>The same entries as <paramref name="m"/>, stored transposed (a view over a columns×rows array).</summary>
    private static Matrix<double> AsTransposedView(Matrix<double> m) =>
        BlasNet.Matrix.Create<double>(m.Columns, m.Rows, (i, j) => m[j, i]).Transpose();

    private static void Same(Matrix<double> expected, Matrix<double> actual, string what)
    {
        Assert.Equal(expected.Rows, actual.Rows);
        Assert.Equal(expected.Columns, actual.Columns);
        for (int i = 0; i < expected.Rows; i++)
            for (int j = 0; j < expected.Columns; j++)
                Assert.True(Math.Abs(expected[i, j] - actual[i, j]) <= 1e-12 * (1 + Math.Abs(expected[i, j])), $"{what}[{i},{j}]: {expected[i, j]} vs {actual[i, j]}");
    }

    private static void SameGradients(ILayer<double> expected, ILayer<double> actual)
    {
        for (int p = 0; p < expected.Parameters.Count; p++)
            Same(expected.Parameters[p].Grad!, actual.Parameters[p].Grad!, expected.Parameters[p].Name);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void KindThenDense_OnATransposedInput_MatchesThePlainCopy(string kind)
    {
        var x = Storage().Transpose();
        var viewChain = new Sequential<double>(Make(kind), new Dense<double>(3, 2, seed: 4, name: "d"));
        var plainChain = new Sequential<double>(Make(kind), new Dense<double>(3, 2, seed: 4, name: "d"));
        Same(plainChain.Forward(x.Copy()), viewChain.Forward(x), "y");
        var dy = PlainGradient(4, 2, 1);
        Same(plainChain.Backward(dy), viewChain.Backward(dy), "dx");
        SameGradients(plainChain, viewChain);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void KindAlone_TakesDyInEitherLayout_AfterEitherInput(string kind)
    {
        foreach (bool transposedInput in new[] { false, true })
            foreach (bool transposedDy in new[] { false, true })
            {
                var stored = Storage();
                var x = transposedInput ? stored.Transpose() : BlasNet.Matrix.Create<double>(4, 3, (i, j) => stored[j, i]);
                var plainLayer = Make(kind);
                var layer = Make(kind);
                Same(plainLayer.Forward(x.Copy()), layer.Forward(x), "y");
                var dy = PlainGradient(4, 3, 2);
                var dx = layer.Backward(transposedDy ? AsTransposedView(dy) : dy);
                Same(plainLayer.Backward(dy), dx, $"dx (input {(transposedInput ? "view" : "plain")}, dy {(transposedDy ? "view" : "plain")})");
                SameGradients(plainLayer, layer);
            }
    }

    [Fact]
    public void AuditCases_NoLongerThrow()
    {
        var x = BlasNet.Matrix.Create<float>(3, 2, (i, j) => i - j * 0.5f);
        var tanhDense = new Sequential<float>(new Tanh<float>(), new Dense<float>(3, 2, seed: 4, name: "d"));
        tanhDense.Forward(x.Transpose());
        Assert.Equal(2, tanhDense.Backward(new Matrix<float>(2, 2, [1f, 2f, 3f, 4f])).Rows);
        var reluNorm = new Sequential<float>(new Relu<float>(), new LayerNorm<float>(3));
        reluNorm.Forward(x.Transpose());
        reluNorm.Backward(new Matrix<float>(2, 3, [1f, 2f, 3f, 4f, 5f, 6f]));
        var dropDense = new Sequential<float>(new Dropout<float>(0.5, seed: 1), new Dense<float>(3, 2, seed: 4));
        dropDense.Forward(x.Transpose());
        dropDense.Backward(new Matrix<float>(2, 2, [1f, 2f, 3f, 4f]));
    }

    /// <summary>A user's activation (y = x², dx = 2x·dy): the base class handles layouts for it.</summary>
    private sealed class Square : Activation<double>
    {
        public override ILayer<double> ShareWeights() => new Square();
        protected override void Apply(ReadOnlySpan<double> x, Span<double> y) { for (int i = 0; i < x.Length; i++) y[i] = x[i] * x[i]; }
        protected override void Derivative(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> dy, Span<double> dx)
        { for (int i = 0; i < x.Length; i++) dx[i] = 2 * x[i] * dy[i]; }
    }
}
