using System.Runtime.CompilerServices;

namespace BlasNet.Tests.Core;

/// <summary>
/// <c>BLASNET_BLAS</c> as this test process started with it: the provider the whole run asks for. Read it here, never from the
/// environment during a test: <see cref="IsolatedBlasNet.Run"/> sets the variable process-wide while its case runs (a fresh
/// copy of BlasNet reads it at load), and test classes run in parallel, so a test reading the variable meanwhile saw another
/// case's request (seen in session 45: the managed run's provider test read 'openblas'), and a child process started meanwhile
/// inherited it.
/// </summary>
internal static class RequestedProvider
{
    /// <summary>The variable's value when the test assembly was loaded (null: unset).</summary>
    public static string? Value { get; private set; }

#pragma warning disable CA2255 // a test assembly: capturing the start environment before any test can change it is the point
    [ModuleInitializer]
    internal static void Capture() => Value = Environment.GetEnvironmentVariable("BLASNET_BLAS");
#pragma warning restore CA2255
}
