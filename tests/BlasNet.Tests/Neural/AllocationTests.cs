using BlasNet.Neural;

namespace BlasNet.Tests.Neural;

public class AllocationTests
{
    /// <summary>
    /// After warm-up, a float training step (forward, MSE, backward, Adam) allocates nothing, on every
    /// provider (the managed GEMM packs into per-thread buffers; until session 24 this test allowed it a
    /// packing array per dense layer and step, which it no longer needs), even right after a full collection.
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
        // A full collection first: the runtime keeps some things (a type's name) in caches that a collection may drop, and
        // a step that reads them again allocates. Activation.Backward did (208 B per call, GetType().Name for an error
        // message it did not throw): the cause of the 416 B this test saw now and then in loaded runs (sessions 21 and
        // 24) when another test's large arrays had set off a full collection. Forced here, so such an allocation fails
        // every run, not one in ten.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        // Counted over ten steps in which no collection ran (up to five tries): one started meanwhile by another thread
        // retires this thread's allocation context, which the count is only as exact as. A step that allocates does so in
        // every try; the failure message reports each.
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

        Assert.True(allocated == 0, $"{allocated} bytes allocated by {steps} training steps on {BlasProvider.Current.Name}; tries: {attempts}");
    }
}
