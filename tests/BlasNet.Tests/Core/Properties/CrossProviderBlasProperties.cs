using System.Numerics;
using static BlasNet.Tests.Core.Properties.IeeeReference;

namespace BlasNet.Tests.Core.Properties;

/// <summary>
/// Property-based cross-provider suite for BLAS levels 1–3 (issue #9): random shapes, increments,
/// transposes, leading dimensions and NaN/∞ placements; every provider must give the documented
/// result, compared with plain double-precision loops. NaN semantics checked here:
/// IEEE propagation; α = 0 is BLAS's quick return (A, B, x not read: NaN there does not reach the
/// result; axpy and ger leave their output alone); β = 0 does not read C or y (NaN there is
/// overwritten); a NaN or ±∞ α or β gives the definition α·s + β·c element by element (s the element's sum of
/// products; ger: α·(xᵢyⱼ); trsm: the solve of αB); scal is IEEE for every α (0·NaN = 0·∞ = NaN); iamax returns the first NaN, else
/// the first largest |xᵢ|; nrm2 is NaN when any xᵢ is NaN, else +∞ when any is infinite; the
/// elements outside an operand (stride gaps, leading-dimension padding, the other triangle, a unit
/// diagonal) are neither read nor written.
/// </summary>
public class CrossProviderBlasProperties
{
    [Fact] public void Level1_Double() => PropertyRunner.Check(Level1<double>);
    [Fact] public void Level1_Float() => PropertyRunner.Check(Level1<float>);
    [Fact] public void Gemv_Double() => PropertyRunner.Check(Gemv<double>);
    [Fact] public void Gemv_Float() => PropertyRunner.Check(Gemv<float>);
    [Fact] public void Ger_Double() => PropertyRunner.Check(Ger<double>);
    [Fact] public void Ger_Float() => PropertyRunner.Check(Ger<float>);
    [Fact] public void Trsv_Double() => PropertyRunner.Check(Trsv<double>);
    [Fact] public void Trsv_Float() => PropertyRunner.Check(Trsv<float>);
    [Fact] public void Gemm_Double() => PropertyRunner.Check(Gemm<double>);
    [Fact] public void Gemm_Float() => PropertyRunner.Check(Gemm<float>);
    [Fact] public void Syrk_Double() => PropertyRunner.Check(Syrk<double>);
    [Fact] public void Syrk_Float() => PropertyRunner.Check(Syrk<float>);
    [Fact] public void Trsm_Double() => PropertyRunner.Check(Trsm<double>);
    [Fact] public void Trsm_Float() => PropertyRunner.Check(Trsm<float>);
    [Fact] public void MatrixGemm_Double() => PropertyRunner.Check(MatrixGemm<double>);
    [Fact] public void MatrixGemm_Float() => PropertyRunner.Check(MatrixGemm<float>);
    [Fact] public void MatrixSolves_Double() => PropertyRunner.Check(MatrixSolves<double>);
    [Fact] public void MatrixSolves_Float() => PropertyRunner.Check(MatrixSolves<float>);

    private static void Level1<T>(Draw d) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = d.Size(8, 70), incX = d.Int(1, 3), incY = d.Int(1, 3);
        var rng = d.Data();
        double eps = Epsilon<T>();
        var xt = To<T>(Vector(d, rng, n, incX, InputGap, d.Specials()));
        var yt = To<T>(Vector(d, rng, n, incY, OutputGap, d.Specials()));
        double[] x = Back(xt), y = Back(yt);
        string at = $"n={n} incX={incX} incY={incY} x=[{string.Join(", ", x)}] y=[{string.Join(", ", y)}]";

