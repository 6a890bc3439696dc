using System.Numerics;
using BlasNet.Optimization;

namespace BlasNet.Tests.Optimization;

/// <summary>
/// The C# examples of src/BlasNet.Optimization/README.md ("Written once with generic math"), kept compiling as the
/// README prints them and checked on data whose solution is known exactly (y = 3·e^(−0.5 t)).
/// </summary>
public class ReadmeExamplesTests
{
    private static readonly double[] T = [0, 0.5, 1, 2, 3, 4, 5];
    private static readonly double[] Y = T.Select(t => 3 * Math.Exp(-0.5 * t)).ToArray();

    // The README's first class, verbatim.
    private sealed class Decay(double[] t, double[] y) : IResidualModel
    {
        public int ResidualCount => t.Length;
        public void Evaluate<T>(ReadOnlySpan<T> p, Span<T> r) where T : IFloatingPointIeee754<T>
        {
            for (int i = 0; i < t.Length; i++)
                r[i] = p[0] * T.Exp(-p[1] * T.CreateChecked(t[i])) - T.CreateChecked(y[i]);
        }
    }

    // The README's row form, verbatim (renamed only because both cannot be called Decay here).
    private sealed class RowDecay(double[] t, double[] y) : IRowResidualModel
    {
        public int ResidualCount => t.Length;
        public void EvaluateRows<T>(ReadOnlySpan<T> p, int firstRow, Span<T> r) where T : IFloatingPointIeee754<T>
        {
            for (int k = 0; k < r.Length; k++)
                r[k] = p[0] * T.Exp(-p[1] * T.CreateChecked(t[firstRow + k])) - T.CreateChecked(y[firstRow + k]);
        }
    }

    [Fact]
    public void GenericModel_AsTheReadmeWritesIt_FindsTheExactParameters()
    {
        var fit = LevenbergMarquardt.Solve(new Decay(T, Y), [1.0, 0.5]);
        Assert.True(fit.Succeeded, fit.ToString());
        Assert.Equal(3.0, fit.X[0], 10);
        Assert.Equal(0.5, fit.X[1], 10);
        // From a start away from the answer too.
        var far = LevenbergMarquardt.Solve(new Decay(T, Y), [1.0, 0.0]);
        Assert.True(far.Succeeded, far.ToString());
        Assert.Equal(3.0, far.X[0], 9);
        Assert.Equal(0.5, far.X[1], 9);
    }

    [Fact]
    public void RowModel_AsTheReadmeWritesIt_FindsTheExactParameters_OnOneAndTwoThreads()
    {
        foreach (int threads in new[] { 1, 2 })
        {
            var options = new LevenbergMarquardtOptions { Jacobian = JacobianMode.Automatic, MaxDegreeOfParallelism = threads };
            var fit = LevenbergMarquardt.Solve(new RowDecay(T, Y), [1.0, 0.0], options);
            Assert.True(fit.Succeeded, fit.ToString());
            Assert.Equal(3.0, fit.X[0], 9);
            Assert.Equal(0.5, fit.X[1], 9);
        }
    }

    [Fact]
    public void ReadmeBlock_CompilesAsItStands_StatementsBeforeTheClass_AndItsDataMatchSciPy()
    {
        // The block ended with `var fit = …` after `sealed class Decay`: pasted as a program, error CS8803 (top-level
        // statements must precede type declarations); it also used t and y that nothing defined.
        string readme = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "data", "docs", "BlasNet.Optimization.README.md")).Replace("\r\n", "\n");
        string block = System.Text.RegularExpressions.Regex.Matches(readme, "```csharp\n(.*?)```", System.Text.RegularExpressions.RegexOptions.Singleline)
            .Select(m => m.Groups[1].Value).First(b => b.Contains(": IResidualModel"));
        int data = block.IndexOf("double[] t = [0, 1, 2, 3, 4, 5], y = [3.0, 1.82, 1.10, 0.67, 0.41, 0.25];", StringComparison.Ordinal);
        int call = block.IndexOf("var fit = LevenbergMarquardt.Solve(new Decay(t, y), [1.0, 0.5]);", StringComparison.Ordinal);
        int type = block.IndexOf("sealed class Decay", StringComparison.Ordinal);
        Assert.True(data >= 0 && call > data && type > call, $"data at {data}, call at {call}, class at {type}");
        Assert.StartsWith("using System.Numerics;\nusing BlasNet.Optimization;\n", block);

        double[] t = [0, 1, 2, 3, 4, 5], y = [3.0, 1.82, 1.10, 0.67, 0.41, 0.25];
        var fit = LevenbergMarquardt.Solve(new Decay(t, y), [1.0, 0.5]);
        // scipy.optimize.least_squares(method='lm', tolerances 1e-15): x = [2.9991790991273, 0.499557403643488].
        Assert.True(fit.Succeeded, fit.ToString());
        Assert.Equal(2.9991790991273, fit.X[0], 1e-7);
        Assert.Equal(0.499557403643488, fit.X[1], 1e-7);
    }
}
