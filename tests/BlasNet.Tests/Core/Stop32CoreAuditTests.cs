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
