using System.Numerics.Tensors;

namespace BlasNet.Tests.Core;

/// <summary>
/// The a-priori growth bound (SolveGrowthBound) that lets Trsm, Trtrs and Potrs skip the copy of B kept for an overflow
/// recompute. Where the bound must fail (solutions that really overflow, subnormal or zero diagonals, float's smaller range)
/// the copy is taken (SolveOverflowCopy.SavesOnThisThread counts it) and the results are the closed-form ones on every
/// provider; on an ordinary triangle the copy is skipped and X still solves the system. Every case has at least as many
/// right-hand sides as the order, so the bound is computed (it is not for fewer: it would cost more than the copy).
/// </summary>
public class TriangularSolveGrowthBoundTests
{
    /// <summary>
    /// A 2×2 lower triangle T = [[t00, 0], [t10, t11]] solved for two right-hand sides, with the closed-form x of each.
    /// The combination (side, transpose, uplo) decides whether op(A) (or op(A)ᵀ on the right) is lower or upper; an upper
    /// one is T with both indices reversed, and b and x reversed with it.
    /// </summary>
    private sealed record Case(string Name, double T00, double T10, double T11, Diagonal Diag, double[][] Bs, double[][] Xs);

    private static readonly Case[] Overflowing =
    [
        // The brief's A = [[1, −1e200], [0, 1e-200]] (upper) as a lower T: x₀ = 1e200, x₁ = 1 + 1e400 = ∞.
        new("growth 1e400", 1e-200, -1e200, 1, Diagonal.NonUnit,
            [[1, 1], [1e-250, 2]], [[1e200, double.PositiveInfinity], [1e-50, 1e150]]),
        // diag(1, 1e-320), b = (0, 1): x = (0, ∞) exactly, where blocked native solves gave NaN for x₀ (0·∞).
        new("subnormal diagonal", 1, 0, 1e-320, Diagonal.NonUnit,
            [[0, 1], [3, 0]], [[0, double.PositiveInfinity], [3, 0]]),
        // A moderate (unit) diagonal with a huge off-diagonal: x₁ = −1e310 = −∞. The stored diagonal is NaN: not referenced.
        new("large off-diagonal, unit diagonal", double.NaN, 1e300, double.NaN, Diagonal.Unit,
            [[1e10, 0], [1, 1]], [[1e10, double.NegativeInfinity], [1, 1 - 1e300]]),
    ];

    public static TheoryData<int> OverflowingCases => [0, 1, 2];

    [Theory]
    [MemberData(nameof(OverflowingCases))]
    public void Trsm_BoundFails_CopyIsTaken_AndEveryCombinationGivesTheClosedForm(int index)
    {
        var c = Overflowing[index];
        foreach (var side in new[] { Side.Left, Side.Right })
            foreach (var trans in new[] { Transpose.None, Transpose.Transposed })
                foreach (var uplo in new[] { Triangle.Lower, Triangle.Upper })
                {
                    var (a, b, x) = RowMajorSystem(c, side, trans, uplo);
                    int m = side == Side.Left ? 2 : c.Bs.Length, n = side == Side.Left ? c.Bs.Length : 2;
                    int saves = SolveOverflowCopy.SavesOnThisThread;
                    Blas.Trsm(side, uplo, trans, c.Diag, m, n, 1.0, a, 2, b, n);
                    string where = $"{c.Name}, {side} {trans} {uplo}";
                    Assert.True(SolveOverflowCopy.SavesOnThisThread > saves, $"{where}: the bound passed a solution that overflows");
                    AssertClose(x, b, where);
                }
    }

