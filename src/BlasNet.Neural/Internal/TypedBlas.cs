using System.Numerics;
using System.Runtime.InteropServices;

namespace BlasNet.Neural;

/// <summary>
/// Routes generic layer code to the core's float or double GEMM (the <c>typeof</c> tests fold away
/// in the JIT), with transposed matrix views turned into BLAS flags.
/// </summary>
internal static class TypedBlas
{
    public static void RequireBlasType<T>(string who)
    {
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double))
            throw new NotSupportedException($"{who} runs on float or double; {typeof(T).Name} has no BLAS GEMM.");
    }

    /// <summary><c>C ← α op(A) op(B) + βC</c> where op(M) is M as seen, transposed once more when the flag says so; C plain.</summary>
    public static void Gemm<T>(T alpha, Matrix<T> a, bool transposeA, Matrix<T> b, bool transposeB, T beta, Matrix<T> c)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int m = transposeA ? a.Columns : a.Rows;
        int k = transposeA ? a.Rows : a.Columns;
        int n = transposeB ? b.Rows : b.Columns;
        var ta = a.IsTransposed != transposeA ? Transpose.Transposed : Transpose.None;
        var tb = b.IsTransposed != transposeB ? Transpose.Transposed : Transpose.None;
        if (typeof(T) == typeof(double))
            Blas.Gemm(ta, tb, m, n, k, double.CreateTruncating(alpha), MemoryMarshal.Cast<T, double>(a.AsSpan()), a.LeadingDimension,
                MemoryMarshal.Cast<T, double>(b.AsSpan()), b.LeadingDimension, double.CreateTruncating(beta), MemoryMarshal.Cast<T, double>(c.AsSpan()), c.LeadingDimension);
        else if (typeof(T) == typeof(float))
            Blas.Gemm(ta, tb, m, n, k, float.CreateTruncating(alpha), MemoryMarshal.Cast<T, float>(a.AsSpan()), a.LeadingDimension,
                MemoryMarshal.Cast<T, float>(b.AsSpan()), b.LeadingDimension, float.CreateTruncating(beta), MemoryMarshal.Cast<T, float>(c.AsSpan()), c.LeadingDimension);
        else RequireBlasType<T>("GEMM");
    }
}
