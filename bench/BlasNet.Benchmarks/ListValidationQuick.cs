using System.Diagnostics;
using System.Numerics;
using BlasNet.Providers;

namespace BlasNet.Benchmarks;

/// <summary>
/// <c>list-validation</c>: the list form's validation alone (<c>MatrixGemmBatch.Validate</c>, then <c>Release</c>), timed by the
/// calling thread's CPU clock as well as the wall clock, for a machine shared with other jobs (session 48, list48): the thread
/// clock leaves out the time the scheduler gives to other processes, which at load 30–50 on 2 cores made
/// <c>batched-quick</c>'s best-of-9 wall times of the 0.3 ms pass vary 2×. Forms, alternated in every round, each after the
/// eviction (64 MB of unrelated reads, <c>--evict-mb</c>): <c>1-thread</c> (the pass in order on this thread) and
/// <c>spread</c> (as the public call runs it: over the GEMM workers for arrays of 1024 or more; its thread clock is the caller's
/// share only), and the address proof alone on the batch's addresses taken beforehand (<c>address-proof</c>; <c>address-proof:slots</c>:
/// on the table of single slots before session 49). Layouts (<c>--layouts</c>): <c>blocks</c> — batched-quick's (every A, then every B, then every C allocated),
/// <c>interleaved</c> — A, B, C of each product allocated together, <c>shuffled</c> — the blocks' matrices in one random order
/// (the same permutation for the three lists: the storages' addresses no longer ascend through the batch).
/// Prints per form the minimum and median over the rounds of thread-CPU and wall µs.
/// Options: <c>--count 10000</c>, <c>--sizes 16</c>, <c>--reps 41</c>, <c>--types double,float</c>, <c>--layouts blocks,interleaved,shuffled</c>.
/// </summary>
internal static class ListValidationQuick
{
    public static int Run(string[] args)
    {
        int count = 10000, reps = 41;
        int[] sizes = [16];
        string[] types = ["double", "float"], layouts = ["blocks", "interleaved", "shuffled"];
        long evictMb = 64;
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => args[++i];
            switch (args[i])
            {
                case "--count": count = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
                case "--reps": reps = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
                case "--sizes": sizes = [.. Next().Split(',').Select(s => int.Parse(s, System.Globalization.CultureInfo.InvariantCulture))]; break;
                case "--types": types = Next().Split(','); break;
                case "--layouts": layouts = Next().Split(','); break;
                case "--evict-mb": evictMb = long.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        }
        eviction = new long[evictMb << 17];
        Console.WriteLine($"# list-validation: provider {BlasProvider.Current.Name} core={BlasProvider.Current.CoreName ?? "-"}; threads {BlasProvider.Threads}; load average {File.ReadAllText("/proc/loadavg").Trim()}; count {count}; reps {reps}; eviction {evictMb} MB");
        foreach (var type in types)
            foreach (int n in sizes)
                foreach (var layout in layouts)
                    if (type == "float") Measure<float>(type, n, count, reps, layout); else Measure<double>(type, n, count, reps, layout);
        Console.WriteLine($"# load average at the end {File.ReadAllText("/proc/loadavg").Trim()}");
        return 0;
    }

    private static long[] eviction = [];

    private static void Evict()
    {
        long sum = 0;
        for (int i = 0; i < eviction.Length; i += 8) sum += eviction[i];
        GC.KeepAlive(sum);
    }

    private static void Measure<T>(string type, int n, int count, int reps, string layout) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(42);
        Matrix<T> Filled()
        {
            var data = new T[n * n];
            for (int i = 0; i < data.Length; i++) data[i] = T.CreateChecked(rng.NextDouble() * 2 - 1);
            return new Matrix<T>(n, n, data);
        }
        Matrix<T>[] am, bm, cm;
        if (layout == "interleaved")
        {
            am = new Matrix<T>[count]; bm = new Matrix<T>[count]; cm = new Matrix<T>[count];
            for (int i = 0; i < count; i++) { am[i] = Filled(); bm[i] = Filled(); cm[i] = new Matrix<T>(n, n); }
        }
        else
        {
            am = [.. Enumerable.Range(0, count).Select(_ => Filled())];
            bm = [.. Enumerable.Range(0, count).Select(_ => Filled())];
            cm = [.. Enumerable.Range(0, count).Select(_ => new Matrix<T>(n, n))];
            if (layout == "shuffled")
            {
                int[] order = [.. Enumerable.Range(0, count)];
                new Random(7).Shuffle(order);
                am = [.. order.Select(i => am[i])]; bm = [.. order.Select(i => bm[i])]; cm = [.. order.Select(i => cm[i])];
            }
        }
        nint[] addresses = [.. cm.Select(m => StorageAddresses.Of(m.Storage)), .. am.Select(m => StorageAddresses.Of(m.Storage)), .. bm.Select(m => StorageAddresses.Of(m.Storage))];
        (string name, Action run)[] forms =
        [
            ("1-thread", () => MatrixGemmBatch<T>.Validate(T.One, am, bm, T.Zero, cm, spread: false).Release()),
            ("spread", () => MatrixGemmBatch<T>.Validate(T.One, am, bm, T.Zero, cm).Release()),
            // The address proof alone on the batch's addresses taken beforehand, on its bucket table and on the table of single
            // slots before session 49 (StorageAddresses.Buckets off).
            ("address-proof", () => StorageAddresses.ProvedDistinct(addresses.AsSpan(0, count), addresses.AsSpan(count), GC.CollectionCount(0))),
            ("address-proof:slots", () =>
            {
                StorageAddresses.Buckets = false;
                try { StorageAddresses.ProvedDistinct(addresses.AsSpan(0, count), addresses.AsSpan(count), GC.CollectionCount(0)); }
                finally { StorageAddresses.Buckets = true; }
            }),
        ];
        var cpu = forms.Select(_ => new List<double>()).ToArray();
        var wall = forms.Select(_ => new List<double>()).ToArray();
        for (int warm = 0; warm < 3; warm++) foreach (var f in forms) f.run();
        int gc = GC.CollectionCount(0);
        for (int r = 0; r < reps; r++)
            for (int f = 0; f < forms.Length; f++)
            {
                Evict();
                double c0 = ProcessCpuClock.ThreadNow();
                long w0 = Stopwatch.GetTimestamp();
                forms[f].run();
                long w1 = Stopwatch.GetTimestamp();
                double c1 = ProcessCpuClock.ThreadNow();
                cpu[f].Add((c1 - c0) * 1e6);
                wall[f].Add(Stopwatch.GetElapsedTime(w0, w1).TotalMicroseconds);
            }
        gc = GC.CollectionCount(0) - gc;
        for (int f = 0; f < forms.Length; f++)
        {
            static double Median(List<double> x) { var s = x.Order().ToArray(); return s[s.Length / 2]; }
            Console.WriteLine($"list-validation {type} {n} {layout} {forms[f].name} thread-cpu-us min {cpu[f].Min():F0} median {Median(cpu[f]):F0} wall-us min {wall[f].Min():F0} median {Median(wall[f]):F0} gc={gc}");
        }
    }
}
