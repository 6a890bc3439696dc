using BlasNet.Providers;
using System.Globalization;
namespace BlasNet;

/// <summary>
/// Validated LAPACK routines (double precision) on the provider's native LAPACK when it has one
/// (OpenBLAS and MKL do), else in managed code with the same storage conventions.
/// <para>
/// The span forms are column-major (Fortran order, as LAPACK itself), return LAPACK's INFO for
/// numerical outcomes (0 = success) and throw <see cref="ArgumentException"/> for bad arguments.
/// The <see cref="Matrix{T}"/> forms (<see cref="QrPivoted"/>, <see cref="Cholesky"/>,
/// <see cref="SolveTriangular"/>) return immutable results and are the everyday path.
/// </para>
/// </summary>
public static class Lapack
{
    /// <summary>QR factorization <c>A = QR</c> of the column-major m×n A in place (R on and above the diagonal, Householder vectors below; τ has min(m, n) elements). Returns INFO.</summary>
    public static int Geqrf(int m, int n, Span<double> a, int lda, Span<double> tau)
    {
        Check.NonNegative(m, nameof(m)); Check.NonNegative(n, nameof(n));
        Check.ColumnMajor(a.Length, m, n, lda, nameof(a), nameof(lda));
        Check.Length(tau.Length, Math.Min(m, n), nameof(tau), "min(m, n)");
        if (m == 0 || n == 0) return 0;
        a = a[..Extent(m, n, lda)]; tau = tau[..Math.Min(m, n)];
        Check.NoOverlapColumnMajorVector<double>(a, m, n, lda, tau, Math.Min(m, n), nameof(a), nameof(tau)); // τ may sit in rows lda leaves free
        return BlasProvider.Backend.Geqrf(m, n, a, lda, tau);
    }

    /// <summary>
    /// QR factorization with column pivoting <c>A P = QR</c> in place; every column is free to
    /// pivot. <paramref name="jpvt"/> receives the zero-based permutation: column j of AP is column
    /// jpvt[j] of A. Returns INFO.
    /// </summary>
    public static int Geqp3(int m, int n, Span<double> a, int lda, Span<int> jpvt, Span<double> tau)
    {
        Check.NonNegative(m, nameof(m)); Check.NonNegative(n, nameof(n));
        Check.ColumnMajor(a.Length, m, n, lda, nameof(a), nameof(lda));
        Check.Length(jpvt.Length, n, nameof(jpvt), "n");
        Check.Length(tau.Length, Math.Min(m, n), nameof(tau), "min(m, n)");
        if (n == 0) return 0;
        if (m == 0)
        {
            for (int j = 0; j < n; j++) jpvt[j] = j;
            return 0;
        }
        a = a[..Extent(m, n, lda)]; tau = tau[..Math.Min(m, n)];
        Check.NoOverlapColumnMajorVector<double>(a, m, n, lda, tau, Math.Min(m, n), nameof(a), nameof(tau));
        return BlasProvider.Backend.Geqp3(m, n, a, lda, jpvt, tau);
    }

