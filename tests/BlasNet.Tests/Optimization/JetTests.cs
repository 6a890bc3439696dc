using System.Numerics;
using BlasNet.Optimization;
using static BlasNet.Tests.Optimization.GenericFunctionCases;

namespace BlasNet.Tests.Optimization;

/// <summary>
/// The multi-direction <see cref="Jet{TLanes}"/> behind automatic Jacobians of an <see cref="IResidualModel"/>, at every width
/// (4 lanes in a Vector256, 8 in a Vector512, 12 in a Vector512 and a Vector256, 12 in three Vector256, 16 in two Vector512 — the
/// Vector256-only types are the paths taken where AVX-512 is missing, forced here):
/// every elementary function's partials against the closed form, central differences of the double form and
/// <see cref="Dual"/> run once per direction; the edges (pow with a zero base, abs at 0, log near and at 0) lane by lane;
/// whole NIST Jacobians equal to the Dual ones (1e-14 relative to each column); NIST 54/54 certified with either width.
/// </summary>
public class JetTests
{
    private const double X0 = 0.37;

    // Seeds per lane, so lane k carries f′(x)·seed[k]; zeros check that an unseeded direction stays exactly 0.
    private static readonly double[] Seeds = [1, -2, 0, 0.5, 3, 0, -1e-3, 7, 0, 2.5, -4, 0, 1e3, 0.1, 0, -6];



    private static Jet<TLanes> Make<TLanes>(double value, ReadOnlySpan<double> partials) where TLanes : struct, IJetLanes<TLanes>
    {
        TLanes d = TLanes.Zero;
        for (int k = 0; k < TLanes.Count; k++) d = TLanes.Add(d, TLanes.Scale(TLanes.Unit(k), partials[k]));
        return new(value, d);
    }

    private static double Lane<TLanes>(Jet<TLanes> x, int k) where TLanes : struct, IJetLanes<TLanes> => TLanes.Get(x.Partials, k);

    private static void AssertClose(double expected, double actual, double relative, string what)
        => Assert.True(expected.Equals(actual) || Math.Abs(expected - actual) <= relative * Math.Abs(expected),
            $"{what}: expected {expected:R}, got {actual:R}");

    [Theory]
    [MemberData(nameof(GenericFunctionCases.Smooth), MemberType = typeof(GenericFunctionCases))]
    public void Unary_EveryLaneEqualsDual_AndTheDoubleFormsDifferences(string name)
    {
        Unary<JetLanes4>(name);
        Unary<JetLanes8>(name);
        Unary<JetLanes12>(name);
        Unary<JetLanes12x256>(name);
        Unary<JetLanes16>(name);
    }

    private static void Unary<TLanes>(string name) where TLanes : struct, IJetLanes<TLanes>
    {
        var jet = Apply(name, Make<TLanes>(X0, Seeds));
        Assert.Equal(Apply(name, X0), jet.Value);
        const double h = 1e-6;
        double numeric = (Apply(name, X0 + h) - Apply(name, X0 - h)) / (2 * h);
        for (int k = 0; k < TLanes.Count; k++)
        {
            double dual = Apply(name, new Dual(X0, Seeds[k])).Derivative;
            AssertClose(dual, Lane(jet, k), 1e-14, $"{name}, {TLanes.Count} lanes, lane {k} against Dual");
            if (Seeds[k] == 0) Assert.Equal(0, Lane(jet, k));
            else Assert.True(Math.Abs(Lane(jet, k) / Seeds[k] - numeric) <= 1e-6 * Math.Max(1, Math.Abs(numeric)),
                $"{name}, lane {k}: AD {Lane(jet, k) / Seeds[k]:R}, differences {numeric:R}");
        }
    }

