namespace BlasNet.Quadrature;

/// <summary>
/// The 21-point Kronrod rule applied to ∫ f(x)/(x − c) dx over one side of the pole, in the variable
/// u = ln|x − c| (up to a shift, see the constructor): with x = c + σ·e^u (σ = +1 right of c, −1 left of it) the weight cancels exactly,
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
internal sealed partial class LogDistanceRule : EndGapRule
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
    /// <param name="from">The end of the x-range nearer the pole.</param>
    /// <param name="to">The end farther from it.</param>
    /// <remarks>
    /// u is measured from a distance s, u = ln(|x − c|/s), with s = 1 whenever the range of distances includes 1
    /// (QUADPACK-like: u = ln|x − c|), else the end distance nearer 1. Each node u carries a rounding of ε·|u|, which
    /// moves f's sample by its derivative times that: with s = 1 the nodes are finest where |x − c| is about 1, but
    /// on a range of distances far from 1 every |u| is large (near −744 next to a subnormal pole), and so is the
    /// rounding of the ends: PV ∫ dx/(x − c) over [0, 3·4.9e-324] with c = 4.9e-324 took the stretch
    /// [2, 3]·4.9e-324 as ln 2 ± 1e-13 and came out 5e-14 off under an error of 1.1e-14. With s at the nearer
    /// distance the ends are ln of a ratio, accurate to a few ε of the length (<see cref="Range"/>).
    /// </remarks>
    public LogDistanceRule(IntegrandSampler sampler, double pole, double side, double from, double to)
    {
        this.sampler = sampler;
        this.pole = pole;
        this.side = side;
        double near = Math.Abs(from - pole), far = Math.Abs(to - pole);
        // Both distances are finite and positive here unless the limit and pole are huge with opposite signs.
        scale = double.IsFinite(far) && near > 1.0 ? near : far < 1.0 ? far : 1.0;
        if (scale == 1.0)
        {
            Range = (IntervalGeometry.LogDistance(from, pole), IntervalGeometry.LogDistance(to, pole));
        }
        else
        {
            double ratio = Math.Log(far / near);
            Range = scale == near ? (0.0, ratio) : (-ratio, 0.0);
        }

        scaleLog = Math.Log(scale);
        reference = new double[rule.Points];
        rule.FillReferenceNodes(reference);
        x = new double[rule.Points];
        fx = new double[rule.Points];
    }

    private readonly double scale, scaleLog;

    /// <summary>The range in u of the x-range from <c>from</c> to <c>to</c>.</summary>
    public (double From, double To) Range { get; }

    /// <summary>Estimates ∫_{u=a}^{b} σ·f(c + σ·s·e^u) du, i.e. the integral of f(x)/(x − c) over the
    /// x-range whose distances from c run from s·e^a to s·e^b.</summary>
    public override RuleEstimate Apply(double a, double b)
    {
        double centre = IntervalGeometry.Centre(a, b), half = IntervalGeometry.HalfLength(a, b);
        Span<double> nodes = stackalloc double[x.Length];
        bool resolved = IntervalGeometry.PlaceNodes(a, b, centre, half, reference, nodes);
        for (int i = 0; i < x.Length; i++)
            x[i] = AtLogDistance(nodes[i]);

        sampler.Evaluate(x, fx);
        if (side < 0)
        {
            for (int i = 0; i < fx.Length; i++)
                fx[i] = -fx[i];
        }

        KeepForEndGap(a, b, half, resolved);
        // The rounding of the nodes is kept apart (LastRoundingFloor), not added to this error: the driver adds it to its final
        // error, and its steps (bisection, extrapolation, the divergence test) stay as they were.
        lastRoundingFloor = resolved ? NodeRounding(nodes, half) : 0.0;
        return rule.Combine(fx, half);
    }

    /// <summary>The x at u: c + σ·s·e^u.</summary>
    private double AtLogDistance(double u)
    {
        double distance = scale * Math.Exp(u);
        if (!double.IsFinite(distance) || distance == 0.0)
            distance = Math.Exp(scaleLog + u);
        // A distance beyond double.MaxValue (pole and limit huge with opposite signs) is halved first
        // so that the node itself, which lies inside the range, comes out finite.
        return double.IsFinite(distance)
            ? pole + side * distance
            : 2.0 * (0.5 * pole + side * Math.Exp(scaleLog + u - Ln2));
    }
}
