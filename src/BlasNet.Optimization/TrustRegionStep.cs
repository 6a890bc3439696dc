namespace BlasNet.Optimization;

/// <summary>
/// The Levenberg–Marquardt step inside a trust region (Moré 1978, MINPACK's lmpar and qrsolv):
/// given the pivoted QR factor R of J (J P = Q R), Qᵀr and the scaling D, find λ ≥ 0 and
/// p = −(JᵀJ + λDᵀD)⁻¹Jᵀr with ‖Dp‖ within 10% of Δ (or λ = 0 when the Gauss–Newton step already
/// fits), by safeguarded Newton iteration on the secular equation φ(λ) = ‖D p(λ)‖ − Δ.
/// </summary>
internal sealed class TrustRegionStep
{
    private const double Dwarf = 2.2250738585072014e-308; // smallest positive normal double

    private readonly int n;
    private readonly double[] s;      // working copy of R; qrsolv keeps Sᵀ in its strict lower triangle
    private readonly double[] sdiag;
    private readonly double[] wa1;
    private readonly double[] wa2;
    private readonly double[] wa3;

    public TrustRegionStep(int n)
    {
        this.n = n;
        s = new double[n * n];
        sdiag = new double[n];
        wa1 = new double[n];
        wa2 = new double[n];
        wa3 = new double[n];
    }

