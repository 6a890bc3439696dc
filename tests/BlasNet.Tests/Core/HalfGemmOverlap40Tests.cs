using BlasNet.Neural;

namespace BlasNet.Tests.Core;

/// <summary>
/// Audit neural40: the mixed-precision GEMM (<see cref="HalfGemm"/>) takes what the float32 GEMM takes. Its overlap check
/// was a range test, so a float32 A or B beside C in one row-major workspace, or in C's padding columns, was refused
/// although no element is both read and written (the float32 <see cref="Blas.Gemm{T}"/> accepts both, element-exact
/// since audit 38); now float32 operands are checked element by element, and Half storage, which can meet float32 C only
/// through a reinterpreting cast, keeps the conservative range test. Also: the dense layer's Half product accumulates in
/// float32 and rounds once (a bound that a Half accumulation visibly breaks).
/// </summary>
public class HalfGemmOverlap40Tests
{
    private static float[] Random(int count, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
    }

    /// <summary>C (m×n at <paramref name="cOffset"/>, leading dimension ldc) against the double triple loop of the values the GEMM sees, within float32 summation's bound.</summary>
    private static void MatchesTripleLoop(float[] buffer, int cOffset, int ldc, float[] c0, int m, int n, int k, Func<int, int, double> a, Func<int, int, double> b, string what)
    {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double sum = 0, magnitude = 0;
                for (int p = 0; p < k; p++)
                {
                    sum += a(i, p) * b(p, j);
                    magnitude += Math.Abs(a(i, p) * b(p, j));
                }
                double expected = sum + 0.5 * c0[cOffset + i * ldc + j];
                double tolerance = (k + 2) * 1.2e-7 * (magnitude + Math.Abs(c0[cOffset + i * ldc + j]));
                float actual = buffer[cOffset + i * ldc + j];
                Assert.True(Math.Abs(actual - expected) <= tolerance, FormattableString.Invariant($"{what}: C[{i},{j}] = {actual:R}, expected {expected:R} ± {tolerance:G3}"));
            }
    }

    /// <summary>
    /// One workspace of m rows, leading dimension k + n: A in columns [0, k), C in columns [k, k + n). A's rows and C's rows
    /// interleave, so the ranges overlap, but no element is shared. float32 and rounded-through-Half storage of A; A
    /// transposed uses a (k rows) × (m + n) workspace with Aᵀ in the first m columns. The old range test refused all of these.
    /// </summary>
    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void SingleA_BesideC_InOneWorkspace_IsAccepted_LikeTheFloat32Gemm(bool transposeA, bool roundedToHalf)
    {
        int m = 13, n = 9, k = 300; // k beyond the 256-deep panel: two passes over the shared rows
        int rows = transposeA ? Math.Max(k, m) : m, ld = transposeA ? m + n : k + n, cOffset = transposeA ? m : k;
        var buffer = Random(rows * ld, 40 + (transposeA ? 1 : 0) + (roundedToHalf ? 2 : 0));
        var b = Random(k * n, 7);
        var c0 = (float[])buffer.Clone();
        int lda = ld, ldc = ld;
        var cSpan = buffer.AsSpan(cOffset, (m - 1) * ldc + n);
        var aSpan = buffer.AsSpan(0, (transposeA ? k - 1 : m - 1) * lda + (transposeA ? m : k));
        var operand = roundedToHalf ? HalfGemmOperand.RoundedToHalf(aSpan) : HalfGemmOperand.Single(aSpan);
        HalfGemm.Gemm(transposeA ? Transpose.Transposed : Transpose.None, Transpose.None, m, n, k, 1f, operand, lda, HalfGemmOperand.Single(b), n, 0.5f, cSpan, ldc);
        double A(int i, int p)
        {
            float v = c0[transposeA ? p * lda + i : i * lda + p];
            return roundedToHalf ? (double)(Half)v : v;
        }
        MatchesTripleLoop(buffer, cOffset, ldc, c0, m, n, k, A, (p, j) => b[p * n + j], $"A beside C, transA {transposeA}, rounded {roundedToHalf}");

        // The float32 GEMM takes the same layout (float32 A only: it has no rounded operand).
        if (!roundedToHalf)
        {
            var again = (float[])c0.Clone();
            Blas.Gemm<float>(transposeA ? Transpose.Transposed : Transpose.None, Transpose.None, m, n, k, 1f, again.AsSpan(0, aSpan.Length), lda, b, n, 0.5f, again.AsSpan(cOffset, cSpan.Length), ldc);
            MatchesTripleLoop(again, cOffset, ldc, c0, m, n, k, A, (p, j) => b[p * n + j], "float32 GEMM, same layout");
        }
    }

    /// <summary>B stored in C's padding columns: C is m×n with ldc = 2n, B (k×n, or n×k transposed) in columns [n, 2n) of the same rows.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SingleB_InCsPaddingColumns_IsAccepted(bool transposeB)
    {
        int m = 20, n = 11, k = 7, ld = 2 * n;
        int rows = Math.Max(m, transposeB ? n : k);
        var buffer = Random(rows * ld, 400 + (transposeB ? 1 : 0));
        var a = Enumerable.Range(0, m * k).Select(i => (Half)((i % 17 - 8) / 8f)).ToArray();
        var c0 = (float[])buffer.Clone();
        int ldb = ld, bRows = transposeB ? n : k, bCols = transposeB ? k : n;
        var bSpan = buffer.AsSpan(n, (bRows - 1) * ldb + bCols);
        var cSpan = buffer.AsSpan(0, (m - 1) * ld + n);
        HalfGemm.Gemm(Transpose.None, transposeB ? Transpose.Transposed : Transpose.None, m, n, k, 1f, HalfGemmOperand.Half(a), k, HalfGemmOperand.Single(bSpan), ldb, 0.5f, cSpan, ld);
        MatchesTripleLoop(buffer, 0, ld, c0, m, n, k, (i, p) => (double)a[i * k + p], (p, j) => c0[n + (transposeB ? j * ldb + p : p * ldb + j)], $"B in C's padding, transB {transposeB}");
    }

    [Fact]
    public void SharedElement_IsStillRefused_NamingIt()
    {
        // A (3×4, lda 6) from element 0 and C (3×2, ldc 6) from element 3: C[0,0] is A[0,3].
        var buffer = new float[3 * 6];
        var b = new float[4 * 2];
        var e = Assert.Throws<ArgumentException>(() =>
            HalfGemm.Gemm(Transpose.None, Transpose.None, 3, 2, 4, 1f, HalfGemmOperand.Single(buffer.AsSpan(0, 16)), 6, HalfGemmOperand.Single(b), 2, 0f, buffer.AsSpan(3, 14), 6));
        Assert.Equal("c", e.ParamName);
        Assert.Contains("element [0, 0] of c is element [0, 3] of a", e.Message);
        // Half storage over the same memory (a reinterpreting cast): any overlap of the bytes is refused.
        var h = Assert.Throws<ArgumentException>(() =>
            HalfGemm.Gemm(Transpose.None, Transpose.None, 3, 2, 4, 1f, HalfGemmOperand.Half(System.Runtime.InteropServices.MemoryMarshal.Cast<float, Half>(buffer.AsSpan(0, 6))), 4,
                HalfGemmOperand.Single(b), 2, 0f, buffer.AsSpan(4, 10), 4));
        Assert.Equal("a", h.ParamName);
        Assert.Contains("12 elements", h.Message);
    }

    /// <summary>
    /// The mixed dense layer's forward, y = Half(x·W + b) with k = 1500 inputs and 300 outputs (two 256-column passes),
    /// against the double sum of the same Half inputs and float32 weights: float32 accumulation is within
    /// e = (k + 2)·2⁻²⁴·Σ|x||w| (+|b|) of the exact sum, and the one rounding to Half adds half a Half ulp of the result.
    /// The inputs cancel (mean zero), so Σ|x||w| is about 30 times |y|: a sum accumulated in Half, each partial sum rounded,
    /// misses this bound on about half of the entries (2994 of 6000 here), which the test checks too (the bound discriminates).
    /// </summary>
    [Fact]
    public void DenseHalfProduct_AccumulatesInFloat32_AndRoundsOnceToHalf()
    {
        int batch = 20, k = 1500, n = 300;
        var rng = new Random(1500);
        var x = new Matrix<Half>(batch, k, Enumerable.Range(0, batch * k).Select(_ => (Half)(rng.NextDouble() * 2 - 1)).ToArray());
        var w = Enumerable.Range(0, k * n).Select(_ => (float)((rng.NextDouble() * 2 - 1) / Math.Sqrt(k))).ToArray();
        var bias = Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * 0.2 - 0.1)).ToArray();
        var model = new MixedPrecisionModel(new Dense<float>(new Matrix<float>(k, n, w), new Matrix<float>(1, n, bias)));
        var y = model.Forward(x);
        int halfMisses = 0;
        for (int i = 0; i < batch; i++)
            for (int j = 0; j < n; j++)
            {
                double exact = bias[j], magnitude = Math.Abs(bias[j]);
                Half inHalf = (Half)bias[j];
                for (int p = 0; p < k; p++)
                {
                    double term = (double)x[i, p] * w[p * n + j];
                    exact += term;
                    magnitude += Math.Abs(term);
                    inHalf = (Half)((double)inHalf + (double)(Half)term);
                }
                double e = (k + 2) * Math.ScaleB(1, -24) * magnitude;
                double top = Math.Abs(exact) + e;
                double halfUlp = top < Math.ScaleB(1, -14) ? Math.ScaleB(1, -24) : Math.ScaleB(1, Math.ILogB(top) - 10);
                double bound = e + halfUlp / 2;
                double actual = (double)y[i, j];
                Assert.True(Math.Abs(actual - exact) <= bound, FormattableString.Invariant($"y[{i},{j}] = {actual:R}, exact {exact:R} ± {bound:G3}"));
                if (Math.Abs((double)inHalf - exact) > bound) halfMisses++;
            }
        Assert.True(halfMisses > batch * n / 4, $"a Half accumulation missed the bound on only {halfMisses} of {batch * n} entries: the bound does not discriminate");
    }
}
