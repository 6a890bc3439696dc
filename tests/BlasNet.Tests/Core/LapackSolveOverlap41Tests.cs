using System.Globalization;
using System.Text.RegularExpressions;

namespace BlasNet.Tests.Core;

/// <summary>
/// Trtrs's and Potrs's overlap check counts only the elements LAPACK reads (session 40, lapack41): it counted A's whole
/// square, so a B stored in A's other triangle, its lda padding or on a unit diagonal was refused. Brute force over
/// n = 1…5, nrhs = 1…3, lda = n and n + 2, ldb = n, n + 1 and lda + 1, both triangles, both transposes and both diagonals
/// for Trtrs, B starting at every offset from where its last element is A's first to A's last element. The elements read
/// are listed here from LAPACK's definition (column-major A[i, j] at i + j·lda, i ≤ j upper, i ≥ j lower; the diagonal
/// too unless Trtrs's diag is unit: dtrtrs with diag = 'N' tests it for zero and divides by it; dpotrs divides by the
/// factor's). A call is refused exactly when B has one of them, the message naming B's first such element (column by
/// column) and A's [row, column] at that place; otherwise it is computed, every other slot of the buffer holding NaN (a
/// provider reading one would put NaN into B), and compared with the solve evaluated here on copies (Gaussian elimination
/// of the dense op(A), or of UᵀU / LLᵀ), every slot outside B bit-unchanged. The old whole-square check refused every
/// accepted case in which B met A's square (counted, and required to be many).
/// </summary>
public class LapackSolveOverlap41Tests
{
    private static readonly Regex Named = new(@"element \[(\d+), (\d+)\] of b is element \[(\d+), (\d+)\] of a");

    [Fact] public void Trtrs_OnlyTheTriangleReadCounts() => BruteForce(cholesky: false);
    [Fact] public void Potrs_OnlyTheFactorsTriangleCounts() => BruteForce(cholesky: true);

    /// <summary>The buffer positions of the elements the solve reads of the column-major triangle starting at aOff.</summary>
    private static HashSet<int> ElementsRead(bool upper, bool unit, int n, int lda, int aOff)
    {
        var set = new HashSet<int>();
        for (int j = 0; j < n; j++)
            for (int i = 0; i < n; i++)
                if ((upper ? i <= j : i >= j) && !(unit && i == j)) set.Add(aOff + i + j * lda);
        return set;
    }

