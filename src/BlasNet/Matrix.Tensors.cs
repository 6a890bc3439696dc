using System.Numerics;
using System.Numerics.Tensors;

namespace BlasNet;

public sealed partial class Matrix<T>
{
    /// <summary>The storage, read-only, row-major <see cref="StorageRows"/>×<see cref="StorageColumns"/> (no copy).</summary>
    public ReadOnlySpan<T> AsReadOnlySpan() => data;

    /// <summary>The storage as <see cref="ReadOnlyMemory{T}"/> (no copy), for async or F# code that cannot hold a span.</summary>
    public ReadOnlyMemory<T> AsReadOnlyMemory() => data;

    /// <summary>
    /// The matrix as seen, as a rank-2 tensor span over the same storage (no copy): lengths
    /// [<see cref="Rows"/>, <see cref="Columns"/>], strides [ld, 1], or [1, ld] for a transposed view
    /// (0 on a dimension of length 0 or 1, as the tensor library requires).
    /// Writes through the span are writes to the matrix.
    /// </summary>
    public TensorSpan<T> AsTensorSpan()
    {
        nint rowStride = IsTransposed ? 1 : LeadingDimension, columnStride = IsTransposed ? LeadingDimension : 1;
        // The tensor library requires stride 0 on dimensions of length 0 or 1 (no step is ever taken there).
        return new(data, 0, [Rows, Columns], [Rows <= 1 ? 0 : rowStride, Columns <= 1 ? 0 : columnStride]);
    }

    /// <summary>The matrix as seen, as a read-only rank-2 tensor span over the same storage (no copy); strides as in <see cref="AsTensorSpan"/>.</summary>
    public ReadOnlyTensorSpan<T> AsReadOnlyTensorSpan() => AsTensorSpan();
}

public static partial class Matrix
{
    /// <summary>
    /// A new row-major matrix with the values of the rank-2 <paramref name="tensor"/> (its lengths are
    /// the rows and columns). This copies: <see cref="Tensor{T}"/> does not expose its backing array,
    /// so no matrix can share it. For a no-copy product on tensors, call
    /// <see cref="Blas.Gemm(double, ReadOnlyTensorSpan{double}, ReadOnlyTensorSpan{double}, double, TensorSpan{double})"/>
    /// on the tensor spans themselves. A tensor made from an array you hold, dense and row-major
    /// (<c>Tensor.Create(values, [rows, columns])</c> wraps <c>values</c> without copying), is shared instead by
    /// <c>new Matrix&lt;T&gt;(rows, columns, values)</c> over that same array.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="tensor"/> is null.</exception>
    /// <exception cref="ArgumentException">The tensor is not rank 2.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The tensor has more elements than a matrix can hold (more than
    /// <see cref="Array.MaxLength"/>; a broadcast tensor can be that long over a small buffer).</exception>
    public static Matrix<T> FromTensor<T>(Tensor<T> tensor) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.Rank != 2)
            throw new ArgumentException($"tensor has rank {tensor.Rank}; a matrix needs rank 2.", nameof(tensor));
        nint rows = tensor.Lengths[0], columns = tensor.Lengths[1];
        // Checked here, not by casts: a length past int.MaxValue (possible with zero strides) gave a bare
        // OverflowException naming neither the argument nor the sizes.
        if (rows > Array.MaxLength || columns > Array.MaxLength || (Int128)rows * columns > Array.MaxLength)
            throw new ArgumentOutOfRangeException(nameof(tensor), string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"tensor has lengths [{rows}, {columns}]: a {rows}×{columns} matrix exceeds the largest array .NET allows ({Array.MaxLength} elements)."));
        var m = new Matrix<T>((int)rows, (int)columns);
        tensor.FlattenTo(m.AsSpan()); // row-major order of the logical elements, whatever the strides
        return m;
    }
}
