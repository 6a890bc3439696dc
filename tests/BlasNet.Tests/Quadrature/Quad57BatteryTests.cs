using System.Globalization;
using System.Text.Json;
using BlasNet.Quadrature;

namespace BlasNet.Tests.Quadrature;

/// <summary>
/// Audit quad57: the algebraic-logarithmic end-point weights (QAWS) and the vector integrator against mpmath
/// (tests/data/quad57-reference.json, made by tests/data/quad57_reference.py: Beta-moment series for e^x, polynomials and
/// cos(ωx + φ), mpmath.quad with the end singularities removed by substitution for the rest, each checked against a second
/// method; SciPy's QAWS and quad_vec outcome beside each) at relative tolerances 1e-3, 1e-6, 1e-10, 1e-13.
/// QAWS: α, β ∈ {−0.999, −0.9, −0.5, 0, 0.5, 5, 20} with every log factor, cos(ωx + 0.3) to ω = 200, kinks and steps,
/// f's own pole, branch point or log 1e-2 … 1e-7 outside an end, f singular at an end where the weight is regular,
/// ranges of length 1e-10 … 2e6 at 0, 1, 5, 1000 and −1e6, f NaN on a stretch. Vector: components 1e-6 and 1e-12 the size of
/// the others (smooth, oscillating, peaked, stepped, singular), one oscillating component among smooth ones, a component
/// identically 0, single components beside the scalar form, a NaN in one component, both norms.
/// On the code before this audit, a step of f just beyond QAWS's first split (x &lt; 0.5000001 ? 1 : ½) was in no sample:
/// the Kronrod piece next to the split never samples its end, and 14 step runs were Converged under their true errors, the
/// worst 3π/4 ± 7.6e-14 for an error of 1e-7 (see AlgebraicWeightRule.EndGap).
/// </summary>
public class Quad57BatteryTests
{
    private static readonly ReferenceCases Battery = new("quad57-reference.json");

    /// <summary>The two runs left with claims short of their errors: a kink 0.0123 from an end (and its mirror image), inside
    /// the first end interval [0, ½], at relTol 1e-3 — one modified Clenshaw–Curtis rule per half, 1.86 and 1.88 times under
    /// (the README's kinks and steps in an end interval, which the tail-shape check does not always size).</summary>
    private static readonly HashSet<(string Id, double Tolerance)> KinkInTheFirstEndRule =
    [
        ("kink:kind='kink', s=0.0123456, alpha=-0.5, beta=-0.5, log='none', a=0.0, b=1.0", 1e-3),
        ("kink:kind='kink', s=0.98765, alpha=-0.5, beta=-0.5, log='none', a=0.0, b=1.0", 1e-3),
    ];

    public static TheoryData<string> WeightedWithValues()
    {
        var data = new TheoryData<string>();
        foreach (string family in new[] { "exponents", "large", "oscillatory", "kink", "step", "near-singular", "end-power", "scale" })
        {
            foreach (string id in Battery.Ids(family))
                data.Add(id);
        }

        return data;
    }

    public static TheoryData<string> VectorWithValues()
    {
        var data = new TheoryData<string>();
        foreach (string family in new[] { "scales", "one-oscillatory", "zero", "single", "mixed" })
        {
            foreach (string id in Battery.Ids(family))
                data.Add(id);
        }

        return data;
    }

