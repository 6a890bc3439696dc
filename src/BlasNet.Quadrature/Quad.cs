using System.Globalization;
namespace BlasNet.Quadrature;

/// <summary>
/// Adaptive numerical integration with honest error estimates (after QUADPACK: QAGS, QAGI, QAGP, QAWC, and QAWS through <see cref="Weight"/>)
/// and Cauchy principal values, including principal values over infinite ranges.
/// </summary>
/// <remarks>
/// Every call returns a <see cref="QuadResult"/>; a result that missed the tolerance says why in its
/// <see cref="QuadResult.Status"/> (or throws <see cref="QuadratureException"/> when
/// <see cref="QuadOptions.ThrowOnFailure"/> is set). Reversed limits flip the sign; equal limits give 0.
/// The scalar and batch (<see cref="BatchIntegrand"/>) forms evaluate the same points and give identical
/// results.
/// <para>
/// <see cref="QuadStatus.Converged"/> is checked against the returned numbers themselves: a finite value
/// and a finite error estimate within max(AbsoluteTolerance, RelativeTolerance·|Value|). The integrand is
/// only ever called at finite points inside the range, including for limits near ±<see cref="double.MaxValue"/>;
/// integrand values up to <see cref="double.MaxValue"/> are summed without overflow, and an integral that
/// does not fit in a double is reported as <see cref="QuadStatus.Overflow"/>. Like every sampling method,
/// an adaptive rule can miss a feature far narrower than the spacing of its first nodes (exp(−(x − 1000)²) on
/// [−1e5, 1e5] is sampled as 0 at every node: a feature that some node did meet, exp(−x²) there at the centre, is
/// searched for by bisection until it is resolved or MaxIntervals is spent, on an infinite range in the mapped variable t
/// as well (e^(−(x − 5)²) on [−1e4, ∞)); on an infinite range the first nodes are
/// spaced on the scale max(1, |finite limit|), so exp(−x/1e-100) on [0, ∞) is missed the same way): split
/// such a range, or rescale the variable, near the feature. A feature of width w at x = c is also limited by the
/// rounding of the nodes there (doubles spaced ε·|c|): f(x) = 1/((x − c)² + w²) is sampled with relative errors up to
/// about ε·|c|/w, which the Gauss–Kronrod rules' error estimates include (the README has an example); write such an integrand in t = x − c when it
/// needs more digits than that.
/// </para>
/// </remarks>
public static partial class Quad
{
    /// <summary>
    /// Computes ∫_a^b f(x) dx. Finite ranges use 21-point Gauss–Kronrod adaptive bisection with Wynn's
    /// epsilon extrapolation (QAGS; QAGP when <see cref="QuadOptions.Breakpoints"/> are given), which also
    /// handles integrable endpoint singularities. A range with an infinite limit is mapped onto (0, 1] by
    /// x = a + s·(1 − t)/t (or its mirror images) and integrated with the 15-point rule (QAGI); QUADPACK's
    /// s = 1 is kept for |a| ≤ 1, and s = |a| beyond, so that a tail starting at 1e11 is not squeezed into
    /// t &lt; 1e-11.
    /// </summary>
    /// <param name="f">The integrand.</param>
    /// <param name="a">Lower limit; may be −∞ (or +∞ with b &lt; a).</param>
    /// <param name="b">Upper limit; may be +∞ (or −∞).</param>
    /// <param name="options">Tolerances and limits; null means <see cref="QuadOptions.Default"/>.</param>
    /// <returns>The estimate, its error bound, the evaluation count and the status.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="ArgumentException">A limit is NaN, a tolerance is negative or NaN (or both are too
    /// small), MaxIntervals &lt; 1, a breakpoint is non-finite or outside the range, or the breakpoints
    /// make more intervals than MaxIntervals allows.</exception>
    /// <exception cref="QuadratureException">The tolerance was not met and
    /// <see cref="QuadOptions.ThrowOnFailure"/> is set.</exception>
    public static QuadResult Integrate(Func<double, double> f, double a, double b, QuadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        return Integrate(IntegrandSampler.FromScalar(f), a, b, options);
    }

