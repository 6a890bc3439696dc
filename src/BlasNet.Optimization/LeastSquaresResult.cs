using System.Collections.ObjectModel;
using System.Diagnostics;
using System.Text;
using BlasNet.Text;

namespace BlasNet.Optimization;

/// <summary>
/// The outcome of a <see cref="LevenbergMarquardt"/> fit. Immutable: the vectors are read-only views
/// (the same instance on every access, nothing copied); the matrices are copied only by the
/// <c>Copy…()</c> methods. <c>ToString()</c> (and so F#'s <c>%A</c> and the FSI echo) shows the numbers,
/// and the Jacobian and covariance by their shape. Equality is the record's own, which compares the vectors and matrices by
/// reference: two fits of the same problem are unequal; compare their <see cref="X"/>, <see cref="Cost"/> and
/// <see cref="Status"/> (F#: <c>LeastSquares.ofResult</c>'s <c>Summary</c> has structural equality).
/// </summary>
public sealed record LeastSquaresResult
{
    private readonly ReadOnlyCollection<double> x;
    private readonly ReadOnlyCollection<double> residuals;
    private readonly ReadOnlyCollection<double>? standardErrors;

    /// <summary>‖r(X)‖ of the raw residuals, safe from overflow and underflow where <see cref="Cost"/> (½‖r‖²) is not.</summary>
    internal double ResidualNorm { get; }

    /// <summary>The correlations of the parameters, n×n row-major (NaN for undetermined ones), from the same QR as the
    /// covariance but in range where the covariance over- or underflows; null when there is no covariance.</summary>
    internal double[]? Correlation { get; init; }

    /// <summary>The relative pivot tolerance the covariance's rank was taken at (<see cref="Rank"/>): the Jacobian's own
    /// (<see cref="RankTolerance"/>), or the larger one a converged X's position within the tolerances called for. CurveFit's
    /// absolute-σ covariance is formed again from the same Jacobian and must use the same tolerance, or it would give finite
    /// errors to the parameters this result (and its message) call undetermined.</summary>
    internal double CovarianceTolerance { get; init; } = RankTolerance.CentralDifferences;

    internal LeastSquaresResult(double[] x, double[] residuals, Matrix<double> jacobian, int evaluations,
        int jacobianEvaluations, int iterations, LeastSquaresStatus status, int rank,
        Matrix<double>? covariance, double[]? standardErrors, string message, double? robustCost = null)
    {
        // The solver hands over arrays it no longer touches, so wrapping them (not copying) is safe.
        this.x = Array.AsReadOnly(x);
        this.residuals = Array.AsReadOnly(residuals);
        this.standardErrors = standardErrors is null ? null : Array.AsReadOnly(standardErrors);
        Cost = robustCost ?? 0.5 * VectorNorm.SumOfSquares(residuals);
        ResidualNorm = VectorNorm.Euclidean(residuals);
        jacobianMatrix = jacobian;
        Evaluations = evaluations;
        JacobianEvaluations = jacobianEvaluations;
        Iterations = iterations;
        Status = status;
        Rank = rank;
        covarianceMatrix = covariance;
        Message = message;
    }

    private readonly Matrix<double> jacobianMatrix;
    private readonly Matrix<double>? covarianceMatrix;

    /// <summary>The parameters found (a read-only view, the same instance on every access). Always finite,
    /// and inside the bounds when bounds were given. <c>X.ToArray()</c> (F#: <c>Seq.toArray</c>) gives an array.</summary>
    public IReadOnlyList<double> X => x;

    /// <summary>½ Σ rᵢ² at <see cref="X"/> (SciPy's definition of cost; the residual sum of squares is 2·Cost). Under a robust
    /// <see cref="LevenbergMarquardtOptions.Loss"/>, the robust cost ½ Σ C²ρ((rᵢ/C)²) that the fit minimised, as SciPy's
    /// <c>least_squares</c> reports it (the residuals stay the raw r(X)).</summary>
    public double Cost { get; }

    /// <summary>The residual vector r(X) (a read-only view, the same instance on every access).</summary>
    public IReadOnlyList<double> Residuals => residuals;

