namespace BlasNet.Tests.Core;

/// <summary>
/// NaN and infinities are data and follow the reference BLAS: α = 0 means A and B are not
/// referenced (quick return after βC), β = 0 means C is not read, otherwise IEEE arithmetic.
/// </summary>
public class BlasSemanticsTests
{
    [Fact]
    public void AlphaZero_DoesNotReferenceAOrB()
    {
        double[] a = [double.NaN, double.PositiveInfinity, 1, 2];
        double[] b = [double.NegativeInfinity, 1, double.NaN, 3];
        double[] c = [1, 2, 3, 4];
        Blas.Gemm(Transpose.None, Transpose.None, 2, 2, 2, 0.0, a, 2, b, 2, 0.5, c, 2);
        Assert.Equal([0.5, 1, 1.5, 2], c);
        float[] cf = [float.NaN, 1, 2, float.NaN];
        Blas.Gemm(Transpose.Transposed, Transpose.None, 2, 2, 2, 0f, [float.NaN, 1, 1, 1], 2, [1f, 1, 1, float.PositiveInfinity], 2, 0f, cf, 2);
        Assert.Equal([0f, 0, 0, 0], cf);

        double[] y = [2, 4];
        Blas.Gemv(Transpose.None, 2, 2, 0.0, a, 2, [double.NaN, 1], 1, 0.25, y, 1);
        Assert.Equal([0.5, 1], y);

        double[] g = [1, 2, 3, 4];
        Blas.Ger(2, 2, 0.0, [double.PositiveInfinity, 1], 1, [double.NaN, 1], 1, g, 2);
        Assert.Equal([1.0, 2, 3, 4], g);
        float[] gf = [1, 2, 3, 4];
        Blas.Ger(0f, [float.NaN, 1], [1f, float.NegativeInfinity], new Matrix<float>(2, 2, gf));
        Assert.Equal([1f, 2, 3, 4], gf);

        double[] s = [1, 99, 3, 4]; // upper triangle of 2×2: s[2] is the untouched lower element
        Blas.Syrk(Triangle.Upper, Transpose.None, 2, 2, 0.0, a, 2, 2.0, s, 2);
        Assert.Equal([2.0, 198, 3, 8], s);

        double[] t = [double.NaN, 5, 6, double.PositiveInfinity];
        Blas.Trsm(Side.Left, Triangle.Upper, Transpose.None, Diagonal.NonUnit, 2, 2, 0.0, [double.NaN, 1, 0, 0], 2, t, 2);
        Assert.Equal([0.0, 0, 0, 0], t);
    }

    [Fact]
    public void NaNAndInfinity_InTheData_PropagateAsIeeeArithmetic()
    {
        var a = Matrix.Random<double>(5, 7, 1);
        var b = Matrix.Random<double>(7, 4, 2);
        a[2, 3] = double.NaN;
        b[1, 2] = double.PositiveInfinity;
        var c = Blas.Multiply(a, b);
        for (int i = 0; i < 5; i++)
            for (int j = 0; j < 4; j++)
            {
                if (i == 2) Assert.True(double.IsNaN(c[i, j]), $"row 2 holds NaN·b: C[{i},{j}] = {c[i, j]}");
                else if (j == 2) Assert.True(double.IsInfinity(c[i, j]), $"column 2 meets +∞: C[{i},{j}] = {c[i, j]}");
                else Assert.True(double.IsFinite(c[i, j]), $"C[{i},{j}] = {c[i, j]}");
            }
        Assert.True(float.IsNaN(Blas.Dot([1f, float.NaN], [1f, 1f])));
        Assert.True(double.IsPositiveInfinity(Blas.Asum([1.0, double.PositiveInfinity])));
    }

    [Fact]
    public void Lapack_OperandsInOneBuffer_AreLegalWhenTheirExtentsAreDisjoint()
    {
        // a is handed over as the whole buffer but only its first 9 elements form the 3×3 matrix.
        var buffer = new double[16];
        double[] upper = [2, 0, 0, 1, 4, 0, 1, 1, 5]; // column-major upper triangle
        upper.CopyTo(buffer, 0);
        double[] rhs = [4, 9, 5];
        rhs.CopyTo(buffer, 10);
        Assert.Equal(0, Lapack.Trtrs(Triangle.Upper, Transpose.None, Diagonal.NonUnit, 3, 1, buffer, 3, buffer.AsSpan(10, 3), 3));
        // 5z = 5 → z = 1; 4y + z = 9 → y = 2; 2x + y + z = 4 → x = 0.5
        Assert.Equal([0.5, 2, 1], buffer[10..13]);

        double[] spd = [4, 2, 2, 5];
        var cholBuffer = new double[8];
        spd.CopyTo(cholBuffer, 0);
        Assert.Equal(0, Lapack.Potrf(Triangle.Lower, 2, cholBuffer, 2));
        cholBuffer[5] = 4; cholBuffer[6] = 6;
        Assert.Equal(0, Lapack.Potrs(Triangle.Lower, 2, 1, cholBuffer, 2, cholBuffer.AsSpan(5, 2), 2));
        Assert.Equal([0.5, 1], cholBuffer[5..7]);

        var qrBuffer = new double[20];
        double[] a = [3, 4, 1, 0]; // column-major [[3, 1], [4, 0]]
        a.CopyTo(qrBuffer, 0);
        var tau = new double[2];
        Assert.Equal(0, Lapack.Geqrf(2, 2, qrBuffer.AsSpan(0, 4), 2, tau));
        qrBuffer[10] = 3; qrBuffer[11] = 4; // Qᵀ(3, 4) = R's first column = (±5, 0)
        Assert.Equal(0, Lapack.Ormqr(Side.Left, Transpose.Transposed, 2, 1, 2, qrBuffer, 2, tau, qrBuffer.AsSpan(10, 2), 2));
        Assert.Equal(5, Math.Abs(qrBuffer[10]), 1e-14);
        Assert.Equal(0, qrBuffer[11], 1e-14);
    }

    [Fact]
    public void Lapack_OverlappingOutputs_AreRejected()
    {
        var buffer = new double[12];
        var ex = Assert.Throws<ArgumentException>(() => Lapack.Geqrf(3, 3, buffer.AsSpan(0, 9), 3, buffer.AsSpan(8, 3)));
        Assert.Equal("tau", ex.ParamName);
        Assert.Contains("overlaps", ex.Message);
        var ex2 = Assert.Throws<ArgumentException>(() => Lapack.Geqp3(3, 3, buffer.AsSpan(0, 9), 3, new int[3], buffer.AsSpan(7, 3)));
        Assert.Equal("tau", ex2.ParamName);
        var reflectors = new double[9];
        var ex3 = Assert.Throws<ArgumentException>(() => Lapack.Ormqr(Side.Left, Transpose.None, 3, 1, 2, reflectors, 3, buffer.AsSpan(0, 2), buffer.AsSpan(1, 3), 3));
        Assert.Equal("c", ex3.ParamName);
        Assert.Contains("tau", ex3.Message);
    }
}