    /// <summary>
    /// Computes ∫_a^b f(x) dx like <see cref="Integrate(Func{double, double}, double, double, QuadOptions?)"/>,
    /// with an integrand that evaluates all the nodes of a rule in one call.
    /// </summary>
    /// <param name="f">Fills f(x[i]) into fx[i] for every i.</param>
    /// <param name="a">Lower limit; may be infinite.</param>
    /// <param name="b">Upper limit; may be infinite.</param>
    /// <param name="options">Tolerances and limits; null means <see cref="QuadOptions.Default"/>.</param>
    /// <returns>The estimate, its error bound, the evaluation count and the status.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="ArgumentException">Invalid limits or options, as for the scalar form.</exception>
    /// <exception cref="QuadratureException">The tolerance was not met and
    /// <see cref="QuadOptions.ThrowOnFailure"/> is set.</exception>
    public static QuadResult Integrate(BatchIntegrand f, double a, double b, QuadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        options ??= QuadOptions.Default;
        RequireLimit(a, nameof(a));
        RequireLimit(b, nameof(b));
        ValidateOptions(options);
        if (a == b)
            return Zero(options);

        (double lo, double hi, double sign) = a < b ? (a, b, 1.0) : (b, a, -1.0);
        double[] breaks = InteriorBreakpoints(options, lo, hi);
        var sampler = new IntegrandSampler(f) { Cancellation = options.CancellationToken };
        return Run(sampler, sign, options, () => PiecewiseIntegration.Run(
            IntegrationPlan.Ordinary(sampler, lo, hi, breaks), options.AbsoluteTolerance,
            options.RelativeTolerance, options.MaxIntervals));
    }

    /// <summary>
    /// Computes the Cauchy principal value PV ∫_a^b f(x)/(x − c) dx, where f is smooth near c.
    /// </summary>
    /// <remarks>
    /// On a finite range this is QUADPACK's QAWC: subintervals near c use a modified 25-point
    /// Clenshaw–Curtis rule that integrates the Chebyshev interpolant of f exactly against 1/(x − c);
    /// those away from c use the 15-point Kronrod rule. When a limit is infinite, the range is split into
    /// the interval symmetric about c reaching the finite limit (done by QAWC) and the tail (done by QAGI,
    /// scaled to the distance from c), so no truncation is needed. With breakpoints, the pieces not
    /// containing c are ordinary integrals of f(x)/(x − c). A pole extremely close to a limit (closer than
    /// about 1e-6 of its distance to the other limit, e.g. c = 1e-300 on [0, 1]) would need a thousand
    /// bisections: there QAWC integrates only the interval symmetric about c that reaches the near limit,
    /// and the long remainder is integrated in the variable ln|x − c|, where f(x)/(x − c) dx = ±f dx/|x − c|
    /// becomes f du and has no singular factor. When that symmetric interval is only a few hundred doubles wide (the
    /// pole within about 1000 ulps of the limit, c = 1 − 1.5e-14 on [0, 1]), QAWC's bisection would end in few-ulp
    /// subintervals it cannot resolve: f, smooth near c, is then linear on the interval to rounding (checked at interior
    /// points; otherwise QAWC runs as usual), and its part is taken in closed form from f at its two ends, with an error
    /// bounded by the size of its linear part and the uncertainty of f(c) (f's departure from a line at interior points, and
    /// its rounding). A pole just outside the range (or a piece of it) is treated
    /// the same way: f(x)/(x − c) is then nearly singular at a limit, where the rounding of the nodes
    /// themselves would spoil the integrand's values without any error estimate noticing. The modified
    /// Clenshaw–Curtis rule samples f at the ends of its interval: where f is not finite at a limit (log x at 0),
    /// the range is split at once into the interval [c − d, c + d], d half the distance from c to the nearer limit
    /// (QAWC), and the remainders, integrated by the extrapolating driver, which never samples an end. The error of every
    /// rule includes the rounding of its nodes to doubles, which matters where f varies on a scale far below |x| (a range
    /// 1e-8 wide at x = 1): that part does not shrink with bisection, and a run held below it ends
    /// <see cref="QuadStatus.RoundoffDetected"/> with an error that covers it.
    /// </remarks>
    /// <param name="f">The smooth factor f of the integrand f(x)/(x − c).</param>
    /// <param name="a">Lower limit; may be −∞ (or +∞ with b &lt; a).</param>
    /// <param name="b">Upper limit; may be +∞ (or −∞).</param>
    /// <param name="c">The pole; finite, not equal to a limit (it may lie outside the range).</param>
    /// <param name="options">Tolerances and limits; null means <see cref="QuadOptions.Default"/>.</param>
    /// <returns>The estimate, its error bound, the evaluation count and the status.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="ArgumentException">A limit is NaN, <paramref name="c"/> is not finite or equals a
    /// limit or a breakpoint, or the options are invalid.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="c"/> lies inside a range that runs to ±∞ beyond it and
    /// |c| exceeds 1.7976931344437577e308 (within 2^992 of double.MaxValue): too few doubles are left past c.</exception>
    /// <exception cref="QuadratureException">The tolerance was not met and
    /// <see cref="QuadOptions.ThrowOnFailure"/> is set.</exception>
    public static QuadResult CauchyPrincipalValue(Func<double, double> f, double a, double b, double c,
        QuadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        return CauchyPrincipalValue(IntegrandSampler.FromScalar(f), a, b, c, options);
    }

