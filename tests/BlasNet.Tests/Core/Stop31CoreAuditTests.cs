using System.Numerics;

namespace BlasNet.Tests.Core;

/// <summary>
/// Stop 31's audit of the core safe BLAS API against the definition (and NumPy/SciPy, which compute it): defects found
/// on one provider and not the others. Each test runs on the provider the process uses; CI runs the suite under
/// OpenBLAS, MKL, BLIS and the managed provider, so one expected value here is one behaviour everywhere.
/// </summary>
public class Stop31CoreAuditTests
{
    /// <summary>
    /// y ← α Aᵀx + βy with a NaN or ∞ in a row of A whose xᵢ is 0: the sum holds 0·NaN = 0·∞ = NaN (NumPy's
    /// <c>a.T @ x</c> gives NaN there). BLIS 0.9's gemv skipped the row and returned y = (1, 1, 1, 1).
    /// </summary>
    [Theory]
    [InlineData(double.NaN, 1, 1)]
    [InlineData(double.PositiveInfinity, 1, 1)]
    [InlineData(double.NegativeInfinity, 2, 3)]
    public void TransposedGemv_NonFiniteInARowWhoseXIsZero_ReachesY(double special, int incX, int incY)
    {
        Check<double>(special, incX, incY);
        Check<float>(special, incX, incY);

        static void Check<T>(double special, int incX, int incY) where T : unmanaged, IFloatingPointIeee754<T>
        {
            const int m = 3, n = 4;
            var a = Enumerable.Repeat(T.CreateTruncating(0.5), m * n).ToArray();
            a[1 * n + 2] = T.CreateTruncating(special);
            var x = new T[1 + (m - 1) * incX];
            for (int i = 0; i < m; i++) x[i * incX] = T.One;
            x[1 * incX] = T.Zero;
            var y = Enumerable.Repeat(T.CreateTruncating(7), 1 + (n - 1) * incY).ToArray();
            Blas.Gemv(Transpose.Transposed, m, n, T.One, a, n, x, incX, T.Zero, y, incY);
            for (int j = 0; j < n; j++)
            {
                if (j == 2) Assert.True(T.IsNaN(y[j * incY]), $"{typeof(T).Name}: y[2] = {y[j * incY]}, the definition has 0.5 + 0·{special} + 0.5 = NaN");
                else Assert.Equal(T.One, y[j * incY]);
            }
            for (int p = 0; p < y.Length; p++)
                if (p % incY != 0) Assert.Equal(T.CreateTruncating(7), y[p]); // the gaps are not written

            // The Matrix form of the same product: a transposed view is a transpose flag.
            var stored = new Matrix<T>(m, n, a);
            var xs = new T[m];
            for (int i = 0; i < m; i++) xs[i] = x[i * incX];
            var ys = new T[n];
            Blas.Gemv(T.One, stored.Transpose(), xs, T.Zero, ys);
            Assert.True(T.IsNaN(ys[2]), $"{typeof(T).Name} Matrix form: y[2] = {ys[2]}");
            Assert.Equal(T.One, ys[0]);
        }
    }

    /// <summary>A zero xᵢ with only finite values in its row changes nothing: the check looks at the rows it must, and no others.</summary>
    [Fact]
    public void TransposedGemv_ZeroX_FiniteRows_IsThePlainProduct()
    {
        double[] a = [1, 2, 3, 4, 5, 6]; // 2×3
        double[] x = [0, 2];
        double[] y = [double.NaN, double.NaN, double.NaN];
        Blas.Gemv(Transpose.Transposed, 2, 3, 1.0, a, 3, x, 1, 0.0, y, 1);
        Assert.Equal([8.0, 10, 12], y);
    }

