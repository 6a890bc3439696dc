using System.Diagnostics;
using System.Numerics;
using System.Runtime.InteropServices;
using BlasNet.Providers;

namespace BlasNet.Benchmarks;

/// <summary>
/// Where a cold small product's time goes (session 48, cold48): <c>count</c> n×n×n products (C ← AB, β = 0) on the
/// small-product kernel in order on this thread, in native memory laid out as a strided batch, each form after
/// <c>--evict-mb</c> (default 64) MB of unrelated reads, best of <c>--reps</c> in this thread's CPU time (the machine is shared; wall time's best printed too). Forms:
/// <c>cold</c> (A, B, C each one block after the other), <c>warm-A</c>, <c>warm-B</c>, <c>warm-C</c>, <c>warm-AB</c>,
/// <c>warm-ABC</c> (those operands shared by every product, stride 0: only the others stream), <c>l2-AB</c>, <c>l2-ABC</c> (A and B, and C too, cycling over 8 products' blocks: they come from the L2 cache, not L1), <c>pad64</c> (every block
/// 64 bytes further on: the 16 KB strides no longer alias in the L1 sets), <c>huge</c> (the same as cold in memory advised
/// MADV_HUGEPAGE, 2 MB aligned: whether the TLB is the cost), each run through <see cref="SmallGemm.Run"/> (<c>run</c>) and through
/// <see cref="SmallGemm.RunPrefetching"/> with the next product's A and B requested, one line per k step of the kernel's
/// widest tiles (<c>prefetch</c>, as the batch runs it) and as before session 48, a share in a burst before each block of
/// columns (<c>block-requests</c>, <see cref="SmallGemm.BlockRequests"/>).
/// Prints <c>cold &lt;type&gt; &lt;form&gt;/&lt;path&gt; &lt;n&gt; &lt;thread CPU ns per product, best&gt; &lt;median&gt; wall &lt;best wall ns&gt;</c>.
/// Options: <c>--sizes 64</c>, <c>--types float,double</c>, <c>--count 10000</c>, <c>--reps 7</c>, <c>--forms a,b*</c>.
/// </summary>
internal static unsafe class ColdOperandsQuick
{
    [DllImport("libc", SetLastError = true)] private static extern int madvise(void* addr, nuint length, int advice);
    private const int MadvHugepage = 14;

    private static long[] eviction = new long[64 << 17];

    public static int Run(string[] args)
    {
        int[] sizes = [64];
        string[] types = ["float", "double"];
        int count = 10_000, reps = 7;
        string[]? only = null;
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => args[++i];
            switch (args[i])
            {
                case "--sizes": sizes = Next().Split(',').Select(int.Parse).ToArray(); break;
                case "--types": types = Next().Split(','); break;
                case "--count": count = int.Parse(Next()); break;
                case "--reps": reps = int.Parse(Next()); break;
                case "--forms": only = Next().Split(','); break;
                case "--evict-mb": eviction = new long[int.Parse(Next()) << 17]; break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        }
        Console.WriteLine($"# cold-operands: load average {BatchedQuick.LoadAverage()}; Vector512 {System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated}; THP {File.ReadAllText("/sys/kernel/mm/transparent_hugepage/enabled").Trim()}");
        foreach (string type in types)
            foreach (int n in sizes)
            {
                if (type == "float") Measure<float>(type, n, count, reps, only);
                else Measure<double>(type, n, count, reps, only);
            }
        Console.WriteLine($"# load average {BatchedQuick.LoadAverage()}");
        return 0;
    }

    private sealed class Layout(string name, bool sharedA, bool sharedB, bool sharedC, int padBytes, bool huge)
    {
        public string Name = name; public bool SharedA = sharedA, SharedB = sharedB, SharedC = sharedC, Huge = huge; public int PadBytes = padBytes; public int Cycle; public bool CycleC;
    }

