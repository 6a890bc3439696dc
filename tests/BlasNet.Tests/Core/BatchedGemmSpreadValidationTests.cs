using BlasNet.Providers;

namespace BlasNet.Tests.Core;

/// <summary>
/// The list form's validating pass spread over the GEMM workers (issue 14, s20-list), on more threads than the
/// machine has cores so that the workers run chunks at once with the caller on any machine: the products equal the
/// definition, and the first error of the batch is reported, with nothing written, whichever thread met it first.
/// Changes <see cref="BlasProvider.Threads"/>, so it runs with the other process-wide tests.
/// </summary>
[Collection(nameof(ProcessWideStateCollection))]
public class BatchedGemmSpreadValidationTests
{
    private static void OnManyThreads(Action body)
    {
        int before = BlasProvider.Threads;
        try
        {
            BlasProvider.Threads = BlasProvider.MaxThreads;
            for (int round = 0; round < 5; round++) body(); // several rounds: the workers start at different times
        }
        finally
        {
            BlasProvider.Threads = before;
        }
    }

    [Fact]
    public void ValidBatch_MatchesTheDefinition()
    {
        OnManyThreads(() =>
        {
            var (a, b, c) = BatchedGemmListValidationTests.Batch();
            BatchedGemmListValidationTests.Run(exact: false, spread: true, a, b, c, beta: 0.25);
            for (int i = 0; i < a.Length; i += 211)
                for (int r = 0; r < 4; r++)
                    for (int s = 0; s < 5; s++)
                    {
                        double sum = 0;
                        for (int p = 0; p < 3; p++) sum += a[i][r, p] * b[i][p, s];
                        Assert.Equal(sum + 0.25 * i, c[i][r, s], 1e-13);
                    }
        });
    }

    [Theory]
    [InlineData(0, 2999)] // the first and the last product
    [InlineData(2000, 2999)] // both in the last thread's range
    [InlineData(255, 256)] // neighbours in two chunks
    [InlineData(2999, -1)] // only the last
    public void ErrorsInSeveralRanges_TheFirstIsReported_NothingWritten(int first, int second)
    {
        OnManyThreads(() =>
        {
            var (a, b, c) = BatchedGemmListValidationTests.Batch();
            if (second >= 0) b[second] = null!;
            c[first] = new Matrix<double>(4, 6);
            BatchedGemmListValidationTests.AssertRefused<ArgumentException>(false, true, a, b, c, "c", $"c[{first}] is 4×6 but a[{first}] b[{first}] is 4×5");
        });
    }
}
