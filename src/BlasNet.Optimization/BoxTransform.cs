namespace BlasNet.Optimization;

/// <summary>
/// Maps unbounded internal variables u to parameters x inside the box [lower, upper], so that the
/// unconstrained Levenberg–Marquardt iteration can run on u (the MINUIT / lmfit transformation):
/// two bounds x = l + (h − l)(sin u + 1)/2, a lower bound only x = l − 1 + √(u² + 1), an upper bound
/// only x = h + 1 − √(u² + 1), no bound x = u. Every u gives a feasible x, a bound is reached exactly,
/// and an optimum strictly inside the box is a stationary point in u as well, so it is found as
/// without bounds.
/// </summary>
internal sealed class BoxTransform
{
    private readonly double[] lower;
    private readonly double[] upper;

    private BoxTransform(double[] lower, double[] upper)
    {
        this.lower = lower;
        this.upper = upper;
    }

    /// <summary>Null when there are no finite bounds (identity transform).</summary>
    public static BoxTransform? Create(double[]? lower, double[]? upper, double[] x0)
    {
        int n = x0.Length;
        if (lower is not null && lower.Length != n)
            throw new ArgumentException($"LowerBounds has {lower.Length} values but x0 has n = {n}.", "options");
        if (upper is not null && upper.Length != n)
            throw new ArgumentException($"UpperBounds has {upper.Length} values but x0 has n = {n}.", "options");
        var lo = new double[n];
        var hi = new double[n];
        bool any = false;
        for (int j = 0; j < n; j++)
        {
            lo[j] = lower?[j] ?? double.NegativeInfinity;
            hi[j] = upper?[j] ?? double.PositiveInfinity;
            if (double.IsNaN(lo[j]) || double.IsNaN(hi[j]) || lo[j] == double.PositiveInfinity || hi[j] == double.NegativeInfinity)
                throw new ArgumentException($"Bounds of parameter {j} are invalid: [{lo[j]}, {hi[j]}].", "options");
            if (!(lo[j] < hi[j]))
                throw new ArgumentException($"Bounds of parameter {j} are empty or a single point: lower {lo[j]} must be below upper {hi[j]}.", "options");
            if (x0[j] < lo[j] || x0[j] > hi[j])
                throw new ArgumentOutOfRangeException(nameof(x0), $"x0[{j}] = {x0[j]} lies outside its bounds [{lo[j]}, {hi[j]}].");
            any |= !double.IsInfinity(lo[j]) || !double.IsInfinity(hi[j]);
        }
        return any ? new BoxTransform(lo, hi) : null;
    }

    public double Lower(int j) => lower[j];

    public double Upper(int j) => upper[j];

    /// <summary>Internal start for x0. A start exactly on a bound is where the transform is stationary, so it is moved 1e-3 (in u) inside, or the iteration could never leave it.</summary>
    public void ToInternal(ReadOnlySpan<double> x, Span<double> u)
    {
        const double nudge = 1e-3;
        for (int j = 0; j < x.Length; j++)
        {
            double l = lower[j], h = upper[j];
            bool hasLower = !double.IsInfinity(l), hasUpper = !double.IsInfinity(h);
            if (hasLower && hasUpper)
            {
                double s = Math.Clamp(2 * (x[j] - l) / (h - l) - 1, -1, 1);
                double v = Math.Asin(s);
                u[j] = Math.Clamp(v, -Math.PI / 2 + nudge, Math.PI / 2 - nudge);
            }
            else if (hasLower)
            {
                double t = x[j] - l + 1;
                u[j] = Math.Max(Math.Sqrt(Math.Max(t * t - 1, 0)), nudge);
            }
            else if (hasUpper)
            {
                double t = h - x[j] + 1;
                u[j] = Math.Max(Math.Sqrt(Math.Max(t * t - 1, 0)), nudge);
            }
            else u[j] = x[j];
        }
    }

    /// <summary>x(u), clamped into the box so rounding can never leave it.</summary>
    public void ToExternal(ReadOnlySpan<double> u, Span<double> x)
    {
        for (int j = 0; j < u.Length; j++)
        {
            double l = lower[j], h = upper[j];
            bool hasLower = !double.IsInfinity(l), hasUpper = !double.IsInfinity(h);
            double v;
            if (hasLower && hasUpper) v = l + (h - l) * 0.5 * (Math.Sin(u[j]) + 1);
            else if (hasLower) v = l - 1 + Math.Sqrt(u[j] * u[j] + 1);
            else if (hasUpper) v = h + 1 - Math.Sqrt(u[j] * u[j] + 1);
            else v = u[j];
            x[j] = Math.Clamp(v, l, h);
        }
    }

    /// <summary>dxⱼ/duⱼ, the diagonal chain-rule factor for an analytic Jacobian.</summary>
    public void Derivative(ReadOnlySpan<double> u, Span<double> dxdu)
    {
        for (int j = 0; j < u.Length; j++)
        {
            double l = lower[j], h = upper[j];
            bool hasLower = !double.IsInfinity(l), hasUpper = !double.IsInfinity(h);
            if (hasLower && hasUpper) dxdu[j] = (h - l) * 0.5 * Math.Cos(u[j]);
            else if (hasLower) dxdu[j] = u[j] / Math.Sqrt(u[j] * u[j] + 1);
            else if (hasUpper) dxdu[j] = -u[j] / Math.Sqrt(u[j] * u[j] + 1);
            else dxdu[j] = 1;
        }
    }
}
