using System.Globalization;

namespace BlasNet.Optimization;

/// <summary>
/// Maps unbounded internal variables u to parameters x inside the box [lower, upper], so that the
/// unconstrained Levenberg–Marquardt iteration can run on u. The map is the identity x = u in an inner
/// zone, and a sine only in a margin of width w next to each finite bound:
/// x = l + w(1 + sin((u − l − w)/w)) below l + w, x = h − w(1 + sin((u − h + w)/w)) above h − w.
/// <para>
/// Why not MINUIT's / lmfit's transform over the whole box (x = l + (h − l)(sin u + 1)/2): there x is
/// computed as l plus a multiple of h − l, so its precision is ε·max(|l|, |h|). Bounds of ±1e8 written to
/// mean "no bound" left x with 8 correct digits, ±1e14 froze it (a finite-difference step no longer
/// changed x: a zero Jacobian and a false convergence at x0), one-sided −1e16 rounded x0 = 1 to 0, and
/// ±1e308 overflowed h − l to ∞ and evaluated the residuals at NaN. Here the margin is half the
/// distance from x0 to the bound (at least half of max(|x0|, 1), at most half the box), so a far bound
/// leaves x0's neighbourhood in the identity zone: the fit is then exactly the unbounded fit, with full
/// precision, until the iterate comes near the bound. Every u gives a feasible x (the margin's sine stays
/// within [l, l + 2w] ⊂ [l, h]), a bound is reached exactly, and the map is twice continuously
/// differentiable, so an interior optimum is a stationary point in u as well.
/// </para>
/// <para>
/// In the margins the iteration takes its Gauss–Newton model's step in x, clipped to the box (<see cref="ProjectStep"/>),
/// so a step past a bound lands exactly on it rather than coming back along the sine, and leaves it again when the
/// gradient pulls it inside.
/// </para>
/// </summary>
internal sealed class BoxTransform
{
    private readonly double[] lower;
    private readonly double[] upper;
    private readonly double[] lowerWidth;  // w of the lower margin (0 without a finite lower bound)
    private readonly double[] upperWidth;

    private BoxTransform(double[] lower, double[] upper, double[] lowerWidth, double[] upperWidth)
    {
        this.lower = lower;
        this.upper = upper;
        this.lowerWidth = lowerWidth;
        this.upperWidth = upperWidth;
    }

