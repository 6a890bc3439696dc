namespace BlasNet.Quadrature;

/// <summary>
/// Chebyshev coefficients of the polynomials that interpolate f at the 23 interior points cos(kπ/24),
/// k = 1..23 (degree 22), and at the 11 interior points cos(kπ/12) among them (degree 10): the modified
/// Clenshaw–Curtis rules' fallback when f cannot be evaluated at an end of the interval (Fejér's second
/// rule in place of Clenshaw–Curtis, with the same modified moments).
/// </summary>
/// <remarks>
/// With t = cos θ, f(cos θ)·sin θ is odd in θ and is matched at θ_k = kπ/N by Σ_{m=1}^{N−1} b_m sin(mθ),
/// b_m = (2/N) Σ_{k=1}^{N−1} f_k sin θ_k sin(mθ_k) (discrete sine orthogonality). Since
/// sin(mθ)/sin θ = U_{m−1}(cos θ), the interpolant is p = Σ b_m U_{m−1}; and U_j = Σ T_i over i ≤ j with
/// i ≡ j (mod 2), each counted twice except T_0, which turns the U-series into the T-series the moments need.
/// </remarks>
internal static class InteriorChebyshevCoefficients
{
    /// <summary>Degree of the finer interpolant (23 interior points).</summary>
    public const int HighDegree = 22;

    /// <summary>Degree of the coarser interpolant (11 interior points).</summary>
    public const int LowDegree = 10;

    /// <summary>
    /// Factor on |degree 22 − degree 10| for the error estimate. The interior points are used only where f is
    /// singular at an end, where the interpolants converge algebraically, error(n) ≈ C·n^{−p}: the difference
    /// then exceeds the degree-22 error only by 2.2^p − 1, which is below 1 for p &lt; 1 (a log in f against
    /// x^{-1/2}·log x was 4 % above its unscaled estimate). Doubling covers p ≥ ½.
    /// </summary>
    public const double ErrorSafety = 2.0;

    /// <summary>sin(kπ/24) for k = 0..47, exact where symmetry makes it so: the table every 24-point
    /// Chebyshev rule here reads (cos θ = sin(θ + π/2)).</summary>
    internal static readonly double[] Sines = BuildSines();

    /// <summary>
    /// From the values f[k] at cos(kπ/24) for k = 1..23 (f[0] and f[24], the ends, are not read), the
    /// T-coefficients <paramref name="high"/>[0..22] of the degree-22 interpolant and
    /// <paramref name="low"/>[0..10] of the degree-10 one on the even-numbered points.
    /// </summary>
    public static void Compute(ReadOnlySpan<double> f, Span<double> high, Span<double> low)
    {
        Span<double> b = stackalloc double[24];
        SineSeries(f, 24, 1, b);
        ToChebyshev(b, HighDegree, high);
        SineSeries(f, 12, 2, b);
        ToChebyshev(b, LowDegree, low);
    }

    /// <summary>b_m for m = 1..n − 1 from f at cos(kπ/n), k = 1..n − 1, read as f[stride·k].</summary>
    private static void SineSeries(ReadOnlySpan<double> f, int n, int stride, Span<double> b)
    {
        for (int m = 1; m < n; m++)
        {
            double sum = 0.0;
            for (int k = 1; k < n; k++)
                sum += f[stride * k] * Sines[stride * k % 48] * Sines[stride * k * m % 48];
            b[m] = sum * (2.0 / n);
        }
    }

    /// <summary>T-coefficients of Σ_{m=1}^{degree+1} b_m U_{m−1}.</summary>
    private static void ToChebyshev(ReadOnlySpan<double> b, int degree, Span<double> c)
    {
        // c_i = (i = 0 ? 1 : 2)·Σ b_{j+1} over j = i, i + 2, … ≤ degree, summed from the top down.
        double even = 0.0, odd = 0.0;
        for (int i = degree; i >= 0; i--)
        {
            if ((i & 1) == 0)
            {
                even += b[i + 1];
                c[i] = i == 0 ? even : 2.0 * even;
            }
            else
            {
                odd += b[i + 1];
                c[i] = 2.0 * odd;
            }
        }
    }

    /// <summary>sin(kπ/24), with the values that are exact by symmetry made exact.</summary>
    private static double[] BuildSines()
    {
        var s = new double[48];
        for (int k = 0; k < 48; k++)
            s[k] = Math.Sin(k * Math.PI / 24.0);
        s[0] = 0.0;
        s[12] = 1.0;
        s[24] = 0.0;
        s[36] = -1.0;
        return s;
    }
}
