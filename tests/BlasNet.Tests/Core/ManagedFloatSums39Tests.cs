using BlasNet.Providers;

namespace BlasNet.Tests.Core;

/// <summary>
/// The managed provider's float Gemv (both orientations), transposed Trmv and Trmm (left, and right untransposed) sum long rows or columns with bounded float
/// partial sums (FloatAxpySums, session 39), where they drifted: 10⁶ terms of 0.1f gave Gemv transposed a relative error
/// of 9.6·10⁻³, Gemv 6.0·10⁻⁴ (float GEMM on the same sum: 3.8·10⁻⁵), and Trmv transposed and Trmm at n = 3000 3.0·10⁻⁵. The
/// reference is the exact double sum of the same float terms. Called on ManagedBlas directly: the point is the managed
/// implementation, whatever provider the suite runs on; the random cases check the blocked sums against the definition
/// (double) at the block boundaries, with strided y.
/// </summary>
public class ManagedFloatSums39Tests
{
    private const float Tenth = 0.1f;

    private static double Rel(float got, double want) => Math.Abs(got - want) / Math.Abs(want);

    [Fact]
    public void GemvLongRow_AndLongColumn_SumAsWellAsGemm()
    {
        const int n = 1_000_000;
        var tenths = Enumerable.Repeat(Tenth, n).ToArray();
        var ones = Enumerable.Repeat(1f, n).ToArray();
        double want = n * (double)Tenth;
        var y = new float[1];
        ManagedBlas<float>.Gemv(Transpose.None, 1, n, 1f, tenths, n, ones, 1, 0f, y, 1);
        Assert.True(Rel(y[0], want) < 4e-6, $"gemv 1×10⁶: {y[0]}, relative error {Rel(y[0], want):e2}");
        ManagedBlas<float>.Gemv(Transpose.Transposed, n, 1, 1f, tenths, 1, ones, 1, 0f, y, 1);
        Assert.True(Rel(y[0], want) < 4e-6, $"gemv transposed 10⁶×1: {y[0]}, relative error {Rel(y[0], want):e2}");
    }

    [Fact]
    public void TrmvTransposed_LongColumn()
    {
        const int n = 3000;
        var a = Enumerable.Repeat(Tenth, n * n).ToArray();
        var x = Enumerable.Repeat(1f, n).ToArray();
        ManagedBlas<float>.Trmv(Triangle.Upper, Transpose.Transposed, Diagonal.NonUnit, n, a, n, x, 1);
        double want = n * (double)Tenth; // x[n − 1] = Σᵢ aᵢ,ₙ₋₁ · 1 over the whole column
        Assert.True(Rel(x[n - 1], want) < 2e-6, $"trmv transposed n = 3000: {x[n - 1]}, relative error {Rel(x[n - 1], want):e2}");
    }

    [Fact]
    public void TrmmLongSums_LeftAndRight()
    {
        const int n = 3000;
        var a = Enumerable.Repeat(Tenth, n * n).ToArray();
        double want = n * (double)Tenth;
        var b = Enumerable.Repeat(1f, n).ToArray(); // n×1: row 0 of A B sums A's whole first row
        ManagedBlas<float>.Trmm(Side.Left, Triangle.Upper, Transpose.None, Diagonal.NonUnit, n, 1, 1f, a, n, b, 1);
        Assert.True(Rel(b[0], want) < 2e-6, $"trmm left n = 3000: {b[0]}, relative error {Rel(b[0], want):e2}");
        b = Enumerable.Repeat(1f, n).ToArray(); // 1×n: the last column of B A sums A's whole last column
        ManagedBlas<float>.Trmm(Side.Right, Triangle.Upper, Transpose.None, Diagonal.NonUnit, 1, n, 1f, a, n, b, n);
        Assert.True(Rel(b[n - 1], want) < 2e-6, $"trmm right n = 3000: {b[n - 1]}, relative error {Rel(b[n - 1], want):e2}");
    }

