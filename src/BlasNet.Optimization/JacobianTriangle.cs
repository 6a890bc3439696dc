namespace BlasNet.Optimization;

/// <summary>
/// The (n+1)×(n+1) triangle of [J | r] for a tall row-major Jacobian at X (m ≥ <see cref="PivotedJacobianFactor.TallThreshold"/>):
/// J = Q₁R₁ and the first n components of Q₁ᵀr, from one blocked pass over J. Everything the checks after the fit need
/// from J follows from it exactly (up to rounding), so the optimality check and the covariance read the m×n Jacobian
/// once between them instead of three or four times: ‖J[:, j]‖ = ‖R₁[:, j]‖, Jᵀr = R₁ᵀ(Q₁ᵀr), a least-squares step on
/// columns of J is the same step on those columns of R₁ with right-hand side Q₁ᵀr, and the QR of J·D is R₁·D.
/// </summary>
internal sealed class JacobianTriangle
{
    private readonly int n;
    private readonly double[] t; // column-major (n+1)×(n+1): R₁ in the leading n×n block, Q₁ᵀr in the first n rows of the last column

    private JacobianTriangle(int n, double[] t)
    {
        this.n = n;
        this.t = t;
    }

    /// <summary>The triangle of the row-major m×n <paramref name="jacobianRowMajor"/> and <paramref name="residuals"/>, or null when m is below the tall threshold (small problems read J directly) or J is not finite.</summary>
    public static JacobianTriangle? TryCreate(int m, int n, ReadOnlySpan<double> jacobianRowMajor, ReadOnlySpan<double> residuals)
    {
        if (m < PivotedJacobianFactor.TallThreshold) return null;
        var t = new double[(n + 1) * (n + 1)];
        var ones = new double[n];
        Array.Fill(ones, 1.0);
        // Not finite (a loss-weighted copy can overflow): null, and the callers read J as they do for a small problem.
        return new TallSkinnyQr(n + 1).ReduceRowMajor(m, jacobianRowMajor, ones, residuals, t) ? new JacobianTriangle(n, t) : null;
    }

    /// <summary>R₁[i, j] (zero below the diagonal).</summary>
    public double R(int i, int j) => t[i + j * (n + 1)];

    /// <summary>(Q₁ᵀr)[i], i &lt; n.</summary>
    public double QtR(int i) => t[i + n * (n + 1)];

    /// <summary>‖J[:, j]‖ for every column.</summary>
    public void ColumnNorms(Span<double> destination)
    {
        for (int j = 0; j < n; j++) destination[j] = VectorNorm.Euclidean(t.AsSpan(j * (n + 1), j + 1));
    }

    /// <summary>
    /// The cosines between r and J's columns, signed: (Jᵀr)ⱼ/(‖J[:, j]‖·‖r‖) with Jᵀr = R₁ᵀ(Q₁ᵀr), summed over factors at most 1
    /// in size so that no J or r is too large or too small for it (0 for a zero column).
    /// </summary>
    public void GradientCosines(ReadOnlySpan<double> columnNorms, double residualNorm, Span<double> destination)
    {
        for (int j = 0; j < n; j++)
        {
            double sum = 0;
            if (columnNorms[j] > 0)
                for (int i = 0; i <= j; i++) sum += R(i, j) / columnNorms[j] * (QtR(i) / residualNorm);
            destination[j] = sum;
        }
    }

    /// <summary>R₁ as a row-major n×n matrix and Q₁ᵀr: the n-row least-squares problem with the solutions of [J | r]'s.</summary>
    public (double[] RowMajor, double[] Rhs) AsSmallProblem()
    {
        var rowMajor = new double[n * n];
        var rhs = new double[n];
        for (int i = 0; i < n; i++)
        {
            rhs[i] = QtR(i);
            for (int j = i; j < n; j++) rowMajor[i * n + j] = R(i, j);
        }
        return (rowMajor, rhs);
    }
}
