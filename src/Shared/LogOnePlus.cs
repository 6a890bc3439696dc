namespace BlasNet.Functions;

/// <summary>
/// ln(1 + z) to full relative precision (shared as a linked source file, as ResultText: each assembly that needs it has its
/// own internal copy; the neural module uses the core's). .NET's <c>double.LogP1</c> is <c>Math.Log(z + 1)</c>, which loses
/// every digit below z ≈ 1e-16 (LogP1(4.25e-18) = 0) and is 3e-8 off at 2e-9: the classification losses of well-classified
/// rows, the Cauchy robust loss of small residuals and Student's t tails all need the small z's digits.
/// </summary>
internal static class LogOnePlus
{
    /// <summary>ln(1 + z) for z ≥ 0 (NaN stays NaN). Goldberg's correction: the rounding of 1 + z divided out.</summary>
    public static double Of(double z)
    {
        double t = 1 + z;
        return t == 1 ? z : double.IsInfinity(t) ? Math.Log(z) : Math.Log(t) * (z / (t - 1));
    }
}
