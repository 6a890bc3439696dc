using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;

namespace BlasNet.Tests.Core;

/// <summary>
/// Tpmv's and Tpsv's overlap check with a unit diagonal, element-exact (session 39, tri39): the range test counted the
/// diagonal's slots, which BLAS does not read when diag = Unit. Brute force over n = 1…6, both triangles, both diagonals,
/// both transposes, increments 1, 2, 3, n and n + 1, x starting at every offset from before the packed array to its last
/// element: the elements read are listed here from the row-major packed layout (upper row i: A[i, i…n − 1] from
/// i·n − i(i − 1)/2; lower row i: A[i, 0…i] from i(i + 1)/2; a unit diagonal left out). Refused exactly when x is one of
/// them, the message naming x's first such element and A's [row, column] at that place; otherwise computed with NaN in
/// every unread slot outside x and compared with the definition on copies (Tpsv by Gaussian elimination of the dense
/// op(A)). The old range test refused every accepted case whose x reached into the array (counted, required).
/// </summary>
public class PackedTriangleOverlap39Tests
{
    private static readonly Regex Named = new(@"element (\d+) of x is element \[(\d+), (\d+)\] of ap");

    [Fact] public void Tpmv_Double() => BruteForce<double>(solve: false, 1e-12);
    [Fact] public void Tpmv_Float() => BruteForce<float>(solve: false, 2e-5);
    [Fact] public void Tpsv_Double() => BruteForce<double>(solve: true, 1e-11);
    [Fact] public void Tpsv_Float() => BruteForce<float>(solve: true, 1e-4);

    /// <summary>Packed position (from the array's start) of A[i, j] by the row-major layout, or −1 outside the triangle.</summary>
    private static int At(bool upper, int n, int i, int j) =>
        upper ? (j >= i ? i * n - i * (i - 1) / 2 + j - i : -1) : (j <= i ? i * (i + 1) / 2 + j : -1);

