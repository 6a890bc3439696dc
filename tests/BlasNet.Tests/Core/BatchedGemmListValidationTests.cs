using System.Collections.ObjectModel;

namespace BlasNet.Tests.Core;

/// <summary>
/// The list form's validation (issue 14: one pass, storage proved distinct from addresses, exact check as
/// the fallback): every check fires on a batch of thousands of products, at far-apart or last indices,
/// names the index and the sizes, and leaves every C untouched; both storage checks agree.
/// </summary>
public class BatchedGemmListValidationTests
{
    internal const int Count = 3000;

    /// <summary>A valid batch of 4×3 · 3×5 products with random inputs and C[i] filled with i.</summary>
    internal static (Matrix<double>[] a, Matrix<double>[] b, Matrix<double>[] c) Batch(int count = Count)
    {
        var a = new Matrix<double>[count]; var b = new Matrix<double>[count]; var c = new Matrix<double>[count];
        for (int i = 0; i < count; i++)
        {
            a[i] = Matrix.Random<double>(4, 3, seed: i);
            b[i] = Matrix.Random<double>(3, 5, seed: 100_000 + i);
            c[i] = new Matrix<double>(4, 5);
            c[i].AsSpan().Fill(i);
        }
        return (a, b, c);
    }

    /// <summary>
    /// Validates through the internal entry with the given switches (exact storage check; the pass spread over the
    /// GEMM workers, which it is for arrays of 1024 or more, or in order), then runs the products as the public call does.
    /// </summary>
    internal static void Run(bool exact, bool spread, Matrix<double>[] a, Matrix<double>[] b, Matrix<double>[] c, double beta = 0.0)
    {
        var batch = MatrixGemmBatch<double>.Validate(1.0, a, b, beta, c, exactStorageCheck: exact, spread: spread);
        try { batch.RunProducts(); }
        finally { batch.Release(); }
    }

    /// <summary>The validation paths: (exact storage check instead of the address proof, pass spread over the threads).</summary>
    public static TheoryData<bool, bool> Modes() => new() { { false, true }, { true, true }, { false, false }, { true, false } };

    [Theory]
    [MemberData(nameof(Modes))]
    public void ValidBatch_EveryMode_MatchesTheDefinition(bool exact, bool spread)
    {
        var (a, b, c) = Batch();
        c[7] = c[7].Transpose().Copy().Transpose(); // a transposed view as C: written through its storage
        c[7].AsSpan().Fill(7);
        Run(exact, spread, a, b, c, beta: 0.5);
        for (int i = 0; i < Count; i += 997)
        {
            var (x, y, z) = (a[i].ToArray2D(), b[i].ToArray2D(), c[i].ToArray2D());
            for (int r = 0; r < 4; r++)
                for (int s = 0; s < 5; s++)
                {
                    double sum = 0;
                    for (int p = 0; p < 3; p++) sum += x[r, p] * y[p, s];
                    Assert.Equal(sum + 0.5 * i, z[r, s], 1e-13);
                }
        }
    }

