using System.Numerics;
using System.Runtime.InteropServices;
using BlasNet.Providers;

namespace BlasNet.Tests.Core;

/// <summary>
/// The batch entry's requests for the next product's lines one per step of the kernel's widest tiles (session 48, cold48):
/// <see cref="UpcomingProduct.Take"/> must hand out every line of the upcoming A and B and nothing outside them, and the
/// tiles that request (<see cref="SmallGemmKernel{T, TVec, TOps}.ColumnsRequesting"/>, through
/// <see cref="SmallGemm.RunPrefetching"/>) must compute the exact product — integer data, so every sum is exact and any
/// element a tile skips, repeats or misplaces shows — and the single call's bits, at every remainder of m against the 8-,
/// 6-, 4- and 1-row tiles, of n against the two- and one-register blocks and the scalar tail, with transposes, padded
/// leading dimensions and β = 0 over NaN.
/// </summary>
public unsafe class KernelLineRequestsTests
{
    /// <summary>Every line holding an element of the rows×cols block at <paramref name="first"/> (leading dimension ld).</summary>
    private static HashSet<nint> LinesOf(byte* first, int rows, int cols, int ld, int size)
    {
        var lines = new HashSet<nint>();
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < cols; j++)
                lines.Add(((nint)first + ((nint)r * ld + j) * size) & ~(nint)63);
        return lines;
    }

    public static TheoryData<int, int, int, int, int, int, int, int, int> TakeLayouts() => new()
    {
        // A offset (bytes past a line), rows, cols, ld; B rows, cols, ld; element size; lines a take
        { 0, 64, 64, 64, 64, 64, 64, 4, 64 },   // contiguous float 64×64, on a line
        { 4, 64, 64, 64, 64, 64, 64, 4, 7 },    // one element later; takes of 7 lines
        { 8, 13, 29, 31, 29, 17, 17, 8, 5 },    // padded A rows (runs of rows), contiguous B, double
        { 16, 20, 8, 16, 8, 12, 16, 4, 3 },     // rows of 32 bytes at a 64-byte stride: runs of one line that are not contiguous
        { 40, 9, 14, 16, 5, 3, 40, 4, 64 },     // rows straddling two lines at a 64-byte stride; B rows far apart
        { 0, 1, 100, 100, 3, 1, 1, 8, 2 },      // a single row; a column vector stored contiguously
        { 24, 7, 33, 33, 0, 5, 5, 8, 16 },      // an empty B
    };

    [Theory]
    [MemberData(nameof(TakeLayouts))]
    public void Take_HandsOutEveryLineOfTheUpcomingBlocksAndNoOther(int offset, int aRows, int aCols, int lda, int bRows, int bCols, int ldb, int size, int perTake)
    {
        if (!System.Runtime.Intrinsics.X86.Sse.IsSupported) return; // Take hands out nothing where requests are not compiled
        // A and B alone (the list form's records before session 48's review), then with C's block too (aRows × bCols at B's
        // leading dimension, as a strided batch's next C; every batch requests it since then).
        TakeEveryLine(offset, aRows, aCols, lda, bRows, bCols, ldb, size, perTake, withC: false);
        TakeEveryLine(offset, aRows, aCols, lda, bRows, bCols, ldb, size, perTake, withC: true);
    }

    private static void TakeEveryLine(int offset, int aRows, int aCols, int lda, int bRows, int bCols, int ldb, int size, int perTake, bool withC)
    {
        var buffer = new byte[(aRows * lda + bRows * ldb + aRows * ldb) * size + 4096];
        fixed (byte* p = buffer)
        {
            byte* a = (byte*)(((nint)p + 63) & ~(nint)63) + offset;
            byte* b = a + (nint)aRows * lda * size + 200; // B somewhere after A, not on a line boundary
            byte* c = b + (nint)bRows * ldb * size + 328; // C after B, not on a line boundary either
            var expected = LinesOf(a, aRows, aCols, lda, size);
            expected.UnionWith(LinesOf(b, bRows, bCols, ldb, size));
            if (withC) expected.UnionWith(LinesOf(c, aRows, bCols, ldb, size));
            // The lines a request may touch beyond those: the line after each row's last one and the one before its first (a
            // run of rows starts where the first row's line starts, so where rows shift against the lines it reaches up to 63
            // bytes before a later row and one line past it, as UpcomingProduct.Request always did; a request never faults).
            var allowed = new HashSet<nint>(expected);
            var blocks = new List<(nint, int, int, int)> { ((nint)a, aRows, aCols, lda), ((nint)b, bRows, bCols, ldb) };
            if (withC) blocks.Add(((nint)c, aRows, bCols, ldb));
            foreach (var (x, rows, cols, ld) in blocks)
                for (int r = 0; r < rows && cols > 0; r++)
                {
                    allowed.Add(((x + ((nint)r * ld + cols - 1) * size) & ~(nint)63) + 64);
                    allowed.Add(((x + (nint)r * ld * size) & ~(nint)63) - 64);
                }

            var upcoming = withC ? new UpcomingProduct(a, aRows, aCols, lda, b, bRows, bCols, ldb, c, aRows, bCols, ldb, size)
                : new UpcomingProduct(a, aRows, aCols, lda, b, bRows, bCols, ldb, size);
            var taken = new List<nint>();
            for (int guard = 0; guard < 100_000; guard++)
            {
                upcoming.Take(perTake, out byte* from, out byte* to);
                if (from == to) break;
                Assert.True(to > from && (to - from) % 64 == 0 && (to - from) / 64 <= perTake, $"a take of {(to - from) / 64.0} lines (at most {perTake})");
                for (byte* line = from; line < to; line += 64) taken.Add((nint)line & ~(nint)63); // a request reaches the line holding the address
            }
            var takenSet = taken.ToHashSet();
            var missing = expected.Except(takenSet).ToList();
            Assert.True(missing.Count == 0, $"withC={withC}: {missing.Count} of {expected.Count} lines never taken (first at byte {(missing.Count > 0 ? missing.Min() - (nint)a : 0)} from A)");
            var outside = takenSet.Except(allowed).ToList();
            Assert.True(outside.Count == 0, $"{outside.Count} lines taken outside the blocks");
            Assert.True(taken.Count <= 2 * expected.Count + 2, $"{taken.Count} lines taken for {expected.Count}");
            // Nothing left for a burst either.
            upcoming.Take(perTake, out byte* f2, out byte* t2);
            Assert.True(f2 == t2);
        }
    }

    /// <summary>A take after part of the cursor went out as whole runs (<see cref="UpcomingProduct.Request"/>) continues after them.</summary>
    [Fact]
    public void Take_ContinuesWhereRequestStopped()
    {
        if (!System.Runtime.Intrinsics.X86.Sse.IsSupported) return;
        var buffer = new float[64 * 64 * 2 + 64];
        fixed (float* p = buffer)
        {
            float* a = (float*)(((nint)p + 63) & ~(nint)63);
            var upcoming = new UpcomingProduct(a, 64, 64, 64, a + 4096, 64, 64, 64, sizeof(float)); // 256 + 256 lines
            upcoming.Request(300); // all of A and 44 lines of B
            upcoming.Take(1000, out byte* from, out byte* to);
            Assert.Equal((nint)(a + 4096) + 44 * 64, (nint)from);
            Assert.Equal((nint)(a + 8192), (nint)to);
        }
    }

    /// <summary>Small integers (|x| ≤ 3): every product and sum of the kernel is exact in float and double.</summary>
    private static T[] IntegerArray<T>(int length, int seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(seed);
        var x = new T[length];
        for (int i = 0; i < x.Length; i++) x[i] = T.CreateTruncating(rng.Next(-3, 4));
        return x;
    }

    public static TheoryData<bool> Types() => new() { false, true };

    [Theory]
    [MemberData(nameof(Types))]
    public void RunPrefetching_IsExactAndTheSingleCall_AtEveryTileRemainder(bool single)
    {
        if (single) Remainders<float>(); else Remainders<double>();
    }

    private static void Remainders<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = SmallGemm.Width<T>(1 << 20);
        if (w == 0 || !SmallGemm.Applies<T>(8, w, 8)) return; // no SIMD with FMA: the kernel never runs
        // m: 1–17 is every remainder against 8-row (and 6-row) tiles, with the 4- and 1-row tiles after them; n: four
        // two-register blocks, plus one register, plus a scalar tail of w − 1 (and narrower widths' blocks in it); k: 1 (one
        // line a tile), odd, and 70 (more steps than a run of lines, so takes end mid-tile and continue).
        int[] ns = [2 * w, 4 * w + w + w - 1, 8 * w + 3];
        int[] ks = [1, 7, 70];
        int cases = 0;
        for (int m = 1; m <= 17; m++)
            foreach (int n in ns)
                foreach (int k in ks)
                {
                    if (!SmallGemm.Applies<T>(m, n, k)) continue;
                    bool ta = (m + k) % 2 == 1, tb = (m + n) % 3 == 0;
                    double beta = m % 3 == 0 ? 0.0 : m % 3 == 1 ? 1.0 : -2.0;
                    OneCase<T>(m, n, k, ta, tb, beta);
                    cases++;
                }
        Assert.True(cases > 100, $"only {cases} shapes reached the kernel");
    }

    private static void OneCase<T>(int m, int n, int k, bool ta, bool tb, double beta) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int aRows = ta ? k : m, aCols = ta ? m : k, bRows = tb ? n : k, bCols = tb ? k : n;
        int lda = aCols + 2, ldb = bCols + 1, ldc = n + 3;
        var a = IntegerArray<T>(aRows * lda, m * 1000 + n * 10 + k);
        var b = IntegerArray<T>(bRows * ldb, m * 1000 + n * 10 + k + 1);
        var c = IntegerArray<T>(m * ldc, m * 1000 + n * 10 + k + 2);
        if (beta == 0)
            for (int i = 0; i < m; i++) c.AsSpan(i * ldc, n).Fill(T.NaN);
        // The definition, in exact integers (α = −2; β ∈ {0, 1, −2}); the padding past n in each row of C stays as it was.
        var expected = (T[])c.Clone();
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                long sum = 0;
                for (int p = 0; p < k; p++)
                {
                    long x = long.CreateTruncating(ta ? a[p * lda + i] : a[i * lda + p]);
                    long y = long.CreateTruncating(tb ? b[j * ldb + p] : b[p * ldb + j]);
                    sum += x * y;
                }
                double old = beta == 0 ? 0 : double.CreateTruncating(c[i * ldc + j]);
                expected[i * ldc + j] = T.CreateTruncating(-2.0 * sum + beta * old);
            }
        var singleCall = (T[])c.Clone();
        var next = IntegerArray<T>(aRows * lda + bRows * ldb, 7);
        var nextBefore = (T[])next.Clone();
        Transpose opA = ta ? Transpose.Transposed : Transpose.None, opB = tb ? Transpose.Transposed : Transpose.None;
        T alpha = T.CreateTruncating(-2.0), bt = T.CreateTruncating(beta);
        fixed (T* pa = a, pb = b, pc = c, ps = singleCall, pn = next)
        {
            var upcoming = new UpcomingProduct(pn, aRows, aCols, lda, pn + aRows * lda, bRows, bCols, ldb, sizeof(T));
            SmallGemm.RunPrefetching(opA, opB, m, n, k, alpha, pa, lda, pb, ldb, bt, pc, ldc, upcoming);
            SmallGemm.Run(opA, opB, m, n, k, alpha, pa, lda, pb, ldb, bt, ps, ldc);
        }
        string what = $"{typeof(T).Name} {m}×{n}×{k} ta={ta} tb={tb} β={beta}";
        for (int x = 0; x < c.Length; x++)
            if (!c[x].Equals(expected[x])) Assert.Fail($"{what}: C[{x / ldc}, {x % ldc}] is {c[x]}, exactly {expected[x]}");
        Assert.True(MemoryMarshal.AsBytes(c.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(singleCall.AsSpan())), what + ": not the single call's bits");
        Assert.True(next.AsSpan().SequenceEqual(nextBefore), what + ": the upcoming product's data changed");
    }
}
