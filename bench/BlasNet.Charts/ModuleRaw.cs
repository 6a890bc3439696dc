using System.Globalization;

namespace BlasNet.Charts;

/// <summary>One time of the module comparison: which chart, which case on it, whose implementation, milliseconds per call.</summary>
internal sealed record ModuleTime(string Chart, string Case, string Implementation, double Ms);

/// <summary>
/// Reads bench/results/module-raw.txt: <c>module &lt;chart&gt; &lt;case&gt; &lt;implementation&gt; &lt;ms&gt;</c> lines (underscores
/// stand for spaces) from <c>module-quick</c> (BlasNet, Math.NET) and bench/peers/module_peers.py (SciPy,
/// PyTorch); <c>#</c> lines are comments.
/// </summary>
internal static class ModuleRaw
{
    public static List<ModuleTime> Parse(IEnumerable<string> lines)
    {
        var times = new List<ModuleTime>();
        foreach (var line in lines)
        {
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length == 5 && f[0] == "module"
                && double.TryParse(f[4], NumberStyles.Float, CultureInfo.InvariantCulture, out double ms))
                times.Add(new ModuleTime(f[1], f[2].Replace('_', ' '), f[3].Replace('_', ' '), ms));
        }
        return times;
    }
}
