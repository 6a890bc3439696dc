namespace BlasNet.Quadrature;

internal sealed partial class GaussKronrodRule
{
    /// <summary>
    /// The largest |c_k| over the top 2·<see cref="TailTerms"/> Legendre coefficients of the values' interpolant (values in
    /// the layout of <see cref="FillReferenceNodes"/>): the size of what the interpolant has not resolved, and so of its error
    /// anywhere on the interval, the ends included (P_k(±1) = ±1), for an f smooth there.
    /// </summary>
    public double LargestTopCoefficient(ReadOnlySpan<double> f)
    {
        double top = 0.0;
        for (int r = 0; r < 2 * TailTerms; r++)
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
