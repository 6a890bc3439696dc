using System.Globalization;
using System.Runtime.CompilerServices;

namespace BlasNet;

/// <summary>
/// Overlap of two row-major strided matrices (or a matrix and a strided vector, its one-column case), element-exact.
/// The span range test alone refused valid BLAS calls on sub-blocks of one buffer: a blocked factorization's trailing
/// update A22 ← A22 − A21·A12 on one n×n buffer (ld = n), or [A | C] side by side in one workspace, where no element of
/// the output is an element of an input although their ranges interleave. The range test stays the hot path; only
/// overlapping ranges reach the row-interval test, out of line (tiny GEMMs pay one range test, as before).
/// </summary>
internal static partial class Check
{
    /// <summary>
    /// Throws when the rowsOut×colsOut output (leading dimension ldOut) shares an element with the rowsIn×colsIn input
    /// (leading dimension ldIn), each span starting at its [0, 0] element. Routines that read only a triangle of the input
    /// (SYMM, TRMM, TRSM) or write only a triangle of the output (SYRK, SYR2K, SYR, SYR2) count only the triangle instead
    /// (Check.TriangleOverlap.cs).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void NoOverlap<T>(ReadOnlySpan<T> input, int rowsIn, int colsIn, int ldIn, Span<T> output, int rowsOut, int colsOut, int ldOut, string inputName, string outputName)
    {
        if (!input.IsEmpty && !output.IsEmpty && input.Overlaps(output, out int offset))
            NoSharedElement(offset, rowsIn, colsIn, ldIn, false, rowsOut, colsOut, ldOut, false, inputName, outputName);
    }

    /// <summary>A matrix read while the strided vector <paramref name="output"/> (n elements, increment inc) is written (GEMV's A and y).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void NoOverlapMatrixVector<T>(ReadOnlySpan<T> input, int rowsIn, int colsIn, int ldIn, Span<T> output, int n, int inc, string inputName, string outputName)
    {
        if (!input.IsEmpty && !output.IsEmpty && input.Overlaps(output, out int offset))
            NoSharedElement(offset, rowsIn, colsIn, ldIn, false, n, 1, inc, true, inputName, outputName);
    }

    /// <summary>The strided vector <paramref name="input"/> (n elements, increment inc) read while a matrix is written (GER's x and y vs A).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void NoOverlapVectorMatrix<T>(ReadOnlySpan<T> input, int n, int inc, Span<T> output, int rowsOut, int colsOut, int ldOut, string inputName, string outputName)
    {
        if (!input.IsEmpty && !output.IsEmpty && input.Overlaps(output, out int offset))
            NoSharedElement(offset, n, 1, inc, true, rowsOut, colsOut, ldOut, false, inputName, outputName);
    }

