using System.Collections.ObjectModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using BlasNet.Text;

namespace BlasNet;

/// <summary>
/// The result of <see cref="Lapack.QrPivoted"/>: <c>A P = Q R</c>, kept in LAPACK's packed form so
/// Q is applied without being formed. <c>ToString()</c> (and F#'s <c>%A</c>) shows the shape, the rank,
/// the permutation and |diag R| as values, R by its shape.
/// </summary>
public sealed record PivotedQr
{
    // Both in aligned buffers, and every right-hand side Solve and ApplyQ work on in aligned scratch (AlignedScratch: rented and
    // pinned for the call, not a pinned-heap buffer per call, bench/RESULTS.md Session 46, align51): OpenBLAS's Prescott kernels
    // round by where the data lies, and a factor in an ordinary array gave three or four different answers in 20 equal calls.
    private readonly AlignedBuffer<double> packed;
    private readonly AlignedBuffer<double> tau;
    private readonly int[] permutation;
    private readonly ReadOnlyCollection<int> permutationView;
    private readonly ReadOnlyCollection<double> rDiagonal;

    private readonly int scaleExponent; // R = 2^scaleExponent · (R as stored): see Lapack.QrPivoted

    /// <summary>A factor from ordinary arrays (copied into aligned buffers), for code that built one by hand.</summary>
    internal PivotedQr(int rows, int columns, double[] packed, double[] tau, int[] permutation, int scaleExponent = 0)
        : this(rows, columns, Aligned(packed), Aligned(tau), permutation, scaleExponent) { }

    private static AlignedBuffer<double> Aligned(double[] values)
    {
        var buffer = new AlignedBuffer<double>(values.Length);
        values.CopyTo(buffer.Span);
        return buffer;
    }

    internal PivotedQr(int rows, int columns, AlignedBuffer<double> packed, AlignedBuffer<double> tau, int[] permutation, int scaleExponent = 0)
    {
        Rows = rows;
        Columns = columns;
        this.packed = packed;
        this.tau = tau;
        this.permutation = permutation;
        this.scaleExponent = scaleExponent;
        permutationView = Array.AsReadOnly(permutation);
        // min(m, n) numbers, read by Rank() and Solve() on every call: formed once.
        var d = new double[Math.Min(rows, columns)];
        for (int i = 0; i < d.Length; i++) d[i] = Math.ScaleB(Math.Abs(packed.Span[i * rows + i]), scaleExponent);
        rDiagonal = Array.AsReadOnly(d);
    }

    /// <summary>
    /// Above this magnitude a vector or matrix is scaled by a power of two before a Householder reflector meets it: the
    /// reflector forms sums about twice a column's norm (α − β, vᵀb), so values from about 2^1022/√m overflow.
    /// </summary>
    private static readonly double ScaleThreshold = Math.ScaleB(1.0, 900);

    /// <summary>
    /// Below this largest magnitude the data are scaled up by a power of two: subnormal entries carry fewer than 53 bits
    /// and the reflectors' intermediate sums fall below 2⁻¹⁰²² (A = 2⁻¹⁰⁶⁰·small integers solved to 7e-4 relative).
    /// </summary>
    private static readonly double TinyThreshold = Math.ScaleB(1.0, -900);

    /// <summary>
    /// k such that 2^-k·values has its largest magnitude in [1, 2), when that magnitude exceeds 2^900 or is below 2^-900
    /// (and not 0); else 0 (no scaling, results unchanged bit for bit). Scaling up is exact; scaling down is exact except
    /// for entries that fall below the normal range.
    /// </summary>
    internal static int ScaleExponent(ReadOnlySpan<double> values)
    {
        double largest = 0;
        foreach (double v in values) largest = Math.Max(largest, Math.Abs(v));
        return double.IsFinite(largest) && largest != 0 && (largest > ScaleThreshold || largest < TinyThreshold) ? Math.ILogB(largest) : 0;
    }

    /// <summary>values ← 2^exponent·values (exact unless an entry leaves the normal range).</summary>
    internal static void Scale(Span<double> values, int exponent)
    {
        for (int i = 0; i < values.Length; i++) values[i] = Math.ScaleB(values[i], exponent);
    }

    /// <summary>Rows m of A.</summary>
    public int Rows { get; }

    /// <summary>Columns n of A.</summary>
    public int Columns { get; }