    public static TheoryData<string, double> ClosedForms() => new()
    {
        { "Exp", Math.Exp(X0) },
        { "Exp2", Math.Pow(2, X0) * Math.Log(2) },
        { "Exp10", Math.Pow(10, X0) * Math.Log(10) },
        { "Log", 1 / X0 },
        { "Log2", 1 / (X0 * Math.Log(2)) },
        { "Log10", 1 / (X0 * Math.Log(10)) },
        { "LogBase3", 1 / (X0 * Math.Log(3)) },
        { "Sqrt", 0.5 / Math.Sqrt(X0) },
        { "Cbrt", 1 / (3 * Math.Cbrt(X0 * X0)) },
        { "RootN3", 1 / (3 * Math.Cbrt(X0 * X0)) },
        { "Pow", Math.Pow(X0, X0) * (Math.Log(X0) + 1) },
        { "Sin", Math.Cos(X0) },
        { "Cos", -Math.Sin(X0) },
        { "Tan", 1 / (Math.Cos(X0) * Math.Cos(X0)) },
        { "Asin", 1 / Math.Sqrt(1 - X0 * X0) },
        { "Acos", -1 / Math.Sqrt(1 - X0 * X0) },
        { "Atan", 1 / (1 + X0 * X0) },
        { "Atan2", 0.4 / (X0 * X0 + 0.16) },
        { "Sinh", Math.Cosh(X0) },
        { "Cosh", Math.Sinh(X0) },
        { "Tanh", 1 / (Math.Cosh(X0) * Math.Cosh(X0)) },
        { "Asinh", 1 / Math.Sqrt(X0 * X0 + 1) },
        { "Acosh", 1 / Math.Sqrt((X0 + 1) * (X0 + 1) - 1) },
        { "Atanh", 1 / (1 - X0 * X0) },
        { "SinPi", Math.PI * Math.Cos(Math.PI * X0) },
        { "CosPi", -Math.PI * Math.Sin(Math.PI * X0) },
        { "Abs", 1 },
        { "Division", -1 / ((X0 + 1) * (X0 + 1)) },
        { "FusedMultiplyAdd", 2 * X0 + 3 },
        { "ScaleB", 16 * X0 },
    };

    [Theory]
    [MemberData(nameof(ClosedForms))]
    public void Unary_MatchesTheClosedForm(string name, double derivative)
    {
        var four = Apply(name, Make<JetLanes4>(X0, Seeds));
        var eight = Apply(name, Make<JetLanes8>(X0, Seeds));
        var sixteen = Apply(name, Make<JetLanes16>(X0, Seeds));
        var twelve = Apply(name, Make<JetLanes12>(X0, Seeds));
        var twelveNarrow = Apply(name, Make<JetLanes12x256>(X0, Seeds));
        for (int k = 0; k < 16; k++)
        {
            if (k < 12) AssertClose(derivative * Seeds[k], Lane(twelve, k), 1e-13, $"{name}, 12 lanes, lane {k}");
            if (k < 12) AssertClose(derivative * Seeds[k], Lane(twelveNarrow, k), 1e-13, $"{name}, 12 lanes in three Vector256, lane {k}");
            AssertClose(derivative * Seeds[k], Lane(sixteen, k), 1e-13, $"{name}, 16 lanes, lane {k}");
            if (k < 4) AssertClose(derivative * Seeds[k], Lane(four, k), 1e-13, $"{name}, 4 lanes, lane {k}");
            if (k < 8) AssertClose(derivative * Seeds[k], Lane(eight, k), 1e-13, $"{name}, 8 lanes, lane {k}");
        }
    }

    /// <summary>f(x, y) with x and y both carrying partials; (∂f/∂x, ∂f/∂y) in closed form at (x, y).</summary>
    private static T Binary<T>(string name, T x, T y) where T : IFloatingPointIeee754<T> => name switch
    {
        "Product" => x * y,
        "Quotient" => x / y,
        "Atan2" => T.Atan2(y, x),
        "Hypot" => T.Hypot(x, y),
        "Pow" => T.Pow(x, y),
        "Max" => T.Max(x, y),
        "Min" => T.Min(x, y),
        _ => throw new ArgumentException(name),
    };

    public static TheoryData<string> BinaryNames() => ["Product", "Quotient", "Atan2", "Hypot", "Pow", "Max", "Min"];

