using System.Globalization;
using System.Text;

namespace BlasNet.Neural;

/// <summary>
/// How many gradient entries a layer rounded from float32 to Half in a backward pass, and how many of
/// them underflowed (nonzero in float32, zero in Half): the underflow column of the gradient health
/// report. A layer of your own that runs natively in Half (<see cref="IHalfLayer"/>) rounds its results
/// with <see cref="ToHalf"/> and adds the counts up with <c>+</c>.
/// </summary>
/// <param name="Entries">Entries rounded to Half.</param>
/// <param name="Underflowed">Of those, the ones with 0 &lt; |x| ≤ 2⁻²⁵ in float32 (they are 0 in Half).</param>
public readonly record struct HalfRoundingCount(long Entries, long Underflowed)
{
    /// <summary>
    /// <paramref name="destination"/> ← Half(<paramref name="source"/>) (round to nearest even, as every
    /// Half conversion here) and the count of what was rounded and what underflowed.
    /// </summary>
    /// <exception cref="ArgumentException">destination is shorter than source, or shares memory with it.</exception>
    public static HalfRoundingCount ToHalf(ReadOnlySpan<float> source, Span<Half> destination)
    {
        if (destination.Length < source.Length)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"destination has {destination.Length} entries but source has {source.Length}."), nameof(destination));
        // A destination in the source's own memory (MemoryMarshal.Cast<float, Half> of the same buffer) gave wrong values and
        // wrong underflow counts with no error: the core's conversions refuse it, and so does this one.
        KernelCheck.Disjoint(source, destination[..source.Length], nameof(source), nameof(destination));
        return new HalfRoundingCount(source.Length, HalfRounding.ToHalf(source, destination));
    }

    /// <summary>The counts of two roundings together.</summary>
    public static HalfRoundingCount operator +(HalfRoundingCount a, HalfRoundingCount b) => new(a.Entries + b.Entries, a.Underflowed + b.Underflowed);

    /// <summary>The counts of two roundings together (the named form of <c>+</c>).</summary>
    public static HalfRoundingCount Add(HalfRoundingCount a, HalfRoundingCount b) => a + b;

    // Plain integers (the generated ToString would do the same, but keep the format explicit and culture-free).
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Entries = ").Append(Entries).Append(", Underflowed = ").Append(Underflowed);
        return true;
    }
}
