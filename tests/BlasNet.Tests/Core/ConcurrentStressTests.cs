using System.Collections.Concurrent;
using System.Numerics.Tensors;

namespace BlasNet.Tests.Core;

/// <summary>
/// The library called from many threads at once, as a server or a Parallel.For user would: level-3 products, solves and
/// matrix–vector products at sizes on both sides of every threshold (the managed small-product kernel at 16, the worker-pool
/// split and BLIS's gate at 64³ multiply-adds), in the matrix, transposed-view, span and tensor forms; strided and list
/// batches from several threads at once (they share the managed worker pool). Every result is checked against the
/// definition written here in plain loops (double sums), never against another run of the library.
/// </summary>
public class ConcurrentStressTests
{
    // Dimensions around the thresholds: 16 (the small kernel's tile), 64 (64³ = the pool's split, BLIS's gate), 65 just above.
    private static readonly int[] Sizes = [1, 5, 15, 16, 17, 33, 63, 64, 65, 80];

    /// <summary>Runs body(t) on <paramref name="threads"/> dedicated threads started together; rethrows the first failure.</summary>
    internal static void OnThreads(int threads, Action<int> body, int timeoutSeconds = 120)
    {
        var failures = new ConcurrentQueue<Exception>();
        using var start = new Barrier(threads);
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            try
            {
                start.SignalAndWait();
                body(t);
            }
            catch (Exception e)
            {
                failures.Enqueue(e);
            }
        }) { IsBackground = true }).ToList();
        workers.ForEach(w => w.Start());
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        foreach (var w in workers)
            Assert.True(w.Join(deadline - DateTime.UtcNow is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero),
                $"a thread did not finish within {timeoutSeconds} s (deadlock?)");
        if (failures.TryDequeue(out var first)) throw new AggregateException($"{failures.Count + 1} thread(s) failed", first);
    }

    private static Matrix<double> Random(int rows, int cols, int seed, bool transposedView)
    {
        // A transposed view of a cols×rows matrix is rows×cols too: the product sees the same shape either way.
        var stored = transposedView ? Matrix.Random<double>(cols, rows, seed) : Matrix.Random<double>(rows, cols, seed);
        return transposedView ? stored.Transpose() : stored;
    }

    /// <summary>|actual − Σ| within a few ulps of the sum of |terms| (per element, as NaiveBlas's bounds).</summary>
    private static void AssertClose(double expected, double actual, double magnitude, int k, double eps, string what)
    {
        double bound = eps * (k + 2) * magnitude + 1e-300;
        Assert.True(Math.Abs(expected - actual) <= bound, $"{what}: {actual:R}, definition {expected:R} (bound {bound:G3})");
    }

    private static void CheckGemm(Matrix<double> a, Matrix<double> b, Matrix<double> c, double[,] cBefore, double alpha, double beta, string what)
    {
        for (int i = 0; i < c.Rows; i++)
            for (int j = 0; j < c.Columns; j++)
            {
                double sum = 0, mag = 0;
                for (int p = 0; p < a.Columns; p++)
                {
                    double term = a[i, p] * b[p, j];
                    sum += term;
                    mag += Math.Abs(term);
                }
                AssertClose(alpha * sum + beta * cBefore[i, j], c[i, j], Math.Abs(alpha) * mag + Math.Abs(beta * cBefore[i, j]), a.Columns, 2.3e-16, $"{what} C[{i},{j}]");
            }
    }

    [Fact]
    public void SixteenThreads_GemmSyrkTrsmGemv_AcrossTheThresholds_AllMatchTheDefinition()
    {
        OnThreads(16, t =>
        {
            var rng = new Random(3800 + t);
            foreach (int size in Sizes)
            {
                int m = size, n = Sizes[rng.Next(Sizes.Length)], k = Sizes[rng.Next(Sizes.Length)];
                bool ta = rng.Next(2) == 0, tb = rng.Next(2) == 0, tc = rng.Next(2) == 0;
                int seed = t * 1000 + size;
                string what = $"thread {t}, {m}x{n}x{k} ta={ta} tb={tb} tc={tc}";

                // Matrix form with transposed views (C too: a transposed C is written through its view).
                var a = Random(m, k, seed, ta);
                var b = Random(k, n, seed + 1, tb);
                var c = Random(m, n, seed + 2, tc);
                var before = c.ToArray2D();
                Blas.Gemm(0.75, a, b, 0.5, c);
                CheckGemm(a, b, c, before, 0.75, 0.5, "matrix " + what);

                // Tensor form of the same operands, beta = 0 over a NaN-filled C (not read).
                var ct = new Matrix<double>(m, n);
                ct.AsSpan().Fill(double.NaN);
                Blas.Gemm(-1.0, a.AsReadOnlyTensorSpan(), b.AsReadOnlyTensorSpan(), 0.0, ct.AsTensorSpan());
                CheckGemm(a, b, ct, new double[m, n], -1.0, 0.0, "tensor " + what);

                // Float products, span form, against double sums.
                var af = Matrix.Random<float>(m, k, seed + 3);
                var bf = Matrix.Random<float>(k, n, seed + 4);
                var cf = new float[m * n];
                Blas.Gemm(Transpose.None, Transpose.None, m, n, k, 1f, af.AsSpan(), k, bf.AsSpan(), n, 0f, cf, n);
                for (int i = 0; i < m; i++)
                    for (int j = 0; j < n; j++)
                    {
                        double sum = 0, mag = 0;
                        for (int p = 0; p < k; p++) { double term = (double)af[i, p] * bf[p, j]; sum += term; mag += Math.Abs(term); }
                        AssertClose(sum, cf[i * n + j], mag, k, 1.2e-7, $"float {what} C[{i},{j}]");
                    }

                // Syrk on one triangle: the other is neither read nor written.
                var s = Random(m, k, seed + 5, ta);
                var cs = Matrix.Random<double>(m, m, seed + 6);
                var csBefore = cs.ToArray2D();
                var uplo = rng.Next(2) == 0 ? Triangle.Upper : Triangle.Lower;
                Blas.Syrk(uplo, 2.0, s, -1.0, cs);
                for (int i = 0; i < m; i++)
                    for (int j = 0; j < m; j++)
                    {
                        if (uplo == Triangle.Upper ? j < i : j > i)
                        {
                            Assert.Equal(csBefore[i, j], cs[i, j]);
                            continue;
                        }
                        double sum = 0, mag = 0;
                        for (int p = 0; p < k; p++) { double term = s[i, p] * s[j, p]; sum += term; mag += Math.Abs(term); }
                        AssertClose(2 * sum - csBefore[i, j], cs[i, j], 2 * mag + Math.Abs(csBefore[i, j]), k, 2.3e-16, $"syrk {uplo} {what} C[{i},{j}]");
                    }

                // Trsm (span form, left side): op(A)·X = α·B with a well-conditioned triangle; checked by multiplying back.
                var tri = Matrix.Random<double>(m, m, seed + 7);
                for (int i = 0; i < m; i++) tri[i, i] = m + 1.0;
                var rhs = Matrix.Random<double>(m, n, seed + 8);
                var x = rhs.AsSpan().ToArray();
                var trans = ta ? Transpose.Transposed : Transpose.None;
                Blas.Trsm(Side.Left, uplo, trans, Diagonal.NonUnit, m, n, 3.0, tri.AsSpan(), m, x, n);
                for (int i = 0; i < m; i++)
                    for (int j = 0; j < n; j++)
                    {
                        double sum = 0, mag = 0;
                        for (int p = 0; p < m; p++)
                        {
                            // op(A)[i, p] from the stored triangle only.
                            int r = ta ? p : i, q = ta ? i : p;
                            if (uplo == Triangle.Upper ? q < r : q > r) continue;
                            double term = tri[r, q] * x[p * n + j];
                            sum += term;
                            mag += Math.Abs(term);
                        }
                        AssertClose(3.0 * rhs[i, j], sum, mag, m, 1e-14, $"trsm {uplo} {trans} {what} row {i} col {j}");
                    }

                // Gemv through a (possibly transposed) view.
                var xv = Enumerable.Range(0, k).Select(i => Math.Sin(i + t)).ToArray();
                var y = Enumerable.Range(0, m).Select(i => Math.Cos(i - t)).ToArray();
                var yBefore = (double[])y.Clone();
                Blas.Gemv(1.5, a, xv, 0.25, y);
                for (int i = 0; i < m; i++)
                {
                    double sum = 0, mag = 0;
                    for (int p = 0; p < k; p++) { double term = a[i, p] * xv[p]; sum += term; mag += Math.Abs(term); }
                    AssertClose(1.5 * sum + 0.25 * yBefore[i], y[i], 1.5 * mag + Math.Abs(0.25 * yBefore[i]), k, 2.3e-16, $"gemv {what} y[{i}]");
                }
            }
        });
    }

    /// <summary>
    /// Strided and list batches from six threads at once, sized below and above the small kernel and the 64³ batch threshold
    /// (so some spread over the worker pool, and the others find it busy and run on their own thread): every product of every
    /// batch is its own definition, and nothing is written past a batch's last product (no records of one batch in another).
    /// </summary>
    [Fact]
    public void SixThreads_StridedAndListBatchesAtOnce_NoProductLostOrMixed()
    {
        int[] sizes = [4, 16, 24, 64, 65];
        OnThreads(6, t =>
        {
            for (int round = 0; round < 1; round++)
                foreach (int size in sizes)
                {
                    int m = size, n = size - t % 3, k = size + t % 2, count = size > 40 ? 8 : 100;
                    n = Math.Max(1, n);
                    int seed = t * 100_000 + round * 1000 + size;
                    var rng = new Random(seed);
                    bool ta = rng.Next(2) == 0, tb = rng.Next(2) == 0;
                    int lda = ta ? m : k, ldb = tb ? k : n, strideA = m * k + 3, strideB = k * n + 1, strideC = m * n + 2;
                    var a = Values(rng, strideA * count);
                    var b = Values(rng, strideB * count);
                    var c = Values(rng, strideC * count + 5);
                    var before = (double[])c.Clone();
                    Blas.GemmStridedBatched(ta ? Transpose.Transposed : Transpose.None, tb ? Transpose.Transposed : Transpose.None,
                        m, n, k, 1.0, a, lda, strideA, b, ldb, strideB, 0.5, c, n, strideC, count);
                    for (int q = 0; q < count; q++)
                    {
                        var slice = before[(q * strideC)..((q + 1) * strideC)];
                        var bound = NaiveBlas.Gemm(ta, tb, m, n, k, 1.0, a[(q * strideA)..], lda, b[(q * strideB)..], ldb, 0.5, slice, n);
                        for (int i = 0; i < m; i++)
                            for (int j = 0; j < n; j++)
                                AssertClose(slice[i * n + j], c[q * strideC + i * n + j], bound[i * n + j], k, 2.3e-16,
                                    $"thread {t} strided {m}x{n}x{k} product {q} C[{i},{j}]");
                        for (int gap = m * n; gap < strideC; gap++) // the padding between two products' C
                            Assert.Equal(before[q * strideC + gap], c[q * strideC + gap]);
                    }
                    for (int tail = strideC * count; tail < c.Length; tail++) Assert.Equal(before[tail], c[tail]);

                    // The list form: products of mixed shapes (every other one a transposed view).
                    var la = new List<Matrix<double>>();
                    var lb = new List<Matrix<double>>();
                    var lc = new List<Matrix<double>>();
                    for (int q = 0; q < count; q++)
                    {
                        int mq = Math.Max(1, m - q % 3), kq = k + q % 2;
                        la.Add(Random(mq, kq, seed + 7 * q, q % 2 == 1));
                        lb.Add(Random(kq, n, seed + 7 * q + 1, q % 3 == 1));
                        lc.Add(Matrix.Random<double>(mq, n, seed + 7 * q + 2));
                    }
                    var lBefore = lc.Select(x => x.ToArray2D()).ToList();
                    Blas.GemmBatched(-0.5, la, lb, 2.0, lc);
                    for (int q = 0; q < count; q++)
                        CheckGemm(la[q], lb[q], lc[q], lBefore[q], -0.5, 2.0, $"thread {t} list {m}x{n}x{k} product {q}");
                }
        });
    }

    /// <summary>
    /// Sixty-four threads at once on 2 cores, each with products below and above the 64³ split (OpenBLAS hands each calling
    /// thread a buffer of its own from a fixed table, and threads its larger products; the managed pool is taken by one
    /// product at a time and the others run alone): every sampled element is its definition, and no thread is left waiting.
    /// </summary>
    [Fact]
    public void SixtyFourThreads_ProductsBelowAndAboveTheSplit_AllRight()
    {
        OnThreads(64, t =>
        {
            foreach (int size in new[] { 70, 150, 40 })
            {
                var a = Matrix.Random<double>(size, size, t);
                var b = Matrix.Random<double>(size, size, t + 1);
                var c = Blas.Multiply(a, b);
                for (int i = 0; i < size; i += 13)
                    for (int j = 0; j < size; j += 7)
                    {
                        double sum = 0, mag = 0;
                        for (int p = 0; p < size; p++) { double term = a[i, p] * b[p, j]; sum += term; mag += Math.Abs(term); }
                        AssertClose(sum, c[i, j], mag, size, 2.3e-16, $"thread {t} {size}³ C[{i},{j}]");
                    }
            }
        });
    }

    /// <summary>
    /// The mixed-precision layers' Half-operand GEMM (<see cref="HalfGemm"/>: widened to float as packed, on the managed blocked GEMM and its worker pool whatever the
    /// provider) from eight threads at once, below and above the 64³ split, beside float products that share the same
    /// float kernel's pool: every element is the float-accumulated definition (products of halves are exact in float).
    /// </summary>
    [Fact]
    public void EightThreads_HalfOperandGemms_AtOnce_MatchTheDefinition()
    {
        OnThreads(8, t =>
        {
            var rng = new Random(38 + t);
            foreach (int size in new[] { 20, 65, 110 })
            {
                int m = size, n = size + t % 3, k = size - t % 2;
                var a = Enumerable.Range(0, m * k).Select(_ => (Half)(rng.NextDouble() * 2 - 1)).ToArray();
                var b = Enumerable.Range(0, k * n).Select(_ => (Half)(rng.NextDouble() * 2 - 1)).ToArray();
                var c = new float[m * n];
                HalfGemm.Gemm(Transpose.None, t % 2 == 0 ? Transpose.None : Transpose.Transposed, m, n, k, 1f,
                    HalfGemmOperand.Half(a), k, HalfGemmOperand.Half(b), t % 2 == 0 ? n : k, 0f, c, n);
                for (int i = 0; i < m; i++)
                    for (int j = 0; j < n; j++)
                    {
                        double sum = 0, mag = 0;
                        for (int p = 0; p < k; p++)
                        {
                            double term = (double)a[i * k + p] * (double)(t % 2 == 0 ? b[p * n + j] : b[j * k + p]);
                            sum += term;
                            mag += Math.Abs(term);
                        }
                        AssertClose(sum, c[i * n + j], mag, k, 1.2e-7, $"thread {t} half {m}x{n}x{k} C[{i},{j}]");
                    }
            }
        });
    }

    private static double[] Values(Random rng, int count)
    {
        var v = new double[count];
        for (int i = 0; i < count; i++) v[i] = rng.NextDouble() * 2 - 1;
        return v;
    }
}