    /// <summary>
    /// Computes PV ∫_a^b f(x)/(x − c) dx like
    /// <see cref="CauchyPrincipalValue(Func{double, double}, double, double, double, QuadOptions?)"/>, with an
    /// integrand that evaluates all the nodes of a rule in one call. The delegate computes f only; the
    /// quadrature applies the weight 1/(x − c).
    /// </summary>
    /// <param name="f">Fills f(x[i]) into fx[i] for every i.</param>
    /// <param name="a">Lower limit; may be infinite.</param>
    /// <param name="b">Upper limit; may be infinite.</param>
    /// <param name="c">The pole; finite, not equal to a limit.</param>
    /// <param name="options">Tolerances and limits; null means <see cref="QuadOptions.Default"/>.</param>
    /// <returns>The estimate, its error bound, the evaluation count and the status.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="ArgumentException">Invalid limits, pole or options, as for the scalar form.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="c"/> lies within 2^992 of ±double.MaxValue with the range
    /// running to infinity beyond it, as for the scalar form.</exception>
    /// <exception cref="QuadratureException">The tolerance was not met and
    /// <see cref="QuadOptions.ThrowOnFailure"/> is set.</exception>
    public static QuadResult CauchyPrincipalValue(BatchIntegrand f, double a, double b, double c,
        QuadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        options ??= QuadOptions.Default;
        RequireLimit(a, nameof(a));
        RequireLimit(b, nameof(b));
        if (!double.IsFinite(c))
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The pole c must be finite (got {c})."), nameof(c));
        if (c == a || c == b)
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The pole c = {c:R} equals a limit of integration [{a:R}, {b:R}]; the principal value does not exist there."),
                nameof(c));
        ValidateOptions(options);
        if (a == b)
            return Zero(options);

        (double lo, double hi, double sign) = a < b ? (a, b, 1.0) : (b, a, -1.0);
        // Fewer than 2^21 doubles are left beyond such a pole for the interval about it and the tail (IntegrationPlan).
        if ((double.IsPositiveInfinity(hi) && c > IntegrationPlan.LargestTailPole && lo < c)
            || (double.IsNegativeInfinity(lo) && c < -IntegrationPlan.LargestTailPole && c < hi))
        {
            throw new ArgumentOutOfRangeException(nameof(c), c, string.Create(CultureInfo.InvariantCulture,
                $"The pole c = {c:R} lies within 2^992 of the largest double and the range [{lo:R}, {hi:R}] runs to infinity beyond it: the principal value needs f on doubles past c, and fewer than 2^21 are left. |c| may be at most {IntegrationPlan.LargestTailPole:R} there."));
        }

