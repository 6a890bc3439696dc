using System.Collections.Concurrent;
using System.Text.Json;

namespace BlasNet.Tests.Core;

/// <summary>
/// Every <see cref="Lapack"/> routine against a reference LAPACK's outputs on the 137 cases of audit lapack51 (the inputs of
/// tests/data/lapack51_reference.py) on whichever provider the process uses: well- and ill-conditioned (cond 1e8–1e15),
/// exactly singular and rank-deficient matrices, tall and wide, lda &gt; m, n = 0, nrhs = 0, NaN and ±∞. Results are judged by
/// INFO and a backward error (never bit equality), against the reference's numbers only where the problem is well-conditioned,
/// and padding rows (0.5) must come back untouched. Each derived class names one reference file (the same cases in the same
/// order, so the case indices are shared); <see cref="LapackScipyReference51Tests"/> is SciPy's LAPACK (OpenBLAS's here),
/// <see cref="LapackNetlibReference47Tests"/> the netlib reference LAPACK on the reference BLAS.
/// </summary>
public abstract class LapackReferenceCaseTests
{
    /// <summary>The reference file in tests/data.</summary>
    protected abstract string FileName { get; }

    /// <summary>Who computed the reference numbers, for the failure messages.</summary>
    protected abstract string Reference { get; }

    private const double Eps = 1.1102230246251565e-16; // 2⁻⁵³

    private static readonly ConcurrentDictionary<string, JsonElement> Files = new();

    private static JsonElement Load(string file) => Files.GetOrAdd(file, ReferenceData.Load);

    /// <summary>This class's reference file.</summary>
    protected JsonElement Root => Load(FileName);

    /// <summary>The case list the indices count (lapack51's; every reference file holds the same cases in the same order).</summary>
    private static JsonElement Inputs => Load("lapack51-reference.json");

    private static double D(JsonElement e) => e.ValueKind == JsonValueKind.String
        ? e.GetString() switch { "NaN" => double.NaN, "Infinity" => double.PositiveInfinity, "-Infinity" => double.NegativeInfinity, var s => throw new FormatException(s) }
        : e.GetDouble();

    private static double[] Array1(JsonElement e) => e.EnumerateArray().Select(D).ToArray();

    private static double[,] Array2(JsonElement e, int rows, int cols)
    {
        var r = new double[rows, cols];
        int i = 0;
        foreach (var row in e.EnumerateArray())
        {
            int j = 0;
            foreach (var v in row.EnumerateArray()) r[i, j++] = D(v);
            i++;
        }
        return r;
    }

    private JsonElement Case(string routine, int index) =>
        Root.GetProperty("cases").EnumerateArray().Where(c => c.GetProperty("routine").GetString() == routine).ElementAt(index);

    public static TheoryData<int> Indices(string routine)
    {
        var data = new TheoryData<int>();
        int count = Inputs.GetProperty("cases").EnumerateArray().Count(c => c.GetProperty("routine").GetString() == routine);
        for (int i = 0; i < count; i++) data.Add(i);
        return data;
    }

    public static TheoryData<int> GeqrfCases => Indices("geqrf");
    public static TheoryData<int> Geqp3Cases => Indices("geqp3");
    public static TheoryData<int> OrmqrCases => Indices("ormqr");
    public static TheoryData<int> TrtrsCases => Indices("trtrs");
    public static TheoryData<int> PotrfCases => Indices("potrf");
    public static TheoryData<int> PotrsCases => Indices("potrs");

    public static TheoryData<int> MatrixFormCases
    {
        get
        {
            var data = new TheoryData<int>();
            for (int i = 0; i < Inputs.GetProperty("matrixForms").GetArrayLength(); i++) data.Add(i);
            return data;
        }
    }

    /// <summary>A column-major array of length max(1, stored) from the stored elements (an empty operand still gets one slot).</summary>
    private static double[] Stored(JsonElement e) { var s = Array1(e); return s.Length == 0 ? [0.5] : s; }

    private static double At(double[] s, int i, int j, int ld) => s[j * ld + i];

    private static void AssertPaddingKept(double[] before, double[] after, int rows, int cols, int ld, string what)
    {
        for (int p = 0; p < after.Length; p++)
            if (cols == 0 || rows == 0 || p % ld >= rows)
                Assert.True(BitConverter.DoubleToInt64Bits(before[p]) == BitConverter.DoubleToInt64Bits(after[p]), $"{what}: padding slot {p} was written ({after[p]:R})");
    }

