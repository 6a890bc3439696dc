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
        var (allocated, attempts) = CountAllocations(Step);
        Assert.True(allocated == 0, $"{allocated} bytes allocated by 10 training steps on {BlasProvider.Current.Name}; tries: {attempts}");
    }

    /// <summary>
    /// A Precision.Mixed trainer step (Adam with weight decay, gradient clipping) on a transposed batch allocates
    /// nothing after warm-up: MixedPrecisionModel copied a transposed input into a new matrix every step (8296 B for
    /// this 64×16 batch) while the float32 trainer and a plain batch allocated nothing.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void MixedPrecisionTrainerStep_OnATransposedBatch_AllocatesNothingAfterWarmUp(bool transposed)
    {
        var model = new Sequential<float>(
            new Dense<float>(16, 32, seed: 1), new Relu<float>(),
            new Dense<float>(32, 32, seed: 2), new Tanh<float>(),
            new Dense<float>(32, 4, seed: 3));
        var adam = new Adam<float>(model.Parameters, new AdamOptions(WeightDecay: 0.01));
        var trainer = new Trainer(model, adam, new TrainerOptions(Precision.Mixed, MaxGradNorm: 1.0));
        var x = transposed ? BlasNet.Matrix.Random<float>(16, 64, 5).Transpose() : BlasNet.Matrix.Random<float>(64, 16, 5);
        var y = BlasNet.Matrix.Random<float>(64, 4, 4);
        void Step() => trainer.Step(x, y);
        for (int i = 0; i < 3; i++) Step();
        var (allocated, attempts) = CountAllocations(Step);
        Assert.True(allocated == 0, $"{allocated} bytes allocated by 10 mixed-precision steps (transposed batch: {transposed}) on {BlasProvider.Current.Name}; tries: {attempts}");
    }

    /// <summary>Bytes this thread allocated in ten calls of <paramref name="step"/>, after a full collection, and what each try saw.</summary>
    private static (long Allocated, string Attempts) CountAllocations(Action step)
    {
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
            for (int i = 0; i < steps; i++) step();
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            int collected = GC.CollectionCount(0) - collections;
            attempts.Append($"[{allocated} B, {collected} GCs] ");
            if (collected == 0) break;
        }

        return (allocated, attempts.ToString());
    }
}
