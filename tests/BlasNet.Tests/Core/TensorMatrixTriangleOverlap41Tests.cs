using System.Globalization;
using System.Numerics;
using System.Numerics.Tensors;
using System.Text.RegularExpressions;

namespace BlasNet.Tests.Core;

/// <summary>
/// The tensor-span and Matrix forms of the triangle routines count only the triangle BLAS reads (Trmm, Trsm, Symm: A's) or
/// writes (Syrk, Syr2k: C's), as the span forms do since session 40 (SymmetricTriangleOverlap40Tests): they checked whole
/// rectangles and refused an operand laid in the other triangle or on a unit diagonal, slots no provider touches.
/// Brute force over small orders, leading dimensions at the minimum and above it, every uplo/diag/side, each tensor laid
/// out plain (strides [ld, 1]) or as a transpose (strides [1, ld]); the other operand starts at every offset from before
/// the triangle operand's storage to its last slot. The triangle's elements are listed here from the definition in the
/// tensor's own indices (view [i, j] with j ≥ i upper, j ≤ i lower, without i = j when unit, at offset + i·s₀ + j·s₁), so
/// a transposed layout's mapping onto its storage's other triangle is not taken from the code under test. A call is
/// refused exactly when the other operand's elements meet them, with the written operand as ParamName and a message naming
/// two elements, in the tensors' indices, that are one slot of the triangle; otherwise it runs with NaN in every slot that
/// is neither operand's element (so in the unread triangle) and its result is compared with NaiveBlas on copies, every
/// slot outside the written elements bit-unchanged. The accepted calls the whole-rectangle check refused are counted and
/// required. The Matrix forms (an array shared whole) can only share A[0, 0]: the order-1 unit triangle reads nothing.
/// </summary>
public class TensorMatrixTriangleOverlap41Tests
{
    private const double Alpha = 0.75, Beta = 0.5;

    // ---------------- a tensor view, known by its own numbers ----------------

    private sealed record View(int Offset, int Rows, int Cols, int Ld, bool Transposed)
    {
        public int Address(int i, int j) => Offset + (Transposed ? j * Ld + i : i * Ld + j);
        public int Extent => Rows == 0 || Cols == 0 ? 0 : Transposed ? (Cols - 1) * Ld + Rows : (Rows - 1) * Ld + Cols;

        private (nint, nint) Strides() => (Rows <= 1 ? 0 : Transposed ? 1 : Ld, Cols <= 1 ? 0 : Transposed ? Ld : 1);

        public ReadOnlyTensorSpan<T> Read<T>(T[] buf) { var (s0, s1) = Strides(); return new(buf, Offset, [Rows, Cols], [s0, s1]); }
        public TensorSpan<T> Write<T>(T[] buf) { var (s0, s1) = Strides(); return new(buf, Offset, [Rows, Cols], [s0, s1]); }

        /// <summary>All elements' slots, row by row of the view.</summary>
        public int[] Elements() => Enumerable.Range(0, Rows).SelectMany(i => Enumerable.Range(0, Cols).Select(j => Address(i, j))).ToArray();

        /// <summary>The slots of the view's uplo triangle, without the diagonal when unit (the definition, in view indices).</summary>
        public HashSet<int> Triangle(bool upper, bool unit)
        {
            var set = new HashSet<int>();
            for (int i = 0; i < Rows; i++)
                for (int j = 0; j < Cols; j++)
                    if ((upper ? j >= i : j <= i) && !(unit && i == j)) set.Add(Address(i, j));
            return set;
        }

        /// <summary>The view's values, row-major compact (leading dimension Cols).</summary>
        public double[] Dense(double[] buf)
        {
            var d = new double[Rows * Cols];
            for (int i = 0; i < Rows; i++) for (int j = 0; j < Cols; j++) d[i * Cols + j] = buf[Address(i, j)];
            return d;
        }
    }

    private static View Plain(int rows, int cols, int pad, bool transposed, int offset = 0) =>
        new(offset, rows, cols, (transposed ? rows : cols) + pad, transposed);