    private static double FrobeniusOfColumns(double[] s, int m, int n, int ld)
    {
        double t = 0;
        for (int j = 0; j < n; j++) for (int i = 0; i < m; i++) t += At(s, i, j, ld) * At(s, i, j, ld);
        return Math.Sqrt(t);
    }

    /// <summary>Q·R from the packed reflectors (v[i] = 1, the stored entries below it; H = I − τvvᵀ), applied in the test itself, not by Ormqr.</summary>
    private static double[,] QTimesR(double[] f, int m, int n, int ld, double[] tau)
    {
        int k = Math.Min(m, n);
        var c = new double[m, n];
        for (int i = 0; i < k; i++) for (int j = i; j < n; j++) c[i, j] = At(f, i, j, ld);
        for (int i = k - 1; i >= 0; i--)
            for (int j = 0; j < n; j++)
            {
                double w = c[i, j];
                for (int r = i + 1; r < m; r++) w += At(f, r, i, ld) * c[r, j];
                w *= tau[i];
                c[i, j] -= w;
                for (int r = i + 1; r < m; r++) c[r, j] -= w * At(f, r, i, ld);
            }
        return c;
    }

    [Theory, MemberData(nameof(GeqrfCases))]
    public void Geqrf_MatchesReference(int index) => CheckQr(Case("geqrf", index), pivoted: false);

    [Theory, MemberData(nameof(Geqp3Cases))]
    public void Geqp3_MatchesReference(int index) => CheckQr(Case("geqp3", index), pivoted: true);

