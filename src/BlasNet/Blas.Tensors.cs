// Public GEMM overloads on System.Numerics.Tensors spans: one-line forwards to TensorGemm<T>.
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace BlasNet;

public static partial class Blas
{
    /// <summary>
    /// <c>C ← αAB + βC</c> on rank-2 tensor spans, with no copy: A is m×k, B k×n, C m×n (the
    /// tensors' <c>Lengths</c>). Each tensor's strides are mapped onto BLAS: strides [ld, 1] are a
    /// row-major matrix with leading dimension ld, strides [1, ld] its transpose (handed to BLAS as a
    /// transpose flag; a C laid out that way is computed as Cᵀ = BᵀAᵀ). Sliced tensors (ld greater
    /// than the row length) are taken as they are. Allocates nothing. β = 0 overwrites C, NaN there
    /// included; k = 0 or α = 0 gives βC without reading A or B.
    /// </summary>
    /// <exception cref="ArgumentException">A tensor is not rank 2; the shapes do not chain; a tensor has
    /// no BLAS layout (neither stride 1, a zero (broadcast) or negative stride, overlapping rows);
    /// or C overlaps A or B.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A length or stride exceeds 32 bits.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Gemm(double alpha, ReadOnlyTensorSpan<double> a, ReadOnlyTensorSpan<double> b, double beta, TensorSpan<double> c) => TensorGemm<double>.Gemm(alpha, a, b, beta, c);

    /// <summary>
    /// <c>C ← αAB + βC</c> on rank-2 tensor spans, with no copy: A is m×k, B k×n, C m×n (the
    /// tensors' <c>Lengths</c>). Each tensor's strides are mapped onto BLAS: strides [ld, 1] are a
    /// row-major matrix with leading dimension ld, strides [1, ld] its transpose (handed to BLAS as a
    /// transpose flag; a C laid out that way is computed as Cᵀ = BᵀAᵀ). Sliced tensors (ld greater
    /// than the row length) are taken as they are. Allocates nothing. β = 0 overwrites C, NaN there
    /// included; k = 0 or α = 0 gives βC without reading A or B.
    /// </summary>
    /// <exception cref="ArgumentException">A tensor is not rank 2; the shapes do not chain; a tensor has
    /// no BLAS layout (neither stride 1, a zero (broadcast) or negative stride, overlapping rows);
    /// or C overlaps A or B.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A length or stride exceeds 32 bits.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Gemm(float alpha, ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> b, float beta, TensorSpan<float> c) => TensorGemm<float>.Gemm(alpha, a, b, beta, c);
}
