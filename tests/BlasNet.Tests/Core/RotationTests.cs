using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text.Json;
using BlasNet.Interop;
using BlasNet.Providers;

namespace BlasNet.Tests.Core;

/// <summary>
/// Level 1 plane rotations (rot, rotm, rotg, rotmg): against <see cref="NaiveBlas"/>, the closed forms, SciPy and reference
/// BLAS 3.11 (tests/data/rotation-reference.json), validation, NaN/∞ semantics and the fallback for a library without them.
/// </summary>
public class RotationTests
{
    public static TheoryData<int, int, int> StridedCases => new()
    {
        { 0, 1, 1 }, { 1, 1, 1 }, { 1, 3, 2 }, { 7, 1, 1 }, { 33, 2, 1 }, { 65, 1, 3 }, { 130, 3, 2 }, { 1000, 1, 1 },
    };

    [Theory, MemberData(nameof(StridedCases))]
    public void Rot_Double_MatchesNaive(int n, int incX, int incY) => RotMatchesNaive<double>(n, incX, incY);

    [Theory, MemberData(nameof(StridedCases))]
    public void Rot_Float_MatchesNaive(int n, int incX, int incY) => RotMatchesNaive<float>(n, incX, incY);

    [Theory, MemberData(nameof(StridedCases))]
    public void Rotm_Double_EveryForm_MatchesNaive(int n, int incX, int incY) => RotmMatchesNaive<double>(n, incX, incY);

    [Theory, MemberData(nameof(StridedCases))]
    public void Rotm_Float_EveryForm_MatchesNaive(int n, int incX, int incY) => RotmMatchesNaive<float>(n, incX, incY);

    private static (T[] X, T[] Y) Vectors<T>(int n, int incX, int incY, Random rng) where T : unmanaged, IFloatingPointIeee754<T>
    {
        // One spare element past the strided extent: it must never change (nor the stride gaps).
        int lenX = n == 0 ? 1 : (n - 1) * incX + 2, lenY = n == 0 ? 1 : (n - 1) * incY + 2;
        return (TestValues.Random<T>(lenX, rng), TestValues.Random<T>(lenY, rng));
    }