    /// <summary>
    /// Overwrites the column-major m×n C with op(Q)·C (left) or C·op(Q) (right), Q being the product
    /// of the k reflectors from <see cref="Geqrf"/> or <see cref="Geqp3"/> stored in a (order m for
    /// left, n for right). Returns INFO. One column on the left (n = 1: Q·b, Qᵀ·b) is computed in managed vector code on
    /// every provider, in a summation order fixed by m and k alone: through the native dormqr (its blocked path) it took
    /// 2.5–50× as long (20×10 to 1000×300 reflectors), and the results agree with the native ones to rounding.
    /// </summary>
    public static int Ormqr(Side side, Transpose trans, int m, int n, int k, ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> tau, Span<double> c, int ldc)
    {
        Check.Flag(side, nameof(side)); Check.Flag(trans, nameof(trans));
        Check.NonNegative(m, nameof(m)); Check.NonNegative(n, nameof(n)); Check.NonNegative(k, nameof(k));
        int order = side == Side.Left ? m : n;
        if (k > order) throw new ArgumentOutOfRangeException(nameof(k), k, string.Create(CultureInfo.InvariantCulture, $"k = {k} reflectors cannot exceed the order of Q ({order})."));
        Check.ColumnMajor(a.Length, order, k, lda, nameof(a), nameof(lda));
        Check.Length(tau.Length, k, nameof(tau), "k");
        Check.ColumnMajor(c.Length, m, n, ldc, nameof(c), nameof(ldc));
        if (m == 0 || n == 0 || k == 0) return 0;
        a = a[..Extent(order, k, lda)]; tau = tau[..k]; c = c[..Extent(m, n, ldc)];
        // Element-exact: C stacked under the reflectors in one workspace shares none of A's elements. A's whole order×k
        // rectangle counts, not only the reflectors under its diagonal, as LAPACK requires: it documents A as modified and
        // restored (dorm2r sets each diagonal entry to 1 while it works; NativeBackend hands it a copy for that reason).
        Check.NoOverlapColumnMajor(a, order, k, lda, c, m, n, ldc, nameof(a), nameof(c));
        Check.NoOverlapVectorColumnMajor(tau, k, c, m, n, ldc, nameof(tau), nameof(c));
        // One column on the left (PivotedQr's ApplyQ and Solve) in managed vector code on every provider: OpenBLAS's dormqr
        // takes its blocked path there, forming each 32-reflector block's triangular factor (dlarft, about m·k·32 flops) to
        // apply it to a single column (4·m·k flops), and MKL's dormqr is slow there too; the native call also needs a copy of the
        // reflectors (dorm2r writes their diagonal). At 200×100, Qᵀb took 197 µs on OpenBLAS and 111 µs on MKL, 4.4 µs here;
        // faster on all four providers from 20×10 to 1000×300 (bench/RESULTS.md, "Session 47, lapack47"; `ormqr-quick`).
        if (side == Side.Left && n == 1)
        {
            ManagedLapack.OrmqrOneColumn(trans, m, k, a, lda, tau, c);
            return 0;
        }
        return BlasProvider.Backend.Ormqr(side, trans, m, n, k, a, lda, tau, c, ldc);
    }

    /// <summary>Solves <c>op(A) X = B</c> in place of the column-major n×nrhs B, A n×n triangular. Returns INFO (i &gt; 0: A[i−1, i−1] is zero and nothing was solved). With finite operands, a column of B whose exact solution is finite gets a finite answer even where substitution's partial sums overflow (a non-finite answer is recomputed by substitution with an exponent per component, where no partial sum, product or quotient overflows or underflows: as accurate as substitution without range limits); one whose solution leaves the range keeps plain substitution's ±∞ and NaN, on every provider. Where terms beyond the range cancel in a sum that also holds smaller ones, the rounding of substitution, with or without range limits, can itself leave the range: that answer stays non-finite although the exact one is finite. A finite plain answer is kept: as in any IEEE substitution, a component that underflows to 0 can hide a later one's growth.</summary>
    public static int Trtrs(Triangle uplo, Transpose trans, Diagonal diag, int n, int nrhs, ReadOnlySpan<double> a, int lda, Span<double> b, int ldb)
    {
        Check.Flag(uplo, nameof(uplo)); Check.Flag(trans, nameof(trans)); Check.Flag(diag, nameof(diag));
        // No right-hand side still gets the singularity check, as in reference LAPACK (and SciPy): returning 0 made
        // SolveTriangular hand back an empty X for a singular A instead of its documented ArithmeticException.
        if (!SolveOperands(uplo, diag, n, nrhs, ref a, lda, ref b, ldb)) return diag == Diagonal.NonUnit ? FirstZeroOnDiagonal(n, a, lda) : 0;
        return TriangularSolve(cholesky: false, uplo, trans, diag, n, nrhs, a, lda, b, ldb);
    }

    /// <summary>One-based index of the first zero on the diagonal of the column-major order-n A, or 0 (LAPACK's INFO for a singular triangle).</summary>
    private static int FirstZeroOnDiagonal(int n, ReadOnlySpan<double> a, int lda)
    {
        for (int i = 0; i < n; i++)
            if (a[i * lda + i] == 0) return i + 1;
        return 0;
    }

