using System.Numerics;
using System.Runtime.CompilerServices;

namespace BlasNet.Providers;

/// <summary>
/// The GotoBLAS/BLIS loop nest around <see cref="GemmMicroKernel{T, TVec, TOps}"/>: C ← α op(A) op(B) + βC
/// over blocks sized for the caches. For each NC-column block and KC-deep slice, op(B) is packed once
/// (it stays in L2/L3 while every row block streams past it); for each MC-row block, op(A) is packed
/// (it stays in L2); the micro-kernel then walks NR-column panels (one B micro-panel in L1) over
/// MR-row panels. With several threads, the rows of C are split into slabs of whole micro-panels,
/// one per worker (<see cref="GemmWorkerPool"/>), each running the whole nest with its own pack
/// buffers: no two workers write the same element, and every element sees the same summation order
/// as on one thread.
/// </summary>
internal static unsafe class GemmBlocked<T, TVec, TOps>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TVec : unmanaged
    where TOps : IGemmVector<TVec, T>
{
    /// <summary>Depth of a packed slice: an A micro-panel (6·256) plus a B micro-panel (256·NR) fit L1.</summary>
    internal const int KC = 256;

    /// <summary>Rows per packed A block (a multiple of MR): 96·256 doubles = 192 KiB, inside a 512 KiB L2.</summary>
    internal const int MC = 96;

    /// <summary>Columns per packed B block (a multiple of every NR).</summary>
    internal const int NC = 2048;

    private const int MR = GemmMicroKernel<T, TVec, TOps>.Rows;

    /// <summary>Below this many multiply–adds a second thread costs more than it saves.</summary>
    private const long ParallelThreshold = 64L * 64 * 64;

    private readonly struct Problem(bool transA, bool transB, int m, int n, int k, T alpha, T* a, int lda, T* b, int ldb, T beta, T* c, int ldc,
        GemmSourceKind kindA = GemmSourceKind.Single, GemmSourceKind kindB = GemmSourceKind.Single)
    {
        public readonly bool TransA = transA, TransB = transB;
        public readonly int M = m, N = n, K = k, Lda = lda, Ldb = ldb, Ldc = ldc;
        public readonly T Alpha = alpha, Beta = beta;
        public readonly nint A = (nint)a, B = (nint)b, C = (nint)c;
        // How A and B are stored when they are not T (float32 panels packed from Half storage).
        public readonly GemmSourceKind KindA = kindA, KindB = kindB;
    }

    /// <summary>C ← α op(A) op(B) + βC, for k ≥ 1 (β = 0: C is not read).</summary>
    public static void Run(bool transA, bool transB, int m, int n, int k, T alpha, T* a, int lda, T* b, int ldb, T beta, T* c, int ldc, int threads)
    {
        Dispatch(new Problem(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc), threads);
    }

    /// <summary>
    /// As <see cref="Run"/> for T = float, with A and B stored as <paramref name="kindA"/> and
    /// <paramref name="kindB"/> (Half, or float32 rounded through Half) and widened as they are packed.
    /// </summary>
    public static void RunWidening(GemmSourceKind kindA, bool transA, GemmSourceKind kindB, bool transB, int m, int n, int k, T alpha, void* a, int lda, void* b, int ldb, T beta, T* c, int ldc, int threads)
    {
        if (typeof(T) != typeof(float)) throw new NotSupportedException("Widening GEMM operands are packed into float32 panels only.");
        Dispatch(new Problem(transA, transB, m, n, k, alpha, (T*)a, lda, (T*)b, ldb, beta, c, ldc, kindA, kindB), threads);
    }

    private static void Dispatch(in Problem problem, int threads)
    {
        int m = problem.M, n = problem.N, k = problem.K;
        int panels = (m + MR - 1) / MR;
        int workers = threads > 1 && (long)m * n * k > ParallelThreshold ? Math.Min(threads, panels) : 1;
        if (workers <= 1)
        {
            RowSlab(problem, 0, m);
            return;
        }
        RunParallel(problem, panels, workers);
    }

    private static void RunParallel(in Problem problem, int panels, int workers)
    {
        if (!GemmWorkerPool.TryEnter())
        {
            RowSlab(problem, 0, problem.M); // workers busy with another GEMM: same result on this thread
            return;
        }
        try
        {
            int rowsPerSlab = (panels + workers - 1) / workers * MR;
            Job.Problem = problem;
            Job.RowsPerSlab = rowsPerSlab;
            GemmWorkerPool.Run(Job, (problem.M + rowsPerSlab - 1) / rowsPerSlab);
        }
        finally
        {
            Job.Problem = default;
            GemmWorkerPool.Exit();
        }
    }

    // One reusable job per element type and kernel: only touched while holding the worker pool.
    private static readonly SlabJob Job = new();

    private sealed class SlabJob : IGemmSlabJob
    {
        public Problem Problem;
        public int RowsPerSlab;

        public void RunSlab(int slab) => RowSlab(Problem, slab * RowsPerSlab, Math.Min(Problem.M, (slab + 1) * RowsPerSlab));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loops: skip the unoptimized first tier
    private static void RowSlab(in Problem q, int i0, int i1)
    {
        int nr = GemmMicroKernel<T, TVec, TOps>.Columns;
        int ncMax = Math.Min(q.N, NC), kcMax = Math.Min(q.K, KC), mcMax = Math.Min(i1 - i0, MC);
        T* bPack = GemmPackBuffer<T>.ForB(kcMax * RoundUp(ncMax, nr));
        T* aPack = GemmPackBuffer<T>.ForA(RoundUp(mcMax, MR) * kcMax);
        T* a = (T*)q.A, b = (T*)q.B, c = (T*)q.C;
        for (int jc = 0; jc < q.N; jc += NC)
        {
            int nc = Math.Min(NC, q.N - jc);
            for (int pc = 0; pc < q.K; pc += KC)
            {
                int kc = Math.Min(KC, q.K - pc);
                T beta = pc == 0 ? q.Beta : T.One; // β scales C once, on the first slice
                if (q.KindB == GemmSourceKind.Single) GemmPacking<T>.PackB(q.TransB, b, q.Ldb, pc, kc, jc, nc, nr, bPack);
                else GemmWideningPacking.PackB(q.KindB, q.TransB, b, q.Ldb, pc, kc, jc, nc, nr, (float*)bPack);
                for (int ic = i0; ic < i1; ic += MC)
                {
                    int mc = Math.Min(MC, i1 - ic);
                    if (q.KindA == GemmSourceKind.Single) GemmPacking<T>.PackA(q.TransA, a, q.Lda, ic, mc, pc, kc, MR, aPack);
                    else GemmWideningPacking.PackA(q.KindA, q.TransA, a, q.Lda, ic, mc, pc, kc, MR, (float*)aPack);
                    MacroKernel(kc, mc, nc, aPack, bPack, c + (long)ic * q.Ldc + jc, q.Ldc, q.Alpha, beta, nr);
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loops: skip the unoptimized first tier
    [SkipLocalsInit] // the staging tile is fully written before each use
    private static void MacroKernel(int kc, int mc, int nc, T* aPack, T* bPack, T* c, int ldc, T alpha, T beta, int nr)
    {
        // Ragged edge tiles run the same kernel on a staging tile, so every element gets the same arithmetic.
        T* edge = stackalloc T[MR * nr]; // nr ≤ 2 registers: at most 6·32 elements
        for (int jr = 0; jr < nc; jr += nr)
        {
            int cols = Math.Min(nr, nc - jr);
            T* bPanel = bPack + (long)jr * kc;
            for (int ir = 0; ir < mc; ir += MR)
            {
                int rows = Math.Min(MR, mc - ir);
                T* aPanel = aPack + (long)ir * kc;
                T* tile = c + (long)ir * ldc + jr;
                if (rows == MR && cols == nr)
                {
                    GemmMicroKernel<T, TVec, TOps>.Run(kc, aPanel, bPanel, tile, ldc, alpha, beta);
                    continue;
                }
                for (int r = 0; r < MR; r++)
                    for (int j = 0; j < nr; j++)
                        edge[r * nr + j] = r < rows && j < cols ? tile[(long)r * ldc + j] : T.Zero;
                GemmMicroKernel<T, TVec, TOps>.Run(kc, aPanel, bPanel, edge, nr, alpha, beta);
                for (int r = 0; r < rows; r++)
                    for (int j = 0; j < cols; j++) tile[(long)r * ldc + j] = edge[r * nr + j];
            }
        }
    }

    private static int RoundUp(int x, int multiple) => (x + multiple - 1) / multiple * multiple;
}
