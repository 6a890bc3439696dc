using System.Numerics.Tensors;
using BlasNet.Providers;

namespace BlasNet.Benchmarks;

/// <summary>
/// The GEMMs of the 784→256 layer of the mixed-precision MLP at batch 1024, one thread, process CPU
/// clock, best of 15: the provider's sgemm on the whole batch and in 64-row blocks (the previous Half
/// path), the managed GEMM whole and in row blocks, and <see cref="HalfGemm"/> packing Half operands
/// directly, plus the cost of a separate Half↔float32 conversion pass. Chooses the Half path's row block.
/// Run: <c>dotnet run -c Release --project bench/BlasNet.Benchmarks -- mixed-gemm</c>.
/// </summary>
internal static class MixedGemmQuick
{
    public static int Run(string[] args)
    {
        if (BlasProvider.CanSetThreads) BlasProvider.Threads = 1;
        var info = BlasProvider.Current;
        Console.WriteLine($"# provider {info.Name} core={info.CoreName ?? "-"}; threads 1; clock cpu; OPENBLAS_CORETYPE={Environment.GetEnvironmentVariable("OPENBLAS_CORETYPE") ?? "-"}");
        const int batch = 1024, n = 784, m = 256;
        var rng = new Random(1);
        var x = Enumerable.Range(0, batch * n).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        var xh = new Half[x.Length];
        TensorPrimitives.ConvertToHalf(x, xh);
        var w = Enumerable.Range(0, n * m).Select(_ => (float)(rng.NextDouble() * 0.1)).ToArray();
        var dy = Enumerable.Range(0, batch * m).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        var dyh = new Half[dy.Length];
        TensorPrimitives.ConvertToHalf(dy, dyh);
        var y = new float[batch * m];
        var dx = new float[batch * n];
        var dw = new float[n * m];
        var widened = new float[x.Length];

        Time("convert Half→float32, 1024×784", () => TensorPrimitives.ConvertToSingle(xh, widened));
        Time("convert float32→Half, 1024×784", () => TensorPrimitives.ConvertToHalf(x, xh));
        foreach (string what in new[] { "forward y = x·W", "dW = xᵀ·dy", "dx = dy·Wᵀ" })
        {
            Time($"{what}: provider sgemm, whole batch", () => Provider(what, 0, batch));
            Time($"{what}: provider sgemm, 64-row blocks", () => Blocks(64, (r, rows) => Provider(what, r, rows)));
            Time($"{what}: managed, whole batch", () => Managed(what, 0, batch));
            Time($"{what}: HalfGemm (Half operands), whole batch", () => Half(what, 0, batch));
            foreach (int block in new[] { 192, 384 })
                Time($"{what}: HalfGemm (Half operands), {block}-row blocks", () => Blocks(block, (r, rows) => Half(what, r, rows)));
        }
        return 0;

        void Blocks(int block, Action<int, int> run)
        {
            for (int r = 0; r < batch; r += block) run(r, Math.Min(block, batch - r));
        }

        // Row blocks split the batch: the rows of y and dx, the summation (k) of dW.
        void Provider(string what, int r, int rows)
        {
            if (what[0] == 'f') Blas.Gemm(Transpose.None, Transpose.None, rows, m, n, 1f, x.AsSpan(r * n), n, w, m, 0f, y.AsSpan(r * m), m);
            else if (what[1] == 'W') Blas.Gemm(Transpose.Transposed, Transpose.None, n, m, rows, 1f, x.AsSpan(r * n), n, dy.AsSpan(r * m), m, r == 0 ? 0f : 1f, dw, m);
            else Blas.Gemm(Transpose.None, Transpose.Transposed, rows, n, m, 1f, dy.AsSpan(r * m), m, w, m, 0f, dx.AsSpan(r * n), n);
        }

        void Managed(string what, int r, int rows)
        {
            if (what[0] == 'f') ManagedGemm<float>.Gemm(Transpose.None, Transpose.None, rows, m, n, 1f, x.AsSpan(r * n), n, w, m, 0f, y.AsSpan(r * m), m, 1, ManagedGemmKernel.Auto);
            else if (what[1] == 'W') ManagedGemm<float>.Gemm(Transpose.Transposed, Transpose.None, n, m, rows, 1f, x.AsSpan(r * n), n, dy.AsSpan(r * m), m, r == 0 ? 0f : 1f, dw, m, 1, ManagedGemmKernel.Auto);
            else ManagedGemm<float>.Gemm(Transpose.None, Transpose.Transposed, rows, n, m, 1f, dy.AsSpan(r * m), m, w, m, 0f, dx.AsSpan(r * n), n, 1, ManagedGemmKernel.Auto);
        }

        void Half(string what, int r, int rows)
        {
            if (what[0] == 'f') HalfGemm.Gemm(Transpose.None, Transpose.None, rows, m, n, 1f, HalfGemmOperand.Half(xh.AsSpan(r * n)), n, HalfGemmOperand.Single(w), m, 0f, y.AsSpan(r * m), m);
            else if (what[1] == 'W') HalfGemm.Gemm(Transpose.Transposed, Transpose.None, n, m, rows, 1f, HalfGemmOperand.Half(xh.AsSpan(r * n)), n, HalfGemmOperand.Half(dyh.AsSpan(r * m)), m, r == 0 ? 0f : 1f, dw, m);
            else HalfGemm.Gemm(Transpose.None, Transpose.Transposed, rows, n, m, 1f, HalfGemmOperand.Half(dyh.AsSpan(r * m)), m, HalfGemmOperand.Single(w), m, 0f, dx.AsSpan(r * n), n);
        }
    }

    private static void Time(string what, Action run)
    {
        run();
        double best = double.MaxValue;
        for (int rep = 0; rep < 15; rep++)
        {
            double t0 = ProcessCpuClock.Now();
            for (int i = 0; i < 3; i++) run();
            best = Math.Min(best, (ProcessCpuClock.Now() - t0) / 3);
        }
        Console.WriteLine($"{what}: {best * 1e3:F3} ms");
    }
}
