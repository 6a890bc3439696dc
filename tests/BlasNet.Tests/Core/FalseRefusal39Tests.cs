namespace BlasNet.Tests.Core;

/// <summary>
/// Band calls that BLAS defines and BlasNet refused (session 39): the band checks counted the rectangle of stored rows,
/// the band's unreferenced corners and a unit diagonal included, as elements read. Each case places an operand only in
/// slots BLAS never references (a corner, a unit diagonal's slots, the end of the array after the last band element),
/// computes, and compares with the definition evaluated here on a copy of the buffer: the band's elements as listed by
/// the CBLAS row-major formulas, the sums taken over them alone. Every case was refused by the old checks.
/// </summary>
public class FalseRefusal39Tests
{
    private static double[] Buffer(int length, int seed)
    {
        var rng = new Random(seed);
        var b = new double[length];
        for (int i = 0; i < b.Length; i++) b[i] = Math.Round(rng.NextDouble() * 8 - 4, 2);
        return b;
    }

    /// <summary>y ← α op(A) x + βy by the definition, A's band element [i, j] at aOff + i·lda + kl + j − i (read from <paramref name="before"/>).</summary>
    private static double[] Gbmv(double[] before, bool t, int m, int n, int kl, int ku, double alpha, int aOff, int lda, int xOff, int incX, double beta, int yOff, int incY)
    {
        int lenX = t ? m : n, lenY = t ? n : m;
        var y = new double[lenY];
        for (int r = 0; r < lenY; r++)
        {
            double s = 0;
            for (int p = 0; p < lenX; p++)
            {
                int i = t ? p : r, j = t ? r : p;
                if (j >= i - kl && j <= i + ku) s += before[aOff + i * lda + kl + j - i] * before[xOff + p * incX];
            }
            y[r] = alpha * s + beta * before[yOff + r * incY];
        }
        return y;
    }