        var (dot, dotMag) = NaiveBlas.Dot(n, x, incX, y, incY);
        Element(dot, double.CreateTruncating(Blas.Dot(n, xt, incX, yt, incY)), dotMag, n, eps, $"dot {at}");
        Element(NaiveBlas.Asum(n, x, incX), double.CreateTruncating(Blas.Asum(n, xt, incX)), NaiveBlas.Asum(n, x, incX), n, eps, $"asum {at}");
        double nrm2 = Enumerable.Range(0, n).Any(i => double.IsNaN(x[i * incX])) ? double.NaN
            : Enumerable.Range(0, n).Any(i => double.IsInfinity(x[i * incX])) ? double.PositiveInfinity : NaiveBlas.Nrm2(n, x, incX);
        Element(nrm2, double.CreateTruncating(Blas.Nrm2(n, xt, incX)), nrm2, n, eps, $"nrm2 {at}");
        int firstNaN = Enumerable.Range(0, n).FirstOrDefault(i => double.IsNaN(x[i * incX]), -1);
        Assert.True((firstNaN >= 0 ? firstNaN : NaiveBlas.Iamax(n, x, incX)) == Blas.Iamax(n, xt, incX), $"iamax {at}: got {Blas.Iamax(n, xt, incX)}");

        // axpy: α = 0 is the quick return (y untouched, NaN in x included).
        double alpha = d.Pick(0.0, 1.0, -0.5, Math.Round(4 * rng.NextDouble() - 2, 3), double.NaN, double.PositiveInfinity);
        var ya = (T[])yt.Clone();
        Blas.Axpy(n, T.CreateTruncating(alpha), xt, incX, ya, incY);
        for (int i = 0; i < n; i++)
        {
            double e = alpha == 0 ? y[i * incY] : double.CreateTruncating(T.CreateTruncating(alpha)) * x[i * incX] + y[i * incY];
            Element(e, double.CreateTruncating(ya[i * incY]), Math.Abs(alpha * x[i * incX]) + Math.Abs(y[i * incY]), 1, eps, $"axpy α={alpha} element {i} {at}");
        }
        Untouched(y, Back(ya), i => !InVector(i, n, incY), $"axpy gaps {at}");

        // scal: IEEE for every α, zero and non-finite ones included.
        double s = d.Pick(0.0, -0.0, 2.0, -0.75, double.NaN, double.PositiveInfinity, double.NegativeInfinity);
        var ys = (T[])yt.Clone();
        Blas.Scal(n, T.CreateTruncating(s), ys, incY);
        for (int i = 0; i < n; i++)
            Element(s * y[i * incY], double.CreateTruncating(ys[i * incY]), Math.Abs(s * y[i * incY]), 0, eps, $"scal α={s} element {i} {at}");
        Untouched(y, Back(ys), i => !InVector(i, n, incY), $"scal gaps {at}");

