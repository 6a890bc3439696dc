namespace BlasNet.Neural;

/// <summary>
/// erf and erfc in double precision (.NET has neither), after W. J. Cody's rational Chebyshev
/// approximations (Math. Comp. 23 (1969) 631–637; the CALERF routine of SPECFUN): one rational
/// function for |x| ≤ 0.46875, one for erfc on (0.46875, 4], one in 1/x² beyond. The exp(−x²) factor
/// is split as exp(−s²)·exp(−(x−s)(x+s)) with s = x rounded down to 1/16, which keeps the tail accurate
/// to a few ulps (squaring x directly would lose its low bits).
/// </summary>
internal static class ErrorFunction
{
    /// <summary>Where Cody's rational for erf(x)/x ends and the ones for erfc begin.</summary>
    public const double Threshold = 0.46875;
    private const double OneOverSqrtPi = 0.56418958354775628695;

    private static readonly double[] A = [3.16112374387056560e00, 1.13864154151050156e02, 3.77485237685302021e02, 3.20937758913846947e03, 1.85777706184603153e-1];
    private static readonly double[] B = [2.36012909523441209e01, 2.44024637934444173e02, 1.28261652607737228e03, 2.84423683343917062e03];
    private static readonly double[] C = [5.64188496988670089e-1, 8.88314979438837594e00, 6.61191906371416295e01, 2.98635138197400131e02, 8.81952221241769090e02,
        1.71204761263407058e03, 2.05107837782607147e03, 1.23033935479799725e03, 2.15311535474403846e-8];
    private static readonly double[] D = [1.57449261107098347e01, 1.17693950891312499e02, 5.37181101862009858e02, 1.62138957456669019e03, 3.29079923573345963e03,
        4.36261909014324716e03, 3.43936767414372164e03, 1.23033935480374942e03];
    private static readonly double[] P = [3.05326634961232344e-1, 3.60344899949804439e-1, 1.25781726111229246e-1, 1.60837851487422766e-2, 6.58749161529837803e-4, 1.63153871373020978e-2];
    private static readonly double[] Q = [2.56852019228982242e00, 1.87295284992346047e00, 5.27905102951428412e-1, 6.05183413124413191e-2, 2.33520497626869185e-3];

    /// <summary>erf(x); NaN for NaN, ±1 for ±∞.</summary>
    public static double Erf(double x)
    {
        if (double.IsNaN(x)) return x;
        double y = Math.Abs(x);
        if (y <= Threshold) return x * Small(y);
        // erf = 1 − erfc for |x| > 0.46875, where erfc ≤ 0.51 so the subtraction loses nothing.
        double r = 0.5 - ErfcPositive(y) + 0.5;
        return x < 0 ? -r : r;
    }

    /// <summary>erfc(x) = 1 − erf(x) without cancellation for large x; NaN for NaN.</summary>
    public static double Erfc(double x)
    {
        if (double.IsNaN(x)) return x;
        double y = Math.Abs(x);
        if (y <= Threshold) return 1.0 - x * Small(y);
        double r = ErfcPositive(y);
        return x < 0 ? 2.0 - r : r;
    }

    // erf(y)/y for |y| ≤ 0.46875.
    private static double Small(double y)
    {
        double z = y > 1.1e-16 ? y * y : 0.0;
        double num = A[4] * z, den = z;
        for (int i = 0; i < 3; i++)
        {
            num = (num + A[i]) * z;
            den = (den + B[i]) * z;
        }
        return (num + A[3]) / (den + B[3]);
    }

    // erfc(y) for y > 0.46875.
    private static double ErfcPositive(double y)
    {
        // erfc underflows to 0 beyond 26.55.
        if (y >= 26.6) return 0.0;
        double r = ScaledErfc(y);
        double s = Math.Truncate(y * 16.0) / 16.0;
        double del = (y - s) * (y + s);
        return Math.Exp(-s * s) * Math.Exp(-del) * r;
    }

    /// <summary>
    /// The scaled complement <c>erfcx(y) = e^(y²) erfc(y)</c> for y &gt; <see cref="Threshold"/> (≈ 1/(y√π) for large y;
    /// 0 for ∞), the rational part of Cody's erfc before its e^(−y²) factor. For a caller that forms that factor from
    /// its own variable (Φ(x) = ½ erfcx(−x/√2) e^(−x²/2)): e^(−y²) from y = −x/√2 carries y's rounding, a relative
    /// 2y²·2^−53, into the result (1400 ulps at x = −37), where erfcx itself changes by about one ulp.
    /// </summary>
    public static double ScaledErfc(double y)
    {
        if (y <= 4.0)
        {
            double num = C[8] * y, den = y;
            for (int i = 0; i < 7; i++)
            {
                num = (num + C[i]) * y;
                den = (den + D[i]) * y;
            }
            return (num + C[7]) / (den + D[7]);
        }
        else
        {
            double z = 1.0 / (y * y);
            double num = P[5] * z, den = z;
            for (int i = 0; i < 4; i++)
            {
                num = (num + P[i]) * z;
                den = (den + Q[i]) * z;
            }
            double r = z * (num + P[4]) / (den + Q[4]);
            return (OneOverSqrtPi - r) / y;
        }
    }

    /// <summary>
    /// <c>factor · e^(−x²/2)</c> to a few ulps wherever the result is a normal double: x² is not rounded as such but split
    /// as s² + (x − s)(x + s), s = |x| rounded to 1/256 (s²/2 exact, the rest at most |x|/256, so its rounding costs
    /// under an ulp), and <paramref name="factor"/> multiplied in before the part that may leave the normal range
    /// (e^(−x²/2) is subnormal beyond |x| ≈ 37.6, where factor·e^(−x²/2) need not be). A signed 0 beyond |x| = 65536
    /// (NaN if factor is ∞ or NaN, and for NaN x).
    /// </summary>
    public static double TimesGaussian(double factor, double x)
    {
        double a = Math.Abs(x);
        if (!(a < 65536.0)) return double.IsNaN(x) ? x : factor * 0.0;
        double s = Math.Round(a * 256.0) / 256.0;
        double halfSquare = 0.5 * s * s; // exact: s·256 is an integer below 2^24
        double product = factor * Math.Exp(-0.5 * (a - s) * (a + s));
        // e^(−700) ≈ 9.9e-305 is normal; beyond, the factor is split in two normal halves so that only the last product rounds.
        if (halfSquare <= 700.0) return product * Math.Exp(-halfSquare);
        double half = Math.Exp(-0.5 * halfSquare);
        return product * half * half;
    }
}
