using System.Numerics.Tensors;
using System.Text.Json;

namespace BlasNet.Tests.Core;

/// <summary>
/// SYMM and SYR2K through the Matrix&lt;T&gt; and rank-2 tensor-span forms (every combination of transposed views or
/// layouts, against the definition in the views' own coordinates), SciPy's dsymm/dsyr2k on fixed cases
/// (tests/data/symmetric-level3-reference.json), and the argument checks (names and sizes in the message).
/// </summary>
public class SymmetricLevel3FormsTests
{
    private static readonly Random Values = new(77);

    /// <summary>A rows×cols matrix as seen, of the given values, stored transposed (a view of its transpose) or not.</summary>
    private static Matrix<double> View(double[,] seen, bool transposed)
    {
        int r = seen.GetLength(0), c = seen.GetLength(1);
        if (!transposed) return Matrix.FromArray2D(seen);
        var storage = new double[c, r];
        for (int i = 0; i < r; i++)
            for (int j = 0; j < c; j++) storage[j, i] = seen[i, j];
        return Matrix.FromArray2D(storage).Transpose();
    }

    private static double[,] RandomSeen(int rows, int cols)
    {
        var m = new double[rows, cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) m[i, j] = Math.Round(Values.NextDouble() * 8 - 4) / 4; // exact in double
        return m;
    }

    private static double[] Flat(double[,] m) => m.Cast<double>().ToArray();

    public static TheoryData<Side, Triangle, bool, bool, bool> SymmViews()
    {
        var data = new TheoryData<Side, Triangle, bool, bool, bool>();
        foreach (var side in new[] { Side.Left, Side.Right })
            foreach (var uplo in new[] { Triangle.Upper, Triangle.Lower })
                for (int f = 0; f < 8; f++) data.Add(side, uplo, (f & 1) != 0, (f & 2) != 0, (f & 4) != 0);
        return data;
    }

    [Theory, MemberData(nameof(SymmViews))]
    public void Symm_MatrixViews_ReadTheTriangleAsSeen(Side side, Triangle uplo, bool ta, bool tb, bool tc)
    {
        const int m = 4, n = 3;
        int order = side == Side.Left ? m : n;
        bool upper = uplo == Triangle.Upper;
        var aSeen = RandomSeen(order, order);
        for (int i = 0; i < order; i++)
            for (int j = 0; j < order; j++)
                if (upper ? j < i : j > i) aSeen[i, j] = double.NaN; // the triangle not named, as seen: never read
        var bSeen = RandomSeen(m, n);
        var cSeen = RandomSeen(m, n);
        var expected = Flat(cSeen);
        NaiveBlas.Symm(side == Side.Left, upper, m, n, 1.5, Flat(aSeen), order, Flat(bSeen), n, -0.5, expected, n);

        var c = View(cSeen, tc);
        Blas.Symm(side, uplo, 1.5, View(aSeen, ta), View(bSeen, tb), -0.5, c);
        Assert.Equal(expected, Flat(c.ToArray2D())); // quarters: every sum exact

        var cFloat = tc ? Matrix.Create(n, m, (i, j) => (float)cSeen[j, i]).Transpose() : Matrix.Create(m, n, (i, j) => (float)cSeen[i, j]);
        var aFloat = ta ? Matrix.Create(order, order, (i, j) => (float)aSeen[j, i]).Transpose() : Matrix.Create(order, order, (i, j) => (float)aSeen[i, j]);
        var bFloat = tb ? Matrix.Create(n, m, (i, j) => (float)bSeen[j, i]).Transpose() : Matrix.Create(m, n, (i, j) => (float)bSeen[i, j]);
        Blas.Symm(side, uplo, 1.5f, aFloat, bFloat, -0.5f, cFloat);
        Assert.Equal(expected, cFloat.ToArray2D().Cast<float>().Select(v => (double)v));
    }

    public static TheoryData<Triangle, bool, bool, bool> Syr2kViews()
    {
        var data = new TheoryData<Triangle, bool, bool, bool>();
        foreach (var uplo in new[] { Triangle.Upper, Triangle.Lower })
            for (int f = 0; f < 8; f++) data.Add(uplo, (f & 1) != 0, (f & 2) != 0, (f & 4) != 0);
        return data;
    }

