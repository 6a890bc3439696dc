using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace BlasNet.Providers;

/// <summary>
/// The register-blocked heart of the managed GEMM: an <see cref="Rows"/> × (2 registers) tile of C
/// updated as C ← βC + α·(Ã B̃) from one packed A micro-panel and one packed B micro-panel
/// (β = 0: C is written without being read, so NaN there does not survive, as in BLAS).
/// Twelve accumulators, two B loads and one broadcast fit the 16 vector registers of AVX2 (the BLIS
/// Haswell shape, 6×8 for double), so the inner loop runs without spills; each step is 12 FMAs
/// against 2 loads and 6 broadcasts.
/// </summary>
internal static unsafe class GemmMicroKernel<T, TVec, TOps>
    where T : unmanaged, INumberBase<T>
    where TVec : unmanaged
    where TOps : IGemmVector<TVec, T>
{
    /// <summary>Rows of C per tile (MR).</summary>
    public const int Rows = 6;

    /// <summary>Columns of C per tile (NR): two registers.</summary>
    public static int Columns => 2 * TOps.Count;

    /// <summary>
    /// <paramref name="a"/>: kc steps of <see cref="Rows"/> values (column p of the tile's rows of op(A));
    /// <paramref name="b"/>: kc steps of <see cref="Columns"/> values (row p of op(B) across the tile);
    /// <paramref name="c"/>: the full tile, row stride <paramref name="ldc"/>.
    /// β is folded into the store so C is read and written once per k slice (β = 1 after the first slice).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, T* a, T* b, T* c, int ldc, T alpha, T beta)
    {
        int w = TOps.Count;
        // C's rows sit ldc apart (often a multiple of 4 KiB): request them now so the final update
        // does not wait on six cache or TLB misses in a row.
        if (Sse.IsSupported && kc >= 128) // a short loop could not hide the prefetch anyway
        {
            T* row = c;
            for (int r = 0; r < Rows; r++, row += ldc)
            {
                Sse.Prefetch0(row);
                Sse.Prefetch0((byte*)row + 2 * w * sizeof(T) - 1);
            }
        }
        TVec c00 = TOps.Zero, c01 = TOps.Zero, c10 = TOps.Zero, c11 = TOps.Zero, c20 = TOps.Zero, c21 = TOps.Zero;
        TVec c30 = TOps.Zero, c31 = TOps.Zero, c40 = TOps.Zero, c41 = TOps.Zero, c50 = TOps.Zero, c51 = TOps.Zero;
        for (int p = 0; p < kc; p++)
        {
            TVec b0 = TOps.Load(b), b1 = TOps.Load(b + w);
            TVec av = TOps.Broadcast(a[0]);
            c00 = TOps.MultiplyAdd(av, b0, c00); c01 = TOps.MultiplyAdd(av, b1, c01);
            av = TOps.Broadcast(a[1]);
            c10 = TOps.MultiplyAdd(av, b0, c10); c11 = TOps.MultiplyAdd(av, b1, c11);
            av = TOps.Broadcast(a[2]);
            c20 = TOps.MultiplyAdd(av, b0, c20); c21 = TOps.MultiplyAdd(av, b1, c21);
            av = TOps.Broadcast(a[3]);
            c30 = TOps.MultiplyAdd(av, b0, c30); c31 = TOps.MultiplyAdd(av, b1, c31);
            av = TOps.Broadcast(a[4]);
            c40 = TOps.MultiplyAdd(av, b0, c40); c41 = TOps.MultiplyAdd(av, b1, c41);
            av = TOps.Broadcast(a[5]);
            c50 = TOps.MultiplyAdd(av, b0, c50); c51 = TOps.MultiplyAdd(av, b1, c51);
            a += Rows;
            b += 2 * w;
        }

        TVec al = TOps.Broadcast(alpha), be = TOps.Broadcast(beta);
        int mode = beta == T.Zero ? OverwriteC : beta == T.One ? AccumulateC : ScaleC;
        Update(c, w, al, be, mode, c00, c01); c += ldc;
        Update(c, w, al, be, mode, c10, c11); c += ldc;
        Update(c, w, al, be, mode, c20, c21); c += ldc;
        Update(c, w, al, be, mode, c30, c31); c += ldc;
        Update(c, w, al, be, mode, c40, c41); c += ldc;
        Update(c, w, al, be, mode, c50, c51);
    }

    private const int OverwriteC = 0, AccumulateC = 1, ScaleC = 2;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Update(T* row, int w, TVec alpha, TVec beta, int mode, TVec left, TVec right)
    {
        if (mode == OverwriteC)
        {
            TOps.Store(TOps.Multiply(alpha, left), row);
            TOps.Store(TOps.Multiply(alpha, right), row + w);
        }
        else if (mode == AccumulateC)
        {
            TOps.Store(TOps.MultiplyAdd(alpha, left, TOps.Load(row)), row);
            TOps.Store(TOps.MultiplyAdd(alpha, right, TOps.Load(row + w)), row + w);
        }
        else
        {
            TOps.Store(TOps.MultiplyAdd(alpha, left, TOps.Multiply(beta, TOps.Load(row))), row);
            TOps.Store(TOps.MultiplyAdd(alpha, right, TOps.Multiply(beta, TOps.Load(row + w))), row + w);
        }
    }
}
