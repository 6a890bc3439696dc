using System.Globalization;
using System.Text.RegularExpressions;

namespace BlasNet.Tests.Core;

/// <summary>
/// The band, packed and Lapack entries' overlap checks, element-exact, against brute force: every operand at a random
/// place in one buffer (leading dimensions and increments above the minimum, so ranges interleave), the index set of each
/// listed here from its storage definition (a band's elements that BLAS references, its unreferenced corners and a unit
/// diagonal left out, named as the matrix's [i, j]; a packed triangle's n(n + 1)/2 contiguous elements (Tpmv's and Tpsv's without a unit diagonal), a strided vector,
/// a column-major rectangle). A call is refused exactly when its output shares an element
/// with an operand it reads (in the routine's order), naming both and, where the message gives one, an element that is
/// in both; otherwise it is computed, compared with the definition on copies, and every element outside the output is
/// bit-unchanged. Before, these entries refused any overlap of the ranges, and the trials whose ranges overlap without
/// a shared element (counted, and required) failed.
/// </summary>
public class BandPackedLapackOverlapTests
{
    private const int BufferLength = 220;

    /// <summary>An operand by its index set and the buffer position of its [i, j] (vectors: [t, 0]) as messages name them.</summary>
    private sealed record Operand(string Name, HashSet<long> Set, Func<long, long, long> At, bool IsVector);

    private static Operand Vector(string name, long start, int n, int inc) =>
        new(name, Enumerable.Range(0, n).Select(t => start + (long)t * inc).ToHashSet(), (t, _) => start + t * inc, true);

    /// <summary>
    /// The elements a band routine references of row-major band storage: row i (of <paramref name="rows"/>) reads A[i, j] for
    /// i − below ≤ j ≤ i + above within the n columns (−1: the diagonal left out, a unit diagonal), at
    /// start + i·ld + diagonal + j − i; messages name them as A's [i, j].
    /// </summary>
    private static Operand Band(string name, long start, int rows, int n, int below, int above, int diagonal, int ld)
    {
        var set = new HashSet<long>();
        for (int i = 0; i < rows; i++)
            for (int j = Math.Max(0, i - below); j <= Math.Min(n - 1, i + above); j++) set.Add(start + (long)i * ld + diagonal + j - i);
        return new(name, set, (i, j) => start + i * ld + diagonal + j - i, false);
    }

    /// <summary>A column-major rows×cols matrix, [i, j] at start + i + j·ld.</summary>
    private static Operand ColumnMajor(string name, long start, int rows, int cols, int ld)
    {
        var set = new HashSet<long>();
        for (int j = 0; j < cols; j++) for (int i = 0; i < rows; i++) set.Add(start + i + (long)j * ld);
        return new(name, set, (i, j) => start + i + j * ld, false);
    }

    /// <summary>The triangle (diagonal included) a LAPACK solve reads of a column-major order-n A, [i, j] at start + i + j·ld (LapackSolveOverlap41Tests covers the rest).</summary>
    private static Operand ColumnMajorTriangle(string name, long start, int n, int ld, bool upper)
    {
        var set = new HashSet<long>();
        for (int j = 0; j < n; j++) for (int i = 0; i < n; i++) if (upper ? i <= j : i >= j) set.Add(start + i + (long)j * ld);
        return new(name, set, (i, j) => start + i + j * ld, false);
    }

    private static readonly Regex Shared = new(@"element (?:\[(\d+), (\d+)\]|(\d+)) of (\w+) is element (?:\[(\d+), (\d+)\]|(\d+)) of (\w+)");

    private static long Index(Match m, int first) =>
        m.Groups[first].Success ? long.Parse(m.Groups[first].Value, CultureInfo.InvariantCulture) : long.Parse(m.Groups[first + 2].Value, CultureInfo.InvariantCulture);

    private static long Second(Match m, int first) => m.Groups[first].Success ? long.Parse(m.Groups[first + 1].Value, CultureInfo.InvariantCulture) : 0;

    /// <summary>Outcome counts of one routine's trials.</summary>
    private sealed class Tally { public int Refused, Computed, ComputedWithRangesOverlapping; }