        double[] breaks = InteriorBreakpoints(options, lo, hi);
        if (Array.IndexOf(breaks, c) >= 0)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The pole c = {c:R} must not be a breakpoint."), nameof(options));

        var sampler = new IntegrandSampler(f) { Cancellation = options.CancellationToken };
        return Run(sampler, sign, options, () => PiecewiseIntegration.Run(
            IntegrationPlan.PrincipalValue(sampler, lo, hi, c, breaks), options.AbsoluteTolerance,
            options.RelativeTolerance, options.MaxIntervals));
    }

    private static QuadResult Run(IntegrandSampler sampler, double sign, QuadOptions options, Func<PieceOutcome> integrate)
    {
        QuadResult result;
        try
        {
            PieceOutcome outcome = integrate();
            result = new QuadResult
            {
                Value = sign * outcome.Value,
                AbsoluteError = outcome.Error,
                Evaluations = sampler.Evaluations,
                Intervals = outcome.Intervals,
                Status = outcome.Status,
                Message = outcome.Message,
            };
        }
        catch (RangeOverflowException e)
        {
            result = NoEstimate(sampler, sign * e.Value, QuadStatus.Overflow, e.Message);
        }
        catch (IntegrationCancelledException)
        {
            result = NoEstimate(sampler, double.NaN, QuadStatus.Cancelled, "Cancelled before every part of the range had an estimate: no value.");
        }
        catch (NonFiniteIntegrandException e)
        {
            result = NoEstimate(sampler, double.NaN, QuadStatus.NonFiniteIntegrand,
                string.Create(CultureInfo.InvariantCulture, $"The integrand returned {e.FunctionValue} at x = {e.X:R}; integration stopped there."))
                with { FailureX = e.X };
        }

        // A run cut short whose outcome a driver above it folded into another status (a cycle of QAWF, a piece of a
        // principal value) is still a cancelled call: its estimate and error stand, the claim does not.
        if (sampler.Cancelled && result.Status != QuadStatus.Cancelled)
            result = result with { Status = QuadStatus.Cancelled, Message = PieceOutcome.Describe(QuadStatus.Cancelled) };
        result = BackedClaim(result, options);
        if (options.ThrowOnFailure && result.Status != QuadStatus.Converged)
            throw new QuadratureException(result);
        return result;
    }

    /// <summary>A call that ended without an estimate it can stand behind: the error is +∞, no subintervals.</summary>
    private static QuadResult NoEstimate(IntegrandSampler sampler, double value, QuadStatus status, string message) => new()
    {
        Value = value,
        AbsoluteError = double.PositiveInfinity,
        Evaluations = sampler.Evaluations,
        Intervals = 0,
        Status = status,
        Message = message,
    };

    /// <summary>
    /// The last line of defence for the contract of <see cref="QuadStatus.Converged"/>: a finite value and
    /// a finite error estimate within max(AbsoluteTolerance, RelativeTolerance·|Value|). The drivers test
    /// their own running totals; this checks the numbers actually returned, so a rounding difference
    /// between the two, or a sum that overflowed, can never go out as a success.
    /// </summary>
    private static QuadResult BackedClaim(QuadResult result, QuadOptions options)
    {
        if (result.Status is QuadStatus.NonFiniteIntegrand or QuadStatus.Overflow)
            return result;
        if (result.Status == QuadStatus.Cancelled)
            return double.IsFinite(result.Value) && double.IsFinite(result.AbsoluteError) ? result : result with { AbsoluteError = double.PositiveInfinity };
        if (!double.IsFinite(result.Value) || !double.IsFinite(result.AbsoluteError))
        {
            // Every value of f was finite and every rule estimate was checked, so a non-finite total means
            // the sums overflowed. A run that already says its estimate is unusable keeps its reason.
            if (result.Status is QuadStatus.BadIntegrandBehaviour or QuadStatus.Divergent)
                return result with { AbsoluteError = double.PositiveInfinity };
            return result with
            {
                AbsoluteError = double.PositiveInfinity,
                Status = QuadStatus.Overflow,
                Message = string.Create(CultureInfo.InvariantCulture, $"The integral exceeds the range of double: the estimate is {result.Value:R} with error "
                    + $"{result.AbsoluteError:R} (the run stopped with {result.Status}). Rescale the integrand."),
            };
        }

        double tolerance = Math.Max(options.AbsoluteTolerance, options.RelativeTolerance * Math.Abs(result.Value));
        if (result.Status == QuadStatus.Converged && !(result.AbsoluteError <= tolerance))
        {
            return result with
            {
                Status = QuadStatus.RoundoffDetected,
                Message = string.Create(CultureInfo.InvariantCulture, $"The error estimate {result.AbsoluteError:G3} exceeds the tolerance {tolerance:G3} of the "
                    + $"returned value; roundoff prevents the requested accuracy."),
            };
        }

        return result;
    }

    private static QuadResult Zero(QuadOptions options) => new()
    {
        Value = 0.0,
        AbsoluteError = 0.0,
        Evaluations = 0,
        Intervals = 0,
        Status = QuadStatus.Converged,
        Message = "The limits are equal; the integral is 0.",
    };

    private static void RequireLimit(double limit, string name)
    {
        if (double.IsNaN(limit))
            throw new ArgumentException("A limit of integration is NaN.", name);
    }

    private static void ValidateOptions(QuadOptions options)
    {
        double abs = options.AbsoluteTolerance, rel = options.RelativeTolerance;
        if (!(abs >= 0.0) || double.IsPositiveInfinity(abs))
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"AbsoluteTolerance must be finite and >= 0 (got {abs})."), nameof(options));
        if (!(rel >= 0.0) || double.IsPositiveInfinity(rel))
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"RelativeTolerance must be finite and >= 0 (got {rel})."), nameof(options));
        double smallest = 50.0 * RuleEstimate.Epsilon;
        if (abs == 0.0 && rel < smallest)
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"With AbsoluteTolerance = 0, RelativeTolerance must be at least 50·ε = {smallest:G3} (got {rel})."),
                nameof(options));
        if (options.MaxIntervals < 1)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"MaxIntervals must be at least 1 (got {options.MaxIntervals})."), nameof(options));
    }

    /// <summary>The breakpoints strictly inside (lo, hi), sorted and without duplicates.</summary>
    private static double[] InteriorBreakpoints(QuadOptions options, double lo, double hi)
    {
        if (options.Breakpoints is null || options.Breakpoints.Count == 0)
            return [];
        var inside = new SortedSet<double>();
        foreach (double p in options.Breakpoints)
        {
            if (!double.IsFinite(p))
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Breakpoints must be finite (got {p})."), nameof(options));
            if (p < lo || p > hi)
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Breakpoint {p:R} lies outside the range [{lo:R}, {hi:R}]."), nameof(options));
            if (p > lo && p < hi)
                inside.Add(p);
        }

        // Each breakpoint adds an interval before any bisection (QUADPACK's QAGP rejects limit < npts2 as
        // invalid input too): running them anyway would exceed the limit the caller set.
        if (inside.Count + 1 > options.MaxIntervals)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The {inside.Count} breakpoints inside [{lo:R}, {hi:R}] split it into {inside.Count + 1} intervals, "
                + $"more than MaxIntervals = {options.MaxIntervals}; raise MaxIntervals to at least {inside.Count + 1} "
                + $"or give fewer breakpoints."),
                nameof(options));
        }

        return [.. inside];
    }
}
