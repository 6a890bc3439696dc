using BenchmarkDotNet.Attributes;
using BlasNet.Neural;

namespace BlasNet.Benchmarks;

/// <summary>
/// One training step (zero-grad, forward, MSE, backward, Adam) of the 784-256-256-10 ReLU MLP, float32
/// against mixed precision (Half activations and gradients, float32 master weights and sgemm, GradScaler
/// with PyTorch's defaults). Seeded data; batch sizes from one GEMM row block to several. Allocations per
/// step come from [MemoryDiagnoser]; the memory each mode keeps between steps (activations, gradients,
/// scratch, optimizer state) is measured once in the setup and printed as "retained bytes".
/// Run: <c>dotnet run -c Release --project bench/BlasNet.Benchmarks -- --filter '*MixedPrecisionBenchmarks*'</c>.
/// </summary>
[MemoryDiagnoser]
public class MixedPrecisionBenchmarks
{
    private Trainer single = null!, mixed = null!;
    private Matrix<float> x = null!, y = null!;

    [Params(64, 256, 1024)]
    public int Batch { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        x = Matrix.Random<float>(Batch, 784, seed: 1);
        y = Matrix.Create(Batch, 10, (i, j) => i % 10 == j ? 1f : 0f);
        single = Create(Precision.Single, out long singleBytes);
        mixed = Create(Precision.Mixed, out long mixedBytes);
        Console.WriteLine($"// retained bytes after the first step, batch {Batch}: float32 {singleBytes:N0}, mixed {mixedBytes:N0}");
    }

    private Trainer Create(Precision precision, out long retained) => MixedPrecisionQuick.Create(precision, x, y, out retained);

    [Benchmark(Baseline = true, Description = "float32 step")]
    public double Float32Step() => single.Step(x, y).Loss;

    [Benchmark(Description = "mixed-precision step")]
    public double MixedStep() => mixed.Step(x, y).Loss;
}
