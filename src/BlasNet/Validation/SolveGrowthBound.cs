using System.Buffers;
using System.Numerics;

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
/// ((1 + γₙ)/(1 − γₙ))ⁿ ≈ exp(2n²u). When the bound fails the solve takes the copy-and-recompute path as before.
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
        return Within<T>(Growth(uplo, diag, n, a, lda, columns), n, solves: 1, double.CreateTruncating(alpha), double.CreateTruncating(bMax));
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
        double g = cholesky
            ? Growth(stored, diag, n, a, lda, columns: false) * Growth(stored, diag, n, a, lda, columns: true)
            : Growth(stored, diag, n, a, lda, columns: trans == Transpose.Transposed);
        return Within<double>(g, n, cholesky ? 2 : 1, 1.0, bMax);
    }

    /// <summary>G of the class summary for T = A (<paramref name="columns"/>) or T = Aᵀ, A row-major and finite; +∞ when unbounded
    /// (a zero or tiny diagonal, growth beyond double's range).</summary>
    internal static double Growth<T>(Triangle uplo, Diagonal diag, int n, ReadOnlySpan<T> a, int lda, bool columns) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double[]? rented = null;
        Span<double> norms = n <= 256 ? stackalloc double[n] : (rented = ArrayPool<double>.Shared.Rent(n)).AsSpan(0, n);
        try
        {
            norms.Clear();
            bool upper = uplo == Triangle.Upper;
            for (int i = 0; i < n; i++)
            {
                int lo = upper ? i + 1 : 0, hi = upper ? n : i;
                var row = a.Slice(i * lda + lo, hi - lo);
                if (columns)
                    for (int k = 0; k < row.Length; k++) norms[lo + k] += Math.Abs(double.CreateTruncating(row[k]));
                else
                {
                    double s = 0;
                    for (int k = 0; k < row.Length; k++) s += Math.Abs(double.CreateTruncating(row[k]));
                    norms[i] = s;
                }
            }
            double m = 1, div = 1, inv = 1;
            for (int j = 0; j < n; j++)
            {
                double t = diag == Diagonal.Unit ? 1 : Math.Abs(double.CreateTruncating(a[j * lda + j]));
                double c = norms[j];
                // t = 0 gives ∞ (or NaN with c = 0); an overflowed sum ∞: either way the bound has failed.
                m *= (t + c) / t;
                if (!(m <= double.MaxValue)) return double.PositiveInfinity;
                div = Math.Max(div, 1 / (t + c));
                inv = Math.Max(inv, 1 / t);
            }
            double g = Math.Max(m * div, inv);
            return double.IsNaN(g) ? double.PositiveInfinity : g;
        }
        finally
        {
            if (rented is not null) ArrayPool<double>.Shared.Return(rented);
        }
    }

    /// <summary>Whether max(1, |α|)·max(1, max|B|)·G stays below T's largest value over the margin for order n and the given number of solves.</summary>
    internal static bool Within<T>(double growth, int n, int solves, double alpha, double bMax) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double u = Math.ScaleB(1, typeof(T) == typeof(float) ? -24 : -53); // unit roundoff of T
        double nu = n * u;
        if (nu >= 0.01) return false; // the rounding factor is no longer small: keep the copy
        // 2/(1 − nu) ≤ 2.03 for nu < 0.01, so exp(2.1·n·nu) covers ((1 + γₙ)/(1 − γₙ))ⁿ.
        double margin = Math.Pow(64.0 * (n + 1) * Math.Exp(2.1 * n * nu), solves);
        double limit = (typeof(T) == typeof(float) ? float.MaxValue : double.MaxValue) / margin;
        return Math.Max(1, Math.Abs(alpha)) * Math.Max(1, bMax) * growth <= limit;
    }
}
