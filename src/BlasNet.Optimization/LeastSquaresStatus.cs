namespace BlasNet.Optimization;

/// <summary>Why <see cref="LevenbergMarquardt"/> stopped: which convergence test was met, or why it could not go on.</summary>
public enum LeastSquaresStatus
{
    /// <summary>Converged: both the actual and the predicted relative reduction of the sum of squares are at most <see cref="LevenbergMarquardtOptions.FTol"/> (MINPACK info 1).</summary>
    FTol,

    /// <summary>Converged: the relative change of the scaled parameters is at most <see cref="LevenbergMarquardtOptions.XTol"/> (MINPACK info 2).</summary>
    XTol,

    /// <summary>Converged: the <see cref="FTol"/> and <see cref="XTol"/> tests both hold (MINPACK info 3).</summary>
    FTolAndXTol,

    /// <summary>Converged: the largest cosine between the residual vector and a Jacobian column is at most <see cref="LevenbergMarquardtOptions.GTol"/> (MINPACK info 4).</summary>
    GTol,

    /// <summary>Stopped: the number of residual evaluations reached <see cref="LevenbergMarquardtOptions.MaxEvaluations"/> (MINPACK info 5).</summary>
    MaxEvaluations,

    /// <summary>Stopped: <see cref="LevenbergMarquardtOptions.FTol"/> is so small that no further reduction of the sum of squares is possible in double precision (MINPACK info 6).</summary>
    FTolTooSmall,

    /// <summary>Stopped: <see cref="LevenbergMarquardtOptions.XTol"/> is so small that no further improvement of the parameters is possible in double precision (MINPACK info 7).</summary>
    XTolTooSmall,

    /// <summary>Stopped: <see cref="LevenbergMarquardtOptions.GTol"/> is so small that the residual vector is orthogonal to the Jacobian's columns to machine precision (MINPACK info 8).</summary>
    GTolTooSmall,

    /// <summary>Stopped: the Jacobian (analytic, or every finite-difference step tried) was not finite at the current point; the result holds the last point with finite residuals.</summary>
    NonFiniteResiduals,

    /// <summary>Stopped: the options' cancellation token was signalled; the result holds the best point found so far.</summary>
    Cancelled,
}
