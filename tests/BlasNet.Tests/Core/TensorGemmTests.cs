using System.Numerics.Tensors;

namespace BlasNet.Tests.Core;

/// <summary>
/// GEMM on tensor spans (issue #14 item 1): every stride layout BLAS can take (row-major, its
/// transpose, sliced sub-blocks with ld above the row length, a transposed C) against the product
/// from the definition, the layouts it cannot take refused with the strides named, and no allocation.
/// </summary>
public class TensorGemmTests
{
    /// <summary>A rows×cols tensor view into a fresh buffer: transposed ⇒ strides [1, ld], else [ld, 1]; ld = the seen extent + pad; the view starts at offset.</summary>
    private static (double[] Buffer, int Offset, nint[] Strides) Layout(int rows, int cols, bool transposed, int pad, int offset, int seed)
    {
        int storedRows = transposed ? cols : rows, storedCols = transposed ? rows : cols;
        int ld = storedCols + pad;
        var rng = new Random(seed);
        var buffer = new double[offset + Math.Max(0, storedRows * ld) + 3];
        for (int i = 0; i < buffer.Length; i++) buffer[i] = rng.NextDouble() * 2 - 1;
        return (buffer, offset, transposed ? [1, ld] : [ld, 1]);
    }

    private static double At(double[] buf, int offset, nint[] strides, int i, int j) => buf[offset + i * strides[0] + j * strides[1]];

