using System.Globalization;
using System.Numerics;
using System.Numerics.Tensors;

namespace BlasNet.Tests.Core;

/// <summary>
/// Stop 32's audit of the zero-multiplier checks of stop 31 (<c>ZeroMultiplierRows</c>) against the definition, which NumPy
/// and SciPy's BLAS compute: 0·NaN = 0·∞ = NaN reaches every element whose sum holds it. Each test runs on the provider the
/// process uses; CI runs the suite under OpenBLAS, MKL, BLIS and the managed provider.
/// </summary>
public class Stop32CoreAuditTests
{
    public static TheoryData<double> Specials => new() { double.NaN, double.PositiveInfinity, double.NegativeInfinity };

    /// <summary>
    /// C ← α op(A) op(B) + βC with m = 1 or n = 1, a zero in the vector operand facing a NaN or ∞ of the other: BLIS 0.9 hands
    /// the product to its gemv, whose axpy kernel skips the zero. Gemm(Transposed, None, 3, 1, 3) of op(A) = ones with
    /// op(A)₂₀ = NaN and b = (0, 1, 1) gave c = (2, 2, 2) on BLIS; NumPy's A.T @ b and SciPy's dgemm give (2, 2, NaN).
    /// Every entry (span, generic, Matrix, tensor, strided batch, batch) and every transpose pair, float and double.
    /// </summary>
    [Theory]
    [MemberData(nameof(Specials))]
    public void VectorShapedGemm_ZeroFacingANonFinite_ReachesC(double special)
    {
        Check<double>(special);
        Check<float>(special);

        static void Check<T>(double special) where T : unmanaged, IFloatingPointIeee754<T>
        {
            foreach (var ta in new[] { Transpose.None, Transpose.Transposed })
            foreach (var tb in new[] { Transpose.None, Transpose.Transposed })
            foreach (int k in new[] { 1, 3 })
            foreach (var (m, n, zeroInB) in new[] { (3, 1, true), (1, 3, false), (1, 1, true), (1, 1, false) })
            {
                // op(A) m×k and op(B) k×n of ones; the zero sits in the vector (b's first element or a's), the special
                // in the last row (n = 1) or column (m = 1) of the other operand, at the zero's index p = 0.
                var opA = new double[m, k]; var opB = new double[k, n];
                for (int i = 0; i < m; i++) for (int p = 0; p < k; p++) opA[i, p] = 1;
                for (int p = 0; p < k; p++) for (int j = 0; j < n; j++) opB[p, j] = 1;
                if (zeroInB) { opB[0, 0] = 0; opA[m - 1, 0] = special; }
                else { opA[0, 0] = 0; opB[0, n - 1] = special; }
                T[] a = Stored<T>(opA, ta), b = Stored<T>(opB, tb);
                int lda = ta == Transpose.None ? k : m, ldb = tb == Transpose.None ? n : k;
                string what = $"{typeof(T).Name} {ta}/{tb} m={m} n={n} k={k} zero in {(zeroInB ? "b" : "a")}, special {special}";

                var c = Enumerable.Repeat(T.NaN, m * n).ToArray(); // β = 0: C is not read
                Blas.Gemm(ta, tb, m, n, k, T.One, a, lda, b, ldb, T.Zero, c, n);
                Expect(c, m, n, k, what + " (span)");

                c = Enumerable.Repeat(T.One, m * n).ToArray();
                Blas.Gemm(ta, tb, m, n, k, T.CreateTruncating(2), a, lda, b, ldb, T.CreateTruncating(0.5), c, n);
                for (int e = 0; e < m * n - 1; e++)
                    Assert.True(c[e] == T.CreateTruncating(2 * (k - 1) + 0.5), $"{what} α = 2, β = 0.5: c[{e}] = {c[e]}");
                Assert.True(T.IsNaN(c[m * n - 1]), $"{what} α = 2, β = 0.5: c[last] = {c[m * n - 1]}");

                // The Matrix form: transposed views are flags.
                var ma = new Matrix<T>(ta == Transpose.None ? m : k, ta == Transpose.None ? k : m, a);
                var mb = new Matrix<T>(tb == Transpose.None ? k : n, tb == Transpose.None ? n : k, b);
                var mc = new Matrix<T>(m, n);
                Blas.Gemm(T.One, ta == Transpose.None ? ma : ma.Transpose(), tb == Transpose.None ? mb : mb.Transpose(), T.Zero, mc);
                Expect(mc.ToArray(), m, n, k, what + " (Matrix)");

                // A strided batch of two copies, and the list batch.
                var a2 = a.Concat(a).ToArray(); var b2 = b.Concat(b).ToArray(); var c2 = new T[2 * m * n];
                Blas.GemmStridedBatched(ta, tb, m, n, k, T.One, a2, lda, a.Length, b2, ldb, b.Length, T.Zero, c2, n, m * n, 2);
                Expect(c2[..(m * n)], m, n, k, what + " (strided batch, 0)");
                Expect(c2[(m * n)..], m, n, k, what + " (strided batch, 1)");
                var lc = new Matrix<T>(m, n);
                Blas.GemmBatched(T.One, [ta == Transpose.None ? ma : ma.Transpose()], [tb == Transpose.None ? mb : mb.Transpose()], T.Zero, [lc]);
                Expect(lc.ToArray(), m, n, k, what + " (batch)");

                if (ta == Transpose.None && tb == Transpose.None)
                {
                    var tc = new T[m * n];
                    Blas.Gemm(T.One, new ReadOnlyTensorSpan<T>(a, [m, k]), new ReadOnlyTensorSpan<T>(b, [k, n]), T.Zero, new TensorSpan<T>(tc, [m, n]));
                    Expect(tc, m, n, k, what + " (tensor)");
                }
            }
        }

        // Every element but the last (row-major) is k − 1 (the zero's product left out of a sum of ones); the last is NaN.
        static void Expect<T>(T[] c, int m, int n, int k, string what) where T : unmanaged, IFloatingPointIeee754<T>
        {
            for (int e = 0; e < m * n - 1; e++) Assert.True(c[e] == T.CreateTruncating(k - 1), $"{what}: c[{e}] = {c[e]}, expected {k - 1}");
            Assert.True(T.IsNaN(c[m * n - 1]), $"{what}: c[{m * n - 1}] = {c[m * n - 1]}, the definition holds 0·special = NaN");
        }
    }

