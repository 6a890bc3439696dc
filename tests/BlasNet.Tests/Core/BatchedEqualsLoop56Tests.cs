using System.Globalization;
using System.Numerics;

namespace BlasNet.Tests.Core;

/// <summary>
/// Issue 14's verification (i14v56): both batched forms give what a loop of single <c>Blas.Gemm</c> calls gives on the
/// same provider, for every route a batch can take — the managed small-product kernel (16×16×16, 5×8×3), vector-shaped
/// products (m or n = 1, BLIS's zero-multiplier repair), products too large for that kernel (70×66×65: MKL's batch
/// routine with whole-block strides, in order otherwise, and on MKL a shared A with stride 0 takes the loop), k = 0 —
/// with transposes, α and β in {0, 1, finite, NaN, ∞} and NaN/∞ planted in A, B and C. NaN and ∞ must land where the
/// single calls put them (BLAS semantics: β = 0 overwrites a NaN in C, α = 0 or k = 0 reads no A or B); finite values
/// agree within the rounding of two summation orders. The reference is the provider's own single GEMM, so this checks the
/// batch's consistency with it, not GEMM itself (that is the naive-product tests' job).
/// </summary>
public class BatchedEqualsLoop56Tests
{
    private static readonly (int M, int N, int K)[] Shapes = [(16, 16, 16), (5, 8, 3), (1, 9, 4), (7, 1, 5), (70, 66, 65), (3, 4, 0)];
    private static readonly double[] Alphas = [1.5, 0, double.NaN, double.PositiveInfinity];
    private static readonly double[] Betas = [0, 1, -2, double.NaN];

    [Fact]
    public void StridedAndListBatches_EqualALoopOfGemm_Double() => Run<double>();

    [Fact]
    public void StridedAndListBatches_EqualALoopOfGemm_Float() => Run<float>();

    private static void Run<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(56);
        int cases = 0;
        foreach (var (m, n, k) in Shapes)
            foreach (bool ta in new[] { false, true })
                foreach (bool tb in new[] { false, true })
                    foreach (double alpha in Alphas)
                        foreach (double beta in Betas)
                            foreach (bool sharedA in new[] { false, true })
                            {
                                Case<T>(m, n, k, ta, tb, alpha, beta, sharedA, rng);
                                cases++;
                            }
        Assert.Equal(Shapes.Length * 4 * Alphas.Length * Betas.Length * 2, cases);
    }

    private static void Case<T>(int m, int n, int k, bool ta, bool tb, double alphaD, double betaD, bool sharedA, Random rng)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        const int count = 3, pad = 1;
        var transA = ta ? Transpose.Transposed : Transpose.None;
        var transB = tb ? Transpose.Transposed : Transpose.None;
        int aRows = ta ? k : m, aCols = ta ? m : k, bRows = tb ? n : k, bCols = tb ? k : n;
        int lda = Math.Max(1, aCols) + pad, ldb = Math.Max(1, bCols) + pad, ldc = n + pad;
        int strideA = sharedA ? 0 : aRows * lda + 2, strideB = bRows * ldb + 1, strideC = m * ldc + 3;
        T alpha = T.CreateTruncating(alphaD), beta = T.CreateTruncating(betaD);
        var a = TestValues.Random<T>(strideA * (count - 1) + aRows * lda, rng);
        var b = TestValues.Random<T>(strideB * (count - 1) + bRows * ldb, rng);
        var c0 = TestValues.Random<T>(strideC * (count - 1) + m * ldc, rng);
        // Non-finite data in some products: a NaN in A, an ∞ in B, a NaN in C; product 2 has a whole zero row of B
        // (column of op(B)) against A's NaN, where 0·NaN must still be NaN.
        if (aRows * aCols > 0)
        {
            a[(count - 1) * strideA + (aRows - 1) * lda] = T.NaN;
            b[strideB + 0] = T.PositiveInfinity;
            for (int p = 0; p < bCols; p++) b[2 * strideB + p] = T.Zero;
        }
        c0[strideC + ldc - 2] = T.NaN;
        string what = string.Create(CultureInfo.InvariantCulture,
            $"{typeof(T).Name} {m}×{n}×{k} ta={ta} tb={tb} α={alphaD} β={betaD}{(sharedA ? " strideA=0" : "")} on {BlasProvider.Current.Name}");

        // The loop of single calls: the reference.
        var loop = (T[])c0.Clone();
        for (int i = 0; i < count; i++)
            Blas.Gemm(transA, transB, m, n, k, alpha, a.AsSpan(i * strideA), lda, b.AsSpan(i * strideB), ldb, beta, loop.AsSpan(i * strideC), ldc);

        var strided = (T[])c0.Clone();
        Blas.GemmStridedBatched(transA, transB, m, n, k, alpha, a, lda, strideA, b, ldb, strideB, beta, strided, ldc, strideC, count);
        Compare(loop, strided, k, "strided " + what);

        // The list form on the same blocks: dense copies (a transposed operand as a transposed view), C copied back into place.
        var la = new List<Matrix<T>>(); var lb = new List<Matrix<T>>(); var lc = new List<Matrix<T>>();
        for (int i = 0; i < count; i++)
        {
            la.Add(View(a, i * strideA, aRows, aCols, lda, ta));
            lb.Add(View(b, i * strideB, bRows, bCols, ldb, tb));
            lc.Add(View(c0, i * strideC, m, n, ldc, false));
        }
        Blas.GemmBatched(alpha, la, lb, beta, lc);
        var list = (T[])c0.Clone();
        for (int i = 0; i < count; i++)
            for (int r = 0; r < m; r++)
                for (int j = 0; j < n; j++)
                    list[i * strideC + r * ldc + j] = lc[i][r, j];
        Compare(loop, list, k, "list " + what);
    }

    /// <summary>A dense matrix with the stored rows×cols block at offset (leading dimension ld), as seen: transposed when asked.</summary>
    private static Matrix<T> View<T>(T[] data, int offset, int rows, int cols, int ld, bool transposed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var stored = Matrix.Create<T>(rows, cols, (r, j) => data[offset + r * ld + j]);
        return transposed ? stored.Transpose() : stored;
    }

    /// <summary>
    /// NaN where the loop has NaN, the same ∞ where it has ∞ (and nowhere else), finite values within 8(k + 2)ε of the
    /// largest magnitude of that block row's loop result and the C it started from (two summation orders of k terms).
    /// </summary>
    private static void Compare<T>(T[] loop, T[] batch, int k, string what) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double eps = TestValues.Epsilon<T>();
        double scale = 1;
        foreach (var v in loop) if (T.IsFinite(v)) scale = Math.Max(scale, Math.Abs(double.CreateTruncating(v)));
        for (int x = 0; x < loop.Length; x++)
        {
            double want = double.CreateTruncating(loop[x]), got = double.CreateTruncating(batch[x]);
            bool same = double.IsNaN(want) ? double.IsNaN(got)
                : double.IsInfinity(want) ? got == want
                : double.IsFinite(got) && Math.Abs(got - want) <= 8 * (k + 2) * eps * scale * (k + 1);
            if (!same) Assert.Fail(string.Create(CultureInfo.InvariantCulture, $"{what}: element {x} is {got}, the loop of Gemm gives {want}"));
        }
    }
}
