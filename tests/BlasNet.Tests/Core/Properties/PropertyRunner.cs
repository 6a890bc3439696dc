using CsCheck;

namespace BlasNet.Tests.Core.Properties;

/// <summary>
/// Draws the structure of one random case (shapes, increments, leading-dimension padding, flags,
/// NaN/∞ placements, a data seed) from a fixed array of integers. CsCheck generates and shrinks
/// that array (towards zeros, i.e. the smallest shapes and the first choices), so a failure is
/// reported as the simplest case it can find.
/// </summary>
internal sealed class Draw(int[] values)
{
    private int next;

    /// <summary>An integer in [lo, hi].</summary>
    public int Int(int lo, int hi) => lo + values[next++ % values.Length] % (hi - lo + 1);

    public bool Bool() => Int(0, 1) == 1;

    public T Pick<T>(params T[] choices) => choices[Int(0, choices.Length - 1)];

    /// <summary>A size: usually small (every edge case), sometimes past the providers' blocking thresholds.</summary>
    public int Size(int small = 6, int large = 40) => Int(0, 3) == 3 ? Int(0, large) : Int(0, small);

    /// <summary>How many NaN/∞ to place in one operand: none two times in three.</summary>
    public int Specials() => Math.Max(0, Int(0, 5) - 3);

    /// <summary>The generator of the case's values.</summary>
    public Random Data() => new(Int(0, 1_000_000));
}

/// <summary>
/// Runs a property over random cases on the provider the process uses (BLASNET_BLAS selects it;
/// CI runs the suite under OpenBLAS, MKL, BLIS and the managed provider).
/// <list type="bullet">
/// <item>Default: CsCheck's random cases, <c>CsCheck_Iter</c> of them (else the property's own count, 80–120);
/// a failure prints a seed to replay with <c>CsCheck_Seed=…</c>.</item>
/// <item><c>BLASNET_PROPERTY_SEED=&lt;int&gt;</c>: a fixed, reproducible sequence of cases instead
/// (case i drawn from <c>new Random(seed + i)</c>), for runs that must be identical.</item>
/// </list>
/// </summary>
internal static class PropertyRunner
{
    private const int Draws = 48;

    public static void Check(Action<Draw> property, int iterations = 120)
    {
        // CsCheck_Iter overrides the per-property default, in both modes (an explicit iter would mask it).
        if (int.TryParse(Environment.GetEnvironmentVariable("CsCheck_Iter"), out int requested) && requested > 0) iterations = requested;
        if (int.TryParse(Environment.GetEnvironmentVariable("BLASNET_PROPERTY_SEED"), out int seed))
        {
            for (int i = 0; i < iterations; i++)
            {
                var rng = new Random(seed + i);
                var values = new int[Draws];
                for (int k = 0; k < Draws; k++) values[k] = rng.Next(0, 1_000_001);
                try
                {
                    property(new Draw(values));
                }
                catch (Exception e)
                {
                    throw new Xunit.Sdk.XunitException($"BLASNET_PROPERTY_SEED={seed}, case {i} on {BlasProvider.Current.Name}: {e.Message}");
                }
            }
            return;
        }
        Gen.Int[0, 1_000_000].Array[Draws].Sample(values => property(new Draw(values)),
            iter: iterations, threads: 1, print: values => $"on {BlasProvider.Current.Name}, draws [{string.Join(",", values)}]");
    }
}
