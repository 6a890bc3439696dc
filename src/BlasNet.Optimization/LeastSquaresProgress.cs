using System.Collections.ObjectModel;
using System.Globalization;
using System.Text;
using BlasNet.Text;

namespace BlasNet.Optimization;

/// <summary>
/// One report of a running <see cref="LevenbergMarquardt"/> fit to <see cref="LevenbergMarquardtOptions.Progress"/>: made
/// once per accepted point — the start and each point an accepted step reaches, after the Jacobian there; the point a run
/// ends on without one (a tolerance test after the step, the budget, a cancellation) when the run ends — so the last report
/// holds the fit's <see cref="LeastSquaresResult.X"/> and <see cref="LeastSquaresResult.Cost"/>. A point is reported once,
/// even when a refining run starts from it; a step the fit takes back (a parameter whose Jacobian column the step zeroed)
/// is not reported. Immutable: X is a copy of its own, which the fit never touches again.
/// </summary>
public sealed record LeastSquaresProgress
{
    private readonly ReadOnlyCollection<double> x;

    internal LeastSquaresProgress(int iteration, bool refining, int evaluations, double cost, double[] x, double lambda, double radius)
    {
        Iteration = iteration;
        Refining = refining;
        Evaluations = evaluations;
        Cost = cost;
        this.x = Array.AsReadOnly(x); // the reporter's own copy
        Lambda = lambda;
        Radius = radius;
    }

    /// <summary>The report's number over the whole fit: 0 for the start point, then one more per report, across the refining run
    /// too (strictly increasing). Close to the accepted steps so far (<see cref="LeastSquaresResult.Iterations"/>), not always
    /// equal: the stationary-start probe's move is a report without a step, and a step taken back is neither.</summary>
    public int Iteration { get; }

    /// <summary>True in the run with central differences that follows a converged forward-difference run
    /// (<see cref="LevenbergMarquardtOptions.CentralRefinement"/>, or a stop the check did not back).</summary>
    public bool Refining { get; }

    /// <summary>Residual evaluations so far, counted as <see cref="LeastSquaresResult.Evaluations"/> (nondecreasing, never above
    /// the result's).</summary>
    public int Evaluations { get; }

    /// <summary>The cost at <see cref="X"/>, defined as <see cref="LeastSquaresResult.Cost"/>: ½ Σ rᵢ², or the robust cost under a
    /// robust <see cref="LevenbergMarquardtOptions.Loss"/>. It decreases from report to report, except where most of it is in residuals
    /// that no parameter moves (a Jacobian row of zeros, a residual that has kept its value): steps then reduce the rest by less
    /// than the rounding of the whole, which the iteration sums row by row, and the cost can repeat (or differ by a rounding).</summary>
    public double Cost { get; }

    /// <summary>The current best parameters, in the user's variables (a read-only view of a copy made for this report).</summary>
    public IReadOnlyList<double> X => x;

    /// <summary>The Levenberg–Marquardt parameter λ (MINPACK's <c>par</c>) the next step starts from; 0 for an undamped
    /// Gauss–Newton step.</summary>
    public double Lambda { get; }

    /// <summary>The trust-region radius Δ (MINPACK's <c>delta</c>) in the scaled internal variables, ‖D·p‖ ≤ Δ; 0 when the fit
    /// ended before setting it (a Jacobian not finite at the start).</summary>
    public double Radius { get; }

    // As LeastSquaresResult: X printed as values (the generated member would print the collection's type name), invariant.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Iteration = ").Append(Iteration.ToString(CultureInfo.InvariantCulture))
            .Append(", Refining = ").Append(Refining)
            .Append(", Evaluations = ").Append(Evaluations.ToString(CultureInfo.InvariantCulture))
            .Append(", Cost = ").Append(ResultText.Number(Cost))
            .Append(", X = ").Append(ResultText.List(x))
            .Append(", Lambda = ").Append(ResultText.Number(Lambda))
            .Append(", Radius = ").Append(ResultText.Number(Radius));
        return true;
    }
}
