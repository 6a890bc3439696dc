namespace BlasNet.Tests.Core;

/// <summary>
/// LAPACK's storage conventions read back from their definitions (column-major): Q as the product
/// of Householder reflectors H(i) = I − τᵢ vᵢ vᵢᵀ with vᵢ[i] = 1 and vᵢ below it stored in A, and
/// plain products to check factorizations. Independent of BlasNet.
/// </summary>
internal static class NaiveLapack
{
    /// <summary>The order×order Q = H(0) H(1) … H(k−1) from k reflectors stored in the column-major a.</summary>
    public static double[,] FormQ(int order, int k, double[] a, int lda, double[] tau)
    {
        var q = Identity(order);
        for (int i = 0; i < k; i++)
        {
            var v = new double[order];
            v[i] = 1;
            for (int r = i + 1; r < order; r++) v[r] = a[i * lda + r];
            // Q ← Q·H(i) = Q − τ (Q v) vᵀ
            for (int row = 0; row < order; row++)
            {
                double w = 0;
                for (int r = 0; r < order; r++) w += q[row, r] * v[r];
                for (int r = 0; r < order; r++) q[row, r] -= tau[i] * w * v[r];
            }
        }
        return q;
    }

    public static double[,] Identity(int n)
    {
        var q = new double[n, n];
        for (int i = 0; i < n; i++) q[i, i] = 1;
        return q;
    }

    public static double[,] Multiply(double[,] a, double[,] b)
    {
        int m = a.GetLength(0), k = a.GetLength(1), n = b.GetLength(1);
        if (b.GetLength(0) != k) throw new ArgumentException("inner dimensions differ");
        var c = new double[m, n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int p = 0; p < k; p++) s += a[i, p] * b[p, j];
                c[i, j] = s;
            }
        return c;
    }

    public static double[,] Transpose(double[,] a)
    {
        var t = new double[a.GetLength(1), a.GetLength(0)];
        for (int i = 0; i < a.GetLength(0); i++)
            for (int j = 0; j < a.GetLength(1); j++) t[j, i] = a[i, j];
        return t;
    }

    /// <summary>The rows×cols matrix held column-major in c with leading dimension ld.</summary>
    public static double[,] FromColumnMajor(double[] c, int rows, int cols, int ld)
    {
        var r = new double[rows, cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) r[i, j] = c[j * ld + i];
        return r;
    }

    /// <summary>Column-major copy with leading dimension ld (padding rows filled with <paramref name="pad"/>).</summary>
    public static double[] ToColumnMajor(double[,] a, int ld, double pad = 0)
    {
        int rows = a.GetLength(0), cols = a.GetLength(1);
        var c = new double[Math.Max(1, ld * cols)];
        Array.Fill(c, pad);
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) c[j * ld + i] = a[i, j];
        return c;
    }

    public static double MaxAbs(double[,] a)
    {
        double m = 0;
        foreach (var v in a) m = Math.Max(m, Math.Abs(v));
        return m;
    }
}
