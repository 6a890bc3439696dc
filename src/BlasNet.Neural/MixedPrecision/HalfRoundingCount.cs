using System.Globalization;
using System.Runtime.InteropServices;
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
        // The vectorised conversion writes 2-byte Halves while it still reads 4-byte floats further on, so a destination in
        // the source's own memory (e.g. MemoryMarshal.Cast<float, Half> of the same buffer) overwrites floats before they are
        // read: wrong values and wrong underflow counts, with no error. No overlap can work, not even from the same start.
        if (MemoryMarshal.AsBytes(source).Overlaps(MemoryMarshal.AsBytes(destination[..source.Length]), out int offset))
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"destination ({source.Length} of its {destination.Length} Half entries written) overlaps source ({source.Length} float entries) in memory (byte offset {offset}); a conversion from float to Half cannot run in place: use separate memory."), nameof(destination));
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
