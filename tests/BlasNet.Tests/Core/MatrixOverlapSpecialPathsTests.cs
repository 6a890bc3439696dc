namespace BlasNet.Tests.Core;

/// <summary>
/// Sub-blocks of one buffer (ranges interleaved, no element shared) through the paths MatrixOverlapElementExactTests does
/// not take: GEMM's managed special cases (NaN or ∞ α, α = 0, β = 0 over NaN), TRMM and TRMV in place beside their A,
/// SYMV writing a column of the workspace, SYR2 reading two. Every element outside the output block must keep its bits
/// (a special path that cleared or scaled whole rows of C up to ldc would overwrite the neighbouring input); the output
/// is compared with the definition computed in loops here on separate copies.
/// </summary>
public class MatrixOverlapSpecialPathsTests
{
    private const int Ld = 13;

    private static double[] Workspace(int rows, int seed)
    {
        var rng = new Random(seed);
        var v = new double[rows * Ld];
        for (int i = 0; i < v.Length; i++) v[i] = rng.NextDouble() * 2 - 1;
        return v;
    }

    private static double At(double[] w, int row, int col) => w[row * Ld + col];

    /// <summary>Every position of w not in <paramref name="written"/> keeps the bits it had in before.</summary>
    private static void OnlyWritten(double[] before, double[] w, Func<int, int, bool> written)
    {
        for (int p = 0; p < w.Length; p++)
        {
            if (written(p / Ld, p % Ld)) continue;
            Assert.True(BitConverter.DoubleToInt64Bits(before[p]) == BitConverter.DoubleToInt64Bits(w[p]),
                $"workspace [{p / Ld}, {p % Ld}] changed from {before[p]} to {w[p]} outside the output");
        }
    }

    private static void Close(double expected, double actual, double scale, string where) =>
        Assert.True(expected.Equals(actual) || Math.Abs(expected - actual) <= 64 * 2.3e-16 * Math.Max(1, scale),
            $"{where}: {actual}, the definition gives {expected}");

    /// <summary>
    /// [A | B | C] side by side in one 6-row workspace of 13 columns (A 6×3 at column 0, B 3×4 in rows 0–2 at column 3,
    /// C 6×4 at column 7: C's rows interleave with A's and B's): C ← αAB + βC for the α and β that GEMM handles apart
    /// from the library's kernel (NaN or ∞ α, α = 0, β = 0 over NaN), and two ordinary ones.
    /// </summary>
    [Theory]
    [InlineData(double.NaN, 1.0)]
    [InlineData(double.PositiveInfinity, 0.0)]
    [InlineData(0.0, 2.0)]
    [InlineData(0.0, 0.0)]
    [InlineData(1.5, double.NaN)]
    [InlineData(1.5, 0.0)]
    public void Gemm_SpecialScalars_WriteOnlyC(double alpha, double beta)
    {
        const int m = 6, k = 3, n = 4, colA = 0, colB = 3, colC = 7;
        var w = Workspace(m, 1);
        if (beta == 0) for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) w[i * Ld + colC + j] = double.NaN; // β = 0 does not read C
        var before = (double[])w.Clone();

