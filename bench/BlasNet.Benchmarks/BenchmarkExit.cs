using BenchmarkDotNet.Reports;

namespace BlasNet.Benchmarks;

/// <summary>
/// The process exit code of a BenchmarkDotNet run. BenchmarkSwitcher.Run reports a failing benchmark (an exception in
/// its setup or body, a build error, a validation error) and a filter that matched nothing only in its console output
/// and returns normally, so the Cake Bench target, which fails on a non-zero exit code, passed either way.
/// </summary>
internal static class BenchmarkExit
{
    // Options that only print (the list of benchmarks, help, version, environment info): no summary is expected.
    private static readonly string[] InformationOnly = ["--list", "--help", "-h", "-?", "--version", "--info"];

    public static int Code(string[] args, IReadOnlyList<Summary> summaries)
    {
        if (args.Any(a => InformationOnly.Contains(a, StringComparer.OrdinalIgnoreCase))) return 0;
        if (summaries.Count == 0)
        {
            Console.Error.WriteLine("No benchmark ran (the filter matched nothing, or the selection was cancelled).");
            return 1;
        }
        var failed = summaries
            .SelectMany(s => s.BenchmarksCases.Where(c => s.HasCriticalValidationErrors || s[c] is not { Success: true }))
            .Select(c => c.DisplayInfo).ToList();
        foreach (var summary in summaries.Where(s => s.HasCriticalValidationErrors))
            foreach (var error in summary.ValidationErrors.Where(e => e.IsCritical)) failed.Add("validation: " + error.Message);
        if (failed.Count == 0) return 0;
        Console.Error.WriteLine($"{failed.Count} benchmark(s) failed or did not run:");
        foreach (var name in failed) Console.Error.WriteLine("  " + name);
        return 1;
    }
}
