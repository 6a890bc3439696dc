using System.Globalization;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

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

    /// <summary>The longest run of a line packed by <see cref="PackLineRuns"/>: KC.</summary>
    private const int MaxLineRun = 256;

    /// <summary>The widest panel: NR for float32 with 512-bit vectors (two registers of 16).</summary>
    private const int MaxPanel = 32;

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
    /// contiguously in the source, line l at (first + l)·ld + p0: widen the panel's lines, each one run, into a
    /// line-major stack block, then transpose the block into the step-major panel (four steps of six lines
    /// at a time with SSE for A's six-row panels, a pointer loop otherwise); a short last panel is padded
    /// with zeros. Transposing a block in L1 replaces a scatter of each line with stride
    /// <paramref name="panel"/>, which a profile showed at 11–13 % of the managed mixed-precision step.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loops: skip the unoptimized first tier
    [SkipLocalsInit] // the block is written before it is read
    private static void PackLineRuns(GemmSourceKind kind, void* source, int ld, int first, int count, int p0, int kc, int panel, float* destination)
    {
        // kc ≤ KC (256) steps of at most MaxPanel lines: 32 KiB of stack at the widest (AVX-512's NR).
        if (kc > MaxLineRun || panel > MaxPanel) throw new ArgumentOutOfRangeException(nameof(kc), string.Create(CultureInfo.InvariantCulture, $"kc = {kc}, panel = {panel}: at most {MaxLineRun} steps of {MaxPanel} lines"));
        float* block = stackalloc float[MaxPanel * MaxLineRun];
        for (int l0 = 0; l0 < count; l0 += panel)
        {
            int lines = Math.Min(panel, count - l0);
            float* d = destination + (long)l0 * kc;
            for (int l = 0; l < lines; l++)
                Widen(kind, source, (long)(first + l0 + l) * ld + p0, kc, new Span<float>(block + l * kc, kc));
            int p = 0;
            if (panel == 6 && lines == 6 && Sse.IsSupported)
            {
                float* r0 = block, r1 = r0 + kc, r2 = r1 + kc, r3 = r2 + kc, r4 = r3 + kc, r5 = r4 + kc;
                for (; p + 4 <= kc; p += 4, d += 24)
                {
                    Vector128<float> v0 = Sse.LoadVector128(r0 + p), v1 = Sse.LoadVector128(r1 + p);
                    Vector128<float> v2 = Sse.LoadVector128(r2 + p), v3 = Sse.LoadVector128(r3 + p);
                    Vector128<float> v4 = Sse.LoadVector128(r4 + p), v5 = Sse.LoadVector128(r5 + p);
                    // 4×4 transpose of lines 0–3; lines 4–5 interleaved in pairs of steps.
                    Vector128<float> a0 = Sse.UnpackLow(v0, v1), a1 = Sse.UnpackHigh(v0, v1);
                    Vector128<float> a2 = Sse.UnpackLow(v2, v3), a3 = Sse.UnpackHigh(v2, v3);
                    Vector128<float> u = Sse.UnpackLow(v4, v5), w = Sse.UnpackHigh(v4, v5);
                    Sse.Store(d, Sse.MoveLowToHigh(a0, a2));
                    Sse.StoreLow(d + 4, u);
                    Sse.Store(d + 6, Sse.MoveHighToLow(a2, a0));
                    Sse.StoreHigh(d + 10, u);
                    Sse.Store(d + 12, Sse.MoveLowToHigh(a1, a3));
                    Sse.StoreLow(d + 16, w);
                    Sse.Store(d + 18, Sse.MoveHighToLow(a3, a1));
                    Sse.StoreHigh(d + 22, w);
                }
            }
            for (; p < kc; p++, d += panel)
            {
                int l = 0;
                for (; l < lines; l++) d[l] = block[l * kc + p];
                for (; l < panel; l++) d[l] = 0f;
            }
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