    /// <summary>
    /// y ← α A x + βy for an m×1 A with lda = 1, x = (0), a NaN or ∞ in A: yᵢ = aᵢ₀·0 = NaN there (NumPy A @ x, SciPy dgemv).
    /// BLIS 0.9 takes that A for column-stored and its axpy kernel skipped x₀ = 0: y = (0, 0, 0). With lda = 2 it computed NaN.
    /// </summary>
    [Theory]
    [MemberData(nameof(Specials))]
    public void GemvOfAColumn_ZeroX_NonFiniteInA_ReachesY(double special)
    {
        Check<double>(special);
        Check<float>(special);

        static void Check<T>(double special) where T : unmanaged, IFloatingPointIeee754<T>
        {
            foreach (int lda in new[] { 1, 2 })
            foreach (int m in new[] { 1, 3, 9, 33 })
            {
                var a = new T[(m - 1) * lda + 1];
                for (int i = 0; i < m; i++) a[i * lda] = T.One;
                a[(m - 1) * lda] = T.CreateTruncating(special);
                var y = Enumerable.Repeat(T.CreateTruncating(4), m).ToArray();
                Blas.Gemv(Transpose.None, m, 1, T.One, a, lda, [T.Zero], 1, T.CreateTruncating(0.5), y, 1);
                for (int i = 0; i < m - 1; i++) Assert.Equal(T.CreateTruncating(2), y[i]);
                Assert.True(T.IsNaN(y[m - 1]), $"{typeof(T).Name} m={m} lda={lda}: y[{m - 1}] = {y[m - 1]}, the definition has {special}·0 = NaN");
            }
        }
    }

