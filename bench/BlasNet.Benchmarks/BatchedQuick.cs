using System.Diagnostics;
using BlasNet.Providers;

namespace BlasNet.Benchmarks;

/// <summary>
/// Batched GEMM against a loop of <c>Blas.Gemm</c>, one run, on a busy machine: the two are timed
/// alternately (so load swings hit both alike) and the best wall time of each is kept. Prints
/// <c>batched &lt;form&gt; &lt;n&gt; &lt;count&gt; &lt;best ms&gt; &lt;ratio to the loop&gt; &lt;process CPU time / wall time of that run&gt; gc=&lt;gen-0 collections over all runs&gt;</c> lines
/// (form: loop, strided, list; a CPU/wall ratio near the thread count shows the threads ran at once) after <c># ...</c> lines naming the provider, kernel and threads.
/// Options: <c>--sizes 16,64</c>, <c>--count 10000</c>, <c>--reps 7</c>.
/// </summary>
internal static class BatchedQuick
{
    public static int Run(string[] args)
    {
        int[] sizes = [16, 64];
        int count = 10_000, reps = 7;
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--sizes": sizes = Next().Split(',').Select(int.Parse).ToArray(); break;
                case "--count": count = int.Parse(Next()); break;
                case "--reps": reps = int.Parse(Next()); break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        }
        var info = BlasProvider.Current;
        Console.WriteLine($"# provider {info.Name} {info.LibraryPath} core={info.CoreName ?? "-"} config={info.Config}");
        Console.WriteLine($"# threads {BlasProvider.Threads}; OPENBLAS_CORETYPE={Environment.GetEnvironmentVariable("OPENBLAS_CORETYPE") ?? "-"}; {Environment.ProcessorCount} cores");
        foreach (int n in sizes)
        {
            int block = n * n;
            var rng = new Random(42);
            var a = new double[block * count]; var b = new double[block * count]; var c = new double[block * count];
            for (int i = 0; i < a.Length; i++) { a[i] = rng.NextDouble() * 2 - 1; b[i] = rng.NextDouble() * 2 - 1; }
            var am = Enumerable.Range(0, count).Select(i => new Matrix<double>(n, n, a.AsSpan(i * block, block).ToArray())).ToArray();
            var bm = Enumerable.Range(0, count).Select(i => new Matrix<double>(n, n, b.AsSpan(i * block, block).ToArray())).ToArray();
            var cm = Enumerable.Range(0, count).Select(_ => new Matrix<double>(n, n)).ToArray();

            void Loop()
            {
                for (int i = 0; i < count; i++)
                    Blas.Gemm(Transpose.None, Transpose.None, n, n, n, 1.0, a.AsSpan(i * block, block), n, b.AsSpan(i * block, block), n, 0.0, c.AsSpan(i * block, block), n);
            }
            void Strided() => Blas.GemmStridedBatched(Transpose.None, Transpose.None, n, n, n, 1.0, a, n, block, b, n, block, 0.0, c, n, block, count);
            void List() => Blas.GemmBatched(1.0, am, bm, 0.0, cm);

            Action[] forms = [Loop, Strided, List];
            string[] names = ["loop", "strided", "list"];
            var best = new double[forms.Length];
            var cpuOfBest = new double[forms.Length];
            Array.Fill(best, double.MaxValue);
            foreach (var f in forms) f(); // warm-up (JIT, worker threads, BLAS buffers)
            var gcs = new int[forms.Length];
            for (int r = 0; r < reps; r++)
                for (int f = 0; f < forms.Length; f++)
                {
                    var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
                    int gc0 = GC.CollectionCount(0);
                    long t0 = Stopwatch.GetTimestamp();
                    forms[f]();
                    double ms = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
                    gcs[f] += GC.CollectionCount(0) - gc0;
                    if (ms < best[f])
                    {
                        best[f] = ms;
                        cpuOfBest[f] = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMilliseconds;
                    }
                }
            for (int f = 0; f < forms.Length; f++)
                Console.WriteLine($"batched {names[f]} {n} {count} {best[f]:F2} {best[f] / best[0]:F2} {cpuOfBest[f] / best[f]:F2} gc={gcs[f]}");
        }
        Console.WriteLine($"# GEMM worker threads started: {GemmWorkerPool.WorkerCount}; CPU time per thread of this process (ms, above 5): "
            + string.Join(", ", Process.GetCurrentProcess().Threads.Cast<ProcessThread>()
                .Select(t => t.TotalProcessorTime.TotalMilliseconds).Where(ms => ms > 5).OrderDescending().Select(ms => ms.ToString("F0"))));
        return 0;
    }
}
