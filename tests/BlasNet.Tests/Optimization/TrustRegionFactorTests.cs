using BlasNet.Optimization;
using Xunit.Abstractions;

namespace BlasNet.Tests.Optimization;

/// <summary>
/// <see cref="LevenbergMarquardtOptions.RadiusIncreaseFactor"/> and <see cref="LevenbergMarquardtOptions.RadiusDecreaseFactor"/>:
/// the defaults are MINPACK's (the MINPACK examples' published evaluation counts are pinned in
/// <see cref="MinpackExampleTests"/>), other values take another path to the certified answer.
/// </summary>
public class TrustRegionFactorTests(ITestOutputHelper output)
{
    /// <summary>FNV-1a over the bits of X, the evaluation counts and the status of the given NIST runs.</summary>
    private static (ulong Hash, int Evaluations) Fingerprint(LevenbergMarquardtOptions options, IEnumerable<(NistProblem Problem, int Start)> runs)
    {
        ulong hash = 14695981039346656037UL;
        int evaluations = 0;
        void Mix(long value)
        {
            for (int b = 0; b < 8; b++) { hash ^= (byte)(value >> (8 * b)); hash *= 1099511628211UL; }
        }
        foreach (var (problem, start) in runs)
        {
            var result = LevenbergMarquardt.Solve(problem.Residuals, problem.M, problem.Start(start), options: options);
            foreach (double x in result.X) Mix(BitConverter.DoubleToInt64Bits(x));
            Mix(result.Evaluations);
            Mix(result.JacobianEvaluations);
            Mix((long)result.Status);
            evaluations += result.Evaluations;
        }
        return (hash, evaluations);
    }

    private static readonly string[] Problems = ["Misra1a", "Chwirut2", "Lanczos3", "Gauss1", "Thurber", "Eckerle4", "Rat43", "Bennett5"];

    private static IEnumerable<(NistProblem, int)> Runs() =>
        Problems.SelectMany(name => new[] { (NistProblem.Get(name), 1), (NistProblem.Get(name), 2) });

    [Fact]
    public void Defaults_AreMinpacksFactors()
    {
        var defaults = new LevenbergMarquardtOptions();
        Assert.Equal(2.0, defaults.RadiusIncreaseFactor);
        Assert.Equal(0.5, defaults.RadiusDecreaseFactor);
        var explicitly = defaults with { RadiusIncreaseFactor = 2.0, RadiusDecreaseFactor = 0.5 };
        Assert.Equal(defaults, explicitly);
        // The same options run twice: bit for bit where the provider rounds the same wherever its buffers lie (not on MKL
        // without MKL_CBWR, where this compares nothing the line above has not).
        if (ProviderReproducibility.BitForBit)
            Assert.Equal(Fingerprint(defaults, Runs()), Fingerprint(explicitly, Runs()));
    }

    [Theory]
    [InlineData(4.0, 0.25)]
    [InlineData(1.5, 0.75)]
    [InlineData(2.0, 0.05)]
    public void OtherFactors_ChangeThePathButReachTheCertifiedValues(double increase, double decrease)
    {
        var options = NistStrdTests.Certification with { RadiusIncreaseFactor = increase, RadiusDecreaseFactor = decrease };
        var (minpackHash, minpackEvaluations) = Fingerprint(NistStrdTests.Certification, Runs());
        var (hash, evaluations) = Fingerprint(options, Runs());
        output.WriteLine($"increase {increase}, decrease {decrease}: {evaluations} evaluations over {Problems.Length * 2} runs (MINPACK's factors: {minpackEvaluations})");
        Assert.NotEqual(minpackHash, hash);

        foreach (var (problem, start) in Runs())
        {
            var result = LevenbergMarquardt.Solve(problem.Residuals, problem.M, problem.Start(start), options: options);
            double lre = LogRelativeError.Min(result.X, problem.CertifiedValues);
            if (!(result.Succeeded)) Assert.Fail($"{problem.Name} start {start}: {result.Status}: {result.Message}");
            Assert.True(lre >= 6, $"{problem.Name} start {start}: LRE {lre:F2} < 6 (x = [{string.Join(", ", result.X)}])");
        }
    }

    [Theory]
    [InlineData(1.0, 0.5)]
    [InlineData(0.5, 0.5)]
    [InlineData(double.NaN, 0.5)]
    [InlineData(double.PositiveInfinity, 0.5)]
    [InlineData(2.0, 0.0)]
    [InlineData(2.0, 1.0)]
    [InlineData(2.0, -0.5)]
    [InlineData(2.0, double.NaN)]
    public void InvalidFactors_ThrowNamingTheFactor(double increase, double decrease)
    {
        var options = new LevenbergMarquardtOptions { RadiusIncreaseFactor = increase, RadiusDecreaseFactor = decrease };
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => LevenbergMarquardt.Solve(x => [x[0] - 1, x[0] + 1], [3.0], options));
        Assert.Contains(increase == 2.0 ? "RadiusDecreaseFactor" : "RadiusIncreaseFactor", ex.Message);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.9)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void InvalidAcceleratedIncreaseFactor_ThrowsNamingIt(double increase)
    {
        var options = new LevenbergMarquardtOptions { GeodesicAcceleration = true, AcceleratedRadiusIncreaseFactor = increase };
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => LevenbergMarquardt.Solve(x => [x[0] - 1, x[0] + 1], [3.0], options));
        Assert.Contains("AcceleratedRadiusIncreaseFactor", ex.Message);
    }
}
