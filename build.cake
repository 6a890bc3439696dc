// BlasNet build: dotnet tool restore && dotnet cake --target=<Native|Build|Test|Demo|Bench|Compare|Pack|PackTest>
// (no --target: Test, the whole suite on every provider found)
// Cake scripts are among BlasNet's users: Native and Demo load the freshly built BlasNet.dll into
// this script and call it directly.
using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;

var target = Argument("target", "Test");
var configuration = Argument("configuration", "Release");
var solution = "./BlasNet.sln";
var artifacts = MakeAbsolute(Directory("./artifacts"));
// Pack: --version-suffix=<s> gives 0.1.0-<s>; PackTest picks a unique one so no stale package in the NuGet cache is ever used.
var packageVersionSuffix = Argument("version-suffix", target == "PackTest" ? $"packtest.{DateTime.UtcNow:yyyyMMddHHmmss}" : "");
var coreDll = MakeAbsolute(File($"./src/BlasNet/bin/{configuration}/net10.0/BlasNet.dll"));

// ---------------------------------------------------------------- helpers

int Run(string file, string args, IDictionary<string, string> env = null, bool echo = true)
{
    if (echo) Information($"> {file} {args}");
    var psi = new ProcessStartInfo(file, args) { UseShellExecute = false };
    if (env != null) foreach (var kv in env) psi.Environment[kv.Key] = kv.Value;
    using var p = Process.Start(psi);
    p.WaitForExit();
    return p.ExitCode;
}

// The native providers BlasNet can use, the files its search loads and the Debian packages that ship them.
var nativeProviders = new (string Name, string[] Files, string Package)[]
{
    ("openblas", new[] { "libopenblas.so.0" }, "libopenblas0-pthread"),
    ("mkl", new[] { "libmkl_rt.so.2", "libmkl_rt.so" }, "libmkl-rt"),     // Debian non-free (MKL 2020.4)
    ("blis", new[] { "libblis.so.4" }, "libblis4-pthread"),
};

// Whether the dynamic loader can find a provider's library (ldconfig's cache, else a load attempt).
bool ProviderPresent(string name)
{
    var files = nativeProviders.First(p => p.Name == name).Files;
    try
    {
        var psi = new ProcessStartInfo("/sbin/ldconfig", "-p") { UseShellExecute = false, RedirectStandardOutput = true };
        using var p = Process.Start(psi);
        string cache = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (files.Any(f => cache.Contains(f + " "))) return true;
    }
    catch (Exception) { }
    return files.Any(f => System.Runtime.InteropServices.NativeLibrary.TryLoad(f, out _));
}

bool NativeBlasPresent() => nativeProviders.Any(p => ProviderPresent(p.Name));