    [Theory, MemberData(nameof(Syr2kViews))]
    public void Syr2k_MatrixViews_UpdateTheTriangleAsSeen(Triangle uplo, bool ta, bool tb, bool tc)
    {
        const int n = 5, k = 3;
        bool upper = uplo == Triangle.Upper;
        var aSeen = RandomSeen(n, k);
        var bSeen = RandomSeen(n, k);
        var cSeen = RandomSeen(n, n);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                if (upper ? j < i : j > i) cSeen[i, j] = 777; // the other triangle as seen: must not change
        var expected = Flat(cSeen);
        NaiveBlas.Syr2k(upper, false, n, k, 0.5, Flat(aSeen), k, Flat(bSeen), k, 2.0, expected, n);

        var c = View(cSeen, tc);
        Blas.Syr2k(uplo, 0.5, View(aSeen, ta), View(bSeen, tb), 2.0, c);
        Assert.Equal(expected, Flat(c.ToArray2D()));

        var cFloat = tc ? Matrix.Create(n, n, (i, j) => (float)cSeen[j, i]).Transpose() : Matrix.Create(n, n, (i, j) => (float)cSeen[i, j]);
        var aFloat = ta ? Matrix.Create(k, n, (i, j) => (float)aSeen[j, i]).Transpose() : Matrix.Create(n, k, (i, j) => (float)aSeen[i, j]);
        var bFloat = tb ? Matrix.Create(k, n, (i, j) => (float)bSeen[j, i]).Transpose() : Matrix.Create(n, k, (i, j) => (float)bSeen[i, j]);
        Blas.Syr2k(uplo, 0.5f, aFloat, bFloat, 2f, cFloat);
        Assert.Equal(expected, cFloat.ToArray2D().Cast<float>().Select(v => (double)v));
    }

    [Fact]
    public void MatrixForms_RefuseMismatchedShapesAndOverlaps()
    {
        var a3 = Matrix.Zeros<double>(3, 3);
        var b34 = Matrix.Zeros<double>(3, 4);
        var e = Assert.Throws<ArgumentException>(() => Blas.Symm(Side.Right, Triangle.Upper, 1.0, a3, b34, 0.0, Matrix.Zeros<double>(3, 4)));
        Assert.Equal("a", e.ParamName);
        Assert.Contains("3×3", e.Message); Assert.Contains("3×4", e.Message);
        e = Assert.Throws<ArgumentException>(() => Blas.Symm(Side.Left, Triangle.Upper, 1.0, Matrix.Zeros<double>(3, 2), b34, 0.0, Matrix.Zeros<double>(3, 4)));
        Assert.Equal("a", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => Blas.Symm(Side.Left, Triangle.Upper, 1.0, a3, b34, 0.0, Matrix.Zeros<double>(4, 3)));
        Assert.Equal("c", e.ParamName);
        Assert.Contains("4×3", e.Message);
        // B viewed transposed and C not, sharing storage: the copy of B must not hide the overlap.
        var square = Matrix.Zeros<double>(3, 3);
        e = Assert.Throws<ArgumentException>(() => Blas.Symm(Side.Left, Triangle.Upper, 1.0, a3, square.Transpose(), 0.0, square));
        Assert.Equal("c", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => Blas.Symm(Side.Left, Triangle.Upper, 1.0, square, a3, 0.0, square));
        Assert.Equal("c", e.ParamName);

        e = Assert.Throws<ArgumentException>(() => Blas.Syr2k(Triangle.Upper, 1.0, Matrix.Zeros<double>(3, 2), Matrix.Zeros<double>(2, 3), 0.0, Matrix.Zeros<double>(3, 3)));
        Assert.Equal("b", e.ParamName);
        Assert.Contains("2×3", e.Message);
        e = Assert.Throws<ArgumentException>(() => Blas.Syr2k(Triangle.Upper, 1.0, Matrix.Zeros<double>(3, 2), Matrix.Zeros<double>(3, 2), 0.0, Matrix.Zeros<double>(2, 2)));
        Assert.Equal("c", e.ParamName);
        var b = Matrix.Zeros<double>(3, 3);
        e = Assert.Throws<ArgumentException>(() => Blas.Syr2k(Triangle.Upper, 1.0, a3, b, 0.0, b));
        Assert.Equal("c", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => Blas.Syr2k(Triangle.Upper, 1.0, a3, b.Transpose(), 0.0, b)); // the copied path
        Assert.Equal("c", e.ParamName);
        Assert.Throws<ArgumentNullException>(() => Blas.Syr2k(Triangle.Upper, 1.0, a3, null!, 0.0, b));
        Assert.Throws<ArgumentOutOfRangeException>(() => Blas.Symm((Side)7, Triangle.Upper, 1.0, a3, b34, 0.0, Matrix.Zeros<double>(3, 4)));
    }