    /// <summary>
    /// A ← αxyᵀ + A for an m×1 A with lda = 1, y = (0), a NaN or ∞ in x: aᵢ₀ + α·(xᵢ·0) = NaN there (NumPy, SciPy dger).
    /// BLIS 0.9 skipped the column for y₀ = 0 and left a = (0, 0, 0); stop 31's check looked only at zeros of x.
    /// </summary>
    [Theory]
    [MemberData(nameof(Specials))]
    public void GerOfAColumn_ZeroY_NonFiniteInX_ReachesA(double special)
    {
        Check<double>(special);
        Check<float>(special);

        static void Check<T>(double special) where T : unmanaged, IFloatingPointIeee754<T>
        {
            foreach (int lda in new[] { 1, 2 })
            foreach (int m in new[] { 1, 3, 9, 33 })
            {
                var a = new T[(m - 1) * lda + 1];
                for (int p = 0; p < a.Length; p++) a[p] = p % lda == 0 ? T.CreateTruncating(0.25) : T.CreateTruncating(-9);
                var x = Enumerable.Repeat(T.One, m).ToArray();
                x[m - 1] = T.CreateTruncating(special);
                Blas.Ger(m, 1, T.CreateTruncating(3), x, 1, [T.Zero], 1, a, lda);
                for (int i = 0; i < m - 1; i++) Assert.Equal(T.CreateTruncating(0.25), a[i * lda]);
                Assert.True(T.IsNaN(a[(m - 1) * lda]), $"{typeof(T).Name} m={m} lda={lda}: a[{m - 1},0] = {a[(m - 1) * lda]}, the definition has 0.25 + 3·({special}·0) = NaN");
                for (int p = 0; p < a.Length; p++) if (p % lda != 0) Assert.Equal(T.CreateTruncating(-9), a[p]); // padding
            }
        }
    }

    /// <summary>
    /// Which providers the GEMV, GEMM and TRSV zero-multiplier checks run on. They cost a pass over every row or column a zero
    /// multiplies: a transposed GEMV of a 2000×2000 A with x half zeros took 3.3 ms for 1.8 (managed), 6.4 for 3.1 (OpenBLAS),
    /// and a TRSV of a unit vector up to 8× the solve (OpenBLAS upper, b = e₀: 5.8 ms for 0.74), on providers that never
    /// skip. Now only a library that may skip (BLIS, an unidentified CBLAS) pays; <see cref="ZeroMultipliers_RandomBattery_AgreesWithTheDefinition"/>
    /// holds the others to the definition without the checks.
    /// </summary>
    [Fact]
    public void ZeroMultiplierChecks_RunOnlyWhereTheProviderMaySkip()
    {
        var info = BlasProvider.Current;
        bool expected = info.Name is not ("Managed" or "OpenBLAS" or "MKL");
        Assert.True(expected == BlasProvider.Backend.MaySkipZeroMultipliers,
            $"{info.Name}: MaySkipZeroMultipliers = {BlasProvider.Backend.MaySkipZeroMultipliers}, expected {expected}");
        Assert.True(expected == BlasProvider.Backend.FloatSumsDrift, $"{info.Name}: FloatSumsDrift = {BlasProvider.Backend.FloatSumsDrift}, expected {expected}");
    }

