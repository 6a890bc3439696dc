using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;

namespace BlasNet;

/// <summary>
/// An a-priori bound, in the style of LAPACK's dlatrs, that proves a triangular solve of finite operands stays finite, so
/// the copy of B kept for an overflow recompute (<see cref="SolveOverflowCopy"/>) can be skipped: a narrow triangle with
/// many right-hand sides spent a third of its time on that copy and the scan after the solve (bench/RESULTS.md, Session 27).
/// <para>
/// For T x = b with T triangular (T = op(A) on the left; on the right X op(A) = αB is op(A)ᵀ Xᵀ = αBᵀ), let tⱼ = |Tⱼⱼ| and cⱼ
/// the sum of |Tᵢⱼ| off the diagonal in column j (the entries x_j updates). Taking the components in any dependency order,
/// each working component is bounded by Mⱼ = Mⱼ₋₁(tⱼ + cⱼ)/tⱼ with M₀ = max|b|, x_j by Mⱼ₋₁/tⱼ ≤ Mₙ/(tⱼ + cⱼ), and every partial
/// sum of bᵢ − Σₖ Tᵢₖxₖ, in whatever order a blocked kernel forms it, by |bᵢ| + Σₖ|Tᵢₖ||xₖ| ≤ Mₙ. So |x| and every
/// intermediate stay below max|b|·G with G = max(Mₙ/M₀ · max(1, maxⱼ 1/(tⱼ + cⱼ)), maxⱼ 1/tⱼ), the last term for kernels that
/// store reciprocals of the diagonal (1/1e-320 is ∞, and 0·∞ is the NaN this machinery exists for). Mₙ/M₀ is a product, so G
/// does not depend on the order of elimination.
/// </para>
/// <para>
/// The margin covers what exact arithmetic does not: kernels that invert diagonal blocks and multiply (sums of up to n
/// terms each below G), α applied before or after the solve (max(1, |α|)), max(1, max|B|) for the inverted blocks, and
/// rounding: the computed x solves a T perturbed by |ΔT| ≤ γₙ|T|, which multiplies the product by at most
/// ((1 + γₙ)/(1 − γₙ))ⁿ ≈ exp(2n²u), and the bound's own rounding about exp(n²u) more. When the bound fails the solve takes
/// the copy-and-recompute path as before.
/// </para>
/// </summary>
internal static class SolveGrowthBound
{
    /// <summary>Benchmark switch (never set by the library): the old path, copy and scan always, for before/after in one process.</summary>
    internal static bool Disabled;

