using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;

namespace BlasNet.Tests.Core;

/// <summary>
/// Trmv's and Trsv's overlap check, element-exact (session 39, tri39): it counted A's whole square, so an x stored in the
/// triangle BLAS never reads (the other triangle, a unit diagonal, the padding up to lda) was refused. Brute force over
/// n = 1…5, lda = n and n + 2, both triangles, both diagonals, both transposes, increments 1, 2, 3 and n + 1 (BlasNet takes
/// positive increments only), x starting at every offset from before A to A's last element: the elements read are listed
/// here from the BLAS definition (A[i, j] at i·lda + j for j ≥ i upper, j ≤ i lower, without j = i when unit; the
/// transpose changes how they combine, not which are read). A call is refused exactly when x is one of them, the message
/// naming x's first such element and A's [row, column] at that place; otherwise it is computed, every other slot of A's
/// span holding NaN (so a provider reading one would put NaN into x), and compared with the definition evaluated here on
/// copies (Trsv by Gaussian elimination of the dense op(A)), every slot outside x bit-unchanged. The old check refused
/// every accepted case whose x reached into A's span (counted, and required to be many).
/// </summary>
public class TriangleOverlap39Tests
{
    private static readonly Regex Named = new(@"element (\d+) of x is element \[(\d+), (\d+)\] of a");

    [Fact] public void Trmv_Double() => BruteForce<double>(solve: false, 1e-12);
    [Fact] public void Trmv_Float() => BruteForce<float>(solve: false, 2e-5);
    [Fact] public void Trsv_Double() => BruteForce<double>(solve: true, 1e-11);
    [Fact] public void Trsv_Float() => BruteForce<float>(solve: true, 1e-4);

    /// <summary>The buffer positions of the elements Trmv/Trsv read of the row-major triangle starting at aOff.</summary>
    private static HashSet<int> ElementsRead(bool upper, bool unit, int n, int lda, int aOff)
    {
        var set = new HashSet<int>();
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                if ((upper ? j >= i : j <= i) && !(unit && i == j)) set.Add(aOff + i * lda + j);
        return set;
    }

