namespace BlasNet.Tests;

/// <summary>
/// Whether two computations that differ only in where their buffers lie give the same bits on the provider in use.
/// They do on BLIS, the managed provider and OpenBLAS's kernels for Haswell and later CPUs. MKL chooses its kernels by
/// the buffers' alignment, so the same product can round differently from one call to the next, unless
/// <c>MKL_CBWR=COMPATIBLE</c> (Intel's conditional numerical reproducibility) pins one code path: with it every
/// bit-for-bit test here passed on MKL 2020.4, without it nine differed in the last bits (and a fit's path by a few
/// evaluations). OpenBLAS 0.3.21 on a CPU it does not recognize (a virtual "Intel Xeon Processor" with AVX-512, seen in
/// session 36) falls back to its Prescott (SSE3) kernels, whose ddot and non-transposed dgemv peel to a 16-byte boundary:
/// 12 bit-for-bit tests failed there, a different dozen each run. Its Cooperlake kernels (an AMD EPYC Zen 4, session
/// claims50) gave every probed call the same bits at every offset, and MKL without the setting there varied in most calls
/// (bench/probes/offset-rounding.py). So this is measured, not assumed from the name.
/// The probe places the operands as a caller would; a fit's own QR buffers and <c>Lapack.QrPivoted</c>'s are aligned
/// (<see cref="AlignedBuffer{T}"/>, session repro43), so those repeat bit for bit on the Prescott kernels too (RunToRun43Tests).
/// </summary>
/// <remarks>
/// Tests that compare two runs bit for bit (a parallel path against the sequential one, an explicit option against its
/// default) do so where this holds and compare to rounding (a tolerance each test states) where it does not, so the full
/// suite runs on every provider as it is installed.
/// </remarks>
internal static class ProviderReproducibility
{
    /// <summary>
    /// True unless the provider is MKL without <c>MKL_CBWR=COMPATIBLE</c>, or the probe below sees the provider's
    /// results change with the buffers' position.
    /// </summary>
    public static bool BitForBit { get; } = !UnpinnedMkl() && SameBlasBitsAtEveryOffset() && SameLapackBitsAtEveryOffset();

    internal static bool UnpinnedMkl() =>
        BlasProvider.Current.Name == "MKL"
        && !(Environment.GetEnvironmentVariable("MKL_CBWR") ?? "").Trim().StartsWith("COMPATIBLE", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The BLAS routines a fit's QR and steps lean on (dot, norm, GEMV both ways, GEMM), each on the same data copied to
    /// every 8-byte offset of a 64-byte line: true when every copy gives the same bits. A few sizes around the kernels'
    /// unroll widths; about a millisecond.
    /// </summary>
    internal static bool SameBlasBitsAtEveryOffset()
    {
        var random = new Random(36);
        foreach (int n in new[] { 7, 37, 100, 257 })
        {
            const int k = 9;
            double[] x = Values(random, n), y = Values(random, n), a = Values(random, n * k), b = Values(random, k * 5), v = Values(random, k);
            string? first = null;
            for (int offset = 0; offset < 8; offset++)
            {
                double[] xs = Placed(x, offset), ys = Placed(y, offset), As = Placed(a, offset), Bs = Placed(b, offset), vs = Placed(v, offset);
                double[] yv = new double[n + offset], xt = new double[k + offset], c = new double[n * 5 + offset];
                double dot = Blas.Dot(n, xs.AsSpan(offset), 1, ys.AsSpan(offset), 1);
                double norm = Blas.Nrm2(n, xs.AsSpan(offset), 1);
                Blas.Gemv(Transpose.None, n, k, 1.0, As.AsSpan(offset), k, vs.AsSpan(offset), 1, 0.0, yv.AsSpan(offset), 1);
                Blas.Gemv(Transpose.Transposed, n, k, 1.0, As.AsSpan(offset), k, xs.AsSpan(offset), 1, 0.0, xt.AsSpan(offset), 1);
                Blas.Gemm(Transpose.None, Transpose.None, n, 5, k, 1.0, As.AsSpan(offset), k, Bs.AsSpan(offset), 5, 0.0, c.AsSpan(offset), 5);
                string bits = string.Join(",", new[] { dot, norm }.Concat(yv.Skip(offset)).Concat(xt.Skip(offset)).Concat(c.Skip(offset))
                    .Select(d => BitConverter.DoubleToInt64Bits(d).ToString("x")));
                if (first is null) first = bits;
                else if (bits != first) return false;
            }
        }
        return true;
    }

    /// <summary>
    /// A pivoted QR, Qᵀb and the triangular solve (a least-squares solve as the fits and <c>PivotedQr.Solve</c> do it) at
    /// every offset. The provider's LAPACK may sit on another BLAS than the one probed above (with BLIS, Debian's LAPACK
    /// calls the system libblas.so.3, which may be OpenBLAS): session 36 saw <c>PivotedQr.Solve</c> on BLIS differ by 7 ulps
    /// between two equal problems while BLIS's own routines did not.
    /// </summary>
    internal static bool SameLapackBitsAtEveryOffset()
    {
        var random = new Random(37);
        foreach (var (m, n) in new[] { (6, 3), (40, 5), (131, 7) })
        {
            double[] a = Values(random, m * n), b = Values(random, m);
            string? first = null;
            for (int offset = 0; offset < 8; offset++)
            {
                double[] qr = Placed(a, offset), qtb = Placed(b, offset), tau = new double[n + offset];
                int[] pivots = new int[n];
                Lapack.Geqp3(m, n, qr.AsSpan(offset), m, pivots, tau.AsSpan(offset));
                Lapack.Ormqr(Side.Left, Transpose.Transposed, m, 1, n, qr.AsSpan(offset), m, tau.AsSpan(offset), qtb.AsSpan(offset), m);
                Lapack.Trtrs(Triangle.Upper, Transpose.None, Diagonal.NonUnit, n, 1, qr.AsSpan(offset), m, qtb.AsSpan(offset), m);
                string bits = string.Join(",", qr.Skip(offset).Concat(qtb.Skip(offset)).Concat(tau.Skip(offset))
                    .Select(d => BitConverter.DoubleToInt64Bits(d).ToString("x")).Concat(pivots.Select(i => i.ToString())));
                if (first is null) first = bits;
                else if (bits != first) return false;
            }
        }
        return true;
    }

    private static double[] Values(Random random, int count) => Enumerable.Range(0, count).Select(_ => random.NextDouble() * 2 - 1).ToArray();

    /// <summary>A copy of <paramref name="values"/> starting <paramref name="offset"/> elements into a new array.</summary>
    private static double[] Placed(double[] values, int offset)
    {
        var placed = new double[values.Length + offset];
        values.CopyTo(placed, offset);
        return placed;
    }
}
