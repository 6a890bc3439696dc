using System.Numerics;
using BlasNet.Optimization;

namespace BlasNet.Tests.Optimization;

/// <summary>
/// The automatic Jacobian of a model in the row form (<see cref="IRowResidualModel"/>), run over blocks of
/// <see cref="GenericResiduals.RowBlock"/> rows (8 to 64, by width and n): equal to the whole-vector Jet pass, to
/// <see cref="Dual"/> and to the closed form, at every width, with m one below, at, one above and not a multiple of the
/// block, m below one block, n = 1, n = 16 and n &gt; 16 (several passes per block); and a row form that ignores firstRow
/// is caught with a message that says so.
/// </summary>
public class RowBlockJacobianTests
{
    // Per column, relative to the column's largest entry (an entry that is rounding noise after cancellation is not
    // compared digit by digit).
    private static void AssertColumnsClose(double[] expected, double[] actual, int m, int n, double relative, string what)
    {
        for (int j = 0; j < n; j++)
        {
            double scale = 0;
            for (int i = 0; i < m; i++) scale = Math.Max(scale, Math.Abs(expected[i * n + j]));
            for (int i = 0; i < m; i++)
                if (!(Math.Abs(expected[i * n + j] - actual[i * n + j]) <= relative * scale)) // the message only on failure: 2.4 M entries
                    Assert.Fail($"{what}, J[{i}, {j}]: expected {expected[i * n + j]:R}, got {actual[i * n + j]:R}, column scale {scale:R}");
        }
    }

    private static double[] Jacobian(IResidualModel model, int n, int lanes, double[] x)
    {
        var jac = new double[model.ResidualCount * n];
        new GenericResiduals(model, n, lanes).Jacobian(x, jac);
        return jac;
    }

