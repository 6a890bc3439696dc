using BenchmarkDotNet.Attributes;
using BlasNet.Providers;
using MathNet.Numerics;

namespace BlasNet.Benchmarks;

/// <summary>
/// Square GEMM, C ← A B, row-major, for float and double: BlasNet's safe API on the process provider
/// (OpenBLAS here; the baseline), BlasNet's managed provider called directly (the provider is
/// process-wide, so the managed backend is invoked without switching it), and MathNet.Numerics with
/// its managed provider. Sizes include 257, not a multiple of any vector width or tile.
/// The thread budget is applied to all three (OpenBLAS, the managed provider, MathNet).
/// Run: <c>dotnet run -c Release --project bench/BlasNet.Benchmarks -- --filter '*GemmBenchmarks*'</c>.
/// </summary>
[MemoryDiagnoser]
[GenericTypeArguments(typeof(double))]
[GenericTypeArguments(typeof(float))]
public class GemmBenchmarks<T> where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
{
    private GemmCase<T> gemm = null!;

    [Params(8, 16, 64, 257, 512, 1024)]
    public int N { get; set; }

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        GemmThreads.Apply(Threads);
        gemm = GemmCase<T>.Create(N, mathNet: true);
    }

    [Benchmark(Baseline = true, Description = "BlasNet (process provider)")]
    public void BlasNetGemm() => gemm.BlasNetSafe();

    [Benchmark(Description = "BlasNet managed provider")]
    public void ManagedGemm() => gemm.Managed();

    [Benchmark(Description = "MathNet managed")]
    public void MathNetGemm() => gemm.MathNet();
}

/// <summary>
/// The textbook scalar i-p-j triple loop, the floor every other GEMM is measured from. Kept apart
/// from <see cref="GemmBenchmarks{T}"/> so its 1024 case (seconds per call) does not slow that class.
/// </summary>
[MemoryDiagnoser]
[GenericTypeArguments(typeof(double))]
[GenericTypeArguments(typeof(float))]
public class NaiveGemmBenchmarks<T> where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
{
    private GemmCase<T> gemm = null!;

    [Params(8, 16, 64, 257, 512)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup() => gemm = GemmCase<T>.Create(N, mathNet: false);

    [Benchmark(Description = "naive triple loop")]
    public void NaiveGemm() => gemm.Naive();
}

/// <summary>One thread budget for every implementation compared.</summary>
internal static class GemmThreads
{
    public static void Apply(int threads)
    {
        if (BlasProvider.CanSetThreads) BlasProvider.Threads = threads;
        ManagedParallelism.Threads = threads;
        Control.UseManaged();
        Control.MaxDegreeOfParallelism = threads;
    }
}
