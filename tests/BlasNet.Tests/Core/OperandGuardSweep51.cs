using System.Globalization;
using System.Numerics;
using System.Text;

namespace BlasNet.Tests.Core;

/// <summary>
/// The child-process half of the session-46 (blis51) operand guard sweep (<c>dotnet exec BlasNet.Tests.dll operand-guard-sweep
/// START CASEFILE</c>): every level-3 routine (Gemm, Symm, Syrk, Syr2k, Trmm, Trsm) and the level-2 ones (Gemv, Symv, Trmv, Trsv,
/// Ger, Syr, Syr2), float and double, row-major and tight (ld = the row length), at small sizes in every transpose, side, uplo and
/// diag variant, with each operand in turn (A, B, C; or x, y, A) ending exactly at a PROT_NONE page (<see cref="GuardPageBuffer"/>),
/// the others in managed arrays. The guarded operand gets the shortest span BlasNet accepts for the call (found by shortening a
/// managed array until the call is refused), so a library reading one element past what the call may read kills the process;
/// the case being run is in the case file (written before each call), so the parent names it. Crashes only: the values are
/// the business of the routines' own tests. Prints "calls N" at the end.
/// </summary>
internal static class OperandGuardSweep51
{
    /// <summary>One call with its operands in a fixed order (the routine's A, B, C; or x, y, A).</summary>
    internal delegate void Call<T>(Span<T> o0, Span<T> o1, Span<T> o2);

    internal sealed record Case<T>(string What, int[] Dense, Call<T> Run, int TriangleOrder);

    /// <summary>The sizes of the level-3 routines' m and n, and of the level-2 routines' n.</summary>
    private static readonly int[] Sizes = Enumerable.Range(1, 20).ToArray();
    /// <summary>The inner dimensions: 1, a few odd and even ones, and across a 16-wide kernel.</summary>
    private static readonly int[] Depths = [1, 2, 3, 4, 5, 8, 17];

    public static int Run(int start, string caseFile)
    {
        using var stamp = new FileStream(caseFile, FileMode.Create, FileAccess.Write, FileShare.ReadWrite);
        long calls = 0;
        int index = 0;
        calls += Sweep<double>(start, ref index, stamp);
        calls += Sweep<float>(start, ref index, stamp);
        Console.WriteLine($"calls {calls} cases {index}");
        return 0;
    }

    private static long Sweep<T>(int start, ref int index, FileStream stamp) where T : unmanaged, IFloatingPointIeee754<T> =>
        Sweep(Cases<T>(), start, ref index, stamp, beforeStart: false);

    /// <summary>
    /// Runs <paramref name="cases"/> from case number <paramref name="start"/> on (case numbers count on from
    /// <paramref name="index"/>): each operand in turn at its shortest accepted length ending at a PROT_NONE page and, with
    /// <paramref name="beforeStart"/>, also beginning right after one; the case is written to <paramref name="stamp"/> first.
    /// Session 47's sweep (<see cref="OperandGuardSweep47"/>) runs its cases here too.
    /// </summary>
    internal static long Sweep<T>(IEnumerable<Case<T>> cases, int start, ref int index, FileStream stamp, bool beforeStart) where T : unmanaged, IFloatingPointIeee754<T>
    {
        long calls = 0;
        using var guard = new GuardPageBuffer(64 * 1024 * 8);
        foreach (var c in cases)
        {
            for (int g = 0; g < c.Dense.Length; g++)
            {
                if (c.Dense[g] == 0) continue;
                int length = -1;
                for (int placement = 0; placement < (beforeStart ? 2 : 1); placement++)
                {
                    int at = index++;
                    if (at < start) continue;
                    if (length < 0) length = Shortest(c, g);
                    var ops = new T[3][];
                    for (int o = 0; o < 3; o++) ops[o] = Fill<T>(c.Dense[o], o == 0 ? c.TriangleOrder : 0);
                    var guarded = placement == 0 ? guard.End<T>(length) : guard.Start<T>(length);
                    ops[g].AsSpan(0, length).CopyTo(guarded);
                    string where = placement == 0 ? "ending at" : "starting after";
                    byte[] text = Encoding.UTF8.GetBytes($"{at} {typeof(T).Name} {c.What} guarded operand {g} of {length} elements (dense {c.Dense[g]}) {where} a PROT_NONE page\n");
                    stamp.Seek(0, SeekOrigin.Begin);
                    stamp.SetLength(0);
                    stamp.Write(text);
                    stamp.Flush();
                    c.Run(g == 0 ? guarded : ops[0], g == 1 ? guarded : ops[1], g == 2 ? guarded : ops[2]);
                    calls++;
                }
            }
        }
        return calls;
    }

