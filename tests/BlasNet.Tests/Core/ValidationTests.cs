namespace BlasNet.Tests.Core;

/// <summary>
/// Every validation path of the safe API: the call throws (the process survives), the exception
/// is an <see cref="ArgumentException"/> (or <see cref="ArgumentOutOfRangeException"/>) whose
/// <c>ParamName</c> is the offending argument, and its message carries the sizes involved.
/// </summary>
public class ValidationTests
{
    private static void Throws<TException>(string param, Action call, params string[] fragments) where TException : ArgumentException
    {
        var ex = Assert.Throws<TException>(call);
        Assert.True(param == ex.ParamName, $"ParamName is '{ex.ParamName}', expected '{param}': {ex.Message}");
        foreach (var f in fragments)
            Assert.True(ex.Message.Contains(f, StringComparison.Ordinal), $"'{f}' missing from: {ex.Message}");
    }

    private static void Range(string param, Action call, params string[] fragments) => Throws<ArgumentOutOfRangeException>(param, call, fragments);
    private static void Arg(string param, Action call, params string[] fragments) => Throws<ArgumentException>(param, call, fragments);

    [Fact]
    public void Level1_StridedForms()
    {
        var x = new double[10];
        var y = new double[10];
        Range("n", () => Blas.Axpy(-1, 1.0, x, 1, y, 1), "-1");
        Range("incX", () => Blas.Axpy(3, 1.0, x, 0, y, 1), "0");
        Range("incY", () => Blas.Axpy(3, 1.0, x, 1, y, -1), "-1");
        Arg("x", () => Blas.Axpy(4, 1.0, x, 4, y, 1), "10", "n = 4", "increment 4", "13");
        Arg("y", () => Blas.Axpy(6, 1.0, x, 1, y, 2), "10", "n = 6", "11");
        Arg("y", () => Blas.Axpy(5, 1.0, x.AsSpan(0, 6), 1, x.AsSpan(4), 1), "overlaps");
        Range("n", () => Blas.Dot(-2, x, 1, y, 1), "-2");
        Arg("y", () => Blas.Dot(11, new double[20], 1, y, 1), "10", "11");
        Arg("y", () => Blas.Dot(5, new float[5], 1, new float[5], 2), "5", "9");
        Range("incX", () => Blas.Nrm2(2, x, 0));
        Arg("x", () => Blas.Nrm2(6, new float[10], 2), "10", "11");
        Arg("x", () => Blas.Asum(11, x, 1), "10", "11");
        Range("n", () => Blas.Asum(-1, new float[1], 1));
        Arg("x", () => Blas.Iamax(3, x, 5), "10", "11");
        Range("incX", () => Blas.Iamax(3, new float[9], -3));
        Arg("x", () => Blas.Scal(4, 2.0, x, 4), "10", "n = 4", "increment 4", "13");
        Range("n", () => Blas.Scal(-4, 2f, new float[4], 1));
        Arg("y", () => Blas.Copy(10, x, 1, new double[9], 1), "9", "10");
        Arg("y", () => Blas.Copy(3, x.AsSpan(0, 3), 1, x.AsSpan(2, 3), 1), "overlaps");
        Arg("y", () => Blas.Copy(3, x, 2, x, 1), "overlaps"); // same start, other increment: not the same vector
        Arg("x", () => Blas.Swap(3, new float[2], 1, new float[3], 1), "2", "3");
        Arg("y", () => Blas.Swap(4, x.AsSpan(0, 4), 1, x.AsSpan(3, 4), 1), "overlaps");
    }

