using System.Numerics;
using System.Runtime.InteropServices;

namespace BlasNet.Providers;

/// <summary>
/// The LAPACK routines BlasNet binds, in managed code, column-major with LAPACK's storage
/// conventions (Householder vectors below the diagonal, τ separately), so results are
/// interchangeable with a native LAPACK's. Unblocked: these serve small problems and machines
/// without a native LAPACK. Each returns LAPACK's INFO.
/// </summary>
internal static class ManagedLapack
{
    public static int Geqrf(int m, int n, Span<double> a, int lda, Span<double> tau)
    {
        int kmax = Math.Min(m, n);
        for (int j = 0; j < kmax; j++)
        {
            tau[j] = Reflect(m, j, a, lda, j);
            ApplyLeft(m, j, a, lda, j, tau[j], j + 1, n);
        }
        return 0;
    }

    /// <summary>QR with column pivoting; <paramref name="jpvt"/> receives the zero-based permutation (column j of AP is column jpvt[j] of A).</summary>
    /// <remarks>
    /// The pivot is chosen as LAPACK's dlaqp2 chooses it, from column norms computed once and downdated after each step
    /// (recomputed only where cancellation has eaten half the digits), the first of equal norms winning. Norms recomputed
    /// from the reflected columns at every step differed from the downdated ones by rounding, which decided exact ties
    /// differently: for orthogonal columns of equal norm (a Hadamard-like design, [[1, 1, 0, 0], [1, −1, 0, 0],
    /// [0, 0, 1, 1], [0, 0, 1, −1]]) the managed provider pivoted [0, 2, 3, 1] where OpenBLAS, MKL and SciPy keep [0, 1, 2, 3].
    /// </remarks>
    public static int Geqp3(int m, int n, Span<double> a, int lda, Span<int> jpvt, Span<double> tau)
    {
        for (int j = 0; j < n; j++) jpvt[j] = j;
        int kmax = Math.Min(m, n);
        // vn1: the downdated norm of each column's part still to be reduced; vn2: its norm when last computed exactly.
        var vn1 = new double[n];
        var vn2 = new double[n];
        for (int c = 0; c < n; c++) vn1[c] = vn2[c] = PivotNorm(a.Slice(c * lda, m));
        for (int j = 0; j < kmax; j++)
        {
            // idamax: the first largest; a NaN norm is never larger (reference BLAS compares with >).
            int best = j;
            for (int c = j + 1; c < n; c++)
                if (vn1[c] > vn1[best]) best = c;
            if (best != j)
            {
                for (int r = 0; r < m; r++) (a[j * lda + r], a[best * lda + r]) = (a[best * lda + r], a[j * lda + r]);
                (jpvt[j], jpvt[best]) = (jpvt[best], jpvt[j]);
                vn1[best] = vn1[j];
                vn2[best] = vn2[j];
            }
            tau[j] = Reflect(m, j, a, lda, j);
            ApplyLeft(m, j, a, lda, j, tau[j], j + 1, n);
            for (int c = j + 1; c < n; c++)
            {
                if (vn1[c] == 0) continue;
                // Row j of column c has left the part to reduce: ‖rest‖² = ‖part‖² − a[j, c]².
                double ratio = Math.Abs(a[c * lda + j]) / vn1[c];
                double temp = Math.Max(1 - ratio * ratio, 0);
                double scaled = vn1[c] / vn2[c]; // vn2 ≥ vn1 > 0: vn1 only shrinks from the vn2 it was set to
                if (temp * scaled * scaled <= NormRecomputeThreshold)
                {
                    vn1[c] = j + 1 < m ? PivotNorm(a.Slice(c * lda + j + 1, m - j - 1)) : 0;
                    vn2[c] = vn1[c];
                }
                else vn1[c] *= Math.Sqrt(temp);
            }
        }
        return 0;
    }

