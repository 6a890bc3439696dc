using ScottPlot;

namespace BlasNet.Charts;

/// <summary>GFLOP/s against n, one line per implementation (BlasNet on the native BLAS, its managed provider, the C harness, numpy, …), one chart per section and type.</summary>
internal static class GemmCharts
{
    private static readonly Dictionary<string, string> Names = new()
    {
        ["blasnet"] = "BlasNet (native BLAS)", // named with its library when the run printed one (Label), as the blasnet-<provider> rows
        ["blasnet-mkl"] = "BlasNet on MKL",
        ["blasnet-blis"] = "BlasNet on BLIS",
        ["managed"] = "BlasNet managed provider",
        ["c-openblas"] = "C harness on OpenBLAS",
        ["numpy"] = "numpy",
        ["mathnet"] = "MathNet.Numerics (managed)",
        ["naive"] = "naive triple loop",
    };

    public static IEnumerable<string> Draw(List<GemmPoint> points, string folder)
    {
        foreach (var group in points.GroupBy(p => (p.Section, p.Type)))
        {
            var sizes = group.Select(p => p.N).Distinct().Order().ToArray();
            if (sizes.Length < 2) continue; // a single size (the call-overhead section) is no curve
            var plot = new Plot();
            foreach (var impl in group.GroupBy(p => p.Implementation).OrderBy(g => Order(g.Key)))
            {
                var series = impl.OrderBy(p => p.N).ToArray();
                // n spans 8 … 1024: plotted at log₂ n so the small sizes are not squeezed into a corner.
                var line = plot.Add.Scatter(series.Select(p => Math.Log2(p.N)).ToArray(), series.Select(p => p.Gflops).ToArray());
                line.LegendText = Label(impl.Key, series);
                line.LineWidth = 2;
                line.MarkerSize = 7;
            }
            plot.Axes.Bottom.SetTicks(sizes.Select(n => Math.Log2(n)).ToArray(), sizes.Select(n => n.ToString()).ToArray());
            plot.Axes.Bottom.Label.Text = "n (n×n×n GEMM)";
            plot.Axes.Left.Label.Text = "GFLOP/s";
            plot.Axes.SetLimitsY(0, group.Max(p => p.Gflops) * 1.1);
            plot.Title($"{group.Key.Type} GEMM, {Describe(group.Key.Section)}");
            // Beside the plot, not on it: inside, the legend covered the curves' points at small n (numpy's at n = 257 on
            // the two-thread chart, audit i14v56), and each provider adds a line.
            plot.ShowLegend(Edge.Right);
            string path = Path.Combine(folder, $"gemm-{group.Key.Type}-{Slug(group.Key.Section)}.png");
            plot.SavePng(path, 1100, 540);
            yield return path;
        }
    }

    /// <summary>
    /// The legend of one line: BlasNet's native rows (blasnet, set beside the C harness's OpenBLAS, and blasnet-mkl,
    /// blasnet-blis, the other providers installed) name the library each ran on, as the run printed it ("BlasNet on MKL"),
    /// so a run whose process provider was not the one meant can never read as "the same library".
    /// </summary>
    private static string Label(string implementation, IReadOnlyList<GemmPoint> series) =>
        implementation.StartsWith("blasnet", StringComparison.Ordinal) && series.Select(p => p.Provider).Distinct().ToList() is [{ } provider]
            ? $"BlasNet on {provider}"
            : Names.GetValueOrDefault(implementation, implementation);

    /// <summary>"threads 2 clock wall" → "2 threads, wall clock".</summary>
    private static string Describe(string section)
    {
        var f = section.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (f.Length < 4 || f[0] != "threads" || f[2] != "clock") return section;
        return $"{f[1]} thread{(f[1] == "1" ? "" : "s")}, {(f[3] == "cpu" ? "process CPU clock" : "wall clock")}";
    }

    private static int Order(string impl) => impl switch
    {
        "blasnet" => 0, "c-openblas" => 1, "blasnet-mkl" => 2, "blasnet-blis" => 3, "numpy" => 4, "managed" => 5, "mathnet" => 6, _ => 7,
    };

    private static string Slug(string section) =>
        new string(section.Select(c => char.IsLetterOrDigit(c) ? c : '-').ToArray()).Split('-', StringSplitOptions.RemoveEmptyEntries) is var parts
            ? string.Join('-', parts.TakeWhile(p => p != "call" && !p.StartsWith('('))) : section;
}