    /// <summary>Every QAWS run is within its reported error, Converged or not, but for the two kinks named above (which
    /// are pinned: still under their errors by less than 2 times, so that a change there is seen).</summary>
    [Theory]
    [MemberData(nameof(WeightedWithValues))]
    public void Weighted_EveryClaimHolds(string id)
    {
        JsonElement c = Battery[id];
        double exact = Quad57Integrands.Exact(c)!.Value;
        foreach (double tol in Quad57Integrands.Tolerances(c))
        {
            QuadResult r = Quad57Integrands.RunWeighted(c, tol);
            double error = Math.Abs(r.Value - exact);
            string run = string.Create(CultureInfo.InvariantCulture,
                $"{id} at {tol:G3}: {r.Status} {r.Value:R} ± {r.AbsoluteError:G3} (true error {error:G3}, {r.Evaluations} evaluations)");
            if (KinkInTheFirstEndRule.Contains((id, tol)))
            {
                Assert.True(r.Status == QuadStatus.Converged && error > r.AbsoluteError && error < 2.0 * r.AbsoluteError, run);
                continue;
            }

            Assert.True(double.IsFinite(r.Value), run);
            Assert.True(error <= r.AbsoluteError, run);
        }
    }

    /// <summary>f NaN on [0.3, 0.5], a stretch holding nodes of the first rules: NonFiniteIntegrand with where, never a value.</summary>
    [Theory]
    [MemberData(nameof(WeightedNonFinite))]
    public void Weighted_NaN_IsReported(string id)
    {
        JsonElement c = Battery[id];
        foreach (double tol in Quad57Integrands.Tolerances(c))
        {
            QuadResult r = Quad57Integrands.RunWeighted(c, tol);
            Assert.Equal(QuadStatus.NonFiniteIntegrand, r.Status);
            Assert.True(double.IsNaN(r.Value) && double.IsPositiveInfinity(r.AbsoluteError));
            Assert.InRange(r.FailureX!.Value, 0.3, 0.5);
        }
    }

    public static TheoryData<string> WeightedNonFinite() => Battery.Ids("nonfinite");

    /// <summary>
    /// The cited run: ∫_0^1 x^−½ (1 − x)^−½ f(x) dx, f = x &lt; 0.5000001 ? 1 : ½. Both first rules sample f(½) = 1; the Kronrod
    /// piece [½, ¾] of the bisected right half has its outermost node 1.07e-3 beyond ½, so no sample of it saw f = 1 on
    /// (½, 0.5000001). The old code claimed Converged 3π/4 = 2.3561944901923457 ± 7.6e-14 at relTol 1e-6 … 1e-13 for a
    /// true error of 1e-7 (SciPy's QAWS: the same 3π/4 with ier = 0). Now the piece is charged for the jump its polynomial
    /// misses at ½ (2·jump·gap·w = 2.1e-3) and bisected until the charge is within the tolerance: at relTol 1e-6 that leaves
    /// the value on 3π/4 with an error (2.1e-6) that covers the step's 1e-7, at 1e-10 and 1e-13 the step is met.
    /// </summary>
    [Theory]
    [InlineData(1e-6, false)]
    [InlineData(1e-10, true)]
    [InlineData(1e-13, true)]
    public void StepJustBeyondTheFirstSplit_IsFound(double tol, bool resolved)
    {
        const string id = "step:kind='step', s=0.5000001, alpha=-0.5, beta=-0.5, log='none', a=0.0, b=1.0";
        JsonElement c = Battery[id];
        QuadResult r = Quad57Integrands.RunWeighted(c, tol);
        double error = Math.Abs(r.Value - Quad57Integrands.Exact(c)!.Value);
        Assert.Equal(QuadStatus.Converged, r.Status);
        Assert.True(error <= r.AbsoluteError, $"{r.Value:R} ± {r.AbsoluteError:G3}, true error {error:G3}");
        // The step moves 1e-7 of mass; where the tolerance is below it the value must have it (not 3π/4).
        if (resolved)
            Assert.True(Math.Abs(r.Value - 3.0 * Math.PI / 4.0) > 5e-8, $"{r.Value:R}");
    }