    /// <summary>
    /// A column norm for choosing pivots, correctly rounded but in the rarest cases: the squares of the column scaled by a
    /// power of two (exact) summed in double-double (each square's rounding error from an FMA, each addition's from
    /// TwoSum), so columns of equal norm get equal doubles whatever the order of their entries, and ties go to the first
    /// as in dgeqp3. The vectorised Nrm2 rounds in an order that depends on where the entries sit: a column and a
    /// permutation of it, (1.3, 3.7, 0.2, 0.7) and (1.3, 0.2, 3.7, 0.7), got norms 1 ulp apart and the managed provider
    /// pivoted [1, 0] where OpenBLAS and SciPy (whose dnrm2 sums in extended precision) give [0, 1]. NaN and ±∞ go to Nrm2.
    /// </summary>
    private static double PivotNorm(ReadOnlySpan<double> x)
    {
        double big = 0;
        foreach (double v in x) big = Math.Max(big, Math.Abs(v)); // Math.Max propagates NaN
        if (!double.IsFinite(big)) return Norm(x);
        if (big == 0) return 0;
        int e = Math.ILogB(big); // scaled, the largest entry is in [1, 2): no square overflows, and those that underflow are negligible
        double s = 0, c = 0;
        foreach (double v in x)
        {
            double y = Math.ScaleB(v, -e);
            double p = y * y;
            double t = s + p, bp = t - s;
            c += (s - (t - bp)) + (p - bp) + Math.FusedMultiplyAdd(y, y, -p);
            s = t;
        }
        return Math.ScaleB(Math.Sqrt(s + c), e);
    }

    /// <summary>dlaqp2's tol3z, √ε (ε = 2⁻⁵³): a downdated norm that has lost about half its digits is computed again.</summary>
    private static readonly double NormRecomputeThreshold = Math.Sqrt(Math.ScaleB(1.0, -53));

    public static int Ormqr(Side side, Transpose trans, int m, int n, int k, ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> tau, Span<double> c, int ldc)
    {
        // Q = H₀H₁…H₍k−1₎: QC and CQᵀ apply the last reflector first, QᵀC and CQ the first.
        bool lastFirst = (side == Side.Left) == (trans == Transpose.None);
        for (int s = 0; s < k; s++)
        {
            int i = lastFirst ? k - 1 - s : s;
            double t = tau[i];
            if (t == 0) continue;
            var v = a.Slice(i * lda); // v[i] = 1 implicitly, v[r] for r > i stored
            if (side == Side.Left)
            {
                for (int col = 0; col < n; col++)
                {
                    var cc = c.Slice(col * ldc);
                    double w = cc[i];
                    for (int r = i + 1; r < m; r++) w += v[r] * cc[r];
                    w *= t;
                    cc[i] -= w;
                    for (int r = i + 1; r < m; r++) cc[r] -= w * v[r];
                }
            }
            else
            {
                for (int row = 0; row < m; row++)
                {
                    double w = c[i * ldc + row];
                    for (int r = i + 1; r < n; r++) w += c[r * ldc + row] * v[r];
                    w *= t;
                    c[i * ldc + row] -= w;
                    for (int r = i + 1; r < n; r++) c[r * ldc + row] -= w * v[r];
                }
            }
        }
        return 0;
    }

    /// <summary>
    /// Q·c or Qᵀ·c for one column c of length m (Ormqr's left side with n = 1), each reflector as a dot and an update in vector
    /// lanes (dorm2r's dlarf on one column). A is only read: no diagonal entry is set to 1, so no copy of the reflectors is
    /// needed. The order of every sum is fixed by m and the reflector alone, not by where the operands lie, so equal calls give
    /// equal bits wherever the garbage collector has moved the arrays.
    /// </summary>
    public static void OrmqrOneColumn(Transpose trans, int m, int k, ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> tau, Span<double> c)
    {
        bool lastFirst = trans == Transpose.None; // Q = H₀H₁…H₍k−1₎: Qc applies the last reflector first
        for (int s = 0; s < k; s++)
        {
            int i = lastFirst ? k - 1 - s : s;
            double t = tau[i];
            if (t == 0) continue;
            int below = m - i - 1;
            var v = a.Slice(i * lda + i + 1, below); // v[i] = 1 implicitly
            var tail = c.Slice(i + 1, below);
            double w = t * (c[i] + DotInLanes(v, tail));
            c[i] -= w;
            SubtractMultiple(tail, w, v);
        }
    }

