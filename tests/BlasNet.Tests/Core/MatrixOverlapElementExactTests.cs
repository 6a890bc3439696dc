namespace BlasNet.Tests.Core;

/// <summary>
/// The element-exact overlap test for two row-major strided matrices (Check.NoOverlap with shapes): sub-blocks of one
/// buffer whose ranges interleave but share no element are valid BLAS calls and must be computed right on every provider
/// (the native libraries receive the interleaved pointers); blocks that do share an element are still refused, with the
/// element named. References are the BLAS definition computed on separate copies (NaiveBlas, or loops written here).
/// </summary>
public class MatrixOverlapElementExactTests
{
    private static double[] Random(int length, int seed)
    {
        var rng = new Random(seed);
        var v = new double[length];
        for (int i = 0; i < length; i++) v[i] = rng.NextDouble() * 2 - 1;
        return v;
    }

    private static double[] Block(double[] buf, int ld, int row, int col, int rows, int cols)
    {
        var b = new double[rows * cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) b[i * cols + j] = buf[(row + i) * ld + col + j];
        return b;
    }

    /// <summary>Every element of buf outside the rows×cols block at (row, col) equal, bit for bit, to before's.</summary>
    private static void OutsideUnchanged(double[] before, double[] buf, int ld, int row, int col, int rows, int cols)
    {
        for (int p = 0; p < buf.Length; p++)
        {
            int i = p / ld - row, j = p % ld - col;
            if (i >= 0 && i < rows && j >= 0 && j < cols) continue;
            Assert.Equal(BitConverter.DoubleToInt64Bits(before[p]), BitConverter.DoubleToInt64Bits(buf[p]));
        }
    }

    public static TheoryData<int, int> TrailingCases => new() { { 6, 2 }, { 12, 4 }, { 67, 16 }, { 200, 64 } };

    /// <summary>
    /// A blocked LU's trailing update A22 ← A22 − A21·A12 on one row-major n×n buffer (ld = n): A21 at [nb, 0],
    /// A12 at [0, nb], A22 at [nb, nb]. The ranges of A21 and A22 (and of A12 and A22) overlap; no element is shared.
    /// Refused before as "c overlaps a in memory"; now computed and compared with the product from the definition.
    /// </summary>
    [Theory, MemberData(nameof(TrailingCases))]
    public void TrailingUpdate_OnSubBlocksOfOneBuffer_MatchesTheDefinition(int n, int nb)
    {
        int t = n - nb;
        var buf = Random(n * n, n);
        var before = (double[])buf.Clone();
        double[] a21 = Block(buf, n, nb, 0, t, nb), a12 = Block(buf, n, 0, nb, nb, t), c = Block(buf, n, nb, nb, t, t);
        var bound = NaiveBlas.Gemm(false, false, t, t, nb, -1.0, a21, nb, a12, t, 1.0, c, t);

        Blas.Gemm(Transpose.None, Transpose.None, t, t, nb, -1.0, buf.AsSpan(nb * n), n, buf.AsSpan(nb), n, 1.0, buf.AsSpan(nb * n + nb), n);

        for (int i = 0; i < t; i++)
            for (int j = 0; j < t; j++)
                Assert.True(Math.Abs(buf[(nb + i) * n + nb + j] - c[i * t + j]) <= (nb + 2) * 1.2e-16 * bound[i * t + j],
                    $"A22[{i}, {j}] = {buf[(nb + i) * n + nb + j]}, the definition gives {c[i * t + j]} (n = {n}, nb = {nb})");
        OutsideUnchanged(before, buf, n, nb, nb, t, t);
    }

    /// <summary>The same update in float (a provider's sgemm on the interleaved pointers), against the definition in double.</summary>
    [Fact]
    public void TrailingUpdate_Float_MatchesTheDefinition()
    {
        const int n = 70, nb = 20, t = n - nb;
        var src = Random(n * n, 7);
        var buf = Array.ConvertAll(src, v => (float)v);
        var exact = Array.ConvertAll(buf, v => (double)v);
        double[] a21 = Block(exact, n, nb, 0, t, nb), a12 = Block(exact, n, 0, nb, nb, t), c = Block(exact, n, nb, nb, t, t);
        var bound = NaiveBlas.Gemm(false, false, t, t, nb, -1.0, a21, nb, a12, t, 1.0, c, t);

        Blas.Gemm(Transpose.None, Transpose.None, t, t, nb, -1f, buf.AsSpan(nb * n), n, buf.AsSpan(nb), n, 1f, buf.AsSpan(nb * n + nb), n);

        for (int i = 0; i < t; i++)
            for (int j = 0; j < t; j++)
                Assert.True(Math.Abs(buf[(nb + i) * n + nb + j] - c[i * t + j]) <= (nb + 2) * 6e-8 * bound[i * t + j],
                    $"A22[{i}, {j}] = {buf[(nb + i) * n + nb + j]}, the definition gives {c[i * t + j]}");
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                if (i < nb || j < nb) Assert.Equal((float)src[i * n + j], buf[i * n + j]);
    }

