namespace BlasNet.Charts;

/// <summary>
/// One GFLOP/s figure of the Compare run: which section (threads, clock), implementation, type, n, and the BLAS library
/// the run printed for BlasNet's process provider (<c># provider NAME …</c>; null before any such line).
/// </summary>
internal sealed record GemmPoint(string Section, string Implementation, string Type, int N, double Gflops, string? Provider);

/// <summary>Reads bench/results/gemm-raw.txt: <c>## threads T clock C</c> section lines, <c>gemm impl type n gflops</c> figures, <c>#</c> comments.</summary>
internal static class GemmRaw
{
    public static List<GemmPoint> Parse(IEnumerable<string> lines)
    {
        var points = new List<GemmPoint>();
        string section = "";
        string? provider = null;
        foreach (var line in lines)
        {
            if (line.StartsWith("## ", StringComparison.Ordinal)) { section = line[3..].Trim(); provider = null; continue; }
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            // BlasNet's runs print "# provider NAME PATH …"; the C harness "# provider OpenBLAS (C harness) …" and numpy
            // "# provider numpy LIBRARY …", which are not BlasNet's.
            if (f.Length >= 3 && f[0] == "#" && f[1] == "provider" && f[2] != "numpy" && !line.Contains("(C harness)", StringComparison.Ordinal)) { provider = f[2]; continue; }
            if (f.Length == 5 && f[0] == "gemm" && int.TryParse(f[3], out int n)
                && double.TryParse(f[4], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double g))
                points.Add(new GemmPoint(section, f[1], f[2], n, g, provider));
        }
        return points;
    }
}