    /// <summary>
    /// One trial: refused iff (input, output) shares an element for one of <paramref name="pairs"/> (the first such named);
    /// else computed, <paramref name="check"/> compares the written elements with the definition, and every element outside
    /// <paramref name="written"/> keeps its bits.
    /// </summary>
    private static void Trial(Tally tally, double[] buf, Action call, (Operand Input, Operand Output)[] pairs, HashSet<long> written, Action<double[]> check, string what)
    {
        var before = (double[])buf.Clone();
        foreach (var (input, output) in pairs)
        {
            if (!input.Set.Overlaps(output.Set)) continue;
            var ex = Assert.Throws<ArgumentException>(call);
            if (!(output.Name == ex.ParamName)) Assert.Fail($"ParamName {ex.ParamName}, expected {output.Name}: {ex.Message} ({what})");
            Assert.True(ex.Message.Contains($"{output.Name} overlaps {input.Name}"), $"expected \"{output.Name} overlaps {input.Name}\": {ex.Message} ({what})");
            var m = Shared.Match(ex.Message);
            if (m.Success)
            {
                Assert.Equal(output.Name, m.Groups[4].Value); Assert.Equal(input.Name, m.Groups[8].Value);
                long outAt = output.At(Index(m, 1), Second(m, 1)), inAt = input.At(Index(m, 5), Second(m, 5));
                Assert.True(outAt == inAt && output.Set.Contains(outAt), $"the message's elements are buffer elements {outAt} and {inAt}, not one shared element: {ex.Message} ({what})");
            }
            Assert.Equal(before, buf);
            tally.Refused++;
            return;
        }
        call();
        tally.Computed++;
        if (pairs.Any(p => p.Input.Set.Count > 0 && p.Input.Set.Min() <= p.Output.Set.Max() && p.Output.Set.Min() <= p.Input.Set.Max())) tally.ComputedWithRangesOverlapping++;
        check(before);
        for (int x = 0; x < buf.Length; x++)
            if (!written.Contains(x))
                if (!(BitConverter.DoubleToInt64Bits(before[x]) == BitConverter.DoubleToInt64Bits(buf[x]))) Assert.Fail($"element {x} outside the output changed ({what})");
    }

    private static void Enough(Tally t, string routine) =>
        Assert.True(t.Refused > 50 && t.Computed > 50 && t.ComputedWithRangesOverlapping > 20,
            $"{routine}: refused {t.Refused}, computed {t.Computed}, of those with overlapping ranges {t.ComputedWithRangesOverlapping}");

    private static double[] Buffer(Random rng)
    {
        var buf = new double[BufferLength];
        for (int i = 0; i < buf.Length; i++) buf[i] = rng.NextDouble() * 2 - 1;
        return buf;
    }

    /// <summary>A start for an operand of the given extent, often near <paramref name="near"/> (so that it meets or interleaves with it).</summary>
    private static int Place(Random rng, int extent, int near) =>
        rng.Next(3) == 0 ? rng.Next(0, BufferLength - extent + 1) : Math.Clamp(near + rng.Next(-extent, extent + 1), 0, BufferLength - extent);

    private static void Close(double expected, double got, double scale, string what) =>
        Assert.True(Math.Abs(expected - got) <= 1e-12 * (1 + scale), $"{got}, the definition gives {expected} ({what})");

    // ---- Band and packed products ----

    /// <summary>An increment, often wide enough for the vector to step over a whole packed triangle (its elements on both sides).</summary>
    private static int WideIncrement(Random rng) => rng.Next(2) == 0 ? rng.Next(1, 5) : rng.Next(5, 24);