    /// <summary>
    /// Float Dot and Asum of 4·10⁶ × 0.1f (exact 400 000.006): BLIS 0.9's sdot and sasum add into one float running sum and
    /// gave 403 833 and 384 524.8 (1 % and 3.9 % off; NumPy's cumulative float32 sum gives the latter, its pairwise sum
    /// 399 999.9). They are now accumulated in double on every provider but OpenBLAS and MKL, whose vectorized kernels are
    /// kept for speed and drift less (MKL's sdot 394 050, 1.5 %; OpenBLAS's strided sasum 1 %: held to 2 % here).
    /// </summary>
    [Fact]
    public void FloatDotAndAsum_LongVector_DoNotDrift()
    {
        const int n = 4_000_000;
        var x = new float[n];
        Array.Fill(x, 0.1f);
        var ones = new float[n];
        Array.Fill(ones, 1f);
        double exact = n * (double)0.1f;
        bool accumulatedInDouble = BlasProvider.Backend.FloatSumsDrift || !BlasProvider.Current.IsNative;
        double tolerance = accumulatedInDouble ? 1e-7 : 2e-2;
        float dot = Blas.Dot(n, x, 1, ones, 1), asum = Blas.Asum(n, x, 1);
        float dotStrided = Blas.Dot(n / 2, x, 2, ones, 2), asumStrided = Blas.Asum(n / 2, x, 2);
        string where = BlasProvider.Current.Name;
        Assert.True(Math.Abs(dot - exact) <= tolerance * exact, string.Create(CultureInfo.InvariantCulture, $"{where}: Dot = {dot}, exact {exact}"));
        Assert.True(Math.Abs(asum - exact) <= tolerance * exact, string.Create(CultureInfo.InvariantCulture, $"{where}: Asum = {asum}, exact {exact}"));
        Assert.True(Math.Abs(dotStrided - exact / 2) <= tolerance * exact / 2, string.Create(CultureInfo.InvariantCulture, $"{where}: strided Dot = {dotStrided}, exact {exact / 2}"));
        Assert.True(Math.Abs(asumStrided - exact / 2) <= tolerance * exact / 2, string.Create(CultureInfo.InvariantCulture, $"{where}: strided Asum = {asumStrided}, exact {exact / 2}"));
        // NaN and ∞ still propagate on the managed route.
        x[17] = float.NaN;
        Assert.True(float.IsNaN(Blas.Dot(n, x, 1, ones, 1)) && float.IsNaN(Blas.Asum(n, x, 1)), $"{where}: NaN lost");
        x[17] = float.NegativeInfinity;
        Assert.Equal(float.NegativeInfinity, Blas.Dot(n, x, 1, ones, 1));
        Assert.Equal(float.PositiveInfinity, Blas.Asum(n, x, 1));
    }

    /// <summary>
    /// Random GEMV (both transposes), GER, GEMM (every transpose pair, m or n often 1) and TRSV (every triangle, transpose and
    /// diagonal) of sizes 1–65 with strides and padded leading dimensions, zeros and NaN/±∞ sprinkled in, against the
    /// definition computed here: the NaN, +∞, −∞ or finite class of every element must agree, and finite values to 1e-4.
    /// On OpenBLAS, MKL and the managed provider this runs without the zero-multiplier checks.
    /// </summary>
    [Fact]
    public void ZeroMultipliers_RandomBattery_AgreesWithTheDefinition()
    {
        var failures = new List<string>();
        Battery<double>(new Random(3201), failures);
        Battery<float>(new Random(3202), failures);
        Assert.True(failures.Count == 0, $"{failures.Count} mismatches on {BlasProvider.Current.Name}, e.g.\n{string.Join("\n", failures.Take(8))}");
    }

    private static void Battery<T>(Random rng, List<string> failures) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int[] sizes = [1, 1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 33, 65];
        double[] finite = [1, -1, 0.5, 2, -0.25, 0.75];
        double Special() => rng.Next(3) switch { 0 => double.NaN, 1 => double.PositiveInfinity, _ => double.NegativeInfinity };
        double Val(double pZero, double pSpecial)
        {
            double u = rng.NextDouble();
            return u < pZero ? 0 : u < pZero + pSpecial ? Special() : finite[rng.Next(finite.Length)];
        }
        int Size() => sizes[rng.Next(sizes.Length)];
        T[] Cast(double[] v) => v.Select(T.CreateTruncating).ToArray();
        void Compare(string what, T[] got, int[] at, double[] want)
        {
            for (int e = 0; e < want.Length; e++)
            {
                double g = double.CreateTruncating(got[at[e]]), w = want[e];
                bool same = double.IsNaN(w) ? double.IsNaN(g) : double.IsFinite(w) ? double.IsFinite(g) && Math.Abs(g - w) <= 1e-4 * (1 + Math.Abs(w)) : g == w;
                if (!same) { failures.Add(string.Create(CultureInfo.InvariantCulture, $"{typeof(T).Name} {what}: element {e} = {g}, definition {w}")); return; }
            }
        }

