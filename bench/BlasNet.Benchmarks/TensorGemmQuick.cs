using System.Diagnostics;
using System.Numerics.Tensors;

namespace BlasNet.Benchmarks;

/// <summary>
/// `tensor-quick`: GEMM through <see cref="ReadOnlyTensorSpan{T}"/>/<see cref="TensorSpan{T}"/> against the span form with
/// explicit leading dimensions on the same buffers (issue 14's target: within 2 %, 0 bytes). The two forms run in
/// alternating rounds, each round timing a block of calls of each form, so load changes hit both alike; the table reports
/// the median of the per-round ratios and the ratio of each form's best round. A transposed A (strides (1, m)) is timed
/// too: the tensor form must map it to a BLAS transpose, not copy it.
/// </summary>
internal static class TensorGemmQuick
{
    public static int Run(string[] args)
    {
        int rounds = Option(args, "--rounds", 21);
        previous = args.Contains("--previous");
        var sizes = (OptionText(args, "--sizes") ?? "8,64,256").Split(',').Select(int.Parse).ToArray();
        Console.WriteLine($"# provider {BlasProvider.Current.Name}; threads {BlasProvider.Threads}; rounds {rounds}; OPENBLAS_CORETYPE={Environment.GetEnvironmentVariable("OPENBLAS_CORETYPE") ?? "(unset)"}; load average {LoadAverage()}");
        Console.WriteLine("# n, layout: span ms/call, tensor ms/call (tensor spans built once; best rounds), ratio of bests, median round ratio, bytes allocated per tensor call; the tensor form with its three tensor spans built in every call");
        foreach (int n in sizes)
        {
            foreach (bool transposeA in new[] { false, true })
                Measure(n, transposeA, rounds);
        }
        Console.WriteLine($"# load average {LoadAverage()}");
        return 0;
    }

    /// <summary>TEMPORARY (session 19): also time the tensor path as it was before, interleaved, for the before/after figures.</summary>
    private static bool previous;

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

        void SpanForm()
        {
            for (int i = 0; i < calls; i++)
                Blas.Gemm(ta, Transpose.None, n, n, n, 1.0, a, n, b, n, 0.0, c1, n);
        }
        // The tensor spans are built once, as a caller holding tensors has them; building them is the tensor library's
        // cost (timed apart below: System.Numerics.Tensors validates lengths and strides in each constructor).
        void TensorForm()
        {
            var ta = new ReadOnlyTensorSpan<double>(a, 0, [n, n], aStrides);
            var tb = new ReadOnlyTensorSpan<double>(b, [n, n]);
            var tc = new TensorSpan<double>(c2, [n, n]);
            for (int i = 0; i < calls; i++)
                Blas.Gemm(1.0, ta, tb, 0.0, tc);
        }
        void TensorFormBuiltPerCall()
        {
            for (int i = 0; i < calls; i++)
                Blas.Gemm(1.0, new ReadOnlyTensorSpan<double>(a, 0, [n, n], aStrides), new ReadOnlyTensorSpan<double>(b, [n, n]), 0.0, new TensorSpan<double>(c2, [n, n]));
        }

        void PreviousForm()
        {
            var ta = new ReadOnlyTensorSpan<double>(a, 0, [n, n], aStrides);
            var tb = new ReadOnlyTensorSpan<double>(b, [n, n]);
            var tc = new TensorSpan<double>(c2, [n, n]);
            for (int i = 0; i < calls; i++)
                PreviousTensorGemm<double>.GemmByValue(1.0, ta, tb, 0.0, tc);
        }

        SpanForm(); TensorForm(); TensorFormBuiltPerCall();   // warm-up (JIT, provider threads)
        if (previous) PreviousForm();
        var previousRatios = new List<double>();
        var ratios = new List<double>();
        double bestSpan = double.MaxValue, bestTensor = double.MaxValue, bestBuilt = double.MaxValue;
        for (int r = 0; r < rounds; r++)
        {
            double s = Time(SpanForm), t = Time(TensorForm);
            bestSpan = Math.Min(bestSpan, s); bestTensor = Math.Min(bestTensor, t);
            ratios.Add(t / s);
            bestBuilt = Math.Min(bestBuilt, Time(TensorFormBuiltPerCall));
            if (previous) previousRatios.Add(Time(PreviousForm) / Time(SpanForm));
        }
        for (int i = 0; i < c1.Length; i++)
            if (c1[i] != c2[i]) throw new InvalidOperationException($"n = {n}: the tensor form's product differs from the span form's at {i}.");
        long before = GC.GetAllocatedBytesForCurrentThread();
        Blas.Gemm(1.0, new ReadOnlyTensorSpan<double>(a, 0, [n, n], aStrides), new ReadOnlyTensorSpan<double>(b, [n, n]), 0.0, new TensorSpan<double>(c2, [n, n]));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        ratios.Sort(); previousRatios.Sort();
        Console.WriteLine($"tensor n={n} {(transposeA ? "A-transposed" : "plain")}: span {1e3 * bestSpan / calls:F6} ms, tensor {1e3 * bestTensor / calls:F6} ms, ratio of bests {bestTensor / bestSpan:F3}, median ratio {ratios[ratios.Count / 2]:F3}, allocated {allocated} B; tensor spans built per call {1e3 * bestBuilt / calls:F6} ms ({bestBuilt / bestSpan:F3})"
            + (previous ? $"; previous tensor path median ratio {previousRatios[previousRatios.Count / 2]:F3}" : ""));
    }

    private static double Time(Action action)
    {
        double start = ProcessCpuClock.Now();
        action();
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