    [Fact]
    public void Gbmv_RandomLayoutsInOneBuffer_MatchBruteForce()
    {
        var rng = new Random(3811);
        var tally = new Tally();
        for (int trial = 0; trial < 3000; trial++)
        {
            bool t = rng.Next(2) == 1;
            int m = rng.Next(1, 6), n = rng.Next(1, 6), kl = rng.Next(0, 3), ku = rng.Next(0, 3), width = kl + ku + 1;
            int lda = width + rng.Next(0, 4), incX = rng.Next(1, 4), incY = rng.Next(1, 5);
            int lenX = t ? m : n, lenY = t ? n : m, bandRows = Math.Min(m, n + kl);
            int aExtent = (bandRows - 1) * lda + width, xExtent = (lenX - 1) * incX + 1, yExtent = (lenY - 1) * incY + 1;
            int aOff = rng.Next(0, BufferLength - aExtent + 1), yOff = Place(rng, yExtent, aOff), xOff = Place(rng, xExtent, yOff);
            var buf = Buffer(rng);
            Operand a = Band("a", aOff, bandRows, n, kl, ku, kl, lda), x = Vector("x", xOff, lenX, incX), y = Vector("y", yOff, lenY, incY);
            string what = $"trial {trial}: t {t} m {m} n {n} kl {kl} ku {ku}; a at {aOff} lda {lda}; x at {xOff} inc {incX}; y at {yOff} inc {incY}";
            Trial(tally, buf, () => Blas.Gbmv(t ? Transpose.Transposed : Transpose.None, m, n, kl, ku, 0.75, buf.AsSpan(aOff), lda, buf.AsSpan(xOff), incX, 0.5, buf.AsSpan(yOff), incY),
                [(a, y), (x, y)], y.Set, before =>
                {
                    for (int i = 0; i < lenY; i++)
                    {
                        double s = 0;
                        for (int j = 0; j < lenX; j++)
                        {
                            int r = t ? j : i, c = t ? i : j; // A[r, c], stored when −kl ≤ c − r ≤ ku
                            if (c - r <= ku && r - c <= kl) s += before[aOff + r * lda + kl + c - r] * before[xOff + j * incX];
                        }
                        Close(0.75 * s + 0.5 * before[yOff + i * incY], buf[yOff + i * incY], 1, $"y[{i}], {what}");
                    }
                }, what);
        }
        Enough(tally, "gbmv");
    }

    /// <summary>A[i, j] of the symmetric or triangular band (k off-diagonals, row-major band storage), or null when not stored.</summary>
    private static int? BandIndex(bool upper, int k, int lda, int i, int j) =>
        upper ? (j >= i && j - i <= k ? i * lda + j - i : null) : (i >= j && i - j <= k ? i * lda + k + j - i : null);

    /// <summary>A[i, j] of the packed triangle of order n (row-major packed storage), or null when not in the triangle.</summary>
    private static int? PackedIndex(bool upper, int n, int i, int j) =>
        upper ? (j >= i ? i * n - i * (i - 1) / 2 + j - i : null) : (i >= j ? i * (i + 1) / 2 + j : null);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SbmvAndSpmv_RandomLayoutsInOneBuffer_MatchBruteForce(bool packed)
    {
        var rng = new Random(packed ? 3812 : 3813);
        var tally = new Tally();
        for (int trial = 0; trial < 3000; trial++)
        {
            bool upper = rng.Next(2) == 1;
            int n = rng.Next(1, 6), k = rng.Next(0, 3), lda = k + 1 + rng.Next(0, 4), incX = rng.Next(1, 4), incY = rng.Next(1, 5);
            int aExtent = packed ? n * (n + 1) / 2 : (n - 1) * lda + k + 1, vExtentX = (n - 1) * incX + 1, vExtentY = (n - 1) * incY + 1;
            int aOff = rng.Next(0, BufferLength - aExtent + 1), yOff = Place(rng, vExtentY, aOff), xOff = Place(rng, vExtentX, yOff);
            var buf = Buffer(rng);
            string name = packed ? "ap" : "a";
            Operand a = packed ? Vector(name, aOff, aExtent, 1) : upper ? Band(name, aOff, n, n, 0, k, 0, lda) : Band(name, aOff, n, n, k, 0, k, lda), x = Vector("x", xOff, n, incX), y = Vector("y", yOff, n, incY);
            string what = $"trial {trial}: {(upper ? "upper" : "lower")} n {n} k {k}; a at {aOff} lda {lda}; x at {xOff} inc {incX}; y at {yOff} inc {incY}";
            var uplo = upper ? Triangle.Upper : Triangle.Lower;
            Action call = packed
                ? () => Blas.Spmv(uplo, n, 0.75, buf.AsSpan(aOff, aExtent), buf.AsSpan(xOff), incX, 0.5, buf.AsSpan(yOff), incY)
                : () => Blas.Sbmv(uplo, n, k, 0.75, buf.AsSpan(aOff), lda, buf.AsSpan(xOff), incX, 0.5, buf.AsSpan(yOff), incY);
            Trial(tally, buf, call, [(a, y), (x, y)], y.Set, before =>
            {
                for (int i = 0; i < n; i++)
                {
                    double s = 0;
                    for (int j = 0; j < n; j++)
                    {
                        int r = upper ? Math.Min(i, j) : Math.Max(i, j), c = upper ? Math.Max(i, j) : Math.Min(i, j); // the stored half
                        int? at = packed ? PackedIndex(upper, n, r, c) : BandIndex(upper, k, lda, r, c);
                        if (at is int p) s += before[aOff + p] * before[xOff + j * incX];
                    }
                    Close(0.75 * s + 0.5 * before[yOff + i * incY], buf[yOff + i * incY], 1, $"y[{i}], {what}");
                }
            }, what);
        }
        Enough(tally, packed ? "spmv" : "sbmv");
    }

