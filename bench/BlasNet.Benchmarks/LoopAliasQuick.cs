using System.Diagnostics;
using System.Numerics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using BlasNet.Providers;

namespace BlasNet.Benchmarks;

/// <summary>
/// <c>loop-alias</c>: why a loop of single 16×16 <c>Blas.Gemm</c> calls over three strided 10 000-block arrays (the
/// layout of <c>batched-quick</c>'s loop and strided forms) is slower than expected on a machine (bench/RESULTS.md,
/// "Session 38, loop38"). Tests the suspicion of 4K aliasing (a load whose address equals, in its low 12 bits, that of
/// an earlier store still in the store buffer waits for it) against the other candidates: the memory the loop streams,
/// the single call's own path, the kernel itself.
/// </summary>
/// <remarks>
/// Every operand lives in its own pinned array; a layout places the first block of A, B and C at chosen offsets
/// modulo 4096 bytes (A and B page-aligned, C 0, 64, 128, 1 K, 2 K or 4 K + 64 bytes past a page; A or B 2 K past
/// one; the three staggered; all three off the cache lines as the GC placed batched-quick's arrays), so the blocks of
/// product i sit at those offsets too. Each form runs count products (C ← A·B, β = 0) in one regime: <c>dram</c>
/// (count distinct products, every line of their operands flushed from the caches first), <c>l3</c> (the same, the
/// operands read first and then 16 MB of other memory: they come from L3), <c>warm</c> (the first 64 products over and
/// over, count in all: in L2), <c>hot</c> (the first product count times: the kernel's in-cache speed).
/// <c>call</c> is the public span call, <c>kernel</c> <see cref="SmallGemm.Run"/> directly (what the call adds: its
/// checks), <c>kernel+nextD</c> the kernel with product i+D's A and B requested before product i (what a loop that
/// knew its next products could gain), <c>stream</c> and <c>stream-nt</c> read A and B and write C with no product
/// (with ordinary and non-temporal stores: the memory's floor), <c>batch:strided</c> the public strided batch on the GEMM
/// threads and <c>batch:strided+next2</c> its products requesting product i+2's A and B first. <c>harness</c> is <c>batched-quick</c>'s own arrays
/// (<c>new T[block·count + 1]</c>, wherever the GC placed them; their offsets are printed), <c>list</c> the separately
/// allocated matrices of its list form. Forms run interleaved, the round's order rotated each round, and every
/// product form's C is compared bit for bit with the public call's on batched-quick's arrays; only the ratios inside
/// one process are evidence on a shared machine.
/// Options: <c>--types double,float</c>, <c>--n 16</c>, <c>--count 10000</c>, <c>--reps 9</c>, <c>--evict-mb 16</c>
/// (the other memory read before every form), <c>--forms a,b*</c> (a trailing * matches a prefix).
/// </remarks>
internal static class LoopAliasQuick
{
    private static long[] evictionBuffer = new long[16 << 17]; // 16 MB: more than L2 (2 MB a core), far less than L3

