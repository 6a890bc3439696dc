namespace BlasNet.Tests.Core;

/// <summary>
/// <see cref="Lapack.SolveTriangular"/> gives the same bits call after call on every provider (audit lapack51). Its copies of
/// A and B were ordinary arrays: MKL 2020.4 without <c>MKL_CBWR=COMPATIBLE</c> rounds dtrtrs by where the triangle or B lies
/// (30 of 48 calls, bench/probes/trtrs-offset-rounding.py), and 20 equal calls with other allocations between gave two different
/// answers for n = 7 and 24 (bench/probes/run-to-run, mode lapack). Both copies now start on 64-byte boundaries, as
/// <see cref="Lapack.Cholesky"/>'s factor does, so the bits are compared on MKL without the setting too.
/// </summary>
public class SolveTriangularRunToRun51Tests
{
    [Theory]
    [InlineData(7, 3, Triangle.Lower, Transpose.Transposed)]
    [InlineData(24, 3, Triangle.Upper, Transpose.Transposed)]
    [InlineData(24, 1, Triangle.Lower, Transpose.None)]
    [InlineData(100, 3, Triangle.Upper, Transpose.None)]
    [InlineData(150, 24, Triangle.Lower, Transpose.Transposed)]
    public void SameOperands_SameBits_AfterOtherAllocations(int n, int nrhs, Triangle uplo, Transpose trans)
    {
        var random = new Random(51 + n);
        var a = new Matrix<double>(n, n);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                a[i, j] = i == j ? 2 + random.NextDouble() : (uplo == Triangle.Lower ? j < i : j > i) ? random.NextDouble() * 2 - 1 : 0;
        var b = new Matrix<double>(n, nrhs);
        for (int i = 0; i < n; i++) for (int j = 0; j < nrhs; j++) b[i, j] = random.NextDouble() * 2 - 1;
        string Bits(Matrix<double> x) => string.Join(",", x.AsSpan().ToArray().Select(v => BitConverter.DoubleToInt64Bits(v)));

        var first = Lapack.SolveTriangular(uplo, a, b, trans);
        // Against the definition: substitution's componentwise backward error, |op(A)x − b| ≤ 4(n + 2)ε(|op(A)||x| + |b|).
        for (int c = 0; c < nrhs; c++)
            for (int i = 0; i < n; i++)
            {
                double r = -b[i, c], scale = Math.Abs(b[i, c]);
                for (int k = 0; k < n; k++)
                {
                    double t = (trans == Transpose.None ? a[i, k] : a[k, i]) * first[k, c];
                    r += t; scale += Math.Abs(t);
                }
                Assert.True(Math.Abs(r) <= 4 * (n + 2) * 1.1102230246251565e-16 * scale, $"(op(A)x − b)[{i},{c}] = {r:R} against {scale:R}");
            }
        string firstBits = Bits(first);
        var junk = new List<byte[]>();
        for (int run = 1; run <= 16; run++)
        {
            // Junk of growing size between the calls (and now and then a compacting collection): the next call's arrays start
            // at another offset within a 64-byte line, as after any other work the program did.
            junk.Add(new byte[8 * run]);
            if (run % 4 == 0) GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            Assert.Equal(firstBits, Bits(Lapack.SolveTriangular(uplo, a, b, trans)));
        }
        GC.KeepAlive(junk);
    }
}
