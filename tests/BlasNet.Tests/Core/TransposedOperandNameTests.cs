namespace BlasNet.Tests.Core;

/// <summary>Overlap messages name the caller's operands when a transposed output swaps them internally.</summary>
public class TransposedOperandNameTests
{
    [Fact]
    public void Gemm_IntoATransposedViewOfA_NamesA()
    {
        var s = Matrix.Create<double>(3, 3, (i, j) => i * 3 + j);
        var ex = Assert.Throws<ArgumentException>(() => Blas.Gemm(1.0, s, Matrix.Identity<double>(3), 0.0, s.Transpose()));
        Assert.Equal("c", ex.ParamName);
        Assert.Contains("c overlaps a", ex.Message); // the old message said "c overlaps b"
        var ex2 = Assert.Throws<ArgumentException>(() => Blas.Gemm(1.0, Matrix.Identity<double>(3), s, 0.0, s.Transpose()));
        Assert.Contains("c overlaps b", ex2.Message);
        // A non-transposed c keeps the same names.
        var ex3 = Assert.Throws<ArgumentException>(() => Blas.Gemm(1.0, s, Matrix.Identity<double>(3), 0.0, s));
        Assert.Contains("c overlaps a", ex3.Message);
    }

    [Fact]
    public void Ger_IntoATransposedViewOverlappingX_NamesX()
    {
        var a = Matrix.Create<double>(3, 3, (i, j) => i + j);
        var at = a.Transpose();
        var ex = Assert.Throws<ArgumentException>(() => MatrixBlas<double>.Ger(1.0, at.AsSpan()[..3], new double[3], at));
        Assert.Equal("a", ex.ParamName);
        Assert.Contains("a overlaps x", ex.Message); // the old message said "a overlaps y"
    }
}