    /// <summary>
    /// The shortest length of operand <paramref name="g"/> the call accepts (managed arrays; refused shorter). The checks
    /// compare the length with a bound, so acceptance is monotone in it and a bisection finds the bound.
    /// </summary>
    private static int Shortest<T>(Case<T> c, int g) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var ops = new T[3][];
        for (int o = 0; o < 3; o++) ops[o] = Fill<T>(c.Dense[o], o == 0 ? c.TriangleOrder : 0);
        bool Accepted(int length)
        {
            try { c.Run(g == 0 ? ops[0].AsSpan(0, length) : ops[0], g == 1 ? ops[1].AsSpan(0, length) : ops[1], g == 2 ? ops[2].AsSpan(0, length) : ops[2]); }
            catch (ArgumentException) { return false; }
            return true;
        }
        // Accepted at high; step down 1, 2, 4, … (a tight operand is refused one short, a padded one a few short) until
        // refused at low (0 counts as refused), then bisect between.
        int high = c.Dense[g], low = 0;
        for (int step = 1; high - step > 0; step *= 2)
        {
            if (!Accepted(high - step)) { low = high - step; break; }
            high -= step;
        }
        while (high - low > 1)
        {
            int mid = low + (high - low) / 2;
            if (Accepted(mid)) high = mid; else low = mid;
        }
        return high;
    }

    /// <summary>Values in [−0.5, 0.5); a triangle's diagonal 2 (row-major, ld = order), so the solves stay finite.</summary>
    internal static T[] Fill<T>(int length, int triangleOrder) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var a = new T[length];
        for (int i = 0; i < length; i++) a[i] = T.CreateTruncating(((i * 37 + 11) % 64) / 64.0 - 0.5);
        for (int i = 0; i < triangleOrder && i * triangleOrder + i < length; i++) a[i * triangleOrder + i] = T.CreateTruncating(2.0);
        return a;
    }

    private static IEnumerable<Case<T>> Cases<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        T alpha = T.CreateTruncating(0.75), beta = T.CreateTruncating(0.5);
        Transpose[] transposes = [Transpose.None, Transpose.Transposed];
        Triangle[] uplos = [Triangle.Upper, Triangle.Lower];
        Side[] sides = [Side.Left, Side.Right];
        Diagonal[] diags = [Diagonal.NonUnit, Diagonal.Unit];

        // Level 3. Row-major, ld = the stored row length.
        foreach (var ta in transposes)
            foreach (var tb in transposes)
                foreach (int m in Sizes)
                    foreach (int n in Sizes)
                        foreach (int k in Depths)
                        {
                            int lda = ta == Transpose.None ? k : m, ldb = tb == Transpose.None ? n : k;
                            yield return new($"gemm {ta} {tb} m={m} n={n} k={k}", [m * k, k * n, m * n],
                                (a, b, c) => Blas.Gemm<T>(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, n), 0);
                        }
        foreach (var side in sides)
            foreach (var uplo in uplos)
                foreach (int m in Sizes)
                    foreach (int n in Sizes)
                    {
                        int na = side == Side.Left ? m : n;
                        yield return new($"symm {side} {uplo} m={m} n={n}", [na * na, m * n, m * n],
                            (a, b, c) => Blas.Symm<T>(side, uplo, m, n, alpha, a, na, b, n, beta, c, n), 0);
                    }
        foreach (var uplo in uplos)
            foreach (var trans in transposes)
                foreach (int n in Sizes)
                    foreach (int k in Depths)
                    {
                        int lda = trans == Transpose.None ? k : n;
                        yield return new($"syrk {uplo} {trans} n={n} k={k}", [n * k, 0, n * n],
                            (a, _, c) => Blas.Syrk<T>(uplo, trans, n, k, alpha, a, lda, beta, c, n), 0);
                        yield return new($"syr2k {uplo} {trans} n={n} k={k}", [n * k, n * k, n * n],
                            (a, b, c) => Blas.Syr2k<T>(uplo, trans, n, k, alpha, a, lda, b, lda, beta, c, n), 0);
                    }
        foreach (var side in sides)
            foreach (var uplo in uplos)
                foreach (var trans in transposes)
                    foreach (var diag in diags)
                        foreach (int m in Sizes)
                            foreach (int n in Sizes)
                            {
                                int na = side == Side.Left ? m : n;
                                yield return new($"trmm {side} {uplo} {trans} {diag} m={m} n={n}", [na * na, m * n, 0],
                                    (a, b, _) => Blas.Trmm<T>(side, uplo, trans, diag, m, n, alpha, a, na, b, n), na);
                                yield return new($"trsm {side} {uplo} {trans} {diag} m={m} n={n}", [na * na, m * n, 0],
                                    (a, b, _) => Blas.Trsm<T>(side, uplo, trans, diag, m, n, alpha, a, na, b, n), na);
                            }

        // Level 2: operands in the order x, y, A (Trmv/Trsv: A, x).
        foreach (var trans in transposes)
            foreach (int m in Sizes)
                foreach (int n in Sizes)
                {
                    int lx = trans == Transpose.None ? n : m, ly = trans == Transpose.None ? m : n;
                    yield return new($"gemv {trans} m={m} n={n}", [lx, ly, m * n],
                        (x, y, a) => Blas.Gemv<T>(trans, m, n, alpha, a, n, x, 1, beta, y, 1), 0);
                }
        foreach (int m in Sizes)
            foreach (int n in Sizes)
                yield return new($"ger m={m} n={n}", [m, n, m * n], (x, y, a) => Blas.Ger<T>(m, n, alpha, x, 1, y, 1, a, n), 0);
        foreach (var uplo in uplos)
            foreach (int n in Sizes)
            {
                yield return new($"symv {uplo} n={n}", [n, n, n * n], (x, y, a) => Blas.Symv<T>(uplo, n, alpha, a, n, x, 1, beta, y, 1), 0);
                yield return new($"syr {uplo} n={n}", [n, 0, n * n], (x, _, a) => Blas.Syr<T>(uplo, n, alpha, x, 1, a, n), 0);
                yield return new($"syr2 {uplo} n={n}", [n, n, n * n], (x, y, a) => Blas.Syr2<T>(uplo, n, alpha, x, 1, y, 1, a, n), 0);
                foreach (var trans in transposes)
                    foreach (var diag in diags)
                    {
                        yield return new($"trmv {uplo} {trans} {diag} n={n}", [n * n, n, 0], (a, x, _) => Blas.Trmv<T>(uplo, trans, diag, n, a, n, x, 1), n);
                        yield return new($"trsv {uplo} {trans} {diag} n={n}", [n * n, n, 0], (a, x, _) => Blas.Trsv<T>(uplo, trans, diag, n, a, n, x, 1), n);
                    }
            }
    }
}
