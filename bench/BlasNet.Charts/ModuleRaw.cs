using System.Globalization;

namespace BlasNet.Charts;

/// <summary>One time of the module comparison: which chart, which case on it, whose implementation, milliseconds per call.</summary>
internal sealed record ModuleTime(string Chart, string Case, string Implementation, double Ms);

/// <summary>
/// Reads bench/results/module-raw.txt: <c>module &lt;chart&gt; &lt;case&gt; &lt;implementation&gt; &lt;ms&gt;</c> lines (underscores
/// stand for spaces) from <c>module-quick</c> (BlasNet, Math.NET) and bench/peers/module_peers.py (SciPy,
/// PyTorch); <c>#</c> lines are comments, except module-quick's <c># provider NAME …</c>, which names the BLAS library
/// BlasNet's times ran on ("BlasNet on OpenBLAS" in the legend; the default search picks MKL on Intel CPUs, OpenBLAS on AMD).
/// </summary>
internal static class ModuleRaw
{
    public static List<ModuleTime> Parse(IEnumerable<string> lines)
    {
        var times = new List<ModuleTime>();
        string? provider = null;
        foreach (var line in lines)
        {
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length >= 3 && f[0] == "#" && f[1] == "provider") { provider = f[2]; continue; }
            if (f.Length == 5 && f[0] == "module"
                && double.TryParse(f[4], NumberStyles.Float, CultureInfo.InvariantCulture, out double ms))
            {
                string implementation = f[3].Replace('_', ' ');
                if (implementation == "BlasNet" && provider is not null) implementation = $"BlasNet on {provider}";
                times.Add(new ModuleTime(f[1], f[2].Replace('_', ' '), implementation, ms));
            }
        }
        return times;
    }
}
