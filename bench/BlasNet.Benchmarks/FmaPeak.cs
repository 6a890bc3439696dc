using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace BlasNet.Benchmarks;

/// <summary>
/// The machine's fused multiply–add ceiling per register width, for judging the small-product kernel against it
/// (session 47, kernel47): ten independent FMA chains on registers alone (no memory; ten cover the latency of two 4-cycle
/// pipes, and fit the 16 registers of AVX2 with the two operands), best of <c>--reps</c> (default 7) in this thread's
/// CPU time. Prints <c>fma-peak &lt;width bits&gt; &lt;ns per register FMA&gt; &lt;FMAs per ns&gt;</c> for Vector512 (where
/// accelerated) and Vector256; the kernel's m·n·k / lanes FMAs per product times the first figure is its floor.
/// </summary>
internal static class FmaPeak
{
    private const long Steps = 4_000_000, Chains = 10;

    public static int Run(string[] args)
    {
        int reps = args.Length >= 2 && args[0] == "--reps" ? int.Parse(args[1]) : 7;
        Console.WriteLine($"# load average {BatchedQuick.LoadAverage()}");
        if (Vector512.IsHardwareAccelerated) Report(512, reps, () => Chains512(Steps, 1.0f));
        if (Vector256.IsHardwareAccelerated) Report(256, reps, () => Chains256(Steps, 1.0f));
        Console.WriteLine($"# load average {BatchedQuick.LoadAverage()}");
        return 0;
    }

    private static void Report(int bits, int reps, Func<float> run)
    {
        run();
        double best = double.MaxValue;
        for (int r = 0; r < reps; r++)
        {
            double t0 = ProcessCpuClock.ThreadNow();
            if (float.IsNaN(run())) throw new InvalidOperationException("unreachable: the chains stay finite");
            best = Math.Min(best, (ProcessCpuClock.ThreadNow() - t0) * 1e9 / (Steps * Chains));
        }
        Console.WriteLine($"fma-peak {bits} {best:F4} {1 / best:F2}");
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Chains512(long steps, float x)
    {
        Vector512<float> a = Vector512.Create(0.999999f), b = Vector512.Create(x * 1e-7f);
        Vector512<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default, c6 = default, c7 = default, c8 = default, c9 = default;
        for (long i = 0; i < steps; i++)
        {
            c0 = Vector512.FusedMultiplyAdd(a, c0, b); c1 = Vector512.FusedMultiplyAdd(a, c1, b);
            c2 = Vector512.FusedMultiplyAdd(a, c2, b); c3 = Vector512.FusedMultiplyAdd(a, c3, b);
            c4 = Vector512.FusedMultiplyAdd(a, c4, b); c5 = Vector512.FusedMultiplyAdd(a, c5, b);
            c6 = Vector512.FusedMultiplyAdd(a, c6, b); c7 = Vector512.FusedMultiplyAdd(a, c7, b);
            c8 = Vector512.FusedMultiplyAdd(a, c8, b); c9 = Vector512.FusedMultiplyAdd(a, c9, b);
        }
        return (c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9).ToScalar();
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Chains256(long steps, float x)
    {
        Vector256<float> a = Vector256.Create(0.999999f), b = Vector256.Create(x * 1e-7f);
        Vector256<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default, c6 = default, c7 = default, c8 = default, c9 = default;
        for (long i = 0; i < steps; i++)
        {
            c0 = Vector256.FusedMultiplyAdd(a, c0, b); c1 = Vector256.FusedMultiplyAdd(a, c1, b);
            c2 = Vector256.FusedMultiplyAdd(a, c2, b); c3 = Vector256.FusedMultiplyAdd(a, c3, b);
            c4 = Vector256.FusedMultiplyAdd(a, c4, b); c5 = Vector256.FusedMultiplyAdd(a, c5, b);
            c6 = Vector256.FusedMultiplyAdd(a, c6, b); c7 = Vector256.FusedMultiplyAdd(a, c7, b);
            c8 = Vector256.FusedMultiplyAdd(a, c8, b); c9 = Vector256.FusedMultiplyAdd(a, c9, b);
        }
        return (c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9).ToScalar();
    }
}