    /// <summary>Σ x[i]·y[i] in two vector accumulators from element 0 (unaligned loads), then the remainder in order.</summary>
    /// <remarks>
    /// Not TensorPrimitives.Dot and MultiplyAdd, which the managed BLAS calls: with them (placement-independent too) the
    /// whole Qᵀb took twice as long at 200×100 (8.8 against 4.2–4.6 µs on OpenBLAS, `ormqr-quick`, two builds alternated,
    /// session 47's review; 20×10: 2.3 against 1.8 µs): their per-call set-up is paid per reflector, on vectors of 10–200.
    /// </remarks>
    private static double DotInLanes(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        int n = x.Length, w = Vector<double>.Count, i = 0;
        ref double xr = ref MemoryMarshal.GetReference(x), yr = ref MemoryMarshal.GetReference(y);
        Vector<double> s0 = Vector<double>.Zero, s1 = Vector<double>.Zero;
        for (; i <= n - 2 * w; i += 2 * w)
        {
            s0 += Vector.LoadUnsafe(ref xr, (nuint)i) * Vector.LoadUnsafe(ref yr, (nuint)i);
            s1 += Vector.LoadUnsafe(ref xr, (nuint)(i + w)) * Vector.LoadUnsafe(ref yr, (nuint)(i + w));
        }
        if (i <= n - w) { s0 += Vector.LoadUnsafe(ref xr, (nuint)i) * Vector.LoadUnsafe(ref yr, (nuint)i); i += w; }
        double sum = Vector.Sum(s0 + s1);
        for (; i < n; i++) sum += x[i] * y[i];
        return sum;
    }

    /// <summary>y[i] −= w·x[i] (each element rounded as the scalar loop rounds it).</summary>
    private static void SubtractMultiple(Span<double> y, double w, ReadOnlySpan<double> x)
    {
        int n = y.Length, lanes = Vector<double>.Count, i = 0;
        ref double xr = ref MemoryMarshal.GetReference(x), yr = ref MemoryMarshal.GetReference(y);
        var wv = new Vector<double>(w);
        for (; i <= n - lanes; i += lanes)
            (Vector.LoadUnsafe(ref yr, (nuint)i) - wv * Vector.LoadUnsafe(ref xr, (nuint)i)).StoreUnsafe(ref yr, (nuint)i);
        for (; i < n; i++) y[i] -= w * x[i];
    }

    public static int Trtrs(Triangle uplo, Transpose trans, Diagonal diag, int n, int nrhs, ReadOnlySpan<double> a, int lda, Span<double> b, int ldb)
    {
        if (diag == Diagonal.NonUnit)
            for (int i = 0; i < n; i++)
                if (a[i * lda + i] == 0) return i + 1; // singular: LAPACK reports the one-based index
        Substitute(uplo, trans, diag, n, nrhs, a, lda, b, ldb);
        return 0;
    }

    /// <summary>op(A) X = B by substitution, without Trtrs's singularity check: a zero on the diagonal divides (±∞, NaN), as dtrsm.</summary>
    private static void Substitute(Triangle uplo, Transpose trans, Diagonal diag, int n, int nrhs, ReadOnlySpan<double> a, int lda, Span<double> b, int ldb)
    {
        bool t = trans == Transpose.Transposed;
        bool lower = (uplo == Triangle.Lower) != t;
        for (int col = 0; col < nrhs; col++)
        {
            var x = b.Slice(col * ldb);
            for (int s = 0; s < n; s++)
            {
                int i = lower ? s : n - 1 - s;
                double sum = x[i];
                int lo = lower ? 0 : i + 1, hi = lower ? i : n;
                for (int j = lo; j < hi; j++)
                {
                    double f = t ? a[i * lda + j] : a[j * lda + i];
                    if (f != 0) sum -= f * x[j]; // zero: no dependence, so NaN or ∞ in x[j] does not reach x[i]
                }
                x[i] = diag == Diagonal.Unit ? sum : sum / a[i * lda + i];
            }
        }
    }

    public static int Potrf(Triangle uplo, int n, Span<double> a, int lda)
    {
        // Upper A = UᵀU and lower A = LLᵀ hold the same numbers mirrored (L = Uᵀ): E(i,j) is U(i,j) in either storage.
        bool upper = uplo == Triangle.Upper;
        ref double E(Span<double> s, int i, int j) => ref upper ? ref s[i + j * lda] : ref s[j + i * lda];
        for (int j = 0; j < n; j++)
        {
            double d = E(a, j, j);
            for (int p = 0; p < j; p++) d -= E(a, p, j) * E(a, p, j);
            if (!(d > 0)) return j + 1;
            d = Math.Sqrt(d);
            E(a, j, j) = d;
            for (int i = j + 1; i < n; i++)
            {
                double s = E(a, j, i);
                for (int p = 0; p < j; p++) s -= E(a, p, j) * E(a, p, i);
                E(a, j, i) = s / d;
            }
        }
        return 0;
    }