    /// <summary>
    /// Cholesky factorization of the column-major symmetric positive definite n×n A in place (the
    /// <paramref name="uplo"/> triangle). Returns INFO (i &gt; 0: the leading minor of order i is not
    /// positive definite). A NaN or ±∞ in the referenced triangle counts as not positive definite on
    /// every provider: INFO is the order of the smallest leading minor holding one (or of a smaller minor
    /// that already fails, as LAPACK stops at the first failing pivot), and a is left
    /// unchanged (as reference LAPACK's NaN check on the pivots, which some optimized builds skip).
    /// </summary>
    public static int Potrf(Triangle uplo, int n, Span<double> a, int lda)
    {
        Check.Flag(uplo, nameof(uplo));
        Check.NonNegative(n, nameof(n));
        Check.ColumnMajor(a.Length, n, n, lda, nameof(a), nameof(lda));
        if (n == 0) return 0;
        // The vectorised scan of the triangle first: the strided search for the failing minor runs only when it fails.
        if (!FiniteScan.ColumnMajorTriangle(uplo, Diagonal.NonUnit, n, a, lda)) return FirstFailingMinorBeforeFactoring(uplo, n, a, lda);
        return BlasProvider.Backend.Potrf(uplo, n, a, lda);
    }

    /// <summary>
    /// INFO for a triangle holding a NaN or ±∞, a left unchanged: the first non-finite leading minor k, unless a smaller
    /// minor already fails, which LAPACK's factorization, stopping at the first failing pivot, reports instead. Returning k
    /// alone gave 3 for diag(−1, 1, NaN) where reference LAPACK and SciPy give 1, and INFO = i promises the minors below
    /// order i are positive definite. The leading order-(k − 1) block (finite) is factored on a copy: O(k³) on this
    /// failure path only.
    /// </summary>
    private static int FirstFailingMinorBeforeFactoring(Triangle uplo, int n, ReadOnlySpan<double> a, int lda)
    {
        int k = FirstNonFiniteMinor(uplo, n, a, lda);
        int p = k - 1;
        if (p == 0) return k;
        var lead = new double[p * p];
        for (int j = 0; j < p; j++) a.Slice(j * lda, p).CopyTo(lead.AsSpan(j * p, p));
        int info = BlasProvider.Backend.Potrf(uplo, p, lead, p);
        return info > 0 ? info : k;
    }

    /// <summary>The order (one-based) of the smallest leading minor of the referenced triangle that holds a NaN or ±∞, or 0.</summary>
    private static int FirstNonFiniteMinor(Triangle uplo, int n, ReadOnlySpan<double> a, int lda)
    {
        // O(n²) against the factorization's O(n³): row k of the lower triangle (column k of the
        // upper) completes the leading minor of order k + 1.
        for (int k = 0; k < n; k++)
            for (int j = 0; j <= k; j++)
            {
                double v = uplo == Triangle.Lower ? a[j * lda + k] : a[k * lda + j];
                if (!double.IsFinite(v)) return k + 1;
            }
        return 0;
    }

    /// <summary>Solves <c>A X = B</c> in place of the column-major n×nrhs B with the factor from <see cref="Potrf"/>. Returns INFO. As LAPACK's dpotrs, the factor is not checked: one with a zero on its diagonal (not from a successful Potrf) divides by it, so the components of X that depend on it are ±∞ or NaN, and INFO stays 0. With finite operands, a column of B whose exact solution is finite gets a finite answer even where substitution's partial sums, or the intermediate solution of the first triangle, overflow (a non-finite answer is recomputed by substitution with an exponent per component, where no partial sum, product or quotient overflows or underflows: as accurate as substitution without range limits); one whose solution leaves the range keeps plain substitution's ±∞ and NaN, on every provider. Where terms beyond the range cancel in a sum that also holds smaller ones, the rounding of substitution, with or without range limits, can itself leave the range: that answer stays non-finite although the exact one is finite. A finite plain answer is kept: as in any IEEE substitution, a component that underflows to 0 can hide a later one's growth.</summary>
    public static int Potrs(Triangle uplo, int n, int nrhs, ReadOnlySpan<double> a, int lda, Span<double> b, int ldb)
    {
        Check.Flag(uplo, nameof(uplo));
        if (!SolveOperands(uplo, Diagonal.NonUnit, n, nrhs, ref a, lda, ref b, ldb)) return 0; // dpotrs reads the factor's diagonal
        return TriangularSolve(cholesky: true, uplo, Transpose.None, Diagonal.NonUnit, n, nrhs, a, lda, b, ldb);
    }

