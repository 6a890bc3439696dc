using System.Buffers;
using System.Runtime.CompilerServices;

namespace BlasNet;

/// <summary>
/// A fast proof that a batch's output arrays are pairwise distinct and distinct from its input arrays,
/// from the arrays' addresses: no object header is written and no array is read, only the references
/// the caller already holds.
/// </summary>
/// <remarks>
/// Why: the exact check (a set keyed by reference) hashes each array through
/// <see cref="RuntimeHelpers.GetHashCode(object)"/>, which writes a hash code into the header of every
/// array on first use: one cache miss and a dirtied line per array, about half the list form's
/// validation at 16×16 (bench/RESULTS.md, "The list form's cost, found"). An array's address names it
/// exactly, but only until a garbage collection moves it, so the caller reads
/// <see cref="GC.CollectionCount(int)"/> before it takes the first address and this check compares it at
/// the end: every collection (of any generation) counts as a generation-0 collection, and objects move
/// only during a collection. When a collection ran meanwhile, or when two addresses match (a real
/// share, or an array moved onto a freed address), the answer is "not proved" and the caller runs the
/// exact check, which also names the indices in its message.
/// </remarks>
internal static class StorageAddresses
{
    /// <summary>The address of <paramref name="array"/> as a number: valid only while no garbage collection runs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static nint Of(Array array) => Unsafe.As<Array, nint>(ref array);

    /// <summary>
    /// True when every nonzero address in <paramref name="outputs"/> differs from the others and from
    /// every address in <paramref name="inputs"/>, and no collection ran since
    /// <paramref name="collectionCount"/> (the generation-0 count read before the first address was
    /// taken). Zero marks an output that is not written (empty storage). False: not proved.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // one long loop per call: optimized from the first call, not after 30
    public static bool ProvedDistinct(ReadOnlySpan<nint> outputs, ReadOnlySpan<nint> inputs, int collectionCount)
    {
        // Open addressing, linear probing, at most half full; a Fibonacci hash of the address spreads
        // the 8- or 16-byte-aligned addresses over the slots.
        int bits = Math.Max(4, 64 - (int)long.LeadingZeroCount(Math.Max(1L, 2L * outputs.Length - 1)));
        int size = 1 << bits, shift = 64 - bits, mask = size - 1;
        nint[] table = ArrayPool<nint>.Shared.Rent(size);
        try
        {
            var slots = table.AsSpan(0, size);
            slots.Clear();
            foreach (nint address in outputs)
            {
                if (address == 0) continue;
                int slot = Slot(address, shift);
                while (slots[slot] != 0)
                {
                    if (slots[slot] == address) return false;
                    slot = (slot + 1) & mask;
                }
                slots[slot] = address;
            }
            foreach (nint address in inputs)
            {
                for (int slot = Slot(address, shift); slots[slot] != 0; slot = (slot + 1) & mask)
                    if (slots[slot] == address) return false;
            }
        }
        finally
        {
            ArrayPool<nint>.Shared.Return(table);
        }
        return GC.CollectionCount(0) == collectionCount;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Slot(nint address, int shift) => (int)(((ulong)address * 0x9E3779B97F4A7C15UL) >> shift);
}
