using System.Numerics;

namespace BlasNet.Tests.Core;

/// <summary>
/// Trsm and Trmm on a unit triangle whose array ends right after the last element read, with a PROT_NONE page after it
/// (session 42, tri42): the span form accepts such an array (TriangleLength42Tests), so no provider may be handed one it
/// reads past. bench/probes/level3-triangle-guard-page.py found MKL 2020.4's dtrsm/dtrmm/strsm/strmm reading the unit
/// diagonal's last slot in 1440 of 1536 unit cases and BLIS 0.9's in all 1536 (OpenBLAS none on its Prescott and Haswell
/// kernels; bench/RESULTS.md, tri42). On an AMD Zen 4 (session 44) OpenBLAS 0.3.21 runs its Cooperlake kernels, whose
/// dtrmm/strmm read past in 12 of 1536 unit cases (upper, B·A, k = 2), and Trmm_Float killed the suite: the safe API gives
/// every native library a whole square (UnitTriangleSquare; the managed provider reads nothing past). A read past the end kills the test process (SIGSEGV), so a regression cannot pass. Results are
/// compared with the definition (NaiveBlas.Trmm; Trsm by Gaussian elimination), every unread slot before the end NaN.
/// Linux only (GuardPageBuffer: mmap/mprotect through libc), as the whole suite.
/// </summary>
public unsafe class TriangleGuardPage42Tests
{
    [Fact] public void Trmm_Double() => Run<double>(solve: false, 1e-12);
    [Fact] public void Trmm_Float() => Run<float>(solve: false, 1e-5);
    [Fact] public void Trsm_Double() => Run<double>(solve: true, 1e-11);
    [Fact] public void Trsm_Float() => Run<float>(solve: true, 1e-4);

    private static void Run<T>(bool solve, double tolerance) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int size = sizeof(T), cases = 0;
        var rng = new Random(solve ? 4245 : 4244);
        foreach (int k in new[] { 2, 3, 17, 100 })
            foreach (int other in new[] { 1, 7 })
                foreach (int lda in new[] { k, k + 3 })
                    foreach (bool left in new[] { true, false })
                        foreach (bool upper in new[] { true, false })
                            foreach (bool transposed in new[] { false, true })
                            {
                                // The last element read + 1: upper A[k − 2, k − 1], lower A[k − 1, k − 2].
                                int needed = upper ? (k - 2) * lda + k : (k - 1) * lda + k - 1;
                                using (var guarded = new GuardPageBuffer(needed * size))
                                {
                                    var a = guarded.End<T>(needed);
                                    a.Fill(T.NaN);
                                    var aDouble = new double[(k - 1) * lda + k];
                                    for (int i = 0; i < k; i++)
                                        for (int j = upper ? i + 1 : 0; j < (upper ? k : i); j++)
                                        {
                                            a[i * lda + j] = T.CreateTruncating(Math.Round(rng.NextDouble() - 0.5, 3) * 4 / (k + 3));
                                            aDouble[i * lda + j] = double.CreateTruncating(a[i * lda + j]);
                                        }
                                    int m = left ? k : other, n = left ? other : k, ldb = n;
                                    var b = new T[m * n];
                                    for (int t = 0; t < b.Length; t++) b[t] = T.CreateTruncating(Math.Round(rng.NextDouble() * 4 - 2, 3));
                                    var bDouble = b.Select(v => double.CreateTruncating(v)).ToArray();
                                    var (side, uplo, trans) = (left ? Side.Left : Side.Right, upper ? Triangle.Upper : Triangle.Lower, transposed ? Transpose.Transposed : Transpose.None);
                                    var (expected, scale) = solve ? (TriangleLength42Tests.Solve(left, upper, transposed, true, m, n, 1.0, aDouble, lda, bDouble, ldb), null)
                                        : NaiveBlas.Trmm(left, upper, transposed, true, m, n, 1.0, aDouble, lda, bDouble, ldb);
                                    if (solve) Blas.Trsm<T>(side, uplo, trans, Diagonal.Unit, m, n, T.One, a, lda, b, ldb);
                                    else Blas.Trmm<T>(side, uplo, trans, Diagonal.Unit, m, n, T.One, a, lda, b, ldb);
                                    cases++;
                                    for (int t = 0; t < b.Length; t++)
                                    {
                                        double got = double.CreateTruncating(b[t]), want = expected[t];
                                        Assert.True(Math.Abs(got - want) <= tolerance * (1 + (scale?[t] ?? Math.Abs(want))),
                                            $"{(solve ? "trsm" : "trmm")} {side} {uplo} {trans} k={k} other={other} lda={lda}: B[{t}] is {got}, the definition gives {want}");
                                    }
                                }
                            }
        Assert.Equal(4 * 2 * 2 * 2 * 2 * 2, cases);
    }
}
