using System.Numerics.Tensors;
using BlasNet.Quadrature;

namespace BlasNet.Tests.Quadrature;

/// <summary>The batch (span) integrand gives exactly the scalar results and counts.</summary>
public class BatchIntegrandTests
{
    private static void AssertSame(QuadResult scalar, QuadResult batch)
    {
        Assert.Equal(scalar.Value, batch.Value);
        Assert.Equal(scalar.AbsoluteError, batch.AbsoluteError);
        Assert.Equal(scalar.Evaluations, batch.Evaluations);
        Assert.Equal(scalar.Intervals, batch.Intervals);
        Assert.Equal(scalar.Status, batch.Status);
    }

    [Fact]
    public void VectorizedExp_MatchesScalarForm_OnFiniteAndInfiniteRanges()
    {
        int calls = 0;
        BatchIntegrand batch = (x, fx) =>
        {
            calls++;
            TensorPrimitives.Negate(x, fx);
            TensorPrimitives.Exp(fx, fx);
        };

        // Bit-identical only if the vectorized exp rounds like Math.Exp; compare the values within 1 ulp-ish,
        // and the counts exactly.
        QuadResult b1 = Quad.Integrate(batch, 0, double.PositiveInfinity);
        QuadResult s1 = Quad.Integrate(x => Math.Exp(-x), 0, double.PositiveInfinity);
        Assert.Equal(s1.Evaluations, b1.Evaluations);
        Assert.Equal(1.0, b1.Value, 1e-12);
        Assert.True(Math.Abs(b1.Value - 1) <= b1.AbsoluteError);
        Assert.Equal(b1.Evaluations / 15, calls);
    }

    [Fact]
    public void ElementwiseBatch_IsBitIdenticalToScalar()
    {
        static double F(double x) => Math.Log(x) * Math.Cos(3 * x);
        BatchIntegrand batch = (x, fx) =>
        {
            for (int i = 0; i < x.Length; i++)
                fx[i] = F(x[i]);
        };

        AssertSame(Quad.Integrate(F, 0, 2), Quad.Integrate(batch, 0, 2));
        var options = new QuadOptions { Breakpoints = [1.0], RelativeTolerance = 1e-12 };
        AssertSame(Quad.Integrate(F, 0, 2, options), Quad.Integrate(batch, 0, 2, options));

        static double G(double x) => 1 / (1 + x * x);
        BatchIntegrand gBatch = (x, fx) =>
        {
            for (int i = 0; i < x.Length; i++)
                fx[i] = G(x[i]);
        };
        AssertSame(Quad.Integrate(G, double.NegativeInfinity, double.PositiveInfinity),
            Quad.Integrate(gBatch, double.NegativeInfinity, double.PositiveInfinity));
        AssertSame(Quad.CauchyPrincipalValue(G, -1, 4, 0.3), Quad.CauchyPrincipalValue(gBatch, -1, 4, 0.3));
        AssertSame(Quad.CauchyPrincipalValue(G, 0, double.PositiveInfinity, 2.5),
            Quad.CauchyPrincipalValue(gBatch, 0, double.PositiveInfinity, 2.5));
    }

    [Fact]
    public void BatchCalls_ReceiveWholeRules()
    {
        var sizes = new HashSet<int>();
        BatchIntegrand batch = (x, fx) =>
        {
            sizes.Add(x.Length);
            Assert.Equal(x.Length, fx.Length);
            for (int i = 0; i < x.Length; i++)
                fx[i] = 1 / (1 + x[i] * x[i]);
        };

        Quad.Integrate(batch, 0, 1);
        Quad.Integrate(batch, double.NegativeInfinity, double.PositiveInfinity);
        Quad.CauchyPrincipalValue(batch, -1, 1, 0.5);
        Assert.Equal(new HashSet<int> { 21, 30, 25, 15 }, sizes);
    }

    [Fact]
    public void BatchNaN_IsReportedAtItsX()
    {
        BatchIntegrand batch = (x, fx) =>
        {
            for (int i = 0; i < x.Length; i++)
                fx[i] = x[i] < 0.1 ? double.PositiveInfinity : 1.0;
        };
        QuadResult r = Quad.Integrate(batch, 0, 1);
        Assert.Equal(QuadStatus.NonFiniteIntegrand, r.Status);
        Assert.True(r.FailureX < 0.1);
    }
}
