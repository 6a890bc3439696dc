// Draws the benchmark charts next to bench/RESULTS.md:
//   dotnet run --project bench/BlasNet.Charts -- <gemm-raw.txt> <output folder> [BenchmarkDotNet results folder] [module-raw.txt]
// gemm-raw.txt is what bench/compare.sh (the Compare target) writes; the optional folder holds
// BenchmarkDotNet's *-report.csv files (the Bench target), one side-by-side chart per benchmark class;
// module-raw.txt (also from compare.sh) holds the module times of BlasNet and its peers, one chart per module.
using BlasNet.Charts;

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: BlasNet.Charts <gemm-raw.txt> <output folder> [BenchmarkDotNet results folder] [module-raw.txt]");
    return 2;
}
Directory.CreateDirectory(args[1]);
// `compare.sh --modules-only` redraws the GEMM charts from the gemm-raw.txt already there; without one (no earlier
// full Compare run) the module charts are still drawn.
if (File.Exists(args[0]))
    foreach (var path in GemmCharts.Draw(GemmRaw.Parse(File.ReadAllLines(args[0])), args[1])) Console.WriteLine($"wrote {path}");
else
    Console.Error.WriteLine($"{args[0]} not found: no GEMM charts (run the Compare target without --modules-only to measure them).");
if (args.Length > 2 && Directory.Exists(args[2]))
    foreach (var path in ModuleCharts.Draw(args[2], args[1])) Console.WriteLine($"wrote {path}");
if (args.Length > 3 && File.Exists(args[3]))
    foreach (var path in ModuleCharts.DrawPeers(ModuleRaw.Parse(File.ReadAllLines(args[3])), args[1])) Console.WriteLine($"wrote {path}");
return 0;
