using System.Globalization;
using BlasNet.Optimization;
using static BlasNet.Tests.PrintedFields;

namespace BlasNet.Tests.Optimization;

/// <summary>A <see cref="LeastSquaresResult"/> prints its numbers, and reading its vectors copies nothing.</summary>
public class ResultPrintingTests
{
    // y = 2 − 1.3·t at t = 0..19, exactly: the fit's X is (2, −1.3) to rounding.
    private static LeastSquaresResult Line() =>
        LevenbergMarquardt.Solve(p => Enumerable.Range(0, 20).Select(t => p[0] + p[1] * t - (2 - 1.3 * t)).ToArray(), [1.0, 1.0]);

    [Fact]
    public void ToString_ShowsTheValues_AndTheMatricesByShape()
    {
        var r = Line();
        string text = r.ToString();
        NoTypeNames(text);
        Assert.Equal(r.X, Numbers(text, "X"));
        Assert.Equal(2.0, r.X[0], 9);
        Assert.Equal(-1.3, r.X[1], 9);
        Assert.Equal(r.StandardErrors!, Numbers(text, "StandardErrors"));
        Assert.Equal(r.Cost, Number(text, "Cost"));
        Assert.Equal(r.Status.ToString(), Field(text, "Status"));
        Assert.Equal(r.Iterations, (int)Number(text, "Iterations"));
        Assert.Equal($"{r.Residuals.Count}×{r.X.Count}", Field(text, "Jacobian"));
        Assert.Equal("2×2", Field(text, "Covariance"));
        Assert.StartsWith("LeastSquaresResult { ", text);
    }

    [Fact]
    public void ToString_DoesNotDependOnTheCulture()
    {
        var r = Line();
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("fr-FR"); // decimal comma
            Assert.Equal(r.X, Numbers(r.ToString(), "X"));
        }
        finally { CultureInfo.CurrentCulture = saved; }
    }

    [Fact]
    public void Vectors_AreViews_NotCopies()
    {
        var r = Line();
        Assert.Same(r.X, r.X);
        Assert.Same(r.Residuals, r.Residuals);
        Assert.Same(r.StandardErrors, r.StandardErrors);
        double sum = 0;
        GC.Collect(); GC.WaitForPendingFinalizers(); GC.Collect(); // dropped runtime caches refilled inside the count would show (see Neural.AllocationTests)
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++) sum += r.X[1] + r.Residuals[3] + r.StandardErrors![0];
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(double.IsFinite(sum));
        Assert.Throws<NotSupportedException>(() => ((IList<double>)r.X)[0] = 0);
    }

    [Fact]
    public void ASquareFit_PrintsNoCovariance()
    {
        // m = n: no degrees of freedom, so no covariance and no standard errors.
        var r = LevenbergMarquardt.Solve(p => [p[0] - 3, p[1] + 0.5], [0.0, 0.0]);
        Assert.False(r.HasCovariance);
        Assert.Null(r.CopyCovariance());
        Assert.Equal("none", Field(r.ToString(), "Covariance"));
        Assert.Equal("none", Field(r.ToString(), "StandardErrors"));
        Assert.Equal(r.X, Numbers(r.ToString(), "X"));
    }

    [Theory]
    [InlineData("Jacobian")]
    [InlineData("Covariance")]
    public void CopyingProperties_AreHiddenFromFsiAndTheDebugger(string property)
    {
        // F# Interactive's echo lists every public property not marked DebuggerBrowsable(Never): without the
        // mark, typing `fit;;` would copy the m×n Jacobian and print all of it.
        var attribute = typeof(LeastSquaresResult).GetProperty(property)!.GetCustomAttributes(typeof(System.Diagnostics.DebuggerBrowsableAttribute), false);
        Assert.Equal(System.Diagnostics.DebuggerBrowsableState.Never, Assert.IsType<System.Diagnostics.DebuggerBrowsableAttribute>(Assert.Single(attribute)).State);
    }
}