    private static void AssertVector(double[] expected, double[] buf, int off, int inc, string what)
    {
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - buf[off + i * inc]) <= 1e-12 * (1 + Math.Abs(expected[i])), $"{what}: element {i} is {buf[off + i * inc]}, the definition gives {expected[i]}");
    }

    [Fact]
    public void Gbmv_YInTheLeadingCorner_IsComputed()
    {
        // 4×2 A, kl = 2, ku = 1, lda = 4: row 0 reads A[0, 0..1] at offsets 2, 3; offsets 0 and 1 are the corner.
        // y (op(A) = Aᵀ: 2 elements) sits there; x (4 elements) after the band.
        const int m = 4, n = 2, kl = 2, ku = 1, lda = 4, xOff = 16;
        var buf = Buffer(24, 1);
        var before = (double[])buf.Clone();
        var expected = Gbmv(before, true, m, n, kl, ku, 0.5, 0, lda, xOff, 1, -1.5, 0, 1);
        Blas.Gbmv(Transpose.Transposed, m, n, kl, ku, 0.5, buf.AsSpan(0, 16), lda, buf.AsSpan(xOff, m), 1, -1.5, buf.AsSpan(0, n), 1);
        AssertVector(expected, buf, 0, 1, "gbmv, y in the corner");
        for (int p = n; p < buf.Length; p++) Assert.Equal(before[p], buf[p]);
    }

    [Fact]
    public void Gbmv_YAfterTheLastBandElement_IsComputed_AndTheArrayNeedsOnlyThatFar()
    {
        // 4×4 A, kl = 2, ku = 1, lda = 4: row 3 reads A[3, 1..3] at offsets 0..2 (positions 12..14); position 15 is the
        // trailing corner. a is passed exactly 15 long (the old check asked for 16), y starts at position 15.
        const int m = 4, n = 4, kl = 2, ku = 1, lda = 4, yOff = 15, xOff = 20;
        var buf = Buffer(24, 2);
        var before = (double[])buf.Clone();
        var expected = Gbmv(before, false, m, n, kl, ku, 2.0, 0, lda, xOff, 1, 0.25, yOff, 1);
        Blas.Gbmv(Transpose.None, m, n, kl, ku, 2.0, buf.AsSpan(0, 15), lda, buf.AsSpan(xOff, n), 1, 0.25, buf.AsSpan(yOff, m), 1);
        AssertVector(expected, buf, yOff, 1, "gbmv, y after the band");
        // One element shorter is refused, naming the last element read.
        var ex = Assert.Throws<ArgumentException>(() => Blas.Gbmv(Transpose.None, m, n, kl, ku, 2.0, new double[14], lda, new double[4], 1, 0.25, new double[4], 1));
        Assert.Equal("a", ex.ParamName);
        Assert.Contains("needs at least 15 elements", ex.Message);
        Assert.Contains("A[3, 3]", ex.Message);
    }

    [Fact]
    public void Gbmv_YOnABandElement_IsStillRefused_NamingTheMatrixElement()
    {
        // Same band; y at position 4, increment 1: its element 0 is row 1's corner slot (offset 0), its element 1 (position 5)
        // is A[1, 0], the first element row 1 reads.
        var buf = Buffer(32, 3);
        var ex = Assert.Throws<ArgumentException>(() => Blas.Gbmv(Transpose.None, 4, 4, 2, 1, 1.0, buf.AsSpan(0, 15), 4, buf.AsSpan(24, 4), 1, 0.0, buf.AsSpan(4, 4), 1));
        Assert.Equal("y", ex.ParamName);
        Assert.Contains("element 1 of y is element [1, 0] of a", ex.Message);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Sbmv_UpperTriangleArrayEndsAtTheLastDiagonal(bool stridedY)
    {
        // Upper, n = 4, k = 2, lda = 3: row 3 holds only A[3, 3] (offset 0, position 9); the old check asked for 3·3 + 3 = 12
        // elements. a is 10 long; y follows directly (increment 1) or interleaved into row 2's trailing corner (position 8).
        const int n = 4, k = 2, lda = 3;
        int yOff = stridedY ? 8 : 10, incY = stridedY ? 3 : 1, xOff = 30;
        // Strided: positions 8 (row 2's offset 2, A[2, 4], outside the matrix), 11, 14, 17 (after the array).
        var buf = Buffer(40, 4);
        var before = (double[])buf.Clone();
        var expected = new double[n];
        for (int i = 0; i < n; i++)
        {
            double s = 0;
            for (int j = 0; j < n; j++)
            {
                int r = Math.Min(i, j), c = Math.Max(i, j);
                if (c - r <= k) s += before[r * lda + c - r] * before[xOff + j];
            }
            expected[i] = 1.5 * s - 0.5 * before[yOff + i * incY];
        }
        Blas.Sbmv(Triangle.Upper, n, k, 1.5, buf.AsSpan(0, 10), lda, buf.AsSpan(xOff, n), 1, -0.5, buf.AsSpan(yOff, 1 + (n - 1) * incY), incY);
        AssertVector(expected, buf, yOff, incY, "sbmv upper");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TbsvAndTbmv_UnitLower_XInTheDiagonalSlots_IsComputed(bool solve)
    {
        // Lower, unit diagonal, n = 3, k = 1, lda = 2: the diagonal's slots are offsets 1 of each row (positions 1, 3, 5),
        // never read with a unit diagonal; x lives exactly there (increment 2). Row i reads A[i, i − 1] at offset 0.
        const int n = 3, k = 1, lda = 2;
        var buf = Buffer(8, 5);
        var before = (double[])buf.Clone();
        var x0 = new double[n];
        for (int i = 0; i < n; i++) x0[i] = before[1 + 2 * i];
        double Sub(int i) => before[i * lda + k - 1]; // A[i, i − 1]
        var expected = new double[n];
        for (int i = 0; i < n; i++)
            expected[i] = solve ? x0[i] - (i > 0 ? Sub(i) * expected[i - 1] : 0) : x0[i] + (i > 0 ? Sub(i) * x0[i - 1] : 0);
        if (solve) Blas.Tbsv(Triangle.Lower, Transpose.None, Diagonal.Unit, n, k, buf.AsSpan(0, 5), lda, buf.AsSpan(1, 5), 2);
        else Blas.Tbmv(Triangle.Lower, Transpose.None, Diagonal.Unit, n, k, buf.AsSpan(0, 5), lda, buf.AsSpan(1, 5), 2);
        AssertVector(expected, buf, 1, 2, solve ? "tbsv" : "tbmv");
        for (int p = 0; p < buf.Length; p += 2) Assert.Equal(before[p], buf[p]); // A untouched
        // Non-unit, the same x is the diagonal: refused.
        var ex = Assert.Throws<ArgumentException>(() => Blas.Tbmv(Triangle.Lower, Transpose.None, Diagonal.NonUnit, n, k, buf.AsSpan(0, 6), lda, buf.AsSpan(1, 5), 2));
        Assert.Equal("x", ex.ParamName);
        Assert.Contains("element 0 of x is element [0, 0] of a", ex.Message);
    }

    [Fact]
    public void TbmvAndTbsv_UnitDiagonalWithoutOffDiagonals_ReadNothing()
    {
        // k = 0 and a unit diagonal: op(A) = I, A has no element to read, so an empty array is enough and x is unchanged.
        var x = new[] { 1.0, -2.0, 3.0 };
        foreach (var uplo in new[] { Triangle.Upper, Triangle.Lower })
            foreach (var trans in new[] { Transpose.None, Transpose.Transposed })
            {
                Blas.Tbmv(uplo, trans, Diagonal.Unit, 3, 0, ReadOnlySpan<double>.Empty, 1, x, 1);
                Blas.Tbsv(uplo, trans, Diagonal.Unit, 3, 0, ReadOnlySpan<double>.Empty, 1, x, 1);
                Blas.Tbsv(uplo, trans, Diagonal.Unit, 3, 0, ReadOnlySpan<float>.Empty, 1, new float[] { 1, 2, 3 }, 1);
                Assert.Equal(new[] { 1.0, -2.0, 3.0 }, x);
            }
        // Non-unit reads the diagonal: an empty array is refused.
        var ex = Assert.Throws<ArgumentException>(() => Blas.Tbmv(Triangle.Upper, Transpose.None, Diagonal.NonUnit, 3, 0, ReadOnlySpan<double>.Empty, 1, x, 1));
        Assert.Equal("a", ex.ParamName);
        Assert.Contains("needs at least 3 elements", ex.Message);
    }

    [Fact]
    public void TbmvUnitUpper_ArrayEndsAtTheLastOffDiagonal()
    {
        // Upper, unit, n = 3, k = 1, lda = 2: rows 0 and 1 read A[i, i + 1] at offset 1 (positions 1, 3); row 2 reads nothing.
        // a 4 long (the old check asked for 2·2 + 2 = 6); transposed, float, on the provider.
        const int n = 3, k = 1, lda = 2;
        float[] a = [float.NaN, 0.5f, float.NaN, -2f];
        float[] x = [1f, 2f, 3f];
        Blas.Tbmv(Triangle.Upper, Transpose.Transposed, Diagonal.Unit, n, k, a, lda, x, 1);
        // op(A) = Aᵀ lower unit: x0' = x0, x1' = x1 + 0.5·x0, x2' = x2 − 2·x1.
        Assert.Equal(new[] { 1f, 2.5f, -1f }, x);
        Assert.Throws<ArgumentException>(() => Blas.Tbmv(Triangle.Upper, Transpose.Transposed, Diagonal.Unit, n, k, a.AsSpan(0, 3), lda, x, 1));
    }
}
