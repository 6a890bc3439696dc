using System.Text.RegularExpressions;
using BlasNet.Neural;
using BlasNet.Optimization;
using BlasNet.Quadrature;

namespace BlasNet.Tests;

/// <summary>
/// Audit doc51: claims of fact in README.md checked against the code and against bench/RESULTS.md's machines. The README's
/// "Figures" said, in one paragraph, that its timings were taken with <c>OPENBLAS_CORETYPE=Haswell</c>, while rows came
/// from three configurations (Haswell kernels through the variable, the first sessions' Zen kernels without AVX-512, and
/// this host's Cooperlake kernels without the variable); every row now names its own.
/// </summary>
public class ReadmeClaims51Tests
{
    private static string Readme() =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "data", "docs", "README.md")).Replace("\r\n", "\n");

    private static string Section(string text, string heading)
    {
        int start = text.IndexOf("\n## " + heading + "\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"README.md has no section '{heading}'");
        int end = text.IndexOf("\n## ", start + 4, StringComparison.Ordinal);
        return end < 0 ? text[start..] : text[start..end];
    }

    [Fact]
    public void Figures_EveryRowNamesTheConfigurationAndKernelItRanOn_AndEachLabelIsExplained()
    {
        string figures = Section(Readme(), "Figures");
        var rows = figures.Split('\n').Where(l => l.StartsWith("| ", StringComparison.Ordinal)).ToList();
        Assert.Equal("| measurement | value | ran on |", rows[0]);
        string[] labels = ["Haswell", "Zen (no AVX-512)", "Cooperlake"];
        // Each label is defined once, in bold, before the table.
        foreach (var label in labels)
            Assert.Contains($"- **{label}**:", figures);
        var unlabeled = new List<string>();
        foreach (var row in rows.Skip(2))
        {
            var cells = row.Trim('|').Split(" | ");
            if (cells.Length != 3 || !labels.Any(l => cells[2].Trim().StartsWith(l, StringComparison.Ordinal))) unlabeled.Add(row);
        }
        Assert.True(rows.Count > 10, $"only {rows.Count} rows in the Figures table");
        Assert.True(unlabeled.Count == 0, "rows without a 'ran on' label:\n" + string.Join("\n", unlabeled));
        // The Haswell rows came from OPENBLAS_CORETYPE=Haswell as that machine's environment set it; the host this project
        // runs on now has no such variable, and no code, test or CI sets it.
        Assert.Contains("`OPENBLAS_CORETYPE=Haswell` set in that machine's\n  environment", figures);
        Assert.Contains("without `OPENBLAS_CORETYPE`", figures);
    }

    [Fact]
    public void Figures_ThePerCallRowsEarlierRunIsTheOneRecordedInResults()
    {
        // The row quoted "115 / 143 ns in an earlier run the same day", which bench/RESULTS.md nowhere records; RESULTS
        // records the quietest earlier run as 139 (BlasNet) vs 129 ns (C).
        string results = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "data", "docs", "RESULTS.md"));
        Assert.Contains("(139 vs 129 ns)", results);
        string figures = Section(Readme(), "Figures");
        Assert.Contains("| GEMM per-call time at n = 8: C / BlasNet (wall clock, noisy: 129 / 139 ns in the quietest earlier run) | 126 / 196 ns |", figures);
        // And the headline figures are RESULTS' own: the GEMM rows of its Compare table (the 2026-12-06 run, session 52).
        Assert.Contains("Per-call time at n = 8 (ns): BlasNet (native) double 196, BlasNet (native) float 261, C harness double 126", results);
        Assert.Matches(new Regex(@"\| double \| 512 \| 52\.8 \| 52\.2 \(0\.99\) \| 43\.3 \(0\.82\) \| 16\.9 \(0\.32\) \| 96\.3 \(1\.83\) \| 48\.8 \(0\.92\) \| 3\.6 \(0\.07\)"), results);
        Assert.Contains("| 52.8 / 52.2 / 96.3 / 48.8 GFLOP/s |", figures);
        Assert.Contains("| 3.6 GFLOP/s |", figures);
    }

    [Fact]
    public void Defaults_TheReadmeStates_AreTheCodes()
    {
        string readme = Readme();
        // "Quad.integrate and its siblings use a relative tolerance (1e-10, absolute 0)"; "Defaults are relative (1e-10)".
        Assert.Contains("(1e-10, absolute 0)", readme);
        var quad = new QuadOptions();
        Assert.Equal(1e-10, quad.RelativeTolerance);
        Assert.Equal(0.0, quad.AbsoluteTolerance);
        // "GradScaler, with a floor MinScale, default 1".
        Assert.Contains("`MinScale`, default 1", readme);
        Assert.Equal(1.0, new GradScalerOptions().MinScale);
        // "BlasProvider.MaxThreads (4 × the processors ...)".
        Assert.Contains("`BlasProvider.MaxThreads` (4 × the processors", readme);
        Assert.Equal(4 * Environment.ProcessorCount, BlasProvider.MaxThreads);
        // DESIGN's least-squares defaults (XTol, FTol, GTol 1e-8, as SciPy; forward differences; MINPACK's column scaling).
        var lm = new LevenbergMarquardtOptions();
        Assert.Equal((1e-8, 1e-8, 1e-8), (lm.XTol, lm.FTol, lm.GTol));
        Assert.Equal(JacobianMode.Forward, lm.Jacobian);
        Assert.Equal(ScalingMode.Jacobian, lm.Scaling);
    }

    [Fact]
    public void Validation_NullKernelSpanIsAnEmptyInput_AndANullDestinationThrowsNamingIt()
    {
        // "Kernels.SumOfSquares<float>(null) is 0" in C#, where null binds to the span form, "as in TensorPrimitives".
        Assert.Contains("`Kernels.SumOfSquares<float>(null)` is 0", Readme());
        Assert.Equal(0.0, BlasNet.Kernels.SumOfSquares<float>(null));
        // "a null destination for a non-empty input still throws naming destination and the sizes".
        var e = Assert.ThrowsAny<ArgumentException>(() => BlasNet.Kernels.Relu<float>([1f, -2f], null));
        Assert.Equal("destination", e.ParamName);
        Assert.Contains("2", e.Message);
    }
}
