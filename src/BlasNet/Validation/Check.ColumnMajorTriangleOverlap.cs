using System.Globalization;
using System.Runtime.CompilerServices;

namespace BlasNet;

/// <summary>
/// Overlap of the column-major triangle LAPACK's solves read (dtrtrs, dpotrs: A's <c>uplo</c> triangle, without a unit
/// diagonal) and the column-major B they write. The whole-square check these entries had refused a B stored in A's other
/// triangle, in its lda padding or on a unit diagonal, slots no LAPACK BlasNet loads reads
/// (bench/probes/lapack-solve-unread-nan.py: OpenBLAS, MKL, Debian's liblapack.so.3 and reference LAPACK, NaN in every such
/// slot and B placed on them). In memory a column-major matrix is the row-major matrix of its transpose: A's upper triangle
/// is the row-major lower triangle of the same storage, so the elements are <see cref="TriangleElements"/> of the other
/// triangle (the one walk, <see cref="RowRuns"/>), and B's column c is the contiguous run of n elements at c·ldb. Messages
/// swap back: both elements as the caller's column-major [row, column].
/// The range test stays inline; only overlapping ranges reach the element test, out of line.
/// </summary>
internal static partial class Check
{
    /// <summary>
    /// Throws when the column-major rows×cols <paramref name="output"/> (leading dimension ldOut) is written on an element of
    /// the column-major order-n <paramref name="triangle"/> (leading dimension lda) that a LAPACK solve reads: its
    /// <paramref name="uplo"/> triangle, the diagonal only when <paramref name="diag"/> is <see cref="Diagonal.NonUnit"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void NoOverlapColumnMajorTriangle<T>(ReadOnlySpan<T> triangle, Triangle uplo, Diagonal diag, int n, int lda,
        Span<T> output, int rowsOut, int colsOut, int ldOut, string triangleName, string outputName)
    {
        if (!triangle.IsEmpty && !output.IsEmpty && triangle.Overlaps(output, out int offset))
            NoSharedColumnMajorTriangleElement(offset, uplo, diag, n, lda, rowsOut, colsOut, ldOut, triangleName, outputName);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void NoSharedColumnMajorTriangleElement(int offset, Triangle uplo, Diagonal diag, int n, int lda,
        int rowsOut, int colsOut, int ldOut, string triangleName, string outputName)
    {
        // The row-major view of the same storage: stored row j is A's column j, so A's upper triangle is its lower one.
        var read = new TriangleElements(uplo == Triangle.Upper ? Triangle.Lower : Triangle.Upper, n, lda, diag == Diagonal.Unit);
        for (long c = 0; c < colsOut; c++)
        {
            if (!read.FirstShared(offset + c * ldOut, rowsOut, 1, out long r, out long storedRow, out long storedColumn)) continue;
            // Caller's view: B[r, c]; A[storedColumn, storedRow] (column-major [row, column]).
            string where = string.Create(CultureInfo.InvariantCulture,
                $"element [{r}, {c}] of {outputName} is element [{storedColumn}, {storedRow}] of {triangleName} (column-major [row, column]), stored at {triangleName}[{read.Position(storedRow, storedColumn)}]; "
                + $"{outputName} starts {offset} elements from {triangleName}'s start, {triangleName}: {n}×{n} column-major, {(uplo == Triangle.Upper ? "upper" : "lower")} triangle read "
                + $"{(diag == Diagonal.Unit ? "without its unit diagonal" : "with its diagonal")}, lda {lda}, {outputName} {rowsOut}×{colsOut} column-major, leading dimension {ldOut}");
            throw new ArgumentException($"{outputName} overlaps {triangleName} in memory ({where}); LAPACK forbids writing an operand it is still reading. "
                + $"Use separate buffers, or place {outputName} in slots {triangleName} does not read (its other triangle, the padding lda leaves, a unit diagonal).", outputName);
        }
    }
}