    /// <summary>Tbmv, Tpmv (product) and Tbsv, Tpsv (solve, unit diagonal so that it stays well scaled): x against A.</summary>
    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void TriangularBandAndPacked_RandomLayoutsInOneBuffer_MatchBruteForce(bool packed, bool solve)
    {
        var rng = new Random(3814 + (packed ? 1 : 0) + (solve ? 2 : 0));
        var tally = new Tally();
        for (int trial = 0; trial < 3000; trial++)
        {
            bool upper = rng.Next(2) == 1, t = rng.Next(2) == 1, unit = solve || rng.Next(2) == 1;
            int n = rng.Next(1, 6), k = rng.Next(0, 3), lda = k + 1 + rng.Next(0, 4), incX = packed ? WideIncrement(rng) : rng.Next(1, 5);
            int aExtent = packed ? n * (n + 1) / 2 : (n - 1) * lda + k + 1, xExtent = (n - 1) * incX + 1;
            int aOff = rng.Next(0, BufferLength - aExtent + 1), xOff = Place(rng, xExtent, aOff);
            var buf = Buffer(rng);
            string name = packed ? "ap" : "a";
            int skip = unit ? 1 : 0; // a unit diagonal is not referenced
            Operand a = packed ? (unit ? PackedUnit(name, aOff, upper, n) : Vector(name, aOff, aExtent, 1)) : upper ? Band(name, aOff, n, n, -skip, k, 0, lda) : Band(name, aOff, n, n, k, -skip, k, lda), x = Vector("x", xOff, n, incX);
            string what = $"trial {trial}: {(upper ? "upper" : "lower")} t {t} unit {unit} n {n} k {k}; a at {aOff} lda {lda}; x at {xOff} inc {incX}";
            var (uplo, trans, diag) = (upper ? Triangle.Upper : Triangle.Lower, t ? Transpose.Transposed : Transpose.None, unit ? Diagonal.Unit : Diagonal.NonUnit);
            Action call = (packed, solve) switch
            {
                (true, false) => () => Blas.Tpmv(uplo, trans, diag, n, buf.AsSpan(aOff, aExtent), buf.AsSpan(xOff), incX),
                (true, true) => () => Blas.Tpsv(uplo, trans, diag, n, buf.AsSpan(aOff, aExtent), buf.AsSpan(xOff), incX),
                (false, false) => () => Blas.Tbmv(uplo, trans, diag, n, k, buf.AsSpan(aOff), lda, buf.AsSpan(xOff), incX),
                _ => () => Blas.Tbsv(uplo, trans, diag, n, k, buf.AsSpan(aOff), lda, buf.AsSpan(xOff), incX),
            };
            Trial(tally, buf, call, [(a, x)], x.Set, before =>
            {
                // op(A) densely, from the definition of the storage.
                var op = new double[n, n];
                for (int i = 0; i < n; i++)
                    for (int j = 0; j < n; j++)
                    {
                        int? at = packed ? PackedIndex(upper, n, i, j) : BandIndex(upper, k, lda, i, j);
                        double v = i == j && unit ? 1 : at is int p ? before[aOff + p] : 0;
                        if (t) op[j, i] = v; else op[i, j] = v;
                    }
                var x0 = Enumerable.Range(0, n).Select(i => before[xOff + i * incX]).ToArray();
                var got = Enumerable.Range(0, n).Select(i => buf[xOff + i * incX]).ToArray();
                for (int i = 0; i < n; i++)
                {
                    // product: x[i] = Σ op[i, j] x0[j]; solve: check op·x = x0 on the answer (a residual, scaled by the answer's size).
                    double s = 0, scale = 0;
                    for (int j = 0; j < n; j++) { s += op[i, j] * (solve ? got[j] : x0[j]); scale += Math.Abs(op[i, j] * (solve ? got[j] : x0[j])); }
                    if (solve) Close(x0[i], s, scale, $"(op(A) x)[{i}], {what}");
                    else Close(s, got[i], scale, $"x[{i}], {what}");
                }
            }, what);
        }
        Enough(tally, $"{(packed ? "packed" : "band")} {(solve ? "solve" : "product")}");
    }

