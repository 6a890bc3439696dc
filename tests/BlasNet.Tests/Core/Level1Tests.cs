using System.Numerics;

namespace BlasNet.Tests.Core;

/// <summary>Level 1 BLAS against <see cref="NaiveBlas"/>: strided span forms, plain span forms and array forms, float and double.</summary>
public class Level1Tests
{
    public static TheoryData<int, int, int> StridedCases => new()
    {
        { 0, 1, 1 }, { 1, 1, 1 }, { 7, 1, 1 }, { 33, 2, 1 }, { 65, 1, 3 }, { 130, 3, 2 }, { 1000, 1, 1 },
    };

    [Theory, MemberData(nameof(StridedCases))]
    public void StridedRoutines_Double_MatchNaive(int n, int incX, int incY) => StridedRoutines<double>(n, incX, incY);

    [Theory, MemberData(nameof(StridedCases))]
    public void StridedRoutines_Float_MatchNaive(int n, int incX, int incY) => StridedRoutines<float>(n, incX, incY);

    private static void StridedRoutines<T>(int n, int incX, int incY) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(1000 * n + 10 * incX + incY);
        // One spare element past the strided extent: it must never change.
        int lenX = n == 0 ? 1 : (n - 1) * incX + 2, lenY = n == 0 ? 1 : (n - 1) * incY + 2;
        var x = TestValues.Random<T>(lenX, rng);
        var y = TestValues.Random<T>(lenY, rng);
        var dx = TestValues.ToDouble(x);
        var dy = TestValues.ToDouble(y);
        T alpha = T.CreateTruncating(-0.75);
        var unit = Enumerable.Repeat(1.0, Math.Max(n, 1)).ToArray();

        // dot
        var (dot, dotMag) = NaiveBlas.Dot(n, dx, incX, dy, incY);
        TestValues.AssertClose([dot], [Blas.Dot(n, x, incX, y, incY)], [dotMag], n, "dot");
        // nrm2, asum, iamax
        double nrm = NaiveBlas.Nrm2(n, dx, incX);
        TestValues.AssertClose([nrm], [Blas.Nrm2(n, x, incX)], [nrm], n, "nrm2");
        double asum = NaiveBlas.Asum(n, dx, incX);
        TestValues.AssertClose([asum], [Blas.Asum(n, x, incX)], [asum], n, "asum");
        Assert.Equal(NaiveBlas.Iamax(n, dx, incX), Blas.Iamax(n, x, incX));

        // axpy
        var expectedY = (double[])dy.Clone();
        NaiveBlas.Axpy(n, -0.75, dx, incX, expectedY, incY);
        var y1 = (T[])y.Clone();
        Blas.Axpy(n, alpha, x, incX, y1, incY);
        // |αxᵢ| + |yᵢ| ≤ 1.75 for data in [−1, 1).
        TestValues.AssertClose(expectedY, y1, TestValues.Filled(lenY, 2.0), 1, "axpy");

        // scal by a power of two: exact in T, so the result must match bit for bit
        var x1 = (T[])x.Clone();
        Blas.Scal(n, T.CreateTruncating(-0.5), x1, incX);
        var expectedX = (double[])dx.Clone();
        for (int i = 0; i < n; i++) expectedX[i * incX] *= -0.5;
        TestValues.AssertSame(expectedX, x1, "scal");

        // copy: only the strided elements of y change
        var y2 = (T[])y.Clone();
        Blas.Copy(n, x, incX, y2, incY);
        var expectedCopy = (double[])dy.Clone();
        for (int i = 0; i < n; i++) expectedCopy[i * incY] = dx[i * incX];
        TestValues.AssertSame(expectedCopy, y2, "copy");