    [Fact]
    public void LargeFit_RowBlockJacobian_EqualsWholeVectorDualAndAnalytic()
    {
        var data = new FourGaussians();
        var model = new FourGaussianGenericModel(data.X, data.Y);
        var whole = new WholeVectorModel(model);
        int m = data.M, n = 12;
        double[] x = FourGaussians.Start;
        var analytic = new double[m * n];
        data.Jacobian(x, analytic);
        var dual = Jacobian(whole, n, 1, x);
        AssertColumnsClose(analytic, dual, m, n, 1e-12, "Dual against the analytic Jacobian");
        foreach (int lanes in new[] { 4, 8, 12, GenericResiduals.ThreeVector256Lanes, 16 })
        {
            var rows = Jacobian(model, n, lanes, x);
            AssertColumnsClose(dual, rows, m, n, 1e-14, $"row blocks, {lanes} lanes, against Dual");
            AssertColumnsClose(Jacobian(whole, n, lanes, x), rows, m, n, 1e-14, $"row blocks, {lanes} lanes, against the whole-vector pass");
        }
        // The solver's column-major layout from the row blocks is the same matrix.
        var generic = new GenericResiduals(model, n);
        var columns = new double[m * n];
        generic.ColumnMajorJacobian(x, columns);
        var transposed = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) transposed[i * n + j] = columns[j * m + i];
        AssertColumnsClose(dual, transposed, m, n, 1e-14, "column-major row blocks against Dual");
    }

    [Fact]
    public void LargeFit_HoistedModel_JacobianMatchesAnalyticAndValuesMatchTheModel()
    {
        // The same function written with its parameter-only work per call (FourGaussianHoistedModel): the row-block
        // Jacobian at every width and Dual against the closed form, and its double values against the closed-form model.
        var data = new FourGaussians(20_000);
        IResidualModel hoisted = new FourGaussianHoistedModel(data.X, data.Y); // Evaluate: the row form's default
        int m = data.M, n = 12;
        double[] x = FourGaussians.Start;
        var analytic = new double[m * n];
        data.Jacobian(x, analytic);
        foreach (int lanes in new[] { 1, 4, 8, 12, GenericResiduals.ThreeVector256Lanes, 16 })
            AssertColumnsClose(analytic, Jacobian(hoisted, n, lanes, x), m, n, 1e-12, $"hoisted model, {lanes} lanes, against the analytic Jacobian");
        var expected = new double[m];
        data.Residuals(x, expected);
        var values = new double[m];
        hoisted.Evaluate<double>(x, values);
        for (int i = 0; i < m; i++)
            Assert.True(Math.Abs(values[i] - expected[i]) <= 1e-14 * (1 + Math.Abs(data.Y[i])), $"r[{i}] = {values[i]:R}, closed form {expected[i]:R}");
    }

    public static TheoryData<int, int> Shapes() => new()
    {
        { 1, 1 },     // one row, one parameter
        { 7, 3 },     // m below the smallest block
        { 64, 5 },
        { 130, 1 },   // n = 1
        { 130, 16 },  // one 16-lane pass
        { 130, 17 },  // two 16-lane passes, the last with one column
        { 200, 37 },  // three 16-lane passes, ten 4-lane ones
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Edges_RowBlockJacobian_EqualsTheClosedFormAndTheWholeVectorPass(int m, int n)
    {
        var model = new SineSum(m);
        var x = new double[n];
        for (int j = 0; j < n; j++) x[j] = 0.3 + 0.17 * j;
        var closed = model.ClosedFormJacobian(x);
        foreach (int lanes in new[] { 0, 1, 4, 8, 12, GenericResiduals.ThreeVector256Lanes, 16 })
        {
            var rows = Jacobian(model, n, lanes, x);
            AssertColumnsClose(closed, rows, m, n, 1e-13, $"m = {m}, n = {n}, {lanes} lanes, against the closed form");
            if (lanes is > 1 or GenericResiduals.ThreeVector256Lanes) AssertColumnsClose(Jacobian(new WholeVectorModel(model), n, lanes, x), rows, m, n, 1e-14, $"m = {m}, n = {n}, {lanes} lanes, against the whole-vector pass");
        }
    }

    [Theory]
    [InlineData(4, 1)]
    [InlineData(8, 12)]
    [InlineData(12, 12)]
    [InlineData(12, 29)]
    [InlineData(GenericResiduals.ThreeVector256Lanes, 12)]
    [InlineData(16, 12)]
    [InlineData(16, 37)]
    public void BlockEdges_AroundTheBlockOfThisWidth_EqualTheClosedForm(int lanes, int n)
    {
        int block = new GenericResiduals(new SineSum(1000), n, lanes).RowBlock;
        Assert.InRange(block, 8, GenericResiduals.BlockRows);
        var x = new double[n];
        for (int j = 0; j < n; j++) x[j] = 0.3 + 0.17 * j;
        foreach (int m in new[] { Math.Max(n, block - 1), block, block + 1, 2 * block + 3 })
        {
            if (m < n) continue;
            var model = new SineSum(m);
            AssertColumnsClose(model.ClosedFormJacobian(x), Jacobian(model, n, lanes, x), m, n, 1e-13, $"m = {m}, n = {n}, {lanes} lanes, block {block}");
        }
    }

    [Fact]
    public void RowFormThatIgnoresFirstRow_IsCaughtOnTheFirstJacobian()
    {
        var model = new IgnoresFirstRow(new SineSum(200));
        double[] x = [0.3, 0.5];
        int block = new GenericResiduals(model, 2, 16).RowBlock;
        var error = Assert.Throws<InvalidOperationException>(() => Jacobian(model, 2, 16, x));
        Assert.Contains("EvaluateRows", error.Message);
        Assert.Contains($"firstRow: {block}", error.Message);
        Assert.Contains($"residual {block}", error.Message);
        // Through the solver: the fit stops with that error rather than fitting with another row's derivatives — where it
        // differentiates with jets by row blocks (every machine with Vector256). With no Vector256 it differentiates with
        // Duals through the whole-vector Evaluate, which this model gets right, and never asks for another row's block.
        if (new GenericResiduals(model, 2).Lanes > 1)
        {
            var fit = Assert.Throws<InvalidOperationException>(() => LevenbergMarquardt.Solve(model, x));
            Assert.Contains("EvaluateRows", fit.Message);
        }
        else
            Assert.Equal(LevenbergMarquardt.Solve(new SineSum(200), x).X, LevenbergMarquardt.Solve(model, x).X);
    }

    [Fact]
    public void FirstJacobianCheck_ReadsTheSolverVector_AndEvaluatesAgainOnceItIsOverwritten()
    {
        const int m = 200, n = 2;
        double[] x = [0.3, 0.5], elsewhere = [0.7, -0.2];
        var model = new SineSum(m);
        int block = new GenericResiduals(model, n, 16).RowBlock;

        // The first residuals are read where the solver's first evaluation wrote them, not copied: a value changed there
        // behind the evaluation's back (which the solver never does before its first Jacobian) is what the check compares.
        var generic = new GenericResiduals(model, n, 16);
        var solverVector = new double[m];
        generic.SolverResiduals(solverVector);
        generic.Residuals(x, solverVector);
        solverVector[block + 1] += 1;
        var error = Assert.Throws<InvalidOperationException>(() => generic.Jacobian(x, new double[m * n]));
        Assert.Contains($"residual {block + 1}", error.Message);

        // A later evaluation into the solver's vector (another x) drops them: the first Jacobian at x evaluates r(x) again
        // and passes, equal to the closed form.
        generic = new GenericResiduals(model, n, 16);
        generic.SolverResiduals(solverVector);
        generic.Residuals(x, solverVector);
        generic.Residuals(elsewhere, solverVector);
        var jac = new double[m * n];
        generic.Jacobian(x, jac);
        AssertColumnsClose(model.ClosedFormJacobian(x), jac, m, n, 1e-13, "after the solver's vector was overwritten");

        // Evaluated into a vector of its own (not the solver's), the first residuals are copied: later writes to it are harmless.
        generic = new GenericResiduals(model, n, 16);
        generic.SolverResiduals(solverVector);
        var own = new double[m];
        generic.Residuals(x, own);
        own[block + 1] += 1;
        generic.Jacobian(x, jac);
        AssertColumnsClose(model.ClosedFormJacobian(x), jac, m, n, 1e-13, "first residuals in a vector of their own");
    }

    [Fact]
    public void RowFormThatIgnoresFirstRow_FitsAlikeWhenTheRowsAreOneBlock()
    {
        // With m ≤ one block (never fewer than 8 rows) every call starts at row 0, so the mistake cannot show and does no
        // harm: the fit equals the correct model's.
        var correct = new SineSum(8);
        double[] x0 = [0.3, 0.5];
        var right = LevenbergMarquardt.Solve(correct, x0);
        var wrong = LevenbergMarquardt.Solve(new IgnoresFirstRow(correct), x0);
        Assert.Equal(right.X.ToArray(), wrong.X.ToArray());
    }

    /// <summary>rᵢ = Σⱼ (j+1)·sin(pⱼ·tᵢ) + p₀·p₍ₙ₋₁₎·tᵢ − 1, tᵢ = 0.01(i + 1): every column differs, and p₀ and pₙ₋₁ are
    /// coupled (for n = 1 the product is p₀²).</summary>
    private sealed class SineSum(int m) : IRowResidualModel
    {
        public int ResidualCount => m;

        private static double T(int i) => 0.01 * (i + 1);

        public void EvaluateRows<T>(ReadOnlySpan<T> p, int firstRow, Span<T> r) where T : IFloatingPointIeee754<T>
        {
            for (int k = 0; k < r.Length; k++)
            {
                T t = T.CreateChecked(SineSum.T(firstRow + k)), sum = p[0] * p[^1] * t - T.One;
                for (int j = 0; j < p.Length; j++) sum += T.CreateChecked(j + 1) * T.Sin(p[j] * t);
                r[k] = sum;
            }
        }

        public double[] ClosedFormJacobian(double[] p)
        {
            int n = p.Length;
            var jac = new double[m * n];
            for (int i = 0; i < m; i++)
            {
                double t = T(i);
                for (int j = 0; j < n; j++) jac[i * n + j] = (j + 1) * t * Math.Cos(p[j] * t);
                jac[i * n] += p[n - 1] * t;
                jac[i * n + n - 1] += p[0] * t;
            }
            return jac;
        }
    }

    /// <summary>The usual mistake: rows 0 … k − 1 whatever firstRow is. Its whole-vector form is right (firstRow = 0).</summary>
    private sealed class IgnoresFirstRow(IRowResidualModel inner) : IRowResidualModel
    {
        public int ResidualCount => inner.ResidualCount;

        public void EvaluateRows<T>(ReadOnlySpan<T> p, int firstRow, Span<T> r) where T : IFloatingPointIeee754<T> => inner.EvaluateRows(p, 0, r);
    }
}
