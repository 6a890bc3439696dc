using System.Numerics.Tensors;

namespace BlasNet.Tests.Core;

/// <summary>
/// SYRK and TRSM on tensor spans (issue #14 item 1, "the other level-3 routines where natural"): every stride layout of
/// A and of C or B (row-major, its transpose, padded rows) against the definitions, read and written in the tensors' own
/// coordinates: SYRK updates exactly the requested triangle of C as seen, TRSM's X solves the triangular system as seen
/// (the other triangle of A, and its diagonal under Unit, hold values that would spoil the result if read), and nothing
/// outside the tensors is written; bad shapes and layouts are refused naming the argument.
/// </summary>
public class TensorLevel3Tests
{
    /// <summary>A rows×cols view into a fresh random buffer: transposed ⇒ strides [1, ld], else [ld, 1]; ld = stored row length + pad.</summary>
    private static (double[] Buffer, int Offset, nint[] Strides) Layout(int rows, int cols, bool transposed, int pad, int seed)
    {
        int storedRows = transposed ? cols : rows, storedCols = transposed ? rows : cols, ld = storedCols + pad;
        var rng = new Random(seed);
        var buffer = new double[pad + storedRows * ld + 3];
        for (int i = 0; i < buffer.Length; i++) buffer[i] = rng.NextDouble() * 2 - 1;
        return (buffer, pad, transposed ? [1, ld] : [ld, 1]);
    }

    private static int Index(int offset, nint[] strides, int i, int j) => offset + (int)(i * strides[0] + j * strides[1]);

    public static TheoryData<bool, bool, int, Triangle> SyrkLayouts()
    {
        var data = new TheoryData<bool, bool, int, Triangle>();
        foreach (bool ta in new[] { false, true })
            foreach (bool tc in new[] { false, true })
                foreach (int pad in new[] { 0, 3 })
                    foreach (var uplo in new[] { Triangle.Upper, Triangle.Lower })
                        data.Add(ta, tc, pad, uplo);
        return data;
    }