    /// <summary>
    /// Throws, naming the first shared element, when the two matrices (or vectors) share one. <paramref name="columnMajor"/>:
    /// both are LAPACK's column-major matrices (a vector then contiguous), which are the row-major matrices of their columns.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void NoSharedElement(int offset, int rowsIn, int colsIn, int ldIn, bool inIsVector, int rowsOut, int colsOut, int ldOut, bool outIsVector,
        string inputName, string outputName, bool columnMajor = false)
    {
        long rIn, cIn, rOut, cOut;
        bool shared = columnMajor
            ? FirstSharedElement(offset, colsIn, rowsIn, ldIn, colsOut, rowsOut, ldOut, out cIn, out rIn, out cOut, out rOut)
            : FirstSharedElement(offset, rowsIn, colsIn, ldIn, rowsOut, colsOut, ldOut, out rIn, out cIn, out rOut, out cOut);
        if (!shared) return;
        string where = string.Create(CultureInfo.InvariantCulture,
            $"{Element(outputName, rOut, cOut, outIsVector)} is {Element(inputName, rIn, cIn, inIsVector)}; {outputName} starts {offset} elements from {inputName}'s start, "
            + $"{inputName} {Shape(rowsIn, colsIn, ldIn, inIsVector, columnMajor)}, {outputName} {Shape(rowsOut, colsOut, ldOut, outIsVector, columnMajor)}");
        throw new ArgumentException(columnMajor
            ? $"{outputName} overlaps {inputName} in memory ({where}); LAPACK forbids writing an operand it is still reading or writing. Use separate buffers, or blocks that share no element."
            : $"{outputName} overlaps {inputName} in memory ({where}); BLAS forbids writing an operand it is still reading. Use separate buffers, or sub-blocks that share no element.", outputName);
    }

    private static string Element(string name, long row, long col, bool isVector) =>
        isVector ? string.Create(CultureInfo.InvariantCulture, $"element {row} of {name}")
                 : string.Create(CultureInfo.InvariantCulture, $"element [{row}, {col}] of {name}");

    private static string Shape(int rows, int cols, int ld, bool isVector, bool columnMajor) =>
        (isVector, columnMajor) switch
        {
            (true, false) => string.Create(CultureInfo.InvariantCulture, $"n = {rows}, increment {ld}"),
            (true, true) => string.Create(CultureInfo.InvariantCulture, $"n = {rows}"),
            (false, false) => string.Create(CultureInfo.InvariantCulture, $"{rows}×{cols}, leading dimension {ld}"),
            (false, true) => string.Create(CultureInfo.InvariantCulture, $"{rows}×{cols} column-major, leading dimension {ld}"),
        };

    /// <summary>
    /// Whether some row interval [r·ldIn, r·ldIn + colsIn) of the input meets some row interval
    /// [offset + s·ldOut, offset + s·ldOut + colsOut) of the output (positions from the input's first element; offset
    /// negative when the output starts first), and if so the first shared element of the first such pair, as (row, column)
    /// of each. Walks the family with fewer rows, and for each of its rows finds by two divisions the range of the other
    /// family's rows whose intervals can meet it: O(min(rowsIn, rowsOut)), no allocation, 64-bit positions throughout.
    /// An empty matrix (no rows or no columns) shares nothing. Leading dimensions are at least 1 (a vector's is its increment).
    /// </summary>
    internal static bool FirstSharedElement(long offset, int rowsIn, int colsIn, long ldIn, int rowsOut, int colsOut, long ldOut,
        out long rowIn, out long colIn, out long rowOut, out long colOut)
    {
        rowIn = colIn = rowOut = colOut = -1;
        if (rowsIn <= 0 || colsIn <= 0 || rowsOut <= 0 || colsOut <= 0) return false;
        bool walkOut = rowsOut <= rowsIn;
        // The walked family P (start, rows, cols, ld) against the searched family Q.
        long startP = walkOut ? offset : 0, startQ = walkOut ? 0 : offset;
        int rowsP = walkOut ? rowsOut : rowsIn, rowsQ = walkOut ? rowsIn : rowsOut;
        long colsP = walkOut ? colsOut : colsIn, colsQ = walkOut ? colsIn : colsOut;
        long ldP = walkOut ? ldOut : ldIn, ldQ = walkOut ? ldIn : ldOut;
        for (long s = 0; s < rowsP; s++)
        {
            long a = startP + s * ldP - startQ; // P's row s starts here, relative to Q's start
            // Q's row r meets [a, a + colsP) iff a − colsQ < r·ldQ < a + colsP.
            long lo = Math.Max(0, CeilDiv(a - colsQ + 1, ldQ)), hi = Math.Min(rowsQ - 1, FloorDiv(a + colsP - 1, ldQ));
            if (lo > hi) continue;
            long q = lo * ldQ, p = Math.Max(a, q); // the first shared position, relative to Q's start
            long pRow = s, pCol = p - a, qRow = lo, qCol = p - q;
            if (walkOut) { rowOut = pRow; colOut = pCol; rowIn = qRow; colIn = qCol; }
            else { rowIn = pRow; colIn = pCol; rowOut = qRow; colOut = qCol; }
            return true;
        }
        return false;
    }

    private static long FloorDiv(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b); // b > 0
    private static long CeilDiv(long a, long b) => -FloorDiv(-a, b);                   // b > 0
}
