using System.Diagnostics;
using BlasNet.Neural;

namespace BlasNet.Benchmarks;

/// <summary>
/// The float32-vs-mixed training step of <see cref="MixedPrecisionBenchmarks"/> (784-256-256-10 ReLU
/// MLP, MSE, Adam) timed without BenchmarkDotNet, for a shared, noisy machine: the two trainers step in
/// alternating rounds (float32 then mixed, then mixed then float32, …) so both see the same load, and
/// the ratio reported is the median of the per-round ratios (and, less sensitive to other jobs, the
/// ratio of each mode's fastest round). Prints per batch size the median step
/// time of each mode (wall and process CPU clock), the median ratio, the memory each keeps after its
/// first step and the bytes the stepping thread allocates per steady-state step.
/// Run: <c>dotnet run -c Release --project bench/BlasNet.Benchmarks -- mixed-quick [--threads 1]
/// [--batches 64,256,1024] [--rounds 15] [--clock cpu|wall]</c>.
/// </summary>
internal static class MixedPrecisionQuick
{
    public static int Run(string[] args)
    {
        int threads = 1, rounds = 15;
        int[] batches = [64, 256, 1024];
        bool cpuClock = true;
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--threads": threads = int.Parse(Next()); break;
                case "--batches": batches = Next().Split(',').Select(int.Parse).ToArray(); break;
                case "--rounds": rounds = int.Parse(Next()); break;
                case "--clock": cpuClock = Next() == "cpu"; break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        }
        if (BlasProvider.CanSetThreads) BlasProvider.Threads = threads;
        var info = BlasProvider.Current;
        Console.WriteLine($"# provider {info.Name} core={info.CoreName ?? "-"}; threads {threads}; clock {(cpuClock ? "cpu" : "wall")}; rounds {rounds}; OPENBLAS_CORETYPE={Environment.GetEnvironmentVariable("OPENBLAS_CORETYPE") ?? "-"}");
        Func<double> clock = cpuClock ? ProcessCpuClock.Now : WallClock;
        foreach (int batch in batches)
        {
            var x = Matrix.Random<float>(batch, 784, seed: 1);
            var y = Matrix.Create(batch, 10, (i, j) => i % 10 == j ? 1f : 0f);
            var single = Create(Precision.Single, x, y, out long singleBytes);
            var mixed = Create(Precision.Mixed, x, y, out long mixedBytes);
            long singleAlloc = AllocatedPerStep(single, x, y), mixedAlloc = AllocatedPerStep(mixed, x, y);
            // Steps per round: about 50 ms of work per mode.
            double t0 = clock();
            single.Step(x, y);
            int steps = (int)Math.Clamp(0.05 / Math.Max(clock() - t0, 1e-6), 2, 500);
            var singleTimes = new List<double>();
            var mixedTimes = new List<double>();
            var ratios = new List<double>();
            for (int r = 0; r < rounds; r++)
            {
                double s, m;
                if (r % 2 == 0) { s = Time(single, x, y, steps, clock); m = Time(mixed, x, y, steps, clock); }
                else { m = Time(mixed, x, y, steps, clock); s = Time(single, x, y, steps, clock); }
                singleTimes.Add(s);
                mixedTimes.Add(m);
                ratios.Add(m / s);
            }
            Console.WriteLine($"batch {batch}: float32 {Median(singleTimes) * 1e3:F3} ms, mixed {Median(mixedTimes) * 1e3:F3} ms, " +
                $"ratio {Median(ratios):F3} (rounds: min {ratios.Min():F3}, max {ratios.Max():F3}); " +
                // The fastest round of each mode is the one least disturbed by other jobs on a shared machine.
                $"best float32 {singleTimes.Min() * 1e3:F3} ms, best mixed {mixedTimes.Min() * 1e3:F3} ms, ratio of bests {mixedTimes.Min() / singleTimes.Min():F3}; " +
                $"retained float32 {singleBytes:N0} B, mixed {mixedBytes:N0} B ({100.0 * (mixedBytes - singleBytes) / singleBytes:+0;-0} %); " +
                $"allocated per step float32 {singleAlloc} B, mixed {mixedAlloc} B");
        }
        return 0;
    }

    /// <summary>The 784-256-256-10 MLP trainer after its first step, and the bytes it retains (also the BenchmarkDotNet class's setup).</summary>
    internal static Trainer Create(Precision precision, Matrix<float> x, Matrix<float> y, out long retained)
    {
        long before = GC.GetTotalMemory(forceFullCollection: true);
        var model = new Sequential<float>(
            new Dense<float>(784, 256, seed: 1), new Relu<float>(),
            new Dense<float>(256, 256, seed: 2), new Relu<float>(),
            new Dense<float>(256, 10, seed: 3));
        var trainer = new Trainer(model, new Adam<float>(model.Parameters), new TrainerOptions(precision));
        trainer.Step(x, y);
        retained = GC.GetTotalMemory(forceFullCollection: true) - before;
        return trainer;
    }

    private static long AllocatedPerStep(Trainer trainer, Matrix<float> x, Matrix<float> y)
    {
        trainer.Step(x, y);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 4; i++) trainer.Step(x, y);
        return (GC.GetAllocatedBytesForCurrentThread() - before) / 4;
    }

    private static double Time(Trainer trainer, Matrix<float> x, Matrix<float> y, int steps, Func<double> clock)
    {
        double t0 = clock();
        for (int i = 0; i < steps; i++) trainer.Step(x, y);
        return (clock() - t0) / steps;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static readonly Stopwatch Wall = Stopwatch.StartNew();
    private static double WallClock() => Wall.Elapsed.TotalSeconds;
}
