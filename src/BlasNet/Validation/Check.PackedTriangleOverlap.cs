using System.Globalization;
using System.Runtime.CompilerServices;

namespace BlasNet;

/// <summary>
/// Overlap of a packed triangle with a unit diagonal and a strided vector, counting only the elements Tpmv and Tpsv read
/// (<see cref="PackedTriangleElements"/>): the range test counted the unit diagonal's slots, so an x on them (or with one
/// element on the last one and the rest past the array) was refused though BLAS shares no element with it.
/// </summary>
internal static partial class Check
{
    /// <summary>Throws when the strided vector <paramref name="output"/> (n elements, increment inc) is an element of the packed triangle that the routine reads.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void NoOverlapPackedTriangleVector<T>(ReadOnlySpan<T> packed, in PackedTriangleElements elements, Span<T> output, int n, int inc, string packedName, string outputName)
    {
        if (!packed.IsEmpty && !output.IsEmpty && packed.Overlaps(output, out int offset))
            NoSharedPackedElement(offset, elements, n, inc, packedName, outputName);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void NoSharedPackedElement(int offset, PackedTriangleElements elements, int n, int inc, string packedName, string outputName)
    {
        if (!elements.FirstShared(offset, n, inc, out long t, out long row, out long column)) return;
        string where = string.Create(CultureInfo.InvariantCulture,
            $"element {t} of {outputName} is element [{row}, {column}] of {packedName}, stored at {packedName}[{elements.Position(row, column)}]; "
            + $"{outputName} starts {offset} elements from {packedName}'s start, {packedName}: {elements}, {outputName} n = {n}, increment {inc}");
        throw new ArgumentException($"{outputName} overlaps {packedName} in memory ({where}); BLAS forbids writing an operand it is still reading. Use separate buffers, or a vector in slots the triangle does not read.", outputName);
    }
}
