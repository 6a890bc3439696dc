using System.Numerics;
using System.Numerics.Tensors;
using static BlasNet.Tests.Core.TensorInteropAudit38Tests;

namespace BlasNet.Tests.Core;

/// <summary>
/// Acceptance audit of issue 14's "other level-3 routines" on tensor spans (session 38, interop38): SYRK, SYR2K, SYMM,
/// TRMM and TRSM through their generic forms in float and double, for every size 0–3 on every layout a user can build
/// (<see cref="TensorInteropAudit38Tests.Layout"/>: row-major or transposed, dense or padded, a sliced single row or
/// column), against the definitions on the matrices as seen. The triangle a routine must not read holds NaN (so a read
/// of it shows), and every element outside the output's written part keeps its bits.
/// </summary>
public class TensorLevel3Audit38Tests
{
    /// <summary>An operand: its buffer, strides, and lengths as seen.</summary>
    private sealed record Operand<T>(T[] Buffer, nint[] Strides, int Rows, int Columns) where T : unmanaged, IFloatingPointIeee754<T>
    {
        public int Index(int i, int j) => (int)(i * Strides[0] + j * Strides[1]);
        public T this[int i, int j] { get => Buffer[Index(i, j)]; set => Buffer[Index(i, j)] = value; }
        public ReadOnlyTensorSpan<T> ReadOnly => new(Buffer, 0, [Rows, Columns], Strides);
        public TensorSpan<T> Writable => new(Buffer, 0, [Rows, Columns], Strides);
    }

    private static Operand<T>? Make<T>(int rows, int columns, Layout layout, int seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var strides = StridesFor(rows, columns, layout);
        if (strides is null) return null;
        var rng = new Random(seed);
        int length = rows == 0 || columns == 0 ? 2 : (int)((rows - 1) * strides[0] + (columns - 1) * strides[1]) + 3;
        return new Operand<T>(Enumerable.Range(0, length).Select(_ => T.CreateChecked(rng.Next(-4, 5))).ToArray(), strides, rows, columns);
    }

    // The same layouts as the GEMM sweep (stride 0 on length-1 dimensions, as the tensor library requires).
    private static nint[]? StridesFor(int rows, int columns, Layout layout) => TensorInteropAudit38Tests.Strides(rows, columns, layout);

    private static bool InTriangle(Triangle uplo, int i, int j) => uplo == Triangle.Upper ? j >= i : j <= i;

