using BlasNet.Optimization;

namespace BlasNet.Tests.Optimization;

public class TallSkinnyQrTests
{
    [Fact]
    public void BlockedReduction_GivesTheTriangleOfTheNormalEquations()
    {
        // RᵀR must equal AᵀA (computed directly here) for the reduced triangle of a tall random A.
        const int m = 12_345, k = 5;
        var rng = new Random(7);
        var a = new double[m * k];
        for (int i = 0; i < a.Length; i++) a[i] = rng.NextDouble() - 0.5 + (i / m == 2 ? 3.0 : 0.0);
        var r = new double[k * k];
        new TallSkinnyQr(k).Reduce(m, a, ReadOnlySpan<double>.Empty, r);
        for (int p = 0; p < k; p++)
            for (int q = 0; q < k; q++)
            {
                double ata = 0, rtr = 0;
                for (int i = 0; i < m; i++) ata += a[p * m + i] * a[q * m + i];
                for (int i = 0; i < k; i++) rtr += r[i + p * k] * r[i + q * k];
                Assert.True(Math.Abs(ata - rtr) <= 1e-10 * Math.Max(1, Math.Abs(ata)), $"(AᵀA)[{p},{q}] = {ata}, (RᵀR) = {rtr}");
                if (p > q) Assert.Equal(0.0, r[p + q * k]);
            }
    }

    [Fact]
    public void TallFactor_MatchesTheDirectPivotedQr()
    {
        const int m = PivotedJacobianFactor.TallThreshold + 777, n = 4;
        var rng = new Random(3);
        var j = new double[m * n];
        for (int i = 0; i < j.Length; i++) j[i] = (rng.NextDouble() - 0.5) * (1 + i / m);
        var f = new double[m];
        for (int i = 0; i < m; i++) f[i] = rng.NextDouble();

        var tall = new PivotedJacobianFactor(m, n);
        tall.Factor((double[])j.Clone(), f);
        // Reference: the core's Geqp3 and Ormqr on the full matrix.
        var full = (double[])j.Clone();
        var pivot = new int[n];
        var tau = new double[n];
        Assert.Equal(0, Lapack.Geqp3(m, n, full, m, pivot, tau));
        var qtf = (double[])f.Clone();
        Assert.Equal(0, Lapack.Ormqr(Side.Left, Transpose.Transposed, m, 1, n, full, m, tau, qtf, m));

        Assert.Equal(pivot, tall.Pivot);
        for (int c = 0; c < n; c++)
        {
            // Householder signs may differ: compare rows up to a common sign.
            double sign = Math.Sign(full[c + c * m]) * Math.Sign(tall.R[c + c * n]);
            for (int col = c; col < n; col++)
                Assert.Equal(full[c + col * m], sign * tall.R[c + col * n], 9);
            Assert.Equal(qtf[c], sign * tall.QtF[c], 9);
            double norm = 0;
            for (int i = 0; i < m; i++) norm += j[c * m + i] * j[c * m + i];
            Assert.Equal(Math.Sqrt(norm), tall.ColumnNorms[c], 9);
        }
    }

    [Fact]
    public void RowMajorReduction_GivesTheTriangleOfTheScaledNormalEquations()
    {
        // R of A·D from a row-major A, scaled on the way in: RᵀR must equal (AD)ᵀ(AD), computed directly here.
        const int m = 5_000, k = 3;
        var rng = new Random(11);
        var rowMajor = new double[m * k];
        for (int i = 0; i < rowMajor.Length; i++) rowMajor[i] = rng.NextDouble() - 0.5 + (i % k == 1 ? 2.0 : 0.0);
        double[] d = [0.5, 4.0, 1e-3];
        var r = new double[k * k];
        Assert.True(new TallSkinnyQr(k).ReduceRowMajor(m, rowMajor, d, ReadOnlySpan<double>.Empty, r));
        for (int p = 0; p < k; p++)
            for (int q = 0; q < k; q++)
            {
                double ata = 0, rtr = 0;
                for (int i = 0; i < m; i++) ata += rowMajor[i * k + p] * d[p] * rowMajor[i * k + q] * d[q];
                for (int i = 0; i < k; i++) rtr += r[i + p * k] * r[i + q * k];
                Assert.True(Math.Abs(ata - rtr) <= 1e-10 * Math.Max(1, Math.Abs(ata)), $"((AD)ᵀAD)[{p},{q}] = {ata}, (RᵀR) = {rtr}");
                if (p > q) Assert.Equal(0.0, r[p + q * k]);
            }
    }

    [Fact]
    public void RowMajorFactor_IsTheColumnMajorFactorBitForBit()
    {
        // The iteration's analytic path: J row-major with the bounds' chain-rule factors, reduced with r, against Factor on
        // the scaled column-major copy (the path every other Jacobian takes). Same blocks, so the same doubles.
        const int m = PivotedJacobianFactor.TallThreshold + 4_321, n = 5;
        var rng = new Random(5);
        var rowMajor = new double[m * n];
        for (int i = 0; i < rowMajor.Length; i++) rowMajor[i] = (rng.NextDouble() - 0.5) * (1 + i % n);
        double[] factors = [1.0, 0.25, 3.0, 1e-4, 1.0];
        var f = new double[m];
        for (int i = 0; i < m; i++) f[i] = rng.NextDouble() - 0.3;
        var columnMajor = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int c = 0; c < n; c++) columnMajor[c * m + i] = rowMajor[i * n + c] * factors[c];

