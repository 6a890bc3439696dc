using System.Globalization;
using System.Numerics;

namespace BlasNet.Tests.Core;

/// <summary>
/// Trmv's and Trsv's length check (session 40, tri40): it asked for (n − 1)·lda + n elements, the whole square, though
/// with a unit diagonal the last slots are never read (upper: the last row, which holds only the diagonal; lower: the last
/// diagonal element; order 1: nothing at all). The required length is now the last element read + 1, computed here from
/// the BLAS definition (A[i, j] at i·lda + j, j ≥ i upper or j ≤ i lower, j ≠ i when unit). An array of exactly that
/// length is accepted and the result equals the definition (Trsv by Gaussian elimination, NaiveBlas.DenseProductOrSolve),
/// every unread slot holding NaN; one element less is refused, naming a, its length and the length needed. Every n = 1…6,
/// lda n and n + 2, uplo, trans, diag, increments 1 and 2, both types; the old check refused every exact-length unit case.
/// </summary>
public class TriangleLength40Tests
{
    [Fact] public void Trmv_Double() => ExactLength<double>(solve: false, 1e-12);
    [Fact] public void Trmv_Float() => ExactLength<float>(solve: false, 2e-5);
    [Fact] public void Trsv_Double() => ExactLength<double>(solve: true, 1e-11);
    [Fact] public void Trsv_Float() => ExactLength<float>(solve: true, 1e-4);

    /// <summary>The last position read + 1 (0 when nothing is read).</summary>
    private static int Needed(bool upper, bool unit, int n, int lda)
    {
        int last = -1;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                if ((upper ? j >= i : j <= i) && !(unit && i == j)) last = Math.Max(last, i * lda + j);
        return last + 1;
    }

    private static void ExactLength<T>(bool solve, double tolerance) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(solve ? 4041 : 4040);
        int shorterThanSquare = 0;
        for (int n = 1; n <= 6; n++)
            foreach (int lda in new[] { n, n + 2 })
                foreach (bool upper in new[] { true, false })
                    foreach (bool unit in new[] { false, true })
                        foreach (bool transposed in new[] { false, true })
                            foreach (int inc in new[] { 1, 2 })
                            {
                                int needed = Needed(upper, unit, n, lda), square = (n - 1) * lda + n;
                                if (needed < square) shorterThanSquare++;
                                var a = new T[needed];
                                Array.Fill(a, T.NaN);
                                for (int i = 0; i < n; i++)
                                    for (int j = 0; j < n; j++)
                                        if ((upper ? j >= i : j <= i) && !(unit && i == j))
                                            a[i * lda + j] = T.CreateTruncating(i == j ? (rng.Next(2) == 0 ? -1 : 1) * Math.Round(1.5 + rng.NextDouble(), 3) : Math.Round(rng.NextDouble() - 0.5, 3));
                                var x = new T[(n - 1) * inc + 1];
                                Array.Fill(x, T.NaN);
                                for (int t = 0; t < n; t++) x[t * inc] = T.CreateTruncating(Math.Round(rng.NextDouble() * 4 - 2, 3));
                                var (uplo, trans, diag) = (upper ? Triangle.Upper : Triangle.Lower, transposed ? Transpose.Transposed : Transpose.None, unit ? Diagonal.Unit : Diagonal.NonUnit);
                                string what = $"{(solve ? "trsv" : "trmv")} n={n} lda={lda} {uplo} {diag} {trans} inc={inc}";

                                // op(A) by the definition, from the values the call sees.
                                var op = new double[n, n];
                                for (int i = 0; i < n; i++)
                                    for (int j = 0; j < n; j++)
                                    {
                                        double e = i == j && unit ? 1 : (upper ? j >= i : j <= i) ? double.CreateTruncating(a[i * lda + j]) : 0;
                                        if (transposed) op[j, i] = e; else op[i, j] = e;
                                    }
                                var xBefore = Enumerable.Range(0, n).Select(t => double.CreateTruncating(x[t * inc])).ToArray();
                                var expected = NaiveBlas.DenseProductOrSolve(op, xBefore, solve);

                                // One element short: refused, naming a and both lengths.
                                if (needed > 0)
                                {
                                    var shortA = a[..(needed - 1)];
                                    var xCopy = (T[])x.Clone();
                                    var ex = Assert.Throws<ArgumentException>(() => Call(solve, uplo, trans, diag, n, shortA, lda, xCopy, inc));
                                    Assert.Equal("a", ex.ParamName);
                                    Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"a has length {needed - 1} but"), ex.Message);
                                    Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"needs at least {needed} elements"), ex.Message);
                                    Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"lda {lda}"), ex.Message);
                                }

                                // Exactly the length needed: computed as defined, every unread slot NaN.
                                Call(solve, uplo, trans, diag, n, a, lda, x, inc);
                                for (int t = 0; t < n; t++)
                                {
                                    double got = double.CreateTruncating(x[t * inc]);
                                    Assert.True(double.IsFinite(got), $"{what}: x[{t}] is {got}: the call read a slot BLAS does not reference");
                                    Assert.True(Math.Abs(got - expected[t]) <= tolerance * (1 + Math.Abs(expected[t])), $"{what}: x[{t}] is {got}, the definition gives {expected[t]}");
                                }
                                for (int p = 0; p < x.Length; p++)
                                    if (p % inc != 0) Assert.True(T.IsNaN(x[p]), $"{what}: x's skipped slot {p} written");
                            }
        // The cases the whole-square length refused: every unit diagonal (2 triangles × 2 transposes × 2 increments × 2 lda × 6 orders).
        Assert.Equal(96, shorterThanSquare);
    }

    private static void Call<T>(bool solve, Triangle uplo, Transpose trans, Diagonal diag, int n, T[] a, int lda, T[] x, int inc) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (solve) Blas.Trsv<T>(uplo, trans, diag, n, a, lda, x, inc);
        else Blas.Trmv<T>(uplo, trans, diag, n, a, lda, x, inc);
    }

    /// <summary>Order 1 with a unit diagonal reads nothing of A: an empty array is valid and x is unchanged (x ← 1·x, x/1).</summary>
    [Fact]
    public void OrderOne_UnitDiagonal_EmptyArray()
    {
        foreach (var uplo in new[] { Triangle.Upper, Triangle.Lower })
            foreach (var trans in new[] { Transpose.None, Transpose.Transposed })
            {
                var x = new[] { 2.5, double.NaN, 7.0 };
                Blas.Trmv(uplo, trans, Diagonal.Unit, 1, ReadOnlySpan<double>.Empty, 1, x, 1);
                Blas.Trsv(uplo, trans, Diagonal.Unit, 1, ReadOnlySpan<double>.Empty, 1, x, 1);
                Assert.Equal(2.5, x[0]);
                var xf = new[] { -1.25f };
                Blas.Trsv(uplo, trans, Diagonal.Unit, 1, ReadOnlySpan<float>.Empty, 1, xf, 1);
                Assert.Equal(-1.25f, xf[0]);
                // A non-unit diagonal is read: the empty array is refused.
                var ex = Assert.Throws<ArgumentException>(() => Blas.Trmv(uplo, trans, Diagonal.NonUnit, 1, ReadOnlySpan<double>.Empty, 1, x, 1));
                Assert.Equal("a", ex.ParamName);
            }
    }
}
