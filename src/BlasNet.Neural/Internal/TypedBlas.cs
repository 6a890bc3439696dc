using System.Numerics;

namespace BlasNet.Neural;

/// <summary>
/// Layer code's GEMM with "use this operand transposed" flags, over the core's generic entry
/// (<see cref="Blas.Gemm{T}(Transpose, Transpose, int, int, int, T, ReadOnlySpan{T}, int, ReadOnlySpan{T}, int, T, Span{T}, int)"/>):
/// the float/double choice is the core's, never made here.
/// </summary>
internal static class TypedBlas
{
    public static void RequireBlasType<T>(string who)
    {
        if (!Blas.IsSupported<T>())
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
        Blas.Gemm(ta, tb, m, n, k, alpha, a.AsSpan(), a.LeadingDimension, b.AsSpan(), b.LeadingDimension, beta, c.AsSpan(), c.LeadingDimension);
    }
}
