using BlasNet.Providers;

namespace BlasNet.Tests.Core;

/// <summary>
/// <see cref="BlasProvider.Threads"/> is bounded (1 … <see cref="BlasProvider.MaxThreads"/>) and reads
/// the library's real count: BLIS once reported −1, aborted on <c>int.MaxValue</c> and crawled with 1000
/// threads; the managed provider accepted 100 000 and kept hundreds of workers alive.
/// </summary>
[Collection(nameof(ProcessWideStateCollection))]
public class ProviderThreadTests
{
    [Fact]
    public void MaxThreads_IsFourTimesTheProcessors()
    {
        Assert.Equal(4 * Environment.ProcessorCount, BlasProvider.MaxThreads);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    [InlineData(int.MaxValue)]
    [InlineData(1000)]
    [InlineData(-2)] // stands for MaxThreads + 1 (InlineData needs a constant)
    public void Threads_OutsideOneToMaxThreads_Throws_AndChangesNothing(int value)
    {
        if (value == -2) value = BlasProvider.MaxThreads + 1;
        int before = BlasProvider.Threads;
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => BlasProvider.Threads = value);
        Assert.Equal("value", ex.ParamName);
        Assert.Contains(value.ToString(System.Globalization.CultureInfo.InvariantCulture), ex.Message);
        Assert.Equal(before, BlasProvider.Threads);
    }

    [Fact]
    public void Threads_AtTheBound_IsAccepted_AndAGemmStaysRight()
    {
        int before = BlasProvider.Threads;
        try
        {
            BlasProvider.Threads = BlasProvider.MaxThreads;
            int now = BlasProvider.Threads;
            Assert.InRange(now, 1, BlasProvider.MaxThreads); // MKL may stop at the physical cores
            if (BlasProvider.Current.Name is "BLIS" or "Managed" or "OpenBLAS") Assert.Equal(BlasProvider.MaxThreads, now);
            // The product that aborted BLIS, checked against plain dot products.
            Level3Tests.Gemm<double>(Transpose.None, Transpose.None, 200, 200, 200, 1.0, 0.0, seed: 9);
        }
        finally
        {
            BlasProvider.Threads = before;
        }
        Assert.Equal(before, BlasProvider.Threads);
    }

    [Fact]
    public void ManagedWorkerPool_StaysWithinTheBound_WhateverTheRequest()
    {
        int before = ManagedParallelism.Threads;
        try
        {
            // Workers other tests started through internal entries with explicit thread counts (ManagedGemmTests asks for
            // 5, beyond MaxThreads − 1 on one processor) stay: the bound is on what this request adds.
            int workersBefore = GemmWorkerPool.WorkerCount;
            ManagedParallelism.Threads = 100_000; // past the public setter's check: the pool bounds itself too
            Assert.Equal(BlasProvider.MaxThreads, ManagedParallelism.Threads);
            int n = 600; // 600 rows make far more micro-panels than MaxThreads
            var a = Matrix.Random<double>(n, n, 1).AsSpan().ToArray();
            var b = Matrix.Random<double>(n, n, 2).AsSpan().ToArray();
            var c = new double[n * n];
            ManagedGemm<double>.Gemm(Transpose.None, Transpose.None, n, n, n, 1.0, a, n, b, n, 0.0, c, n,
                ManagedParallelism.Threads, ManagedGemmKernel.Auto);
            Assert.InRange(GemmWorkerPool.WorkerCount, 0, Math.Max(workersBefore, BlasProvider.MaxThreads - 1));
            double expected = 0;
            for (int p = 0; p < n; p++) expected += a[5 * n + p] * b[p * n + 7];
            Assert.Equal(expected, c[5 * n + 7], 1e-10);
            ManagedParallelism.Threads = 0;
            Assert.Equal(1, ManagedParallelism.Threads);
        }
        finally
        {
            ManagedParallelism.Threads = before;
        }
    }

