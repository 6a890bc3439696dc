namespace BlasNet.Tests.Core;

// The triangular solve op(A) y = x by substitution on a dense matrix, written from the definition (test-side).
internal static partial class NaiveBlas
{
    /// <summary>
    /// Solves op(A) y = x for the dense row-major n×n triangular A (its <paramref name="upper"/> or lower triangle; the
    /// other is not read, nor the diagonal when <paramref name="unit"/>): yᵢ = (xᵢ − Σⱼ op(A)ᵢⱼ yⱼ) / op(A)ᵢᵢ in substitution
    /// order, a zero coefficient contributing nothing (no dependence: Trsv's rule, so ∞·0 is not formed). x's stride
    /// gaps are copied through; the solution sits at i·incX.
    /// </summary>
    public static double[] DenseTriangularSolve(bool upper, bool trans, bool unit, int n, double[] a, double[] x, int incX)
    {
        var y = (double[])x.Clone();
        bool opUpper = upper != trans;
        for (int s = 0; s < n; s++)
        {
            int i = opUpper ? n - 1 - s : s;
            double sum = x[i * incX];
            for (int j = 0; j < n; j++)
            {
                if (opUpper ? j <= i : j >= i) continue;
                double f = trans ? a[j * n + i] : a[i * n + j];
                if (f != 0) sum -= f * y[j * incX];
            }
            y[i * incX] = unit ? sum : sum / a[i * n + i];
        }
        return y;
    }
}
