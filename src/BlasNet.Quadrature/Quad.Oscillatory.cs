namespace BlasNet.Quadrature;

public static partial class Quad
{
    /// <summary>
    /// ∫_a^b cos(ωx) f(x) dx or ∫_a^b sin(ωx) f(x) dx for <see cref="Weight.Cos"/> and <see cref="Weight.Sin"/>:
    /// QAWO on a finite range, QAWF on a half line, both halves of the real line split at 0.
    /// </summary>
    private static QuadResult IntegrateOscillatory(Func<double, double> f, double a, double b, bool sine, double omega,
        QuadOptions? options)
    {
        options ??= QuadOptions.Default;
        RequireLimit(a, nameof(a));
        RequireLimit(b, nameof(b));
        ValidateOptions(options);
        if (options.Breakpoints is { Count: > 0 })
            throw new ArgumentException("The oscillatory weights cos(ωx) and sin(ωx) take no breakpoints.", nameof(options));
        if (a == b)
            return Zero(options);

        (double lo, double hi, double sign) = a < b ? (a, b, 1.0) : (b, a, -1.0);
        // cos(−ωx) = cos(ωx), sin(−ωx) = −sin(ωx).
        if (omega < 0.0)
        {
            omega = -omega;
            if (sine)
                sign = -sign;
        }

        if (omega == 0.0)
        {
            if (!sine)
            {
                // The plain integral; its advice to add breakpoints does not apply to this weight, which refuses them.
                QuadOptions plainOptions = options with { ThrowOnFailure = false };
                QuadResult plain = sign < 0 ? Integrate(f, hi, lo, plainOptions) : Integrate(f, lo, hi, plainOptions);
                plain = plain with { Message = PieceOutcome.WithoutBreakpointAdvice(plain.Message) };
                if (options.ThrowOnFailure && plain.Status != QuadStatus.Converged)
                    throw new QuadratureException(plain);
                return plain;
            }

            return Zero(options) with { Message = "The weight sin(0·x) is identically 0; the integral is 0." };
        }

        var sampler = new IntegrandSampler(IntegrandSampler.FromScalar(f)) { Cancellation = options.CancellationToken };
        double absTol = options.AbsoluteTolerance, relTol = options.RelativeTolerance;
        int limit = options.MaxIntervals;
        // The limits where f may be singular, in each rule's variable: QAWO's [lo, hi], QAWF from its finite limit, and the
        // whole line from 0 both ways.
        double start = double.IsFinite(lo) ? lo : double.IsFinite(hi) ? double.NegativeInfinity : 0.0;
        var rule = new OscillatoryWeightRule(sampler, omega, sine, mirrored: false) { Limits = (start, hi) };
        if (double.IsFinite(lo) && double.IsFinite(hi))
            return Run(sampler, sign, options, () => new OscillatoryIntegrator(rule, absTol, relTol, limit).Integrate(lo, hi).WithoutBreakpointAdvice());

        // x = −y turns ∫_{−∞}^{h} w(x) f(x) dx into ∫_{−h}^{∞} w(−y) f(−y) dy, and w(−y) = ±w(y).
        var mirroredRule = new OscillatoryWeightRule(sampler, omega, sine, mirrored: true)
            { Limits = (double.IsFinite(hi) ? -hi : 0.0, double.PositiveInfinity) };
        double mirrorSign = sine ? -1.0 : 1.0;
        // f at the finite limit, sampled once (NaN where not finite, so log x or x^q there still integrate): a step or kink
        // between the limit and the outermost node of every rule there was in no sample ((x < d ? 1 : ½)·e^(−x) against
        // cos x, d = 0.00595: Converged 0.25 ± 8.4e-9 for an error of 3.0e-3; 164 such claims in audit 50's 480 runs).
        // The first cycle's rules check their polynomial against it (EndGap's check; OscillatoryWeightRule.SingularAtLimit).
        if (double.IsFinite(lo))
            return Run(sampler, sign, options, () => new FourierIntegrator(rule, absTol, relTol, limit).Integrate(lo, rule.KnownValueAt(lo)).WithoutBreakpointAdvice());
        if (double.IsFinite(hi))
            return Run(sampler, sign * mirrorSign, options,
                () => new FourierIntegrator(mirroredRule, absTol, relTol, limit).Integrate(-hi, mirroredRule.KnownValueAt(-hi)).WithoutBreakpointAdvice());

        return Run(sampler, sign, options, () =>
        {
            // 0 is no limit of the whole line, but each half starts there and no rule samples it: a jump of f between the
            // halves' innermost nodes was seen by neither ((x < d ? 1 : ½)·e^(−|x|) against cos x, d = 0.0003: Converged 0.75
            // ± 8.2e-12 for an error of 1.5e-4, audit 50). f(0), sampled once (NaN where not finite), is known to both.
            double f0 = rule.KnownValueAt(0.0);
            PieceOutcome right = new FourierIntegrator(rule, absTol, relTol, limit).Integrate(0.0, f0);
            PieceOutcome left = new FourierIntegrator(mirroredRule, absTol, relTol, limit).Integrate(0.0, f0);
            QuadStatus status = right.Status != QuadStatus.Converged ? right.Status : left.Status;
            double value = right.Value + mirrorSign * left.Value, error = right.Error + left.Error;
            if (status == QuadStatus.Converged && !(error <= Math.Max(absTol, relTol * Math.Abs(value))))
                status = QuadStatus.RoundoffDetected;
            string message = status == QuadStatus.Converged ? PieceOutcome.Describe(status)
                : right.Status != QuadStatus.Converged ? "On [0, ∞): " + right.Message
                : left.Status != QuadStatus.Converged ? "On (−∞, 0]: " + left.Message
                : "The halves (−∞, 0] and [0, ∞) cancel: their errors exceed the tolerance relative to the sum.";
            return new PieceOutcome(value, error, right.Intervals + left.Intervals, status, message).WithoutBreakpointAdvice();
        });
    }
}