    private static (double Dx, double Dy) BinaryClosedForm(string name, double x, double y) => name switch
    {
        "Product" => (y, x),
        "Quotient" => (1 / y, -x / (y * y)),
        "Atan2" => (-y / (x * x + y * y), x / (x * x + y * y)),
        "Hypot" => (x / Math.Sqrt(x * x + y * y), y / Math.Sqrt(x * x + y * y)),
        "Pow" => (y * Math.Pow(x, y - 1), Math.Pow(x, y) * Math.Log(x)),
        "Max" => x > y ? (1, 0) : (0, 1),
        "Min" => x < y ? (1, 0) : (0, 1),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(BinaryNames))]
    public void Binary_EveryLaneIsTheChainRuleOfBothArguments(string name)
    {
        BinaryCase<JetLanes4>(name);
        BinaryCase<JetLanes8>(name);
        BinaryCase<JetLanes12>(name);
        BinaryCase<JetLanes12x256>(name);
        BinaryCase<JetLanes16>(name);
    }

    private static void BinaryCase<TLanes>(string name) where TLanes : struct, IJetLanes<TLanes>
    {
        const double x = 0.37, y = 1.3;
        double[] s = [1, 0, 1, 0, -2, 0.5, 0, 3, 0, 1, 0, -1, 2, 0, 9, 1], t = [0, 1, -2, 0, 0, 0.25, 4, -1, 0, 0, 3, 1, 0, -5, 0, 1];
        var jet = Binary(name, Make<TLanes>(x, s), Make<TLanes>(y, t));
        Assert.Equal(Binary(name, x, y), jet.Value);
        var (dx, dy) = BinaryClosedForm(name, x, y);
        for (int k = 0; k < TLanes.Count; k++)
        {
            AssertClose(dx * s[k] + dy * t[k], Lane(jet, k), 1e-13, $"{name}, {TLanes.Count} lanes, lane {k}");
            AssertClose(Binary(name, new Dual(x, s[k]), new Dual(y, t[k])).Derivative, Lane(jet, k), 1e-14, $"{name}, lane {k} against Dual");
        }
    }

    private static T Pow<T>(T x, double p) where T : IFloatingPointIeee754<T> => T.Pow(x, C<T>(p));
    private static T PowJets<T>(T x, T y) where T : IFloatingPointIeee754<T> => T.Pow(x, y);
    private static T Abs<T>(T x) where T : IFloatingPointIeee754<T> => T.Abs(x);
    private static T Log<T>(T x) where T : IFloatingPointIeee754<T> => T.Log(x);
    private static T Sqrt<T>(T x) where T : IFloatingPointIeee754<T> => T.Sqrt(x);

    [Fact]
    public void Edges_LaneByLane()
    {
        Edges<JetLanes4>();
        Edges<JetLanes8>();
        Edges<JetLanes12>();
        Edges<JetLanes12x256>();
        Edges<JetLanes16>();
    }

    private static void Edges<TLanes>() where TLanes : struct, IJetLanes<TLanes>
    {
        double[] seeded = [1, 0, -1, 0, 2, 0, -3, 0, 0, 4, 0, -5, 0, 0.5, 0, 1];
        var zero = Make<TLanes>(0, seeded);
        for (int k = 0; k < TLanes.Count; k++)
        {
            double s = seeded[k];
            string lane = $"{TLanes.Count} lanes, lane {k}";
            // pow with a zero base: xᵖ⁻¹ at 0 is 0 for p > 1, 1 for p = 1, ∞ for p < 1 (an unseeded lane stays 0).
            Assert.True(Pow(zero, 2.0).Value == 0 && Lane(Pow(zero, 2.0), k) == 0, lane);
            Assert.Equal(s, Lane(Pow(zero, 1.0), k));
            Assert.Equal(s == 0 ? 0 : s * double.PositiveInfinity, Lane(Pow(zero, 0.5), k));
            Assert.Equal(0, Lane(Pow(zero, 0.0), k));
            Assert.Equal(1, Pow(zero, 0.0).Value);
            // 0^y with a varying exponent y > 0: the exponent's term xʸ·ln x has the limit 0.
            var y = Make<TLanes>(2, [0, 1, 0, 1, 0, 1, 0, 1, 1, 0, 1, 0, 1, 0, 1, 0]);
            Assert.Equal(0, Lane(PowJets(zero, y), k));
            // 0⁰ with a varying exponent: the base term is 0 (x⁰ = 1 for every x), the exponent's xʸ·ln x·y′ is −∞·y′, also
            // in the lanes where x′ ≠ 0 (y·xʸ⁻¹·x′ = 0·∞ made them NaN).
            var yZero = Make<TLanes>(0, [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
            Assert.Equal(1, PowJets(zero, yZero).Value);
            Assert.Equal(double.NegativeInfinity, Lane(PowJets(zero, yZero), k));
            // abs at 0: the subgradient 0 in every lane; away from 0, sign(x)·x′.
            Assert.Equal(0, Lane(Abs(zero), k));
            Assert.Equal(-s, Lane(Abs(Make<TLanes>(-3, seeded)), k));
            // log near 0 is finite and exact; at 0 a seeded lane is infinite, an unseeded one 0; sqrt likewise.
            AssertClose(s * 1e300, Lane(Log(Make<TLanes>(1e-300, seeded)), k), 1e-15, lane);
            Assert.Equal(s == 0 ? 0 : s * double.PositiveInfinity, Lane(Log(zero), k));
            Assert.Equal(double.NegativeInfinity, Log(zero).Value);
            Assert.Equal(s == 0 ? 0 : s * double.PositiveInfinity, Lane(Sqrt(zero), k));
            // A negative base with a constant integer exponent works as with doubles: d(x³) = 3x²·x′.
            Assert.Equal(3 * 4 * s, Lane(Pow(Make<TLanes>(-2, seeded), 3.0), k));
        }
    }

    public static TheoryData<string> Problems()
    {
        var data = new TheoryData<string>();
        foreach (var p in NistProblem.All) data.Add(p.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Problems))]
    public void NistJacobian_EqualsTheDualOne(string name)
    {
        var problem = NistProblem.Get(name);
        var model = new NistGenericModel(problem);
        int n = problem.CertifiedValues.Length, m = problem.M;
        foreach (double[] x in new[] { problem.Start(1), problem.Start(2), problem.CertifiedValues })
        {
            var dual = new double[m * n];
            new GenericResiduals(model, n, 1).Jacobian(x, dual);
            // The model is in the row form, so each width runs block by block; the whole-vector pass of the same width
            // (WholeVectorModel) must agree too.
            foreach (var (lanes, whole) in new[] { (4, false), (8, false), (12, false), (GenericResiduals.ThreeVector256Lanes, false), (12, true), (16, false), (16, true) })
            {
                var jet = new double[m * n];
                new GenericResiduals(whole ? new WholeVectorModel(model) : model, n, lanes).Jacobian(x, jet);
                // Relative to the column's largest entry: an entry that is rounding noise after cancellation (Eckerle4 has
                // ±8.7e-19 in a column of order 1e-2) is not compared digit by digit.
                for (int j = 0; j < n; j++)
                {
                    double scale = 0;
                    for (int i = 0; i < m; i++) scale = Math.Max(scale, Math.Abs(dual[i * n + j]));
                    for (int i = 0; i < m; i++)
                        Assert.True(Math.Abs(dual[i * n + j] - jet[i * n + j]) <= 1e-14 * scale,
                            $"{name}, {lanes} lanes, J[{i}, {j}]: Dual {dual[i * n + j]:R}, Jet {jet[i * n + j]:R}, column scale {scale:R}");
                }
            }
        }
    }

    public static TheoryData<string, int> Runs() => NistStrdTests.Runs();

    [Theory]
    [MemberData(nameof(Runs))]
    public void Nist_WithFourLaneJets_AtMinpackDefaults_Certifies(string name, int start)
    {
        // The path of machines without AVX-512; GenericModelTests covers the library's own choice (8 or 16 lanes where AVX-512 runs).
        var problem = NistProblem.Get(name);
        var options = new LevenbergMarquardtOptions { FTol = 1e-15, GTol = 1e-15, XTol = 1e-15, MaxEvaluations = 20000, Jacobian = JacobianMode.Automatic };
        var result = LevenbergMarquardt.Solve(new NistGenericModel(problem), problem.Start(start), options, lanes: 4);
        double lreValues = LogRelativeError.Min(result.X, problem.CertifiedValues);
        double lreStd = result.StandardErrors is null ? 0 : LogRelativeError.Min(result.StandardErrors, problem.CertifiedStdDevs);
        Assert.True(lreValues >= 6, $"{name} start {start}: LRE {lreValues:F2} ({result.Status})");
        double digits = problem.StdDevDigitsInPlainDouble(); // plain-double residuals: 3 digits, Lanczos1 fewer
        Assert.True(lreStd >= digits, $"{name} start {start}: LRE of the standard deviations {lreStd:F2} < {digits:F2}");
        Assert.True(result.Succeeded, $"{name} start {start}: {result.Status}: {result.Message}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(12)]
    [InlineData(GenericResiduals.ThreeVector256Lanes)]
    [InlineData(16)]
    public void ColumnMajorJacobian_IsTheRowMajorOneTransposed(int lanes)
    {
        var problem = NistProblem.Get("ENSO");
        var generic = new GenericResiduals(new NistGenericModel(problem), 9, lanes);
        int m = problem.M, n = 9;
        double[] rows = new double[m * n], columns = new double[m * n];
        generic.Jacobian(problem.Start1, rows);
        generic.ColumnMajorJacobian(problem.Start1, columns);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
                Assert.Equal(rows[i * n + j], columns[j * m + i]);
    }

    [Fact]
    public void ActiveBound_GivesTheClosedFormOptimumOfTheFreeParameter()
    {
        // BoxBOD, r = y − b1(1 − e^(−b2·x)), with b2 ≤ 0.3 (the unbounded optimum is 0.547): b2 stops on the bound and b1 is
        // the linear least-squares coefficient Σ y·g / Σ g² with g = 1 − e^(−0.3·x). The box's chain rule is applied to the
        // column-major automatic Jacobian.
        var problem = NistProblem.Get("BoxBOD");
        var options = new LevenbergMarquardtOptions
        {
            FTol = 1e-15, XTol = 1e-15, GTol = 1e-15, Jacobian = JacobianMode.Automatic,
            LowerBounds = [double.NegativeInfinity, 0.01], UpperBounds = [double.PositiveInfinity, 0.3],
        };
        var result = LevenbergMarquardt.Solve(new NistGenericModel(problem), [100, 0.1], options);
        double sy = 0, gg = 0;
        for (int i = 0; i < problem.M; i++)
        {
            double g = 1 - Math.Exp(-0.3 * problem.X[0][i]);
            sy += problem.Y[i] * g;
            gg += g * g;
        }
        Assert.Equal(0.3, result.X[1], 6);
        Assert.True(Math.Abs(result.X[0] - sy / gg) <= 1e-5 * (sy / gg), $"b1 = {result.X[0]:R}, closed form {sy / gg:R}");
    }

    [Theory]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(12)]
    [InlineData(GenericResiduals.ThreeVector256Lanes)]
    [InlineData(16)]
    public void JetJacobian_AllocatesNothing(int lanes)
    {
        var problem = NistProblem.Get("Thurber");
        var generic = new GenericResiduals(new NistGenericModel(problem), 7, lanes);
        double[] b = problem.Start1, jac = new double[problem.M * 7];
        generic.Jacobian(b, jac); // JIT warm-up
        // The least of three counts: a runtime one-off (456 bytes once at 12 lanes in a full BLIS run) shows in one only.
        Assert.Equal(0, AllocationCount.Least(() => { for (int k = 0; k < 10; k++) generic.Jacobian(b, jac); }));
    }

    [Fact]
    public void LibraryChoice_TakesTheWidestAcceleratedWidth()
    {
        var model = new NistGenericModel(NistProblem.Get("Gauss1"));
        bool wide = System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated;
        int narrow = System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated ? 4 : 1;
        Assert.Equal(wide ? 4 : narrow, new GenericResiduals(model, 3).Lanes);
        Assert.Equal(wide ? 8 : narrow, new GenericResiduals(model, 8).Lanes);
        // 9 to 12 parameters: one 12-lane pass, in a Vector512 and a Vector256 or, with AVX2 only, in three Vector256.
        Assert.Equal(wide || narrow == 4 ? 12 : 1, new GenericResiduals(model, 9).Lanes);
        Assert.Equal(wide || narrow == 4 ? 12 : 1, new GenericResiduals(model, 12).Lanes);
        Assert.Equal(wide ? 16 : narrow, new GenericResiduals(model, 13).Lanes);
        Assert.Equal(wide ? 16 : narrow, new GenericResiduals(model, 20).Lanes);
        Assert.Throws<ArgumentOutOfRangeException>(() => new GenericResiduals(model, 3, 5));
    }

    [Fact]
    public void TwelveLaneJets_Are104Bytes_WithTheLanesConsecutive()
    {
        // 8 + 96 bytes: neither 12-lane type is padded to the Vector512's or the Vector256's alignment, and the lanes are the
        // consecutive doubles the block copies (JetLanes4.Lanes, ToColumns) read.
        Assert.Equal(104, System.Runtime.CompilerServices.Unsafe.SizeOf<Jet<JetLanes12>>());
        Assert.Equal(104, System.Runtime.CompilerServices.Unsafe.SizeOf<Jet<JetLanes12x256>>());
        Assert.Equal(96, System.Runtime.CompilerServices.Unsafe.SizeOf<JetLanes12>());
        var jet = Make<JetLanes12>(1, Seeds);
        var narrow = Make<JetLanes12x256>(1, Seeds);
        Assert.Equal(Seeds[..12], JetLanes4.Lanes(ref System.Runtime.CompilerServices.Unsafe.AsRef(in jet.Partials), 12).ToArray());
        Assert.Equal(Seeds[..12], JetLanes4.Lanes(ref System.Runtime.CompilerServices.Unsafe.AsRef(in narrow.Partials), 12).ToArray());
        var partial = new double[7];
        JetLanes12.CopyTo(jet.Partials, partial);
        Assert.Equal(Seeds[..7], partial);
    }
}