    /// <summary>The zero-based column permutation: column j of AP is column Permutation[j] of A (a read-only view, the same instance on every access). Columns of exactly equal norm are ordered as reference LAPACK's dgeqp3 and SciPy order them on OpenBLAS, BLIS (OpenBLAS's LAPACK) and the managed provider while min(m, n) ≤ 128; MKL's own dgeqp3, and blocked LAPACK above 128 (whose norm updates round differently), can order such ties differently, as they can order the columns beyond the numerical rank (R's diagonal and the rank agree).</summary>
    public IReadOnlyList<int> Permutation => permutationView;

    /// <summary>The min(m, n)×n upper-trapezoidal R (a new matrix, formed on each access).</summary>
    // Hidden from FSI's echo and the debugger, which list properties: showing the result must not form R.
    [DebuggerBrowsable(DebuggerBrowsableState.Never)]
    public Matrix<double> R
    {
        get
        {
            int k = Math.Min(Rows, Columns);
            var r = new Matrix<double>(k, Columns);
            for (int i = 0; i < k; i++)
                for (int j = i; j < Columns; j++) r[i, j] = Math.ScaleB(packed.Span[j * Rows + i], scaleExponent);
            return r;
        }
    }

    /// <summary>|R[i,i]| in order (a read-only view, the same instance on every access): non-increasing, so their ratios reveal the numerical rank.</summary>
    public IReadOnlyList<double> RDiagonal => rDiagonal;

    /// <summary>The numerical rank: diagonal entries of R above <paramref name="relativeTolerance"/>·|R[0,0]|.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="relativeTolerance"/> is negative or NaN.</exception>
    public int Rank(double relativeTolerance = 1e-12)
    {
        // A negative or NaN tolerance would silently count exact zeros (or nothing) as rank.
        if (!(relativeTolerance >= 0))
            throw new ArgumentOutOfRangeException(nameof(relativeTolerance), relativeTolerance, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"relativeTolerance must be ≥ 0 but is {relativeTolerance}."));
        var d = rDiagonal;
        if (d.Count == 0 || d[0] == 0) return 0;
        double threshold = relativeTolerance * d[0];
        int rank = 0;
        for (int i = 0; i < d.Count; i++) if (d[i] > threshold) rank++;
        return rank;
    }

    /// <summary>Returns <c>Qᵀ b</c> for a vector of length m.</summary>
    public double[] ApplyQTranspose(double[] b) => MultiplyByQ(Transpose.Transposed, b);

    /// <summary>Returns <c>Q b</c> for a vector of length m.</summary>
    public double[] ApplyQ(double[] b) => MultiplyByQ(Transpose.None, b);

    private double[] MultiplyByQ(Transpose trans, double[] b)
    {
        ArgumentNullException.ThrowIfNull(b);
        if (b.Length != Rows) throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"b has length {b.Length} but Q is {Rows}×{Rows}."), nameof(b));
        using var scratch = new AlignedScratch(b.Length);
        Span<double> r = scratch.Span;
        b.CopyTo(r);
        // b near double.MaxValue: applied to 2^-j·b and scaled back (Q is orthogonal, so the result is in range).
        int j = ScaleExponent(r);
        if (j != 0) Scale(r, -j);
        Lapack.Ormqr(Side.Left, trans, Rows, 1, tau.Length, packed.Span, Math.Max(1, Rows), tau.Span, r, Math.Max(1, Rows));
        if (j != 0) Scale(r, j);
        return r.ToArray();
    }

    /// <summary>
    /// The least-squares solution x minimizing ‖Ax − b‖ for full column rank A (m ≥ n). Full rank is
    /// decided exactly as <see cref="Rank"/> with its default tolerance: every |R[i,i]| must exceed
    /// 1e-12·|R[0,0]|. Below that, back substitution would divide by rounding noise and return
    /// huge numbers that differ from provider to provider, so it throws instead.
    /// </summary>
    /// <exception cref="ArgumentNullException">b is null (checked first, whatever the shape of A).</exception>
    /// <exception cref="ArgumentException">b's length is not m.</exception>
    /// <exception cref="InvalidOperationException">The factor is of a wide A (m &lt; n; the message gives its shape), checked before b's length.</exception>
    /// <exception cref="ArithmeticException">A is numerically rank deficient (the message gives the rank and the column count).</exception>
    public double[] Solve(double[] b)
    {
        ArgumentNullException.ThrowIfNull(b); // before the shape check: a null b on a wide factor was reported as a shape error
        // The factor's shape, not b, is at fault (b of any length cannot help), so no argument is named: the call is invalid for this factor.
        if (Rows < Columns) throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"Least squares needs m ≥ n, but this factor is of a {Rows}×{Columns} A (m < n: the solution is not unique)."));
        if (b.Length != Rows) throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"b has length {b.Length} but Q is {Rows}×{Rows} (A is {Rows}×{Columns})."), nameof(b));
        int rank = Rank();
        if (rank < Columns)
            throw new ArithmeticException(string.Create(CultureInfo.InvariantCulture, $"A ({Rows}×{Columns}) is rank deficient: its numerical rank is {rank} < {Columns} columns (|R[i,i]| ≤ 1e-12·|R[0,0]| from i = {rank}), so the least-squares solution is not unique."));
        // x = R⁻¹Qᵀb with R = 2^k·(R as stored) and b = 2^j·(2^-j b): solved on the stored R and the scaled b, then scaled
        // by 2^(j − k) (both exponents 0 unless A or b came near double.MaxValue).
        using var scratch = new AlignedScratch(b.Length);
        Span<double> qtb = scratch.Span;
        b.CopyTo(qtb);
        int scale = ScaleExponent(qtb);
        if (scale != 0) Scale(qtb, -scale);
        Lapack.Ormqr(Side.Left, Transpose.Transposed, Rows, 1, tau.Length, packed.Span, Math.Max(1, Rows), tau.Span, qtb, Math.Max(1, Rows));
        // Full rank (checked above) means every |R[i,i]| > 0, so the triangular solve cannot report a zero pivot.
        Lapack.Trtrs(Triangle.Upper, Transpose.None, Diagonal.NonUnit, Columns, 1, packed.Span, Math.Max(1, Rows), qtb, Math.Max(1, Rows));
        var x = new double[Columns];
        for (int j = 0; j < Columns; j++) x[permutation[j]] = Math.ScaleB(qtb[j], scale - scaleExponent);
        return x;
    }

    // The generated ToString would print "System.Int32[]" and build R through its getter; this prints
    // the numbers that say what the factorization found, and R by its shape.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Rows = ").Append(Rows)
            .Append(", Columns = ").Append(Columns)
            .Append(", Rank = ").Append(Rank())
            .Append(", Permutation = ").Append(ResultText.List(permutationView))
            .Append(", RDiagonal = ").Append(ResultText.List(rDiagonal))
            .Append(", R = ").Append(ResultText.Shape(Math.Min(Rows, Columns), Columns));
        return true;
    }
}

