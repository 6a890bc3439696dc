namespace BlasNet.Optimization;

/// <summary>
/// A <see cref="RobustLoss"/> with its scale C, as the iteration uses it: the robust cost ½ Σ C²ρ((rᵢ/C)²) and
/// Triggs' correction as Ceres applies it (Triggs et al., "Bundle adjustment — a modern synthesis", 2000; Ceres's
/// <c>Corrector</c>). With s = rᵢ², ρ₁ = dρ̃/ds and ρ₂ = d²ρ̃/ds² of ρ̃(s) = C²ρ(s/C²), the residual is replaced by
/// r̃ᵢ = √ρ₁/(1 − α)·rᵢ and the Jacobian row by J̃ᵢ = √ρ₁(1 − α)·Jᵢ, α = 1 − √(1 + 2sρ₂/ρ₁), so that J̃ᵀr̃ = Σρ₁rᵢJᵢ is
/// the gradient of the robust cost and J̃ᵀJ̃ its Gauss–Newton Hessian: the Levenberg–Marquardt iteration on (r̃, J̃)
/// stops where the robust cost is stationary. When ρ₂ ≤ 0 — always, for the five losses, beyond the region where they
/// are linear — Ceres sets α = 0 (plain √ρ₁ reweighting): the curvature term would make the model Hessian indefinite
/// for outliers and, in Ceres's experiments, slows convergence. The minimiser does not depend on that choice, only
/// the path to it.
/// </summary>
internal sealed class RobustLossFunction
{
    private readonly RobustLoss loss;
    private readonly double scale;

    private RobustLossFunction(RobustLoss loss, double scale)
    {
        this.loss = loss;
        this.scale = scale;
    }

    /// <summary>The loss of the options, or null for <see cref="RobustLoss.Linear"/> (the iteration then runs exactly as without a loss).</summary>
    public static RobustLossFunction? Create(LevenbergMarquardtOptions options)
        => options.Loss == RobustLoss.Linear ? null : new RobustLossFunction(options.Loss, options.LossScale);

    /// <summary>ρ(z), ρ'(z), ρ''(z) at z = (r/C)².</summary>
    public (double Rho, double Rho1, double Rho2) Evaluate(double z)
    {
        switch (loss)
        {
            case RobustLoss.SoftL1:
            {
                double t = 1 + z, root = Math.Sqrt(t);
                return (2 * (root - 1), 1 / root, -0.5 / (t * root));
            }
            case RobustLoss.Huber:
            {
                if (z <= 1) return (z, 1, 0);
                double root = Math.Sqrt(z);
                return (2 * root - 1, 1 / root, -0.5 / (z * root));
            }
            case RobustLoss.Cauchy:
            {
                double t = 1 + z;
                return (Math.Log(t), 1 / t, -1 / (t * t));
            }
            case RobustLoss.Arctan:
            {
                double t = 1 + z * z;
                return (Math.Atan(z), 1 / t, -2 * z / (t * t));
            }
            default:
                return (z, 1, 0);
        }
    }

    // C² is never formed: it overflows for C above ~1.3e154 and underflows below ~1.5e-154 (to 0 below ~1e-162), where the
    // plain least-squares fit of the same data still works. With it the cost norm was ∞ or 0 at every point of a fit with
    // residuals near 1e±160 and C in their units, and the fit stalled at its start.

    /// <summary>½ Σ C²ρ((rᵢ/C)²), the robust cost (∞ or 0 only where it is out of double range).</summary>
    public double Cost(ReadOnlySpan<double> residuals) => 0.5 * scale * (scale * SumOfLosses(residuals));

    /// <summary>√(Σ C²ρ((rᵢ/C)²)) = √(2·cost): the robust counterpart of ‖r‖, which the iteration compares between steps.</summary>
    public double CostNorm(ReadOnlySpan<double> residuals) => scale * Math.Sqrt(SumOfLosses(residuals));

    private double SumOfLosses(ReadOnlySpan<double> residuals)
    {
        double sum = 0;
        foreach (double r in residuals)
        {
            double q = r / scale, z = q * q;
            sum += double.IsInfinity(z) ? FarRho(Math.Abs(q)) : Evaluate(z).Rho;
        }
        return sum; // Σρ, without the factor C²
    }

