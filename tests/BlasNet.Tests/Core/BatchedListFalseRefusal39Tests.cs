using System.Globalization;
using System.Text.RegularExpressions;

namespace BlasNet.Tests.Core;

/// <summary>
/// The list form of batched GEMM refuses storage shared between the operands a product touches, and only those
/// (session 39). A product reads its A and B only when m, n, k &gt; 0 and α ≠ 0, and writes its C only when m, n &gt; 0 and not
/// (k = 0 or α = 0 with β = 1) (GEMM's definition and reference BLAS's quick return). The old check counted every A and B
/// and every non-empty C: the m×k A of an m×0 product that was another product's C was refused, as were all inputs of an
/// α = 0 batch. Brute force here: the index sets (arrays) each product touches, from that definition.
/// </summary>
public class BatchedListFalseRefusal39Tests
{
    private static bool Reads(int m, int n, int k, double alpha) => m > 0 && n > 0 && k > 0 && alpha != 0;
    private static bool Writes(int m, int n, int k, double alpha, double beta) => m > 0 && n > 0 && !((k == 0 || alpha == 0) && beta == 1);

    private static void Run(bool exactStorageCheck, double alpha, Matrix<double>[] a, Matrix<double>[] b, double beta, Matrix<double>[] c)
    {
        if (!exactStorageCheck) { Blas.GemmBatched(alpha, a, b, beta, c); return; }
        var batch = MatrixGemmBatch<double>.Validate(alpha, a, b, beta, c, exactStorageCheck: true);
        try { batch.RunProducts(); } finally { batch.Release(); }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void EmptyProductsInputIsAnotherProductsOutput_IsComputed(bool exactStorageCheck)
    {
        // Product 0: 2×2 = (2×3)(3×2). Product 1: 2×0 = (2×2)(2×0), its A the storage of C[0]: never read.
        var c0 = new double[] { 1, 2, 3, 4 };
        var a0 = new Matrix<double>(2, 3, [1, 2, 3, 4, 5, 6]);
        var b0 = new Matrix<double>(3, 2, [1, 0, 0, 1, 1, 1]);
        var a = new[] { a0, new Matrix<double>(2, 2, c0) };
        var b = new[] { b0, new Matrix<double>(2, 0) };
        var c = new[] { new Matrix<double>(2, 2, c0), new Matrix<double>(2, 0) };
        Run(exactStorageCheck, 2.0, a, b, 0.5, c);
        // C0 = 2·A0·B0 + 0.5·C0: A0·B0 = [[4, 5], [10, 11]].
        Assert.Equal(new[] { 8.5, 11.0, 21.5, 24.0 }, c0);

        // m = 0: its B (0×k A, k×n B) is C[0]'s storage.
        var c1 = new double[] { 1, 2, 3, 4 };
        Run(exactStorageCheck, 1.0, [a0, new Matrix<double>(0, 2)], [b0, new Matrix<double>(2, 2, c1)], 0.0, [new Matrix<double>(2, 2, c1), new Matrix<double>(0, 2)]);
        Assert.Equal(new[] { 4.0, 5, 10, 11 }, c1);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AlphaZero_ReadsNoInput_AndWithBetaOneWritesNothing(bool exactStorageCheck)
    {
        var s0 = new double[] { 1, 2, 3, 4 };
        var s1 = new double[] { 5, 6, 7, 8 };
        var m0 = new Matrix<double>(2, 2, s0);
        var m1 = new Matrix<double>(2, 2, s1);
        // α = 0: C[i] ← βC[i]; A[1] is C[0] and B[0] is C[1], neither read.
        Run(exactStorageCheck, 0.0, [m1, m0], [m1, m0.Transpose()], 0.5, [m0, m1]);
        Assert.Equal(new[] { 0.5, 1, 1.5, 2 }, s0);
        Assert.Equal(new[] { 2.5, 3, 3.5, 4 }, s1);
        // α = 0, β = 1: nothing is written, so even two C on one storage are no conflict.
        Run(exactStorageCheck, 0.0, [m1, m1], [m1, m1], 1.0, [m0, m0.Transpose()]);
        Assert.Equal(new[] { 0.5, 1, 1.5, 2 }, s0);
        // β ≠ 1: both would write the one storage: refused.
        var ex = Assert.Throws<ArgumentException>(() => Run(exactStorageCheck, 0.0, [m1, m1], [m1, m1], 2.0, [m0, m0.Transpose()]));
        Assert.Equal("c", ex.ParamName);
        Assert.Equal(new[] { 0.5, 1, 1.5, 2 }, s0);
    }

    private static readonly Regex OutputsSameStorage = new(@"^c\[(\d+)\] and c\[(\d+)\] share storage");
    private static readonly Regex InputSameStorage = new(@"^(a|b)\[(\d+)\] shares storage with c\[(\d+)\]");

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void RandomBatchesWithEmptyProducts_MatchBruteForce(bool exactStorageCheck)
    {
        const int s = 3;
        var rng = new Random(exactStorageCheck ? 3901 : 3902);
        int refused = 0, computed = 0, computedWithUntouchedShares = 0;
        for (int trial = 0; trial < 3000; trial++)
        {
            int count = rng.Next(1, 5);
            double alpha = rng.Next(4) == 0 ? 0 : 1.5, beta = rng.Next(3) == 0 ? 1 : 0.25;
            var pool = Enumerable.Range(0, rng.Next(2, 2 * count + 2)).Select(_ => Enumerable.Range(0, s * s).Select(_ => Math.Round(rng.NextDouble() * 4 - 2, 2)).ToArray()).ToArray();
            var a = new Matrix<double>[count]; var b = new Matrix<double>[count]; var c = new Matrix<double>[count];
            var aS = new double[]?[count]; var bS = new double[]?[count]; var cS = new double[]?[count];
            var shape = new (int M, int N, int K)[count];
            Matrix<double> Pick(int rows, int cols, out double[]? storage)
            {
                if (rows == 0 || cols == 0) { storage = null; return new Matrix<double>(rows, cols); }
                storage = pool[rng.Next(pool.Length)];
                var mtx = new Matrix<double>(s, s, storage);
                return rng.Next(2) == 0 ? mtx : mtx.Transpose();
            }
            for (int i = 0; i < count; i++)
            {
                int zero = rng.Next(5); // 0: m = 0, 1: n = 0, 2: k = 0, else none
                int m = zero == 0 ? 0 : s, n = zero == 1 ? 0 : s, k = zero == 2 ? 0 : s;
                shape[i] = (m, n, k);
                a[i] = Pick(m, k, out aS[i]); b[i] = Pick(k, n, out bS[i]); c[i] = Pick(m, n, out cS[i]);
            }
            var before = pool.Select(p => (double[])p.Clone()).ToArray();
            string what = $"trial {trial}, count {count}, α {alpha}, β {beta}, shapes {string.Join(" ", shape)}";
            bool W(int i) => Writes(shape[i].M, shape[i].N, shape[i].K, alpha, beta);
            bool R(int i) => Reads(shape[i].M, shape[i].N, shape[i].K, alpha);

            bool outputsShare = false;
            for (int i = 0; i < count; i++) for (int j = i + 1; j < count; j++) outputsShare |= W(i) && W(j) && ReferenceEquals(cS[i], cS[j]);
            int firstInput = -1; string? inputName = null;
            for (int i = 0; i < count && firstInput < 0; i++)
            {
                if (!R(i)) continue;
                if (Enumerable.Range(0, count).Any(j => W(j) && ReferenceEquals(cS[j], aS[i]))) { firstInput = i; inputName = "a"; }
                else if (Enumerable.Range(0, count).Any(j => W(j) && ReferenceEquals(cS[j], bS[i]))) { firstInput = i; inputName = "b"; }
            }
            if (outputsShare || firstInput >= 0)
            {
                var ex = Assert.Throws<ArgumentException>(() => Run(exactStorageCheck, alpha, a, b, beta, c));
                if (outputsShare)
                {
                    var match = OutputsSameStorage.Match(ex.Message);
                    Assert.True(match.Success && ex.ParamName == "c", $"\"{ex.Message}\" ({what})");
                    int i = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), j = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
                    Assert.True(i != j && W(i) && W(j) && ReferenceEquals(cS[i], cS[j]), $"\"{ex.Message}\" names outputs that do not share ({what})");
                }
                else
                {
                    var match = InputSameStorage.Match(ex.Message);
                    Assert.True(match.Success && ex.ParamName == inputName, $"\"{ex.Message}\" ({what})");
                    int i = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture), j = int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture);
                    Assert.True(match.Groups[1].Value == inputName && i == firstInput && W(j), $"\"{ex.Message}\": brute force finds {inputName}[{firstInput}] first ({what})");
                }
                for (int x = 0; x < pool.Length; x++) Assert.Equal(before[x], pool[x]); // refused before any product ran
                refused++;
                continue;
            }
            bool untouchedShare = false;
            for (int i = 0; i < count; i++)
                for (int j = 0; j < count; j++)
                    untouchedShare |= cS[j] is not null && (ReferenceEquals(cS[j], aS[i]) || ReferenceEquals(cS[j], bS[i]) || (i != j && ReferenceEquals(cS[j], cS[i])));
            Run(exactStorageCheck, alpha, a, b, beta, c);
            computed++;
            if (untouchedShare) computedWithUntouchedShares++;
            // Each written C from the definition on the pool as it was (no written C is an input that is read).
            var written = new HashSet<double[]>(ReferenceEqualityComparer.Instance);
            for (int p = 0; p < count; p++)
            {
                if (!W(p)) continue;
                written.Add(cS[p]!);
                var cBefore = new Matrix<double>(s, s, (double[])before[Array.IndexOf(pool, cS[p])].Clone());
                var cView = c[p].IsTransposed ? cBefore.Transpose() : cBefore;
                for (int i = 0; i < s; i++)
                    for (int j = 0; j < s; j++)
                    {
                        double sum = 0;
                        if (R(p))
                            for (int q = 0; q < s; q++)
                            {
                                var (ap, bp) = (a[p], b[p]);
                                int ai = Array.IndexOf(pool, aS[p]), bi = Array.IndexOf(pool, bS[p]);
                                var aB = new Matrix<double>(s, s, before[ai]); var bB = new Matrix<double>(s, s, before[bi]);
                                sum += (ap.IsTransposed ? aB.Transpose() : aB)[i, q] * (bp.IsTransposed ? bB.Transpose() : bB)[q, j];
                            }
                        double expected = alpha * sum + beta * cView[i, j];
                        Assert.True(Math.Abs(c[p][i, j] - expected) <= 1e-12, $"product {p} C[{i}, {j}] = {c[p][i, j]}, the definition gives {expected} ({what})");
                    }
            }
            for (int x = 0; x < pool.Length; x++)
                if (!written.Contains(pool[x])) Assert.Equal(before[x], pool[x]);
        }
        Assert.True(refused > 200 && computed > 200 && computedWithUntouchedShares > 100,
            $"refused {refused}, computed {computed}, of those with storage shared by an operand not touched {computedWithUntouchedShares}");
    }
}
