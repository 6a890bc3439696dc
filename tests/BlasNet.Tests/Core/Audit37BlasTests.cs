using System.Numerics;

namespace BlasNet.Tests.Core;

/// <summary>
/// Defects found by the adversarial audit of the BLAS routines added last (rotations, symmetric/band/packed level 2, Symm,
/// Syr2k, Trmm). Rotmg's refusals for d2 &lt; 0: a NaN d1 or x1 was refused with a message claiming that d2·y1² outweighed
/// d1·x1² = NaN (the contract, NaN-and-infinity.md, is NaN propagation; nothing outweighs a NaN), and the rounding refusal
/// (d1·x1² larger, 1 − h12·h21 rounding to 0) claimed the opposite of what held. The inputs of the rounding cases were found
/// by a search in IEEE double and single arithmetic (Python, each operation rounded as Rotmg performs it).
/// The ±∞ cases below found nothing wrong on any provider; they pin down what the audit checked, as MKL 2020.4's symv once
/// turned such an ∞ into NaN (a zero inside its kernel meeting it): an ∞ in x (or B) that meets only nonzero elements
/// must reach its results as ±∞, never NaN, whatever kernel the provider runs.
/// </summary>
public class Audit37BlasTests
{
    [Fact]
    public void Rotmg_NaND1OrX1_WithNegativeD2_PropagatesNaN_AsWithPositiveD2()
    {
        foreach (var (d1, x1) in new[] { (1.0, double.NaN), (double.NaN, 1.0), (double.NaN, double.NaN) })
        {
            // The d2 ≥ 0 counterpart propagates NaN into the weights and X1 (reference BLAS does too); d2 < 0 must as well.
            var positive = Blas.Rotmg(d1, 1.0, x1, 1.0);
            Assert.True(double.IsNaN(positive.D1) && double.IsNaN(positive.D2) && double.IsNaN(positive.X1));
            var m = Blas.Rotmg(d1, -1.0, x1, 1.0);
            Assert.True(double.IsNaN(m.D1), $"d1 = {d1}, x1 = {x1}: D1 = {m.D1}");
            Assert.True(double.IsNaN(m.D2), $"d1 = {d1}, x1 = {x1}: D2 = {m.D2}");
            Assert.True(double.IsNaN(m.X1), $"d1 = {d1}, x1 = {x1}: X1 = {m.X1}");
            Assert.True(double.IsNaN(m.H11), $"d1 = {d1}, x1 = {x1}: H11 = {m.H11}");

            var f = Blas.Rotmg((float)d1, -2f, (float)x1, 0.5f);
            Assert.True(float.IsNaN(f.D1) && float.IsNaN(f.D2) && float.IsNaN(f.X1), $"float d1 = {d1}, x1 = {x1}");
            var g = Blas.Rotmg<double>(d1, -1.0, x1, 3.0);
            Assert.True(double.IsNaN(g.D1) && double.IsNaN(g.X1));
        }
    }

    [Fact]
    public void Rotmg_NegativeD2_StillRefusedWhereItOutweighs()
    {
        // The NaN change leaves the refusal itself alone: d2·y1² = −4 outweighs d1·x1² = 1.
        var e = Assert.Throws<ArgumentException>(() => Blas.Rotmg(1.0, -1.0, 1.0, 2.0));
        Assert.Equal("d2", e.ParamName);
        Assert.Contains("outweighing d1·x1² = 1", e.Message);
        Assert.Throws<ArgumentException>(() => Blas.Rotmg(1.0, double.NegativeInfinity, 1.0, 1.0));
    }

