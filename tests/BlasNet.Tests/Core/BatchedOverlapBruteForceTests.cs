using System.Globalization;
using System.Text.RegularExpressions;

namespace BlasNet.Tests.Core;

/// <summary>
/// The batched GEMMs' overlap rules against brute force. Strided form: A, B and C blocks at random offsets, leading
/// dimensions and strides (often below a block's extent, so blocks interleave) in one buffer; the index sets of every
/// product's blocks are listed here from the definition, and the call must be refused exactly when two C blocks share an
/// element (strideC named, the products and the element checked) or a C block shares one with an A block, else a B block
/// (c named, the products and the element in both checked), and otherwise compute every product as the definition says
/// on a copy, every element outside the C blocks bit-unchanged. List form: matrices drawn from a small pool of arrays,
/// plain or transposed views, refused exactly when an output array is another product's output or any product's input,
/// on both validation paths (the address proof and the exact storage check).
/// </summary>
public class BatchedOverlapBruteForceTests
{
    private const int BufferLength = 260;

    private static HashSet<long> Block(long start, int rows, int cols, int ld)
    {
        var set = new HashSet<long>();
        for (int r = 0; r < rows; r++) for (int j = 0; j < cols; j++) set.Add(start + (long)r * ld + j);
        return set;
    }

    private static readonly Regex OutputsShared = new(@"products 0 and (\d+) of the batch of \d+ share element (\d+) of c");
    private static readonly Regex InputShared = new(@"element (\d+) of c, in the C block of product (\d+), is element (\d+) of (\w+), in its block of product (\d+)");

