namespace BlasNet.Benchmarks;

/// <summary>
/// Pieces timed in alternating rounds within one process (each piece best of 3 per round, process CPU time), printed per
/// round and as median ratios to one baseline piece: on a loaded, shared machine the ratios hold where absolute times
/// do not.
/// </summary>
internal static class AlternatingRounds
{
    /// <summary>Runs every piece once (JIT, first touch), then <paramref name="rounds"/> rounds; ratios to piece <paramref name="baseline"/>.</summary>
    public static void Run((string Name, Action Run)[] pieces, int rounds, int baseline, string format = "F1")
    {
        var ratios = pieces.Select(_ => new List<double>()).ToArray();
        foreach (var piece in pieces) piece.Run();
        for (int round = 0; round < rounds; round++)
        {
            var ms = pieces.Select(piece =>
            {
                double best = double.PositiveInfinity;
                for (int t = 0; t < 3; t++)
                {
                    double t0 = ProcessCpuClock.Now();
                    piece.Run();
                    best = Math.Min(best, 1e3 * (ProcessCpuClock.Now() - t0));
                }
                return best;
            }).ToArray();
            for (int i = 0; i < pieces.Length; i++) ratios[i].Add(ms[i] / ms[baseline]);
            Console.WriteLine($"round {round + 1}: " + string.Join(", ", pieces.Select((piece, i) => $"{piece.Name} {ms[i].ToString(format)}")) + " CPU ms");
        }
        Console.WriteLine($"median time / {pieces[baseline].Name}: " + string.Join(", ", pieces.Select((piece, i) => $"{piece.Name} {ratios[i].Order().ElementAt(rounds / 2):F3}")));
    }
}
