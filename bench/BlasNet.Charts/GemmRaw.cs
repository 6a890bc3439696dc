namespace BlasNet.Charts;

/// <summary>One GFLOP/s figure of the Compare run: which section (threads, clock), implementation, type, n.</summary>
internal sealed record GemmPoint(string Section, string Implementation, string Type, int N, double Gflops);

/// <summary>Reads bench/results/gemm-raw.txt: <c>## threads T clock C</c> section lines, <c>gemm impl type n gflops</c> figures, <c>#</c> comments.</summary>
internal static class GemmRaw
{
    public static List<GemmPoint> Parse(IEnumerable<string> lines)
    {
        var points = new List<GemmPoint>();
        string section = "";
        foreach (var line in lines)
        {
            if (line.StartsWith("## ", StringComparison.Ordinal)) { section = line[3..].Trim(); continue; }
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length == 5 && f[0] == "gemm" && int.TryParse(f[3], out int n)
                && double.TryParse(f[4], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double g))
                points.Add(new GemmPoint(section, f[1], f[2], n, g));
        }
        return points;
    }
}
