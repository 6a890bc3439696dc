namespace BlasNet.Quadrature;

/// <summary>
/// The modified Chebyshev moments of the oscillatory weights on [−1, 1]: C_k(λ) = ∫ T_k(t) cos(λt) dt for even k
/// and S_k(λ) = ∫ T_k(t) sin(λt) dt for odd k (the others vanish by symmetry), as QUADPACK's QAWO needs them
/// (Piessens and Branders, 1975; Piessens et al., 1983, §2.2.3).
/// </summary>
/// <remarks>
/// Write u_k for C_k (k even) and S_k (k odd). Integrating T_k = ½(T′_{k+1}/(k + 1) − T′_{k−1}/(k − 1)) against
/// e^{iλt} by parts gives, for k ≥ 2,
/// λ(k − 1)·u_{k+1} ∓ 2(k² − 1)·u_k − λ(k + 1)·u_{k−1} = 4 cos λ (k even, sign −) or −4 sin λ (k odd, sign +).
/// While k &lt; λ both solutions of the homogeneous recurrence oscillate with comparable size and forward
/// recursion from the closed forms of u_0, u_1, u_2 is stable. Beyond k ≈ λ one solution grows like (2k/λ)^k while
/// the moments decay like 1/k²: forward recursion would amplify the rounding of u_2 without bound. For λ up to
/// <see cref="ForwardThreshold"/> the moments are therefore the solution of the boundary-value problem with u_2
/// given and u_K taken from the asymptotic form u_k ≈ −2 cos λ/(k² − 1) (k even), −2 sin λ/(k² − 1) (k odd) far
/// out (Olver's method, as QUADPACK does with its asymptotic end value): the error of that end value is damped
/// by the growing solution, by a factor smaller than 2^-(K − 2λ) at k = 24.
/// </remarks>
internal static class OscillatoryMoments
{
    /// <summary>Above this λ forward recursion is stable for every k the rules need (QUADPACK uses 24).</summary>
    public const double ForwardThreshold = 24.0;

    /// <summary>Fills u_0 … u_{n−1} for the parameter λ &gt; 0 (not for tiny λ: the closed forms of u_1 and u_2
    /// cancel there; the rules use Gauss–Kronrod for λ ≤ 2).</summary>
    public static void Compute(double lambda, Span<double> u) => Compute(lambda, Math.Sin(lambda), Math.Cos(lambda), u);

    /// <summary>As <see cref="Compute(double, Span{double})"/>, with sin λ and cos λ given: the caller knows them more
    /// accurately than the rounded λ does (λ = ω·h with the rounding of the product recovered).</summary>
    public static void Compute(double lambda, double sin, double cos, Span<double> u)
    {
        int n = u.Length;
        // u_0 = ∫cos(λt) dt, u_1 = ∫t sin(λt) dt, u_2 = ∫(2t² − 1) cos(λt) dt. Each power of λ is divided out one
        // at a time: λ² overflows once λ > 1.34e154 (ω = 1e200 on [0, 1]), and 2(sin − λ cos)/λ² became 0 instead of
        // −2 cos λ/λ, which made the result wrong with a tiny error estimate.
        double sinOverLambda = sin / lambda;
        double u0 = 2.0 * sinOverLambda;
        double u1 = 2.0 * (sinOverLambda - cos) / lambda;
        double u2 = u0 + 8.0 * ((cos - sinOverLambda) / lambda) / lambda;
        u[0] = u0;
        if (n > 1)
            u[1] = u1;
        if (n > 2)
            u[2] = u2;
        if (n <= 3)
            return;

        if (lambda > ForwardThreshold)
        {
            for (int k = 2; k < n - 1; k++)
                u[k + 1] = Next(k, lambda, u[k], u[k - 1], sin, cos);
            return;
        }

        SolveBoundaryValueProblem(lambda, sin, cos, u);
    }

    private static double Next(int k, double lambda, double uk, double previous, double sin, double cos)
    {
        // u_{k+1} = (rhs/λ + (k + 1)·u_{k−1})/(k − 1): dividing rhs by λ first, rather than multiplying u_{k−1} by
        // λ(k + 1), cannot overflow for any finite λ.
        double square = 2.0 * ((double)k * k - 1.0);
        double rhs = (k & 1) == 0 ? 4.0 * cos + square * uk : -4.0 * sin - square * uk;
        return (rhs / lambda + (k + 1) * previous) / (k - 1);
    }

    /// <summary>
    /// The equations for k = 3 … K − 1 in the unknowns u_3 … u_{K−1} (u_2 known, u_K asymptotic) form a
    /// tridiagonal system that is not diagonally dominant for k &lt; λ: Gaussian elimination with partial
    /// pivoting (row swaps add one more super-diagonal).
    /// </summary>
    private static void SolveBoundaryValueProblem(double lambda, double sin, double cos, Span<double> u)
    {
        int n = u.Length;
        // The damping factor per step is about λ/(2k); 40 steps beyond max(n, 2λ) make it negligible.
        int last = Math.Max(n, (int)Math.Ceiling(2.0 * lambda)) + 40; // K
        int size = last - 3;                                           // unknowns u_3 … u_{K−1}
        Span<double> sub = stackalloc double[size];   // coefficient of u_{k−1}
        Span<double> diag = stackalloc double[size];  // of u_k
        Span<double> sup = stackalloc double[size];   // of u_{k+1}
        Span<double> sup2 = stackalloc double[size];  // fill-in from row swaps
        Span<double> rhs = stackalloc double[size];
        for (int i = 0; i < size; i++)
        {
            int k = i + 3;
            bool even = (k & 1) == 0;
            sub[i] = -lambda * (k + 1);
            diag[i] = (even ? -2.0 : 2.0) * ((double)k * k - 1.0);
            sup[i] = lambda * (k - 1);
            sup2[i] = 0.0;
            rhs[i] = even ? 4.0 * cos : -4.0 * sin;
        }

        rhs[0] -= sub[0] * u[2];
        double end = ((last & 1) == 0 ? -2.0 * cos : -2.0 * sin) / ((double)last * last - 1.0);
        rhs[size - 1] -= sup[size - 1] * end;
        sup[size - 1] = 0.0; // u_K is known: no column for it (a row swap would otherwise carry it along)

        // Forward elimination; row i holds (diag, sup, sup2) at columns i, i + 1, i + 2.
        for (int i = 0; i < size - 1; i++)
        {
            double below = sub[i + 1];
            if (Math.Abs(below) > Math.Abs(diag[i]))
            {
                // Swap rows i and i + 1: row i + 1 is (below, diag[i+1], sup[i+1]) at columns i, i + 1, i + 2.
                (diag[i], below) = (below, diag[i]);
                double oldSup = sup[i];
                sup[i] = diag[i + 1];
                sup2[i] = sup[i + 1];
                diag[i + 1] = oldSup;
                sup[i + 1] = 0.0;
                (rhs[i], rhs[i + 1]) = (rhs[i + 1], rhs[i]);
            }

            double factor = below / diag[i];
            diag[i + 1] -= factor * sup[i];
            if (i + 1 < size - 1)
                sup[i + 1] -= factor * sup2[i];
            rhs[i + 1] -= factor * rhs[i];
        }

        for (int i = size - 1; i >= 0; i--)
        {
            double v = rhs[i];
            if (i + 1 < size)
                v -= sup[i] * rhs[i + 1];
            if (i + 2 < size)
                v -= sup2[i] * rhs[i + 2];
            rhs[i] = v / diag[i];
        }

        for (int k = 3; k < n; k++)
            u[k] = rhs[k - 3];
    }
}
