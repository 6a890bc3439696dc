namespace BlasNet.Tests.Core;

/// <summary>
/// The list form's address proof on its bucket table (session 49, list52: <c>StorageAddresses.ProvedDistinctInBuckets</c>)
/// against a brute-force answer from the addresses themselves, with buckets made to overflow into the next one (and past the
/// table's end) so that a key placed one bucket on is still found, and against the table of single slots it replaced.
/// Synthetic addresses: the proof reads no memory at them.
/// </summary>
public class AddressProofBuckets49Tests
{
    private const int Outputs = 12; // a table of 4 buckets of 8 keys (at least Outputs/4 buckets, a power of two)
    private const int Shift = 30;   // 32 − log2(4 buckets)

    /// <summary>The proof on an attempt that no collection interrupted (the parallel tests share the heap: a collection alone makes it false).</summary>
    private static bool Proved(Func<nint[], nint[], int, bool> proof, nint[] outputs, nint[] inputs)
    {
        for (int attempt = 0; ; attempt++)
        {
            int before = GC.CollectionCount(0);
            bool proved = proof(outputs, inputs, before);
            if (GC.CollectionCount(0) == before) return proved;
            Assert.True(attempt < 50, "a collection ran during each of 50 attempts");
        }
    }

    private static bool Buckets(nint[] o, nint[] i, int before) => StorageAddresses.ProvedDistinctInBuckets(o, i, before);
    private static bool Slots(nint[] o, nint[] i, int before) => StorageAddresses.ProvedDistinctInSlots(o, i, before);

    /// <summary>The answer from the definition: nonzero outputs pairwise distinct and none among the nonzero inputs.</summary>
    private static bool Distinct(nint[] outputs, nint[] inputs)
    {
        var written = outputs.Where(x => x != 0).ToArray();
        return written.Distinct().Count() == written.Length && !inputs.Where(x => x != 0).Any(written.Contains);
    }

    /// <summary>Addresses 16 bytes apart (distinct keys) from a base far from 0 whose keys fall in <paramref name="bucket"/> of the 4.</summary>
    private static nint[] InBucket(int bucket, int how, long from = 1L << 32)
    {
        var found = new List<nint>();
        for (long x = from; found.Count < how; x += 16)
            if (StorageAddresses.Slot(StorageAddresses.Key((nint)x), Shift) == bucket) found.Add((nint)x);
        return [.. found];
    }

    [Theory]
    [InlineData(0)] // overflow into bucket 1
    [InlineData(3)] // the last bucket: overflow wraps to bucket 0
    public void FullBucket_KeysPlacedInTheNextOneAreFound(int bucket)
    {
        nint[] same = InBucket(bucket, Outputs + 2); // 12 outputs in one bucket of 8: 4 go on to the next; 2 more kept apart
        nint[] outputs = same[..Outputs], absent = same[Outputs..];
        Assert.True(Proved(Buckets, outputs, absent)); // inputs hashing to the full bucket, in no bucket: proved
        for (int k = 0; k < Outputs; k++)
        {
            // Every output, the first eight (in the full bucket) and the last four (one bucket on), as an input and as a repeated output.
            Assert.False(Proved(Buckets, outputs, [absent[0], outputs[k]]));
            Assert.False(Proved(Buckets, [.. outputs, outputs[k]], absent));
        }
        // Zeros (outputs not written, inputs not read) are no keys: a zero never makes a share.
        Assert.True(Proved(Buckets, [0, .. outputs, 0], [0, absent[1], 0]));
    }

    [Fact]
    public void RandomBatches_AgreeWithTheDefinitionAndTheSlotTable()
    {
        var rng = new Random(49);
        for (int round = 0; round < 400; round++)
        {
            int count = rng.Next(0, 300);
            // Addresses from a small pool (so shares happen), 16-byte aligned, some zero, in a few clustered runs.
            int pool = Math.Max(1, count * rng.Next(1, 4));
            long baseAddress = (1L << 32) + 4096L * rng.Next(0, 1 << 16);
            nint Pick() => rng.Next(8) == 0 ? 0 : (nint)(baseAddress + 16L * rng.Next(pool));
            var outputs = Enumerable.Range(0, count).Select(_ => Pick()).ToArray();
            var inputs = Enumerable.Range(0, 2 * count).Select(_ => Pick()).ToArray();
            if (rng.Next(2) == 0)
            {
                // Made distinct, so the proof has something to prove: outputs from one half of the pool, inputs from the other.
                outputs = [.. outputs.Select((x, i) => x == 0 ? 0 : (nint)(baseAddress + 32L * i))];
                inputs = [.. inputs.Select(x => x == 0 ? 0 : x | 16)];
                if (rng.Next(3) == 0 && count > 0) inputs[rng.Next(inputs.Length)] = outputs[rng.Next(count)]; // one share
            }
            bool expected = Distinct(outputs, inputs);
            Assert.Equal(expected, Proved(Buckets, outputs, inputs)); // 16-byte steps below 2³⁵: distinct addresses, distinct keys
            Assert.Equal(expected, Proved(Slots, outputs, inputs));
        }
    }

    [Fact]
    public void ACollectionMeanwhile_ProvesNothing()
    {
        nint[] outputs = InBucket(1, 5), inputs = InBucket(2, 5);
        int before = GC.CollectionCount(0);
        GC.Collect();
        Assert.False(StorageAddresses.ProvedDistinctInBuckets(outputs, inputs, before));
    }
}
