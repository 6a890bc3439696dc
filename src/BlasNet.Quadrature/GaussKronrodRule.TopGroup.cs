namespace BlasNet.Quadrature;

internal sealed partial class GaussKronrodRule
{
    /// <summary>
    /// The largest |c_k| over the top <see cref="TailTerms"/> Legendre coefficients alone of the values' interpolant (layout
    /// of <see cref="FillReferenceNodes"/>): where the series decays, the size of the part the interpolant leaves out, and so
    /// of its error when carried to an end of the interval. The top 2·TailTerms, used here until session 41, reach down to
    /// degree Points − 8, which on a steep branch that the rule resolves is orders of magnitude above it (a 3.9e-5 jump beside
    /// QAGI's t = 1/16 passed as the polynomial's error).
    /// </summary>
    public double LargestTopGroupCoefficient(ReadOnlySpan<double> f)
    {
        double top = 0.0;
        for (int r = TailTerms; r < 2 * TailTerms; r++)
        {
            double[] row = tailRows[r];
            double c = 0.0;
            for (int i = 0; i < row.Length; i++)
                c += row[i] * f[i];
            top = Math.Max(top, Math.Abs(c));
        }

        return top;
    }
}
