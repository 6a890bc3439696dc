using System.Globalization;
using System.Runtime.CompilerServices;

namespace BlasNet;

/// <summary>
/// Overlap of a band array and a strided vector, counting only the band elements the routine reads
/// (<see cref="BandElements"/>): the rectangle of stored rows that the matrix check counted included the band's
/// unreferenced corners, so a y placed in a corner of its own band array (or a unit diagonal's slots) was refused though
/// BLAS shares no element between them. The range test stays inline; only overlapping ranges reach the element test.
/// </summary>
internal static partial class Check
{
    /// <summary>Throws when the strided vector <paramref name="output"/> (n elements, increment inc) is an element the band routine reads of <paramref name="band"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void NoOverlapBandVector<T>(ReadOnlySpan<T> band, in BandElements elements, Span<T> output, int n, int inc, string bandName, string outputName)
    {
        if (!band.IsEmpty && !output.IsEmpty && band.Overlaps(output, out int offset))
            NoSharedBandElement(offset, elements, n, inc, bandName, outputName);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void NoSharedBandElement(int offset, BandElements elements, int n, int inc, string bandName, string outputName)
    {
        if (!elements.FirstShared(offset, n, inc, out long t, out long row, out long column)) return;
        string where = string.Create(CultureInfo.InvariantCulture,
            $"element {t} of {outputName} is element [{row}, {column}] of {bandName} (the matrix's row and column), stored at {bandName}[{elements.Position(row, column)}]; "
            + $"{outputName} starts {offset} elements from {bandName}'s start, {bandName}: {elements}, {outputName} n = {n}, increment {inc}");
        throw new ArgumentException($"{outputName} overlaps {bandName} in memory ({where}); BLAS forbids writing an operand it is still reading. Use separate buffers, or a vector in slots the band does not read.", outputName);
    }
}