    /// <summary>
    /// A packed triangle with a unit diagonal as Tpmv and Tpsv read it (session 39, tri39): every element but the diagonal's
    /// n slots, named as A's [i, j] (with the diagonal read every slot is, and the range test names no element).
    /// </summary>
    private static Operand PackedUnit(string name, long start, bool upper, int n)
    {
        var set = new HashSet<long>();
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                if (i != j && PackedIndex(upper, n, i, j) is int p) set.Add(start + p);
        return new(name, set, (i, j) => start + PackedIndex(upper, n, (int)i, (int)j)!.Value, false);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SprAndSpr2_RandomLayoutsInOneBuffer_MatchBruteForce(bool rank2)
    {
        var rng = new Random(rank2 ? 3818 : 3819);
        var tally = new Tally();
        for (int trial = 0; trial < 3000; trial++)
        {
            bool upper = rng.Next(2) == 1;
            int n = rng.Next(1, 6), incX = WideIncrement(rng), incY = WideIncrement(rng);
            int apExtent = n * (n + 1) / 2, xExtent = (n - 1) * incX + 1, yExtent = (n - 1) * incY + 1;
            int apOff = rng.Next(0, BufferLength - apExtent + 1), xOff = Place(rng, xExtent, apOff), yOff = Place(rng, yExtent, apOff);
            var buf = Buffer(rng);
            Operand ap = Vector("ap", apOff, apExtent, 1), x = Vector("x", xOff, n, incX), y = Vector("y", yOff, n, incY);
            string what = $"trial {trial}: {(upper ? "upper" : "lower")} n {n}; ap at {apOff}; x at {xOff} inc {incX}; y at {yOff} inc {incY}";
            var uplo = upper ? Triangle.Upper : Triangle.Lower;
            Action call = rank2
                ? () => Blas.Spr2(uplo, n, 0.75, buf.AsSpan(xOff), incX, buf.AsSpan(yOff), incY, buf.AsSpan(apOff, apExtent))
                : () => Blas.Spr(uplo, n, 0.75, buf.AsSpan(xOff), incX, buf.AsSpan(apOff, apExtent));
            (Operand, Operand)[] pairs = rank2 ? [(x, ap), (y, ap)] : [(x, ap)];
            Trial(tally, buf, call, pairs, ap.Set, before =>
            {
                for (int i = 0; i < n; i++)
                    for (int j = 0; j < n; j++)
                    {
                        if (PackedIndex(upper, n, i, j) is not int p) continue;
                        double xi = before[xOff + i * incX], xj = before[xOff + j * incX];
                        double update = rank2 ? xi * before[yOff + j * incY] + before[yOff + i * incY] * xj : xi * xj;
                        Close(before[apOff + p] + 0.75 * update, buf[apOff + p], 1, $"A[{i}, {j}], {what}");
                    }
            }, what);
        }
        Enough(tally, rank2 ? "spr2" : "spr");
    }

    // ---- Lapack (column-major) ----

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TrtrsAndPotrs_BBesideAInOneBuffer_MatchBruteForce(bool cholesky)
    {
        var rng = new Random(cholesky ? 3820 : 3821);
        var tally = new Tally();
        for (int trial = 0; trial < 2500; trial++)
        {
            bool upper = rng.Next(2) == 1, t = !cholesky && rng.Next(2) == 1;
            int n = rng.Next(1, 6), nrhs = rng.Next(1, 4), lda = n + rng.Next(0, 6), ldb = n + rng.Next(0, 6);
            int aExtent = (n - 1) * lda + n, bExtent = (nrhs - 1) * ldb + n;
            int aOff = rng.Next(0, BufferLength - aExtent + 1), bOff = Place(rng, bExtent, aOff);
            var buf = Buffer(rng);
            // A's diagonal away from 0 (a Cholesky factor's): the solves stay well scaled. Set before the trial's copy.
            for (int i = 0; i < n; i++) buf[aOff + i + i * lda] = 1.5 + rng.NextDouble();
            Operand a = ColumnMajorTriangle("a", aOff, n, lda, upper), b = ColumnMajor("b", bOff, n, nrhs, ldb);
            string what = $"trial {trial}: {(upper ? "upper" : "lower")} t {t} n {n} nrhs {nrhs}; a at {aOff} lda {lda}; b at {bOff} ldb {ldb}";
            var uplo = upper ? Triangle.Upper : Triangle.Lower;
            Action call = cholesky
                ? () => Assert.Equal(0, Lapack.Potrs(uplo, n, nrhs, buf.AsSpan(aOff), lda, buf.AsSpan(bOff), ldb))
                : () => Assert.Equal(0, Lapack.Trtrs(uplo, t ? Transpose.Transposed : Transpose.None, Diagonal.NonUnit, n, nrhs, buf.AsSpan(aOff), lda, buf.AsSpan(bOff), ldb));
            Trial(tally, buf, call, [(a, b)], b.Set, before =>
            {
                // The triangle T (upper or lower, from the definition of column-major storage) and the system's matrix.
                var tri = new double[n, n];
                for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) if (upper ? i <= j : i >= j) tri[i, j] = before[aOff + i + j * lda];
                var sys = new double[n, n];
                for (int i = 0; i < n; i++)
                    for (int j = 0; j < n; j++)
                    {
                        double s = 0;
                        if (cholesky) for (int p = 0; p < n; p++) s += upper ? tri[p, i] * tri[p, j] : tri[i, p] * tri[j, p]; // UᵀU or LLᵀ
                        else s = t ? tri[j, i] : tri[i, j];
                        sys[i, j] = s;
                    }
                for (int c = 0; c < nrhs; c++)
                    for (int i = 0; i < n; i++)
                    {
                        double s = 0, scale = 0;
                        for (int j = 0; j < n; j++) { double term = sys[i, j] * buf[bOff + j + c * ldb]; s += term; scale += Math.Abs(term); }
                        Close(before[bOff + i + c * ldb], s, scale, $"(A X)[{i}, {c}], {what}");
                    }
            }, what);
        }
        Enough(tally, cholesky ? "potrs" : "trtrs");
    }

