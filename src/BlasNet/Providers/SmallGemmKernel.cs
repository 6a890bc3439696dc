using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace BlasNet.Providers;

/// <summary>
/// The columns of one small product C ← α op(A) op(B) + βC (row-major, k ≥ 1, α ≠ 0) that fill whole
/// registers of one width, with no packing: tiles of <see cref="Rows"/> rows of C by one or two registers
/// of columns, each step broadcasting op(A)'s values (a transposed A is only a different pair of strides)
/// against rows of op(B) read in place. <see cref="SmallGemm"/> runs the product through the widths from
/// the widest down and the last columns through a scalar loop. For a product this small a BLAS call's
/// fixed cost (argument checks, dispatch, packing into its own buffers) is most of the time, and none of
/// it is needed when the rows of op(B) a tile reads stay in the L1 cache.
/// </summary>
internal static unsafe class SmallGemmKernel<T, TVec, TOps>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TVec : unmanaged
    where TOps : IGemmVector<TVec, T>
{
    /// <summary>Rows of C per tile: 4 rows × 2 registers are 8 independent accumulators, enough to cover the FMA latency.</summary>
    public const int Rows = 4;

    private const int OverwriteC = 0, AccumulateC = 1, ScaleC = 2;

    /// <summary>
    /// Columns <paramref name="j0"/> onward of C, as many as fill whole registers (two at a time, then
    /// one); op(B) is row-major here (<paramref name="b"/>, <paramref name="ldb"/>). Returns the first
    /// column not done, for a narrower width or the scalar loop.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loops: skip the unoptimized first tier
    public static int Columns(int j0, bool transA, int m, int n, int k, T alpha, T* a, int lda, T* b, int ldb, T beta, T* c, int ldc)
    {
        NoLineRequests none = default;
        nint aRow = transA ? 1 : lda, aStep = transA ? lda : 1;
        int w = TOps.Count;
        int mode = beta == T.Zero ? OverwriteC : beta == T.One ? AccumulateC : ScaleC;
        for (; j0 + 2 * w <= n; j0 += 2 * w)
        {
            int i = 0;
            if (HoldsEightRowsOfTwo)
                for (; i + 2 * Rows <= m; i += 2 * Rows) { Tile8x2(k, a + i * aRow, aRow, aStep, b + j0, ldb, c + (nint)i * ldc + j0, ldc, alpha, beta, mode, ref none); }
            else
                for (; i + 6 <= m; i += 6) { Tile6x2(k, a + i * aRow, aRow, aStep, b + j0, ldb, c + (nint)i * ldc + j0, ldc, alpha, beta, mode, ref none); }
            for (; i + Rows <= m; i += Rows) Tile4x2(k, a + i * aRow, aRow, aStep, b + j0, ldb, c + (nint)i * ldc + j0, ldc, alpha, beta, mode);
            for (; i < m; i++) Tile1x2(k, a + i * aRow, aStep, b + j0, ldb, c + (nint)i * ldc + j0, alpha, beta, mode);
        }
        for (; j0 + w <= n; j0 += w)
        {
            int i = 0;
            for (; i + 2 * Rows <= m; i += 2 * Rows) Tile8x1(k, a + i * aRow, aRow, aStep, b + j0, ldb, c + (nint)i * ldc + j0, ldc, alpha, beta, mode);
            for (; i + Rows <= m; i += Rows) Tile4x1(k, a + i * aRow, aRow, aStep, b + j0, ldb, c + (nint)i * ldc + j0, ldc, alpha, beta, mode);
            for (; i < m; i++) Tile1x1(k, a + i * aRow, aStep, b + j0, ldb, c + (nint)i * ldc + j0, alpha, beta, mode);
        }
        return j0;
    }

    /// <summary>
    /// <see cref="Columns"/>' two-register blocks alone (the same tiles in the same order), with the upcoming product's
    /// lines requested one per step of the k loop in the widest tiles (<see cref="UpcomingProduct.Take"/>, at most k
    /// lines a tile): a batch's entry. Returns the first column not done (the single-register block and narrower widths
    /// are the caller's, through <see cref="Columns"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int ColumnsRequesting(int j0, bool transA, int m, int n, int k, T alpha, T* a, int lda, T* b, int ldb, T beta, T* c, int ldc, ref UpcomingProduct upcoming)
    {
        // Columns' two-register loop with requesting tiles, as a copy: through one shared inlined helper the single call's
        // products of one register (double 8) took 40-42 ns instead of 36-37 (bench/RESULTS.md "Session 48, cold48").
        var lines = new UpcomingLineRequests(ref upcoming, k);
        nint aRow = transA ? 1 : lda, aStep = transA ? lda : 1;
        int w = TOps.Count;
        int mode = beta == T.Zero ? OverwriteC : beta == T.One ? AccumulateC : ScaleC;
        for (; j0 + 2 * w <= n; j0 += 2 * w)
        {
            int i = 0;
            if (HoldsEightRowsOfTwo)
                for (; i + 2 * Rows <= m; i += 2 * Rows) { lines.Refill(); Tile8x2(k, a + i * aRow, aRow, aStep, b + j0, ldb, c + (nint)i * ldc + j0, ldc, alpha, beta, mode, ref lines); }
            else
                for (; i + 6 <= m; i += 6) { lines.Refill(); Tile6x2(k, a + i * aRow, aRow, aStep, b + j0, ldb, c + (nint)i * ldc + j0, ldc, alpha, beta, mode, ref lines); }
            for (; i + Rows <= m; i += Rows) Tile4x2(k, a + i * aRow, aRow, aStep, b + j0, ldb, c + (nint)i * ldc + j0, ldc, alpha, beta, mode);
            for (; i < m; i++) Tile1x2(k, a + i * aRow, aStep, b + j0, ldb, c + (nint)i * ldc + j0, alpha, beta, mode);
        }
        return j0;
    }

    /// <summary>
    /// Whether the machine has 32 vector registers for the kernel's two-register tiles (x64 with AVX-512, whose EVEX
    /// encoding reaches registers 16–31 at every width; Arm64): then <see cref="Tile8x2"/>, otherwise <see cref="Tile6x2"/>.
    /// A JIT-time constant, so the branch folds away.
    /// </summary>
    /// <remarks>
    /// With the 16 registers of AVX2 (x64 without AVX-512, or with <c>DOTNET_EnableAVX512=0</c>) the 8×2 tile needs 19 (16
    /// accumulators, two registers of B, one broadcast of A): the JIT kept two accumulators on the stack, each step loading,
    /// adding to and storing them (a loop-carried chain through memory) and reloading spilled A pointers, which held the
    /// Vector256 path to about 60 % of the 6×2 tile's speed (bench/RESULTS.md, "Session 47, kernel47").
    /// </remarks>
    private static bool HoldsEightRowsOfTwo => Avx512F.IsSupported || AdvSimd.Arm64.IsSupported;

    /// <summary>8 rows × two registers: 16 accumulators, for two FMA pipes with room to spare over the latency.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile8x2<TLines>(int k, T* a, nint aRow, nint aStep, T* b, int ldb, T* c, int ldc, T alpha, T beta, int mode, ref TLines lines)
        where TLines : struct, ILineRequests
    {
        int w = TOps.Count;
        TVec c00 = TOps.Zero, c01 = TOps.Zero, c10 = TOps.Zero, c11 = TOps.Zero, c20 = TOps.Zero, c21 = TOps.Zero, c30 = TOps.Zero, c31 = TOps.Zero;
        TVec c40 = TOps.Zero, c41 = TOps.Zero, c50 = TOps.Zero, c51 = TOps.Zero, c60 = TOps.Zero, c61 = TOps.Zero, c70 = TOps.Zero, c71 = TOps.Zero;
        T* a0 = a, a1 = a + aRow, a2 = a + 2 * aRow, a3 = a + 3 * aRow;
        T* a4 = a + 4 * aRow, a5 = a + 5 * aRow, a6 = a + 6 * aRow, a7 = a + 7 * aRow;
        for (int p = 0; p < k; p++)
        {
            TVec b0 = TOps.Load(b), b1 = TOps.Load(b + w);
            nint at = p * aStep;
            TVec av = TOps.Broadcast(a0[at]);
            c00 = TOps.MultiplyAdd(av, b0, c00); c01 = TOps.MultiplyAdd(av, b1, c01);
            av = TOps.Broadcast(a1[at]);
            c10 = TOps.MultiplyAdd(av, b0, c10); c11 = TOps.MultiplyAdd(av, b1, c11);
            av = TOps.Broadcast(a2[at]);
            c20 = TOps.MultiplyAdd(av, b0, c20); c21 = TOps.MultiplyAdd(av, b1, c21);
            av = TOps.Broadcast(a3[at]);
            c30 = TOps.MultiplyAdd(av, b0, c30); c31 = TOps.MultiplyAdd(av, b1, c31);
            av = TOps.Broadcast(a4[at]);
            c40 = TOps.MultiplyAdd(av, b0, c40); c41 = TOps.MultiplyAdd(av, b1, c41);
            av = TOps.Broadcast(a5[at]);
            c50 = TOps.MultiplyAdd(av, b0, c50); c51 = TOps.MultiplyAdd(av, b1, c51);
            av = TOps.Broadcast(a6[at]);
            c60 = TOps.MultiplyAdd(av, b0, c60); c61 = TOps.MultiplyAdd(av, b1, c61);
            av = TOps.Broadcast(a7[at]);
            c70 = TOps.MultiplyAdd(av, b0, c70); c71 = TOps.MultiplyAdd(av, b1, c71);
            lines.Step();
            b += ldb;
        }
        TVec al = TOps.Broadcast(alpha), be = TOps.Broadcast(beta);
        Update(c, al, be, mode, c00); Update(c + w, al, be, mode, c01); c += ldc;
        Update(c, al, be, mode, c10); Update(c + w, al, be, mode, c11); c += ldc;
        Update(c, al, be, mode, c20); Update(c + w, al, be, mode, c21); c += ldc;
        Update(c, al, be, mode, c30); Update(c + w, al, be, mode, c31); c += ldc;
        Update(c, al, be, mode, c40); Update(c + w, al, be, mode, c41); c += ldc;
        Update(c, al, be, mode, c50); Update(c + w, al, be, mode, c51); c += ldc;
        Update(c, al, be, mode, c60); Update(c + w, al, be, mode, c61); c += ldc;
        Update(c, al, be, mode, c70); Update(c + w, al, be, mode, c71);
    }

    /// <summary>
    /// 6 rows × two registers for 16 vector registers: 12 accumulators, two registers of B and one broadcast of A (15), the
    /// shape of the classic AVX2 6×16 float kernel. A advances by pointer (rows 0–2 from <paramref name="a"/>, 3–5 from a
    /// second pointer) instead of being indexed by p · aStep, so no A pointer has to live on the stack.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile6x2<TLines>(int k, T* a, nint aRow, nint aStep, T* b, int ldb, T* c, int ldc, T alpha, T beta, int mode, ref TLines lines)
        where TLines : struct, ILineRequests
    {
        int w = TOps.Count;
        TVec c00 = TOps.Zero, c01 = TOps.Zero, c10 = TOps.Zero, c11 = TOps.Zero, c20 = TOps.Zero, c21 = TOps.Zero;
        TVec c30 = TOps.Zero, c31 = TOps.Zero, c40 = TOps.Zero, c41 = TOps.Zero, c50 = TOps.Zero, c51 = TOps.Zero;
        T* a3 = a + 3 * aRow;
        nint twoRows = 2 * aRow;
        for (int p = 0; p < k; p++)
        {
            TVec b0 = TOps.Load(b), b1 = TOps.Load(b + w);
            TVec av = TOps.Broadcast(a[0]);
            c00 = TOps.MultiplyAdd(av, b0, c00); c01 = TOps.MultiplyAdd(av, b1, c01);
            av = TOps.Broadcast(a[aRow]);
            c10 = TOps.MultiplyAdd(av, b0, c10); c11 = TOps.MultiplyAdd(av, b1, c11);
            av = TOps.Broadcast(a[twoRows]);
            c20 = TOps.MultiplyAdd(av, b0, c20); c21 = TOps.MultiplyAdd(av, b1, c21);
            av = TOps.Broadcast(a3[0]);
            c30 = TOps.MultiplyAdd(av, b0, c30); c31 = TOps.MultiplyAdd(av, b1, c31);
            av = TOps.Broadcast(a3[aRow]);
            c40 = TOps.MultiplyAdd(av, b0, c40); c41 = TOps.MultiplyAdd(av, b1, c41);
            av = TOps.Broadcast(a3[twoRows]);
            c50 = TOps.MultiplyAdd(av, b0, c50); c51 = TOps.MultiplyAdd(av, b1, c51);
            lines.Step();
            b += ldb; a += aStep; a3 += aStep;
        }
        TVec al = TOps.Broadcast(alpha), be = TOps.Broadcast(beta);
        Update(c, al, be, mode, c00); Update(c + w, al, be, mode, c01); c += ldc;
        Update(c, al, be, mode, c10); Update(c + w, al, be, mode, c11); c += ldc;
        Update(c, al, be, mode, c20); Update(c + w, al, be, mode, c21); c += ldc;
        Update(c, al, be, mode, c30); Update(c + w, al, be, mode, c31); c += ldc;
        Update(c, al, be, mode, c40); Update(c + w, al, be, mode, c41); c += ldc;
        Update(c, al, be, mode, c50); Update(c + w, al, be, mode, c51);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile4x2(int k, T* a, nint aRow, nint aStep, T* b, int ldb, T* c, int ldc, T alpha, T beta, int mode)
    {
        int w = TOps.Count;
        TVec c00 = TOps.Zero, c01 = TOps.Zero, c10 = TOps.Zero, c11 = TOps.Zero;
        TVec c20 = TOps.Zero, c21 = TOps.Zero, c30 = TOps.Zero, c31 = TOps.Zero;
        T* a0 = a, a1 = a + aRow, a2 = a + 2 * aRow, a3 = a + 3 * aRow;
        for (int p = 0; p < k; p++)
        {
            TVec b0 = TOps.Load(b), b1 = TOps.Load(b + w);
            nint at = p * aStep;
            TVec av = TOps.Broadcast(a0[at]);
            c00 = TOps.MultiplyAdd(av, b0, c00); c01 = TOps.MultiplyAdd(av, b1, c01);
            av = TOps.Broadcast(a1[at]);
            c10 = TOps.MultiplyAdd(av, b0, c10); c11 = TOps.MultiplyAdd(av, b1, c11);
            av = TOps.Broadcast(a2[at]);
            c20 = TOps.MultiplyAdd(av, b0, c20); c21 = TOps.MultiplyAdd(av, b1, c21);
            av = TOps.Broadcast(a3[at]);
            c30 = TOps.MultiplyAdd(av, b0, c30); c31 = TOps.MultiplyAdd(av, b1, c31);
            b += ldb;
        }
        TVec al = TOps.Broadcast(alpha), be = TOps.Broadcast(beta);
        Update(c, al, be, mode, c00); Update(c + w, al, be, mode, c01); c += ldc;
        Update(c, al, be, mode, c10); Update(c + w, al, be, mode, c11); c += ldc;
        Update(c, al, be, mode, c20); Update(c + w, al, be, mode, c21); c += ldc;
        Update(c, al, be, mode, c30); Update(c + w, al, be, mode, c31);
    }

    /// <summary>
    /// 8 rows × one register: for a single register of columns (16 floats, 8 doubles on Vector512) the 4-row tile has
    /// only 4 independent accumulators, too few to keep two FMA pipes busy over the FMA latency (4 cycles); 8 cover it
    /// (float 16×16: 84–91 → 75–86 ns; bench/RESULTS.md, "Session 21, s21-managed").
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile8x1(int k, T* a, nint aRow, nint aStep, T* b, int ldb, T* c, int ldc, T alpha, T beta, int mode)
    {
        TVec c0 = TOps.Zero, c1 = TOps.Zero, c2 = TOps.Zero, c3 = TOps.Zero, c4 = TOps.Zero, c5 = TOps.Zero, c6 = TOps.Zero, c7 = TOps.Zero;
        T* a0 = a, a1 = a + aRow, a2 = a + 2 * aRow, a3 = a + 3 * aRow;
        T* a4 = a + 4 * aRow, a5 = a + 5 * aRow, a6 = a + 6 * aRow, a7 = a + 7 * aRow;
        for (int p = 0; p < k; p++)
        {
            TVec b0 = TOps.Load(b);
            nint at = p * aStep;
            c0 = TOps.MultiplyAdd(TOps.Broadcast(a0[at]), b0, c0);
            c1 = TOps.MultiplyAdd(TOps.Broadcast(a1[at]), b0, c1);
            c2 = TOps.MultiplyAdd(TOps.Broadcast(a2[at]), b0, c2);
            c3 = TOps.MultiplyAdd(TOps.Broadcast(a3[at]), b0, c3);
            c4 = TOps.MultiplyAdd(TOps.Broadcast(a4[at]), b0, c4);
            c5 = TOps.MultiplyAdd(TOps.Broadcast(a5[at]), b0, c5);
            c6 = TOps.MultiplyAdd(TOps.Broadcast(a6[at]), b0, c6);
            c7 = TOps.MultiplyAdd(TOps.Broadcast(a7[at]), b0, c7);
            b += ldb;
        }
        TVec al = TOps.Broadcast(alpha), be = TOps.Broadcast(beta);
        Update(c, al, be, mode, c0); c += ldc;
        Update(c, al, be, mode, c1); c += ldc;
        Update(c, al, be, mode, c2); c += ldc;
        Update(c, al, be, mode, c3); c += ldc;
        Update(c, al, be, mode, c4); c += ldc;
        Update(c, al, be, mode, c5); c += ldc;
        Update(c, al, be, mode, c6); c += ldc;
        Update(c, al, be, mode, c7);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile4x1(int k, T* a, nint aRow, nint aStep, T* b, int ldb, T* c, int ldc, T alpha, T beta, int mode)
    {
        TVec c0 = TOps.Zero, c1 = TOps.Zero, c2 = TOps.Zero, c3 = TOps.Zero;
        T* a0 = a, a1 = a + aRow, a2 = a + 2 * aRow, a3 = a + 3 * aRow;
        for (int p = 0; p < k; p++)
        {
            TVec b0 = TOps.Load(b);
            nint at = p * aStep;
            c0 = TOps.MultiplyAdd(TOps.Broadcast(a0[at]), b0, c0);
            c1 = TOps.MultiplyAdd(TOps.Broadcast(a1[at]), b0, c1);
            c2 = TOps.MultiplyAdd(TOps.Broadcast(a2[at]), b0, c2);
            c3 = TOps.MultiplyAdd(TOps.Broadcast(a3[at]), b0, c3);
            b += ldb;
        }
        TVec al = TOps.Broadcast(alpha), be = TOps.Broadcast(beta);
        Update(c, al, be, mode, c0); c += ldc;
        Update(c, al, be, mode, c1); c += ldc;
        Update(c, al, be, mode, c2); c += ldc;
        Update(c, al, be, mode, c3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile1x2(int k, T* a, nint aStep, T* b, int ldb, T* c, T alpha, T beta, int mode)
    {
        int w = TOps.Count;
        TVec c0 = TOps.Zero, c1 = TOps.Zero;
        for (int p = 0; p < k; p++)
        {
            TVec av = TOps.Broadcast(a[p * aStep]);
            c0 = TOps.MultiplyAdd(av, TOps.Load(b), c0);
            c1 = TOps.MultiplyAdd(av, TOps.Load(b + w), c1);
            b += ldb;
        }
        TVec al = TOps.Broadcast(alpha), be = TOps.Broadcast(beta);
        Update(c, al, be, mode, c0); Update(c + w, al, be, mode, c1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile1x1(int k, T* a, nint aStep, T* b, int ldb, T* c, T alpha, T beta, int mode)
    {
        TVec c0 = TOps.Zero;
        for (int p = 0; p < k; p++)
        {
            c0 = TOps.MultiplyAdd(TOps.Broadcast(a[p * aStep]), TOps.Load(b), c0);
            b += ldb;
        }
        Update(c, TOps.Broadcast(alpha), TOps.Broadcast(beta), mode, c0);
    }

    /// <summary>One register of C ← α·acc + βC (β = 0: C not read, so NaN there does not survive, as in BLAS).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Update(T* c, TVec alpha, TVec beta, int mode, TVec acc)
    {
        if (mode == OverwriteC) TOps.Store(TOps.Multiply(alpha, acc), c);
        else if (mode == AccumulateC) TOps.Store(TOps.MultiplyAdd(alpha, acc, TOps.Load(c)), c);
        else TOps.Store(TOps.MultiplyAdd(alpha, acc, TOps.Multiply(beta, TOps.Load(c))), c);
    }
}
