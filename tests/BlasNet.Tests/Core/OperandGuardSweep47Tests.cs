namespace BlasNet.Tests.Core;

/// <summary>
/// Session 47 (blis47): level 1 and level 2 with increments 2 and 3, padded leading dimensions, the band and packed
/// routines, and sizes past 32, each operand in turn ending at a PROT_NONE page and beginning right after one
/// (<see cref="OperandGuardSweep47"/>'s sampled "test" set), in a child process on the provider of this run, so a library
/// reading outside an operand is a failed test naming its case, not a dead test host.
/// </summary>
public class OperandGuardSweep47Tests
{
    [Fact]
    public void NoRoutineReadsOrWritesOutsideAnOperand()
    {
        string caseFile = Path.Combine(Path.GetTempPath(), $"blasnet-operand-guard-47-{Guid.NewGuid():N}.case");
        try
        {
            var (exitCode, output) = ChildProcess.Run(["operand-guard-sweep-47", "0", caseFile, "test"], new Dictionary<string, string?>(), TimeSpan.FromMinutes(5));
            string last = File.Exists(caseFile) ? File.ReadAllText(caseFile).TrimEnd() : "(none)";
            Assert.True(exitCode == 0, $"the child died (exit code {exitCode}) in the case\n{last}\n{output}");
            Assert.Matches(@"calls (\d+) cases \1", output);
        }
        finally
        {
            File.Delete(caseFile);
        }
    }

    /// <summary>
    /// Negative increments (CBLAS's walk from the far end, which would read before the span BlasNet checked) are refused,
    /// naming the increment, before any library call: no guard page is needed to show it.
    /// </summary>
    [Theory]
    [InlineData(-1)]
    [InlineData(-3)]
    [InlineData(0)]
    public void NonPositiveIncrementsAreRefusedByName(int inc)
    {
        var x = new double[10];
        var y = new float[10];
        var a = new double[9];
        Assert.Equal("incX", Assert.Throws<ArgumentOutOfRangeException>(() => Blas.Axpy(3, 1.0, x, inc, new double[10], 1)).ParamName);
        Assert.Equal("incY", Assert.Throws<ArgumentOutOfRangeException>(() => Blas.Dot(3, y, 1, y.AsSpan(), inc)).ParamName);
        Assert.Equal("incX", Assert.Throws<ArgumentOutOfRangeException>(() => Blas.Nrm2(3, x, inc)).ParamName);
        Assert.Equal("incX", Assert.Throws<ArgumentOutOfRangeException>(() => Blas.Rot(3, x, inc, new double[10], 1, 0.6, 0.8)).ParamName);
        Assert.Equal("incY", Assert.Throws<ArgumentOutOfRangeException>(() => Blas.Gemv(Transpose.None, 3, 3, 1.0, a, 3, x, 1, 0.0, new double[10], inc)).ParamName);
        Assert.Equal("incX", Assert.Throws<ArgumentOutOfRangeException>(() => Blas.Tpsv(Triangle.Upper, Transpose.None, Diagonal.NonUnit, 3, new double[6], x, inc)).ParamName);
        Assert.Equal("incY", Assert.Throws<ArgumentOutOfRangeException>(() => Blas.Spr2(Triangle.Lower, 3, 1.0, x, 1, new double[10], inc, new double[6])).ParamName);
    }
}
