using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace BlasNet.Benchmarks;

/// <summary>
/// `tensor-parts [n] [t]`: where the tensor-span GEMM's fixed cost over the span form goes (issue 14's 2 % target), in pieces
/// timed in ~1 ms blocks that alternate every piece, the order turning every block (so the loops reach Tier-1 code, as in
/// `tensor-quick`), double n×n products, A transposed with `t`. Pieces: the span form and the public tensor form
/// (<see cref="TensorGemmQuick"/>'s two); the internal tensor path with the tensor spans passed by reference (the public
/// overloads take them by value, which F# callers need: the difference is the caller's copies of three 112-byte
/// structs); an empty non-inlined method taking the three by reference and by value (the call alone); one that only reads
/// the three shapes through System.Numerics.Tensors' getters; one that reads the three BLAS layouts and chains them
/// (<see cref="TensorLayout{T}"/>); and the span form below its shape checks (<c>CheckedBlas.GemmOnDisjoint</c>) and whole,
/// each in a non-inlined method of its own. Prints each piece's best ns per call and its median block ratio to the span form.
/// </summary>
internal static class TensorPartsQuick
{
    public static int Run(string[] args)
    {
        int n = args.Length > 0 ? int.Parse(args[0]) : 4;
        bool transposeA = args.Length > 1 && args[1] == "t";
        const int Rounds = 11, Blocks = 20;
        int block = (int)Math.Clamp(1e7 / (2.0 * n * n * n), 1, 10_000);
        var rng = new Random(7);
        double[] a = Enumerable.Range(0, n * n).Select(_ => rng.NextDouble() - 0.5).ToArray();
        double[] b = Enumerable.Range(0, n * n).Select(_ => rng.NextDouble() - 0.5).ToArray();
        double[] c1 = new double[n * n], c2 = c1;   // one C for every piece, as in tensor-quick (its alignment sets the kernel's speed)
        var trA = transposeA ? Transpose.Transposed : Transpose.None;
        nint[] aStrides = transposeA ? [1, n] : [n, 1];
        var provider = BlasProvider.Current;
        Console.WriteLine($"# tensor-parts: provider {provider.Name} core={provider.CoreName ?? "-"} config={provider.Config}; n {n}; A {(transposeA ? "transposed" : "plain")}; {block} calls a block, {Blocks} blocks × {Rounds} rounds; load average {File.ReadAllText("/proc/loadavg").Trim()}");

        void Span(int calls) { for (int i = 0; i < calls; i++) Blas.Gemm(trA, Transpose.None, n, n, n, 1.0, a, n, b, n, 0.0, c1, n); }
        void Tensor(int calls)
        {
            var ta = new ReadOnlyTensorSpan<double>(a, 0, [n, n], aStrides); var tb = new ReadOnlyTensorSpan<double>(b, [n, n]); var tc = new TensorSpan<double>(c2, [n, n]);
            for (int i = 0; i < calls; i++) Blas.Gemm(1.0, ta, tb, 0.0, tc);
        }
        void TensorByReference(int calls)
        {
            var ta = new ReadOnlyTensorSpan<double>(a, 0, [n, n], aStrides); var tb = new ReadOnlyTensorSpan<double>(b, [n, n]); var tc = new TensorSpan<double>(c2, [n, n]);
            for (int i = 0; i < calls; i++) TensorGemm<double>.Gemm(1.0, in ta, in tb, 0.0, in tc);
        }
        void EmptyByReference(int calls)
        {
            var ta = new ReadOnlyTensorSpan<double>(a, 0, [n, n], aStrides); var tb = new ReadOnlyTensorSpan<double>(b, [n, n]); var tc = new TensorSpan<double>(c2, [n, n]);
            for (int i = 0; i < calls; i++) Empty(1.0, in ta, in tb, 0.0, in tc);
        }
        void EmptyByValue(int calls)
        {
            var ta = new ReadOnlyTensorSpan<double>(a, 0, [n, n], aStrides); var tb = new ReadOnlyTensorSpan<double>(b, [n, n]); var tc = new TensorSpan<double>(c2, [n, n]);
            for (int i = 0; i < calls; i++) EmptyTakingValues(1.0, ta, tb, 0.0, tc);
        }
        void ShapeReads(int calls)
        {
            var ta = new ReadOnlyTensorSpan<double>(a, 0, [n, n], aStrides); var tb = new ReadOnlyTensorSpan<double>(b, [n, n]); var tc = new TensorSpan<double>(c2, [n, n]);
            for (int i = 0; i < calls; i++) ReadShapes(in ta, in tb, in tc);
        }
        void LayoutReads(int calls)
        {
            var ta = new ReadOnlyTensorSpan<double>(a, 0, [n, n], aStrides); var tb = new ReadOnlyTensorSpan<double>(b, [n, n]); var tc = new TensorSpan<double>(c2, [n, n]);
            for (int i = 0; i < calls; i++) ReadLayouts(in ta, in tb, in tc);
        }
        void SpanBelowChecks(int calls) { for (int i = 0; i < calls; i++) GemmOnDisjoint(trA, n, a, b, c1); }
        void SpanInOwnCall(int calls) { for (int i = 0; i < calls; i++) SpanForm(trA, n, a, b, c1); }

        var pieces = new (string Name, Action<int> Run)[]
        {
            ("span form", Span), ("tensor form", Tensor), ("tensor path, spans by reference", TensorByReference),
            ("empty call, spans by reference", EmptyByReference), ("empty call, spans by value", EmptyByValue),
            ("call reading the 3 shapes (Lengths, Strides, reference)", ShapeReads), ("call reading the 3 layouts, chained", LayoutReads),
            ("call to the span form below its checks (GemmOnDisjoint)", SpanBelowChecks), ("call to the span form", SpanInOwnCall),
        };
        // Warm-up in two bursts, the second after the tiering delay, so the timed loops run Tier-1 code.
        foreach (var piece in pieces) for (int w = 0; w < 40; w++) piece.Run(block);
        Thread.Sleep(300);
        foreach (var piece in pieces) for (int w = 0; w < 40; w++) piece.Run(block);
        var ratios = pieces.Select(_ => new List<double>()).ToArray();
        var best = pieces.Select(_ => double.MaxValue).ToArray();
        var time = new double[pieces.Length];
        for (int r = 0; r < Rounds; r++)
            for (int k = 0; k < Blocks; k++)
            {
                for (int f = 0; f < pieces.Length; f++)
                {
                    int i = (f + k) % pieces.Length;
                    double t0 = ProcessCpuClock.Now();
                    pieces[i].Run(block);
                    time[i] = ProcessCpuClock.Now() - t0;
                    best[i] = Math.Min(best[i], time[i]);
                }
                for (int i = 0; i < pieces.Length; i++) ratios[i].Add(time[i] / time[0]);
            }
        foreach (var (piece, i) in pieces.Select((piece, i) => (piece, i)))
            Console.WriteLine($"{piece.Name}: best {1e9 * best[i] / block:F1} ns/call, median block ratio to the span form {ratios[i].Order().ElementAt(ratios[i].Count / 2):F3}");
        Console.WriteLine($"# load average {File.ReadAllText("/proc/loadavg").Trim()}");
        return 0;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Empty(double alpha, scoped in ReadOnlyTensorSpan<double> a, scoped in ReadOnlyTensorSpan<double> b, double beta, scoped in TensorSpan<double> c) { }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void EmptyTakingValues(double alpha, ReadOnlyTensorSpan<double> a, ReadOnlyTensorSpan<double> b, double beta, TensorSpan<double> c) { }

    /// <summary>Keeps the reads below from being dropped.</summary>
    private static nint s_sink;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ReadShapes(scoped in ReadOnlyTensorSpan<double> a, scoped in ReadOnlyTensorSpan<double> b, scoped in TensorSpan<double> c)
    {
        nint sum = 0;
        ReadOnlySpan<nint> lengths = a.Lengths, strides = a.Strides;
        if (lengths.Length == 2 && strides.Length == 2) sum += lengths[0] + lengths[1] + strides[0] + strides[1];
        lengths = b.Lengths; strides = b.Strides;
        if (lengths.Length == 2 && strides.Length == 2) sum += lengths[0] + lengths[1] + strides[0] + strides[1];
        lengths = c.Lengths; strides = c.Strides;
        if (lengths.Length == 2 && strides.Length == 2) sum += lengths[0] + lengths[1] + strides[0] + strides[1];
        s_sink = sum + Unsafe.ByteOffset(in a.GetPinnableReference(), in b.GetPinnableReference()) + Unsafe.ByteOffset(in b.GetPinnableReference(), in c.GetPinnableReference());
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ReadLayouts(scoped in ReadOnlyTensorSpan<double> a, scoped in ReadOnlyTensorSpan<double> b, scoped in TensorSpan<double> c)
    {
        var la = TensorLayout<double>.Of(a, nameof(a));
        var lb = TensorLayout<double>.Of(b, nameof(b));
        var lc = TensorLayout<double>.Of(ref Unsafe.AsRef(in c), nameof(c));
        if (la.Columns != lb.Rows || lc.Rows != la.Rows || lc.Columns != lb.Columns) throw new ArgumentException("The shapes do not chain.");
        s_sink = la.Ld + lb.Ld + lc.Ld + la.Buffer.Length + lb.Buffer.Length + lc.Buffer.Length;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void GemmOnDisjoint(Transpose transA, int n, double[] a, double[] b, double[] c) =>
        CheckedBlas<double>.GemmOnDisjoint(transA, Transpose.None, n, n, n, 1.0, a, n, b, n, 0.0, c, n);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void SpanForm(Transpose transA, int n, double[] a, double[] b, double[] c) =>
        Blas.Gemm(transA, Transpose.None, n, n, n, 1.0, a, n, b, n, 0.0, c, n);
}
