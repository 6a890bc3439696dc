using System.Globalization;
using System.Runtime.CompilerServices;

namespace BlasNet;

/// <summary>
/// The elements of a dense row-major order-n triangle that Trmv and Trsv read (and Symv, Symm, Trmm and Trsm read, SYR,
/// SYR2, SYRK and SYR2K write: <see cref="WrittenTriangle"/>), and nothing else: A[i, j] at
/// <c>i·lda + j</c> for j ≥ i (upper) or j ≤ i (lower), without j = i when the diagonal is unit. The other triangle, a unit
/// diagonal and the padding up to lda are never read (reference BLAS documents them as not referenced; the brute-force
/// test TriangleOverlap39Tests puts NaN in every such slot on OpenBLAS, MKL, BLIS and the managed provider and finds none
/// reaching x). The caller's Transpose does not change which elements are read, only how they are combined: the stored
/// triangle is the one named by uplo. So the overlap check counts only these elements: where it counted the whole square,
/// an x stored in the other triangle, on a unit diagonal or in the padding was refused though BLAS shares nothing with it.
/// </summary>
internal readonly struct TriangleElements : IRowRunElements
{
    /// <summary>The matrix's order.</summary>
    public readonly int N;
    /// <summary>The array's leading dimension (≥ n).</summary>
    public int Lda { get; }
    /// <summary>Which triangle is stored.</summary>
    public readonly Triangle Uplo;
    /// <summary>1 when the diagonal is unit (not read), else 0.</summary>
    public readonly int Skip;
    /// <summary>The triangle is what the routine writes (SYR, SYR2's A, SYRK, SYR2K's C), not what it reads: only the message differs.</summary>
    public readonly bool Written;

    /// <summary>The stored triangle of Trmv's or Trsv's n×n A; <paramref name="unitDiagonal"/>: its diagonal is not read.</summary>
    public TriangleElements(Triangle uplo, int n, int lda, bool unitDiagonal)
    {
        Uplo = uplo; N = n; Lda = lda; Skip = unitDiagonal ? 1 : 0;
    }

    private TriangleElements(Triangle uplo, int n, int lda, bool unitDiagonal, bool written) : this(uplo, n, lda, unitDiagonal) => Written = written;

    /// <summary>
    /// The stored triangle of a symmetric n×n matrix, diagonal included, that SYR, SYR2 (A), SYRK and SYR2K (C) write and
    /// nothing else (the other triangle and the padding keep what they held; bench/probes/sym-tri-unread-nan.py).
    /// </summary>
    public static TriangleElements WrittenTriangle(Triangle uplo, int n, int lda) => new(uplo, n, lda, unitDiagonal: false, written: true);

    /// <summary>The first column row i reads.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long FirstColumn(long i) => Uplo == Triangle.Upper ? i + Skip : 0;

    /// <summary>The last column row i reads (less than <see cref="FirstColumn"/> when it reads none: a unit diagonal's first or last row).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long LastColumn(long i) => Uplo == Triangle.Upper ? N - 1L : i - Skip;

    /// <summary>Where A[i, j] sits in the array.</summary>
    public long Position(long i, long j) => i * Lda + j;

    /// <summary>
    /// The elements the array must have: through the last element read (0 when none is). (n − 1)·lda + n but with a unit
    /// diagonal: upper, (n − 2)·lda + n (the last row reads nothing); lower, (n − 1)·lda + n − 1; order 1, nothing
    /// (bench/probes/triangle-unit-guard-page.py: no provider touches a slot after it).
    /// </summary>
    public long Extent => RowRuns.Extent(in this);

    /// <summary>The last element read, as A[i, j], for messages (valid when <see cref="Extent"/> &gt; 0).</summary>
    public (long Row, long Column) LastElement => RowRuns.LastElement(in this);

    /// <summary>
    /// The first element of the strided vector (n elements, increment inc &gt; 0, starting <paramref name="offset"/> elements
    /// from the array's start, negative when it starts first) that is an element read: its index t and the matrix element
    /// A[i, j] it is. Walks only the rows the vector's range reaches, each row's read elements a contiguous run, found by one
    /// division: O(rows reached), 64-bit positions throughout.
    /// </summary>
    public bool FirstShared(long offset, int n, int inc, out long t, out long row, out long column) =>
        RowRuns.FirstShared(in this, offset, n, inc, out t, out row, out column);

    long IRowRunElements.StoredRows => N;

    /// <summary>The shape in a message: the order, the triangle, the diagonal and lda.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{N}×{N}, {(Uplo == Triangle.Upper ? "upper" : "lower")} triangle {(Written ? "written" : "read")}{(Skip == 1 ? " without its unit diagonal" : " with its diagonal")}, lda {Lda}");
}
