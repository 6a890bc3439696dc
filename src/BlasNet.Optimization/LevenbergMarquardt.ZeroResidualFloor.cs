namespace BlasNet.Optimization;

public static partial class LevenbergMarquardt
{
    /// <summary>The factor on ε in the floor: the same 16ε relative to ‖r(x₀)‖ below which the GTol short-stop test already
    /// leaves a zero-residual fit alone (a few ulps of each of the terms summed into r, as <see cref="LowerCostNorm"/>'s allowance).</summary>
    private const double ZeroFloorUlps = 16;

    /// <summary>
    /// Whether a stop's residual is zero to rounding, so that its cost is at the floor of what double precision can show
    /// (<see cref="LeastSquaresStatus.ZeroResidual"/>; audit powell48). Two conditions, both needed:
    /// <list type="number">
    /// <item>‖r‖ ≤ 16ε·max(‖r(x₀)‖, ‖D·x‖) (D the check's column norms): below the rounding of the residuals at the start, or below
    /// the change r makes for a change of X in its last bits (the evaluation's own rounding where the parameters are large: a
    /// minimum at |x| = 1e3 cannot get r below about ε·‖D·x‖).</item>
    /// <item>‖r‖ ≤ XTol·‖D·x‖: below the first-order change of r for a step of XTol relative to X — the region an XTol
    /// claim leaves X in. This is what keeps a start far from the data from making a non-zero minimum look like zero:
    /// JennrichSampson from 10·x₀ starts at ‖r(x₀)‖ = 2.4e17, so 16ε·‖r(x₀)‖ = 840 is above the minimum's ‖r‖ = 11.2, but there
    /// XTol·‖D·x‖ is about 5e-7. XTol = 0 (every tolerance off) disables the floor.</item>
    /// </list>
    /// Under a robust loss it is not applied (the loss's cost is not ½‖r‖², and its floor is not this one).
    /// Why the rule is needed: at a zero of r where J is singular (extended Powell singular, x* = 0, J of rank n/2) r ~ |x − x*|²
    /// and the iteration converges linearly; by differences the check's Jacobian cannot resolve J's null directions there, and
    /// along them r's differences show cosines of 0.01–1 with r — the cost does still fall, by ratios of its own tiny size (3e-66
    /// at n = 52, from 107 at x₀). The fit restarted until the budget was spent (n = 100, 200: MaxEvaluations at 20 684 and 40 370
    /// evaluations) or ended Stalled, where MINPACK says xtol (success) at the same cost.
    /// </summary>
    /// <param name="costNorm">‖r‖ at X.</param>
    /// <param name="startNorm">‖r(x₀)‖.</param>
    /// <param name="scaledXNorm">‖D·x‖ at X, D the check's column norms.</param>
    /// <param name="xTol">The fit's XTol.</param>
    /// <param name="hasLoss">Whether a robust loss is set.</param>
    private static bool AtZeroResidualFloor(double costNorm, double startNorm, double scaledXNorm, double xTol, bool hasLoss)
    {
        if (hasLoss || !(costNorm >= 0) || !double.IsFinite(scaledXNorm)) return false;
        double rounding = ZeroFloorUlps * 2.220446049250313e-16 * Math.Max(startNorm, scaledXNorm);
        return costNorm <= rounding && costNorm <= xTol * scaledXNorm;
    }
}