        for (int it = 0; it < 60; it++)
        {
            // GEMV
            int m = Size(), n = Size(), incX = 1 + rng.Next(2), incY = 1 + rng.Next(2), lda = n + rng.Next(2);
            var trans = rng.Next(2) == 0 ? Transpose.None : Transpose.Transposed;
            var a = new double[(m - 1) * lda + n];
            for (int p = 0; p < a.Length; p++) a[p] = Val(0.1, 0.02);
            int lx = trans == Transpose.None ? n : m, ly = trans == Transpose.None ? m : n;
            var x = new double[(lx - 1) * incX + 1];
            double pz = rng.NextDouble() * 0.6;
            for (int p = 0; p < lx; p++) x[p * incX] = Val(pz, 0.03);
            var y = new double[(ly - 1) * incY + 1];
            for (int p = 0; p < ly; p++) y[p * incY] = Val(0.1, 0.05);
            double alpha = rng.Next(2) == 0 ? 1 : -2, beta = rng.Next(3) == 0 ? 0 : 0.5;
            var want = new double[ly];
            for (int j = 0; j < ly; j++)
            {
                double sum = 0;
                for (int p = 0; p < lx; p++) sum += (trans == Transpose.None ? a[j * lda + p] : a[p * lda + j]) * x[p * incX];
                want[j] = beta == 0 ? alpha * sum : alpha * sum + beta * y[j * incY];
            }
            var yt = Cast(y);
            Blas.Gemv(trans, m, n, T.CreateTruncating(alpha), Cast(a), lda, Cast(x), incX, T.CreateTruncating(beta), yt, incY);
            Compare($"Gemv({trans}, {m}, {n}, lda {lda}, incX {incX}, incY {incY}, β {beta})", yt, Enumerable.Range(0, ly).Select(j => j * incY).ToArray(), want);

            // GER
            m = Size(); n = Size(); incX = 1 + rng.Next(2); incY = 1 + rng.Next(2); lda = n + rng.Next(2);
            a = new double[(m - 1) * lda + n];
            for (int p = 0; p < a.Length; p++) a[p] = Val(0.1, 0.01);
            x = new double[(m - 1) * incX + 1]; y = new double[(n - 1) * incY + 1];
            for (int p = 0; p < m; p++) x[p * incX] = Val(0.3, 0.05);
            for (int p = 0; p < n; p++) y[p * incY] = Val(0.3, 0.05);
            want = new double[m * n];
            for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) want[i * n + j] = a[i * lda + j] + alpha * (x[i * incX] * y[j * incY]);
            var at = Cast(a);
            Blas.Ger(m, n, T.CreateTruncating(alpha), Cast(x), incX, Cast(y), incY, at, lda);
            int ldaG = lda, nG = n;
            Compare($"Ger({m}, {n}, lda {lda}, incX {incX}, incY {incY})", at, Enumerable.Range(0, m * n).Select(e => e / nG * ldaG + e % nG).ToArray(), want);

