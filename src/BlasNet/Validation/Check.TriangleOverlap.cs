using System.Globalization;
using System.Runtime.CompilerServices;

namespace BlasNet;

/// <summary>
/// Overlap of a symmetric or triangular operand's triangle (<see cref="TriangleElements"/>: the elements BLAS reads, or for
/// SYR, SYR2, SYRK and SYR2K writes) and another operand, a strided vector or a row-major matrix. The whole-square checks
/// these routines had refused an operand stored in the other triangle, the lda padding or on a unit diagonal, slots no
/// provider reads or writes (bench/probes/sym-tri-unread-nan.py: OpenBLAS, MKL, BLIS and reference BLAS). A matrix is its
/// rows, each a contiguous vector asked of <see cref="IReadElements.FirstShared"/> (the one walk, <see cref="RowRuns"/>).
/// The range test stays inline; only overlapping ranges reach the element test, out of line.
/// </summary>
internal static partial class Check
{
    /// <summary>Throws when the rows×cols <paramref name="output"/> (leading dimension ld) is written on an element of <paramref name="triangle"/> that the routine reads (Symm's C, Trmm's and Trsm's B).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void NoOverlapTriangleMatrix<T>(ReadOnlySpan<T> matrix, in TriangleElements triangle, ReadOnlySpan<T> output, int rows, int cols, int ld, string matrixName, string outputName)
    {
        if (!matrix.IsEmpty && !output.IsEmpty && matrix.Overlaps(output, out int offset))
            NoSharedTriangleElement(offset, triangle, rows, cols, ld, false, matrixName, outputName, triangleWritten: false);
    }

    /// <summary>Throws when the rows×cols <paramref name="input"/> (leading dimension ld) is read from an element of <paramref name="triangle"/> that the routine writes (SYRK's and SYR2K's A and B against C).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void NoOverlapMatrixTriangle<T>(ReadOnlySpan<T> input, int rows, int cols, int ld, ReadOnlySpan<T> matrix, in TriangleElements triangle, string inputName, string matrixName)
    {
        if (!matrix.IsEmpty && !input.IsEmpty && matrix.Overlaps(input, out int offset))
            NoSharedTriangleElement(offset, triangle, rows, cols, ld, false, matrixName, inputName, triangleWritten: true);
    }

    /// <summary>Throws when the strided vector <paramref name="input"/> (n elements, increment inc) is read from an element of <paramref name="triangle"/> that the routine writes (SYR's and SYR2's x and y against A).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void NoOverlapVectorTriangle<T>(ReadOnlySpan<T> input, int n, int inc, ReadOnlySpan<T> matrix, in TriangleElements triangle, string inputName, string matrixName)
    {
        if (!matrix.IsEmpty && !input.IsEmpty && matrix.Overlaps(input, out int offset))
            NoSharedTriangleElement(offset, triangle, n, 1, inc, true, matrixName, inputName, triangleWritten: true);
    }

    /// <summary>
    /// The first element, in row order, of the row-major rows×cols matrix (leading dimension ld, starting
    /// <paramref name="offset"/> elements from the triangle's array; negative when it starts first) that is an element of
    /// <paramref name="triangle"/>: its [row, column] there (<paramref name="otherRow"/>, <paramref name="otherColumn"/>)
    /// and the triangle's A[row, column]. Each row is a contiguous run asked of <see cref="TriangleElements.FirstShared"/>.
    /// The span forms' messages and the tensor and Matrix forms' (TensorOverlap.Triangle.cs, MatrixOverlap.Triangle.cs),
    /// which tell the two elements in their views' indices, share this one walk.
    /// </summary>
    internal static bool FirstSharedTriangleElement(long offset, in TriangleElements triangle, int rows, int cols, long ld,
        out long otherRow, out long otherColumn, out long row, out long column)
    {
        for (long s = 0; s < rows; s++)
        {
            if (triangle.FirstShared(offset + s * ld, cols, 1, out otherColumn, out row, out column)) { otherRow = s; return true; }
        }
        otherRow = otherColumn = row = column = -1;
        return false;
    }

    /// <summary>
    /// Throws, naming the first shared element in the caller's [row, column] (or vector index) and the triangle's, when the
    /// other operand (<paramref name="rows"/>×<paramref name="cols"/>, leading dimension <paramref name="ld"/>, starting
    /// <paramref name="offset"/> elements from the triangle's array; a vector: n = rows, increment ld) meets the triangle.
    /// The written operand is the one the exception names as its argument.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void NoSharedTriangleElement(int offset, TriangleElements triangle, int rows, int cols, int ld, bool otherIsVector,
        string matrixName, string otherName, bool triangleWritten)
    {
        long t = -1, row = -1, column = -1, otherRow = -1;
        if (otherIsVector)
        {
            if (!triangle.FirstShared(offset, rows, ld, out t, out row, out column)) return;
            otherRow = t;
        }
        else if (!FirstSharedTriangleElement(offset, triangle, rows, cols, ld, out otherRow, out t, out row, out column)) return;
        string otherElement = otherIsVector
            ? string.Create(CultureInfo.InvariantCulture, $"element {otherRow} of {otherName}")
            : string.Create(CultureInfo.InvariantCulture, $"element [{otherRow}, {t}] of {otherName}");
        string otherShape = otherIsVector
            ? string.Create(CultureInfo.InvariantCulture, $"{otherName} n = {rows}, increment {ld}")
            : string.Create(CultureInfo.InvariantCulture, $"{otherName} {rows}×{cols}, leading dimension {ld}");
        // The written operand's element first, as in the other overlap messages.
        string shared = triangleWritten
            ? string.Create(CultureInfo.InvariantCulture, $"element [{row}, {column}] of {matrixName} is {otherElement} ({matrixName}'s row and column; stored at {matrixName}[{triangle.Position(row, column)}])")
            : string.Create(CultureInfo.InvariantCulture, $"{otherElement} is element [{row}, {column}] of {matrixName} (the matrix's row and column), stored at {matrixName}[{triangle.Position(row, column)}]");
        string where = string.Create(CultureInfo.InvariantCulture,
            $"{shared}; {otherName} starts {offset} elements from {matrixName}'s start, {matrixName}: {triangle}, {otherShape}");
        string written = triangleWritten ? matrixName : otherName, read = triangleWritten ? otherName : matrixName;
        string use = triangleWritten
            ? $"Use separate buffers, or place {otherName} in slots {matrixName}'s triangle does not cover."
            : $"Use separate buffers, or place {otherName} in slots {matrixName} does not read.";
        throw new ArgumentException($"{written} overlaps {read} in memory ({where}); BLAS forbids writing an operand it is still reading. {use}", written);
    }
}
