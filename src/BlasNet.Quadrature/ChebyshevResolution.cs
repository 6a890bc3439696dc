namespace BlasNet.Quadrature;

/// <summary>
/// Whether a degree-24 Chebyshev interpolant (the modified Clenshaw–Curtis rules of QAWC and QAWS) resolves f at
/// all, judged by the decay of its coefficients.
/// </summary>
/// <remarks>
/// Those rules estimate their error by |I24 − I12|, which assumes that the degree-24 result is much better than
/// the degree-12 one. On an interval far too wide for f (cos(200x) over [0.15, 0.475], 32 radians per half-length)
/// both interpolants are aliased and the difference of two meaningless numbers can be small by chance: QUADPACK's
/// dqc25c claimed 0.053 there against a true error of 1.46. A series that has converged has its upper half
/// (the terms the degree-12 rule lacks) far below its largest coefficient (1e-10 of it at the tolerances runs
/// converge to, about 1/200 even for a kink); an unresolved one does not decay at all, and then the terms it
/// neglects are as large as the ones it has.
/// </remarks>
internal static class ChebyshevResolution
{
    /// <summary>Where the upper half of the series starts: the degrees the 13-point (degree-12) rule lacks. The
    /// whole half is scanned, not only the last few terms, because aliasing can make any few of them small by
    /// chance (cos(427x) over [0.36, 0.61]: c_20..c_24 below 0.034 of the largest, c_16 at 0.55 of it).</summary>
    private const int UpperHalf = 13;

    /// <summary>The upper coefficients of an unresolved series are of the order of the largest (for cos(ωh·t),
    /// J_k(ωh) up to k ≈ ωh); at a tenth of it the degree-24 interpolant is off by about as much.</summary>
    private const double PlateauRatio = 0.1;

    /// <summary>True when the largest of the coefficients c_13 .. c_24 exceeds <see cref="PlateauRatio"/> times the
    /// largest of all of c_0 .. c_24: the series has not started to decay, and the difference of its two
    /// truncations says nothing about its error.</summary>
    public static bool IsUnresolved(ReadOnlySpan<double> coefficients)
    {
        double largest = 0.0, upper = 0.0;
        for (int k = 0; k < coefficients.Length; k++)
        {
            double size = Math.Abs(coefficients[k]);
            largest = Math.Max(largest, size);
            if (k >= UpperHalf)
                upper = Math.Max(upper, size);
        }

        return upper > PlateauRatio * largest;
    }
}
