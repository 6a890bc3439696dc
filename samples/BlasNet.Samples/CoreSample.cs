using System.Diagnostics;
using BlasNet;

/// <summary>The provider in use and a GEMM checked against a plain loop, with its speed.</summary>
public static class CoreSample
{
    public static void Run()
    {
        Console.WriteLine("== Provider and GEMM ==");
        var info = BlasProvider.Current;
        Console.WriteLine($"provider : {info.Name}{(info.IsNative ? $" ({info.LibraryPath})" : "")}");
        Console.WriteLine($"config   : {info.Config}");
        Console.WriteLine($"threads  : {BlasProvider.Threads}");

        const int n = 384;
        var a = Matrix.Random<double>(n, n, seed: 1);
        var b = Matrix.Random<double>(n, n, seed: 2);
        var c = new Matrix<double>(n, n);
        Blas.Gemm(1.0, a, b.Transpose(), 0.0, c); // the transposed view goes to BLAS as a flag, no copy
        double worst = 0;
        for (int i = 0; i < n; i += 37)
            for (int j = 0; j < n; j += 41)
            {
                double expected = 0;
                for (int p = 0; p < n; p++) expected += a[i, p] * b[j, p];
                worst = Math.Max(worst, Math.Abs(c[i, j] - expected));
            }
        var sw = Stopwatch.StartNew();
        int reps = 0;
        while (sw.Elapsed.TotalSeconds < 0.3 || reps < 3)
        {
            Blas.Gemm(1.0, a, b.Transpose(), 0.0, c); // the product checked above, the one the line names
            reps++;
        }
        double gflops = 2.0 * n * n * n * reps / sw.Elapsed.TotalSeconds / 1e9;
        Console.WriteLine($"GEMM {n}×{n}·({n}×{n})ᵀ: max deviation from a plain loop {worst:E1}; {gflops:F1} GFLOP/s");
        Console.WriteLine();
    }
}
