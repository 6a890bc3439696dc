using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using BlasNet;

namespace BlasNet.Benchmarks;

/// <summary>
/// Elementwise neural kernels on float: each against the plain scalar loop doing the same work and
/// against TensorPrimitives.Multiply on the same arrays (two reads and one write: the bandwidth a
/// backward kernel, which also reads two arrays and writes one, can at best reach).
/// </summary>
[MemoryDiagnoser]
public class KernelBenchmarks
{
    private float[] x = [], dy = [], y = [], dx = [];

    /// <summary>Element counts: one that fits in L1/L2 and one far beyond the caches, neither a multiple of the vector width.</summary>
    [Params(4096, 1_000_003)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(42);
        x = Enumerable.Range(0, N).Select(_ => (float)(rng.NextDouble() * 6 - 3)).ToArray();
        dy = Enumerable.Range(0, N).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        y = new float[N];
        dx = new float[N];
        Kernels.Tanh<float>(x, y);
    }

    [Benchmark(Baseline = true)] public void MultiplyBandwidth() => TensorPrimitives.Multiply(x, dy, dx);

    [Benchmark] public void ReluForward() => Kernels.Relu<float>(x, dx);
    [Benchmark] public void ReluBackward() => Kernels.ReluBackward<float>(x, dy, dx);
    [Benchmark] public void TanhForward() => Kernels.Tanh<float>(x, dx);
    [Benchmark] public void TanhBackward() => Kernels.TanhBackward<float>(y, dy, dx);

    // What Kernels.Tanh called before session 25: faster on Vector512 floats, but it cancels near 0 (tanh(1e-6f) = 9.5e-7)
    // and its result depends on the span's length (TanhKernel's remarks). Kept as the before/after reference.
    [Benchmark] public void TensorPrimitivesTanh() => TensorPrimitives.Tanh<float>(x, dx);

    [Benchmark]
    public void ScalarReluForward()
    {
        for (int i = 0; i < x.Length; i++) dx[i] = x[i] > 0 ? x[i] : 0f;
    }

    [Benchmark]
    public void ScalarReluBackward()
    {
        for (int i = 0; i < x.Length; i++) dx[i] = x[i] > 0 ? dy[i] : 0f;
    }

    [Benchmark]
    public void ScalarTanhForward()
    {
        for (int i = 0; i < x.Length; i++) dx[i] = MathF.Tanh(x[i]);
    }

    [Benchmark]
    public void ScalarTanhBackward()
    {
        for (int i = 0; i < y.Length; i++) dx[i] = dy[i] * (1 - y[i] * y[i]);
    }
}
