using BenchmarkDotNet.Attributes;

namespace BlasNet.Benchmarks;

/// <summary>
/// SYRK against GEMM of the same operand, double, row-major: C ← A Aᵀ on the lower triangle (n(n+1)/2 · k multiply-adds)
/// beside the full n×n GEMM C ← A Aᵀ (n²k), A n×k with n = k. Both through the public span API on the process provider;
/// run with BLASNET_BLAS=managed to time the managed provider's SYRK (built on its GEMM) against that GEMM. A short job
/// (one launch, 2 warm-ups, 5 iterations): the point is the ratio, which at n = 800 was 8× in SYRK's disfavour before it
/// was built on the GEMM. Run: <c>BLASNET_BLAS=managed dotnet cake --target=Bench --filter='*SyrkBenchmarks*'</c>.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 5)]
public class SyrkBenchmarks
{
    private double[] a = [], c = [];

    /// <summary>n = k: a size the small-product kernel takes (64), one a few SYRK panels wide (256), and 800.</summary>
    [Params(64, 256, 800)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(800);
        a = new double[N * N];
        for (int i = 0; i < a.Length; i++) a[i] = rng.NextDouble() - 0.5;
        c = new double[N * N];
        Console.WriteLine($"// provider {BlasProvider.Current.Name}; Vector512 accelerated: {System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated}");
    }

    [Benchmark(Baseline = true)]
    public void Gemm() => Blas.Gemm(Transpose.None, Transpose.Transposed, N, N, N, 1.0, a, N, a, N, 0.0, c, N);

    [Benchmark]
    public void Syrk() => Blas.Syrk(Triangle.Lower, Transpose.None, N, N, 1.0, a, N, 0.0, c, N);
}
