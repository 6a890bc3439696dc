using BlasNet;
using BlasNet.Neural;

/// <summary>
/// The extension points: a layer and an optimizer written here, outside the library, trained by the
/// library's <see cref="Trainer"/> in float32 and in mixed precision (the user layer runs in float32
/// between Half activations) and listed in the gradient health report.
/// </summary>
public static class ExtensionSample
{
    public static void Run()
    {
        Console.WriteLine("== Extending: a user layer (learnable per-feature gain) and optimizer (signSGD) ==");
        var rng = new Random(4);
        var x = Matrix.Create(128, 8, (_, _) => (float)(2 * rng.NextDouble() - 1));
        var teacher = new Sequential<float>(new Dense<float>(8, 16, seed: 30), new Tanh<float>(), new Dense<float>(16, 2, seed: 31));
        var y = teacher.Forward(x).Copy();
        foreach (var precision in new[] { Precision.Single, Precision.Mixed })
        {
            var model = new Sequential<float>(new Dense<float>(8, 16, seed: 1, name: "in"), new FeatureGain(16, "gain"), new Tanh<float>(), new Dense<float>(16, 2, seed: 2, name: "out"));
            var trainer = new Trainer(model, new SignSgd(model.Parameters, learningRate: 2e-3), new TrainerOptions(precision));
            double first = trainer.Step(x, y).Loss, last = first;
            for (int step = 1; step < 300; step++) last = trainer.Step(x, y).Loss;
            var gain = trainer.GradientHealth().Layers.Single(l => l.Layer == "gain");
            Console.WriteLine($"{precision,-6} loss {first:F4} → {last:F4} in 300 steps ({trainer.Scaler.SkippedSteps} skipped); health row: {gain.Layer} ({gain.Kind}) grad norm {gain.GradientNorm:0.00e+00}");
        }
        Console.WriteLine();
    }

    /// <summary><c>y = x ⊙ g</c> with a learnable 1×features gain g: <c>dx = dy ⊙ g</c>, <c>dg += Σ_rows dy ⊙ x</c>.</summary>
    private sealed class FeatureGain : ILayer<float>
    {
        private readonly Parameter<float>[] parameters;
        private Matrix<float>? input, output, gradInput;

        public FeatureGain(int features, string name) : this(new Parameter<float>($"{name}.gain", Matrix.Create(1, features, (_, _) => 1f))) { }

        private FeatureGain(Parameter<float> gain)
        {
            Gain = gain;
            parameters = [gain];
        }

        public Parameter<float> Gain { get; }

        public IReadOnlyList<Parameter<float>> Parameters => parameters;

        public Matrix<float> Forward(Matrix<float> x)
        {
            input = x;
            output = output is { } o && o.Rows == x.Rows && o.Columns == x.Columns ? o : new Matrix<float>(x.Rows, x.Columns);
            for (int i = 0; i < x.Rows; i++)
                for (int j = 0; j < x.Columns; j++) output[i, j] = x[i, j] * Gain.Value[0, j];
            return output;
        }

        public Matrix<float> Backward(Matrix<float> dy)
        {
            var x = input ?? throw new InvalidOperationException("FeatureGain.Backward was called before Forward.");
            gradInput = gradInput is { } g && g.Rows == dy.Rows && g.Columns == dy.Columns ? g : new Matrix<float>(dy.Rows, dy.Columns);
            var grad = Gain.AccumulateGrad();
            for (int i = 0; i < dy.Rows; i++)
                for (int j = 0; j < dy.Columns; j++)
                {
                    gradInput[i, j] = dy[i, j] * Gain.Value[0, j];
                    grad[0, j] += dy[i, j] * x[i, j];
                }
            return gradInput;
        }

        public ILayer<float> ShareWeights() => new FeatureGain(Gain);
    }

    /// <summary>signSGD (Bernstein et al. 2018): <c>w ← w − lr·sign(∇)</c>; the base class skips, masks and checks.</summary>
    private sealed class SignSgd(IEnumerable<Parameter<float>> parameters, double learningRate) : Optimizer<float>(parameters)
    {
        protected override void Update(int index, Span<float> value, ReadOnlySpan<float> grad)
        {
            float lr = (float)learningRate;
            for (int i = 0; i < value.Length; i++) value[i] -= lr * MathF.Sign(grad[i]);
        }
    }
}