    private void CheckQr(JsonElement c, bool pivoted)
    {
        string what = $"{(pivoted ? "Geqp3" : "Geqrf")} {c.GetProperty("name").GetString()} on {BlasProvider.Current}";
        int m = c.GetProperty("m").GetInt32(), n = c.GetProperty("n").GetInt32(), lda = c.GetProperty("lda").GetInt32();
        var a0 = Stored(c.GetProperty("a"));
        var a = (double[])a0.Clone();
        var tau = new double[Math.Min(m, n)];
        var jpvt = new int[n];
        int info = pivoted ? Lapack.Geqp3(m, n, a, lda, jpvt, tau) : Lapack.Geqrf(m, n, a, lda, tau);
        Assert.True(c.GetProperty("info").GetInt32() == info, $"{what}: INFO {info}, {Reference} {c.GetProperty("info").GetInt32()}");
        AssertPaddingKept(a0, a, m, n, lda, what);
        if (pivoted && c.TryGetProperty("jpvt", out var jp) && jp.ValueKind == JsonValueKind.Array && (m == 0 || n == 0))
            Assert.Equal(jp.EnumerateArray().Select(e => e.GetInt32()), jpvt);
        if (m == 0 || n == 0) return;
        if (pivoted) Assert.True(jpvt.OrderBy(j => j).SequenceEqual(Enumerable.Range(0, n)), $"{what}: jpvt [{string.Join(", ", jpvt)}] is not a permutation");
        int k = Math.Min(m, n);
        var rRef = Array2(c.GetProperty("r"), k, n);
        var tauRef = Array1(c.GetProperty("tau"));
        var firstBad = c.GetProperty("firstNonFiniteColumn");
        if (firstBad.ValueKind == JsonValueKind.Number)
        {
            // Data in, data out (NaN-and-infinity.md): INFO 0, and without pivoting the columns before the first non-finite
            // one are factored from finite data alone, so they are finite and agree with the reference.
            if (pivoted) return;
            int jb = firstBad.GetInt32();
            double scale = FrobeniusOfColumns(a0, m, jb, lda);
            for (int j = 0; j < jb; j++)
            {
                Assert.True(Math.Abs(tau[j] - tauRef[j]) <= 1e-12, $"{what}: τ[{j}] = {tau[j]:R}, {Reference} {tauRef[j]:R}");
                for (int i = 0; i <= j; i++)
                    Assert.True(Math.Abs(At(a, i, j, lda) - rRef[i, j]) <= 1e-12 * scale, $"{what}: R[{i},{j}] = {At(a, i, j, lda):R}, {Reference} {rRef[i, j]:R}");
            }
            return;
        }
        // Backward error: ‖QR − AP‖_F ≤ 10·m·n·ε·‖A‖_F (Householder QR's is a small multiple of m·n·ε).
        var qr = QTimesR(a, m, n, lda, tau);
        double norm = FrobeniusOfColumns(a0, m, n, lda), err = 0;
        for (int j = 0; j < n; j++)
        {
            int src = pivoted ? jpvt[j] : j;
            for (int i = 0; i < m; i++) err += Math.Pow(qr[i, j] - At(a0, i, src, lda), 2);
        }
        err = Math.Sqrt(err);
        Assert.True(err <= 10 * m * n * Eps * norm + 1e-300, $"{what}: ‖QR − AP‖ = {err:g3} against ‖A‖ = {norm:g3}");
        for (int i = 0; i < k; i++) Assert.True(tau[i] == 0 || (tau[i] >= 1 && tau[i] <= 2), $"{what}: τ[{i}] = {tau[i]:R} outside {{0}} ∪ [1, 2]");
        if (pivoted)
        {
            // |R[i,i]| non-increasing (dgeqp3's pivoting) up to rounding.
            for (int i = 1; i < k; i++)
                Assert.True(Math.Abs(At(a, i, i, lda)) <= Math.Abs(At(a, i - 1, i - 1, lda)) * (1 + 1e-10) + 10 * n * Eps * norm, $"{what}: |R[{i},{i}]| > |R[{i - 1},{i - 1}]|");
            var rank = c.GetProperty("rank");
            if (rank.ValueKind == JsonValueKind.Number)
            {
                double r00 = Math.Abs(At(a, 0, 0, lda));
                int count = Enumerable.Range(0, k).Count(i => Math.Abs(At(a, i, i, lda)) > 1e-12 * r00);
                Assert.True(rank.GetInt32() == count, $"{what}: numerical rank {count}, {Reference} {rank.GetInt32()}");
            }
            // Pivots: the reference's within the numerical rank when the column norms have no ties (beyond it they follow rounding noise).
            if (c.GetProperty("pivotsComparable").GetBoolean() && c.GetProperty("matrixRank").ValueKind == JsonValueKind.Number)
            {
                var expected = c.GetProperty("jpvt").EnumerateArray().Select(e => e.GetInt32()).ToArray();
                int r = c.GetProperty("matrixRank").GetInt32();
                Assert.True(expected.Take(r).SequenceEqual(jpvt.Take(r)), $"{what}: jpvt [{string.Join(", ", jpvt)}], {Reference} [{string.Join(", ", expected)}] (first {r} compared)");
            }
        }
        if (c.GetProperty("compare").GetBoolean())
            for (int i = 0; i < k; i++)
            {
                Assert.True(Math.Abs(tau[i] - tauRef[i]) <= 1e-12, $"{what}: τ[{i}] = {tau[i]:R}, {Reference} {tauRef[i]:R}");
                for (int j = i; j < n; j++)
                    Assert.True(Math.Abs(At(a, i, j, lda) - rRef[i, j]) <= 1e-12 * norm, $"{what}: R[{i},{j}] = {At(a, i, j, lda):R}, {Reference} {rRef[i, j]:R}");
            }
    }

    [Theory, MemberData(nameof(OrmqrCases))]
    public void Ormqr_MatchesReference(int index)
    {
        var c = Case("ormqr", index);
        string what = $"Ormqr {c.GetProperty("name").GetString()} on {BlasProvider.Current}";
        int m = c.GetProperty("m").GetInt32(), n = c.GetProperty("n").GetInt32(), k = c.GetProperty("k").GetInt32();
        int lda = c.GetProperty("lda").GetInt32(), ldc = c.GetProperty("ldc").GetInt32(), order = c.GetProperty("order").GetInt32();
        var side = c.GetProperty("side").GetString() == "L" ? Side.Left : Side.Right;
        var trans = c.GetProperty("trans").GetString() == "N" ? Transpose.None : Transpose.Transposed;
        var a = Stored(c.GetProperty("a"));
        var a0 = (double[])a.Clone();
        var tau = Array1(c.GetProperty("tau"));
        var c0 = Stored(c.GetProperty("c"));
        var cc = (double[])c0.Clone();
        int info = Lapack.Ormqr(side, trans, m, n, k, a, lda, tau, cc, ldc);
        Assert.Equal(c.GetProperty("info").GetInt32(), info);
        Assert.True(a0.SequenceEqual(a), $"{what}: the reflectors were changed");
        AssertPaddingKept(c0, cc, m, n, ldc, what);
        var expected = Array2(c.GetProperty("expected"), m, n);
        double norm = FrobeniusOfColumns(c0, m, n, ldc);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
                Assert.True(Math.Abs(At(cc, i, j, ldc) - expected[i, j]) <= 10 * order * k * Eps * norm, $"{what}: C[{i},{j}] = {At(cc, i, j, ldc):R}, {Reference} {expected[i, j]:R}");
    }

