using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace BlasNet.Providers;

/// <summary>
/// <see cref="GemmPacking{T}"/> for float32 panels read from an operand stored as Half (or as float32
/// to be rounded through Half): the same panel layouts, filled from runs that are widened with
/// <see cref="TensorPrimitives"/> (vectorized), or rounded through Half by <see cref="HalfRoundTrip"/>,
/// into a stack buffer on the way. Each element is
/// converted exactly once per pack, as it would be copied once by the float32 packer, so conversion
/// rides on the memory traffic packing does anyway.
/// </summary>
internal static unsafe class GemmWideningPacking
{
    /// <summary>The longest contiguous run widened at once: the widest of KC, MC and NC.</summary>
    private const int MaxRun = 2048;

    /// <summary>destination[0 .. length) ← the <paramref name="length"/> source elements at <paramref name="source"/> + <paramref name="offset"/>, as float32.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Widen(GemmSourceKind kind, void* source, long offset, int length, Span<float> destination)
    {
        switch (kind)
        {
            case GemmSourceKind.Half:
                TensorPrimitives.ConvertToSingle(new ReadOnlySpan<Half>((Half*)source + offset, length), destination[..length]);
                break;
            case GemmSourceKind.SingleRoundedToHalf:
                // One pass on the float32 bits (HalfRoundTrip), not a conversion to Half and back.
                HalfRoundTrip.Round(new ReadOnlySpan<float>((float*)source + offset, length), destination[..length]);
                break;
            default:
                new ReadOnlySpan<float>((float*)source + offset, length).CopyTo(destination);
                break;
        }
    }

    /// <summary>Packs op(A)[i0 .. i0+mc, p0 .. p0+kc] as <see cref="GemmPacking{T}.PackA"/> does, reading A as <paramref name="kind"/>.</summary>
    public static void PackA(GemmSourceKind kind, bool transposed, void* a, int lda, int i0, int mc, int p0, int kc, int mr, float* destination)
    {
        // op(A)(i, p) = a[i·lda + p]: each row of the block is one kc-run of A; transposed, each step p is one mc-run.
        if (transposed) PackStepRuns(kind, a, lda, i0, mc, p0, kc, mr, destination);
        else PackLineRuns(kind, a, lda, i0, mc, p0, kc, mr, destination);
    }

    /// <summary>Packs op(B)[p0 .. p0+kc, j0 .. j0+nc] as <see cref="GemmPacking{T}.PackB"/> does, reading B as <paramref name="kind"/>.</summary>
    public static void PackB(GemmSourceKind kind, bool transposed, void* b, int ldb, int p0, int kc, int j0, int nc, int nr, float* destination)
    {
        // op(B)(p, j) = b[p·ldb + j]: each step p is one nc-run of B; transposed, each column of op(B) is one kc-run.
        if (transposed) PackLineRuns(kind, b, ldb, j0, nc, p0, kc, nr, destination);
        else PackStepRuns(kind, b, ldb, j0, nc, p0, kc, nr, destination);
    }

    /// <summary>
    /// Panels of <paramref name="panel"/> lines (rows of op(A) or columns of op(B)) whose kc steps are stored
    /// contiguously in the source, line l at (first + l)·ld + p0: widen each line's run and scatter it with
    /// stride <paramref name="panel"/>; a short last panel is padded with zeros.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loops: skip the unoptimized first tier
    [SkipLocalsInit] // the run buffer is written before it is read
    private static void PackLineRuns(GemmSourceKind kind, void* source, int ld, int first, int count, int p0, int kc, int panel, float* destination)
    {
        Span<float> run = stackalloc float[MaxRun];
        for (int l0 = 0; l0 < count; l0 += panel)
        {
            int lines = Math.Min(panel, count - l0);
            float* d = destination + (long)l0 * kc;
            for (int l = 0; l < lines; l++)
            {
                Widen(kind, source, (long)(first + l0 + l) * ld + p0, kc, run);
                for (int p = 0; p < kc; p++) d[p * panel + l] = run[p];
            }
            for (int l = lines; l < panel; l++)
                for (int p = 0; p < kc; p++) d[p * panel + l] = 0f;
        }
    }

    /// <summary>
    /// Panels of <paramref name="panel"/> lines whose steps are stored apart, step p's lines contiguous at
    /// (p0 + p)·ld + first: widen each step's run once and cut it into the panels; a short last panel is
    /// padded with zeros.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loops: skip the unoptimized first tier
    [SkipLocalsInit] // the run buffer is written before it is read
    private static void PackStepRuns(GemmSourceKind kind, void* source, int ld, int first, int count, int p0, int kc, int panel, float* destination)
    {
        Span<float> run = stackalloc float[MaxRun];
        for (int p = 0; p < kc; p++)
        {
            Widen(kind, source, (long)(p0 + p) * ld + first, count, run);
            for (int l0 = 0; l0 < count; l0 += panel)
            {
                int lines = Math.Min(panel, count - l0);
                float* dp = destination + (long)l0 * kc + p * panel;
                run.Slice(l0, lines).CopyTo(new Span<float>(dp, lines));
                for (int l = lines; l < panel; l++) dp[l] = 0f;
            }
        }
    }
}