    /// <summary>The same with the logarithm at the singular end and a weight regular at b (the Kronrod piece next to the
    /// split is then the half [½, 1] itself): old code Converged −99.88529551410608 ± 1.6e-12 at every tolerance for 6.5e-8.</summary>
    [Fact]
    public void StepJustBeyondTheFirstSplit_WithLogWeight_IsFound()
    {
        const string id = "step:kind='step', s=0.5000001, alpha=-0.9, beta=0.0, log='A', a=0.0, b=1.0";
        JsonElement c = Battery[id];
        foreach (double tol in Quad57Integrands.Tolerances(c))
        {
            QuadResult r = Quad57Integrands.RunWeighted(c, tol);
            double error = Math.Abs(r.Value - Quad57Integrands.Exact(c)!.Value);
            Assert.True(error <= r.AbsoluteError, $"{tol:G3}: {r.Status} {r.Value:R} ± {r.AbsoluteError:G3}, true error {error:G3}");
        }
    }

    /// <summary>Every component of every vector run, with either norm, is within its own reported error, Converged or not
    /// (a component 1e-12 the size of the others included: its error is kept honest without driving the bisection).</summary>
    [Theory]
    [MemberData(nameof(VectorWithValues))]
    public void Vector_EveryComponentClaimHolds(string id)
    {
        JsonElement c = Battery[id];
        double[] exact = Quad57Integrands.ExactVector(c)!;
        foreach (VectorErrorNorm norm in new[] { VectorErrorNorm.Max, VectorErrorNorm.Euclidean })
        {
            foreach (double tol in Quad57Integrands.Tolerances(c))
            {
                QuadVectorResult r = Quad57Integrands.RunVector(c, tol, norm);
                for (int k = 0; k < exact.Length; k++)
                {
                    double error = Math.Abs(r.Values[k] - exact[k]);
                    Assert.True(error <= r.AbsoluteErrors[k], string.Create(CultureInfo.InvariantCulture,
                        $"{id} ({norm}) at {tol:G3}: {r.Status}, component {k} {r.Values[k]:R} ± {r.AbsoluteErrors[k]:G3} (true error {error:G3})"));
                }
            }
        }
    }

    /// <summary>One component NaN on a stretch (or everywhere): NonFiniteIntegrand, every value NaN, every error +∞.</summary>
    [Theory]
    [MemberData(nameof(VectorNonFinite))]
    public void Vector_NaNInOneComponent_IsReported(string id)
    {
        JsonElement c = Battery[id];
        foreach (double tol in Quad57Integrands.Tolerances(c))
        {
            QuadVectorResult r = Quad57Integrands.RunVector(c, tol, VectorErrorNorm.Max);
            Assert.Equal(QuadStatus.NonFiniteIntegrand, r.Status);
            Assert.NotNull(r.FailureX);
            Assert.All(r.Values, v => Assert.True(double.IsNaN(v)));
            Assert.All(r.AbsoluteErrors, e => Assert.True(double.IsPositiveInfinity(e)));
        }
    }

    public static TheoryData<string> VectorNonFinite() => Battery.Ids("nonfinite-vector");

    /// <summary>A vector of length 1 and the scalar form on the same f agree within the sum of their errors, and both are
    /// within their own (the vector has no extrapolation: x^−0.9 costs it more points, not a false claim).</summary>
    [Theory]
    [MemberData(nameof(Singles))]
    public void LengthOne_AgreesWithTheScalarForm(string id)
    {
        JsonElement c = Battery[id];
        double exact = Quad57Integrands.ExactVector(c)![0];
        Func<double, double> f = Quad57Integrands.Components(c)[0];
        foreach (double tol in Quad57Integrands.Tolerances(c))
        {
            QuadResult scalar = Quad.Integrate(f, 0.0, 1.0, new QuadOptions { RelativeTolerance = tol });
            QuadVectorResult vector = Quad57Integrands.RunVector(c, tol, VectorErrorNorm.Max);
            string run = string.Create(CultureInfo.InvariantCulture,
                $"{id} at {tol:G3}: scalar {scalar.Status} {scalar.Value:R} ± {scalar.AbsoluteError:G3}, vector {vector.Status} {vector.Values[0]:R} ± {vector.AbsoluteErrors[0]:G3}");
            Assert.True(Math.Abs(scalar.Value - exact) <= scalar.AbsoluteError, run);
            Assert.True(Math.Abs(vector.Values[0] - scalar.Value) <= vector.AbsoluteErrors[0] + scalar.AbsoluteError, run);
        }
    }

