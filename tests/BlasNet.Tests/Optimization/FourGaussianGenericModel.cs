using System.Numerics;
using BlasNet.Optimization;

namespace BlasNet.Tests.Optimization;

/// <summary>
/// tests/data/large-fit.md's sum of four Gaussians written once with generic math, point by point, in the row form
/// (<see cref="IRowResidualModel"/>): residual i is Σₖ aₖ·exp(−½((xᵢ − μₖ)/σₖ)²) − yᵢ with p = (a, μ, σ) per Gaussian.
/// The benchmark's large automatic fit runs this model as the per-row-helper form (a helper the JIT does not inline, a
/// jet division per row); <see cref="FourGaussianHoistedModel"/> is the form that matches SciPy's peer code (parameter
/// work once per call), the one issue 11's ≥ 2× target was judged on (bench/RESULTS.md, "Quiet re-runs of session 21").
/// <see cref="WholeVectorModel"/> gives its whole-vector form.
/// </summary>
/// <param name="x">Abscissae.</param>
/// <param name="y">Observations (same length).</param>
public sealed class FourGaussianGenericModel(double[] x, double[] y) : IRowResidualModel
{
    public int ResidualCount => x.Length;

    public void EvaluateRows<T>(ReadOnlySpan<T> p, int firstRow, Span<T> r) where T : IFloatingPointIeee754<T>
    {
        for (int k = 0, i = firstRow; k < r.Length; k++, i++) r[k] = Point(p, T.CreateChecked(x[i])) - T.CreateChecked(y[i]);
    }

    private static T Point<T>(ReadOnlySpan<T> p, T x) where T : IFloatingPointIeee754<T>
    {
        T sum = T.Zero, half = T.CreateChecked(0.5);
        for (int k = 0; k < 4; k++)
        {
            T d = (x - p[3 * k + 1]) / p[3 * k + 2];
            sum += p[3 * k] * T.Exp(-half * d * d);
        }
        return sum;
    }
}