/// <summary>The result of <see cref="Lapack.Cholesky"/>: <c>A = LLᵀ</c>. <c>ToString()</c> shows the order and L by its shape.</summary>
public sealed record CholeskyFactor
{
    // The factor lies in an aligned buffer and every right-hand side Solve works on in aligned scratch, as PivotedQr's: MKL without
    // MKL_CBWR=COMPATIBLE rounds dpotrs by where its operands lie (bench/probes/offset-rounding.py).
    private readonly AlignedBuffer<double> packed;

    internal CholeskyFactor(int order, AlignedBuffer<double> packed)
    {
        Order = order;
        this.packed = packed;
    }

    /// <summary>The order n of A.</summary>
    public int Order { get; }

    /// <summary>The lower-triangular factor L (a new matrix, formed on each access).</summary>
    // Hidden from FSI's echo and the debugger, which list properties: showing the result must not form L.
    [DebuggerBrowsable(DebuggerBrowsableState.Never)]
    public Matrix<double> L
    {
        get
        {
            var l = new Matrix<double>(Order, Order);
            ReadOnlySpan<double> factor = packed.Span;
            for (int i = 0; i < Order; i++)
                for (int j = 0; j <= i; j++) l[i, j] = factor[j * Order + i];
            return l;
        }
    }

    /// <summary>Solves <c>A x = b</c> and returns x. Overflow as in <see cref="Lapack.Potrs"/>: a finite x is returned even where substitution's partial sums, or the intermediate Lᵀx, overflow; one that leaves double's range keeps plain substitution's ±∞ or NaN; where terms beyond the range cancel beside smaller ones, substitution's own rounding can leave the range and the answer stays non-finite, and a finite plain answer is kept.</summary>
    public double[] Solve(double[] b)
    {
        ArgumentNullException.ThrowIfNull(b);
        if (b.Length != Order) throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"b has length {b.Length} but A is {Order}×{Order}."), nameof(b));
        using var x = new AlignedScratch(Order);
        b.CopyTo(x.Span);
        Lapack.Potrs(Triangle.Lower, Order, 1, packed.Span, Math.Max(1, Order), x.Span, Math.Max(1, Order));
        return x.Span.ToArray(); // a copy: the scratch goes back to the pool
    }

    // The generated ToString would form L through its getter just to print its type name.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Order = ").Append(Order)
            .Append(", L = ").Append(ResultText.Shape(Order, Order));
        return true;
    }
}
