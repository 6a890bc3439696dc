using BlasNet.Providers;
using MathNetMatrices = global::MathNet.Numerics.LinearAlgebra;

namespace BlasNet.Benchmarks;

/// <summary>
/// One n×n×n GEMM (C ← A B, row-major, seeded data in [-1, 1)) wired to one implementation, shared by
/// the quick table and the BenchmarkDotNet classes so both time exactly the same call.
/// </summary>
internal sealed class GemmCase<T> where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
{
    public readonly int N;
    public readonly T[] A, B, C;
    private readonly MathNetMatrices.Matrix<T>? mathNetA, mathNetB, mathNetC;

    private GemmCase(int n, bool mathNet)
    {
        N = n;
        A = Fill(n * n, 11); B = Fill(n * n, 12); C = new T[n * n];
        if (mathNet)
        {
            mathNetA = MathNetMatrices.Matrix<T>.Build.Dense(n, n, (i, j) => A[i * n + j]);
            mathNetB = MathNetMatrices.Matrix<T>.Build.Dense(n, n, (i, j) => B[i * n + j]);
            mathNetC = MathNetMatrices.Matrix<T>.Build.Dense(n, n);
        }
    }

    private static T[] Fill(int length, int seed)
    {
        var rng = new Random(seed);
        var v = new T[length];
        for (int i = 0; i < length; i++) v[i] = T.CreateTruncating(rng.NextDouble() * 2 - 1);
        return v;
    }

    /// <summary>
    /// The public span API through its generic entry,
    /// <see cref="Blas.Gemm{T}(Transpose, Transpose, int, int, int, T, ReadOnlySpan{T}, int, ReadOnlySpan{T}, int, T, Span{T}, int)"/>,
    /// on the process-wide provider (OpenBLAS unless BLASNET_BLAS says otherwise); the same validated
    /// path as the typed overloads, with nothing copied or allocated.
    /// </summary>
    public void BlasNetSafe() => Blas.Gemm(Transpose.None, Transpose.None, N, N, N, T.One, A, N, B, N, T.Zero, C, N);

    /// <summary>The managed provider's GEMM, called directly (whatever the process provider is).</summary>
    public void Managed() => ManagedGemm<T>.Gemm(Transpose.None, Transpose.None, N, N, N, T.One, A, N, B, N, T.Zero, C, N);

    /// <summary>The textbook i-p-j triple loop, scalar.</summary>
    public void Naive()
    {
        int n = N;
        T[] a = A, b = B, c = C;
        Array.Clear(c);
        for (int i = 0; i < n; i++)
            for (int p = 0; p < n; p++)
            {
                T aip = a[i * n + p];
                for (int j = 0; j < n; j++) c[i * n + j] += aip * b[p * n + j];
            }
    }

    /// <summary>
    /// The managed provider's previous GEMM (before the blocked kernel), kept as a reference point:
    /// each row of C accumulates a·(row of B) with TensorPrimitives (axpy form, no blocking).
    /// </summary>
    public void AxpyRows()
    {
        int n = N;
        Array.Clear(C);
        for (int i = 0; i < n; i++)
        {
            var row = C.AsSpan(i * n, n);
            for (int p = 0; p < n; p++)
                System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(B.AsSpan(p * n, n), A[i * n + p], row, row);
        }
    }

    /// <summary>MathNet.Numerics' dense multiply into a preallocated result (its managed provider when selected).</summary>
    public void MathNet() => mathNetA!.Multiply(mathNetB!, mathNetC!);

    public static Action Make(string impl, int n)
    {
        var g = new GemmCase<T>(n, impl == "mathnet");
        return impl switch
        {
            "blasnet" => g.BlasNetSafe,
            "managed" => g.Managed,
            "naive" => g.Naive,
            "axpy" => g.AxpyRows,
            "mathnet" => g.MathNet,
            _ => throw new ArgumentException($"unknown implementation '{impl}' (blasnet, managed, naive, mathnet)", nameof(impl)),
        };
    }

    public static GemmCase<T> Create(int n, bool mathNet) => new(n, mathNet);
}
