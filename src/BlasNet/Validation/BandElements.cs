using System.Globalization;
using System.Runtime.CompilerServices;

namespace BlasNet;

/// <summary>
/// The elements of a row-major band array that a band routine reads, and nothing else: row i of the array holds A[i, j]
/// for the columns j of row i that the routine references, at <c>i·lda + d + j − i</c> (d: the diagonal's place in a stored
/// row, kl for Gbmv). The array's other slots, the band's unreferenced corners (the first rows' leading and the last
/// rows' trailing slots, which lie outside the matrix), the padding up to lda and a unit diagonal (Tbmv, Tbsv), are never
/// read: reference BLAS documents them as not referenced, and a guard-page probe of OpenBLAS 0.3.21, MKL 2020.4, BLIS 0.9
/// and reference BLAS (every trans/uplo/diag, m, n ≤ 300, reaches ≤ 40, NaN in every such slot, the array ending at a
/// protected page right after its last read element; bench/RESULTS.md, "Session 39, blas39") found none of them reading
/// one. So the length checks ask for the array up to the last element read, and the overlap checks count only the
/// elements read: where the checks counted the rectangle of stored rows, a y in a corner or past the band's last element
/// was refused though no element was shared, and an array that ended at the band's last element was refused as short.
/// </summary>
internal readonly struct BandElements : IRowRunElements
{
    /// <summary>Stored rows that may hold a read element (rows past them have none).</summary>
    public readonly int Rows;
    /// <summary>The matrix's columns.</summary>
    public readonly int Columns;
    /// <summary>Row i reads columns i − Below … i + Above (within the matrix); −1 leaves out the diagonal (a unit diagonal).</summary>
    public readonly int Below, Above;
    /// <summary>Where A[i, i] sits in stored row i.</summary>
    public readonly int Diagonal;
    /// <summary>The array's leading dimension.</summary>
    public int Lda { get; }

    private BandElements(int rows, int columns, int below, int above, int diagonal, int lda)
    {
        Rows = rows; Columns = columns; Below = below; Above = above; Diagonal = diagonal; Lda = lda;
    }

    /// <summary>Gbmv's m×n A with kl sub- and ku super-diagonals: the rows that hold a band element, min(m, n + kl).</summary>
    public static BandElements General(int m, int n, int kl, int ku, int lda) =>
        new(m == 0 || n == 0 ? 0 : (int)Math.Min(m, (long)n + kl), n, kl, ku, kl, lda);

    /// <summary>
    /// The stored triangle of Sbmv's, Tbmv's or Tbsv's n×n A with k off-diagonals: upper, the band with kl = 0, ku = k;
    /// lower, kl = k, ku = 0. <paramref name="unitDiagonal"/>: the diagonal is not read (Tbmv, Tbsv with Diagonal.Unit).
    /// </summary>
    public static BandElements Triangle(Triangle uplo, int n, int k, int lda, bool unitDiagonal)
    {
        int skip = unitDiagonal ? 1 : 0;
        return uplo == BlasNet.Triangle.Upper ? new(n, n, -skip, k, 0, lda) : new(n, n, k, -skip, k, lda);
    }

    /// <summary>The first column row i reads.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long FirstColumn(long i) => Math.Max(0, i - Below);

    /// <summary>The last column row i reads (less than <see cref="FirstColumn"/> when it reads none).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long LastColumn(long i) => Math.Min(Columns - 1L, i + Above);

    /// <summary>Where A[i, j] sits in the array.</summary>
    public long Position(long i, long j) => i * Lda + Diagonal + j - i;

    /// <summary>
    /// The elements the array must have: up to and including the last element read (0 when none is: an empty matrix, or a
    /// unit diagonal with no off-diagonal). Only the last two rows can read nothing (a unit diagonal's row 0 or n − 1).
    /// </summary>
    public long Extent => RowRuns.Extent(in this);

    /// <summary>The last element read, as A[i, j], for messages (valid when <see cref="Extent"/> &gt; 0).</summary>
    public (long Row, long Column) LastElement => RowRuns.LastElement(in this);

    /// <summary>
    /// The first element of the strided vector (n elements, increment inc, starting <paramref name="offset"/> elements from the
    /// array's start, negative when it starts first) that is an element read: its index t and the matrix element A[i, j] it is.
    /// Walks only the stored rows the vector's range reaches, each row's read elements a contiguous run, found by one
    /// division: O(rows reached), 64-bit positions throughout.
    /// </summary>
    public bool FirstShared(long offset, int n, int inc, out long t, out long row, out long column) =>
        RowRuns.FirstShared(in this, offset, n, inc, out t, out row, out column);

    long IRowRunElements.StoredRows => Rows;

    /// <summary>The shape in a message: the matrix, the reaches and lda.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"band rows {Rows}, row i reading columns i − {Below} … i + {Above} of {Columns}, lda {Lda}");
}