    public static int Run(string[] args)
    {
        int n = 16, count = 10_000, reps = 9;
        string[] types = ["double", "float"];
        string[]? only = null;
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--types": types = Next().Split(','); break;
                case "--n": n = int.Parse(Next()); break;
                case "--count": count = int.Parse(Next()); break;
                case "--reps": reps = int.Parse(Next()); break;
                case "--evict-mb": evictionBuffer = new long[int.Parse(Next()) << 17]; break;
                case "--forms": only = Next().Split(','); break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }
        Console.WriteLine($"# loop-alias: provider {BenchmarkProvider.Describe(BlasProvider.Current)}; Vector512 {Vector512.IsHardwareAccelerated}, Vector256 {Vector256.IsHardwareAccelerated}; {Environment.ProcessorCount} cores; load average {File.ReadAllText("/proc/loadavg").Trim()}; eviction {evictionBuffer.Length >> 17} MB; n {n}, count {count}, reps {reps}");
        foreach (string type in types)
        {
            if (type == "double") Measure<double>(type, n, count, reps, only);
            else if (type == "float") Measure<float>(type, n, count, reps, only);
            else throw new ArgumentException($"unknown type {type}");
        }
        return 0;
    }

    /// <summary>A pinned array with the first element of its usable part at <paramref name="offset"/> bytes past a page boundary.</summary>
    private sealed unsafe class Placed<T> where T : unmanaged
    {
        private readonly T[] storage;
        public readonly int Start;

        public Placed(int elements, int offset)
        {
            storage = GC.AllocateArray<T>(elements + (8192 + 4096) / sizeof(T), pinned: true);
            fixed (T* p = storage)
            {
                long toPage = (4096 - ((long)p & 4095)) & 4095; // bytes to the next page boundary
                Start = (int)((toPage + offset) / sizeof(T));
                if ((toPage + offset) % sizeof(T) != 0) throw new InvalidOperationException("storage not element-aligned");
            }
        }

        public Span<T> Span => storage.AsSpan(Start);
        public T* Pointer { get { fixed (T* p = storage) return p + Start; } } // pinned for its lifetime
    }

    /// <summary>The strided 16×16 batch's products (β = 0, NN, blocks of n² one after another), product i+ahead's A and B requested before product i runs.</summary>
    private sealed unsafe class RequestingBatch<T>(int n, T* a, T* b, T* c, int count, int ahead) : IGemmBatch where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Product(int index)
        {
            nint block = n * n;
            if (index + ahead < count)
            {
                LineRequests.Request(a + (index + ahead) * block, block * sizeof(T));
                LineRequests.Request(b + (index + ahead) * block, block * sizeof(T));
            }
            SmallGemm.Run(Transpose.None, Transpose.None, n, n, n, T.One, a + index * block, n, b + index * block, n, T.Zero, c + index * block, n);
        }
    }

    /// <summary>Where a layout puts the first blocks of A, B and C: bytes past a page boundary (4096 + 64 is 64 in the low 12 bits, one page further).</summary>
    private sealed record Layout(string Name, int A, int B, int C);

    private static unsafe void Measure<T>(string type, int n, int count, int reps, string[]? only) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int block = n * n, size = sizeof(T);
        var rng = new Random(42);
        T Next() => T.CreateChecked(rng.NextDouble() * 2 - 1);

        // batched-quick's arrays exactly as it makes them (so the GC places them the same way).
        var ha = new T[block * count + 1]; var hb = new T[block * count + 1]; var hc = new T[block * count + 1];
        for (int i = 0; i < ha.Length; i++) { ha[i] = Next(); hb[i] = Next(); }
        string Mod4K(T[] x) { fixed (T* p = x) return ((long)p & 4095).ToString(); }
        Console.WriteLine($"# {type}: batched-quick's arrays' data at offsets (bytes mod 4096) A {Mod4K(ha)}, B {Mod4K(hb)}, C {Mod4K(hc)}");
        // The list form's matrices, allocated as batched-quick allocates them.
        var am = Enumerable.Range(0, count).Select(i => new Matrix<T>(n, n, ha.AsSpan(i * block, block).ToArray())).ToArray();
        var bm = Enumerable.Range(0, count).Select(i => new Matrix<T>(n, n, hb.AsSpan(i * block, block).ToArray())).ToArray();
        var cm = Enumerable.Range(0, count).Select(_ => new Matrix<T>(n, n)).ToArray();

        int k1 = 1024, k2 = 2048;
        Layout[] layouts =
        [
            new("same", 0, 0, 0), new("C+64", 0, 0, 64), new("C+128", 0, 0, 128), new("C+1K", 0, 0, k1), new("C+2K", 0, 0, k2),
            new("C+4K+64", 0, 0, 4096 + 64), new("A+2K", k2, 0, 0), new("B+2K", 0, k2, 0), new("A0,B+1K,C+2K", 0, k1, k2),
            // Alignment rather than aliasing: every block off the 64-byte lines (a register load then spans two lines), as the
            // GC placed batched-quick's double arrays in session 38 (A 88, B 144, C 88 past a page), and a line-aligned control.
            new("A88,B144,C88", 88, 144, 88), new("all+64", 64, 64, 64),
        ];
        var placed = new Dictionary<string, (Placed<T> A, Placed<T> B, Placed<T> C)>();
        foreach (var l in layouts)
        {
            var pa = new Placed<T>(block * count, l.A); var pb = new Placed<T>(block * count, l.B); var pc = new Placed<T>(block * count, l.C);
            ha.AsSpan(0, block * count).CopyTo(pa.Span); hb.AsSpan(0, block * count).CopyTo(pb.Span);
            placed[l.Name] = (pa, pb, pc);
        }
        long bytes = (long)block * count * size;
        // The memory each operand set occupies, for the regimes' preparation (visit(address, bytes) per region).
        Action<Action<nint, long>> RegionsOf(string name) => visit => { var (pa, pb, pc) = placed[name]; visit((nint)pa.Pointer, bytes); visit((nint)pb.Pointer, bytes); visit((nint)pc.Pointer, bytes); };
        Action<Action<nint, long>> harnessRegions = visit => { foreach (var x in new[] { ha, hb, hc }) fixed (T* p = x) visit((nint)p, bytes); };
        Action<Action<nint, long>> listRegions = visit => { foreach (var set in new[] { am, bm, cm }) foreach (var m in set) fixed (T* p = m.Storage) visit((nint)p, block * size); };

        // Regimes: dram (every line of the form's operands flushed from every cache before the call: the loop streams
        // from memory), l3 (the operands read, then 16 MB of unrelated memory, so they come from L3 and not L2: the
        // state batched-quick's loop most likely finds, its 64 MB eviction and ~190 MB of forms' data fitting this
        // machine's 260 MB L3), warm (the first 64 products over and over, count in all: in L2), hot (the first product
        // count times: the kernel's in-cache speed, the call's checks included or not).
        const int warmBlocks = 64;
        var forms = new List<(string Name, Action Run, Func<T[]> Result, Action<Action<nint, long>>? Regions)>();
        void Cold(string name, Action run, Func<T[]> result, Action<Action<nint, long>> regions)
        {
            forms.Add(($"dram:{name}", run, result, regions));
            forms.Add(($"l3:{name}", run, result, regions));
        }
        Func<T[]> ResultOf(string name, int blocks) => () => placed[name].C.Span[..(block * blocks)].ToArray();
        foreach (var l in layouts)
            Cold($"call:{l.Name}", () => { var (pa, pb, pc) = placed[l.Name]; CallLoop(pa, pb, pc, count, count); }, ResultOf(l.Name, count), RegionsOf(l.Name));
        Cold("call:harness", () => HarnessLoop(ha, hb, hc, n, count), () => hc.AsSpan(0, block * count).ToArray(), harnessRegions);
        Cold("call:list", () => { for (int i = 0; i < count; i++) Blas.Gemm(T.One, am[i], bm[i], T.Zero, cm[i]); }, () => cm.SelectMany(m => m.AsSpan().ToArray()).ToArray(), listRegions);
        // The kernel alone (what the call adds: its checks) on page-aligned blocks, on batched-quick's arrays (as its
        // strided:products-1-thread runs them) and on the list's matrices (as list:products-1-thread): session 37 found
        // the strided products slower than the list's.
        foreach (string name in new[] { "same", "C+2K" })
            Cold($"kernel:{name}", () => { var (pa, pb, pc) = placed[name]; KernelLoop(pa.Pointer, pb.Pointer, pc.Pointer, count, count, 0); }, ResultOf(name, count), RegionsOf(name));
        Cold("kernel:harness", () => { fixed (T* a = ha, b = hb, c = hc) KernelLoop(a, b, c, count, count, 0); }, () => hc.AsSpan(0, block * count).ToArray(), harnessRegions);
        Cold("kernel:list", () => { for (int i = 0; i < count; i++) fixed (T* a = am[i].Storage, b = bm[i].Storage, c = cm[i].Storage) SmallGemm.Run(Transpose.None, Transpose.None, n, n, n, T.One, a, n, b, n, T.Zero, c, n); }, () => cm.SelectMany(m => m.AsSpan().ToArray()).ToArray(), listRegions);
        // What software requests could give a loop that knows its next products (a single call does not; a batch does):
        // product i+d's A and B requested whole (LineRequests.Request, the list form's requests before session 46) before product i runs.
        foreach (int ahead in new[] { 1, 2, 4 })
            Cold($"kernel+next{ahead}:same", () => { var (pa, pb, pc) = placed["same"]; KernelLoop(pa.Pointer, pb.Pointer, pc.Pointer, count, count, ahead); }, ResultOf("same", count), RegionsOf("same"));
        Cold("kernel+next4:harness", () => { fixed (T* a = ha, b = hb, c = hc) KernelLoop(a, b, c, count, count, 4); }, () => hc.AsSpan(0, block * count).ToArray(), harnessRegions);
        // The strided batch on the GEMM threads (the public call: its 16×16 products request nothing, SmallGemm.SpreadPrefetchBytes)
        // and the same products with product i+2's A and B requested before product i (RequestingBatch): whether the requests
        // that help one thread here help the batch against the loop.
        Cold("batch:strided:same", () => { var (pa, pb, pc) = placed["same"]; Blas.GemmStridedBatched(Transpose.None, Transpose.None, n, n, n, T.One, pa.Span, n, block, pb.Span, n, block, T.Zero, pc.Span, n, block, count); }, ResultOf("same", count), RegionsOf("same"));
        Cold("batch:strided+next2:same", () => { var (pa, pb, pc) = placed["same"]; GemmBatchRunner.Run(new RequestingBatch<T>(n, pa.Pointer, pb.Pointer, pc.Pointer, count, 2), count, (long)n * n * n, (long)n * n * n * count, managedProducts: true); }, ResultOf("same", count), RegionsOf("same"));
        // The same memory traffic with no product (A and B read, C written), with ordinary and with non-temporal stores
        // (no read of C's lines before they are written: the write-allocate's share).
        Cold("stream:same", () => { var (pa, pb, pc) = placed["same"]; Stream(pa, pb, pc, (long)count * block, false); }, () => [], RegionsOf("same"));
        Cold("stream-nt:same", () => { var (pa, pb, pc) = placed["same"]; Stream(pa, pb, pc, (long)count * block, true); }, () => [], RegionsOf("same"));
        foreach (var l in layouts)
            forms.Add(($"warm:call:{l.Name}", () => { var (pa, pb, pc) = placed[l.Name]; CallLoop(pa, pb, pc, count, warmBlocks); }, ResultOf(l.Name, warmBlocks), null));
        foreach (string name in new[] { "same", "C+2K", "A88,B144,C88", "all+64" })
        {
            var (pa, pb, pc) = placed[name];
            forms.Add(($"warm:kernel:{name}", () => KernelLoop(pa.Pointer, pb.Pointer, pc.Pointer, count, warmBlocks, 0), ResultOf(name, warmBlocks), null));
            forms.Add(($"hot:call:{name}", () => CallLoop(pa, pb, pc, count, 1), ResultOf(name, 1), null));
            forms.Add(($"hot:kernel:{name}", () => KernelLoop(pa.Pointer, pb.Pointer, pc.Pointer, count, 1, 0), ResultOf(name, 1), null));
        }
        if (only != null)
            forms = [.. forms.Where(f => only.Any(o => f.Name == o || (o.EndsWith('*') && f.Name.StartsWith(o[..^1]))))];

        void CallLoop(Placed<T> pa, Placed<T> pb, Placed<T> pc, int products, int distinct)
        {
            Span<T> a = pa.Span, b = pb.Span, c = pc.Span;
            for (int i = 0, j = 0; i < products; i++, j = j + 1 == distinct ? 0 : j + 1)
                Blas.Gemm(Transpose.None, Transpose.None, n, n, n, T.One, a.Slice(j * block, block), n, b.Slice(j * block, block), n, T.Zero, c.Slice(j * block, block), n);
        }
        void KernelLoop(T* a, T* b, T* c, int products, int distinct, int ahead)
        {
            for (int i = 0, j = 0; i < products; i++, j = j + 1 == distinct ? 0 : j + 1)
            {
                if (ahead > 0 && i + ahead < products)
                {
                    LineRequests.Request(a + (nint)(i + ahead) * block, block * size);
                    LineRequests.Request(b + (nint)(i + ahead) * block, block * size);
                }
                SmallGemm.Run(Transpose.None, Transpose.None, n, n, n, T.One, a + (nint)j * block, n, b + (nint)j * block, n, T.Zero, c + (nint)j * block, n);
            }
        }

        var best = new double[forms.Count];
        var times = forms.Select(_ => new List<double>()).ToArray();
        Array.Fill(best, double.MaxValue);
        bool lastWasBatch = false;
        for (int r = -4; r < reps; r++)
        {
            for (int s = 0; s < forms.Count; s++)
            {
                int f = (s + Math.Max(r, 0) * 7) % forms.Count; // each round starts elsewhere: no form keeps a position
                Prepare(forms[f].Name, forms[f].Regions);
                // After a batch the workers spin for WorkerSpinTime on the other core: a loop waits them out, as in batched-quick.
                if (lastWasBatch && !forms[f].Name.Contains("batch:")) Thread.Sleep(BlasProvider.WorkerSpinTime + TimeSpan.FromMilliseconds(5));
                lastWasBatch = forms[f].Name.Contains("batch:");
                long t0 = Stopwatch.GetTimestamp();
                forms[f].Run();
                double ms = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
                if (r < 0) continue;
                best[f] = Math.Min(best[f], ms);
                times[f].Add(ms);
            }
            if (r == -1) Thread.Sleep(300); // the JIT's background recompilation after the warm-up rounds, not in the timed ones
        }

        // Bits: every product form's C equals the reference's (the public call on the harness's arrays) over the blocks it wrote.
        HarnessLoop(ha, hb, hc, n, count);
        var reference = hc.AsSpan(0, block * count).ToArray();
        foreach (var form in forms)
        {
            form.Run(); // the stream form writes into some layouts' C: each form's own output is compared right after it
            var result = form.Result();
            if (!result.AsSpan().SequenceEqual(reference.AsSpan(0, result.Length)))
                throw new InvalidOperationException($"{form.Name}: the products differ from the reference");
        }

        int basis = forms.FindIndex(f => f.Name == "dram:call:same");
        foreach (var (form, f) in forms.Select((x, f) => (x, f)))
        {
            var sorted = times[f].OrderBy(t => t).ToArray();
            double median = sorted[sorted.Length / 2];
            Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"loop-alias {type} {form.Name} {n} {count} best {best[f]:F3} median {median:F3} ms; {1e6 * best[f] / count:F1} ns/product; best/dram:call:same {(basis >= 0 ? best[f] / best[basis] : double.NaN):F2}"));
        }
    }

    /// <summary>batched-quick's loop, verbatim.</summary>
    private static void HarnessLoop<T>(T[] a, T[] b, T[] c, int n, int count) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int block = n * n;
        for (int i = 0; i < count; i++)
            Blas.Gemm(Transpose.None, Transpose.None, n, n, n, T.One, a.AsSpan(i * block, block), n, b.AsSpan(i * block, block), n, T.Zero, c.AsSpan(i * block, block), n);
    }

    /// <summary>The cold loop's memory traffic with no product: A and B read a register at a time, C written (block after block), non-temporally or not (C page-aligned then).</summary>
    private static unsafe void Stream<T>(Placed<T> pa, Placed<T> pb, Placed<T> pc, long elements, bool nonTemporal) where T : unmanaged
    {
        if (nonTemporal) { StreamNonTemporal(pa, pb, pc, elements); return; }
        byte* a = (byte*)pa.Pointer, b = (byte*)pb.Pointer, c = (byte*)pc.Pointer;
        long bytes = elements * sizeof(T);
        var acc = Vector256<byte>.Zero;
        for (long o = 0; o < bytes; o += 64)
        {
            var x = Vector256.Load(a + o) ^ Vector256.Load(b + o) ^ Vector256.Load(a + o + 32) ^ Vector256.Load(b + o + 32);
            acc ^= x;
            Vector256.Store(x, c + o); Vector256.Store(x, c + o + 32);
        }
        GC.KeepAlive(acc);
    }

    /// <summary>As <see cref="Stream{T}"/> with non-temporal stores.</summary>
    private static unsafe void StreamNonTemporal<T>(Placed<T> pa, Placed<T> pb, Placed<T> pc, long elements) where T : unmanaged
    {
        byte* a = (byte*)pa.Pointer, b = (byte*)pb.Pointer, c = (byte*)pc.Pointer;
        long bytes = elements * sizeof(T);
        var acc = Vector256<byte>.Zero;
        for (long o = 0; o < bytes; o += 64)
        {
            var x = Vector256.Load(a + o) ^ Vector256.Load(b + o) ^ Vector256.Load(a + o + 32) ^ Vector256.Load(b + o + 32);
            acc ^= x;
            System.Runtime.Intrinsics.X86.Avx.StoreAlignedNonTemporal(c + o, x); System.Runtime.Intrinsics.X86.Avx.StoreAlignedNonTemporal(c + o + 32, x);
        }
        System.Runtime.Intrinsics.X86.Sse.StoreFence();
        GC.KeepAlive(acc);
    }

    /// <summary>Puts a form's operands where its regime says (see the regimes above); warm and hot forms find only L2 emptied.</summary>
    private static unsafe void Prepare(string form, Action<Action<nint, long>>? regions)
    {
        if (form.StartsWith("dram:"))
        {
            regions!((address, bytes) => FlushLines((byte*)address, bytes + 64));
            Sse2.MemoryFence();
            return;
        }
        if (form.StartsWith("l3:"))
        {
            long sum = 0;
            regions!((address, bytes) => { byte* p = (byte*)address; for (long o = 0; o < bytes; o += 64) sum += p[o]; });
            GC.KeepAlive(sum);
        }
        Evict();
    }

    /// <summary>
    /// CLFLUSH over [p, p + bytes): .NET has no intrinsic for it, so a 14-byte loop of machine code in an executable page
    /// (x86-64 System V: rdi = p, rsi = bytes): <c>L: clflush [rdi]; add rdi, 64; sub rsi, 64; ja L; ret</c>.
    /// </summary>
    private static readonly unsafe delegate* unmanaged<byte*, long, void> FlushLines = MakeFlushLoop();

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "mmap")] private static extern unsafe void* Mmap(void* address, nuint length, int protection, int flags, int fd, nint offset);

    private static unsafe delegate* unmanaged<byte*, long, void> MakeFlushLoop()
    {
        byte[] code = [0x0F, 0xAE, 0x3F, 0x48, 0x83, 0xC7, 0x40, 0x48, 0x83, 0xEE, 0x40, 0x77, 0xF3, 0xC3];
        byte* page = (byte*)Mmap(null, 4096, 7 /* read, write, execute */, 0x22 /* private, anonymous */, -1, 0);
        if (page == (byte*)-1) throw new InvalidOperationException("mmap of an executable page failed");
        code.AsSpan().CopyTo(new Span<byte>(page, code.Length));
        return (delegate* unmanaged<byte*, long, void>)page;
    }

    private static void Evict()
    {
        long sum = 0;
        var buffer = evictionBuffer;
        for (int i = 0; i < buffer.Length; i += 8) sum += buffer[i];
        GC.KeepAlive(sum);
    }
}
