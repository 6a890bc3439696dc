using System.Runtime.CompilerServices;

namespace BlasNet;

/// <summary>
/// Overlap of two column-major matrices (or a matrix and a contiguous vector, its one-column case), element-exact: the
/// Lapack entries' check. A range test alone refused valid LAPACK calls on blocks of one column-major workspace whose
/// ranges interleave without a shared element: B stacked under A (ld ≥ 2n) for a solve, C under the reflectors for
/// Ormqr, τ in the rows below A that lda leaves free. In memory a column-major rows×cols matrix is the row-major cols×rows
/// matrix of its columns, so <see cref="FirstSharedElement"/> answers (through <see cref="NoSharedElement"/>), and the element is
/// reported as [row, column].
/// The range test stays inline; only overlapping ranges reach the element test, out of line.
/// </summary>
internal static partial class Check
{
    /// <summary>
    /// Throws when the column-major rowsOut×colsOut output (leading dimension ldOut) shares an element with the column-major
    /// rowsIn×colsIn input (leading dimension ldIn), each span starting at its [0, 0] element. For a routine that reads only
    /// part of the input (the reflectors under the diagonal, which Ormqr needs whole) the whole rectangle counts; the solves' triangles count only the triangle (Check.ColumnMajorTriangleOverlap.cs).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void NoOverlapColumnMajor<T>(ReadOnlySpan<T> input, int rowsIn, int colsIn, int ldIn, Span<T> output, int rowsOut, int colsOut, int ldOut, string inputName, string outputName)
    {
        if (!input.IsEmpty && !output.IsEmpty && input.Overlaps(output, out int offset))
            NoSharedElement(offset, rowsIn, colsIn, ldIn, false, rowsOut, colsOut, ldOut, false, inputName, outputName, columnMajor: true);
    }

    /// <summary>The column-major matrix <paramref name="input"/> against the contiguous vector <paramref name="output"/> of n elements (Geqrf's A and τ).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void NoOverlapColumnMajorVector<T>(ReadOnlySpan<T> input, int rowsIn, int colsIn, int ldIn, Span<T> output, int n, string inputName, string outputName)
    {
        if (!input.IsEmpty && !output.IsEmpty && input.Overlaps(output, out int offset))
            NoSharedElement(offset, rowsIn, colsIn, ldIn, false, n, 1, Math.Max(1, n), true, inputName, outputName, columnMajor: true);
    }

    /// <summary>The contiguous vector <paramref name="input"/> of n elements read while the column-major matrix <paramref name="output"/> is written (Ormqr's τ and C).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void NoOverlapVectorColumnMajor<T>(ReadOnlySpan<T> input, int n, Span<T> output, int rowsOut, int colsOut, int ldOut, string inputName, string outputName)
    {
        if (!input.IsEmpty && !output.IsEmpty && input.Overlaps(output, out int offset))
            NoSharedElement(offset, n, 1, Math.Max(1, n), true, rowsOut, colsOut, ldOut, false, inputName, outputName, columnMajor: true);
    }
}
