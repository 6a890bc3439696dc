// Public level-3 overloads on System.Numerics.Tensors spans: one-line forwards to TensorGemm<T> and TensorLevel3<T>.
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
    /// or C overlaps A or B while they are read (m, n, k &gt; 0 and α ≠ 0).</exception>
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
    /// or C overlaps A or B while they are read (m, n, k &gt; 0 and α ≠ 0).</exception>
    /// <exception cref="ArgumentOutOfRangeException">A length or stride exceeds 32 bits.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Gemm(float alpha, ReadOnlyTensorSpan<float> a, ReadOnlyTensorSpan<float> b, float beta, TensorSpan<float> c) => TensorGemm<float>.Gemm(alpha, a, b, beta, c);

    /// <summary>
    /// <c>C ← αAAᵀ + βC</c> on rank-2 tensor spans, with no copy, updating only the <paramref name="uplo"/> triangle of
    /// the n×n C (A is n×k: the tensors' <c>Lengths</c>). Strides map onto BLAS as for
    /// <see cref="Gemm(double, ReadOnlyTensorSpan{double}, ReadOnlyTensorSpan{double}, double, TensorSpan{double})"/>: a tensor
    /// laid out as a transpose (strides [1, ld]) is a transpose flag, and a C laid out so stores Cᵀ, whose other triangle is
    /// updated. β = 0 overwrites the triangle, NaN there included.
    /// </summary>
    /// <exception cref="ArgumentException">A tensor is not rank 2 or has no BLAS layout; C is not n×n for an n-row A; C
    /// overlaps A; <paramref name="uplo"/> is not a defined value.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A length or stride exceeds 32 bits.</exception>
    public static void Syrk(Triangle uplo, double alpha, ReadOnlyTensorSpan<double> a, double beta, TensorSpan<double> c) => TensorLevel3<double>.Syrk(uplo, alpha, a, beta, c);

    /// <inheritdoc cref="Syrk(Triangle, double, ReadOnlyTensorSpan{double}, double, TensorSpan{double})"/>
    public static void Syrk(Triangle uplo, float alpha, ReadOnlyTensorSpan<float> a, float beta, TensorSpan<float> c) => TensorLevel3<float>.Syrk(uplo, alpha, a, beta, c);

    /// <summary>
    /// Solves <c>A X = αB</c> (<paramref name="side"/> Left) or <c>X A = αB</c> (Right) for X in place of B, on rank-2
    /// tensor spans with no copy: A is the triangular square tensor (its <paramref name="uplo"/> triangle is read, as
    /// seen), B is m×n. Strides map onto BLAS as for
    /// <see cref="Gemm(double, ReadOnlyTensorSpan{double}, ReadOnlyTensorSpan{double}, double, TensorSpan{double})"/>: A laid
    /// out as a transpose is a transpose flag over its storage's other triangle, and a B laid out so is solved as the
    /// transposed system (Xᵀ op(A)ᵀ = αBᵀ).
    /// </summary>
    /// <exception cref="ArgumentException">A tensor is not rank 2 or has no BLAS layout; A is not square or does not match B's
    /// rows (Left) or columns (Right); B overlaps A; a flag is not a defined value.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A length or stride exceeds 32 bits.</exception>
    public static void Trsm(Side side, Triangle uplo, double alpha, ReadOnlyTensorSpan<double> a, TensorSpan<double> b, Diagonal diag = Diagonal.NonUnit) =>
        TensorLevel3<double>.Trsm(side, uplo, alpha, a, b, diag);

    /// <inheritdoc cref="Trsm(Side, Triangle, double, ReadOnlyTensorSpan{double}, TensorSpan{double}, Diagonal)"/>
    public static void Trsm(Side side, Triangle uplo, float alpha, ReadOnlyTensorSpan<float> a, TensorSpan<float> b, Diagonal diag = Diagonal.NonUnit) =>
        TensorLevel3<float>.Trsm(side, uplo, alpha, a, b, diag);
}
