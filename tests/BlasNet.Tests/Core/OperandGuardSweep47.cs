using System.Numerics;

namespace BlasNet.Tests.Core;

/// <summary>
/// The child-process half of the session-47 (blis47) operand guard sweep (<c>dotnet exec BlasNet.Tests.dll
/// operand-guard-sweep-47 START CASEFILE SCOPE [TYPES [FILTER]]</c>), reaching where session 46's
/// (<see cref="OperandGuardSweep51"/>, whose runner it uses) did not: level 1 (Axpy, Dot, Nrm2, Asum, Iamax, Scal, Copy,
/// Swap, Rot, Rotm) and every level-2 routine with increments 2 and 3 as well as 1; padded leading dimensions (ld = the row
/// length + 5) for every level-2 and level-3 routine; the band and packed routines (Gbmv, Sbmv, Spmv, Tbmv, Tbsv, Tpmv, Tpsv,
/// Spr, Spr2); sizes past 32 at every residue mod 8 and 16 near the kernels' blockings (23–25, 31–33, 47–49, 63–65, 95–97,
/// 100), for float and double. Each operand in turn both ends at a PROT_NONE page and begins right after one (reads before
/// an operand's first element), at its shortest accepted length. Crashes only, as session 46's. SCOPE "test" is the sampled
/// set OperandGuardSweep47Tests runs; "full" the larger one run by hand for RESULTS; TYPES "double", "float" or "both"
/// (the default); FILTER keeps the cases whose text contains it. The "test" set samples the sizes, bands and increments so
/// that it fits a test; RESULTS "Session 47, blis47" says what the "full" set covered. Prints "calls N cases M" at the end.
/// </summary>
internal static class OperandGuardSweep47
{
    public static int Run(int start, string caseFile, string scope, string types, string? filter)
    {
        bool full = scope == "full";
        using var stamp = new FileStream(caseFile, FileMode.Create, FileAccess.Write, FileShare.ReadWrite);
        long calls = 0;
        int index = 0;
        if (types != "float") calls += OperandGuardSweep51.Sweep(Filtered(Cases<double>(full), filter), start, ref index, stamp, beforeStart: true);
        if (types != "double") calls += OperandGuardSweep51.Sweep(Filtered(Cases<float>(full), filter), start, ref index, stamp, beforeStart: true);
        Console.WriteLine($"calls {calls} cases {index}");
        return 0;
    }

    private static IEnumerable<OperandGuardSweep51.Case<T>> Filtered<T>(IEnumerable<OperandGuardSweep51.Case<T>> cases, string? filter) =>
        filter is null ? cases : cases.Where(c => c.What.Contains(filter, StringComparison.Ordinal));

    /// <summary>Sizes 1–17 and the residues around 24, 32, 48, 64 and 96 (the kernels' 4-, 8-, 16-wide blocks), and 100.</summary>
    private static readonly int[] Past32 = [.. Enumerable.Range(1, 17), 23, 24, 25, 31, 32, 33, 39, 40, 41, 47, 48, 49, 63, 64, 65, 95, 96, 97, 100];
    /// <summary>The level-3 sizes: the small ones session 46 swept all of, sampled, and the residues past 32.</summary>
    private static readonly int[] Level3Sizes = [1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 23, 24, 25, 31, 32, 33, 47, 48, 49, 63, 64, 65, 97, 100];
    /// <summary>
    /// The test's level-3 sizes: 4, 7 and 10 (blis51's A-row crashes), 2, 3 mod 4 and 0, 1 mod 4 past 16, and 67; with the
    /// test's depths every call stays below 64³ multiply-adds, which BlasNet runs on one BLIS thread (BlisCallGate): BLIS's
    /// thread team at barriers made the larger calls take minutes on a loaded machine. The full set goes to 100.
    /// </summary>
    private static readonly int[] Level3SizesTest = [1, 2, 4, 7, 10, 16, 18, 33, 67];
    private static readonly int[] Depths = [1, 2, 3, 5, 8, 9, 17, 33, 64, 100];
    private static readonly int[] DepthsTest = [1, 3, 17, 40];
    /// <summary>Increment pairs (x, y) for the level-1 and level-2 vectors.</summary>
    private static readonly (int X, int Y)[] Increments = [(1, 1), (2, 1), (1, 3), (3, 2)];
    /// <summary>The padding added to a tight leading dimension.</summary>
    private static readonly int[] Pads = [0, 5];

