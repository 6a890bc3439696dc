using System.Globalization;
using System.Numerics;

namespace BlasNet.Tests.Core;

/// <summary>
/// Trsm's and Trmm's length check (session 42, tri42), as Trmv's and Trsv's since session 40: the span forms asked for A's
/// whole square, (k − 1)·lda + k elements (k = m on the left, n on the right), though with a unit diagonal the last slots
/// are never read (upper: the whole last row; lower: the last diagonal element; order 1: nothing at all;
/// bench/probes/level3-triangle-guard-page.py found no provider reading there). The required length is now the last
/// element read + 1, computed here from the BLAS definition (A[i, j] at i·lda + j, j ≥ i upper or j ≤ i lower, j ≠ i
/// when unit). An array of exactly that length, every unread slot NaN, is accepted and the result equals the definition
/// (Trmm: NaiveBlas.Trmm; Trsm: each right-hand side solved by Gaussian elimination, NaiveBlas.DenseProductOrSolve); one
/// element less is refused, naming a, its length, the length needed and lda. Orders 1…5 and 70 (past the managed float
/// Trmm's row block and through Trsm's growth bound), every side, uplo, trans, diag, lda k and k + 2, both types.
/// </summary>
public class TriangleLength42Tests
{
    [Fact] public void Trmm_Double() => ExactLength<double>(solve: false, 1e-12);
    [Fact] public void Trmm_Float() => ExactLength<float>(solve: false, 1e-5);
    [Fact] public void Trsm_Double() => ExactLength<double>(solve: true, 1e-11);
    [Fact] public void Trsm_Float() => ExactLength<float>(solve: true, 1e-4);

