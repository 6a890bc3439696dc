using static BlasNet.Tests.PrintedFields;

namespace BlasNet.Tests.Core;

/// <summary>The LAPACK result records print what they found; their vectors are views.</summary>
public class LapackResultPrintingTests
{
    [Fact]
    public void PivotedQr_PrintsPermutationDiagonalAndRank()
    {
        var a = Matrix.FromArray2D(new double[,] { { 1, 2 }, { 1, 3 }, { 1, 4 }, { 1, 5 } });
        var qr = Lapack.QrPivoted(a);
        string text = qr.ToString();
        NoTypeNames(text);
        Assert.Equal(qr.Permutation, List(text, "Permutation").Select(int.Parse));
        Assert.Equal(qr.RDiagonal, Numbers(text, "RDiagonal"));
        Assert.Equal(Math.Sqrt(4 + 9 + 16 + 25), qr.RDiagonal[0], 12); // the larger column leads
        Assert.Equal(2, (int)Number(text, "Rank"));
        Assert.Equal("2×2", Field(text, "R"));
        Assert.Same(qr.Permutation, qr.Permutation);
        Assert.Same(qr.RDiagonal, qr.RDiagonal);
    }

    [Fact]
    public void Cholesky_PrintsItsShape()
    {
        var chol = Lapack.Cholesky(Matrix.FromArray2D(new double[,] { { 4, 2 }, { 2, 5 } }));
        Assert.Equal("2×2", Field(chol.ToString(), "L"));
        Assert.Equal("2", Field(chol.ToString(), "Order"));
    }
}
