using System.Numerics;
using BlasNet.Providers;

namespace BlasNet.Tests.Core;

/// <summary>
/// Trsm's and Trmm's three routes for A (session 43, tri43), CheckedBlas.TriangularLevel3OnReadableA deciding through
/// UnitTriangleSquare: (1) A as given, when the array reaches the whole square or the provider reads only the triangle;
/// (2) a compact square copy, when the array ends before a unit diagonal's last slots on a provider that touches them
/// (MKL, BLIS, any unmeasured library); (3) the managed fallback, when that square cannot be allocated (an A within k
/// elements of the largest array). Route 3 needs ~16 GB for real, so UnitTriangleSquareSeam forces routes 2 and 3 on this
/// thread on every provider with ordinary sizes; its counters show which route each call took. Every side, uplo, trans and
/// diag, both types, lda k and k + 3, arrays of exactly the length the definition reads (every unread slot NaN), B inside
/// a larger array with ldb > n: results equal the definition (NaiveBlas.Trmm; Trsm by Gaussian elimination,
/// TriangleLength42Tests.Solve), and nothing outside B's m×n elements changes, A included.
/// A non-unit diagonal is read up to the square's last slot, so its exact-length array is the square: it goes as given
/// whatever is forced (the fallback cannot be reached with it), which the counters check too.
/// </summary>
public class UnitTriangleFallback43Tests
{
    private enum Route { AsGiven, Square, Managed }

    [Fact] public void Fallback_Trmm_Double() => Run<double>(solve: false, available: false, 1e-12);
    [Fact] public void Fallback_Trmm_Float() => Run<float>(solve: false, available: false, 1e-5);
    [Fact] public void Fallback_Trsm_Double() => Run<double>(solve: true, available: false, 1e-11);
    [Fact] public void Fallback_Trsm_Float() => Run<float>(solve: true, available: false, 1e-4);

    [Fact] public void Square_Trmm_Double() => Run<double>(solve: false, available: true, 1e-12);
    [Fact] public void Square_Trmm_Float() => Run<float>(solve: false, available: true, 1e-5);
    [Fact] public void Square_Trsm_Double() => Run<double>(solve: true, available: true, 1e-11);
    [Fact] public void Square_Trsm_Float() => Run<float>(solve: true, available: true, 1e-4);

    /// <summary>Nothing forced: the provider's measured behaviour decides (every native library copies a short unit A, the
    /// managed provider takes it as given), and the fallback never runs at ordinary sizes.</summary>
    [Fact] public void AsMeasured_Trmm_Double() => Run<double>(solve: false, available: null, 1e-12);
    [Fact] public void AsMeasured_Trsm_Float() => Run<float>(solve: true, available: null, 1e-4);

    /// <summary>The flag the decision reads, per provider (bench/probes/level3-triangle-guard-page.py, BlasProvider).</summary>
    [Fact]
    public void ProviderFlag_MatchesMeasurement()
    {
        bool reads = BlasProvider.Backend.TriangularLevel3ReadsUnitDiagonal;
        switch (BlasProvider.Current.Name)
        {
            // OpenBLAS too: its Cooperlake dtrmm/strmm read the last diagonal slot (AMD Zen 4, session 44), its Prescott and
            // Haswell kernels do not, and which runs depends on the CPU.
            case "Managed": Assert.False(reads, BlasProvider.Current.Name); break;
            default: Assert.True(reads, BlasProvider.Current.Name); break;
        }
    }

