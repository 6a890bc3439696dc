using BenchmarkDotNet.Attributes;
using BlasNet;

namespace BlasNet.Benchmarks;

/// <summary>
/// 10 000 products of N×N (double) in one <see cref="Blas.GemmStridedBatched(Transpose, Transpose, int, int, int, double, ReadOnlySpan{double}, int, int, ReadOnlySpan{double}, int, int, double, Span{double}, int, int, int)"/>
/// call against a loop of span-form <see cref="Blas.Gemm(Transpose, Transpose, int, int, int, double, ReadOnlySpan{double}, int, ReadOnlySpan{double}, int, double, Span{double}, int)"/>
/// calls over the same buffers (issue #14 item 3 target: the batched call at least 2× faster).
/// </summary>
[MemoryDiagnoser]
public class BatchedGemmBenchmarks
{
    private const int Count = 10_000;
    private double[] a = [], b = [], c = [];

    /// <summary>Side of each square product.</summary>
    [Params(16, 64)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(42);
        int block = N * N;
        a = Enumerable.Range(0, block * Count).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        b = Enumerable.Range(0, block * Count).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        c = new double[block * Count];
    }

    [Benchmark(Baseline = true)]
    public void LoopOfGemm()
    {
        int block = N * N;
        for (int i = 0; i < Count; i++)
            Blas.Gemm(Transpose.None, Transpose.None, N, N, N, 1.0, a.AsSpan(i * block, block), N, b.AsSpan(i * block, block), N, 0.0, c.AsSpan(i * block, block), N);
    }

    [Benchmark]
    public void StridedBatched() =>
        Blas.GemmStridedBatched(Transpose.None, Transpose.None, N, N, N, 1.0, a, N, N * N, b, N, N * N, 0.0, c, N, N * N, Count);
}
