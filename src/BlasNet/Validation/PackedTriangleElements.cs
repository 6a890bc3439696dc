using System.Globalization;

namespace BlasNet;

/// <summary>
/// The elements of a row-major packed order-n triangle that Tpmv and Tpsv read: every one of the n(n + 1)/2, except the
/// diagonal when it is unit (reference BLAS documents a unit diagonal as not referenced; the brute-force test
/// TriangleOverlap39Tests puts NaN there on every provider and finds none reaching x). Row i of the upper triangle holds
/// A[i, i…n − 1] from i·n − i(i − 1)/2, of the lower one A[i, 0…i] from i(i + 1)/2. Only the unit-diagonal case needs this
/// type: with the diagonal read, every slot of the packed range is read and the range test is exact.
/// </summary>
internal readonly struct PackedTriangleElements : IReadElements
{
    /// <summary>The matrix's order.</summary>
    public readonly int N;
    /// <summary>Which triangle is stored.</summary>
    public readonly Triangle Uplo;
    /// <summary>Whether the diagonal is unit (not read).</summary>
    public readonly bool UnitDiagonal;

    /// <summary>The packed triangle of Tpmv's or Tpsv's n×n A.</summary>
    public PackedTriangleElements(Triangle uplo, int n, bool unitDiagonal)
    {
        Uplo = uplo; N = n; UnitDiagonal = unitDiagonal;
    }

    /// <summary>The packed array's length, n(n + 1)/2.</summary>
    public long Extent => (long)N * (N + 1) / 2;

    /// <summary>Where stored row i starts.</summary>
    public long RowStart(long i) => Uplo == Triangle.Upper ? i * N - i * (i - 1) / 2 : i * (i + 1) / 2;

    /// <summary>Where A[i, j] sits in the packed array.</summary>
    public long Position(long i, long j) => RowStart(i) + (Uplo == Triangle.Upper ? j - i : j);

    /// <summary>
    /// The first element of the strided vector (n elements, increment inc &gt; 0, starting <paramref name="offset"/> elements
    /// from the array's start, negative when it starts first) that is an element read: its index t and A[i, j]. Walks the
    /// vector's elements inside the packed range once, with the stored row advancing alongside: O(n).
    /// </summary>
    public bool FirstShared(long offset, int n, int inc, out long t, out long row, out long column)
    {
        t = row = column = -1;
        if (N <= 0 || n <= 0) return false;
        long extent = Extent;
        long s = offset >= 0 ? 0 : (-offset + inc - 1) / inc; // the first vector element at or after the array's start
        long i = 0;
        for (; s < n; s++)
        {
            long p = offset + s * inc;
            if (p >= extent) break;
            while (RowStart(i + 1) <= p) i++; // row i holds p (rows only advance: p increases with s)
            long j = Uplo == Triangle.Upper ? i + (p - RowStart(i)) : p - RowStart(i);
            if (UnitDiagonal && j == i) continue;
            t = s; row = i; column = j;
            return true;
        }
        return false;
    }

    /// <summary>The shape in a message.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"packed {(Uplo == Triangle.Upper ? "upper" : "lower")} triangle of order {N} ({Extent} elements, row-major){(UnitDiagonal ? ", its unit diagonal not read" : "")}");
}