    private static void Measure<T>(string type, int n, int count, int reps, string[]? only) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Layout[] layouts =
        [
            new("cold", false, false, false, 0, false), new("warm-A", true, false, false, 0, false), new("warm-B", false, true, false, 0, false),
            new("warm-C", false, false, true, 0, false), new("warm-AB", true, true, false, 0, false), new("warm-ABC", true, true, true, 0, false),
            new("l2-AB", false, false, false, 0, false) { Cycle = 8 }, new("l2-ABC", false, false, false, 0, false) { Cycle = 8, CycleC = true },
            new("pad64", false, false, false, 64, false), new("huge", false, false, false, 0, true),
        ];
        string[] paths = ["run", "block-requests", "prefetch"];
        var forms = new List<(Layout L, string Path)>();
        foreach (var l in layouts) foreach (var p in paths)
            {
                string name = $"{l.Name}/{p}";
                if (only is null || only.Any(o => o == name || (o.EndsWith('*') && name.StartsWith(o[..^1])))) forms.Add((l, p));
            }
        int block = n * n;
        var rng = new Random(42);
        var buffers = new Dictionary<(int, bool), (nint A, nint B, nint C, long Stride)>();
        (nint, nint, nint, long) Buffers(int pad, bool huge)
        {
            if (buffers.TryGetValue((pad, huge), out var got)) return got;
            long stride = (long)block * sizeof(T) + pad;
            nuint bytes = (nuint)(stride * count + 4096);
            nint Alloc()
            {
                void* p = NativeMemory.AlignedAlloc(bytes, huge ? 2u << 20 : 4096);
                if (huge && madvise(p, bytes, MadvHugepage) != 0) throw new InvalidOperationException($"madvise {Marshal.GetLastPInvokeError()}");
                var span = new Span<T>(p, (int)(bytes / (nuint)sizeof(T)));
                for (int i = 0; i < span.Length; i++) span[i] = T.CreateChecked(rng.NextDouble() * 2 - 1);
                return (nint)p;
            }
            var r = (Alloc(), Alloc(), Alloc(), stride);
            buffers[(pad, huge)] = r;
            return r;
        }
        var times = forms.Select(_ => new List<double>()).ToArray();
        var walls = forms.Select(_ => new List<double>()).ToArray();
        for (int r = -2; r < reps; r++)
            for (int f = 0; f < forms.Count; f++)
            {
                var (l, path) = forms[f];
                var (pa, pb, pc, stride) = Buffers(l.PadBytes, l.Huge);
                long sa = l.SharedA ? 0 : stride, sb = l.SharedB ? 0 : stride, sc = l.SharedC ? 0 : stride;
                Evict();
                long t0 = Stopwatch.GetTimestamp();
                double cpu0 = ProcessCpuClock.ThreadNow();
                for (int i = 0; i < count; i++)
                {
                    int ia = l.Cycle == 0 ? i : i % l.Cycle, ic = l.CycleC ? i % l.Cycle : i;
                    T* a = (T*)(pa + ia * sa), b = (T*)(pb + ia * sb), c = (T*)(pc + ic * sc);
                    if (path == "run") SmallGemm.Run(Transpose.None, Transpose.None, n, n, n, T.One, a, n, b, n, T.Zero, c, n);
                    else
                    {
                        SmallGemm.BlockRequests = path == "block-requests";
                        int next = Math.Min(i + 1, count - 1);
                        if (l.Cycle != 0) next %= l.Cycle;
                        var upcoming = new UpcomingProduct((byte*)pa + next * sa, n, n, n, (byte*)pb + next * sb, n, n, n, sizeof(T));
                        SmallGemm.RunPrefetching(Transpose.None, Transpose.None, n, n, n, T.One, a, n, b, n, T.Zero, c, n, upcoming);
                    }
                }
                double cpuNs = (ProcessCpuClock.ThreadNow() - cpu0) * 1e9 / count;
                double ns = Stopwatch.GetElapsedTime(t0).TotalNanoseconds / count;
                if (r >= 0) { times[f].Add(cpuNs); walls[f].Add(ns); }
                SmallGemm.BlockRequests = false;
            }
        for (int f = 0; f < forms.Count; f++)
        {
            var t = times[f].Order().ToArray();
            var w = walls[f].Order().ToArray();
            Console.WriteLine($"cold {type} {forms[f].L.Name}/{forms[f].Path} {n} {t[0]:F0} {t[t.Length / 2]:F0} wall {w[0]:F0}");
        }
        foreach (var (a, b, c, _) in buffers.Values) { NativeMemory.AlignedFree((void*)a); NativeMemory.AlignedFree((void*)b); NativeMemory.AlignedFree((void*)c); }
    }

    private static void Evict()
    {
        long sum = 0;
        for (int i = 0; i < eviction.Length; i += 8) sum += eviction[i];
        GC.KeepAlive(sum);
    }
}
