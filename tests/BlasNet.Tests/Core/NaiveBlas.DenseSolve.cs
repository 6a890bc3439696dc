namespace BlasNet.Tests.Core;

internal static partial class NaiveBlas
{
    /// <summary>op(A)·x or op(A)⁻¹·x, the latter by Gaussian elimination with partial pivoting (no triangular structure used).</summary>
    public static double[] DenseProductOrSolve(double[,] m, double[] x, bool solve)
    {
        int n = x.Length;
        if (!solve)
        {
            var y = new double[n];
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) y[i] += m[i, j] * x[j];
            return y;
        }
        var a = (double[,])m.Clone(); var b = (double[])x.Clone();
        for (int k = 0; k < n; k++)
        {
            int p = k;
            for (int i = k + 1; i < n; i++) if (Math.Abs(a[i, k]) > Math.Abs(a[p, k])) p = i;
            for (int j = 0; j < n; j++) (a[k, j], a[p, j]) = (a[p, j], a[k, j]);
            (b[k], b[p]) = (b[p], b[k]);
            for (int i = k + 1; i < n; i++)
            {
                double f = a[i, k] / a[k, k];
                for (int j = k; j < n; j++) a[i, j] -= f * a[k, j];
                b[i] -= f * b[k];
            }
        }
        var s = new double[n];
        for (int i = n - 1; i >= 0; i--)
        {
            double r = b[i];
            for (int j = i + 1; j < n; j++) r -= a[i, j] * s[j];
            s[i] = r / a[i, i];
        }
        return s;
    }
}