    [Fact]
    public void Ormqr_CBesideTheReflectorsInOneBuffer_MatchesBruteForce()
    {
        var rng = new Random(3822);
        var tally = new Tally();
        for (int trial = 0; trial < 2500; trial++)
        {
            bool left = rng.Next(2) == 1, t = rng.Next(2) == 1;
            int m = rng.Next(1, 6), n = rng.Next(1, 6), order = left ? m : n, k = rng.Next(1, order + 1);
            int lda = order + rng.Next(0, 6), ldc = m + rng.Next(0, 6);
            int aExtent = (k - 1) * lda + order, cExtent = (n - 1) * ldc + m;
            int aOff = rng.Next(0, BufferLength - aExtent + 1), cOff = Place(rng, cExtent, aOff), tauOff = Place(rng, k, cOff);
            var buf = Buffer(rng);
            Operand a = ColumnMajor("a", aOff, order, k, lda), tau = Vector("tau", tauOff, k, 1), c = ColumnMajor("c", cOff, m, n, ldc);
            string what = $"trial {trial}: left {left} t {t} m {m} n {n} k {k}; a at {aOff} lda {lda}; tau at {tauOff}; c at {cOff} ldc {ldc}";
            Trial(tally, buf, () => Assert.Equal(0, Lapack.Ormqr(left ? Side.Left : Side.Right, t ? Transpose.Transposed : Transpose.None, m, n, k,
                    buf.AsSpan(aOff), lda, buf.AsSpan(tauOff, k), buf.AsSpan(cOff), ldc)),
                [(a, c), (tau, c)], c.Set, before =>
                {
                    var q = NaiveLapack.FormQ(order, k, before[aOff..(aOff + aExtent)], lda, before[tauOff..(tauOff + k)]);
                    if (t) q = NaiveLapack.Transpose(q);
                    var c0 = NaiveLapack.FromColumnMajor(before[cOff..(cOff + cExtent)], m, n, ldc);
                    var expected = left ? NaiveLapack.Multiply(q, c0) : NaiveLapack.Multiply(c0, q);
                    double scale = NaiveLapack.MaxAbs(c0) * order * (1 + NaiveLapack.MaxAbs(q));
                    for (int i = 0; i < m; i++)
                        for (int j = 0; j < n; j++) Close(expected[i, j], buf[cOff + i + j * ldc], scale, $"C[{i}, {j}], {what}");
                }, what);
        }
        Enough(tally, "ormqr");
    }

