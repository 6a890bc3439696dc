namespace BlasNet.Optimization;

/// <summary>
/// Relative pivot below which a Jacobian with unit-norm columns is treated as rank deficient. It must
/// exceed the Jacobian's own relative error, or an error can pose as information: two identical columns
/// differenced with a relative error δ differ by about δ, a pivot that a tolerance of max(m, n)·ε takes
/// for a genuine second direction (rank 2, standard errors of 1e7, for a model that only sees p₀ + p₁).
/// </summary>
internal static class RankTolerance
{
    private const double Epsilon = 2.220446049250313e-16;

    /// <summary>An analytic Jacobian is exact up to rounding: max(m, n)·ε, LAPACK's usual choice.</summary>
    public static double Analytic(int m, int n) => Math.Max(m, n) * Epsilon;

    /// <summary>
    /// Central differences with step ε^(1/3)·|x| carry a relative error of about ε^(2/3) ≈ 3.7e-11 from
    /// rounding alone (more when the residuals cancel); 100 times that.
    /// </summary>
    public static readonly double CentralDifferences = 100 * Math.Pow(Epsilon, 2.0 / 3.0);
}
