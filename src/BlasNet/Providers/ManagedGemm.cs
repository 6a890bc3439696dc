using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace BlasNet.Providers;

/// <summary>
/// The managed provider's GEMM: C ← α op(A) op(B) + βC, row-major. β is applied first (β = 0
/// overwrites, ignoring NaN in C as BLAS does); α = 0 or k = 0 leave βC without reading A or B.
/// Small products (<see cref="SmallGemm.Applies{T}"/>: at most 64³ multiply-adds, k ≤ 256, n at least one
/// register) run the unpacked small-product kernel the batched forms use; other tiny ones (narrower than a
/// register, or the scalar kernel) a direct scalar loop (packing would cost more than it saves); the rest the
/// cache-blocked, packed, register-tiled SIMD GEMM of <see cref="GemmBlocked{T, TVec, TOps}"/>,
/// split over <see cref="ManagedParallelism.Threads"/> when large enough.
/// </summary>
internal static unsafe class ManagedGemm<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>At or below this many multiply–adds (8³) the direct loop beats packing (for products the small kernel does not take).</summary>
    internal const long DirectLoopLimit = 8 * 8 * 8;

    public static void Gemm(Transpose transA, Transpose transB, int m, int n, int k, T alpha, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc) =>
        Gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, ManagedParallelism.Threads, ManagedGemmKernel.Auto);

    /// <summary>
    /// As the public form, with the thread budget and the kernel chosen explicitly (tests and benchmarks). Only
    /// <see cref="ManagedGemmKernel.Auto"/> routes small products to <see cref="SmallGemm"/>; a named vector kernel
    /// always runs the packed path, so tests and the crossover benchmark can reach it at every size.
    /// </summary>
    internal static void Gemm(Transpose transA, Transpose transB, int m, int n, int k, T alpha, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc,
        int threads, ManagedGemmKernel kernel)
    {
        if (m == 0 || n == 0) return;
        bool ta = transA == Transpose.Transposed, tb = transB == Transpose.Transposed;
        if (k == 0 || alpha == T.Zero)
        {
            ScaleRows(m, n, beta, c, ldc);
            return;
        }

        bool auto = kernel == ManagedGemmKernel.Auto;
        kernel = ManagedGemmKernels.Resolve<T>(kernel);
        fixed (T* pa = a, pb = b, pc = c)
        {
            // Small products skip packing: for one call the kernel was faster than the packed path at every size it
            // takes, and than the direct loop from 2³ to 8³ except with a transposed B under 4 columns wide, where its
            // gather into a panel costs as much as the product (n = 3: 0.90–0.93 of the loop's speed; bench/RESULTS.md,
            // "Session 21, s21-managed": `small-crossover --managed-single`).
            if (auto && SmallGemm.Applies<T>(m, n, k) && (n >= 4 || !tb))
            {
                SmallGemm.Run(transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
                return;
            }
            if (kernel == ManagedGemmKernel.Scalar || (long)m * n * k <= DirectLoopLimit)
            {
                Direct(ta, tb, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
                return;
            }
            switch (kernel)
            {
                case ManagedGemmKernel.Vector512:
                    GemmBlocked<T, Vector512<T>, GemmVector512<T>>.Run(ta, tb, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc, threads);
                    break;
                case ManagedGemmKernel.Vector256:
                    GemmBlocked<T, Vector256<T>, GemmVector256<T>>.Run(ta, tb, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc, threads);
                    break;
                default:
                    GemmBlocked<T, Vector128<T>, GemmVector128<T>>.Run(ta, tb, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc, threads);
                    break;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loops: skip the unoptimized first tier
    private static void ScaleRows(int m, int n, T beta, Span<T> c, int ldc)
    {
        if (beta == T.One) return;
        for (int i = 0; i < m; i++)
        {
            var row = c.Slice(i * ldc, n);
            if (beta == T.Zero) row.Clear();
            else TensorPrimitives.Multiply(row, beta, row);
        }
    }

    /// <summary>
    /// C ← α op(A) op(B) + βC one dot product per element, with the transposes as strides. Four
    /// columns run side by side: a single running sum would wait on the add latency at every step.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loops: skip the unoptimized first tier
    private static void Direct(bool ta, bool tb, int m, int n, int k, T alpha, T* a, int lda, T* b, int ldb, T beta, T* c, int ldc)
    {
        nint aRow = ta ? 1 : lda, aStep = ta ? lda : 1;
        nint bStep = tb ? 1 : ldb, bCol = tb ? ldb : 1;
        for (int i = 0; i < m; i++)
        {
            T* ai = a + i * aRow;
            T* ci = c + (nint)i * ldc;
            int j = 0;
            for (; j + 4 <= n; j += 4)
            {
                T* bj = b + j * bCol;
                T s0 = T.Zero, s1 = T.Zero, s2 = T.Zero, s3 = T.Zero;
                for (int p = 0; p < k; p++)
                {
                    T x = ai[p * aStep];
                    T* bp = bj + p * bStep;
                    s0 += x * bp[0];
                    s1 += x * bp[bCol];
                    s2 += x * bp[2 * bCol];
                    s3 += x * bp[3 * bCol];
                }
                Store(ci + j, alpha, s0, beta);
                Store(ci + j + 1, alpha, s1, beta);
                Store(ci + j + 2, alpha, s2, beta);
                Store(ci + j + 3, alpha, s3, beta);
            }
            for (; j < n; j++)
            {
                T* bj = b + j * bCol;
                T sum = T.Zero;
                for (int p = 0; p < k; p++) sum += ai[p * aStep] * bj[p * bStep];
                Store(ci + j, alpha, sum, beta);
            }
        }
    }

    /// <summary>c ← α·sum + β·c, where β = 0 means c is not read (so NaN there does not survive).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(T* c, T alpha, T sum, T beta) => *c = beta == T.Zero ? alpha * sum : alpha * sum + beta * *c;
}
