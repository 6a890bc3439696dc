using System.Numerics;
using BlasNet.Optimization;

namespace BlasNet.Tests.Optimization;

/// <summary>
/// Every Solve overload validates its options and the problem's size before it allocates anything of size m or calls the
/// user's function: the size estimate includes the automatic Jacobian's own buffer (the m jets of a whole-vector model).
/// </summary>
public class ValidationOrderTests
{
    // A whole-vector model (not IRowResidualModel) that counts its evaluations.
    private sealed class CountingModel(int m) : IResidualModel
    {
        public int Calls;
        public int ResidualCount => m;
        public void Evaluate<T>(ReadOnlySpan<T> p, Span<T> r) where T : IFloatingPointIeee754<T>
        {
            Calls++;
            for (int i = 0; i < r.Length; i++) r[i] = p[0] - T.CreateChecked(i % 3);
        }
    }

    [Fact]
    public void WholeVectorModel_TooManyResidualsForOneArray_RefusedBeforeTheJetsAreAllocated()
    {
        // 1e9 residuals × 3 parameters: more Jacobian entries than one array holds. The old code first allocated the
        // 1e9 jets of the automatic Jacobian (40 GB and more) and died with a bare OutOfMemoryException.
        var model = new CountingModel(1_000_000_000);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var ex = Assert.Throws<ArgumentException>(() => LevenbergMarquardt.Solve(model, [1.0, 2.0, 3.0]));
        // The caller passed model (whose ResidualCount fixed m), not a residualCount (NewUser45Tests).
        Assert.Equal("model", ex.ParamName);
        Assert.Equal(0, model.Calls);
        Assert.True(watch.ElapsedMilliseconds < 500, $"{watch.ElapsedMilliseconds} ms");
    }

    [Theory]
    [InlineData(16)]
    [InlineData(4)]
    [InlineData(1)]
    public void WholeVectorModel_JetBufferBeyondMemory_RefusedWithoutAllocating(int lanes)
    {
        // n = 1: the solver's own buffers, four m×n matrices and eight m-vectors, take 96 bytes a residual; the automatic
        // Jacobian's m jets take 136 more (16 lanes), 40 (4 lanes) or the Duals 16. m is chosen so that the solver's own
        // buffers alone fit in the available memory but not with the jets: the old estimate left the jets out and let the
        // fit allocate them all and start.
        long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        int jetBytes = lanes switch { 16 => 136, 4 => 40, _ => 16 };
        long m = Math.Min(available / (96 + jetBytes / 2), Array.MaxLength);
        var model = new CountingModel((int)m);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var ex = Assert.Throws<ArgumentException>(() => LevenbergMarquardt.Solve(model, [1.0], null, lanes));
        Assert.Equal("model", ex.ParamName);
        Assert.Equal(0, model.Calls);
        Assert.True(watch.ElapsedMilliseconds < 500, $"{watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public void InvalidOptions_ThrowBeforeTheFunctionIsCalled_EveryOverload()
    {
        var invalid = new LevenbergMarquardtOptions { MaxDegreeOfParallelism = 0 };
        var negative = new LevenbergMarquardtOptions { FTol = -1 };
        int calls = 0;
        Func<Dual[], Dual[]> dual = p => { calls++; return [p[0] - 1, p[0] - 2]; };
        Assert.Throws<ArgumentOutOfRangeException>(() => LevenbergMarquardt.Solve(dual, [1.0], invalid));
        Assert.Throws<ArgumentOutOfRangeException>(() => LevenbergMarquardt.Solve(dual, [1.0], negative));
        Func<double[], double[]> plain = p => { calls++; return [p[0] - 1, p[0] - 2]; };
        Assert.Throws<ArgumentOutOfRangeException>(() => LevenbergMarquardt.Solve(plain, [1.0], invalid));
        Assert.Throws<ArgumentOutOfRangeException>(() => LevenbergMarquardt.Solve(plain, p => new double[2, 1], [1.0], negative));
        ResidualFunction span = (x, r) => calls++;
        Assert.Throws<ArgumentOutOfRangeException>(() => LevenbergMarquardt.Solve(span, 2, [1.0], null, negative));
        var model = new CountingModel(3);
        Assert.Throws<ArgumentOutOfRangeException>(() => LevenbergMarquardt.Solve(model, [1.0], invalid with { Jacobian = JacobianMode.Automatic }));
        Assert.Throws<ArgumentOutOfRangeException>(() => LevenbergMarquardt.Solve(model, [1.0], negative with { Jacobian = JacobianMode.Automatic }));
        Assert.Equal(0, calls);
        Assert.Equal(0, model.Calls);
    }
}