    [Theory]
    [MemberData(nameof(OverflowingCases))]
    public void TrtrsAndSolveTriangular_BoundFails_CopyIsTaken_AndGiveTheClosedForm(int index)
    {
        var c = Overflowing[index];
        foreach (var trans in new[] { Transpose.None, Transpose.Transposed })
            foreach (var uplo in new[] { Triangle.Lower, Triangle.Upper })
            {
                // The side Left system's A (op(A) = T or its reversal), stored column-major; one right-hand side per column.
                var (aRow, _, x) = RowMajorSystem(c, Side.Left, trans, uplo);
                var aCol = new double[4];
                for (int i = 0; i < 2; i++) for (int j = 0; j < 2; j++) aCol[j * 2 + i] = aRow[i * 2 + j];
                bool lowerT = EffectiveLower(Side.Left, trans, uplo);
                var bCol = c.Bs.SelectMany(v => lowerT ? v : v.Reverse()).ToArray();
                int saves = SolveOverflowCopy.SavesOnThisThread;
                Assert.Equal(0, Lapack.Trtrs(uplo, trans, c.Diag, 2, c.Bs.Length, aCol, 2, bCol, 2));
                string where = $"{c.Name}, Trtrs {trans} {uplo}";
                Assert.True(SolveOverflowCopy.SavesOnThisThread > saves, $"{where}: the bound passed a solution that overflows");
                var xCol = new double[bCol.Length]; // x as stored by Left's row-major B (rows = components)
                for (int j = 0; j < c.Bs.Length; j++) for (int i = 0; i < 2; i++) xCol[i * c.Bs.Length + j] = bCol[j * 2 + i];
                AssertClose(x, xCol, where);
            }
    }

    /// <summary>
    /// The orientation of the sums, in every combination: with T = [[1, 0, 0], [1e200, 1e200, 0], [0, 0, 1]] (lower, or
    /// reversed to upper) and b = (1e200, 0, 2), x = (1e200, −1e200, 2) exactly. Plain substitution gives x₁ = −∞
    /// ((0 − 1e200·1e200)/1e200 overflows in its product, as in reference BLAS), which the scaled recompute
    /// (ScaledSubstitution) turns into the finite −1e200; x₂ does not depend on it. The column sum under the first diagonal (1e200 over
    /// t₀ = 1) fails the bound, so the copy is taken and the native NaN in x₂ (0·∞) is recomputed; the row sums (1e200 beside
    /// t₁ = 1e200, a factor 2) would have passed it, and OpenBLAS, MKL and BLIS then returned x₂ = NaN. A 2×2 triangle cannot
    /// tell the two apart; A is stored with lda = 4 and NaN in the padding and the other triangle (never read), and the count
    /// of right-hand sides equals the order, the smallest for which the bound is computed.
    /// </summary>
    [Fact]
    public void OverflowingIntermediate_ColumnSumsFailTheBound_InEveryCombination()
    {
        const int order = 3, count = 3, lda = 4;
        double[,] lowerT = { { 1, 0, 0 }, { 1e200, 1e200, 0 }, { 0, 0, 1 } };
        double[][] bs = [[1e200, 0, 2], [1, 1, 3], [2, 0, 4]];
        double[][] xs = [[1e200, -1e200, 2], [1, -1, 3], [2, -2, 4]];
        foreach (var side in new[] { Side.Left, Side.Right })
            foreach (var trans in new[] { Transpose.None, Transpose.Transposed })
                foreach (var uplo in new[] { Triangle.Lower, Triangle.Upper })
                {
                    bool lower = EffectiveLower(side, trans, uplo);
                    int P(int i) => lower ? i : order - 1 - i; // T's component i is stored at P(i)
                    // A = T (left untransposed, right transposed) or Tᵀ, in the stored triangle only.
                    bool asIs = (side == Side.Left) == (trans == Transpose.None);
                    var a = Enumerable.Repeat(double.NaN, order * lda).ToArray();
                    for (int i = 0; i < order; i++)
                        for (int k = 0; k <= i; k++)
                        {
                            var (r, c) = asIs ? (P(i), P(k)) : (P(k), P(i));
                            a[r * lda + c] = lowerT[i, k];
                        }
                    int m = side == Side.Left ? order : count, n = side == Side.Left ? count : order;
                    var b = new double[m * n];
                    var x = new double[m * n];
                    for (int rhs = 0; rhs < count; rhs++)
                        for (int i = 0; i < order; i++)
                        {
                            int at = side == Side.Left ? P(i) * count + rhs : rhs * order + P(i);
                            b[at] = bs[rhs][i];
                            x[at] = xs[rhs][i];
                        }
                    string where = $"{side} {trans} {uplo}";
                    if (side == Side.Left)
                    {
                        // Trtrs on the same system: column-major A is the row-major one transposed, B one column per right-hand side.
                        var aCol = Enumerable.Repeat(double.NaN, order * lda).ToArray();
                        for (int r = 0; r < order; r++) for (int c = 0; c < order; c++) aCol[c * lda + r] = a[r * lda + c];
                        var bCol = new double[order * count];
                        for (int rhs = 0; rhs < count; rhs++) for (int i = 0; i < order; i++) bCol[rhs * order + P(i)] = bs[rhs][i];
                        int before = SolveOverflowCopy.SavesOnThisThread;
                        Assert.Equal(0, Lapack.Trtrs(uplo, trans, Diagonal.NonUnit, order, count, aCol, lda, bCol, order));
                        Assert.True(SolveOverflowCopy.SavesOnThisThread > before, $"Trtrs {where}: the bound passed an overflowing intermediate");
                        var xCol = new double[order * count];
                        for (int rhs = 0; rhs < count; rhs++) for (int i = 0; i < order; i++) xCol[rhs * order + P(i)] = xs[rhs][i];
                        AssertClose(xCol, bCol, $"Trtrs {where}");
                    }
                    int saves = SolveOverflowCopy.SavesOnThisThread;
                    Blas.Trsm(side, uplo, trans, Diagonal.NonUnit, m, n, 1.0, a, lda, b, n);
                    Assert.True(SolveOverflowCopy.SavesOnThisThread > saves, $"{where}: the bound passed an overflowing intermediate");
                    AssertClose(x, b, where);
                }
    }

