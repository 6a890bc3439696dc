namespace BlasNet.Tests.Core;

// symv, syr and syr2 from their BLAS definitions (A symmetric, only one triangle of the row-major array referenced), in
// double, with the magnitude of the terms of each element for the rounding bound.
internal static partial class NaiveBlas
{
    /// <summary>Whether (i, j) lies in the referenced triangle (diagonal included).</summary>
    public static bool InTriangle(bool upper, int i, int j) => upper ? i <= j : i >= j;

    /// <summary>Element (i, j) of the symmetric matrix whose <paramref name="upper"/> or lower triangle a row-major A holds.</summary>
    public static double SymmetricAt(double[] a, int lda, bool upper, int i, int j) =>
        InTriangle(upper, i, j) ? a[i * lda + j] : a[j * lda + i];

    /// <summary>y ← α·(Ax) + βy (β = 0: y is not read). Returns |α|·Σ|aᵢⱼxⱼ| + |β yᵢ| per element.</summary>
    public static double[] Symv(bool upper, int n, double alpha, double[] a, int lda, double[] x, int incX, double beta, double[] y, int incY) =>
        MatVec(n, n, (i, j) => SymmetricAt(a, lda, upper, i, j), alpha, x, incX, beta, y, incY);

    /// <summary>aᵢⱼ ← aᵢⱼ + α·(xᵢxⱼ) on the triangle. Returns the magnitude of the terms per element (0 elsewhere).</summary>
    public static double[] Syr(bool upper, int n, double alpha, double[] x, int incX, double[] a, int lda)
    {
        var bound = new double[a.Length];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                if (!InTriangle(upper, i, j)) continue;
                double term = alpha * (x[i * incX] * x[j * incX]);
                bound[i * lda + j] = Math.Abs(a[i * lda + j]) + Math.Abs(term);
                a[i * lda + j] += term;
            }
        return bound;
    }

    /// <summary>aᵢⱼ ← aᵢⱼ + α·(xᵢyⱼ) + α·(yᵢxⱼ) on the triangle. Returns the magnitude of the terms per element (0 elsewhere).</summary>
    public static double[] Syr2(bool upper, int n, double alpha, double[] x, int incX, double[] y, int incY, double[] a, int lda)
    {
        var bound = new double[a.Length];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                if (!InTriangle(upper, i, j)) continue;
                double t1 = alpha * (x[i * incX] * y[j * incY]), t2 = alpha * (y[i * incY] * x[j * incX]);
                bound[i * lda + j] = Math.Abs(a[i * lda + j]) + Math.Abs(t1) + Math.Abs(t2);
                a[i * lda + j] = a[i * lda + j] + t1 + t2;
            }
        return bound;
    }
}
