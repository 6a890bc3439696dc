namespace BlasNet.Tests.Core;

/// <summary>
/// The BLAS definitions as plain loops in double precision, written from the reference BLAS
/// documentation and never calling BlasNet: the independent reference every routine is checked
/// against. Row-major with explicit leading dimensions and increments, like the span API. Each
/// routine that sums products also returns the sum of the magnitudes of the terms, so tests can
/// bound the rounding error of a correct implementation (|error| ≤ c·k·ε·Σ|terms|).
/// </summary>
internal static partial class NaiveBlas
{
    /// <summary>An output element α·sum + β·old and its magnitude bound |α|·mag + |β·old| (mag the sum of the terms'
    /// magnitudes). With β = 0 old is not used, as the BLAS definition has it: a NaN or ∞ already in the output does not
    /// reach the result. One copy for every routine of the form y ← α·(sum of products) + βy.</summary>
    private static (double Value, double Bound) ScaledSum(double alpha, double sum, double mag, double beta, double old)
        => (beta == 0 ? alpha * sum : alpha * sum + beta * old, Math.Abs(alpha) * mag + (beta == 0 ? 0 : Math.Abs(beta * old)));

    /// <summary>op(A)[i, j] of a row-major A with leading dimension lda.</summary>
    public static double OpAt(double[] a, int lda, bool transposed, int i, int j) =>
        transposed ? a[j * lda + i] : a[i * lda + j];

    public static void Axpy(int n, double alpha, double[] x, int incX, double[] y, int incY)
    {
        for (int i = 0; i < n; i++) y[i * incY] = alpha * x[i * incX] + y[i * incY];
    }

    public static (double Value, double Magnitude) Dot(int n, double[] x, int incX, double[] y, int incY)
    {
        double sum = 0, mag = 0;
        for (int i = 0; i < n; i++)
        {
            sum += x[i * incX] * y[i * incY];
            mag += Math.Abs(x[i * incX] * y[i * incY]);
        }
        return (sum, mag);
    }

    /// <summary>‖x‖₂ from the definition, with a power-of-two scaling so that huge and tiny inputs survive.</summary>
    public static double Nrm2(int n, double[] x, int incX)
    {
        double max = 0;
        for (int i = 0; i < n; i++) max = Math.Max(max, Math.Abs(x[i * incX]));
        if (max == 0 || double.IsInfinity(max)) return max;
        double scale = Math.ScaleB(1.0, -Math.ILogB(max));
        double ssq = 0;
        for (int i = 0; i < n; i++)
        {
            double v = x[i * incX] * scale;
            ssq += v * v;
        }
        return Math.Sqrt(ssq) / scale;
    }

    public static double Asum(int n, double[] x, int incX)
    {
        double sum = 0;
        for (int i = 0; i < n; i++) sum += Math.Abs(x[i * incX]);
        return sum;
    }

    /// <summary>First index of the largest |xᵢ|.</summary>
    public static int Iamax(int n, double[] x, int incX)
    {
        if (n == 0) return -1;
        int best = 0;
        for (int i = 1; i < n; i++)
            if (Math.Abs(x[i * incX]) > Math.Abs(x[best * incX])) best = i;
        return best;
    }

    /// <summary>y ← α op(A) x + βy (β = 0: y is not read). Returns the per-element magnitude bound.</summary>
    public static double[] Gemv(bool trans, int m, int n, double alpha, double[] a, int lda, double[] x, int incX, double beta, double[] y, int incY) =>
        MatVec(trans ? n : m, trans ? m : n, (i, p) => OpAt(a, lda, trans, i, p), alpha, x, incX, beta, y, incY);

    /// <summary>
    /// y ← α·(Mx) + βy for the rows×cols matrix M whose element (i, p) <paramref name="element"/> gives — null where BLAS does
    /// not reference it (no product there, so a NaN in x meets it nowhere); β = 0 does not read y. Returns each element's
    /// bound |α|·Σ|terms| + |β·y| for the tolerance. The one accumulation of Gemv, Symv and the band and packed products.
    /// </summary>
    public static double[] MatVec(int rows, int cols, Func<int, int, double?> element, double alpha, double[] x, int incX, double beta, double[] y, int incY)
    {
        var bound = new double[rows];
        for (int i = 0; i < rows; i++)
        {
            double sum = 0, mag = 0;
            for (int p = 0; p < cols; p++)
            {
                if (element(i, p) is not double e) continue;
                double term = e * x[p * incX];
                sum += term;
                mag += Math.Abs(term);
            }
            (y[i * incY], bound[i]) = ScaledSum(alpha, sum, mag, beta, y[i * incY]);
        }
        return bound;
    }

    /// <summary>A ← A + α·(x yᵀ), α applied to each product xᵢyⱼ (as GEMM's α to each sum: ∞·(xᵢyⱼ = 0) is NaN).</summary>
    public static void Ger(int m, int n, double alpha, double[] x, int incX, double[] y, int incY, double[] a, int lda)
    {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) a[i * lda + j] += alpha * (x[i * incX] * y[j * incY]);
    }

    /// <summary>C ← α op(A) op(B) + βC (β = 0: C is not read). Returns the magnitude bound, indexed like C.</summary>
    public static double[] Gemm(bool ta, bool tb, int m, int n, int k, double alpha, double[] a, int lda, double[] b, int ldb, double beta, double[] c, int ldc)
    {
        var bound = new double[c.Length];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double sum = 0, mag = 0;
                for (int p = 0; p < k; p++)
                {
                    double term = OpAt(a, lda, ta, i, p) * OpAt(b, ldb, tb, p, j);
                    sum += term;
                    mag += Math.Abs(term);
                }
                (c[i * ldc + j], bound[i * ldc + j]) = ScaledSum(alpha, sum, mag, beta, c[i * ldc + j]);
            }
        return bound;
    }

    /// <summary>C ← α op(A) op(A)ᵀ + βC on one triangle of the n×n C; op(A) is n×k.</summary>
    public static double[] Syrk(bool upper, bool trans, int n, int k, double alpha, double[] a, int lda, double beta, double[] c, int ldc)
    {
        var bound = new double[c.Length];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                if (upper ? j < i : j > i) continue;
                double sum = 0, mag = 0;
                for (int p = 0; p < k; p++)
                {
                    double term = OpAt(a, lda, trans, i, p) * OpAt(a, lda, trans, j, p);
                    sum += term;
                    mag += Math.Abs(term);
                }
                (c[i * ldc + j], bound[i * ldc + j]) = ScaledSum(alpha, sum, mag, beta, c[i * ldc + j]);
            }
        return bound;
    }

    /// <summary>op(T) for the triangle of a row-major square A (the other triangle read as zero; unit diagonal as ones).</summary>
    public static double Triangular(double[] a, int lda, bool upper, bool trans, bool unit, int i, int j)
    {
        int r = trans ? j : i, c = trans ? i : j; // element of A itself
        if (r == c) return unit ? 1 : a[r * lda + c];
        bool inTriangle = upper ? c > r : c < r;
        return inTriangle ? a[r * lda + c] : 0;
    }
}
