namespace BlasNet.Neural;

/// <summary>ln(1 + z) for the losses' sums of exponentials.</summary>
internal static class LogOnePlus
{
    /// <summary>
    /// ln(1 + z) for z ≥ 0 (or NaN, which stays NaN) to full relative precision. .NET's <c>double.LogP1</c> is
    /// <c>Math.Log(z + 1)</c>, which loses every digit below z ≈ 1e-16 (LogP1(4.25e-18) = 0) and is 3e-8 off at 2e-9: the
    /// losses of well-classified rows came out 0 or with 7 digits. Goldberg's correction divides out the rounding of 1 + z
    /// (BlasNet.Optimization's robust loss uses the same).
    /// </summary>
    public static double Of(double z)
    {
        double t = 1 + z;
        return t == 1 ? z : double.IsInfinity(t) ? Math.Log(z) : Math.Log(t) * (z / (t - 1));
    }
}
