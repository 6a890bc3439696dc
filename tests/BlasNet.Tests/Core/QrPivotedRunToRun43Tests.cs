namespace BlasNet.Tests.Core;

/// <summary>
/// <see cref="Lapack.QrPivoted"/> and its <see cref="PivotedQr.Solve"/> and <see cref="PivotedQr.ApplyQTranspose"/> give the same
/// bits call after call (session repro43). Their packed factor and right-hand sides were ordinary arrays, and LAPACK's dormqr ran
/// on a copy rented from a pool: on OpenBLAS's Prescott kernels (and BLIS, whose LAPACK is OpenBLAS's on Debian) 20 equal calls
/// with other allocations between gave three or four different solutions. The factor, τ, the right-hand sides and dormqr's copy
/// now start on 64-byte boundaries. Compared bit for bit except on MKL without <c>MKL_CBWR=COMPATIBLE</c> (to rounding there).
/// </summary>
public class QrPivotedRunToRun43Tests
{
    [Theory]
    [InlineData(37, 7)]
    [InlineData(154, 3)]
    [InlineData(131, 24)]
    public void SameMatrix_SameBits_AfterOtherAllocations(int m, int n)
    {
        var random = new Random(44 + m);
        var a = new Matrix<double>(m, n);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) a[i, j] = (random.NextDouble() * 2 - 1) * Math.Pow(10, j % 5 - 2);
        double[] b = Enumerable.Range(0, m).Select(_ => random.NextDouble()).ToArray();
        string Bits(double[] values) => string.Join(",", values.Select(v => BitConverter.DoubleToInt64Bits(v)));
        var firstQr = Lapack.QrPivoted(a);
        double[] firstX = firstQr.Solve(b), firstQtb = firstQr.ApplyQTranspose(b);
        // Against the definition: the normal equations' residual AᵀAx − Aᵀb is ~0 (cond(A) ≤ 1e4 here).
        for (int j = 0; j < n; j++)
        {
            double g = 0, scale = 0;
            for (int i = 0; i < m; i++)
            {
                double ri = -b[i];
                for (int k = 0; k < n; k++) ri += a[i, k] * firstX[k];
                g += a[i, j] * ri;
                scale += Math.Abs(a[i, j]) * (Math.Abs(b[i]) + 1);
            }
            Assert.True(Math.Abs(g) <= 1e-9 * scale, $"(Aᵀ(Ax − b))[{j}] = {g:R}");
        }
        var junk = new List<byte[]>();
        for (int run = 1; run <= 12; run++)
        {
            junk.Add(new byte[8 * run]);
            if (run % 4 == 0) GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            var qr = Lapack.QrPivoted(a);
            double[] x = qr.Solve(b), qtb = qr.ApplyQTranspose(b);
            if (!ProviderReproducibility.UnpinnedMkl())
            {
                Assert.Equal(Bits(firstX), Bits(x));
                Assert.Equal(Bits(firstQtb), Bits(qtb));
                Assert.Equal(firstQr.Permutation, qr.Permutation);
            }
            else
                for (int j = 0; j < n; j++) Assert.Equal(firstX[j], x[j], 1e-9 * (Math.Abs(firstX[j]) + 1));
        }
        GC.KeepAlive(junk);
    }
}
