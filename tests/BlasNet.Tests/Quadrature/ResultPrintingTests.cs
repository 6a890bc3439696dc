using BlasNet.Quadrature;
using static BlasNet.Tests.PrintedFields;

namespace BlasNet.Tests.Quadrature;

/// <summary>A <see cref="QuadResult"/> prints its numbers at round-trip precision and FailureX as a value or <c>none</c>.</summary>
public class ResultPrintingTests
{
    [Fact]
    public void Converged_PrintsValueErrorAndNone()
    {
        var r = Quad.Integrate(Math.Sin, 0, Math.PI);
        string text = r.ToString();
        NoTypeNames(text);
        Assert.Equal(2.0, r.Value, 12); // ∫₀^π sin = 2
        Assert.Equal(r.Value, Number(text, "Value"));
        Assert.Equal(r.AbsoluteError, Number(text, "AbsoluteError"));
        Assert.Equal(r.Evaluations, (int)Number(text, "Evaluations"));
        Assert.Equal(r.Intervals, (int)Number(text, "Intervals"));
        Assert.Equal("none", Field(text, "FailureX"));
    }

    [Fact]
    public void NonFinite_PrintsWhereItFailed()
    {
        var r = Quad.Integrate(x => x > 0.75 ? double.NaN : 1.0, 0, 1);
        Assert.Equal(QuadStatus.NonFiniteIntegrand, r.Status);
        double x = Number(r.ToString(), "FailureX");
        Assert.True(x > 0.75);
        Assert.Equal(r.FailureX!.Value, x);
    }
}