    [Fact]
    public void Level1_PlainAndArrayForms()
    {
        Arg("y", () => Blas.Axpy(1.0, new double[3], new double[4]), "3", "4");
        Arg("y", () => Blas.Axpy(1f, new float[3], new float[2]), "3", "2");
        Arg("y", () => Blas.Dot(new double[3], new double[4]), "3", "4");
        Arg("y", () => Blas.Dot(new float[2], new float[1]), "2", "1");
        Arg("y", () => Blas.Copy(new double[3], new double[2]), "3", "2");
        Arg("y", () => Blas.Swap(new float[3], new float[5]), "3", "5");
        var same = new double[3];
        Arg("y", () => Blas.Copy(same.AsSpan(0, 2), same.AsSpan(1, 2)), "overlaps");
        Arg("y", () => Blas.Swap(same.AsSpan(1, 2), same.AsSpan(0, 2)), "overlaps");
        Assert.Equal("x", Assert.Throws<ArgumentNullException>(() => Blas.Dot(null!, new double[1])).ParamName);
        Assert.Equal("y", Assert.Throws<ArgumentNullException>(() => Blas.Axpy(1.0, new double[1], null!)).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentNullException>(() => Blas.Nrm2((double[])null!)).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentNullException>(() => Blas.Asum((float[])null!)).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentNullException>(() => Blas.Iamax((double[])null!)).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentNullException>(() => Blas.Scal(1f, (float[])null!)).ParamName);
        Assert.Equal("y", Assert.Throws<ArgumentNullException>(() => Blas.Copy(new float[1], null!)).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentNullException>(() => Blas.Swap(null!, new double[1])).ParamName);
    }

    [Fact]
    public void Gemv_Ger_Trsv_SpanForms()
    {
        var a = new double[12]; // 3×4
        Range("m", () => Blas.Gemv(Transpose.None, -1, 4, 1.0, a, 4, new double[4], 1, 0.0, new double[3], 1), "-1");
        Range("n", () => Blas.Gemv(Transpose.None, 3, -4, 1.0, a, 4, new double[4], 1, 0.0, new double[3], 1), "-4");
        Range("lda", () => Blas.Gemv(Transpose.None, 3, 4, 1.0, a, 3, new double[4], 1, 0.0, new double[3], 1), "lda = 3", "4");
        Arg("a", () => Blas.Gemv(Transpose.None, 3, 4, 1.0, a, 5, new double[4], 1, 0.0, new double[3], 1), "12", "3×4", "14");
        Arg("x", () => Blas.Gemv(Transpose.None, 3, 4, 1.0, a, 4, new double[3], 1, 0.0, new double[3], 1), "3", "4");
        Arg("x", () => Blas.Gemv(Transpose.Transposed, 3, 4, 1f, new float[12], 4, new float[2], 1, 0f, new float[4], 1), "2", "3");
        Arg("y", () => Blas.Gemv(Transpose.Transposed, 3, 4, 1.0, a, 4, new double[3], 1, 0.0, new double[3], 1), "3", "4");
        Range("incY", () => Blas.Gemv(Transpose.None, 3, 4, 1.0, a, 4, new double[4], 1, 0.0, new double[3], 0));
        Arg("y", () => Blas.Gemv(Transpose.None, 3, 4, 1.0, a, 4, new double[4], 1, 0.0, a.AsSpan(9, 3), 1), "overlaps a");
        var xy = new double[8];
        Arg("y", () => Blas.Gemv(Transpose.None, 3, 4, 1.0, a, 4, xy.AsSpan(0, 4), 1, 0.0, xy.AsSpan(2, 3), 1), "overlaps x");

        Range("lda", () => Blas.Ger(3, 4, 1.0, new double[3], 1, new double[4], 1, a, 2), "lda = 2", "4");
        Arg("a", () => Blas.Ger(3, 4, 1f, new float[3], 1, new float[4], 1, new float[11], 4), "11", "12");
        Arg("x", () => Blas.Ger(3, 4, 1.0, new double[2], 1, new double[4], 1, a, 4), "2", "3");
        Arg("y", () => Blas.Ger(3, 4, 1.0, new double[3], 1, new double[4], 2, a, 4), "4", "7");
        Range("m", () => Blas.Ger(-3, 4, 1.0, new double[3], 1, new double[4], 1, a, 4));
        Arg("a", () => Blas.Ger(3, 4, 1.0, a.AsSpan(0, 3), 1, new double[4], 1, a, 4), "overlaps x");

        Range("lda", () => Blas.Trsv(Triangle.Upper, Transpose.None, Diagonal.NonUnit, 3, new double[9], 2, new double[3], 1), "lda = 2", "3");
        Arg("a", () => Blas.Trsv(Triangle.Upper, Transpose.None, Diagonal.NonUnit, 3, new float[8], 3, new float[3], 1), "8", "9");
        Arg("x", () => Blas.Trsv(Triangle.Lower, Transpose.None, Diagonal.NonUnit, 3, new double[9], 3, new double[2], 1), "2", "3");
        Range("n", () => Blas.Trsv(Triangle.Lower, Transpose.None, Diagonal.NonUnit, -3, new double[9], 3, new double[3], 1));
        var shared = new double[12];
        Arg("x", () => Blas.Trsv(Triangle.Lower, Transpose.None, Diagonal.NonUnit, 3, shared.AsSpan(0, 9), 3, shared.AsSpan(8, 3), 1), "overlaps");
    }