    /// <summary>
    /// The same system through the Matrix and tensor forms, with A and B each stored as given or transposed (which turns the
    /// call into the other side and transpose): T = A on the left, Aᵀ on the right, b = (1e200, 0, 2) gives (1e200, −1e200, 2)
    /// (plain substitution's −∞ in the overflowed product is recomputed with scaling).
    /// </summary>
    [Fact]
    public void OverflowingIntermediate_MatrixAndTensorViews_TakeTheCopy()
    {
        const int order = 3, count = 3;
        double[,] lowerT = { { 1, 0, 0 }, { 1e200, 1e200, 0 }, { 0, 0, 1 } };
        double[][] bs = [[1e200, 0, 2], [1, 1, 3], [2, 0, 4]];
        double[][] xs = [[1e200, -1e200, 2], [1, -1, 3], [2, -2, 4]];
        foreach (var side in new[] { Side.Left, Side.Right })
            foreach (bool aStoredTransposed in new[] { false, true })
                foreach (bool bStoredTransposed in new[] { false, true })
                {
                    // Logical A: T on the left (lower), Tᵀ on the right (upper). B: one right-hand side per column (left) or row (right).
                    var uplo = side == Side.Left ? Triangle.Lower : Triangle.Upper;
                    double A(int i, int j) => side == Side.Left ? lowerT[i, j] : lowerT[j, i];
                    double B(int i, int j) => side == Side.Left ? bs[j][i] : bs[i][j];
                    double X(int i, int j) => side == Side.Left ? xs[j][i] : xs[i][j];
                    var ad = new double[order * order];
                    for (int i = 0; i < order; i++) for (int j = 0; j < order; j++) ad[aStoredTransposed ? j * order + i : i * order + j] = A(i, j);
                    var am = aStoredTransposed ? Matrix.Zeros<double>(order, order).Transpose() : Matrix.Zeros<double>(order, order);
                    var bm = bStoredTransposed ? Matrix.Zeros<double>(count, order).Transpose() : Matrix.Zeros<double>(order, count);
                    var bd = new double[order * count];
                    for (int i = 0; i < order; i++)
                        for (int j = 0; j < order; j++)
                        {
                            am[i, j] = A(i, j);
                            bm[i, j] = B(i, j);
                            bd[bStoredTransposed ? j * order + i : i * count + j] = B(i, j);
                        }
                    string where = $"{side}, A {(aStoredTransposed ? "transposed" : "as is")}, B {(bStoredTransposed ? "transposed" : "as is")}";
                    int saves = SolveOverflowCopy.SavesOnThisThread;
                    Blas.Trsm(side, uplo, 1.0, am, bm);
                    Assert.True(SolveOverflowCopy.SavesOnThisThread > saves, $"Matrix {where}: the bound passed an overflowing intermediate");
                    saves = SolveOverflowCopy.SavesOnThisThread;
                    Blas.Trsm(side, uplo, 1.0, new ReadOnlyTensorSpan<double>(ad, [order, order], aStoredTransposed ? [1, order] : [order, 1]),
                        new TensorSpan<double>(bd, [order, count], bStoredTransposed ? [1, order] : [count, 1]));
                    Assert.True(SolveOverflowCopy.SavesOnThisThread > saves, $"tensor {where}: the bound passed an overflowing intermediate");
                    for (int i = 0; i < order; i++)
                        for (int j = 0; j < count; j++)
                        {
                            Assert.True(X(i, j).Equals(bm[i, j]), $"Matrix {where}: x[{i},{j}] is {bm[i, j]}, expected {X(i, j)}");
                            double t = bd[bStoredTransposed ? j * order + i : i * count + j];
                            Assert.True(X(i, j).Equals(t), $"tensor {where}: x[{i},{j}] is {t}, expected {X(i, j)}");
                        }
                }
    }

