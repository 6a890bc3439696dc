using System.Globalization;

namespace BlasNet.Quadrature;

public static partial class Quad
{
    /// <summary>
    /// Computes ∫_a^b w(x) f(x) dx for a weight w whose singular factor the rule handles analytically, so that
    /// f only needs to be smooth.
    /// </summary>
    /// <remarks>
    /// <see cref="Weight.Algebraic"/>: w(x) = (x − a)^α (b − x)^β on a finite range a &lt; b, by QUADPACK's QAWS
    /// (Piessens et al., 1983): the range is split at its midpoint, the subintervals touching a singular end use
    /// a modified 25-point Clenshaw–Curtis rule with the Chebyshev moments of the weight, the others the
    /// 15-point Gauss–Kronrod rule on w·f, and the worst interval is bisected until the tolerance is met (no
    /// extrapolation). The Clenshaw–Curtis points include the subinterval's end, so f is called at a and b (the
    /// weight is not evaluated there); where f is not finite at a or b (log x at 0), the rule interpolates at
    /// the 23 interior Chebyshev points from then on and the bisection resolves the singularity of f, so such an
    /// f is integrated too, with more evaluations, as far as the spacing of doubles next to that limit allows
    /// (next to 0 intervals can shrink to 1e-300, next to 1 only to about 1e-16: log(1 − x) against
    /// (1 − x)^{-1/2} then ends with <see cref="QuadStatus.BadIntegrandBehaviour"/> near 1e-7; a logarithm belongs
    /// in the weight, <see cref="Weight.AlgebraicLog"/>). At an end where the weight is regular (exponent 0, no log)
    /// the subintervals use the Gauss–Kronrod rule, which never calls f at the end; when f grows without bound there
    /// (1/√(1 − x) against x^{-1/2}) the interval at that end, once bisected down to 1/64 of [a, b] while the worst,
    /// is integrated by the extrapolating driver (as in the unweighted form), so such an f converges as well, where
    /// QUADPACK's QAWS ends with bad integrand behaviour. A Gauss–Kronrod piece never samples its ends either, so it is
    /// checked against f where a neighbouring rule sampled it (the centre of the interval it was bisected from, the ends of a
    /// Clenshaw–Curtis piece), as in the unweighted form: a step of f just beyond ½ in ∫_0^1 x^{-1/2} (1 − x)^{-1/2} f(x) dx
    /// was otherwise in no sample and claimed 3π/4 ± 7.6e-14 for an error of 1e-7. Equal limits give 0.
    /// <see cref="Weight.AlgebraicLog"/>: the same with the factor log(x − a), log(b − x) or both, integrated
    /// with the modified moments of (1 ± t)^γ·log((1 ± t)/2) (QAWS with integr = 2, 3, 4).
    /// <see cref="Weight.Cauchy"/>: the principal value, exactly as
    /// <see cref="CauchyPrincipalValue(Func{double, double}, double, double, double, QuadOptions?)"/>.
    /// <see cref="Weight.Cos"/>, <see cref="Weight.Sin"/>: on a finite range QUADPACK's QAWO: globally adaptive
    /// bisection in which a subinterval with ω·half-length &gt; 2 gets a modified Clenshaw–Curtis rule (f interpolated
    /// at 23 Chebyshev points, the interpolant integrated exactly against cos or sin with modified Chebyshev
    /// moments, so the cost does not grow with ω) and a shorter one the 15-point Gauss–Kronrod rule on w·f, with
    /// epsilon extrapolation once the subintervals are short. No rule calls f at the ends of a subinterval, so f may
    /// be infinite at a or b (log x at 0; QAWF's one sample at its finite limit ignores a value that is not finite). With b = +∞ (or a = −∞) QUADPACK's QAWF: the half line is cut into
    /// cycles of (2⌊|ω|⌋ + 1)π/|ω|, each integrated by QAWO, and the partial sums are extrapolated (at most 50
    /// cycles); the usual relative tolerance applies (no absolute tolerance is needed). Both limits infinite: the
    /// halves of the line split at 0. ω may have either sign; ω = 0 gives the plain integral (cos) or 0 (sin).
    /// An f whose cycle contributions do not die out (∫_0^∞ sin x dx, e^(x/100)·cos x, √x·sin 3x) has no integral,
    /// though its partial sums extrapolate to a finite value (the Abel sum, or any value): such a run is never
    /// <see cref="QuadStatus.Converged"/>; it ends <see cref="QuadStatus.Divergent"/> when the contributions do not
    /// die out and the extrapolation has settled (error at least the last contribution). Contributions die out when they have shrunk at every cycle since
    /// the largest (in the first half of the cycles) or their envelope falls (by a tenth from the first half of the
    /// cycles to the second and from the third quarter to the fourth), so a damped beat ((1 + 0.9 cos(0.05x)) e^(−x/50))
    /// converges and an undamped one ((1 + 0.9 cos(0.1x)) sin x) is Divergent; a beat longer than half the cycles run
    /// cannot be told from a decay. A cycle whose contribution is 0 (f zero over it) neither ends the run nor enters the
    /// extrapolation, so max(0, sin(x/3))·e^(−x/100) converges to its integral (QUADPACK and SciPy stop at the first zero).
    /// QAWF only sees f where it samples it: a feature far out on the half line, beyond the cycles needed before the
    /// sums settle, is missed unnoticed (∫_1^∞ e^(−(x−300)²/2) cos(x) dx = −0.0336 comes out Converged 0 ± 0, as in
    /// QUADPACK and SciPy); split the range at such a feature. QAWF samples f once at its finite limit (a value that is
    /// not finite there is ignored, so log x or x^q at 0 still integrate; an f that throws there throws) and checks the
    /// first cycle's rules against it, so a step or kink of f next to that limit is seen. QAWO never samples a limit of
    /// the range (f may be singular there): a step or kink of f between a limit and the nearest node of every rule
    /// applied there (at most 0.86 % of the first interval's half-width from the limit, less after bisections towards it)
    /// is in no sample, and the result is the integral of the branch the nodes saw, its error estimate that branch's; the
    /// true error is the mass the feature moves over the unseen distance (|jump|·|d − limit| for a step at d), which no
    /// estimate can size without f there. Give such a point as a limit of the range.
    /// </remarks>
    /// <param name="f">The smooth factor of the integrand.</param>
    /// <param name="a">Lower limit (finite for the algebraic weights; may be infinite for the cos and sin weights).</param>
    /// <param name="b">Upper limit (finite and ≥ a for the algebraic weights; may be infinite for the cos and sin weights).</param>
    /// <param name="weight">The weight w.</param>
    /// <param name="options">Tolerances and limits; null means <see cref="QuadOptions.Default"/>. The algebraic
    /// weight takes no breakpoints and needs MaxIntervals ≥ 2 (it starts from two halves).</param>
    /// <returns>The estimate, its error bound, the evaluation count and the status.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> or <paramref name="weight"/> is null.</exception>
    /// <exception cref="ArgumentException">Invalid limits or options as for the unweighted form; for the
    /// algebraic weight also an infinite limit, b &lt; a, a &lt; b with no double between them, breakpoints, or
    /// MaxIntervals &lt; 2; for the Cauchy
    /// weight, as for <see cref="CauchyPrincipalValue(Func{double, double}, double, double, double, QuadOptions?)"/>, a pole on a
    /// limit being named <paramref name="weight"/>;
    /// for the cos and sin weights, breakpoints.</exception>
    /// <exception cref="ArgumentOutOfRangeException">For the Cauchy weight, its pole lies within 2^992 of ±double.MaxValue with
    /// the range running to infinity beyond it (named <paramref name="weight"/>).</exception>
    /// <exception cref="QuadratureException">The tolerance was not met and
    /// <see cref="QuadOptions.ThrowOnFailure"/> is set.</exception>
    public static QuadResult Integrate(Func<double, double> f, double a, double b, Weight weight, QuadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(weight);
        if (weight.Kind == WeightKind.Cauchy)
        {
            // CauchyPrincipalValue would name its own argument c, which this overload does not have: here the pole is the
            // weight's (finite, as Weight.Cauchy checks), so a pole on a limit names weight.
            RequireLimit(a, nameof(a));
            RequireLimit(b, nameof(b));
            if (weight.Pole == a || weight.Pole == b)
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"The pole of the weight, Weight.Cauchy(c) with c = {weight.Pole:R}, equals a limit of integration [{a:R}, {b:R}]; the principal value does not exist there."),
                    nameof(weight));
            try
            {
                return CauchyPrincipalValue(f, a, b, weight.Pole, options);
            }
            catch (ArgumentOutOfRangeException e) when (e.ParamName == "c")
            {
                // A pole at the end of the doubles with the range running to infinity beyond it: likewise the weight's.
                throw new ArgumentOutOfRangeException(nameof(weight), string.Create(CultureInfo.InvariantCulture,
                    $"The pole of the weight, Weight.Cauchy(c) with c = {weight.Pole:R}: ") + e.Message.Split(" (Parameter")[0]);
            }
        }
        if (weight.Kind is WeightKind.Cos or WeightKind.Sin)
            return IntegrateOscillatory(f, a, b, weight.Kind == WeightKind.Sin, weight.Omega, options);

        options ??= QuadOptions.Default;
        RequireLimit(a, nameof(a));
        RequireLimit(b, nameof(b));
        if (!double.IsFinite(a) || !double.IsFinite(b))
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The algebraic weight (x − a)^α (b − x)^β needs finite limits (got [{a:R}, {b:R}])."),
                double.IsFinite(a) ? nameof(b) : nameof(a));
        if (b < a)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The algebraic weight (x − a)^α (b − x)^β needs a ≤ b (got a = {a:R}, b = {b:R})."), nameof(b));
        ValidateOptions(options);
        if (options.Breakpoints is { Count: > 0 })
            throw new ArgumentException("The algebraic weight takes no breakpoints.", nameof(options));
        if (options.MaxIntervals < 2)
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The algebraic weight starts from two halves of [a, b] and needs MaxIntervals ≥ 2 (got {options.MaxIntervals})."),
                nameof(options));
        if (a == b)
            return Zero(options);
        // The rule needs [a, b] split in two so that no piece holds both singular ends; adjacent doubles cannot be
        // (this ended in an InvalidOperationException from inside the driver).
        if (Math.BitIncrement(a) >= b)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The algebraic weight (x − a)^α (b − x)^β needs a double strictly between a and b to split the range at (got adjacent doubles a = {a:R}, b = {b:R})."), nameof(b));

        var sampler = new IntegrandSampler(IntegrandSampler.FromScalar(f)) { Cancellation = options.CancellationToken };
        var rule = new AlgebraicWeightRule(sampler, a, b, weight.Alpha, weight.Beta, weight.Log);
        return Run(sampler, 1.0, options, () => new AlgebraicWeightIntegrator(rule, options.AbsoluteTolerance,
            options.RelativeTolerance, options.MaxIntervals).Integrate(a, b).WithoutBreakpointAdvice());
    }
}
