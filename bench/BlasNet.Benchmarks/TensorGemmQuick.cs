using System.Diagnostics;
using System.Numerics;
using System.Numerics.Tensors;

namespace BlasNet.Benchmarks;

/// <summary>
/// `tensor-quick`: GEMM through <see cref="ReadOnlyTensorSpan{T}"/>/<see cref="TensorSpan{T}"/> against the span form with
/// explicit leading dimensions on the same buffers (issue 14's target: within 2 %, 0 bytes). The two forms run in
/// alternating rounds, each round timing a block of calls of each form, so load changes hit both alike; the table reports
/// the median of the per-round ratios, the median of the block-pair ratios (each round alternates the forms in ~1 ms
/// blocks) and the ratio of each form's best round. A transposed A (strides (1, m)) is timed
/// too: the tensor form must map it to a BLAS transpose, not copy it. `--types double,float` (default double); both forms
/// write one C array unless `--c-buffers separate`. A third, diagnostic form (the internal tensor path with the tensor spans
/// passed by reference) runs in the same alternation and is reported as its own ratio to the span form: it tells the
/// caller's copies of the public overloads' by-value tensor spans from the tensor path's own cost (`tensor-parts` splits
/// the latter further).
/// </summary>
internal static class TensorGemmQuick
{
    public static int Run(string[] args)
    {
        int rounds = Option(args, "--rounds", 21);
        var sizes = (OptionText(args, "--sizes") ?? "8,64,256").Split(',').Select(int.Parse).ToArray();
        var types = (OptionText(args, "--types") ?? "double").Split(',');
        s_separateC = (OptionText(args, "--c-buffers") ?? "shared") switch
        {
            "shared" => false,
            "separate" => true,
            var other => throw new ArgumentException($"--c-buffers takes shared or separate, not {other}."),
        };
        var provider = BlasProvider.Current;
        Console.WriteLine($"# provider {provider.Name} core={provider.CoreName ?? "-"} config={provider.Config}; threads {BlasProvider.Threads}; rounds {rounds}; OPENBLAS_CORETYPE={Environment.GetEnvironmentVariable("OPENBLAS_CORETYPE") ?? "(unset)"}; C buffers {(s_separateC ? "separate" : "shared")}; load average {LoadAverage()}");
        Console.WriteLine("# n, layout: span ms/call, tensor ms/call (tensor spans built once; best rounds), ratio of bests, median round ratio, median block-pair ratio, bytes allocated per tensor call; the tensor form with its three tensor spans built in every call; "
            + "diagnostic: median block-pair ratio of the internal TensorGemm<T>.Gemm with the three tensor spans passed by reference (`in`) to the span form, i.e. the tensor path without the caller's copies of its by-value arguments");
        foreach (string type in types)
            foreach (int n in sizes)
            {
                foreach (bool transposeA in new[] { false, true })
                {
                    if (type == "double") MeasureDouble(n, transposeA, rounds);
                    else if (type == "float") MeasureFloat(n, transposeA, rounds);
                    else throw new ArgumentException($"--types takes double and float, not {type}.");
                }
            }
        Console.WriteLine($"# load average {LoadAverage()}");
        return 0;
    }

    /// <summary>The operands and the forms timed on them: the span form, the public tensor form, and the diagnostic one.</summary>
    private sealed record Forms<T>(T[] A, T[] B, T[] C1, T[] C2, Action<int> Span, Action<int> Tensor, Action<int> TensorByReference, Action<int> TensorBuiltPerCall);

    /// <summary>Whether the tensor form writes a C array of its own (before session 45 it did): `--c-buffers separate`.</summary>
    private static bool s_separateC;