    /// <summary>The last position read + 1 (0 when nothing is read), from the definition (A[i, j] at i·lda + j, j ≥ i upper or
    /// j ≤ i lower, j ≠ i when unit).</summary>
    internal static int Needed(bool upper, bool unit, int k, int lda)
    {
        int last = -1;
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++)
                if ((upper ? j >= i : j <= i) && !(unit && i == j)) last = Math.Max(last, i * lda + j);
        return last + 1;
    }

    /// <summary>
    /// A random well-conditioned k×k triangle (row-major, leading dimension <paramref name="lda"/>) in an array that ends at
    /// its last element read (<see cref="Needed"/>), every unread slot NaN; and the values the call sees in a whole
    /// double square, for the reference.
    /// </summary>
    internal static (T[] A, double[] ADouble) ExactTriangle<T>(Random rng, bool upper, bool unit, int k, int lda) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var a = new T[Needed(upper, unit, k, lda)];
        Array.Fill(a, T.NaN);
        var aDouble = new double[(k - 1) * lda + k];
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++)
                if ((upper ? j >= i : j <= i) && !(unit && i == j))
                {
                    double v = i == j ? (rng.Next(2) == 0 ? -1 : 1) * Math.Round(1.5 + rng.NextDouble(), 3) : Math.Round(rng.NextDouble() - 0.5, 3) * 4 / (k + 3);
                    a[i * lda + j] = T.CreateTruncating(v);
                    aDouble[i * lda + j] = double.CreateTruncating(a[i * lda + j]);
                }
        return (a, aDouble);
    }

    private static void ExactLength<T>(bool solve, double tolerance) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(solve ? 4243 : 4242);
        int shorterThanSquare = 0, cases = 0;
        foreach (int k in new[] { 1, 2, 3, 4, 5, 70 })
            foreach (int other in k == 70 ? new[] { 3 } : new[] { 1, 3 })
                foreach (int lda in new[] { k, k + 2 })
                    foreach (bool left in new[] { true, false })
                        foreach (bool upper in new[] { true, false })
                            foreach (bool unit in new[] { false, true })
                                foreach (bool transposed in new[] { false, true })
                                {
                                    int m = left ? k : other, n = left ? other : k, ldb = n + 1;
                                    int needed = Needed(upper, unit, k, lda), square = (k - 1) * lda + k;
                                    if (needed < square) shorterThanSquare++;
                                    cases++;
                                    var (a, aDouble) = ExactTriangle<T>(rng, upper, unit, k, lda);
                                    var b = new T[(m - 1) * ldb + n];
                                    Array.Fill(b, T.NaN);
                                    for (int i = 0; i < m; i++)
                                        for (int j = 0; j < n; j++) b[i * ldb + j] = T.CreateTruncating(Math.Round(rng.NextDouble() * 4 - 2, 3));
                                    var bDouble = b.Select(v => double.CreateTruncating(v)).ToArray();
                                    T alpha = T.CreateTruncating(rng.Next(2) == 0 ? 0.75 : -1.5);
                                    double alphaDouble = double.CreateTruncating(alpha);
                                    var (side, uplo, trans, diag) = (left ? Side.Left : Side.Right, upper ? Triangle.Upper : Triangle.Lower,
                                        transposed ? Transpose.Transposed : Transpose.None, unit ? Diagonal.Unit : Diagonal.NonUnit);
                                    string what = $"{(solve ? "trsm" : "trmm")} {side} m={m} n={n} lda={lda} {uplo} {diag} {trans}";

                                    // Trmm's tolerance scales with |α|·Σ|terms| (the sum's rounding), Trsm's with the solution.
                                    var (expected, scale) = solve ? (Solve(left, upper, transposed, unit, m, n, alphaDouble, aDouble, lda, bDouble, ldb), null)
                                        : NaiveBlas.Trmm(left, upper, transposed, unit, m, n, alphaDouble, aDouble, lda, bDouble, ldb);

                                    // One element short: refused, naming a, both lengths and lda.
                                    if (needed > 0)
                                    {
                                        var shortA = a[..(needed - 1)];
                                        var bCopy = (T[])b.Clone();
                                        var ex = Assert.Throws<ArgumentException>(() => Call(solve, side, uplo, trans, diag, m, n, alpha, shortA, lda, bCopy, ldb));
                                        Assert.Equal("a", ex.ParamName);
                                        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"a has length {needed - 1} but"), ex.Message);
                                        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"needs at least {needed} elements"), ex.Message);
                                        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"lda {lda}"), ex.Message);
                                        Assert.Equal(b, bCopy); // refused before anything was written
                                    }

                                    // Exactly the length needed: computed as defined, every unread slot NaN.
                                    Call(solve, side, uplo, trans, diag, m, n, alpha, a, lda, b, ldb);
                                    for (int i = 0; i < m; i++)
                                        for (int j = 0; j < n; j++)
                                        {
                                            double got = double.CreateTruncating(b[i * ldb + j]), want = expected[i * n + j];
                                            Assert.True(double.IsFinite(got), $"{what}: B[{i}, {j}] is {got}: the call read a slot BLAS does not reference");
                                            Assert.True(Math.Abs(got - want) <= tolerance * (1 + (scale?[i * n + j] ?? Math.Abs(want))), $"{what}: B[{i}, {j}] is {got}, the definition gives {want}");
                                        }
                                    for (int i = 0; i < m - 1; i++) Assert.True(T.IsNaN(b[i * ldb + n]), $"{what}: B's padding in row {i} written");
                                }
        // Every unit-diagonal case was refused by the whole-square check: half of all cases.
        Assert.Equal(cases / 2, shorterThanSquare);
        Assert.Equal(2 * 2 * 2 * 2 * 2 * (5 * 2 + 1), cases); // lda, side, uplo, diag, trans × (orders 1…5 × 2 others + order 70)
    }

    /// <summary>
    /// X with op(A) X = αB (left) or X op(A) = αB (right), row-major m×n (leading dimension n): each column of αB (left) or
    /// row (right, as op(A)ᵀ xᵀ = α bᵀ) solved by Gaussian elimination on the dense op(A), no triangular structure used.
    /// </summary>
    internal static double[] Solve(bool left, bool upper, bool trans, bool unit, int m, int n, double alpha, double[] a, int lda, double[] b, int ldb)
    {
        int k = left ? m : n;
        var op = new double[k, k];
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++)
            {
                double e = i == j && unit ? 1 : (upper ? j >= i : j <= i) ? a[i * lda + j] : 0;
                // op(A) itself for the left side, op(A)ᵀ for the right.
                bool swap = trans != !left;
                if (swap) op[j, i] = e; else op[i, j] = e;
            }
        var x = new double[m * n];
        for (int r = 0; r < (left ? n : m); r++)
        {
            var rhs = new double[k];
            for (int t = 0; t < k; t++) rhs[t] = alpha * (left ? b[t * ldb + r] : b[r * ldb + t]);
            var s = NaiveBlas.DenseProductOrSolve(op, rhs, solve: true);
            for (int t = 0; t < k; t++) x[left ? t * n + r : r * n + t] = s[t];
        }
        return x;
    }

    private static void Call<T>(bool solve, Side side, Triangle uplo, Transpose trans, Diagonal diag, int m, int n, T alpha, T[] a, int lda, T[] b, int ldb)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (solve) Blas.Trsm<T>(side, uplo, trans, diag, m, n, alpha, a, lda, b, ldb);
        else Blas.Trmm<T>(side, uplo, trans, diag, m, n, alpha, a, lda, b, ldb);
    }

    /// <summary>
    /// Order 1 with a unit diagonal reads nothing of A: an empty array is valid through the typed span forms and B ← αB
    /// (Trmm: α·1·b; Trsm: x·1 = αb), a NaN or ∞ α reaching every element; a non-unit diagonal is read, so the empty
    /// array is refused there.
    /// </summary>
    [Fact]
    public void OrderOne_UnitDiagonal_EmptyArray()
    {
        foreach (var uplo in new[] { Triangle.Upper, Triangle.Lower })
            foreach (var trans in new[] { Transpose.None, Transpose.Transposed })
            {
                // Left: A 1×1, B 1×3 (ldb 4, the padding NaN); right: A 1×1, B 3×1 (ldb 2).
                var bl = new[] { 2.5, -4.0, 0.5, double.NaN };
                Blas.Trmm(Side.Left, uplo, trans, Diagonal.Unit, 1, 3, 2.0, ReadOnlySpan<double>.Empty, 1, bl, 4);
                Assert.Equal(new[] { 5.0, -8.0, 1.0 }, bl[..3]);
                Assert.True(double.IsNaN(bl[3]));
                Blas.Trsm(Side.Left, uplo, trans, Diagonal.Unit, 1, 3, -0.5, ReadOnlySpan<double>.Empty, 1, bl, 4);
                Assert.Equal(new[] { -2.5, 4.0, -0.5 }, bl[..3]);

                var br = new[] { 3f, float.NaN, -1f, float.NaN, 0f };
                Blas.Trsm(Side.Right, uplo, trans, Diagonal.Unit, 3, 1, 4f, ReadOnlySpan<float>.Empty, 1, br, 2);
                Assert.Equal(new[] { 12f, -4f, 0f }, new[] { br[0], br[2], br[4] });
                Assert.True(float.IsNaN(br[1]) && float.IsNaN(br[3]));
                Blas.Trmm(Side.Right, uplo, trans, Diagonal.Unit, 3, 1, float.PositiveInfinity, ReadOnlySpan<float>.Empty, 1, br, 2);
                Assert.Equal(float.PositiveInfinity, br[0]);
                Assert.Equal(float.NegativeInfinity, br[2]);
                Assert.True(float.IsNaN(br[4]), "∞·0 is NaN");

                // α = 0: B = 0 whatever it held, as for every order.
                var bz = new[] { double.NaN, 7.0 };
                Blas.Trsm(Side.Left, uplo, trans, Diagonal.Unit, 1, 2, 0.0, ReadOnlySpan<double>.Empty, 1, bz, 2);
                Assert.Equal(new[] { 0.0, 0.0 }, bz);

                // A non-unit diagonal is read: the empty array is refused, naming a and the length needed.
                var b1 = new[] { 1.0 };
                var ex = Assert.Throws<ArgumentException>(() => Blas.Trmm(Side.Left, uplo, trans, Diagonal.NonUnit, 1, 1, 1.0, ReadOnlySpan<double>.Empty, 1, b1, 1));
                Assert.Equal("a", ex.ParamName);
                Assert.Contains("needs at least 1 elements", ex.Message);
                Assert.Throws<ArgumentException>(() => Blas.Trsm(Side.Right, uplo, trans, Diagonal.NonUnit, 1, 1, 1.0, ReadOnlySpan<double>.Empty, 1, b1, 1));
            }
    }

    /// <summary>
    /// An empty B still has its A checked (as before): with m = 0 on the right side, a 3×3 unit upper A needs
    /// (3 − 2)·lda + 3 elements, and one less is refused; the exact length is accepted and B, empty, untouched.
    /// </summary>
    [Fact]
    public void EmptyB_ArrayStillChecked()
    {
        var a = new double[1 * 5 + 3];
        Blas.Trsm(Side.Right, Triangle.Upper, Transpose.None, Diagonal.Unit, 0, 3, 1.0, a, 5, Span<double>.Empty, 3);
        var ex = Assert.Throws<ArgumentException>(() => Blas.Trmm(Side.Right, Triangle.Upper, Transpose.None, Diagonal.Unit, 0, 3, 1.0, a.AsSpan(0, 7), 5, Span<double>.Empty, 3));
        Assert.Equal("a", ex.ParamName);
        Assert.Contains("needs at least 8 elements", ex.Message);
    }
}