    /// <summary>
    /// Computes the step p (x + p is the trial point) and returns the new Levenberg–Marquardt parameter λ.
    /// </summary>
    /// <param name="r">Column-major n×n upper-triangular R (only the upper triangle is read).</param>
    /// <param name="pivot">Column j of JP is column pivot[j] of J.</param>
    /// <param name="diag">Scaling D (positive).</param>
    /// <param name="qtf">First n components of Qᵀr.</param>
    /// <param name="delta">Trust-region radius Δ.</param>
    /// <param name="par">λ from the previous call, the starting guess.</param>
    /// <param name="step">Receives p, the step to add to x.</param>
    public double Solve(ReadOnlySpan<double> r, ReadOnlySpan<int> pivot, ReadOnlySpan<double> diag, ReadOnlySpan<double> qtf, double delta, double par, Span<double> step)
    {
        r.CopyTo(s);
        // Gauss–Newton direction (least-norm in the rank-deficient case: singular trailing part dropped).
        int nsing = n;
        for (int j = 0; j < n; j++)
        {
            wa1[j] = qtf[j];
            if (s[j + j * n] == 0 && nsing == n) nsing = j;
            if (nsing < n) wa1[j] = 0;
        }
        for (int j = nsing - 1; j >= 0; j--)
        {
            wa1[j] /= s[j + j * n];
            double temp = wa1[j];
            for (int i = 0; i < j; i++) wa1[i] -= s[i + j * n] * temp;
        }
        for (int j = 0; j < n; j++) step[pivot[j]] = wa1[j];

        double dxnorm = ScaledNorm(diag, step);
        double fp = dxnorm - delta;
        if (fp <= 0.1 * delta) { Negate(step); return 0; }

        // Lower bound parl of λ from the Newton step at λ = 0 (only when J has full rank).
        double parl = 0;
        if (nsing == n)
        {
            for (int j = 0; j < n; j++)
            {
                int l = pivot[j];
                wa1[j] = diag[l] * (diag[l] * step[l] / dxnorm);
            }
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int i = 0; i < j; i++) sum += s[i + j * n] * wa1[i];
                wa1[j] = (wa1[j] - sum) / s[j + j * n];
            }
            double t = VectorNorm.Euclidean(wa1);
            parl = fp / delta / t / t;
        }

        // Upper bound paru = ‖(JD⁻¹)ᵀ r‖ / Δ.
        for (int j = 0; j < n; j++)
        {
            double sum = 0;
            for (int i = 0; i <= j; i++) sum += s[i + j * n] * qtf[i];
            wa1[j] = sum / diag[pivot[j]];
        }
        double gnorm = VectorNorm.Euclidean(wa1);
        // Rᵢⱼ·(Qᵀr)ᵢ is of the size of r times J: beyond double range once both pass about 1e154 (σ = 1e-300 for every
        // point of a curve fit, residuals near 1e300) although the quotient by Dⱼ ≥ ‖Jⱼ‖ is of r's size. The infinite
        // gnorm made λ = gnorm/‖Dp‖ infinite, every step NaN, and the radius shrank without an evaluation until XTol fired
        // at the second iterate (Stalled). Then the sum is taken in units of max|Qᵀr|, each Rᵢⱼ divided by Dⱼ first.
        // Likewise when the products underflow: residuals near 1e-302 and J near 1e-296 (every σ of a curve fit times 2¹⁰⁰⁰)
        // have Rᵢⱼ·(Qᵀr)ᵢ near 1e-598, which rounds to 0 or a subnormal: gnorm came out 0 or inexact, λ's upper bound with
        // it, and the fit took other steps than at σ = 1 (X differing by 1e-9 relative, one more evaluation).
        double largestQtf = 0, largestR = 0;
        for (int i = 0; i < n; i++) largestQtf = Math.Max(largestQtf, Math.Abs(qtf[i]));
        for (int j = 0; j < n; j++)
            for (int i = 0; i <= j; i++) largestR = Math.Max(largestR, Math.Abs(s[i + j * n]));
        if (!double.IsFinite(gnorm) || largestR * largestQtf < 1e-250)
        {
            double largest = largestQtf;
            if (largest > 0 && double.IsFinite(largest))
            {
                for (int j = 0; j < n; j++)
                {
                    double dj = diag[pivot[j]], sum = 0;
                    for (int i = 0; i <= j; i++) sum += s[i + j * n] / dj * (qtf[i] / largest);
                    wa1[j] = sum;
                }
                gnorm = VectorNorm.Euclidean(wa1) * largest;
            }
        }
        double paru = gnorm / delta;
        if (paru == 0) paru = Dwarf / Math.Min(delta, 0.1);

        par = Math.Max(par, parl);
        par = Math.Min(par, paru);
        if (par == 0) par = gnorm / dxnorm;

        for (int iter = 1; ; iter++)
        {
            if (par == 0) par = Math.Max(Dwarf, 0.001 * paru);
            double sq = Math.Sqrt(par);
            for (int j = 0; j < n; j++) wa1[j] = sq * diag[j];
            SolveRegularized(pivot, wa1, qtf, step);
            dxnorm = ScaledNorm(diag, step);
            double previous = fp;
            fp = dxnorm - delta;
            if (Math.Abs(fp) <= 0.1 * delta || (parl == 0 && fp <= previous && previous < 0) || iter == 10) break;

            // Newton correction of λ from the derivative of φ, using the factor S of the regularised system.
            for (int j = 0; j < n; j++)
            {
                int l = pivot[j];
                wa1[j] = diag[l] * (diag[l] * step[l] / dxnorm);
            }
            for (int j = 0; j < n; j++)
            {
                wa1[j] /= sdiag[j];
                double temp = wa1[j];
                for (int i = j + 1; i < n; i++) wa1[i] -= s[i + j * n] * temp;
            }
            double t = VectorNorm.Euclidean(wa1);
            double parc = fp / delta / t / t;
            if (fp > 0) parl = Math.Max(parl, par);
            if (fp < 0) paru = Math.Min(paru, par);
            par = Math.Max(parl, par + parc);
        }
        Negate(step);
        return par;
    }

    /// <summary>
    /// qrsolv: solves min ‖[R; D̃] z − [Qᵀr; 0]‖ (D̃ = √λ·D permuted) by Givens rotations that
    /// eliminate D̃ into R, leaving the triangular factor Sᵀ in the strict lower triangle of s and its
    /// diagonal in sdiag; the upper triangle of s (R) is kept. Writes z (= −p) in the original order.
    /// </summary>
    private void SolveRegularized(ReadOnlySpan<int> pivot, ReadOnlySpan<double> diag, ReadOnlySpan<double> qtf, Span<double> x)
    {
        for (int j = 0; j < n; j++)
        {
            for (int i = j; i < n; i++) s[i + j * n] = s[j + i * n];
            wa2[j] = s[j + j * n];
            wa3[j] = qtf[j];
        }
        for (int j = 0; j < n; j++)
        {
            double dj = diag[pivot[j]];
            if (dj != 0)
            {
                for (int k = j; k < n; k++) sdiag[k] = 0;
                sdiag[j] = dj;
                double qtbpj = 0;
                for (int k = j; k < n; k++)
                {
                    if (sdiag[k] == 0) continue;
                    double rkk = s[k + k * n];
                    double sin, cos;
                    if (Math.Abs(rkk) < Math.Abs(sdiag[k]))
                    {
                        double cotan = rkk / sdiag[k];
                        sin = 0.5 / Math.Sqrt(0.25 + 0.25 * cotan * cotan);
                        cos = sin * cotan;
                    }
                    else
                    {
                        double tan = sdiag[k] / rkk;
                        cos = 0.5 / Math.Sqrt(0.25 + 0.25 * tan * tan);
                        sin = cos * tan;
                    }
                    s[k + k * n] = cos * rkk + sin * sdiag[k];
                    double temp = cos * wa3[k] + sin * qtbpj;
                    qtbpj = -sin * wa3[k] + cos * qtbpj;
                    wa3[k] = temp;
                    for (int i = k + 1; i < n; i++)
                    {
                        double rik = s[i + k * n];
                        temp = cos * rik + sin * sdiag[i];
                        sdiag[i] = -sin * rik + cos * sdiag[i];
                        s[i + k * n] = temp;
                    }
                }
            }
            sdiag[j] = s[j + j * n];
            s[j + j * n] = wa2[j];
        }

        int nsing = n;
        for (int j = 0; j < n; j++)
        {
            if (sdiag[j] == 0 && nsing == n) nsing = j;
            if (nsing < n) wa3[j] = 0;
        }
        for (int k = nsing - 1; k >= 0; k--)
        {
            double sum = 0;
            for (int i = k + 1; i < nsing; i++) sum += s[i + k * n] * wa3[i];
            wa3[k] = (wa3[k] - sum) / sdiag[k];
        }
        for (int j = 0; j < n; j++) x[pivot[j]] = wa3[j];
    }

    /// <summary>
    /// p = −(JᵀJ + λDᵀD)⁻¹Jᵀf at a given λ, for a right-hand side given as its first n components of Qᵀf (the geodesic
    /// acceleration, at the step's λ). Same regularised solve as <see cref="Solve"/>, without the search for λ.
    /// </summary>
    public void SolveAtParameter(ReadOnlySpan<double> r, ReadOnlySpan<int> pivot, ReadOnlySpan<double> diag, ReadOnlySpan<double> qtf, double par, Span<double> step)
    {
        r.CopyTo(s);
        double sq = Math.Sqrt(par);
        for (int j = 0; j < n; j++) wa1[j] = sq * diag[j];
        SolveRegularized(pivot, wa1, qtf, step);
        Negate(step);
    }

    private double ScaledNorm(ReadOnlySpan<double> diag, ReadOnlySpan<double> v)
    {
        for (int j = 0; j < v.Length; j++) wa2[j] = diag[j] * v[j];
        return VectorNorm.Euclidean(wa2);
    }

    private static void Negate(Span<double> v)
    {
        for (int i = 0; i < v.Length; i++) v[i] = -v[i];
    }
}
