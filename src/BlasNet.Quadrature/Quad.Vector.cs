using System.Globalization;
namespace BlasNet.Quadrature;

public static partial class Quad
{
    /// <summary>
    /// Computes ∫_a^b f_k(x) dx for every component k of a vector-valued integrand on one shared adaptive
    /// subdivision (after SciPy's <c>quad_vec</c>): each point is evaluated once for all components, and the
    /// subinterval whose error vector has the largest norm (<see cref="QuadOptions.ErrorNorm"/>) is bisected
    /// next. A family of m related integrands therefore costs the points its hardest member needs, not the
    /// sum of m scalar runs.
    /// </summary>
    /// <remarks>
    /// Finite ranges use the 21-point Gauss–Kronrod rule, infinite ones the 15-point rule after the same map
    /// onto (0, 1] as <see cref="Integrate(Func{double, double}, double, double, QuadOptions?)"/> (x = a + s·(1 − t)/t
    /// with s = max(1, |a|), or its mirror images; (−∞, ∞) folded as f(x) + f(−x)). Breakpoints split the range
    /// first. There is no epsilon extrapolation, so endpoint singularities converge by bisection alone (more
    /// points than the scalar QAGS needs for such a component); an interval whose nodes nearest an end fit a power steeper
    /// than x^(−1/2) carries twice the rule's error on that power, which |Kronrod − Gauss| understates as the power nears
    /// −1 (x^−0.99 on [0, 1]: the true error was 10× the claim), so a strong singularity or a tail decaying like
    /// x^(−1−ε) may end MaxIntervalsReached where the scalar form converges. Bisection towards such a point at a limit or
    /// breakpoint away from 0 ends <see cref="QuadStatus.BadIntegrandBehaviour"/> once the doubles there are too coarse for
    /// the rule; the last subinterval then carries twice the gap between its estimate and the mass of the power law fitted to
    /// the two beside it ((1 − x)^−0.97 on [0, 1]: 22.63 ± 21.5 for 33.33, was ± 2.59), and +∞ where that power is not
    /// integrable (1/(1 − x)). Pass an interior singular point as a breakpoint: without one the message says the error is only a lower bound. The tolerance applies to the whole vector:
    /// <see cref="QuadStatus.Converged"/> means ‖AbsoluteErrors‖ ≤ max(AbsoluteTolerance,
    /// RelativeTolerance·‖Values‖) in the chosen norm, so a component much smaller than the others is accurate
    /// relative to the largest, not to itself (as in SciPy); integrate it separately when it needs its own
    /// relative accuracy. Each AbsoluteErrors[k] is that component's own QUADPACK-style estimate over the shared partition,
    /// kept honest where the shared bisection does not check it: a component whose error lies far below the tolerance
    /// never drives a bisection on the norm, so its estimate may rest on one Gauss–Kronrod rule over a subinterval too wide
    /// for it. Where that rule has not resolved the component and |Kronrod − Gauss| (its top Legendre coefficient) is small by
    /// chance, the error is the rules' difference on the largest of the top coefficients instead (1e-12·cos(154x) on [0, 1]
    /// beside a constant 1: claimed 2.2e-16 for a true error of 4.4e-15, now 5.1e-13); where the rule saw the component as
    /// one isolated peak (a feature about as narrow as its nodes' spacing: |f_k| falls below 1/8 of its largest node value
    /// within two nodes on each side, or of the pair of nodes it lies between: was 2.82e-7 ± 4.68e-7 for 3.137e-6 with a Lorentzian 1e-3 wide
    /// centred between two nodes, now 3.1369e-6 ± 3.0e-6 in 273 evaluations; near an end of the subinterval, where the nodes run out
    /// before |f_k| falls, it counts as falling there unless the nodes fit an integrable power singularity at that end), that subinterval is bisected until the component's
    /// error there is within its own tolerance max(AbsoluteTolerance, RelativeTolerance·∫|f_k|) or the peak is no longer
    /// isolated, so <see cref="QuadStatus.Converged"/> also means that ([1e6·sin x, 1e-3·e^(−((x − 0.377)/0.01)²)]: was
    /// 2.05e-7 ± 3.8e-7 for 1.77e-5 in 21 evaluations, now 5.78e-6 ± 1.0e-5 in 63; [1e6·sin x, 1e-9/((x − 0.377)² + 1e-6)]:
    /// was 1.75e-7 ± 2.55e-7 for 3.137e-6 in 21, now 3.172e-6 ± 5.4e-6 in 147). A smooth peak in a small component is thus
    /// resolved to that component's own tolerance too, which costs evaluations where it is narrow. A feature no node meets stays out of
    /// reach, as in the scalar form. When the rounding floor 50ε·∫|f_k| (plus the rounding of the nodes, which a narrow feature far from 0 raises:
    /// near x = c they are doubles spaced ε·|c|) alone exceeds the tolerance (integrals at or near 0 and no
    /// AbsoluteTolerance) the run stops with <see cref="QuadStatus.RoundoffDetected"/>, as the scalar form does, instead of
    /// bisecting to MaxIntervals, once the part of the error above that floor is within the tolerance (so the other
    /// components are still resolved as far as the tolerance asks). Each component carries the point where it is known to
    /// be largest, and a half whose nodes miss a peak its parent's rule met there (e^(−x²) on [−1e5, 1e5], sampled only at
    /// the first rule's centre) is charged for it and bisected until it is found, as in the scalar form (on a tail in the
    /// mapped variable t, where the rounding of the nodes in t is part of the error too). The integrand is only called at finite points inside the range; the first NaN or ±∞
    /// in any component stops the run with <see cref="QuadStatus.NonFiniteIntegrand"/>.
    /// </remarks>
    /// <param name="f">Writes the <paramref name="length"/> component values at x into its span.</param>
    /// <param name="length">Number of components m (≥ 1).</param>
    /// <param name="a">Lower limit; may be −∞ (or +∞ with b &lt; a).</param>
    /// <param name="b">Upper limit; may be +∞ (or −∞).</param>
    /// <param name="options">Tolerances, limits, breakpoints and <see cref="QuadOptions.ErrorNorm"/>; null means
    /// <see cref="QuadOptions.Default"/>.</param>
    /// <returns>The estimates, their error bounds, the evaluation count and the status.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is less than 1, or above
    /// <see cref="Array.MaxLength"/>/21 (the rule keeps length × 21 values).</exception>
    /// <exception cref="ArgumentException">A limit is NaN, or the options are invalid (as for the scalar
    /// form, or an undefined <see cref="QuadOptions.ErrorNorm"/>).</exception>
    /// <exception cref="QuadVectorException">The tolerance was not met and
    /// <see cref="QuadOptions.ThrowOnFailure"/> is set.</exception>
    public static QuadVectorResult IntegrateVector(VectorIntegrand f, int length, double a, double b,
        QuadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        if (length < 1)
            throw new ArgumentOutOfRangeException(nameof(length), length, string.Create(CultureInfo.InvariantCulture, $"The integrand needs at least one component (got length = {length})."));
        // The rule's values are kept as one array of length·21 doubles: beyond Array.MaxLength that allocation failed with
        // an OutOfMemoryException ("Array dimensions exceeded supported range") that named nothing.
        int maxLength = Array.MaxLength / GaussKronrodRule.Kronrod21.Points;
        if (length > maxLength)
            throw new ArgumentOutOfRangeException(nameof(length), length, string.Create(CultureInfo.InvariantCulture, $"length = {length} components exceed the {maxLength} the rule's value table (length × 21 doubles) can hold."));
        options ??= QuadOptions.Default;
        RequireLimit(a, nameof(a));
        RequireLimit(b, nameof(b));
        ValidateOptions(options);
        if (!Enum.IsDefined(options.ErrorNorm))
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"ErrorNorm {(int)options.ErrorNorm} is not a VectorErrorNorm member."), nameof(options));

        QuadVectorResult result;
        if (a == b)
        {
            result = new QuadVectorResult
            {
                Values = new double[length],
                AbsoluteErrors = new double[length],
                Evaluations = 0,
                Intervals = 0,
                Status = QuadStatus.Converged,
                Message = "The limits are equal; every integral is 0.",
            };
        }
        else
        {
            (double lo, double hi, double sign) = a < b ? (a, b, 1.0) : (b, a, -1.0);
            double[] breaks = InteriorBreakpoints(options, lo, hi);
            var integration = new VectorIntegration(f, length, options.ErrorNorm, options.CancellationToken);
            result = RunVector(integration, VectorPieces(lo, hi, breaks), sign, length, options);
        }

        if (options.ThrowOnFailure && result.Status != QuadStatus.Converged)
            throw new QuadVectorException(result);
        return result;
    }

    /// <summary>The initial partition, laid out as the scalar <see cref="IntegrationPlan"/>'s (<see cref="RangeLayout"/>):
    /// each finite interval between breakpoints one piece, each infinite tail mapped onto (0, 1].</summary>
    private static List<VectorIntegration.Piece> VectorPieces(double lo, double hi, double[] breaks)
    {
        var pieces = new List<VectorIntegration.Piece>();
        var layout = RangeLayout.Of(lo, hi, breaks);
        if (layout.WholeLine)
        {
            pieces.Add(new(VectorIntegration.Map.Whole, 0.0, 1.0, 0.0, 1.0));
            return pieces;
        }

        if (double.IsNegativeInfinity(lo))
            pieces.Add(new(VectorIntegration.Map.Lower, layout.FiniteLo, RangeLayout.TailScale(layout.FiniteLo), 0.0, 1.0));
        for (int k = 0; k + 1 < layout.Partition.Length; k++)
            pieces.Add(new(VectorIntegration.Map.Finite, 0.0, 1.0, layout.Partition[k], layout.Partition[k + 1]));
        if (double.IsPositiveInfinity(hi))
            pieces.Add(new(VectorIntegration.Map.Upper, layout.FiniteHi, RangeLayout.TailScale(layout.FiniteHi), 0.0, 1.0));
        return pieces;
    }

    private static QuadVectorResult RunVector(VectorIntegration integration, List<VectorIntegration.Piece> pieces,
        double sign, int length, QuadOptions options)
    {
        double[] Filled(double v) => Enumerable.Repeat(v, length).ToArray();
        if (options.CancellationToken.IsCancellationRequested)
            return Failed(QuadStatus.Cancelled, "Cancelled before the first rule: no values.", null);
        try
        {
            VectorIntegration.Outcome outcome = integration.Run(pieces, options.AbsoluteTolerance,
                options.RelativeTolerance, options.MaxIntervals);
            double[] values = outcome.Values;
            for (int k = 0; k < length; k++)
                values[k] *= sign;
            var result = new QuadVectorResult
            {
                Values = values,
                AbsoluteErrors = outcome.Errors,
                Evaluations = integration.Evaluations,
                Intervals = outcome.Intervals,
                Status = outcome.Status,
                Message = outcome.Message,
            };

            // As for scalars, the claim is checked against the numbers returned (fresh sums, not the running
            // totals the loop tested).
            double valueNorm = integration.Norm(values), errorNorm = integration.Norm(outcome.Errors);
            // An infinite error with finite values is no overflow when the run says the integral may not exist (a power
            // |x − c|^α, α ≤ −1, fitted next to a limit or breakpoint it could not bisect further).
            bool mayDiverge = outcome.Status == QuadStatus.BadIntegrandBehaviour && double.IsPositiveInfinity(errorNorm);
            if (!double.IsFinite(valueNorm) || (!double.IsFinite(errorNorm) && !mayDiverge))
            {
                return result with
                {
                    AbsoluteErrors = Filled(double.PositiveInfinity),
                    Status = QuadStatus.Overflow,
                    Message = "The integrals exceed the range of double when the subintervals are added up. Rescale the integrand.",
                };
            }

            double tolerance = Math.Max(options.AbsoluteTolerance, options.RelativeTolerance * valueNorm);
            if (result.Status == QuadStatus.Converged && !(errorNorm <= tolerance))
            {
                return result with
                {
                    Status = QuadStatus.RoundoffDetected,
                    Message = string.Create(CultureInfo.InvariantCulture, $"The error norm {errorNorm:G3} exceeds the tolerance {tolerance:G3} of the returned values; "
                        + $"roundoff prevents the requested accuracy."),
                };
            }

            return result;
        }
        catch (RangeOverflowException e)
        {
            return Failed(QuadStatus.Overflow, e.Message, null);
        }
        catch (IntegrationCancelledException)
        {
            return Failed(QuadStatus.Cancelled, "Cancelled before every part of the range had an estimate: no values.", null);
        }
        catch (NonFiniteIntegrandException e)
        {
            return Failed(QuadStatus.NonFiniteIntegrand,
                string.Create(CultureInfo.InvariantCulture, $"A component of the integrand was {e.FunctionValue} at x = {e.X:R}; integration stopped there."), e.X);
        }

        // No usable estimate: every value NaN, every error +∞.
        QuadVectorResult Failed(QuadStatus status, string message, double? failureX) => new()
        {
            Values = Filled(double.NaN),
            AbsoluteErrors = Filled(double.PositiveInfinity),
            Evaluations = integration.Evaluations,
            Intervals = 0,
            Status = status,
            FailureX = failureX,
            Message = message,
        };
    }
}