    [Fact]
    public void BlockedTrmm_MatchesTheDefinition_AtBlockBoundaries()
    {
        var rng = new Random(3907);
        foreach (int order in new[] { FloatAxpySums.RowBlock, FloatAxpySums.RowBlock + 1, 2 * FloatAxpySums.RowBlock + 3 })
            foreach (bool left in new[] { true, false })
                foreach (bool upper in new[] { true, false })
                    foreach (bool t in new[] { false, true })
                        foreach (bool unit in new[] { false, true })
                        {
                            int m = left ? order : 3, n = left ? 5 : order, lda = order + 1, ldb = n + 2;
                            var a = TestValues.Random<float>((order - 1) * lda + order, rng);
                            var b0 = TestValues.Random<float>((m - 1) * ldb + n, rng);
                            var b = (float[])b0.Clone();
                            ManagedBlas<float>.Trmm(left ? Side.Left : Side.Right, upper ? Triangle.Upper : Triangle.Lower, t ? Transpose.Transposed : Transpose.None,
                                unit ? Diagonal.Unit : Diagonal.NonUnit, m, n, 0.5f, a, lda, b, ldb);
                            // op(A)[r, c] from the definition: the stored triangle, the unit diagonal 1.
                            double Op(int r, int c)
                            {
                                int i = t ? c : r, j = t ? r : c;
                                if (i == j) return unit ? 1 : a[i * lda + j];
                                return (upper ? j > i : j < i) ? a[i * lda + j] : 0;
                            }
                            for (int i = 0; i < m; i++)
                                for (int j = 0; j < n; j++)
                                {
                                    double s = 0, mag = 0;
                                    if (left) for (int p = 0; p < m; p++) { double v = Op(i, p) * b0[p * ldb + j]; s += v; mag += Math.Abs(v); }
                                    else for (int p = 0; p < n; p++) { double v = b0[i * ldb + p] * Op(p, j); s += v; mag += Math.Abs(v); }
                                    Assert.True(Math.Abs(b[i * ldb + j] - 0.5 * s) <= 1e-6 * (1 + mag),
                                        $"trmm {(left ? "left" : "right")} {(upper ? "upper" : "lower")} t {t} unit {unit} order {order}: B[{i}, {j}] = {b[i * ldb + j]}, the definition gives {0.5 * s}");
                                }
                            for (int i = 0; i < m; i++) for (int j = n; j < ldb && i * ldb + j < b.Length; j++) Assert.Equal(b0[i * ldb + j], b[i * ldb + j]); // padding untouched
                        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void BlockedSums_MatchTheDefinition_AtBlockBoundaries(int incY)
    {
        var rng = new Random(3905 + incY);
        int[] sizes = [1, FloatAxpySums.RowBlock - 1, FloatAxpySums.RowBlock, FloatAxpySums.RowBlock + 1, 2 * FloatAxpySums.RowBlock + 5, FloatAxpySums.DotBlock + 7];
        foreach (int m in sizes)
            foreach (int n in new[] { 1, 17, 70 })
            {
                int lda = n + 2;
                var a = TestValues.Random<float>((m - 1) * lda + n, rng);
                var x = TestValues.Random<float>(m, rng);
                var y0 = TestValues.Random<float>(1 + (n - 1) * incY, rng);
                var y = (float[])y0.Clone();
                ManagedBlas<float>.Gemv(Transpose.Transposed, m, n, 0.75f, a, lda, x, 1, -0.5f, y, incY);
                for (int j = 0; j < n; j++)
                {
                    double s = 0, mag = 0;
                    for (int i = 0; i < m; i++) { s += (double)a[i * lda + j] * x[i]; mag += Math.Abs((double)a[i * lda + j] * x[i]); }
                    double want = 0.75 * s - 0.5 * y0[j * incY];
                    Assert.True(Math.Abs(y[j * incY] - want) <= 1e-6 * (1 + mag), $"gemv T m {m} n {n} y[{j}] = {y[j * incY]}, the definition gives {want}");
                }
                // Untransposed, the long dimension as the row: A n×m.
                var at = TestValues.Random<float>((n - 1) * (m + 1) + m, rng);
                var xr = TestValues.Random<float>(m, rng);
                var yr = (float[])y0.Clone();
                ManagedBlas<float>.Gemv(Transpose.None, n, m, 1.5f, at, m + 1, xr, 1, 0f, yr, incY);
                for (int i = 0; i < n; i++)
                {
                    double s = 0, mag = 0;
                    for (int j = 0; j < m; j++) { s += (double)at[i * (m + 1) + j] * xr[j]; mag += Math.Abs((double)at[i * (m + 1) + j] * xr[j]); }
                    Assert.True(Math.Abs(yr[i * incY] - 1.5 * s) <= 1e-6 * (1 + mag), $"gemv N rows {n} cols {m} y[{i}] = {yr[i * incY]}, the definition gives {1.5 * s}");
                }
                for (int p = 0; p < y.Length; p++)
                    if (p % incY != 0) { Assert.Equal(y0[p], y[p]); Assert.Equal(y0[p], yr[p]); } // stride gaps untouched
            }
    }

    [Fact]
    public void BlockedSums_KeepNaNAndInfinity()
    {
        // 0·NaN = NaN and ∞ reach the output through the float partial sums and the double fold alike.
        int m = 3 * FloatAxpySums.RowBlock + 1, n = 5;
        var a = new float[m * n];
        for (int p = 0; p < a.Length; p++) a[p] = 1f;
        a[(m - 1) * n + 2] = float.NaN;      // meets x = 0
        a[FloatAxpySums.RowBlock * n + 4] = float.PositiveInfinity;
        var x = Enumerable.Repeat(1f, m).ToArray();
        x[m - 1] = 0f;
        var y = new float[n];
        ManagedBlas<float>.Gemv(Transpose.Transposed, m, n, 1f, a, n, x, 1, 0f, y, 1);
        Assert.True(float.IsNaN(y[2]), $"y[2] = {y[2]}");
        Assert.Equal(float.PositiveInfinity, y[4]);
        Assert.Equal(m - 1, y[0]);
        var xt = Enumerable.Repeat(1f, FloatAxpySums.DotBlock + 3).ToArray();
        var row = Enumerable.Repeat(1f, xt.Length).ToArray();
        row[^1] = float.NegativeInfinity;
        var y1 = new float[1];
        ManagedBlas<float>.Gemv(Transpose.None, 1, xt.Length, 1f, row, xt.Length, xt, 1, 0f, y1, 1);
        Assert.Equal(float.NegativeInfinity, y1[0]);
    }
}
