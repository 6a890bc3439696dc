using System.Globalization;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace BlasNet;

internal static partial class TensorLevel3<T>
{
    /// <summary>TRMM on rank-2 tensor spans, with Trsm's view rules: A laid out as a transpose is a transpose flag over its
    /// storage's other triangle, a B laid out so is computed as Bᵀ ← α Bᵀ op(A)ᵀ.</summary>
    public static void Trmm(Side side, Triangle uplo, T alpha, scoped in ReadOnlyTensorSpan<T> a, scoped in TensorSpan<T> b, Diagonal diag)
    {
        Check.Flag(side, nameof(side)); Check.Flag(uplo, nameof(uplo)); Check.Flag(diag, nameof(diag));
        var la = TensorLayout<T>.Of(a, nameof(a));
        var lb = TensorLayout<T>.Of(ref Unsafe.AsRef(in b), nameof(b));
        Check.Square(la.Rows, la.Columns, nameof(a));
        int order = side == Side.Left ? lb.Rows : lb.Columns;
        if (la.Rows != order)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"a is {la.Rows}×{la.Columns} but b is {lb.Rows}×{lb.Columns}: a must be {order}×{order} for side {side}."), nameof(a));
        var storedUplo = la.Transposed ? Flip(uplo) : uplo;
        var transA = Op(la.Transposed);
        if (lb.Transposed)
        {
            CheckedBlas<T>.Trmm(side == Side.Left ? Side.Right : Side.Left, storedUplo, Flip(transA), diag,
                lb.Columns, lb.Rows, alpha, la.Buffer, la.Ld, Writable(lb), lb.Ld);
            return;
        }
        CheckedBlas<T>.Trmm(side, storedUplo, transA, diag, lb.Rows, lb.Columns, alpha, la.Buffer, la.Ld, Writable(lb), lb.Ld);
    }
}