    /// <summary>Null when there are no finite bounds (identity transform).</summary>
    public static BoxTransform? Create(double[]? lower, double[]? upper, double[] x0)
    {
        int n = x0.Length;
        if (lower is not null && lower.Length != n)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"LowerBounds has {lower.Length} values but x0 has n = {n}."), "options");
        if (upper is not null && upper.Length != n)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"UpperBounds has {upper.Length} values but x0 has n = {n}."), "options");
        var lo = new double[n];
        var hi = new double[n];
        var wl = new double[n];
        var wh = new double[n];
        bool any = false;
        for (int j = 0; j < n; j++)
        {
            lo[j] = lower?[j] ?? double.NegativeInfinity;
            hi[j] = upper?[j] ?? double.PositiveInfinity;
            if (double.IsNaN(lo[j]) || double.IsNaN(hi[j]) || lo[j] == double.PositiveInfinity || hi[j] == double.NegativeInfinity)
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Bounds of parameter {j} are invalid: [{lo[j]}, {hi[j]}]."), "options");
            if (!(lo[j] < hi[j]))
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Bounds of parameter {j} are empty or a single point: lower {lo[j]} must be below upper {hi[j]} (to hold a parameter fixed, leave it out of x0 and give the residual function its value, or fit with CurveFit, whose CurveFitOptions.Fixed does that)."), "options");
            if (x0[j] < lo[j] || x0[j] > hi[j])
                throw new ArgumentOutOfRangeException(nameof(x0), string.Create(CultureInfo.InvariantCulture, $"x0[{j}] = {x0[j]} lies outside its bounds [{lo[j]}, {hi[j]}]."));
            bool hasLower = double.IsFinite(lo[j]), hasUpper = double.IsFinite(hi[j]);
            any |= hasLower || hasUpper;
            // Half-widths computed without forming h − l, which overflows for bounds near ±1.8e308.
            double halfBox = hasLower && hasUpper ? hi[j] / 2 - lo[j] / 2 : double.PositiveInfinity;
            double floor = 0.5 * Math.Max(Math.Abs(x0[j]), 1.0);
            if (hasLower) wl[j] = Math.Min(halfBox, Math.Max(x0[j] / 2 - lo[j] / 2, floor));
            if (hasUpper) wh[j] = Math.Min(halfBox, Math.Max(hi[j] / 2 - x0[j] / 2, floor));
        }
        return any ? new BoxTransform(lo, hi, wl, wh) : null;
    }

    public double Lower(int j) => lower[j];

    public double Upper(int j) => upper[j];

    /// <summary>
    /// True when x is on a bound (within a millionth of its margin — where the sine has flattened to an
    /// angle of about 1e-3 — or rounding) and the descent direction −g points out of the box: the
    /// projected gradient of that parameter is zero.
    /// </summary>
    public bool PushedOut(int j, double x, double g)
    {
        double rounding = 4 * 2.220446049250313e-16 * Math.Abs(x);
        return (g > 0 && x - lower[j] <= 1e-6 * lowerWidth[j] + rounding)
            || (g < 0 && upper[j] - x <= 1e-6 * upperWidth[j] + rounding);
    }

    private double LowerEdge(int j) => lower[j] + lowerWidth[j];   // start of the inner zone

    private double UpperEdge(int j) => upper[j] - upperWidth[j];   // end of the inner zone

    /// <summary>Internal start for x0. A start exactly on a bound is where the transform is stationary, so it is moved a thousandth of the margin (in u) inside, or the iteration could never leave it.</summary>
    public void ToInternal(ReadOnlySpan<double> x, Span<double> u)
    {
        for (int j = 0; j < x.Length; j++) u[j] = Internal(j, x[j]);
    }

    /// <summary>
    /// u for xⱼ = <paramref name="v"/>; with <paramref name="nudge"/> a value on a bound (or within 5e-7 of the margin from
    /// it) maps a thousandth of the margin (in u) inside, as a start does, else a bound maps to its sine's extremum.
    /// </summary>
    internal double Internal(int j, double v, double nudge = 1e-3)
    {
        if (double.IsFinite(lower[j]) && v < LowerEdge(j))
        {
            double w = lowerWidth[j];
            double t = Math.Asin(Math.Clamp((v - lower[j]) / w - 1, -1, 1));
            return LowerEdge(j) + w * Math.Max(t, -Math.PI / 2 + nudge);
        }
        if (double.IsFinite(upper[j]) && v > UpperEdge(j))
        {
            double w = upperWidth[j];
            double t = Math.Asin(Math.Clamp((upper[j] - v) / w - 1, -1, 1));
            return UpperEdge(j) - w * Math.Max(t, -Math.PI / 2 + nudge);
        }
        return v;
    }

    /// <summary>x(u), clamped into the box so rounding can never leave it.</summary>
    public void ToExternal(ReadOnlySpan<double> u, Span<double> x)
    {
        for (int j = 0; j < u.Length; j++) x[j] = External(j, u[j]);
    }

    internal double External(int j, double v)
    {
        if (double.IsFinite(lower[j]) && v < LowerEdge(j))
            v = lower[j] + lowerWidth[j] * (1 + Math.Sin((v - LowerEdge(j)) / lowerWidth[j]));
        else if (double.IsFinite(upper[j]) && v > UpperEdge(j))
            v = upper[j] - upperWidth[j] * (1 + Math.Sin((UpperEdge(j) - v) / upperWidth[j]));
        return Math.Clamp(v, lower[j], upper[j]);
    }

    internal bool InMargin(int j, double u) =>
        (double.IsFinite(lower[j]) && u < LowerEdge(j)) || (double.IsFinite(upper[j]) && u > UpperEdge(j));

    // dxⱼ/duⱼ; on an extremum itself (a parameter on its bound) 1, not the sine's 0: there the iteration's step for the
    // parameter is an x-step (ProjectStep), so the linear model sees its true effect and the parameter leaves the bound
    // when the gradient pulls it inside (with 0 it could never move again).
    private double DerivativeAt(int j, double v) =>
        AtExtremum(j, v) ? 1
        : double.IsFinite(lower[j]) && v < LowerEdge(j) ? Math.Cos((v - LowerEdge(j)) / lowerWidth[j])
        : double.IsFinite(upper[j]) && v > UpperEdge(j) ? Math.Cos((UpperEdge(j) - v) / upperWidth[j])
        : 1;

    /// <summary>
    /// Turns the iteration's trial step into the step its Gauss–Newton model means in x, kept inside the box: for a
    /// parameter whose u or trial u lies in a sine margin, the trial u is the u of x + (dx/du)·pⱼ clipped to [lower,
    /// upper] (a bound maps to its sine's extremum, where x is exactly the bound), and pⱼ becomes the u-step whose linear
    /// x-step that is, so the model's predicted reduction and the radius follow the step taken. Parameters that stay in the
    /// identity zone are untouched (the fit away from bounds is MINPACK's). Returns whether a step changed, and whether a
    /// parameter newly reached a bound.
    /// </summary>
    /// <remarks>
    /// Why: in a margin x follows a sine whose derivative vanishes at the bound. The model's step in u was followed along
    /// that sine before: a step that overshot a bound came back inside, and the iteration crawled toward an active bound
    /// along a curve its model does not see (a box 2e-5 wide around 0.3 with the optimum on its upper bound: 230–350
    /// evaluations and an X good to 2e-6, where SciPy's projected 'trf' needs 4); a start on a bound, where dx/du ≈ 1e-3,
    /// took a thousandfold step in u. The model's x-step clipped to the box is the projected Gauss–Newton step. On the bound
    /// itself the derivative is taken as 1 (<see cref="Derivative"/>), so the model's step there is an x-step as well.
    /// </remarks>
    public (bool Changed, bool NewlyOnBound) ProjectStep(ReadOnlySpan<double> u, Span<double> trial, Span<double> p)
    {
        bool changed = false, newlyOnBound = false;
        for (int j = 0; j < u.Length; j++)
        {
            double uj = u[j], tj = trial[j];
            if (!InMargin(j, uj) && !InMargin(j, tj)) continue;
            double d = DerivativeAt(j, uj);
            double xj = External(j, uj);
            // A parameter held on its bound (the active set: a zero column, LeastSquaresProblem.HoldActiveBounds) stays.
            double xt = Math.Clamp(xj + d * (tj - uj), lower[j], upper[j]);
            double ut = Internal(j, xt, nudge: 0);
            if (ut == tj) continue;
            trial[j] = ut;
            p[j] = (xt - xj) / d;
            changed = true;
            newlyOnBound |= (xt == lower[j] || xt == upper[j]) && ut != uj;
        }
        return (changed, newlyOnBound);
    }

    /// <summary>
    /// For a parameter on its bound (u on the extremum): the bound and the inward direction (+1 from a lower bound, −1 from
    /// an upper one) and the room inside; the difference Jacobian there steps in x (see <see cref="DerivativeAt"/>).
    /// </summary>
    internal (double Bound, double Inward, double Room) BoundSide(int j, double u) =>
        double.IsFinite(lower[j]) && u <= LowerExtremum(j)
            ? (lower[j], 1.0, upper[j] - lower[j])
            : (upper[j], -1.0, upper[j] - lower[j]);

    /// <summary>True when <paramref name="u"/> lies beyond an extremum of parameter <paramref name="j"/>'s margins, where the sine turns back.</summary>
    public bool BeyondExtremum(int j, double u) =>
        (double.IsFinite(lower[j]) && u < LowerExtremum(j)) || (double.IsFinite(upper[j]) && u > UpperExtremum(j));

    /// <summary>True when <paramref name="u"/> is on (or beyond) an extremum of parameter <paramref name="j"/>'s margins: x is on its bound, where the iteration's step is an x-step (<see cref="ProjectStep"/>).</summary>
    public bool AtExtremum(int j, double u) =>
        (double.IsFinite(lower[j]) && u <= LowerExtremum(j)) || (double.IsFinite(upper[j]) && u >= UpperExtremum(j));

    private double LowerExtremum(int j) => LowerEdge(j) - lowerWidth[j] * (Math.PI / 2);

    private double UpperExtremum(int j) => UpperEdge(j) + upperWidth[j] * (Math.PI / 2);

    /// <summary>
    /// The size a difference step in uⱼ is taken relative to: |uⱼ| (MINPACK's choice) in the identity zone and in a margin at
    /// least |uⱼ| wide; in a narrower margin, or anywhere in a box whose identity zone is narrower than |uⱼ|, √(|uⱼ|·w),
    /// between |uⱼ| and the margin's width w.
    /// </summary>
    /// <remarks>
    /// Why: in a margin x moves along a sine of period 2πw, so a step √ε·|uⱼ| has a truncation error of about √ε·|uⱼ|/w —
    /// 0.1 % for a box 2e-5 wide around 0.3, and a box 2e-12 wide around 1 was stepped across many periods. A step of the
    /// margin's own size would drown in rounding instead (u is stored at the size of x, so u + h carries an error of
    /// ε·|uⱼ|, ε·|uⱼ|/h relative); the geometric mean balances the two errors.
    /// </remarks>
    public double StepScale(int j, double u)
    {
        double size = Math.Abs(u), w = double.PositiveInfinity;
        bool hasLower = double.IsFinite(lower[j]), hasUpper = double.IsFinite(upper[j]);
        // A box whose identity zone is narrower than |uⱼ| (or a single point) is stepped as its margins are, from anywhere in it.
        bool narrowBox = hasLower && hasUpper && UpperEdge(j) - LowerEdge(j) < size;
        if (hasLower && (u < LowerEdge(j) || narrowBox)) w = lowerWidth[j];
        if (hasUpper && (u > UpperEdge(j) || narrowBox)) w = Math.Min(w, upperWidth[j]);
        return w < size ? Math.Sqrt(size * w) : size;
    }

    /// <summary>dxⱼ/duⱼ, the diagonal chain-rule factor for an analytic Jacobian (1 on an extremum, where the step is an x-step: see <see cref="ProjectStep"/>).</summary>
    public void Derivative(ReadOnlySpan<double> u, Span<double> dxdu)
    {
        for (int j = 0; j < u.Length; j++) dxdu[j] = DerivativeAt(j, u[j]);
    }
}
