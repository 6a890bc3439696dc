namespace BlasNet.Tests.Optimization;

/// <summary>
/// The degree-12 Runge fit's claim at X checked from the definition (audits lm41, lm42): 1/(1 + 25x²) at 50 equispaced x in
/// [−1, 1], a polynomial in t = (x + 1)/2 with 13 coefficients (<see cref="IllConditionedStopTests.ScaledResiduals"/>'s
/// model), r and the gradient Vᵀr in double-double. Column scaling does not change a column's cosine with r, so the cosines
/// are those of the unscaled coefficients.
/// </summary>
internal static class RungeExactClaim
{
    public const int Points = 50, Parameters = 13;

    /// <summary>The abscissae t of the 50 points.</summary>
    public static readonly double[] T = Enumerable.Range(0, Points).Select(i => (-1 + 2.0 * i / (Points - 1) + 1) / 2).ToArray();

    private static readonly double[] Y = Enumerable.Range(0, Points).Select(i => { double x = -1 + 2.0 * i / (Points - 1); return 1 / (1 + 25 * x * x); }).ToArray();

    /// <summary>The largest cosine of a column of V with r at the coefficients <paramref name="x"/>, and the cost ½‖r‖² (from
    /// the double-double residuals: a fit's own cost, from r in double with coefficients near 1e7, carries rounding of about
    /// 1e-9 relative and can read below the minimum).</summary>
    public static (double LargestCosine, double Cost) At(double[] x)
    {
        var r = new DoubleDouble[Points];
        DoubleDouble rr = 0;
        for (int i = 0; i < Points; i++)
        {
            DoubleDouble sum = 0;
            for (int j = Parameters - 1; j >= 0; j--) sum = sum * T[i] + x[j];
            r[i] = sum - Y[i];
            rr = rr + r[i] * r[i];
        }
        double largest = 0;
        for (int j = 0; j < Parameters; j++)
        {
            DoubleDouble g = 0, columnSquares = 0;
            for (int i = 0; i < Points; i++)
            {
                double power = Math.Pow(T[i], j);
                g = g + r[i] * power;
                columnSquares = columnSquares + (DoubleDouble)power * power;
            }
            largest = Math.Max(largest, Math.Abs(g.ToDouble()) / Math.Sqrt(columnSquares.ToDouble() * rr.ToDouble()));
        }
        return (largest, rr.ToDouble() / 2);
    }
}
