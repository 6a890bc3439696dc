using System.Numerics;
using System.Runtime.InteropServices;
using MathNet.Numerics.LinearAlgebra.Storage;
using MathNetMatrix = MathNet.Numerics.LinearAlgebra;

namespace BlasNet.MathNetInterop;

/// <summary>
/// Conversions between <see cref="Matrix{T}"/> (row-major, with a transposed-view flag) and MathNet.Numerics matrices
/// (dense ones column-major), for <c>T</c> = float or double. A dense MathNet matrix's column-major array is, read
/// row-major, its transpose: so <see cref="AsBlasNet{T}"/> wraps it as a transposed BlasNet view and
/// <see cref="AsMathNet{T}"/> wraps a transposed BlasNet view's array as a MathNet matrix, with no copy either way
/// (writes through one are seen through the other, and BLAS takes the view's flag as a transpose argument). The
/// <c>To…</c> forms copy, from any storage or layout.
/// </summary>
public static class MathNetMatrices
{
    /// <summary>
    /// The same matrix as a BlasNet view over the MathNet matrix's own array (no copy): a transposed view of its
    /// column-major storage, so <c>Blas.Gemm</c> and the rest take it as a transpose flag. Writes through either are
    /// seen through the other.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="matrix"/> is null.</exception>
    /// <exception cref="ArgumentException">The matrix is not dense (sparse or diagonal storage has no array to share;
    /// <see cref="ToBlasNet{T}"/> copies any storage).</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static Matrix<T> AsBlasNet<T>(this MathNetMatrix.Matrix<T> matrix)
        where T : unmanaged, IFloatingPointIeee754<T>, IEquatable<T>, IFormattable
    {
        ArgumentNullException.ThrowIfNull(matrix);
        Require<T>();
        if (matrix.Storage is not DenseColumnMajorMatrixStorage<T> dense)
            throw new ArgumentException(
                $"matrix is a {matrix.RowCount}×{matrix.ColumnCount} {matrix.GetType().Name} ({matrix.Storage.GetType().Name}): only a dense " +
                "matrix has an array to share. Call ToBlasNet() for a copy.", nameof(matrix));
        // Column-major rows×columns is row-major columns×rows: the transpose of what MathNet shows.
        return new Matrix<T>(dense.ColumnCount, dense.RowCount, dense.Data).Transpose();
    }

    /// <summary>A new plain (row-major) BlasNet matrix with the MathNet matrix's values, from any storage.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="matrix"/> is null.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The dense copy would have more than <see cref="Array.MaxLength"/>
    /// elements (a sparse or diagonal matrix can be that large in few bytes).</exception>
    public static Matrix<T> ToBlasNet<T>(this MathNetMatrix.Matrix<T> matrix)
        where T : unmanaged, IFloatingPointIeee754<T>, IEquatable<T>, IFormattable
    {
        ArgumentNullException.ThrowIfNull(matrix);
        Require<T>();
        // Checked before MathNet's ToRowMajorArray, which multiplies the sizes in int: a 50000×50000 diagonal matrix
        // threw a bare OverflowException naming neither the argument nor the sizes.
        long size = (long)matrix.RowCount * matrix.ColumnCount;
        if (size > Array.MaxLength)
            throw new ArgumentOutOfRangeException(nameof(matrix), string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"matrix is a {matrix.RowCount}×{matrix.ColumnCount} {matrix.GetType().Name}: a dense copy needs {size} elements, more than the largest array .NET allows ({Array.MaxLength})."));
        return new Matrix<T>(matrix.RowCount, matrix.ColumnCount, matrix.ToRowMajorArray());
    }

    /// <summary>
    /// The same matrix as a dense MathNet matrix over the BlasNet matrix's own array (no copy). Works on a transposed
    /// view — its array, read column-major, is the matrix as seen — such as one <see cref="AsBlasNet{T}"/> made, or
    /// <c>m.Transpose()</c> of a plain matrix (which gives MathNet mᵀ). Writes through either are seen through the other.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="matrix"/> is null.</exception>
    /// <exception cref="ArgumentException">The matrix is stored plainly (row-major), which a dense MathNet matrix
    /// (column-major) cannot wrap: <see cref="ToMathNet{T}"/> copies it.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static MathNetMatrix.Matrix<T> AsMathNet<T>(this Matrix<T> matrix)
        where T : unmanaged, IFloatingPointIeee754<T>, IEquatable<T>, IFormattable
    {
        ArgumentNullException.ThrowIfNull(matrix);
        Require<T>();
        if (!matrix.IsTransposed)
            throw new ArgumentException(
                $"matrix is a plain (row-major) {matrix.Rows}×{matrix.Columns} matrix; MathNet's dense matrices are column-major, so only a " +
                "transposed view shares its array. Call ToMathNet() for a copy, or AsMathNet() on matrix.Transpose() for a view of its transpose.",
                nameof(matrix));
        return MathNetMatrix.Matrix<T>.Build.Dense(matrix.Rows, matrix.Columns, StorageArray(matrix));
    }

    /// <summary>A new dense MathNet matrix with the BlasNet matrix's values as seen (any view).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="matrix"/> is null.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static MathNetMatrix.Matrix<T> ToMathNet<T>(this Matrix<T> matrix)
        where T : unmanaged, IFloatingPointIeee754<T>, IEquatable<T>, IFormattable
    {
        ArgumentNullException.ThrowIfNull(matrix);
        Require<T>();
        return MathNetMatrix.Matrix<T>.Build.DenseOfRowMajor(matrix.Rows, matrix.Columns, matrix.ToArray());
    }

    /// <summary>The array a matrix wraps (always whole): its <see cref="Matrix{T}.AsMemory"/> is over that array.</summary>
    private static T[] StorageArray<T>(Matrix<T> matrix) where T : unmanaged, IFloatingPointIeee754<T> =>
        MemoryMarshal.TryGetArray<T>(matrix.AsMemory(), out var segment) && segment.Offset == 0 && segment.Array!.Length == segment.Count
            ? segment.Array
            : throw new InvalidOperationException("A BlasNet matrix's memory is not its whole array."); // never: Matrix wraps whole arrays

    private static void Require<T>()
    {
        if (!Blas.IsSupported<T>())
            throw new NotSupportedException($"MathNet conversions take float or double; {typeof(T).Name} is neither.");
    }
}
