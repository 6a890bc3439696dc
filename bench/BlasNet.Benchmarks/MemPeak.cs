using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace BlasNet.Benchmarks;

/// <summary>
/// The machine's memory bandwidth for the access pattern of a batch of small GEMMs on cold data, the floor of issue 14's
/// batch and loop next to the FMA ceiling of <see cref="FmaPeak"/> (session 48, roof48). Three buffers (<c>--mb</c> each,
/// default 128: together 384 MB, far past the 32 MB L3), 64-byte aligned and touched before timing, streamed with 32-byte
/// registers (the width does not limit a memory stream) in four patterns: <c>read</c> (one stream summed: A or B alone),
/// <c>rmw</c> (one stream read and written back in place: C with β ≠ 0), <c>write</c> (one stream stored: C with β = 0, whose
/// lines the core still reads for ownership) and <c>batch</c> (c = a + b: two streams read and a third written, the batch's
/// A, B and C with β = 0), <c>batch-nt</c> (the same with non-temporal stores of c: no read-for-ownership, whether streaming
/// stores of C would pay), then <c>read</c> again (<c>read-again</c>: whether the first pattern paid for running first). Each runs on one thread over the whole buffers and on two threads at once, each on its own half
/// (two plain threads started together behind a barrier), best of <c>--reps</c> (default 5). Prints <c>mem-peak &lt;pattern&gt;
/// &lt;threads&gt; wall &lt;GB/s as the program moves it&gt; &lt;GB/s with the read-for-ownership of every line stored without being
/// read first&gt; cpu &lt;the same two&gt; cpu/wall &lt;r&gt;</c> (GB = 10⁹ bytes): by the best wall time (earliest start to latest end), and by
/// the best of the slowest thread's own CPU time — on a loaded machine a 128 MB pass outlasts a time slice, so the wall time counts
/// other processes' turns, while a thread's CPU time counts only its time on a core; the two threads then need not have run at
/// once, which the run's CPU ÷ wall (≈ 2: at once) tells. Bytes are bytes read plus bytes written, the second figure also counting
/// the read before the store of each line stored unread (write, batch), which the memory does move for ordinary stores.
/// </summary>
internal static unsafe class MemPeak
{
    private delegate void Pattern(byte* a, byte* b, byte* c, long bytes);

