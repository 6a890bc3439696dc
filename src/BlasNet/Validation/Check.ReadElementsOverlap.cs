using System.Globalization;
using System.Runtime.CompilerServices;

namespace BlasNet;

/// <summary>
/// Overlap of a matrix argument and a strided output vector, counting only the elements the routine reads
/// (<see cref="IReadElements"/>: a band's referenced elements, a dense triangle without its other half, padding or unit
/// diagonal, a packed triangle without its unit diagonal). The checks that counted the whole stored rectangle or range
/// refused a vector in slots BLAS never reads (a band's corners, the other triangle, a unit diagonal), though no element was
/// shared. The range test stays inline; only overlapping ranges reach the element test.
/// </summary>
internal static partial class Check
{
    /// <summary>Throws when the strided vector <paramref name="output"/> (n elements, increment inc) is an element of <paramref name="matrix"/> that the routine reads.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void NoOverlapReadElements<T, TElements>(ReadOnlySpan<T> matrix, in TElements elements, Span<T> output, int n, int inc, string matrixName, string outputName)
        where TElements : struct, IReadElements
    {
        if (!matrix.IsEmpty && !output.IsEmpty && matrix.Overlaps(output, out int offset))
            NoSharedReadElement(offset, elements, n, inc, matrixName, outputName);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void NoSharedReadElement<TElements>(int offset, TElements elements, int n, int inc, string matrixName, string outputName)
        where TElements : struct, IReadElements
    {
        if (!elements.FirstShared(offset, n, inc, out long t, out long row, out long column)) return;
        string where = string.Create(CultureInfo.InvariantCulture,
            $"element {t} of {outputName} is element [{row}, {column}] of {matrixName} (the matrix's row and column), stored at {matrixName}[{elements.Position(row, column)}]; "
            + $"{outputName} starts {offset} elements from {matrixName}'s start, {matrixName}: {elements}, {outputName} n = {n}, increment {inc}");
        throw new ArgumentException($"{outputName} overlaps {matrixName} in memory ({where}); BLAS forbids writing an operand it is still reading. Use separate buffers, or a vector in slots {matrixName} does not read.", outputName);
    }
}
