using System.Numerics;
using System.Reflection;

namespace BlasNet.Tests.Core;

/// <summary>
/// SYMM and SYR2K under NaN-and-infinity.md's GEMM/SYRK rules, on whichever provider runs: β = 0 ignores C; α = 0 (and
/// k = 0 for SYR2K) gives βC without reading A or B; a NaN or ±∞ α or β follows the definition α·s + β·c element by element;
/// NaN and ∞ in the operands reach exactly the elements whose sums hold them, zero multipliers included (0·NaN = NaN:
/// a battery of operands built from 0, ±1, 2 with NaN and ±∞ dropped in, compared bit for bit with the definition, over
/// shapes with m or n = 1 and past the managed SYR2K's panel). And a library lacking the routines falls back to the
/// managed ones.
/// </summary>
public class SymmetricLevel3NaNTests
{
    private static T[] Of<T>(double[] v) where T : unmanaged, IFloatingPointIeee754<T> => v.Select(T.CreateTruncating).ToArray();

    /// <summary>Equal as doubles, NaN matching NaN (results here are exact: small integers).</summary>
    private static void AssertSameValues<T>(double[] expected, T[] actual, string what) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < expected.Length; i++)
        {
            double got = double.CreateTruncating(actual[i]);
            bool same = double.IsNaN(expected[i]) ? double.IsNaN(got) : got == expected[i];
            Assert.True(same, $"{what}: element {i} is {got}, expected {expected[i]}");
        }
    }

    [Fact] public void ZeroAlpha_IgnoresNaNOperands_Double() => ZeroAlpha<double>();
    [Fact] public void ZeroAlpha_IgnoresNaNOperands_Float() => ZeroAlpha<float>();

    private static void ZeroAlpha<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        var nan = Of<T>([double.NaN, double.NaN, double.NaN, double.NaN]);
        var c = Of<T>([1, 2, 3, 4]);
        Blas.Symm(Side.Left, Triangle.Upper, 2, 2, T.Zero, nan, 2, nan, 2, T.CreateTruncating(2.0), c, 2);
        AssertSameValues([2, 4, 6, 8], c, "symm α = 0");
        c = Of<T>([1, 2, 3, 4]);
        Blas.Syr2k(Triangle.Lower, Transpose.None, 2, 2, T.Zero, nan, 2, nan, 2, T.CreateTruncating(-1.0), c, 2);
        AssertSameValues([-1, 2, -3, -4], c, "syr2k α = 0"); // [0, 1] is the other triangle
        c = Of<T>([1, 2, double.NaN, 4]);
        Blas.Syr2k(Triangle.Upper, Transpose.Transposed, 2, 0, T.One, nan, 2, nan, 2, T.Zero, c, 2);
        AssertSameValues([0, 0, double.NaN, 0], c, "syr2k k = 0, β = 0"); // βC on the triangle: zeros; the lower NaN stays
    }

    [Fact] public void NonFiniteScalars_FollowTheDefinition_Double() => NonFiniteScalars<double>();
    [Fact] public void NonFiniteScalars_FollowTheDefinition_Float() => NonFiniteScalars<float>();

    private static void NonFiniteScalars<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        // A = [[1, 0], [0, 1]] (upper stored; NaN below), B = [[1, 0], [1, 0]]: AB = [[1, 0], [1, 0]], sums 1·1 + 0·1 = 1 and 0.
        double[] a = [1, 0, double.NaN, 1], b = [1, 0, 1, 0];
        foreach (double alpha in new[] { double.PositiveInfinity, double.NegativeInfinity, double.NaN })
            foreach (double beta in new[] { 0.0, 1.0, double.PositiveInfinity, double.NaN })
            {
                double[] c0 = [0, 2, 1, 0];
                var expected = (double[])c0.Clone();
                NaiveBlas.Symm(true, true, 2, 2, alpha, a, 2, b, 2, beta, expected, 2);
                var c = Of<T>(c0);
                Blas.Symm(Side.Left, Triangle.Upper, 2, 2, T.CreateTruncating(alpha), Of<T>(a), 2, Of<T>(b), 2, T.CreateTruncating(beta), c, 2);
                AssertSameValues(expected, c, $"symm α = {alpha}, β = {beta}");

                // SYR2K with A = [[1, 0], [0, 0]], B = [[1, 1], [0, 0]] (n = k = 2): s = [[2, 0], [0, 0]]; the lower triangle holds -5.
                double[] sa = [1, 0, 0, 0], sb = [1, 1, 0, 0], s0 = [0, 3, -5, 1];
                var sExpected = (double[])s0.Clone();
                NaiveBlas.Syr2k(true, false, 2, 2, alpha, sa, 2, sb, 2, beta, sExpected, 2);
                var sc = Of<T>(s0);
                Blas.Syr2k(Triangle.Upper, Transpose.None, 2, 2, T.CreateTruncating(alpha), Of<T>(sa), 2, Of<T>(sb), 2, T.CreateTruncating(beta), sc, 2);
                AssertSameValues(sExpected, sc, $"syr2k α = {alpha}, β = {beta}");
                Assert.Equal(-5.0, double.CreateTruncating(sc[2]));

                // A = [[0, 0], [1, 0]], B = [[1, 0], [0, 0]]: s₀₁ = a₀·b₁ + b₀·a₁ = 0 + 1, only the second product (op(B)op(A)ᵀ)
                // is nonzero; s₀₀ = s₁₁ = 0. So α = ±∞ gives ±∞ at [0, 1] and NaN on the diagonal.
                double[] ta = [0, 0, 1, 0], tb = [1, 0, 0, 0], t0 = [1, 0, 9, 0];
                var tExpected = (double[])t0.Clone();
                NaiveBlas.Syr2k(true, false, 2, 2, alpha, ta, 2, tb, 2, beta, tExpected, 2);
                var tc = Of<T>(t0);
                Blas.Syr2k(Triangle.Upper, Transpose.None, 2, 2, T.CreateTruncating(alpha), Of<T>(ta), 2, Of<T>(tb), 2, T.CreateTruncating(beta), tc, 2);
                AssertSameValues(tExpected, tc, $"syr2k (second product only) α = {alpha}, β = {beta}");
            }
        // Spelled out for one case: α = ∞ gives ∞ where the sum is 1 (not ∞·0 = NaN from scaling B first), NaN where it is 0.
        var c1 = Of<T>([0, 0, 0, 0]);
        Blas.Symm(Side.Left, Triangle.Upper, 2, 2, T.PositiveInfinity, Of<T>(a), 2, Of<T>(b), 2, T.Zero, c1, 2);
        AssertSameValues([double.PositiveInfinity, double.NaN, double.PositiveInfinity, double.NaN], c1, "symm α = ∞");
    }

    public static TheoryData<int> Seeds() => [1, 2, 3, 4, 5, 6];

    [Theory, MemberData(nameof(Seeds))]
    public void NonFiniteOperands_ReachExactlyTheirElements_Double(int seed) => Battery<double>(seed);

    [Theory, MemberData(nameof(Seeds))]
    public void NonFiniteOperands_ReachExactlyTheirElements_Float(int seed) => Battery<float>(seed);

    private static readonly double[] Entries = [0, 0, 0, 1, -1, 2];
    private static readonly double[] Specials = [double.NaN, double.PositiveInfinity, double.NegativeInfinity];

    private static double[] Sprinkled(int rows, int cols, int ld, Random rng, int specials)
    {
        var x = new double[Math.Max(1, (rows - 1) * ld + cols)];
        Array.Fill(x, double.NaN); // padding: never read
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) x[i * ld + j] = Entries[rng.Next(Entries.Length)];
        for (int s = 0; s < specials && rows * cols > 0; s++) x[rng.Next(rows) * ld + rng.Next(cols)] = Specials[rng.Next(Specials.Length)];
        return x;
    }

    private static void Battery<T>(int seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(seed * 7919);
        (int, int)[] shapes = [(1, 1), (1, 5), (5, 1), (3, 4), (8, 8), (17, 3), (1, 40), (40, 1), (100, 6)];
        foreach (var (p, q) in shapes)
            for (int variant = 0; variant < 4; variant++)
            {
                bool upper = (variant & 1) == 0;
                double alpha = rng.Next(2) == 0 ? 1 : -2, beta = rng.Next(3) == 0 ? 0 : 1;
                // SYMM: m = p, n = q, both sides.
                var side = (variant & 2) == 0 ? Side.Left : Side.Right;
                int order = side == Side.Left ? p : q, lda = order + 1;
                var a = Sprinkled(order, order, lda, rng, 1 + rng.Next(2));
                for (int i = 0; i < order; i++)
                    for (int j = 0; j < order; j++)
                        if (upper ? j < i : j > i) a[i * lda + j] = double.NaN; // unreferenced
                var b = Sprinkled(p, q, q, rng, rng.Next(3));
                var c0 = Sprinkled(p, q, q, rng, 0);
                var expected = (double[])c0.Clone();
                NaiveBlas.Symm(side == Side.Left, upper, p, q, alpha, a, lda, b, q, beta, expected, q);
                var c = Of<T>(c0);
                Blas.Symm(side, upper ? Triangle.Upper : Triangle.Lower, p, q, T.CreateTruncating(alpha), Of<T>(a), lda, Of<T>(b), q, T.CreateTruncating(beta), c, q);
                AssertSameValues(expected, c, $"symm {side}/{(upper ? "U" : "L")} {p}×{q} seed {seed}");

                // SYR2K: n = p, k = q, both transposes.
                bool trans = (variant & 2) != 0;
                int n = p, k = q, rows = trans ? k : n, cols = trans ? n : k;
                var sa = Sprinkled(rows, cols, cols, rng, rng.Next(3));
                var sb = Sprinkled(rows, cols, cols, rng, rng.Next(2));
                var s0 = Sprinkled(n, n, n, rng, 0);
                for (int i = 0; i < n; i++)
                    for (int j = 0; j < n; j++)
                        if (upper ? j < i : j > i) s0[i * n + j] = 777;
                var sExpected = (double[])s0.Clone();
                NaiveBlas.Syr2k(upper, trans, n, k, alpha, sa, cols, sb, cols, beta, sExpected, n);
                var sc = Of<T>(s0);
                Blas.Syr2k(upper ? Triangle.Upper : Triangle.Lower, trans ? Transpose.Transposed : Transpose.None, n, k, T.CreateTruncating(alpha),
                    Of<T>(sa), cols, Of<T>(sb), cols, T.CreateTruncating(beta), sc, n);
                AssertSameValues(sExpected, sc, $"syr2k {(upper ? "U" : "L")}/{(trans ? "T" : "N")} n={n} k={k} seed {seed}");
            }
    }

    // ---- a library without cblas_?symm / cblas_?syr2k ----

    /// <summary>
    /// The provider search asks a library only for cblas_dgemm. A copy of BlasNet on OpenBLAS is told that the library lacks
    /// the symmetric level-3 exports (as one given by path might): Symm and Syr2k then run the managed implementation and give
    /// the definition's answer instead of an EntryPointNotFoundException.
    /// </summary>
    [Fact]
    public void MissingExports_FallBackToTheManagedImplementation()
    {
        IsolatedBlasNet.Run("openblas", blasNet =>
        {
            Assert.Equal("OpenBLAS", blasNet.Current().Name);
            var backend = blasNet.Type("BlasProvider").GetProperty("Backend", BindingFlags.NonPublic | BindingFlags.Static)!.GetValue(null)!;
            Assert.Equal("NativeBackend", backend.GetType().Name);
            var hasExport = backend.GetType().GetProperty("HasExport", BindingFlags.NonPublic | BindingFlags.Instance)!;
            var library = (Func<string, bool>)hasExport.GetValue(backend)!;
            string[] symmetric = ["cblas_dsymm", "cblas_ssymm", "cblas_dsyr2k", "cblas_ssyr2k"];
            Assert.All(symmetric, symbol => Assert.True(library(symbol))); // OpenBLAS has them: the lookup finds them
            // Nothing has asked for them yet in this copy, so the replaced lookup is the one kept.
            hasExport.SetValue(backend, (Func<string, bool>)(symbol => !symmetric.Contains(symbol) && library(symbol)));

            var matrix = blasNet.Type("Matrix`1").MakeGenericType(typeof(double));
            object Make(int r, int c, double[] data) => Activator.CreateInstance(matrix, r, c, data)!;
            object side = Enum.ToObject(blasNet.Type("Side"), (int)Side.Right), upper = Enum.ToObject(blasNet.Type("Triangle"), (int)Triangle.Upper);
            // A = [[2, 1], [1, 3]] (upper; NaN below), B = [[1, 2], [3, 4]]: BA = [[4, 7], [10, 15]].
            var c = Make(2, 2, [9, 9, 9, 9]);
            blasNet.Call("Blas", "Symm", side, upper, 1.0, Make(2, 2, [2, 1, double.NaN, 3]), Make(2, 2, [1, 2, 3, 4]), 0.0, c);
            Assert.Equal([4.0, 7, 10, 15], (double[])matrix.GetMethod("ToArray")!.Invoke(c, null)!);
            // A = [[1, 2], [0, 1]], B = [[1, 0], [1, 1]]: ABᵀ + BAᵀ = [[2, 3], [3, 2]] on the upper triangle; -9 below stays.
            var s = Make(2, 2, [0, 0, -9, 0]);
            blasNet.Call("Blas", "Syr2k", upper, 1.0, Make(2, 2, [1, 2, 0, 1]), Make(2, 2, [1, 0, 1, 1]), 0.0, s);
            Assert.Equal([2.0, 3, -9, 2], (double[])matrix.GetMethod("ToArray")!.Invoke(s, null)!);
        });
    }

    /// <summary>
    /// Reference BLAS's dsyr2k (Debian's libblas3, used here by path as a plain CBLAS) skips the column of its update whose
    /// op(A) and op(B) entries are both 0: row-major Transposed, lower, op(A) = (NaN, 0)ᵀ, op(B) = (1, 0)ᵀ, β = 0 gave c₁₀ = 0.
    /// The definition has op(A)₀₀·op(B)₁₀ = NaN·0 = NaN there, and BlasNet's check after the call restores it.
    /// </summary>
    [Fact]
    public void ReferenceBlas_Syr2k_SkippedZeroColumn_StillGivesNaN()
    {
        const string reference = "/usr/lib/x86_64-linux-gnu/blas/libblas.so.3"; // Debian's libblas3 (installed with the providers)
        Assert.True(File.Exists(reference), $"{reference} is missing: install libblas3");
        IsolatedBlasNet.Run(null, blasNet =>
        {
            blasNet.Call("BlasProvider", "Use", reference);
            Assert.Equal("CBLAS", blasNet.Current().Name);
            var matrix = blasNet.Type("Matrix`1").MakeGenericType(typeof(double));
            object Make(int r, int c, double[] data) => Activator.CreateInstance(matrix, r, c, data)!;
            object Transposed(object m) => matrix.GetMethod("Transpose")!.Invoke(m, null)!;
            object lower = Enum.ToObject(blasNet.Type("Triangle"), (int)Triangle.Lower);
            // A and B viewed as 2×1 transposes of 1×2 storage: the Transposed flag, reference BLAS's skipping branch.
            var c = Make(2, 2, [5, 5, 5, 5]);
            blasNet.Call("Blas", "Syr2k", lower, 1.0, Transposed(Make(1, 2, [double.NaN, 0])), Transposed(Make(1, 2, [1, 0])), 0.0, c);
            var got = (double[])matrix.GetMethod("ToArray")!.Invoke(c, null)!;
            Assert.True(double.IsNaN(got[0]), $"c00 = {got[0]}");
            Assert.Equal(5.0, got[1]); // the upper triangle: not written
            Assert.True(double.IsNaN(got[2]), $"c10 = {got[2]}: the skipped 0·NaN");
            Assert.Equal(0.0, got[3]);
        });
    }
}
