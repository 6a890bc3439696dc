using System.Numerics;
using BlasNet.Providers;

namespace BlasNet.Tests.Core;

/// <summary>
/// The managed provider's blocked GEMM against an independent textbook triple loop (computed in
/// double from the same inputs), called directly so the tests run whatever the process provider is.
/// Shapes straddle every block edge: MR = 6 rows, NR = 2 registers (4/8/16/32 columns), KC = 256,
/// MC = 96, NC = 2048, and the 8³ direct-loop limit.
/// </summary>
public class ManagedGemmTests
{
    public static TheoryData<int, int, int> Shapes => new()
    {
        { 1, 1, 1 }, { 2, 3, 4 }, { 8, 8, 8 }, { 1, 17, 33 }, { 23, 1, 19 }, { 6, 8, 9 }, { 6, 16, 13 },
        { 7, 9, 11 }, { 13, 17, 5 }, { 31, 37, 41 }, { 12, 32, 64 }, { 97, 67, 53 }, { 101, 103, 257 },
        { 193, 29, 300 }, { 3, 2053, 7 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Double_AllTransposesAndKernels_MatchTripleLoop(int m, int n, int k) => CheckShape<double>(m, n, k, seed: m * 7919 + n * 31 + k);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Float_AllTransposesAndKernels_MatchTripleLoop(int m, int n, int k) => CheckShape<float>(m, n, k, seed: m * 104729 + n * 17 + k);

    private static void CheckShape<T>(int m, int n, int k, int seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        (double alpha, double beta)[] scalings = [(1, 0), (-0.75, 1), (2.5, -0.5), (1, 1)];
        int variant = 0;
        foreach (var transA in new[] { Transpose.None, Transpose.Transposed })
            foreach (var transB in new[] { Transpose.None, Transpose.Transposed })
            {
                var (alpha, beta) = scalings[variant++ % scalings.Length];
                // Leading dimensions wider than the data, so strides and padding both matter.
                var p = Problem<T>.Random(transA, transB, m, n, k, extraLd: 1 + variant, alpha, beta, seed + variant);
                foreach (var kernel in ManagedGemmKernels.Supported<T>())
                    p.RunAndCheck(kernel, threads: 1);
                p.RunAndCheck(ManagedGemmKernel.Auto, threads: 2);
            }
    }

    [Fact]
    public void BetaZero_OverwritesNaNAndInfinityInC()
    {
        foreach (int size in new[] { 4, 50 }) // the direct loop and the blocked path
        {
            var p = Problem<double>.Random(Transpose.None, Transpose.None, size, size + 3, size - 1, extraLd: 2, alpha: 1.5, beta: 0, seed: 5);
            for (int i = 0; i < p.C0.Length; i++) p.C0[i] = i % 2 == 0 ? double.NaN : double.PositiveInfinity;
            var c = p.RunAndCheck(ManagedGemmKernel.Auto, threads: 1);
            for (int i = 0; i < size; i++)
                for (int j = 0; j < size + 3; j++) Assert.True(double.IsFinite(c[i * p.Ldc + j]), $"C[{i},{j}] = {c[i * p.Ldc + j]}");
        }
    }

    [Fact]
    public void AlphaZero_GivesBetaCWithoutReadingAOrB()
    {
        var p = Problem<double>.Random(Transpose.Transposed, Transpose.None, 40, 30, 20, extraLd: 0, alpha: 0, beta: -2, seed: 8);
        Array.Fill(p.A, double.NaN);
        Array.Fill(p.B, double.PositiveInfinity);
        var c = p.Run(ManagedGemmKernel.Auto, threads: 2);
        for (int i = 0; i < 40; i++)
            for (int j = 0; j < 30; j++) Assert.Equal(-2 * p.C0[i * p.Ldc + j], c[i * p.Ldc + j]);
    }

    [Fact]
    public void ZeroDepth_GivesBetaC_AndBetaZeroClearsNaN()
    {
        var p = Problem<float>.Random(Transpose.None, Transpose.None, 9, 10, 0, extraLd: 1, alpha: 3, beta: 0, seed: 9);
        Array.Fill(p.C0, float.NaN);
        var c = p.Run(ManagedGemmKernel.Auto, threads: 1);
        for (int i = 0; i < 9; i++)
            for (int j = 0; j < 10; j++) Assert.Equal(0f, c[i * p.Ldc + j]);
        Assert.True(float.IsNaN(c[10]), "the ldc padding column must stay untouched");
    }

    [Fact]
    public void InfinityInA_PoisonsOnlyItsOwnRowOfC()
    {
        // Zero padding of ragged panels must not turn 0·∞ into NaN in neighbouring rows or columns.
        int m = 13, n = 11, k = 70;
        var p = Problem<double>.Random(Transpose.None, Transpose.None, m, n, k, extraLd: 0, alpha: 1, beta: 0, seed: 10);
        p.A[12 * p.Lda + 5] = double.PositiveInfinity;
        foreach (var kernel in ManagedGemmKernels.Supported<double>())
        {
            var c = p.Run(kernel, threads: 1);
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++)
                    Assert.Equal(i == 12, !double.IsFinite(c[i * p.Ldc + j]));
        }
    }

    [Fact]
    public void MultiThreaded_IsBitwiseIdenticalToSingleThreaded()
    {
        // Threads split C's rows on micro-panel boundaries, so each element sums in the same order.
        var p = Problem<double>.Random(Transpose.Transposed, Transpose.None, 211, 150, 290, extraLd: 3, alpha: 0.5, beta: 1.25, seed: 11);
        var one = p.RunAndCheck(ManagedGemmKernel.Auto, threads: 1);
        foreach (int threads in new[] { 2, 3, 5 })
            Assert.Equal(one, p.Run(ManagedGemmKernel.Auto, threads));
        var f = Problem<float>.Random(Transpose.None, Transpose.Transposed, 130, 77, 260, extraLd: 0, alpha: 1, beta: 0, seed: 12);
        Assert.Equal(f.Run(ManagedGemmKernel.Auto, 1), f.Run(ManagedGemmKernel.Auto, 4));
    }

    [Fact]
    public void ConcurrentThreadedCalls_EachGetTheSingleThreadedResult()
    {
        // Callers that find the shared GEMM workers busy run on their own thread; either way each
        // result must be exactly the one-thread result, and nothing may cross between calls.
        var problems = Enumerable.Range(0, 6).Select(i => Problem<double>.Random(
            i % 2 == 0 ? Transpose.None : Transpose.Transposed, Transpose.None, 90 + 7 * i, 80 + 5 * i, 100, extraLd: i, alpha: 1, beta: 0.5, seed: 20 + i)).ToArray();
        var expected = problems.Select(p => p.Run(ManagedGemmKernel.Auto, threads: 1)).ToArray();
        for (int round = 0; round < 3; round++)
        {
            var results = new double[problems.Length][];
            Parallel.For(0, problems.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 },
                i => results[i] = problems[i].Run(ManagedGemmKernel.Auto, threads: 2 + i % 3));
            for (int i = 0; i < problems.Length; i++) Assert.Equal(expected[i], results[i]);
        }
    }

