using System.Numerics.Tensors;

namespace BlasNet;

internal static partial class TensorLevel3<T>
{
    /// <summary>TRMM on rank-2 tensor spans, with Trsm's view rules (<see cref="Triangular"/>).</summary>
    public static void Trmm(Side side, Triangle uplo, T alpha, scoped in ReadOnlyTensorSpan<T> a, scoped in TensorSpan<T> b, Diagonal diag) =>
        Triangular(side, uplo, alpha, a, b, diag, CheckedBlas<T>.Trmm);
}
