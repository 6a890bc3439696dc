using System.Runtime.CompilerServices;

namespace BlasNet.Tests.Core;

/// <summary>
/// The list form's snapshot of its lists (session 50, list53): the validating pass copies the three lists' references into
/// a pooled snapshot (in order, or a chunk at a time on each GEMM thread) and the products read the matrices from it, each
/// product clearing its own three slots. Checked here: products of mixed shapes, transposed views, k = 0 and empty products
/// placed on both sides of the spread pass's chunk boundaries (256 products) and at the ends, against the definition in
/// exact integer arithmetic; lists changed after the validation (nulls, wrong shapes, shared storage) changing nothing the
/// products compute; and a batch whose products ran twice holding nothing of the caller's after its release.
/// </summary>
public class BatchedListSnapshot53Tests
{
    private const int Count = 1300; // above MatrixGemmBatch.MinSpreadCount: the pass runs in chunks on the GEMM threads when spread

    /// <summary>Products placed at the ends and on both sides of the chunk boundaries 256, 512, 1024.</summary>
    private static readonly int[] Boundaries = [0, 1, 255, 256, 257, 511, 512, 513, 1023, 1024, 1025, Count - 2, Count - 1];

    /// <summary>A matrix of small integers (products and sums stay exact in double), as seen <paramref name="rows"/>×<paramref name="cols"/>, stored transposed when asked.</summary>
    private static Matrix<double> Integers(int rows, int cols, int seed, bool transposed)
    {
        var stored = transposed ? new Matrix<double>(cols, rows) : new Matrix<double>(rows, cols);
        var span = stored.AsSpan();
        for (int e = 0; e < span.Length; e++) span[e] = (seed * 7 + e * 3) % 11 - 5;
        return transposed ? stored.Transpose() : stored;
    }

    /// <summary>
    /// Product i's shapes: m×k times k×n, sizes 0–19 (k = 0 and m = 0 at some boundaries), A, B and C transposed views by turns;
    /// every 16×16 product at a boundary runs on the small-product kernel.
    /// </summary>
    private static (Matrix<double>[] a, Matrix<double>[] b, Matrix<double>[] c) Batch()
    {
        var a = new Matrix<double>[Count]; var b = new Matrix<double>[Count]; var c = new Matrix<double>[Count];
        for (int i = 0; i < Count; i++)
        {
            int at = Array.IndexOf(Boundaries, i);
            (int m, int k, int n) = at switch
            {
                < 0 => (1 + i % 7, 1 + i % 5, 1 + i % 3),
                _ => (at % 4) switch { 0 => (16, 16, 16), 1 => (3, 0, 4), 2 => (0, 5, 6), _ => (19, 17, 13) },
            };
            a[i] = Integers(m, k, i, transposed: i % 3 == 1);
            b[i] = Integers(k, n, 5000 + i, transposed: i % 4 == 2);
            c[i] = Integers(m, n, 9000 + i, transposed: i % 5 == 3);
        }
        return (a, b, c);
    }

    /// <summary>α A B + β C0 from the definition (exact: small integers), as seen (rows × columns of C).</summary>
    private static double[,] Expected(Matrix<double> a, Matrix<double> b, double[,] c0, double alpha, double beta)
    {
        var (x, y) = (a.ToArray2D(), b.ToArray2D());
        var z = new double[a.Rows, b.Columns];
        for (int r = 0; r < a.Rows; r++)
            for (int s = 0; s < b.Columns; s++)
            {
                double sum = 0;
                for (int p = 0; p < a.Columns; p++) sum += x[r, p] * y[p, s];
                z[r, s] = alpha * sum + beta * c0[r, s];
            }
        return z;
    }

    public static TheoryData<bool, bool> Modes() => BatchedGemmListValidationTests.Modes();

    [Theory]
    [MemberData(nameof(Modes))]
    public void MixedShapesAcrossChunkBoundaries_MatchTheDefinitionExactly(bool exact, bool spread)
    {
        var (a, b, c) = Batch();
        var before = c.Select(m => m.ToArray2D()).ToArray();
        var batch = MatrixGemmBatch<double>.Validate(2.0, a, b, -3.0, c, exactStorageCheck: exact, spread: spread);
        try { batch.RunProducts(); } finally { batch.Release(); }
        for (int i = 0; i < Count; i++)
            Assert.True(Expected(a[i], b[i], before[i], 2.0, -3.0).Cast<double>().SequenceEqual(c[i].ToArray2D().Cast<double>()),
                $"product {i}: {a[i]} times {b[i]} into {c[i]} differs from the definition");
    }