    [Theory]
    [InlineData(4, new long[] { -1, -1, -1, -1, -1 }, 4)] // bli_thread_set_num_threads(4)
    [InlineData(-1, new long[] { 2, -1, 3, -1, -1 }, 6)]  // BLIS_JC_NT=2 BLIS_IC_NT=3
    [InlineData(-1, new long[] { -1, -1, -1, -1, -1 }, 1)] // nothing set: BLIS runs on one thread
    [InlineData(-1, new long[0], 1)]                       // a BLIS without the per-loop getters
    public void BlisThreads_IsTheTotal_OrTheProductOfTheWays_NeverMinusOne(long total, long[] ways, int expected)
    {
        Assert.Equal(expected, NativeThreadControl.BlisThreads(total, ways.Select(w => (Func<long>)(() => w)).ToArray()));
    }
}

/// <summary>
/// BLIS's level-3 gate (<see cref="BlisCallGate"/>) on the real library: a small call runs on one
/// thread and the count is restored before anyone else can look; a large call keeps the count.
/// </summary>
[Collection(nameof(ProcessWideStateCollection))]
public unsafe class BlisCallGateTests
{
    [Fact]
    public void SmallCalls_RunOnOneThread_AndTheCountIsRestored_LargeCallsKeepIt()
    {
        var blas = ProviderDiscovery.Find("blis", []);
        Assert.NotNull(blas); // BLIS is installed wherever these tests run (CI installs it)
        Assert.True(System.Runtime.InteropServices.NativeLibrary.TryGetExport(blas.BlasHandle, "bli_thread_get_num_threads", out nint g));
        Assert.True(System.Runtime.InteropServices.NativeLibrary.TryGetExport(blas.BlasHandle, "bli_thread_set_num_threads", out nint s));
        var get = (delegate* unmanaged<long>)g;
        var set = (delegate* unmanaged<long, void>)s;
        long before = get();
        var gate = new BlisCallGate(g, s);
        try
        {
            set(3);
            long restore = gate.Enter(BlisCallGate.SmallWork - 1);
            Assert.Equal(1, get()); // inside: one thread for the small call
            gate.Exit(restore);
            Assert.Equal(3, get());
            restore = gate.Enter(BlisCallGate.SmallWork);
            Assert.Equal(3, get()); // a large call keeps the team
            gate.Exit(restore);
            Assert.Equal(0, restore);
            Assert.Equal(3, gate.Count(() => (int)get())); // a query with no call in flight reads BLIS itself
            set(-1); // as when BLIS_JC_NT … chose per-loop ways: a small call must not erase them
            restore = gate.Enter(1);
            Assert.Equal(-1, get());
            gate.Exit(restore);
            Assert.Equal(0, restore);
        }
        finally
        {
            set(before);
        }
    }

    /// <summary>
    /// A thread-count query from another thread while a BLIS call holds the gate returns the count in effect at once: it
    /// neither waits for the call (every batched GEMM and Half GEMM reads the count, and a 16×16 batch once waited 1.1 s for
    /// another thread's 1500×1500 BLIS product) nor sees the transient 1 a small call runs with.
    /// </summary>
    [Fact]
    public void ThreadQuery_DuringACallInFlight_DoesNotWait_AndReadsTheCountInEffect()
    {
        var blas = ProviderDiscovery.Find("blis", []);
        Assert.NotNull(blas);
        Assert.True(System.Runtime.InteropServices.NativeLibrary.TryGetExport(blas.BlasHandle, "bli_thread_get_num_threads", out nint g));
        Assert.True(System.Runtime.InteropServices.NativeLibrary.TryGetExport(blas.BlasHandle, "bli_thread_set_num_threads", out nint s));
        var get = (delegate* unmanaged<long>)g;
        var set = (delegate* unmanaged<long, void>)s;
        long before = get();
        var gate = new BlisCallGate(g, s);
        var control = NativeThreadControl.For("BLIS", blas.BlasHandle, gate);
        try
        {
            control.Set(3);
            long restore = gate.Enter(BlisCallGate.SmallWork - 1); // a small call in flight on this thread: BLIS's count is 1 meanwhile
            try
            {
                Assert.Equal(1, get());
                int seen = 0;
                var query = new Thread(() => seen = control.Get()); // another thread, as a batch sizing its workers
                query.Start();
                Assert.True(query.Join(TimeSpan.FromSeconds(20)), "the query waited for the call in flight");
                Assert.Equal(3, seen);
            }
            finally
            {
                gate.Exit(restore);
            }
            Assert.Equal(3, control.Get());
        }
        finally
        {
            set(before);
        }
    }
}