    /// <summary>
    /// The solve of <see cref="Trtrs"/> (op(A) X = B, A triangular) or, with <paramref name="cholesky"/>, of <see cref="Potrs"/>
    /// (LLᵀ or UᵀU X = B) on checked, trimmed operands; returns INFO.
    /// </summary>
    private static int TriangularSolve(bool cholesky, Triangle uplo, Transpose trans, Diagonal diag, int n, int nrhs,
        ReadOnlySpan<double> a, int lda, Span<double> b, int ldb)
    {
        // NaN and ∞ are data: substitution in managed code sends them exactly to the components that depend on them,
        // where blocked native solves can leak them into others (0·∞).
        double bMax = FiniteScan.ColumnMajorMaxAbs(n, nrhs, b, ldb); // NaN when B is not finite
        if (double.IsNaN(bMax) || !FiniteScan.ColumnMajorTriangle(uplo, diag, n, a, lda))
            return Substitution(cholesky, uplo, trans, diag, n, nrhs, a, lda, b, ldb);
        // Finite A and B can still give a solution beyond double's range; native blocked solves then leak NaN (0·∞) into
        // components that do not depend on it, so a non-finite answer is recomputed by substitution from the kept B.
        // The copy is bounded: a large B goes in panels of whole columns, each solved from its own (SolveOverflowCopy).
        // It is skipped when a bound on the growth of |X| over max|B| proves the solution finite (SolveGrowthBound); the
        // panels stay, so the native calls and the bits of X are the same either way.
        bool proven = SolveGrowthBound.ColumnMajorProves(cholesky, uplo, trans, diag, n, a, lda, nrhs, bMax);
        int w = SolveOverflowCopy.PanelCount(n, nrhs);
        for (int j0 = 0; j0 < nrhs; j0 += w)
        {
            int k = Math.Min(w, nrhs - j0);
            Span<double> panel = b[(j0 * ldb)..];
            var saved = proven ? null : SolveOverflowCopy.Save<double>(k, n, panel, ldb);
            int info = cholesky
                ? BlasProvider.Backend.Potrs(uplo, n, k, a, lda, panel, ldb)
                : BlasProvider.Backend.Trtrs(uplo, trans, diag, n, k, a, lda, panel, ldb);
            if (saved is not null)
            {
                if (SolveOverflowCopy.Overflowed(saved, k, n, panel, ldb))
                {
                    // A column left non-finite may only have overflowed in a partial sum: solved again without range limits (ScaledSubstitution).
                    info = Substitution(cholesky, uplo, trans, diag, n, k, a, lda, panel, ldb);
                    if (info == 0) ScaledSubstitution.Lapack(cholesky, uplo, trans, diag, n, k, a, lda, panel, ldb, saved);
                }
                SolveOverflowCopy.Return(saved);
            }
            if (info != 0) return info; // a zero on the diagonal: nothing is solved, in any panel
        }
        return 0;
    }

    private static int Substitution(bool cholesky, Triangle uplo, Transpose trans, Diagonal diag, int n, int nrhs,
        ReadOnlySpan<double> a, int lda, Span<double> b, int ldb) => cholesky
        ? ManagedLapack.Potrs(uplo, n, nrhs, a, lda, b, ldb)
        : ManagedLapack.Trtrs(uplo, trans, diag, n, nrhs, a, lda, b, ldb);

    /// <summary>Checks the order-n A (its <paramref name="uplo"/> triangle read, the diagonal unless <paramref name="diag"/> is unit) and the n×nrhs B (column-major) of a solve and trims both to what it touches; false: nothing to solve.</summary>
    private static bool SolveOperands(Triangle uplo, Diagonal diag, int n, int nrhs, ref ReadOnlySpan<double> a, int lda, ref Span<double> b, int ldb)
    {
        Check.NonNegative(n, nameof(n)); Check.NonNegative(nrhs, nameof(nrhs));
        Check.ColumnMajor(a.Length, n, n, lda, nameof(a), nameof(lda));
        Check.ColumnMajor(b.Length, n, nrhs, ldb, nameof(b), nameof(ldb));
        if (n == 0 || nrhs == 0) return false;
        a = a[..Extent(n, n, lda)]; b = b[..Extent(n, nrhs, ldb)];
        // Element-exact, and only the elements the solve reads count: B stacked under A in one workspace, or stored in A's
        // other triangle, its padding or a unit diagonal, is a valid solve. No LAPACK BlasNet loads (nor the managed solve,
        // the finite scan, the growth bound or the scaled substitution here) reads those slots, diag = 'N' reads the diagonal
        // (bench/probes/lapack-solve-unread-nan.py). A's required length stays the whole square's, as LAPACK documents it.
        Check.NoOverlapColumnMajorTriangle(a, uplo, diag, n, lda, b, n, nrhs, ldb, nameof(a), nameof(b));
        return true;
    }

