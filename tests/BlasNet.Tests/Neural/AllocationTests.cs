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
        // Counted over ten steps in which no garbage collection ran (up to five tries). Twice in session 21, in loaded
        // `dotnet cake --target=Test` runs with the parallel tall-fit tests allocating large arrays, this count was 416
        // bytes on OpenBLAS, and not again in 13 runs since: the cause is not known. A collection started by another
        // thread is the one suspect this excludes (the count is only as exact as the thread's allocation context, which
        // a collection retires); the failure message reports each try. A step that allocates does so in every try, so
        // the check is as strict as before.
        const int steps = 10;
        long allocated = 0;
        var attempts = new System.Text.StringBuilder(); // what each try saw, for the failure message
        for (int attempt = 0; attempt < 5; attempt++)
        {
            int collections = GC.CollectionCount(0);
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < steps; i++) Step();
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            int collected = GC.CollectionCount(0) - collections;
            attempts.Append($"[{allocated} B, {collected} GCs] ");
            if (collected == 0) break;
        }

        if (BlasProvider.Current.IsNative)
            Assert.True(allocated == 0, $"{allocated} bytes allocated by {steps} training steps on {BlasProvider.Current.Name}; tries: {attempts}");
        else
        {
            long packing = 0;
            for (int l = 0; l + 1 < sizes.Length; l++) packing += sizes[l] * sizes[l + 1] * sizeof(float) + 32;
            Assert.InRange(allocated, 0, steps * packing);
        }
    }
}
