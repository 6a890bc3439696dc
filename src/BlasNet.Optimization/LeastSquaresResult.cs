namespace BlasNet.Optimization;

/// <summary>The outcome of a <see cref="LevenbergMarquardt"/> fit. Immutable: array properties return copies.</summary>
public sealed record LeastSquaresResult
{
    private readonly double[] x;
    private readonly double[] residuals;
    private readonly double[]? standardErrors;

    internal LeastSquaresResult(double[] x, double[] residuals, Matrix<double> jacobian, int evaluations,
        int jacobianEvaluations, int iterations, LeastSquaresStatus status, int rank,
        Matrix<double>? covariance, double[]? standardErrors, string message)
    {
        this.x = x;
        this.residuals = residuals;
        this.standardErrors = standardErrors;
        double sum = 0;
        foreach (double r in residuals) sum += r * r;
        Cost = 0.5 * sum;
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

    /// <summary>The parameters found (a copy). Always finite, and inside the bounds when bounds were given.</summary>
    public double[] X => (double[])x.Clone();

    /// <summary>½ Σ rᵢ² at <see cref="X"/> (SciPy's definition of cost; the residual sum of squares is 2·Cost).</summary>
    public double Cost { get; }

    /// <summary>The residual vector r(X) (a copy).</summary>
    public double[] Residuals => (double[])residuals.Clone();

    /// <summary>
    /// The m×n Jacobian ∂rᵢ/∂xⱼ at <see cref="X"/> (a copy): analytic, or central differences whatever
    /// <see cref="LevenbergMarquardtOptions.Jacobian"/> the iteration used (one-sided second-order
    /// differences pointing into the box next to a bound), since it also serves the covariance, the rank and
    /// the check behind the status. It is formed after the iteration (its cost is not in
    /// <see cref="Evaluations"/>); all NaN when it is not finite there or the fit was cancelled.
    /// </summary>
    public Matrix<double> Jacobian => jacobianMatrix.Copy();

    /// <summary>Residual evaluations spent by the iteration, including those of finite-difference Jacobians (MINPACK's nfev); the Jacobian at X for <see cref="Covariance"/> is extra.</summary>
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
    /// the largest cosine between r and a free column of <see cref="Jacobian"/> is at most 10·max(GTol, √FTol, 1e-6), or the
    /// Gauss–Newton step from X moves no free parameter by more than max(1000·XTol, 1e-6) of its size (column-scaled).
    /// A test that fired where neither holds is reported as <see cref="LeastSquaresStatus.Stalled"/>.
    /// </summary>
    public bool Succeeded => Status is LeastSquaresStatus.FTol or LeastSquaresStatus.XTol or LeastSquaresStatus.FTolAndXTol or LeastSquaresStatus.GTol;

    /// <summary>
    /// Numerical rank of <see cref="Jacobian"/>: the number of pivots |Rₖₖ| &gt; τ·|R₀₀| in a pivoted QR of
    /// the Jacobian with its columns scaled to unit norm (so parameter units do not matter), τ being the
    /// Jacobian's own relative error: max(m, n)·ε for an analytic Jacobian, 100·ε^(2/3) ≈ 3.7e-9 for central
    /// differences (a difference error must not pass for a determined direction); 0 when that Jacobian is
    /// unavailable (not finite, or the fit was cancelled).
    /// </summary>
    public int Rank { get; }

    /// <summary>True when the Jacobian at X has rank below n: some parameters (or combinations) are not determined by the data, and their variances are infinite.</summary>
    public bool IsRankDeficient => Rank < x.Length;

    /// <summary>
    /// Estimated covariance of the parameters, σ²·(JᵀJ)⁻¹ with σ² = 2·Cost/(m − n), from a pivoted QR of
    /// the Jacobian at X (a copy). Null when m = n (no degrees of freedom). When the Jacobian is rank
    /// deficient the rows and columns of the undetermined parameters hold +∞ on the diagonal and NaN elsewhere.
    /// </summary>
    public Matrix<double>? Covariance => covarianceMatrix?.Copy();

    /// <summary>Standard errors √diag(Covariance) (a copy); null when <see cref="Covariance"/> is; +∞ for undetermined parameters.</summary>
    public double[]? StandardErrors => (double[]?)standardErrors?.Clone();

    /// <summary>A sentence saying why the fit stopped.</summary>
    public string Message { get; }
}
