using System.Numerics;
using System.Numerics.Tensors;

namespace BlasNet.Tests.Core;

/// <summary>
/// A NaN or ±∞ α or β in every level 2 and 3 routine and every entry form (span, Matrix, tensor, generic,
/// strided and list batches): each element must be α·s + β·c as defined (β = 0: α·s), s the element's sum of
/// products, on every provider. Before, MKL's sgemm and its batch routine and OpenBLAS's sgemv and ssyrk dropped a
/// NaN α or β (finite numbers came out), and the providers disagreed for ∞ (α·(s ≠ 0) = ∞, but kernels scale A or
/// x by α first, giving ∞·0 = NaN inside the sum, or skip rows of zeros). The data are small integers with many
/// zeros, so every sum is exact in float and double and the expected values are exact (∞·0 = NaN included).
/// </summary>
public class NonFiniteScalarTests
{
    private static readonly double[] NonFinite = [double.NaN, double.PositiveInfinity, double.NegativeInfinity];

    /// <summary>(α, β) pairs with at least one of them NaN or ±∞, β = 0 and β = 1 included (the kernels' special cases).</summary>
    public static TheoryData<double, double> Scalars()
    {
        var data = new TheoryData<double, double>();
        foreach (double alpha in NonFinite)
            foreach (double beta in new[] { 0.0, 1.0, -0.5, double.NaN, double.PositiveInfinity, double.NegativeInfinity })
                data.Add(alpha, beta);
        foreach (double alpha in new[] { 1.0, -2.0 })
            foreach (double beta in NonFinite) data.Add(alpha, beta);
        return data;
    }

    /// <summary>Integers in [−2, 3], a third of them zero.</summary>
    private static T[] Data<T>(int length, int seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(seed);
        var r = new T[length];
        for (int i = 0; i < length; i++) r[i] = rng.Next(3) == 0 ? T.Zero : T.CreateTruncating(rng.Next(-2, 4));
        return r;
    }

    private static double D<T>(T v) where T : unmanaged, IFloatingPointIeee754<T> => double.CreateTruncating(v);

    /// <summary>The definition of one element: α·s + β·c, with β = 0 not reading c.</summary>
    private static double Definition(double alpha, double s, double beta, double c) => beta == 0 ? alpha * s : alpha * s + beta * c;

    /// <summary>NaN where NaN is expected, else exactly the expected value.</summary>
    private static void Same(double expected, double actual, string what)
    {
        if (double.IsNaN(expected)) Assert.True(double.IsNaN(actual), $"{what}: expected NaN, got {actual}");
        else Assert.True(expected == actual, $"{what}: expected {expected}, got {actual}");
    }

