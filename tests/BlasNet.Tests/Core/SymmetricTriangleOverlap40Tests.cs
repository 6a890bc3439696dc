using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;

namespace BlasNet.Tests.Core;

/// <summary>
/// The overlap checks of Symv, Syr, Syr2, Symm, Syrk, Syr2k, Trmm and Trsm, element-exact on the symmetric or triangular
/// operand (session 40, tri40): they counted its whole square, so an operand stored in the slots BLAS never touches (the
/// other triangle, the lda padding, a unit diagonal) was refused. Brute force over small orders, leading dimensions at the
/// minimum and above it, every uplo/trans/diag/side, the other operand (Symv's y, Syr's x, Symm's C, Syrk's and Syr2k's A,
/// Trmm's and Trsm's B) starting at every offset from before the triangle's array to its last slot. The elements BLAS reads
/// or writes of the triangle are listed here from the BLAS definition (A[i, j] at i·lda + j for j ≥ i upper, j ≤ i lower,
/// without j = i when the diagonal is unit). A call is refused exactly when the other operand's elements meet them, the
/// message naming the other operand's first such element and the triangle's [row, column] there; otherwise it runs with
/// NaN in every slot of the buffer that is neither operand's element, and its result is compared with the definition
/// evaluated here in double on copies (dense matrices; Trsm by Gaussian elimination, NaiveBlas.DenseProductOrSolve), every
/// slot outside the written elements bit-unchanged (so a NaN read, or a write outside, fails). The whole-square check
/// refused the accepted cases whose other operand shared a slot of the square: counted, and required to be many.
/// </summary>
public class SymmetricTriangleOverlap40Tests
{
    private const double Alpha = 0.75, Beta = 0.5;

    [Fact] public void Symv_Double() => Symv<double>(1e-12);
    [Fact] public void Symv_Float() => Symv<float>(2e-5);
    [Fact] public void Syr_Double() => Syr<double>(twoVectors: false, 1e-12);
    [Fact] public void Syr_Float() => Syr<float>(twoVectors: false, 2e-5);
    [Fact] public void Syr2_Double() => Syr<double>(twoVectors: true, 1e-12);
    [Fact] public void Syr2_Float() => Syr<float>(twoVectors: true, 2e-5);
    [Fact] public void Symm_Double() => Symm<double>(1e-12);
    [Fact] public void Symm_Float() => Symm<float>(2e-5);
    [Fact] public void Syrk_Double() => Syrk<double>(twoOperands: false, 1e-12);
    [Fact] public void Syrk_Float() => Syrk<float>(twoOperands: false, 2e-5);
    [Fact] public void Syr2k_Double() => Syrk<double>(twoOperands: true, 1e-12);
    [Fact] public void Syr2k_Float() => Syrk<float>(twoOperands: true, 2e-5);
    [Fact] public void Trmm_Double() => Triangular<double>(solve: false, 1e-12);
    [Fact] public void Trmm_Float() => Triangular<float>(solve: false, 2e-5);
    [Fact] public void Trsm_Double() => Triangular<double>(solve: true, 1e-11);
    [Fact] public void Trsm_Float() => Triangular<float>(solve: true, 1e-4);

    // ---------------- element sets, from the BLAS definition ----------------

    /// <summary>Positions (from the array's start) of the uplo triangle of a row-major order-n matrix, without the diagonal when unit.</summary>
    private static SortedSet<int> Triangle(bool upper, bool unit, int n, int lda)
    {
        var set = new SortedSet<int>();
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                if ((upper ? j >= i : j <= i) && !(unit && i == j)) set.Add(i * lda + j);
        return set;
    }

    /// <summary>Positions of a row-major rows×cols matrix's elements (not its padding), in row-major order.</summary>
    private static int[] Rectangle(int rows, int cols, int ld) =>
        Enumerable.Range(0, rows).SelectMany(i => Enumerable.Range(0, cols).Select(j => i * ld + j)).ToArray();

    /// <summary>Positions of a strided vector's elements.</summary>
    private static int[] Strided(int n, int inc) => Enumerable.Range(0, n).Select(t => t * inc).ToArray();

