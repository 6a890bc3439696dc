using System.Globalization;
using System.Runtime.CompilerServices;

namespace BlasNet;

/// <summary>
/// The elements of a dense row-major order-n triangle that Trmv and Trsv read, and nothing else: A[i, j] at
/// <c>i·lda + j</c> for j ≥ i (upper) or j ≤ i (lower), without j = i when the diagonal is unit. The other triangle, a unit
/// diagonal and the padding up to lda are never read (reference BLAS documents them as not referenced; the brute-force
/// test TriangleOverlap39Tests puts NaN in every such slot on OpenBLAS, MKL, BLIS and the managed provider and finds none
/// reaching x). The caller's Transpose does not change which elements are read, only how they are combined: the stored
/// triangle is the one named by uplo. So the overlap check counts only these elements: where it counted the whole square,
/// an x stored in the other triangle, on a unit diagonal or in the padding was refused though BLAS shares nothing with it.
/// </summary>
internal readonly struct TriangleElements
{
    /// <summary>The matrix's order.</summary>
    public readonly int N;
    /// <summary>The array's leading dimension (≥ n).</summary>
    public readonly int Lda;
    /// <summary>Which triangle is stored.</summary>
    public readonly Triangle Uplo;
    /// <summary>1 when the diagonal is unit (not read), else 0.</summary>
    public readonly int Skip;

    /// <summary>The stored triangle of Trmv's or Trsv's n×n A; <paramref name="unitDiagonal"/>: its diagonal is not read.</summary>
    public TriangleElements(Triangle uplo, int n, int lda, bool unitDiagonal)
    {
        Uplo = uplo; N = n; Lda = lda; Skip = unitDiagonal ? 1 : 0;
    }

    /// <summary>The first column row i reads.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long FirstColumn(long i) => Uplo == Triangle.Upper ? i + Skip : 0;

    /// <summary>The last column row i reads (less than <see cref="FirstColumn"/> when it reads none: a unit diagonal's first or last row).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long LastColumn(long i) => Uplo == Triangle.Upper ? N - 1L : i - Skip;

    /// <summary>Where A[i, j] sits in the array.</summary>
    public long Position(long i, long j) => i * Lda + j;

    /// <summary>
    /// The first element of the strided vector (n elements, increment inc &gt; 0, starting <paramref name="offset"/> elements
    /// from the array's start, negative when it starts first) that is an element read: its index t and the matrix element
    /// A[i, j] it is. Walks only the rows the vector's range reaches, each row's read elements a contiguous run, found by one
    /// division: O(rows reached), 64-bit positions throughout.
    /// </summary>
    public bool FirstShared(long offset, int n, int inc, out long t, out long row, out long column)
    {
        t = row = column = -1;
        if (N <= 0 || n <= 0) return false;
        long last = offset + (long)(n - 1) * inc;
        long r0 = Math.Max(0, FloorDiv(offset, Lda)), r1 = Math.Min(N - 1L, FloorDiv(last, Lda));
        for (long i = r0; i <= r1; i++)
        {
            long j0 = FirstColumn(i), j1 = LastColumn(i);
            if (j0 > j1) continue;
            long lo = Position(i, j0), hi = Position(i, j1);
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

    private static long FloorDiv(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b); // b > 0
    private static long CeilDiv(long a, long b) => -FloorDiv(-a, b);                   // b > 0

    /// <summary>The shape in a message: the order, the triangle, the diagonal and lda.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{N}×{N}, {(Uplo == Triangle.Upper ? "upper" : "lower")} triangle read{(Skip == 1 ? " without its unit diagonal" : " with its diagonal")}, lda {Lda}");
}
