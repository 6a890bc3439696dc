using System.Globalization;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace BlasNet;

/// <summary>
/// SYRK and TRSM on rank-2 tensor spans: each tensor's strides become a transpose flag and a leading dimension
/// (<see cref="TensorLayout{T}"/>), never a copy, as for <see cref="TensorGemm{T}"/>; the shapes are checked as the
/// <see cref="Matrix{T}"/> forms check them (<see cref="MatrixBlas{T}"/>), whose view rules these follow: a tensor laid out
/// as a transpose is a transposed view of its storage. Through the fully checked span routines (they are not the
/// small-product path whose fixed cost the tensor GEMM was cut down for).
/// </summary>
internal static partial class TensorLevel3<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private static Triangle Flip(Triangle t) => t == Triangle.Upper ? Triangle.Lower : Triangle.Upper;
    private static Transpose Flip(Transpose t) => t == Transpose.None ? Transpose.Transposed : Transpose.None;
    private static Transpose Op(bool transposed) => transposed ? Transpose.Transposed : Transpose.None;

    /// <summary>The layout's buffer as writable (it came from a <see cref="TensorSpan{T}"/>).</summary>
    private static Span<T> Writable(in TensorLayout<T> layout) =>
        MemoryMarshal.CreateSpan(ref MemoryMarshal.GetReference(layout.Buffer), layout.Buffer.Length);

    public static void Syrk(Triangle uplo, T alpha, scoped in ReadOnlyTensorSpan<T> a, T beta, scoped in TensorSpan<T> c)
    {
        Check.Flag(uplo, nameof(uplo)); // before Flip can turn a bad value into a good one
        var la = TensorLayout<T>.Of(a, nameof(a));
        var lc = TensorLayout<T>.Of(ref Unsafe.AsRef(in c), nameof(c)); // read only: see TensorGemm
        if (lc.Rows != la.Rows || lc.Columns != la.Rows)
            Check.Shape(nameof(c), lc.Rows, lc.Columns, la.Rows, la.Rows, string.Create(CultureInfo.InvariantCulture, $"C = α A Aᵀ + β C with a {la.Rows}×{la.Columns}"));
        // In the tensors' own indices, before CheckedBlas sees stored ones; only C's uplo triangle is written (TensorOverlap.Triangle.cs).
        TensorOverlap.RefuseTriangleWritten(la, lc, uplo, nameof(a), nameof(c));
        // C laid out as a transpose stores Cᵀ, whose other triangle holds C's.
        CheckedBlas<T>.Syrk(lc.Transposed ? Flip(uplo) : uplo, Op(la.Transposed), la.Rows, la.Columns, alpha,
            la.Buffer, la.Ld, beta, Writable(lc), lc.Ld);
    }

    public static void Trsm(Side side, Triangle uplo, T alpha, scoped in ReadOnlyTensorSpan<T> a, scoped in TensorSpan<T> b, Diagonal diag) =>
        Triangular(side, uplo, alpha, a, b, diag, CheckedBlas<T>.Trsm);

    /// <summary>Trsm or Trmm on rank-2 tensor spans: the same shapes and view rules as the matrix forms (MatrixBlas.Triangular).</summary>
    public static void Triangular(Side side, Triangle uplo, T alpha, scoped in ReadOnlyTensorSpan<T> a, scoped in TensorSpan<T> b, Diagonal diag, CheckedBlas<T>.TriangularLevel3 call)
    {
        Check.Flag(side, nameof(side)); Check.Flag(uplo, nameof(uplo)); Check.Flag(diag, nameof(diag));
        var la = TensorLayout<T>.Of(a, nameof(a));
        var lb = TensorLayout<T>.Of(ref Unsafe.AsRef(in b), nameof(b));
        Check.Square(la.Rows, la.Columns, nameof(a));
        int order = side == Side.Left ? lb.Rows : lb.Columns;
        if (la.Rows != order)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"a is {la.Rows}×{la.Columns} but b is {lb.Rows}×{lb.Columns}: a must be {order}×{order} for side {side}."), nameof(a));
        // In the tensors' own indices, before CheckedBlas sees stored ones; only A's uplo triangle is read, without a unit diagonal.
        TensorOverlap.RefuseTriangleRead(la, uplo, diag, lb, nameof(a), nameof(b));
        // A laid out as a transpose stores Aᵀ: its other triangle, and the flag says so.
        var storedUplo = la.Transposed ? Flip(uplo) : uplo;
        var transA = Op(la.Transposed);
        if (lb.Transposed)
        {
            // B stored as Bᵀ: the side and the transpose flip (X op(A) = αB ⇔ op(A)ᵀ Xᵀ = αBᵀ; likewise for the product).
            call(side == Side.Left ? Side.Right : Side.Left, storedUplo, Flip(transA), diag,
                lb.Columns, lb.Rows, alpha, la.Buffer, la.Ld, Writable(lb), lb.Ld);
            return;
        }
        call(side, storedUplo, transA, diag, lb.Rows, lb.Columns, alpha, la.Buffer, la.Ld, Writable(lb), lb.Ld);
    }
}
