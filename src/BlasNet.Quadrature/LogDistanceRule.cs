namespace BlasNet.Quadrature;

/// <summary>
/// The 21-point Kronrod rule applied to ∫ f(x)/(x − c) dx over one side of the pole, in the variable
/// u = ln|x − c|: with x = c + σ·e^u (σ = +1 right of c, −1 left of it) the weight cancels exactly,
/// f(x)/(x − c) dx = σ·f(c + σ·e^u) du, so the integrand in u is as smooth as f and has no singular
/// factor left.
/// </summary>
/// <remarks>
/// Used next to a pole that lies extremely close to a limit (c = 1e-300 on [0, 1]): in x the integrand
/// on the long side behaves like 1/x from x = 2e-300 to 1, which bisection resolves only after about a
/// thousand halvings (QUADPACK's QAWC runs out of intervals and its moments lose all accuracy); in u it is
/// f(c) on most of [ln 1e-300, 0] = [−690.8, 0] and integrates exactly. Nothing is subtracted, so there is
/// no cancellation between f(x) and f(c).
/// </remarks>
internal sealed class LogDistanceRule : IntervalRule
{
    private readonly IntegrandSampler sampler;
    private readonly GaussKronrodRule rule = GaussKronrodRule.Kronrod21;
    private readonly double pole;
    private readonly double side;
    private readonly double[] reference;
    private readonly double[] x;
    private readonly double[] fx;

    private static readonly double Ln2 = Math.Log(2.0);

    /// <param name="sampler">Evaluates f (not f/(x − c)).</param>
    /// <param name="pole">The pole c.</param>
    /// <param name="side">+1 for the part right of the pole, −1 for the part left of it.</param>
    public LogDistanceRule(IntegrandSampler sampler, double pole, double side)
    {
        this.sampler = sampler;
        this.pole = pole;
        this.side = side;
        reference = new double[rule.Points];
        rule.FillReferenceNodes(reference);
        x = new double[rule.Points];
        fx = new double[rule.Points];
    }

    /// <summary>Estimates ∫_{u=a}^{b} σ·f(c + σ·e^u) du, i.e. the integral of f(x)/(x − c) over the
    /// x-range whose distances from c run from e^a to e^b.</summary>
    public override RuleEstimate Apply(double a, double b)
    {
        double centre = IntervalGeometry.Centre(a, b), half = IntervalGeometry.HalfLength(a, b);
        Span<double> nodes = stackalloc double[x.Length];
        IntervalGeometry.PlaceNodes(a, b, centre, half, reference, nodes);
        for (int i = 0; i < x.Length; i++)
        {
            double u = nodes[i];
            double distance = Math.Exp(u);
            // A distance beyond double.MaxValue (pole and limit huge with opposite signs) is halved first
            // so that the node itself, which lies inside the range, comes out finite.
            x[i] = double.IsFinite(distance)
                ? pole + side * distance
                : 2.0 * (0.5 * pole + side * Math.Exp(u - Ln2));
        }

        sampler.Evaluate(x, fx);
        if (side < 0)
        {
            for (int i = 0; i < fx.Length; i++)
                fx[i] = -fx[i];
        }

        return rule.Combine(fx, half);
    }
}