    private static int Length(int n, int inc) => n == 0 ? 0 : 1 + (n - 1) * inc;

    private static IEnumerable<OperandGuardSweep51.Case<T>> Cases<T>(bool full) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T alpha = T.CreateTruncating(0.75), beta = T.CreateTruncating(0.5), cs = T.CreateTruncating(0.6), sn = T.CreateTruncating(0.8);
        Transpose[] transposes = [Transpose.None, Transpose.Transposed];
        Triangle[] uplos = [Triangle.Upper, Triangle.Lower];
        Side[] sides = [Side.Left, Side.Right];
        Diagonal[] diags = [Diagonal.NonUnit, Diagonal.Unit];
        int[] vectorSizes = full ? [.. Enumerable.Range(1, 40), 47, 48, 49, 63, 64, 65, 95, 96, 97, 100] : Past32;
        int[] l2 = full ? Past32 : [1, 2, 3, 8, 17, 33, 100];
        int[] l3 = full ? Level3Sizes : Level3SizesTest;
        int[] l3Square = full ? Level3Sizes : [1, 2, 7, 16, 33, 57]; // Symm, Trmm, Trsm: m and n
        int[] bands = full ? [0, 1, 2, 5] : [0, 1, 5];
        (int X, int Y)[] bandIncrements = full ? Increments : [(1, 1), (3, 2)];
        int[] depths = full ? Depths : DepthsTest;

        // Level 1: operands x, y.
        foreach (int n in vectorSizes)
            foreach (var (ix, iy) in Increments)
            {
                int lx = Length(n, ix), ly = Length(n, iy);
                string at = $"n={n} incX={ix} incY={iy}";
                yield return new($"axpy {at}", [lx, ly, 0], (x, y, _) => Blas.Axpy<T>(n, alpha, x, ix, y, iy), 0);
                yield return new($"dot {at}", [lx, ly, 0], (x, y, _) => Blas.Dot<T>(n, x, ix, y, iy), 0);
                yield return new($"copy {at}", [lx, ly, 0], (x, y, _) => Blas.Copy<T>(n, x, ix, y, iy), 0);
                yield return new($"swap {at}", [lx, ly, 0], (x, y, _) => Blas.Swap<T>(n, x, ix, y, iy), 0);
                yield return new($"rot {at}", [lx, ly, 0], (x, y, _) => Blas.Rot<T>(n, x, ix, y, iy, cs, sn), 0);
                yield return new($"rotm {at}", [lx, ly, 0], (x, y, _) => Blas.Rotm<T>(n, x, ix, y, iy, [-T.One, cs, -sn, sn, cs]), 0);
                if (iy == 1)
                {
                    string one = $"n={n} incX={ix}";
                    yield return new($"nrm2 {one}", [lx, 0, 0], (x, _, _) => Blas.Nrm2<T>(n, x, ix), 0);
                    yield return new($"asum {one}", [lx, 0, 0], (x, _, _) => Blas.Asum<T>(n, x, ix), 0);
                    yield return new($"iamax {one}", [lx, 0, 0], (x, _, _) => Blas.Iamax<T>(n, x, ix), 0);
                    yield return new($"scal {one}", [lx, 0, 0], (x, _, _) => Blas.Scal<T>(n, alpha, x, ix), 0);
                }
            }