    private static void BruteForce<T>(bool solve, double tolerance) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(solve ? 393 : 394);
        int refused = 0, acceptedInside = 0, trials = 0;
        for (int n = 1; n <= 6; n++)
            foreach (bool upper in new[] { true, false })
                foreach (bool unit in new[] { false, true })
                    foreach (bool transposed in new[] { false, true })
                        foreach (int inc in new[] { 1, 2, 3, n, n + 1 }.Distinct())
                        {
                            int len = n * (n + 1) / 2, xLen = (n - 1) * inc + 1, aOff = xLen;
                            var read = new HashSet<int>();
                            for (int i = 0; i < n; i++)
                                for (int j = 0; j < n; j++)
                                    if (At(upper, n, i, j) >= 0 && !(unit && i == j)) read.Add(aOff + At(upper, n, i, j));
                            for (int xOff = aOff - xLen + 1; xOff < aOff + len; xOff++)
                            {
                                trials++;
                                var xSlots = Enumerable.Range(0, n).Select(t => xOff + t * inc).ToArray();
                                int firstShared = Array.FindIndex(xSlots, read.Contains);
                                var before = new double[aOff + len + xLen];
                                Array.Fill(before, double.NaN);
                                for (int i = 0; i < n; i++)
                                    for (int j = 0; j < n; j++)
                                    {
                                        int p = At(upper, n, i, j);
                                        if (p >= 0 && read.Contains(aOff + p))
                                            before[aOff + p] = i == j ? (rng.Next(2) == 0 ? -1 : 1) * (1.5 + rng.NextDouble()) : Math.Round(rng.NextDouble() * 2 - 1, 3);
                                    }
                                foreach (int p in xSlots) before[p] = Math.Round(rng.NextDouble() * 4 - 2, 3);
                                var buf = before.Select(v => T.CreateTruncating(v)).ToArray();
                                before = buf.Select(v => double.CreateTruncating(v)).ToArray();
                                var (uplo, trans, diag) = (upper ? Triangle.Upper : Triangle.Lower, transposed ? Transpose.Transposed : Transpose.None, unit ? Diagonal.Unit : Diagonal.NonUnit);
                                void Call()
                                {
                                    ReadOnlySpan<T> ap = buf.AsSpan(aOff, len);
                                    Span<T> x = buf.AsSpan(xOff, xLen);
                                    if (solve) Blas.Tpsv(uplo, trans, diag, n, ap, x, inc); else Blas.Tpmv(uplo, trans, diag, n, ap, x, inc);
                                }
                                string what = $"{(solve ? "tpsv" : "tpmv")} n={n} {uplo} {diag} {trans} inc={inc} x at {xOff - aOff} from ap";
                                if (firstShared >= 0)
                                {
                                    refused++;
                                    var ex = Assert.Throws<ArgumentException>(Call);
                                    Assert.Equal("x", ex.ParamName);
                                    if (unit)
                                    {
                                        // The unit-diagonal check names the element (the range test, unchanged for a read diagonal, names x's range).
                                        var m = Named.Match(ex.Message);
                                        Assert.True(m.Success, $"{what}: no element named: {ex.Message}");
                                        int t = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
                                        int r = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), c = int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture);
                                        Assert.True(t == firstShared, $"{what}: names x's element {t}, the first shared is {firstShared}: {ex.Message}");
                                        Assert.True(At(upper, n, r, c) >= 0 && aOff + At(upper, n, r, c) == xSlots[t] && r != c, $"{what}: A[{r}, {c}] is not x's element {t} or not read: {ex.Message}");
                                    }
                                    for (int p = 0; p < buf.Length; p++) Assert.True(double.CreateTruncating(buf[p]).Equals(before[p]), $"{what}: slot {p} written by a refused call");
                                    continue;
                                }
                                if (xOff + xLen > aOff) acceptedInside++;
                                var opA = new double[n, n];
                                for (int i = 0; i < n; i++)
                                    for (int j = 0; j < n; j++)
                                    {
                                        double v = i == j && unit ? 1 : At(upper, n, i, j) >= 0 ? before[aOff + At(upper, n, i, j)] : 0;
                                        if (transposed) opA[j, i] = v; else opA[i, j] = v;
                                    }
                                var expected = NaiveBlas.DenseProductOrSolve(opA, xSlots.Select(p => before[p]).ToArray(), solve);
                                Call();
                                for (int t = 0; t < n; t++)
                                {
                                    double got = double.CreateTruncating(buf[xSlots[t]]);
                                    Assert.True(Math.Abs(got - expected[t]) <= tolerance * (1 + Math.Abs(expected[t])), $"{what}: x[{t}] is {got}, the definition gives {expected[t]}");
                                }
                                var xSet = xSlots.ToHashSet();
                                for (int p = 0; p < buf.Length; p++)
                                    if (!xSet.Contains(p)) Assert.True(double.CreateTruncating(buf[p]).Equals(before[p]), $"{what}: slot {p} outside x changed");
                            }
                        }
        Assert.True(acceptedInside > 20, $"only {acceptedInside} accepted trials with x reaching into the packed array (of {trials})");
        Assert.True(refused > 500, $"only {refused} refused trials (of {trials})");
    }

    [Fact]
    public void XOnTheUnitDiagonal_IsComputed()
    {
        // Order 2, upper: ap = [A00, A01, A11]; with a unit diagonal only A01 = ap[1] is read. x = ap[0], ap[2] (increment 2).
        var ap = new double[] { 5, 3, 7 };
        Blas.Tpmv(Triangle.Upper, Transpose.None, Diagonal.Unit, 2, ap.AsSpan(0, 3), ap.AsSpan(0, 3), 2);
        Assert.Equal(new double[] { 5 + 3 * 7, 3, 7 }, ap); // [1 3; 0 1]·(5, 7)
        var bp = new double[] { 5, 3, 7 };
        Blas.Tpsv(Triangle.Upper, Transpose.Transposed, Diagonal.Unit, 2, bp.AsSpan(0, 3), bp.AsSpan(0, 3), 2);
        Assert.Equal(new double[] { 5, 3, 7 - 3 * 5 }, bp); // [1 0; 3 1] y = (5, 7)
        var ex = Assert.Throws<ArgumentException>(() => Blas.Tpmv(Triangle.Upper, Transpose.None, Diagonal.NonUnit, 2, ap.AsSpan(0, 3), ap.AsSpan(0, 3), 2));
        Assert.Equal("x", ex.ParamName);
    }
}
