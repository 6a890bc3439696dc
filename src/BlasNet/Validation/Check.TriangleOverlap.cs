using System.Globalization;
using System.Runtime.CompilerServices;

namespace BlasNet;

/// <summary>
/// Overlap of a dense triangle and a strided vector, counting only the elements Trmv and Trsv read
/// (<see cref="TriangleElements"/>): the whole square that the matrix check counted included the other triangle, a unit
/// diagonal and the padding, so an x stored there was refused though BLAS shares no element with it. The range test stays
/// inline; only overlapping ranges reach the element test.
/// </summary>
internal static partial class Check
{
    /// <summary>Throws when the strided vector <paramref name="output"/> (n elements, increment inc) is an element of <paramref name="triangle"/> that the routine reads.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void NoOverlapTriangleVector<T>(ReadOnlySpan<T> triangle, in TriangleElements elements, Span<T> output, int n, int inc, string triangleName, string outputName)
    {
        if (!triangle.IsEmpty && !output.IsEmpty && triangle.Overlaps(output, out int offset))
            NoSharedTriangleElement(offset, elements, n, inc, triangleName, outputName);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void NoSharedTriangleElement(int offset, TriangleElements elements, int n, int inc, string triangleName, string outputName)
    {
        if (!elements.FirstShared(offset, n, inc, out long t, out long row, out long column)) return;
        string where = string.Create(CultureInfo.InvariantCulture,
            $"element {t} of {outputName} is element [{row}, {column}] of {triangleName}, stored at {triangleName}[{elements.Position(row, column)}]; "
            + $"{outputName} starts {offset} elements from {triangleName}'s start, {triangleName}: {elements}, {outputName} n = {n}, increment {inc}");
        throw new ArgumentException($"{outputName} overlaps {triangleName} in memory ({where}); BLAS forbids writing an operand it is still reading. Use separate buffers, or a vector in slots the triangle does not read.", outputName);
    }
}
