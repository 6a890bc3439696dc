namespace BlasNet.Benchmarks;

/// <summary>
/// <c>trsm-quick [rounds]</c>: <c>Blas.Trsm</c> (double, side Left, lower, no transpose) with the overflow copy of B always
/// taken (the Session 27 path, <see cref="SolveGrowthBound.Disabled"/>) against the current path, where the growth bound
/// skips the copy when it proves X finite; alternating rounds in one process, process CPU time. Each timing is 20 solves of
/// the same B (the diagonal is in [1, 2], so X shrinks by at most 2⁻²⁰: no subnormals) and one restore of B from a pristine
/// copy. Triangles 8×8 with B 8×20 000, 64×64 with 64×64, 1000×1000 with 1000×1000, as in bench/RESULTS.md Session 27.
/// </summary>
internal static class TrsmQuick
{
    public static int Run(string[] args)
    {
        int rounds = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 7;
        Console.WriteLine($"provider {BlasProvider.Current}, threads {BlasProvider.Threads}, OPENBLAS_CORETYPE {Environment.GetEnvironmentVariable("OPENBLAS_CORETYPE")}");
        foreach (var (order, count) in new[] { (8, 20_000), (64, 64), (1000, 1000) })
        {
            var rng = new Random(27);
            var a = new double[order * order];
            for (int i = 0; i < order; i++)
                for (int j = 0; j <= i; j++) a[i * order + j] = i == j ? 1 + rng.NextDouble() : rng.NextDouble() - 0.5;
            var pristine = new double[order * count];
            for (int k = 0; k < pristine.Length; k++) pristine[k] = rng.NextDouble() - 0.5;
            var b = new double[pristine.Length];
            void Solves(bool old)
            {
                SolveGrowthBound.Disabled = old;
                pristine.CopyTo(b, 0);
                for (int r = 0; r < 20; r++)
                    Blas.Trsm(Side.Left, Triangle.Lower, Transpose.None, Diagonal.NonUnit, order, count, 1.0, a, order, b, count);
                SolveGrowthBound.Disabled = false;
            }
            Console.WriteLine($"{order}×{order}, B {order}×{count}, 20 solves per timing:");
            AlternatingRounds.Run([("copy always", () => Solves(true)), ("bound", () => Solves(false))], rounds, baseline: 0, format: "F2");
        }
        return 0;
    }
}
