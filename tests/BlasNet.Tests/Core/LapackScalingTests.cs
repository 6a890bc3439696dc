using BlasNet.Providers;

namespace BlasNet.Tests.Core;

/// <summary>
/// The managed LAPACK on data near the ends of double's range: finite subnormal data (1e−310) must not turn into ∞ or
/// NaN. Before, the managed Householder reflector (dlarfg without its rescaling) computed 1/(α − β) = 1/1e−310 = ∞, so
/// on the managed provider (and any provider without native LAPACK) QrPivoted of a 1e−310-scaled matrix had rank 1,
/// R = [1.87e−310, NaN, NaN] and Q all NaN, and Geqrf of a subnormal column stored ∞ as its Householder vector. Each
/// test runs the process's provider through the public API and the managed routines directly, against closed forms
/// or the same factorization at scale 1.
/// </summary>
public class LapackScalingTests
{
    private const double Eps = 1.1102230246251565e-16; // 2⁻⁵³, the unit roundoff

    /// <summary>The smallest subnormal: the granularity of results below 2⁻¹⁰²².</summary>
    private const double Tiny = double.Epsilon;

    private delegate int Geqrf(int m, int n, Span<double> a, int lda, Span<double> tau);

    public static TheoryData<double> ColumnScales => new() { 1e-310, 1e-318, 1e-300, 1.0, 1e300 };

    [Theory, MemberData(nameof(ColumnScales))]
    public void Geqrf_Column_IsTheClosedFormHouseholderReflector(double scale)
    {
        Check(Lapack.Geqrf, "Lapack.Geqrf on " + BlasProvider.Current.Name);
        Check(ManagedLapack.Geqrf, "ManagedLapack.Geqrf");

        void Check(Geqrf geqrf, string who)
        {
            double[] x = [1 * scale, 2 * scale, 3 * scale, 4 * scale];
            // Closed form from the stored values: scaled into the normal range by a power of two (exact), where
            // ‖x‖ = β's magnitude, τ = (β − α)/β and v = x[1..]/(α − β) are computed as in the definition.
            int shift = -Math.ILogB(x[3]);
            double[] u = x.Select(v => Math.ScaleB(v, shift)).ToArray();
            double norm = Math.Sqrt(u.Sum(v => v * v));
            double beta = -Math.ScaleB(norm, -shift), tau = 1 + u[0] / norm;
            var a = (double[])x.Clone();
            var t = new double[1];
            Assert.Equal(0, geqrf(4, 1, a, 4, t));
            string at = $"{who}, x = [{string.Join(", ", x)}]";
            Assert.True(Math.Abs(a[0] - beta) <= 4 * Eps * Math.Abs(beta) + 2 * Tiny, $"{at}: β = {a[0]}, expected {beta}");
            Assert.True(Math.Abs(t[0] - tau) <= 8 * Eps * tau, $"{at}: τ = {t[0]}, expected {tau}");
            for (int r = 1; r < 4; r++)
            {
                double v = u[r] / (u[0] + norm);
                Assert.True(Math.Abs(a[r] - v) <= 8 * Eps * Math.Abs(v), $"{at}: v[{r}] = {a[r]}, expected {v}");
            }
        }
    }

    [Fact]
    public void ManagedGeqrf_HugeColumn_KeepsItsReflector()
    {
        // α − β = 2.4e308 overflowed (v = x/∞ = 0, τ = ∞ in native dlarfg, which has no guard for it): the managed
        // reflector scales such a column down first. x = (c, c): β = −√2·c, τ = 1 + 1/√2, v = 1/(1 + √2).
        foreach (double c in new[] { 1e308, 1.5e308 })
        {
            double[] a = [c, c];
            var t = new double[1];
            ManagedLapack.Geqrf(2, 1, a, 2, t);
            double beta = -Math.Sqrt(2) * c; // −∞ for 1.5e308: R's entry itself is beyond double's range
            Assert.True(beta == a[0] || Math.Abs(a[0] - beta) <= 4 * Eps * Math.Abs(beta), $"c = {c}: β = {a[0]}, expected {beta}");
            Assert.True(Math.Abs(t[0] - (1 + 1 / Math.Sqrt(2))) <= 8 * Eps, $"c = {c}: τ = {t[0]}");
            Assert.True(Math.Abs(a[1] - 1 / (1 + Math.Sqrt(2))) <= 8 * Eps, $"c = {c}: v = {a[1]}");
        }
    }

