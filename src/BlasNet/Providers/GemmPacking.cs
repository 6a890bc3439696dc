using System.Runtime.CompilerServices;

namespace BlasNet.Providers;

/// <summary>
/// Packing of op(A) and op(B) blocks into the layouts the micro-kernel streams (GotoBLAS/BLIS):
/// op(A) rows in micro-panels of MR rows, each stored step by step (MR values per k); op(B) columns
/// in micro-panels of NR columns, each stored row by row (NR values per k). Ragged last panels are
/// padded with zeros, so the kernel always runs full tiles and the padded results are discarded.
/// Transposes are absorbed here: the kernel never sees a stride.
/// </summary>
internal static unsafe class GemmPacking<T> where T : unmanaged, System.Numerics.INumberBase<T>
{
    /// <summary>Packs op(A)[i0 .. i0+mc, p0 .. p0+kc] into <paramref name="destination"/> (⌈mc/mr⌉·mr·kc elements).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loops: skip the unoptimized first tier
    public static void PackA(bool transposed, T* a, int lda, int i0, int mc, int p0, int kc, int mr, T* destination)
    {
        for (int ir = 0; ir < mc; ir += mr)
        {
            int rows = Math.Min(mr, mc - ir);
            T* d = destination + (long)ir * kc;
            if (!transposed)
            {
                // op(A)(i, p) = a[i·lda + p]: read each row contiguously, scatter with stride mr.
                for (int r = 0; r < rows; r++)
                {
                    T* src = a + (long)(i0 + ir + r) * lda + p0;
                    for (int p = 0; p < kc; p++) d[p * mr + r] = src[p];
                }
            }
            else
            {
                // op(A)(i, p) = a[p·lda + i]: the tile's rows are contiguous within each row of A.
                for (int p = 0; p < kc; p++)
                {
                    T* src = a + (long)(p0 + p) * lda + i0 + ir;
                    T* dp = d + p * mr;
                    for (int r = 0; r < rows; r++) dp[r] = src[r];
                }
            }
            for (int r = rows; r < mr; r++)
                for (int p = 0; p < kc; p++) d[p * mr + r] = T.Zero;
        }
    }

    /// <summary>Packs op(B)[p0 .. p0+kc, j0 .. j0+nc] into <paramref name="destination"/> (kc·⌈nc/nr⌉·nr elements).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loops: skip the unoptimized first tier
    public static void PackB(bool transposed, T* b, int ldb, int p0, int kc, int j0, int nc, int nr, T* destination)
    {
        for (int jr = 0; jr < nc; jr += nr)
        {
            int cols = Math.Min(nr, nc - jr);
            T* d = destination + (long)jr * kc;
            if (!transposed)
            {
                // op(B)(p, j) = b[p·ldb + j]: each step of the panel is a contiguous run of B's row.
                // Runs are short (NR ≤ 32): an inline copy beats a call to a general memmove per step.
                for (int p = 0; p < kc; p++)
                {
                    T* src = b + (long)(p0 + p) * ldb + j0 + jr;
                    T* dst = d + p * nr;
                    int j = 0;
                    for (; j + 4 <= cols; j += 4)
                    {
                        dst[j] = src[j];
                        dst[j + 1] = src[j + 1];
                        dst[j + 2] = src[j + 2];
                        dst[j + 3] = src[j + 3];
                    }
                    for (; j < cols; j++) dst[j] = src[j];
                    for (; j < nr; j++) dst[j] = T.Zero;
                }
            }
            else
            {
                // op(B)(p, j) = b[j·ldb + p]: read each column of op(B) (a row of B) contiguously.
                for (int j = 0; j < cols; j++)
                {
                    T* src = b + (long)(j0 + jr + j) * ldb + p0;
                    for (int p = 0; p < kc; p++) d[p * nr + j] = src[p];
                }
                for (int j = cols; j < nr; j++)
                    for (int p = 0; p < kc; p++) d[p * nr + j] = T.Zero;
            }
        }
    }
}