    /// <summary>Geqrf and Geqp3 write A and τ: τ in rows of A's columns that lda leaves free is valid. Checked as A·P = Q·R.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void GeqrfAndGeqp3_TauBesideAInOneBuffer_MatchBruteForce(bool pivoted)
    {
        var rng = new Random(pivoted ? 3823 : 3824);
        var tally = new Tally();
        for (int trial = 0; trial < 2500; trial++)
        {
            int m = rng.Next(1, 6), n = rng.Next(1, 6), r = Math.Min(m, n), lda = m + rng.Next(0, 6);
            int aExtent = (n - 1) * lda + m;
            int aOff = rng.Next(0, BufferLength - aExtent + 1), tauOff = Place(rng, r, aOff);
            var buf = Buffer(rng);
            Operand a = ColumnMajor("a", aOff, m, n, lda), tau = Vector("tau", tauOff, r, 1);
            var jpvt = new int[n];
            string what = $"trial {trial}: m {m} n {n}; a at {aOff} lda {lda}; tau at {tauOff}";
            Action call = pivoted
                ? () => Assert.Equal(0, Lapack.Geqp3(m, n, buf.AsSpan(aOff), lda, jpvt, buf.AsSpan(tauOff, r)))
                : () => Assert.Equal(0, Lapack.Geqrf(m, n, buf.AsSpan(aOff), lda, buf.AsSpan(tauOff, r)));
            var written = new HashSet<long>(a.Set); written.UnionWith(tau.Set);
            Trial(tally, buf, call, [(a, tau)], written, before =>
            {
                var q = NaiveLapack.FormQ(m, r, buf[aOff..(aOff + aExtent)], lda, buf[tauOff..(tauOff + r)]);
                for (int i = 0; i < m; i++)
                    for (int j = 0; j < n; j++)
                    {
                        double s = 0;
                        for (int p = 0; p <= Math.Min(j, m - 1); p++) s += q[i, p] * buf[aOff + p + j * lda]; // Q·R, R on and above the diagonal
                        int col = pivoted ? jpvt[j] : j;
                        Close(before[aOff + i + col * lda], s, 5, $"(A P)[{i}, {j}], {what}");
                    }
            }, what);
        }
        Enough(tally, pivoted ? "geqp3" : "geqrf");
    }
}
