using BlasNet.Neural;

namespace BlasNet.Tests.Neural;

/// <summary>Seeded synthetic data and small helpers shared by the behaviour tests.</summary>
internal static class TrainingData
{
    public static double Gaussian(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    public static Matrix<double> Gaussian(int rows, int cols, Random rng) => BlasNet.Matrix.Create(rows, cols, (_, _) => Gaussian(rng));

    /// <summary>Copies rows [start, start + count) of m into the reusable buffer.</summary>
    public static void Rows(Matrix<double> m, int start, Matrix<double> buffer) =>
        m.AsSpan().Slice(start * m.Columns, buffer.Rows * m.Columns).CopyTo(buffer.AsSpan());

    /// <summary>A train step: zero grads, forward, MSE, backward, optimizer step; returns the loss.</summary>
    public static double MseStep(ILayer<double> model, Optimizer<double> optimizer, MeanSquaredError<double> loss, Matrix<double> x, Matrix<double> y)
    {
        optimizer.ZeroGrad();
        double value = loss.Forward(model.Forward(x), y);
        model.Backward(loss.Backward());
        optimizer.Step();
        return value;
    }
}
