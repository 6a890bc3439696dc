namespace BlasNet.Quadrature;

internal sealed partial class OscillatoryWeightRule
{
    // sin(kπ/24) for k = 0 … 12 as unevaluated sums High + Low (High the correctly rounded double, Low the rest rounded;
    // mpmath at 50 digits). The other k follow by symmetry: sin((24 − k)π/24) = sin(kπ/24), sin((24 + k)π/24) = −sin(kπ/24).
    private static readonly double[] SineHigh =
    [
        0.0, 0.1305261922200516, 0.25881904510252074, 0.3826834323650898, 0.5, 0.6087614290087207, 0.7071067811865476,
        0.7933533402912352, 0.8660254037844386, 0.9238795325112867, 0.9659258262890683, 0.9914448613738104, 1.0,
    ];

    private static readonly double[] SineLow =
    [
        0.0, -9.607666023901524e-18, 2.287249500495561e-17, -1.0050772696461588e-17, 0.0, -1.647047979025087e-17,
        -4.833646656726457e-17, -5.028625073907125e-19, 5.0175421109034514e-17, 1.7645047084336677e-17,
        -2.5463971562308955e-17, 2.898989874454537e-17, 0.0,
    ];

    private static readonly (double High, double Low)[] ExactSines = BuildExactSines();

    /// <summary>
    /// s_k = (2/N) Σ_j f_j·sin θ_j·sin(kθ_j), k = 1 … N − 1 (into <paramref name="s"/>[k]), each sum and product carried in
    /// double-double and rounded once at the end.
    /// </summary>
    /// <remarks>
    /// Audit 53: the plain transform's roundings are not random. For an f that is nearly constant or linear on the interval
    /// (every smooth f once bisection has made the interval short) they are fixed patterns of the rounded sines, and the
    /// first-kind conversion sums them up the degrees with one sign: for e^(px) the even coefficients came out +3.2, +2.8,
    /// +2.0, +1.4, +0.9, … and the odd ones −1.3, −1.7, −1.3, −1.2, … ε·max|f| off (a_2, a_4, … and a_1, a_3, …). At λ = ωh far above the degree every moment u_k is about ±2/λ, so these
    /// errors add in the result instead of cancelling, 2 … 3 times the transform-rounding floor that assumes they cancel
    /// (TransformRounding). The weighted battery's four QAWO claims of one rule application (e^(px), ω = 445 … 79928, relTol
    /// 1e-10 … 1e-12 or absTol 1e-8) were Converged ± 7.8e-18, 6.3e-21, 3.7e-18, 1.2e-20 for true errors 1.7e-17, 7.2e-21,
    /// 9.5e-18, 3.8e-20, all from this rounding (with coefficients exact for the double samples a replica of the rule is
    /// 1.5e-18, 4.9e-22, 7.7e-19, 1.1e-21 off; mpmath, bench/peers/quad53_transform_rounding.py). Carried in double-double the transform's
    /// roundings leave only the final rounding of each s_k, relative to s_k itself, and the conversion's sums of numbers that
    /// fall with the degree. Arithmetic only: no evaluation more.
    /// </remarks>
    private static void CompensatedSineTransform(ReadOnlySpan<double> f, Span<double> s)
    {
        // g_j = f_j·sin θ_j, j = 1 … N − 1, in double-double.
        Span<double> gHigh = stackalloc double[Points];
        Span<double> gLow = stackalloc double[Points];
        for (int j = 1; j < Panels; j++)
        {
            (double sh, double sl) = ExactSines[j];
            double fj = f[j - 1];
            double p = fj * sh;
            gHigh[j - 1] = p;
            gLow[j - 1] = Math.FusedMultiplyAdd(fj, sh, -p) + fj * sl;
        }

        for (int k = 1; k < Panels; k++)
        {
            double sum = 0.0, compensation = 0.0;
            for (int j = 1; j < Panels; j++)
            {
                (double sh, double sl) = ExactSines[j * k % 48];
                double gh = gHigh[j - 1];
                double p = gh * sh;
                // the product's rounding, and the low parts' products (each far below ε·|p|)
                compensation += Math.FusedMultiplyAdd(gh, sh, -p) + gh * sl + gLow[j - 1] * sh;
                (sum, double e) = IntervalGeometry.TwoSum(sum, p);
                compensation += e;
            }

            s[k] = (sum + compensation) / 12.0; // (2/N)·Σ with N = 24: one rounding
        }
    }

    private static (double High, double Low)[] BuildExactSines()
    {
        var sines = new (double, double)[48];
        for (int k = 0; k <= 12; k++)
        {
            sines[k] = (SineHigh[k], SineLow[k]);
            sines[24 - k] = (SineHigh[k], SineLow[k]);
            sines[24 + k] = (-SineHigh[k], -SineLow[k]);
            if (k > 0)
                sines[48 - k] = (-SineHigh[k], -SineLow[k]);
        }

        return sines;
    }
}
