using System.Globalization;

namespace BlasNet;

/// <summary>
/// Length checks for the elementwise kernels, in the style of TensorPrimitives: inputs that are
/// combined elementwise must have equal lengths, the destination must be at least as long, and a
/// destination may alias an input only exactly (in place), never partially.
/// </summary>
internal static class KernelCheck
{
    public static void SameLength<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, string nameA, string nameB)
    {
        if (a.Length != b.Length)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{nameA} has length {a.Length} and {nameB} has length {b.Length}; they must have the same length."), nameB);
    }

    /// <summary><paramref name="reason"/> says where <paramref name="required"/> comes from, for the message.</summary>
    public static void Destination<T>(int required, Span<T> destination, string name, string reason = "the length of the input")
    {
        if (destination.Length < required)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{name} has length {destination.Length} but must hold at least {required} elements ({reason})."), name);
    }

    /// <summary>
    /// <paramref name="written"/> is the part of the destination the kernel writes. In place means the
    /// very same elements: same start and same length as <paramref name="input"/>. Any other overlap
    /// (a shifted start, or the same start with a different length, as a broadcast row that is the
    /// first elements of a longer destination) throws, naming both arguments.
    /// </summary>
    public static void InPlaceOrDisjoint<T>(ReadOnlySpan<T> input, Span<T> written, string inputName, string destinationName)
    {
        if (input.Overlaps(written, out int offset) && (offset != 0 || input.Length != written.Length))
            throw new ArgumentException(offset != 0
                ? string.Create(CultureInfo.InvariantCulture, $"{destinationName} partially overlaps {inputName} (offset {offset} elements); use the same span (in place) or separate memory.")
                : string.Create(CultureInfo.InvariantCulture, $"{destinationName} partially overlaps {inputName}: same start, but {inputName} has {input.Length} elements and {written.Length} elements of {destinationName} are written; use the same span (in place) or separate memory."), destinationName);
    }

    /// <summary>
    /// A conversion between element types of different sizes (float ↔ Half) reads and writes the same bytes at different
    /// element positions, so no overlap works, not even from the same start (TensorPrimitives' vectorised conversion
    /// overwrites inputs it has not read yet): any shared byte between <paramref name="input"/> and the written part of the
    /// destination throws, naming both arguments and their sizes.
    /// </summary>
    public static void Disjoint<TIn, TOut>(ReadOnlySpan<TIn> input, Span<TOut> written, string inputName, string destinationName)
        where TIn : unmanaged where TOut : unmanaged
    {
        var inBytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(input);
        var outBytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(written);
        if (inBytes.Overlaps(outBytes, out int offset))
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{destinationName} ({written.Length} elements of {typeof(TOut).Name}) overlaps {inputName} ({input.Length} elements of {typeof(TIn).Name}) in memory (byte offset {offset}); a conversion between element sizes cannot run in place: use separate memory."), destinationName);
    }

    public static void Unary<T>(ReadOnlySpan<T> x, Span<T> destination, string xName, string destinationName)
    {
        Destination(x.Length, destination, destinationName);
        InPlaceOrDisjoint(x, destination[..x.Length], xName, destinationName);
    }

    public static void Binary<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> destination, string aName, string bName, string destinationName)
    {
        SameLength(a, b, aName, bName);
        Destination(a.Length, destination, destinationName);
        InPlaceOrDisjoint(a, destination[..a.Length], aName, destinationName);
        InPlaceOrDisjoint(b, destination[..a.Length], bName, destinationName);
    }
}
