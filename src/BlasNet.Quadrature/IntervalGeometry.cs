namespace BlasNet.Quadrature;

/// <summary>
/// Centre and half-length of an interval computed so that they cannot overflow: for [−1e308, 1e308]
/// the textbook 0.5·(b − a) is +∞, and every node x = centre + half·t would then be ±∞ or NaN (the
/// integrator would call the integrand outside the range and blame it for the result).
/// </summary>
/// <remarks>
/// The textbook forms are used whenever they are finite, so every ordinary interval gets bit-for-bit the
/// same nodes as QUADPACK; only when the sum or difference overflows are the halves taken first.
/// </remarks>
internal static class IntervalGeometry
{
    /// <summary>(a + b)/2 without overflow.</summary>
    public static double Centre(double a, double b)
    {
        double sum = a + b;
        return double.IsFinite(sum) ? 0.5 * sum : 0.5 * a + 0.5 * b;
    }

    /// <summary>(b − a)/2 without overflow.</summary>
    public static double HalfLength(double a, double b)
    {
        double difference = b - a;
        return double.IsFinite(difference) ? 0.5 * difference : 0.5 * b - 0.5 * a;
    }

    /// <summary>ln|x − c| without overflow of the difference (|x − c| may exceed double.MaxValue when x
    /// and c are huge with opposite signs).</summary>
    public static double LogDistance(double x, double c)
    {
        double difference = Math.Abs(x - c);
        return double.IsFinite(difference) ? Math.Log(difference) : Math.Log(Math.Abs(0.5 * x - 0.5 * c)) + Math.Log(2.0);
    }
}
