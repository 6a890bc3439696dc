using System.Numerics;

namespace BlasNet.Tests.Core;

/// <summary>
/// Trmv and Trsv with A's array ending right after the last element read and a PROT_NONE page after it (audit kn46). Their
/// span and array forms ask for exactly that length since session 40 (TriangleElements.Extent: (n − 1)·lda + n with the
/// diagonal, which is A[n − 1, n − 1], the last element either triangle reads; with a unit diagonal (n − 2)·lda + n upper
/// and (n − 1)·lda + n − 1 lower), whatever the transpose, which changes how the triangle is combined, not what is read.
/// TriangleLength40Tests checks those lengths with managed arrays up to order 6, where a native read past the end is not
/// seen; here the provider gets a pointer whose next page faults, at orders up to 257 (past the blocked kernels' panels),
/// every uplo, trans, diag, lda n and n + 3, increments 1 and 2, both types. A read past the end kills the test process
/// (SIGSEGV), so a regression cannot pass. Results equal the definition (NaiveBlas.DenseProductOrSolve), every unread slot
/// before the end NaN. Linux only (GuardPageBuffer: mmap/mprotect through libc), as the whole suite.
/// </summary>
public unsafe class TriangleVectorGuardPage46Tests
{
    [Fact] public void Trmv_Double() => Run<double>(solve: false, 1e-12);
    [Fact] public void Trmv_Float() => Run<float>(solve: false, 2e-5);
    [Fact] public void Trsv_Double() => Run<double>(solve: true, 1e-11);
    [Fact] public void Trsv_Float() => Run<float>(solve: true, 1e-4);

    private static void Run<T>(bool solve, double tolerance) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int size = sizeof(T), cases = 0;
        var rng = new Random(solve ? 4647 : 4646);
        foreach (int n in new[] { 2, 3, 17, 100, 257 })
            foreach (int lda in new[] { n, n + 3 })
                foreach (bool upper in new[] { true, false })
                    foreach (bool unit in new[] { false, true })
                        foreach (bool transposed in new[] { false, true })
                            foreach (int inc in new[] { 1, 2 })
                            {
                                // The last element read + 1, from the definition (A[i, j] at i·lda + j, j ≥ i upper or j ≤ i
                                // lower, j ≠ i when unit), independently of the library's TriangleElements.
                                int needed = TriangleLength42Tests.Needed(upper, unit, n, lda);
                                using (var guarded = new GuardPageBuffer(needed * size))
                                {
                                    var a = guarded.End<T>(needed);
                                    a.Fill(T.NaN);
                                    var op = new double[n, n];
                                    for (int i = 0; i < n; i++)
                                        for (int j = 0; j < n; j++)
                                        {
                                            double e = 0;
                                            if (i == j && unit) e = 1;
                                            else if (upper ? j >= i : j <= i)
                                            {
                                                double v = i == j ? (rng.Next(2) == 0 ? -1 : 1) * Math.Round(1.5 + rng.NextDouble(), 3) : Math.Round(rng.NextDouble() - 0.5, 3) * 4 / (n + 3);
                                                a[i * lda + j] = T.CreateTruncating(v);
                                                e = double.CreateTruncating(a[i * lda + j]);
                                            }
                                            if (transposed) op[j, i] = e; else op[i, j] = e;
                                        }
                                    var x = new T[(n - 1) * inc + 1];
                                    Array.Fill(x, T.NaN);
                                    for (int t = 0; t < n; t++) x[t * inc] = T.CreateTruncating(Math.Round(rng.NextDouble() * 4 - 2, 3));
                                    var expected = NaiveBlas.DenseProductOrSolve(op, Enumerable.Range(0, n).Select(t => double.CreateTruncating(x[t * inc])).ToArray(), solve);
                                    var (uplo, trans, diag) = (upper ? Triangle.Upper : Triangle.Lower, transposed ? Transpose.Transposed : Transpose.None, unit ? Diagonal.Unit : Diagonal.NonUnit);
                                    if (solve) Blas.Trsv<T>(uplo, trans, diag, n, a, lda, x, inc);
                                    else Blas.Trmv<T>(uplo, trans, diag, n, a, lda, x, inc);
                                    cases++;
                                    string what = $"{(solve ? "trsv" : "trmv")} n={n} lda={lda} {uplo} {diag} {trans} inc={inc}";
                                    for (int t = 0; t < n; t++)
                                    {
                                        double got = double.CreateTruncating(x[t * inc]);
                                        if (!(Math.Abs(got - expected[t]) <= tolerance * (1 + Math.Abs(expected[t])))) Assert.Fail($"{what}: x[{t}] is {got}, the definition gives {expected[t]}");
                                    }
                                    for (int p = 0; p < x.Length; p++)
                                        if (p % inc != 0 && !(T.IsNaN(x[p]))) Assert.Fail($"{what}: x's skipped slot {p} written");
                                }
                            }
        Assert.Equal(5 * 2 * 2 * 2 * 2 * 2, cases);
    }
}
