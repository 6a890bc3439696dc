using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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
    public static bool ProvedDistinct(ReadOnlySpan<nint> outputs, ReadOnlySpan<nint> inputs, int collectionCount) =>
        Buckets && Vector256.IsHardwareAccelerated
            ? ProvedDistinctInBuckets(outputs, inputs, collectionCount)
            : ProvedDistinctInSlots(outputs, inputs, collectionCount);

    /// <summary>
    /// The benchmarks' switch (false: <see cref="ProvedDistinctInSlots"/> on every machine, the proof before session 49, for the
    /// before/after in one process); the library never changes it.
    /// </summary>
    internal static bool Buckets = true;

    /// <summary>Keys per bucket of <see cref="ProvedDistinctInBuckets"/>: one <see cref="Vector256{T}"/> of keys, half a cache line.</summary>
    private const int BucketKeys = 8;

    /// <summary>
    /// <see cref="ProvedDistinct"/> on a table of buckets of <see cref="BucketKeys"/> keys, each compared with a key at once (one
    /// vector compare): no branch on what a slot holds, so no mispredicted branch per address.
    /// </summary>
    /// <remarks>
    /// Why: the slot table's probe loop branches on whether each slot is empty, taken or not as the data falls (a third of
    /// the slots hold a key when the inputs are probed), and the table took 0.07–0.10 ms of the list form's validation of
    /// 10 000 products on the calling thread, the other thread idle (bench/RESULTS.md, "Session 48, list48"); here the
    /// branches are all but always the same way. Keys fill a bucket from its first lane; a full bucket sends the key on to the
    /// next one (linear probing by buckets), and since keys are never removed, a key not in a bucket that is not full is in
    /// none after it. A power of two of at least a quarter as many buckets as outputs: at most 4 keys a bucket on average (2.4 for
    /// 10 000 outputs), so a full bucket is rare, the table is never more than half full (a probe always ends), and its bytes are
    /// those of the slot table.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // one long loop per call: optimized from the first call, not after 30
    internal static bool ProvedDistinctInBuckets(ReadOnlySpan<nint> outputs, ReadOnlySpan<nint> inputs, int collectionCount)
    {
        int bits = Math.Max(1, 64 - (int)long.LeadingZeroCount(Math.Max(1L, (outputs.Length + 3) / 4 - 1))); // ≥ outputs/4 buckets, at least 2
        int buckets = 1 << bits, shift = 32 - bits, mask = buckets - 1;
        uint[] table = ArrayPool<uint>.Shared.Rent(buckets * BucketKeys);
        try
        {
            table.AsSpan(0, buckets * BucketKeys).Clear();
            ref uint first = ref MemoryMarshal.GetArrayDataReference(table);
            foreach (nint address in outputs)
            {
                if (address == 0) continue;
                uint key = Key(address);
                var keys = Vector256.Create(key);
                for (int bucket = Slot(key, shift); ; bucket = (bucket + 1) & mask)
                {
                    var held = Vector256.LoadUnsafe(ref first, (nuint)(bucket * BucketKeys));
                    if (Vector256.EqualsAny(held, keys)) return false; // an output twice (or two keys alike: not proved)
                    uint empty = Vector256.Equals(held, Vector256<uint>.Zero).ExtractMostSignificantBits();
                    if (empty != 0)
                    {
                        Unsafe.Add(ref first, bucket * BucketKeys + BitOperations.TrailingZeroCount(empty)) = key;
                        break;
                    }
                }
            }
            foreach (nint address in inputs)
            {
                if (address == 0) continue; // an input that is not read
                uint key = Key(address);
                var keys = Vector256.Create(key);
                for (int bucket = Slot(key, shift); ; bucket = (bucket + 1) & mask)
                {
                    var held = Vector256.LoadUnsafe(ref first, (nuint)(bucket * BucketKeys));
                    if (Vector256.EqualsAny(held, keys)) return false;
                    if (Vector256.EqualsAny(held, Vector256<uint>.Zero)) break; // not full: the key is in no later bucket
                }
            }
        }
        finally
        {
            ArrayPool<uint>.Shared.Return(table);
        }
        return GC.CollectionCount(0) == collectionCount;
    }

    /// <summary><see cref="ProvedDistinct"/> on a table of single slots, one branch per slot probed (the proof before session 49; where vectors are not accelerated).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // one long loop per call: optimized from the first call, not after 30
    internal static bool ProvedDistinctInSlots(ReadOnlySpan<nint> outputs, ReadOnlySpan<nint> inputs, int collectionCount)
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
    internal static int Slot(uint key, int shift) => (int)((key * 0x9E3779B9u) >> shift);
}
