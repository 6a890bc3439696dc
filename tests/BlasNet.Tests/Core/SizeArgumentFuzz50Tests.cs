namespace BlasNet.Tests.Core;

/// <summary>
/// Session 50 (fuzz50): the size checks of every public entry point of the core under sizes near int.MaxValue, 46341
/// (√2³¹), 65536, 2³⁰, negative values and small arrays (<see cref="SizeArgumentFuzz"/>). A check that computes a required
/// length in 32 bits can wrap round to a small or negative number and let native code read past the array. The sweep runs
/// in a child process on the provider this run uses (BLASNET_BLAS), since a hole is a native crash: the child's last case
/// is then the one reported.
/// </summary>
public class SizeArgumentFuzz50Tests
{
    [Fact]
    public void EveryEntryPoint_ThrowsANamedArgumentExceptionOrStaysInsideItsArrays()
    {
        string caseFile = Path.Combine(Path.GetTempPath(), $"blasnet-size-fuzz-{Guid.NewGuid():N}.case");
        try
        {
            var (exitCode, output) = ChildProcess.Run(["size-fuzz", "200", "5050", caseFile], Child, TimeSpan.FromMinutes(5));
            string last = File.Exists(caseFile) ? File.ReadAllText(caseFile).TrimEnd() : "(none)";
            Assert.True(exitCode is 0 or 1, $"the child died (exit code {exitCode}) in the case\n{last}\n{Tail(output)}");
            var failures = output.Split('\n').Where(l => l.StartsWith("FAIL ", StringComparison.Ordinal)).ToArray();
            Assert.True(failures.Length == 0, $"{failures.Length} cases failed:\n{string.Join("\n", failures.Take(40))}");
            Assert.Equal(0, exitCode);
            // The sweep must reach the routines whose checks multiply sizes: GEMM and its batches, band and packed storage,
            // the triangles, LAPACK and the half GEMM.
            string covered = output.Split('\n').Single(l => l.StartsWith("covered: ", StringComparison.Ordinal));
            foreach (string name in new[] { "Blas.Gemm<", "Blas.GemmStridedBatched<", "Blas.Gbmv<", "Blas.Spmv<", "Blas.Tbsv<", "Blas.Trsm<",
                         "Blas.Syr2k<", "Blas.Rotm<", "Lapack.Geqp3<", "Lapack.Ormqr<", "HalfGemm.Gemm<", "PackedStorage.Unpack<", "BandStorage.Unpack<", "Kernels." })
                Assert.Contains(name, covered);
        }
        finally
        {
            File.Delete(caseFile);
        }
    }

    /// <summary>
    /// The allocations sized by their arguments, which the sweep leaves out (a consistent 2³⁰×1 matrix is 8 GB): every pair of
    /// extremes whose matrix no array holds, or with a negative size, must be refused before anything is allocated, naming an
    /// argument of the member called and giving its value. Matrix.Identity(46341) named Create's "rows".
    /// </summary>
    [Fact]
    public void Allocations_SizesNoArrayHolds_ThrowNamedBeforeAllocating()
    {
        int[] sizes = [.. SizeArgumentFuzz.Extremes, 0, 1, 3];
        int checkedCases = 0;
        foreach (int rows in sizes)
            foreach (int columns in sizes)
            {
                if (rows >= 0 && columns >= 0 && (long)rows * columns <= Array.MaxLength) continue;
                Refused(() => new Matrix<double>(rows, columns), ["rows", "columns"], rows, columns);
                Refused(() => new Matrix<float>(rows, columns, new float[4]), ["rows", "columns", "data"], rows, columns);
                Refused(() => Matrix.Zeros<double>(rows, columns), ["rows", "columns"], rows, columns);
                Refused(() => Matrix.Random<float>(rows, columns), ["rows", "columns"], rows, columns);
                Refused(() => Matrix.Create(rows, columns, (i, j) => 1.0), ["rows", "columns"], rows, columns);
                if (rows == columns) Refused(() => Matrix.Identity<double>(rows), ["n"], rows, rows);
                // BandStorage.Pack's result: a.Rows × (kl + ku + 1), here 3 rows.
                if (rows + (long)columns + 1 > Array.MaxLength / 3 || rows < 0 || columns < 0)
                    Refused(() => BandStorage.Pack(Matrix.Random<double>(3, 3), rows, columns), ["kl", "ku"], rows, columns);
                checkedCases++;
            }
        foreach (int length in sizes.Where(l => l < 0 || l > Array.MaxLength - 64))
            Refused(() => new AlignedBuffer<double>(length), ["length"], length, length);
        Assert.True(checkedCases > 100, $"only {checkedCases} pairs");
    }

    private static void Refused(Action call, string[] names, int first, int second)
    {
        var e = Assert.ThrowsAny<ArgumentException>(call);
        Assert.True(names.Contains(e.ParamName), $"({first}, {second}): ParamName '{e.ParamName}' is not one of {string.Join(", ", names)}: {e.Message}");
        Assert.True(e.Message.Contains(first.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            || e.Message.Contains(second.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal),
            $"({first}, {second}): the message gives neither size: {e.Message}");
    }

    /// <summary>
    /// The child's GC heap is capped at 1 GB: a consistent but huge shape (a band of 2³⁰ rows) then fails its allocation at
    /// once instead of taking memory other processes on the machine need.
    /// </summary>
    private static readonly Dictionary<string, string?> Child = new() { ["DOTNET_GCHeapHardLimit"] = "0x40000000" };

    private static string Tail(string output) => string.Join("\n", output.Split('\n').TakeLast(30));
}