    // ---- tensor spans ----

    /// <summary>A rows×cols tensor view into a fresh buffer of quarters: transposed ⇒ strides [1, ld], else [ld, 1]; ld = stored row length + pad.</summary>
    private static (double[] Buffer, int Offset, nint[] Strides) Layout(int rows, int cols, bool transposed, int pad, int seed)
    {
        int storedRows = transposed ? cols : rows, storedCols = transposed ? rows : cols, ld = storedCols + pad;
        var rng = new Random(seed);
        var buffer = new double[pad + storedRows * ld + 3];
        for (int i = 0; i < buffer.Length; i++) buffer[i] = Math.Round(rng.NextDouble() * 8 - 4) / 4;
        return (buffer, pad, transposed ? [1, ld] : [ld, 1]);
    }

    private static int Index(int offset, nint[] strides, int i, int j) => offset + (int)(i * strides[0] + j * strides[1]);

    private static double[] Seen(double[] buffer, int offset, nint[] strides, int rows, int cols)
    {
        var r = new double[rows * cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) r[i * cols + j] = buffer[Index(offset, strides, i, j)];
        return r;
    }

    public static TheoryData<int, int, int, int> TensorLayouts()
    {
        var data = new TheoryData<int, int, int, int>();
        for (int f = 0; f < 8; f++)
            foreach (int pad in new[] { 0, 2 })
                data.Add(f, pad, f % 2 == 0 ? 0 : 1, f / 4);
        return data;
    }

    [Theory, MemberData(nameof(TensorLayouts))]
    public void Symm_TensorLayouts_MatchTheDefinitionAsSeen(int flags, int pad, int sideIndex, int upperIndex)
    {
        bool ta = (flags & 1) != 0, tb = (flags & 2) != 0, tc = (flags & 4) != 0;
        var side = sideIndex == 0 ? Side.Left : Side.Right;
        bool upper = upperIndex == 0;
        const int m = 5, n = 4;
        int order = side == Side.Left ? m : n;
        var (ab, ao, asd) = Layout(order, order, ta, pad, 1);
        for (int i = 0; i < order; i++)
            for (int j = 0; j < order; j++)
                if (upper ? j < i : j > i) ab[Index(ao, asd, i, j)] = double.NaN;
        var (bb, bo, bsd) = Layout(m, n, tb, pad, 2);
        var (cb, co, csd) = Layout(m, n, tc, pad, 3);
        var before = (double[])cb.Clone();
        var expected = Seen(cb, co, csd, m, n);
        NaiveBlas.Symm(side == Side.Left, upper, m, n, -1.5, Seen(ab, ao, asd, order, order), order, Seen(bb, bo, bsd, m, n), n, 0.25, expected, n);

        Blas.Symm(side, upper ? Triangle.Upper : Triangle.Lower, -1.5, new ReadOnlyTensorSpan<double>(ab, ao, [order, order], asd),
            new ReadOnlyTensorSpan<double>(bb, bo, [m, n], bsd), 0.25, new TensorSpan<double>(cb, co, [m, n], csd));

        var inC = new bool[cb.Length];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                Assert.Equal(expected[i * n + j], cb[Index(co, csd, i, j)]);
                inC[Index(co, csd, i, j)] = true;
            }
        for (int i = 0; i < cb.Length; i++)
            if (!inC[i]) Assert.Equal(before[i], cb[i]); // padding and slack untouched

