using System.Diagnostics;
using BlasNet.Neural;
using BlasNet.Providers;

namespace BlasNet.Benchmarks;

/// <summary>
/// A quick Stopwatch table of the affine map's hot paths, for before/after comparisons of a refactor
/// (best of repeated timings, one thread): a <see cref="Dense{T}"/> and a half-connected
/// <see cref="MaskedDense{T}"/> 784→256 forward + backward, and one <see cref="Trainer"/> step of the
/// 784-256-256-10 ReLU MLP in float32 and in mixed precision. Prints
/// <c>affine &lt;case&gt; &lt;batch&gt; &lt;ms per call&gt; &lt;bytes allocated per call&gt;</c>.
/// Run: <c>dotnet run -c Release --project bench/BlasNet.Benchmarks -- affine-quick [--batch 256] [--budget-ms 1500] [--clock cpu]</c>.
/// </summary>
internal static class AffineQuick
{
    public static int Run(string[] args)
    {
        int batch = 256, budgetMs = 1500;
        bool cpuClock = false;
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--batch": batch = int.Parse(Next()); break;
                case "--budget-ms": budgetMs = int.Parse(Next()); break;
                case "--clock": cpuClock = Next() == "cpu"; break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        }
        var info = BlasProvider.Current;
        GemmThreads.Apply(1);
        Console.WriteLine($"# provider {info.Name} core={info.CoreName ?? "-"}; threads 1; clock {(cpuClock ? "cpu" : "wall")}; OPENBLAS_CORETYPE={Environment.GetEnvironmentVariable("OPENBLAS_CORETYPE") ?? "-"}");
        Func<double> clock = cpuClock ? ProcessCpuClock.Now : () => Wall.Elapsed.TotalSeconds;

        var x = Matrix.Random<float>(batch, 784, seed: 1);
        var dy = Matrix.Random<float>(batch, 256, seed: 2);
        var dense = new Dense<float>(784, 256, seed: 3);
        var connections = Matrix.Create(784, 256, (i, j) => (i + j) % 2 == 0 ? 1f : 0f);
        var masked = new MaskedDense<float>(connections, seed: 3);
        Report("dense-fwd-bwd", batch, () => { dense.Forward(x); dense.Backward(dy); dense.Weight.ZeroGrad(); dense.Bias!.ZeroGrad(); }, budgetMs, clock);
        Report("masked-fwd-bwd", batch, () => { masked.Forward(x); masked.Backward(dy); masked.Weight.ZeroGrad(); masked.Bias!.ZeroGrad(); }, budgetMs, clock);

        var y = Matrix.Create(batch, 10, (i, j) => i % 10 == j ? 1f : 0f);
        foreach (var precision in new[] { Precision.Single, Precision.Mixed })
        {
            var model = new Sequential<float>(
                new Dense<float>(784, 256, seed: 1), new Relu<float>(),
                new Dense<float>(256, 256, seed: 2), new Relu<float>(),
                new Dense<float>(256, 10, seed: 3));
            var trainer = new Trainer(model, new Adam<float>(model.Parameters), new TrainerOptions(precision));
            Report(precision == Precision.Single ? "mlp-step-float32" : "mlp-step-mixed", batch, () => trainer.Step(x, y), budgetMs, clock);
        }
        return 0;
    }

    private static readonly Stopwatch Wall = Stopwatch.StartNew();

    private static void Report(string name, int batch, Action call, int budgetMs, Func<double> clock)
    {
        double seconds = BestSeconds(call, budgetMs, clock);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++) call();
        double bytes = (GC.GetAllocatedBytesForCurrentThread() - before) / 10.0;
        Console.WriteLine($"affine {name} {batch} {seconds * 1e3:F3} {bytes:F0}");
    }

    private static double BestSeconds(Action call, int budgetMs, Func<double> clock)
    {
        for (int i = 0; i < 3; i++) call();
        double t0 = clock();
        call();
        double one = Math.Max(clock() - t0, 1e-9);
        int repeat = (int)Math.Clamp(0.02 / one, 1, 100_000);
        double best = double.MaxValue, start = clock();
        for (int rep = 0; rep < 5 || clock() - start < budgetMs / 1000.0; rep++)
        {
            t0 = clock();
            for (int i = 0; i < repeat; i++) call();
            best = Math.Min(best, (clock() - t0) / repeat);
            if (rep > 500) break;
        }
        return best;
    }
}
