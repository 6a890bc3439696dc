using BlasNet;
using BlasNet.Neural;

/// <summary>
/// BERT's pooler in miniature, trained in mixed precision: an encoder block (Dense → GELU → LayerNorm),
/// the pooler (Dense → Tanh) and a classification head, with softmax cross-entropy on class labels. The
/// head starts tiny (±1e-5, as a freshly added head on a pretrained encoder is small), so the gradient
/// reaching the pooler is ≈1e-8 per entry: below Half's range. Without loss scaling the health report
/// shows most of it flushed to zero, and what survives is distorted (Half's subnormals round 4e-8 up
/// to 6e-8), so the first-step gradient norms of the encoder are off by a factor and the run drifts
/// from float32; with the GradScaler nothing underflows and the run follows float32.
/// </summary>
public static class PoolerSample
{
    private const int Batch = 256, Features = 16, Hidden = 32, Classes = 3, Steps = 120;

    public static void Run()
    {
        Console.WriteLine("== BERT pooler in mixed precision: Dense → GELU → LayerNorm → Dense → Tanh → head, cross-entropy ==");
        var (x, labels) = Data();

        var (single, reference) = Train("float32", x, labels, new TrainerOptions(Precision.Single), printReport: false);
        var (unscaled, unscaledReport) = Train("mixed, no loss scaling", x, labels, new TrainerOptions(Precision.Mixed, new GradScalerOptions(Enabled: false)), printReport: true);
        var (scaled, scaledReport) = Train("mixed, GradScaler (65536)", x, labels, new TrainerOptions(Precision.Mixed), printReport: true);
        Console.WriteLine($"first-step gradient norms against float32's, worst layer: unscaled {WorstRatio(unscaledReport, reference)}, scaled {WorstRatio(scaledReport, reference)}");
        Console.WriteLine($"loss after {Steps} steps relative to float32: unscaled {(unscaled - single) / single:+0.00%;-0.00%}, scaled {(scaled - single) / single:+0.00%;-0.00%}");
        Console.WriteLine();
    }

    /// <summary>The layer whose first-step gradient norm is furthest (as a ratio) from float32's: flushed entries shrink it, Half subnormals inflate it.</summary>
    private static string WorstRatio(GradientHealthReport mixed, GradientHealthReport reference)
    {
        string worst = "-";
        double worstFactor = 1;
        foreach (var row in mixed.Layers)
        {
            var expected = reference.Layers.First(r => r.Layer == row.Layer).GradientNorm;
            if (row.GradientNorm is not { } actual || expected is not { } truth || truth == 0) continue;
            double ratio = actual / truth, factor = Math.Max(ratio, 1 / ratio);
            if (factor >= worstFactor) (worstFactor, worst) = (factor, $"{row.Layer} ×{ratio:0.000}");
        }
        return worst;
    }

    private static (double Loss, GradientHealthReport FirstStep) Train(string label, Matrix<float> x, int[] labels, TrainerOptions options, bool printReport)
    {
        var model = Model();
        var trainer = new Trainer<int[]>(model, new Adam<float>(model.Parameters, new AdamOptions(LearningRate: 3e-3)), new SoftmaxCrossEntropy<float>(), options);
        GradientHealthReport? first = null;
        for (int step = 0; step < Steps; step++)
        {
            trainer.Step(x, labels);
            if (step > 0) continue;
            first = trainer.GradientHealth();
            if (printReport)
            {
                Console.WriteLine($"-- {label}: health after the first step (loss scale {trainer.Scaler.Scale:g})");
                Console.Write(first.ToTable());
            }
        }
        // Judged in float32 for every run: the same loss on the same data.
        var logits = model.Forward(x);
        double loss = new SoftmaxCrossEntropy<float>().Forward(logits, labels);
        int correct = 0;
        for (int i = 0; i < Batch; i++)
        {
            int best = 0;
            for (int j = 1; j < Classes; j++) if (logits[i, j] > logits[i, best]) best = j;
            if (best == labels[i]) correct++;
        }
        Console.WriteLine($"{label,-28} loss after {Steps} steps: {loss:F4}   accuracy {(double)correct / Batch:P1}   skipped steps: {trainer.Scaler.SkippedSteps}");
        return (loss, first!);
    }

    private static Sequential<float> Model()
    {
        var rng = new Random(5);
        var head = Matrix.Create(Hidden, Classes, (_, _) => (float)(1e-5 * (2 * rng.NextDouble() - 1)));
        return new Sequential<float>(
            new Dense<float>(Features, Hidden, seed: 1, name: "encoder"), new Gelu<float>(), new LayerNorm<float>(Hidden, name: "encoder_norm"),
            new Dense<float>(Hidden, Hidden, seed: 2, name: "pooler"), new Tanh<float>(),
            new Dense<float>(head, new Matrix<float>(1, Classes), name: "head"));
    }

    /// <summary>Three classes decided by a nonlinear function of the inputs, so the encoder and pooler have to learn too.</summary>
    private static (Matrix<float> X, int[] Labels) Data()
    {
        var rng = new Random(11);
        var x = Matrix.Create(Batch, Features, (_, _) => (float)(2 * rng.NextDouble() - 1));
        var labels = new int[Batch];
        for (int i = 0; i < Batch; i++)
        {
            double a = x[i, 0] * x[i, 1] + 0.5 * x[i, 2], b = x[i, 3] * x[i, 3] - 0.3;
            labels[i] = a > 0.1 ? 0 : b > 0 ? 1 : 2;
        }
        return (x, labels);
    }
}