    [Fact]
    public void CholeskySolve_GrowthThatOverflows_CopyIsTaken_AndGivesTheClosedForm()
    {
        // L = [[1e-200, 0], [0, 1]]: L Lᵀ = diag(1e-400 → 0, 1) cannot be formed, so Potrs is called on the factor directly.
        // x = (LLᵀ)⁻¹ b = (b₀·1e400, b₁) = (∞, 2) for b₀ = 1; and (1e-250·1e400 = 1e150, 3).
        double[] l = [1e-200, 0, 0, 1];
        double[] b = [1, 2, 1e-250, 3];
        int saves = SolveOverflowCopy.SavesOnThisThread;
        Assert.Equal(0, Lapack.Potrs(Triangle.Lower, 2, 2, l, 2, b, 2));
        Assert.True(SolveOverflowCopy.SavesOnThisThread > saves, "the bound passed a solution that overflows");
        Assert.Equal(double.PositiveInfinity, b[0]);
        Assert.Equal(2.0, b[1]);
        Assert.Equal(1e150, b[2], 1e150 * 1e-14);
        Assert.Equal(3.0, b[3]);
    }

    [Fact]
    public void Trsm_Float_UsesFloatsRange()
    {
        // T = [[1, 0], [1e30, 1]], b = (1e10, 0): x₁ = −1e40, beyond float (3.4e38) though far inside double: a bound
        // checked against double's range would have skipped the copy.
        float[] a = [1, 0, 1e30f, 1];
        float[] b = [1e10f, 1, 0, 1];
        int saves = SolveOverflowCopy.SavesOnThisThread;
        Blas.Trsm(Side.Left, Triangle.Lower, Transpose.None, Diagonal.NonUnit, 2, 2, 1f, a, 2, b, 2);
        Assert.True(SolveOverflowCopy.SavesOnThisThread > saves, "the bound passed a float solution that overflows");
        Assert.Equal(1e10f, b[0]);
        Assert.Equal(1f, b[1]);
        Assert.Equal(float.NegativeInfinity, b[2]);
        Assert.Equal(1f - 1e30f, b[3]);
    }

    [Fact]
    public void Trtrs_ZeroDiagonal_ReportsItAndLeavesB()
    {
        double[] a = [2, 1, 0, 0]; // column-major lower [[2, 0], [1, 0]]
        double[] b = [1, 2, 3, 4];
        Assert.Equal(2, Lapack.Trtrs(Triangle.Lower, Transpose.None, Diagonal.NonUnit, 2, 2, a, 2, b, 2));
        Assert.Equal([1.0, 2, 3, 4], b);
        Assert.Equal(double.PositiveInfinity, SolveGrowthBound.Growth(Triangle.Upper, Diagonal.NonUnit, 2, a, 2, columns: false));
    }