    public static TheoryData<double> MatrixScales => new() { 1e-310, 1e-300, 1e300 };

    /// <summary>The audit's matrix: 6×3, entries sin(i²·3.1 + j²·7.3 + i·j + 1), times <paramref name="scale"/>.</summary>
    private static Matrix<double> Audit(double scale) => Matrix.Create<double>(6, 3, (i, j) => scale * Math.Sin(i * i * 3.1 + j * j * 7.3 + i * j + 1));

    [Theory, MemberData(nameof(MatrixScales))]
    public void QrPivoted_OfAScaledMatrix_IsTheUnitScaleQrWithRTimesTheScale(double scale)
    {
        var unit = Lapack.QrPivoted(Audit(1));
        var scaled = Lapack.QrPivoted(Audit(scale));
        Same(unit, scaled, scale, "Lapack.QrPivoted on " + BlasProvider.Current.Name);
    }

    [Theory, MemberData(nameof(MatrixScales))]
    public void ManagedGeqp3_OfAScaledMatrix_IsTheUnitScaleFactorization(double scale)
    {
        // The managed routine itself, whatever the process's provider (on native ones Lapack calls their LAPACK).
        var unit = ManagedQr(Audit(1));
        var scaled = ManagedQr(Audit(scale));
        Same(unit, scaled, scale, "ManagedLapack.Geqp3");

        static PivotedQr ManagedQr(Matrix<double> a)
        {
            var packed = Lapack.ToColumnMajor(a);
            var tau = new double[3];
            var perm = new int[3];
            Assert.Equal(0, ManagedLapack.Geqp3(6, 3, packed, 6, perm, tau));
            return new PivotedQr(6, 3, packed, tau, perm);
        }
    }

    /// <summary>
    /// Same pivots and rank; R equal to scale·R₁ and Q to Q₁, to rounding: the scaled matrix's entries carry the rounding
    /// of scale·aᵢⱼ, which for subnormal values is an absolute 2⁻¹⁰⁷⁵ (a relative 3e−14 at 1.6e−310).
    /// </summary>
    private static void Same(PivotedQr unit, PivotedQr scaled, double scale, string who)
    {
        string at = $"{who}, scale {scale}";
        Assert.Equal(unit.Permutation, scaled.Permutation);
        Assert.Equal(3, unit.Rank());
        Assert.Equal(3, scaled.Rank());
        Matrix<double> r1 = unit.R, rs = scaled.R;
        double rmax = Enumerable.Range(0, 3).Max(i => Math.Abs(r1[i, i]));
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
            {
                double expected = r1[i, j], got = rs[i, j] / scale;
                Assert.True(double.IsFinite(rs[i, j]) && Math.Abs(got - expected) <= 1e-11 * rmax, $"{at}: R[{i},{j}] / scale = {got}, at scale 1 {expected}");
            }
        for (int e = 0; e < 6; e++)
        {
            var basis = new double[6];
            basis[e] = 1;
            double[] q1 = unit.ApplyQ(basis), qs = scaled.ApplyQ(basis), t1 = unit.ApplyQTranspose(basis), ts = scaled.ApplyQTranspose(basis);
            for (int i = 0; i < 6; i++)
            {
                Assert.True(Math.Abs(qs[i] - q1[i]) <= 1e-11, $"{at}: Q[{i},{e}] = {qs[i]}, at scale 1 {q1[i]}");
                Assert.True(Math.Abs(ts[i] - t1[i]) <= 1e-11, $"{at}: Qᵀ[{i},{e}] = {ts[i]}, at scale 1 {t1[i]}");
            }
        }
    }