        var fromColumns = new PivotedJacobianFactor(m, n);
        fromColumns.Factor(columnMajor, f);
        var fromRows = new PivotedJacobianFactor(m, n);
        Assert.True(fromRows.FactorRowMajor(rowMajor, factors, f));

        Assert.Equal(fromColumns.Pivot, fromRows.Pivot);
        if (ProviderReproducibility.BitForBit)
        {
            Assert.Equal(fromColumns.R, fromRows.R);
            Assert.Equal(fromColumns.QtF, fromRows.QtF);
            Assert.Equal(fromColumns.ColumnNorms, fromRows.ColumnNorms);
        }
        else
        {
            // The two paths hand the provider buffers at different places, and this provider's kernels round by where
            // they lie: the same factor to rounding (relative to each array's largest entry).
            AssertSameToRounding(fromColumns.R, fromRows.R, "R");
            AssertSameToRounding(fromColumns.QtF, fromRows.QtF, "QtF");
            AssertSameToRounding(fromColumns.ColumnNorms, fromRows.ColumnNorms, "ColumnNorms");
        }
        // The column norms come from the triangle: against a direct sum over the scaled columns.
        for (int c = 0; c < n; c++)
        {
            double sum = 0;
            for (int i = 0; i < m; i++) sum += columnMajor[c * m + i] * columnMajor[c * m + i];
            Assert.Equal(Math.Sqrt(sum), fromRows.ColumnNorms[c], 1e-12 * Math.Sqrt(sum));
        }
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void RowMajorFactor_RefusesANonFiniteEntry(double bad)
    {
        // One bad entry in the last block (the check runs block by block, before each block is factored).
        const int m = PivotedJacobianFactor.TallThreshold + 100, n = 3;
        var rowMajor = new double[m * n];
        for (int i = 0; i < rowMajor.Length; i++) rowMajor[i] = 1 + i % 7;
        rowMajor[(m - 2) * n + 1] = bad;
        Assert.False(new PivotedJacobianFactor(m, n).FactorRowMajor(rowMajor, [1.0, 1.0, 1.0], new double[m]));
    }

    [Fact]
    public void RowMajorReduction_MatchesLapacksQrOfTheWholeMatrix()
    {
        // The blocked pass with the managed block kernel against one dgeqrf of the whole scaled m×k matrix [A·D | e]: R equal
        // up to the sign of each row, to 1e-13 of its largest entry (the order of the operations differs, not the result).
        const int m = 3 * TallSkinnyQr.BlockRows + 1_234, width = 12, k = width + 1;
        var rng = new Random(13);
        var rowMajor = new double[m * width];
        for (int i = 0; i < rowMajor.Length; i++) rowMajor[i] = (rng.NextDouble() - 0.5) * (1 + i % width) + (i % width == 3 ? 1.5 : 0.0);
        var d = new double[width];
        for (int c = 0; c < width; c++) d[c] = Math.Pow(10, c % 5 - 2);
        var e = new double[m];
        for (int i = 0; i < m; i++) e[i] = rng.NextDouble() - 0.5;
        var r = new double[k * k];
        Assert.True(new TallSkinnyQr(k).ReduceRowMajor(m, rowMajor, d, e, r));

        var full = new double[m * k];
        for (int i = 0; i < m; i++)
        {
            for (int c = 0; c < width; c++) full[c * m + i] = rowMajor[i * width + c] * d[c];
            full[width * m + i] = e[i];
        }
        Assert.Equal(0, Lapack.Geqrf(m, k, full, m, new double[k]));
        double largest = 0;
        for (int c = 0; c < k; c++)
            for (int i = 0; i <= c; i++) largest = Math.Max(largest, Math.Abs(full[c * m + i]));
        for (int i = 0; i < k; i++)
        {
            double sign = Math.Sign(full[i * m + i]) * Math.Sign(r[i + i * k]);
            for (int c = 0; c < k; c++)
            {
                double expected = c >= i ? full[c * m + i] : 0, actual = sign * r[i + c * k];
                Assert.True(Math.Abs(expected - actual) <= 1e-13 * largest, $"R[{i},{c}]: LAPACK {expected:R}, blocked {actual:R}");
            }
        }
    }

    private static void AssertSameToRounding(IReadOnlyList<double> expected, IReadOnlyList<double> actual, string what)
    {
        Assert.Equal(expected.Count, actual.Count);
        double scale = expected.Max(Math.Abs);
        for (int i = 0; i < expected.Count; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-12 * scale, $"{what}[{i}] = {actual[i]}, the column-major path's {expected[i]}");
    }
}
