using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

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
/// Those figures are OpenBLAS's Prescott/Haswell kernels. On its Cooperlake kernels (an AMD EPYC Zen 4, session 45, batch50) one
/// OpenBLAS call is faster at two sizes — double 32 (1.56×) and float 64 — and concurrent OpenBLAS calls on two threads beat the
/// kernel there (0.65× and 0.88× of its batch time), while the kernel stays as fast or faster at 16–56 otherwise and on MKL and
/// BLIS by 2–14×; the rule was kept (no size rule per kernel measured across shapes and versions): bench/RESULTS.md "Session 45, batch50".
/// Because the kernel is managed code with per-thread scratch, the batch may also spread these
/// products over the GEMM worker threads on every provider, which native OpenBLAS did not allow on the kernels first measured
/// (its concurrent small calls contended inside the library; on Cooperlake they scaled 1.9–2.0× on two threads).
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
        if (transB == Transpose.Transposed) b = GatherTransposedB(k, n, b, ref ldb);
        int j0 = 0;
        if (GemmVector512<T>.IsAccelerated && n - j0 >= Vector512<T>.Count)
            j0 = SmallGemmKernel<T, Vector512<T>, GemmVector512<T>>.Columns(j0, ta, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        if (GemmVector256<T>.IsAccelerated && n - j0 >= Vector256<T>.Count)
            j0 = SmallGemmKernel<T, Vector256<T>, GemmVector256<T>>.Columns(j0, ta, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        if (GemmVector128<T>.IsAccelerated && n - j0 >= Vector128<T>.Count)
            j0 = SmallGemmKernel<T, Vector128<T>, GemmVector128<T>>.Columns(j0, ta, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        if (j0 < n) ScalarColumns(j0, ta, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    /// <summary>
    /// The register width (in elements) at which <see cref="Run"/> computes every column of an m×n×k product, when one width
    /// does: the widest that fits n divides n (n = 16 or 64 doubles, 16 or 64 floats); 0 otherwise (n = 12 doubles on Vector512
    /// takes 8 columns there and 4 on Vector256). A strided batch decides it once for all its products (<see cref="RunOneWidth"/>).
    /// </summary>
    internal static int SingleWidth<T>(int n) where T : unmanaged
    {
        int w = Width<T>(n);
        return w != 0 && n % w == 0 ? w : 0;
    }

    /// <summary>
    /// Products <paramref name="start"/> … <paramref name="stop"/>−1 of a strided batch of one shape whose columns all fill
    /// registers of one width (<see cref="SingleWidth{T}"/>): each as <see cref="Run"/> computes it, bit for bit (the same
    /// <see cref="SmallGemmKernel{T, TVec, TOps}.Columns"/> call over every column, a transposed B gathered first), with the
    /// width chosen once for the batch instead of tested per product, and no call per product through the batch's interface.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void RunOneWidth<T, TVec, TOps>(Transpose transA, Transpose transB, int m, int n, int k, T alpha, T* a, int lda, long strideA,
        T* b, int ldb, long strideB, T beta, T* c, int ldc, long strideC, int start, int stop)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVec : unmanaged
        where TOps : IGemmVector<TVec, T>
    {
        bool ta = transA == Transpose.Transposed, tb = transB == Transpose.Transposed;
        T* ai = a + start * strideA, bi = b + start * strideB, ci = c + start * strideC;
        for (int p = start; p < stop; p++, ai += strideA, bi += strideB, ci += strideC)
        {
            T* bp = bi;
            int ldbp = ldb;
            if (tb) bp = GatherTransposedB(k, n, bi, ref ldbp);
            SmallGemmKernel<T, TVec, TOps>.Columns(0, ta, m, n, k, alpha, ai, lda, bp, ldbp, beta, ci, ldc);
        }
    }

    /// <summary>
    /// op(B) of a transposed B (k×n, op(B)[p, j] = B[j, p]) gathered row-major into this thread's B scratch (a product
    /// never nests another on its thread); <paramref name="ldb"/> becomes n.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T* GatherTransposedB<T>(int k, int n, T* b, ref int ldb) where T : unmanaged
    {
        T* panel = GemmPackBuffer<T>.ForB(k * n);
        for (int j = 0; j < n; j++)
        {
            T* column = b + (nint)j * ldb;
            for (int p = 0; p < k; p++) panel[(nint)p * n + j] = column[p];
        }
        ldb = n;
        return panel;
    }

    /// <summary>
    /// Bytes of a product's A and B (op(A) m×k, op(B) k×n) from which a batch runs it through <see cref="RunPrefetching"/>,
    /// requesting the next product's A, B and C a line at a time while it computes (16 KB: 32×32 double, 45×45 float).
    /// </summary>
    /// <remarks>
    /// Below it the requests cost more than they save: at 16×16 float (2 KB) spread requests (about 50 lines a product)
    /// took 10 000 products from 0.9–1.0 to 1.3–1.5 ms on one thread (bench/RESULTS.md, "Session 22, s22-stream"); the
    /// kernel itself is only a few hundred instructions there, and the data streams at the memory's bandwidth anyway.
    /// </remarks>
    internal const int SpreadPrefetchBytes = 16 * 1024;

    /// <summary>
    /// Whether a batch runs an m×n×k product (on the kernel) through <see cref="RunPrefetching"/>: its A and B reach
    /// <see cref="SpreadPrefetchBytes"/> and its columns fill at least two two-register blocks at the widest width that
    /// fits, so the requests spread over the product. With one block they all go out at once before it: at 48×48 float
    /// (Vector512: one block of 32 columns and one of 16) that was no faster than none on cold data and 25 % slower on warm
    /// data (bench/RESULTS.md, "Session 22, s22-stream").
    /// </summary>
    internal static bool SpreadsRequests<T>(int m, int n, int k) where T : unmanaged =>
        ((long)m * k + (long)k * n) * Unsafe.SizeOf<T>() >= SpreadPrefetchBytes && n >= 4 * Width<T>(n);

    /// <summary>
    /// A batch's entry: one product as <see cref="Run"/> computes it, bit for bit, while the lines of the next product's A,
    /// B and C (<paramref name="upcoming"/>, C last) are requested one per step of the k loop of the kernel's widest tiles (what is
    /// left after them at once at the end). A loop of single calls cannot do this (a call does not know the next one); a
    /// batch knows every product.
    /// </summary>
    /// <remarks>
    /// Why: a 64×64 double product took ~10 µs on cold data in a batch against ~5–6.5 µs with its operands in the caches
    /// (bench/RESULTS.md, "Session 22, s22-stream"): the hardware prefetcher does not cover it. The tiles are the kernel's own
    /// in the same order, so every sum is <see cref="Run"/>'s. Until session 48 the requests went out a share in a burst
    /// before each two-register block of columns (at 64×64 float, 256 lines twice a product): the bursts filled the core's
    /// miss buffers and held up the FMAs, so the transfer added to the compute time (float 64×64 on one thread, Zen 4:
    /// 7.2 µs a product cold, 5.0 µs with A and B already in L2; bench/RESULTS.md "Session 48, cold48"); one line per k step
    /// inside the tiles hides most of it (6.0 µs) and costs nothing on warm data, where the bursts cost 0.5 µs.
    /// Cutting C into row strips instead changed the kernel's order and ran slower (session 22).
    /// C's block is requested too, last: 7–15 % faster at 64×64 on both widths, one and two threads (bench/RESULTS.md "Session
    /// 48: the next product's C requested too"; requested in bursts, session 47, it had made float slower). The single call's own path
    /// (<see cref="Run"/>) is not touched.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RunPrefetching<T>(Transpose transA, Transpose transB, int m, int n, int k, T alpha, T* a, int lda, T* b, int ldb, T beta, T* c, int ldc,
        UpcomingProduct upcoming)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        bool ta = transA == Transpose.Transposed;
        if (transB == Transpose.Transposed) b = GatherTransposedB(k, n, b, ref ldb);
        // Run's widths in Run's order: the widest that fits takes its two-register blocks one at a time, then (as in
        // Columns) its single-register block; the narrower widths and the scalar loop take the rest.
        int j0 = 0;
        if (GemmVector512<T>.IsAccelerated && n >= Vector512<T>.Count)
            j0 = ColumnBlocks<T, Vector512<T>, GemmVector512<T>>(ref upcoming, ta, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        else if (GemmVector256<T>.IsAccelerated && n >= Vector256<T>.Count)
            j0 = ColumnBlocks<T, Vector256<T>, GemmVector256<T>>(ref upcoming, ta, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        else if (GemmVector128<T>.IsAccelerated && n >= Vector128<T>.Count)
            j0 = ColumnBlocks<T, Vector128<T>, GemmVector128<T>>(ref upcoming, ta, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        upcoming.Request(int.MaxValue); // whatever is left (n below two registers: all of it)
        if (GemmVector256<T>.IsAccelerated && n - j0 >= Vector256<T>.Count)
            j0 = SmallGemmKernel<T, Vector256<T>, GemmVector256<T>>.Columns(j0, ta, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        if (GemmVector128<T>.IsAccelerated && n - j0 >= Vector128<T>.Count)
            j0 = SmallGemmKernel<T, Vector128<T>, GemmVector128<T>>.Columns(j0, ta, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        if (j0 < n) ScalarColumns(j0, ta, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    /// <summary>
    /// Columns at one width as <see cref="SmallGemmKernel{T, TVec, TOps}.Columns"/> runs them from column 0 (the same tiles
    /// in the same order), the upcoming lines requested one per k step of the widest tiles
    /// (<see cref="SmallGemmKernel{T, TVec, TOps}.ColumnsRequesting"/>); returns the first column not done.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int ColumnBlocks<T, TVec, TOps>(ref UpcomingProduct upcoming, bool ta, int m, int n, int k, T alpha, T* a, int lda, T* b, int ldb, T beta, T* c, int ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVec : unmanaged
        where TOps : IGemmVector<TVec, T>
    {
        int j0 = 0;
        if (!BlockRequests)
            j0 = SmallGemmKernel<T, TVec, TOps>.ColumnsRequesting(0, ta, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, ref upcoming);
        else
        {
            int w2 = 2 * TOps.Count, blocks = n / w2;
            int share = blocks == 0 ? 0 : (upcoming.Runs + blocks - 1) / blocks; // one division a product
            while (j0 + w2 <= n)
            {
                upcoming.Request(share);
                j0 = SmallGemmKernel<T, TVec, TOps>.Columns(j0, ta, m, j0 + w2, k, alpha, a, lda, b, ldb, beta, c, ldc);
            }
        }
        return SmallGemmKernel<T, TVec, TOps>.Columns(j0, ta, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc); // its single-register block, if any
    }

    /// <summary>
    /// The benchmarks' comparison only (bench/RESULTS.md, "Session 48, cold48"): true requests the upcoming lines as before
    /// session 48, a share in a burst before each two-register block of columns (one <see cref="SmallGemmKernel{T, TVec, TOps}.Columns"/>
    /// call per block), instead of one line per k step inside the tiles. Never set by the library.
    /// </summary>
    internal static bool BlockRequests;

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