    /// <summary>op(A) as a dense matrix by the definition: the stored triangle, zeros elsewhere, ones on a unit diagonal.</summary>
    private static double[,] OpA(double[] before, bool upper, bool unit, bool transposed, int n, int lda, int aOff)
    {
        var m = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double v = i == j && unit ? 1 : (upper ? j >= i : j <= i) ? before[aOff + i * lda + j] : 0;
                if (transposed) m[j, i] = v; else m[i, j] = v;
            }
        return m;
    }

    private static void BruteForce<T>(bool solve, double tolerance) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(solve ? 391 : 392);
        int refused = 0, acceptedInsideA = 0, trials = 0;
        for (int n = 1; n <= 5; n++)
            foreach (int lda in new[] { n, n + 2 })
                foreach (bool upper in new[] { true, false })
                    foreach (bool unit in new[] { false, true })
                        foreach (bool transposed in new[] { false, true })
                            foreach (int inc in new[] { 1, 2, 3, n + 1 }.Distinct())
                            {
                                int aLen = (n - 1) * lda + n, xLen = (n - 1) * inc + 1;
                                int aOff = xLen; // room for x to start before A
                                var read = ElementsRead(upper, unit, n, lda, aOff);
                                for (int xOff = aOff - xLen + 1; xOff < aOff + aLen; xOff++)
                                {
                                    trials++;
                                    var xSlots = Enumerable.Range(0, n).Select(t => xOff + t * inc).ToArray();
                                    int firstShared = Array.FindIndex(xSlots, read.Contains);
                                    // Read elements random (a diagonal of magnitude 1.5…2.5 keeps the solve tame), x random, every other slot NaN.
                                    var before = new double[aOff + aLen + xLen];
                                    Array.Fill(before, double.NaN);
                                    foreach (int p in read)
                                    {
                                        int i = (p - aOff) / lda, j = (p - aOff) % lda;
                                        before[p] = i == j ? (rng.Next(2) == 0 ? -1 : 1) * (1.5 + rng.NextDouble()) : Math.Round(rng.NextDouble() * 2 - 1, 3);
                                    }
                                    foreach (int p in xSlots) before[p] = Math.Round(rng.NextDouble() * 4 - 2, 3);
                                    var buf = before.Select(v => T.CreateTruncating(v)).ToArray();
                                    before = buf.Select(v => double.CreateTruncating(v)).ToArray(); // the values the call sees
                                    var (uplo, trans, diag) = (upper ? Triangle.Upper : Triangle.Lower, transposed ? Transpose.Transposed : Transpose.None, unit ? Diagonal.Unit : Diagonal.NonUnit);
                                    void Call()
                                    {
                                        ReadOnlySpan<T> a = buf.AsSpan(aOff, aLen);
                                        Span<T> x = buf.AsSpan(xOff, xLen);
                                        if (solve) Blas.Trsv(uplo, trans, diag, n, a, lda, x, inc); else Blas.Trmv(uplo, trans, diag, n, a, lda, x, inc);
                                    }
                                    string what = $"{(solve ? "trsv" : "trmv")} n={n} lda={lda} {uplo} {diag} {trans} inc={inc} x at {xOff - aOff} from a";
                                    if (firstShared >= 0)
                                    {
                                        refused++;
                                        var ex = Assert.Throws<ArgumentException>(Call);
                                        Assert.Equal("x", ex.ParamName);
                                        var m = Named.Match(ex.Message);
                                        Assert.True(m.Success, $"{what}: no element named: {ex.Message}");
                                        int t = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
                                        int r = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), c = int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture);
                                        Assert.True(t == firstShared, $"{what}: names x's element {t}, the first shared is {firstShared}: {ex.Message}");
                                        Assert.True(aOff + r * lda + c == xSlots[t] && read.Contains(aOff + r * lda + c), $"{what}: A[{r}, {c}] is not x's element {t} or not read: {ex.Message}");
                                        for (int p = 0; p < buf.Length; p++) Assert.True(double.CreateTruncating(buf[p]).Equals(before[p]), $"{what}: slot {p} written by a refused call");
                                        continue;
                                    }
                                    if (xOff + xLen > aOff) acceptedInsideA++;
                                    var xBefore = xSlots.Select(p => before[p]).ToArray();
                                    var expected = NaiveBlas.DenseProductOrSolve(OpA(before, upper, unit, transposed, n, lda, aOff), xBefore, solve);
                                    Call();
                                    for (int t = 0; t < n; t++)
                                    {
                                        double got = double.CreateTruncating(buf[xSlots[t]]);
                                        if (!(double.IsFinite(got))) Assert.Fail($"{what}: x[{t}] is {got}: the call read a slot BLAS does not reference");
                                        if (!(Math.Abs(got - expected[t]) <= tolerance * (1 + Math.Abs(expected[t])))) Assert.Fail($"{what}: x[{t}] is {got}, the definition gives {expected[t]}");
                                    }
                                    var xSet = xSlots.ToHashSet();
                                    for (int p = 0; p < buf.Length; p++)
                                        if (!xSet.Contains(p) && !(double.CreateTruncating(buf[p]).Equals(before[p]))) Assert.Fail($"{what}: slot {p} outside x changed");
                                }
                            }
        // The slots outside the triangle must have been exercised: x inside A's span yet sharing nothing, which the old
        // whole-square check refused, and refusals too.
        Assert.True(acceptedInsideA > 500, $"only {acceptedInsideA} accepted trials with x inside A's span (of {trials})");
        Assert.True(refused > 500, $"only {refused} refused trials (of {trials})");
    }

    /// <summary>
    /// Orders large enough for the providers' blocked kernels (OpenBLAS blocks trmv/trsv at 64 rows), x in slots BLAS does
    /// not read, every other unread slot NaN: the padding column (lda = n + 1, x at slot n with increment lda, its last
    /// element past A), the unit diagonal (increment lda + 1), and the other triangle (lower: row 0's columns 1…n − 1 and
    /// its padding slot; upper: row n − 2's padding slot and row n − 1's columns 0…n − 2). Computed and compared with the
    /// definition on copies; a provider that read one of x's slots as A would see x's values, one that read any other
    /// unread slot a NaN.
    /// </summary>
    [Theory]
    [InlineData(40)]
    [InlineData(100)]
    [InlineData(300)]
    public void LargeOrders_XInUnreadSlots_AreComputed(int n)
    {
        Large<double>(n, 1e-10);
        Large<float>(n, 1e-4);
    }

    private static void Large<T>(int n, double tolerance) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(n);
        int lda = n + 1;
        foreach (bool solve in new[] { false, true })
            foreach (bool upper in new[] { true, false })
                foreach (bool transposed in new[] { false, true })
                    foreach (var (layout, unit, xOff, inc) in new (string, bool, int, int)[]
                    {
                        ("padding", false, n, lda), ("padding", true, n, lda),
                        ("unit diagonal", true, 0, lda + 1),
                        ("other triangle", false, upper ? (n - 2) * lda + n : 1, 1), ("other triangle", true, upper ? (n - 2) * lda + n : 1, 1),
                    })
                    {
                        int aLen = (n - 1) * lda + n, xLen = (n - 1) * inc + 1;
                        var read = ElementsRead(upper, unit, n, lda, 0);
                        var xSlots = Enumerable.Range(0, n).Select(t => xOff + t * inc).ToArray();
                        string what = $"{(solve ? "trsv" : "trmv")} {typeof(T).Name} n={n} {(upper ? "upper" : "lower")} {(unit ? "unit" : "non-unit")} {(transposed ? "transposed" : "")} x in the {layout}";
                        Assert.True(!xSlots.Any(read.Contains), $"{what}: the layout puts x on an element read");
                        var before = new double[Math.Max(aLen, xOff + xLen)];
                        Array.Fill(before, double.NaN);
                        foreach (int p in read)
                            before[p] = p / lda == p % lda ? (rng.Next(2) == 0 ? -1 : 1) * (1.5 + rng.NextDouble()) : (rng.NextDouble() * 2 - 1) / n;
                        foreach (int p in xSlots) before[p] = rng.NextDouble() * 4 - 2;
                        var buf = before.Select(v => T.CreateTruncating(v)).ToArray();
                        before = buf.Select(v => double.CreateTruncating(v)).ToArray();
                        var expected = NaiveBlas.DenseProductOrSolve(OpA(before, upper, unit, transposed, n, lda, 0), xSlots.Select(p => before[p]).ToArray(), solve);
                        var (uplo, trans, diag) = (upper ? Triangle.Upper : Triangle.Lower, transposed ? Transpose.Transposed : Transpose.None, unit ? Diagonal.Unit : Diagonal.NonUnit);
                        if (solve) Blas.Trsv(uplo, trans, diag, n, buf.AsSpan(0, aLen), lda, buf.AsSpan(xOff, xLen), inc);
                        else Blas.Trmv(uplo, trans, diag, n, buf.AsSpan(0, aLen), lda, buf.AsSpan(xOff, xLen), inc);
                        for (int t = 0; t < n; t++)
                        {
                            double got = double.CreateTruncating(buf[xSlots[t]]);
                            if (!(Math.Abs(got - expected[t]) <= tolerance * (1 + Math.Abs(expected[t])))) Assert.Fail($"{what}: x[{t}] is {got}, the definition gives {expected[t]}");
                        }
                        var xSet = xSlots.ToHashSet();
                        for (int p = 0; p < buf.Length; p++)
                            if (!xSet.Contains(p) && !(double.CreateTruncating(buf[p]).Equals(before[p]))) Assert.Fail($"{what}: slot {p} outside x changed");
                    }
    }

    [Fact]
    public void XInTheOtherTriangle_IsComputed_AndOnTheDiagonal_IsRefusedUnlessUnit()
    {
        // Order 2, lda 2, upper: A is slots 0…3 and A[1, 0] (slot 2) is not read; x = slots 2 and 4 (increment 2), the
        // second past A's end.
        var buf = new double[] { 2, 3, 0.5, 4, 0.25 };
        // x = (buf[2], buf[4]) = (0.5, 0.25); A = [[2, 3], [·, 4]] upper, A[1, 0] = buf[2] not read.
        Blas.Trmv(Triangle.Upper, Transpose.None, Diagonal.NonUnit, 2, buf.AsSpan(0, 4), 2, buf.AsSpan(2, 3), 2);
        Assert.Equal(2 * 0.5 + 3 * 0.25, buf[2]); Assert.Equal(4 * 0.25, buf[4]);
        Assert.Equal(new double[] { 2, 3, 4 }, new[] { buf[0], buf[1], buf[3] });

        // Unit diagonal: slots 0 and 3 are not read either; x = slots 0, 2 (A[0, 0], A[1, 0]) is valid for Trsv.
        var u = new double[] { 5, 3, 7, 9 };
        Blas.Trsv(Triangle.Upper, Transpose.None, Diagonal.Unit, 2, u.AsSpan(), 2, u.AsSpan(0, 3), 2);
        // [1 3; 0 1] x = (5, 7): x₁ = 7, x₀ = 5 − 3·7 = −16.
        Assert.Equal(new double[] { -16, 3, 7, 9 }, u);

        // The same x with a non-unit diagonal is A[0, 0]: refused, naming it.
        var v = new double[] { 5, 3, 7, 9 };
        var ex = Assert.Throws<ArgumentException>(() => Blas.Trsv(Triangle.Upper, Transpose.None, Diagonal.NonUnit, 2, v.AsSpan(), 2, v.AsSpan(0, 3), 2));
        Assert.Equal("x", ex.ParamName);
        Assert.Contains("element 0 of x is element [0, 0] of a", ex.Message);
        Assert.Equal(new double[] { 5, 3, 7, 9 }, v);
    }
}