    [Theory]
    [MemberData(nameof(SyrkLayouts))]
    public void Syrk_EveryStrideLayout_UpdatesTheTriangleAsSeen(bool ta, bool tc, int pad, Triangle uplo)
    {
        const int n = 6, k = 4;
        const double alpha = 1.5, beta = -0.5;
        var (ab, ao, asd) = Layout(n, k, ta, pad, 1);
        var (cb, co, csd) = Layout(n, n, tc, pad, 2);
        var before = (double[])cb.Clone();

        Blas.Syrk(uplo, alpha, new ReadOnlyTensorSpan<double>(ab, ao, [n, k], asd), beta, new TensorSpan<double>(cb, co, [n, n], csd));

        var inTriangle = new bool[cb.Length];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                if (uplo == Triangle.Upper ? j < i : j > i) continue;
                double sum = 0;
                for (int p = 0; p < k; p++) sum += ab[Index(ao, asd, i, p)] * ab[Index(ao, asd, j, p)];
                int at = Index(co, csd, i, j);
                Assert.Equal(alpha * sum + beta * before[at], cb[at], 1e-13);
                inTriangle[at] = true;
            }
        // The other triangle, the padding and the slack around C keep their values.
        for (int x = 0; x < cb.Length; x++)
            if (!inTriangle[x]) Assert.Equal(before[x], cb[x]);
    }

    public static TheoryData<Side, Triangle, bool, bool, Diagonal, int> TrsmLayouts()
    {
        var data = new TheoryData<Side, Triangle, bool, bool, Diagonal, int>();
        foreach (var side in new[] { Side.Left, Side.Right })
            foreach (var uplo in new[] { Triangle.Upper, Triangle.Lower })
                foreach (bool ta in new[] { false, true })
                    foreach (bool tb in new[] { false, true })
                        foreach (var diag in new[] { Diagonal.NonUnit, Diagonal.Unit })
                            data.Add(side, uplo, ta, tb, diag, ta == tb ? 0 : 2);
        return data;
    }

    [Theory]
    [MemberData(nameof(TrsmLayouts))]
    public void Trsm_EveryStrideLayout_SolvesTheSystemAsSeen(Side side, Triangle uplo, bool ta, bool tb, Diagonal diag, int pad)
    {
        const int m = 5, n = 4;
        const double alpha = 0.75;
        int order = side == Side.Left ? m : n;
        var (ab, ao, asd) = Layout(order, order, ta, pad, 3);
        // The triangle as seen: a dominant diagonal (1 under Unit, where the stored diagonal must not be read); the
        // other triangle and, under Unit, the stored diagonal hold 1e6, which would swamp X if they were read.
        var triangle = new double[order, order];
        for (int i = 0; i < order; i++)
            for (int j = 0; j < order; j++)
            {
                int at = Index(ao, asd, i, j);
                bool inside = uplo == Triangle.Upper ? j >= i : j <= i;
                if (i == j) { ab[at] = diag == Diagonal.Unit ? 1e6 : 3 + i; triangle[i, j] = diag == Diagonal.Unit ? 1 : ab[at]; }
                else if (inside) triangle[i, j] = ab[at];
                else ab[at] = 1e6;
            }
        var (bb, bo, bsd) = Layout(m, n, tb, pad, 4);
        var before = (double[])bb.Clone();

        Blas.Trsm(side, uplo, alpha, new ReadOnlyTensorSpan<double>(ab, ao, [order, order], asd), new TensorSpan<double>(bb, bo, [m, n], bsd), diag);

        // X (in B's place) satisfies T X = αB (Left) or X T = αB (Right), T the triangle as seen.
        var written = new bool[bb.Length];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double product = 0;
                for (int p = 0; p < order; p++)
                    product += side == Side.Left ? triangle[i, p] * bb[Index(bo, bsd, p, j)] : bb[Index(bo, bsd, i, p)] * triangle[p, j];
                int at = Index(bo, bsd, i, j);
                Assert.Equal(alpha * before[at], product, 1e-12);
                written[at] = true;
            }
        for (int x = 0; x < bb.Length; x++)
            if (!written[x]) Assert.Equal(before[x], bb[x]);
    }

    [Fact]
    public void Generic_Float_MatchesTheDoubleSolution()
    {
        // The generic entries over float: the same 2×2 systems, to float rounding.
        float[] a = [2, 1, 0, 4]; // upper triangle [[2, 1], [·, 4]] (the 0 is below the diagonal, not read)
        float[] b = [6, 8];       // 2×1
        Blas.Trsm<float>(Side.Left, Triangle.Upper, 1f, new ReadOnlyTensorSpan<float>(a, [2, 2], [2, 1]), new TensorSpan<float>(b, [2, 1]));
        Assert.Equal(2f, b[1], 6); // 4 x₂ = 8
        Assert.Equal(2f, b[0], 6); // 2 x₁ + x₂ = 6
        float[] c = new float[4];
        Blas.Syrk<float>(Triangle.Lower, 1f, new ReadOnlyTensorSpan<float>(new float[] { 1, 2, 3, 4 }, [2, 2], [2, 1]), 0f, new TensorSpan<float>(c, [2, 2], [2, 1]));
        Assert.Equal([5f, 0f, 11f, 25f], c); // [[1, 2], [3, 4]] · its transpose, lower triangle only
    }

    [Fact]
    public void BadShapesAndLayouts_AreRefused_NamingTheArgument()
    {
        // Tensor spans are ref structs: made afresh inside each lambda.
        static ReadOnlyTensorSpan<double> A23() => new(new double[6], [2, 3], [3, 1]);
        static TensorSpan<double> C22() => new(new double[4], [2, 2], [2, 1]);
        var c33 = new double[9];
        // SYRK: C must be n×n for an n-row A.
        var e = Assert.Throws<ArgumentException>(() => Blas.Syrk(Triangle.Upper, 1.0, A23(), 0.0, new TensorSpan<double>(c33, [3, 3], [3, 1])));
        Assert.Equal("c", e.ParamName);
        Assert.Contains("2×3", e.Message);
        // Rank 3, and strides that are neither row-major nor its transpose.
        e = Assert.Throws<ArgumentException>(() => Blas.Syrk(Triangle.Upper, 1.0, new ReadOnlyTensorSpan<double>(new double[8], [2, 2, 2], [4, 2, 1]), 0.0, C22()));
        Assert.Equal("a", e.ParamName);
        Assert.Contains("rank 3", e.Message);
        e = Assert.Throws<ArgumentException>(() => Blas.Syrk(Triangle.Upper, 1.0, new ReadOnlyTensorSpan<double>(new double[20], [2, 2], [8, 2]), 0.0, C22()));
        Assert.Equal("a", e.ParamName);
        // An undefined flag.
        Assert.Throws<ArgumentOutOfRangeException>(() => Blas.Syrk((Triangle)7, 1.0, new ReadOnlyTensorSpan<double>(new double[4], [2, 2], [2, 1]), 0.0, C22()));
        // C overlapping A.
        var shared = new double[4];
        e = Assert.Throws<ArgumentException>(() => Blas.Syrk(Triangle.Upper, 1.0, new ReadOnlyTensorSpan<double>(shared, [2, 2], [2, 1]), 0.0, new TensorSpan<double>(shared, [2, 2], [2, 1])));
        Assert.Contains("overlap", e.Message);

        // TRSM: A square, and of B's rows (Left) or columns (Right).
        e = Assert.Throws<ArgumentException>(() => Blas.Trsm(Side.Left, Triangle.Upper, 1.0, A23(), new TensorSpan<double>(new double[6], [2, 3], [3, 1])));
        Assert.Equal("a", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => Blas.Trsm(Side.Right, Triangle.Upper, 1.0, new ReadOnlyTensorSpan<double>(new double[4], [2, 2], [2, 1]), new TensorSpan<double>(new double[6], [2, 3], [3, 1])));
        Assert.Equal("a", e.ParamName);
        Assert.Contains("for side Right", e.Message);
        e = Assert.Throws<ArgumentException>(() => Blas.Trsm(Side.Left, Triangle.Upper, 1.0, new ReadOnlyTensorSpan<double>(new double[4], [2, 2], [2, 1]), new TensorSpan<double>(new double[8], [2, 2, 2], [4, 2, 1])));
        Assert.Equal("b", e.ParamName);
    }

    [Fact]
    public void Calls_AllocateNothing()
    {
        double[] a = [4, 1, 0, 3], b = new double[6], c = new double[4];
        void Calls()
        {
            Blas.Syrk(Triangle.Upper, 1.0, new ReadOnlyTensorSpan<double>(a, [2, 2], [1, 2]), 0.0, new TensorSpan<double>(c, [2, 2], [2, 1]));
            b.AsSpan().Fill(1);
            Blas.Trsm(Side.Left, Triangle.Lower, 1.0, new ReadOnlyTensorSpan<double>(a, [2, 2], [2, 1]), new TensorSpan<double>(b, [2, 3], [1, 2]));
        }
        long allocated = AllocationCount.Of(Calls);
        Assert.True(allocated == 0, $"{allocated} bytes allocated over 10 rounds of tensor SYRK and TRSM on {BlasProvider.Current.Name}");
    }

    [Fact]
    public void EmptyTensors_AreNoOps_OrScaleC()
    {
        // k = 0: C ← βC on the triangle; n = 0: nothing.
        double[] c = [1, 2, 3, 4];
        Blas.Syrk(Triangle.Upper, 1.0, new ReadOnlyTensorSpan<double>(Array.Empty<double>(), [2, 0]), 2.0, new TensorSpan<double>(c, [2, 2], [2, 1]));
        Assert.Equal([2.0, 4.0, 3.0, 8.0], c);
        Blas.Trsm(Side.Left, Triangle.Upper, 1.0, new ReadOnlyTensorSpan<double>(Array.Empty<double>(), [0, 0]), new TensorSpan<double>(Array.Empty<double>(), [0, 3]));
    }
}
