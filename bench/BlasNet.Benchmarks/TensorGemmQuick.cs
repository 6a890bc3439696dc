using System.Diagnostics;
using System.Numerics.Tensors;

namespace BlasNet.Benchmarks;

/// <summary>
/// `tensor-quick`: GEMM through <see cref="ReadOnlyTensorSpan{T}"/>/<see cref="TensorSpan{T}"/> against the span form with
/// explicit leading dimensions on the same buffers (issue 14's target: within 2 %, 0 bytes). The two forms run in
/// alternating rounds, each round timing a block of calls of each form, so load changes hit both alike; the table reports
/// the median of the per-round ratios, the median of the block-pair ratios (each round alternates the forms in ~1 ms
/// blocks) and the ratio of each form's best round. A transposed A (strides (1, m)) is timed
/// too: the tensor form must map it to a BLAS transpose, not copy it.
/// </summary>
internal static class TensorGemmQuick
{
    public static int Run(string[] args)
    {
        int rounds = Option(args, "--rounds", 21);
        var sizes = (OptionText(args, "--sizes") ?? "8,64,256").Split(',').Select(int.Parse).ToArray();
        Console.WriteLine($"# provider {BlasProvider.Current.Name}; threads {BlasProvider.Threads}; rounds {rounds}; OPENBLAS_CORETYPE={Environment.GetEnvironmentVariable("OPENBLAS_CORETYPE") ?? "(unset)"}; load average {LoadAverage()}");
        Console.WriteLine("# n, layout: span ms/call, tensor ms/call (tensor spans built once; best rounds), ratio of bests, median round ratio, median block-pair ratio, bytes allocated per tensor call; the tensor form with its three tensor spans built in every call");
        foreach (int n in sizes)
        {
            foreach (bool transposeA in new[] { false, true })
                Measure(n, transposeA, rounds);
        }
        Console.WriteLine($"# load average {LoadAverage()}");
        return 0;
    }

    private static void Measure(int n, bool transposeA, int rounds)
    {
        var rng = new Random(7);
        double[] a = Enumerable.Range(0, n * n).Select(_ => rng.NextDouble() - 0.5).ToArray();
        double[] b = Enumerable.Range(0, n * n).Select(_ => rng.NextDouble() - 0.5).ToArray();
        double[] c1 = new double[n * n], c2 = new double[n * n];
        // Calls per round: about 20 ms of work per form.
        double flops = 2.0 * n * n * n;
        int calls = (int)Math.Clamp(2e8 / flops, 1, 200_000);
        var ta = transposeA ? Transpose.Transposed : Transpose.None;
        nint[] aStrides = transposeA ? [1, n] : [n, 1];

        void SpanForm(int count)
        {
            for (int i = 0; i < count; i++)
                Blas.Gemm(ta, Transpose.None, n, n, n, 1.0, a, n, b, n, 0.0, c1, n);
        }
        // The tensor spans are built once, as a caller holding tensors has them; building them is the tensor library's
        // cost (timed apart below: System.Numerics.Tensors validates lengths and strides in each constructor).
        void TensorForm(int count)
        {
            var ta = new ReadOnlyTensorSpan<double>(a, 0, [n, n], aStrides);
            var tb = new ReadOnlyTensorSpan<double>(b, [n, n]);
            var tc = new TensorSpan<double>(c2, [n, n]);
            for (int i = 0; i < count; i++)
                Blas.Gemm(1.0, ta, tb, 0.0, tc);
        }
        void TensorFormBuiltPerCall(int count)
        {
            for (int i = 0; i < count; i++)
                Blas.Gemm(1.0, new ReadOnlyTensorSpan<double>(a, 0, [n, n], aStrides), new ReadOnlyTensorSpan<double>(b, [n, n]), 0.0, new TensorSpan<double>(c2, [n, n]));
        }

        SpanForm(calls); TensorForm(calls); TensorFormBuiltPerCall(calls);   // warm-up (JIT, provider threads)
        // Each round is cut into short blocks (~1 ms) that alternate the forms, the order turning every block, so a
        // change of load or clock hits both forms within a millisecond; a block pair's ratio is one sample, and the
        // median over all pairs leaves out the pairs a preemption or another job's burst fell into.
        const int Pairs = 20;
        int block = Math.Max(1, calls / Pairs);
        Action<int>[] forms = [SpanForm, TensorForm];
        var blockTime = new double[forms.Length];
        var ratios = new List<double>();
        var pairRatios = new List<double>();
        double bestSpan = double.MaxValue, bestTensor = double.MaxValue, bestBuilt = double.MaxValue;
        for (int r = 0; r < rounds; r++)
        {
            double s = 0, t = 0;
            for (int p = 0; p < Pairs; p++)
            {
                for (int f = 0; f < forms.Length; f++)
                {
                    int form = (f + p) % forms.Length;
                    blockTime[form] = Time(forms[form], block);
                }
                s += blockTime[0]; t += blockTime[1];
                pairRatios.Add(blockTime[1] / blockTime[0]);
            }
            bestSpan = Math.Min(bestSpan, s); bestTensor = Math.Min(bestTensor, t);
            ratios.Add(t / s);
            bestBuilt = Math.Min(bestBuilt, Time(TensorFormBuiltPerCall, block * Pairs));
        }
        for (int i = 0; i < c1.Length; i++)
            if (c1[i] != c2[i]) throw new InvalidOperationException($"n = {n}: the tensor form's product differs from the span form's at {i}.");
        long before = GC.GetAllocatedBytesForCurrentThread();
        Blas.Gemm(1.0, new ReadOnlyTensorSpan<double>(a, 0, [n, n], aStrides), new ReadOnlyTensorSpan<double>(b, [n, n]), 0.0, new TensorSpan<double>(c2, [n, n]));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        int perRound = block * Pairs;
        Console.WriteLine($"tensor n={n} {(transposeA ? "A-transposed" : "plain")}: span {1e3 * bestSpan / perRound:F6} ms, tensor {1e3 * bestTensor / perRound:F6} ms, ratio of bests {bestTensor / bestSpan:F3}, median ratio {Median(ratios):F3}, median block-pair ratio {Median(pairRatios):F3}, allocated {allocated} B; tensor spans built per call {1e3 * bestBuilt / perRound:F6} ms ({bestBuilt / bestSpan:F3})");
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }

    private static double Time(Action<int> action, int count)
    {
        double start = ProcessCpuClock.Now();
        action(count);
        return ProcessCpuClock.Now() - start;
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    private static int Option(string[] args, string name, int fallback) => OptionText(args, name) is { } s ? int.Parse(s) : fallback;

    private static string? OptionText(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