    [Fact]
    public void PublicCall_MixedShapesAcrossChunkBoundaries_MatchTheDefinitionExactly()
    {
        var (a, b, c) = Batch();
        var before = c.Select(m => m.ToArray2D()).ToArray();
        Blas.GemmBatched(1.0, a, b, 0.5, c);
        foreach (int i in Boundaries.Concat(Enumerable.Range(0, Count).Where(i => i % 97 == 0)))
            Assert.Equal(Expected(a[i], b[i], before[i], 1.0, 0.5), c[i].ToArray2D());
    }

    [Theory]
    [InlineData(true)]  // the snapshot copied a chunk at a time on the GEMM threads
    [InlineData(false)] // the snapshot copied whole, in order
    public void ListsChangedAfterValidation_ProductsComputeWhatWasValidated(bool spread)
    {
        var (a, b, c) = Batch();
        var (a0, b0, c0) = ((Matrix<double>[])a.Clone(), (Matrix<double>[])b.Clone(), (Matrix<double>[])c.Clone());
        var before = c.Select(m => m.ToArray2D()).ToArray();
        var batch = MatrixGemmBatch<double>.Validate(1.0, a, b, 2.0, c, spread: spread);
        // After the validation the caller's lists change: a null, a shape that does not chain, another product's output as an
        // input, replacements everywhere else at the boundaries. The products must not see any of it.
        var replacements = new List<Matrix<double>>();
        foreach (int i in Boundaries)
        {
            a[i] = null!;
            b[i] = c0[(i + 1) % Count];
            c[i] = new Matrix<double>(2, 2);
            replacements.Add(c[i]);
        }
        for (int i = 0; i < Count; i += 50)
        {
            a[i] = Integers(a0[i].Rows, a0[i].Columns, 77, transposed: false);
            c[i] = Integers(c0[i].Rows, c0[i].Columns, 78, transposed: false);
            replacements.Add(c[i]);
        }
        var replaced = replacements.Select(m => m.ToArray()).ToArray();
        try { batch.RunProducts(); } finally { batch.Release(); }
        for (int i = 0; i < Count; i++)
            Assert.True(Expected(a0[i], b0[i], before[i], 1.0, 2.0).Cast<double>().SequenceEqual(c0[i].ToArray2D().Cast<double>()),
                $"product {i} differs from the definition on the matrices validated");
        for (int r = 0; r < replacements.Count; r++)
            Assert.Equal(replaced[r], replacements[r].ToArray()); // no replacement C written
    }

    /// <summary>
    /// Validates a 16×16 batch, runs its products twice with the snapshot kept (as the benchmarks do), checks the second run
    /// equals the first (β = 0: the same products), releases it, and returns weak references to arrays of the batch; every
    /// strong reference is gone when this returns (not inlined).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference[] RunTwiceKeptAndForget(bool spread)
    {
        int count = 1500;
        var a = Enumerable.Range(0, count).Select(i => Integers(16, 16, i, i % 2 == 0)).ToArray();
        var b = Enumerable.Range(0, count).Select(i => Integers(16, 16, 3000 + i, false)).ToArray();
        var c = Enumerable.Range(0, count).Select(_ => new Matrix<double>(16, 16)).ToArray();
        var batch = MatrixGemmBatch<double>.Validate(1.0, a, b, 0.0, c, spread: spread);
        batch.KeepSnapshot();
        double[][] first;
        try
        {
            batch.RunProducts();
            first = c.Select(m => m.ToArray()).ToArray();
            foreach (var m in c) m.AsSpan().Fill(double.NaN); // β = 0: the second run overwrites the NaN
            batch.RunProducts();
        }
        finally { batch.Release(); }
        for (int i = 0; i < count; i++) Assert.Equal(first[i], c[i].ToArray());
        Assert.Equal(Expected(a[count - 1], b[count - 1], new double[16, 16], 1.0, 0.0), c[count - 1].ToArray2D());
        return new[] { 0, count / 2, count - 1 }.SelectMany(i => new[] { new WeakReference(a[i]), new WeakReference(b[i]), new WeakReference(c[i]) }).ToArray();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void KeptSnapshot_RunTwice_ReleaseLeavesNothingReachable(bool spread)
    {
        var weak = RunTwiceKeptAndForget(spread);
        for (int attempt = 0; attempt < 3 && weak.Any(w => w.IsAlive); attempt++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        Assert.All(weak, w => Assert.False(w.IsAlive, "a matrix of the batch is still reachable after its release"));
    }
}