    [Fact]
    public void Growth_EdgeCases()
    {
        // Zero, subnormal and tiny diagonals and an empty triangle; sums that overflow double.
        Assert.Equal(double.PositiveInfinity, SolveGrowthBound.Growth(Triangle.Lower, Diagonal.NonUnit, 2, [1.0, 0, 0, 0], 2, columns: true));
        Assert.Equal(double.PositiveInfinity, SolveGrowthBound.Growth(Triangle.Lower, Diagonal.NonUnit, 2, [1.0, 0, 0, 1e-320], 2, columns: true));
        Assert.Equal(1.0, SolveGrowthBound.Growth(Triangle.Lower, Diagonal.NonUnit, 0, ReadOnlySpan<double>.Empty, 1, columns: true));
        Assert.Equal(double.PositiveInfinity, SolveGrowthBound.Growth(Triangle.Lower, Diagonal.NonUnit, 3,
            [1.0, 0, 0, double.MaxValue, 1, 0, double.MaxValue, 0, 1], 3, columns: true));
        // Unit diagonal: the stored diagonal is not read; T = [[1, 0], [3, 1]]: M = 4, G = 4.
        Assert.Equal(4.0, SolveGrowthBound.Growth(Triangle.Lower, Diagonal.Unit, 2, [double.NaN, 0, 3, 0], 2, columns: true));
        // dlatrs-style product, (t + c)/t per column: [[2, 0], [6, 1]] gives (2 + 6)/2 · 1 = 4, and max 1/t = 1.
        Assert.Equal(4.0, SolveGrowthBound.Growth(Triangle.Lower, Diagonal.NonUnit, 2, [2.0, 0, 6, 1], 2, columns: true));
        // The same triangle by rows (T = Aᵀ, upper): row sums c = (0, 6); (1 + 6)/1 for row 1: G = 7 (order-independent form).
        Assert.Equal(7.0, SolveGrowthBound.Growth(Triangle.Lower, Diagonal.NonUnit, 2, [2.0, 0, 6, 1], 2, columns: false));
        // A running product past the caller's stop ends the scan: the bound has failed.
        Assert.Equal(double.PositiveInfinity, SolveGrowthBound.Growth(Triangle.Lower, Diagonal.NonUnit, 2, [2.0, 0, 6, 1], 2, columns: true, stop: 3));
        // Upper, by columns (top-down): [[1, 3], [0, 1]] gives (1 + 0)/1 · (1 + 3)/1 = 4; float sums the same way.
        Assert.Equal(4.0, SolveGrowthBound.Growth(Triangle.Upper, Diagonal.NonUnit, 2, [1f, 3, 0, 1], 2, columns: true));
    }

