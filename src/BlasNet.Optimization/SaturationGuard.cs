namespace BlasNet.Optimization;

/// <summary>
/// Takes back an accepted step after which a parameter has no effect on the residuals at all (its Jacobian
/// column is exactly zero where it was not before the step): the step jumped onto a plateau of the model.
/// <para>
/// The case is BoxBOD from NIST's first start, y = b₁(1 − e^(−b₂x)) from b = (1, 1): MINPACK's first trust
/// region (100·‖D·x₀‖ with the column-norm scaling) lets the first step reach b₂ = 110.9, where e^(−b₂x) is
/// below the rounding of 1 for every x. The step reduces ‖r‖ (431.7 → 201.4), so MINPACK accepts it; from
/// then on r does not depend on b₂ in floating point, the b₂ column is zero, MINPACK's gtol test skips it and
/// the fit ends on b₁ alone (b = (172.5, 110.9), far from the certified (213.8, 0.547)). SciPy's
/// <c>leastsq</c> does exactly the same (bench/peers/minpack_trace.py, src/BlasNet.Optimization/MINPACK-parity.md).
/// The linear model that justified such a step used a derivative the step destroyed, so the step is
/// treated as a failed one: the previous point is restored and the radius cut to a tenth of the step, as
/// after a step with no reduction. Once per parameter, so a parameter that truly stops mattering at the
/// solution (a model with a switch) is let go on the second attempt.
/// </para>
/// </summary>
internal sealed class SaturationGuard
{
    private readonly double[] previousU;
    private readonly double[] previousColumnNorms;
    private readonly bool[] used;
    private double previousFnorm, previousXnorm, stepNorm;
    private bool havePrevious, haveColumns;

    public SaturationGuard(int n)
    {
        previousU = new double[n];
        previousColumnNorms = new double[n];
        used = new bool[n];
    }

    /// <summary>
    /// Keeps the point an accepted step leaves (u and the norms) and the step's scaled length. Not its residuals: the
    /// iteration keeps those itself (an accepted step swaps the residual buffers, and no trial point is evaluated before
    /// the next <see cref="StepSaturated"/>), which saves a copy of m values per accepted step.
    /// </summary>
    public void Remember(ReadOnlySpan<double> u, double fnorm, double xnorm, double pnorm)
    {
        u.CopyTo(previousU);
        previousFnorm = fnorm;
        previousXnorm = xnorm;
        stepNorm = pnorm;
        havePrevious = true;
    }

    /// <summary>
    /// Called with the column norms of each new Jacobian. True when the last accepted step zeroed a column:
    /// the previous point is then back in u, with its norms, the radius and λ of a failed step; the caller restores
    /// its residuals.
    /// </summary>
    /// <remarks>A column that is zero because the step put its parameter on a bound (<paramref name="problem"/>'s
    /// <see cref="LeastSquaresProblem.OnBoundExtremum"/>: the active set zeroes the column of a parameter held on its bound) is no plateau and is left alone.</remarks>
    public bool StepSaturated(ReadOnlySpan<double> columnNorms, Span<double> u,
        ref double fnorm, ref double xnorm, ref double delta, ref double par, LeastSquaresProblem problem)
    {
        bool saturated = false;
        if (havePrevious && haveColumns)
            for (int j = 0; j < columnNorms.Length; j++)
                if (columnNorms[j] == 0 && previousColumnNorms[j] != 0 && !used[j] && !problem.OnBoundExtremum(j, u[j]))
                {
                    used[j] = true;
                    saturated = true;
                }
        havePrevious = false;
        if (!saturated)
        {
            columnNorms.CopyTo(previousColumnNorms);
            haveColumns = true;
            return false;
        }
        previousU.CopyTo(u);
        fnorm = previousFnorm;
        xnorm = previousXnorm;
        delta = 0.1 * stepNorm;
        par = par == 0 ? 0 : par / 0.1;
        return true;
    }
}
