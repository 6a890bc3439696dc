using BlasNet;
using BlasNet.Neural;

/// <summary>
/// Mixed precision made visible: a Dense → Tanh → Dense regression whose gradients (≈1e-8 at the
/// hidden layer) are too small for Half. The same model and data are trained in float32, in mixed
/// precision without loss scaling (the health report shows the gradient flushed to zero and the
/// hidden layer starved) and with the GradScaler (nothing underflows, the loss matches float32).
/// </summary>
public static class MixedPrecisionSample
{
    public static void Run()
    {
        Console.WriteLine("== Mixed precision: Half activations, float32 master weights, loss scaling ==");
        var rng = new Random(7);
        var x = Matrix.Create(256, 16, (_, _) => (float)Gaussian(rng));
        var teacher = new Sequential<float>(new Dense<float>(16, 32, seed: 100), new Tanh<float>(), new Dense<float>(32, 4, seed: 101));
        var t = teacher.Forward(x);
        var y = Matrix.Create(256, 4, (i, j) => 0.01f * t[i, j]); // small targets: dL/dy ≈ 1e-5

        double Train(string label, TrainerOptions options, bool printReport)
        {
            var model = Student();
            var trainer = new Trainer(model, new Adam<float>(model.Parameters, new AdamOptions(LearningRate: 0.01, Epsilon: 1e-12)), options);
            for (int step = 0; step < 200; step++)
            {
                trainer.Step(x, y);
                if (step == 0 && printReport)
                {
                    Console.WriteLine($"-- {label}: health after the first step (loss scale {trainer.Scaler.Scale:g})");
                    Console.Write(trainer.GradientHealth().ToTable());
                }
            }
            double loss = new MeanSquaredError<float>().Forward(model.Forward(x), y); // judged in float32 for every run
            Console.WriteLine($"{label,-32} loss after 200 steps: {loss:e4}   skipped steps: {trainer.Scaler.SkippedSteps}");
            return loss;
        }

        double single = Train("float32", new TrainerOptions(Precision.Single), false);
        double unscaled = Train("mixed, no loss scaling", new TrainerOptions(Precision.Mixed, new GradScalerOptions(Enabled: false)), true);
        double scaled = Train("mixed, GradScaler (65536)", new TrainerOptions(Precision.Mixed), true);
        Console.WriteLine($"relative to float32: unscaled {(unscaled - single) / single:+0.00%;-0.00%}, scaled {(scaled - single) / single:+0.00%;-0.00%}");
        Console.WriteLine();
    }

    /// <summary>A student whose output layer starts small (±1e-3), so the gradient reaching the hidden layer is ≈1e-8.</summary>
    private static Sequential<float> Student()
    {
        var rng = new Random(3);
        var head = Matrix.Create(32, 4, (_, _) => (float)(1e-3 * (2 * rng.NextDouble() - 1)));
        return new Sequential<float>(new Dense<float>(16, 32, seed: 1, name: "hidden"), new Tanh<float>(), new Dense<float>(head, new Matrix<float>(1, 4), name: "out"));
    }

    private static double Gaussian(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