    /// <summary>
    /// An ordinary triangle (8×8, diagonal 2..3, off-diagonal in [−0.5, 0.5]) with 20 right-hand sides: every Trsm
    /// combination, float and double, unit diagonal with NaN stored on it, Trtrs, Potrs and the Matrix forms skip the
    /// copy, and X solves the system (residual against the definition).
    /// </summary>
    [Fact]
    public void WellConditionedTriangle_CopyIsSkipped_AndXSolvesTheSystem()
    {
        const int order = 8, count = 20;
        var rng = new Random(28);
        var a = new double[order * order];
        for (int i = 0; i < order; i++)
            for (int j = 0; j < order; j++) a[i * order + j] = i == j ? 2 + rng.NextDouble() : rng.NextDouble() - 0.5;
        var b0 = new double[order * count];
        for (int k = 0; k < b0.Length; k++) b0[k] = 10 * (rng.NextDouble() - 0.5);

        foreach (var diag in new[] { Diagonal.NonUnit, Diagonal.Unit })
        {
            var ad = (double[])a.Clone();
            if (diag == Diagonal.Unit) for (int i = 0; i < order; i++) ad[i * order + i] = double.NaN; // not referenced
            foreach (var side in new[] { Side.Left, Side.Right })
                foreach (var trans in new[] { Transpose.None, Transpose.Transposed })
                    foreach (var uplo in new[] { Triangle.Lower, Triangle.Upper })
                    {
                        int m = side == Side.Left ? order : count, n = side == Side.Left ? count : order;
                        var x = (double[])b0.Clone();
                        int saves = SolveOverflowCopy.SavesOnThisThread;
                        Blas.Trsm(side, uplo, trans, diag, m, n, 0.5, ad, order, x, n);
                        string where = $"{side} {trans} {uplo} {diag}";
                        Assert.Equal(saves, SolveOverflowCopy.SavesOnThisThread);
                        AssertSolves(ad, side, uplo, trans, diag, m, n, 0.5, b0, x, 1e-13, where);

                        var xf = b0.Select(v => (float)v).ToArray();
                        Blas.Trsm(side, uplo, trans, diag, m, n, 0.5f, ad.Select(v => (float)v).ToArray(), order, xf, n);
                        Assert.Equal(saves, SolveOverflowCopy.SavesOnThisThread);
                        AssertSolves(ad, side, uplo, trans, diag, m, n, 0.5, b0, xf.Select(v => (double)v).ToArray(), 1e-5, where + " float");
                    }
        }

        // LAPACK side (column-major A; Trtrs is op(A) X = B with X order×count column-major).
        foreach (var trans in new[] { Transpose.None, Transpose.Transposed })
            foreach (var uplo in new[] { Triangle.Lower, Triangle.Upper })
            {
                var x = (double[])b0.Clone();
                int saves = SolveOverflowCopy.SavesOnThisThread;
                Assert.Equal(0, Lapack.Trtrs(uplo, trans, Diagonal.NonUnit, order, count, a, order, x, order));
                Assert.Equal(saves, SolveOverflowCopy.SavesOnThisThread);
                // Column-major A is row-major Aᵀ, and column-major X (order×count) is row-major Xᵀ: op(A) X = B is
                // Xᵀ op(A)ᵀ = Bᵀ, the row-major side Right system with the stored triangle flipped and the same transpose.
                AssertSolves(a, Side.Right, uplo == Triangle.Lower ? Triangle.Upper : Triangle.Lower, trans, Diagonal.NonUnit,
                    count, order, 1, b0, x, 1e-13, $"Trtrs {trans} {uplo}");
            }

        // Potrs and CholeskyFactor.Solve: SPD S = L Lᵀ with L the lower triangle of a (column-major lower = row-major upper).
        var l = new double[order * order];
        for (int j = 0; j < order; j++) for (int i = j; i < order; i++) l[j * order + i] = a[j * order + i];
        var xs = (double[])b0.Clone();
        int before = SolveOverflowCopy.SavesOnThisThread;
        Assert.Equal(0, Lapack.Potrs(Triangle.Lower, order, count, l, order, xs, order));
        Assert.Equal(before, SolveOverflowCopy.SavesOnThisThread);
        for (int r = 0; r < count; r++)
            for (int i = 0; i < order; i++)
            {
                // (L Lᵀ x)ᵢ = Σₖ L[i,k] Σⱼ L[j,k] x[j], with L[i,k] = l[k*order + i] (column-major) for i ≥ k.
                double s = 0, scale = 0;
                for (int k = 0; k <= i; k++)
                {
                    double inner = 0;
                    for (int j = k; j < order; j++) inner += l[k * order + j] * xs[r * order + j];
                    s += l[k * order + i] * inner; scale += Math.Abs(l[k * order + i] * inner);
                }
                Assert.True(Math.Abs(s - b0[r * order + i]) <= 1e-13 * (scale + 1), $"Potrs residual at ({i}, {r}): {s} vs {b0[r * order + i]}");
            }

        var lower = Matrix.Zeros<double>(order, order);
        for (int i = 0; i < order; i++) for (int j = 0; j <= i; j++) lower[i, j] = a[i * order + j];
        var bm = Matrix.Zeros<double>(order, count);
        for (int i = 0; i < order; i++) for (int j = 0; j < count; j++) bm[i, j] = b0[i * count + j];
        before = SolveOverflowCopy.SavesOnThisThread;
        var xm = Lapack.SolveTriangular(Triangle.Lower, lower, bm);
        Assert.Equal(before, SolveOverflowCopy.SavesOnThisThread);
        for (int j = 0; j < count; j++)
            for (int i = 0; i < order; i++)
            {
                double s = 0;
                for (int k = 0; k <= i; k++) s += lower[i, k] * xm[k, j];
                Assert.True(Math.Abs(s - bm[i, j]) <= 1e-13 * 20, $"SolveTriangular residual at ({i}, {j})");
            }
    }