    /// <summary>
    /// A new copy of the m×n Jacobian ∂rᵢ/∂xⱼ at <see cref="X"/> (m = <see cref="Residuals"/>.Count,
    /// n = <see cref="X"/>.Count; each call copies, so keep the matrix rather than calling it in a loop): analytic, or central differences whatever
    /// <see cref="LevenbergMarquardtOptions.Jacobian"/> the iteration used (one-sided second-order
    /// differences pointing into the box next to a bound), since it also serves the covariance, the rank and
    /// the check behind the status. It is formed after the iteration (its cost is not in
    /// <see cref="Evaluations"/>); all NaN when it is not finite there or the fit was cancelled.
    /// </summary>
    public Matrix<double> CopyJacobian() => jacobianMatrix.Copy();

    /// <summary>A copy of the Jacobian on every access: kept for source compatibility, use <see cref="CopyJacobian"/>.</summary>
    [Obsolete("Each access copies the m×n Jacobian; call CopyJacobian() once and keep the matrix.")]
    [DebuggerBrowsable(DebuggerBrowsableState.Never)] // FSI's echo and the debugger list properties: neither may copy (and dump) the matrix
    public Matrix<double> Jacobian => CopyJacobian();

    /// <summary>Residual evaluations spent by the fit (MINPACK's nfev), including those of finite-difference Jacobians and of the
    /// check's Jacobian at a converged point from which a further run went on: every call of the residual function but two
    /// kinds. Not counted: the Jacobian at the final X (for <see cref="CopyJacobian"/>, <see cref="CopyCovariance"/> and the
    /// check behind the status; without an analytic or automatic Jacobian 2n calls by central differences, two to eight more
    /// per parameter with |xⱼ| &lt; 0.1, a few more where a central difference cannot be taken: next to a bound or a non-finite side), and the
    /// <see cref="LevenbergMarquardtOptions.CheckJacobian"/> comparison before the fit. Counted: the 2n evaluations of the probe made (n(n − 1)/2 more for the pairs that complete the cost's Hessian where no axis is lower, 4 along its way down where it has one)
    /// when a fit stops where it started (‖r‖ = √(2·cost) down by less than 1e-4 relative), which looks for a lower point along each
    /// parameter so that a stationary start at a maximum or saddle of the cost is not reported as converged; the one evaluation of
    /// the Gauss–Newton step tried at an FTol/XTol stop whose r is far from orthogonal to the range of J, and the four per direction
    /// a difference Jacobian of deficient rank cannot resolve (see <see cref="LeastSquaresStatus"/>).</summary>
    public int Evaluations { get; }

    /// <summary>Jacobians formed (analytic calls or finite-difference approximations).</summary>
    public int JacobianEvaluations { get; }

    /// <summary>Accepted steps (iterations that lowered the sum of squares).</summary>
    public int Iterations { get; }

    /// <summary>Which test stopped the fit, or why it could not go on.</summary>
    public LeastSquaresStatus Status { get; }

    /// <summary>
    /// True when a convergence test stopped the fit (<see cref="LeastSquaresStatus.FTol"/>, <see cref="LeastSquaresStatus.XTol"/>,
    /// <see cref="LeastSquaresStatus.FTolAndXTol"/> or <see cref="LeastSquaresStatus.GTol"/>) and the check after it backed X:
    /// the largest cosine between r and a free column of <see cref="CopyJacobian"/> is at most 10·max(GTol, √FTol, 1e-6), or the
    /// Gauss–Newton step from X moves no free parameter by more than max(1000·XTol, 1e-6) of its size (column-scaled).
    /// A test that fired where neither holds is reported as <see cref="LeastSquaresStatus.Stalled"/>, unless the residuals are zero to
    /// rounding there: <see cref="LeastSquaresStatus.ZeroResidual"/>, also true here, which claims the cost (at its floor) and not X's accuracy.
    /// </summary>
    public bool Succeeded => Status is LeastSquaresStatus.FTol or LeastSquaresStatus.XTol or LeastSquaresStatus.FTolAndXTol or LeastSquaresStatus.GTol
        or LeastSquaresStatus.ZeroResidual;

    /// <summary>
    /// Numerical rank of <see cref="CopyJacobian"/>: the number of pivots |Rₖₖ| &gt; τ·|R₀₀| in a pivoted QR of
    /// the Jacobian with its columns scaled to unit norm (so parameter units do not matter), τ being the
    /// Jacobian's own relative error: max(m, n)·ε for an analytic Jacobian, 100·ε^(2/3) ≈ 3.7e-9 for central
    /// differences (a difference error must not pass for a determined direction); 0 when that Jacobian is
    /// unavailable (not finite, or the fit was cancelled). Where the check backed a converged X on its cosines while the
    /// Gauss–Newton step would move X by more than its own size, τ is raised to the Jacobian's change across the region the
    /// tolerances leave X in (measured by 2 evaluations): a pivot below it comes from where X stopped, not from the data, as
    /// at a minimum where J is singular (the message then says so).
    /// </summary>
    public int Rank { get; }

