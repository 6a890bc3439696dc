using System.Numerics;

namespace BlasNet.Tests.Core;

/// <summary>
/// Syrk at sizes the managed provider splits into several blocks (its triangle is halved until at most
/// ManagedBlas.TriangleBlock = 96 rows: n = 200 gives diagonal blocks of 50 and rectangles of 100 and 50, n = 97 of 48 and
/// 49), every triangle and transpose, β = 0 over a C of NaN (not read) and β ≠ 0, against
/// <see cref="NaiveBlas"/>'s definition: the diagonal blocks computed in scratch and the in-place rectangles beside them must
/// meet at the block edges, and the other triangle and the padding (777 and NaN) must come back untouched. Runs on every provider.
/// </summary>
public class SyrkTriangleHalvingTests
{
    public static TheoryData<Triangle, Transpose, int, int, double> Cases()
    {
        var data = new TheoryData<Triangle, Transpose, int, int, double>();
        foreach (var uplo in new[] { Triangle.Upper, Triangle.Lower })
            foreach (var t in new[] { Transpose.None, Transpose.Transposed })
            {
                data.Add(uplo, t, 200, 37, 0.0);
                data.Add(uplo, t, 200, 300, -0.5);
                data.Add(uplo, t, 97, 5, 2.0); // the first size that is split, into unequal halves
            }
        return data;
    }

    [Theory, MemberData(nameof(Cases))]
    public void Double_MatchesTheDefinitionAcrossBlocks(Triangle uplo, Transpose t, int n, int k, double beta) => Check<double>(uplo, t, n, k, beta);

    [Theory, MemberData(nameof(Cases))]
    public void Float_MatchesTheDefinitionAcrossBlocks(Triangle uplo, Transpose t, int n, int k, double beta) => Check<float>(uplo, t, n, k, beta);

    private static void Check<T>(Triangle uplo, Transpose t, int n, int k, double beta) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(n * 1000 + k + (int)uplo * 7 + (int)t * 3);
        bool trans = t == Transpose.Transposed, upper = uplo == Triangle.Upper;
        int aRows = trans ? k : n, aCols = trans ? n : k, lda = aCols + 3, ldc = n + 1;
        var a = Level2Tests.PaddedMatrix<T>(aRows, aCols, lda, rng);
        var c = Level2Tests.PaddedMatrix<T>(n, n, ldc, rng);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                bool mine = upper ? j >= i : j <= i;
                if (!mine) c[i * ldc + j] = T.CreateTruncating(777.0);
                else if (beta == 0) c[i * ldc + j] = T.NaN;
            }
        var expected = TestValues.ToDouble(c);
        var bound = NaiveBlas.Syrk(upper, trans, n, k, -1.25, TestValues.ToDouble(a), lda, beta, expected, ldc);
        Blas.Syrk(uplo, t, n, k, T.CreateTruncating(-1.25), a, lda, T.CreateTruncating(beta), c, ldc);
        for (int i = 0; i < expected.Length; i++)
        {
            double got = double.CreateTruncating(c[i]);
            if (double.IsNaN(expected[i])) { Assert.True(double.IsNaN(got), $"syrk wrote padding {i}"); continue; }
            double tol = 4 * (k + 2) * TestValues.Epsilon<T>() * bound[i] + 1e-300;
            Assert.True(Math.Abs(got - expected[i]) <= tol, $"syrk {uplo}/{t} n={n} k={k} β={beta}: element ({i / ldc}, {i % ldc}) = {got}, expected {expected[i]}");
        }
    }
}