    /// <summary>C ← α op(A) op(B) + βC, row-major with leading dimensions, from the definition in double.</summary>
    private static double[] GemmDefinition<T>(bool ta, bool tb, int m, int n, int k, double alpha, T[] a, int lda, T[] b, int ldb, double beta, T[] c, int ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var r = c.Select(D).ToArray();
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int p = 0; p < k; p++) s += D(ta ? a[p * lda + i] : a[i * lda + p]) * D(tb ? b[j * ldb + p] : b[p * ldb + j]);
                r[i * ldc + j] = Definition(alpha, s, beta, r[i * ldc + j]);
            }
        return r;
    }

    private static void GemmEveryTranspose<T>(double alpha, double beta, int m, int n, int k) where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (bool ta in new[] { false, true })
            foreach (bool tb in new[] { false, true })
            {
                int lda = (ta ? m : k) + 2, ldb = (tb ? k : n) + 1, ldc = n + 3;
                var a = Data<T>((ta ? k : m) * lda, 1);
                var b = Data<T>((tb ? n : k) * ldb, 2);
                var c = Data<T>(m * ldc, 3);
                var expected = GemmDefinition(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
                Blas.Gemm(ta ? Transpose.Transposed : Transpose.None, tb ? Transpose.Transposed : Transpose.None, m, n, k,
                    T.CreateTruncating(alpha), a, lda, b, ldb, T.CreateTruncating(beta), c, ldc);
                for (int p = 0; p < c.Length; p++)
                    Same(expected[p], D(c[p]), $"{typeof(T).Name} gemm ta={ta} tb={tb} {m}×{n}×{k} α={alpha} β={beta} C[{p / ldc},{p % ldc}]");
            }
    }

    [Theory]
    [MemberData(nameof(Scalars))]
    public void Gemm_Span_IsTheDefinition(double alpha, double beta)
    {
        GemmEveryTranspose<double>(alpha, beta, 3, 4, 5);
        GemmEveryTranspose<float>(alpha, beta, 3, 4, 5);
        GemmEveryTranspose<double>(alpha, beta, 17, 15, 19); // past the small-product kernel and MKL's NaN-dropping size
        GemmEveryTranspose<float>(alpha, beta, 17, 15, 19);
    }

    [Fact]
    public void Gemm_AlphaNaN_Float_IsNaN_InEveryForm()
    {
        // MKL returned 64 (= 2·2·16) for every element: the NaN α was dropped from n ≈ 15 on.
        const int n = 16;
        var a = TestValues.Filled(n * n, 2f);
        var c = new float[n * n];
        Blas.Gemm(Transpose.None, Transpose.None, n, n, n, float.NaN, a, n, a, n, 0f, c, n);
        Assert.All(c, v => Assert.True(float.IsNaN(v), $"span sgemm gave {v}"));
        var cm = new Matrix<float>(n, n);
        Blas.Gemm(float.NaN, new Matrix<float>(n, n, a), new Matrix<float>(n, n, a).Transpose(), 0f, cm);
        Assert.All(cm.ToArray(), v => Assert.True(float.IsNaN(v), $"Matrix sgemm gave {v}"));
        var ct = new float[n * n];
        Blas.Gemm(float.NaN, new ReadOnlyTensorSpan<float>(a, 0, [n, n], [n, 1]), new ReadOnlyTensorSpan<float>(a, 0, [n, n], [1, n]), 0f, new TensorSpan<float>(ct, 0, [n, n], [n, 1]));
        Assert.All(ct, v => Assert.True(float.IsNaN(v), $"tensor sgemm gave {v}"));
        var cg = new float[n * n];
        Blas.Gemm<float>(Transpose.Transposed, Transpose.None, n, n, n, float.NaN, a, n, a, n, 1f, cg, n);
        Assert.All(cg, v => Assert.True(float.IsNaN(v), $"generic sgemm gave {v}"));
    }

    [Fact]
    public void Gemm_InfiniteAlpha_AppliesToTheSum()
    {
        // α·(AB) with AB = [1 1; 0 0]: [∞, ∞, NaN, NaN]. MKL gave NaN everywhere.
        var c = new double[4];
        Blas.Gemm(Transpose.None, Transpose.None, 2, 2, 2, double.PositiveInfinity, [1.0, 0, 0, 0], 2, [1.0, 1, 1, 1], 2, 0.0, c, 2);
        Same(double.PositiveInfinity, c[0], "C[0,0]"); Same(double.PositiveInfinity, c[1], "C[0,1]");
        Same(double.NaN, c[2], "C[1,0]"); Same(double.NaN, c[3], "C[1,1]");

        // k = 300 > the managed blocked GEMM's 256-deep slices: the first slice sums to 0 and the rest to 44, so
        // α·s = ∞ — the managed provider applied α per slice and gave ∞·0 + ∞·44 = NaN.
        const int m = 8, n = 8, k = 300;
        foreach (var t in new[] { Transpose.None, Transpose.Transposed })
        {
            var a = new double[m * k];
            for (int i = 0; i < m; i++)
                for (int p = 0; p < k; p++) a[t == Transpose.None ? i * k + p : p * m + i] = p < 128 ? 1 : p < 256 ? -1 : 1;
            var b = TestValues.Filled(k * n, 1.0);
            var cc = new double[m * n];
            Blas.Gemm(t, Transpose.None, m, n, k, double.NegativeInfinity, a, t == Transpose.None ? k : m, b, n, 0.0, cc, n);
            Assert.All(cc, v => Assert.Equal(double.NegativeInfinity, v));
            var cf = new float[m * n];
            Blas.Gemm(t, Transpose.None, m, n, k, float.PositiveInfinity, a.Select(v => (float)v).ToArray(), t == Transpose.None ? k : m, b.Select(v => (float)v).ToArray(), n, 2f, cf, n);
            Assert.All(cf, v => Assert.Equal(float.PositiveInfinity, v));
        }
    }

    [Theory]
    [MemberData(nameof(Scalars))]
    public void Gemm_MatrixTensorAndGeneric_AreTheDefinition(double alpha, double beta)
    {
        Forms<double>(alpha, beta);
        Forms<float>(alpha, beta);

        static void Forms<T>(double alpha, double beta) where T : unmanaged, IFloatingPointIeee754<T>
        {
            const int m = 16, n = 17, k = 15;
            T al = T.CreateTruncating(alpha), be = T.CreateTruncating(beta);
            var a = Data<T>(m * k, 4);
            var bt = Data<T>(n * k, 5); // Bᵀ stored: B is its transposed view
            var c0 = Data<T>(m * n, 6);
            var expected = GemmDefinition(false, true, m, n, k, alpha, a, k, bt, k, beta, c0, n);
            string what = $"{typeof(T).Name} α={alpha} β={beta}";

            var c = new Matrix<T>(m, n, (T[])c0.Clone());
            Blas.Gemm(al, new Matrix<T>(m, k, a), new Matrix<T>(n, k, bt).Transpose(), be, c);
            var got = c.ToArray();
            for (int p = 0; p < got.Length; p++) Same(expected[p], D(got[p]), $"Matrix {what} [{p}]");

            // C as a transposed view: computed as Cᵀ = BᵀAᵀ into its storage.
            var storedCt = new T[n * m];
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++) storedCt[j * m + i] = c0[i * n + j];
            var cv = new Matrix<T>(n, m, storedCt).Transpose();
            Blas.Gemm<T>(al, new Matrix<T>(m, k, a), new Matrix<T>(n, k, bt).Transpose(), be, cv);
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++) Same(expected[i * n + j], D(cv[i, j]), $"generic Matrix, C transposed, {what} [{i},{j}]");

            var ct = (T[])c0.Clone();
            Blas.Gemm<T>(al, new ReadOnlyTensorSpan<T>(a, 0, [m, k], [k, 1]), new ReadOnlyTensorSpan<T>(bt, 0, [k, n], [1, k]), be, new TensorSpan<T>(ct, 0, [m, n], [n, 1]));
            for (int p = 0; p < ct.Length; p++) Same(expected[p], D(ct[p]), $"tensor {what} [{p}]");
        }
    }

    [Theory]
    [MemberData(nameof(Scalars))]
    public void GemmBatches_AreTheDefinition(double alpha, double beta)
    {
        Batches<double>(alpha, beta, 5, 6, 7);    // the small-product kernel
        Batches<float>(alpha, beta, 5, 6, 7);
        Batches<double>(alpha, beta, 70, 70, 70); // MKL's batch routine (it dropped a NaN α in float), the provider elsewhere
        Batches<float>(alpha, beta, 70, 70, 70);

        static void Batches<T>(double alpha, double beta, int m, int n, int k) where T : unmanaged, IFloatingPointIeee754<T>
        {
            const int count = 2;
            T al = T.CreateTruncating(alpha), be = T.CreateTruncating(beta);
            var a = Data<T>(count * m * k, 7);
            var b = Data<T>(count * k * n, 8);
            var c0 = Data<T>(count * m * n, 9);
            var c = (T[])c0.Clone();
            Blas.GemmStridedBatched(Transpose.None, Transpose.None, m, n, k, al, a, k, m * k, b, n, k * n, be, c, n, m * n, count);
            var la = new List<Matrix<T>>(); var lb = new List<Matrix<T>>(); var lc = new List<Matrix<T>>();
            for (int i = 0; i < count; i++)
            {
                la.Add(new Matrix<T>(m, k, a[(i * m * k)..((i + 1) * m * k)]));
                lb.Add(new Matrix<T>(k, n, b[(i * k * n)..((i + 1) * k * n)]));
                lc.Add(new Matrix<T>(m, n, c0[(i * m * n)..((i + 1) * m * n)]));
            }
            Blas.GemmBatched(al, la, lb, be, lc);
            for (int i = 0; i < count; i++)
            {
                var expected = GemmDefinition(false, false, m, n, k, alpha, la[i].ToArray(), k, lb[i].ToArray(), n, beta, c0[(i * m * n)..((i + 1) * m * n)], n);
                var list = lc[i].ToArray();
                for (int p = 0; p < m * n; p++)
                {
                    string what = $"{typeof(T).Name} {m}×{n}×{k} α={alpha} β={beta} product {i} [{p}]";
                    Same(expected[p], D(c[i * m * n + p]), "strided " + what);
                    Same(expected[p], D(list[p]), "list " + what);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Scalars))]
    public void Gemv_IsTheDefinition(double alpha, double beta)
    {
        Check<double>(alpha, beta, 4, 5);
        Check<float>(alpha, beta, 4, 5);
        Check<double>(alpha, beta, 33, 40);
        Check<float>(alpha, beta, 33, 40);

        static void Check<T>(double alpha, double beta, int m, int n) where T : unmanaged, IFloatingPointIeee754<T>
        {
            foreach (bool trans in new[] { false, true })
            {
                int lda = n + 1, lenX = trans ? m : n, lenY = trans ? n : m;
                var a = Data<T>(m * lda, 10);
                var x = Data<T>(2 * lenX, 11);
                var y0 = Data<T>(2 * lenY, 12);
                var y = (T[])y0.Clone();
                Blas.Gemv(trans ? Transpose.Transposed : Transpose.None, m, n, T.CreateTruncating(alpha), a, lda, x, 2, T.CreateTruncating(beta), y, 2);
                for (int i = 0; i < lenY; i++)
                {
                    double s = 0;
                    for (int p = 0; p < lenX; p++) s += D(trans ? a[p * lda + i] : a[i * lda + p]) * D(x[2 * p]);
                    Same(Definition(alpha, s, beta, D(y0[2 * i])), D(y[2 * i]), $"{typeof(T).Name} gemv trans={trans} {m}×{n} α={alpha} β={beta} y[{i}]");
                    Same(D(y0[2 * i + 1]), D(y[2 * i + 1]), "gap");
                }
            }

            // Matrix form with a transposed view.
            var am = Data<T>(m * n, 13);
            var xm = Data<T>(m, 14);
            var ym0 = Data<T>(n, 15);
            var ym = (T[])ym0.Clone();
            Blas.Gemv<T>(T.CreateTruncating(alpha), new Matrix<T>(m, n, am).Transpose(), xm, T.CreateTruncating(beta), ym);
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int i = 0; i < m; i++) s += D(am[i * n + j]) * D(xm[i]);
                Same(Definition(alpha, s, beta, D(ym0[j])), D(ym[j]), $"{typeof(T).Name} Matrix gemv α={alpha} β={beta} y[{j}]");
            }
        }
    }

    [Fact]
    public void Gemv_AuditCases()
    {
        // α = ∞, A = [1 0; 0 0], x = [1, 1]: Ax = [1, 0], so [∞, NaN]; OpenBLAS gave [NaN, NaN] (αx first).
        var y = new double[2];
        Blas.Gemv(Transpose.None, 2, 2, double.PositiveInfinity, [1.0, 0, 0, 0], 2, [1.0, 1], 1, 0.0, y, 1);
        Same(double.PositiveInfinity, y[0], "y[0]"); Same(double.NaN, y[1], "y[1]");
        // Transposed with x = [1, 0]: Aᵀx = [1, 1], so [∞, ∞]; the managed provider scaled xᵢ by α (∞·0 = NaN).
        var yt = new double[2];
        Blas.Gemv(Transpose.Transposed, 2, 2, double.PositiveInfinity, [1.0, 1, 1, 1], 2, [1.0, 0], 1, 0.0, yt, 1);
        Same(double.PositiveInfinity, yt[0], "yᵀ[0]"); Same(double.PositiveInfinity, yt[1], "yᵀ[1]");
        // β = NaN: OpenBLAS's sgemv gave 96 (= 16·2·3) instead of NaN.
        const int n = 16;
        var yf = TestValues.Filled(n, 1f);
        Blas.Gemv(Transpose.None, n, n, 1f, TestValues.Filled(n * n, 2f), n, TestValues.Filled(n, 3f), 1, float.NaN, yf, 1);
        Assert.All(yf, v => Assert.True(float.IsNaN(v), $"sgemv β = NaN gave {v}"));
    }

    [Theory]
    [MemberData(nameof(Scalars))]
    public void Ger_IsTheDefinition(double alpha, double beta)
    {
        _ = beta; // GER has no β: the same α values
        Check<double>(alpha, 5, 6);
        Check<float>(alpha, 5, 6);
        Check<double>(alpha, 30, 33);
        Check<float>(alpha, 30, 33);

        static void Check<T>(double alpha, int m, int n) where T : unmanaged, IFloatingPointIeee754<T>
        {
            int lda = n + 2;
            var x = Data<T>(2 * m, 16);
            var y = Data<T>(n, 17);
            var a0 = Data<T>(m * lda, 18);
            var a = (T[])a0.Clone();
            Blas.Ger(m, n, T.CreateTruncating(alpha), x, 2, y, 1, a, lda);
            for (int i = 0; i < m; i++)
                for (int j = 0; j < lda; j++)
                    Same(j < n ? D(a0[i * lda + j]) + alpha * (D(x[2 * i]) * D(y[j])) : D(a0[i * lda + j]), D(a[i * lda + j]), $"{typeof(T).Name} ger {m}×{n} α={alpha} A[{i},{j}]");

            // Matrix form on a transposed view.
            var stored = Data<T>(n * m, 19);
            var view = new Matrix<T>(n, m, (T[])stored.Clone()).Transpose();
            var xm = Data<T>(m, 20);
            Blas.Ger<T>(T.CreateTruncating(alpha), xm, y, view);
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++)
                    Same(D(stored[j * m + i]) + alpha * (D(xm[i]) * D(y[j])), D(view[i, j]), $"{typeof(T).Name} Matrix ger α={alpha} A[{i},{j}]");
        }
    }

    [Fact]
    public void Ger_AuditCase()
    {
        // α = ∞, x = [1, 0], y = [1, 0] into zeros: α·(xᵢyⱼ) = [∞, NaN; NaN, NaN]; MKL gave [∞, NaN; 0, 0].
        var a = new double[4];
        Blas.Ger(2, 2, double.PositiveInfinity, [1.0, 0], 1, [1.0, 0], 1, a, 2);
        Same(double.PositiveInfinity, a[0], "A[0,0]");
        for (int p = 1; p < 4; p++) Same(double.NaN, a[p], $"A[{p / 2},{p % 2}]");
    }

    [Theory]
    [MemberData(nameof(Scalars))]
    public void Syrk_IsTheDefinition(double alpha, double beta)
    {
        Check<double>(alpha, beta, 5, 4);
        Check<float>(alpha, beta, 5, 4);
        Check<double>(alpha, beta, 40, 40);
        Check<float>(alpha, beta, 40, 40);

        static void Check<T>(double alpha, double beta, int n, int k) where T : unmanaged, IFloatingPointIeee754<T>
        {
            T al = T.CreateTruncating(alpha), be = T.CreateTruncating(beta);
            foreach (bool upper in new[] { false, true })
                foreach (bool trans in new[] { false, true })
                {
                    int lda = (trans ? n : k) + 1, ldc = n + 2;
                    var a = Data<T>((trans ? k : n) * lda, 21);
                    var c0 = Data<T>(n * ldc, 22);
                    var c = (T[])c0.Clone();
                    Blas.Syrk(upper ? Triangle.Upper : Triangle.Lower, trans ? Transpose.Transposed : Transpose.None, n, k, al, a, lda, be, c, ldc);
                    var tensor = (T[])c0.Clone();
                    if (!trans) Blas.Syrk<T>(upper ? Triangle.Upper : Triangle.Lower, al, new ReadOnlyTensorSpan<T>(a, 0, [n, k], [lda, 1]), be, new TensorSpan<T>(tensor, 0, [n, n], [ldc, 1]));
                    var matrix = new Matrix<T>(n, n);
                    for (int i = 0; i < n; i++)
                        for (int j = 0; j < n; j++) matrix[i, j] = c0[i * ldc + j];
                    // The Matrix form: op(A) as a Matrix (trans: a transposed view of the stored k×n A).
                    int rows = trans ? k : n, cols = trans ? n : k;
                    var packed = new T[rows * cols];
                    for (int r = 0; r < rows; r++)
                        for (int q = 0; q < cols; q++) packed[r * cols + q] = a[r * lda + q];
                    var am = new Matrix<T>(rows, cols, packed);
                    Blas.Syrk(upper ? Triangle.Upper : Triangle.Lower, al, trans ? am.Transpose() : am, be, matrix);
                    for (int i = 0; i < n; i++)
                        for (int j = 0; j < ldc; j++)
                        {
                            bool inside = j < n && (upper ? j >= i : j <= i);
                            double expected = D(c0[i * ldc + j]);
                            if (inside)
                            {
                                double s = 0;
                                for (int p = 0; p < k; p++)
                                    s += D(trans ? a[p * lda + i] : a[i * lda + p]) * D(trans ? a[p * lda + j] : a[j * lda + p]);
                                expected = Definition(alpha, s, beta, expected);
                            }
                            string what = $"{typeof(T).Name} syrk upper={upper} trans={trans} n={n} k={k} α={alpha} β={beta} C[{i},{j}]";
                            Same(expected, D(c[i * ldc + j]), what);
                            if (!trans) Same(expected, D(tensor[i * ldc + j]), "tensor " + what);
                            if (inside) Same(expected, D(matrix[i, j]), "Matrix " + what);
                        }
                }
        }
    }

    [Fact]
    public void Syrk_AuditCases()
    {
        // OpenBLAS's ssyrk with β = NaN gave 64 (= 16·2·2); MKL's with α = NaN at n = 40 gave 160.
        foreach (int n in new[] { 16, 40 })
        {
            var a = TestValues.Filled(n * n, 2f);
            var c = TestValues.Filled(n * n, 1f);
            Blas.Syrk(Triangle.Upper, Transpose.None, n, n, 1f, a, n, float.NaN, c, n);
            for (int i = 0; i < n; i++) Assert.True(float.IsNaN(c[i * n + n - 1]), $"ssyrk β = NaN, n = {n}: {c[i * n + n - 1]}");
            var d = new float[n * n];
            Blas.Syrk(Triangle.Upper, Transpose.None, n, n, float.NaN, a, n, 0f, d, n);
            for (int i = 0; i < n; i++) Assert.True(float.IsNaN(d[i * n + n - 1]), $"ssyrk α = NaN, n = {n}: {d[i * n + n - 1]}");
        }
    }

    [Fact]
    public void NonFinitePath_AllocatesNothingPerCall()
    {
        // Its scratch (a gathered column, the sums of a transposed operand) comes from the shared pool.
        const int n = 24;
        var a = Data<double>(n * n, 23);
        var b = Data<double>(n * n, 24);
        var c = new double[n * n];
        var x = Data<float>(n, 25);
        var y = new float[n];
        var af = Data<float>(n * n, 26);
        void Calls()
        {
            Blas.Gemm(Transpose.Transposed, Transpose.None, n, n, n, double.PositiveInfinity, a, n, b, n, double.NaN, c, n);
            Blas.Gemv(Transpose.Transposed, n, n, 1f, af, n, x, 1, float.NegativeInfinity, y, 1);
            Blas.Syrk(Triangle.Lower, Transpose.Transposed, n, n, double.NaN, a, n, 0.0, c, n);
            Blas.Ger(n, n, float.PositiveInfinity, x, 1, x, 1, af, n);
        }
        Assert.Equal(0, AllocationCount.Of(Calls));
    }

    [Fact]
    public void QuickReturnsStay_KZeroAndAlphaZero()
    {
        // k = 0: βC whatever α (the empty product contributes nothing, as BLAS's quick return); α = 0: A and B not read.
        var c = new[] { 1.0, 0, -2, 3 };
        Blas.Gemm(Transpose.None, Transpose.None, 2, 2, 0, double.NaN, [], 1, [], 2, 2.0, c, 2);
        Assert.Equal([2.0, 0, -4, 6], c);
        var c2 = new[] { 1.0, 0, -2, 3 };
        Blas.Gemm(Transpose.None, Transpose.None, 2, 2, 1, 0.0, [double.NaN, double.NaN], 1, [double.PositiveInfinity, 1], 2, double.PositiveInfinity, c2, 2);
        Same(double.PositiveInfinity, c2[0], "β=∞ · 1"); Same(double.NaN, c2[1], "β=∞ · 0"); Same(double.NegativeInfinity, c2[2], "β=∞ · −2");
        var a = new[] { 5.0 };
        Blas.Ger(1, 1, 0.0, [double.NaN], 1, [1.0], 1, a, 1);
        Assert.Equal(5.0, a[0]);
        var y = new[] { 0.0, 1 };
        Blas.Gemv(Transpose.None, 2, 0, double.NaN, [], 1, [], 1, double.NegativeInfinity, y, 1);
        Same(double.NaN, y[0], "β=−∞ · 0"); Same(double.NegativeInfinity, y[1], "β=−∞ · 1");
    }
}