    /// <summary>Every element of the output's buffer outside <paramref name="written"/> keeps its bits; written ones match within tol.</summary>
    private static void AssertOutput<T>(Operand<T> output, T[] before, Func<int, int, T?> expected, double tol, string what)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var written = new bool[output.Buffer.Length];
        for (int i = 0; i < output.Rows; i++)
            for (int j = 0; j < output.Columns; j++)
            {
                if (expected(i, j) is not { } e) continue;
                T got = output[i, j];
                Assert.True(T.Abs(got - e) <= T.CreateChecked(tol) * (T.One + T.Abs(e)), $"{what}: [{i}, {j}] = {got}, expected {e}");
                written[output.Index(i, j)] = true;
            }
        for (int x = 0; x < before.Length; x++)
            if (!written[x]) Assert.True(before[x].Equals(output.Buffer[x]), $"{what}: element {x} outside the written part changed");
    }

    public static TheoryData<Triangle> Triangles() => new() { Triangle.Upper, Triangle.Lower };

    [Theory]
    [MemberData(nameof(Triangles))]
    public void SyrkAndSyr2k_EverySmallShapeAndLayout(Triangle uplo)
    {
        SyrkAndSyr2k<double>(uplo, 1e-14);
        SyrkAndSyr2k<float>(uplo, 1e-6);
    }

    private static void SyrkAndSyr2k<T>(Triangle uplo, double tol) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int cases = 0;
        foreach (int n in new[] { 0, 1, 2, 3 })
            foreach (int k in new[] { 0, 1, 2, 3 })
                foreach (var la in Enum.GetValues<Layout>())
                    foreach (var lc in Enum.GetValues<Layout>())
                        foreach (bool betaZero in new[] { false, true })
                        {
                            var a = Make<T>(n, k, la, cases); var b = Make<T>(n, k, la == Layout.Transposed ? Layout.RowMajorPadded : Layout.Transposed, cases + 1);
                            var c = Make<T>(n, n, lc, cases + 2);
                            if (a is null || b is null || c is null) continue;
                            T alpha = T.CreateChecked(2), beta = betaZero ? T.Zero : T.CreateChecked(-3);
                            for (int i = 0; i < n; i++)
                                for (int j = 0; j < n; j++)
                                    if (betaZero || !InTriangle(uplo, i, j)) c[i, j] = T.NaN; // β = 0 overwrites NaN; the other triangle is never read
                            string what = $"{typeof(T).Name} n={n} k={k} a {la} c {lc} {uplo} β={beta}";

                            var c2 = new Operand<T>((T[])c.Buffer.Clone(), c.Strides, n, n);
                            var before = (T[])c.Buffer.Clone();
                            Blas.Syrk<T>(uplo, alpha, a.ReadOnly, beta, c.Writable);
                            AssertOutput(c, before, (i, j) =>
                            {
                                if (!InTriangle(uplo, i, j)) return null;
                                T s = T.Zero;
                                for (int p = 0; p < k; p++) s += a[i, p] * a[j, p];
                                return betaZero ? alpha * s : alpha * s + beta * before[c.Index(i, j)];
                            }, tol, "syrk " + what);

                            Blas.Syr2k<T>(uplo, alpha, a.ReadOnly, b.ReadOnly, beta, c2.Writable);
                            AssertOutput(c2, before, (i, j) =>
                            {
                                if (!InTriangle(uplo, i, j)) return null;
                                T s = T.Zero;
                                for (int p = 0; p < k; p++) s += a[i, p] * b[j, p] + b[i, p] * a[j, p];
                                return betaZero ? alpha * s : alpha * s + beta * before[c2.Index(i, j)];
                            }, tol, "syr2k " + what);
                            cases++;
                        }
        Assert.True(cases > 300, $"only {cases} cases");
    }

    [Theory]
    [MemberData(nameof(Triangles))]
    public void Symm_EverySmallShapeAndLayout(Triangle uplo)
    {
        Symm<double>(uplo, 1e-14);
        Symm<float>(uplo, 1e-6);
    }

    private static void Symm<T>(Triangle uplo, double tol) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int cases = 0;
        foreach (var side in new[] { Side.Left, Side.Right })
            foreach (int m in new[] { 0, 1, 2, 3 })
                foreach (int n in new[] { 0, 1, 2, 3 })
                    foreach (var la in Enum.GetValues<Layout>())
                        foreach (var lb in Enum.GetValues<Layout>())
                            foreach (var lc in Enum.GetValues<Layout>())
                            {
                                int order = side == Side.Left ? m : n;
                                var a = Make<T>(order, order, la, cases); var b = Make<T>(m, n, lb, cases + 1); var c = Make<T>(m, n, lc, cases + 2);
                                if (a is null || b is null || c is null) continue;
                                for (int i = 0; i < order; i++)
                                    for (int j = 0; j < order; j++)
                                        if (!InTriangle(uplo, i, j)) a[i, j] = T.NaN;   // never read
                                T Sym(int i, int j) => InTriangle(uplo, i, j) ? a[i, j] : a[j, i];
                                T alpha = T.CreateChecked(2), beta = T.CreateChecked(-3);
                                var before = (T[])c.Buffer.Clone();
                                Blas.Symm<T>(side, uplo, alpha, a.ReadOnly, b.ReadOnly, beta, c.Writable);
                                AssertOutput(c, before, (i, j) =>
                                {
                                    T s = T.Zero;
                                    for (int p = 0; p < order; p++) s += side == Side.Left ? Sym(i, p) * b[p, j] : b[i, p] * Sym(p, j);
                                    return alpha * s + beta * before[c.Index(i, j)];
                                }, tol, $"symm {typeof(T).Name} {side} {uplo} m={m} n={n} a {la} b {lb} c {lc}");
                                cases++;
                            }
        Assert.True(cases > 500, $"only {cases} cases");
    }

    [Theory]
    [MemberData(nameof(Triangles))]
    public void TrmmAndTrsm_EverySmallShapeAndLayout(Triangle uplo)
    {
        TrmmAndTrsm<double>(uplo, 1e-13);
        TrmmAndTrsm<float>(uplo, 1e-5);
    }

    private static void TrmmAndTrsm<T>(Triangle uplo, double tol) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int cases = 0;
        foreach (var side in new[] { Side.Left, Side.Right })
            foreach (var diag in new[] { Diagonal.NonUnit, Diagonal.Unit })
                foreach (int m in new[] { 0, 1, 2, 3 })
                    foreach (int n in new[] { 0, 1, 2, 3 })
                        foreach (var la in Enum.GetValues<Layout>())
                            foreach (var lb in Enum.GetValues<Layout>())
                            {
                                int order = side == Side.Left ? m : n;
                                var a = Make<T>(order, order, la, cases); var b = Make<T>(m, n, lb, cases + 1);
                                if (a is null || b is null) continue;
                                var rng = new Random(cases);
                                for (int i = 0; i < order; i++)
                                    for (int j = 0; j < order; j++)
                                        if (i == j) a[i, j] = diag == Diagonal.Unit ? T.NaN : T.CreateChecked(new[] { 1, 2, 4, -2 }[rng.Next(4)]);
                                        else if (!InTriangle(uplo, i, j)) a[i, j] = T.NaN;   // never read
                                T Tri(int i, int j) => i == j ? (diag == Diagonal.Unit ? T.One : a[i, j]) : InTriangle(uplo, i, j) ? a[i, j] : T.Zero;
                                T alpha = T.CreateChecked(2);
                                string what = $"{typeof(T).Name} {side} {uplo} {diag} m={m} n={n} a {la} b {lb}";

                                // TRMM: B ← α op B (Left: α A B; Right: α B A), A triangular as seen.
                                var bm = new Operand<T>((T[])b.Buffer.Clone(), b.Strides, m, n);
                                var before = (T[])b.Buffer.Clone();
                                Blas.Trmm<T>(side, uplo, alpha, a.ReadOnly, bm.Writable, diag);
                                AssertOutput(bm, before, (i, j) =>
                                {
                                    T s = T.Zero;
                                    for (int p = 0; p < order; p++) s += side == Side.Left ? Tri(i, p) * before[b.Index(p, j)] : before[b.Index(i, p)] * Tri(p, j);
                                    return alpha * s;
                                }, tol, "trmm " + what);

                                // TRSM: X with A X = αB (Left) or X A = αB (Right), by substitution written out here.
                                var x = new T[m, n];
                                if (side == Side.Left)
                                    for (int j = 0; j < n; j++)
                                        foreach (int i in uplo == Triangle.Upper ? Enumerable.Range(0, m).Reverse() : Enumerable.Range(0, m))
                                        {
                                            T s = alpha * before[b.Index(i, j)];
                                            for (int p = 0; p < m; p++) if (p != i && Tri(i, p) != T.Zero) s -= Tri(i, p) * x[p, j];
                                            x[i, j] = s / Tri(i, i);
                                        }
                                else
                                    for (int i = 0; i < m; i++)
                                        foreach (int j in uplo == Triangle.Upper ? Enumerable.Range(0, n) : Enumerable.Range(0, n).Reverse())
                                        {
                                            T s = alpha * before[b.Index(i, j)];
                                            for (int p = 0; p < n; p++) if (p != j && Tri(p, j) != T.Zero) s -= x[i, p] * Tri(p, j);
                                            x[i, j] = s / Tri(j, j);
                                        }
                                Blas.Trsm<T>(side, uplo, alpha, a.ReadOnly, b.Writable, diag);
                                AssertOutput(b, before, (i, j) => x[i, j], tol * 100, "trsm " + what);
                                cases++;
                            }
        Assert.True(cases > 500, $"only {cases} cases");
    }
}
