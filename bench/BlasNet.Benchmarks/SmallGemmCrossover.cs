using System.Diagnostics;
using System.Numerics;
using BlasNet.Providers;

namespace BlasNet.Benchmarks;

/// <summary>
/// The crossover behind <see cref="SmallGemm"/>'s rule: one product after another on one thread, the
/// provider's call (<c>Blas.Gemm</c>, span form) against the managed small-product kernel on the same
/// buffers, alternately, best of <c>--reps</c>. Prints <c>small &lt;type&gt; &lt;n&gt; &lt;provider ns/product&gt; &lt;kernel ns/product&gt; &lt;provider/kernel&gt;</c>
/// for square n×n products. Options: <c>--sizes 4,8,...</c>, <c>--reps 7</c>, <c>--types double,float</c>.
/// <c>--managed-single NN,TN,NT,TT</c> instead times, for one call on the managed provider and each transpose pair
/// given, the managed GEMM's packed path (<c>GemmBlocked</c>, which a single call took for every product above 8³
/// before session 21) against the small-product kernel, and prints
/// <c>single &lt;type&gt; &lt;transA&gt;&lt;transB&gt; &lt;n&gt; &lt;blocked ns&gt; &lt;kernel ns&gt; &lt;blocked/kernel&gt; &lt;vector width&gt; routed=&lt;ns&gt; public=&lt;ns&gt;</c>
/// (routed: the managed GEMM's call as it now runs, Auto; public: <c>Blas.Gemm</c>, which adds validation and dispatch):
/// the crossover behind <c>ManagedGemm</c>'s routing (run with <c>DOTNET_EnableAVX512F=0</c> for the Vector256 path).
/// </summary>
internal static unsafe class SmallGemmCrossover
{
    public static int Run(string[] args)
    {
        int[] sizes = [4, 8, 12, 16, 24, 32, 48, 64, 80, 96];
        int reps = 7;
        string[] types = ["double", "float"];
        string[]? single = null;
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--sizes": sizes = Next().Split(',').Select(int.Parse).ToArray(); break;
                case "--reps": reps = int.Parse(Next()); break;
                case "--types": types = Next().Split(','); break;
                case "--managed-single": single = Next().Split(','); break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        }
        var info = BlasProvider.Current;
        Console.WriteLine($"# provider {info.Name} core={info.CoreName ?? "-"}; threads {BlasProvider.Threads}; load average {BatchedQuick.LoadAverage()}");
        foreach (string type in types)
            foreach (int n in sizes)
            {
                if (single is not null)
                    foreach (string trans in single)
                    {
                        if (type == "float") MeasureSingle<float>(type, trans, n, reps);
                        else MeasureSingle<double>(type, trans, n, reps);
                    }
                else if (type == "float") Measure<float>(type, n, reps);
                else Measure<double>(type, n, reps);
            }
        Console.WriteLine($"# load average {BatchedQuick.LoadAverage()}");
        return 0;
    }

    private static void Measure<T>(string type, int n, int reps) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int block = n * n;
        var (count, a, b, c) = Buffers<T>(n);
        void Provider()
        {
            for (int i = 0; i < count; i++)
                Blas.Gemm(Transpose.None, Transpose.None, n, n, n, T.One, a.AsSpan(i * block, block), n, b.AsSpan(i * block, block), n, T.Zero, c.AsSpan(i * block, block), n);
        }
        void Kernel()
        {
            fixed (T* pa = a, pb = b, pc = c)
                for (int i = 0; i < count; i++)
                    SmallGemm.Run(Transpose.None, Transpose.None, n, n, n, T.One, pa + i * block, n, pb + i * block, n, T.Zero, pc + i * block, n);
        }
        bool applies = SmallGemm.Width<T>(n) != 0;
        var best = Best(applies ? [Provider, Kernel] : [Provider], reps, count);
        Console.WriteLine(applies
            ? $"small {type} {n} {best[0]:F0} {best[1]:F0} {best[0] / best[1]:F2}"
            : $"small {type} {n} {best[0]:F0} - -");
    }

    /// <summary>
    /// One managed call's two paths on the same buffers, alternately: the packed, blocked GEMM (the kernel named
    /// explicitly, which bypasses the small-product routing) against <see cref="SmallGemm.Run{T}"/>; both on one
    /// thread's budget as a call of this size gets, β = 0, square n×n, the transposes as <paramref name="trans"/> says.
    /// </summary>
    private static void MeasureSingle<T>(string type, string trans, int n, int reps) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var ta = trans[0] == 'T' ? Transpose.Transposed : Transpose.None;
        var tb = trans[1] == 'T' ? Transpose.Transposed : Transpose.None;
        int block = n * n;
        var (count, a, b, c) = Buffers<T>(n);
        var packed = ManagedGemmKernels.Resolve<T>(ManagedGemmKernel.Auto);
        void Blocked()
        {
            for (int i = 0; i < count; i++)
                ManagedGemm<T>.Gemm(ta, tb, n, n, n, T.One, a.AsSpan(i * block, block), n, b.AsSpan(i * block, block), n, T.Zero, c.AsSpan(i * block, block), n,
                    ManagedParallelism.Threads, packed);
        }
        void Kernel()
        {
            fixed (T* pa = a, pb = b, pc = c)
                for (int i = 0; i < count; i++)
                    SmallGemm.Run(ta, tb, n, n, n, T.One, pa + i * block, n, pb + i * block, n, T.Zero, pc + i * block, n);
        }
        // The managed GEMM as a call now runs it (Auto: routed to the kernel), and the public entry on top (validation, provider dispatch).
        void Routed()
        {
            for (int i = 0; i < count; i++)
                ManagedGemm<T>.Gemm(ta, tb, n, n, n, T.One, a.AsSpan(i * block, block), n, b.AsSpan(i * block, block), n, T.Zero, c.AsSpan(i * block, block), n);
        }
        void Public()
        {
            for (int i = 0; i < count; i++)
                Blas.Gemm(ta, tb, n, n, n, T.One, a.AsSpan(i * block, block), n, b.AsSpan(i * block, block), n, T.Zero, c.AsSpan(i * block, block), n);
        }
        if (SmallGemm.Width<T>(n) == 0) { Console.WriteLine($"single {type} {trans} {n} - - - none"); return; }
        var best = Best([Blocked, Kernel, Routed, Public], reps, count);
        Console.WriteLine($"single {type} {trans} {n} {best[0]:F0} {best[1]:F0} {best[0] / best[1]:F2} {packed} routed={best[2]:F0} public={best[3]:F0}");
    }

    /// <summary>Random n×n blocks for about 2 M multiply-adds per timing (at least 8 products): A, B, and C to write.</summary>
    private static (int Count, T[] A, T[] B, T[] C) Buffers<T>(int n) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int block = n * n;
        int count = (int)Math.Max(8, 2_000_000L / ((long)block * n));
        var rng = new Random(7);
        var a = new T[block * count]; var b = new T[block * count]; var c = new T[block * count];
        for (int i = 0; i < a.Length; i++) { a[i] = T.CreateChecked(rng.NextDouble() * 2 - 1); b[i] = T.CreateChecked(rng.NextDouble() * 2 - 1); }
        return (count, a, b, c);
    }

    /// <summary>Each form once untimed, then all alternately <paramref name="reps"/> times; the best ns per product of each.</summary>
    private static double[] Best(Action[] forms, int reps, int count)
    {
        var best = new double[forms.Length];
        Array.Fill(best, double.MaxValue);
        foreach (var f in forms) f();
        for (int r = 0; r < reps; r++)
            for (int f = 0; f < forms.Length; f++)
            {
                long t0 = Stopwatch.GetTimestamp();
                forms[f]();
                best[f] = Math.Min(best[f], Stopwatch.GetElapsedTime(t0).TotalNanoseconds / count);
            }
        return best;
    }
}