    /// <summary>
    /// A short vector's message names the size argument its length comes from: GEMV's y (and the transposed x) has m
    /// elements and GER's x has m, but the message said "n = 3" for a call whose n was 4.
    /// </summary>
    [Fact]
    public void Gemv_Ger_ShortVectorMessages_NameTheSizeArgument()
    {
        var a = new double[12];
        Arg("y", () => Blas.Gemv(Transpose.None, 3, 4, 1.0, a, 4, new double[4], 1, 0.0, new double[2], 1), "m = 3");
        Arg("x", () => Blas.Gemv(Transpose.None, 3, 4, 1.0, a, 4, new double[3], 1, 0.0, new double[3], 1), "n = 4");
        Arg("x", () => Blas.Gemv(Transpose.Transposed, 3, 4, 1f, new float[12], 4, new float[2], 1, 0f, new float[4], 1), "m = 3");
        Arg("y", () => Blas.Gemv(Transpose.Transposed, 3, 4, 1.0, a, 4, new double[3], 1, 0.0, new double[3], 1), "n = 4");
        Arg("x", () => Blas.Ger(3, 4, 1.0, new double[2], 1, new double[4], 1, a, 4), "m = 3");
        Arg("y", () => Blas.Ger(3, 4, 1.0, new double[3], 1, new double[3], 1, a, 4), "n = 4");
    }

