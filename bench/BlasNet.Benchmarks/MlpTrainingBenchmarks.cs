using BenchmarkDotNet.Attributes;
using BlasNet;
using BlasNet.Neural;

namespace BlasNet.Benchmarks;

/// <summary>
/// One training step of an MLP 784-256-256-10 (ReLU), batch 128, float: forward, MSE loss, backward
/// (no gradient for the input data, as in PyTorch) and Adam. The PyTorch peer is
/// bench/peers/mlp_torch.py with the same shapes, loss, optimizer and thread count.
/// </summary>
[MemoryDiagnoser]
public class MlpTrainingBenchmarks
{
    private Sequential<float> model = null!;
    private Adam<float> adam = null!;
    private MeanSquaredError<float> loss = null!;
    private Matrix<float> x = null!, target = null!;

    /// <summary>BLAS threads (the PyTorch peer is run with the same count).</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        if (BlasProvider.CanSetThreads) BlasProvider.Threads = Threads;
        model = new Sequential<float>(
            new Dense<float>(784, 256, seed: 1), new Relu<float>(),
            new Dense<float>(256, 256, seed: 2), new Relu<float>(),
            new Dense<float>(256, 10, seed: 3));
        adam = new Adam<float>(model.Parameters);
        loss = new MeanSquaredError<float>();
        x = Matrix.Random<float>(128, 784, 4);
        target = Matrix.Random<float>(128, 10, 5);
        TrainStep();
    }

    [Benchmark]
    public float TrainStep()
    {
        adam.ZeroGrad();
        float value = loss.Forward(model.Forward(x), target);
        model.BackwardParameters(loss.Backward());
        adam.Step();
        return value;
    }
}
