using System.Diagnostics;
using BlasNet.Providers;

namespace BlasNet.Benchmarks;

/// <summary>
/// A quick GEMM GFLOP/s table (best of several timed repetitions per size), for the Compare target.
/// Prints one machine-readable line per measurement:
/// <c>gemm &lt;implementation&gt; &lt;double|float&gt; &lt;n&gt; &lt;GFLOP/s&gt;</c>, plus
/// <c>gemm-ns &lt;implementation&gt; &lt;type&gt; 8 &lt;ns per call&gt;</c> for the per-call overhead,
/// <c>gemm-alloc &lt;implementation&gt; &lt;type&gt; &lt;n&gt; &lt;bytes per call&gt;</c> (steady state, all threads), and
/// <c># ...</c> comment lines describing the provider, kernel and threads.
/// Options: <c>--threads N</c> (default 1), <c>--sizes 8,16,64,257,512,1024</c>,
/// <c>--types double,float</c>, <c>--impl blasnet,managed,naive,mathnet</c> (also <c>axpy</c>: the managed GEMM before blocking),
/// <c>--budget-ms 400</c> (time spent per measurement), <c>--naive-max 512</c>,
/// <c>--clock cpu</c> (process CPU time instead of best wall time: steadier on a busy machine, single thread only).
/// </summary>
internal static class GemmQuick
{
    public static int Run(string[] args)
    {
        int threads = 1, budgetMs = 400, naiveMax = 512;
        bool cpuClock = false;
        int[] sizes = [8, 16, 64, 257, 512, 1024];
        string[] types = ["double", "float"];
        string[] impls = ["blasnet", "managed", "naive", "mathnet"];
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--threads": threads = int.Parse(Next()); break;
                case "--sizes": sizes = Next().Split(',').Select(int.Parse).ToArray(); break;
                case "--types": types = Next().Split(','); break;
                case "--impl": impls = Next().Split(','); break;
                case "--budget-ms": budgetMs = int.Parse(Next()); break;
                case "--naive-max": naiveMax = int.Parse(Next()); break;
                case "--clock": cpuClock = Next() == "cpu"; break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        }

        var info = BlasProvider.Current;
        GemmThreads.Apply(threads);
        Console.WriteLine($"# provider {info.Name} {info.LibraryPath} core={info.CoreName ?? "-"} config={info.Config}");
        Console.WriteLine($"# threads {threads}; clock {(cpuClock ? "cpu" : "wall")}; managed kernel {ManagedGemmKernels.Describe()}; OPENBLAS_CORETYPE={Environment.GetEnvironmentVariable("OPENBLAS_CORETYPE") ?? "-"}");
        Console.WriteLine("# format: gemm <impl> <type> <n> <GFLOP/s>   (impl: blasnet = safe API on the process provider, managed = BlasNet managed provider, axpy = the previous managed GEMM (row axpy form), naive = triple loop, mathnet = MathNet.Numerics managed)");

        foreach (string type in types)
            foreach (int n in sizes)
                foreach (string impl in impls)
                {
                    if (impl == "blasnet" && !info.IsNative && impls.Contains("managed")) continue;
                    if (impl == "naive" && n > naiveMax) continue;
                    var call = type == "double" ? GemmCase<double>.Make(impl, n) : GemmCase<float>.Make(impl, n);
                    double seconds = BestSeconds(call, budgetMs, cpuClock ? ProcessCpuClock.Now : WallClock);
                    double gflops = 2.0 * n * n * n / seconds / 1e9;
                    Console.WriteLine($"gemm {impl} {type} {n} {gflops:F2}");
                    if (n <= 8) Console.WriteLine($"gemm-ns {impl} {type} {n} {seconds * 1e9:F1}");
                    Console.WriteLine($"gemm-alloc {impl} {type} {n} {AllocatedBytesPerCall(call, seconds):F0}");
                }
        return 0;
    }

    /// <summary>Bytes allocated per call in steady state, all threads (the MemoryDiagnoser figure, measured cheaply).</summary>
    private static double AllocatedBytesPerCall(Action call, double secondsPerCall)
    {
        int calls = (int)Math.Clamp(0.05 / secondsPerCall, 1, 1000);
        long before = GC.GetTotalAllocatedBytes(precise: true);
        for (int i = 0; i < calls; i++) call();
        return (double)(GC.GetTotalAllocatedBytes(precise: true) - before) / calls;
    }

    private static readonly Stopwatch Wall = Stopwatch.StartNew();
    private static double WallClock() => Wall.Elapsed.TotalSeconds;

    /// <summary>Best per-call time on <paramref name="clock"/>: batches of ~10 ms, repeated until the budget is spent (at least 3).</summary>
    private static double BestSeconds(Action call, int budgetMs, Func<double> clock)
    {
        call();
        double t0 = clock();
        call();
        double one = Math.Max(clock() - t0, 1e-9);
        int batch = (int)Math.Clamp(0.01 / one, 1, 1_000_000);
        double best = double.MaxValue;
        double start = clock();
        for (int rep = 0; rep < 3 || clock() - start < budgetMs / 1000.0; rep++)
        {
            t0 = clock();
            for (int i = 0; i < batch; i++) call();
            best = Math.Min(best, (clock() - t0) / batch);
            if (rep > 200) break;
        }
        return best;
    }
}