    /// <summary>
    /// The other steps of a blocked factorization on the same buffer: a Cholesky-style SYRK A22 ← A22 − A21·A21ᵀ (lower
    /// triangle) and a blocked LU's TRSM A12 ← L11⁻¹A12 with the unit lower triangle of A11 (at [0, 0]); each input's
    /// range overlaps its output's, no element is shared.
    /// </summary>
    [Fact]
    public void SyrkAndTrsm_OnSubBlocksOfOneBuffer_MatchTheDefinition()
    {
        const int n = 40, nb = 12, t = n - nb;
        var buf = Random(n * n, 11);
        for (int i = 0; i < nb; i++) for (int j = 0; j < nb; j++) if (i > j) buf[i * n + j] *= 0.2; // a well-conditioned L11
        var before = (double[])buf.Clone();

        double[] a21 = Block(buf, n, nb, 0, t, nb), c = Block(buf, n, nb, nb, t, t);
        var bound = NaiveBlas.Syrk(false, false, t, nb, -1.0, a21, nb, 1.0, c, t);
        Blas.Syrk(Triangle.Lower, Transpose.None, t, nb, -1.0, buf.AsSpan(nb * n), n, 1.0, buf.AsSpan(nb * n + nb), n);
        for (int i = 0; i < t; i++)
            for (int j = 0; j < t; j++)
            {
                double got = buf[(nb + i) * n + nb + j];
                if (j > i) Assert.Equal(before[(nb + i) * n + nb + j], got); // the upper triangle is not written
                else Assert.True(Math.Abs(got - c[i * t + j]) <= (nb + 2) * 1.2e-16 * bound[i * t + j], $"SYRK C[{i}, {j}] = {got}, the definition gives {c[i * t + j]}");
            }
        OutsideUnchanged(before, buf, n, nb, nb, t, t);

        // TRSM: forward substitution with the unit lower L11, column by column, on a copy of A12.
        var b = Block(buf, n, 0, nb, nb, t);
        for (int j = 0; j < t; j++)
            for (int i = 0; i < nb; i++)
            {
                double s = b[i * t + j];
                for (int p = 0; p < i; p++) s -= buf[i * n + p] * b[p * t + j];
                b[i * t + j] = s;
            }
        var beforeTrsm = (double[])buf.Clone();
        Blas.Trsm(Side.Left, Triangle.Lower, Transpose.None, Diagonal.Unit, nb, t, 1.0, buf.AsSpan(), n, buf.AsSpan(nb), n);
        for (int i = 0; i < nb; i++)
            for (int j = 0; j < t; j++)
                Assert.True(Math.Abs(buf[i * n + nb + j] - b[i * t + j]) <= 1e-12 * (1 + Math.Abs(b[i * t + j])), $"TRSM B[{i}, {j}] = {buf[i * n + nb + j]}, substitution gives {b[i * t + j]}");
        OutsideUnchanged(beforeTrsm, buf, n, 0, nb, nb, t);
    }

