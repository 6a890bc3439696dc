using System.Globalization;
using System.Runtime.CompilerServices;

namespace BlasNet;

/// <summary>
/// Overlap of two column-major matrices (or a matrix and a contiguous vector, its one-column case), element-exact: the
/// Lapack entries' check. A range test alone refused valid LAPACK calls on blocks of one column-major workspace whose
/// ranges interleave without a shared element: B stacked under A (ld ≥ 2n) for a solve, C under the reflectors for
/// Ormqr, τ in the rows below A that lda leaves free. In memory a column-major rows×cols matrix is the row-major cols×rows
/// matrix of its columns, so <see cref="FirstSharedElement"/> answers, and the element is reported as [row, column].
/// The range test stays inline; only overlapping ranges reach the element test, out of line.
/// </summary>
internal static partial class Check
{
    /// <summary>
    /// Throws when the column-major rowsOut×colsOut output (leading dimension ldOut) shares an element with the column-major
    /// rowsIn×colsIn input (leading dimension ldIn), each span starting at its [0, 0] element. For a routine that reads only
    /// part of the input (a triangle, the reflectors under the diagonal) the whole rectangle counts: conservative, never unsafe.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void NoOverlapColumnMajor<T>(ReadOnlySpan<T> input, int rowsIn, int colsIn, int ldIn, Span<T> output, int rowsOut, int colsOut, int ldOut, string inputName, string outputName)
    {
        if (!input.IsEmpty && !output.IsEmpty && input.Overlaps(output, out int offset))
            NoSharedColumnMajorElement(offset, rowsIn, colsIn, ldIn, false, rowsOut, colsOut, ldOut, false, inputName, outputName);
    }

    /// <summary>The column-major matrix <paramref name="input"/> against the contiguous vector <paramref name="output"/> of n elements (Geqrf's A and τ).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void NoOverlapColumnMajorVector<T>(ReadOnlySpan<T> input, int rowsIn, int colsIn, int ldIn, Span<T> output, int n, string inputName, string outputName)
    {
        if (!input.IsEmpty && !output.IsEmpty && input.Overlaps(output, out int offset))
            NoSharedColumnMajorElement(offset, rowsIn, colsIn, ldIn, false, n, 1, Math.Max(1, n), true, inputName, outputName);
    }

    /// <summary>The contiguous vector <paramref name="input"/> of n elements read while the column-major matrix <paramref name="output"/> is written (Ormqr's τ and C).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void NoOverlapVectorColumnMajor<T>(ReadOnlySpan<T> input, int n, Span<T> output, int rowsOut, int colsOut, int ldOut, string inputName, string outputName)
    {
        if (!input.IsEmpty && !output.IsEmpty && input.Overlaps(output, out int offset))
            NoSharedColumnMajorElement(offset, n, 1, Math.Max(1, n), true, rowsOut, colsOut, ldOut, false, inputName, outputName);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void NoSharedColumnMajorElement(int offset, int rowsIn, int colsIn, int ldIn, bool inIsVector, int rowsOut, int colsOut, int ldOut, bool outIsVector, string inputName, string outputName)
    {
        // Columns as the rows of a row-major matrix: [column, row] in, [row, column] out.
        if (!FirstSharedElement(offset, colsIn, rowsIn, ldIn, colsOut, rowsOut, ldOut, out long jIn, out long iIn, out long jOut, out long iOut)) return;
        string where = string.Create(CultureInfo.InvariantCulture,
            $"{Element(outputName, iOut, jOut, outIsVector)} is {Element(inputName, iIn, jIn, inIsVector)}; {outputName} starts {offset} elements from {inputName}'s start, "
            + $"{inputName} {ColumnMajorShape(rowsIn, colsIn, ldIn, inIsVector)}, {outputName} {ColumnMajorShape(rowsOut, colsOut, ldOut, outIsVector)}");
        throw new ArgumentException($"{outputName} overlaps {inputName} in memory ({where}); LAPACK forbids writing an operand it is still reading or writing. Use separate buffers, or blocks that share no element.", outputName);
    }

    private static string ColumnMajorShape(int rows, int cols, int ld, bool isVector) =>
        isVector ? string.Create(CultureInfo.InvariantCulture, $"n = {rows}")
                 : string.Create(CultureInfo.InvariantCulture, $"{rows}×{cols} column-major, leading dimension {ld}");
}
