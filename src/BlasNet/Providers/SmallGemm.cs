using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace BlasNet.Providers;

/// <summary>
/// When and how a batched GEMM runs its products on the managed small-product kernel
/// (<see cref="SmallGemmKernel{T, TVec, TOps}"/>) instead of one provider call each, on every provider;
/// the managed provider's single call (<see cref="ManagedGemm{T}"/>) takes the same rule since session 21.
/// </summary>
/// <remarks>
/// The rule: every product of the batch has at most <see cref="MaxWork"/> multiply-adds (64³), a depth
/// k of at most <see cref="MaxDepth"/> and at least one register of columns (n ≥ the vector width),
/// and the machine has SIMD registers with fused multiply-add. Measured (bench/RESULTS.md, "Small-product
/// kernel"; `small-crossover` in bench/BlasNet.Benchmarks), one thread, one product after another:
/// the kernel was faster than the call into OpenBLAS 0.3.21, BLIS 0.9, MKL 2020.4 and the managed GEMM
/// at every square size measured from 4 to 64 in double and float (2× OpenBLAS's speed at 64, 3.6× at 16),
/// and a batch of them faster than MKL's own <c>cblas_?gemm_batch_strided</c> (`batched-quick`), so the
/// rule has no lower bound. For one managed call the kernel was also faster than the managed GEMM's packed path at
/// every size from 12 to 64, every transpose pair, on Vector512 and Vector256 (1.06–15×; `small-crossover
/// --managed-single`, bench/RESULTS.md "Session 21, s21-managed"). Above 64³ the providers thread a product and pack for the caches, which the
/// kernel does not, so larger products keep the provider's call.
/// Because the kernel is managed code with per-thread scratch, the batch may also spread these
/// products over the GEMM worker threads on every provider, which native OpenBLAS did not allow
/// (its concurrent small calls contended inside the library).
/// </remarks>
internal static unsafe class SmallGemm
{
    /// <summary>Largest product, in multiply-adds, the kernel takes: the size at which every provider still runs a product on one thread.</summary>
    internal const long MaxWork = GemmBatchRunner.SingleThreadWork;

    /// <summary>Deepest product the kernel takes: 256 rows of two registers of B stay in L1 while each row tile streams past.</summary>
    internal const int MaxDepth = 256;

    /// <summary>Whether a product of this shape runs on the kernel for element type <typeparamref name="T"/> on this machine.</summary>
    public static bool Applies<T>(int m, int n, int k) where T : unmanaged =>
        GemmFma.IsHardware && k <= MaxDepth && (long)m * n * k <= MaxWork && Width<T>(n) != 0;

    /// <summary>The widest accelerated register width (in elements) no wider than n; 0: none.</summary>
    internal static int Width<T>(int n) where T : unmanaged
    {
        if (GemmVector512<T>.IsAccelerated && n >= Vector512<T>.Count) return Vector512<T>.Count;
        if (GemmVector256<T>.IsAccelerated && n >= Vector256<T>.Count) return Vector256<T>.Count;
        if (GemmVector128<T>.IsAccelerated && n >= Vector128<T>.Count) return Vector128<T>.Count;
        return 0;
    }

    /// <summary>
    /// One product on the kernel (m, n, k ≥ 1, α ≠ 0, <see cref="Applies{T}"/> true), pointers validated by
    /// the caller: a transposed B is gathered into a row-major k×n panel first (k·n moves against m·n·k
    /// multiply-adds), then the columns run at the widest width that fits, the rest at narrower ones
    /// (n = 12 doubles: 8 on Vector512, 4 on Vector256), the last few in a scalar loop.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T>(Transpose transA, Transpose transB, int m, int n, int k, T alpha, T* a, int lda, T* b, int ldb, T beta, T* c, int ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        bool ta = transA == Transpose.Transposed;
        if (transB == Transpose.Transposed)
        {
            // op(B)[p, j] = B[j, p]: this thread's B scratch (a product never nests another on its thread).
            T* panel = GemmPackBuffer<T>.ForB(k * n);
            for (int j = 0; j < n; j++)
            {
                T* column = b + (nint)j * ldb;
                for (int p = 0; p < k; p++) panel[(nint)p * n + j] = column[p];
            }
            b = panel;
            ldb = n;
        }
        int j0 = 0;
        if (GemmVector512<T>.IsAccelerated && n - j0 >= Vector512<T>.Count)
            j0 = SmallGemmKernel<T, Vector512<T>, GemmVector512<T>>.Columns(j0, ta, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        if (GemmVector256<T>.IsAccelerated && n - j0 >= Vector256<T>.Count)
            j0 = SmallGemmKernel<T, Vector256<T>, GemmVector256<T>>.Columns(j0, ta, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        if (GemmVector128<T>.IsAccelerated && n - j0 >= Vector128<T>.Count)
            j0 = SmallGemmKernel<T, Vector128<T>, GemmVector128<T>>.Columns(j0, ta, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        if (j0 < n) ScalarColumns(j0, ta, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    /// <summary>Columns j0..n−1 (fewer than the narrowest register), one dot product per element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ScalarColumns<T>(int j0, bool transA, int m, int n, int k, T alpha, T* a, int lda, T* b, int ldb, T beta, T* c, int ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        nint aRow = transA ? 1 : lda, aStep = transA ? lda : 1;
        for (int i = 0; i < m; i++)
        {
            T* ai = a + i * aRow;
            T* ci = c + (nint)i * ldc;
            for (int j = j0; j < n; j++)
            {
                T sum = T.Zero;
                T* bj = b + j;
                for (int p = 0; p < k; p++) sum += ai[p * aStep] * bj[(nint)p * ldb];
                ci[j] = beta == T.Zero ? alpha * sum : alpha * sum + beta * ci[j];
            }
        }
    }
}