    // ---------------- dense views of the values the call sees ----------------

    private static double[,] Dense(double[] v, int off, int rows, int cols, int ld)
    {
        var m = new double[rows, cols];
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) m[i, j] = v[off + i * ld + j];
        return m;
    }

    /// <summary>The symmetric matrix whose uplo triangle is stored at off (the other triangle not looked at).</summary>
    private static double[,] Symmetric(double[] v, int off, bool upper, int n, int lda)
    {
        var m = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                bool stored = upper ? j >= i : j <= i;
                m[i, j] = stored ? v[off + i * lda + j] : v[off + j * lda + i];
            }
        return m;
    }

    /// <summary>op(A) for the triangle stored at off: zeros outside it, ones on a unit diagonal.</summary>
    private static double[,] OpTriangle(double[] v, int off, bool upper, bool unit, bool transposed, int n, int lda)
    {
        var m = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double e = i == j && unit ? 1 : (upper ? j >= i : j <= i) ? v[off + i * lda + j] : 0;
                if (transposed) m[j, i] = e; else m[i, j] = e;
            }
        return m;
    }

    private static double[,] Multiply(double[,] x, double[,] y)
    {
        int r = x.GetLength(0), k = x.GetLength(1), c = y.GetLength(1);
        var p = new double[r, c];
        for (int i = 0; i < r; i++) for (int j = 0; j < c; j++) { double s = 0; for (int l = 0; l < k; l++) s += x[i, l] * y[l, j]; p[i, j] = s; }
        return p;
    }

    private static double[,] Transposed(double[,] x)
    {
        var t = new double[x.GetLength(1), x.GetLength(0)];
        for (int i = 0; i < x.GetLength(0); i++) for (int j = 0; j < x.GetLength(1); j++) t[j, i] = x[i, j];
        return t;
    }

    private static double Value(Random rng) => Math.Round(rng.NextDouble() * 4 - 2, 3);

    private static T[] Values<T>(Random rng, int length, int[] elements) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var v = new T[length];
        Array.Fill(v, T.NaN); // a slot read outside the elements puts NaN into the answer
        foreach (int p in elements) v[p] = T.CreateTruncating(Value(rng));
        return v;
    }

    private static double[] AsDouble<T>(T[] v) where T : unmanaged, IFloatingPointIeee754<T> => v.Select(e => double.CreateTruncating(e)).ToArray();

    // ---------------- the brute force ----------------

    /// <summary>
    /// One configuration: the triangle's array (aLen slots, its elements <paramref name="triangle"/>, read or written) and the
    /// other operand (oLen slots, its elements <paramref name="other"/> in its own order, written when the triangle is read
    /// and read when the triangle is written), the second at every offset relative to the first in one buffer.
    /// <paramref name="expected"/> gives, from the buffer's values before the call and the two offsets, the expected value
    /// at every position the call writes.
    /// </summary>
    private sealed record Setup<T>(string What, int ALen, int Lda, SortedSet<int> Triangle, bool TriangleWritten, int OLen, int[] Other,
        string AName, string OName, Func<int, string> OtherLabel, Func<int, double>? TriangleValue,
        Action<T[], int, int> Call, Func<double[], int, int, Dictionary<int, double>> Expected) where T : unmanaged, IFloatingPointIeee754<T>;

    private sealed class Tally { public int Refused, AcceptedOldRefused, Trials; }

    private static void Run<T>(Setup<T> s, Random rng, double tolerance, Tally tally) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int aOff = s.OLen; // room for the other operand to start before the triangle's array
        for (int oOff = aOff - s.OLen + 1; oOff < aOff + s.ALen; oOff++)
        {
            tally.Trials++;
            var oSlots = s.Other.Select(q => oOff + q).ToArray();
            var triSlots = s.Triangle.Select(p => aOff + p).ToHashSet();
            int firstShared = Array.FindIndex(oSlots, triSlots.Contains);
            var before = new double[aOff + s.ALen + s.OLen];
            Array.Fill(before, double.NaN);
            foreach (int p in s.Triangle) before[aOff + p] = s.TriangleValue?.Invoke(p) ?? Value(rng);
            foreach (int p in oSlots) before[p] = Value(rng);
            var buf = before.Select(v => T.CreateTruncating(v)).ToArray();
            before = AsDouble(buf); // the values the call sees
            string what = $"{s.What}, {s.OName} at {oOff - aOff} from {s.AName}";
            string written = s.TriangleWritten ? s.AName : s.OName;
            if (firstShared >= 0)
            {
                tally.Refused++;
                var ex = Assert.Throws<ArgumentException>(() => s.Call(buf, aOff, oOff));
                Assert.Equal(written, ex.ParamName);
                // The written operand's element is named first.
                var m = s.TriangleWritten
                    ? Regex.Match(ex.Message, $@"element \[(?<r>\d+), (?<c>\d+)\] of {s.AName} is element (?<o>\[\d+, \d+\]|\d+) of {s.OName}")
                    : Regex.Match(ex.Message, $@"element (?<o>\[\d+, \d+\]|\d+) of {s.OName} is element \[(?<r>\d+), (?<c>\d+)\] of {s.AName}");
                Assert.True(m.Success, $"{what}: no element named: {ex.Message}");
                Assert.True(m.Groups["o"].Value == s.OtherLabel(firstShared), $"{what}: names {s.OName}'s element {m.Groups["o"].Value}, the first shared is {s.OtherLabel(firstShared)}: {ex.Message}");
                int r = int.Parse(m.Groups["r"].Value, CultureInfo.InvariantCulture), c = int.Parse(m.Groups["c"].Value, CultureInfo.InvariantCulture);
                Assert.True(aOff + r * s.Lda + c == oSlots[firstShared] && s.Triangle.Contains(r * s.Lda + c), $"{what}: {s.AName}[{r}, {c}] is not the shared slot or not in the triangle: {ex.Message}");
                for (int p = 0; p < buf.Length; p++) Assert.True(double.CreateTruncating(buf[p]).Equals(before[p]), $"{what}: slot {p} written by a refused call");
                continue;
            }
            // The whole-square check refused this call when the other operand met a slot of the square (padding excluded).
            int order = (s.ALen + s.Lda) / (s.Lda + 1); // ALen = (order − 1)·lda + order
            if (oSlots.Any(p => p >= aOff && p < aOff + s.ALen && (p - aOff) % s.Lda < order)) tally.AcceptedOldRefused++;
            var expected = s.Expected(before, aOff, oOff);
            s.Call(buf, aOff, oOff);
            foreach (var (p, e) in expected)
            {
                double got = double.CreateTruncating(buf[p]);
                if (!(double.IsFinite(got))) Assert.Fail($"{what}: slot {p} is {got}: the call read a slot BLAS does not reference");
                if (!(Math.Abs(got - e) <= tolerance * (1 + Math.Abs(e)))) Assert.Fail($"{what}: slot {p} is {got}, the definition gives {e}");
            }
            for (int p = 0; p < buf.Length; p++)
                if (!expected.ContainsKey(p) && !(double.CreateTruncating(buf[p]).Equals(before[p]))) Assert.Fail($"{what}: slot {p}, not written by the definition, changed from {before[p]} to {buf[p]}");
        }
    }

    private static void Done(Tally tally, int minimumOldRefused, string routine)
    {
        Assert.True(tally.Refused > 0, $"{routine}: no refusal in {tally.Trials} trials");
        Assert.True(tally.AcceptedOldRefused >= minimumOldRefused,
            $"{routine}: only {tally.AcceptedOldRefused} accepted trials that the whole-square check refused (of {tally.Trials})");
    }

    private static string VectorLabel(int t) => t.ToString(CultureInfo.InvariantCulture);

    private static Func<int, string> MatrixLabel(int cols) => t => string.Create(CultureInfo.InvariantCulture, $"[{t / cols}, {t % cols}]");

    // ---------------- Symv: A's triangle read, y written ----------------

    private static void Symv<T>(double tolerance) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(401); var tally = new Tally();
        for (int n = 1; n <= 5; n++)
            foreach (int lda in new[] { n, n + 2 })
                foreach (bool upper in new[] { true, false })
                    foreach (int inc in new[] { 1, 2, n + 1 }.Distinct())
                    {
                        int incX = 1 + rng.Next(2);
                        var x = Values<T>(rng, (n - 1) * incX + 1, Strided(n, incX));
                        var xd = AsDouble(x);
                        int aLen = (n - 1) * lda + n, yLen = (n - 1) * inc + 1;
                        var uplo = upper ? BlasNet.Triangle.Upper : BlasNet.Triangle.Lower;
                        Run(new Setup<T>($"symv n={n} lda={lda} {uplo} incY={inc}", aLen, lda, Triangle(upper, false, n, lda), false, yLen, Strided(n, inc),
                            "a", "y", VectorLabel, null,
                            (buf, aOff, yOff) => Blas.Symv(uplo, n, T.CreateTruncating(Alpha), buf.AsSpan(aOff, aLen), lda, x, incX, T.CreateTruncating(Beta), buf.AsSpan(yOff, yLen), inc),
                            (v, aOff, yOff) =>
                            {
                                var s = Symmetric(v, aOff, upper, n, lda);
                                var e = new Dictionary<int, double>();
                                for (int i = 0; i < n; i++)
                                {
                                    double sum = 0;
                                    for (int j = 0; j < n; j++) sum += s[i, j] * xd[j * incX];
                                    e[yOff + i * inc] = Alpha * sum + Beta * v[yOff + i * inc];
                                }
                                return e;
                            }), rng, tolerance, tally);
                    }
        Done(tally, 140, "symv");
    }

    // ---------------- Syr, Syr2: x read, A's triangle written ----------------

    private static void Syr<T>(bool twoVectors, double tolerance) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(twoVectors ? 403 : 402); var tally = new Tally();
        for (int n = 1; n <= 5; n++)
            foreach (int lda in new[] { n, n + 2 })
                foreach (bool upper in new[] { true, false })
                    foreach (int inc in new[] { 1, 2, n + 1 }.Distinct())
                    {
                        int incY = 1 + rng.Next(2);
                        var y = Values<T>(rng, (n - 1) * incY + 1, Strided(n, incY));
                        var yd = AsDouble(y);
                        int aLen = (n - 1) * lda + n, xLen = (n - 1) * inc + 1;
                        var uplo = upper ? BlasNet.Triangle.Upper : BlasNet.Triangle.Lower;
                        var tri = Triangle(upper, false, n, lda);
                        Run(new Setup<T>($"{(twoVectors ? "syr2" : "syr")} n={n} lda={lda} {uplo} incX={inc}", aLen, lda, tri, true, xLen, Strided(n, inc),
                            "a", "x", VectorLabel, null,
                            (buf, aOff, xOff) =>
                            {
                                if (twoVectors) Blas.Syr2(uplo, n, T.CreateTruncating(Alpha), buf.AsSpan(xOff, xLen), inc, y, incY, buf.AsSpan(aOff, aLen), lda);
                                else Blas.Syr(uplo, n, T.CreateTruncating(Alpha), buf.AsSpan(xOff, xLen), inc, buf.AsSpan(aOff, aLen), lda);
                            },
                            (v, aOff, xOff) =>
                            {
                                var e = new Dictionary<int, double>();
                                foreach (int p in tri)
                                {
                                    int i = p / lda, j = p % lda;
                                    double xi = v[xOff + i * inc], xj = v[xOff + j * inc];
                                    e[aOff + p] = v[aOff + p] + (twoVectors ? Alpha * (xi * yd[j * incY] + yd[i * incY] * xj) : Alpha * xi * xj);
                                }
                                return e;
                            }), rng, tolerance, tally);
                    }
        Done(tally, 140, twoVectors ? "syr2" : "syr");
    }

    // ---------------- Symm: A's triangle read, C written ----------------

    private static readonly (int M, int N)[] Shapes = { (1, 1), (1, 3), (3, 1), (2, 3), (3, 2), (3, 3), (4, 1), (1, 4), (5, 2), (2, 5), (4, 4) };

    private static void Symm<T>(double tolerance) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(404); var tally = new Tally();
        foreach (var (m, n) in Shapes)
            foreach (bool left in new[] { true, false })
                foreach (bool upper in new[] { true, false })
                {
                    int order = left ? m : n;
                    foreach (int lda in new[] { order, order + 2 })
                        foreach (int ldc in new[] { n, n + 1 })
                        {
                            int ldb = n + rng.Next(2);
                            var b = Values<T>(rng, (m - 1) * ldb + n, Rectangle(m, n, ldb));
                            var bd = Dense(AsDouble(b), 0, m, n, ldb);
                            int aLen = (order - 1) * lda + order, cLen = (m - 1) * ldc + n;
                            var (side, uplo) = (left ? Side.Left : Side.Right, upper ? BlasNet.Triangle.Upper : BlasNet.Triangle.Lower);
                            Run(new Setup<T>($"symm {m}×{n} {side} {uplo} lda={lda} ldc={ldc}", aLen, lda, Triangle(upper, false, order, lda), false, cLen, Rectangle(m, n, ldc),
                                "a", "c", MatrixLabel(n), null,
                                (buf, aOff, cOff) => Blas.Symm(side, uplo, m, n, T.CreateTruncating(Alpha), buf.AsSpan(aOff, aLen), lda, b, ldb, T.CreateTruncating(Beta), buf.AsSpan(cOff, cLen), ldc),
                                (v, aOff, cOff) =>
                                {
                                    var s = Symmetric(v, aOff, upper, order, lda);
                                    var p = left ? Multiply(s, bd) : Multiply(bd, s);
                                    var e = new Dictionary<int, double>();
                                    for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) e[cOff + i * ldc + j] = Alpha * p[i, j] + Beta * v[cOff + i * ldc + j];
                                    return e;
                                }), rng, tolerance, tally);
                        }
                }
        Done(tally, 60, "symm");
    }

    // ---------------- Syrk, Syr2k: A read, C's triangle written ----------------

    private static void Syrk<T>(bool twoOperands, double tolerance) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(twoOperands ? 406 : 405); var tally = new Tally();
        foreach (var (n, k) in Shapes)
            foreach (bool transposed in new[] { false, true })
                foreach (bool upper in new[] { true, false })
                    foreach (int ldc in new[] { n, n + 2 })
                    {
                        int rows = transposed ? k : n, cols = transposed ? n : k;
                        foreach (int lda in new[] { cols, cols + 1 })
                        {
                            int ldb = cols + rng.Next(2);
                            var b = Values<T>(rng, (rows - 1) * ldb + cols, Rectangle(rows, cols, ldb));
                            var bd = Dense(AsDouble(b), 0, rows, cols, ldb);
                            var opB = transposed ? Transposed(bd) : bd;
                            int cLen = (n - 1) * ldc + n, aLen = (rows - 1) * lda + cols;
                            var (uplo, trans) = (upper ? BlasNet.Triangle.Upper : BlasNet.Triangle.Lower, transposed ? Transpose.Transposed : Transpose.None);
                            var tri = Triangle(upper, false, n, ldc);
                            Run(new Setup<T>($"{(twoOperands ? "syr2k" : "syrk")} n={n} k={k} {uplo} {trans} ldc={ldc} lda={lda}", cLen, ldc, tri, true, aLen, Rectangle(rows, cols, lda),
                                "c", "a", MatrixLabel(cols), null,
                                (buf, cOff, aOff) =>
                                {
                                    if (twoOperands) Blas.Syr2k(uplo, trans, n, k, T.CreateTruncating(Alpha), buf.AsSpan(aOff, aLen), lda, b, ldb, T.CreateTruncating(Beta), buf.AsSpan(cOff, cLen), ldc);
                                    else Blas.Syrk(uplo, trans, n, k, T.CreateTruncating(Alpha), buf.AsSpan(aOff, aLen), lda, T.CreateTruncating(Beta), buf.AsSpan(cOff, cLen), ldc);
                                },
                                (v, cOff, aOff) =>
                                {
                                    var ad = Dense(v, aOff, rows, cols, lda);
                                    var opA = transposed ? Transposed(ad) : ad;
                                    var p = twoOperands ? Multiply(opA, Transposed(opB)) : Multiply(opA, Transposed(opA));
                                    if (twoOperands)
                                    {
                                        var q = Multiply(opB, Transposed(opA));
                                        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) p[i, j] += q[i, j];
                                    }
                                    var e = new Dictionary<int, double>();
                                    foreach (int pos in tri) e[cOff + pos] = Alpha * p[pos / ldc, pos % ldc] + Beta * v[cOff + pos];
                                    return e;
                                }), rng, tolerance, tally);
                        }
                    }
        Done(tally, 60, twoOperands ? "syr2k" : "syrk");
    }

    // ---------------- Trmm, Trsm: A's triangle read (no unit diagonal), B read and written ----------------

    private static void Triangular<T>(bool solve, double tolerance) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(solve ? 408 : 407); var tally = new Tally();
        foreach (var (m, n) in Shapes)
            foreach (bool left in new[] { true, false })
                foreach (bool upper in new[] { true, false })
                    foreach (bool unit in new[] { false, true })
                        foreach (bool transposed in new[] { false, true })
                        {
                            int order = left ? m : n;
                            foreach (int lda in new[] { order, order + 2 })
                            {
                                int ldb = n + rng.Next(2);
                                int aLen = (order - 1) * lda + order, bLen = (m - 1) * ldb + n;
                                var (side, uplo, trans, diag) = (left ? Side.Left : Side.Right, upper ? BlasNet.Triangle.Upper : BlasNet.Triangle.Lower,
                                    transposed ? Transpose.Transposed : Transpose.None, unit ? Diagonal.Unit : Diagonal.NonUnit);
                                // A diagonal of magnitude 1.5…2.5 keeps the solve tame.
                                Func<int, double> aValue = p => p / lda == p % lda ? (rng.Next(2) == 0 ? -1 : 1) * Math.Round(1.5 + rng.NextDouble(), 3) : Math.Round(rng.NextDouble() - 0.5, 3);
                                Run(new Setup<T>($"{(solve ? "trsm" : "trmm")} {m}×{n} {side} {uplo} {trans} {diag} lda={lda} ldb={ldb}", aLen, lda, Triangle(upper, unit, order, lda), false, bLen, Rectangle(m, n, ldb),
                                    "a", "b", MatrixLabel(n), aValue,
                                    (buf, aOff, bOff) =>
                                    {
                                        if (solve) Blas.Trsm(side, uplo, trans, diag, m, n, T.CreateTruncating(Alpha), buf.AsSpan(aOff, aLen), lda, buf.AsSpan(bOff, bLen), ldb);
                                        else Blas.Trmm(side, uplo, trans, diag, m, n, T.CreateTruncating(Alpha), buf.AsSpan(aOff, aLen), lda, buf.AsSpan(bOff, bLen), ldb);
                                    },
                                    (v, aOff, bOff) =>
                                    {
                                        var op = OpTriangle(v, aOff, upper, unit, transposed, order, lda);
                                        var bd = Dense(v, bOff, m, n, ldb);
                                        var x = new double[m, n];
                                        if (left)
                                            for (int j = 0; j < n; j++)
                                            {
                                                var col = NaiveBlas.DenseProductOrSolve(op, Enumerable.Range(0, m).Select(i => Alpha * bd[i, j]).ToArray(), solve);
                                                for (int i = 0; i < m; i++) x[i, j] = col[i];
                                            }
                                        else
                                        {
                                            // X = αB·op(A) row by row: xᵢᵀ = op(A)ᵀ (αbᵢ)ᵀ; the solve X·op(A) = αB likewise with op(A)ᵀ.
                                            var opT = Transposed(op);
                                            for (int i = 0; i < m; i++)
                                            {
                                                var row = NaiveBlas.DenseProductOrSolve(opT, Enumerable.Range(0, n).Select(j => Alpha * bd[i, j]).ToArray(), solve);
                                                for (int j = 0; j < n; j++) x[i, j] = row[j];
                                            }
                                        }
                                        var e = new Dictionary<int, double>();
                                        for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) e[bOff + i * ldb + j] = x[i, j];
                                        return e;
                                    }), rng, tolerance, tally);
                            }
                        }
        Done(tally, 900, solve ? "trsm" : "trmm");
    }
}