    public static TheoryData<string> Singles() => Battery.Ids("single");

    /// <summary>Input checks name the argument: exponents ≤ −1, NaN or infinite; a log position outside LogAt; reversed or
    /// infinite limits and adjacent doubles for the algebraic weight; MaxIntervals &lt; 2; a vector of length 0. Equal limits
    /// give 0 ± 0 in no evaluation for both.</summary>
    [Fact]
    public void Validation_NamesTheArgument()
    {
        Func<double, double> f = Math.Exp;
        Assert.Equal("alpha", Assert.Throws<ArgumentOutOfRangeException>(() => Weight.Algebraic(-1.0, 0.0)).ParamName);
        Assert.Equal("beta", Assert.Throws<ArgumentOutOfRangeException>(() => Weight.Algebraic(0.0, -1.5)).ParamName);
        Assert.Equal("alpha", Assert.Throws<ArgumentOutOfRangeException>(() => Weight.Algebraic(double.NaN, 0.0)).ParamName);
        Assert.Equal("beta", Assert.Throws<ArgumentOutOfRangeException>(() => Weight.AlgebraicLog(0.0, double.PositiveInfinity, LogAt.B)).ParamName);
        Assert.Equal("alpha", Assert.Throws<ArgumentOutOfRangeException>(() => Weight.AlgebraicLog(-1.0, 0.0, LogAt.A)).ParamName);
        Assert.Equal("log", Assert.Throws<ArgumentOutOfRangeException>(() => Weight.AlgebraicLog(0.0, 0.0, (LogAt)7)).ParamName);
        Weight w = Weight.Algebraic(-0.5, -0.5);
        ArgumentException reversed = Assert.Throws<ArgumentException>(() => Quad.Integrate(f, 1.0, 0.0, w));
        Assert.Equal("b", reversed.ParamName);
        Assert.Contains("a ≤ b", reversed.Message);
        Assert.Equal("b", Assert.Throws<ArgumentException>(() => Quad.Integrate(f, 0.0, double.PositiveInfinity, w)).ParamName);
        Assert.Equal("a", Assert.Throws<ArgumentException>(() => Quad.Integrate(f, double.NaN, 1.0, w)).ParamName);
        Assert.Equal("b", Assert.Throws<ArgumentException>(() => Quad.Integrate(f, 1.0, Math.BitIncrement(1.0), w)).ParamName);
        Assert.Equal("options", Assert.Throws<ArgumentException>(() => Quad.Integrate(f, 0.0, 1.0, w, new QuadOptions { MaxIntervals = 1 })).ParamName);
        QuadResult equal = Quad.Integrate(f, 1.0, 1.0, w);
        Assert.Equal((QuadStatus.Converged, 0.0, 0.0, 0), (equal.Status, equal.Value, equal.AbsoluteError, equal.Evaluations));

        VectorIntegrand g = (x, values) => values[0] = x;
        Assert.Equal("length", Assert.Throws<ArgumentOutOfRangeException>(() => Quad.IntegrateVector(g, 0, 0.0, 1.0)).ParamName);
        Assert.Equal("b", Assert.Throws<ArgumentException>(() => Quad.IntegrateVector(g, 1, 0.0, double.NaN)).ParamName);
        QuadVectorResult none = Quad.IntegrateVector(g, 1, 2.0, 2.0);
        Assert.Equal((QuadStatus.Converged, 0.0, 0.0, 0), (none.Status, none.Values[0], none.AbsoluteErrors[0], none.Evaluations));
    }
}
