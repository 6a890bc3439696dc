using System.Numerics.Tensors;
using BlasNet.Neural;

namespace BlasNet.Benchmarks;

/// <summary>
/// Where the mixed-precision step's extra time goes, for a shared, noisy machine: the passes of the
/// 784-256-256-10 ReLU MLP of <see cref="MixedPrecisionQuick"/> timed separately in both precisions
/// (forward; backward with dL/dx of the input), plus the rounding of a weight-sized gradient through
/// Half (the two vectorized conversions against the one-pass <c>HalfRoundTrip</c>). Each figure is
/// the best of interleaved repetitions on the process CPU clock (the least disturbed one), so ratios
/// compare like with like inside one run.
/// Run: <c>dotnet run -c Release --project bench/BlasNet.Benchmarks -- mixed-parts [--threads 1]
/// [--batches 256,1024] [--repeats 41]</c>.
/// </summary>
internal static class MixedPartsQuick
{
    public static int Run(string[] args)
    {
        int threads = 1, repeats = 41, steps = 0;
        Precision precision = Precision.Mixed;
        int[] batches = [256, 1024];
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--threads": threads = int.Parse(Next()); break;
                case "--batches": batches = Next().Split(',').Select(int.Parse).ToArray(); break;
                case "--repeats": repeats = int.Parse(Next()); break;
                // Only step one trainer this many times (for a profiler): --steps 2000 --precision mixed|single.
                case "--steps": steps = int.Parse(Next()); break;
                case "--precision": precision = Enum.Parse<Precision>(Next(), ignoreCase: true); break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        }
        if (BlasProvider.CanSetThreads) BlasProvider.Threads = threads;
        var info = BlasProvider.Current;
        Console.WriteLine($"# provider {info.Name} core={info.CoreName ?? "-"}; threads {threads}; clock cpu; best of {repeats}");
        if (steps > 0) return StepOnly(precision, batches[0], steps);

        // A weight gradient's worth of values (784×256) with gradient-like magnitudes, some below Half's range.
        var rng = new Random(5);
        var gradient = Enumerable.Range(0, 784 * 256).Select(_ => (float)((rng.Next(2) * 2 - 1) * Math.Pow(10, -9 + 8 * rng.NextDouble()))).ToArray();
        var rounded = new float[gradient.Length];
        var half = new Half[gradient.Length];
        double twoPass = double.MaxValue, onePass = double.MaxValue;
        for (int r = 0; r < repeats; r++)
        {
            twoPass = Math.Min(twoPass, Time(() =>
            {
                TensorPrimitives.ConvertToHalf(gradient, half);
                TensorPrimitives.ConvertToSingle(half, rounded);
            }, 5));
            onePass = Math.Min(onePass, Time(() => HalfRoundTrip.Round(gradient, rounded), 5));
        }
        Console.WriteLine($"round 784×256 through Half: two conversions {twoPass * 1e3:F3} ms, one pass {onePass * 1e3:F3} ms ({twoPass / onePass:F2}× faster)");

        foreach (int batch in batches)
        {
            var x = Matrix.Random<float>(batch, 784, seed: 1);
            var dy = Matrix.Random<float>(batch, 10, seed: 2);
            var model = new Sequential<float>(
                new Dense<float>(784, 256, seed: 1), new Relu<float>(),
                new Dense<float>(256, 256, seed: 2), new Relu<float>(),
                new Dense<float>(256, 10, seed: 3));
            var mixed = new MixedPrecisionModel(model);
            double f32Forward = double.MaxValue, f32Backward = double.MaxValue, mixedForward = double.MaxValue, mixedBackward = double.MaxValue;
            for (int r = 0; r < repeats; r++)
            {
                f32Forward = Math.Min(f32Forward, Time(() => model.Forward(x), 1));
                f32Backward = Math.Min(f32Backward, Time(() => { Layer.ZeroGrad(model); model.Backward(dy); }, 1));
                mixedForward = Math.Min(mixedForward, Time(() => mixed.Forward(x), 1));
                mixedBackward = Math.Min(mixedBackward, Time(() => { Layer.ZeroGrad(model); mixed.Backward(dy, 1024); }, 1));
            }
            Console.WriteLine($"batch {batch}: forward float32 {f32Forward * 1e3:F3} ms, mixed {mixedForward * 1e3:F3} ms ({mixedForward / f32Forward:F3}×); " +
                $"backward float32 {f32Backward * 1e3:F3} ms, mixed {mixedBackward * 1e3:F3} ms ({mixedBackward / f32Backward:F3}×)");
        }
        return 0;
    }

    private static int StepOnly(Precision precision, int batch, int steps)
    {
        var x = Matrix.Random<float>(batch, 784, seed: 1);
        var y = Matrix.Create(batch, 10, (i, j) => i % 10 == j ? 1f : 0f);
        var model = new Sequential<float>(
            new Dense<float>(784, 256, seed: 1), new Relu<float>(),
            new Dense<float>(256, 256, seed: 2), new Relu<float>(),
            new Dense<float>(256, 10, seed: 3));
        var trainer = new Trainer(model, new Adam<float>(model.Parameters), new TrainerOptions(precision));
        double t0 = ProcessCpuClock.Now();
        for (int i = 0; i < steps; i++) trainer.Step(x, y);
        Console.WriteLine($"{precision} batch {batch}: {(ProcessCpuClock.Now() - t0) / steps * 1e3:F3} ms per step (CPU)");
        return 0;
    }

    private static double Time(Action action, int times)
    {
        double t0 = ProcessCpuClock.Now();
        for (int i = 0; i < times; i++) action();
        return (ProcessCpuClock.Now() - t0) / times;
    }
}