    /// <summary>Skipping the copy changes no bit: X is exactly what the provider's own call gives on the same operands.</summary>
    [Fact]
    public void SkippedCopy_XIsBitForBitTheProvidersSolve()
    {
        const int order = 8, count = 20;
        var rng = new Random(5);
        var a = new double[order * order];
        for (int i = 0; i < a.Length; i++) a[i] = i % (order + 1) == 0 ? 2 + rng.NextDouble() : rng.NextDouble() - 0.5;
        var b0 = new double[order * count];
        for (int k = 0; k < b0.Length; k++) b0[k] = rng.NextDouble() - 0.5;
        foreach (var side in new[] { Side.Left, Side.Right })
            foreach (var trans in new[] { Transpose.None, Transpose.Transposed })
                foreach (var uplo in new[] { Triangle.Lower, Triangle.Upper })
                {
                    int m = side == Side.Left ? order : count, n = side == Side.Left ? count : order;
                    var x = (double[])b0.Clone();
                    var direct = (double[])b0.Clone();
                    int saves = SolveOverflowCopy.SavesOnThisThread;
                    Blas.Trsm(side, uplo, trans, Diagonal.NonUnit, m, n, 0.75, a, order, x, n);
                    Assert.Equal(saves, SolveOverflowCopy.SavesOnThisThread);
                    BlasProvider.Backend.Trsm(side, uplo, trans, Diagonal.NonUnit, m, n, 0.75, a, order, direct, n);
                    Assert.True(x.AsSpan().SequenceEqual(direct), $"{side} {trans} {uplo}: X differs from the provider's solve");
                }
    }

    /// <summary>
    /// Soundness on random extreme data: whenever the bound passes, the provider's own solve (no copy, no recompute) is
    /// finite. Off-diagonals, diagonals and B are scaled by up to 10^±(0.6–0.9 × the exponent range), so about half the
    /// systems pass the bound and many of the rest overflow.
    /// </summary>
    [Fact]
    public void BoundPasses_OnlyWhereTheProvidersSolveIsFinite()
    {
        var rng = new Random(7);
        int passed = 0;
        for (int it = 0; it < 4000; it++)
        {
            int order = rng.Next(1, 40), count = order + rng.Next(0, 8);
            bool isFloat = rng.Next(2) == 0;
            double range = isFloat ? 38 : 308;
            var side = rng.Next(2) == 0 ? Side.Left : Side.Right;
            var uplo = rng.Next(2) == 0 ? Triangle.Lower : Triangle.Upper;
            var trans = rng.Next(2) == 0 ? Transpose.None : Transpose.Transposed;
            var diag = rng.Next(4) == 0 ? Diagonal.Unit : Diagonal.NonUnit;
            double offScale = Math.Pow(10, (rng.NextDouble() * 2 - 1) * range * 0.6);
            double diagScale = Math.Pow(10, (rng.NextDouble() * 2 - 1) * range * 0.6);
            double bScale = Math.Pow(10, (rng.NextDouble() * 2 - 1) * range * 0.9);
            var a = new double[order * order];
            for (int i = 0; i < a.Length; i++) a[i] = (rng.NextDouble() - 0.5) * offScale * Math.Pow(10, rng.NextDouble() * 4 - 2);
            for (int i = 0; i < order; i++) a[i * order + i] = (rng.Next(2) == 0 ? -1 : 1) * diagScale * Math.Pow(10, rng.NextDouble() * 4 - 2);
            int m = side == Side.Left ? order : count, n = side == Side.Left ? count : order;
            var b = new double[m * n];
            for (int i = 0; i < b.Length; i++) b[i] = (rng.NextDouble() - 0.5) * bScale;
            double alpha = Math.Pow(10, rng.NextDouble() * 6 - 3);
            bool columns = (side == Side.Left) == (trans == Transpose.None);
            string where = $"case {it}: {(isFloat ? "float" : "double")} {side} {uplo} {trans} {diag}, order {order}";
            if (isFloat)
            {
                var af = a.Select(v => (float)v).ToArray();
                var bf = b.Select(v => (float)v).ToArray();
                if (!af.All(float.IsFinite) || !bf.All(float.IsFinite)) continue;
                if (!SolveGrowthBound.RowMajorProves(uplo, diag, order, af, order, columns, count, (float)alpha, bf.Max(Math.Abs))) continue;
                passed++;
                BlasProvider.Backend.Trsm(side, uplo, trans, diag, m, n, (float)alpha, af, order, bf, n);
                Assert.True(bf.All(float.IsFinite), where);
            }
            else
            {
                if (!SolveGrowthBound.RowMajorProves(uplo, diag, order, a, order, columns, count, alpha, b.Max(Math.Abs))) continue;
                passed++;
                BlasProvider.Backend.Trsm(side, uplo, trans, diag, m, n, alpha, a, order, b, n);
                Assert.True(b.All(double.IsFinite), where);
            }
        }
        Assert.InRange(passed, 1000, 3000); // the property is exercised, and the bound does fail on extreme data
    }