    /// <summary>
    /// The stored shapes follow the transpose flags: A22 ← A22 − A12ᵀ·A12 (op(A) = A12ᵀ, stored nb×t at [0, nb]),
    /// SYMM C ← A11·B + C into A12 (A11 symmetric, lower triangle, at [0, 0]) and SYR2K A22 ← A22 − (A21·Bᵀ + B·A21ᵀ)
    /// (lower triangle), each on sub-blocks of one buffer, against the definition on copies.
    /// </summary>
    [Fact]
    public void TransposedGemmSymmAndSyr2k_OnSubBlocksOfOneBuffer_MatchTheDefinition()
    {
        const int n = 30, nb = 8, t = n - nb;
        var buf = Random(n * n, 21);
        var before = (double[])buf.Clone();
        double[] a12 = Block(buf, n, 0, nb, nb, t), c = Block(buf, n, nb, nb, t, t);
        var bound = NaiveBlas.Gemm(true, false, t, t, nb, -1.0, a12, t, a12, t, 1.0, c, t);
        Blas.Gemm(Transpose.Transposed, Transpose.None, t, t, nb, -1.0, buf.AsSpan(nb), n, buf.AsSpan(nb), n, 1.0, buf.AsSpan(nb * n + nb), n);
        for (int i = 0; i < t; i++)
            for (int j = 0; j < t; j++)
                Assert.True(Math.Abs(buf[(nb + i) * n + nb + j] - c[i * t + j]) <= (nb + 2) * 1.2e-16 * bound[i * t + j], $"GEMM C[{i}, {j}] = {buf[(nb + i) * n + nb + j]}, the definition gives {c[i * t + j]}");
        OutsideUnchanged(before, buf, n, nb, nb, t, t);

        // SYMM: C (A12, nb×t) ← A11·B + C, A11 read from its lower triangle only.
        buf = (double[])before.Clone();
        var bm = Random(nb * t, 22);
        var symm = Block(buf, n, 0, nb, nb, t);
        for (int i = 0; i < nb; i++)
            for (int j = 0; j < t; j++)
            {
                double s = 0;
                for (int p = 0; p < nb; p++) s += (i >= p ? buf[i * n + p] : buf[p * n + i]) * bm[p * t + j];
                symm[i * t + j] += s;
            }
        Blas.Symm(Side.Left, Triangle.Lower, nb, t, 1.0, buf, n, bm, t, 1.0, buf.AsSpan(nb), n);
        for (int i = 0; i < nb; i++)
            for (int j = 0; j < t; j++)
                Assert.True(Math.Abs(buf[i * n + nb + j] - symm[i * t + j]) <= 1e-13, $"SYMM C[{i}, {j}] = {buf[i * n + nb + j]}, the definition gives {symm[i * t + j]}");
        OutsideUnchanged(before, buf, n, 0, nb, nb, t);

        // SYR2K: A22 (lower) ← A22 − (A21·Bᵀ + B·A21ᵀ), A21 at [nb, 0], B (t×nb) separate.
        buf = (double[])before.Clone();
        var b2 = Random(t * nb, 23);
        var syr2k = Block(buf, n, nb, nb, t, t);
        for (int i = 0; i < t; i++)
            for (int j = 0; j <= i; j++)
            {
                double s = 0;
                for (int p = 0; p < nb; p++) s += buf[(nb + i) * n + p] * b2[j * nb + p] + b2[i * nb + p] * buf[(nb + j) * n + p];
                syr2k[i * t + j] -= s;
            }
        Blas.Syr2k(Triangle.Lower, Transpose.None, t, nb, -1.0, buf.AsSpan(nb * n), n, b2, nb, 1.0, buf.AsSpan(nb * n + nb), n);
        for (int i = 0; i < t; i++)
            for (int j = 0; j <= i; j++)
                Assert.True(Math.Abs(buf[(nb + i) * n + nb + j] - syr2k[i * t + j]) <= 1e-13, $"SYR2K C[{i}, {j}] = {buf[(nb + i) * n + nb + j]}, the definition gives {syr2k[i * t + j]}");
        for (int i = 0; i < t; i++)
            for (int j = i + 1; j < t; j++) Assert.Equal(before[(nb + i) * n + nb + j], buf[(nb + i) * n + nb + j]); // upper not written
        OutsideUnchanged(before, buf, n, nb, nb, t, t);
    }

