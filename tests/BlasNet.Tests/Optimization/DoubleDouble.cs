namespace BlasNet.Tests.Optimization;

/// <summary>
/// Minimal double-double arithmetic (value = Hi + Lo, about 32 significant digits) for evaluating
/// the Lanczos models: Lanczos1's certified RSS (1.4e-25, residuals near 8e-14) is below the
/// rounding noise of evaluating three exponentials in double, so in double a fit chases that noise
/// and its RSS — and the certified standard deviations, which scale with √RSS — are off by ~0.3%.
/// The solver stays in double; only the test's residual is computed more accurately.
/// </summary>
public readonly record struct DoubleDouble(double Hi, double Lo)
{
    private static readonly DoubleDouble Ln2 = new(0.6931471805599453, 2.3190468138462996e-17);

    public static implicit operator DoubleDouble(double v) => new(v, 0);

    public double ToDouble() => Hi + Lo;

    public static DoubleDouble operator +(DoubleDouble a, DoubleDouble b)
    {
        double s = a.Hi + b.Hi;
        double bb = s - a.Hi;
        double err = (a.Hi - (s - bb)) + (b.Hi - bb);
        return Normalize(s, err + a.Lo + b.Lo);
    }

    public static DoubleDouble operator -(DoubleDouble a) => new(-a.Hi, -a.Lo);

    public static DoubleDouble operator -(DoubleDouble a, DoubleDouble b) => a + (-b);

    public static DoubleDouble operator *(DoubleDouble a, DoubleDouble b)
    {
        double p = a.Hi * b.Hi;
        double err = Math.FusedMultiplyAdd(a.Hi, b.Hi, -p);
        return Normalize(p, err + a.Hi * b.Lo + a.Lo * b.Hi);
    }

    /// <summary>exp by argument reduction (k·ln2, then /2¹⁰), a Taylor series and ten squarings.</summary>
    public static DoubleDouble Exp(DoubleDouble a)
    {
        double k = Math.Round(a.Hi / Ln2.Hi);
        DoubleDouble r = a - Ln2 * k;
        r = new DoubleDouble(r.Hi / 1024, r.Lo / 1024);
        DoubleDouble term = 1, sum = 1;
        for (int i = 1; i <= 14; i++)
        {
            term = term * r;
            term = new DoubleDouble(term.Hi / i, 0) + Correction(term, i);
            sum = sum + term;
        }
        for (int i = 0; i < 10; i++) sum = sum * sum;
        double scale = Math.ScaleB(1.0, (int)k);
        return new DoubleDouble(sum.Hi * scale, sum.Lo * scale);
    }

    // Exact-enough division of a double-double by a small integer: remainder of the high part plus the low part.
    private static DoubleDouble Correction(DoubleDouble t, int i)
    {
        double q = t.Hi / i;
        double remainder = Math.FusedMultiplyAdd(-q, i, t.Hi);
        return new DoubleDouble((remainder + t.Lo) / i, 0);
    }

    private static DoubleDouble Normalize(double hi, double lo)
    {
        double s = hi + lo;
        return new DoubleDouble(s, lo - (s - hi));
    }
}