    [Fact]
    public void PublicEntryPoint_UsesTheProviderThreadBudget()
    {
        var p = Problem<double>.Random(Transpose.None, Transpose.None, 70, 80, 90, extraLd: 0, alpha: 1, beta: 0, seed: 13);
        var c = (double[])p.C0.Clone();
        ManagedGemm<double>.Gemm(Transpose.None, Transpose.None, 70, 80, 90, 1.0, p.A, p.Lda, p.B, p.Ldb, 0.0, c, p.Ldc);
        p.AssertMatchesReference(c);
    }

    public static TheoryData<int, int, int> SmallShapes => new()
    {
        // Square sizes of the crossover, tall, wide, deep (k = 256, the kernel's limit), and column tails.
        { 16, 16, 16 }, { 32, 32, 32 }, { 64, 64, 64 }, { 100, 16, 20 }, { 7, 40, 256 }, { 9, 12, 33 }, { 5, 23, 11 },
        // At or below 8³ multiply-adds, where the direct loop ran before: now the kernel (n = 3: with a transposed B, the loop).
        { 8, 8, 8 }, { 4, 4, 4 }, { 3, 3, 3 }, { 5, 6, 2 },
    };

    [Theory]
    [MemberData(nameof(SmallShapes))]
    public void SmallSingleCall_Double_RunsTheSmallKernel_AndMatchesTripleLoop(int m, int n, int k) => CheckSmallCall<double>(m, n, k, seed: m * 131 + n * 17 + k);

