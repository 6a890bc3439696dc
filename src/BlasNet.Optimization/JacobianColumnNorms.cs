namespace BlasNet.Optimization;

/// <summary>
/// The Euclidean norms of a row-major Jacobian's columns, safe from overflow and underflow (<see cref="VectorNorm"/>'s
/// rule, per column).
/// </summary>
/// <remarks>
/// Why not a plain sum of squares: entries beyond about 1e154 square to ∞ and entries below about 1e-154 to 0. The
/// optimality check then saw an infinite column, scaled it by 1/∞ = 0, found no Gauss–Newton step left and backed a
/// success at the start of a fit whose residuals were near 1e174; the covariance of a fit with residuals near 1e160
/// came out as rank 0 although the same fit scaled by 1e-160 has full rank.
/// </remarks>
internal static class JacobianColumnNorms
{
    /// <summary>Writes ‖J[:, j]‖ for the m×n row-major <paramref name="jacobianRowMajor"/> into <paramref name="norms"/> (n values); +∞ only when a norm is beyond double range.</summary>
    public static void Compute(int m, int n, ReadOnlySpan<double> jacobianRowMajor, Span<double> norms)
    {
        norms = norms[..n];
        norms.Clear();
        for (int i = 0; i < m; i++)
        {
            var row = jacobianRowMajor.Slice(i * n, n);
            for (int j = 0; j < n; j++) norms[j] += row[j] * row[j];
        }
        bool rescale = false;
        for (int j = 0; j < n; j++)
        {
            if (norms[j] > 1e-290 && double.IsFinite(norms[j])) norms[j] = Math.Sqrt(norms[j]);
            else { norms[j] = -1; rescale = true; } // marked for the rare path
        }
        if (!rescale) return;
        // Rare path: the marked columns again, each scaled by its largest magnitude so its squares stay in range.
        var largest = new double[n];
        for (int i = 0; i < m; i++)
        {
            var row = jacobianRowMajor.Slice(i * n, n);
            for (int j = 0; j < n; j++)
                if (norms[j] < 0) largest[j] = Math.Max(largest[j], Math.Abs(row[j]));
        }
        // Scaled by a power of two (VectorNorm.Euclidean's reason: the norms of J·2ᵏ are then those of J times 2ᵏ bit for bit).
        var exponents = new int[n];
        for (int j = 0; j < n; j++) exponents[j] = largest[j] > 0 && double.IsFinite(largest[j]) ? Math.ILogB(largest[j]) : 0;
        var sums = new double[n];
        for (int i = 0; i < m; i++)
        {
            var row = jacobianRowMajor.Slice(i * n, n);
            for (int j = 0; j < n; j++)
                if (norms[j] < 0 && largest[j] > 0) { double q = Math.ScaleB(row[j], -exponents[j]); sums[j] += q * q; }
        }
        for (int j = 0; j < n; j++)
            if (norms[j] < 0) norms[j] = double.IsFinite(largest[j]) ? Math.ScaleB(Math.Sqrt(sums[j]), exponents[j]) : largest[j];
    }
}
