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
/// only during a collection. When a collection ran meanwhile, or when two addresses' keys match (a real
/// share, an array moved onto a freed address, or arrays 32 GB apart: <see cref="Key"/>), the answer is "not proved" and the caller runs the
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
    /// taken). Zero marks an output that is not written or an input that is not read. False: not proved.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // one long loop per call: optimized from the first call, not after 30
    public static bool ProvedDistinct(ReadOnlySpan<nint> outputs, ReadOnlySpan<nint> inputs, int collectionCount)
    {
        // Open addressing, linear probing, at most half full, on 32-bit keys (Key): half the table of
        // whole addresses, measured 0.13–0.14 → 0.08–0.10 ms for 10 000 outputs and 20 000 inputs (bench/RESULTS.md,
        // "Session 22, s22-listcheck"). A Fibonacci hash of the key spreads the aligned addresses over the slots.
        int bits = Math.Max(4, 64 - (int)long.LeadingZeroCount(Math.Max(1L, 2L * outputs.Length - 1)));
        int size = 1 << bits, shift = 32 - bits, mask = size - 1;
        uint[] table = ArrayPool<uint>.Shared.Rent(size);
        try
        {
            var slots = table.AsSpan(0, size);
            slots.Clear();
            foreach (nint address in outputs)
            {
                if (address == 0) continue;
                uint key = Key(address);
                int slot = Slot(key, shift);
                while (slots[slot] != 0)
                {
                    if (slots[slot] == key) return false;
                    slot = (slot + 1) & mask;
                }
                slots[slot] = key;
            }
            foreach (nint address in inputs)
            {
                if (address == 0) continue; // an input that is not read
                uint key = Key(address);
                for (int slot = Slot(key, shift); slots[slot] != 0; slot = (slot + 1) & mask)
                    if (slots[slot] == key) return false;
            }
        }
        finally
        {
            ArrayPool<uint>.Shared.Return(table);
        }
        return GC.CollectionCount(0) == collectionCount;
    }

    /// <summary>
    /// The table's key of an address: its bits 4 to 34 above a set bit 0 (objects are 8-byte aligned, so bits 0–2 are
    /// always 0; bit 3 gives way to the set bit, so that no key is 0, the empty slot). The same address always gives the
    /// same key, so a shared array is never missed. Two distinct arrays with the same key only make the answer "not
    /// proved", and the caller runs the exact check: their addresses then differ in bit 3 alone, which two objects of at
    /// least 24 bytes cannot, or in bits 35 and up, at least 32 GB apart.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static uint Key(nint address) => (uint)((ulong)address >> 3) | 1u;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Slot(uint key, int shift) => (int)((key * 0x9E3779B9u) >> shift);
}