    [Fact]
    public void Gemm_Syrk_Trsm_SpanForms()
    {
        // op(A) 3×5, op(B) 5×4, C 3×4
        Range("m", () => Blas.Gemm(Transpose.None, Transpose.None, -3, 4, 5, 1.0, new double[15], 5, new double[20], 4, 0.0, new double[12], 4), "-3");
        Range("n", () => Blas.Gemm(Transpose.None, Transpose.None, 3, -4, 5, 1.0, new double[15], 5, new double[20], 4, 0.0, new double[12], 4));
        Range("k", () => Blas.Gemm(Transpose.None, Transpose.None, 3, 4, -5, 1.0, new double[15], 5, new double[20], 4, 0.0, new double[12], 4));
        Range("lda", () => Blas.Gemm(Transpose.None, Transpose.None, 3, 4, 5, 1.0, new double[15], 4, new double[20], 4, 0.0, new double[12], 4), "lda = 4", "5");
        // Transposed A is stored k×m, so lda ≥ m = 3 suffices and lda = 2 fails.
        Range("lda", () => Blas.Gemm(Transpose.Transposed, Transpose.None, 3, 4, 5, 1.0, new double[15], 2, new double[20], 4, 0.0, new double[12], 4), "lda = 2", "3");
        Range("ldb", () => Blas.Gemm(Transpose.None, Transpose.Transposed, 3, 4, 5, 1f, new float[15], 5, new float[20], 4, 0f, new float[12], 4), "ldb = 4", "5");
        Range("ldc", () => Blas.Gemm(Transpose.None, Transpose.None, 3, 4, 5, 1.0, new double[15], 5, new double[20], 4, 0.0, new double[12], 3), "ldc = 3", "4");
        Arg("a", () => Blas.Gemm(Transpose.None, Transpose.None, 3, 4, 5, 1.0, new double[14], 5, new double[20], 4, 0.0, new double[12], 4), "14", "3×5", "15");
        Arg("b", () => Blas.Gemm(Transpose.None, Transpose.None, 3, 4, 5, 1.0, new double[15], 5, new double[20], 5, 0.0, new double[12], 4), "20", "5×4", "24");
        Arg("c", () => Blas.Gemm(Transpose.None, Transpose.None, 3, 4, 5, 1f, new float[15], 5, new float[20], 4, 0f, new float[11], 4), "11", "3×4", "12");
        var big = new double[64];
        Arg("c", () => Blas.Gemm(Transpose.None, Transpose.None, 3, 4, 5, 1.0, big.AsSpan(0, 15), 5, new double[20], 4, 0.0, big.AsSpan(10, 12), 4), "overlaps a");
        Arg("c", () => Blas.Gemm(Transpose.None, Transpose.None, 3, 4, 5, 1.0, new double[15], 5, big.AsSpan(0, 20), 4, 0.0, big.AsSpan(19, 12), 4), "overlaps b");

        Range("n", () => Blas.Syrk(Triangle.Upper, Transpose.None, -2, 3, 1.0, new double[6], 3, 0.0, new double[4], 2));
        Range("lda", () => Blas.Syrk(Triangle.Upper, Transpose.None, 2, 3, 1.0, new double[6], 2, 0.0, new double[4], 2), "lda = 2", "3");
        Range("lda", () => Blas.Syrk(Triangle.Upper, Transpose.Transposed, 4, 3, 1f, new float[12], 3, 0f, new float[16], 4), "lda = 3", "4");
        Range("ldc", () => Blas.Syrk(Triangle.Lower, Transpose.None, 2, 3, 1.0, new double[6], 3, 0.0, new double[4], 1), "ldc = 1", "2");
        Arg("c", () => Blas.Syrk(Triangle.Lower, Transpose.None, 2, 3, 1.0, new double[6], 3, 0.0, new double[3], 2), "3", "4");
        Arg("a", () => Blas.Syrk(Triangle.Lower, Transpose.None, 2, 3, 1.0, new double[5], 3, 0.0, new double[4], 2), "5", "6");
        var s = new double[12];
        Arg("c", () => Blas.Syrk(Triangle.Lower, Transpose.None, 2, 3, 1.0, s.AsSpan(0, 6), 3, 0.0, s.AsSpan(5, 4), 2), "overlaps a");

        Range("m", () => Blas.Trsm(Side.Left, Triangle.Upper, Transpose.None, Diagonal.NonUnit, -3, 2, 1.0, new double[9], 3, new double[6], 2));
        Range("lda", () => Blas.Trsm(Side.Left, Triangle.Upper, Transpose.None, Diagonal.NonUnit, 3, 2, 1.0, new double[9], 2, new double[6], 2), "lda = 2", "3");
        Arg("a", () => Blas.Trsm(Side.Right, Triangle.Upper, Transpose.None, Diagonal.NonUnit, 3, 2, 1.0, new double[3], 2, new double[6], 2), "3", "2×2", "4");
        Range("ldb", () => Blas.Trsm(Side.Right, Triangle.Upper, Transpose.None, Diagonal.NonUnit, 3, 2, 1f, new float[4], 2, new float[6], 1), "ldb = 1", "2");
        Arg("b", () => Blas.Trsm(Side.Left, Triangle.Lower, Transpose.None, Diagonal.NonUnit, 3, 2, 1.0, new double[9], 3, new double[5], 2), "5", "3×2", "6");
        var t = new double[16];
        Arg("b", () => Blas.Trsm(Side.Left, Triangle.Lower, Transpose.None, Diagonal.NonUnit, 3, 2, 1.0, t.AsSpan(0, 9), 3, t.AsSpan(8, 6), 2), "overlaps");
    }