    /// <summary>True when the Jacobian at X has rank below n: the Gauss–Newton covariance is singular, and the parameters (or combinations) along its null
    /// directions get infinite variances. Either the data do not determine them, or only r's curvature does (a minimum where J is singular);
    /// <see cref="Message"/> says which, where the fit measured it.</summary>
    public bool IsRankDeficient => Rank < x.Count;

    /// <summary>
    /// Estimated covariance of the parameters, σ²·(JᵀJ)⁻¹ with σ² = 2·Cost/(m − n), from a pivoted QR of
    /// the Jacobian at X (a new copy on each call). Under a robust <see cref="LevenbergMarquardtOptions.Loss"/> it is
    /// σ²·(J̃ᵀJ̃)⁻¹ of the reweighted problem, r̃ᵢ = √ρ'ᵢ·rᵢ and J̃'s rows √ρ'ᵢ·Jᵢ, with σ² = Σr̃ᵢ²/(m − n) — not 2·Cost/(m − n),
    /// Cost being then the robust cost. Null when m = n (no degrees of freedom) or when the Jacobian at X was not formed or
    /// not finite (a cancelled fit, or one stopped where the Jacobian is not finite; <see cref="Rank"/> is then 0). When the Jacobian is rank
    /// deficient the rows and columns of the undetermined parameters hold +∞ on the diagonal and NaN elsewhere: those that move
    /// along the dropped directions, and those whose variance the dropped directions would at least double if their true pivots
    /// were as large as the Jacobian's error allows (a nearly deficient difference Jacobian: the leading block alone is the
    /// covariance with the dropped parameters held fixed, and would understate their errors).
    /// </summary>
    public Matrix<double>? CopyCovariance() => covarianceMatrix?.Copy();

    /// <summary>A copy of the covariance on every access: kept for source compatibility, use <see cref="CopyCovariance"/>.</summary>
    [Obsolete("Each access copies the n×n covariance; call CopyCovariance() once and keep the matrix.")]
    [DebuggerBrowsable(DebuggerBrowsableState.Never)] // FSI's echo and the debugger list properties: neither may copy (and dump) the matrix
    public Matrix<double>? Covariance => CopyCovariance();

    /// <summary>Whether <see cref="CopyCovariance"/> returns a matrix (false when m = n: no degrees of freedom; false too
    /// when the Jacobian at X was not formed or not finite, as after a cancellation).</summary>
    public bool HasCovariance => covarianceMatrix is not null;

    /// <summary>Standard errors √diag(covariance) (a read-only view, the same instance on every access); null when
    /// <see cref="HasCovariance"/> is false; +∞ for undetermined parameters.</summary>
    public IReadOnlyList<double>? StandardErrors => standardErrors;

    /// <summary>A sentence saying why the fit stopped.</summary>
    public string Message { get; }

    // The record's ToString prints what PrintMembers writes. The generated one would print
    // "X = System.Collections.ObjectModel.ReadOnlyCollection`1[...]" and copy both matrices through their
    // getters; this one prints the answer first, the vectors as values and the matrices by their shape.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Status = ").Append(Status)
            .Append(", X = ").Append(ResultText.List(x))
            .Append(", StandardErrors = ").Append(ResultText.List(standardErrors))
            .Append(", Cost = ").Append(ResultText.Number(Cost))
            .Append(", Rank = ").Append(Rank)
            .Append(", Iterations = ").Append(Iterations)
            .Append(", Evaluations = ").Append(Evaluations)
            .Append(", JacobianEvaluations = ").Append(JacobianEvaluations)
            .Append(", Residuals = ").Append(ResultText.List(residuals))
            .Append(", Jacobian = ").Append(ResultText.Shape(jacobianMatrix.Rows, jacobianMatrix.Columns))
            .Append(", Covariance = ").Append(covarianceMatrix is null ? "none" : ResultText.Shape(covarianceMatrix.Rows, covarianceMatrix.Columns))
            .Append(", Message = ").Append(Message);
        return true;
    }
}