    [Theory]
    [MemberData(nameof(SmallShapes))]
    public void SmallSingleCall_Float_RunsTheSmallKernel_AndMatchesTripleLoop(int m, int n, int k) => CheckSmallCall<float>(m, n, k, seed: m * 137 + n * 19 + k);

    /// <summary>
    /// A single small call (Auto kernel) takes the small-product kernel (session 21): its result is the kernel's bit for
    /// bit (so the routing is really taken, on whichever vector width this process runs: run the class again with
    /// DOTNET_EnableAVX512=0 for the 256-bit path) and within the rounding bound of the triple loop, for every transpose
    /// pair, padded leading dimensions and the α/β cases, β = 0 with NaN and ∞ in C.
    /// </summary>
    private static unsafe void CheckSmallCall<T>(int m, int n, int k, int seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (n >= 4) Assert.Equal(GemmFma.IsHardware, SmallGemm.Applies<T>(m, n, k)); // narrower: float has no register that fits
        (double alpha, double beta)[] scalings = [(1, 0), (-0.75, 1), (2.5, -0.5), (1.5, 0)];
        int variant = 0;
        foreach (var transA in new[] { Transpose.None, Transpose.Transposed })
            foreach (var transB in new[] { Transpose.None, Transpose.Transposed })
            {
                var (alpha, beta) = scalings[variant++ % scalings.Length];
                var p = Problem<T>.Random(transA, transB, m, n, k, extraLd: variant, alpha, beta, seed + variant);
                if (beta == 0)
                    for (int x = 0; x < p.C0.Length; x++)
                        if (x % p.Ldc < n) p.C0[x] = x % 2 == 0 ? T.NaN : T.PositiveInfinity; // β = 0: C is not read
                var c = p.RunAndCheck(ManagedGemmKernel.Auto, threads: 2);
                if (!SmallGemm.Applies<T>(m, n, k) || (n < 4 && transB == Transpose.Transposed)) continue; // the direct loop's case
                var kernel = (T[])p.C0.Clone();
                fixed (T* pa = p.A, pb = p.B, pc = kernel)
                    SmallGemm.Run(transA, transB, m, n, k, p.Alpha, pa, p.Lda, pb, p.Ldb, p.Beta, pc, p.Ldc);
                Assert.Equal(kernel, c);
            }
    }

    /// <summary>One GEMM problem: random op(A), op(B), C with padded leading dimensions, and its reference.</summary>
    private sealed class Problem<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public required Transpose TransA, TransB;
        public required int M, N, K, Lda, Ldb, Ldc;
        public required T Alpha, Beta;
        public required T[] A, B, C0;

