using BlasNet.Functions;

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
                // 2z/(√(1+z) + 1), not 2(√(1+z) − 1): that cancels for small z (relative error ~1e-16/z, ρ = 0 below z ~ 1e-16),
                // so with C far above the residuals (C = 1e6 for residuals ~1) the cost was off by 3e-3 and with C = 1e8 it was 0.
                double t = 1 + z, root = Math.Sqrt(t);
                return (2 * (z / (root + 1)), 1 / root, -0.5 / (t * root)); // 2z would overflow for z near double.MaxValue
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
                return (LogOnePlus.Of(z), 1 / t, -1 / (t * t)); // Math.Log(1 + z) loses every digit below z ~ 1e-16
            }
            case RobustLoss.Arctan:
            {
                double t = 1 + z * z;
                // −2(z/t)/t, not −2z/(t·t): for z above ~9e307 (|r/C| in 9.5e153…1.34e154) 2z overflowed while t·t did too,
                // ρ'' = −∞/∞ = NaN, which failed the ρ'' ≤ 0 test and made both Triggs factors NaN.
                return (Math.Atan(z), 1 / t, -2 * (z / t) / t);
            }
            default:
                return (z, 1, 0);
        }
    }

    // C² is never formed: it overflows for C above ~1.3e154 and underflows below ~1.5e-154 (to 0 below ~1e-162), where the
    // plain least-squares fit of the same data still works. Nor is Σρ formed and multiplied by C²: z = (r/C)² itself
    // underflows to 0 for |r/C| below ~1e-162 (C = 1e300 for residuals ~1, where the loss is quadratic and the cost is
    // ½Σr²), and r/C overflows for |r| ≫ C (C = 1e-300). Each residual's share uᵢ = C·√ρ(zᵢ), uᵢ² = C²ρ(zᵢ), is formed in
    // range instead — |rᵢ|·√(ρ(zᵢ)/zᵢ) in the near region — and the cost norm is ‖u‖.

    /// <summary>½ Σ C²ρ((rᵢ/C)²), the robust cost (∞ or 0 only where it is out of double range).</summary>
    public double Cost(ReadOnlySpan<double> residuals)
    {
        double norm = CostNorm(residuals);
        return 0.5 * norm * norm;
    }

    /// <summary>√(Σ C²ρ((rᵢ/C)²)) = √(2·cost): the robust counterpart of ‖r‖, which the iteration compares between steps.</summary>
    public double CostNorm(ReadOnlySpan<double> residuals)
    {
        double sum = 0, max = 0;
        foreach (double r in residuals)
        {
            double u = Share(r);
            sum += u * u;
            max = Math.Max(max, u);
        }
        if (max == 0 || !double.IsFinite(max)) return max;
        if (sum > 1e-290 && double.IsFinite(sum)) return Math.Sqrt(sum);
        // Rare path: rescale by the largest share so that neither the squares overflow nor underflow to zero.
        sum = 0;
        foreach (double r in residuals)
        {
            double u = Share(r) / max;
            sum += u * u;
        }
        return max * Math.Sqrt(sum);
    }

    /// <summary>uᵢ = C·√ρ((r/C)²) ≥ 0, formed without squaring C or r.</summary>
    public double Share(double r)
    {
        double a = Math.Abs(r), q = a / scale;
        if (double.IsInfinity(q)) return FarShareBeyondRange(a);
        double z = q * q;
        if (double.IsInfinity(z)) return scale * FarRootRho(q);
        if (z >= 1) return scale * Math.Sqrt(Evaluate(z).Rho);
        // ρ(z)/z = 1 − O(z) for every loss: 1 to rounding below 1e-17, also where z underflowed to 0.
        return z < 1e-17 ? a : a * Math.Sqrt(Evaluate(z).Rho / z);
    }

    // |r/C| beyond ~1.3e154, where z = (r/C)² overflows although the loss and the weight do not: ρ(∞) would be ∞ for
    // SoftL1, Huber and Cauchy and ρ'(∞) = 0, so the cost was ∞ and the corrected residuals and Jacobian rows 0 — a zero
    // gradient that stopped the fit at once with GTol (reported as converged) at a point with an O(1) robust gradient.
    // The leading terms in a = |r/C| are exact in double there (1 + z rounds to z).

    // √ρ as a product of roots, not the root of ρ: SoftL1's 2(a − 1) and Huber's 2a − 1 overflow for a above ~9e307
    // (C = 1e-300 with residuals in 9e7…1.8e8), which gave those residuals a share of ∞ though C·√(2a) is ~1e-146.

    /// <summary>√ρ(a²) for a = |r/C| with a² not representable.</summary>
    private double FarRootRho(double a) => loss switch
    {
        RobustLoss.SoftL1 => Math.Sqrt(2) * Math.Sqrt(a - 1),
        RobustLoss.Huber => Math.Sqrt(2) * Math.Sqrt(a - 0.5),
        RobustLoss.Cauchy => Math.Sqrt(2 * Math.Log(a)),
        RobustLoss.Arctan => Math.Sqrt(Math.PI / 2),
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

    // |r|/C itself overflows (C = 1e-300 with residuals above ~1e8): the far formulas in |r| and C separately, so that the
    // share and the factor stay finite and nonzero where they are (a = ∞ gave a cost of ∞ and factors of 0, a zero gradient).

    /// <summary>C·√ρ((r/C)²) for |r|/C not representable.</summary>
    private double FarShareBeyondRange(double absR) => loss switch
    {
        RobustLoss.SoftL1 or RobustLoss.Huber => Math.Sqrt(2 * scale) * Math.Sqrt(absR), // C²·2a = 2C|r|
        RobustLoss.Cauchy => scale * Math.Sqrt(2 * (Math.Log(absR) - Math.Log(scale))),
        RobustLoss.Arctan => scale * Math.Sqrt(Math.PI / 2),
        _ => double.PositiveInfinity,
    };

    /// <summary>√ρ'((r/C)²) for |r|/C not representable.</summary>
    private double FarRootRho1BeyondRange(double absR) => loss switch
    {
        RobustLoss.SoftL1 or RobustLoss.Huber => Math.Sqrt(scale) / Math.Sqrt(absR),
        RobustLoss.Cauchy => scale / absR,
        RobustLoss.Arctan => scale / absR * (scale / absR),
        _ => 1,
    };

    /// <summary>
    /// Triggs' correction of residual i: the factors by which the residual and its Jacobian row are multiplied.
    /// </summary>
    public (double ResidualFactor, double JacobianFactor) Factors(double r)
    {
        double q = r / scale, z = q * q;
        if (double.IsInfinity(q))
        {
            double beyond = FarRootRho1BeyondRange(Math.Abs(r));
            return (beyond, beyond);
        }
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

    /// <summary>
    /// The influence ψᵢ = ρ′ᵢ·rᵢ of each residual (ρ′ of the scaled loss, dρ̃/ds at s = rᵢ²): the robust cost's gradient is Jᵀψ, as
    /// J̃ᵀr̃ (the residual and Jacobian factors multiply to ρ′). Its norm is the scale the relative tests take under a loss
    /// (<see cref="LevenbergMarquardtOptions.Loss"/>): a gross outlier's share of the cost, about 2C|r|, grows with |r| while its pull
    /// on the parameters, ψ = C·sign r for SoftL1 and Huber and less for Cauchy and Arctan, does not, so a cost norm
    /// or ‖r̃‖ (√(C|r|)) swamped by outliers made every relative test pass far from the minimiser. ψ = r without a loss.
    /// Formed as the Jacobian factor times r̃, which stays in range where ρ′·r is (C = 1e-300 with |r| = 1e9).
    /// </summary>
    public void Influence(ReadOnlySpan<double> residuals, Span<double> destination)
    {
        for (int i = 0; i < residuals.Length; i++)
        {
            var (rf, jf) = Factors(residuals[i]);
            destination[i] = jf * (rf * residuals[i]);
        }
    }

    /// <summary>Each row's Jacobian factor at <paramref name="residuals"/> (the weights <see cref="CorrectedCopies"/> gives a change; the probes compare their measurements with them).</summary>
    public double[] JacobianFactors(ReadOnlySpan<double> residuals)
    {
        var factors = new double[residuals.Length];
        for (int i = 0; i < residuals.Length; i++) factors[i] = Factors(residuals[i]).JacobianFactor;
        return factors;
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
