using System.Globalization;

namespace BlasNet;

/// <summary>
/// The length a dense row-major triangle's array must have (Trmv, Trsv): through the last element read, not the whole
/// square. With a unit diagonal the last slots of the square are never read — an upper triangle's last row holds only its
/// diagonal, a lower one's ends with it — and bench/probes/triangle-unit-guard-page.py (the array ending there, a PROT_NONE
/// page after it) found no provider touching them, as the band routines' arrays end at their last element read.
/// </summary>
internal static partial class Check
{
    /// <summary>lda ≥ max(1, n) and <paramref name="length"/> ≥ the triangle's extent; returns the extent (0: nothing read).</summary>
    public static int TriangleLength(int length, in TriangleElements triangle, string name, string ldName)
    {
        if (triangle.Lda < Math.Max(1, triangle.N)) ThrowLeading(triangle.Lda, triangle.N, ldName, name);
        long needed = triangle.Extent;
        if (length < needed) ThrowShortTriangle(length, triangle, needed, name);
        return (int)needed;
    }

    private static void ThrowShortTriangle(int length, TriangleElements triangle, long needed, string name)
    {
        var (i, j) = triangle.LastElement;
        throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
            $"{name} has length {length} but a row-major triangle ({triangle}) needs at least {needed} elements (through A[{i}, {j}] at {name}[{needed - 1}], the last element read)."), name);
    }
}
