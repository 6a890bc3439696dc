using System.Numerics;
using System.Numerics.Tensors;

namespace BlasNet.Tests.Core;

/// <summary>
/// GEMM's storage checks count only the operands a call touches (session 40, as the list batch since session 39): with
/// k = 0 or α = 0, C ← βC reads no A or B, so an A or B sharing C's storage is legal (reference BLAS does not reference
/// them), in the single call (typed span, generic, <see cref="Matrix{T}"/>, tensor span) and the strided batch; with
/// β = 1 besides, C is not written, so the strided batch's C blocks may overlap each other. Lengths are still checked,
/// and α ≠ 0 (NaN included) still refuses the overlap. The expected C is the quick return's definition, written here:
/// βcᵢⱼ (0 for β = 0) on C's m×n elements, every other element of the buffer as it was; compared bitwise.
/// </summary>
public class UnreadOperands40Tests
{
    /// <summary>The quick return's result on a copy of <paramref name="before"/>: C's m×n elements (from <paramref name="offset"/>, ldc) scaled by β.</summary>
    private static T[] QuickReturn<T>(T[] before, int offset, int m, int n, int ldc, T beta) where T : IFloatingPointIeee754<T>
    {
        var want = (T[])before.Clone();
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                ref var e = ref want[offset + i * ldc + j];
                e = beta == T.Zero ? T.Zero : beta == T.One ? e : beta * e;
            }
        return want;
    }

    private static void AssertBitwise<T>(T[] want, T[] got, string what) where T : IFloatingPointIeee754<T>
    {
        Assert.Equal(want.Length, got.Length);
        for (int i = 0; i < want.Length; i++)
            if (!(want[i].Equals(got[i]) && (T.IsNaN(want[i]) || T.IsNegative(want[i]) == T.IsNegative(got[i])))) // NaN: any NaN; else the sign of 0 too
                Assert.Fail($"{what}: element {i} is {got[i]}, expected {want[i]}");
    }

    private static T[] Random<T>(Random rng, int length) where T : IFloatingPointIeee754<T>
    {
        var x = new T[length];
        for (int i = 0; i < length; i++) x[i] = T.CreateChecked(Math.Round(rng.NextDouble() * 8 - 4, 3));
        return x;
    }

    public static TheoryData<double> Betas => new() { 0.0, 1.0, 2.0, -0.5, double.NaN };

    /// <summary>
    /// Random shapes, transposes and leading dimensions; A and B are windows of C's own buffer at random offsets (so they
    /// overlap C's elements, its padding, or both), the padding holds NaN. α = 0 (and −0): accepted, C = βC bitwise, the
    /// padding's NaN stays out of C. α = 1: refused whenever A's or B's window shares an element of C, C untouched.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SpanGemm_AlphaZero_InputsInCsStorage_GiveBetaC(bool single)
    {
        if (single) SpanGemmRandom<float>(4001); else SpanGemmRandom<double>(4002);
    }

    private static void SpanGemmRandom<T>(int seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(seed);
        T[] betas = [T.Zero, T.One, T.CreateChecked(2), T.CreateChecked(-0.5), T.NaN];
        int accepted = 0, refusedWithAlphaOne = 0;
        for (int trial = 0; trial < 600; trial++)
        {
            int m = rng.Next(0, 7), n = rng.Next(0, 7), k = rng.Next(0, 7);
            if (trial % 5 == 0) { m = 2 + trial % 2; n = 5; k = 4; } // the shapes MKL's dgemm read A and B at with α = 0 (see NaN-and-infinity.md)
            var ta = rng.Next(2) == 0 ? Transpose.None : Transpose.Transposed;
            var tb = rng.Next(2) == 0 ? Transpose.None : Transpose.Transposed;
            int aRows = ta == Transpose.None ? m : k, aCols = ta == Transpose.None ? k : m;
            int bRows = tb == Transpose.None ? k : n, bCols = tb == Transpose.None ? n : k;
            int lda = Math.Max(1, aCols) + rng.Next(3), ldb = Math.Max(1, bCols) + rng.Next(3), ldc = Math.Max(1, n) + rng.Next(3);
            int aLen = aRows == 0 || aCols == 0 ? 0 : (aRows - 1) * lda + aCols;
            int bLen = bRows == 0 || bCols == 0 ? 0 : (bRows - 1) * ldb + bCols;
            int cLen = m == 0 || n == 0 ? 0 : (m - 1) * ldc + n;
            int total = Math.Max(cLen, Math.Max(aLen, bLen)) + 4;
            var buffer = Random<T>(rng, total);
            for (int i = 0; i < total; i++)
                if (i >= cLen || i % ldc >= n) buffer[i] = T.NaN; // C's padding and tail: NaN that A or B (not C) covers
            int aOff = rng.Next(0, total - aLen + 1), bOff = rng.Next(0, total - bLen + 1);
            var beta = betas[rng.Next(betas.Length)];
            var before = (T[])buffer.Clone();
            var alpha = rng.Next(2) == 0 ? T.Zero : T.NegativeZero;

            Blas.Gemm(ta, tb, m, n, k, alpha, buffer.AsSpan(aOff, aLen), lda, buffer.AsSpan(bOff, bLen), ldb, beta, buffer.AsSpan(0, cLen), ldc);
            AssertBitwise(QuickReturn(before, 0, m, n, ldc, beta), buffer, $"trial {trial}: {m}×{n}×{k} {ta}/{tb} β = {beta}");
            accepted++;

            // α = 1 reads A and B: refused when a window shares one of C's m×n elements, C untouched then.
            bool aShares = SharesAnElement(aOff, aRows, aCols, lda, m, n, ldc) && k > 0;
            bool bShares = SharesAnElement(bOff, bRows, bCols, ldb, m, n, ldc) && k > 0;
            if (aShares || bShares)
            {
                var kept = (T[])buffer.Clone();
                var ex = Assert.ThrowsAny<ArgumentException>(() =>
                    Blas.Gemm(ta, tb, m, n, k, T.One, buffer.AsSpan(aOff, aLen), lda, buffer.AsSpan(bOff, bLen), ldb, beta, buffer.AsSpan(0, cLen), ldc));
                Assert.Equal("c", ex.ParamName);
                Assert.Contains("overlaps", ex.Message);
                AssertBitwise(kept, buffer, $"trial {trial}: refused call");
                refusedWithAlphaOne++;
            }
        }
        Assert.Equal(600, accepted);
        Assert.True(refusedWithAlphaOne > 150, $"only {refusedWithAlphaOne} trials had a window sharing C's elements");
    }

    /// <summary>Whether the rows×cols window at offset (leading dimension ld) holds one of C's m×n elements (C at 0, ldc): from the definition, element by element.</summary>
    private static bool SharesAnElement(int offset, int rows, int cols, int ld, int m, int n, int ldc)
    {
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
            {
                int e = offset + i * ld + j;
                if (e / ldc < m && e % ldc < n) return true;
            }
        return false;
    }

    /// <summary>The typed overloads and the generic one on the same data: A is C's buffer, B all NaN; α = 0 gives βC.</summary>
    [Theory]
    [MemberData(nameof(Betas))]
    public void TypedAndGenericSpanGemm_AIsC_BNaN(double beta)
    {
        // 2×5×4 with B transposed: MKL 2020.4's dgemm put B's NaN into C with α = 0 (bench/probes/gemm-unread-operands.py).
        const int m = 2, n = 5, k = 4, ldc = 6;
        const int cLen = (m - 1) * ldc + n;
        var c = new double[24]; // C is its first cLen elements; the rest (and C's padding) NaN that only A or B covers
        for (int i = 0; i < c.Length; i++) c[i] = i >= cLen || i % ldc == n ? double.NaN : i - 3.25;
        var before = (double[])c.Clone();
        var b = Enumerable.Repeat(double.NaN, n * k).ToArray();
        Blas.Gemm(Transpose.None, Transpose.Transposed, m, n, k, 0.0, c, k, b, k, beta, c.AsSpan(0, cLen), ldc); // A: the first m×k of C's buffer, lda = k
        AssertBitwise(QuickReturn(before, 0, m, n, ldc, beta), c, "double");

        var cf = before.Select(x => (float)x).ToArray();
        var bf = b.Select(x => (float)x).ToArray();
        Blas.Gemm(Transpose.None, Transpose.Transposed, m, n, k, 0f, cf, k, bf, k, (float)beta, cf.AsSpan(0, cLen), ldc);
        AssertBitwise(QuickReturn(before.Select(x => (float)x).ToArray(), 0, m, n, ldc, (float)beta), cf, "float");

        var cg = (double[])before.Clone();
        Blas.Gemm<double>(Transpose.Transposed, Transpose.None, m, n, k, 0.0, cg, m, cg, n, beta, cg.AsSpan(0, cLen), ldc); // A and B both in C's buffer
        AssertBitwise(QuickReturn(before, 0, m, n, ldc, beta), cg, "generic");

        // α ≠ 0 reads them: refused, C untouched (a NaN α too: it reads A and B).
        foreach (var alpha in new[] { 1.0, double.NaN })
        {
            var kept = (double[])c.Clone();
            var ex = Assert.ThrowsAny<ArgumentException>(() => Blas.Gemm(Transpose.None, Transpose.Transposed, m, n, k, alpha, c, k, b, k, beta, c.AsSpan(0, cLen), ldc));
            Assert.Equal("c", ex.ParamName);
            AssertBitwise(kept, c, $"refused α = {alpha}");
        }
        // Lengths are still checked: an A too short for its shape is an error though it would not be read.
        Assert.ThrowsAny<ArgumentException>(() => Blas.Gemm(Transpose.None, Transpose.Transposed, m, n, k, 0.0, c.AsSpan(0, 3), k, b, k, beta, c.AsSpan(0, cLen), ldc));
    }

    /// <summary>The <see cref="Matrix{T}"/> form: A or B is C itself (or its transposed view); α = 0 gives βC, α = 1 is refused.</summary>
    [Theory]
    [MemberData(nameof(Betas))]
    public void MatrixGemm_OperandIsC(double beta)
    {
        var data = new[] { 1.5, -2, 3, 0.25, 5, -6, 7, 8, -9 };
        var nan = new Matrix<double>(3, 3, Enumerable.Repeat(double.NaN, 9).ToArray());
        foreach (var transposedC in new[] { false, true })
        {
            var storage = (double[])data.Clone();
            var c = transposedC ? new Matrix<double>(3, 3, storage).Transpose() : new Matrix<double>(3, 3, storage);
            Blas.Gemm(0.0, c, nan, beta, c);
            AssertBitwise(QuickReturn(data, 0, 3, 3, 3, beta), storage, $"A is C (transposed C: {transposedC})");
            var after = (double[])storage.Clone();
            Blas.Gemm<double>(0.0, nan, c.Transpose(), beta, c);
            AssertBitwise(QuickReturn(after, 0, 3, 3, 3, beta), storage, $"B is Cᵀ, generic (transposed C: {transposedC})");

            var kept = (double[])storage.Clone();
            var ex = Assert.ThrowsAny<ArgumentException>(() => Blas.Gemm(1.0, c, nan, beta, c));
            Assert.Equal("c", ex.ParamName);
            AssertBitwise(kept, storage, "refused");
        }
        // float: B is C, A all NaN.
        var sf = data.Select(x => (float)x).ToArray();
        var cf = new Matrix<float>(3, 3, sf);
        Blas.Gemm(0f, new Matrix<float>(3, 3, Enumerable.Repeat(float.NaN, 9).ToArray()), cf, (float)beta, cf);
        AssertBitwise(QuickReturn(data.Select(x => (float)x).ToArray(), 0, 3, 3, 3, (float)beta), sf, "float, B is C");
    }

    /// <summary>The tensor-span form: A is C's tensor over the same buffer, B all NaN; α = 0 gives βC, α = 1 is refused.</summary>
    [Theory]
    [MemberData(nameof(Betas))]
    public void TensorGemm_AIsC(double beta)
    {
        var data = new[] { 1.5, -2, 3, 0.25, 5, -6, 7, 8, -9, 10, 11, -12 };
        var buffer = (double[])data.Clone();
        var nan = Enumerable.Repeat(double.NaN, 12).ToArray();
        // C 3×4 at ld 4; A 3×3 its first columns (strides [4, 1]); B 3×4 NaN.
        Blas.Gemm(0.0, new ReadOnlyTensorSpan<double>(buffer, 0, [3, 3], [4, 1]), new ReadOnlyTensorSpan<double>(nan, 0, [3, 4], [4, 1]), beta,
            new TensorSpan<double>(buffer, 0, [3, 4], [4, 1]));
        AssertBitwise(QuickReturn(data, 0, 3, 4, 4, beta), buffer, "double");

        var kept = (double[])buffer.Clone();
        var ex = Assert.ThrowsAny<ArgumentException>(() => Blas.Gemm(1.0, new ReadOnlyTensorSpan<double>(buffer, 0, [3, 3], [4, 1]),
            new ReadOnlyTensorSpan<double>(nan, 0, [3, 4], [4, 1]), beta, new TensorSpan<double>(buffer, 0, [3, 4], [4, 1])));
        Assert.Equal("c", ex.ParamName);
        AssertBitwise(kept, buffer, "refused");

        // float and generic: C a transposed view (3×4, strides [1, 3]: its storage is bf's 4×3), B a 2×4 view over the same buffer.
        var bf = data.Select(x => (float)x).ToArray();
        var nf = Enumerable.Repeat(float.NaN, 6).ToArray();
        Blas.Gemm<float>(0f, new ReadOnlyTensorSpan<float>(nf, 0, [3, 2], [2, 1]), new ReadOnlyTensorSpan<float>(bf, 0, [2, 4], [1, 3]), (float)beta,
            new TensorSpan<float>(bf, 0, [3, 4], [1, 3]));
        AssertBitwise(QuickReturn(data.Select(x => (float)x).ToArray(), 0, 4, 3, 3, (float)beta), bf, "float, transposed C");
    }

    /// <summary>
    /// The strided batch: A's blocks are C's blocks (strideA = strideC) and B all NaN: α = 0 gives βCᵢ; with β = 1, C blocks
    /// that overlap each other (strideC below a block) are accepted and C stays bitwise as it was, but refused for β ≠ 1.
    /// α = 1 still refuses A in C.
    /// </summary>
    [Theory]
    [MemberData(nameof(Betas))]
    public void StridedBatch_AIsC_AndOverlappingOutputsUnderBetaOne(double beta)
    {
        const int m = 3, n = 4, k = 2, ldc = 5, count = 3, strideC = 16;
        var data = Enumerable.Range(0, (count - 1) * strideC + (m - 1) * ldc + n).Select(i => i % ldc == n ? double.NaN : i * 0.75 - 9).ToArray();
        var nan = Enumerable.Repeat(double.NaN, count * n * k).ToArray();
        var buffer = (double[])data.Clone();
        Blas.GemmStridedBatched(Transpose.None, Transpose.Transposed, m, n, k, 0.0, buffer, ldc, strideC, nan, k, n * k, beta, buffer, ldc, strideC, count);
        var want = data;
        for (int i = 0; i < count; i++) want = QuickReturn(want, i * strideC, m, n, ldc, beta);
        AssertBitwise(want, buffer, "α = 0, A is C");

        var kept = (double[])buffer.Clone();
        var ex = Assert.ThrowsAny<ArgumentException>(() =>
            Blas.GemmStridedBatched(Transpose.None, Transpose.Transposed, m, n, k, 1.0, buffer, ldc, strideC, nan, k, n * k, beta, buffer, ldc, strideC, count));
        Assert.Equal("c", ex.ParamName);
        AssertBitwise(kept, buffer, "refused α = 1");

        // strideC = 1: every C block shares elements with the next. β = 1 writes nothing; any other β would write them twice.
        var f = data.Select(x => (float)x).ToArray();
        var fBefore = (float[])f.Clone();
        var nf = nan.Select(x => (float)x).ToArray();
        if (beta == 1.0)
        {
            Blas.GemmStridedBatched<float>(Transpose.None, Transpose.None, m, n, k, 0f, f, ldc, 1, nf, n, n * k, 1f, f, ldc, 1, count);
            AssertBitwise(fBefore, f, "β = 1, overlapping outputs");
            Blas.GemmStridedBatched(Transpose.None, Transpose.None, m, n, 0, 1f, f, 1, 1, nf, n, 0, 1f, f, ldc, 0, count); // k = 0, strideC = 0
            AssertBitwise(fBefore, f, "k = 0, β = 1, one output");
        }
        else
        {
            var ex2 = Assert.Throws<ArgumentOutOfRangeException>(() =>
                Blas.GemmStridedBatched<float>(Transpose.None, Transpose.None, m, n, k, 0f, f, ldc, 1, nf, n, n * k, (float)beta, f, ldc, 1, count));
            Assert.Equal("strideC", ex2.ParamName);
            AssertBitwise(fBefore, f, "refused overlapping outputs");
        }
        // Lengths are still checked under α = 0: C's span too short for the batch.
        Assert.ThrowsAny<ArgumentException>(() =>
            Blas.GemmStridedBatched(Transpose.None, Transpose.Transposed, m, n, k, 0.0, buffer, ldc, strideC, nan, k, n * k, beta, buffer.AsSpan(0, 20), ldc, strideC, count));
    }
}