    public static int Potrs(Triangle uplo, int n, int nrhs, ReadOnlySpan<double> a, int lda, Span<double> b, int ldb)
    {
        // A = UᵀU: solve Uᵀy = b then Ux = y; A = LLᵀ: Ly = b then Lᵀx = y.
        var first = uplo == Triangle.Upper ? Transpose.Transposed : Transpose.None;
        var second = uplo == Triangle.Upper ? Transpose.None : Transpose.Transposed;
        // No singularity check, as dpotrs (two dtrsm calls): through Trtrs, a factor with a zero on its diagonal returned
        // B unchanged with INFO = 0, a "solution" that solves nothing, where LAPACK and SciPy give ±∞ and NaN.
        Substitute(uplo, first, Diagonal.NonUnit, n, nrhs, a, lda, b, ldb);
        Substitute(uplo, second, Diagonal.NonUnit, n, nrhs, a, lda, b, ldb);
        return 0;
    }

    private static double Norm(ReadOnlySpan<double> x) => ManagedBlas<double>.Nrm2(x.Length, x, 1);

    /// <summary>
    /// LAPACK's threshold below which dlarfg rescales a column: the smallest normal number over the unit roundoff
    /// (2⁻¹⁰²² / 2⁻⁵³ = 2⁻⁹⁶⁹ ≈ 2.0e−292), so a scaled column keeps full precision and 1/(α − β) cannot overflow.
    /// </summary>
    private const double SafeMinimum = 2.004168360008973e-292; // 2^-969

    /// <summary>
    /// LAPACK's dlarfg on column <paramref name="col"/> from row <paramref name="j"/>: makes the reflector
    /// H = I − τvvᵀ with Hx = (β, 0, …, 0), v[0] = 1 implicit, v[1..] stored over x[1..]; returns τ.
    /// </summary>
    /// <remarks>
    /// As dlarfg, a column whose β = ∓‖x‖ is below <see cref="SafeMinimum"/> (subnormal data, 1e−310) is scaled up by
    /// 1/SafeMinimum (exact: a power of two) until it is not, at most 20 times, and β scaled back at the end: without it,
    /// 1/(α − β) overflowed to ∞ and the vector and every later column became ∞ and NaN. A column whose β is above
    /// 1/SafeMinimum (or overflows while α and ‖x[1..]‖ are finite) is scaled down once first, so α − β (twice β at worst)
    /// cannot overflow either, which dlarfg does not guard. NaN and ∞ go through as data (no scaling makes them finite).
    /// </remarks>
    private static double Reflect(int m, int j, Span<double> a, int lda, int col)
    {
        var x = a.Slice(col * lda + j, m - j);
        var v = x[1..];
        double alpha = x[0];
        double xnorm = v.Length > 0 ? Norm(v) : 0;
        if (xnorm == 0) return 0; // H = I: x is already (α, 0, …, 0)
        double beta = -Math.CopySign(double.Hypot(alpha, xnorm), alpha);
        int scaledUp = 0;
        bool scaledDown = false;
        if (Math.Abs(beta) < SafeMinimum)
        {
            do
            {
                scaledUp++;
                ManagedBlas<double>.Scal(v.Length, 1 / SafeMinimum, v, 1);
                beta /= SafeMinimum;
                alpha /= SafeMinimum;
            }
            while (Math.Abs(beta) < SafeMinimum && scaledUp < 20);
            beta = -Math.CopySign(double.Hypot(alpha, Norm(v)), alpha);
        }
        else if (Math.Abs(beta) > 1 / SafeMinimum && double.IsFinite(alpha) && double.IsFinite(xnorm))
        {
            scaledDown = true;
            ManagedBlas<double>.Scal(v.Length, SafeMinimum, v, 1);
            alpha *= SafeMinimum;
            beta = -Math.CopySign(double.Hypot(alpha, Norm(v)), alpha);
        }
        double tau = (beta - alpha) / beta;
        ManagedBlas<double>.Scal(v.Length, 1 / (alpha - beta), v, 1);
        for (int s = 0; s < scaledUp; s++) beta *= SafeMinimum;
        if (scaledDown) beta /= SafeMinimum;
        x[0] = beta;
        return tau;
    }

    /// <summary>Applies H = I − τvvᵀ (v in column <paramref name="col"/> from row j, v[j] = 1) to columns [from, to).</summary>
    private static void ApplyLeft(int m, int j, Span<double> a, int lda, int col, double tau, int from, int to)
    {
        if (tau == 0) return;
        var v = a.Slice(col * lda);
        for (int c = from; c < to; c++)
        {
            var cc = a.Slice(c * lda);
            double w = cc[j];
            for (int r = j + 1; r < m; r++) w += v[r] * cc[r];
            w *= tau;
            cc[j] -= w;
            for (int r = j + 1; r < m; r++) cc[r] -= w * v[r];
        }
    }
}