    [Theory, MemberData(nameof(MatrixScales))]
    public void ManagedPotrfAndTrtrs_OfAScaledMatrix_AreTheUnitScaleOnesScaled(double scale)
    {
        // Already safe (they divide by the pivot rather than multiply by its reciprocal): A = s·A₁ gives L = √s·L₁, and
        // the solve of s·b with L = √s·L₁ gives √s·x₁. Kept as a guard for the pattern the reflector had.
        const int n = 4;
        double At(int i, int j) => i == j ? 4.0 : 1.0 / (2 + i + j);
        double[] a1 = new double[n * n], a = new double[n * n];
        for (int j = 0; j < n; j++)
            for (int i = 0; i < n; i++) { a1[j * n + i] = At(i, j); a[j * n + i] = scale * At(i, j); }
        Assert.Equal(0, ManagedLapack.Potrf(Triangle.Lower, n, a1, n));
        Assert.Equal(0, ManagedLapack.Potrf(Triangle.Lower, n, a, n));
        double root = Math.Sqrt(scale);
        for (int j = 0; j < n; j++)
            for (int i = j; i < n; i++)
                Assert.True(Math.Abs(a[j * n + i] / root - a1[j * n + i]) <= 1e-12, $"scale {scale}: L[{i},{j}] = {a[j * n + i]}, √s·L₁ = {root * a1[j * n + i]}");
        double[] b1 = [1, 2, 3, 4], b = b1.Select(v => v * scale).ToArray();
        Assert.Equal(0, ManagedLapack.Trtrs(Triangle.Lower, Transpose.None, Diagonal.NonUnit, n, 1, a1, n, b1, n));
        Assert.Equal(0, ManagedLapack.Trtrs(Triangle.Lower, Transpose.None, Diagonal.NonUnit, n, 1, a, n, b, n));
        for (int i = 0; i < n; i++)
            Assert.True(Math.Abs(b[i] / root - b1[i]) <= 1e-12 * Math.Abs(b1.Max()), $"scale {scale}: x[{i}] = {b[i]}, √s·x₁ = {root * b1[i]}");
    }