    [Fact]
    public void MatrixForms()
    {
        var a23 = new Matrix<double>(2, 3);
        var a33 = new Matrix<double>(3, 3);
        Arg("b", () => Blas.Gemm(1.0, a23, a23, 0.0, new Matrix<double>(2, 3)), "2×3", "a.Columns must equal b.Rows");
        Arg("c", () => Blas.Gemm(1.0, a23, a33, 0.0, new Matrix<double>(3, 3)), "3×3", "2×3");
        Arg("c", () => Blas.Gemm(1f, new Matrix<float>(2, 3), new Matrix<float>(3, 4), 0f, new Matrix<float>(4, 2)), "4×2", "2×4");
        Arg("b", () => Blas.Multiply(a23, a23), "a.Columns must equal b.Rows");
        Arg("c", () => Blas.Gemm(1.0, a33, new Matrix<double>(3, 3), 0.0, a33), "overlaps");
        Arg("c", () => Blas.Gemm(1.0, new Matrix<double>(3, 3), a33, 0.0, a33.Transpose()), "overlaps");
        Assert.Equal("a", Assert.Throws<ArgumentNullException>(() => Blas.Gemm(1.0, null!, a33, 0.0, a33)).ParamName);
        Assert.Equal("c", Assert.Throws<ArgumentNullException>(() => Blas.Gemm(1f, new Matrix<float>(1, 1), new Matrix<float>(1, 1), 0f, null!)).ParamName);

        Arg("x", () => Blas.Gemv(1.0, a23, new double[2], 0.0, new double[2]), "2", "2×3");
        Arg("y", () => Blas.Gemv(1.0, a23, new double[3], 0.0, new double[3]), "3", "2×3");
        Arg("x", () => Blas.Multiply(a23, new double[2]), "2×3");
        Arg("x", () => Blas.Gemv(1f, new Matrix<float>(2, 3).Transpose(), new float[3], 0f, new float[3]), "3×2");
        Assert.Equal("x", Assert.Throws<ArgumentNullException>(() => Blas.Gemv(1.0, a23, null!, 0.0, new double[2])).ParamName);

        Arg("x", () => Blas.Ger(1.0, new double[3], new double[3], a23), "3", "2×3");
        Arg("y", () => Blas.Ger(1f, new float[2], new float[2], new Matrix<float>(2, 3)), "2", "2×3");

        Arg("a", () => Blas.Trsv(Triangle.Upper, a23, new double[2]), "2×3", "square");
        Arg("x", () => Blas.Trsv(Triangle.Upper, a33, new double[2]), "2", "3×3");
        Arg("c", () => Blas.Syrk(Triangle.Upper, 1.0, a23, 0.0, a33), "3×3", "2×2");
        Arg("a", () => Blas.Trsm(Side.Left, Triangle.Upper, 1.0, a23, a33), "square");
        Arg("a", () => Blas.Trsm(Side.Right, Triangle.Upper, 1f, new Matrix<float>(3, 3), new Matrix<float>(3, 2)), "3×3", "3×2", "Right");
    }

    [Fact]
    public void Lapack_SpanForms()
    {
        Range("m", () => Lapack.Geqrf(-1, 2, new double[4], 2, new double[2]), "-1");
        Range("lda", () => Lapack.Geqrf(3, 2, new double[6], 2, new double[2]), "lda = 2", "3");
        Arg("a", () => Lapack.Geqrf(3, 2, new double[5], 3, new double[2]), "5", "3×2", "6");
        Arg("tau", () => Lapack.Geqrf(3, 2, new double[6], 3, new double[1]), "1", "2");
        Arg("jpvt", () => Lapack.Geqp3(3, 2, new double[6], 3, new int[1], new double[2]), "1", "2");
        Arg("tau", () => Lapack.Geqp3(3, 2, new double[6], 3, new int[2], new double[1]), "1", "2");
        Range("n", () => Lapack.Geqp3(3, -2, new double[6], 3, new int[2], new double[2]));

        Range("k", () => Lapack.Ormqr(Side.Left, Transpose.None, 3, 2, 4, new double[12], 3, new double[4], new double[6], 3), "4", "3");
        Range("k", () => Lapack.Ormqr(Side.Right, Transpose.None, 3, 2, 3, new double[6], 2, new double[3], new double[6], 3), "3", "2");
        Range("lda", () => Lapack.Ormqr(Side.Left, Transpose.None, 3, 2, 2, new double[6], 2, new double[2], new double[6], 3), "lda = 2", "3");
        Arg("tau", () => Lapack.Ormqr(Side.Left, Transpose.None, 3, 2, 2, new double[6], 3, new double[1], new double[6], 3), "1", "2");
        Arg("c", () => Lapack.Ormqr(Side.Left, Transpose.None, 3, 2, 2, new double[6], 3, new double[2], new double[5], 3), "5", "6");
        Range("ldc", () => Lapack.Ormqr(Side.Left, Transpose.None, 3, 2, 2, new double[6], 3, new double[2], new double[6], 2), "ldc = 2", "3");
        var shared = new double[12];
        Arg("c", () => Lapack.Ormqr(Side.Left, Transpose.None, 3, 2, 2, shared.AsSpan(0, 6), 3, new double[2], shared.AsSpan(5, 6), 3), "overlaps");

        Range("nrhs", () => Lapack.Trtrs(Triangle.Upper, Transpose.None, Diagonal.NonUnit, 2, -1, new double[4], 2, new double[2], 2));
        Range("ldb", () => Lapack.Trtrs(Triangle.Upper, Transpose.None, Diagonal.NonUnit, 3, 1, new double[9], 3, new double[3], 2), "ldb = 2", "3");
        Arg("a", () => Lapack.Trtrs(Triangle.Upper, Transpose.None, Diagonal.NonUnit, 3, 1, new double[8], 3, new double[3], 3), "8", "9");
        Arg("b", () => Lapack.Trtrs(Triangle.Upper, Transpose.None, Diagonal.NonUnit, 3, 1, shared.AsSpan(0, 9), 3, shared.AsSpan(6, 3), 3), "overlaps");
        Range("lda", () => Lapack.Potrf(Triangle.Lower, 3, new double[9], 1), "lda = 1", "3");
        Arg("a", () => Lapack.Potrf(Triangle.Lower, 3, new double[7], 3), "7", "9");
        Range("n", () => Lapack.Potrf(Triangle.Lower, -3, new double[9], 3));
        Arg("b", () => Lapack.Potrs(Triangle.Lower, 3, 2, new double[9], 3, new double[5], 3), "5", "3×2", "6");
        Arg("b", () => Lapack.Potrs(Triangle.Lower, 3, 1, shared.AsSpan(0, 9), 3, shared.AsSpan(8, 3), 3), "overlaps");
    }