            // GEMM
            m = rng.Next(3) == 0 ? 1 : Size(); n = rng.Next(3) == 0 ? 1 : Size(); int k = Size();
            var ta = rng.Next(2) == 0 ? Transpose.None : Transpose.Transposed;
            var tb = rng.Next(2) == 0 ? Transpose.None : Transpose.Transposed;
            int ar = ta == Transpose.None ? m : k, ac = ta == Transpose.None ? k : m, br = tb == Transpose.None ? k : n, bc = tb == Transpose.None ? n : k;
            bool specialInA = rng.Next(2) == 0;
            pz = rng.NextDouble() * 0.6;
            a = new double[ar * ac]; var b = new double[br * bc]; var c = new double[m * n];
            for (int p = 0; p < a.Length; p++) a[p] = Val(specialInA ? 0.05 : pz, 0);
            for (int p = 0; p < b.Length; p++) b[p] = Val(specialInA ? pz : 0.05, 0);
            for (int s = 1 + rng.Next(2); s > 0; s--) { if (specialInA) a[rng.Next(a.Length)] = Special(); else b[rng.Next(b.Length)] = Special(); }
            for (int p = 0; p < c.Length; p++) c[p] = Val(0.1, 0.05);
            want = new double[m * n];
            for (int i = 0; i < m; i++) for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int p = 0; p < k; p++) sum += (ta == Transpose.None ? a[i * ac + p] : a[p * ac + i]) * (tb == Transpose.None ? b[p * bc + j] : b[j * bc + p]);
                want[i * n + j] = beta == 0 ? alpha * sum : alpha * sum + beta * c[i * n + j];
            }
            var ct = Cast(c);
            Blas.Gemm(ta, tb, m, n, k, T.CreateTruncating(alpha), Cast(a), ac, Cast(b), bc, T.CreateTruncating(beta), ct, n);
            Compare($"Gemm({ta}, {tb}, {m}, {n}, {k}, β {beta}, special in {(specialInA ? "A" : "B")})", ct, Enumerable.Range(0, m * n).ToArray(), want);

            // TRSV: substitution, a zero coefficient skipped (no dependence), a zero component multiplied (0·NaN = NaN).
            n = Size(); lda = n + rng.Next(2); incX = 1 + rng.Next(2);
            var uplo = rng.Next(2) == 0 ? Triangle.Lower : Triangle.Upper;
            trans = rng.Next(2) == 0 ? Transpose.None : Transpose.Transposed;
            var diag = rng.Next(2) == 0 ? Diagonal.NonUnit : Diagonal.Unit;
            a = new double[(n - 1) * lda + n];
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++)
                a[i * lda + j] = i == j ? (rng.Next(2) == 0 ? 1 : -1) : rng.Next(3) == 0 ? 0 : (rng.NextDouble() - 0.5) / n;
            for (int s = rng.Next(3); s > 0; s--) a[rng.Next(n) * lda + rng.Next(n)] = Special();
            pz = rng.NextDouble() * 0.8;
            var rhs = new double[n];
            for (int i = 0; i < n; i++) rhs[i] = Val(pz, 0);
            bool lowerOp = (uplo == Triangle.Lower) != (trans == Transpose.Transposed);
            double Op(int i, int j) => trans == Transpose.None ? a[i * lda + j] : a[j * lda + i];
            want = (double[])rhs.Clone();
            for (int s = 0; s < n; s++)
            {
                int i = lowerOp ? s : n - 1 - s;
                double sum = want[i];
                for (int j = lowerOp ? 0 : i + 1; j < (lowerOp ? i : n); j++) if (Op(i, j) != 0) sum -= Op(i, j) * want[j];
                want[i] = diag == Diagonal.Unit ? sum : sum / Op(i, i);
            }
            var xt = new T[(n - 1) * incX + 1];
            for (int i = 0; i < n; i++) xt[i * incX] = T.CreateTruncating(rhs[i]);
            Blas.Trsv(uplo, trans, diag, n, Cast(a), lda, xt, incX);
            int incT = incX;
            Compare($"Trsv({uplo}, {trans}, {diag}, {n}, lda {lda}, incX {incX})", xt, Enumerable.Range(0, n).Select(i => i * incT).ToArray(), want);
        }
    }

    private static T[] Stored<T>(double[,] op, Transpose t) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int r = op.GetLength(0), c = op.GetLength(1);
        var s = new T[r * c];
        for (int i = 0; i < r; i++)
            for (int j = 0; j < c; j++)
                if (t == Transpose.None) s[i * c + j] = T.CreateTruncating(op[i, j]);
                else s[j * r + i] = T.CreateTruncating(op[i, j]);
        return s;
    }
}
