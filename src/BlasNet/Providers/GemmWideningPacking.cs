using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace BlasNet.Providers;

/// <summary>
/// <see cref="GemmPacking{T}"/> for float32 panels read from an operand stored as Half (or as float32
/// to be rounded through Half): the same panel layouts, filled from runs that are widened with
/// <see cref="TensorPrimitives"/> (vectorized) into a stack buffer on the way. Each element is
/// converted exactly once per pack, as it would be copied once by the float32 packer, so conversion
/// rides on the memory traffic packing does anyway.
/// </summary>
internal static unsafe class GemmWideningPacking
{
    /// <summary>The longest contiguous run widened at once: the widest of KC, MC and NC.</summary>
    private const int MaxRun = 2048;

    /// <summary>destination[0 .. length) ← the <paramref name="length"/> source elements at <paramref name="source"/> + <paramref name="offset"/>, as float32.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Widen(GemmSourceKind kind, void* source, long offset, int length, Span<float> destination, Span<Half> halfRun)
    {
        switch (kind)
        {
            case GemmSourceKind.Half:
                TensorPrimitives.ConvertToSingle(new ReadOnlySpan<Half>((Half*)source + offset, length), destination[..length]);
                break;
            case GemmSourceKind.SingleRoundedToHalf:
                TensorPrimitives.ConvertToHalf(new ReadOnlySpan<float>((float*)source + offset, length), halfRun[..length]);
                TensorPrimitives.ConvertToSingle(halfRun[..length], destination[..length]);
                break;
            default:
                new ReadOnlySpan<float>((float*)source + offset, length).CopyTo(destination);
                break;
        }
    }

    /// <summary>Packs op(A)[i0 .. i0+mc, p0 .. p0+kc] as <see cref="GemmPacking{T}.PackA"/> does, reading A as <paramref name="kind"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loops: skip the unoptimized first tier
    [SkipLocalsInit] // the run buffers are written before they are read
    public static void PackA(GemmSourceKind kind, bool transposed, void* a, int lda, int i0, int mc, int p0, int kc, int mr, float* destination)
    {
        Span<float> run = stackalloc float[MaxRun];
        Span<Half> halfRun = stackalloc Half[MaxRun];
        if (!transposed)
        {
            // op(A)(i, p) = a[i·lda + p]: widen each row's kc-run, scatter it with stride mr.
            for (int ir = 0; ir < mc; ir += mr)
            {
                int rows = Math.Min(mr, mc - ir);
                float* d = destination + (long)ir * kc;
                for (int r = 0; r < rows; r++)
                {
                    Widen(kind, a, (long)(i0 + ir + r) * lda + p0, kc, run, halfRun);
                    for (int p = 0; p < kc; p++) d[p * mr + r] = run[p];
                }
                for (int r = rows; r < mr; r++)
                    for (int p = 0; p < kc; p++) d[p * mr + r] = 0f;
            }
            return;
        }
        // op(A)(i, p) = a[p·lda + i]: step p of every micro-panel comes from one mc-run of A's row p.
        for (int p = 0; p < kc; p++)
        {
            Widen(kind, a, (long)(p0 + p) * lda + i0, mc, run, halfRun);
            for (int ir = 0; ir < mc; ir += mr)
            {
                int rows = Math.Min(mr, mc - ir);
                float* dp = destination + (long)ir * kc + p * mr;
                for (int r = 0; r < rows; r++) dp[r] = run[ir + r];
                for (int r = rows; r < mr; r++) dp[r] = 0f;
            }
        }
    }

    /// <summary>Packs op(B)[p0 .. p0+kc, j0 .. j0+nc] as <see cref="GemmPacking{T}.PackB"/> does, reading B as <paramref name="kind"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loops: skip the unoptimized first tier
    [SkipLocalsInit] // the run buffers are written before they are read
    public static void PackB(GemmSourceKind kind, bool transposed, void* b, int ldb, int p0, int kc, int j0, int nc, int nr, float* destination)
    {
        Span<float> run = stackalloc float[MaxRun];
        Span<Half> halfRun = stackalloc Half[MaxRun];
        if (!transposed)
        {
            // op(B)(p, j) = b[p·ldb + j]: step p of every micro-panel comes from one nc-run of B's row p.
            for (int p = 0; p < kc; p++)
            {
                Widen(kind, b, (long)(p0 + p) * ldb + j0, nc, run, halfRun);
                for (int jr = 0; jr < nc; jr += nr)
                {
                    int cols = Math.Min(nr, nc - jr);
                    float* dst = destination + (long)jr * kc + p * nr;
                    run.Slice(jr, cols).CopyTo(new Span<float>(dst, cols));
                    for (int j = cols; j < nr; j++) dst[j] = 0f;
                }
            }
            return;
        }
        // op(B)(p, j) = b[j·ldb + p]: widen each column of op(B) (a row of B), scatter it with stride nr.
        for (int jr = 0; jr < nc; jr += nr)
        {
            int cols = Math.Min(nr, nc - jr);
            float* d = destination + (long)jr * kc;
            for (int j = 0; j < cols; j++)
            {
                Widen(kind, b, (long)(j0 + jr + j) * ldb + p0, kc, run, halfRun);
                for (int p = 0; p < kc; p++) d[p * nr + j] = run[p];
            }
            for (int j = cols; j < nr; j++)
                for (int p = 0; p < kc; p++) d[p * nr + j] = 0f;
        }
    }
}
