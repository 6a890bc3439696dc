using System.Globalization;
using System.Text.RegularExpressions;

namespace BlasNet.Tests.Core;

/// <summary>
/// Issue 14 asks for MKL's batch routines where the provider has them. A test tells which route a batch took from MKL's own
/// log: with <c>MKL_VERBOSE=1</c> MKL prints one line per call it serves (<c>DGEMM_BATCH_STRIDED(…)</c> for the batch
/// routine, <c>DGEMM(…)</c> for a single product), so a child process on MKL runs batches of distinct shapes and the lines are
/// counted per shape: whole-block strides call <c>cblas_?gemm_batch_strided</c> once; a shared A (stride 0, which MKL 2020.4
/// computes wrongly) calls single GEMMs, one per product; small products (the managed small-product kernel) call nothing.
/// Where MKL cannot be loaded and is not listed in <c>BLASNET_TEST_PROVIDERS</c>, the test only checks that the refusal
/// says why (as <see cref="ProviderCoverageTests"/>).
/// </summary>
public class BatchedMklRoute56Tests
{
    private const string Required = "BLASNET_TEST_PROVIDERS";

    [Fact]
    public void StridedBatch_OnMkl_CallsMklsBatchRoutine_ExceptForSharedBlocksAndSmallProducts()
    {
        var (exit, output) = ChildProcess.Run("mkl-batch-route", new Dictionary<string, string?> { ["BLASNET_BLAS"] = "mkl", ["MKL_VERBOSE"] = "1" });
        if (exit == ChildProcess.ProviderUnavailable)
        {
            bool required = (Environment.GetEnvironmentVariable(Required) ?? "").Split(',', StringSplitOptions.TrimEntries).Contains("mkl", StringComparer.OrdinalIgnoreCase);
            Assert.False(required, $"mkl is listed in {Required} but cannot be loaded:\n{output}");
            Assert.Contains("not loadable", output);
            return;
        }
        Assert.True(exit == 0, $"exit code {exit}:\n{output}");
        Assert.Contains("provider: MKL", output);
        Assert.Contains("results: as the loop", output);
        // MKL's log names the routine and its m, n, k in the column-major order it sees: a row-major C = AB is Cᵀ = BᵀAᵀ,
        // so its m and n are the batch's n and m. Each case below has its own n, so the lines are told apart by it.
        int Count(string routine, int n) => Regex.Matches(output, $@"MKL_VERBOSE {routine}\(N,N,{n},").Count;
        Assert.True(Count("DGEMM_BATCH_STRIDED", 80) == 1 && Count("DGEMM", 80) == 0, $"double 79×80×81 batch of 3: one DGEMM_BATCH_STRIDED expected:\n{output}");
        Assert.True(Count("SGEMM_BATCH_STRIDED", 82) == 1 && Count("SGEMM", 82) == 0, $"float 79×82×81 batch of 3: one SGEMM_BATCH_STRIDED expected:\n{output}");
        Assert.True(Count("DGEMM_BATCH_STRIDED", 84) == 0 && Count("DGEMM", 84) == 3, $"double batch with strideA 0: three DGEMM calls expected:\n{output}");
        Assert.True(Count("DGEMM_BATCH_STRIDED", 16) == 0 && Count("DGEMM", 16) == 0, $"double 16×16×16 batch: the managed kernel, no MKL call expected:\n{output}");
    }

    /// <summary>The child: four batches on MKL, each checked against a loop of <c>Blas.Gemm</c> (run before MKL's log is read).</summary>
    internal static int RunChild()
    {
        Console.WriteLine($"provider: {BlasProvider.Current.Name}");
        Console.Out.Flush();
        bool right = Batch<double>(79, 80, 81, sharedA: false) & Batch<float>(79, 82, 81, sharedA: false)
            & Batch<double>(79, 84, 81, sharedA: true) & Batch<double>(16, 16, 16, sharedA: false);
        Console.WriteLine(right ? "results: as the loop" : "results: differ from the loop");
        return 0;
    }

    private static bool Batch<T>(int m, int n, int k, bool sharedA) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        const int count = 3;
        var rng = new Random(n);
        int strideA = sharedA ? 0 : m * k;
        var a = TestValues.Random<T>(sharedA ? m * k : count * m * k, rng);
        var b = TestValues.Random<T>(count * k * n, rng);
        var c = new T[count * m * n];
        Blas.GemmStridedBatched(Transpose.None, Transpose.None, m, n, k, T.One, a, k, strideA, b, n, k * n, T.Zero, c, n, m * n, count);
        // The loop after the batch, with transposed operands in MKL's terms, so its DGEMM lines have n in second place.
        var loop = new T[count * m * n];
        for (int i = 0; i < count; i++)
            Blas.Gemm(Transpose.Transposed, Transpose.Transposed, n, m, k, T.One, b.AsSpan(i * k * n), n, a.AsSpan(i * strideA), k, T.Zero, loop.AsSpan(i * m * n), m);
        double eps = TestValues.Epsilon<T>(), worst = 0;
        for (int i = 0; i < count; i++)
            for (int r = 0; r < m; r++)
                for (int j = 0; j < n; j++)
                    worst = Math.Max(worst, Math.Abs(double.CreateTruncating(c[i * m * n + r * n + j] - loop[i * m * n + j * m + r])));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{typeof(T).Name} {m}×{n}×{k} strideA {strideA}: worst |batch − loop| {worst:g3}"));
        Console.Out.Flush();
        return worst <= 4 * k * eps * k;
    }
}