        // Level 2 (dense): operands x, y, A (Trmv/Trsv: A, x); increments and padded lda.
        foreach (var (ix, iy) in Increments)
            foreach (int pad in Pads)
            {
                string inc = $"incX={ix} incY={iy} pad={pad}";
                foreach (var trans in transposes)
                    foreach (int m in l2)
                        foreach (int n in l2)
                        {
                            int lx = Length(trans == Transpose.None ? n : m, ix), ly = Length(trans == Transpose.None ? m : n, iy), lda = n + pad;
                            yield return new($"gemv {trans} m={m} n={n} {inc}", [lx, ly, m * lda],
                                (x, y, a) => Blas.Gemv<T>(trans, m, n, alpha, a, lda, x, ix, beta, y, iy), 0);
                            if (trans == Transpose.None)
                                yield return new($"ger m={m} n={n} {inc}", [Length(m, ix), Length(n, iy), m * lda],
                                    (x, y, a) => Blas.Ger<T>(m, n, alpha, x, ix, y, iy, a, lda), 0);
                        }
                foreach (var uplo in uplos)
                    foreach (int n in l2)
                    {
                        int lda = n + pad, lx = Length(n, ix), ly = Length(n, iy);
                        yield return new($"symv {uplo} n={n} {inc}", [lx, ly, n * lda], (x, y, a) => Blas.Symv<T>(uplo, n, alpha, a, lda, x, ix, beta, y, iy), 0);
                        yield return new($"syr {uplo} n={n} {inc}", [lx, 0, n * lda], (x, _, a) => Blas.Syr<T>(uplo, n, alpha, x, ix, a, lda), 0);
                        yield return new($"syr2 {uplo} n={n} {inc}", [lx, ly, n * lda], (x, y, a) => Blas.Syr2<T>(uplo, n, alpha, x, ix, y, iy, a, lda), 0);
                        int packed = n * (n + 1) / 2;
                        if (pad == 0)
                        {
                            yield return new($"spmv {uplo} n={n} {inc}", [lx, ly, packed], (x, y, ap) => Blas.Spmv<T>(uplo, n, alpha, ap, x, ix, beta, y, iy), 0);
                            yield return new($"spr {uplo} n={n} {inc}", [lx, 0, packed], (x, _, ap) => Blas.Spr<T>(uplo, n, alpha, x, ix, ap), 0);
                            yield return new($"spr2 {uplo} n={n} {inc}", [lx, ly, packed], (x, y, ap) => Blas.Spr2<T>(uplo, n, alpha, x, ix, y, iy, ap), 0);
                        }
                        if (iy != 1) continue; // the triangular routines have one vector
                        foreach (var trans in transposes)
                            foreach (var diag in diags)
                            {
                                string what = $"{uplo} {trans} {diag} n={n} {inc}";
                                yield return new($"trmv {what}", [n * lda, lx, 0], (a, x, _) => Blas.Trmv<T>(uplo, trans, diag, n, a, lda, x, ix), lda);
                                yield return new($"trsv {what}", [n * lda, lx, 0], (a, x, _) => Blas.Trsv<T>(uplo, trans, diag, n, a, lda, x, ix), lda);
                                if (pad == 0)
                                {
                                    yield return new($"tpmv {what}", [packed, lx, 0], (ap, x, _) => Blas.Tpmv<T>(uplo, trans, diag, n, ap, x, ix), 0);
                                    yield return new($"tpsv {what}", [packed, lx, 0], (ap, x, _) => Blas.Tpsv<T>(uplo, trans, diag, n, ap, x, ix), 0);
                                }
                            }
                    }
            }

        // Band: operands x, y, A (Tbmv/Tbsv: A, x); lda = kl + ku + 1 (+ pad).
        foreach (var (ix, iy) in bandIncrements)
            foreach (int pad in Pads)
                foreach (int n in l2)
                    foreach (int k in bands)
                    {
                        string inc = $"incX={ix} incY={iy} pad={pad}";
                        foreach (var trans in transposes)
                            foreach (int kl in bands)
                            {
                                int m = (n * (k + 1)) % 37 + 1; // a sampled m beside every n (m = n too below)
                                foreach (int rows in m == n ? [n] : new[] { n, m })
                                {
                                    int lda = kl + k + 1 + pad, lx = Length(trans == Transpose.None ? n : rows, ix), ly = Length(trans == Transpose.None ? rows : n, iy);
                                    yield return new($"gbmv {trans} m={rows} n={n} kl={kl} ku={k} {inc}", [lx, ly, rows * lda],
                                        (x, y, a) => Blas.Gbmv<T>(trans, rows, n, kl, k, alpha, a, lda, x, ix, beta, y, iy), 0);
                                }
                            }
                        foreach (var uplo in uplos)
                        {
                            int lda = k + 1 + pad, lx = Length(n, ix), ly = Length(n, iy);
                            yield return new($"sbmv {uplo} n={n} k={k} {inc}", [lx, ly, n * lda], (x, y, a) => Blas.Sbmv<T>(uplo, n, k, alpha, a, lda, x, ix, beta, y, iy), 0);
                            if (iy != 1) continue;
                            foreach (var trans in transposes)
                                foreach (var diag in diags)
                                {
                                    string what = $"{uplo} {trans} {diag} n={n} k={k} {inc}";
                                    yield return new($"tbmv {what}", [n * lda, lx, 0], (a, x, _) => Blas.Tbmv<T>(uplo, trans, diag, n, k, a, lda, x, ix), 0);
                                    yield return new($"tbsv {what}", [n * lda, lx, 0], (a, x, _) => Blas.Tbsv<T>(uplo, trans, diag, n, k, a, lda, x, ix), 0);
                                }
                        }
                    }

