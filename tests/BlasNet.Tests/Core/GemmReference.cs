using System.Numerics;

namespace BlasNet.Tests.Core;

/// <summary>
/// The GEMM tests' shared inputs and independent reference: seeded random operands, and the product from its
/// definition computed in double (never through the library).
/// </summary>
internal static class GemmReference
{
    /// <summary>Values uniform in (−1, 1) from <paramref name="seed"/>.</summary>
    public static T[] RandomArray<T>(int length, int seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(seed);
        var x = new T[length];
        for (int i = 0; i < length; i++) x[i] = T.CreateTruncating(rng.NextDouble() * 2 - 1);
        return x;
    }

    /// <summary>C ← α op(A) op(B) + βC for one row-major block, in double; β = 0 ignores C (NaN there included).</summary>
    public static void Naive<T>(bool ta, bool tb, int m, int n, int k, double alpha, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, double beta, Span<double> c, int ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int p = 0; p < k; p++)
                    s += double.CreateTruncating(ta ? a[p * lda + i] : a[i * lda + p]) * double.CreateTruncating(tb ? b[j * ldb + p] : b[p * ldb + j]);
                c[i * ldc + j] = alpha * s + (beta == 0 ? 0 : beta * c[i * ldc + j]);
            }
    }
}
