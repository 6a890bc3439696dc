using System.Globalization;
using System.Text.RegularExpressions;

namespace BlasNet.Tests.Core;

/// <summary>
/// Every provider that can be had, each in a fresh copy of BlasNet chosen with
/// <see cref="BlasProvider.Use"/>: it loads, computes a GEMM and the native LAPACK routines right, and
/// reports the thread count it was given. CI installs OpenBLAS, MKL and BLIS and lists them in
/// <c>BLASNET_TEST_PROVIDERS</c>: a listed provider that does not load fails the test. (The whole core
/// suite also runs once per provider; this file checks what is specific to each.)
/// </summary>
[Collection(nameof(ProcessWideStateCollection))]
public class ProviderCoverageTests
{
    private const string Required = "BLASNET_TEST_PROVIDERS";

    private static bool IsRequired(string request) =>
        request == "managed" ||
        (Environment.GetEnvironmentVariable(Required) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Contains(request, StringComparer.OrdinalIgnoreCase);

    [Theory]
    [InlineData("openblas", "OpenBLAS")]
    [InlineData("mkl", "MKL")]
    [InlineData("blis", "BLIS")]
    [InlineData("managed", "Managed")]
    public void Provider_Loads_ComputesRight_AndReportsItsThreads(string request, string name)
    {
        IsolatedBlasNet.Run(null, blasNet =>
        {
            if (!(bool)blasNet.Call("BlasProvider", "TryUse", request)!)
            {
                var refusal = Assert.ThrowsAny<InvalidOperationException>(() => blasNet.Call("BlasProvider", "Use", request));
                Assert.False(IsRequired(request), $"{request} is listed in {Required} but cannot be loaded:\n{refusal.Message}");
                // Not installed and not required: the refusal must still say why, in the loader's words.
                Assert.Contains("not loadable: ", refusal.Message);
                return;
            }
            var info = blasNet.Current();
            Assert.Equal(name, info.Name);
            Assert.Equal(request != "managed", info.IsNative);
            Assert.Equal($"requested by BlasProvider.Use(\"{request}\")", info.Reason);
            CheckThreads(blasNet, name);
            CheckGemm(blasNet);
            CheckLapack(blasNet);
        });
    }

    [Fact]
    public void Blis_GetsTheMachinesCores_UnlessTheEnvironmentSaysOtherwise()
    {
        IsolatedBlasNet.Run(null, blasNet =>
        {
            if (!(bool)blasNet.Call("BlasProvider", "TryUse", "blis")!)
            {
                Assert.False(IsRequired("blis"), $"blis is listed in {Required} but cannot be loaded");
                return;
            }
            var info = blasNet.Current();
            string? userSetting = Providers.NativeThreadControl.BlisThreadVariables.FirstOrDefault(v => Environment.GetEnvironmentVariable(v) is not null);
            if (userSetting is null)
            {
                Assert.Equal(Environment.ProcessorCount, (int)blasNet.Get("BlasProvider", "Threads")!);
                Assert.Contains($"threads at load: {Environment.ProcessorCount} (Environment.ProcessorCount", info.Config);
            }
            else
            {
                Assert.Contains($"from {userSetting}=", info.Config);
            }
            Assert.StartsWith("BLIS 0.", info.Config);
            // The description is fixed at load: it must not state a count as current that Threads has since changed.
            int before = (int)blasNet.Get("BlasProvider", "Threads")!;
            try
            {
                blasNet.Set("BlasProvider", "Threads", before == 1 ? 2 : 1);
                int now = (int)blasNet.Get("BlasProvider", "Threads")!;
                Assert.DoesNotMatch($@"threads: (?!{now}\b)\d", blasNet.Current().Config);
            }
            finally
            {
                blasNet.Set("BlasProvider", "Threads", before);
            }
        });
    }

    /// <summary>
    /// <c>MKL_INTERFACE_LAYER=ILP64</c> made MKL read BlasNet's 32-bit integers as 64-bit: the first GEMM crashed the
    /// process (exit 139). BlasNet selects the LP64 interface when it loads MKL, which takes precedence over the variable.
    /// In a child process: MKL reads the variable from the process's own environment.
    /// </summary>
    [Fact]
    public void Mkl_WithMklInterfaceLayerIlp64_GetsLp64_AndComputesRight()
    {
        var (exit, output) = ChildProcess.Run("compute", new Dictionary<string, string?> { ["BLASNET_BLAS"] = "mkl", ["MKL_INTERFACE_LAYER"] = "ILP64" });
        if (exit == ChildProcess.ProviderUnavailable && !output.Contains("MKL_INTERFACE_LAYER", StringComparison.Ordinal))
        {
            Assert.False(IsRequired("mkl"), $"mkl is listed in {Required} but cannot be loaded:\n{output}");
            Assert.Contains("not loadable: ", output);
            return;
        }
        Assert.True(exit == 0, $"exit code {exit}:\n{output}");
        Assert.Contains("provider: MKL", output);
        Assert.Contains("2x2: 7 10 15 22", output);
        Assert.Contains("200x200: right", output);
        Assert.Contains("dot: 32", output);
        Assert.Contains("cholesky: 1 -2 3", output);
    }

    /// <summary>
    /// BLIS with no LAPACK library to be found (here: every liblapack the search tries is zlib, found first through
    /// LD_LIBRARY_PATH, in a child process) runs LAPACK in managed code, right; its description said nothing of it (only
    /// HasNativeLapack and the search log did), while the managed provider's says "LAPACK in managed code".
    /// </summary>
    [Fact]
    public void Blis_WithoutALapackLibrary_RunsLapackManaged_AndSaysSo()
    {
        string? zlib = new[] { "/usr/lib/x86_64-linux-gnu/libz.so.1", "/lib/x86_64-linux-gnu/libz.so.1", "/usr/lib64/libz.so.1", "/usr/lib/libz.so.1" }
            .FirstOrDefault(File.Exists);
        if (zlib is null || !OperatingSystem.IsLinux()) return;
        string dir = Directory.CreateTempSubdirectory("blasnet-nolapack-").FullName;
        try
        {
            foreach (var name in new[] { "liblapack.so.3", "liblapack.so" }) File.Copy(zlib, Path.Combine(dir, name));
            string path = Environment.GetEnvironmentVariable("LD_LIBRARY_PATH") is { Length: > 0 } p ? $"{dir}:{p}" : dir;
            var (exit, output) = ChildProcess.Run("compute", new Dictionary<string, string?> { ["BLASNET_BLAS"] = "blis", ["LD_LIBRARY_PATH"] = path });
            if (exit == ChildProcess.ProviderUnavailable)
            {
                Assert.False(IsRequired("blis"), $"blis is listed in {Required} but cannot be loaded:\n{output}");
                return;
            }
            Assert.True(exit == 0, $"exit code {exit}:\n{output}");
            Assert.Contains("provider: BLIS", output);
            Assert.Contains("LAPACK in managed code", output);
            Assert.Contains("cholesky: 1 -2 3", output); // A = [[4,2,0],[2,5,1],[0,1,3]], b = A·(1, −2, 3)
            Assert.Contains("200x200: right", output);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>
    /// MKL already initialized with ILP64 by other code of the process cannot be switched back: requested, it is refused
    /// naming MKL_INTERFACE_LAYER; in the default order the search goes on to the next provider and logs why.
    /// </summary>
    [Fact]
    public void Mkl_AlreadyIlp64_IsRefusedByName_AndTheDefaultOrderGoesOn()
    {
        var (exit, output) = ChildProcess.Run("mkl-ilp64-preset", new Dictionary<string, string?> { ["BLASNET_BLAS"] = null, ["MKL_INTERFACE_LAYER"] = null });
        if (exit == ChildProcess.ProviderUnavailable)
        {
            Assert.False(IsRequired("mkl"), $"mkl is listed in {Required} but cannot be loaded:\n{output}");
            Assert.Contains("not loadable: ", output);
            return;
        }
        Assert.True(exit == 0, $"exit code {exit}:\n{output}");
        Assert.Contains("preset layer: 1", output);
        Assert.Matches("requested: refused: .*libmkl_rt[^|]*refused: MKL's interface layer is ILP64.*MKL_INTERFACE_LAYER", output);
        Assert.Matches("default order: OpenBLAS: .*libmkl_rt[^|]*refused: .*MKL_INTERFACE_LAYER", output);
    }

    /// <summary>
    /// BLIS takes LAPACK from a second library (Debian's liblapack.so.3, which is OpenBLAS) with threads of its own:
    /// <c>Threads</c> sets them too (<c>Threads = 1</c> left OpenBLAS's LAPACK on 2 threads).
    /// </summary>
    [Fact]
    public unsafe void Blis_Threads_AlsoSetASeparateLapackLibrarysThreads()
    {
        IsolatedBlasNet.Run(null, blasNet =>
        {
            if (!(bool)blasNet.Call("BlasProvider", "TryUse", "blis")!)
            {
                Assert.False(IsRequired("blis"), $"blis is listed in {Required} but cannot be loaded");
                return;
            }
            var info = blasNet.Current();
            nint lapack = (nint)blasNet.Get("Interop.NativeLibraries", "LapackHandle")!;
            nint blas = (nint)blasNet.Get("Interop.NativeLibraries", "BlasHandle")!;
            if (lapack == 0 || lapack == blas || !System.Runtime.InteropServices.NativeLibrary.TryGetExport(lapack, "openblas_get_num_threads", out nint get))
            {
                Assert.DoesNotContain("threads set with Threads", info.Config); // no separate threaded LAPACK here
                return;
            }
            var lapackThreads = (delegate* unmanaged<int>)get;
            var setLapackThreads = (delegate* unmanaged<int, void>)System.Runtime.InteropServices.NativeLibrary.GetExport(lapack, "openblas_set_num_threads");
            int blisBefore = (int)blasNet.Get("BlasProvider", "Threads")!, lapackBefore = lapackThreads();
            try
            {
                setLapackThreads(2); // so that 1 below is a change
                blasNet.Set("BlasProvider", "Threads", 1);
                Assert.Equal(1, (int)blasNet.Get("BlasProvider", "Threads")!);
                Assert.Equal(1, lapackThreads());
                blasNet.Set("BlasProvider", "Threads", 2);
                Assert.Equal(2, lapackThreads());
                Assert.Contains("(OpenBLAS, threads set with Threads)", info.Config);
            }
            finally
            {
                blasNet.Set("BlasProvider", "Threads", blisBefore);
                setLapackThreads(lapackBefore); // the same OpenBLAS may serve this process
            }
        });
    }

    /// <summary>
    /// The reference CBLAS (no thread control, one thread) takes LAPACK from Debian's liblapack.so.3, which is OpenBLAS:
    /// its description said "(OpenBLAS, threads set with Threads)", yet <c>CanSetThreads</c> was false, <c>Threads = 1</c>
    /// threw NotSupportedException and the LAPACK calls stayed on OpenBLAS's threads. The LAPACK library's count is now the one
    /// read and set.
    /// </summary>
    [Fact]
    public unsafe void PlainCblas_WithAThreadedLapack_ThreadsSetsTheLapackLibrarysThreads()
    {
        const string reference = "/usr/lib/x86_64-linux-gnu/blas/libblas.so.3"; // Debian's libblas3
        if (!File.Exists(reference)) return;
        IsolatedBlasNet.Run(null, blasNet =>
        {
            blasNet.Call("BlasProvider", "Use", reference);
            var info = blasNet.Current();
            Assert.Equal("CBLAS", info.Name);
            nint lapack = (nint)blasNet.Get("Interop.NativeLibraries", "LapackHandle")!;
            if (lapack == 0 || !System.Runtime.InteropServices.NativeLibrary.TryGetExport(lapack, "openblas_get_num_threads", out nint get))
            {
                Assert.DoesNotContain("threads set with Threads", info.Config); // the reference LAPACK: nothing threaded
                return;
            }
            Assert.Contains("(OpenBLAS, threads set with Threads)", info.Config);
            var lapackThreads = (delegate* unmanaged<int>)get;
            var setLapackThreads = (delegate* unmanaged<int, void>)System.Runtime.InteropServices.NativeLibrary.GetExport(lapack, "openblas_set_num_threads");
            int lapackBefore = lapackThreads();
            try
            {
                Assert.True((bool)blasNet.Get("BlasProvider", "CanSetThreads")!);
                setLapackThreads(2);
                Assert.Equal(2, (int)blasNet.Get("BlasProvider", "Threads")!); // the count LAPACK calls run on
                blasNet.Set("BlasProvider", "Threads", 1);
                Assert.Equal(1, lapackThreads());
                Assert.Equal(1, (int)blasNet.Get("BlasProvider", "Threads")!);
            }
            finally
            {
                setLapackThreads(lapackBefore); // the same OpenBLAS may serve this process
            }
        });
    }

    /// <summary>
    /// BLIS with Debian's liblapack.so.3 (OpenBLAS, threads of its own): at load the LAPACK library kept OpenBLAS's own count,
    /// so with <c>BLIS_NUM_THREADS=1</c> <c>Threads</c> read 1 while Cholesky and QR ran on OpenBLAS's 2 threads, and with
    /// <c>OPENBLAS_NUM_THREADS=1</c> it read 2 while they ran on 1 (until <c>Threads</c> was set). The LAPACK library now
    /// starts at the BLAS's count, the one <c>Threads</c> reads. In a child process: both libraries read their variables at load.
    /// </summary>
    [Theory]
    [InlineData("BLIS_NUM_THREADS")]
    [InlineData("OPENBLAS_NUM_THREADS")]
    public void Blis_WithASeparateThreadedLapack_StartsItAtTheCountThreadsReads(string variable)
    {
        var environment = new Dictionary<string, string?> { ["BLASNET_BLAS"] = "blis", ["OMP_NUM_THREADS"] = null, ["GOTO_NUM_THREADS"] = null };
        foreach (var v in Providers.NativeThreadControl.BlisThreadVariables.Append("OPENBLAS_NUM_THREADS")) environment[v] = null;
        environment[variable] = "1";
        var (exit, output) = ChildProcess.Run("threads", environment);
        if (exit == ChildProcess.ProviderUnavailable)
        {
            Assert.False(IsRequired("blis"), $"blis is listed in {Required} but cannot be loaded:\n{output}");
            return;
        }
        Assert.True(exit == 0, $"exit code {exit}:\n{output}");
        if (output.Contains("lapack threads: none")) return; // no separate threaded LAPACK here: nothing to agree
        int threads = int.Parse(Regex.Match(output, @"^threads: (\d+)", RegexOptions.Multiline).Groups[1].Value, CultureInfo.InvariantCulture);
        int lapack = int.Parse(Regex.Match(output, @"^lapack threads: (\d+)", RegexOptions.Multiline).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(threads == lapack, $"Threads reads {threads}, the LAPACK library runs on {lapack}:\n{output}");
        if (variable == "BLIS_NUM_THREADS") Assert.Equal(1, lapack); // the user's choice for BLIS is the provider's
    }

    private static void CheckThreads(IsolatedBlasNet blasNet, string name)
    {
        int before = (int)blasNet.Get("BlasProvider", "Threads")!;
        Assert.InRange(before, 1, BlasProvider.MaxThreads); // never −1
        Assert.True((bool)blasNet.Get("BlasProvider", "CanSetThreads")!);
        try
        {
            int[] counts = Environment.ProcessorCount >= 2 ? [1, 2, BlasProvider.MaxThreads] : [1, BlasProvider.MaxThreads];
            foreach (int count in counts)
            {
                blasNet.Set("BlasProvider", "Threads", count);
                int now = (int)blasNet.Get("BlasProvider", "Threads")!;
                // MKL stops at the physical cores (documented; 2 here); the others report exactly what they were given.
                if (name == "MKL" && count > 1) Assert.InRange(now, 1, count);
                else Assert.Equal(count, now);
            }
            Assert.Throws<ArgumentOutOfRangeException>(() => blasNet.Set("BlasProvider", "Threads", BlasProvider.MaxThreads + 1));
            Assert.Throws<ArgumentOutOfRangeException>(() => blasNet.Set("BlasProvider", "Threads", int.MaxValue));
            Assert.Throws<ArgumentOutOfRangeException>(() => blasNet.Set("BlasProvider", "Threads", 0));
        }
        finally
        {
            blasNet.Set("BlasProvider", "Threads", before); // the native library is shared with this process's provider
        }
    }

    /// <summary>A 200×200 product (the size that aborted BLIS with an unbounded thread count), entries checked against dot products.</summary>
    private static void CheckGemm(IsolatedBlasNet blasNet)
    {
        const int n = 200;
        var a = new double[n, n];
        var b = new double[n, n];
        var random = new Random(5);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                a[i, j] = random.NextDouble() - 0.5;
                b[i, j] = random.NextDouble() - 0.5;
            }
        var fromArray = blasNet.Type("Matrix").GetMethod("FromArray2D")!.MakeGenericMethod(typeof(double));
        object ma = fromArray.Invoke(null, [a])!, mb = fromArray.Invoke(null, [b])!;
        var product = (double[,])((dynamic)blasNet.Call("Blas", "Multiply", ma, mb)!).ToArray2D();
        foreach (var (i, j) in new[] { (0, 0), (7, 11), (199, 3), (100, 199) })
        {
            double expected = 0;
            for (int p = 0; p < n; p++) expected += a[i, p] * b[p, j];
            Assert.Equal(expected, product[i, j], 1e-12);
        }
    }

    /// <summary>
    /// dpotrf/dpotrs, dgeqp3/dormqr and dtrtrs — the routines whose CHARACTER arguments carry hidden
    /// lengths — on a system with a known solution.
    /// </summary>
    private static void CheckLapack(IsolatedBlasNet blasNet)
    {
        // A = Mᵀ M + I for M below is symmetric positive definite; x = (1, −2, 3) and b = A x by hand.
        double[,] spd = { { 4, 2, 0 }, { 2, 5, 1 }, { 0, 1, 3 } };
        double[] x = [1, -2, 3];
        double[] b = [4 * 1 + 2 * -2 + 0, 2 * 1 + 5 * -2 + 1 * 3, 0 + 1 * -2 + 3 * 3]; // (0, −5, 7)
        var fromArray = blasNet.Type("Matrix").GetMethod("FromArray2D")!.MakeGenericMethod(typeof(double));
        object a = fromArray.Invoke(null, [spd])!;

        dynamic cholesky = blasNet.Call("Lapack", "Cholesky", a)!;
        AssertClose(x, (double[])cholesky.Solve(b));

        dynamic qr = blasNet.Call("Lapack", "QrPivoted", a)!;
        double[] qtb = qr.ApplyQTranspose(b);
        Assert.Equal(Norm(b), Norm(qtb), 1e-12); // Qᵀ is orthogonal
        AssertClose(b, (double[])qr.ApplyQ(qtb));

        double[,] upper = { { 2, 1, -1 }, { 0, 4, 2 }, { 0, 0, 5 } };
        double[,] rhs = { { 2 * 1 + 1 * -2 - 1 * 3 }, { 4 * -2 + 2 * 3 }, { 5 * 3 } }; // U x for the x above
        object triangle = Enum.Parse(blasNet.Type("Triangle"), "Upper");
        object transpose = Enum.Parse(blasNet.Type("Transpose"), "None");
        dynamic solved = blasNet.Call("Lapack", "SolveTriangular", triangle, fromArray.Invoke(null, [upper]), fromArray.Invoke(null, [rhs]), transpose)!;
        var column = (double[,])solved.ToArray2D();
        AssertClose(x, [column[0, 0], column[1, 0], column[2, 0]]);
    }

    private static double Norm(double[] v) => Math.Sqrt(v.Sum(e => e * e));

    private static void AssertClose(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 1e-12);
    }
}
