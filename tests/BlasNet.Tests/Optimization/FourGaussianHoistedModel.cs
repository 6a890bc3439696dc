using System.Numerics;
using BlasNet.Optimization;

namespace BlasNet.Tests.Optimization;

/// <summary>
/// The sum of four Gaussians of <see cref="FourGaussianGenericModel"/> written the way a user tuning a row model would:
/// the work that depends on the parameters only is done once per <see cref="EvaluateRows{T}"/> call, not once per row.
/// Residual i is Σₖ aₖ·exp(cₖ·(xᵢ − μₖ)²) − yᵢ with cₖ = −½/σₖ² computed per call, so each row costs a subtraction,
/// two multiplications, an exp, a multiplication and an addition per Gaussian, and no division (with jets, a division is
/// a vector division of every partial, the costliest operation of the pass). The same function as
/// <see cref="FourGaussianGenericModel"/> up to rounding; the benchmark's large fit times both ("parameter work hoisted").
/// </summary>
/// <param name="x">Abscissae.</param>
/// <param name="y">Observations (same length).</param>
public sealed class FourGaussianHoistedModel(double[] x, double[] y) : IRowResidualModel
{
    public int ResidualCount => x.Length;

    public void EvaluateRows<T>(ReadOnlySpan<T> p, int firstRow, Span<T> r) where T : IFloatingPointIeee754<T>
    {
        // Per call (a block of rows shares the parameters): cₖ = −½/σₖ². Four named locals rather than a buffer: a generic
        // T cannot be stack-allocated, and a heap buffer per call would allocate.
        T minusHalf = T.CreateChecked(-0.5);
        T a0 = p[0], m0 = p[1], c0 = minusHalf / (p[2] * p[2]);
        T a1 = p[3], m1 = p[4], c1 = minusHalf / (p[5] * p[5]);
        T a2 = p[6], m2 = p[7], c2 = minusHalf / (p[8] * p[8]);
        T a3 = p[9], m3 = p[10], c3 = minusHalf / (p[11] * p[11]);
        for (int k = 0, i = firstRow; k < r.Length; k++, i++)
        {
            T xi = T.CreateChecked(x[i]);
            T u0 = xi - m0, u1 = xi - m1, u2 = xi - m2, u3 = xi - m3;
            r[k] = a0 * T.Exp(c0 * (u0 * u0)) + a1 * T.Exp(c1 * (u1 * u1)) + a2 * T.Exp(c2 * (u2 * u2)) + a3 * T.Exp(c3 * (u3 * u3))
                - T.CreateChecked(y[i]);
        }
    }
}