        public static Problem<T> Random(Transpose transA, Transpose transB, int m, int n, int k, int extraLd, double alpha, double beta, int seed)
        {
            var rng = new Random(seed);
            int aRows = transA == Transpose.None ? m : k, aCols = transA == Transpose.None ? k : m;
            int bRows = transB == Transpose.None ? k : n, bCols = transB == Transpose.None ? n : k;
            int lda = aCols + extraLd, ldb = bCols + extraLd, ldc = n + extraLd;
            T[] Fill(int length) => Enumerable.Range(0, length).Select(_ => T.CreateTruncating(rng.NextDouble() * 2 - 1)).ToArray();
            return new Problem<T>
            {
                TransA = transA, TransB = transB, M = m, N = n, K = k, Lda = lda, Ldb = ldb, Ldc = ldc,
                Alpha = T.CreateTruncating(alpha), Beta = T.CreateTruncating(beta),
                A = Fill(Math.Max(1, aRows * lda)), B = Fill(Math.Max(1, bRows * ldb)), C0 = Fill(m * ldc),
            };
        }

        public T[] Run(ManagedGemmKernel kernel, int threads)
        {
            var c = (T[])C0.Clone();
            ManagedGemm<T>.Gemm(TransA, TransB, M, N, K, Alpha, A, Lda, B, Ldb, Beta, c, Ldc, threads, kernel);
            return c;
        }

        public T[] RunAndCheck(ManagedGemmKernel kernel, int threads)
        {
            var c = Run(kernel, threads);
            AssertMatchesReference(c, $"{kernel}, {threads} thread(s)");
            return c;
        }

        private double OpA(int i, int p) => double.CreateTruncating(TransA == Transpose.None ? A[i * Lda + p] : A[p * Lda + i]);
        private double OpB(int p, int j) => double.CreateTruncating(TransB == Transpose.None ? B[p * Ldb + j] : B[j * Ldb + p]);

        private (double[] Expected, double[] Bound)? reference;

        /// <summary>The triple-loop reference in double, with a forward-error bound 2(k+3)·ε·(|α| Σ|a·b| + |β c|).</summary>
        private (double[] Expected, double[] Bound) Reference()
        {
            if (reference is { } done) return done;
            double alpha = double.CreateTruncating(Alpha), beta = double.CreateTruncating(Beta);
            double eps = TestValues.MachineEpsilon<T>();
            var expected = new double[M * N];
            var bound = new double[M * N];
            for (int i = 0; i < M; i++)
                for (int j = 0; j < N; j++)
                {
                    double sum = 0, magnitude = 0;
                    for (int p = 0; p < K; p++)
                    {
                        double t = OpA(i, p) * OpB(p, j);
                        sum += t;
                        magnitude += Math.Abs(t);
                    }
                    // β = 0 means C is not read at all (BLAS): NaN or ∞ there must not leak in.
                    double c0 = beta == 0 ? 0 : double.CreateTruncating(C0[i * Ldc + j]);
                    expected[i * N + j] = alpha * sum + beta * c0;
                    bound[i * N + j] = 2 * (K + 3) * eps * (Math.Abs(alpha) * magnitude + Math.Abs(beta * c0));
                }
            reference = (expected, bound);
            return (expected, bound);
        }

        public void AssertMatchesReference(T[] c, string what = "")
        {
            var (expected, bound) = Reference();
            for (int i = 0; i < M; i++)
            {
                for (int j = 0; j < N; j++)
                {
                    double actual = double.CreateTruncating(c[i * Ldc + j]), e = expected[i * N + j];
                    if (!(Math.Abs(actual - e) <= bound[i * N + j]))
                        Assert.Fail($"{typeof(T).Name} {TransA}/{TransB} {M}x{N}x{K} {what}: C[{i},{j}] = {actual}, expected {e} (bound {bound[i * N + j]})");
                }
                // The padding between rows (ldc > n) belongs to the caller and must be untouched.
                for (int j = N; j < Ldc && i * Ldc + j < c.Length; j++)
                    Assert.True(c[i * Ldc + j].Equals(C0[i * Ldc + j]), $"{what}: padding C[{i},{j}] was written");
            }
        }
    }
}
