using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace BlasNet;

/// <summary>
/// The <see cref="Matrix{T}"/> forms' overlap check, told in the caller's terms as <see cref="TensorOverlap"/> tells the
/// tensor forms'. The checked span routines below the Matrix forms see stored row-major matrices: for a transposed view
/// (<c>m.Transpose()</c>) their message named the element by its stored [row, column] (the view's [column, row]) and gave
/// the storage's shape, and where a transposed C or A made the Matrix form swap or flip its operands the message gave only
/// a range. So each Matrix form checks every operand it reads against the one it writes here first, on the same element
/// sets (a matrix is its whole array; a vector span is contiguous), in the caller's names and the view's [row, column];
/// the checks below it then never fire. Two contiguous sets share an element exactly when their ranges overlap, so the
/// first shared element is the first element of the overlap: no row walk is needed. The range test is inline, the
/// message out of line.
/// </summary>
internal static partial class MatrixOverlap
{
    /// <summary>Throws when the matrix <paramref name="output"/> shares an element with the matrix <paramref name="input"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Refuse<T>(Matrix<T> input, Matrix<T> output, string inputName, string outputName) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ReadOnlySpan<T> i = input.AsSpan(), o = output.AsSpan();
        if (!i.IsEmpty && !o.IsEmpty && i.Overlaps(o, out int offset)) Throw(offset, input, i.Length, inputName, output, o.Length, outputName);
    }

    /// <summary>Throws when the contiguous vector <paramref name="output"/> shares an element with the matrix <paramref name="input"/> (Gemv's A and y).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Refuse<T>(Matrix<T> input, ReadOnlySpan<T> output, string inputName, string outputName) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ReadOnlySpan<T> i = input.AsSpan();
        if (!i.IsEmpty && !output.IsEmpty && i.Overlaps(output, out int offset)) Throw(offset, input, i.Length, inputName, null, output.Length, outputName);
    }

    /// <summary>Throws when the matrix <paramref name="output"/> shares an element with the contiguous vector <paramref name="input"/> (Ger's x and A).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Refuse<T>(ReadOnlySpan<T> input, Matrix<T> output, string inputName, string outputName) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ReadOnlySpan<T> o = output.AsSpan();
        if (!input.IsEmpty && !o.IsEmpty && input.Overlaps(o, out int offset)) Throw(offset, null, input.Length, inputName, output, o.Length, outputName);
    }

    /// <summary>
    /// The message: <paramref name="offset"/> is where the output starts relative to the input (negative: before it); the
    /// first shared element is at max(0, offset) from the input's start, max(0, −offset) from the output's.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Throw<T>(int offset, Matrix<T>? input, int inputLength, string inputName, Matrix<T>? output, int outputLength, string outputName)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        string where = string.Create(CultureInfo.InvariantCulture,
            $"{Element(output, Math.Max(0, -offset), outputName)} is {Element(input, Math.Max(0, offset), inputName)}; {outputName} starts {offset} elements from {inputName}'s start, "
            + $"{inputName} {Shape(input, inputLength)}, {outputName} {Shape(output, outputLength)}");
        throw new ArgumentException($"{outputName} overlaps {inputName} in memory ({where}); BLAS forbids writing an operand it is still reading. Use separate buffers.", outputName);
    }

    /// <summary>The element at <paramref name="position"/> of a matrix's storage as the view's [row, column], or of a vector by its index.</summary>
    private static string Element<T>(Matrix<T>? m, long position, string name) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (m is null) return string.Create(CultureInfo.InvariantCulture, $"element {position} of {name}");
        var (row, col) = ViewIndex(m, position);
        return string.Create(CultureInfo.InvariantCulture, $"element [{row}, {col}] of {name}");
    }

    /// <summary>The view's [row, column] of the element at <paramref name="position"/> of the storage (stored [r, s] of a transposed view is its [s, r]).</summary>
    internal static (long Row, long Column) ViewIndex<T>(Matrix<T> m, long position) where T : unmanaged, IFloatingPointIeee754<T>
    {
        long storedRow = position / m.StorageColumns, storedColumn = position % m.StorageColumns;
        return m.IsTransposed ? (storedColumn, storedRow) : (storedRow, storedColumn);
    }

    private static string Shape<T>(Matrix<T>? m, int length) where T : unmanaged, IFloatingPointIeee754<T> =>
        m is null ? string.Create(CultureInfo.InvariantCulture, $"n = {length}")
        : m.IsTransposed ? string.Create(CultureInfo.InvariantCulture, $"{m.Rows}×{m.Columns} (a transposed view of {m.StorageRows}×{m.StorageColumns} storage)")
        : string.Create(CultureInfo.InvariantCulture, $"{m.Rows}×{m.Columns}");
}
