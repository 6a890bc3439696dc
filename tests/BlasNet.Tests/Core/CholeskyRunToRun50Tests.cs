namespace BlasNet.Tests.Core;

/// <summary>
/// <see cref="Lapack.Cholesky"/> and its <see cref="CholeskyFactor.Solve"/> give the same bits call after call on every provider
/// (session claims50). Their factor and right-hand side were ordinary arrays: on an AMD EPYC (Zen 4) MKL 2020.4 without
/// <c>MKL_CBWR=COMPATIBLE</c> rounds dpotrs (and dpotrf for some orders) by where the factor and B lie
/// (bench/probes/offset-rounding.py), and 20 equal calls of <c>Cholesky(AᵀA).Solve(b)</c> with other allocations between gave two
/// different solutions for n = 24 (bench/probes/run-to-run, mode lapack). The factor and the solve's copy of b now start on
/// 64-byte boundaries, as <see cref="Lapack.QrPivoted"/>'s do, so the bits are compared on MKL without the setting too.
/// </summary>
public class CholeskyRunToRun50Tests
{
    [Theory]
    [InlineData(37, 7)]
    [InlineData(131, 24)]
    [InlineData(150, 100)]
    public void SameMatrix_SameBits_AfterOtherAllocations(int m, int n)
    {
        // AᵀA of a graded A (columns 10⁻² … 10²), as the run-to-run probe builds it.
        var random = new Random(44 + m);
        var g = new double[m, n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) g[i, j] = (random.NextDouble() * 2 - 1) * Math.Pow(10, j % 5 - 2);
        var a = new Matrix<double>(n, n);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int k = 0; k < m; k++) s += g[k, i] * g[k, j];
                a[i, j] = s;
            }
        double[] b = Enumerable.Range(0, n).Select(_ => random.NextDouble()).ToArray();
        string Bits(IEnumerable<double> values) => string.Join(",", values.Select(v => BitConverter.DoubleToInt64Bits(v)));
        string FactorBits(CholeskyFactor f) { var l = f.L; return Bits(Enumerable.Range(0, n * n).Select(p => l[p / n, p % n])); }

        var first = Lapack.Cholesky(a);
        double[] firstX = first.Solve(b);
        string firstL = FactorBits(first);
        // Against the definition: a backward-stable solve leaves A x − b within a small multiple of n·ε·(|A||x| + |b|).
        for (int i = 0; i < n; i++)
        {
            double r = -b[i], scale = Math.Abs(b[i]);
            for (int k = 0; k < n; k++) { r += a[i, k] * firstX[k]; scale += Math.Abs(a[i, k] * firstX[k]); }
            Assert.True(Math.Abs(r) <= 1e-12 * scale, $"(Ax − b)[{i}] = {r:R} against |A||x| + |b| = {scale:R}");
        }
        var junk = new List<byte[]>();
        for (int run = 1; run <= 16; run++)
        {
            // Junk of growing size between the calls (and now and then a compacting collection): the next call's arrays start
            // at another offset within a 64-byte line, as after any other work the program did.
            junk.Add(new byte[8 * run]);
            if (run % 4 == 0) GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            var factor = Lapack.Cholesky(a);
            Assert.Equal(Bits(firstX), Bits(factor.Solve(b)));
            Assert.Equal(firstL, FactorBits(factor));
        }
        GC.KeepAlive(junk);
    }
}