    [Theory, MemberData(nameof(TrtrsCases))]
    public void Trtrs_MatchesReference(int index)
    {
        var c = Case("trtrs", index);
        string what = $"Trtrs {c.GetProperty("name").GetString()} on {BlasProvider.Current}";
        int n = c.GetProperty("n").GetInt32(), nrhs = c.GetProperty("nrhs").GetInt32(), lda = c.GetProperty("lda").GetInt32(), ldb = c.GetProperty("ldb").GetInt32();
        var uplo = Enum.Parse<Triangle>(c.GetProperty("uplo").GetString()!);
        bool transposed = c.GetProperty("trans").GetString() == "T", unit = c.GetProperty("unit").GetBoolean();
        var a = Stored(c.GetProperty("a"));
        var b0 = Stored(c.GetProperty("b"));
        var b = (double[])b0.Clone();
        int info = Lapack.Trtrs(uplo, transposed ? Transpose.Transposed : Transpose.None, unit ? Diagonal.Unit : Diagonal.NonUnit, n, nrhs, a, lda, b, ldb);
        int expectedInfo = c.GetProperty("info").GetInt32();
        Assert.True(expectedInfo == info, $"{what}: INFO {info}, {Reference} {expectedInfo}");
        AssertPaddingKept(b0, b, n, nrhs, ldb, what);
        if (info > 0)
        {
            Assert.True(b0.SequenceEqual(b), $"{what}: INFO {info} but B was changed");
            return;
        }
        if (n == 0 || nrhs == 0) { Assert.True(b0.SequenceEqual(b), $"{what}: B was changed"); return; }
        var xRef = Array2(c.GetProperty("x"), n, nrhs);
        bool lowerOp = (uplo == Triangle.Lower) != transposed;
        double Op(int i, int j) // op(A)[i, j] with the unit diagonal and the other triangle as the solve sees them
        {
            if (i == j && unit) return 1;
            if (lowerOp ? j > i : j < i) return 0;
            return transposed ? At(a, j, i, lda) : At(a, i, j, lda);
        }
        if (c.TryGetProperty("nonFinite", out var pattern))
        {
            var bad = pattern.EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetBoolean()).ToArray()).ToArray();
            for (int i = 0; i < n; i++)
                for (int col = 0; col < nrhs; col++)
                {
                    double x = At(b, i, col, ldb);
                    Assert.True(bad[i][col] != double.IsFinite(x), $"{what}: x[{i},{col}] = {x:R}; NaN-and-infinity.md's dependence rule gives {(bad[i][col] ? "non-finite" : "finite")} ({Reference} {xRef[i, col]:R})");
                    if (!bad[i][col] && double.IsFinite(xRef[i, col]))
                        Assert.True(Math.Abs(x - xRef[i, col]) <= 1e-12 * (1 + Math.Abs(xRef[i, col])), $"{what}: x[{i},{col}] = {x:R}, {Reference} {xRef[i, col]:R}");
                }
            return;
        }
        // Componentwise backward error of substitution: |op(A)x − b| ≤ γ·(|op(A)||x| + |b|), γ = 4(n + 2)ε.
        double xMax = 0;
        for (int col = 0; col < nrhs; col++)
            for (int i = 0; i < n; i++)
            {
                double r = -At(b0, i, col, ldb), s = Math.Abs(At(b0, i, col, ldb));
                for (int j = 0; j < n; j++) { double t = Op(i, j) * At(b, j, col, ldb); r += t; s += Math.Abs(t); }
                Assert.True(Math.Abs(r) <= 4 * (n + 2) * Eps * s, $"{what}: (op(A)x − b)[{i},{col}] = {r:g3} against |op(A)||x| + |b| = {s:g3}");
                xMax = Math.Max(xMax, Math.Abs(xRef[i, col]));
            }
        if (c.GetProperty("compare").GetBoolean())
            for (int col = 0; col < nrhs; col++)
                for (int i = 0; i < n; i++)
                    Assert.True(Math.Abs(At(b, i, col, ldb) - xRef[i, col]) <= 1e-12 * xMax, $"{what}: x[{i},{col}] = {At(b, i, col, ldb):R}, {Reference} {xRef[i, col]:R}");
    }

    [Theory, MemberData(nameof(PotrfCases))]
    public void Potrf_MatchesReference(int index)
    {
        var c = Case("potrf", index);
        string what = $"Potrf {c.GetProperty("name").GetString()} {c.GetProperty("uplo").GetString()} on {BlasProvider.Current}";
        int n = c.GetProperty("n").GetInt32(), lda = c.GetProperty("lda").GetInt32();
        var uplo = Enum.Parse<Triangle>(c.GetProperty("uplo").GetString()!);
        var a0 = Stored(c.GetProperty("a"));
        var a = (double[])a0.Clone();
        int info = Lapack.Potrf(uplo, n, a, lda);
        int expected = c.GetProperty("info").GetInt32();
        Assert.True(expected == info, $"{what}: INFO {info}, expected {expected} ({Reference}'s dpotrf {(c.TryGetProperty("scipyInfo", out var si) || c.TryGetProperty("referenceInfo", out si) ? si.GetInt32() : 0)})");
        AssertPaddingKept(a0, a, n, n, lda, what);
        bool lower = uplo == Triangle.Lower;
        for (int j = 0; j < n; j++)
            for (int i = 0; i < n; i++)
                if (lower ? i < j : i > j)
                    Assert.True(BitConverter.DoubleToInt64Bits(At(a0, i, j, lda)) == BitConverter.DoubleToInt64Bits(At(a, i, j, lda)), $"{what}: the other triangle's [{i},{j}] was written");
        if (info > 0 || n == 0)
        {
            bool nonFinite = a0.Any(v => !double.IsFinite(v));
            if (nonFinite) Assert.True(a0.SequenceEqual(a) || a0.Zip(a).All(p => p.First.Equals(p.Second)), $"{what}: a non-finite A must be left unchanged");
            return;
        }
        // L (or Uᵀ) as a dense lower factor G with A = GGᵀ: |A − GGᵀ| ≤ γ(n + 1)·|G||Gᵀ| elementwise (Cholesky's backward error).
        double G(int i, int j) => i < j ? 0 : lower ? At(a, i, j, lda) : At(a, j, i, lda);
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++)
            {
                double s = 0, abs = 0;
                for (int p = 0; p <= j; p++) { s += G(i, p) * G(j, p); abs += Math.Abs(G(i, p) * G(j, p)); }
                double aij = lower ? At(a0, i, j, lda) : At(a0, j, i, lda);
                Assert.True(Math.Abs(s - aij) <= 4 * (n + 2) * Eps * abs, $"{what}: (GGᵀ − A)[{i},{j}] = {s - aij:g3} against (|G||Gᵀ|) = {abs:g3}");
            }
        if (c.GetProperty("compare").GetBoolean())
        {
            var f = Array2(c.GetProperty("factor"), n, n);
            double scale = Enumerable.Range(0, n).Max(i => Math.Abs(f[i, i]));
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                    if (lower ? i >= j : i <= j)
                        Assert.True(Math.Abs(At(a, i, j, lda) - f[i, j]) <= 1e-12 * scale, $"{what}: factor[{i},{j}] = {At(a, i, j, lda):R}, {Reference} {f[i, j]:R}");
        }
    }

    [Theory, MemberData(nameof(PotrsCases))]
    public void Potrs_MatchesReference(int index)
    {
        var c = Case("potrs", index);
        string what = $"Potrs {c.GetProperty("name").GetString()} {c.GetProperty("uplo").GetString()} on {BlasProvider.Current}";
        int n = c.GetProperty("n").GetInt32(), nrhs = c.GetProperty("nrhs").GetInt32(), lda = c.GetProperty("lda").GetInt32(), ldb = c.GetProperty("ldb").GetInt32();
        var uplo = Enum.Parse<Triangle>(c.GetProperty("uplo").GetString()!);
        var f = Stored(c.GetProperty("factor"));
        var aFull = Array1(c.GetProperty("a"));
        var b0 = Stored(c.GetProperty("b"));
        var b = (double[])b0.Clone();
        int info = Lapack.Potrs(uplo, n, nrhs, f, lda, b, ldb);
        Assert.Equal(c.GetProperty("info").GetInt32(), info);
        AssertPaddingKept(b0, b, n, nrhs, ldb, what);
        if (nrhs == 0) { Assert.True(b0.SequenceEqual(b), $"{what}: B was changed"); return; }
        var xRef = Array2(c.GetProperty("x"), n, nrhs);
        // Normwise backward error: ‖Ax − b‖∞ ≤ 10·n²·ε·(‖A‖∞‖x‖∞ + ‖b‖∞) per column (the factor's own error included).
        for (int col = 0; col < nrhs; col++)
        {
            double aNorm = 0, xNorm = 0, bNorm = 0, rNorm = 0, xRefMax = 0;
            for (int i = 0; i < n; i++)
            {
                double r = -At(b0, i, col, ldb), row = 0;
                for (int j = 0; j < n; j++) { r += aFull[j * n + i] * At(b, j, col, ldb); row += Math.Abs(aFull[j * n + i]); }
                aNorm = Math.Max(aNorm, row); xNorm = Math.Max(xNorm, Math.Abs(At(b, i, col, ldb)));
                bNorm = Math.Max(bNorm, Math.Abs(At(b0, i, col, ldb))); rNorm = Math.Max(rNorm, Math.Abs(r));
                xRefMax = Math.Max(xRefMax, Math.Abs(xRef[i, col]));
            }
            Assert.True(rNorm <= 10 * n * n * Eps * (aNorm * xNorm + bNorm), $"{what}: ‖Ax − b‖ = {rNorm:g3}, ‖A‖‖x‖ + ‖b‖ = {aNorm * xNorm + bNorm:g3}");
            if (c.GetProperty("compare").GetBoolean())
                for (int i = 0; i < n; i++)
                    Assert.True(Math.Abs(At(b, i, col, ldb) - xRef[i, col]) <= 1e-12 * xRefMax, $"{what}: x[{i},{col}] = {At(b, i, col, ldb):R}, {Reference} {xRef[i, col]:R}");
        }
    }

    private static Matrix<double> ToMatrix(double[,] v)
    {
        var m = new Matrix<double>(v.GetLength(0), v.GetLength(1));
        for (int i = 0; i < v.GetLength(0); i++) for (int j = 0; j < v.GetLength(1); j++) m[i, j] = v[i, j];
        return m;
    }

    private static double[,] Rows(JsonElement e)
    {
        var rows = e.EnumerateArray().Select(r => r.EnumerateArray().Select(D).ToArray()).ToArray();
        var v = new double[rows.Length, rows.Length == 0 ? 0 : rows[0].Length];
        for (int i = 0; i < rows.Length; i++) for (int j = 0; j < rows[i].Length; j++) v[i, j] = rows[i][j];
        return v;
    }

    [Theory, MemberData(nameof(MatrixFormCases))]
    public void MatrixForms_MatchReference(int index)
    {
        var c = Root.GetProperty("matrixForms")[index];
        string what = $"{c.GetProperty("form").GetString()} {c.GetProperty("name").GetString()} on {BlasProvider.Current}";
        var av = Rows(c.GetProperty("a"));
        var a = ToMatrix(av);
        int m = av.GetLength(0), n = av.GetLength(1);
        switch (c.GetProperty("form").GetString())
        {
            case "qrPivoted":
            {
                var b = Array1(c.GetProperty("b"));
                var qr = Lapack.QrPivoted(a);
                Assert.True(c.GetProperty("rank").GetInt32() == qr.Rank(), $"{what}: Rank() {qr.Rank()}, {Reference} {c.GetProperty("rank").GetInt32()}");
                if (m < n) { Assert.Throws<InvalidOperationException>(() => qr.Solve(b)); return; } // the wide factor is at fault, not b
                if (!c.TryGetProperty("x", out var xe)) { Assert.Throws<ArithmeticException>(() => qr.Solve(b)); return; }
                var x = qr.Solve(b);
                var xRef = Array1(xe);
                // Least-squares optimality of a backward-stable solution: ‖Aᵀ(Ax − b)‖∞ ≤ 10·m·n·ε·‖A‖_F·(‖r‖ + ‖A‖_F‖x‖ + ‖b‖).
                double aF = 0, xN = 0, bN = 0, rN = 0, atr = 0;
                var r = new double[m];
                for (int i = 0; i < m; i++)
                {
                    r[i] = -b[i];
                    for (int j = 0; j < n; j++) { r[i] += av[i, j] * x[j]; aF += av[i, j] * av[i, j]; }
                    rN += r[i] * r[i]; bN += b[i] * b[i];
                }
                aF = Math.Sqrt(aF); rN = Math.Sqrt(rN); bN = Math.Sqrt(bN); xN = Math.Sqrt(x.Sum(v => v * v));
                for (int j = 0; j < n; j++) { double s = 0; for (int i = 0; i < m; i++) s += av[i, j] * r[i]; atr = Math.Max(atr, Math.Abs(s)); }
                Assert.True(atr <= 10 * m * n * Eps * aF * (rN + aF * xN + bN), $"{what}: ‖Aᵀr‖ = {atr:g3}");
                double cond = c.GetProperty("cond").GetDouble();
                if (cond < 100)
                    for (int j = 0; j < n; j++) Assert.True(Math.Abs(x[j] - xRef[j]) <= 1e-12 * xRef.Max(Math.Abs), $"{what}: x[{j}] = {x[j]:R}, {Reference} {xRef[j]:R}");
                return;
            }
            case "cholesky":
            {
                var b = Array1(c.GetProperty("b"));
                int info = c.GetProperty("info").GetInt32();
                if (info > 0)
                {
                    var e = Assert.Throws<ArithmeticException>(() => Lapack.Cholesky(a));
                    Assert.Contains($"order {info}", e.Message);
                    return;
                }
                var x = Lapack.Cholesky(a).Solve(b);
                var xRef = Array1(c.GetProperty("x"));
                double cond = c.GetProperty("cond").GetDouble(), xMax = xRef.Max(Math.Abs);
                for (int j = 0; j < n; j++) Assert.True(Math.Abs(x[j] - xRef[j]) <= 100 * n * Eps * cond * xMax, $"{what}: x[{j}] = {x[j]:R}, {Reference} {xRef[j]:R}");
                return;
            }
            case "solveTriangular":
            {
                var bv = Rows(c.GetProperty("b"));
                var uplo = Enum.Parse<Triangle>(c.GetProperty("uplo").GetString()!);
                bool transposed = c.GetProperty("trans").GetBoolean();
                var op = transposed ? Transpose.Transposed : Transpose.None;
                var singular = c.GetProperty("singular");
                if (singular.ValueKind == JsonValueKind.Number)
                {
                    var e = Assert.Throws<ArithmeticException>(() => Lapack.SolveTriangular(uplo, a, ToMatrix(bv), op));
                    Assert.Contains($"a[{singular.GetInt32()},{singular.GetInt32()}]", e.Message);
                    return;
                }
                var x = Lapack.SolveTriangular(uplo, a, ToMatrix(bv), op);
                var xRef = Rows(c.GetProperty("x"));
                for (int col = 0; col < bv.GetLength(1); col++)
                    for (int i = 0; i < n; i++)
                    {
                        double r = -bv[i, col], s = Math.Abs(bv[i, col]);
                        for (int j = 0; j < n; j++)
                        {
                            bool inTriangle = uplo == Triangle.Lower ? (transposed ? i <= j : j <= i) : (transposed ? j <= i : i <= j);
                            double aij = transposed ? av[j, i] : av[i, j];
                            if (!inTriangle) continue;
                            r += aij * x[j, col]; s += Math.Abs(aij * x[j, col]);
                        }
                        Assert.True(Math.Abs(r) <= 4 * (n + 2) * Eps * s, $"{what}: (op(A)x − b)[{i},{col}] = {r:g3} against {s:g3}");
                        if (!c.GetProperty("name").GetString()!.StartsWith("Kahan", StringComparison.Ordinal))
                            Assert.True(Math.Abs(x[i, col] - xRef[i, col]) <= 1e-12 * (1 + Math.Abs(xRef[i, col])), $"{what}: x[{i},{col}] = {x[i, col]:R}, {Reference} {xRef[i, col]:R}");
                    }
                return;
            }
            default: throw new InvalidOperationException(c.GetProperty("form").GetString());
        }
    }
}
