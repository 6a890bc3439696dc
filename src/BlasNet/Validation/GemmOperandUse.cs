using System.Numerics;
using System.Runtime.CompilerServices;

namespace BlasNet;

/// <summary>
/// Which operands a GEMM <c>C ← α op(A) op(B) + βC</c> touches, the one rule every GEMM entry's storage checks follow
/// (span, generic, <see cref="Matrix{T}"/>, tensor span, strided batch, list batch): an operand that is neither read nor
/// written may share storage with anything, as in reference BLAS, where such an operand is not referenced. Its length
/// is still checked by the entries: a buffer too short for its shape stays an error.
/// </summary>
/// <remarks>
/// The rule matches what BlasNet computes: when A·B is not computed (m or n = 0, k = 0, α = 0) every entry returns C ← βC
/// from managed code on every provider (<see cref="CheckedBlas{T}.GemmInManagedCode"/>, <see cref="CheckedBlas{T}.ScaleMatrix"/>),
/// so no provider sees such a call. That matters: MKL 2020.4's row-major dgemm with α = 0 read A and B and wrote C for
/// small shapes with op(A) = A (bench/probes/gemm-unread-operands.py, session 40).
/// </remarks>
internal static class GemmOperandUse
{
    /// <summary>
    /// Whether the product reads its A and B: not when C is empty (m or n = 0: nothing is computed), k = 0 or α = 0
    /// (C ← βC, GEMM's quick return). A NaN α reads them (the definition's α·s).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool ReadsInputs<T>(int m, int n, int k, T alpha) where T : IFloatingPointIeee754<T> =>
        m != 0 && n != 0 && k != 0 && alpha != T.Zero;

    /// <summary>
    /// Whether the product writes its C: not when C is empty, nor when k = 0 or α = 0 with β = 1 (C ← C: reference BLAS's
    /// quick return, and <see cref="CheckedBlas{T}.ScaleMatrix"/> writes nothing for β = 1).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool WritesOutput<T>(int m, int n, int k, T alpha, T beta) where T : IFloatingPointIeee754<T> =>
        m != 0 && n != 0 && !((k == 0 || alpha == T.Zero) && beta == T.One);
}