        // swap
        var x3 = (T[])x.Clone();
        var y3 = (T[])y.Clone();
        Blas.Swap(n, x3, incX, y3, incY);
        var expectedSwapX = (double[])dx.Clone();
        var expectedSwapY = (double[])dy.Clone();
        for (int i = 0; i < n; i++)
        {
            expectedSwapX[i * incX] = dy[i * incY];
            expectedSwapY[i * incY] = dx[i * incX];
        }
        TestValues.AssertSame(expectedSwapX, x3, "swap x");
        TestValues.AssertSame(expectedSwapY, y3, "swap y");
    }

    [Fact]
    public void PlainAndArrayForms_Double_MatchHandComputedValues()
    {
        double[] x = [3, -4, 1], y = [1, 2, 2];
        Assert.Equal(3 - 8 + 2, Blas.Dot(x, y));
        Assert.Equal(3 - 8 + 2, Blas.Dot((ReadOnlySpan<double>)x, y));
        Assert.Equal(Math.Sqrt(26), Blas.Nrm2(x), 14);
        Assert.Equal(Math.Sqrt(26), Blas.Nrm2((ReadOnlySpan<double>)x), 14);
        Assert.Equal(8, Blas.Asum(x));
        Assert.Equal(8, Blas.Asum((ReadOnlySpan<double>)x));
        Assert.Equal(1, Blas.Iamax(x));
        Assert.Equal(1, Blas.Iamax((ReadOnlySpan<double>)x));
        Assert.Equal(-1, Blas.Iamax(Array.Empty<double>()));

        var y1 = (double[])y.Clone();
        Blas.Axpy(2.0, x, y1);
        Assert.Equal([7, -6, 4], y1);
        var y2 = (double[])y.Clone();
        Blas.Axpy(2.0, (ReadOnlySpan<double>)x, y2.AsSpan());
        Assert.Equal([7, -6, 4], y2);

        var s = (double[])x.Clone();
        Blas.Scal(-2.0, s);
        Assert.Equal([-6, 8, -2], s);
        Blas.Scal(0.5, s.AsSpan());
        Assert.Equal([-3, 4, -1], s);

        var c = new double[3];
        Blas.Copy(x, c);
        Assert.Equal(x, c);
        var c2 = new double[3];
        Blas.Copy((ReadOnlySpan<double>)y, c2.AsSpan());
        Assert.Equal(y, c2);

        double[] p = [1, 2], q = [3, 4];
        Blas.Swap(p, q);
        Assert.Equal([3, 4], p);
        Assert.Equal([1, 2], q);
        Blas.Swap(p.AsSpan(), q.AsSpan());
        Assert.Equal([1, 2], p);
        Assert.Equal([3, 4], q);
    }

    [Fact]
    public void PlainAndArrayForms_Float_MatchHandComputedValues()
    {
        float[] x = [3, -4, 1], y = [1, 2, 2];
        Assert.Equal(-3f, Blas.Dot(x, y));
        Assert.Equal(-3f, Blas.Dot((ReadOnlySpan<float>)x, y));
        Assert.Equal(MathF.Sqrt(26), Blas.Nrm2(x), 5);
        Assert.Equal(MathF.Sqrt(26), Blas.Nrm2((ReadOnlySpan<float>)x), 5);
        Assert.Equal(8f, Blas.Asum(x));
        Assert.Equal(8f, Blas.Asum((ReadOnlySpan<float>)x));
        Assert.Equal(1, Blas.Iamax(x));
        Assert.Equal(1, Blas.Iamax((ReadOnlySpan<float>)x));
        Assert.Equal(-1, Blas.Iamax(ReadOnlySpan<float>.Empty));

        var y1 = (float[])y.Clone();
        Blas.Axpy(2f, x, y1);
        Assert.Equal([7f, -6f, 4f], y1);
        var y2 = (float[])y.Clone();
        Blas.Axpy(2f, (ReadOnlySpan<float>)x, y2.AsSpan());
        Assert.Equal([7f, -6f, 4f], y2);

        var s = (float[])x.Clone();
        Blas.Scal(-2f, s);
        Assert.Equal([-6f, 8f, -2f], s);
        Blas.Scal(0.5f, s.AsSpan());
        Assert.Equal([-3f, 4f, -1f], s);

        var c = new float[3];
        Blas.Copy(x, c);
        Assert.Equal(x, c);
        var c2 = new float[3];
        Blas.Copy((ReadOnlySpan<float>)y, c2.AsSpan());
        Assert.Equal(y, c2);

        float[] p = [1, 2], q = [3, 4];
        Blas.Swap(p, q);
        Assert.Equal([3f, 4f], p);
        Assert.Equal([1f, 2f], q);
        Blas.Swap(p.AsSpan(), q.AsSpan());
        Assert.Equal([1f, 2f], p);
        Assert.Equal([3f, 4f], q);
    }

    [Fact]
    public void Nrm2_NeitherOverflowsNorUnderflows()
    {
        Assert.Equal(Math.Sqrt(2) * 1e200, Blas.Nrm2([1e200, -1e200]), 1e186);
        Assert.Equal(5e-200, Blas.Nrm2([3e-200, 4e-200]), 1e-213);
        Assert.Equal(Math.Sqrt(2) * 1e30f, Blas.Nrm2([1e30f, 1e30f]), 1e24f);
        Assert.Equal(5e-30f, Blas.Nrm2([3e-30f, -4e-30f]), 1e-35f);
        // Strided, past the unit-stride fast paths.
        Assert.Equal(5e200, Blas.Nrm2(2, [3e200, 1, -4e200], 2), 1e187);
        Assert.Equal(5e-200, Blas.Nrm2(2, [3e-200, 1, 4e-200], 2), 1e-213);
        Assert.Equal(5e30f, Blas.Nrm2(2, [3e30f, 1, 4e30f], 2), 1e25f);
    }

    /// <summary>
    /// A long float vector's norm to float accuracy on every provider: the managed provider summed the squares in float32
    /// (2·10⁶ × 0.1f gave 0.024 % too much, 2·10⁷ gave 0.8 % too little) and BLIS's snrm2 drifted likewise (8 % at 2·10⁷).
    /// Reference: √n·0.1f in double, and the double sum of the squares for varied values.
    /// </summary>
    [Fact]
    public void Nrm2_Float_LongVector_KeepsFloatAccuracy()
    {
        const int n = 2_000_000;
        var x = new float[n];
        Array.Fill(x, 0.1f);
        double exact = Math.Sqrt(n) * 0.1f;
        Assert.Equal(1, Blas.Nrm2(x) / exact, 5e-7);
        Assert.Equal(1, Blas.Nrm2(n / 2, x, 2) / (Math.Sqrt(n / 2) * 0.1f), 5e-7);
        var rnd = new Random(3);
        for (int i = 0; i < n; i++) x[i] = (float)(rnd.NextDouble() * 2 - 1);
        double sum = 0;
        foreach (float v in x) sum += (double)v * v;
        Assert.Equal(1, Blas.Nrm2(x) / Math.Sqrt(sum), 5e-7);
        // Non-finite entries keep their documented answers on the float path too.
        Assert.True(float.IsNaN(Blas.Nrm2([1f, float.PositiveInfinity, float.NaN])));
        Assert.True(float.IsPositiveInfinity(Blas.Nrm2(2, [float.NegativeInfinity, float.NaN, float.PositiveInfinity], 2)));
        Assert.Equal(5e-44f, Blas.Nrm2([3e-44f, 4e-44f]), 2e-45f);
    }

    [Fact]
    public void Iamax_ReturnsTheFirstOfEqualMagnitudes()
    {
        Assert.Equal(1, Blas.Iamax([1.0, -5.0, 5.0, 2.0]));
        Assert.Equal(0, Blas.Iamax([7f, 7f]));
        // Strided: indices count strided elements, not storage positions.
        Assert.Equal(2, Blas.Iamax(3, [1.0, 99, -2, 99, 3, 99], 2));
    }

    [Fact]
    public void Axpy_SameSpanForXAndY_DoublesIt()
    {
        // x and y the very same span is harmless for axpy (each yᵢ depends only on xᵢ).
        double[] v = [1, 2, 3];
        Blas.Axpy(1.0, v, v);
        Assert.Equal([2, 4, 6], v);
    }

    [Fact]
    public void Nrm2AndAsum_PropagateNaNAndInfinity()
    {
        Assert.True(double.IsNaN(Blas.Nrm2([1.0, double.NaN, 2.0])));
        Assert.True(double.IsPositiveInfinity(Blas.Nrm2([1.0, double.NegativeInfinity])));
        Assert.True(double.IsNaN(Blas.Asum([1.0, double.NaN])));
        Assert.True(float.IsPositiveInfinity(Blas.Asum([1f, float.PositiveInfinity])));
    }

    /// <summary>
    /// x on the even and y on the odd elements of one buffer (real and imaginary parts) share no element: a valid BLAS
    /// call, rejected before as "y overlaps x in memory" because the spans overlap. Vectors that do share an element
    /// are still rejected.
    /// </summary>
    [Fact]
    public void InterleavedVectors_ThatShareNoElement_AreAccepted()
    {
        double[] buf = [1, 10, 2, 20, 3, 30];
        Blas.Axpy(3, 2.0, buf.AsSpan(0, 5), 2, buf.AsSpan(1, 5), 2);
        Assert.Equal([1.0, 12, 2, 24, 3, 36], buf);
        Blas.Copy(3, buf.AsSpan(1, 5), 2, buf.AsSpan(0, 5), 2);
        Assert.Equal([12.0, 12, 24, 24, 36, 36], buf);
        float[] f = [1, 2, 3, 4, 5, 6];
        Blas.Swap(3, f.AsSpan(0, 5), 2, f.AsSpan(1, 5), 2);
        Assert.Equal([2f, 1, 4, 3, 6, 5], f);
        // y = A x with x on the even, y on the odd elements: A = [[1, 2], [3, 4]], x = (1, 2) ⇒ y = (5, 11).
        double[] v = [1, -1, 2, -1];
        Blas.Gemv(Transpose.None, 2, 2, 1.0, [1.0, 2, 3, 4], 2, v.AsSpan(0, 3), 2, 0.0, v.AsSpan(1, 3), 2);
        Assert.Equal([1.0, 5, 2, 11], v);
        // Increments 2 and 3 from offsets 0 and 1 meet at element 4: still an overlap.
        var shared = new double[9];
        var ex = Assert.Throws<ArgumentException>(() => Blas.Axpy(3, 1.0, shared.AsSpan(0, 5), 2, shared.AsSpan(1, 7), 3));
        Assert.Equal("y", ex.ParamName);
        Assert.Throws<ArgumentException>(() => Blas.Copy(3, shared.AsSpan(0, 5), 2, shared.AsSpan(2, 5), 2));
    }

    /// <summary>
    /// The element test behind the overlap check (a closed-form solve of i·incX − j·incY = offset) against a brute-force
    /// intersection of the two index sets, over every offset that makes the spans overlap, increments 1 to 7 and lengths
    /// 1 to 6 (both orders: x before y and y before x). x and y the very same vector is accepted (a no-op, as in reference BLAS).
    /// </summary>
    [Fact]
    public void OverlapCheck_RejectsExactlyTheVectorsThatShareAnElement()
    {
        var buffer = new double[200];
        for (int incX = 1; incX <= 7; incX++)
        for (int incY = 1; incY <= 7; incY++)
        for (int n = 1; n <= 6; n++)
        {
            int spanX = (n - 1) * incX + 1, spanY = (n - 1) * incY + 1;
            for (int offY = -(spanY - 1); offY < spanX; offY++)
            {
                int x0 = Math.Max(0, -offY), y0 = x0 + offY; // y starts offY elements after x
                var xs = Enumerable.Range(0, n).Select(i => x0 + i * incX).ToHashSet();
                bool shares = Enumerable.Range(0, n).Any(j => xs.Contains(y0 + j * incY));
                bool threw = false;
                try { Blas.Copy(n, buffer.AsSpan(x0, spanX), incX, buffer.AsSpan(y0, spanY), incY); }
                catch (ArgumentException) { threw = true; }
                // The very same vector (same start, same increment, or one element) is reference BLAS's allowed no-op copy.
                bool same = offY == 0 && (n == 1 || incX == incY);
                Assert.True((shares && !same) == threw, $"incX {incX}, incY {incY}, n {n}, y at x + {offY}: shares {shares}, same {same}, rejected {threw}");
            }
        }
    }
}
