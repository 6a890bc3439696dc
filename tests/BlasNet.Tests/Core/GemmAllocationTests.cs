namespace BlasNet.Tests.Core;

/// <summary>
/// The Matrix forms of GEMM and SYRK allocate nothing per call (issue #9 item 13: GEMM allocated 64 B), nor do GEMV and GER
/// on strided vectors or SYRK of a transposed A (the managed provider gathered and packed them into new arrays until session 24).
/// </summary>
public class GemmAllocationTests
{
    [Fact]
    public void MatrixGemmAndSyrk_AllocateNothingPerCall()
    {
        var a = Matrix.Random<double>(8, 5, 1);
        var b = Matrix.Random<double>(5, 7, 2);
        var c = new Matrix<double>(8, 7);
        var (bt, at, ct) = (b.Transpose(), a.Transpose(), c.Transpose()); // views made once, outside the count
        var af = Matrix.Random<float>(6, 4, 3);
        var bft = Matrix.Random<float>(6, 3, 4).Transpose();
        var cf = new Matrix<float>(3, 4);
        var s = new Matrix<double>(8, 8);
        void Calls()
        {
            Blas.Gemm(1.0, a, b, 0.0, c);
            Blas.Gemm(0.5, bt, at, 2.0, ct);
            Blas.Gemm(1f, bft, af, 0f, cf);
            Blas.Syrk(Triangle.Lower, 1.0, a, 0.0, s);
        }
        long allocated = AllocationCount.Of(Calls);
        Assert.True(allocated == 0, $"{allocated} bytes allocated over 10 rounds of 4 matrix-form calls on {BlasProvider.Current.Name}");
        // And the product is right: C = AB checked against the definition.
        Blas.Gemm(1.0, a, b, 0.0, c);
        for (int i = 0; i < 8; i++)
            for (int j = 0; j < 7; j++)
            {
                double sum = 0;
                for (int p = 0; p < 5; p++) sum += a[i, p] * b[p, j];
                Assert.Equal(sum, c[i, j], 1e-13);
            }
    }

    [Fact]
    public void StridedGemvAndGer_AndSyrkOfATransposedA_AllocateNothingPerCall()
    {
        var a = Matrix.Random<double>(6, 5, 1);
        double[] x = new double[10], y = new double[12], s = new double[25];
        for (int i = 0; i < x.Length; i++) x[i] = i - 4.5;
        void Calls()
        {
            Blas.Gemv(Transpose.None, 6, 5, 1.0, a.AsSpan(), 5, x, 2, 0.0, y, 2);           // x strided
            Blas.Ger(6, 5, 0.5, y, 2, x, 2, a.AsSpan(), 5);                                // y strided
            Blas.Syrk(Triangle.Upper, Transpose.Transposed, 5, 6, 1.0, a.AsSpan(), 5, 0.0, s, 5); // AᵀA: A packed
        }
        long allocated = AllocationCount.Of(Calls);
        Assert.True(allocated == 0, $"{allocated} bytes allocated over 10 rounds of strided GEMV, GER and SYRK on {BlasProvider.Current.Name}");
        // And GEMV is right: y = A x (x every other element) against the definition.
        Blas.Gemv(Transpose.None, 6, 5, 1.0, a.AsSpan(), 5, x, 2, 0.0, y, 2);
        for (int i = 0; i < 6; i++)
        {
            double sum = 0;
            for (int j = 0; j < 5; j++) sum += a[i, j] * x[2 * j];
            Assert.Equal(sum, y[2 * i], 1e-13 * (1 + Math.Abs(sum))); // (the GER rounds have grown A's entries)
        }
    }
}