    [Fact]
    public void Rotmg_RoundingRefusal_SaysTheProductsCancel_NotThatD2Outweighs()
    {
        // d1·x1² = 0.49216730388437 > |d2·y1²| = 0.49216730388436997, yet 1 − h12·h21 rounds to 0 (reference BLAS: H = 0).
        const double d2 = -0.15689235250627268, x1 = 0.7015463661686019, y1 = 1.771150605405849;
        Assert.True(Math.Abs(1.0 * x1 * x1) > Math.Abs(d2 * y1 * y1)); // the premise, in the order Rotmg multiplies
        var e = Assert.Throws<ArgumentException>(() => Blas.Rotmg(1.0, d2, x1, y1));
        Assert.Equal("d2", e.ParamName);
        Assert.Contains("cancelling d1·x1²", e.Message);
        Assert.DoesNotContain("outweighing", e.Message);
        Assert.Contains("0.49216730388437", e.Message); // d1·x1², in the invariant culture

        const float fd2 = -1.012852430343628f, fx1 = 1.9340513944625854f, fy1 = 1.921741247177124f;
        Assert.True(MathF.Abs(1f * fx1 * fx1) > MathF.Abs(fd2 * fy1 * fy1));
        var ef = Assert.Throws<ArgumentException>(() => Blas.Rotmg(1f, fd2, fx1, fy1));
        Assert.Equal("d2", ef.ParamName);
        Assert.Contains("cancelling d1·x1²", ef.Message);
        Assert.DoesNotContain("outweighing", ef.Message);
    }

    public static TheoryData<int, int, bool> InfinityCases()
    {
        var data = new TheoryData<int, int, bool>();
        foreach (int n in new[] { 3, 8, 17, 33 })
            foreach (int pos in new[] { 0, n / 2, n - 1 })
                foreach (bool negative in new[] { false, true })
                    data.Add(n, pos, negative);
        return data;
    }

    [Theory, MemberData(nameof(InfinityCases))]
    public void Level2_InfinityInX_MeetingOnlyOnes_IsInfinityNotNaN_Double(int n, int pos, bool negative) => Level2Infinity<double>(n, pos, negative);

    [Theory, MemberData(nameof(InfinityCases))]
    public void Level2_InfinityInX_MeetingOnlyOnes_IsInfinityNotNaN_Float(int n, int pos, bool negative) => Level2Infinity<float>(n, pos, negative);