    private static void MeasureDouble(int n, bool transposeA, int rounds)
    {
        var rng = new Random(7);
        double[] a = Enumerable.Range(0, n * n).Select(_ => rng.NextDouble() - 0.5).ToArray();
        double[] b = Enumerable.Range(0, n * n).Select(_ => rng.NextDouble() - 0.5).ToArray();
        // One C for both forms unless --c-buffers separate: products this small run at the speed the C buffer's alignment
        // allows (the managed kernel's vector stores; MKL and OpenBLAS pick kernels by it), which two arrays need not share.
        double[] c1 = new double[n * n], c2 = s_separateC ? new double[n * n] : c1;
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
        void TensorByReference(int count)
        {
            var ta = new ReadOnlyTensorSpan<double>(a, 0, [n, n], aStrides);
            var tb = new ReadOnlyTensorSpan<double>(b, [n, n]);
            var tc = new TensorSpan<double>(c2, [n, n]);
            for (int i = 0; i < count; i++)
                TensorGemm<double>.Gemm(1.0, in ta, in tb, 0.0, in tc);
        }
        void TensorFormBuiltPerCall(int count)
        {
            for (int i = 0; i < count; i++)
                Blas.Gemm(1.0, new ReadOnlyTensorSpan<double>(a, 0, [n, n], aStrides), new ReadOnlyTensorSpan<double>(b, [n, n]), 0.0, new TensorSpan<double>(c2, [n, n]));
        }
        Measure(n, transposeA, rounds, new Forms<double>(a, b, c1, c2, SpanForm, TensorForm, TensorByReference, TensorFormBuiltPerCall));
    }

    private static void MeasureFloat(int n, bool transposeA, int rounds)
    {
        var rng = new Random(7);
        float[] a = Enumerable.Range(0, n * n).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
        float[] b = Enumerable.Range(0, n * n).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
        // One C for both forms unless --c-buffers separate: products this small run at the speed the C buffer's alignment
        // allows (the managed kernel's vector stores; MKL and OpenBLAS pick kernels by it), which two arrays need not share.
        float[] c1 = new float[n * n], c2 = s_separateC ? new float[n * n] : c1;
        var ta = transposeA ? Transpose.Transposed : Transpose.None;
        nint[] aStrides = transposeA ? [1, n] : [n, 1];

        void SpanForm(int count)
        {
            for (int i = 0; i < count; i++)
                Blas.Gemm(ta, Transpose.None, n, n, n, 1f, a, n, b, n, 0f, c1, n);
        }
        void TensorForm(int count)
        {
            var ta = new ReadOnlyTensorSpan<float>(a, 0, [n, n], aStrides);
            var tb = new ReadOnlyTensorSpan<float>(b, [n, n]);
            var tc = new TensorSpan<float>(c2, [n, n]);
            for (int i = 0; i < count; i++)
                Blas.Gemm(1f, ta, tb, 0f, tc);
        }
        void TensorByReference(int count)
        {
            var ta = new ReadOnlyTensorSpan<float>(a, 0, [n, n], aStrides);
            var tb = new ReadOnlyTensorSpan<float>(b, [n, n]);
            var tc = new TensorSpan<float>(c2, [n, n]);
            for (int i = 0; i < count; i++)
                TensorGemm<float>.Gemm(1f, in ta, in tb, 0f, in tc);
        }
        void TensorFormBuiltPerCall(int count)
        {
            for (int i = 0; i < count; i++)
                Blas.Gemm(1f, new ReadOnlyTensorSpan<float>(a, 0, [n, n], aStrides), new ReadOnlyTensorSpan<float>(b, [n, n]), 0f, new TensorSpan<float>(c2, [n, n]));
        }
        Measure(n, transposeA, rounds, new Forms<float>(a, b, c1, c2, SpanForm, TensorForm, TensorByReference, TensorFormBuiltPerCall));
    }

    private static void Measure<T>(int n, bool transposeA, int rounds, Forms<T> forms) where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Calls per round: about 20 ms of work per form.
        double flops = 2.0 * n * n * n;
        int calls = (int)Math.Clamp(2e8 / flops, 1, 200_000);

