namespace BlasNet.Tests.Core;

/// <summary>
/// Session 46 (blis51): every level-3 and level-2 routine at small sizes with each operand in turn ending at a PROT_NONE
/// page (<see cref="OperandGuardSweep51"/>), in a child process on the provider this run uses (BLASNET_BLAS), so a library
/// reading past an operand is a failed test naming its case, not a dead test host. It found BLIS 0.9's sgemm reading up to
/// a row past A's last row when B is transposed (<c>BlasBackend.SgemmReadsPastLastRowOfA</c>); the first crash on the old
/// code was "float gemm None Transposed m=4 n=16 k=2, A guarded".
/// </summary>
public class OperandGuardSweep51Tests
{
    [Fact]
    public void NoRoutineReadsOrWritesPastAnOperandsLastElement()
    {
        string caseFile = Path.Combine(Path.GetTempPath(), $"blasnet-operand-guard-{Guid.NewGuid():N}.case");
        try
        {
            var (exitCode, output) = ChildProcess.Run(["operand-guard-sweep", "0", caseFile], new Dictionary<string, string?>(), TimeSpan.FromMinutes(3));
            string last = File.Exists(caseFile) ? File.ReadAllText(caseFile).TrimEnd() : "(none)";
            Assert.True(exitCode == 0, $"the child died (exit code {exitCode}) in the case\n{last}\n{output}");
            Assert.Contains("calls 142720 cases 142720", output);
        }
        finally
        {
            File.Delete(caseFile);
        }
    }
}