    /// <summary>
    /// A = ones in every stored slot (a full band, k = n − 1, so the band forms hold the whole matrix), x = ones but xₚ = ±∞:
    /// by the definition every product with xₚ is ±∞ and the rest are finite, so each output that xₚ reaches is exactly ±∞
    /// and the others are row sums of ones (the triangular products).
    /// </summary>
    private static void Level2Infinity<T>(int n, int pos, bool negative) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T inf = negative ? T.NegativeInfinity : T.PositiveInfinity;
        int k = n - 1;
        T[] Ones(int length) => Enumerable.Repeat(T.One, length).ToArray();
        var x = Ones(n);
        x[pos] = inf;
        var band = Ones(n * (k + 1));          // symmetric/triangular band, lda = k + 1, either triangle
        var general = Ones(n * (2 * k + 1));   // gbmv, kl = ku = k, lda = 2k + 1
        var packed = Ones(n * (n + 1) / 2);
        var dense = Ones(n * n);
        foreach (var uplo in new[] { Triangle.Upper, Triangle.Lower })
        {
            string at = $"n = {n}, x[{pos}] = {inf}, {uplo}";
            var y = new T[n];
            Blas.Sbmv(uplo, n, k, T.One, band, k + 1, x, 1, T.Zero, y, 1);
            Assert.All(y, v => Assert.Equal(inf, v));
            y = new T[n];
            Blas.Spmv(uplo, n, T.One, packed, x, 1, T.Zero, y, 1);
            Assert.All(y, v => Assert.Equal(inf, v));
            foreach (var trans in new[] { Transpose.None, Transpose.Transposed })
            {
                // Row i of op(A)'s triangle holds columns i..n−1 (op upper) or 0..i (op lower).
                bool opUpper = (uplo == Triangle.Upper) != (trans == Transpose.Transposed);
                var expected = Enumerable.Range(0, n).Select(i => (opUpper ? pos >= i : pos <= i) ? inf : T.CreateTruncating(opUpper ? n - i : i + 1)).ToArray();
                var xb = (T[])x.Clone();
                Blas.Tbmv(uplo, trans, Diagonal.NonUnit, n, k, band, k + 1, xb, 1);
                Assert.True(expected.SequenceEqual(xb), $"tbmv {at} {trans}: [{string.Join(", ", xb)}]");
                var xp = (T[])x.Clone();
                Blas.Tpmv(uplo, trans, Diagonal.NonUnit, n, packed, xp, 1);
                Assert.True(expected.SequenceEqual(xp), $"tpmv {at} {trans}: [{string.Join(", ", xp)}]");
                var xd = (T[])x.Clone();
                Blas.Trmv(uplo, trans, Diagonal.NonUnit, n, dense, n, xd, 1);
                Assert.True(expected.SequenceEqual(xd), $"trmv {at} {trans}: [{string.Join(", ", xd)}]");
            }
        }
        foreach (var trans in new[] { Transpose.None, Transpose.Transposed })
        {
            var y = new T[n];
            Blas.Gbmv(trans, n, n, k, k, T.One, general, 2 * k + 1, x, 1, T.Zero, y, 1);
            Assert.All(y, v => Assert.Equal(inf, v));
        }
    }

    [Theory]
    [InlineData(3, 4)]
    [InlineData(9, 7)]
    [InlineData(33, 20)]
    [InlineData(70, 65)]
    public void Symm_InfinityInB_MeetingOnlyOnes_IsInfinityNotNaN(int m, int n)
    {
        foreach (var side in new[] { Side.Left, Side.Right })
            foreach (var uplo in new[] { Triangle.Upper, Triangle.Lower })
            {
                int order = side == Side.Left ? m : n;
                var a = Enumerable.Repeat(1.0, order * order).ToArray();
                var b = Enumerable.Range(0, m * n).Select(i => i % 2 == 0 ? 1.0 : 2.0).ToArray();
                int pi = m / 2, pj = n / 3;
                b[pi * n + pj] = double.PositiveInfinity;
                // AB: column pj is ∞, the rest column sums of B; BA: row pi is ∞, the rest row sums.
                var expected = new double[m * n];
                for (int i = 0; i < m; i++)
                    for (int j = 0; j < n; j++)
                        expected[i * n + j] = side == Side.Left
                            ? (j == pj ? double.PositiveInfinity : Enumerable.Range(0, m).Sum(p => b[p * n + j]))
                            : (i == pi ? double.PositiveInfinity : Enumerable.Range(0, n).Sum(p => b[i * n + p]));
                var c = Enumerable.Repeat(double.NaN, m * n).ToArray(); // β = 0: not read
                Blas.Symm(side, uplo, m, n, 1.0, a, order, b, n, 0.0, c, n);
                Assert.True(expected.SequenceEqual(c), $"dsymm {side} {uplo} m = {m}, n = {n}");
                var cf = Enumerable.Repeat(float.NaN, m * n).ToArray();
                Blas.Symm(side, uplo, m, n, 1f, a.Select(v => (float)v).ToArray(), order, b.Select(v => (float)v).ToArray(), n, 0f, cf, n);
                Assert.True(expected.Select(v => (float)v).SequenceEqual(cf), $"ssymm {side} {uplo} m = {m}, n = {n}");
            }
    }

    [Theory]
    [InlineData(3, 2)]
    [InlineData(9, 5)]
    [InlineData(33, 17)]
    [InlineData(70, 40)]
    public void Syr2k_InfinityInB_MeetingOnlyOnes_IsInfinityNotNaN(int n, int k)
    {
        foreach (var uplo in new[] { Triangle.Upper, Triangle.Lower })
            foreach (var trans in new[] { Transpose.None, Transpose.Transposed })
            {
                bool t = trans == Transpose.Transposed;
                var a = Enumerable.Repeat(1.0, n * k).ToArray();
                var b = Enumerable.Repeat(1.0, n * k).ToArray();
                int p = n / 2, q = k / 2;
                b[t ? q * n + p : p * k + q] = double.PositiveInfinity;
                int ld = t ? n : k;
                // cᵢⱼ = Σₗ aᵢₗbⱼₗ + bᵢₗaⱼₗ: ∞ in row p and column p of the triangle, 2k elsewhere; the other triangle untouched.
                var expected = new double[n * n];
                for (int i = 0; i < n; i++)
                    for (int j = 0; j < n; j++)
                        expected[i * n + j] = !(uplo == Triangle.Upper ? j >= i : j <= i) ? double.NaN
                            : i == p || j == p ? double.PositiveInfinity : 2.0 * k;
                var c = Enumerable.Repeat(double.NaN, n * n).ToArray();
                Blas.Syr2k(uplo, trans, n, k, 1.0, a, ld, b, ld, 0.0, c, n);
                Assert.True(expected.SequenceEqual(c), $"dsyr2k {uplo} {trans} n = {n}, k = {k}");
                var cf = Enumerable.Repeat(float.NaN, n * n).ToArray();
                Blas.Syr2k(uplo, trans, n, k, 1f, a.Select(v => (float)v).ToArray(), ld, b.Select(v => (float)v).ToArray(), ld, 0f, cf, n);
                Assert.True(expected.Select(v => (float)v).SequenceEqual(cf), $"ssyr2k {uplo} {trans} n = {n}, k = {k}");
            }
    }

    [Fact]
    public void Syr2_StridedZeroMeetingNaN_GivesNaN_TheOpenBlasCase()
    {
        // OpenBLAS 0.3.21's dsyr2 with increments of 2 left a₁₀ and a₂₀ unchanged (0·NaN dropped); the library trusted it.
        double[] x = [0, 7, 0, 7, 0], y = [double.NaN, 7, -1, 7, 2];
        double[] a = [0, 1, 2, 0, 1, -1, 0, 1, 0];
        Blas.Syr2(Triangle.Lower, 3, 1.5, x, 2, y, 2, a, 3);
        // aᵢⱼ + 1.5·(xᵢyⱼ) + 1.5·(yᵢxⱼ) on the lower triangle, x = 0: NaN in column 0 (y₀ = NaN meets x's zeros), the rest unchanged.
        double[] expected = [double.NaN, 1, 2, double.NaN, 1, -1, double.NaN, 1, 0];
        Assert.True(expected.SequenceEqual(a), $"[{string.Join(", ", a)}]");
        float[] af = [0, 1, 2, 0, 1, -1, 0, 1, 0];
        Blas.Syr2(Triangle.Lower, 3, 1.5f, [0f, 7, 0, 7, 0], 2, [float.NaN, 7, -1, 7, 2], 2, af, 3);
        Assert.True(expected.Select(v => (float)v).SequenceEqual(af), $"[{string.Join(", ", af)}]");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void SymmetricRankUpdates_ZeroMeetingNonFinite_FollowTheDefinition_RandomSweep(int seed) =>
        RankUpdateSweep(seed, 100);

    /// <summary>
    /// Syr, Syr2, Spr and Spr2 against aᵢⱼ + α·(xᵢxⱼ), resp. aᵢⱼ + α·(xᵢyⱼ) + α·(yᵢxⱼ), on the triangle, with small integers
    /// (exact in float and double) and one NaN or ±∞ planted in x or y among zeros, increments 1 or 2, lda ≥ n: the audit's
    /// sweep that found OpenBLAS's syr2 dropping 0·NaN (before the fix 186 of 300 such cases failed there, every other
    /// provider and routine passed).
    /// </summary>
    private static void RankUpdateSweep(int seed, int trials)
    {
        var rng = new Random(seed);
        for (int trial = 0; trial < trials; trial++)
        {
            int n = new[] { 3, 8, 17, 33, 64, 101 }[rng.Next(6)];
            var uplo = rng.Next(2) == 0 ? Triangle.Upper : Triangle.Lower;
            bool upper = uplo == Triangle.Upper;
            int incX = rng.Next(1, 3), incY = rng.Next(1, 3), lda = n + rng.Next(0, 2);
            var x = Enumerable.Repeat(7.0, 1 + (n - 1) * incX).ToArray();
            var y = Enumerable.Repeat(7.0, 1 + (n - 1) * incY).ToArray();
            for (int i = 0; i < n; i++)
            {
                x[i * incX] = rng.Next(3) == 0 ? 0 : rng.Next(-2, 3);
                y[i * incY] = rng.Next(3) == 0 ? 0 : rng.Next(-2, 3);
            }
            double planted = new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity }[rng.Next(3)];
            if (rng.Next(2) == 0) x[rng.Next(n) * incX] = planted; else y[rng.Next(n) * incY] = planted;
            var a = Enumerable.Range(0, (n - 1) * lda + n).Select(_ => (double)rng.Next(-2, 3)).ToArray();
            const double alpha = 1.5;
            double[] syr = (double[])a.Clone(), syr2 = (double[])a.Clone();
            for (int i = 0; i < n; i++)
                for (int j = upper ? i : 0; j <= (upper ? n - 1 : i); j++)
                {
                    syr[i * lda + j] = a[i * lda + j] + alpha * (x[i * incX] * x[j * incX]);
                    syr2[i * lda + j] = a[i * lda + j] + alpha * (x[i * incX] * y[j * incY]) + alpha * (y[i * incY] * x[j * incX]);
                }
            string at = $"seed {seed}, trial {trial}: n = {n}, {uplo}, incX = {incX}, incY = {incY}, lda = {lda}, planted {planted}";
            float[] F(double[] v) => v.Select(e => (float)e).ToArray();
            void Same(double[] expected, double[] got, string what)
            {
                int bad = -1;
                for (int p = 0; p < expected.Length && bad < 0; p++)
                    if (!expected[p].Equals(got[p])) bad = p;
                Assert.True(bad < 0, $"{what} {at}: element {bad} is {(bad < 0 ? 0 : got[bad])}, the definition gives {(bad < 0 ? 0 : expected[bad])}");
            }
            double[] Packed(double[] m) => Enumerable.Range(0, n).SelectMany(i => Enumerable.Range(upper ? i : 0, upper ? n - i : i + 1).Select(j => m[i * lda + j])).ToArray();

            var g = (double[])a.Clone(); Blas.Syr(uplo, n, alpha, x, incX, g, lda); Same(syr, g, "dsyr");
            var gf = F(a); Blas.Syr(uplo, n, (float)alpha, F(x), incX, gf, lda); Same(syr, gf.Select(v => (double)v).ToArray(), "ssyr");
            g = (double[])a.Clone(); Blas.Syr2(uplo, n, alpha, x, incX, y, incY, g, lda); Same(syr2, g, "dsyr2");
            gf = F(a); Blas.Syr2(uplo, n, (float)alpha, F(x), incX, F(y), incY, gf, lda); Same(syr2, gf.Select(v => (double)v).ToArray(), "ssyr2");
            var p = Packed(a); Blas.Spr(uplo, n, alpha, x, incX, p); Same(Packed(syr), p, "dspr");
            p = Packed(a); Blas.Spr2(uplo, n, alpha, x, incX, y, incY, p); Same(Packed(syr2), p, "dspr2");
            var pf = F(Packed(a)); Blas.Spr2(uplo, n, (float)alpha, F(x), incX, F(y), incY, pf); Same(Packed(syr2), pf.Select(v => (double)v).ToArray(), "sspr2");
        }
    }
}