        forms.Span(calls); forms.Tensor(calls); forms.TensorByReference(calls); forms.TensorBuiltPerCall(calls);   // warm-up (JIT, provider threads)
        // Each round is cut into short blocks (~1 ms) that alternate the forms, the order turning every block, so a
        // change of load or clock hits both forms within a millisecond; a block pair's ratio is one sample, and the
        // median over all pairs leaves out the pairs a preemption or another job's burst fell into.
        const int Pairs = 20;
        int block = Math.Max(1, calls / Pairs);
        Action<int>[] timed = [forms.Span, forms.Tensor, forms.TensorByReference];
        var blockTime = new double[timed.Length];
        var ratios = new List<double>();
        var pairRatios = new List<double>();
        var byReferenceRatios = new List<double>();
        double bestSpan = double.MaxValue, bestTensor = double.MaxValue, bestBuilt = double.MaxValue;
        for (int r = 0; r < rounds; r++)
        {
            double s = 0, t = 0;
            for (int p = 0; p < Pairs; p++)
            {
                for (int f = 0; f < timed.Length; f++)
                {
                    int form = (f + p) % timed.Length;
                    blockTime[form] = Time(timed[form], block);
                }
                s += blockTime[0]; t += blockTime[1];
                pairRatios.Add(blockTime[1] / blockTime[0]);
                byReferenceRatios.Add(blockTime[2] / blockTime[0]);
            }
            bestSpan = Math.Min(bestSpan, s); bestTensor = Math.Min(bestTensor, t);
            ratios.Add(t / s);
            bestBuilt = Math.Min(bestBuilt, Time(forms.TensorBuiltPerCall, block * Pairs));
        }
        // Each form's product taken right after its own call (β = 0: the call overwrites C), so a shared C checks them too.
        forms.Span(1);
        T[] spanProduct = forms.C1.ToArray();
        forms.Tensor(1);
        T[] tensorProduct = forms.C2.ToArray();
        string agreement = CheckProducts(n, transposeA, forms.A, forms.B, spanProduct, tensorProduct);
        long before = GC.GetAllocatedBytesForCurrentThread();
        forms.TensorBuiltPerCall(1);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        int perRound = block * Pairs;
        string type = typeof(T) == typeof(double) ? "" : $" {typeof(T).Name.ToLowerInvariant()}";
        Console.WriteLine($"tensor{type} n={n} {(transposeA ? "A-transposed" : "plain")}: span {1e3 * bestSpan / perRound:F6} ms, tensor {1e3 * bestTensor / perRound:F6} ms, ratio of bests {bestTensor / bestSpan:F3}, median ratio {Median(ratios):F3}, median block-pair ratio {Median(pairRatios):F3}, allocated {allocated} B; tensor spans built per call {1e3 * bestBuilt / perRound:F6} ms ({bestBuilt / bestSpan:F3}); diagnostic: spans passed by reference {Median(byReferenceRatios):F3}{agreement}");
    }

    /// <summary>
    /// The two forms make the same BLAS call on different C buffers, so their products are expected bit for bit equal;
    /// "" when they are. MKL chooses its kernels by the buffers' alignment (its products agree bit for bit only under
    /// MKL_CBWR=COMPATIBLE), so a difference is accepted only if both products are within rounding of a naive product
    /// computed here, and is then reported; anything else is a wrong product and stops the run.
    /// </summary>
    private static string CheckProducts<T>(int n, bool transposeA, T[] a, T[] b, T[] c1, T[] c2) where T : unmanaged, IFloatingPointIeee754<T>
    {
        // The type's unit roundoff, 2⁻⁵³ or 2⁻²⁴ (the naive product below is summed in double either way).
        double UnitRoundoff = typeof(T) == typeof(double) ? 1.1102230246251565e-16 : 5.9604644775390625e-8;
        if (c1.AsSpan().SequenceEqual(c2)) return "";
        double worst = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double sum = 0, scale = 0;
                for (int p = 0; p < n; p++)
                {
                    double term = double.CreateTruncating(transposeA ? a[p * n + i] : a[i * n + p]) * double.CreateTruncating(b[p * n + j]);
                    sum += term; scale += Math.Abs(term);
                }
                // Any order of summation is within n·u·Σ|terms| of the exact sum; the naive one too, hence 2n·u, doubled.
                double tolerance = 4 * n * UnitRoundoff * scale;
                double error = Math.Max(Math.Abs(double.CreateTruncating(c1[i * n + j]) - sum), Math.Abs(double.CreateTruncating(c2[i * n + j]) - sum));
                if (error > tolerance) throw new InvalidOperationException($"n = {n}: a product is wrong at ({i}, {j}): span form {c1[i * n + j]}, tensor form {c2[i * n + j]}, naive {sum}.");
                worst = Math.Max(worst, scale > 0 ? error / scale : 0);
            }
        return $"; the two products differ in rounding only (both within {worst:G2}·Σ|aᵢₚbₚⱼ| of a naive product)";
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