        // Level 3: row-major, ld = the stored row length (+ pad); sizes past 32.
        foreach (int pad in Pads)
        {
            foreach (var ta in transposes)
                foreach (var tb in transposes)
                    foreach (int m in l3)
                        foreach (int n in l3)
                            foreach (int k in depths)
                            {
                                int lda = (ta == Transpose.None ? k : m) + pad, ldb = (tb == Transpose.None ? n : k) + pad, ldc = n + pad;
                                int aRows = ta == Transpose.None ? m : k, bRows = tb == Transpose.None ? k : n;
                                yield return new($"gemm {ta} {tb} m={m} n={n} k={k} pad={pad}", [aRows * lda, bRows * ldb, m * ldc],
                                    (a, b, c) => Blas.Gemm<T>(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc), 0);
                            }
            foreach (var side in sides)
                foreach (var uplo in uplos)
                    foreach (int m in l3Square)
                        foreach (int n in l3Square)
                        {
                            int na = side == Side.Left ? m : n, lda = na + pad, ld = n + pad;
                            yield return new($"symm {side} {uplo} m={m} n={n} pad={pad}", [na * lda, m * ld, m * ld],
                                (a, b, c) => Blas.Symm<T>(side, uplo, m, n, alpha, a, lda, b, ld, beta, c, ld), 0);
                            foreach (var trans in transposes)
                                foreach (var diag in diags)
                                {
                                    yield return new($"trmm {side} {uplo} {trans} {diag} m={m} n={n} pad={pad}", [na * lda, m * ld, 0],
                                        (a, b, _) => Blas.Trmm<T>(side, uplo, trans, diag, m, n, alpha, a, lda, b, ld), lda);
                                    yield return new($"trsm {side} {uplo} {trans} {diag} m={m} n={n} pad={pad}", [na * lda, m * ld, 0],
                                        (a, b, _) => Blas.Trsm<T>(side, uplo, trans, diag, m, n, alpha, a, lda, b, ld), lda);
                                }
                        }
            foreach (var uplo in uplos)
                foreach (var trans in transposes)
                    foreach (int n in l3)
                        foreach (int k in depths)
                        {
                            int lda = (trans == Transpose.None ? k : n) + pad, rows = trans == Transpose.None ? n : k, ldc = n + pad;
                            yield return new($"syrk {uplo} {trans} n={n} k={k} pad={pad}", [rows * lda, 0, n * ldc],
                                (a, _, c) => Blas.Syrk<T>(uplo, trans, n, k, alpha, a, lda, beta, c, ldc), 0);
                            // SYR2K's 2n²k multiply-adds pass 64³ at n = 67, k = 40: two BLIS threads, minutes at barriers on a
                            // loaded machine (15 of the test's 18 CPU seconds on BLIS). The full set has them, on one thread.
                            if (!full && 2L * n * n * k >= 64 * 64 * 64) continue;
                            yield return new($"syr2k {uplo} {trans} n={n} k={k} pad={pad}", [rows * lda, rows * lda, n * ldc],
                                (a, b, c) => Blas.Syr2k<T>(uplo, trans, n, k, alpha, a, lda, b, lda, beta, c, ldc), 0);
                        }
        }
    }
}
