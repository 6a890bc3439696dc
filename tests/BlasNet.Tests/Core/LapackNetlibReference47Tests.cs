using System.Text.Json;

namespace BlasNet.Tests.Core;

/// <summary>
/// Audit lapack47: every <see cref="Lapack"/> routine against the netlib reference LAPACK 3.11 on the reference BLAS 3.11
/// (tests/data/lapack47-netlib-reference.json, written by tests/data/lapack47_netlib_reference.py through ctypes with no
/// optimized BLAS in the process) on lapack51's 137 cases: a reference independent of OpenBLAS, whose LAPACK SciPy's is.
/// The checks are <see cref="LapackReferenceCaseTests"/>'s.
/// </summary>
public class LapackNetlibReference47Tests : LapackReferenceCaseTests
{
    /// <inheritdoc/>
    protected override string FileName => "lapack47-netlib-reference.json";

    /// <inheritdoc/>
    protected override string Reference => "netlib";

    /// <summary>The shared case indices are only meaningful if both files hold the same cases in the same order.</summary>
    [Fact]
    public void SameCasesAsLapack51()
    {
        var scipy = ReferenceData.Load("lapack51-reference.json");
        static string[] Names(JsonElement root, string list, string kind) => root.GetProperty(list).EnumerateArray()
            .Select(c => $"{c.GetProperty(kind).GetString()} {c.GetProperty("name").GetString()} {(c.TryGetProperty("uplo", out var u) ? u.ToString() : "")}").ToArray();
        Assert.Equal(Names(scipy, "cases", "routine"), Names(Root, "cases", "routine"));
        Assert.Equal(Names(scipy, "matrixForms", "form"), Names(Root, "matrixForms", "form"));
        Assert.Equal(137, Root.GetProperty("cases").GetArrayLength() + Root.GetProperty("matrixForms").GetArrayLength());
        // The generator refuses to run with an optimized BLAS mapped; the file says which libraries were.
        Assert.All(Root.GetProperty("mappedBlasLapack").EnumerateArray(), p => Assert.DoesNotContain("openblas", p.GetString()!, StringComparison.OrdinalIgnoreCase));
    }
}