    // |r/C| beyond ~1.3e154, where z = (r/C)² overflows although the loss and the weight do not: ρ(∞) would be ∞ for
    // SoftL1, Huber and Cauchy and ρ'(∞) = 0, so the cost was ∞ and the corrected residuals and Jacobian rows 0 — a zero
    // gradient that stopped the fit at once with GTol (reported as converged) at a point with an O(1) robust gradient.
    // The leading terms in a = |r/C| are exact in double there (1 + z rounds to z).

    /// <summary>ρ(a²) for a = |r/C| with a² not representable.</summary>
    private double FarRho(double a) => loss switch
    {
        RobustLoss.SoftL1 => 2 * (a - 1),
        RobustLoss.Huber => 2 * a - 1,
        RobustLoss.Cauchy => 2 * Math.Log(a),
        RobustLoss.Arctan => Math.PI / 2,
        _ => double.PositiveInfinity,
    };

    /// <summary>√ρ'(a²) for a = |r/C| with a² not representable (ρ'' ≤ 0 there, so it is both factors).</summary>
    private double FarRootRho1(double a) => loss switch
    {
        RobustLoss.SoftL1 or RobustLoss.Huber => 1 / Math.Sqrt(a), // ρ' = 1/√z
        RobustLoss.Cauchy => 1 / a,                                 // ρ' = 1/z
        RobustLoss.Arctan => 1 / a / a,                             // ρ' = 1/z²: flat to double precision
        _ => 1,
    };

    /// <summary>
    /// Triggs' correction of residual i: the factors by which the residual and its Jacobian row are multiplied.
    /// </summary>
    public (double ResidualFactor, double JacobianFactor) Factors(double r)
    {
        double q = r / scale, z = q * q;
        if (double.IsInfinity(z))
        {
            double far = FarRootRho1(Math.Abs(q));
            return (far, far);
        }
        var (_, rho1, rho2) = Evaluate(z);
        double root = Math.Sqrt(rho1);
        // Arctan's ρ' = 1/(1 + z²) underflows to 0 once z² overflows (z beyond ~1.3e154), though √ρ' = 1/z is representable.
        if (root == 0 && loss == RobustLoss.Arctan) root = 1 / z;
        // ρ₂ of ρ̃(s) = C²ρ(s/C²) is ρ''(z)/C²; only its sign and s·ρ₂ = z·ρ''(z) enter.
        if (z == 0 || rho2 <= 0) return (root, root);
        double alpha = 1 - Math.Sqrt(1 + 2 * z * rho2 / rho1);
        return (root / (1 - alpha), root * (1 - alpha));
    }

    /// <summary>
    /// r̃ into <paramref name="corrected"/>, the rows of the column-major m×n <paramref name="jacobian"/> scaled in
    /// place, and each row's Jacobian factor into <paramref name="rowFactors"/>.
    /// </summary>
    public void CorrectColumnMajor(ReadOnlySpan<double> residuals, Span<double> jacobian, int n, Span<double> corrected, Span<double> rowFactors)
    {
        int m = residuals.Length;
        for (int i = 0; i < m; i++)
        {
            var (rf, jf) = Factors(residuals[i]);
            corrected[i] = rf * residuals[i];
            rowFactors[i] = jf;
        }
        for (int j = 0; j < n; j++)
        {
            Span<double> column = jacobian.Slice(j * m, m);
            for (int i = 0; i < m; i++) column[i] *= rowFactors[i];
        }
    }

    /// <summary>Corrected copies of r and of the row-major m×n Jacobian (for the check behind the status and the covariance).</summary>
    public (double[] Residuals, double[] Jacobian) CorrectedCopies(ReadOnlySpan<double> residuals, ReadOnlySpan<double> jacobianRowMajor, int n)
    {
        int m = residuals.Length;
        var r = new double[m];
        var jac = jacobianRowMajor.ToArray();
        for (int i = 0; i < m; i++)
        {
            var (rf, jf) = Factors(residuals[i]);
            r[i] = rf * residuals[i];
            for (int j = 0; j < n; j++) jac[i * n + j] *= jf;
        }
        return (r, jac);
    }
}