    /// <summary>
    /// Whether the solve of the row-major order-n triangle A (finite, with <paramref name="count"/> right-hand sides of
    /// magnitude at most <paramref name="bMax"/>, finite) provably stays finite. <paramref name="columns"/>: T = A (left
    /// without transpose, right transposed), so cⱼ are column sums of A's strict triangle; otherwise T = Aᵀ and they are
    /// row sums. The O(n²) bound is only computed when it costs no more than the copy it can save (n ≤ count).
    /// </summary>
    public static bool RowMajorProves<T>(Triangle uplo, Diagonal diag, int n, ReadOnlySpan<T> a, int lda, bool columns,
        int count, T alpha, T bMax) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Disabled || n > count) return false;
        double stop = Allowed<T>(n, solves: 1, double.CreateTruncating(alpha), double.CreateTruncating(bMax));
        return Growth(uplo, diag, n, a, lda, columns, stop) <= stop;
    }

    /// <summary>
    /// <see cref="RowMajorProves{T}"/> for the column-major A of LAPACK's Trtrs (op(A) X = B) or, with
    /// <paramref name="cholesky"/>, Potrs (two solves, with the factor and its transpose: the bound is the product).
    /// </summary>
    public static bool ColumnMajorProves(bool cholesky, Triangle uplo, Transpose trans, Diagonal diag, int n, ReadOnlySpan<double> a, int lda,
        int count, double bMax)
    {
        if (Disabled || n > count) return false;
        // The column-major A is the row-major S = Aᵀ in the same storage, its other triangle: T = A = Sᵀ sums rows of S.
        var stored = uplo == Triangle.Upper ? Triangle.Lower : Triangle.Upper;
        double stop = Allowed<double>(n, cholesky ? 2 : 1, 1.0, bMax);
        double g = cholesky
            ? Growth(stored, diag, n, a, lda, columns: false, stop) * Growth(stored, diag, n, a, lda, columns: true, stop)
            : Growth(stored, diag, n, a, lda, columns: trans == Transpose.Transposed, stop);
        return g <= stop;
    }

    /// <summary>
    /// G of the class summary for T = A (<paramref name="columns"/>) or T = Aᵀ, A row-major and finite; +∞ when unbounded
    /// (a zero or tiny diagonal, growth beyond double's range) or, as soon as the running product passes it, above
    /// <paramref name="stop"/> (G is at least that product, so the bound has failed).
    /// </summary>
    internal static double Growth<T>(Triangle uplo, Diagonal diag, int n, ReadOnlySpan<T> a, int lda, bool columns,
        double stop = double.MaxValue) where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Sums in double for float too (no overflow; rounding far below the margin). Double rows go through inline SIMD
        // loops: the bound is computed for orders in the thousands, and must stay cheap beside the solve when it fails,
        // without a library call per row for the short rows of a small triangle.
        double[]? rented = null;
        Span<double> norms = n <= 512 ? stackalloc double[n] : (rented = ArrayPool<double>.Shared.Rent(n)).AsSpan(0, n);
        try
        {
            norms.Clear();
            bool upper = uplo == Triangle.Upper;
            double m = 1, div = 1, inv = 1;
            for (int s = 0; s < n; s++)
            {
                // Column sums: rows are visited so that column i is complete when row i is reached (lower: its strict
                // entries are in the rows below, so bottom-up; upper: top-down), and its factor is taken at once. The
                // product does not depend on the order, and a growing one stops the scan early, before the longest rows.
                int i = columns && !upper ? n - 1 - s : s;
                int lo = upper ? i + 1 : 0, hi = upper ? n : i;
                // An upper triangle's last row has no strict entries, and with a unit diagonal the array may end before it.
                var stored = hi > lo ? a.Slice(i * lda + lo, hi - lo) : default;
                if (!columns) norms[i] = SumOfMagnitudes(stored);
                double t = diag == Diagonal.Unit ? 1 : Math.Abs(double.CreateTruncating(a[i * lda + i]));
                double c = norms[i];
                // t = 0 gives ∞ (or NaN with c = 0); an overflowed sum ∞: either way the bound has failed.
                m *= (t + c) / t;
                if (!(m <= stop)) return double.PositiveInfinity;
                div = Math.Max(div, 1 / (t + c));
                inv = Math.Max(inv, 1 / t);
                if (columns) AddMagnitudes(stored, norms.Slice(lo, hi - lo));
            }
            double g = Math.Max(m * div, inv);
            return double.IsNaN(g) ? double.PositiveInfinity : g;
        }
        finally
        {
            if (rented is not null) ArrayPool<double>.Shared.Return(rented);
        }
    }

    /// <summary>sums[k] += |x[k]|, in double.</summary>
    private static void AddMagnitudes<T>(ReadOnlySpan<T> x, Span<double> sums) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int k = 0;
        if (typeof(T) == typeof(double) && Vector.IsHardwareAccelerated)
        {
            var d = MemoryMarshal.Cast<T, double>(x);
            for (int w = Vector<double>.Count; k <= d.Length - w; k += w)
                (Vector.Abs(new Vector<double>(d[k..])) + new Vector<double>(sums[k..])).CopyTo(sums[k..]);
        }
        for (; k < x.Length; k++) sums[k] += Math.Abs(double.CreateTruncating(x[k]));
    }

    /// <summary>Σ |x[k]| in double.</summary>
    private static double SumOfMagnitudes<T>(ReadOnlySpan<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int k = 0;
        double sum = 0;
        if (typeof(T) == typeof(double) && Vector.IsHardwareAccelerated && x.Length >= Vector<double>.Count)
        {
            var d = MemoryMarshal.Cast<T, double>(x);
            var acc = Vector<double>.Zero;
            for (int w = Vector<double>.Count; k <= d.Length - w; k += w) acc += Vector.Abs(new Vector<double>(d[k..]));
            sum = Vector.Sum(acc);
        }
        for (; k < x.Length; k++) sum += Math.Abs(double.CreateTruncating(x[k]));
        return sum;
    }

    /// <summary>
    /// The largest G that proves the solve finite: T's largest value over the margin for order n and the number of solves,
    /// divided by max(1, |α|)·max(1, max|B|); 0 (nothing proven) when the rounding factor is no longer small.
    /// </summary>
    internal static double Allowed<T>(int n, int solves, double alpha, double bMax) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double u = Math.ScaleB(1, typeof(T) == typeof(float) ? -24 : -53); // unit roundoff of T
        double nu = n * u;
        if (nu >= 0.01) return 0;
        // 2/(1 − nu) ≤ 2.03 for nu < 0.01, so exp(2.1·n·nu) covers ((1 + γₙ)/(1 − γₙ))ⁿ; exp(n·nu) more covers the
        // rounding of the bound's own sums and product (relative n·u per factor, n factors).
        double margin = Math.Pow(64.0 * (n + 1) * Math.Exp(3.1 * n * nu), solves);
        double limit = (typeof(T) == typeof(float) ? float.MaxValue : double.MaxValue) / margin;
        return limit / (Math.Max(1, Math.Abs(alpha)) * Math.Max(1, bMax));
    }
}
