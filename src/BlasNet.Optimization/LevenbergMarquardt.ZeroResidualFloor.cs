namespace BlasNet.Optimization;

public static partial class LevenbergMarquardt
{
    /// <summary>The factor on ε in the floor: the same 16ε relative to ‖r(x₀)‖ below which the GTol short-stop test already
    /// leaves a zero-residual fit alone (a few ulps of each of the terms summed into r, as <see cref="LowerCostNorm"/>'s allowance).</summary>
    private const double ZeroFloorUlps = 16;

    /// <summary>
    /// Whether a stop's residuals are zero to rounding, so that its cost is at the floor of what double precision can show
    /// (<see cref="LeastSquaresStatus.ZeroResidual"/>; audit powell48). Two conditions, both needed:
    /// <list type="number">
    /// <item>Row by row, |rᵢ(X)| ≤ 16ε·max(|rᵢ(x₀)|, Σⱼ|Jᵢⱼ·xⱼ|): each residual below the rounding of its own value at the start, or
    /// below the change it makes for a change of X in its last bits (the evaluation's own rounding where the parameters are large: a
    /// zero at |x| = 1e3 cannot bring a row below about ε·Σ|Jᵢⱼxⱼ|). Row by row, not in norm: a row the parameters do not reach,
    /// or a saddle's row (1 − x², 1 at x = 0), keeps its size next to a row whose start was 1e15 times larger.</item>
    /// <item>‖r‖ ≤ XTol·‖D·x‖ (D the check's column norms): below the first-order change of r for a step of XTol relative to X, the
    /// region an XTol claim leaves X in. It keeps a start far from the data, with every row 1e15 times or more its value at the
    /// minimum (so that each 16ε·|rᵢ(x₀)| is above it), from making a non-zero minimum look like a zero: at JennrichSampson's
    /// minimum XTol·‖D·x‖ is about 5e-7, ‖r‖ 11.2.
    /// XTol = 0 (every tolerance off) disables the floor.</item>
    /// </list>
    /// Under a robust loss it is not applied (the loss's cost is not ½‖r‖², and its floor is not this one).
    /// Why the rule is needed: at a zero of r where J is singular (extended Powell singular, x* = 0, J of rank n/2) r ~ |x − x*|²
    /// and the iteration converges linearly; by differences the check's Jacobian cannot resolve J's null directions there, and
    /// along them r's differences show cosines of 0.01–1 with r — the cost does still fall, by ratios of its own tiny size (3e-66
    /// at n = 52, from 107 at x₀). The fit restarted until the budget was spent (n = 100, 200: MaxEvaluations at 20 684 and 40 370
    /// evaluations) or ended Stalled, where MINPACK says xtol (success) at the same cost.
    /// </summary>
    /// <param name="r">r at X.</param>
    /// <param name="startResiduals">r(x₀).</param>
    /// <param name="jacobianRowMajor">The check's Jacobian at X, m×n row-major, in the user's parameters.</param>
    /// <param name="x">X in the user's parameters.</param>
    /// <param name="scaledXNorm">‖D·x‖ at X, D the check's column norms.</param>
    /// <param name="xTol">The fit's XTol.</param>
    /// <param name="hasLoss">Whether a robust loss is set.</param>
    private static bool AtZeroResidualFloor(double[] r, double[] startResiduals, double[] jacobianRowMajor, double[] x, double scaledXNorm, double xTol, bool hasLoss)
    {
        if (hasLoss || !double.IsFinite(scaledXNorm)) return false;
        int m = startResiduals.Length, n = x.Length;
        if (!(VectorNorm.Euclidean(r.AsSpan(0, m)) <= xTol * scaledXNorm)) return false;
        for (int i = 0; i < m; i++)
        {
            double moved = 0;
            for (int j = 0; j < n; j++) moved += Math.Abs(jacobianRowMajor[(long)i * n + j] * x[j]);
            if (!(Math.Abs(r[i]) <= ZeroFloorUlps * 2.220446049250313e-16 * Math.Max(Math.Abs(startResiduals[i]), moved))) return false;
        }
        return true;
    }
}