    /// <summary>Whether op(A) (side Left) or op(A)ᵀ (side Right), A's stored triangle uplo, is lower triangular.</summary>
    private static bool EffectiveLower(Side side, Transpose trans, Triangle uplo) =>
        (uplo == Triangle.Lower) ^ (trans == Transpose.Transposed) ^ (side == Side.Right);

    /// <summary>Row-major A (2×2), B (2 × count on the left, count × 2 on the right) and the expected X in B's layout.</summary>
    private static (double[] A, double[] B, double[] X) RowMajorSystem(Case c, Side side, Transpose trans, Triangle uplo)
    {
        bool lowerT = EffectiveLower(side, trans, uplo);
        // T as stored for this combination: lower as given, or upper with both indices reversed.
        double[,] t = lowerT ? new[,] { { c.T00, 0 }, { c.T10, c.T11 } } : new[,] { { c.T11, c.T10 }, { 0, c.T00 } };
        // A = T when op on the left is none or on the right is transposed; A = Tᵀ otherwise.
        bool asIs = (side == Side.Left) == (trans == Transpose.None);
        var a = new double[4];
        for (int i = 0; i < 2; i++) for (int j = 0; j < 2; j++) a[i * 2 + j] = asIs ? t[i, j] : t[j, i];
        int count = c.Bs.Length;
        var b = new double[2 * count];
        var x = new double[2 * count];
        for (int r = 0; r < count; r++)
            for (int i = 0; i < 2; i++)
            {
                int src = lowerT ? i : 1 - i;
                int at = side == Side.Left ? i * count + r : r * 2 + i;
                b[at] = c.Bs[r][src];
                x[at] = c.Xs[r][src];
            }
        return (a, b, x);
    }

    private static void AssertClose(double[] expected, double[] actual, string where)
    {
        for (int k = 0; k < expected.Length; k++)
        {
            double e = expected[k], v = actual[k];
            bool ok = double.IsFinite(e) ? Math.Abs(v - e) <= 1e-14 * Math.Abs(e) : v.Equals(e);
            Assert.True(ok, $"{where}: element {k} is {v}, expected {e}");
        }
    }

    /// <summary>op(A) X = αB (left) or X op(A) = αB (right), row-major, checked against the definition with a residual bound.</summary>
    private static void AssertSolves(double[] a, Side side, Triangle uplo, Transpose trans, Diagonal diag, int m, int n, double alpha,
        double[] b, double[] x, double tolerance, string where)
    {
        int order = side == Side.Left ? m : n;
        double Op(int i, int j)
        {
            int r = trans == Transpose.None ? i : j, s = trans == Transpose.None ? j : i;
            if (r == s) return diag == Diagonal.Unit ? 1 : a[r * order + s];
            bool stored = uplo == Triangle.Lower ? r > s : r < s;
            return stored ? a[r * order + s] : 0;
        }
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0, scale = 0;
                for (int k = 0; k < order; k++)
                {
                    double term = side == Side.Left ? Op(i, k) * x[k * n + j] : x[i * n + k] * Op(k, j);
                    s += term; scale += Math.Abs(term);
                }
                double target = alpha * b[i * n + j];
                Assert.True(Math.Abs(s - target) <= tolerance * (scale + Math.Abs(target)), $"{where}: residual at ({i}, {j}): {s} vs {target}");
            }
    }
}