    /// <summary>QR factorization with column pivoting of a (the input is not modified).</summary>
    /// <exception cref="NotFiniteNumberException">a holds a NaN or ±∞ (the message gives its position): the pivot order, R and the rank would be meaningless, and providers would disagree on them.</exception>
    public static PivotedQr QrPivoted(Matrix<double> a)
    {
        ArgumentNullException.ThrowIfNull(a);
        RequireFinite(a, nameof(a), "a pivoted QR factorization");
        int m = a.Rows, n = a.Columns;
        // In an aligned buffer (PivotedQr keeps it): the same matrix gives the same factor bits on every call and run.
        var packed = new AlignedBuffer<double>(m * n);
        ToColumnMajor(a, packed.Span);
        // Entries near double.MaxValue: LAPACK's reflector forms α − β, about twice a column's norm, which overflows
        // (OpenBLAS and MKL then left a column unreflected: a wrong R reported as a factorization). Factor 2^-k·A instead,
        // exactly (a power of two), and keep k: R = 2^k·R_stored, Q and the reflectors are unchanged by the scale. Tiny data
        // (largest below 2^-900, subnormal entries) are scaled up the same way, exactly, so no digit is lost below 2^-1022.
        int k = PivotedQr.ScaleExponent(packed.Span);
        if (k != 0) PivotedQr.Scale(packed.Span, -k);
        var tau = new AlignedBuffer<double>(Math.Min(m, n));
        var perm = new int[n];
        Geqp3(m, n, packed.Span, Math.Max(1, m), perm, tau.Span);
        return new PivotedQr(m, n, packed, tau, perm, k);
    }

    /// <summary>Cholesky factor L (lower, <c>A = LLᵀ</c>) of a symmetric positive definite matrix (its lower triangle is read).</summary>
    /// <exception cref="ArgumentException">a is not square.</exception>
    /// <exception cref="NotFiniteNumberException">a holds a NaN or ±∞ anywhere (the message gives its position); an <see cref="ArithmeticException"/>, so code catching "not positive definite" catches it too.</exception>
    /// <exception cref="ArithmeticException">a is not positive definite (the message gives the failing minor).</exception>
    public static CholeskyFactor Cholesky(Matrix<double> a)
    {
        ArgumentNullException.ThrowIfNull(a);
        Check.Square(a.Rows, a.Columns, nameof(a));
        RequireFinite(a, nameof(a), "a Cholesky factorization");
        int n = a.Rows;
        // In an aligned buffer (CholeskyFactor keeps it), as QrPivoted's factor: MKL without MKL_CBWR=COMPATIBLE rounds dpotrf
        // and dpotrs by where the factor lies (session claims50, on an AMD EPYC), and a factor in an ordinary array gave two
        // different solutions in 20 equal calls there.
        var packed = new AlignedBuffer<double>(n * n);
        ToColumnMajor(a, packed.Span);
        int info = Potrf(Triangle.Lower, n, packed.Span, Math.Max(1, n));
        if (info > 0) throw new ArithmeticException(string.Create(CultureInfo.InvariantCulture, $"a ({n}×{n}) is not positive definite: the leading minor of order {info} is not."));
        return new CholeskyFactor(n, packed);
    }

