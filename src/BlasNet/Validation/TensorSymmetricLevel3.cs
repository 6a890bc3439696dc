using System.Globalization;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace BlasNet;

/// <summary>
/// SYMM and SYR2K on rank-2 tensor spans, as <see cref="TensorLevel3{T}"/> does SYRK: each tensor's strides become a
/// leading dimension and a "laid out as a transpose" flag (<see cref="TensorLayout{T}"/>), the shapes are checked as the
/// <see cref="Matrix{T}"/> forms check them, and the flags are resolved as for matrix views (<see cref="SymmetricViews{T}"/>).
/// </summary>
internal static class TensorSymmetricLevel3<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private static Span<T> Writable(in TensorLayout<T> layout) =>
        MemoryMarshal.CreateSpan(ref MemoryMarshal.GetReference(layout.Buffer), layout.Buffer.Length);

    public static void Symm(Side side, Triangle uplo, T alpha, scoped in ReadOnlyTensorSpan<T> a, scoped in ReadOnlyTensorSpan<T> b, T beta, scoped in TensorSpan<T> c)
    {
        Check.Flag(side, nameof(side)); Check.Flag(uplo, nameof(uplo));
        var la = TensorLayout<T>.Of(a, nameof(a));
        var lb = TensorLayout<T>.Of(b, nameof(b));
        var lc = TensorLayout<T>.Of(ref Unsafe.AsRef(in c), nameof(c)); // read only: see TensorGemm
        Check.Square(la.Rows, la.Columns, nameof(a));
        int order = side == Side.Left ? lb.Rows : lb.Columns;
        if (la.Rows != order)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"a is {la.Rows}×{la.Columns} but b is {lb.Rows}×{lb.Columns}: a must be {order}×{order} for side {side}."), nameof(a));
        if (lc.Rows != lb.Rows || lc.Columns != lb.Columns)
            Check.Shape(nameof(c), lc.Rows, lc.Columns, lb.Rows, lb.Columns, string.Create(CultureInfo.InvariantCulture, $"C = α {(side == Side.Left ? "A B" : "B A")} + β C with a {la.Rows}×{la.Columns} and b {lb.Rows}×{lb.Columns}"));
        // In the tensors' own names and indices: below, a transposed C swaps the side and B may be copied. Only A's uplo
        // triangle is read (TensorOverlap.Triangle.cs); B whole.
        TensorOverlap.RefuseTriangleRead(la, uplo, Diagonal.NonUnit, lc, nameof(a), nameof(c)); TensorOverlap.Refuse(lb, lc, nameof(b), nameof(c));
        SymmetricViews<T>.Symm(side, uplo, alpha, la.Buffer, la.Ld, la.Transposed, lb.Buffer, lb.Ld, lb.Transposed,
            beta, Writable(lc), lc.Ld, lc.Transposed, lc.Rows, lc.Columns);
    }

    public static void Syr2k(Triangle uplo, T alpha, scoped in ReadOnlyTensorSpan<T> a, scoped in ReadOnlyTensorSpan<T> b, T beta, scoped in TensorSpan<T> c)
    {
        Check.Flag(uplo, nameof(uplo));
        var la = TensorLayout<T>.Of(a, nameof(a));
        var lb = TensorLayout<T>.Of(b, nameof(b));
        var lc = TensorLayout<T>.Of(ref Unsafe.AsRef(in c), nameof(c));
        if (lb.Rows != la.Rows || lb.Columns != la.Columns)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"a is {la.Rows}×{la.Columns} but b is {lb.Rows}×{lb.Columns}: a and b must have the same shape."), nameof(b));
        if (lc.Rows != la.Rows || lc.Columns != la.Rows)
            Check.Shape(nameof(c), lc.Rows, lc.Columns, la.Rows, la.Rows, string.Create(CultureInfo.InvariantCulture, $"C = α (A Bᵀ + B Aᵀ) + β C with a and b {la.Rows}×{la.Columns}"));
        // In the tensors' own names and indices: below, B may be copied and a transposed C is its other triangle. Only C's
        // uplo triangle is written (TensorOverlap.Triangle.cs).
        TensorOverlap.RefuseTriangleWritten(la, lc, uplo, nameof(a), nameof(c)); TensorOverlap.RefuseTriangleWritten(lb, lc, uplo, nameof(b), nameof(c));
        SymmetricViews<T>.Syr2k(uplo, alpha, la.Buffer, la.Ld, la.Transposed, lb.Buffer, lb.Ld, lb.Transposed,
            beta, Writable(lc), lc.Ld, lc.Transposed, la.Rows, la.Columns);
    }
}
