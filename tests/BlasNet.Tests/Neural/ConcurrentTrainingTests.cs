using BlasNet.Neural;
using BlasNet.Tests.Core;

namespace BlasNet.Tests.Neural;

/// <summary>
/// Separate models trained on separate threads at once, one of their layers a user's custom layer that computes with
/// Blas.GemmBatched (batches from several threads share the managed worker pool): every model ends where the same training
/// run alone ends — bit for bit where the provider's results do not depend on where buffers lie
/// (<see cref="ProviderReproducibility"/>), else to rounding — and the custom layer's products are their definition.
/// </summary>
public class ConcurrentTrainingTests
{
    /// <summary>y = x·W, fixed W (16×16), the batch's rows in blocks of 16, one GEMM per block through Blas.GemmBatched.</summary>
    private sealed class BlockedProjection(Matrix<double> w) : ILayer<double>
    {
        public int Products;

        public Matrix<double> Forward(Matrix<double> x) => Blocked(x, w);

        public Matrix<double> Backward(Matrix<double> dy) => Blocked(dy, w.Transpose());

        private Matrix<double> Blocked(Matrix<double> x, Matrix<double> by)
        {
            int blocks = x.Rows / 16;
            var xs = new List<Matrix<double>>();
            var ys = new List<Matrix<double>>();
            for (int q = 0; q < blocks; q++)
            {
                var xb = new Matrix<double>(16, x.Columns);
                for (int i = 0; i < 16; i++)
                    for (int j = 0; j < x.Columns; j++) xb[i, j] = x[q * 16 + i, j];
                xs.Add(xb);
                ys.Add(new Matrix<double>(16, by.Columns));
            }
            Blas.GemmBatched(1.0, xs, Enumerable.Repeat(by, blocks).ToList(), 0.0, ys);
            var y = new Matrix<double>(x.Rows, by.Columns);
            for (int q = 0; q < blocks; q++)
                for (int i = 0; i < 16; i++)
                    for (int j = 0; j < by.Columns; j++)
                    {
                        // Each product against its definition: a product lost or taken from another thread's batch fails here.
                        double sum = 0, mag = 0;
                        for (int p = 0; p < by.Rows; p++) { sum += xs[q][i, p] * by[p, j]; mag += Math.Abs(xs[q][i, p] * by[p, j]); }
                        if (Math.Abs(ys[q][i, j] - sum) > 1e-15 * (by.Rows + 2) * mag + 1e-300)
                            throw new InvalidOperationException($"block {q} [{i},{j}]: {ys[q][i, j]:R}, definition {sum:R}");
                        y[q * 16 + i, j] = ys[q][i, j];
                    }
            Products += blocks;
            return y;
        }

        public IReadOnlyList<Parameter<double>> Parameters => [];

        public ILayer<double> ShareWeights() => new BlockedProjection(w);
    }

    private static double[][] Train(int model)
    {
        const int batch = 128, inputs = 6;
        var projection = new BlockedProjection(Matrix.Random<double>(16, 16, 900 + model));
        var net = new Sequential<double>(new Dense<double>(inputs, 16, seed: 100 + model), new Tanh<double>(), projection, new Dense<double>(16, 1, seed: 200 + model));
        var adam = new Adam<double>(net.Parameters, new AdamOptions(LearningRate: 0.01));
        var loss = new MeanSquaredError<double>();
        var x = Matrix.Random<double>(batch, inputs, 300 + model);
        var y = new Matrix<double>(batch, 1);
        for (int i = 0; i < batch; i++) y[i, 0] = Math.Sin(x[i, 0] + 2 * x[i, 1]) + model * 0.1;
        for (int step = 0; step < 15; step++)
        {
            adam.ZeroGrad();
            loss.Forward(net.Forward(x), y);
            net.Backward(loss.Backward());
            adam.Step();
        }
        Assert.Equal(15 * 2 * (batch / 16), projection.Products);
        return net.Parameters.Select(p => p.Value.AsSpan().ToArray()).ToArray();
    }

    [Fact]
    public void SixModelsOnSixThreads_EachEndsAsItsSoloRun()
    {
        const int models = 6;
        var solo = Enumerable.Range(0, models).Select(Train).ToArray();
        var together = new double[models][][];
        ConcurrentStressTests.OnThreads(models, m => together[m] = Train(m));
        for (int m = 0; m < models; m++)
            for (int p = 0; p < solo[m].Length; p++)
            {
                if (ProviderReproducibility.BitForBit)
                {
                    Assert.Equal(solo[m][p], together[m][p]);
                    continue;
                }
                double scale = solo[m][p].Max(Math.Abs);
                for (int i = 0; i < solo[m][p].Length; i++)
                    Assert.True(Math.Abs(solo[m][p][i] - together[m][p][i]) <= 1e-9 * scale, $"model {m} parameter {p}[{i}]: {together[m][p][i]:R}, alone {solo[m][p][i]:R}");
            }
    }
}