    private static void Run<T>(bool solve, bool? available, double tolerance) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random((solve ? 4343 : 4342) + (available is null ? 0 : available.Value ? 10 : 20));
        bool providerReads = BlasProvider.Backend.TriangularLevel3ReadsUnitDiagonal;
        T sentinel = T.CreateTruncating(-777.25); // written nowhere by a correct call; NaN would hide a NaN write
        int cases = 0;
        var routes = new int[3];
        foreach (int k in new[] { 2, 3, 5, 70 })
            foreach (int other in k == 70 ? new[] { 3 } : new[] { 1, 4 })
                foreach (int lda in new[] { k, k + 3 })
                    foreach (bool left in new[] { true, false })
                        foreach (bool upper in new[] { true, false })
                            foreach (bool unit in new[] { false, true })
                                foreach (bool transposed in new[] { false, true })
                                {
                                    int m = left ? k : other, n = left ? other : k, ldb = n + 2, offset = 5;
                                    int needed = TriangleLength42Tests.Needed(upper, unit, k, lda), square = (k - 1) * lda + k;
                                    var (a, aDouble) = TriangleLength42Tests.ExactTriangle<T>(rng, upper, unit, k, lda);
                                    var aBefore = (T[])a.Clone();
                                    // B at an offset inside a larger array: sentinels before, in the row padding, and after.
                                    int bLength = (m - 1) * ldb + n;
                                    var store = new T[offset + bLength + 7];
                                    Array.Fill(store, sentinel);
                                    var bDouble = new double[bLength];
                                    for (int i = 0; i < m; i++)
                                        for (int j = 0; j < n; j++)
                                        {
                                            store[offset + i * ldb + j] = T.CreateTruncating(Math.Round(rng.NextDouble() * 4 - 2, 3));
                                            bDouble[i * ldb + j] = double.CreateTruncating(store[offset + i * ldb + j]);
                                        }
                                    T alpha = T.CreateTruncating(rng.Next(2) == 0 ? 0.75 : -1.5);
                                    double alphaDouble = double.CreateTruncating(alpha);
                                    var (side, uplo, trans, diag) = (left ? Side.Left : Side.Right, upper ? Triangle.Upper : Triangle.Lower,
                                        transposed ? Transpose.Transposed : Transpose.None, unit ? Diagonal.Unit : Diagonal.NonUnit);
                                    string what = $"{(solve ? "trsm" : "trmm")} {side} m={m} n={n} lda={lda} {uplo} {diag} {trans} (square {available?.ToString() ?? "as measured"}, {BlasProvider.Current.Name})";

                                    var (expected, scale) = solve ? (TriangleLength42Tests.Solve(left, upper, transposed, unit, m, n, alphaDouble, aDouble, lda, bDouble, ldb), null)
                                        : NaiveBlas.Trmm(left, upper, transposed, unit, m, n, alphaDouble, aDouble, lda, bDouble, ldb);

                                    int squares = UnitTriangleSquareSeam.SquaresOnThisThread, fallbacks = UnitTriangleSquareSeam.ManagedFallbacksOnThisThread;
                                    UnitTriangleSquareSeam.AvailableOnThisThread = available;
                                    try
                                    {
                                        var b = store.AsSpan(offset, bLength);
                                        if (solve) Blas.Trsm<T>(side, uplo, trans, diag, m, n, alpha, a, lda, b, ldb);
                                        else Blas.Trmm<T>(side, uplo, trans, diag, m, n, alpha, a, lda, b, ldb);
                                    }
                                    finally { UnitTriangleSquareSeam.AvailableOnThisThread = null; }
                                    var route = (UnitTriangleSquareSeam.SquaresOnThisThread - squares, UnitTriangleSquareSeam.ManagedFallbacksOnThisThread - fallbacks) switch
                                    {
                                        (0, 0) => Route.AsGiven,
                                        (1, 0) => Route.Square,
                                        (0, 1) => Route.Managed,
                                        var counts => throw new Xunit.Sdk.XunitException($"{what}: squares and fallbacks counted {counts}"),
                                    };
                                    // Short A (unit diagonal, order ≥ 2): the forced route, or the provider's measured one.
                                    var want = needed == square ? Route.AsGiven
                                        : available switch { false => Route.Managed, true => Route.Square, null => providerReads ? Route.Square : Route.AsGiven };
                                    Assert.True(want == route, $"{what}: route {route}, expected {want}");
                                    routes[(int)route]++;
                                    cases++;

                                    for (int i = 0; i < m; i++)
                                        for (int j = 0; j < n; j++)
                                        {
                                            double got = double.CreateTruncating(store[offset + i * ldb + j]), w = expected[i * n + j];
                                            Assert.True(Math.Abs(got - w) <= tolerance * (1 + (scale?[i * n + j] ?? Math.Abs(w))), $"{what}: B[{i}, {j}] is {got}, the definition gives {w}");
                                        }
                                    for (int t = 0; t < store.Length; t++)
                                    {
                                        int r = (t - offset) / ldb, c = (t - offset) % ldb;
                                        bool inB = t >= offset && t < offset + bLength && c < n;
                                        if (!inB) Assert.True(store[t] == sentinel, $"{what}: element {t} outside B ({r}, {c}) was written: {store[t]}");
                                    }
                                    for (int t = 0; t < a.Length; t++)
                                        Assert.True(a[t].Equals(aBefore[t]), $"{what}: A[{t}] changed");
                                }
        Assert.Equal(2 * 2 * 2 * 2 * 2 * (3 * 2 + 1), cases);
        // Half the cases have a unit diagonal, each shorter than its square (order ≥ 2): those take the forced route.
        int unitCases = cases / 2;
        var expectedRoutes = available switch
        {
            false => new[] { cases - unitCases, 0, unitCases },
            true => new[] { cases - unitCases, unitCases, 0 },
            null => providerReads ? new[] { cases - unitCases, unitCases, 0 } : new[] { cases, 0, 0 },
        };
        Assert.Equal(expectedRoutes, routes);
    }

    private static double P2(int e) => Math.ScaleB(1.0, e);

    /// <summary>
    /// The fallback is the managed provider's whole path, not its bare substitution: a unit triangle with c = 2^40 below the
    /// diagonal, x₂ = b₂ − c(x₀ + x₁) with b = (2^1000, −2^1000, 0), where c·x₀ overflows in plain substitution (−∞ + ∞ =
    /// NaN) though x = (2^1000, −2^1000, 0) exactly; every provider's path recomputes it (ScaledSubstitution,
    /// TriangularSolveIntermediateOverflowTests). Before session 43 the fallback called ManagedBlas.Trsm alone and gave
    /// NaN. An ordinary right-hand side (1, 2, 3) → (1, 2, 3 − 3c) shares the call. Left with a lower A and right with an
    /// upper A (the same recurrence), exact-length arrays; each route forced in turn gives the same answer.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    [InlineData(null)]
    public void Fallback_Trsm_FiniteSolutionDespiteOverflowingPartialSums(bool? available)
    {
        double c = P2(40), h = P2(1000);
        const int k = 3, lda = 4;
        foreach (bool left in new[] { true, false })
        {
            // Left: lower A, A[2,0] = A[2,1] = c; right: upper A, A[0,2] = A[1,2] = c (x op(A) = b column-wise the same).
            var a = new double[left ? (k - 1) * lda + k - 1 : (k - 2) * lda + k];
            Array.Fill(a, double.NaN);
            if (left) { a[1 * lda + 0] = 0; a[2 * lda + 0] = c; a[2 * lda + 1] = c; }
            else { a[0 * lda + 1] = 0; a[0 * lda + 2] = c; a[1 * lda + 2] = c; }
            // Two right-hand sides: B 3×2 (left, columns) or 2×3 (right, rows), ldb padded, padding NaN.
            double[][] rhs = [[h, -h, 0], [1, 2, 3]];
            double[][] want = [[h, -h, 0], [1, 2, 3 - 3 * c]];
            int m = left ? k : 2, n = left ? 2 : k, ldb = n + 1;
            var b = Enumerable.Repeat(double.NaN, (m - 1) * ldb + n).ToArray();
            int At(int r, int i) => left ? i * ldb + r : r * ldb + i;
            for (int r = 0; r < 2; r++)
                for (int i = 0; i < k; i++) b[At(r, i)] = rhs[r][i];
            var (side, uplo) = left ? (Side.Left, Triangle.Lower) : (Side.Right, Triangle.Upper);
            int fallbacks = UnitTriangleSquareSeam.ManagedFallbacksOnThisThread;
            UnitTriangleSquareSeam.AvailableOnThisThread = available;
            try { Blas.Trsm(side, uplo, Transpose.None, Diagonal.Unit, m, n, 1.0, a, lda, b, ldb); }
            finally { UnitTriangleSquareSeam.AvailableOnThisThread = null; }
            Assert.Equal(available == false ? 1 : 0, UnitTriangleSquareSeam.ManagedFallbacksOnThisThread - fallbacks);
            for (int r = 0; r < 2; r++)
                for (int i = 0; i < k; i++)
                    Assert.True(want[r][i] == b[At(r, i)], $"{side} {uplo} square {available}: x[{r}][{i}] is {b[At(r, i)]}, exactly {want[r][i]}");
        }
    }

    /// <summary>
    /// The seam is per thread: while one thread forces the fallback, a call on another thread takes its own route (the
    /// provider's measured one) and the first thread's counters see only its own calls.
    /// </summary>
    [Fact]
    public void Seam_IsPerThread()
    {
        var a = new double[] { 9, 0.5, double.NaN, 9 }; // unit upper 2×2, lda 2, needs 2 elements; more given is fine
        var shortA = a.AsSpan(0, 2).ToArray();
        UnitTriangleSquareSeam.AvailableOnThisThread = false;
        try
        {
            int otherFallbacks = -1;
            var b2 = new[] { 1.0, 2.0 };
            var other = new Thread(() =>
            {
                Blas.Trmm(Side.Left, Triangle.Upper, Transpose.None, Diagonal.Unit, 2, 1, 1.0, shortA, 2, b2, 1);
                otherFallbacks = UnitTriangleSquareSeam.ManagedFallbacksOnThisThread;
            });
            other.Start();
            other.Join();
            Assert.Equal(0, otherFallbacks);
            Assert.Equal(new[] { 2.0, 2.0 }, b2);
            int before = UnitTriangleSquareSeam.ManagedFallbacksOnThisThread;
            var b = new[] { 1.0, 2.0 };
            Blas.Trmm(Side.Left, Triangle.Upper, Transpose.None, Diagonal.Unit, 2, 1, 1.0, shortA, 2, b, 1);
            Assert.Equal(before + 1, UnitTriangleSquareSeam.ManagedFallbacksOnThisThread);
            Assert.Equal(new[] { 2.0, 2.0 }, b); // [1 0.5; 0 1]·(1, 2) = (2, 2)
        }
        finally { UnitTriangleSquareSeam.AvailableOnThisThread = null; }
    }
}
