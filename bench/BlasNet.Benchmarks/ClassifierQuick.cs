using System.Diagnostics;
using BlasNet.Neural;

namespace BlasNet.Benchmarks;

/// <summary>
/// One training step of a 784-256-256-10 ReLU classifier, float32: zero-grad, forward,
/// <see cref="SoftmaxCrossEntropy{T}"/> on class labels, backward of the parameters only (no gradient
/// for the input data, as in PyTorch), <see cref="Adam{T}"/> (lr 1e-3). The PyTorch peer is
/// bench/peers/classifier_torch.py with the same shapes, loss, optimizer, batch and threads. Prints the
/// median step time over 7 repeats of ~0.2 s and the bytes the stepping thread allocates per step.
/// Run: <c>dotnet run -c Release --project bench/BlasNet.Benchmarks -- classifier-quick [--threads 1]
/// [--batch 128] [--clock cpu|wall]</c>.
/// </summary>
internal static class ClassifierQuick
{
    public static int Run(string[] args)
    {
        int threads = 1, batch = 128;
        bool cpuClock = true;
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--threads": threads = int.Parse(Next()); break;
                case "--batch": batch = int.Parse(Next()); break;
                case "--clock": cpuClock = Next() == "cpu"; break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        }
        if (BlasProvider.CanSetThreads) BlasProvider.Threads = threads;
        var info = BlasProvider.Current;
        Func<double> clock = cpuClock ? ProcessCpuClock.Now : () => Wall.Elapsed.TotalSeconds;

        var model = new Sequential<float>(
            new Dense<float>(784, 256, seed: 1), new Relu<float>(),
            new Dense<float>(256, 256, seed: 2), new Relu<float>(),
            new Dense<float>(256, 10, seed: 3));
        var adam = new Adam<float>(model.Parameters);
        var loss = new SoftmaxCrossEntropy<float>();
        var x = Matrix.Random<float>(batch, 784, 4);
        int[] labels = Enumerable.Range(0, batch).Select(i => i % 10).ToArray();

        double Step()
        {
            adam.ZeroGrad();
            double value = loss.Forward(model.Forward(x), labels);
            model.BackwardParameters(loss.Backward());
            adam.Step();
            return value;
        }

        for (int i = 0; i < 30; i++) Step();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 5; i++) Step();
        long allocated = (GC.GetAllocatedBytesForCurrentThread() - before) / 5;
        double t0 = clock();
        Step();
        int steps = (int)Math.Clamp(0.2 / Math.Max(clock() - t0, 1e-6), 2, 10_000);
        var perStep = new List<double>();
        for (int r = 0; r < 7; r++)
        {
            double start = clock();
            for (int i = 0; i < steps; i++) Step();
            perStep.Add((clock() - start) / steps);
        }
        perStep.Sort();
        Console.WriteLine($"BlasNet {info.Name} core={info.CoreName ?? "-"} threads={threads} batch={batch} clock={(cpuClock ? "cpu" : "wall")}: " +
            $"{perStep[3] * 1e3:F3} ms/step median (min {perStep[0] * 1e3:F3} ms), {allocated} B allocated per step; OPENBLAS_CORETYPE={Environment.GetEnvironmentVariable("OPENBLAS_CORETYPE") ?? "-"}");
        return 0;
    }

    private static readonly Stopwatch Wall = Stopwatch.StartNew();
}