    private static double Value(Random rng) => Math.Round(rng.NextDouble() - 0.5, 3);

    private static T[] Separate<T>(Random rng, View v, out double[] dense) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var buf = new T[v.Offset + v.Extent];
        Array.Fill(buf, T.NaN);
        foreach (int p in v.Elements()) buf[p] = T.CreateTruncating(Value(rng));
        dense = v.Dense(Array.ConvertAll(buf, e => double.CreateTruncating(e)));
        return buf;
    }

    // ---------------- the brute force ----------------

    /// <summary>
    /// One configuration: the triangle operand (view <paramref name="Tri"/>, its read or written <paramref name="Triangle"/>)
    /// and the other operand (view <paramref name="Other"/>), the other at every offset in one buffer. <paramref name="Call"/>
    /// runs the routine on the buffer with the two views; <paramref name="Expected"/> gives, from the buffer's values before
    /// the call and the two views, the expected value of every slot the call writes.
    /// </summary>
    private sealed record Setup<T>(string What, View Tri, bool Upper, bool Unit, bool TriangleWritten, View Other, string TriName, string OtherName,
        Func<bool, Random, double>? DiagonalValue, Action<T[], View, View> Call, Func<double[], View, View, Dictionary<int, double>> Expected)
        where T : unmanaged, IFloatingPointIeee754<T>;

    private sealed class Tally { public int Refused, AcceptedOldRefused, Trials; }

    private static readonly Regex Shared = new(@"element \[(\d+), (\d+)\] of (\w+) is element \[(\d+), (\d+)\] of (\w+)");

    private static void Run<T>(Setup<T> s, Random rng, double tolerance, Tally tally) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int otherExtent = s.Other.Extent, triExtent = s.Tri.Extent;
        var tri = s.Tri with { Offset = otherExtent };
        var triangle = tri.Triangle(s.Upper, s.Unit);
        var square = tri.Elements().ToHashSet();
        for (int oOff = 1; oOff < otherExtent + triExtent; oOff++)
        {
            tally.Trials++;
            var other = s.Other with { Offset = oOff };
            var oSlots = other.Elements();
            bool refuse = oSlots.Any(triangle.Contains);
            var before = new double[otherExtent + triExtent + otherExtent + 1];
            Array.Fill(before, double.NaN);
            foreach (int p in triangle)
            {
                bool diagonal = (p - tri.Offset) / tri.Ld == (p - tri.Offset) % tri.Ld; // [i, i] sits at i·(ld + 1) either way
                before[p] = s.DiagonalValue?.Invoke(diagonal, rng) ?? Value(rng);
            }
            foreach (int p in oSlots) before[p] = Value(rng);
            var buf = before.Select(v => T.CreateTruncating(v)).ToArray();
            before = Array.ConvertAll(buf, e => double.CreateTruncating(e)); // the values the call sees
            string what = $"{s.What}, {s.OtherName} at {oOff - tri.Offset} from {s.TriName}";
            string written = s.TriangleWritten ? s.TriName : s.OtherName, read = s.TriangleWritten ? s.OtherName : s.TriName;
            if (refuse)
            {
                tally.Refused++;
                var ex = Assert.Throws<ArgumentException>(() => s.Call(buf, tri, other));
                Assert.True(written == ex.ParamName, $"{what}: ParamName {ex.ParamName}: {ex.Message}");
                Assert.Contains($"{written} overlaps {read} in memory", ex.Message);
                var m = Shared.Match(ex.Message);
                Assert.True(m.Success && m.Groups[3].Value == written && m.Groups[6].Value == read, $"{what}: no element pair named: {ex.Message}");
                int r1 = Int(m, 1), c1 = Int(m, 2), r2 = Int(m, 4), c2 = Int(m, 5);
                var (wv, rv) = s.TriangleWritten ? (tri, other) : (other, tri);
                Assert.True(r1 < wv.Rows && c1 < wv.Cols && r2 < rv.Rows && c2 < rv.Cols, $"{what}: indices outside the tensors: {ex.Message}");
                Assert.True(wv.Address(r1, c1) == rv.Address(r2, c2) && triangle.Contains(wv.Address(r1, c1)),
                    $"{what}: the named elements are not one slot of {s.TriName}'s triangle: {ex.Message}");
                for (int p = 0; p < buf.Length; p++) Assert.True(double.CreateTruncating(buf[p]).Equals(before[p]), $"{what}: slot {p} written by a refused call");
                continue;
            }
            if (oSlots.Any(square.Contains)) tally.AcceptedOldRefused++; // the whole-rectangle check refused this call
            var expected = s.Expected(before, tri, other);
            s.Call(buf, tri, other);
            foreach (var (p, e) in expected)
            {
                double got = double.CreateTruncating(buf[p]);
                if (!(double.IsFinite(e))) Assert.Fail($"{what}: the reference read a NaN slot at {p}");
                if (!(double.IsFinite(got))) Assert.Fail($"{what}: slot {p} is {got}: the call read a slot BLAS does not reference");
                Assert.True(Math.Abs(got - e) <= tolerance * (1 + Math.Abs(e)), $"{what}: slot {p} is {got}, the definition gives {e}");
            }
            for (int p = 0; p < buf.Length; p++)
                if (!expected.ContainsKey(p) && !(double.CreateTruncating(buf[p]).Equals(before[p]))) Assert.Fail($"{what}: slot {p}, not written by the definition, changed from {before[p]} to {buf[p]}");
        }
    }

    private static int Int(Match m, int group) => int.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);

    private static void Done(Tally tally, string routine)
    {
        Assert.True(tally.Refused > 50, $"{routine}: only {tally.Refused} refusals in {tally.Trials} trials");
        Assert.True(tally.AcceptedOldRefused > 50, $"{routine}: only {tally.AcceptedOldRefused} accepted trials that the whole-rectangle check refused (of {tally.Trials})");
    }

    /// <summary>The written view's slots with the values of the compact row-major <paramref name="dense"/> (only where <paramref name="keep"/>).</summary>
    private static Dictionary<int, double> Slots(View v, double[] dense, Func<int, int, bool>? keep = null)
    {
        var d = new Dictionary<int, double>();
        for (int i = 0; i < v.Rows; i++) for (int j = 0; j < v.Cols; j++) if (keep is null || keep(i, j)) d[v.Address(i, j)] = dense[i * v.Cols + j];
        return d;
    }

    private static readonly bool[] Bools = [false, true];

    // ---------------- Trmm, Trsm: A's triangle read, B written ----------------

    [Fact] public void Trmm_Tensor_Double() => Triangular<double>(solve: false, 1e-12);
    [Fact] public void Trmm_Tensor_Float() => Triangular<float>(solve: false, 2e-5);
    [Fact] public void Trsm_Tensor_Double() => Triangular<double>(solve: true, 1e-11);
    [Fact] public void Trsm_Tensor_Float() => Triangular<float>(solve: true, 1e-4);

    private static void Triangular<T>(bool solve, double tolerance) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(solve ? 4101 : 4102);
        var tally = new Tally();
        foreach (bool left in Bools) foreach (bool upper in Bools) foreach (bool unit in Bools)
        foreach (bool aT in Bools) foreach (bool bT in Bools)
        foreach (int order in new[] { 1, 2, 3 }) foreach (int other in new[] { 1, 3 }) foreach (int padA in new[] { 0, 1 }) foreach (int padB in new[] { 0, 2 })
        {
            int m = left ? order : other, n = left ? other : order;
            var side = left ? Side.Left : Side.Right;
            var uplo = upper ? Triangle.Upper : Triangle.Lower;
            var diag = unit ? Diagonal.Unit : Diagonal.NonUnit;
            var setup = new Setup<T>($"{(solve ? "Trsm" : "Trmm")} {side} {uplo} {diag}, a {(aT ? "transposed" : "plain")} {order}×{order} pad {padA}, b {(bT ? "transposed" : "plain")} {m}×{n} pad {padB}",
                Plain(order, order, padA, aT), upper, unit, false, Plain(m, n, padB, bT), "a", "b",
                // A diagonal away from zero: the solves stay well conditioned.
                (diagonal, r) => diagonal ? 1 + Math.Round(r.NextDouble(), 3) : Value(r),
                (buf, a, b) =>
                {
                    if (solve)
                    {
                        if (typeof(T) == typeof(double)) Blas.Trsm(side, uplo, Alpha, a.Read((double[])(object)buf), b.Write((double[])(object)buf), diag);
                        else Blas.Trsm<T>(side, uplo, T.CreateTruncating(Alpha), a.Read(buf), b.Write(buf), diag);
                    }
                    else if (typeof(T) == typeof(float)) Blas.Trmm(side, uplo, (float)Alpha, a.Read((float[])(object)buf), b.Write((float[])(object)buf), diag);
                    else Blas.Trmm<T>(side, uplo, T.CreateTruncating(Alpha), a.Read(buf), b.Write(buf), diag);
                },
                (before, a, b) =>
                {
                    double[] ad = a.Dense(before), bd = b.Dense(before);
                    return Slots(b, solve ? Solve(left, upper, unit, m, n, ad, bd) : NaiveBlas.Trmm(left, upper, false, unit, m, n, Alpha, ad, order, bd, n).Value);
                });
            Run(setup, rng, tolerance, tally);
        }
        Done(tally, solve ? "Trsm" : "Trmm");
    }

    /// <summary>X with A X = αB (left) or X A = αB (right), A the dense triangle (zeros outside it, ones on a unit diagonal), by Gaussian elimination.</summary>
    private static double[] Solve(bool left, bool upper, bool unit, int m, int n, double[] a, double[] b)
    {
        int order = left ? m : n;
        var op = new double[order, order];
        // Right: X A = αB ⇔ Aᵀ Xᵀ = αBᵀ, so each row of B is solved with Aᵀ.
        for (int i = 0; i < order; i++) for (int j = 0; j < order; j++) op[i, j] = NaiveBlas.Triangular(a, order, upper, !left, unit, i, j);
        var x = new double[m * n];
        for (int v = 0; v < (left ? n : m); v++)
        {
            var rhs = new double[order];
            for (int p = 0; p < order; p++) rhs[p] = Alpha * (left ? b[p * n + v] : b[v * n + p]);
            var s = NaiveBlas.DenseProductOrSolve(op, rhs, solve: true);
            for (int p = 0; p < order; p++) { if (left) x[p * n + v] = s[p]; else x[v * n + p] = s[p]; }
        }
        return x;
    }

    // ---------------- Symm: A's triangle read, C written (B apart) ----------------

    [Fact] public void Symm_Tensor_Double() => Symm<double>(1e-12);
    [Fact] public void Symm_Tensor_Float() => Symm<float>(2e-5);

    private static void Symm<T>(double tolerance) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(4103);
        var tally = new Tally();
        foreach (bool left in Bools) foreach (bool upper in Bools) foreach (bool aT in Bools) foreach (bool bT in Bools) foreach (bool cT in Bools)
        foreach (int order in new[] { 1, 2, 3 }) foreach (int other in new[] { 1, 3 }) foreach (int padA in new[] { 0, 1 }) foreach (int padC in new[] { 0, 2 })
        {
            int m = left ? order : other, n = left ? other : order;
            var side = left ? Side.Left : Side.Right;
            var uplo = upper ? Triangle.Upper : Triangle.Lower;
            var bView = Plain(m, n, 1, bT);
            var bBuf = Separate<T>(rng, bView, out double[] bd);
            var setup = new Setup<T>($"Symm {side} {uplo}, a {(aT ? "transposed" : "plain")} {order}×{order} pad {padA}, b {(bT ? "transposed" : "plain")}, c {(cT ? "transposed" : "plain")} {m}×{n} pad {padC}",
                Plain(order, order, padA, aT), upper, false, false, Plain(m, n, padC, cT), "a", "c", null,
                (buf, a, c) =>
                {
                    if (typeof(T) == typeof(double)) Blas.Symm(side, uplo, Alpha, a.Read((double[])(object)buf), bView.Read((double[])(object)bBuf), Beta, c.Write((double[])(object)buf));
                    else if (typeof(T) == typeof(float)) Blas.Symm(side, uplo, (float)Alpha, a.Read((float[])(object)buf), bView.Read((float[])(object)bBuf), (float)Beta, c.Write((float[])(object)buf));
                },
                (before, a, c) =>
                {
                    double[] cd = c.Dense(before);
                    NaiveBlas.Symm(left, upper, m, n, Alpha, a.Dense(before), order, bd, n, Beta, cd, n);
                    return Slots(c, cd);
                });
            Run(setup, rng, tolerance, tally);
        }
        Done(tally, "Symm");
    }

    // ---------------- Syrk, Syr2k: C's triangle written, A (and B) read ----------------

    [Fact] public void Syrk_Tensor_Double() => Syrk<double>(operands: 1, 1e-12);
    [Fact] public void Syrk_Tensor_Float() => Syrk<float>(operands: 1, 2e-5);
    [Fact] public void Syr2k_Tensor_AInC_Double() => Syrk<double>(operands: 2, 1e-12);
    [Fact] public void Syr2k_Tensor_AInC_Float() => Syrk<float>(operands: 2, 2e-5);
    [Fact] public void Syr2k_Tensor_BInC_Double() => Syrk<double>(operands: 3, 1e-12);
    [Fact] public void Syr2k_Tensor_BInC_Float() => Syrk<float>(operands: 3, 2e-5);

    /// <summary>operands: 1 Syrk; 2 Syr2k with A in C's buffer (B apart); 3 Syr2k with B in C's buffer (A apart).</summary>
    private static void Syrk<T>(int operands, double tolerance) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(4103 + operands);
        var tally = new Tally();
        string moving = operands == 3 ? "b" : "a";
        foreach (bool upper in Bools) foreach (bool movingT in Bools) foreach (bool apartT in Bools) foreach (bool cT in Bools)
        foreach (int n in new[] { 1, 2, 3 }) foreach (int k in new[] { 1, 2 }) foreach (int padC in new[] { 0, 1 }) foreach (int padX in new[] { 0, 2 })
        {
            if (operands == 1 && apartT) continue;
            var uplo = upper ? Triangle.Upper : Triangle.Lower;
            var apartView = Plain(n, k, 1, apartT);
            var apartBuf = Separate<T>(rng, apartView, out double[] apartDense);
            var setup = new Setup<T>($"{(operands == 1 ? "Syrk" : "Syr2k")} {uplo}, c {(cT ? "transposed" : "plain")} {n}×{n} pad {padC}, {moving} {(movingT ? "transposed" : "plain")} {n}×{k} pad {padX}"
                    + (operands == 1 ? "" : $", the other {(apartT ? "transposed" : "plain")} apart"),
                Plain(n, n, padC, cT), upper, false, true, Plain(n, k, padX, movingT), "c", moving, null,
                (buf, c, x) =>
                {
                    if (operands == 1)
                    {
                        if (typeof(T) == typeof(double)) Blas.Syrk(uplo, Alpha, x.Read((double[])(object)buf), Beta, c.Write((double[])(object)buf));
                        else Blas.Syrk(uplo, (float)Alpha, x.Read((float[])(object)buf), (float)Beta, c.Write((float[])(object)buf));
                    }
                    else if (operands == 2) Blas.Syr2k<T>(uplo, T.CreateTruncating(Alpha), x.Read(buf), apartView.Read(apartBuf), T.CreateTruncating(Beta), c.Write(buf));
                    else if (typeof(T) == typeof(double)) Blas.Syr2k(uplo, Alpha, apartView.Read((double[])(object)apartBuf), x.Read((double[])(object)buf), Beta, c.Write((double[])(object)buf));
                    else Blas.Syr2k(uplo, (float)Alpha, apartView.Read((float[])(object)apartBuf), x.Read((float[])(object)buf), (float)Beta, c.Write((float[])(object)buf));
                },
                (before, c, x) =>
                {
                    double[] cd = c.Dense(before), xd = x.Dense(before);
                    if (operands == 1) NaiveBlas.Syrk(upper, false, n, k, Alpha, xd, k, Beta, cd, n);
                    else if (operands == 2) NaiveBlas.Syr2k(upper, false, n, k, Alpha, xd, k, apartDense, k, Beta, cd, n);
                    else NaiveBlas.Syr2k(upper, false, n, k, Alpha, apartDense, k, xd, k, Beta, cd, n);
                    return Slots(c, cd, (i, j) => upper ? j >= i : j <= i);
                });
            Run(setup, rng, tolerance, tally);
        }
        Done(tally, operands == 1 ? "Syrk" : "Syr2k");
    }

    // ---------------- Matrix and array forms: one array shared whole ----------------

    /// <summary>
    /// Trsv and Trmv on a 1×1 unit triangle whose array is x: nothing of A is read, x ← x (the span form accepts it). Had
    /// A[0, 0] = 1.5 been read, Trsv would give 1 and Trmv 2.25. The definition (NaiveBlas.Trmv) is evaluated with NaN for A.
    /// </summary>
    [Theory]
    [InlineData(Triangle.Upper, false)]
    [InlineData(Triangle.Lower, false)]
    [InlineData(Triangle.Upper, true)]
    [InlineData(Triangle.Lower, true)]
    public void TrsvAndTrmv_Matrix_OrderOneUnitOnXsArray_Computed(Triangle uplo, bool transposedView)
    {
        double expected = NaiveBlas.Trmv(uplo == Triangle.Upper, transposedView, unit: true, 1, [double.NaN], 1, [1.5], 1).Value[0];
        double[] xd = [1.5];
        var ad = new Matrix<double>(1, 1, xd);
        Blas.Trsv(uplo, transposedView ? ad.Transpose() : ad, xd, Diagonal.Unit);
        Assert.Equal(expected, xd[0]);
        Blas.Trmv(uplo, transposedView ? ad.Transpose() : ad, xd, Diagonal.Unit);
        Assert.Equal(expected, xd[0]);
        float[] xf = [1.5f];
        var af = new Matrix<float>(1, 1, xf);
        Blas.Trsv(uplo, transposedView ? af.Transpose() : af, xf, Diagonal.Unit);
        Assert.Equal((float)expected, xf[0]);
        Blas.Trmv<float>(uplo, transposedView ? af.Transpose() : af, xf, Diagonal.Unit);
        Assert.Equal((float)expected, xf[0]);
    }

    /// <summary>
    /// Trsm and Trmm on a 1×1 unit triangle whose array is B's (the same Matrix, a second Matrix over the array, or a
    /// transposed view): B ← αB, as NaiveBlas.Trmm gives with NaN for A. Had A[0, 0] = 1.5 been read: 2.25α or α.
    /// </summary>
    [Theory]
    [InlineData(Side.Left, Triangle.Upper)]
    [InlineData(Side.Left, Triangle.Lower)]
    [InlineData(Side.Right, Triangle.Upper)]
    [InlineData(Side.Right, Triangle.Lower)]
    public void TrsmAndTrmm_Matrix_OrderOneUnitOnBsArray_Computed(Side side, Triangle uplo)
    {
        double expected = NaiveBlas.Trmm(side == Side.Left, uplo == Triangle.Upper, false, unit: true, 1, 1, Alpha, [double.NaN], 1, [1.5], 1).Value[0];
        foreach (int form in new[] { 0, 1, 2, 3 })
        {
            foreach (bool solve in Bools)
            {
                double[] data = [1.5];
                var a = new Matrix<double>(1, 1, data);
                var b = form switch { 0 => a, 1 => new Matrix<double>(1, 1, data), 2 => a.Transpose(), _ => new Matrix<double>(1, 1, data).Transpose() };
                var aView = form == 3 ? a.Transpose() : a;
                if (solve) Blas.Trsm(side, uplo, Alpha, aView, b, Diagonal.Unit); else Blas.Trmm(side, uplo, Alpha, aView, b, Diagonal.Unit);
                Assert.True(expected == data[0], $"form {form}, {(solve ? "Trsm" : "Trmm")}: {data[0]}, the definition gives {expected}");

                float[] fdata = [1.5f];
                var fa = new Matrix<float>(1, 1, fdata);
                var fb = form switch { 0 => fa, 1 => new Matrix<float>(1, 1, fdata), 2 => fa.Transpose(), _ => new Matrix<float>(1, 1, fdata).Transpose() };
                var faView = form == 3 ? fa.Transpose() : fa;
                if (solve) Blas.Trsm<float>(side, uplo, (float)Alpha, faView, fb, Diagonal.Unit); else Blas.Trmm(side, uplo, (float)Alpha, faView, fb, Diagonal.Unit);
                Assert.True((float)expected == fdata[0], $"float form {form}, {(solve ? "Trsm" : "Trmm")}: {fdata[0]}, the definition gives {expected}");
            }
        }
    }

    /// <summary>
    /// What the Matrix forms still refuse: an array shared with a triangle element read. Order 1 non-unit (A[0, 0] is
    /// read), and order 2 on one array (B's whole storage is A's; with a unit diagonal A[0, 1] or A[1, 0] is still read),
    /// in every view combination: ParamName the written operand, the message naming two elements, in the views' indices,
    /// that are one slot of the triangle read; nothing written.
    /// </summary>
    [Fact]
    public void Triangular_Matrix_SharedReadElement_Refused()
    {
        int refused = 0;
        foreach (bool upper in Bools) foreach (bool unit in Bools) foreach (bool aT in Bools) foreach (bool bT in Bools) foreach (bool left in Bools) foreach (bool solve in Bools)
        foreach (int n in new[] { 1, 2 })
        {
            if (n == 1 && unit) continue; // computed above
            var data = Enumerable.Range(1, n * n).Select(v => 1.0 + v).ToArray();
            var before = (double[])data.Clone();
            var a = new Matrix<double>(n, n, data); var b = new Matrix<double>(n, n, data);
            var av = aT ? a.Transpose() : a; var bv = bT ? b.Transpose() : b;
            var uplo = upper ? Triangle.Upper : Triangle.Lower; var diag = unit ? Diagonal.Unit : Diagonal.NonUnit; var side = left ? Side.Left : Side.Right;
            var ex = Assert.Throws<ArgumentException>(() =>
            {
                if (solve) Blas.Trsm(side, uplo, Alpha, av, bv, diag); else Blas.Trmm(side, uplo, Alpha, av, bv, diag);
            });
            string what = $"{(solve ? "Trsm" : "Trmm")} {side} {uplo} {diag} n {n}, a {(aT ? "transposed" : "plain")}, b {(bT ? "transposed" : "plain")}";
            Assert.True(ex.ParamName == "b", $"{what}: {ex.ParamName}");
            Assert.Contains("b overlaps a in memory", ex.Message);
            var m = Shared.Match(ex.Message);
            Assert.True(m.Success && m.Groups[3].Value == "b" && m.Groups[6].Value == "a", $"{what}: {ex.Message}");
            int rb = Int(m, 1), cb = Int(m, 2), ra = Int(m, 4), ca = Int(m, 5);
            // Slots from the definition of the views: a transposed view's [i, j] is stored [j, i].
            int slotB = bT ? cb * n + rb : rb * n + cb, slotA = aT ? ca * n + ra : ra * n + ca;
            Assert.True(slotA == slotB && (upper ? ca >= ra : ca <= ra) && !(unit && ra == ca), $"{what}: not one slot of a's triangle read: {ex.Message}");
            Assert.Equal(before, data);
            refused++;
        }
        Assert.Equal(128 - 32, refused); // 2⁶ flag combinations × 2 orders, less order 1 with a unit diagonal
    }

    /// <summary>Trsv and Trmv on a 1×1 non-unit triangle whose array is x: A[0, 0] is read, refused naming x's element 0 and a's [0, 0].</summary>
    [Fact]
    public void TrsvAndTrmv_Matrix_OrderOneNonUnitOnXsArray_Refused()
    {
        foreach (bool transposedView in Bools)
            foreach (bool solve in Bools)
            {
                double[] x = [1.5];
                var a = new Matrix<double>(1, 1, x);
                var ex = Assert.Throws<ArgumentException>(() =>
                {
                    if (solve) Blas.Trsv(Triangle.Upper, transposedView ? a.Transpose() : a, x); else Blas.Trmv(Triangle.Lower, transposedView ? a.Transpose() : a, x);
                });
                Assert.Equal("x", ex.ParamName);
                Assert.Contains("x overlaps a in memory (element 0 of x is element [0, 0] of a;", ex.Message);
                Assert.Equal(1.5, x[0]);
            }
    }
    /// <summary>
    /// The symmetric routines' Matrix forms keep the whole-array check: an array shared with the triangle operand always
    /// shares its slot 0, A[0, 0] or C[0, 0], which Symv and Symm read and Syr, Syr2, Syrk and Syr2k write (the diagonal is
    /// in every uplo triangle). So every such call is a genuine overlap: refused whatever the views, naming the written
    /// operand, nothing written.
    /// </summary>
    [Fact]
    public void Symmetric_Matrix_SharedArray_AlwaysRefused()
    {
        foreach (bool upper in Bools) foreach (bool aT in Bools) foreach (bool cT in Bools)
        {
            var uplo = upper ? Triangle.Upper : Triangle.Lower;
            double[] one = [1.5];
            var a1 = new Matrix<double>(1, 1, one);
            var a1v = aT ? a1.Transpose() : a1;
            var data = new double[] { 1, 2, 3, 4 };
            var a = new Matrix<double>(2, 2, data); var c = new Matrix<double>(2, 2, data);
            var av = aT ? a.Transpose() : a; var cv = cT ? c.Transpose() : c;
            var b = new Matrix<double>(2, 2, [0.5, -1, 2, 0.25]);
            (Action Call, string Written, string Read)[] cases =
            [
                (() => Blas.Symv(uplo, Alpha, a1v, [2.0], Beta, one), "y", "a"),
                (() => Blas.Syr(uplo, Alpha, one, a1v), "a", "x"),
                (() => Blas.Syr2(uplo, Alpha, [2.0], one, a1v), "a", "y"),
                (() => Blas.Symm(Side.Left, uplo, Alpha, av, b, Beta, cv), "c", "a"),
                (() => Blas.Symm(Side.Right, uplo, Alpha, b, av, Beta, cv), "c", "b"),
                (() => Blas.Syrk(uplo, Alpha, av, Beta, cv), "c", "a"),
                (() => Blas.Syr2k(uplo, Alpha, av, b, Beta, cv), "c", "a"),
                (() => Blas.Syr2k(uplo, Alpha, b, av, Beta, cv), "c", "b"),
            ];
            foreach (var (call, written, read) in cases)
            {
                var ex = Assert.Throws<ArgumentException>(call);
                Assert.Equal(written, ex.ParamName);
                Assert.Contains($"{written} overlaps {read} in memory", ex.Message);
                Assert.Equal([1.5], one); Assert.Equal([1.0, 2, 3, 4], data);
            }
        }
    }
}