    public static TheoryData<bool, bool, bool, int> Layouts()
    {
        var data = new TheoryData<bool, bool, bool, int>();
        foreach (bool ta in new[] { false, true })
            foreach (bool tb in new[] { false, true })
                foreach (bool tc in new[] { false, true })
                    foreach (int pad in new[] { 0, 3 })
                        data.Add(ta, tb, tc, pad);
        return data;
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Gemm_EveryStrideLayout_MatchesTheDefinition(bool ta, bool tb, bool tc, int pad)
    {
        const int m = 7, n = 5, k = 6;
        const double alpha = 1.5, beta = -0.5;
        var (ab, ao, asd) = Layout(m, k, ta, pad, pad, 1);
        var (bb, bo, bsd) = Layout(k, n, tb, pad, 2 * pad, 2);
        var (cb, co, csd) = Layout(m, n, tc, pad, pad, 3);
        var before = (double[])cb.Clone();
        var a = new ReadOnlyTensorSpan<double>(ab, ao, [m, k], asd);
        var b = new ReadOnlyTensorSpan<double>(bb, bo, [k, n], bsd);
        var c = new TensorSpan<double>(cb, co, [m, n], csd);

        Blas.Gemm(alpha, a, b, beta, c);

        var touched = new bool[cb.Length];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int p = 0; p < k; p++) sum += At(ab, ao, asd, i, p) * At(bb, bo, bsd, p, j);
                double expected = alpha * sum + beta * At(before, co, csd, i, j);
                Assert.Equal(expected, At(cb, co, csd, i, j), 1e-12);
                touched[co + i * csd[0] + j * csd[1]] = true;
            }
        // The padding around and between C's rows is not written.
        for (int x = 0; x < cb.Length; x++)
            if (!touched[x]) Assert.Equal(before[x], cb[x]);
    }

    [Fact]
    public void Gemm_OnSlicedTensors_UsesTheParentStridesAsLeadingDimensions()
    {
        // Sub-blocks of larger tensors, made with the tensor library's own slicing.
        var big = Tensor.Create(Enumerable.Range(0, 80).Select(x => Math.Sin(x)).ToArray(), [8, 10]);
        var bigB = Tensor.Create(Enumerable.Range(0, 60).Select(x => Math.Cos(x)).ToArray(), [6, 10]);
        var a = big.AsReadOnlyTensorSpan([1..6, 2..6]);  // 5×4, ld 10
        var b = bigB.AsReadOnlyTensorSpan([1..5, 3..6]); // 4×3, ld 10
        var cBig = Tensor.CreateFromShape<double>([7, 9]);
        var c = cBig.AsTensorSpan([2..7, 4..7]);         // 5×3, ld 9
        Assert.Equal(10, a.Strides[0]);

        Blas.Gemm(1.0, a, b, 0.0, c);

        for (int i = 0; i < 5; i++)
            for (int j = 0; j < 3; j++)
            {
                double sum = 0;
                for (int p = 0; p < 4; p++) sum += Math.Sin((1 + i) * 10 + 2 + p) * Math.Cos((1 + p) * 10 + 3 + j);
                Assert.Equal(sum, cBig[2 + i, 4 + j], 1e-13);
            }
        Assert.Equal(0.0, cBig[1, 4]); // outside the slice
        Assert.Equal(0.0, cBig[2, 7]);
    }

    [Fact]
    public void Gemm_Float_TransposedAndDense()
    {
        var at = new float[] { 1, 4, 2, 5, 3, 6 };   // A = [[1,2,3],[4,5,6]] stored as Aᵀ (3×2)
        var b = new float[] { 1, 0, 0, 1, 1, 1 };    // 3×2
        var c = new float[4];
        Blas.Gemm(2f, new ReadOnlyTensorSpan<float>(at, 0, [2, 3], [1, 2]), new ReadOnlyTensorSpan<float>(b, [3, 2]), 0f, new TensorSpan<float>(c, [2, 2]));
        Assert.Equal(new float[] { 8, 10, 20, 22 }, c);
    }

    [Fact]
    public void Gemm_ThrowsForMismatchedShapes_NamingThem()
    {
        var ex = Assert.Throws<ArgumentException>(() => Blas.Gemm(1.0, new ReadOnlyTensorSpan<double>(new double[20], [5, 4]), new ReadOnlyTensorSpan<double>(new double[6], [3, 2]), 0.0, new TensorSpan<double>(new double[10], [5, 2])));
        Assert.Contains("5×4", ex.Message); Assert.Contains("3×2", ex.Message);
        var exC = Assert.Throws<ArgumentException>(() => Blas.Gemm(1.0, new ReadOnlyTensorSpan<double>(new double[20], [5, 4]), new ReadOnlyTensorSpan<double>(new double[8], [4, 2]), 0.0, new TensorSpan<double>(new double[10], [2, 5])));
        Assert.Equal("c", exC.ParamName); Assert.Contains("2×5", exC.Message); Assert.Contains("5×2", exC.Message);
    }

    [Fact]
    public void Gemm_ThrowsForRankOtherThanTwo()
    {
        var ex = Assert.Throws<ArgumentException>(() => Blas.Gemm(1.0, new ReadOnlyTensorSpan<double>(new double[8], [2, 2, 2]), new ReadOnlyTensorSpan<double>(new double[4], [2, 2]), 0.0, new TensorSpan<double>(new double[4], [2, 2])));
        Assert.Equal("a", ex.ParamName); Assert.Contains("rank 3", ex.Message);
    }

    [Fact]
    public void Gemm_ThrowsWhenNeitherStrideIsOne_NamingTheStrides()
    {
        // Every other element of every other row: a valid tensor view BLAS has no form for.
        var ex = Assert.Throws<ArgumentException>(() => Blas.Gemm(1.0, new ReadOnlyTensorSpan<double>(new double[64], 0, [3, 3], [16, 2]), new ReadOnlyTensorSpan<double>(new double[9], [3, 3]), 0.0, new TensorSpan<double>(new double[9], [3, 3])));
        Assert.Equal("a", ex.ParamName); Assert.Contains("[16, 2]", ex.Message);
    }

    [Fact]
    public void Gemm_ThrowsForBroadcastStrides()
    {
        // b: one row repeated 4 times.
        var ex = Assert.Throws<ArgumentException>(() => Blas.Gemm(1.0, new ReadOnlyTensorSpan<double>(new double[8], [2, 4]), new ReadOnlyTensorSpan<double>(new double[3], 0, [4, 3], [0, 1]), 0.0, new TensorSpan<double>(new double[6], [2, 3])));
        Assert.Equal("b", ex.ParamName); Assert.Contains("[0, 1]", ex.Message); Assert.Contains("broadcast", ex.Message);
    }

    [Fact]
    public void Gemm_ThrowsForCOverlappingA()
    {
        var shared = new double[18];
        var exO = Assert.Throws<ArgumentException>(() => Blas.Gemm(1.0, new ReadOnlyTensorSpan<double>(shared, [3, 3]), new ReadOnlyTensorSpan<double>(new double[9], [3, 3]), 0.0, new TensorSpan<double>(shared, 4, [3, 3], [3, 1])));
        Assert.Contains("overlaps", exO.Message);
    }

    [Fact]
    public void Gemm_EmptyInnerDimension_ScalesC()
    {
        var c = new double[] { 1, 2, 3, 4 };
        Blas.Gemm(1.0, new ReadOnlyTensorSpan<double>(Array.Empty<double>(), [2, 0]), new ReadOnlyTensorSpan<double>(Array.Empty<double>(), [0, 2]), 3.0, new TensorSpan<double>(c, [2, 2]));
        Assert.Equal(new double[] { 3, 6, 9, 12 }, c);
    }

    // ---- The checks the tensor form makes itself (it enters GEMM below the span form's shape checks) ----

    [Fact]
    public void Gemm_ThrowsForBadLayoutsOfC_NamingIt()
    {
        double[] ab = new double[9], bb = new double[9];
        var exRank = Assert.Throws<ArgumentException>(() => Blas.Gemm(1.0, new ReadOnlyTensorSpan<double>(ab, [3, 3]), new ReadOnlyTensorSpan<double>(bb, [3, 3]), 0.0, new TensorSpan<double>(new double[9], [9])));
        Assert.Equal("c", exRank.ParamName); Assert.Contains("rank 1", exRank.Message);
        var exStrides = Assert.Throws<ArgumentException>(() => Blas.Gemm(1.0, new ReadOnlyTensorSpan<double>(ab, [3, 3]), new ReadOnlyTensorSpan<double>(bb, [3, 3]), 0.0, new TensorSpan<double>(new double[64], 0, [3, 3], [16, 2])));
        Assert.Equal("c", exStrides.ParamName); Assert.Contains("[16, 2]", exStrides.Message);
        var exBroadcast = Assert.Throws<ArgumentException>(() => Blas.Gemm(1.0, new ReadOnlyTensorSpan<double>(ab, [3, 3]), new ReadOnlyTensorSpan<double>(bb, [3, 3]), 0.0, new TensorSpan<double>(new double[3], 0, [3, 3], [0, 1])));
        Assert.Equal("c", exBroadcast.ParamName); Assert.Contains("broadcast", exBroadcast.Message);
        var exRankB = Assert.Throws<ArgumentException>(() => Blas.Gemm(1.0, new ReadOnlyTensorSpan<double>(ab, [3, 3]), new ReadOnlyTensorSpan<double>(new double[27], [3, 3, 3]), 0.0, new TensorSpan<double>(new double[9], [3, 3])));
        Assert.Equal("b", exRankB.ParamName); Assert.Contains("rank 3", exRankB.Message);
    }

    [Fact]
    public void Gemm_ThrowsForAllZeroStrides_AsABroadcast()
    {
        // Neither stride is 1 here, but a broadcast is the reason to tell.
        var ex = Assert.Throws<ArgumentException>(() => Blas.Gemm(1.0, new ReadOnlyTensorSpan<double>(new double[1], 0, [2, 3], [0, 0]), new ReadOnlyTensorSpan<double>(new double[9], [3, 3]), 0.0, new TensorSpan<double>(new double[6], [2, 3])));
        Assert.Equal("a", ex.ParamName); Assert.Contains("broadcast", ex.Message); Assert.Contains("[0, 0]", ex.Message);
    }

    [Fact]
    public void Gemm_ThrowsForCOverlappingB_AndForATransposedCOverlappingEither()
    {
        var shared = new double[18];
        var ab = new double[9];
        var exB = Assert.Throws<ArgumentException>(() => Blas.Gemm(1.0, new ReadOnlyTensorSpan<double>(ab, [3, 3]), new ReadOnlyTensorSpan<double>(shared, [3, 3]), 0.0, new TensorSpan<double>(shared, 8, [3, 3], [3, 1])));
        Assert.Equal("c", exB.ParamName); Assert.Contains("overlaps b", exB.Message);
        // A transposed C is computed as Cᵀ = BᵀAᵀ (the operands swap): the overlap is still caught, whichever operand it is.
        var exTa = Assert.Throws<ArgumentException>(() => Blas.Gemm(1.0, new ReadOnlyTensorSpan<double>(shared, [3, 3]), new ReadOnlyTensorSpan<double>(new double[9], [3, 3]), 0.0, new TensorSpan<double>(shared, 2, [3, 3], [1, 3])));
        Assert.Equal("c", exTa.ParamName); Assert.Contains("overlaps", exTa.Message);
        var exTb = Assert.Throws<ArgumentException>(() => Blas.Gemm(1.0, new ReadOnlyTensorSpan<double>(ab, [3, 3]), new ReadOnlyTensorSpan<double>(shared, [3, 3]), 0.0, new TensorSpan<double>(shared, 2, [3, 3], [1, 3])));
        Assert.Equal("c", exTb.ParamName); Assert.Contains("overlaps", exTb.Message);
        // Disjoint parts of one buffer are fine.
        Blas.Gemm(1.0, new ReadOnlyTensorSpan<double>(shared, [3, 3]), new ReadOnlyTensorSpan<double>(ab, [3, 3]), 0.0, new TensorSpan<double>(shared, 9, [3, 3], [3, 1]));
    }

    [Fact]
    public void Gemm_EmptyOuterDimensions_WriteNothing()
    {
        // m = 0 and n = 0 (C empty) leave every buffer as it is, with A and B of any content.
        var bBuf = new double[] { 1, 2, 3, 4, 5, 6 };
        var guard = new double[] { 7, 8, 9 };
        Blas.Gemm(1.0, new ReadOnlyTensorSpan<double>(Array.Empty<double>(), [0, 2]), new ReadOnlyTensorSpan<double>(bBuf, [2, 3]), 0.0, new TensorSpan<double>(guard, [0, 3]));
        Assert.Equal(new double[] { 7, 8, 9 }, guard);
        Blas.Gemm(1.0, new ReadOnlyTensorSpan<double>(bBuf, [3, 2]), new ReadOnlyTensorSpan<double>(Array.Empty<double>(), [2, 0]), 0.0, new TensorSpan<double>(guard, [3, 0]));
        Assert.Equal(new double[] { 7, 8, 9 }, guard);
        // k = 0 with a transposed C: C ← βC on its own layout.
        var c = new double[] { 1, 2, 3, 4, 5, 6 };
        Blas.Gemm(1.0, new ReadOnlyTensorSpan<double>(Array.Empty<double>(), [3, 0]), new ReadOnlyTensorSpan<double>(Array.Empty<double>(), [0, 2]), -2.0, new TensorSpan<double>(c, 0, [3, 2], [1, 3]));
        Assert.Equal(new double[] { -2, -4, -6, -8, -10, -12 }, c);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Gemm_KeepsTheSpanFormsNaNRules(bool transposedC)
    {
        nint[] cStrides = transposedC ? [1, 2] : [2, 1];
        // α = 0: A and B are not read, so a NaN there leaves C = βC.
        var nanA = new[] { double.NaN, 1, 2, 3 };
        var c = new double[] { 1, 2, 3, 4 };
        Blas.Gemm(0.0, new ReadOnlyTensorSpan<double>(nanA, [2, 2]), new ReadOnlyTensorSpan<double>(new double[] { 1, 0, 0, 1 }, [2, 2]), 3.0, new TensorSpan<double>(c, 0, [2, 2], cStrides));
        Assert.Equal(new double[] { 3, 6, 9, 12 }, c);
        // β = 0: C is overwritten, a NaN in it included: C = AB from the definition.
        var c0 = new[] { double.NaN, double.NaN, double.NaN, double.NaN };
        double[] a = [1, 2, 3, 4], b = [5, 6, 7, 8];
        Blas.Gemm(1.0, new ReadOnlyTensorSpan<double>(a, [2, 2]), new ReadOnlyTensorSpan<double>(b, [2, 2]), 0.0, new TensorSpan<double>(c0, 0, [2, 2], cStrides));
        var product = new[,] { { 1 * 5 + 2 * 7.0, 1 * 6 + 2 * 8.0 }, { 3 * 5 + 4 * 7.0, 3 * 6 + 4 * 8.0 } };
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 2; j++) Assert.Equal(product[i, j], c0[i * cStrides[0] + j * cStrides[1]]);
    }

    [Fact]
    public void Gemm_AllocatesNothingPerCall()
    {
        var ab = new double[80]; var bb = new double[60]; var cb = new double[80];
        for (int i = 0; i < ab.Length; i++) ab[i] = i * 0.01;
        for (int i = 0; i < bb.Length; i++) bb[i] = 1 - i * 0.02;
        var fa = new float[12]; var fb = new float[12]; var fc = new float[9];
        void Calls()
        {
            Blas.Gemm(1.0, new ReadOnlyTensorSpan<double>(ab, 2, [6, 5], [1, 10]), new ReadOnlyTensorSpan<double>(bb, 0, [5, 4], [10, 1]), 0.0, new TensorSpan<double>(cb, 1, [6, 4], [1, 8]));
            Blas.Gemm(2f, new ReadOnlyTensorSpan<float>(fa, 0, [3, 4], [4, 1]), new ReadOnlyTensorSpan<float>(fb, 0, [4, 3], [3, 1]), 1f, new TensorSpan<float>(fc, 0, [3, 3], [3, 1]));
        }
        long allocated = AllocationCount.Of(Calls);
        Assert.True(allocated == 0, $"{allocated} bytes allocated over 10 rounds of 2 tensor GEMM calls on {BlasProvider.Current.Name}");
    }
}