        Blas.Gemm(Transpose.None, Transpose.None, m, n, k, alpha, w.AsSpan(colA), Ld, w.AsSpan(colB), Ld, beta, w.AsSpan(colC), Ld);

        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0, scale = 0;
                for (int p = 0; p < k; p++) { s += At(before, i, colA + p) * At(before, p, colB + j); scale += Math.Abs(At(before, i, colA + p) * At(before, p, colB + j)); }
                double c = At(before, i, colC + j);
                // BLAS: α = 0 does not read A and B; β = 0 does not read C.
                double expected = (alpha == 0 ? 0 : alpha * s) + (beta == 0 ? 0 : beta * c);
                Close(expected, At(w, i, colC + j), scale, $"C[{i}, {j}] (α = {alpha}, β = {beta})");
            }
        OnlyWritten(before, w, (r, col) => r < m && col >= colC && col < colC + n);
    }

    /// <summary>B ← α·op(A)·B (left) in place, A 5×5 at column 0 and B 5×6 beside it at column 5: every triangle, transpose and diagonal.</summary>
    [Theory]
    [InlineData(Triangle.Upper, Transpose.None, Diagonal.NonUnit)]
    [InlineData(Triangle.Lower, Transpose.None, Diagonal.Unit)]
    [InlineData(Triangle.Upper, Transpose.Transposed, Diagonal.Unit)]
    [InlineData(Triangle.Lower, Transpose.Transposed, Diagonal.NonUnit)]
    public void Trmm_BesideItsA_MatchesTheDefinition(Triangle uplo, Transpose trans, Diagonal diag)
    {
        const int m = 5, n = 6, colB = 5;
        var w = Workspace(m, 2);
        var before = (double[])w.Clone();

        Blas.Trmm(Side.Left, uplo, trans, diag, m, n, 2.0, w.AsSpan(0), Ld, w.AsSpan(colB), Ld);

        double Op(int i, int p)
        {
            int r = trans == Transpose.None ? i : p, c = trans == Transpose.None ? p : i;
            if (r == c) return diag == Diagonal.Unit ? 1 : At(before, r, c);
            return (uplo == Triangle.Upper ? c > r : c < r) ? At(before, r, c) : 0;
        }
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0, scale = 0;
                for (int p = 0; p < m; p++) { s += Op(i, p) * At(before, p, colB + j); scale += Math.Abs(Op(i, p) * At(before, p, colB + j)); }
                Close(2.0 * s, At(w, i, colB + j), scale, $"B[{i}, {j}] ({uplo}, {trans}, {diag})");
            }
        OnlyWritten(before, w, (r, col) => col >= colB && col < colB + n);
    }

    /// <summary>x ← A·x with x column 7 of the workspace (increment ld) and A its first 7×7 block; y ← αAx + βy with y column 8.</summary>
    [Fact]
    public void TrmvAndSymv_OnColumnsOfTheWorkspace_MatchTheDefinition()
    {
        const int n = 7, colX = 7, colY = 8;
        var w = Workspace(n, 3);
        var before = (double[])w.Clone();

        Blas.Trmv(Triangle.Lower, Transpose.None, Diagonal.NonUnit, n, w.AsSpan(0), Ld, w.AsSpan(colX), Ld);
        for (int i = 0; i < n; i++)
        {
            double s = 0, scale = 0;
            for (int p = 0; p <= i; p++) { s += At(before, i, p) * At(before, p, colX); scale += Math.Abs(At(before, i, p) * At(before, p, colX)); }
            Close(s, At(w, i, colX), scale, $"trmv x[{i}]");
        }
        OnlyWritten(before, w, (r, col) => col == colX);

        var mid = (double[])w.Clone();
        Blas.Symv(Triangle.Upper, n, 0.5, w.AsSpan(0), Ld, w.AsSpan(colX), Ld, -1.0, w.AsSpan(colY), Ld);
        for (int i = 0; i < n; i++)
        {
            double s = 0, scale = 0;
            for (int p = 0; p < n; p++)
            {
                double a = i <= p ? At(mid, i, p) : At(mid, p, i); // the upper triangle, mirrored
                s += a * At(mid, p, colX); scale += Math.Abs(a * At(mid, p, colX));
            }
            Close(0.5 * s - At(mid, i, colY), At(w, i, colY), scale + 1, $"symv y[{i}]");
        }
        OnlyWritten(mid, w, (r, col) => col == colY);
    }

    /// <summary>A ← αxyᵀ + αyxᵀ + A on the lower triangle of the first 6×6 block, x and y columns 6 and 7 of the workspace.</summary>
    [Fact]
    public void Syr2_ReadingColumnsOfTheWorkspace_MatchesTheDefinition()
    {
        const int n = 6, colX = 6, colY = 7;
        var w = Workspace(n, 4);
        var before = (double[])w.Clone();

        Blas.Syr2(Triangle.Lower, n, -0.75, w.AsSpan(colX), Ld, w.AsSpan(colY), Ld, w.AsSpan(0), Ld);

        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++)
            {
                double xi = At(before, i, colX), xj = At(before, j, colX), yi = At(before, i, colY), yj = At(before, j, colY);
                Close(-0.75 * (xi * yj + yi * xj) + At(before, i, j), At(w, i, j), 2, $"A[{i}, {j}]");
            }
        OnlyWritten(before, w, (r, col) => col <= r && col < n);
    }
}