// Providers CI insists on (BLASNET_TEST_PROVIDERS=openblas,mkl,blis): their tests run, and fail, even when the library is absent.
string[] RequiredProviders() =>
    (Environment.GetEnvironmentVariable("BLASNET_TEST_PROVIDERS") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

// Installs Debian packages as root; MKL needs the non-free component in the apt sources (added once).
void AptInstall(IEnumerable<string> packages)
{
    var list = packages.ToList();
    if (list.Count == 0) return;
    if (Environment.UserName != "root" || !System.IO.File.Exists("/usr/bin/apt-get"))
    {
        Warning($"Not root on a Debian system: install {string.Join(" ", list)} yourself (sudo apt-get install ...).");
        return;
    }
    var sources = "/etc/apt/sources.list.d/debian.sources";
    if (list.Contains("libmkl-rt") && System.IO.File.Exists(sources))
    {
        // The first stanza (the main archive): add non-free to its Components unless it is there.
        var lines = System.IO.File.ReadAllLines(sources);
        int first = Array.FindIndex(lines, l => l.StartsWith("Components:"));
        if (first >= 0 && !lines[first].Split(' ').Contains("non-free"))
        {
            lines[first] += " non-free";
            System.IO.File.WriteAllLines(sources, lines);
            Information($"Added non-free to {sources} (MKL is in Debian's non-free component).");
        }
    }
    var env = new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" };
    // libmkl-rt asks whether to become the system BLAS/LAPACK: no (BlasNet loads it by name).
    Run("/bin/sh", "-c \"echo 'libmkl-rt libmkl-rt/use-as-default-blas-lapack boolean false' | debconf-set-selections 2>/dev/null; " +
        $"(apt-get install -y -qq {string.Join(" ", list)} || (apt-get update -qq && apt-get install -y -qq {string.Join(" ", list)})) >/dev/null\"", env);
}

// Loads the built BlasNet.dll (and its dependencies next to it) into this Cake process.
Assembly LoadBlasNet()
{
    if (!FileExists(coreDll)) throw new Exception($"{coreDll} is missing: run the Build target first.");
    var dir = System.IO.Path.GetDirectoryName(coreDll.FullPath);
    AppDomain.CurrentDomain.AssemblyResolve += (_, e) =>
    {
        var candidate = System.IO.Path.Combine(dir, new AssemblyName(e.Name).Name + ".dll");
        return System.IO.File.Exists(candidate) ? Assembly.LoadFrom(candidate) : null;
    };
    return Assembly.LoadFrom(coreDll.FullPath);
}

// Prints the provider and a checked, timed GEMM, using BlasNet from this script through reflection
// (the script is compiled before BlasNet is built, so it cannot reference it statically).
void ReportProvider()
{
    var asm = LoadBlasNet();
    var provider = asm.GetType("BlasNet.BlasProvider");
    object info;
    // Reflection wraps the library's exception; its own message (what was tried, the loader's reason) is what helps.
    try { info = provider.GetProperty("Current").GetValue(null); }
    catch (TargetInvocationException e) when (e.InnerException != null)
    {
        throw new Exception($"BlasNet could not choose its BLAS provider: {e.InnerException.Message}", e.InnerException);
    }
    Information($"BlasNet provider: {info}");
    Information($"Threads: {provider.GetProperty("Threads").GetValue(null)}");

    int n = 512;
    var matrixFactory = asm.GetType("BlasNet.Matrix");
    var random = matrixFactory.GetMethod("Random").MakeGenericMethod(typeof(double));
    dynamic a = random.Invoke(null, new object[] { n, n, 1 });
    dynamic b = random.Invoke(null, new object[] { n, n, 2 });
    var blas = asm.GetType("BlasNet.Blas");
    var multiply = blas.GetMethods().First(m => m.Name == "Multiply" && m.GetParameters().Length == 2
        && m.GetParameters()[1].ParameterType == a.GetType());
    object c = multiply.Invoke(null, new object[] { a, b });
    var sw = Stopwatch.StartNew();
    int reps = 0;
    while (sw.Elapsed.TotalSeconds < 0.5 || reps < 3) { c = multiply.Invoke(null, new object[] { a, b }); reps++; }
    double seconds = sw.Elapsed.TotalSeconds / reps;
    // Check one entry against a plain dot product.
    dynamic cd = c;
    double expected = 0;
    for (int p = 0; p < n; p++) expected += a[7, p] * b[p, 11];
    double got = cd[7, 11];
    if (Math.Abs(got - expected) > 1e-9 * Math.Max(1, Math.Abs(expected))) throw new Exception($"GEMM check failed: C[7,11] = {got}, expected {expected}");
    Information($"GEMM double {n}x{n}: {2.0 * n * n * n / seconds / 1e9:F1} GFLOP/s (checked: C[7,11] = {got:G10})");
}

// ---------------------------------------------------------------- targets

Task("Native")
    .Description("Finds the native BLAS; installs OpenBLAS on Debian when running as root (and MKL, BLIS on request: --providers=mkl,blis); builds the C GEMM harness.")
    .Does(() =>
{
    var requested = Argument("providers", "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(p => p.ToLowerInvariant()).ToList();
    foreach (var name in requested)
        if (!nativeProviders.Any(p => p.Name == name)) throw new Exception($"--providers: unknown provider '{name}' (known: {string.Join(", ", nativeProviders.Select(p => p.Name))}).");
    var wanted = (NativeBlasPresent() ? requested : requested.Append("openblas")).Distinct();
    var missing = wanted.Where(name => !ProviderPresent(name)).ToList();
    if (missing.Count > 0)
    {
        Information($"Installing: {string.Join(", ", missing)}.");
        AptInstall(missing.Select(name => nativeProviders.First(p => p.Name == name).Package));
    }
    foreach (var (name, _, package) in nativeProviders)
        Information($"{name}: {(ProviderPresent(name) ? "present" : $"absent (apt-get install {package}{(name == "mkl" ? ", component non-free" : "")})")}");
    if (!NativeBlasPresent())
        Warning("No native BLAS found: the managed provider serves every call.");
    // The C harness is a benchmark tool: build it when gcc and the OpenBLAS library are there.
    if (System.IO.File.Exists("native/gemm_harness.c") && System.IO.File.Exists("/usr/bin/gcc") && ProviderPresent("openblas"))
    {
        EnsureDirectoryExists("native/build");
        if (Run("gcc", "-O2 -std=c11 -o native/build/gemm_harness native/gemm_harness.c -l:libopenblas.so.0 -lm") != 0)
            Warning("The C harness did not build (benchmarks only; nothing else needs it).");
    }
});

Task("Build")
    .IsDependentOn("Native")
    .Does(() =>
{
    DotNetBuild(solution, new DotNetBuildSettings { Configuration = configuration });
    ReportProvider();
});

Task("Test")
    .Description("Runs every test on OpenBLAS, on the managed provider (also on its 256-bit path where AVX-512 runs), and on MKL and BLIS when present (or required by BLASNET_TEST_PROVIDERS); the kernel and quadrature tests, which call no provider, on the first and the 256-bit runs only.")
    .IsDependentOn("Build")
    .Does(() =>
{
    var results = artifacts.Combine("test-results");
    CleanDirectory(results);
    const string csharp = "tests/BlasNet.Tests/BlasNet.Tests.csproj", fsharp = "tests/BlasNet.FSharp.Tests/BlasNet.FSharp.Tests.fsproj";
    // Every test on every provider: the modules sit on the core's safe API, but what they compute (and how it rounds:
    // MKL picks kernels by buffer alignment) is the provider's, and only the whole suite shows it. Two groups never reach a
    // provider: the elementwise kernels (BlasNet.Kernels, managed vector code) and the quadrature module (no BLAS call at
    // all); they run where their code differs, the first run (this machine's vector width) and the 256-bit run below, and
    // are left out of the other providers' runs, where they would repeat the first run bit for bit (CI time, session 53).
    const string providerIndependent = "FullyQualifiedName!~BlasNet.Tests.Kernels.&FullyQualifiedName!~BlasNet.Tests.Quadrature.";
    var runs = new List<(string Label, string Provider, bool Avx2)>();
    runs.Add(ProviderPresent("openblas") || RequiredProviders().Contains("openblas") ? ("native", "openblas", false) : ("default", "", false));
    runs.Add(("managed", "managed", false));
    foreach (var name in new[] { "mkl", "blis" })
        if (ProviderPresent(name) || RequiredProviders().Contains(name)) runs.Add((name, name, false));
    // Where AVX-512 runs, the managed provider once more on the 256-bit path (DOTNET_EnableAVX512=0), as a machine with
    // only AVX2 takes it: the managed kernels, the jets and the quadrature round differently there (session 24 found two
    // tests that passed only on the wider path). The same run takes a culture with a decimal comma (de-DE), where
    // results must still print with a point and no test may assume one in a message (session 24 found five that did).
    if (System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated) runs.Add(("managed-avx2-de", "managed", true));
    int failures = 0;
    foreach (var (label, provider, avx2) in runs)
    {
        bool whole = label == runs[0].Label || avx2;
        foreach (var project in new[] { csharp, fsharp })
        {
            var name = System.IO.Path.GetFileNameWithoutExtension(project);
            var filter = whole || project != csharp ? "" : $" --filter \"{providerIndependent}\"";
            var env = new Dictionary<string, string> { ["BLASNET_BLAS"] = provider };
            if (avx2)
            {
                env["DOTNET_EnableAVX512"] = "0";
                env["LANG"] = env["LC_ALL"] = "de_DE.UTF-8";
            }
            int code = Run("dotnet", $"test {project} -c {configuration} --no-build --logger \"trx;LogFileName={name}-{label}.trx\" --results-directory \"{results}\"{filter}", env);
            if (code != 0) failures++;
        }
    }
    // Sum the TRX counters so the line below is the whole story.
    int passed = 0, failed = 0;
    foreach (var trx in GetFiles($"{results}/*.trx"))
    {
        var counters = XDocument.Load(trx.FullPath).Descendants().FirstOrDefault(e => e.Name.LocalName == "Counters");
        if (counters == null) { failed++; continue; }
        passed += int.Parse(counters.Attribute("passed")?.Value ?? "0");
        failed += int.Parse(counters.Attribute("failed")?.Value ?? "0") + int.Parse(counters.Attribute("error")?.Value ?? "0");
    }
    if (failures > 0 && failed == 0) failed = failures; // a crashed run counts even when it wrote no failure
    Information($"{passed} passed, {failed} failed");
    if (failures > 0 || failed > 0) throw new Exception($"{failed} test(s) failed.");
});

Task("Demo")
    .Description("Runs the seed problems end to end (the C# sample); works with no native BLAS.")
    .IsDependentOn("Build")
    .Does(() =>
{
    int code = Run("dotnet", $"run --project samples/BlasNet.Samples -c {configuration} --no-build");
    if (code != 0) throw new Exception("The C# demo failed.");
    // The F# script loads the sample's Release output; it walks the same problems as an F# user would.
    if (configuration == "Release")
        foreach (var script in GetFiles("samples/fsharp/*.fsx").OrderBy(f => f.FullPath))
            if (Run("dotnet", $"fsi \"{script.FullPath}\"") != 0) throw new Exception($"The F# demo {script.GetFilename()} failed.");
});

Task("Bench")
    .Description("BenchmarkDotNet suites (all, or --filter=<pattern>).")
    .IsDependentOn("Build")
    .Does(() =>
{
    var filter = Argument("filter", "*");
    if (Run("dotnet", $"run -c Release --project bench/BlasNet.Benchmarks --no-build -- --filter \"{filter}\"") != 0)
        throw new Exception("The benchmarks failed (see their output above).");
});

Task("Compare")
    .Description("GEMM side by side: BlasNet (OpenBLAS, MKL and BLIS where installed, managed), the C harness, numpy; writes bench/RESULTS.md's GEMM table and the PNG charts in bench/charts (GFLOP/s against n; the module benchmarks side by side: module-quick's BlasNet and Math.NET against bench/peers/module_peers.py's SciPy and PyTorch, and BenchmarkDotNet's CSV reports when the Bench target left some).")
    .IsDependentOn("Build")
    .Does(() =>
{
    var script = "bench/compare.sh";
    if (!FileExists(script)) throw new Exception($"{script} is missing.");
    if (Run("bash", script) != 0) throw new Exception("Compare failed.");
});

Task("Pack")
    .Description("NuGet packages of every src/ project (own README, license, embedded sources, validated) into artifacts/packages; builds only what it packs (no Native, no C harness, no tests). --version-suffix=<s> for a prerelease.")
    .Does(() =>
{
    var output = artifacts.Combine("packages");
    CleanDirectory(output);   // only this run's packages, so a consumer can never pick up an older one
    // ContinuousIntegrationBuild: deterministic DLLs with /_/ source paths (src/Directory.Build.props),
    // so a package built from the same commit is the same wherever the clone sits.
    var msbuild = new DotNetMSBuildSettings().WithProperty("ContinuousIntegrationBuild", "true");
    if (!string.IsNullOrEmpty(packageVersionSuffix)) msbuild.WithProperty("VersionSuffix", packageVersionSuffix);
    // Every project under src/ is a package. One pack of a solution filter holding just them: one
    // restore and one build graph (parallel), and nothing else of the solution (tests, samples, bench) is built.
    var root = MakeAbsolute(Directory("."));
    var projects = GetFiles("./src/*/*.csproj").Concat(GetFiles("./src/*/*.fsproj"))
        .Select(p => root.GetRelativePath(p).FullPath).OrderBy(p => p).ToList();
    var inSolution = System.IO.File.ReadAllText(solution).Replace('\\', '/');
    var missing = projects.Where(p => !inSolution.Contains($"\"{p}\"")).ToList();
    if (missing.Count > 0) throw new Exception($"Not in {solution}: {string.Join(", ", missing)}. Add them with: dotnet sln {solution} add <project>.");
    var filter = artifacts.CombineWithFilePath("pack.slnf");
    System.IO.File.WriteAllText(filter.FullPath, new System.Text.Json.Nodes.JsonObject
    {
        ["solution"] = new System.Text.Json.Nodes.JsonObject
        {
            ["path"] = System.IO.Path.GetRelativePath(artifacts.FullPath, MakeAbsolute(File(solution)).FullPath),
            ["projects"] = new System.Text.Json.Nodes.JsonArray(projects.Select(p => (System.Text.Json.Nodes.JsonNode)p).ToArray()),
        },
    }.ToJsonString());
    DotNetPack(filter.FullPath, new DotNetPackSettings
    {
        Configuration = configuration,
        OutputDirectory = output,
        MSBuildSettings = msbuild,
    });
    Information($"Packed {projects.Count} projects into {output}{(string.IsNullOrEmpty(packageVersionSuffix) ? "" : $" (suffix {packageVersionSuffix})")}.");
});

Task("PackTest")
    .Description("Packs with a unique prerelease version, then builds and runs an F# app, a C# app and an F# script that take the packages from artifacts/packages, as a user gets them (tests/packaging/run.sh).")
    .IsDependentOn("Pack")
    .Does(() =>
{
    var version = $"{XDocument.Load("Directory.Build.props").Descendants("VersionPrefix").First().Value}-{packageVersionSuffix}";
    if (Run("bash", $"tests/packaging/run.sh --no-pack --version {version} --packages \"{artifacts.Combine("packages")}\"") != 0)
        throw new Exception("The packaging test failed: a package does not work as a user gets it.");
});

Task("Default").IsDependentOn("Test");

RunTarget(target);