    [Theory]
    [InlineData(3801)]
    [InlineData(3802)]
    public void Strided_RandomInterleavedLayouts_MatchBruteForce(int seed)
    {
        var rng = new Random(seed);
        int refusedOutputs = 0, refusedInputs = 0, computed = 0;
        for (int trial = 0; trial < 4000; trial++)
        {
            bool ta = rng.Next(2) == 1, tb = rng.Next(2) == 1;
            int m = rng.Next(1, 5), n = rng.Next(1, 5), k = rng.Next(1, 5), count = rng.Next(1, 5);
            int aRows = ta ? k : m, aCols = ta ? m : k, bRows = tb ? n : k, bCols = tb ? k : n;
            int lda = aCols + rng.Next(0, 4), ldb = bCols + rng.Next(0, 4), ldc = n + rng.Next(0, 4);
            int aBlock = (aRows - 1) * lda + aCols, bBlock = (bRows - 1) * ldb + bCols, cBlock = (m - 1) * ldc + n;
            // Strides from 0 (one shared input) to a little past a block's extent, small ones often: blocks interleave.
            int strideA = rng.Next(0, aBlock + 3), strideB = rng.Next(0, bBlock + 3), strideC = rng.Next(rng.Next(3) == 0 ? 0 : 1, cBlock + 3);
            int aExtent = (count - 1) * strideA + aBlock, bExtent = (count - 1) * strideB + bBlock, cExtent = (count - 1) * strideC + cBlock;
            int aOff = rng.Next(0, BufferLength - aExtent + 1), bOff = rng.Next(0, BufferLength - bExtent + 1);
            // C placed near A or B more often than not, so that inputs and outputs meet.
            int cOff = rng.Next(3) switch
            {
                0 => Math.Clamp(aOff + rng.Next(-cExtent, aExtent), 0, BufferLength - cExtent),
                1 => Math.Clamp(bOff + rng.Next(-cExtent, bExtent), 0, BufferLength - cExtent),
                _ => rng.Next(0, BufferLength - cExtent + 1),
            };
            var cBlocks = Enumerable.Range(0, count).Select(i => Block(cOff + (long)i * strideC, m, n, ldc)).ToArray();
            var aBlocks = Enumerable.Range(0, count).Select(i => Block(aOff + (long)i * strideA, aRows, aCols, lda)).ToArray();
            var bBlocks = Enumerable.Range(0, count).Select(i => Block(bOff + (long)i * strideB, bRows, bCols, ldb)).ToArray();
            bool outputsShare = false;
            for (int i = 0; i < count; i++) for (int j = i + 1; j < count; j++) outputsShare |= cBlocks[i].Overlaps(cBlocks[j]);
            var allC = new HashSet<long>(cBlocks.SelectMany(s => s));
            bool aShares = aBlocks.Any(s => s.Overlaps(allC)), bShares = bBlocks.Any(s => s.Overlaps(allC));

            var buf = new double[BufferLength];
            for (int i = 0; i < buf.Length; i++) buf[i] = rng.NextDouble() * 2 - 1;
            var before = (double[])buf.Clone();
            const double alpha = 1.25, beta = -0.5;
            string what = $"trial {trial}: ta {ta} tb {tb} m {m} n {n} k {k} count {count}; a at {aOff} ld {lda} stride {strideA}; b at {bOff} ld {ldb} stride {strideB}; c at {cOff} ld {ldc} stride {strideC}";
            void Call() => Blas.GemmStridedBatched(ta ? Transpose.Transposed : Transpose.None, tb ? Transpose.Transposed : Transpose.None, m, n, k, alpha,
                buf.AsSpan(aOff), lda, strideA, buf.AsSpan(bOff), ldb, strideB, beta, buf.AsSpan(cOff), ldc, strideC, count);

            if (outputsShare)
            {
                var ex = Assert.Throws<ArgumentOutOfRangeException>(Call);
                Assert.Equal("strideC", ex.ParamName);
                var match = OutputsShared.Match(ex.Message);
                Assert.True(match.Success, $"no products and element in \"{ex.Message}\" ({what})");
                int apart = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
                long element = cOff + long.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
                Assert.True(apart < count && cBlocks[0].Contains(element) && cBlocks[apart].Contains(element), $"\"{ex.Message}\" names no shared element ({what})");
                refusedOutputs++;
                Assert.Equal(before, buf); // refused before any product ran
                continue;
            }
            if (aShares || bShares)
            {
                var ex = Assert.Throws<ArgumentException>(Call);
                Assert.Equal("c", ex.ParamName);
                string input = aShares ? "a" : "b";
                var match = InputShared.Match(ex.Message);
                Assert.True(match.Success, $"no products and elements in \"{ex.Message}\" ({what})");
                Assert.True(match.Groups[4].Value == input, $"\"{ex.Message}\" names {match.Groups[4].Value}, brute force finds {input} first ({what})");
                long cElement = cOff + long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
                int cProduct = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
                long inElement = (input == "a" ? aOff : bOff) + long.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture);
                int inProduct = int.Parse(match.Groups[5].Value, CultureInfo.InvariantCulture);
                var inBlocks = input == "a" ? aBlocks : bBlocks;
                Assert.True(cElement == inElement && cProduct < count && inProduct < count && cBlocks[cProduct].Contains(cElement) && inBlocks[inProduct].Contains(inElement),
                    $"\"{ex.Message}\": c's element {cElement} of product {cProduct}, {input}'s {inElement} of product {inProduct} are not one shared element ({what})");
                refusedInputs++;
                Assert.Equal(before, buf);
                continue;
            }

            Call();
            computed++;
            for (int p = 0; p < count; p++)
                for (int i = 0; i < m; i++)
                    for (int j = 0; j < n; j++)
                    {
                        double s = 0;
                        for (int q = 0; q < k; q++)
                        {
                            double av = ta ? before[aOff + p * strideA + q * lda + i] : before[aOff + p * strideA + i * lda + q];
                            double bv = tb ? before[bOff + p * strideB + j * ldb + q] : before[bOff + p * strideB + q * ldb + j];
                            s += av * bv;
                        }
                        int at = cOff + p * strideC + i * ldc + j;
                        double expected = alpha * s + beta * before[at];
                        Assert.True(Math.Abs(buf[at] - expected) <= 1e-13, $"product {p} C[{i}, {j}] = {buf[at]}, the definition gives {expected} ({what})");
                    }
            for (int x = 0; x < BufferLength; x++)
                if (!allC.Contains(x)) Assert.True(BitConverter.DoubleToInt64Bits(before[x]) == BitConverter.DoubleToInt64Bits(buf[x]), $"element {x} outside every C block changed ({what})");
        }
        Assert.True(refusedOutputs > 200 && refusedInputs > 200 && computed > 200, $"outputs refused {refusedOutputs}, inputs refused {refusedInputs}, computed {computed}");
    }

    private static readonly Regex OutputsSameStorage = new(@"^c\[(\d+)\] and c\[(\d+)\] share storage");
    private static readonly Regex InputSameStorage = new(@"^(a|b)\[(\d+)\] shares storage with c\[(\d+)\]");

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void List_RandomSharedStorage_MatchesBruteForce(bool exactStorageCheck)
    {
        const int s = 3;
        var rng = new Random(exactStorageCheck ? 3803 : 3804);
        int refused = 0, computed = 0;
        for (int trial = 0; trial < 3000; trial++)
        {
            int count = rng.Next(1, 6);
            var pool = Enumerable.Range(0, rng.Next(2, 3 * count + 2)).Select(_ => Enumerable.Range(0, s * s).Select(_ => rng.NextDouble() * 2 - 1).ToArray()).ToArray();
            Matrix<double> Pick(out double[] storage)
            {
                storage = pool[rng.Next(pool.Length)];
                var mtx = new Matrix<double>(s, s, storage);
                return rng.Next(2) == 0 ? mtx : mtx.Transpose();
            }
            var a = new Matrix<double>[count]; var b = new Matrix<double>[count]; var c = new Matrix<double>[count];
            var aS = new double[count][]; var bS = new double[count][]; var cS = new double[count][];
            for (int i = 0; i < count; i++) { a[i] = Pick(out aS[i]); b[i] = Pick(out bS[i]); c[i] = Pick(out cS[i]); }
            var before = pool.Select(p => (double[])p.Clone()).ToArray();
            string what = $"trial {trial}, count {count}, pool {pool.Length}";
            void Call()
            {
                if (!exactStorageCheck) { Blas.GemmBatched(1.5, a, b, 0.25, c); return; }
                var batch = MatrixGemmBatch<double>.Validate(1.5, a, b, 0.25, c, exactStorageCheck: true);
                try { batch.RunProducts(); } finally { batch.Release(); }
            }

            bool outputsShare = false;
            for (int i = 0; i < count; i++) for (int j = i + 1; j < count; j++) outputsShare |= ReferenceEquals(cS[i], cS[j]);
            int firstInput = -1; string? inputName = null;
            for (int i = 0; i < count && firstInput < 0; i++)
            {
                if (cS.Any(x => ReferenceEquals(x, aS[i]))) { firstInput = i; inputName = "a"; }
                else if (cS.Any(x => ReferenceEquals(x, bS[i]))) { firstInput = i; inputName = "b"; }
            }
            if (outputsShare)
            {
                var ex = Assert.Throws<ArgumentException>(Call);
                Assert.Equal("c", ex.ParamName);
                var match = OutputsSameStorage.Match(ex.Message);
                Assert.True(match.Success, $"\"{ex.Message}\" ({what})");
                int i = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), j = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
                Assert.True(i != j && ReferenceEquals(cS[i], cS[j]), $"\"{ex.Message}\" names outputs that do not share ({what})");
            }
            else if (firstInput >= 0)
            {
                var ex = Assert.Throws<ArgumentException>(Call);
                Assert.Equal(inputName, ex.ParamName);
                var match = InputSameStorage.Match(ex.Message);
                Assert.True(match.Success, $"\"{ex.Message}\" ({what})");
                int i = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture), j = int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture);
                Assert.True(match.Groups[1].Value == inputName && i == firstInput, $"\"{ex.Message}\": brute force finds {inputName}[{firstInput}] first ({what})");
                Assert.True(ReferenceEquals(cS[j], inputName == "a" ? aS[i] : bS[i]), $"\"{ex.Message}\" names operands that do not share ({what})");
            }
            else
            {
                Call();
                computed++;
                // Each C from the definition on the pool as it was (no output is any input, so every input is unchanged).
                var written = new HashSet<double[]>(cS, ReferenceEqualityComparer.Instance);
                for (int p = 0; p < count; p++)
                {
                    int ci = Array.IndexOf(pool, cS[p]);
                    var cBefore = new Matrix<double>(s, s, (double[])before[ci].Clone());
                    var cView = c[p].IsTransposed ? cBefore.Transpose() : cBefore;
                    for (int i = 0; i < s; i++)
                        for (int j = 0; j < s; j++)
                        {
                            double sum = 0;
                            for (int q = 0; q < s; q++) sum += a[p][i, q] * b[p][q, j];
                            double expected = 1.5 * sum + 0.25 * cView[i, j];
                            Assert.True(Math.Abs(c[p][i, j] - expected) <= 1e-13, $"product {p} C[{i}, {j}] = {c[p][i, j]}, the definition gives {expected} ({what})");
                        }
                }
                for (int x = 0; x < pool.Length; x++)
                    if (!written.Contains(pool[x])) Assert.Equal(before[x], pool[x]);
                continue;
            }
            refused++;
            for (int x = 0; x < pool.Length; x++) Assert.Equal(before[x], pool[x]); // refused before any product ran
        }
        Assert.True(refused > 200 && computed > 200, $"refused {refused}, computed {computed}");
    }
}