    private static void RotMatchesNaive<T>(int n, int incX, int incY) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(7000 + 100 * n + 10 * incX + incY);
        foreach (var (c, s) in new[] { (0.6, 0.8), (0.0, 1.0), (1.0, 0.0), (-0.28, -0.96), (2.5, -1.5) })
        {
            var (x, y) = Vectors<T>(n, incX, incY, rng);
            var dx = TestValues.ToDouble(x); var dy = TestValues.ToDouble(y);
            T tc = T.CreateTruncating(c), ts = T.CreateTruncating(s);
            var (bx, by) = NaiveBlas.Rot(n, dx, incX, dy, incY, double.CreateTruncating(tc), double.CreateTruncating(ts));
            Blas.Rot<T>(n, x, incX, y, incY, tc, ts);
            TestValues.AssertClose(dx, x, bx, 2, $"rot x (c = {c}, s = {s})");
            TestValues.AssertClose(dy, y, by, 2, $"rot y (c = {c}, s = {s})");
        }
    }

    private static IEnumerable<double[]> Params() =>
    [
        [-1, 0.5, -2, 1.5, 0.25], [0, 7, 0.75, -0.5, 7], [1, 1.25, 7, 7, -0.5], [-2, 2, 3, 4, 5], [-1, 0, 0, 0, 0],
    ];

    private static void RotmMatchesNaive<T>(int n, int incX, int incY) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(8000 + 100 * n + 10 * incX + incY);
        foreach (var p in Params())
        {
            var (x, y) = Vectors<T>(n, incX, incY, rng);
            var dx = TestValues.ToDouble(x); var dy = TestValues.ToDouble(y);
            var (bx, by) = NaiveBlas.Rotm(n, dx, incX, dy, incY, p);
            var param = p.Select(T.CreateTruncating).ToArray();
            // The param-span form (as translated BLAS code calls it) and, on a copy, the record form of the same H.
            var (x2, y2) = ((T[])x.Clone(), (T[])y.Clone());
            Blas.Rotm<T>(n, x, incX, y, incY, (ReadOnlySpan<T>)param);
            TestValues.AssertClose(dx, x, bx, 2, $"rotm x (param {string.Join(' ', p)})");
            TestValues.AssertClose(dy, y, by, 2, $"rotm y (param {string.Join(' ', p)})");
            Blas.Rotm<T>(n, x2, incX, y2, incY, Record<T>(p));
            Assert.Equal(x, x2);
            Assert.Equal(y, y2);
        }
    }

    /// <summary>A record holding param's H, built through Rotmg's public constructor path: ModifiedGivensRotation's constructor is internal.</summary>
    private static ModifiedGivensRotation<T> Record<T>(double[] p) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var form = (ModifiedRotationForm)(int)p[0];
        double h11 = p[1], h21 = p[2], h12 = p[3], h22 = p[4];
        if (form == ModifiedRotationForm.UnitDiagonal) { h11 = 1; h22 = 1; }
        if (form == ModifiedRotationForm.SkewOffDiagonal) { h12 = 1; h21 = -1; }
        if (form == ModifiedRotationForm.Identity) { h11 = 1; h21 = 0; h12 = 0; h22 = 1; }
        return new ModifiedGivensRotation<T>(form, T.CreateTruncating(h11), T.CreateTruncating(h21), T.CreateTruncating(h12), T.CreateTruncating(h22), T.One, T.One, T.One);
    }

    [Fact]
    public void ArrayAndSpanForms_MatchTheStridedForm()
    {
        double[] x = [1, -2, 3.5, 0.25], y = [4, 0.5, -1, 2];
        var (ex, ey) = ((double[])x.Clone(), (double[])y.Clone());
        NaiveBlas.Rot(4, ex, 1, ey, 1, 0.6, 0.8);
        var (ax, ay) = ((double[])x.Clone(), (double[])y.Clone());
        Blas.Rot(ax, ay, 0.6, 0.8);
        TestValues.AssertClose(ex, ax, [5, 5, 5, 5], 2, "array rot x");
        TestValues.AssertClose(ey, ay, [5, 5, 5, 5], 2, "array rot y");
        var (sx, sy) = ((double[])x.Clone(), (double[])y.Clone());
        Blas.Rot(sx.AsSpan(), sy.AsSpan(), 0.6, 0.8);
        Assert.Equal(ax, sx); Assert.Equal(ay, sy);
        var (gx, gy) = ((double[])x.Clone(), (double[])y.Clone());
        Blas.Rot(gx, gy, Blas.Rotg(3.0, 4.0));
        TestValues.AssertClose(ex, gx, [5, 5, 5, 5], 2, "rot with a GivensRotation");

        float[] fx = [1, -2, 3.5f], fy = [4, 0.5f, -1];
        var (efx, efy) = (TestValues.ToDouble(fx), TestValues.ToDouble(fy));
        NaiveBlas.Rot(3, efx, 1, efy, 1, 0.6f, 0.8f);
        Blas.Rot(fx, fy, Blas.Rotg(3f, 4f));
        TestValues.AssertClose(efx, fx, [5, 5, 5], 2, "float rot with a GivensRotation");
    }

    // ---------------- rotg ----------------

    [Fact]
    public void Rotg_ClosedForm_OverTheWholeExponentRange()
    {
        var rng = new Random(4242);
        for (int t = 0; t < 4000; t++)
        {
            double a = Math.ScaleB(rng.NextDouble() - 0.5, rng.Next(-1070, 1020)) * (t % 7 == 0 ? 0 : 1);
            double b = Math.ScaleB(rng.NextDouble() - 0.5, rng.Next(-1070, 1020));
            CheckClosedForm(a, b, Blas.Rotg(a, b));
            float fa = (float)Math.ScaleB(rng.NextDouble() - 0.5, rng.Next(-145, 125)), fb = (float)Math.ScaleB(rng.NextDouble() - 0.5, rng.Next(-145, 125));
            CheckClosedForm(fa, fb, Blas.Rotg(fa, fb));
        }
    }

    /// <summary>c² + s² = 1, [c s; −s c][a; b] = [r; 0] (relative to |r|, computed in double after scaling by a power of two), z reconstructs c and s.</summary>
    private static void CheckClosedForm<T>(T a, T b, GivensRotation<T> g) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double eps = TestValues.MachineEpsilon<T>(), da = double.CreateTruncating(a), db = double.CreateTruncating(b);
        double c = double.CreateTruncating(g.C), s = double.CreateTruncating(g.S), r = double.CreateTruncating(g.R), z = double.CreateTruncating(g.Z);
        string what = $"rotg({da:R}, {db:R}) = {g}";
        Assert.True(double.IsFinite(c) && double.IsFinite(s) && double.IsFinite(r), what);
        Assert.True(Math.Abs(c * c + s * s - 1) <= 4 * eps, what);
        int k = Math.Max(Math.ILogB(Math.Abs(da)), Math.ILogB(Math.Abs(db)));
        double sa = Math.ScaleB(da, -k), sb = Math.ScaleB(db, -k), sr = Math.ScaleB(r, -k);
        double tol = 8 * eps * Math.Abs(sr);
        // Subnormal inputs carry fewer bits: allow their own spacing (scaled) as well.
        double grid = Math.ScaleB(double.CreateTruncating(T.Epsilon), -k);
        Assert.True(Math.Abs(c * sa + s * sb - sr) <= tol + 4 * grid, what);
        Assert.True(Math.Abs(-s * sa + c * sb) <= tol + 4 * grid, what);
        // r's sign: that of the larger-magnitude input (of b on a tie), as reference BLAS.
        Assert.Equal(Math.Abs(da) > Math.Abs(db) ? Math.Sign(da) : Math.Sign(db), Math.Sign(r));
        // Reference BLAS's reconstruction from z.
        double rc, rs;
        if (Math.Abs(z) < 1) { rs = z; rc = Math.Sqrt(1 - z * z); }
        else if (z == 1) { rc = 0; rs = 1; }
        else { rc = 1 / z; rs = Math.Sqrt(1 - rc * rc); }
        if (double.IsFinite(z))
        {
            Assert.True(Math.Abs(Math.Abs(rc) - Math.Abs(c)) <= 1e3 * eps, what + " (z → c)");
            Assert.True(Math.Abs(Math.Abs(rs) - Math.Abs(s)) <= 1e3 * eps + 4 * Math.Sqrt(eps), what + " (z → s)");
        }
    }

    private static readonly JsonElement Reference = ReferenceData.Load("rotation-reference.json");

    private static double N(JsonElement e) => double.Parse(e.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static IEnumerable<JsonElement> Cases(string routine, string precision) =>
        Reference.GetProperty(routine).EnumerateArray().Where(c => c.GetProperty("precision").GetString() == precision);

    [Fact]
    public void Rotg_Double_MatchesScipyAndReferenceBlas() => RotgMatchesReference<double>("double");

    [Fact]
    public void Rotg_Float_MatchesScipyAndReferenceBlas() => RotgMatchesReference<float>("float");

    private static void RotgMatchesReference<T>(string precision) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int count = 0;
        foreach (var c in Cases("rotg", precision))
        {
            T a = T.CreateTruncating(N(c.GetProperty("a"))), b = T.CreateTruncating(N(c.GetProperty("b")));
            var g = Blas.Rotg(a, b);
            string what = $"rotg({a}, {b}) = {g}, {c.GetProperty("source").GetString()}";
            bool subnormal = T.IsSubnormal(a) && T.IsSubnormal(b);
            if (subnormal)
            {
                // Both subnormal: reference BLAS divides numbers of a few bits (a = b = 1e-320: c = 0.70719776); BlasNet
                // computes c and s at full precision (checked by the closed form), and r as the reference rounds it.
                CheckClosedForm(a, b, g);
                Assert.True(Same(N(c.GetProperty("r")), g.R), what + " (r)");
            }
            else if (c.GetProperty("source").GetString() == "reference-blas")
            {
                // The same algorithm operation for operation: bit for bit, NaN where the reference gives NaN.
                Assert.True(Same(N(c.GetProperty("c")), g.C), what + " (c)");
                Assert.True(Same(N(c.GetProperty("s")), g.S), what + " (s)");
                Assert.True(Same(N(c.GetProperty("r")), g.R), what + " (r)");
                Assert.True(Same(N(c.GetProperty("z")), g.Z), what + " (z)");
            }
            else
            {
                double eps = TestValues.MachineEpsilon<T>();
                Assert.True(Math.Abs(N(c.GetProperty("c")) - double.CreateTruncating(g.C)) <= 2 * eps, what + " (c)");
                Assert.True(Math.Abs(N(c.GetProperty("s")) - double.CreateTruncating(g.S)) <= 2 * eps, what + " (s)");
            }
            count++;
        }
        Assert.True(count >= 20, $"{count} rotg cases read");
    }

    private static bool Same<T>(double expected, T actual) where T : unmanaged, IFloatingPointIeee754<T> =>
        double.IsNaN(expected) ? T.IsNaN(actual) : double.CreateTruncating(actual) == expected;

    [Fact]
    public void Rotg_EdgeCases_FollowReferenceBlas()
    {
        Assert.Equal((1.0, 0.0, 0.0, 0.0), Tuple(Blas.Rotg(0.0, 0.0)));
        Assert.Equal((0.0, 1.0, -5.0, 1.0), Tuple(Blas.Rotg(0.0, -5.0)));
        Assert.Equal((1.0, 0.0, -5.0, 0.0), Tuple(Blas.Rotg(-5.0, 0.0)));
        // No overflow where OpenBLAS 0.3.21 gave r = ∞, c = s = 0, nor underflow where it gave c = s = ∞.
        var big = Blas.Rotg(1e300, 1e300);
        Assert.Equal(Math.Sqrt(2) * 1e300, big.R, 1e286);
        Assert.Equal(Math.Sqrt(0.5), big.C, 15);
        var tiny = Blas.Rotg(1e-200, 3e-200);
        Assert.Equal(1 / Math.Sqrt(10), tiny.C, 15);
        Assert.Equal(3 / Math.Sqrt(10), tiny.S, 15);
        var nan = Blas.Rotg(double.NaN, 1.0);
        Assert.True(double.IsNaN(nan.C) && double.IsNaN(nan.S) && double.IsNaN(nan.R) && double.IsNaN(nan.Z));
        var inf = Blas.Rotg(double.PositiveInfinity, 1.0);
        Assert.True(double.IsPositiveInfinity(inf.R) && double.IsNaN(inf.C) && inf.S == 0);
    }

    private static (double, double, double, double) Tuple(GivensRotation<double> g) => (g.C, g.S, g.R, g.Z);

    // ---------------- rotmg ----------------

    [Fact]
    public void Rotmg_Double_MatchesScipyAndReferenceBlas() => RotmgMatchesReference<double>("double");

    [Fact]
    public void Rotmg_Float_MatchesScipyAndReferenceBlas() => RotmgMatchesReference<float>("float");

    private static void RotmgMatchesReference<T>(string precision) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double eps = TestValues.MachineEpsilon<T>();
        int count = 0;
        foreach (var c in Cases("rotmg", precision))
        {
            T d1 = T.CreateTruncating(N(c.GetProperty("d1"))), d2 = T.CreateTruncating(N(c.GetProperty("d2")));
            T x1 = T.CreateTruncating(N(c.GetProperty("x1"))), y1 = T.CreateTruncating(N(c.GetProperty("y1")));
            var m = Blas.Rotmg(d1, d2, x1, y1);
            string what = $"rotmg({d1}, {d2}, {x1}, {y1}) = {m}, {c.GetProperty("source").GetString()}";
            var p = c.GetProperty("param").EnumerateArray().Select(N).ToArray();
            Assert.Equal((int)p[0], (int)m.Form);
            // Only the entries the flag says are stored are compared with param; the implied ones must be 1, −1 or 0.
            var expected = m.Form switch
            {
                ModifiedRotationForm.Full => new[] { p[1], p[2], p[3], p[4] },
                ModifiedRotationForm.UnitDiagonal => [1, p[2], p[3], 1],
                ModifiedRotationForm.SkewOffDiagonal => [p[1], -1, 1, p[4]],
                _ => [1, 0, 0, 1],
            };
            double[] actual = [double.CreateTruncating(m.H11), double.CreateTruncating(m.H21), double.CreateTruncating(m.H12), double.CreateTruncating(m.H22)];
            for (int i = 0; i < 4; i++) Assert.True(Math.Abs(expected[i] - actual[i]) <= 4 * eps * Math.Abs(expected[i]), what + $" (H entry {i})");
            Assert.True(Math.Abs(N(c.GetProperty("d1_out")) - double.CreateTruncating(m.D1)) <= 4 * eps * Math.Abs(N(c.GetProperty("d1_out"))), what + " (d1)");
            Assert.True(Math.Abs(N(c.GetProperty("d2_out")) - double.CreateTruncating(m.D2)) <= 4 * eps * Math.Abs(N(c.GetProperty("d2_out"))), what + " (d2)");
            Assert.True(Math.Abs(N(c.GetProperty("x1_out")) - double.CreateTruncating(m.X1)) <= 4 * eps * Math.Abs(N(c.GetProperty("x1_out"))), what + " (x1)");
            CheckRotmgInvariants(d1, d2, x1, y1, m);
            count++;
        }
        Assert.True(count >= 15, $"{count} rotmg cases read");
    }

    /// <summary>H·[x1; y1] = [X1; 0] and Hᵀ·diag(D1, D2)·H = diag(d1, d2), in double, relative to the terms' sizes.</summary>
    private static void CheckRotmgInvariants<T>(T d1, T d2, T x1, T y1, ModifiedGivensRotation<T> m) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double eps = TestValues.MachineEpsilon<T>();
        double h11 = double.CreateTruncating(m.H11), h21 = double.CreateTruncating(m.H21), h12 = double.CreateTruncating(m.H12), h22 = double.CreateTruncating(m.H22);
        double D1 = double.CreateTruncating(m.D1), D2 = double.CreateTruncating(m.D2), X1 = double.CreateTruncating(m.X1);
        double x = double.CreateTruncating(x1), y = double.CreateTruncating(y1), a = double.CreateTruncating(d1), b = double.CreateTruncating(d2);
        string what = $"rotmg({a}, {b}, {x}, {y}) = {m}";
        if (m.Form == ModifiedRotationForm.Identity)
        {
            // d2·y1 = 0: y1 carries no weight, nothing is rotated and the weights and x1 stay as they were.
            Assert.True(b * y == 0, what);
            Assert.Equal((a, b, x), (D1, D2, X1));
            return;
        }
        Assert.True(Math.Abs(h11 * x + h12 * y - X1) <= 16 * eps * (Math.Abs(h11 * x) + Math.Abs(h12 * y)), what + " (first row)");
        Assert.True(Math.Abs(h21 * x + h22 * y) <= 16 * eps * (Math.Abs(h21 * x) + Math.Abs(h22 * y)), what + " (second row zeroes y1)");
        double n11 = h11 * h11 * D1 + h21 * h21 * D2, n22 = h12 * h12 * D1 + h22 * h22 * D2, n12 = h11 * h12 * D1 + h21 * h22 * D2;
        double scale = Math.Abs(h11 * h11 * D1) + Math.Abs(h21 * h21 * D2) + Math.Abs(h12 * h12 * D1) + Math.Abs(h22 * h22 * D2);
        Assert.True(Math.Abs(n11 - a) <= 32 * eps * scale, what + " (weight 1)");
        Assert.True(Math.Abs(n22 - b) <= 32 * eps * scale, what + " (weight 2)");
        Assert.True(Math.Abs(n12) <= 32 * eps * scale, what + " (weights stay diagonal)");
    }

    [Fact]
    public void Rotmg_RandomWeights_KeepTheInvariants()
    {
        var rng = new Random(977);
        for (int t = 0; t < 3000; t++)
        {
            double d1 = Math.ScaleB(rng.NextDouble() + 0.01, rng.Next(-80, 80)), d2 = Math.ScaleB(rng.NextDouble() + 0.01, rng.Next(-80, 80));
            double x1 = Math.ScaleB(rng.NextDouble() - 0.5, rng.Next(-40, 40)), y1 = Math.ScaleB(rng.NextDouble() - 0.5, rng.Next(-40, 40));
            CheckRotmgInvariants(d1, d2, x1, y1, Blas.Rotmg(d1, d2, x1, y1));
            CheckRotmgInvariants((float)d1, (float)d2, (float)x1, (float)y1, Blas.Rotmg((float)d1, (float)d2, (float)x1, (float)y1));
        }
    }

    [Fact]
    public void Rotmg_BothWeightsRescaled_KeepsTheFirstRescaling()
    {
        // Reference BLAS 3.11 gives h12 = 1 here (its second rescaling resets H), which breaks H·[x1; y1] = [x1'; 0].
        var m = Blas.Rotmg(1e-10, 1e10, 1.0, 1.0);
        Assert.Equal(ModifiedRotationForm.Full, m.Form);
        Assert.Equal(4096.0, m.H12);
        CheckRotmgInvariants(1e-10, 1e10, 1.0, 1.0, m);
    }

    [Fact]
    public void Rotmg_InfiniteWeight_Returns()
    {
        // Reference BLAS, OpenBLAS and BLIS never return for these (their rescaling loop); MKL gives NaN.
        var m = Blas.Rotmg(double.PositiveInfinity, 1.0, 1.0, 1.0);
        Assert.Equal(ModifiedRotationForm.UnitDiagonal, m.Form);
        Assert.Equal((1.0, -1.0, 0.0, 1.0), (m.H11, m.H21, m.H12, m.H22));
        Assert.True(double.IsPositiveInfinity(m.D1));
        var m2 = Blas.Rotmg(1f, float.PositiveInfinity, 1f, 1f);
        Assert.Equal(ModifiedRotationForm.SkewOffDiagonal, m2.Form);
        Assert.True(float.IsPositiveInfinity(m2.D1));
    }

    [Fact]
    public void Rotmg_IdentityCases_AndNaN()
    {
        var id = Blas.Rotmg(4.0, 2.0, 3.0, 0.0);
        Assert.Equal(ModifiedRotationForm.Identity, id.Form);
        Assert.Equal((4.0, 2.0, 3.0), (id.D1, id.D2, id.X1));
        Assert.Equal([-2.0, 1, 0, 0, 1], id.ToParameters());
        var nan = Blas.Rotmg(double.NaN, 1.0, 1.0, 1.0);
        Assert.True(double.IsNaN(nan.D1) && double.IsNaN(nan.X1) && double.IsNaN(nan.H11));
    }

    [Fact]
    public void Rotmg_RefusesWhatReferenceBlasAnswersWithAZeroH()
    {
        var e1 = Assert.Throws<ArgumentOutOfRangeException>(() => Blas.Rotmg(-1.0, 1.0, 1.0, 1.0));
        Assert.Equal("d1", e1.ParamName);
        var e2 = Assert.Throws<ArgumentException>(() => Blas.Rotmg(1.0, -1.0, 1.0, 2.0));
        Assert.Equal("d2", e2.ParamName);
        Assert.Contains("d2 = -1", e2.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Blas.Rotmg(-1f, 1f, 1f, 1f));
    }

    [Fact]
    public void Rotm_AppliesWhatRotmgComputed()
    {
        // H zeroes y1 when applied to (x1, y1): the round trip the pair of routines exists for.
        var m = Blas.Rotmg(2.0, 3.0, 1.5, -4.0);
        double[] x = [1.5, 7], y = [-4.0, 1];
        Blas.Rotm(x, y, m);
        Assert.Equal(m.X1, x[0], 14);
        Assert.Equal(0.0, y[0], 14);
        double[] px = [1.5, 7], py = [-4.0, 1];
        Blas.Rotm(2, px, 1, py, 1, (ReadOnlySpan<double>)m.ToParameters());
        Assert.Equal(x, px); Assert.Equal(y, py);
    }

    [Fact]
    public void RotAndRotm_MatchScipy()
    {
        foreach (var (precision, isDouble) in new[] { ("double", true), ("float", false) })
        {
            foreach (var c in Cases("rot", precision).Concat(Cases("rotm", precision)))
            {
                double[] x = c.GetProperty("x").EnumerateArray().Select(N).ToArray(), y = c.GetProperty("y").EnumerateArray().Select(N).ToArray();
                double[] ex = c.GetProperty("x_out").EnumerateArray().Select(N).ToArray(), ey = c.GetProperty("y_out").EnumerateArray().Select(N).ToArray();
                bool isRot = c.TryGetProperty("c", out var cc);
                double[] bound = x.Select((v, i) => 16 * (Math.Abs(v) + Math.Abs(y[i]))).ToArray();
                if (isDouble)
                {
                    if (isRot) Blas.Rot(x, y, N(cc), N(c.GetProperty("s")));
                    else Blas.Rotm(x.Length, x, 1, y, 1, (ReadOnlySpan<double>)c.GetProperty("param").EnumerateArray().Select(N).ToArray());
                    TestValues.AssertClose(ex, x, bound, 2, "scipy x"); TestValues.AssertClose(ey, y, bound, 2, "scipy y");
                }
                else
                {
                    float[] fx = x.Select(v => (float)v).ToArray(), fy = y.Select(v => (float)v).ToArray();
                    if (isRot) Blas.Rot(fx, fy, (float)N(cc), (float)N(c.GetProperty("s")));
                    else Blas.Rotm(fx.Length, fx, 1, fy, 1, (ReadOnlySpan<float>)c.GetProperty("param").EnumerateArray().Select(v => (float)N(v)).ToArray());
                    TestValues.AssertClose(ex, fx, bound, 2, "scipy x"); TestValues.AssertClose(ey, fy, bound, 2, "scipy y");
                }
            }
        }
    }

    // ---------------- NaN and ∞ ----------------

    [Theory]
    [InlineData(1), InlineData(5), InlineData(33)]
    public void Rot_ZeroCosineOrSine_KeepsZeroTimesNaN(int n)
    {
        // c = 0: x' = 0·x + s·y; a NaN in x still makes x' NaN (0·NaN), an ∞ in y makes y' = 0·∞ − s·x NaN.
        var x = TestValues.Filled(n, 1.0); var y = TestValues.Filled(n, 1.0);
        x[n - 1] = double.NaN; y[0] = double.PositiveInfinity;
        Blas.Rot(x, y, 0.0, 1.0);
        Assert.True(double.IsNaN(x[n - 1]) && double.IsNaN(y[0]) && double.IsNaN(y[n - 1]));
        // s = 0: y' = c·y − 0·x; NaN in x reaches y through 0·NaN.
        var fx = TestValues.Filled(n, 1f); var fy = TestValues.Filled(n, 1f);
        fx[n - 1] = float.NaN;
        Blas.Rot(fx, fy, 1f, 0f);
        Assert.True(float.IsNaN(fx[n - 1]) && float.IsNaN(fy[n - 1]));
        if (n > 1) Assert.Equal(1f, fy[0]);
    }

    [Fact]
    public void Rotm_Identity_LeavesPayloadsAndSignedZeros()
    {
        double payload = BitConverter.Int64BitsToDouble(unchecked((long)0xFFF8_0000_0000_1234));
        double[] x = [payload, -0.0, double.PositiveInfinity], y = [-0.0, payload, 1];
        var (bx, by) = (x.Select(BitConverter.DoubleToInt64Bits).ToArray(), y.Select(BitConverter.DoubleToInt64Bits).ToArray());
        Blas.Rotm(3, x, 1, y, 1, (ReadOnlySpan<double>)[-2.0, 5, 5, 5, 5]);
        Blas.Rotm(x, y, Blas.Rotmg(1.0, 1.0, 1.0, 0.0));
        Assert.Equal(bx, x.Select(BitConverter.DoubleToInt64Bits).ToArray());
        Assert.Equal(by, y.Select(BitConverter.DoubleToInt64Bits).ToArray());
    }

    [Fact]
    public void Rotm_ZeroEntries_KeepZeroTimesNaN()
    {
        double[] x = [double.NaN, 1], y = [1, double.PositiveInfinity];
        Blas.Rotm(2, x, 1, y, 1, (ReadOnlySpan<double>)[-1.0, 0, 0, 0, 0]);
        Assert.All(x.Concat(y), v => Assert.True(double.IsNaN(v)));
    }

    // ---------------- validation ----------------

    [Fact]
    public void Validation_NamesTheArgumentAndTheSizes()
    {
        var x = new double[5]; var y = new double[5];
        Assert.Equal("n", Assert.Throws<ArgumentOutOfRangeException>(() => Blas.Rot(-1, x, 1, y, 1, 1.0, 0.0)).ParamName);
        Assert.Equal("incY", Assert.Throws<ArgumentOutOfRangeException>(() => Blas.Rot(2, x, 1, y, 0, 1.0, 0.0)).ParamName);
        var shortY = Assert.Throws<ArgumentException>(() => Blas.Rot(3, x, 1, y, 3, 1.0, 0.0));
        Assert.Equal("y", shortY.ParamName);
        Assert.Contains("5", shortY.Message);
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => Blas.Rot(x, new double[4], 1.0, 0.0)).ParamName);
        // Overlap: refused, even for the very same vector (each pair would be rotated with itself).
        var buffer = new double[10];
        Assert.Throws<ArgumentException>(() => Blas.Rot(3, buffer.AsSpan(0, 5), 1, buffer.AsSpan(2, 5), 1, 1.0, 0.0));
        Assert.Throws<ArgumentException>(() => Blas.Rot(x, x, 0.6, 0.8));
        // Interleaved, sharing no element: accepted.
        Blas.Rot(5, buffer.AsSpan(0), 2, buffer.AsSpan(1), 2, 0.6, 0.8);
        var p = Assert.Throws<ArgumentException>(() => Blas.Rotm(2, x, 1, y, 1, (ReadOnlySpan<double>)[-1.0, 1, 0, 0]));
        Assert.Equal("param", p.ParamName);
        Assert.Contains("4 elements", p.Message);
        var flag = Assert.Throws<ArgumentException>(() => Blas.Rotm(2, x, 1, y, 1, (ReadOnlySpan<double>)[2.0, 1, 0, 0, 1]));
        Assert.Equal("param", flag.ParamName);
        Assert.Throws<ArgumentException>(() => Blas.Rotm(2, x, 1, y, 1, (ReadOnlySpan<double>)[double.NaN, 1, 0, 0, 1]));
        Assert.Throws<ArgumentNullException>(() => Blas.Rotm(x, y, (ModifiedGivensRotation<double>)null!));
        Assert.Throws<ArgumentException>(() => Blas.Rotm(3, new float[2], 1, new float[3], 1, Blas.Rotmg(1f, 1f, 1f, 1f)));
        Assert.Throws<NotSupportedException>(() => Blas.Rotg<Half>((Half)1, (Half)2));
    }

    // ---------------- printing ----------------

    [Fact]
    public void Records_PrintRoundTripInvariantNumbers()
    {
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            var g = Blas.Rotg(1.0, 2.0);
            Assert.Equal($"GivensRotation {{ C = {g.C.ToString("R", CultureInfo.InvariantCulture)}, S = {g.S.ToString("R", CultureInfo.InvariantCulture)}, R = {g.R.ToString("R", CultureInfo.InvariantCulture)}, Z = {g.Z.ToString("R", CultureInfo.InvariantCulture)} }}", g.ToString());
            var f = Blas.Rotg(1f, 3f);
            Assert.Contains($"C = {f.C.ToString("R", CultureInfo.InvariantCulture)},", f.ToString());
            var m = Blas.Rotmg(1.0, 1.0, 3.0, 4.0);
            Assert.Equal("ModifiedGivensRotation { Form = SkewOffDiagonal, H11 = 0.75, H21 = -1, H12 = 1, H22 = 0.75, D1 = 0.64, D2 = 0.64, X1 = 6.25 }", m.ToString());
        }
        finally { CultureInfo.CurrentCulture = saved; }
    }

    // ---------------- a library without the rotations ----------------

    [Fact]
    public void LibraryWithoutRotations_FallsBackToManagedKernels()
    {
        // Every native library here exports them (so the native path is the one the other tests measure); none is bound
        // under the managed provider. The provider is chosen (and its library bound) first: run alone, this test would
        // otherwise ask a backend built before any library was bound, as the library itself never does.
        bool native = BlasProvider.Current.IsNative;
        var real = new NativeBackend(nativeLapack: false);
        foreach (var symbol in new[] { "cblas_drot", "cblas_srot", "cblas_drotm", "cblas_srotm" })
            Assert.True(real.Exports(symbol) == native, $"{BlasProvider.Current.Name}: {symbol} exported: {real.Exports(symbol)}");
        var asked = new List<string>();
        var backend = new NativeBackend(nativeLapack: false) { HasExport = symbol => { asked.Add(symbol); return false; } };
        double[] x = [1, 2, double.NaN], y = [3, -4, 1];
        var (ex, ey) = ((double[])x.Clone(), (double[])y.Clone());
        NaiveBlas.Rot(3, ex, 1, ey, 1, 0.0, 1.0);
        backend.Rot(3, x, 1, y, 1, 0.0, 1.0);
        Assert.Equal(ex, x); Assert.Equal(ey, y);
        float[] fx = [1, 2], fy = [3, 4];
        backend.Rotm(2, fx, 1, fy, 1, [-1f, 2, 0, 0, 0.5f]);
        Assert.Equal([2f, 4], fx); Assert.Equal([1.5f, 2], fy);
        backend.Rot(2, fx, 1, fy, 1, 0f, 1f);
        Assert.Equal([1.5f, 2], fx);
        double[] dx = [1], dy = [2];
        backend.Rotm(1, dx, 1, dy, 1, [1.0, 3, 0, 0, 5]);
        Assert.Equal(3.0 * 1 + 2, dx[0]); Assert.Equal(-1 + 5.0 * 2, dy[0]);
        // Asked once per symbol (the answer is kept), never called.
        Assert.Equal(new[] { "cblas_drot", "cblas_srotm", "cblas_srot", "cblas_drotm" }, asked);
    }
}
