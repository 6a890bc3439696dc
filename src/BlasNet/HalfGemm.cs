using BlasNet.Providers;

namespace BlasNet;

/// <summary>
/// The GEMM of mixed-precision training: C ← α op(A) op(B) + βC in float32, where A and B may be
/// stored as Half (see <see cref="HalfGemmOperand"/>). No BLAS library here has a half-precision GEMM,
/// and widening whole Half operands to float32 first costs a pass over memory and a float32 copy; this
/// runs the managed blocked GEMM with the conversion fused into its packing, so each Half element is
/// widened once, on its way into a cache-resident float32 panel. Every product and sum is the float32
/// one (Half values are exact in float32), so results equal a float32 GEMM of the widened operands up
/// to summation order. Runs on <see cref="BlasProvider.Threads"/> threads, whatever the provider.
/// Internal: the mixed-precision layers of BlasNet.Neural are its only callers.
/// </summary>
internal static unsafe class HalfGemm
{
    /// <summary>
    /// Columns of C per pass: bounds the packed op(B) block (256 deep × 256 wide = 256 KiB per thread),
    /// which is memory mixed precision exists to save; wider products repack only op(A), a narrow block.
    /// </summary>
    internal const int ColumnBlock = 256;

    /// <summary>C ← α op(A) op(B) + βC (row-major; β = 0: C is not read).</summary>
    /// <exception cref="ArgumentException">A size is negative, a leading dimension is below its row length, an operand is too short, or an operand that is read (α ≠ 0, k ≠ 0) shares an element with C (Half storage: any memory).</exception>
    public static void Gemm(Transpose transA, Transpose transB, int m, int n, int k, float alpha, HalfGemmOperand a, int lda, HalfGemmOperand b, int ldb, float beta, Span<float> c, int ldc)
    {
        Check.GemmShapes(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        bool ta = transA == Transpose.Transposed, tb = transB == Transpose.Transposed;
        if (m == 0 || n == 0) return;
        c = c[..((m - 1) * ldc + n)];
        // Element by element for float32 operands (a sub-block beside C or in its padding is accepted, as by the float32 GEMM);
        // with α = 0 or k = 0 A and B are not read, and may share C's storage (GemmOperandUse, the rule of every GEMM entry).
        if (GemmOperandUse.ReadsInputs(m, n, k, alpha))
        {
            a.RequireNoSharedElement(ta ? k : m, ta ? m : k, lda, c, m, n, ldc, nameof(a));
            b.RequireNoSharedElement(tb ? n : k, tb ? k : n, ldb, c, m, n, ldc, nameof(b));
        }
        if (k == 0 || alpha == 0f)
        {
            // α = 0 or k = 0: A and B are not referenced (NaN there must not reach C), as in BLAS.
            CheckedBlas<float>.ScaleMatrix(m, n, beta, c, ldc);
            return;
        }
        int threads = Math.Clamp(BlasProvider.Threads, 1, BlasProvider.MaxThreads);
        var kernel = ManagedGemmKernels.Resolve<float>(ManagedGemmKernel.Auto);
        fixed (byte* pa = a, pb = b)
        fixed (float* pc = c)
        {
            for (int j0 = 0; j0 < n; j0 += ColumnBlock)
            {
                int nc = Math.Min(ColumnBlock, n - j0);
                // Columns j0… of op(B) start j0 elements into a row of B, or j0 rows into Bᵀ.
                long bOffset = (long)j0 * (tb ? ldb : 1) * (b.Kind == GemmSourceKind.Half ? sizeof(Half) : sizeof(float));
                Run(kernel, a.Kind, ta, b.Kind, tb, m, nc, k, alpha, pa, lda, pb + bOffset, ldb, beta, pc + j0, ldc, threads);
            }
        }
    }

    private static void Run(ManagedGemmKernel kernel, GemmSourceKind kindA, bool ta, GemmSourceKind kindB, bool tb, int m, int n, int k, float alpha, void* a, int lda, void* b, int ldb, float beta, float* c, int ldc, int threads)
    {
        switch (kernel)
        {
            case ManagedGemmKernel.Vector512:
                GemmBlocked<float, System.Runtime.Intrinsics.Vector512<float>, GemmVector512<float>>.RunWidening(kindA, ta, kindB, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, threads);
                break;
            case ManagedGemmKernel.Vector256:
                GemmBlocked<float, System.Runtime.Intrinsics.Vector256<float>, GemmVector256<float>>.RunWidening(kindA, ta, kindB, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, threads);
                break;
            default:
                // Without SIMD the Vector128 kernel still runs (emulated): correct, if slow, and the same packing.
                GemmBlocked<float, System.Runtime.Intrinsics.Vector128<float>, GemmVector128<float>>.RunWidening(kindA, ta, kindB, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, threads);
                break;
        }
    }
}