    [Fact]
    public void QrPivoted_NearDoubleMaxValue_IsTheScaleOneFactorizationScaled()
    {
        // 6×3 with entries in [1, 2) times 2^1022 (up to 9e307, column norms near 1.4e308): LAPACK's α − β, about twice a
        // column's norm, overflows, so OpenBLAS's and MKL's dgeqp3 left a column unreflected (R[1,1] the column's own norm, a wrong R
        // reported as a factorization) and Solve returned NaN on every provider. QrPivoted now factors 2^-1022·A, exactly
        // the scale-1 matrix, so R, the permutation and the rank are those of scale 1 times 2^1022 bit for bit.
        const int Exponent = 1022;
        var one = Matrix.Create<double>(6, 3, (i, j) => 1 + 0.5 * Math.Abs(Math.Sin(i * i * 3.1 + j * j * 7.3 + i * j + 1)) + (i == j ? 0.49 : 0));
        var huge = Matrix.Create<double>(6, 3, (i, j) => Math.ScaleB(one[i, j], Exponent));
        var q1 = Lapack.QrPivoted(one);
        var qh = Lapack.QrPivoted(huge);
        Assert.Equal(q1.Permutation, qh.Permutation);
        Assert.Equal(3, qh.Rank());
        // Bit for bit where the provider rounds the same wherever its buffers lie; else (MKL without MKL_CBWR, OpenBLAS's
        // Prescott kernels) the two factorizations' buffers lie differently, so to rounding of the largest entry of its kind.
        void Same(double scaleOne, double huge, double size, string what)
        {
            if (ProviderReproducibility.BitForBit) Assert.Equal(scaleOne, huge);
            else Assert.True(Math.Abs(scaleOne - huge) <= 1e-14 * size, $"{what} = {huge}, the scale-1 value {scaleOne}");
        }
        Matrix<double> r1 = q1.R, rh = qh.R;
        double rSize = Math.ScaleB(r1.AsSpan().ToArray().Max(Math.Abs), Exponent);
        for (int i = 0; i < 3; i++)
            for (int j = i; j < 3; j++)
                Same(Math.ScaleB(r1[i, j], Exponent), rh[i, j], rSize, $"R[{i},{j}]");
        // Solve with b near MaxValue too: x = the scale-1 solution (A and b scaled alike); Q applied to a huge vector stays in range.
        double[] b1 = [1.5, -1.25, 1.75, 1.0, -1.5, 1.125];
        double[] bh = b1.Select(v => Math.ScaleB(v, Exponent)).ToArray();
        double[] x1 = q1.Solve(b1), xh = qh.Solve(bh);
        for (int i = 0; i < 3; i++) Same(x1[i], xh[i], x1.Max(Math.Abs), $"x[{i}]");
        double[] qtb1 = q1.ApplyQTranspose(b1), qtbh = qh.ApplyQTranspose(bh);
        for (int i = 0; i < 6; i++) Same(Math.ScaleB(qtb1[i], Exponent), qtbh[i], bh.Max(Math.Abs), $"Qᵀb[{i}]");
        double[] back = qh.ApplyQ(qtbh); // Q Qᵀ b = b, from a Qᵀb near MaxValue
        double largest = bh.Max(Math.Abs);
        for (int i = 0; i < 6; i++) Assert.True(Math.Abs(back[i] - bh[i]) <= 16 * Eps * largest, $"Q Qᵀ b [{i}] = {back[i]}, b = {bh[i]}");
    }

    [Fact]
    public void QrPivoted_OfSubnormalData_SolvesAsTheUnitScaleData()
    {
        // An audit's case: A = 2⁻¹⁰⁶⁰·[[1, 3], [2, 4], [5, 7]], b = 2⁻¹⁰⁶⁰·[1, 2, 3], every entry exact (subnormal). The
        // least-squares solution is that of the integer data, [1/13, 5/13] (normal equations [[30, 46], [46, 74]]x = [20, 31]).
        // Before, the factorization ran on the subnormal values and Solve was 7e-4 off on every provider; now 2^1058·A is
        // factored, exactly, so R, the permutation and x are the unit-scale ones.
        const int Shift = -1060;
        double[,] integers = { { 1, 3 }, { 2, 4 }, { 5, 7 } };
        var one = Matrix.FromArray2D(integers);
        var tiny = Matrix.Create<double>(3, 2, (i, j) => Math.ScaleB(integers[i, j], Shift));
        Assert.True(tiny[0, 0] < Math.ScaleB(1.0, -1022) && tiny[2, 1] == Math.ScaleB(7.0, Shift)); // subnormal and exact
        double[] b = [Math.ScaleB(1.0, Shift), Math.ScaleB(2.0, Shift), Math.ScaleB(3.0, Shift)];
        var qr = Lapack.QrPivoted(tiny);
        double[] x = qr.Solve(b);
        Assert.True(Math.Abs(x[0] - 1.0 / 13) <= 1e-14 && Math.Abs(x[1] - 5.0 / 13) <= 1e-14, $"x = [{x[0]}, {x[1]}], expected [1/13, 5/13]");
        var unit = Lapack.QrPivoted(one);
        Assert.Equal(unit.Permutation, qr.Permutation);
        Assert.Equal(2, qr.Rank());
        Matrix<double> r1 = unit.R, rt = qr.R;
        for (int i = 0; i < 2; i++)
            for (int j = i; j < 2; j++)
                Assert.Equal(Math.ScaleB(r1[i, j], Shift), rt[i, j]);
    }
}