        // The float and generic forms, on a copy of the same layout.
        float[] af = ab.Select(v => (float)v).ToArray(), bf = bb.Select(v => (float)v).ToArray(), cf = before.Select(v => (float)v).ToArray();
        Blas.Symm(side, upper ? Triangle.Upper : Triangle.Lower, -1.5f, new ReadOnlyTensorSpan<float>(af, ao, [order, order], asd),
            new ReadOnlyTensorSpan<float>(bf, bo, [m, n], bsd), 0.25f, new TensorSpan<float>(cf, co, [m, n], csd));
        Assert.Equal(cb.Select(v => (float)v), cf);
        var cg = (double[])before.Clone();
        Blas.Symm<double>(side, upper ? Triangle.Upper : Triangle.Lower, -1.5, new ReadOnlyTensorSpan<double>(ab, ao, [order, order], asd),
            new ReadOnlyTensorSpan<double>(bb, bo, [m, n], bsd), 0.25, new TensorSpan<double>(cg, co, [m, n], csd));
        Assert.Equal(cb, cg);
    }

    [Theory, MemberData(nameof(TensorLayouts))]
    public void Syr2k_TensorLayouts_UpdateTheTriangleAsSeen(int flags, int pad, int upperIndex, int unused)
    {
        _ = unused;
        bool ta = (flags & 1) != 0, tb = (flags & 2) != 0, tc = (flags & 4) != 0, upper = upperIndex == 0;
        const int n = 6, k = 3;
        var (ab, ao, asd) = Layout(n, k, ta, pad, 4);
        var (bb, bo, bsd) = Layout(n, k, tb, pad, 5);
        var (cb, co, csd) = Layout(n, n, tc, pad, 6);
        var before = (double[])cb.Clone();
        var expected = Seen(cb, co, csd, n, n);
        NaiveBlas.Syr2k(upper, false, n, k, 2.0, Seen(ab, ao, asd, n, k), k, Seen(bb, bo, bsd, n, k), k, -1.0, expected, n);
        var uplo = upper ? Triangle.Upper : Triangle.Lower;

        Blas.Syr2k(uplo, 2.0, new ReadOnlyTensorSpan<double>(ab, ao, [n, k], asd), new ReadOnlyTensorSpan<double>(bb, bo, [n, k], bsd), -1.0,
            new TensorSpan<double>(cb, co, [n, n], csd));

        var inTriangle = new bool[cb.Length];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                if (upper ? j < i : j > i) continue;
                Assert.Equal(expected[i * n + j], cb[Index(co, csd, i, j)]);
                inTriangle[Index(co, csd, i, j)] = true;
            }
        for (int i = 0; i < cb.Length; i++)
            if (!inTriangle[i]) Assert.Equal(before[i], cb[i]); // the other triangle, padding and slack

        float[] af = ab.Select(v => (float)v).ToArray(), bf = bb.Select(v => (float)v).ToArray(), cf = before.Select(v => (float)v).ToArray();
        Blas.Syr2k(uplo, 2f, new ReadOnlyTensorSpan<float>(af, ao, [n, k], asd), new ReadOnlyTensorSpan<float>(bf, bo, [n, k], bsd), -1f,
            new TensorSpan<float>(cf, co, [n, n], csd));
        Assert.Equal(cb.Select(v => (float)v), cf);
        var cg = (double[])before.Clone();
        Blas.Syr2k<double>(uplo, 2.0, new ReadOnlyTensorSpan<double>(ab, ao, [n, k], asd), new ReadOnlyTensorSpan<double>(bb, bo, [n, k], bsd), -1.0,
            new TensorSpan<double>(cg, co, [n, n], csd));
        Assert.Equal(cb, cg);
    }

    [Fact]
    public void TensorForms_RefuseBadShapes()
    {
        var buf = new double[64];
        var e = Assert.Throws<ArgumentException>(() => Blas.Symm(Side.Left, Triangle.Upper, 1.0, new ReadOnlyTensorSpan<double>(buf, [3, 2], [2, 1]),
            new ReadOnlyTensorSpan<double>(buf, [3, 4], [4, 1]), 0.0, new TensorSpan<double>(new double[12], [3, 4], [4, 1])));
        Assert.Equal("a", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => Blas.Symm(Side.Left, Triangle.Upper, 1.0, new ReadOnlyTensorSpan<double>(buf, [3, 3], [3, 1]),
            new ReadOnlyTensorSpan<double>(buf, [3, 4], [4, 1]), 0.0, new TensorSpan<double>(new double[12], [4, 3], [3, 1])));
        Assert.Equal("c", e.ParamName); Assert.Contains("4×3", e.Message);
        e = Assert.Throws<ArgumentException>(() => Blas.Syr2k(Triangle.Upper, 1.0, new ReadOnlyTensorSpan<double>(buf, [3, 2], [2, 1]),
            new ReadOnlyTensorSpan<double>(buf, [2, 3], [3, 1]), 0.0, new TensorSpan<double>(new double[9], [3, 3], [3, 1])));
        Assert.Equal("b", e.ParamName); Assert.Contains("2×3", e.Message);
        e = Assert.Throws<ArgumentException>(() => Blas.Syr2k(Triangle.Upper, 1.0, new ReadOnlyTensorSpan<double>(buf, [3, 2], [2, 1]),
            new ReadOnlyTensorSpan<double>(buf, [3, 2], [2, 1]), 0.0, new TensorSpan<double>(new double[9], [2, 2], [2, 1])));
        Assert.Equal("c", e.ParamName);
        // C laid out over B's elements: refused by name, also when B's layout differs from C's (the copied path).
        var shared = new double[16];
        e = Assert.Throws<ArgumentException>(() => Blas.Symm(Side.Left, Triangle.Upper, 1.0, new ReadOnlyTensorSpan<double>(buf, [3, 3], [3, 1]),
            new ReadOnlyTensorSpan<double>(shared, [3, 3], [1, 3]), 0.0, new TensorSpan<double>(shared, [3, 3], [3, 1])));
        Assert.Equal("c", e.ParamName);
        e = Assert.Throws<ArgumentOutOfRangeException>(() => Blas.Syr2k((Triangle)4, 1.0, new ReadOnlyTensorSpan<double>(buf, [3, 2], [2, 1]),
            new ReadOnlyTensorSpan<double>(buf, [3, 2], [2, 1]), 0.0, new TensorSpan<double>(new double[9], [3, 3], [3, 1])));
        Assert.Equal("uplo", e.ParamName);
    }

    // ---- SciPy ----

    [Fact]
    public void SciPyCases_DoubleAndFloat()
    {
        var root = ReferenceData.Load("symmetric-level3-reference.json");
        int count = 0;
        foreach (var c in root.GetProperty("cases").EnumerateArray())
        {
            double[] a = Rows(c, "a"), b = Rows(c, "b"), cc = Rows(c, "c"), expected = Rows(c, "expected");
            int cols = c.GetProperty("a")[0].GetArrayLength(), bCols = c.GetProperty("b")[0].GetArrayLength(), cCols = c.GetProperty("c")[0].GetArrayLength();
            double alpha = c.GetProperty("alpha").GetDouble(), beta = c.GetProperty("beta").GetDouble();
            var uplo = Enum.Parse<Triangle>(c.GetProperty("uplo").GetString()!);
            var got = (double[])cc.Clone();
            var gotF = cc.Select(v => (float)v).ToArray();
            float[] af = a.Select(v => (float)v).ToArray(), bf = b.Select(v => (float)v).ToArray();
            if (c.GetProperty("routine").GetString() == "symm")
            {
                var side = Enum.Parse<Side>(c.GetProperty("side").GetString()!);
                int m = c.GetProperty("m").GetInt32(), n = c.GetProperty("n").GetInt32();
                Blas.Symm(side, uplo, m, n, alpha, a, cols, b, bCols, beta, got, cCols);
                Blas.Symm(side, uplo, m, n, (float)alpha, af, cols, bf, bCols, (float)beta, gotF, cCols);
            }
            else
            {
                var trans = Enum.Parse<Transpose>(c.GetProperty("trans").GetString()!);
                int n = c.GetProperty("n").GetInt32(), k = c.GetProperty("k").GetInt32();
                Blas.Syr2k(uplo, trans, n, k, alpha, a, cols, b, bCols, beta, got, cCols);
                Blas.Syr2k(uplo, trans, n, k, (float)alpha, af, cols, bf, bCols, (float)beta, gotF, cCols);
            }
            // Halves and small integers: every product and sum is exact in double and float alike.
            Assert.Equal(expected, got);
            Assert.Equal(expected, gotF.Select(v => (double)v));
            count++;
        }
        Assert.Equal(10, count);
    }

    private static double[] Rows(JsonElement c, string name) =>
        c.GetProperty(name).EnumerateArray().SelectMany(r => r.EnumerateArray().Select(v => v.GetDouble())).ToArray();

    // ---- span argument checks ----

    [Fact]
    public void SpanForms_NameTheArgumentAndSizes()
    {
        var a = new double[9]; var b = new double[12]; var c = new double[12];
        var e = Assert.Throws<ArgumentException>(() => Blas.Symm(Side.Left, Triangle.Upper, 3, 4, 1.0, a.AsSpan(0, 8), 3, b, 4, 0.0, c, 4));
        Assert.Equal("a", e.ParamName); Assert.Contains("3×3", e.Message); Assert.Contains("length 8", e.Message);
        e = Assert.Throws<ArgumentException>(() => Blas.Symm(Side.Right, Triangle.Upper, 3, 4, 1.0, a, 4, b, 4, 0.0, c, 4)); // A must be 4×4
        Assert.Equal("a", e.ParamName); Assert.Contains("4×4", e.Message);
        var r = Assert.Throws<ArgumentOutOfRangeException>(() => Blas.Symm(Side.Left, Triangle.Upper, 3, 4, 1.0, a, 3, b, 3, 0.0, c, 4));
        Assert.Equal("ldb", r.ParamName);
        e = Assert.Throws<ArgumentException>(() => Blas.Symm(Side.Left, Triangle.Upper, 3, 4, 1.0, a, 3, b, 4, 0.0, c.AsSpan(0, 11), 4));
        Assert.Equal("c", e.ParamName);
        r = Assert.Throws<ArgumentOutOfRangeException>(() => Blas.Symm((Side)2, Triangle.Upper, 3, 4, 1.0, a, 3, b, 4, 0.0, c, 4));
        Assert.Equal("side", r.ParamName);
        r = Assert.Throws<ArgumentOutOfRangeException>(() => Blas.Symm(Side.Left, (Triangle)9, 3, 4, 1.0, a, 3, b, 4, 0.0, c, 4));
        Assert.Equal("uplo", r.ParamName);
        r = Assert.Throws<ArgumentOutOfRangeException>(() => Blas.Symm(Side.Left, Triangle.Upper, -1, 4, 1.0, a, 3, b, 4, 0.0, c, 4));
        Assert.Equal("m", r.ParamName);
        var shared = new double[30];
        e = Assert.Throws<ArgumentException>(() => Blas.Symm(Side.Left, Triangle.Upper, 3, 4, 1.0, shared.AsSpan(0, 9), 3, b, 4, 0.0, shared.AsSpan(5, 12), 4));
        Assert.Equal("c", e.ParamName); Assert.Contains("overlaps a", e.Message);
        e = Assert.Throws<ArgumentException>(() => Blas.Symm(Side.Left, Triangle.Upper, 3, 4, 1.0, a, 3, shared.AsSpan(0, 12), 4, 0.0, shared.AsSpan(11, 12), 4));
        Assert.Equal("c", e.ParamName); Assert.Contains("overlaps b", e.Message);

        // SYR2K: A and B n×k (None) or k×n (Transposed).
        var x = new double[6]; var y = new double[6]; var z = new double[9];
        e = Assert.Throws<ArgumentException>(() => Blas.Syr2k(Triangle.Lower, Transpose.None, 3, 2, 1.0, x, 2, y.AsSpan(0, 5), 2, 0.0, z, 3));
        Assert.Equal("b", e.ParamName); Assert.Contains("3×2", e.Message);
        r = Assert.Throws<ArgumentOutOfRangeException>(() => Blas.Syr2k(Triangle.Lower, Transpose.Transposed, 3, 2, 1.0, x, 2, y, 3, 0.0, z, 3));
        Assert.Equal("lda", r.ParamName); Assert.Contains("≥ max(1, 3)", r.Message);
        r = Assert.Throws<ArgumentOutOfRangeException>(() => Blas.Syr2k(Triangle.Lower, (Transpose)5, 3, 2, 1.0, x, 2, y, 2, 0.0, z, 3));
        Assert.Equal("trans", r.ParamName);
        r = Assert.Throws<ArgumentOutOfRangeException>(() => Blas.Syr2k(Triangle.Lower, Transpose.None, 3, -2, 1.0, x, 2, y, 2, 0.0, z, 3));
        Assert.Equal("k", r.ParamName);
        r = Assert.Throws<ArgumentOutOfRangeException>(() => Blas.Syr2k(Triangle.Lower, Transpose.None, 3, 2, 1.0, x, 2, y, 2, 0.0, z, 2));
        Assert.Equal("ldc", r.ParamName);
        var pool = new double[40];
        e = Assert.Throws<ArgumentException>(() => Blas.Syr2k(Triangle.Lower, Transpose.None, 3, 2, 1.0, x, 2, pool.AsSpan(0, 6), 2, 0.0, pool.AsSpan(5, 9), 3));
        Assert.Equal("c", e.ParamName); Assert.Contains("overlaps b", e.Message);
        // Float and generic forms run the same checks.
        e = Assert.Throws<ArgumentException>(() => Blas.Syr2k(Triangle.Lower, Transpose.None, 3, 2, 1f, new float[6], 2, new float[6], 2, 0f, new float[8], 3));
        Assert.Equal("c", e.ParamName);
        Assert.Throws<NotSupportedException>(() => Blas.Symm<Half>(Side.Left, Triangle.Upper, 1, 1, Half.One, new Half[1], 1, new Half[1], 1, Half.Zero, new Half[1], 1));
    }
}
