namespace BlasNet.Tests.Core;

/// <summary>
/// The run's provider request survives <see cref="IsolatedBlasNet.Run"/>, which sets <c>BLASNET_BLAS</c> process-wide while
/// its case runs: a test reading the request, or a child process started, meanwhile must see the run's own request
/// (<see cref="RequestedProvider"/>). Before session 45 both read the live variable, and the managed run's provider test once
/// saw 'openblas' from a parallel case.
/// </summary>
public class RequestedProvider50Tests
{
    /// <summary>A request other than this run's: the isolated case sets it while the checks run.</summary>
    private static string OtherRequest() =>
        string.Equals(BlasProvider.Current.Name, "Managed", StringComparison.OrdinalIgnoreCase) ? "openblas" : "managed";

    [Fact]
    public void DuringAnIsolatedCase_TheRequestIsTheRunsOwn()
    {
        string? atStart = RequestedProvider.Value;
        IsolatedBlasNet.Run(OtherRequest(), _ =>
        {
            Assert.Equal(OtherRequest(), Environment.GetEnvironmentVariable("BLASNET_BLAS")); // the race's condition, for real
            Assert.Equal(atStart, RequestedProvider.Value);
        });
    }

    [Fact]
    public void AChildStartedDuringAnIsolatedCase_RunsOnTheRunsOwnProvider()
    {
        string own = BlasProvider.Current.Name;
        IsolatedBlasNet.Run(OtherRequest(), _ =>
        {
            var (exit, output) = ChildProcess.Run("compute", new Dictionary<string, string?>());
            Assert.True(exit == 0, $"child exit {exit}:\n{output}");
            Assert.Contains($"provider: {own} (", output);
        });
    }
}
