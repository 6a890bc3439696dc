using BlasNet.Neural;

namespace BlasNet.Tests.Neural;

public class AllocationTests
{
    /// <summary>
    /// After warm-up, a float training step (forward, MSE, backward, Adam) allocates nothing with a
    /// native BLAS. The managed provider's GEMM packs Bᵀ into a new array when B is transposed (the
    /// dx = dy Wᵀ products, one per dense layer); that is all it may allocate.
    /// </summary>
    [Fact]
    public void TrainingStep_AllocatesNothingAfterWarmUp()
    {
        int[] sizes = [20, 32, 16, 4];
        var model = new Sequential<float>(
            new Dense<float>(sizes[0], sizes[1], seed: 1), new Relu<float>(),
            new Dense<float>(sizes[1], sizes[2], seed: 2), new Tanh<float>(),
            new Dense<float>(sizes[2], sizes[3], seed: 3));
        var adam = new Adam<float>(model.Parameters);
        var mse = new MeanSquaredError<float>();
        var x = BlasNet.Matrix.Random<float>(16, sizes[0], 1);
        var y = BlasNet.Matrix.Random<float>(16, sizes[3], 2);
        void Step()
        {
            adam.ZeroGrad();
            mse.Forward(model.Forward(x), y);
            model.Backward(mse.Backward());
            adam.Step();
        }
        for (int i = 0; i < 3; i++) Step();
        long before = GC.GetAllocatedBytesForCurrentThread();
        const int steps = 10;
        for (int i = 0; i < steps; i++) Step();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        if (BlasProvider.Current.IsNative) Assert.Equal(0, allocated);
        else
        {
            long packing = 0;
            for (int l = 0; l + 1 < sizes.Length; l++) packing += sizes[l] * sizes[l + 1] * sizeof(float) + 32;
            Assert.InRange(allocated, 0, steps * packing);
        }
    }
}