    [Fact]
    public void Lapack_MatrixForms()
    {
        Arg("a", () => Lapack.Cholesky(new Matrix<double>(2, 3)), "2×3", "square");
        Arg("a", () => Lapack.SolveTriangular(Triangle.Upper, new Matrix<double>(2, 3), new Matrix<double>(2, 1)), "2×3");
        Arg("b", () => Lapack.SolveTriangular(Triangle.Upper, Matrix.Identity<double>(3), new Matrix<double>(2, 1)), "2", "3×3");
        Assert.Throws<ArgumentNullException>(() => Lapack.QrPivoted(null!));
        var qr = Lapack.QrPivoted(Matrix.Random<double>(4, 3, 1));
        Arg("b", () => qr.ApplyQTranspose(new double[3]), "3", "4×4");
        Arg("b", () => qr.ApplyQ(new double[5]), "5", "4×4");
        Arg("b", () => qr.Solve(new double[2]), "2", "4×4");
        var wide = Assert.Throws<InvalidOperationException>(() => Lapack.QrPivoted(Matrix.Random<double>(2, 3, 1)).Solve(new double[2])); // A's shape, not b
        Assert.Contains("m ≥ n", wide.Message); Assert.Contains("2×3", wide.Message);
        Range("relativeTolerance", () => qr.Rank(-1e-3), (-0.001).ToString(System.Globalization.CultureInfo.CurrentCulture)); // as .NET formats the value it appends
        Range("relativeTolerance", () => qr.Rank(double.NaN), "NaN");
        var chol = Lapack.Cholesky(Matrix.Identity<double>(3));
        Arg("b", () => chol.Solve(new double[2]), "2", "3×3");
    }

