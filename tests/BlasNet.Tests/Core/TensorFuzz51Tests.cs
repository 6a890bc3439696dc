namespace BlasNet.Tests.Core;

/// <summary>
/// Session 46 (fuzz51): the tensor forms of GEMM, SYRK and TRSM under random layouts, aliasing and guard pages
/// (<see cref="TensorFuzz51"/>), in a child process on the provider this run uses (BLASNET_BLAS): a native crash is then a
/// failed test naming its case, not a dead test host.
/// </summary>
public class TensorFuzz51Tests
{
    [Fact]
    public void TensorForms_ComputeTheLoopsProductOrThrowANamedArgumentException()
    {
        string caseFile = Path.Combine(Path.GetTempPath(), $"blasnet-tensor-fuzz-{Guid.NewGuid():N}.case");
        try
        {
            var (exitCode, output) = ChildProcess.Run(["tensor-fuzz", "51", "3000", caseFile], new Dictionary<string, string?>(), TimeSpan.FromMinutes(3));
            string last = File.Exists(caseFile) ? File.ReadAllText(caseFile).TrimEnd() : "(none)";
            Assert.True(exitCode is 0 or 1, $"the child died (exit code {exitCode}) in the case\n{last}\n{output}");
            var failures = output.Split('\n').Where(l => l.StartsWith("FAIL ", StringComparison.Ordinal)).ToArray();
            Assert.True(failures.Length == 0, $"{failures.Length} cases failed:\n{string.Join("\n", failures.Take(40))}");
            Assert.Equal(0, exitCode);
        }
        finally
        {
            File.Delete(caseFile);
        }
    }
}