    /// <summary>
    /// A ← αxyᵀ + A with xᵢ = 0 and a NaN or ∞ in y: aᵢⱼ + α·(0·yⱼ) = NaN (NumPy's <c>a + alpha*np.outer(x, y)</c>). MKL 2020.4
    /// and BLIS 0.9 skipped the row and left a₀₀ = 0; OpenBLAS and the managed provider gave NaN.
    /// </summary>
    [Theory]
    [InlineData(double.NaN, 1, 1)]
    [InlineData(double.PositiveInfinity, 1, 1)]
    [InlineData(double.NegativeInfinity, 2, 3)]
    public void Ger_NonFiniteYWithAZeroX_ReachesThatRow(double special, int incX, int incY)
    {
        Check<double>(special, incX, incY);
        Check<float>(special, incX, incY);

        static void Check<T>(double special, int incX, int incY) where T : unmanaged, IFloatingPointIeee754<T>
        {
            const int m = 3, n = 3, lda = 4;
            var x = new T[1 + (m - 1) * incX];
            x[0] = T.Zero; x[incX] = T.One; x[2 * incX] = T.Zero;
            var y = new T[1 + (n - 1) * incY];
            y[0] = T.CreateTruncating(special); y[incY] = T.One; y[2 * incY] = T.CreateTruncating(2);
            var a = new T[(m - 1) * lda + n];
            for (int p = 0; p < a.Length; p++) a[p] = T.CreateTruncating(p % lda == n ? -9 : 0.25);
            Blas.Ger(m, n, T.CreateTruncating(2), x, incX, y, incY, a, lda);
            string what = $"{typeof(T).Name} y₀ = {special}";
            foreach (int i in new[] { 0, 2 }) // the rows whose xᵢ is 0
            {
                Assert.True(T.IsNaN(a[i * lda]), $"{what}: a[{i},0] = {a[i * lda]}, the definition has 0.25 + 2·(0·{special}) = NaN");
                Assert.Equal(T.CreateTruncating(0.25), a[i * lda + 1]);
                Assert.Equal(T.CreateTruncating(0.25), a[i * lda + 2]);
            }
            Assert.Equal(T.CreateTruncating(special), a[lda]); // 0.25 + 2·(1·±∞ or NaN)
            Assert.Equal(T.CreateTruncating(2.25), a[lda + 1]);
            Assert.Equal(T.CreateTruncating(4.25), a[lda + 2]);
            Assert.Equal(T.CreateTruncating(-9), a[n]); // the padding is not written
            Assert.Equal(T.CreateTruncating(-9), a[lda + n]);

            // The Matrix form with a transposed view swaps x and y for BLAS: there the zero is in BLAS's y, the ∞ in its x.
            var view = new Matrix<T>(n, m).Transpose(); // m×n as seen
            Blas.Ger(T.One, [T.Zero, T.One, T.Zero], [T.CreateTruncating(special), T.One, T.One], view);
            Assert.True(T.IsNaN(view[0, 0]), $"{what} transposed view: a[0,0] = {view[0, 0]}");
            Assert.True(T.IsNaN(view[2, 0]), $"{what} transposed view: a[2,0] = {view[2, 0]}");
            Assert.Equal(T.Zero, view[0, 1]);
        }
    }

    /// <summary>
    /// op(A) x = b with op(A) = Aᵀ, A lower (row-major), order 12, A = I but a₁₁,₀ = NaN, b = (0, 1, …, 1, 0): x₁₁ = 0 comes first, then
    /// x₀ = b₀ − op(A)₀,₁₁·x₁₁ = 0 − NaN·0 = NaN (NumPy's substitution, SciPy's dtrsv on the column-major view: NaN). BLIS 0.9's trsv
    /// skipped the zero x₁₁ beyond its first block and returned x₀ = 0, a finite answer BlasNet kept.
    /// </summary>
    [Theory]
    [InlineData(double.NaN, 1)]
    [InlineData(double.PositiveInfinity, 2)]
    public void Trsv_NonFiniteMultiplierOfAZeroComponent_ReachesTheSolution(double special, int incX)
    {
        Check<double>(special, incX);
        Check<float>(special, incX);

        static void Check<T>(double special, int incX) where T : unmanaged, IFloatingPointIeee754<T>
        {
            const int n = 12;
            var a = new T[n * n];
            for (int i = 0; i < n; i++) a[i * n + i] = T.One;
            a[(n - 1) * n] = T.CreateTruncating(special);
            var x = Enumerable.Repeat(T.CreateTruncating(-5), 1 + (n - 1) * incX).ToArray();
            for (int i = 0; i < n; i++) x[i * incX] = i == 0 || i == n - 1 ? T.Zero : T.One;
            Blas.Trsv(Triangle.Lower, Transpose.Transposed, Diagonal.NonUnit, n, a, n, x, incX);
            Assert.True(T.IsNaN(x[0]), $"{typeof(T).Name}: x[0] = {x[0]}, substitution gives 0 − {special}·0 = NaN");
            for (int i = 1; i < n - 1; i++) Assert.Equal(T.One, x[i * incX]);
            Assert.Equal(T.Zero, x[(n - 1) * incX]);
            if (incX > 1) Assert.Equal(T.CreateTruncating(-5), x[1]); // a gap is not written

            // The Matrix form: the transposed view of the stored lower triangle is an upper triangle as seen.
            var view = new Matrix<T>(n, n, (T[])a.Clone()).Transpose();
            var xs = new T[n];
            for (int i = 1; i < n - 1; i++) xs[i] = T.One;
            Blas.Trsv(Triangle.Upper, view, xs);
            Assert.True(T.IsNaN(xs[0]), $"{typeof(T).Name} Matrix form: x[0] = {xs[0]}");
            Assert.Equal(T.One, xs[1]);
        }
    }

    /// <summary>Zero components whose multipliers are finite keep the provider's answer: b = e₅ for a dense lower L is the plain solve.</summary>
    [Fact]
    public void Trsv_ZeroComponents_FiniteMultipliers_IsThePlainSolve()
    {
        const int n = 20;
        var a = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++) a[i * n + j] = i == j ? 2 : 1.0 / (1 + i + j);
        var x = new double[n];
        x[5] = 1;
        Blas.Trsv(Triangle.Lower, Transpose.None, Diagonal.NonUnit, n, a, n, x, 1);
        for (int i = 0; i < 5; i++) Assert.Equal(0.0, x[i]);
        Assert.Equal(0.5, x[5]);
        // Residual of L x = e₅.
        for (int i = 0; i < n; i++)
        {
            double r = -(i == 5 ? 1.0 : 0.0);
            for (int j = 0; j <= i; j++) r += a[i * n + j] * x[j];
            Assert.True(Math.Abs(r) < 1e-15, $"residual {i}: {r}");
        }
    }
}