    /// <summary>Solves <c>op(A) X = B</c> for a triangular A (its <paramref name="uplo"/> triangle) and returns X. Overflow as in <see cref="Trtrs"/>: a column whose exact solution is finite gets a finite answer even where substitution's partial sums overflow; one that leaves double's range keeps plain substitution's ±∞ or NaN; where terms beyond the range cancel beside smaller ones, substitution's own rounding can leave the range and the answer stays non-finite, and a finite plain answer is kept.</summary>
    /// <exception cref="ArithmeticException">A has a zero on its diagonal (the message gives its zero-based position and the order of a).</exception>
    /// <exception cref="ArgumentException">a is not square, or b's rows differ from a's order.</exception>
    public static Matrix<double> SolveTriangular(Triangle uplo, Matrix<double> a, Matrix<double> b, Transpose trans = Transpose.None)
    {
        ArgumentNullException.ThrowIfNull(a); ArgumentNullException.ThrowIfNull(b);
        Check.Square(a.Rows, a.Columns, nameof(a));
        if (b.Rows != a.Rows) throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"b has {b.Rows} rows but a is {a.Rows}×{a.Columns}."), nameof(b));
        // Both copies start on 64-byte boundaries: MKL without MKL_CBWR=COMPATIBLE rounds dtrtrs by where A and B lie (30 of 48
        // calls, bench/probes/trtrs-offset-rounding.py), and ordinary arrays gave two different answers in 20 equal calls
        // (bench/probes/run-to-run, mode lapack; session 46, lapack51). In scratch pinned for the call, not in AlignedBuffers:
        // a pinned-heap allocation per call made a 100×100 solve several times slower (bench/RESULTS.md).
        // One scratch each: their lengths are each a matrix's, so no sum of them can pass int's range.
        int n = a.Rows;
        using var sa = new AlignedScratch(n * n);
        using var sb = new AlignedScratch(n * b.Columns);
        Span<double> ca = sa.Span, cb = sb.Span;
        ToColumnMajor(a, ca);
        ToColumnMajor(b, cb);
        int info = Trtrs(uplo, trans, Diagonal.NonUnit, n, b.Columns, ca, Math.Max(1, n), cb, Math.Max(1, n));
        if (info > 0) throw new ArithmeticException(string.Create(CultureInfo.InvariantCulture, $"a ({n}×{n}) is singular: a[{info - 1},{info - 1}] is zero (zero-based), so op(a) X = b has no unique solution."));
        return FromColumnMajor(cb, n, b.Columns); // a new matrix: nothing returned lives in the scratch
    }

    /// <summary>Throws <see cref="NotFiniteNumberException"/> naming the first NaN or ±∞ of a (as seen) and its position.</summary>
    private static void RequireFinite(Matrix<double> a, string name, string what)
    {
        var s = a.AsSpan();
        for (int k = 0; k < s.Length; k++)
        {
            if (double.IsFinite(s[k])) continue;
            int sc = Math.Max(1, a.StorageColumns), i = k / sc, j = k % sc;
            if (a.IsTransposed) (i, j) = (j, i);
            throw new NotFiniteNumberException(
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{name}[{i},{j}] is {s[k]} in the {a.Rows}×{a.Columns} {name}: {what} needs finite values (NaN and ±∞ would give a factor that only looks like a result)."), s[k]);
        }
    }

    /// <summary>Elements a column-major rows×cols operand spans: only these are read or written, so only these may not overlap.</summary>
    private static int Extent(int rows, int cols, int ld) => rows == 0 || cols == 0 ? 0 : (cols - 1) * ld + rows;

    internal static double[] ToColumnMajor(Matrix<double> a)
    {
        var r = new double[a.Rows * a.Columns];
        ToColumnMajor(a, r);
        return r;
    }

    /// <summary>Writes <paramref name="a"/> column-major (leading dimension its rows) into <paramref name="destination"/>.</summary>
    internal static void ToColumnMajor(Matrix<double> a, Span<double> destination)
    {
        for (int j = 0; j < a.Columns; j++)
            for (int i = 0; i < a.Rows; i++) destination[j * a.Rows + i] = a[i, j];
    }

    internal static Matrix<double> FromColumnMajor(ReadOnlySpan<double> c, int rows, int cols, int ld = -1)
    {
        if (ld < 0) ld = Math.Max(1, rows);
        var m = new Matrix<double>(rows, cols);
        var s = m.AsSpan();
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) s[i * cols + j] = c[j * ld + i];
        return m;
    }
}
