namespace BlasNet.Tests.Core;

/// <summary>
/// Audit lapack47: <see cref="Lapack.Ormqr"/> with one column on the left (PivotedQr's ApplyQ and Solve) runs in managed vector
/// code on every provider instead of the provider's dormqr (blocked there: 197 µs against 4.4 µs at 200×100 on OpenBLAS,
/// bench/RESULTS.md). Its results must be the old ones to rounding: against the reflectors applied one by one in plain loops
/// here, and against the provider's own path for more than one column (dormqr on OpenBLAS, MKL and BLIS; the managed loop on
/// the managed provider), which the change does not touch. The reflectors, τ and C's padding stay untouched, and equal calls
/// give equal bits wherever the operands lie.
/// </summary>
public class OrmqrOneColumn47Tests
{
    private const double Eps = 1.1102230246251565e-16; // 2⁻⁵³

    public static TheoryData<int, int, int, int, bool> Shapes => new()
    {
        // m, k, lda − m, ldc − m, a zero column (τ = 0 for it)
        { 1, 1, 0, 0, false }, { 2, 1, 1, 0, false }, { 5, 5, 0, 3, false }, { 7, 3, 2, 1, false }, { 9, 4, 0, 0, true },
        { 33, 20, 0, 2, false }, { 64, 64, 1, 0, false }, { 50, 7, 0, 0, true }, { 200, 100, 3, 5, false }, { 301, 150, 0, 1, false },
    };

    /// <summary>Reflectors of an m×k QR in a column-major array with leading dimension lda, its padding rows NaN.</summary>
    private static (double[] A, double[] Tau) Reflectors(int m, int k, int lda, bool zeroColumn, Random rng)
    {
        var a = new double[(k - 1) * lda + m + (lda - m)];
        Array.Fill(a, double.NaN);
        for (int j = 0; j < k; j++)
            for (int i = 0; i < m; i++) a[j * lda + i] = zeroColumn && j == k / 2 ? 0 : rng.NextDouble() - 0.5;
        var tau = new double[k];
        Assert.Equal(0, Lapack.Geqrf(m, k, a.AsSpan(0, (k - 1) * lda + m), lda, tau));
        if (zeroColumn) Assert.Equal(0.0, tau[k / 2]); // a zero column stays zero: nothing to reflect, H = I
        return (a, tau);
    }

    /// <summary>op(Q)·c with Q = H₀…H₍k−1₎, each Hᵢ = I − τᵢvᵢvᵢᵀ applied in plain scalar loops, from the stored reflectors.</summary>
    private static double[] PlainHouseholder(Transpose trans, int m, int k, double[] a, int lda, double[] tau, double[] c)
    {
        var x = (double[])c.Clone();
        for (int s = 0; s < k; s++)
        {
            int i = trans == Transpose.None ? k - 1 - s : s;
            double w = x[i];
            for (int r = i + 1; r < m; r++) w += a[i * lda + r] * x[r];
            w *= tau[i];
            x[i] -= w;
            for (int r = i + 1; r < m; r++) x[r] -= w * a[i * lda + r];
        }
        return x;
    }

    private static double Norm(double[] x) => Math.Sqrt(x.Sum(v => v * v));