    /// <summary>
    /// BlasNet's part of a message is the same text in every culture. Formatted in the current culture it was not:
    /// under sv-SE a negative n read "n must be ≥ 0 but is −1" (U+2212), Cholesky's NaN check "a[1,0] is −∞", Rank's
    /// "−0,5". (.NET's own appended "Actual value was …" line still follows the culture.)
    /// </summary>
    [Fact]
    public void Messages_AreCultureInvariant()
    {
        var saved = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("sv-SE"); // this thread only
            Assert.Equal("\u22121", (-1).ToString()); // the culture does what the test assumes
            Range("n", () => Blas.Axpy(-1, 1.0, new double[1], 1, new double[1], 1), "n must be ≥ 0 but is -1.");
            Range("incY", () => Blas.Dot(2, new float[2], 1, new float[2], -2), "incY must be ≥ 1 but is -2 ");
            Range("lda", () => Blas.Gemm(Transpose.None, Transpose.None, 1, 1, 1, 1.0, new double[1], -1, new double[1], 1, 0.0, new double[1], 1), "lda = -1 must be");
            Range("lda", () => Lapack.Potrf(Triangle.Lower, 1, new double[1], -4), "lda = -4 must be");
            Range("ldc", () => Blas.GemmStridedBatched(Transpose.None, Transpose.None, 1, 1, 1, 1.0, new double[1], 1, 1, new double[1], 1, 1, 0.0, new double[1], -1, 1, 1), "ldc is -1 but");
            var qr = Lapack.QrPivoted(Matrix.Identity<double>(2));
            Range("relativeTolerance", () => qr.Rank(-0.5), "relativeTolerance must be ≥ 0 but is -0.5.");
            var a = Matrix.Identity<double>(2);
            a[1, 0] = double.NegativeInfinity;
            var ex = Assert.Throws<NotFiniteNumberException>(() => Lapack.Cholesky(a));
            Assert.StartsWith("a[1,0] is -Infinity in the 2×2 a", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void OutOfRangeFlags_AreRejectedBeforeTheySkewTheSizeChecks()
    {
        // A cast integer would be read as "not transposed" by the size checks but as "transposed" by
        // CBLAS: with m = 2, k = 10, lda = 10 that is a 92-element read of a 20-element buffer.
        var badT = (Transpose)7;
        Range("transA", () => Blas.Gemm(badT, Transpose.None, 2, 2, 10, 1.0, new double[20], 10, new double[20], 2, 0.0, new double[4], 2), "7", "Transpose.None", "Transpose.Transposed");
        Range("transB", () => Blas.Gemm(Transpose.None, (Transpose)(-1), 2, 2, 2, 1f, new float[4], 2, new float[4], 2, 0f, new float[4], 2), "-1");
        Range("trans", () => Blas.Gemv(badT, 2, 2, 1.0, new double[4], 2, new double[2], 1, 0.0, new double[2], 1));
        Range("trans", () => Blas.Syrk(Triangle.Upper, badT, 2, 2, 1.0, new double[4], 2, 0.0, new double[4], 2));
        Range("uplo", () => Blas.Syrk((Triangle)2, Transpose.None, 2, 2, 1.0, new double[4], 2, 0.0, new double[4], 2), "Triangle.Upper");
        Range("diag", () => Blas.Trsv(Triangle.Upper, Transpose.None, (Diagonal)9, 2, new double[4], 2, new double[2], 1), "Diagonal.Unit");
        Range("side", () => Blas.Trsm((Side)3, Triangle.Upper, Transpose.None, Diagonal.NonUnit, 2, 2, 1f, new float[4], 2, new float[4], 2), "Side.Left");
        Range("transA", () => Blas.Trsm(Side.Left, Triangle.Upper, badT, Diagonal.NonUnit, 2, 2, 1.0, new double[4], 2, new double[4], 2));
        // Matrix forms flip the triangle for transposed views: the flag is checked before that.
        Range("uplo", () => Blas.Trsv((Triangle)5, Matrix.Identity<double>(2).Transpose(), new double[2]));
        Range("uplo", () => Blas.Syrk((Triangle)5, 1.0, Matrix.Identity<double>(2), 0.0, Matrix.Identity<double>(2).Transpose()));
        Range("side", () => Blas.Trsm((Side)5, Triangle.Lower, 1f, Matrix.Identity<float>(2), Matrix.Identity<float>(2).Transpose()));
        Range("side", () => Lapack.Ormqr((Side)2, Transpose.None, 2, 2, 1, new double[4], 2, new double[1], new double[4], 2));
        Range("trans", () => Lapack.Trtrs(Triangle.Upper, badT, Diagonal.NonUnit, 2, 1, new double[4], 2, new double[2], 2));
        Range("uplo", () => Lapack.Potrf((Triangle)4, 2, new double[4], 2));
        Range("uplo", () => Lapack.Potrs((Triangle)4, 2, 1, new double[4], 2, new double[2], 2));
        Range("trans", () => Lapack.SolveTriangular(Triangle.Upper, Matrix.Identity<double>(2), Matrix.Identity<double>(2), badT));
    }

    [Fact]
    public void Threads_BelowOne_Throws()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => BlasProvider.Threads = 0);
        Assert.Equal("value", ex.ParamName);
    }
}
