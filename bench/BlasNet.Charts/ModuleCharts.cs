using System.Globalization;
using ScottPlot;

namespace BlasNet.Charts;

/// <summary>
/// Side-by-side bar charts of the module benchmarks: one per BenchmarkDotNet class (every method's mean,
/// one group of bars per parameter set, from BenchmarkDotNet's <c>*-report.csv</c>), and one per module
/// from the Compare run's module lines (BlasNet against Math.NET, SciPy and PyTorch).
/// </summary>
internal static class ModuleCharts
{
    public static IEnumerable<string> Draw(string resultsFolder, string folder)
    {
        foreach (var csv in Directory.GetFiles(resultsFolder, "*-report.csv").Order())
        {
            var rows = Read(csv);
            if (rows.Count == 0) continue;
            string name = Path.GetFileName(csv)[..^"-report.csv".Length].Split('.').Last();
            yield return Bars(rows, name, Path.Combine(folder, $"module-{name}.png"));
        }
    }

    /// <summary>
    /// One chart per module from the Compare run's module lines (<see cref="ModuleRaw"/>): BlasNet and its
    /// peers (Math.NET, SciPy, PyTorch) side by side, one group of bars per case.
    /// </summary>
    public static IEnumerable<string> DrawPeers(IReadOnlyList<ModuleTime> times, string folder)
    {
        foreach (var chart in times.GroupBy(t => t.Chart))
        {
            var rows = chart.Select(t => new Row(t.Implementation, t.Case, t.Ms)).ToList();
            yield return Bars(rows, $"{chart.Key}: BlasNet and peers (one run of the Compare target)", Path.Combine(folder, $"module-{chart.Key}-peers.png"));
        }
    }

    /// <summary>Bars of the mean times, grouped by case, one colour per method; microseconds when every time is under 1 ms.</summary>
    private static string Bars(List<Row> rows, string title, string path)
    {
        var methods = rows.Select(r => r.Method).Distinct().ToArray();
        var cases = rows.Select(r => r.Case).Distinct().ToArray();
        bool micro = rows.Max(r => r.MeanMs) < 1;
        var plot = new Plot();
        var bars = new List<Bar>();
        var palette = new ScottPlot.Palettes.Category10();
        for (int c = 0; c < cases.Length; c++)
            for (int m = 0; m < methods.Length; m++)
                if (rows.FirstOrDefault(r => r.Case == cases[c] && r.Method == methods[m]) is { } row)
                    bars.Add(new Bar { Position = c * (methods.Length + 1) + m, Value = micro ? row.MeanMs * 1e3 : row.MeanMs, FillColor = palette.GetColor(m) });
        plot.Add.Bars(bars);
        plot.Legend.ManualItems.AddRange(methods.Select((m, i) => new LegendItem { LabelText = m, FillColor = palette.GetColor(i) }));
        plot.ShowLegend(Alignment.UpperLeft);
        plot.Axes.Bottom.SetTicks(cases.Select((_, c) => c * (methods.Length + 1) + (methods.Length - 1) / 2.0).ToArray(), cases);
        plot.Axes.Left.Label.Text = micro ? "time per call (μs), lower is better" : "time per call (ms), lower is better";
        plot.Axes.Margins(bottom: 0);
        plot.Title(title);
        plot.SavePng(path, 900, 540);
        return path;
    }

    private sealed record Row(string Method, string Case, double MeanMs);

    /// <summary>BenchmarkDotNet's CSV: a header naming the columns; Method and Mean always, parameter columns between Job settings and Mean.</summary>
    private static List<Row> Read(string csv)
    {
        var lines = File.ReadAllLines(csv);
        if (lines.Length < 2) return [];
        // BenchmarkDotNet's CsvExporter separates with the current culture's list separator (';' under de-DE, ',' under
        // en-US) while it formats the numbers invariantly: read the separator off the header, which starts with "Method".
        char separator = lines[0].StartsWith("Method", StringComparison.Ordinal) && lines[0].Length > "Method".Length ? lines[0]["Method".Length] : ',';
        var header = Split(lines[0], separator);
        int method = Array.IndexOf(header, "Method"), mean = Array.IndexOf(header, "Mean");
        if (method < 0 || mean < 0) return [];
        // Parameter columns: those BenchmarkDotNet places just before Mean after the job columns; taken
        // as every column whose value varies between rows other than Method and the statistics.
        var stats = new HashSet<string> { "Mean", "Error", "StdDev", "Median", "Ratio", "RatioSD", "Gen0", "Gen1", "Gen2", "Allocated", "Alloc Ratio", "Method", "Job" };
        var data = lines.Skip(1).Select(line => Split(line, separator)).Where(f => f.Length == header.Length).ToList();
        var parameters = Enumerable.Range(0, header.Length)
            .Where(i => !stats.Contains(header[i]) && i < mean && data.Select(f => f[i]).Distinct().Count() > 1).ToArray();
        var rows = new List<Row>();
        foreach (var f in data)
        {
            if (!TryMilliseconds(f[mean], out double ms)) continue;
            string label = parameters.Length == 0 ? "" : string.Join(", ", parameters.Select(i => $"{header[i]}={f[i]}"));
            rows.Add(new Row(f[method], label, ms));
        }
        return rows;
    }

    private static string[] Split(string line, char separator)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        bool quoted = false;
        foreach (char ch in line)
        {
            if (ch == '"') quoted = !quoted;
            else if (ch == separator && !quoted) { fields.Add(current.ToString()); current.Clear(); }
            else current.Append(ch);
        }
        fields.Add(current.ToString());
        return [.. fields];
    }

    /// <summary>"1,234.5 μs" → 1.2345 (BenchmarkDotNet's units: ns, μs/us, ms, s).</summary>
    private static bool TryMilliseconds(string text, out double ms)
    {
        ms = 0;
        var parts = text.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2 || !double.TryParse(parts[0].Replace(",", ""), NumberStyles.Float, CultureInfo.InvariantCulture, out double v)) return false;
        double scale = parts[1] switch { "ns" => 1e-6, "μs" or "us" => 1e-3, "ms" => 1, "s" => 1e3, _ => double.NaN };
        ms = v * scale;
        return !double.IsNaN(ms);
    }
}
