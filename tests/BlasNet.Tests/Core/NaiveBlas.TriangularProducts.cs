namespace BlasNet.Tests.Core;

internal static partial class NaiveBlas
{
    /// <summary>
    /// x ← op(A) x from the definition, in IEEE double: xᵢ = Σⱼ op(A)ᵢⱼ xⱼ over the triangle only (the unit diagonal is 1,
    /// never read), every product formed (0·NaN = NaN). Returns the new x (length n, contiguous) and Σ|terms| per component.
    /// </summary>
    public static (double[] Value, double[] Magnitude) Trmv(bool upper, bool trans, bool unit, int n, double[] a, int lda, double[] x, int incX)
    {
        var value = new double[n]; var mag = new double[n];
        for (int i = 0; i < n; i++)
        {
            double sum = 0, m = 0;
            for (int j = 0; j < n; j++)
            {
                if (!InOpTriangle(upper, trans, i, j)) continue;
                double term = (i == j && unit ? 1 : OpAt(a, lda, trans, i, j)) * x[j * incX];
                sum += term; m += Math.Abs(term);
            }
            value[i] = sum; mag[i] = m;
        }
        return (value, mag);
    }

    /// <summary>
    /// α op(A) B (left) or α B op(A) (right) from the definition, in IEEE double: each element α·s, s its sum of products over
    /// the triangle only (every product formed). Returns row-major m×n values (leading dimension n) and |α|·Σ|terms|.
    /// </summary>
    public static (double[] Value, double[] Magnitude) Trmm(bool left, bool upper, bool trans, bool unit, int m, int n, double alpha,
        double[] a, int lda, double[] b, int ldb)
    {
        var value = new double[m * n]; var mag = new double[m * n];
        int order = left ? m : n;
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double sum = 0, s = 0;
                for (int p = 0; p < order; p++)
                {
                    int r = left ? i : p, c = left ? p : j; // the element of op(A) this term uses
                    if (!InOpTriangle(upper, trans, r, c)) continue;
                    double f = r == c && unit ? 1 : OpAt(a, lda, trans, r, c);
                    double term = left ? f * b[p * ldb + j] : b[i * ldb + p] * f;
                    sum += term; s += Math.Abs(term);
                }
                value[i * n + j] = alpha * sum; mag[i * n + j] = Math.Abs(alpha) * s;
            }
        return (value, mag);
    }

    /// <summary>Whether op(A)ᵢⱼ lies in the referenced triangle of A (diagonal included).</summary>
    private static bool InOpTriangle(bool upper, bool trans, int i, int j)
    {
        int r = trans ? j : i, c = trans ? i : j;
        return upper ? c >= r : c <= r;
    }
}
