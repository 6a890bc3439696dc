namespace BlasNet.Benchmarks;

/// <summary>
/// <c>blis-split-quick [rounds]</c> (Session 47, blis47): what the float-GEMM split costs on BLIS. For shapes the split
/// takes (<c>BlasBackend.SgemmReadsPastShortLastRow</c>: n ≡ 2, 3 mod 4; <c>SgemmReadsPastLastRowOfA</c>: B transposed),
/// <c>CheckedBlas&lt;float&gt;.GemmOnProvider</c> (the library's provider path: rows 0..m−2 in one call, the last row in a
/// second, with the zero-multiplier repair a 1×n product gets on BLIS) against one unsplit call of the backend's GEMM on the
/// same operands (safe here: the operands are managed arrays with room after them). Alternating rounds in one process, process
/// CPU time, each piece repeating the product ~2·10⁷ flops' worth (at least 3 times); no validation in either piece. BlasNet
/// runs a BLIS call below 64³ multiply-adds on one thread (BlisCallGate), so where m·n·k ≥ 64³ > (m−1)·n·k the split also
/// changes the thread count: run it with BLIS_NUM_THREADS=1 as well to see the second call's cost alone.
/// On a provider without the flags both pieces are the same call (a control for the harness's own spread).
/// </summary>
internal static class BlisSplitQuick
{
    public static int Run(string[] args)
    {
        int rounds = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 7;
        var backend = BlasProvider.Backend;
        Console.WriteLine($"provider {BlasProvider.Current}, threads {BlasProvider.Threads}, split flags C-row {backend.SgemmReadsPastShortLastRow} A-row {backend.SgemmReadsPastLastRowOfA}, load {File.ReadAllText("/proc/loadavg").Trim()}");
        (Transpose TransA, Transpose TransB, int M, int N, int K)[] shapes =
        [
            (Transpose.None, Transpose.None, 2, 2, 1),
            (Transpose.None, Transpose.None, 8, 10, 8),
            (Transpose.None, Transpose.None, 16, 18, 16),
            (Transpose.None, Transpose.None, 64, 66, 64),
            (Transpose.None, Transpose.None, 256, 258, 256),
            (Transpose.None, Transpose.Transposed, 4, 16, 2),
            (Transpose.None, Transpose.Transposed, 10, 32, 17),
            (Transpose.None, Transpose.Transposed, 64, 64, 64),
            (Transpose.None, Transpose.Transposed, 256, 256, 256),
        ];
        foreach (var (ta, tb, m, n, k) in shapes)
        {
            var rng = new Random(47);
            int lda = ta == Transpose.None ? k : m, ldb = tb == Transpose.None ? n : k;
            var a = Enumerable.Range(0, m * k + 64).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
            var b = Enumerable.Range(0, k * n + 64).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
            var c = new float[m * n + 64];
            int repeat = Math.Max(3, (int)(2e7 / (2.0 * m * n * k + 2000)));
            void Split() { for (int r = 0; r < repeat; r++) CheckedBlas<float>.GemmOnProvider(ta, tb, m, n, k, 0.5f, a, lda, b, ldb, 0.25f, c, n); }
            void OneCall() { for (int r = 0; r < repeat; r++) backend.Gemm(ta, tb, m, n, k, 0.5f, a, lda, b, ldb, 0.25f, c, n); }
            // Both pieces well past tier-0 code before the rounds: a first run had the split's generic path still in tier 0
            // for the first shape (OpenBLAS control, where both pieces are the same call: 2.7× in rounds 1–4, 1.2× in round 5).
            var warm = System.Diagnostics.Stopwatch.StartNew();
            while (warm.ElapsedMilliseconds < 500) { OneCall(); Split(); }
            Console.WriteLine($"{ta} {tb} m={m} n={n} k={k}: {repeat} products per piece");
            AlternatingRounds.Run([("one call", OneCall), ("split", Split)], rounds, 0, "F3");
        }
        return 0;
    }
}
