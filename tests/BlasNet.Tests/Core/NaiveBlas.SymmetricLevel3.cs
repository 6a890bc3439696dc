namespace BlasNet.Tests.Core;

internal static partial class NaiveBlas
{
    // SymmetricAt (element (i, j) read from the stored triangle only) is NaiveBlas.SymmetricLevel2.cs's.

    /// <summary>
    /// SYMM from its definition: C ← αAB + βC (left, A m×m) or αBA + βC (right, A n×n), A symmetric from one triangle;
    /// each element α·s + β·c with s its own sum (β = 0: c not read). Returns the per-element magnitude bound.
    /// </summary>
    public static double[] Symm(bool left, bool upper, int m, int n, double alpha, double[] a, int lda, double[] b, int ldb, double beta, double[] c, int ldc)
    {
        var bound = new double[c.Length];
        int order = left ? m : n;
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double sum = 0, mag = 0;
                for (int p = 0; p < order; p++)
                {
                    double term = left ? SymmetricAt(a, lda, upper, i, p) * b[p * ldb + j] : b[i * ldb + p] * SymmetricAt(a, lda, upper, p, j);
                    sum += term;
                    mag += Math.Abs(term);
                }
                (c[i * ldc + j], bound[i * ldc + j]) = ScaledSum(alpha, sum, mag, beta, c[i * ldc + j]);
            }
        return bound;
    }

    /// <summary>
    /// SYR2K from its definition: cᵢⱼ ← α·Σₚ(op(A)ᵢₚop(B)ⱼₚ + op(B)ᵢₚop(A)ⱼₚ) + βcᵢⱼ on one triangle of the n×n C only
    /// (β = 0: c not read); op(X) is n×k. Returns the per-element magnitude bound (0 outside the triangle).
    /// </summary>
    public static double[] Syr2k(bool upper, bool trans, int n, int k, double alpha, double[] a, int lda, double[] b, int ldb, double beta, double[] c, int ldc)
    {
        var bound = new double[c.Length];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                if (upper ? j < i : j > i) continue;
                double sum = 0, mag = 0;
                for (int p = 0; p < k; p++)
                {
                    double t1 = OpAt(a, lda, trans, i, p) * OpAt(b, ldb, trans, j, p);
                    double t2 = OpAt(b, ldb, trans, i, p) * OpAt(a, lda, trans, j, p);
                    sum += t1 + t2;
                    mag += Math.Abs(t1) + Math.Abs(t2);
                }
                (c[i * ldc + j], bound[i * ldc + j]) = ScaledSum(alpha, sum, mag, beta, c[i * ldc + j]);
            }
        return bound;
    }
}