    /// <summary>
    /// The batch is refused with <typeparamref name="TException"/> naming <paramref name="param"/> and containing
    /// <paramref name="message"/>, and no C changed (compared with a copy taken before the call).
    /// </summary>
    internal static void AssertRefused<TException>(bool exact, bool spread, Matrix<double>[] a, Matrix<double>[] b, Matrix<double>[] c,
        string param, string message) where TException : ArgumentException
    {
        var before = c.Select(m => m?.ToArray()).ToArray();
        var ex = Assert.Throws<TException>(() => Run(exact, spread, a, b, c));
        Assert.Equal(param, ex.ParamName);
        Assert.Contains(message, ex.Message);
        for (int i = 0; i < c.Length; i++)
            if (c[i] is { } m) Assert.Equal(before[i], m.ToArray());
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void OutputSharedByFarApartProducts_Throws_NamingBoth_NothingWritten(bool exact, bool spread)
    {
        var (a, b, c) = Batch();
        c[Count - 1] = c[3].Transpose().Transpose(); // another view of c[3]'s storage
        AssertRefused<ArgumentException>(exact, spread, a, b, c, "c", $"c[3] and c[{Count - 1}] share storage");
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void InputThatIsAnOutput_Throws_NamingBoth_NothingWritten(bool exact, bool spread)
    {
        var (a, b, c) = Batch();
        // a[2500] (4×5, with a 5×5 B) wraps the array of c[10] (4×5).
        var shared = new double[20];
        c[10] = new Matrix<double>(4, 5, shared); c[10].AsSpan().Fill(10);
        a[2500] = new Matrix<double>(4, 5, shared);
        b[2500] = Matrix.Random<double>(5, 5, seed: 1);
        AssertRefused<ArgumentException>(exact, spread, a, b, c, "a", "a[2500] shares storage with c[10]");

        // b[last], a transposed 5×4 view seen as 4×5 (with a 4×4 A), wraps the array of c[0].
        var (a2, b2, c2) = Batch();
        var shared2 = new double[20];
        c2[0] = new Matrix<double>(4, 5, shared2); c2[0].AsSpan().Fill(0);
        b2[Count - 1] = new Matrix<double>(5, 4, shared2).Transpose();
        a2[Count - 1] = Matrix.Random<double>(4, 4, seed: 2);
        AssertRefused<ArgumentException>(exact, spread, a2, b2, c2, "b", $"b[{Count - 1}] shares storage with c[0]");
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void NullAtTheLastIndex_Throws_NamingIt_NothingWritten(bool exact, bool spread)
    {
        var (a, b, c) = Batch();
        b[Count - 1] = null!;
        AssertRefused<ArgumentNullException>(exact, spread, a, b, c, "b", $"b[{Count - 1}] is null");
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void ShapeMismatchAtTheLastIndex_Throws_NamingIndexAndSizes_NothingWritten(bool exact, bool spread)
    {
        var (a, b, c) = Batch();
        c[Count - 1] = new Matrix<double>(4, 6);
        AssertRefused<ArgumentException>(exact, spread, a, b, c, "c", $"c[{Count - 1}] is 4×6 but a[{Count - 1}] b[{Count - 1}] is 4×5");
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void ErrorsEarlyAndLate_TheFirstIndexIsReported(bool exact, bool spread)
    {
        var (a, b, c) = Batch();
        a[Count - 10] = new Matrix<double>(4, 2); // a shape error late
        c[400] = null!;                            // a null early
        AssertRefused<ArgumentNullException>(exact, spread, a, b, c, "c", "c[400] is null");
    }

    [Fact]
    public void PublicEntry_ListAndReadOnlyCollection_SameErrorsAndResults()
    {
        // A List<T> is copied in bulk, other read-only lists are enumerated once: both see the same batch.
        var (a, b, c) = Batch(1500);
        Blas.GemmBatched(1.0, a.ToList(), new ReadOnlyCollection<Matrix<double>>(b), 0.0, c);
        var expected = new double[4 * 5];
        for (int r = 0; r < 4; r++)
            for (int s = 0; s < 5; s++)
                for (int p = 0; p < 3; p++) expected[r * 5 + s] += a[1499][r, p] * b[1499][p, s];
        var got = c[1499].AsReadOnlySpan();
        for (int x = 0; x < expected.Length; x++) Assert.Equal(expected[x], got[x], 1e-13);

        var (a2, b2, c2) = Batch(1500);
        c2[1200] = c2[2];
        var ex = Assert.Throws<ArgumentException>(() => Blas.GemmBatched(1.0, new ReadOnlyCollection<Matrix<double>>(a2), b2.ToList(), 0.0, c2.ToList()));
        Assert.Contains("c[2] and c[1200] share storage", ex.Message);
    }

    [Fact]
    public void AddressProof_DistinctSharedAndAfterACollection()
    {
        var arrays = Enumerable.Range(0, 50).Select(_ => new double[4]).ToArray();
        nint[] Addresses(IEnumerable<int> indices) => indices.Select(i => StorageAddresses.Of(arrays[i])).ToArray();
        // The proof over addresses taken after the count, on an attempt that no collection interrupted: the parallel tests
        // share the heap, and a collection in between (rightly) proves nothing, which would hide what each case asserts.
        bool Proved(Func<(nint[] Outputs, nint[] Inputs)> take)
        {
            for (int attempt = 0; ; attempt++)
            {
                int before = GC.CollectionCount(0);
                var (outputs, inputs) = take();
                bool proved = StorageAddresses.ProvedDistinct(outputs, inputs, before);
                if (GC.CollectionCount(0) == before) return proved;
                Assert.True(attempt < 50, "a collection ran during each of 50 attempts");
            }
        }
        var outputs = Enumerable.Range(0, 20);
        var inputs = Enumerable.Range(20, 30);

        Assert.True(Proved(() => (Addresses(outputs), Addresses(inputs))));
        Assert.False(Proved(() => (Addresses([0, 1, 2, 1]), Addresses(inputs)))); // an output twice
        Assert.False(Proved(() => (Addresses(outputs), Addresses([20, 21, 5])))); // an input is an output
        Assert.True(Proved(() => ([0, 0, .. Addresses(outputs)], Addresses([20, 20, 21])))); // zeros: not written; inputs may repeat

        int collections = GC.CollectionCount(0);
        nint[] o = Addresses(outputs), i = Addresses(inputs);
        GC.Collect();
        Assert.False(StorageAddresses.ProvedDistinct(o, i, collections)); // a collection ran: not proved
    }

    /// <summary>
    /// The proof's 32-bit keys on synthetic addresses (the proof reads no memory at them): an address whose key bits are
    /// all 0 (a multiple of 2³⁵, the empty slot's value without the set bit) is still found when shared; addresses 32 GB
    /// apart share a key and only give "not proved" (the caller then runs the exact check); addresses 16 bytes apart
    /// (closer than two arrays can be) get distinct keys and are proved distinct.
    /// </summary>
    [Fact]
    public void AddressProof_NarrowKeys_NeverMissAShare()
    {
        long farBytes = 1L << 35;
        nint far = (nint)farBytes; // a 64-bit process (the library's platforms)
        nint baseAddress = 5 * far; // key bits 4–34 all zero
        // Retried when a collection ran meanwhile (the parallel tests share the heap): that alone makes the answer false.
        bool Proved(nint[] outputs, nint[] inputs)
        {
            for (int attempt = 0; ; attempt++)
            {
                int before = GC.CollectionCount(0);
                bool proved = StorageAddresses.ProvedDistinct(outputs, inputs, before);
                if (GC.CollectionCount(0) == before) return proved;
                Assert.True(attempt < 50, "a collection ran during each of 50 attempts");
            }
        }

        Assert.False(Proved([baseAddress, baseAddress + 64], [baseAddress])); // shared output/input at a zero-bit address
        Assert.False(Proved([baseAddress, baseAddress + 64, baseAddress], [])); // the same output twice
        Assert.False(Proved([baseAddress + 32], [baseAddress + 32 + far])); // 32 GB apart: same key, not proved
        Assert.True(Proved([baseAddress, baseAddress + 16, baseAddress + 48], [baseAddress + 32, baseAddress + 64])); // 16 bytes apart: distinct keys
        Assert.NotEqual(StorageAddresses.Key(baseAddress), StorageAddresses.Key(baseAddress + 16));
        Assert.NotEqual(0u, StorageAddresses.Key(baseAddress));
    }
}
