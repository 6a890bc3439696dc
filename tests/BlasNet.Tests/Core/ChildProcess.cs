using System.Diagnostics;
using System.Runtime.InteropServices;
using BlasNet.Providers;

namespace BlasNet.Tests.Core;

/// <summary>
/// This test assembly run as a program (<c>dotnet exec BlasNet.Tests.dll MODE</c>), for what must happen in a process of
/// its own: a native library reads its environment variables from the process's environment at load, which
/// <see cref="Environment.SetEnvironmentVariable(string, string?)"/> does not change, and a native crash must not take the
/// test host down. Without a mode it does nothing (the test runner never calls it).
/// </summary>
internal static class ChildProcess
{
    /// <summary>The exit code of a child whose requested provider cannot be loaded here (the output says why).</summary>
    public const int ProviderUnavailable = 3;

    public static int Main(string[] args)
    {
        try
        {
            return args.FirstOrDefault() switch
            {
                "compute" => Compute(),
                "mkl-ilp64-preset" => MklIlp64Preset(),
                "threads" => Threads(),
                "first-use-race" => ConcurrentThreadSettingTests.FirstUseRace(),
                "band-huge-lda" => BandHugeLeadingDimension50Tests.RunChild(),
                "mkl-batch-route" => BatchedMklRoute56Tests.RunChild(),
                "tensor-fuzz" => TensorFuzz51.Run(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture), int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture), args[3]),
                "operand-guard-sweep" => OperandGuardSweep51.Run(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture), args[2]),
                "operand-guard-sweep-47" => OperandGuardSweep47.Run(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture), args[2], args[3], args.Length > 4 ? args[4] : "both", args.Length > 5 ? args[5] : null),
                "size-fuzz" => SizeArgumentFuzz.Run(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture), int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture), args[3],
                    args.Length > 4 ? int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture) : 0),
                _ => 0,
            };
        }
        catch (BlasProviderException e)
        {
            Console.WriteLine($"BlasProviderException: {e.Message}");
            return ProviderUnavailable;
        }
    }

    /// <summary>Runs <paramref name="mode"/> in a child with these environment variables (null: removed); its exit code and output.</summary>
    public static (int ExitCode, string Output) Run(string mode, IReadOnlyDictionary<string, string?> environment) => Run([mode], environment, TimeSpan.FromMinutes(2));

    /// <summary>Runs the mode <paramref name="arguments"/>[0] with the rest as its arguments, waiting up to <paramref name="timeout"/>.</summary>
    public static (int ExitCode, string Output) Run(string[] arguments, IReadOnlyDictionary<string, string?> environment, TimeSpan timeout)
    {
        string mode = arguments[0];
        string host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h ? h
            : Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath! : "dotnet";
        var start = new ProcessStartInfo(host, ["exec", typeof(ChildProcess).Assembly.Location, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // The run's own provider request, not whatever an IsolatedBlasNet case has set process-wide just now (RequestedProvider).
        if (RequestedProvider.Value is null) start.Environment.Remove("BLASNET_BLAS");
        else start.Environment["BLASNET_BLAS"] = RequestedProvider.Value;
        foreach (var (name, value) in environment)
        {
            if (value is null) start.Environment.Remove(name);
            else start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(timeout), $"child '{mode}' did not finish:\n{stdout}");
        return (process.ExitCode, stdout + stderr.Result);
    }

    /// <summary>
    /// A 2×2 and a 200×200 GEMM, a dot product and a Cholesky solve on the provider <c>BLASNET_BLAS</c> names, each
    /// checked here; prints the provider and one line per result.
    /// </summary>
    private static int Compute()
    {
        var info = BlasProvider.Current;
        Console.WriteLine($"provider: {info.Name} ({info.LibraryPath})");
        Console.WriteLine($"config: {info.Config}");
        var small = Blas.Multiply(Matrix.FromArray2D(new double[,] { { 1, 2 }, { 3, 4 } }), Matrix.FromArray2D(new double[,] { { 1, 2 }, { 3, 4 } }));
        Console.WriteLine($"2x2: {small[0, 0]} {small[0, 1]} {small[1, 0]} {small[1, 1]}");

        const int n = 200;
        var random = new Random(7);
        var a = new double[n, n];
        var b = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                a[i, j] = random.NextDouble() - 0.5;
                b[i, j] = random.NextDouble() - 0.5;
            }
        var product = Blas.Multiply(Matrix.FromArray2D(a), Matrix.FromArray2D(b));
        double worst = 0;
        for (int i = 0; i < n; i += 7)
            for (int j = 0; j < n; j += 11)
            {
                double expected = 0;
                for (int p = 0; p < n; p++) expected += a[i, p] * b[p, j];
                worst = Math.Max(worst, Math.Abs(expected - product[i, j]));
            }
        Console.WriteLine(worst < 1e-12 ? "200x200: right" : $"200x200: wrong by {worst}");
        Console.WriteLine($"dot: {Blas.Dot(new double[] { 1, 2, 3 }, new double[] { 4, 5, 6 })}");
        var x = Lapack.Cholesky(Matrix.FromArray2D(new double[,] { { 4, 2, 0 }, { 2, 5, 1 }, { 0, 1, 3 } })).Solve([0, -5, 7]);
        Console.WriteLine($"cholesky: {string.Join(" ", x.Select(v => Math.Round(v, 12)))}");
        return 0;
    }

    /// <summary>
    /// The provider's thread count as <see cref="BlasProvider.Threads"/> reads it, and the count of a separate LAPACK
    /// library that is OpenBLAS as that library reports it (the one its LAPACK calls run on), or "none".
    /// </summary>
    private static unsafe int Threads()
    {
        var info = BlasProvider.Current;
        Console.WriteLine($"provider: {info.Name} ({info.LibraryPath})");
        Console.WriteLine($"config: {info.Config}");
        Console.WriteLine($"threads: {BlasProvider.Threads}");
        nint lapack = Interop.NativeLibraries.LapackHandle, blas = Interop.NativeLibraries.BlasHandle;
        bool separate = lapack != 0 && lapack != blas && NativeLibrary.TryGetExport(lapack, "openblas_get_num_threads", out _);
        Console.WriteLine(separate
            ? $"lapack threads: {((delegate* unmanaged<int>)NativeLibrary.GetExport(lapack, "openblas_get_num_threads"))()}"
            : "lapack threads: none");
        return 0;
    }

    /// <summary>
    /// Other code of the process initializes MKL with the ILP64 interface before BlasNet loads it: BlasNet must refuse
    /// MKL (it cannot be switched back to LP64 then), by name, and the default order must go on to the next provider.
    /// </summary>
    private static unsafe int MklIlp64Preset()
    {
        if (!NativeLibrary.TryLoad("libmkl_rt.so", out nint mkl) && !NativeLibrary.TryLoad("libmkl_rt.so.2", out mkl))
        {
            Console.WriteLine("MKL: not loadable: libmkl_rt.so");
            return ProviderUnavailable;
        }
        var setLayer = (delegate* unmanaged<int, int>)NativeLibrary.GetExport(mkl, "MKL_Set_Interface_Layer");
        Console.WriteLine($"preset layer: {setLayer(1)}"); // MKL_INTERFACE_ILP64
        try
        {
            var found = ProviderDiscovery.Find("mkl", [], ProviderDiscovery.EnvironmentVariable, ProviderDiscovery.CpuVendor());
            Console.WriteLine($"requested: accepted {found?.Name}");
        }
        catch (BlasProviderException e)
        {
            Console.WriteLine($"requested: refused: {e.Message.ReplaceLineEndings(" | ")}");
        }
        var log = new List<string>();
        var next = ProviderDiscovery.Find(null, log, ProviderDiscovery.EnvironmentVariable, ProviderDiscovery.CpuVendor(),
            [ProviderDiscovery.Mkl, ProviderDiscovery.OpenBlas]);
        Console.WriteLine($"default order: {next?.Name ?? "managed"}: {string.Join(" | ", log)}");
        return 0;
    }
}