    /// <summary>
    /// [A | C] side by side in one m×(k + n) workspace (ld = k + n), B separate: C ← AB + C. And GEMV with y a column of
    /// the workspace next to A, GER with x a column next to the A it updates.
    /// </summary>
    [Fact]
    public void SideBySide_AAndCInOneWorkspace_MatchTheDefinition()
    {
        const int m = 9, k = 5, n = 7, ld = k + n;
        var ws = Random(m * ld, 3);
        var bm = Random(k * n, 4);
        var before = (double[])ws.Clone();
        double[] a = Block(ws, ld, 0, 0, m, k), c = Block(ws, ld, 0, k, m, n);
        var bound = NaiveBlas.Gemm(false, false, m, n, k, 1.0, a, k, bm, n, 1.0, c, n);
        Blas.Gemm(Transpose.None, Transpose.None, m, n, k, 1.0, ws, ld, bm, n, 1.0, ws.AsSpan(k), ld);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
                Assert.True(Math.Abs(ws[i * ld + k + j] - c[i * n + j]) <= (k + 2) * 1.2e-16 * bound[i * n + j], $"C[{i}, {j}] = {ws[i * ld + k + j]}, the definition gives {c[i * n + j]}");
        OutsideUnchanged(before, ws, ld, 0, k, m, n);

        // y (column k of the workspace, increment ld) ← A x with A the m×k block beside it.
        var x = Random(k, 5);
        var w2 = (double[])before.Clone();
        var aBlock = Block(w2, ld, 0, 0, m, k);
        var yRef = new double[m];
        for (int i = 0; i < m; i++) { double s = 0; for (int p = 0; p < k; p++) s += aBlock[i * k + p] * x[p]; yRef[i] = s; }
        Blas.Gemv(Transpose.None, m, k, 1.0, w2, ld, x, 1, 0.0, w2.AsSpan(k), ld);
        for (int i = 0; i < m; i++) Assert.True(Math.Abs(w2[i * ld + k] - yRef[i]) <= 1e-14, $"y[{i}] = {w2[i * ld + k]}, the definition gives {yRef[i]}");

        // A (m×n block at column 1) ← A + x yᵀ with x column 0 of the same workspace (increment ld).
        var w3 = (double[])before.Clone();
        var yv = Random(n, 6);
        var aRef = Block(w3, ld, 0, 1, m, n);
        for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) aRef[i * n + j] += w3[i * ld] * yv[j];
        Blas.Ger(m, n, 1.0, w3, ld, yv, 1, w3.AsSpan(1), ld);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) Assert.True(Math.Abs(w3[i * ld + 1 + j] - aRef[i * n + j]) <= 1e-14, $"A[{i}, {j}] = {w3[i * ld + 1 + j]}, the definition gives {aRef[i * n + j]}");
        for (int i = 0; i < m; i++) Assert.Equal(before[i * ld], w3[i * ld]); // x untouched
    }

    /// <summary>
    /// The predicate against a brute-force intersection of the two index sets, over thousands of random shapes, leading
    /// dimensions and offsets (output before and after the input's start). When an element is reported, it must be one:
    /// inside both matrices and at the same position.
    /// </summary>
    [Fact]
    public void Predicate_MatchesBruteForceIntersection()
    {
        var rng = new Random(37);
        int shared = 0;
        for (int trial = 0; trial < 20000; trial++)
        {
            int rIn = rng.Next(0, 7), cIn = rng.Next(0, 7), ldIn = Math.Max(1, cIn) + rng.Next(0, 6);
            int rOut = rng.Next(0, 7), cOut = rng.Next(0, 7), ldOut = Math.Max(1, cOut) + rng.Next(0, 6);
            if (rng.Next(4) == 0) { rIn = rng.Next(1, 12); cIn = 1; ldIn = rng.Next(1, 8); } // a strided vector
            int extentIn = rIn * ldIn + cIn, extentOut = rOut * ldOut + cOut;
            int offset = rng.Next(-extentOut, extentIn + 1);
            var inputs = new HashSet<long>();
            for (int r = 0; r < rIn; r++) for (int j = 0; j < cIn; j++) inputs.Add((long)r * ldIn + j);
            bool expected = false;
            for (int s = 0; s < rOut && !expected; s++) for (int j = 0; j < cOut && !expected; j++) expected = inputs.Contains(offset + (long)s * ldOut + j);

            bool got = Check.FirstSharedElement(offset, rIn, cIn, ldIn, rOut, cOut, ldOut, out long ri, out long ci, out long ro, out long co);
            Assert.True(expected == got, $"in {rIn}×{cIn} ld {ldIn}, out {rOut}×{cOut} ld {ldOut}, offset {offset}: brute force {expected}, predicate {got}");
            if (!got) continue;
            shared++;
            Assert.InRange(ri, 0, rIn - 1); Assert.InRange(ci, 0, cIn - 1); Assert.InRange(ro, 0, rOut - 1); Assert.InRange(co, 0, cOut - 1);
            Assert.Equal(ri * ldIn + ci, offset + ro * ldOut + co);
        }
        Assert.InRange(shared, 2000, 18000); // both answers were exercised
    }

    /// <summary>Positions past int.MaxValue (rows · ld in 64 bits): a 32-bit product would wrap and answer wrongly.</summary>
    [Fact]
    public void Predicate_HasNo32BitOverflow()
    {
        const long M = int.MaxValue;
        // Input at {0, M, 2M}, output at {offset, offset + M}: offset = M meets row 1; offset = M − 1 meets nothing.
        Assert.True(Check.FirstSharedElement(M, 3, 1, M, 2, 1, M, out long ri, out _, out long ro, out _));
        Assert.Equal(1, ri); Assert.Equal(0, ro);
        Assert.False(Check.FirstSharedElement(M - 1, 3, 1, M, 2, 1, M, out _, out _, out _, out _));
        Assert.True(Check.FirstSharedElement(-M, 2, 1, M, 3, 1, M, out ri, out _, out ro, out _));
        Assert.Equal(0, ri); Assert.Equal(1, ro);
    }

    /// <summary>Sub-blocks that do share an element are refused before anything is written, the shared element named.</summary>
    [Fact]
    public void RealOverlaps_AreRefused_WithTheElementNamed()
    {
        const int n = 8, nb = 3, t = n - nb;
        var buf = Random(n * n, 9);
        var before = (double[])buf.Clone();
        // A = the t×2 block at [nb, nb − 1]: its column 1 is C's column 0 (C = A22 at [nb, nb]).
        var ex = Assert.Throws<ArgumentException>(() =>
            Blas.Gemm(Transpose.None, Transpose.None, t, t, 2, -1.0, buf.AsSpan(nb * n + nb - 1), n, new double[2 * t], t, 1.0, buf.AsSpan(nb * n + nb), n));
        Assert.Equal("c", ex.ParamName);
        Assert.Contains("c overlaps a", ex.Message);
        Assert.Contains("element [0, 0] of c is element [0, 1] of a", ex.Message);
        // B = the 2×t block at [nb + 2, nb]: its row 0 is C's row 2.
        ex = Assert.Throws<ArgumentException>(() =>
            Blas.Gemm(Transpose.None, Transpose.None, t, t, 2, -1.0, new double[t * 2], 2, buf.AsSpan((nb + 2) * n + nb), n, 1.0, buf.AsSpan(nb * n + nb), n));
        Assert.Contains("c overlaps b", ex.Message);
        Assert.Contains("element [2, 0] of c is element [0, 0] of b", ex.Message);
        // TRSM with A's triangle reaching into B: A (3×3 at [0, 0], ld n) and B at [2, 2] share A's [2, 2] (read: the
        // diagonal is not unit; a unit one is not read, and that call is valid since session 40).
        ex = Assert.Throws<ArgumentException>(() =>
            Blas.Trsm(Side.Left, Triangle.Lower, Transpose.None, Diagonal.NonUnit, 3, 2, 1.0, buf, n, buf.AsSpan(2 * n + 2), n));
        Assert.Equal("b", ex.ParamName);
        Assert.Contains("element [0, 0] of b is element [2, 2] of a", ex.Message);
        // GEMV: y a column of A itself (column 2, increment n); GER: x a column of A.
        ex = Assert.Throws<ArgumentException>(() => Blas.Gemv(Transpose.None, 4, 4, 1.0, buf, n, new double[4], 1, 0.0, buf.AsSpan(2), n));
        Assert.Equal("y", ex.ParamName);
        Assert.Contains("element 0 of y is element [0, 2] of a", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => Blas.Ger(4, 4, 1.0, buf.AsSpan(n + 1), n, new double[4], 1, buf, n));
        Assert.Equal("a", ex.ParamName);
        Assert.Contains("element [1, 1] of a is element 0 of x", ex.Message);
        // SYRK: C's square over A's columns.
        ex = Assert.Throws<ArgumentException>(() => Blas.Syrk(Triangle.Lower, Transpose.None, 3, 3, 1.0, buf, n, 1.0, buf.AsSpan(2), n));
        Assert.Contains("element [0, 0] of c is element [0, 2] of a", ex.Message);
        Assert.Equal(before, buf); // nothing written
    }
}
