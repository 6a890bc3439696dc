using System.Runtime.CompilerServices;

namespace BlasNet;

/// <summary>
/// The elements of a matrix argument that a routine reads, as positions in its array (<see cref="BandElements"/>,
/// <see cref="TriangleElements"/>, <see cref="PackedTriangleElements"/>): what
/// <see cref="Check.NoOverlapReadElements{T, TElements}"/> counts, so that a vector in slots the routine never reads is not
/// refused. <see cref="object.ToString"/> describes the shape for the message.
/// </summary>
internal interface IReadElements
{
    /// <summary>
    /// The first element of the strided vector (n elements, increment inc &gt; 0, starting <paramref name="offset"/> elements
    /// from the array's start, negative when it starts first) that is an element read: its index t and the matrix element
    /// A[i, j] it is.
    /// </summary>
    bool FirstShared(long offset, int n, int inc, out long t, out long row, out long column);

    /// <summary>Where A[i, j] sits in the array.</summary>
    long Position(long i, long j);
}

/// <summary>
/// Element sets laid out in stored rows of <see cref="Lda"/> slots each, row i reading one contiguous run of columns
/// (<see cref="FirstColumn"/> … <see cref="LastColumn"/>) placed inside [i·lda, (i + 1)·lda): band and dense triangles.
/// </summary>
internal interface IRowRunElements : IReadElements
{
    /// <summary>Stored rows that may hold a read element.</summary>
    long StoredRows { get; }

    /// <summary>The array's leading dimension: stored row i occupies [i·lda, (i + 1)·lda).</summary>
    int Lda { get; }

    /// <summary>The first column row i reads.</summary>
    long FirstColumn(long i);

    /// <summary>The last column row i reads (less than <see cref="FirstColumn"/> when it reads none).</summary>
    long LastColumn(long i);
}

/// <summary>The one walk of <see cref="IReadElements.FirstShared"/> for row-run element sets.</summary>
internal static class RowRuns
{
    /// <summary>
    /// <see cref="IReadElements.FirstShared"/> for <paramref name="elements"/>: walks only the stored rows the vector's range
    /// reaches, each row's read elements a contiguous run, found by one division: O(rows reached), 64-bit positions throughout.
    /// </summary>
    public static bool FirstShared<TRuns>(in TRuns elements, long offset, int n, int inc, out long t, out long row, out long column)
        where TRuns : struct, IRowRunElements
    {
        t = row = column = -1;
        if (elements.StoredRows <= 0 || n <= 0) return false;
        long lda = elements.Lda;
        long last = offset + (long)(n - 1) * inc;
        long r0 = Math.Max(0, FloorDiv(offset, lda)), r1 = Math.Min(elements.StoredRows - 1, FloorDiv(last, lda));
        for (long i = r0; i <= r1; i++)
        {
            long j0 = elements.FirstColumn(i), j1 = elements.LastColumn(i);
            if (j0 > j1) continue;
            long lo = elements.Position(i, j0), hi = elements.Position(i, j1);
            // The first vector element at or after lo: offset + s·inc ≥ lo.
            long s = Math.Max(0, CeilDiv(lo - offset, inc));
            if (s >= n) continue;
            long p = offset + s * inc;
            if (p > hi) continue;
            t = s; row = i; column = j0 + (p - lo);
            return true;
        }
        return false;
    }

    /// <summary>
    /// The last element read, as A[i, j] ((-1, -1) when none is): the last stored row that reads any, at its last column.
    /// Only the last rows can read nothing (a unit diagonal's last row of an upper triangle or band), so the walk is short.
    /// </summary>
    public static (long Row, long Column) LastElement<TRuns>(in TRuns elements) where TRuns : struct, IRowRunElements
    {
        for (long i = elements.StoredRows - 1; i >= 0; i--)
            if (elements.FirstColumn(i) <= elements.LastColumn(i)) return (i, elements.LastColumn(i));
        return (-1, -1);
    }

    /// <summary>The elements the array must have: up to and including the last element read (0 when none is).</summary>
    public static long Extent<TRuns>(in TRuns elements) where TRuns : struct, IRowRunElements
    {
        var (i, j) = LastElement(in elements);
        return i < 0 ? 0 : elements.Position(i, j) + 1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long FloorDiv(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b); // b > 0

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long CeilDiv(long a, long b) => -FloorDiv(-a, b);                   // b > 0
}