    public static int Run(string[] args)
    {
        long mb = 128;
        int reps = 5;
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--mb": mb = long.Parse(Next()); break;
                case "--reps": reps = int.Parse(Next()); break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        }
        long bytes = mb << 20;
        Console.WriteLine($"# mem-peak: 3 buffers of {mb} MB; {Environment.ProcessorCount} cores; load average {BatchedQuick.LoadAverage()}");
        byte* a = (byte*)NativeMemory.AlignedAlloc((nuint)bytes, 64), b = (byte*)NativeMemory.AlignedAlloc((nuint)bytes, 64), c = (byte*)NativeMemory.AlignedAlloc((nuint)bytes, 64);
        try
        {
            // Touch every page with finite, non-zero doubles (no page stays the shared zero page) so no run pays first-touch faults.
            foreach (nint buffer in new[] { (nint)a, (nint)b, (nint)c })
                for (long o = 0; o < bytes; o += sizeof(double)) *(double*)((byte*)buffer + o) = 1.0 + o;
            // (bytes read, bytes written, lines read for ownership only) per byte of one buffer, for each pattern.
            var patterns = new (string Name, Pattern Body, int Reads, int Writes, int Ownership)[]
            {
                ("read", Read, 1, 0, 0), ("rmw", ReadModifyWrite, 1, 1, 0), ("write", Write, 0, 1, 1), ("batch", Triad, 2, 1, 1), ("batch-nt", TriadNonTemporal, 2, 1, 0), ("read-again", Read, 1, 0, 0),
            };
            foreach (var (name, body, reads, writes, ownership) in patterns)
                foreach (int threads in new[] { 1, 2 })
                {
                    // Best wall time, and best of the slowest thread's CPU time (the time it was on a core: on a loaded machine a
                    // 128 MB pass outlasts a time slice, and the wall time then counts the other processes' turns too).
                    double bestWall = double.MaxValue, bestCpu = double.MaxValue, overlapOfBestCpu = 0;
                    for (int r = -1; r < reps; r++)
                    {
                        var (wall, slowestCpu, cpuSum) = Time(body, a, b, c, bytes, threads);
                        if (r < 0) continue;
                        bestWall = Math.Min(bestWall, wall);
                        if (slowestCpu < bestCpu) { bestCpu = slowestCpu; overlapOfBestCpu = cpuSum / wall; }
                    }
                    double moved = (double)bytes * (reads + writes), withOwnership = (double)bytes * (reads + writes + ownership);
                    Console.WriteLine($"mem-peak {name} {threads} wall {moved / bestWall / 1e9:F1} {withOwnership / bestWall / 1e9:F1} cpu {moved / bestCpu / 1e9:F1} {withOwnership / bestCpu / 1e9:F1} cpu/wall {overlapOfBestCpu:F2}");
                }
        }
        finally
        {
            NativeMemory.AlignedFree(a); NativeMemory.AlignedFree(b); NativeMemory.AlignedFree(c);
        }
        Console.WriteLine($"# load average {BatchedQuick.LoadAverage()}");
        return 0;
    }

    /// <summary>
    /// The pattern over the buffers on this thread, or on <paramref name="threads"/> new threads each its share: seconds of wall
    /// time (earliest start to latest end), of the slowest thread's own CPU time, and of all threads' CPU time together.
    /// </summary>
    private static (double Wall, double SlowestCpu, double CpuSum) Time(Pattern body, byte* a, byte* b, byte* c, long bytes, int threads)
    {
        if (threads == 1)
        {
            double cpu0 = ProcessCpuClock.ThreadNow();
            long t0 = Stopwatch.GetTimestamp();
            body(a, b, c, bytes);
            double wall = Stopwatch.GetElapsedTime(t0).TotalSeconds, cpu = ProcessCpuClock.ThreadNow() - cpu0;
            return (wall, cpu, cpu);
        }
        long share = bytes / threads & ~255L;
        using var ready = new Barrier(threads);
        // Each thread stamps its own start and end: the wall time is the earliest start to the latest end (a caller's stamps
        // would miss threads that ran while it waited for a core).
        var starts = new long[threads];
        var ends = new long[threads];
        var cpus = new double[threads];
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            long from = t * share, length = t == threads - 1 ? bytes - from : share;
            ready.SignalAndWait();
            double cpu0 = ProcessCpuClock.ThreadNow();
            starts[t] = Stopwatch.GetTimestamp();
            body(a + from, b + from, c + from, length);
            ends[t] = Stopwatch.GetTimestamp();
            cpus[t] = ProcessCpuClock.ThreadNow() - cpu0;
        })).ToArray();
        foreach (var w in workers) w.Start();
        foreach (var w in workers) w.Join();
        return (Stopwatch.GetElapsedTime(starts.Min(), ends.Max()).TotalSeconds, cpus.Max(), cpus.Sum());
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Read(byte* a, byte* b, byte* c, long bytes)
    {
        Vector256<double> s0 = default, s1 = default, s2 = default, s3 = default;
        for (long o = 0; o + 128 <= bytes; o += 128)
        {
            double* p = (double*)(c + o);
            s0 += Vector256.Load(p); s1 += Vector256.Load(p + 4); s2 += Vector256.Load(p + 8); s3 += Vector256.Load(p + 12);
        }
        if (double.IsNaN((s0 + s1 + s2 + s3).ToScalar())) throw new InvalidOperationException("unreachable: the buffers hold zeros");
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void ReadModifyWrite(byte* a, byte* b, byte* c, long bytes)
    {
        var one = Vector256.Create(1.0);
        for (long o = 0; o + 128 <= bytes; o += 128)
        {
            double* p = (double*)(c + o);
            (Vector256.Load(p) + one).Store(p); (Vector256.Load(p + 4) + one).Store(p + 4);
            (Vector256.Load(p + 8) + one).Store(p + 8); (Vector256.Load(p + 12) + one).Store(p + 12);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Write(byte* a, byte* b, byte* c, long bytes)
    {
        var v = Vector256.Create(2.0);
        for (long o = 0; o + 128 <= bytes; o += 128)
        {
            double* p = (double*)(c + o);
            v.Store(p); v.Store(p + 4); v.Store(p + 8); v.Store(p + 12);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Triad(byte* a, byte* b, byte* c, long bytes)
    {
        for (long o = 0; o + 128 <= bytes; o += 128)
        {
            double* pa = (double*)(a + o), pb = (double*)(b + o), pc = (double*)(c + o);
            (Vector256.Load(pa) + Vector256.Load(pb)).Store(pc); (Vector256.Load(pa + 4) + Vector256.Load(pb + 4)).Store(pc + 4);
            (Vector256.Load(pa + 8) + Vector256.Load(pb + 8)).Store(pc + 8); (Vector256.Load(pa + 12) + Vector256.Load(pb + 12)).Store(pc + 12);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void TriadNonTemporal(byte* a, byte* b, byte* c, long bytes)
    {
        for (long o = 0; o + 128 <= bytes; o += 128)
        {
            double* pa = (double*)(a + o), pb = (double*)(b + o), pc = (double*)(c + o);
            (Vector256.Load(pa) + Vector256.Load(pb)).StoreAlignedNonTemporal(pc); (Vector256.Load(pa + 4) + Vector256.Load(pb + 4)).StoreAlignedNonTemporal(pc + 4);
            (Vector256.Load(pa + 8) + Vector256.Load(pb + 8)).StoreAlignedNonTemporal(pc + 8); (Vector256.Load(pa + 12) + Vector256.Load(pb + 12)).StoreAlignedNonTemporal(pc + 12);
        }
    }
}