        // copy and swap: bit for bit, NaN and ∞ included; gaps untouched.
        var yc = (T[])yt.Clone();
        Blas.Copy(n, xt, incX, yc, incY);
        for (int i = 0; i < n; i++) Assert.True(x[i * incX].Equals(double.CreateTruncating(yc[i * incY])), $"copy element {i} {at}");
        Untouched(y, Back(yc), i => !InVector(i, n, incY), $"copy gaps {at}");
        var xw = (T[])xt.Clone();
        var yw = (T[])yt.Clone();
        Blas.Swap(n, xw, incX, yw, incY);
        for (int i = 0; i < n; i++)
        {
            Assert.True(x[i * incX].Equals(double.CreateTruncating(yw[i * incY])), $"swap into y element {i} {at}");
            Assert.True(y[i * incY].Equals(double.CreateTruncating(xw[i * incX])), $"swap into x element {i} {at}");
        }
        Untouched(y, Back(yw), i => !InVector(i, n, incY), $"swap y gaps {at}");
        Untouched(x, Back(xw), i => !InVector(i, n, incX), $"swap x gaps {at}");
    }

    private static void Gemv<T>(Draw d) where T : unmanaged, IFloatingPointIeee754<T>
    {
        bool trans = d.Bool();
        int m = d.Size(7, 40), n = d.Size(7, 40), lda = n + d.Int(0, 3), incX = d.Int(1, 3), incY = d.Int(1, 3);
        lda = Math.Max(1, lda);
        var rng = d.Data();
        int lenX = trans ? m : n, lenY = trans ? n : m;
        var at = To<T>(Matrix(rng, m, n, lda, InputGap, d.Specials()));
        var xt = To<T>(Vector(d, rng, lenX, incX, InputGap, d.Specials()));
        var yt = To<T>(Vector(d, rng, lenY, incY, OutputGap, d.Specials()));
        double alpha = Scalar(d, rng), beta = Scalar(d, rng);
        double ar = double.CreateTruncating(T.CreateTruncating(alpha)), br = double.CreateTruncating(T.CreateTruncating(beta));
        double[] a = Back(at), x = Back(xt), y = Back(yt), expected = (double[])y.Clone(), bound;
        if (ar == 0 || lenX == 0)
        {
            bound = new double[lenY];
            for (int i = 0; i < lenY; i++) { double old = y[i * incY]; expected[i * incY] = br == 0 ? 0 : br * old; bound[i] = Math.Abs(br * old); }
        }
        else bound = NaiveBlas.Gemv(trans, m, n, ar, a, lda, x, incX, br, expected, incY);
        // A NaN or ±∞ α or β (and α ≠ 0, a sum to scale): checked against the definition α·s + β·y with s's rounding in view.
        bool defined = ar != 0 && lenX > 0 && !(double.IsFinite(ar) && double.IsFinite(br));
        var sums = new double[y.Length];
        var magnitudes = defined ? NaiveBlas.Gemv(trans, m, n, 1, a, lda, x, incX, 0, sums, incY) : bound;
        string what = $"gemv trans={trans} m={m} n={n} lda={lda} incX={incX} incY={incY} α={ar} β={br}";
        Blas.Gemv(trans ? Transpose.Transposed : Transpose.None, m, n, T.CreateTruncating(alpha), at, lda, xt, incX, T.CreateTruncating(beta), yt, incY);
        var got = Back(yt);
        for (int i = 0; i < lenY; i++)
            if (defined) DefinedElement(ar, sums[i * incY], magnitudes[i], br, y[i * incY], got[i * incY], lenX, Epsilon<T>(), $"{what} y[{i}]");
            else Element(expected[i * incY], got[i * incY], bound[i], lenX, Epsilon<T>(), $"{what} y[{i}]");
        Untouched(y, got, i => !InVector(i, lenY, incY), what);
    }

    private static void Ger<T>(Draw d) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int m = d.Size(7, 30), n = d.Size(7, 30), lda = Math.Max(1, n + d.Int(0, 3)), incX = d.Int(1, 3), incY = d.Int(1, 3);
        var rng = d.Data();
        var at = To<T>(Matrix(rng, m, n, lda, OutputGap, d.Specials()));
        var xt = To<T>(Vector(d, rng, m, incX, InputGap, d.Specials()));
        var yt = To<T>(Vector(d, rng, n, incY, InputGap, d.Specials()));
        double alpha = double.CreateTruncating(T.CreateTruncating(Scalar(d, rng)));
        double[] a = Back(at), x = Back(xt), y = Back(yt), expected = (double[])a.Clone();
        if (alpha != 0) NaiveBlas.Ger(m, n, alpha, x, incX, y, incY, expected, lda);
        string what = $"ger m={m} n={n} lda={lda} incX={incX} incY={incY} α={alpha}";
        Blas.Ger(m, n, T.CreateTruncating(alpha), xt, incX, yt, incY, at, lda);
        var got = Back(at);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
                Element(expected[i * lda + j], got[i * lda + j], Math.Abs(a[i * lda + j]) + Math.Abs(alpha * x[i * incX] * y[j * incY]), 1, Epsilon<T>(), $"{what} A[{i},{j}]");
        Untouched(a, got, i => !InMatrix(i, n, lda), what);
    }

    /// <summary>op(T) x = b by substitution in double, on the triangle only (the reference for trsv and trsm).</summary>
    private static void Substitute(double[] a, int lda, bool upper, bool trans, bool unit, int n, Func<int, double> b, Action<int, double> set, Func<int, double> get)
    {
        bool lowerOp = upper == trans; // op(A) lower triangular: forward substitution
        for (int s = 0; s < n; s++)
        {
            int i = lowerOp ? s : n - 1 - s;
            double sum = b(i);
            int lo = lowerOp ? 0 : i + 1, hi = lowerOp ? i : n;
            for (int j = lo; j < hi; j++) sum -= NaiveBlas.Triangular(a, lda, upper, trans, unit, i, j) * get(j);
            set(i, unit ? sum : sum / NaiveBlas.Triangular(a, lda, upper, trans, unit, i, i));
        }
    }

    private static void Trsv<T>(Draw d) where T : unmanaged, IFloatingPointIeee754<T>
    {
        bool upper = d.Bool(), trans = d.Bool(), unit = d.Bool();
        int n = d.Size(7, 40), lda = Math.Max(1, n + d.Int(0, 3)), incX = d.Int(1, 3);
        var rng = d.Data();
        // NaN (not ∞) in A: ∞ on a diagonal gives 0·∞ in one algorithm and ∞/∞ in another.
        var at = To<T>(Triangular(rng, n, lda, upper, unit, Math.Min(1, d.Specials())));
        var xt = To<T>(Vector(d, rng, n, incX, OutputGap, d.Specials()));
        double[] a = Back(at), x = Back(xt), expected = (double[])x.Clone();
        Substitute(a, lda, upper, trans, unit, n, i => x[i * incX], (i, v) => expected[i * incX] = v, i => expected[i * incX]);
        string what = $"trsv upper={upper} trans={trans} unit={unit} n={n} lda={lda} incX={incX}; A non-finite: {NonFinite(a, lda, (i, j) => i < n && j < n && (upper ? j > i : j < i) || (i == j && !unit))}; x non-finite: {NonFinite(x, 1)}";
        Blas.Trsv(upper ? Triangle.Upper : Triangle.Lower, trans ? Transpose.Transposed : Transpose.None, unit ? Diagonal.Unit : Diagonal.NonUnit, n, at, lda, xt, incX);
        var got = Back(xt);
        double scale = Enumerable.Range(0, n).Select(i => Math.Abs(expected[i * incX])).Where(double.IsFinite).DefaultIfEmpty(0).Max();
        for (int i = 0; i < n; i++) SolveElement(expected[i * incX], got[i * incX], 64 * (n + 1) * Epsilon<T>() * Math.Max(1, scale), $"{what} x[{i}]");
        Untouched(x, got, i => !InVector(i, n, incX), what);
    }

    private static void Gemm<T>(Draw d) where T : unmanaged, IFloatingPointIeee754<T>
    {
        bool ta = d.Bool(), tb = d.Bool();
        int m = d.Size(), n = d.Size(), k = d.Size();
        int aRows = ta ? k : m, aCols = ta ? m : k, bRows = tb ? n : k, bCols = tb ? k : n;
        int lda = Math.Max(1, aCols + d.Int(0, 3)), ldb = Math.Max(1, bCols + d.Int(0, 3)), ldc = Math.Max(1, n + d.Int(0, 3));
        var rng = d.Data();
        var at = To<T>(Matrix(rng, aRows, aCols, lda, InputGap, d.Specials()));
        var bt = To<T>(Matrix(rng, bRows, bCols, ldb, InputGap, d.Specials()));
        var ct = To<T>(Matrix(rng, m, n, ldc, OutputGap, d.Specials()));
        double alpha = double.CreateTruncating(T.CreateTruncating(Scalar(d, rng))), beta = double.CreateTruncating(T.CreateTruncating(Scalar(d, rng)));
        double[] a = Back(at), b = Back(bt), c = Back(ct), expected = (double[])c.Clone(), bound;
        if (alpha == 0 || k == 0)
        {
            bound = new double[c.Length];
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++) { double old = c[i * ldc + j]; expected[i * ldc + j] = beta == 0 ? 0 : beta * old; bound[i * ldc + j] = Math.Abs(beta * old); }
        }
        else bound = NaiveBlas.Gemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, expected, ldc);
        bool defined = alpha != 0 && k > 0 && !(double.IsFinite(alpha) && double.IsFinite(beta));
        var sums = new double[c.Length];
        var magnitudes = defined ? NaiveBlas.Gemm(ta, tb, m, n, k, 1, a, lda, b, ldb, 0, sums, ldc) : bound;
        string what = $"gemm ta={ta} tb={tb} m={m} n={n} k={k} lda={lda} ldb={ldb} ldc={ldc} α={alpha} β={beta}";
        Blas.Gemm(ta ? Transpose.Transposed : Transpose.None, tb ? Transpose.Transposed : Transpose.None, m, n, k, T.CreateTruncating(alpha), at, lda, bt, ldb, T.CreateTruncating(beta), ct, ldc);
        var got = Back(ct);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                int p = i * ldc + j;
                if (defined) DefinedElement(alpha, sums[p], magnitudes[p], beta, c[p], got[p], k, Epsilon<T>(), $"{what} C[{i},{j}]");
                else Element(expected[p], got[p], bound[p], k, Epsilon<T>(), $"{what} C[{i},{j}]");
            }
        Untouched(c, got, i => !InMatrix(i, n, ldc), what);
    }

    private static void Syrk<T>(Draw d) where T : unmanaged, IFloatingPointIeee754<T>
    {
        bool upper = d.Bool(), trans = d.Bool();
        int n = d.Size(), k = d.Size();
        int aRows = trans ? k : n, aCols = trans ? n : k;
        int lda = Math.Max(1, aCols + d.Int(0, 3)), ldc = Math.Max(1, n + d.Int(0, 3));
        var rng = d.Data();
        var at = To<T>(Matrix(rng, aRows, aCols, lda, InputGap, d.Specials()));
        var ct = To<T>(Matrix(rng, n, n, ldc, OutputGap, d.Specials()));
        double alpha = double.CreateTruncating(T.CreateTruncating(Scalar(d, rng))), beta = double.CreateTruncating(T.CreateTruncating(Scalar(d, rng)));
        double[] a = Back(at), c = Back(ct), expected = (double[])c.Clone(), bound;
        bool InTriangle(int i, int j) => upper ? j >= i : j <= i;
        if (alpha == 0 || k == 0)
        {
            bound = new double[c.Length];
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                    if (InTriangle(i, j)) { double old = c[i * ldc + j]; expected[i * ldc + j] = beta == 0 ? 0 : beta * old; bound[i * ldc + j] = Math.Abs(beta * old); }
        }
        else bound = NaiveBlas.Syrk(upper, trans, n, k, alpha, a, lda, beta, expected, ldc);
        bool defined = alpha != 0 && k > 0 && !(double.IsFinite(alpha) && double.IsFinite(beta));
        var sums = new double[c.Length];
        var magnitudes = defined ? NaiveBlas.Syrk(upper, trans, n, k, 1, a, lda, 0, sums, ldc) : bound;
        string what = $"syrk upper={upper} trans={trans} n={n} k={k} lda={lda} ldc={ldc} α={alpha} β={beta}";
        Blas.Syrk(upper ? Triangle.Upper : Triangle.Lower, trans ? Transpose.Transposed : Transpose.None, n, k, T.CreateTruncating(alpha), at, lda, T.CreateTruncating(beta), ct, ldc);
        var got = Back(ct);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                int p = i * ldc + j;
                if (!InTriangle(i, j)) continue;
                if (defined) DefinedElement(alpha, sums[p], magnitudes[p], beta, c[p], got[p], k, Epsilon<T>(), $"{what} C[{i},{j}]");
                else Element(expected[p], got[p], bound[p], k, Epsilon<T>(), $"{what} C[{i},{j}]");
            }
        // The other triangle and the padding are not touched (NaN there stays the same NaN).
        Untouched(c, got, p => p % ldc >= n || !InTriangle(p / ldc, p % ldc), what);
    }

    private static void Trsm<T>(Draw d) where T : unmanaged, IFloatingPointIeee754<T>
    {
        bool left = d.Bool(), upper = d.Bool(), trans = d.Bool(), unit = d.Bool();
        int m = d.Size(), n = d.Size(), order = left ? m : n;
        int lda = Math.Max(1, order + d.Int(0, 3)), ldb = Math.Max(1, n + d.Int(0, 3));
        var rng = d.Data();
        var at = To<T>(Triangular(rng, order, lda, upper, unit, Math.Min(1, d.Specials())));
        var bt = To<T>(Matrix(rng, m, n, ldb, OutputGap, d.Specials()));
        double alpha = double.CreateTruncating(T.CreateTruncating(Scalar(d, rng)));
        double[] a = Back(at), b = Back(bt), expected = (double[])b.Clone();
        if (alpha == 0)
        {
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++) expected[i * ldb + j] = 0; // A and B not read: NaN there does not survive
        }
        else if (left)
        {
            for (int j = 0; j < n; j++) // each column of X solves op(A) x = α b
                Substitute(a, lda, upper, trans, unit, m, i => alpha * b[i * ldb + j], (i, v) => expected[i * ldb + j] = v, i => expected[i * ldb + j]);
        }
        else
        {
            for (int i = 0; i < m; i++) // each row x of X solves x op(A) = α b, i.e. op(A)ᵀ xᵀ = α bᵀ
                Substitute(a, lda, upper, !trans, unit, n, j => alpha * b[i * ldb + j], (j, v) => expected[i * ldb + j] = v, j => expected[i * ldb + j]);
        }
        string what = $"trsm left={left} upper={upper} trans={trans} unit={unit} m={m} n={n} lda={lda} ldb={ldb} α={alpha}; A non-finite: {NonFinite(a, lda, (i, j) => i < order && j < order && (upper ? j > i : j < i) || (i == j && !unit))}; B non-finite: {NonFinite(b, ldb)}";
        Blas.Trsm(left ? Side.Left : Side.Right, upper ? Triangle.Upper : Triangle.Lower, trans ? Transpose.Transposed : Transpose.None, unit ? Diagonal.Unit : Diagonal.NonUnit, m, n, T.CreateTruncating(alpha), at, lda, bt, ldb);
        var got = Back(bt);
        double scale = expected.Where((v, p) => InMatrix(p, n, ldb) && double.IsFinite(v)).Select(Math.Abs).DefaultIfEmpty(0).Max();
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) SolveElement(expected[i * ldb + j], got[i * ldb + j], 64 * (order + 1) * Epsilon<T>() * Math.Max(1, scale), $"{what} X[{i},{j}]");
        Untouched(b, got, p => !InMatrix(p, n, ldb), what);
    }

    private static void MatrixGemm<T>(Draw d) where T : unmanaged, IFloatingPointIeee754<T>
    {
        // The Matrix form with transposed views of A, B and C (flags, never copies).
        bool va = d.Bool(), vb = d.Bool(), vc = d.Bool();
        int m = d.Size(), n = d.Size(), k = d.Size();
        var rng = d.Data();
        Matrix<T> Make(int rows, int cols, bool view, double gap)
        {
            int sr = view ? cols : rows, sc = view ? rows : cols;
            var data = To<T>(Matrix(rng, sr, sc, Math.Max(1, sc), gap, d.Specials()));
            var stored = new Matrix<T>(sr, sc, data.Length == sr * sc ? data : new T[sr * sc]);
            return view ? stored.Transpose() : stored;
        }
        Matrix<T> a = Make(m, k, va, InputGap), b = Make(k, n, vb, InputGap), c = Make(m, n, vc, OutputGap);
        double alpha = double.CreateTruncating(T.CreateTruncating(Scalar(d, rng))), beta = double.CreateTruncating(T.CreateTruncating(Scalar(d, rng)));
        double[] sa = Back(a.ToArray()), sb = Back(b.ToArray()), sc0 = Back(c.ToArray()), expected = (double[])sc0.Clone(), bound;
        if (alpha == 0 || k == 0)
        {
            bound = new double[expected.Length];
            for (int p = 0; p < expected.Length; p++) { expected[p] = beta == 0 ? 0 : beta * sc0[p]; bound[p] = Math.Abs(beta * sc0[p]); }
        }
        else bound = NaiveBlas.Gemm(false, false, m, n, k, alpha, sa, Math.Max(1, k), sb, Math.Max(1, n), beta, expected, Math.Max(1, n));
        bool defined = alpha != 0 && k > 0 && !(double.IsFinite(alpha) && double.IsFinite(beta));
        var sums = new double[expected.Length];
        var magnitudes = defined ? NaiveBlas.Gemm(false, false, m, n, k, 1, sa, Math.Max(1, k), sb, Math.Max(1, n), 0, sums, Math.Max(1, n)) : bound;
        string what = $"matrix gemm views a={va} b={vb} c={vc} m={m} n={n} k={k} α={alpha} β={beta}";
        Blas.Gemm(T.CreateTruncating(alpha), a, b, T.CreateTruncating(beta), c);
        var got = Back(c.ToArray());
        for (int p = 0; p < expected.Length; p++)
            if (defined) DefinedElement(alpha, sums[p], magnitudes[p], beta, sc0[p], got[p], k, Epsilon<T>(), $"{what} C[{p / Math.Max(1, n)},{p % Math.Max(1, n)}]");
            else Element(expected[p], got[p], bound[p], k, Epsilon<T>(), $"{what} C[{p / Math.Max(1, n)},{p % Math.Max(1, n)}]");
    }

    private static void MatrixSolves<T>(Draw d) where T : unmanaged, IFloatingPointIeee754<T>
    {
        // The Matrix forms of trsv and trsm with transposed views of A and B: the triangle and the
        // side are flipped for the storage, so NaN in the other triangle (as seen) catches a wrong flip.
        bool left = d.Bool(), upper = d.Bool(), unit = d.Bool(), viewA = d.Bool(), viewB = d.Bool();
        int m = d.Size(), n = d.Size(), order = left ? m : n;
        var rng = d.Data();
        var seenA = Triangular(rng, order, Math.Max(1, order), upper, unit, Math.Min(1, d.Specials()));
        Matrix<T> a = viewA ? new Matrix<T>(order, order, To<T>(Transposed(seenA, order, order))).Transpose() : new Matrix<T>(order, order, To<T>(seenA));
        var seenB = Matrix(rng, m, n, Math.Max(1, n), OutputGap, d.Specials());
        Matrix<T> b = viewB ? new Matrix<T>(n, m, To<T>(Transposed(seenB, m, n))).Transpose() : new Matrix<T>(m, n, To<T>(seenB));
        double alpha = double.CreateTruncating(T.CreateTruncating(Scalar(d, rng)));
        double[] sa = Back(To<T>(seenA)), sb = Back(b.ToArray()), expected = (double[])sb.Clone();
        int ld = Math.Max(1, n);
        if (alpha == 0) Array.Clear(expected);
        else if (left)
            for (int j = 0; j < n; j++)
                Substitute(sa, Math.Max(1, order), upper, false, unit, m, i => alpha * sb[i * ld + j], (i, v) => expected[i * ld + j] = v, i => expected[i * ld + j]);
        else
            for (int i = 0; i < m; i++)
                Substitute(sa, Math.Max(1, order), upper, true, unit, n, j => alpha * sb[i * ld + j], (j, v) => expected[i * ld + j] = v, j => expected[i * ld + j]);
        string what = $"matrix trsm left={left} upper={upper} unit={unit} views a={viewA} b={viewB} m={m} n={n} α={alpha}";
        Blas.Trsm(left ? Side.Left : Side.Right, upper ? Triangle.Upper : Triangle.Lower, T.CreateTruncating(alpha), a, b, unit ? Diagonal.Unit : Diagonal.NonUnit);
        var got = Back(b.ToArray());
        double scale = expected.Where(double.IsFinite).Select(Math.Abs).DefaultIfEmpty(0).Max();
        for (int p = 0; p < expected.Length; p++) SolveElement(expected[p], got[p], 64 * (order + 1) * Epsilon<T>() * Math.Max(1, scale), $"{what} X[{p / ld},{p % ld}]");

        // trsv: A x = b for the first column of B as seen (or a fresh vector when B has none).
        if (order == 0) return;
        var x = Vector(d, rng, order, 1, 0, d.Specials());
        var xt = To<T>(x);
        x = Back(xt);
        var ex = (double[])x.Clone();
        Substitute(sa, order, upper, false, unit, order, i => x[i], (i, v) => ex[i] = v, i => ex[i]);
        Blas.Trsv(upper ? Triangle.Upper : Triangle.Lower, a, xt, unit ? Diagonal.Unit : Diagonal.NonUnit);
        double xs = ex.Where(double.IsFinite).Select(Math.Abs).DefaultIfEmpty(0).Max();
        for (int i = 0; i < order; i++) SolveElement(ex[i], double.CreateTruncating(xt[i]), 64 * (order + 1) * Epsilon<T>() * Math.Max(1, xs), $"matrix trsv upper={upper} unit={unit} view={viewA} n={order} x[{i}]");
    }

    /// <summary>The row-major cols×rows transpose of a row-major rows×cols matrix (the storage of a transposed view).</summary>
    private static double[] Transposed(double[] v, int rows, int cols)
    {
        var t = new double[rows * cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) t[j * rows + i] = v[i * cols + j];
        return t;
    }
}