    [Theory, MemberData(nameof(Shapes))]
    public void OneColumn_MatchesPlainReflectorsAndTheProvidersManyColumnPath(int m, int k, int ldaPad, int ldcPad, bool zeroColumn)
    {
        var rng = new Random(47 + m * 13 + k);
        int lda = m + ldaPad, ldc = m + ldcPad;
        var (a, tau) = Reflectors(m, k, lda, zeroColumn, rng);
        var b = Enumerable.Range(0, m).Select(_ => rng.NextDouble() - 0.5).ToArray();
        foreach (var trans in new[] { Transpose.Transposed, Transpose.None })
        {
            string what = $"Ormqr left {trans} one column, m = {m}, k = {k} on {BlasProvider.Current.Name}";
            var a0 = (double[])a.Clone();
            var tau0 = (double[])tau.Clone();
            var c = new double[ldc];
            Array.Fill(c, double.NaN);
            b.CopyTo(c, 0);
            Assert.Equal(0, Lapack.Ormqr(Side.Left, trans, m, 1, k, a, lda, tau, c, ldc));
            Assert.True(a0.AsSpan().SequenceEqual(a) || a0.Zip(a).All(p => p.First.Equals(p.Second)), $"{what}: the reflectors were written");
            Assert.True(tau0.AsSpan().SequenceEqual(tau), $"{what}: τ was written");
            for (int i = m; i < ldc; i++) Assert.True(double.IsNaN(c[i]), $"{what}: C's padding row {i} was written");

            // The provider's own path, untouched by the change: two columns, each b.
            var two = new double[2 * ldc];
            Array.Fill(two, double.NaN);
            b.CopyTo(two, 0); b.CopyTo(two, ldc);
            Assert.Equal(0, Lapack.Ormqr(Side.Left, trans, m, 2, k, a, lda, tau, two, ldc));

            var plain = PlainHouseholder(trans, m, k, a, lda, tau, b);
            // Rounding of k reflectors applied to one vector: each adds about (2 + √m)·ε·‖c‖; 4·k·√m·ε·‖b‖ allows for it.
            double bound = 4 * k * Math.Sqrt(m) * Eps * Norm(b);
            double worstPlain = 0, worstProvider = 0;
            for (int i = 0; i < m; i++)
            {
                worstPlain = Math.Max(worstPlain, Math.Abs(c[i] - plain[i]));
                worstProvider = Math.Max(worstProvider, Math.Max(Math.Abs(c[i] - two[i]), Math.Abs(c[i] - two[ldc + i])));
            }
            Assert.True(worstPlain <= bound, $"{what}: max |x − plain| = {worstPlain:g3} > {bound:g3} ({worstPlain / (Eps * Norm(b)):F1} ε‖b‖)");
            Assert.True(worstProvider <= bound, $"{what}: max |x − provider's two-column x| = {worstProvider:g3} > {bound:g3} ({worstProvider / (Eps * Norm(b)):F1} ε‖b‖)");
            // Q is orthogonal: the norm is kept to rounding.
            Assert.True(Math.Abs(Norm(c[..m]) - Norm(b)) <= bound, $"{what}: ‖op(Q)b‖ = {Norm(c[..m]):R}, ‖b‖ = {Norm(b):R}");
        }
    }

    [Fact]
    public void OneColumn_SameBitsWhereverTheOperandsLie()
    {
        const int m = 131, k = 67;
        var rng = new Random(4747);
        var (a, tau) = Reflectors(m, k, m, zeroColumn: false, rng);
        var b = Enumerable.Range(0, m).Select(_ => rng.NextDouble() - 0.5).ToArray();
        foreach (var trans in new[] { Transpose.Transposed, Transpose.None })
        {
            long[]? first = null;
            for (int offsetA = 0; offsetA < 8; offsetA++)
                for (int offsetC = 0; offsetC < 8; offsetC += 3)
                {
                    var ab = new double[a.Length + 8];
                    a.CopyTo(ab, offsetA);
                    var cb = new double[m + 8];
                    b.CopyTo(cb, offsetC);
                    Assert.Equal(0, Lapack.Ormqr(Side.Left, trans, m, 1, k, ab.AsSpan(offsetA, a.Length), m, tau, cb.AsSpan(offsetC, m), m));
                    var bits = cb.Skip(offsetC).Take(m).Select(BitConverter.DoubleToInt64Bits).ToArray();
                    first ??= bits;
                    Assert.True(first.SequenceEqual(bits), $"{trans}: A at element offset {offsetA}, C at {offsetC} gave other bits than offsets 0, 0 on {BlasProvider.Current.Name}");
                }
        }
    }

    [Fact]
    public void PivotedQr_ApplyQAndSolve_OnTheOneColumnPath()
    {
        const int m = 200, n = 100;
        var rng = new Random(470);
        var a = new Matrix<double>(m, n);
        for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) a[i, j] = rng.NextDouble() - 0.5;
        var b = Enumerable.Range(0, m).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var qr = Lapack.QrPivoted(a);
        var back = qr.ApplyQ(qr.ApplyQTranspose(b));
        double bn = Norm(b);
        for (int i = 0; i < m; i++) Assert.True(Math.Abs(back[i] - b[i]) <= 8 * n * Math.Sqrt(m) * Eps * bn, $"Q·Qᵀb − b at {i}: {back[i] - b[i]:g3}");
        // Least squares: the residual is orthogonal to A's columns, ‖Aᵀ(Ax − b)‖∞ ≤ 10·m·n·ε·‖A‖_F·(‖r‖ + ‖A‖_F‖x‖ + ‖b‖).
        var x = qr.Solve(b);
        var r = new double[m];
        double af = 0;
        for (int i = 0; i < m; i++)
        {
            r[i] = -b[i];
            for (int j = 0; j < n; j++) { r[i] += a[i, j] * x[j]; af += a[i, j] * a[i, j]; }
        }
        af = Math.Sqrt(af);
        double worst = 0;
        for (int j = 0; j < n; j++) { double s = 0; for (int i = 0; i < m; i++) s += a[i, j] * r[i]; worst = Math.Max(worst, Math.Abs(s)); }
        Assert.True(worst <= 10.0 * m * n * Eps * af * (Norm(r) + af * Norm(x) + bn), $"‖Aᵀr‖∞ = {worst:g3} on {BlasProvider.Current.Name}");
    }
}