    /// <summary>The system's matrix by the definition: op(T) for Trtrs (ones on a unit diagonal, zeros off the triangle), UᵀU or LLᵀ for Potrs.</summary>
    private static double[,] SystemMatrix(double[] before, bool cholesky, bool upper, bool unit, bool transposed, int n, int lda, int aOff)
    {
        var t = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                if (i == j && unit) t[i, j] = 1;
                else if (upper ? i <= j : i >= j) t[i, j] = before[aOff + i + j * lda];
        var m = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                if (!cholesky) { m[i, j] = transposed ? t[j, i] : t[i, j]; continue; }
                double s = 0;
                for (int p = 0; p < n; p++) s += upper ? t[p, i] * t[p, j] : t[i, p] * t[j, p];
                m[i, j] = s;
            }
        return m;
    }

    private static void BruteForce(bool cholesky)
    {
        var rng = new Random(cholesky ? 4101 : 4100);
        const int Pad = 40;
        int refused = 0, computed = 0, oldCheckRefused = 0, unitDiagonalUsed = 0, unreadSlotsInB = 0;
        foreach (bool upper in new[] { false, true })
            foreach (bool transposed in cholesky ? new[] { false } : new[] { false, true })
                foreach (bool unit in cholesky ? new[] { false } : new[] { false, true })
                    for (int n = 1; n <= 5; n++)
                        for (int nrhs = 1; nrhs <= 3; nrhs++)
                            foreach (int lda in new[] { n, n + 2 })
                                foreach (int ldb in new[] { n, n + 1, lda + 1 }.Distinct())
                                {
                                    int aExtent = (n - 1) * lda + n, bExtent = (nrhs - 1) * ldb + n;
                                    var read = ElementsRead(upper, unit, n, lda, Pad);
                                    for (int bOff = Pad - bExtent + 1; bOff < Pad + aExtent; bOff++)
                                    {
                                        var bSlots = new List<int>();
                                        for (int c = 0; c < nrhs; c++) for (int r = 0; r < n; r++) bSlots.Add(bOff + r + c * ldb);
                                        string what = string.Create(CultureInfo.InvariantCulture,
                                            $"{(cholesky ? "Potrs" : "Trtrs")} {(upper ? "upper" : "lower")}{(transposed ? " transposed" : "")}{(unit ? " unit" : "")} n {n} nrhs {nrhs} lda {lda} ldb {ldb}, b at {bOff - Pad} from a");
                                        // Every slot NaN but the elements read and B's: a provider reading any other slot puts NaN into B.
                                        var buf = new double[Pad + aExtent + bExtent + Pad];
                                        Array.Fill(buf, double.NaN);
                                        foreach (int p in read) buf[p] = (rng.NextDouble() * 2 - 1) / n;
                                        if (!unit)
                                            for (int i = 0; i < n; i++) buf[Pad + i + i * lda] = (1.5 + rng.NextDouble()) * (cholesky || rng.Next(2) == 0 ? 1 : -1);
                                        foreach (int p in bSlots) buf[p] = rng.NextDouble() * 4 - 2; // B's values win where B sits on A's triangle
                                        var before = (double[])buf.Clone();
                                        var uplo = upper ? Triangle.Upper : Triangle.Lower;
                                        Func<int> call = cholesky
                                            ? () => Lapack.Potrs(uplo, n, nrhs, buf.AsSpan(Pad), lda, buf.AsSpan(bOff), ldb)
                                            : () => Lapack.Trtrs(uplo, transposed ? Transpose.Transposed : Transpose.None, unit ? Diagonal.Unit : Diagonal.NonUnit,
                                                n, nrhs, buf.AsSpan(Pad), lda, buf.AsSpan(bOff), ldb);
                                        var shared = bSlots.Select((p, k) => (p, k)).Where(e => read.Contains(e.p)).ToList();
                                        if (shared.Count > 0)
                                        {
                                            var ex = Assert.Throws<ArgumentException>(() => call());
                                            Assert.True(ex.ParamName == "b", $"ParamName {ex.ParamName}: {ex.Message} ({what})");
                                            var m = Named.Match(ex.Message);
                                            Assert.True(m.Success, $"no shared element named: {ex.Message} ({what})");
                                            int br = Parse(m, 1), bc = Parse(m, 2), ai = Parse(m, 3), aj = Parse(m, 4);
                                            int first = shared[0].k; // B's elements column by column: the first shared one
                                            Assert.True(br == first % n && bc == first / n, $"named b[{br}, {bc}], the first shared is b[{first % n}, {first / n}]: {ex.Message} ({what})");
                                            Assert.True(Pad + ai + aj * lda == bOff + br + bc * ldb, $"a[{ai}, {aj}] is not b[{br}, {bc}]: {ex.Message} ({what})");
                                            Assert.Equal(before, buf);
                                            refused++;
                                            continue;
                                        }
                                        Assert.Equal(0, call());
                                        computed++;
                                        if (bSlots.Any(p => p >= Pad && p < Pad + aExtent && (p - Pad) % lda < n)) oldCheckRefused++;
                                        if (unit && bSlots.Any(p => p >= Pad && (p - Pad) % (lda + 1) == 0 && (p - Pad) / (lda + 1) < n)) unitDiagonalUsed++;
                                        if (bSlots.Any(p => p >= Pad && p < Pad + aExtent)) unreadSlotsInB++;
                                        var sys = SystemMatrix(before, cholesky, upper, unit, transposed, n, lda, Pad);
                                        for (int c = 0; c < nrhs; c++)
                                        {
                                            var rhs = new double[n];
                                            for (int r = 0; r < n; r++) rhs[r] = before[bOff + r + c * ldb];
                                            var x = NaiveBlas.DenseProductOrSolve(sys, rhs, solve: true);
                                            for (int r = 0; r < n; r++)
                                            {
                                                double got = buf[bOff + r + c * ldb];
                                                Assert.True(Math.Abs(got - x[r]) <= 1e-11 * (1 + Math.Abs(x[r])), $"x[{r}, {c}] = {got}, the definition gives {x[r]} ({what})");
                                            }
                                        }
                                        var bSet = bSlots.ToHashSet();
                                        for (int p = 0; p < buf.Length; p++)
                                            if (!bSet.Contains(p))
                                                Assert.True(BitConverter.DoubleToInt64Bits(before[p]) == BitConverter.DoubleToInt64Bits(buf[p]), $"slot {p - Pad} of a's buffer changed ({what})");
                                    }
                                }
        // Enough of each kind, and many accepted calls the whole-square check refused: B on A's other triangle, its padding
        // or (Trtrs) its unit diagonal.
        int least = cholesky ? 80 : 300; // Potrs: one transpose, one diagonal (a quarter of Trtrs's variants)
        Assert.True(refused > 2 * least && computed > least && oldCheckRefused > least && unreadSlotsInB > least && (cholesky || unitDiagonalUsed > 50),
            $"refused {refused}, computed {computed}, of those refused by the whole-square check {oldCheckRefused}, with B inside a's span {unreadSlotsInB}, on a unit diagonal {unitDiagonalUsed}");
    }

    private static int Parse(Match m, int group) => int.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);
}
