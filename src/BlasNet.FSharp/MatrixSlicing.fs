namespace BlasNet.FSharp

open System
open System.Numerics
open BlasNet

/// <summary>F# slicing on <see cref="T:BlasNet.Matrix`1"/>, as on a 2-D array: <c>a[0, *]</c> is row 0 and
/// <c>a[*, 1]</c> column 1 (each a new <c>'T[]</c>), <c>a[0..1, 1..]</c> a new matrix of rows 0–1 and columns 1 onward;
/// and slice assignment: <c>a[0, *] &lt;- [| … |]</c>, <c>a[*, 1] &lt;- vector [ … ]</c> (an array or a vector),
/// <c>a[0..1, 1..] &lt;- b</c> (a matrix or a 2-D array). Opened with the namespace.</summary>
/// <remarks>
/// Without these an F# user got error FS0039 ("Matrix does not define GetSlice") for the slice syntax that works on
/// <c>float[,]</c>, and copied through <c>Matrix.toArray2D</c> to slice. The slices follow the 2-D array's rules: they are
/// copies of the values as seen (a transposed view gives the rows of the transpose), a range past an edge is cut at
/// the edge and an empty or reversed range gives no rows or columns; a single row or column outside the matrix throws.
/// An assignment writes the elements the same slice reads (so <c>a[r, c] &lt;- a[r, c]</c> is always valid), and its source
/// must have exactly that shape. A 2-D array is looser: it drops the values of a source larger than the slice without a
/// word and throws IndexOutOfRangeException, naming nothing, for a smaller one or a range past an edge; here a source of
/// another shape throws ArgumentException naming both shapes, and nothing is written.
/// </remarks>
[<AutoOpen>]
module MatrixSlicing =

    /// The range start..finish of 0..count-1 cut at the edges, as 2-D array slices cut it: (first index, length).
    let private span (start: int option) (finish: int option) (count: int) =
        let first = max 0 (defaultArg start 0)
        let last = min (count - 1) (defaultArg finish (count - 1))
        first, max 0 (last - first + 1)

    /// A single row or column of the slice must lie in the matrix (as a 2-D array's fixed slice index must).
    let private checkIndex (name: string) (index: int) (count: int) (a: Matrix<'T>) =
        if index < 0 || index >= count then
            // Invariant, as every BlasNet message: a current-culture -1 prints as "−1" in sv-SE.
            raise (ArgumentOutOfRangeException(name, index, FormattableString.Invariant $"The {name} index {index} of the slice is outside a {a.Rows}×{a.Columns} matrix."))

    /// The shape a slice assignment writes and the shape its source has must be the same (nothing is written otherwise).
    let private checkShape (a: Matrix<'T>) (slice: string) (rows: int) (columns: int) (sourceRows: int) (sourceColumns: int) =
        if sourceRows <> rows || sourceColumns <> columns then
            raise (ArgumentException(FormattableString.Invariant $"The slice {slice} of a {a.Rows}×{a.Columns} matrix is {rows}×{columns} but the source is {sourceRows}×{sourceColumns}: a slice assignment needs a source of the slice's shape.", "source"))

    /// The same for a row or column slice, whose source is an array: its length must be the slice's.
    let private checkLength (a: Matrix<'T>) (slice: string) (count: int) (length: int) =
        if length <> count then
            raise (ArgumentException(FormattableString.Invariant $"The slice {slice} of a {a.Rows}×{a.Columns} matrix has {count} elements but the source has {length}: a slice assignment needs a source of the slice's length.", "source"))

    /// The values of a matrix written into a row or column slice: a vector (one row or one column, as <c>vector</c> and
    /// <c>Matrix.ofColumn</c> make) of the slice's length, copied (so a view of the target itself is read first).
    let private vectorValues (a: Matrix<'T>) (slice: string) (count: int) (source: Matrix<'T>) : 'T[] =
        if isNull (box source) then nullArg "source"
        if (source.Rows <> 1 && source.Columns <> 1) || source.Rows * source.Columns <> count then
            raise (ArgumentException(FormattableString.Invariant $"The slice {slice} of a {a.Rows}×{a.Columns} matrix has {count} elements but the source is a {source.Rows}×{source.Columns} matrix: a row or column slice takes an array, or a vector (one row or one column), of its length.", "source"))
        source.ToArray()

    /// The slice as the user wrote it, cut at the edges, for the messages: "[0..1, 1..3]" (an empty range shows as "2..1").
    let private rangeText (first: int) (count: int) = FormattableString.Invariant $"{first}..{first + count - 1}"

    /// The source's values when its storage is also the target's (Matrix.transpose a written into all of a, or a into its
    /// own transposed view): read while the target is written, it would return values already overwritten.
    let private unshared (target: Matrix<'T>) (source: Matrix<'T>) : Matrix<'T> =
        if MemoryExtensions.Overlaps(Span<'T>.op_Implicit (source.AsSpan()), Span<'T>.op_Implicit (target.AsSpan())) then source.Copy() else source

    /// The same for an array source, which is the target's storage only when the matrix wraps that very array.
    let private unsharedArray (target: Matrix<'T>) (source: 'T[]) : 'T[] =
        if MemoryExtensions.Overlaps(ReadOnlySpan<'T>(source), Span<'T>.op_Implicit (target.AsSpan())) then Array.copy source else source

    type Matrix<'T when 'T: unmanaged and 'T: (new: unit -> 'T) and 'T: struct and 'T :> ValueType and 'T :> IFloatingPointIeee754<'T>> with

        /// <summary><c>a[r0..r1, c0..c1]</c> (any bound may be left out, <c>*</c> for all): a new matrix holding a copy
        /// of those rows and columns as seen. Ranges past an edge are cut at it; an empty range gives 0 rows or columns.</summary>
        member a.GetSlice(rowStart: int option, rowFinish: int option, columnStart: int option, columnFinish: int option) : Matrix<'T> =
            let r0, rows = span rowStart rowFinish a.Rows
            let c0, columns = span columnStart columnFinish a.Columns
            BlasNet.Matrix.Create<'T>(rows, columns, fun i j -> a[r0 + i, c0 + j])

        /// <summary><c>a[i, *]</c> (or <c>a[i, c0..c1]</c>): row i as seen, copied into a new array.</summary>
        /// <exception cref="T:System.ArgumentOutOfRangeException">i is not a row of the matrix (ParamName "row").</exception>
        member a.GetSlice(row: int, columnStart: int option, columnFinish: int option) : 'T[] =
            checkIndex "row" row a.Rows a
            let c0, columns = span columnStart columnFinish a.Columns
            Array.init columns (fun j -> a[row, c0 + j])

        /// <summary><c>a[*, j]</c> (or <c>a[r0..r1, j]</c>): column j as seen, copied into a new array.</summary>
        /// <exception cref="T:System.ArgumentOutOfRangeException">j is not a column of the matrix (ParamName "column").</exception>
        member a.GetSlice(rowStart: int option, rowFinish: int option, column: int) : 'T[] =
            checkIndex "column" column a.Columns a
            let r0, rows = span rowStart rowFinish a.Rows
            Array.init rows (fun i -> a[r0 + i, column])

        /// <summary><c>a[r0..r1, c0..c1] &lt;- source</c> (any bound may be left out, <c>*</c> for all): writes the matrix
        /// <c>source</c> (as seen) into the elements that <c>a[r0..r1, c0..c1]</c> reads: ranges past an edge are cut at it.
        /// A source that shares storage with <c>a</c> (<c>a[*, *] &lt;- Matrix.transpose a</c>) is read before anything is written.</summary>
        /// <exception cref="T:System.ArgumentNullException">source is null.</exception>
        /// <exception cref="T:System.ArgumentException">source's shape is not the slice's (the message names both); nothing is written.</exception>
        member a.SetSlice(rowStart: int option, rowFinish: int option, columnStart: int option, columnFinish: int option, source: Matrix<'T>) : unit =
            if isNull (box source) then nullArg "source"
            let r0, rows = span rowStart rowFinish a.Rows
            let c0, columns = span columnStart columnFinish a.Columns
            checkShape a $"[{rangeText r0 rows}, {rangeText c0 columns}]" rows columns source.Rows source.Columns
            let source = unshared a source
            for i in 0 .. rows - 1 do
                for j in 0 .. columns - 1 do
                    a[r0 + i, c0 + j] <- source[i, j]

        /// <summary><c>a[r0..r1, c0..c1] &lt;- values</c> with a 2-D array (<c>array2D [ [ … ] ]</c>): writes it into the
        /// elements that <c>a[r0..r1, c0..c1]</c> reads; ranges past an edge are cut at it.</summary>
        /// <exception cref="T:System.ArgumentNullException">source is null.</exception>
        /// <exception cref="T:System.ArgumentException">source's shape is not the slice's (the message names both); nothing is written.</exception>
        member a.SetSlice(rowStart: int option, rowFinish: int option, columnStart: int option, columnFinish: int option, source: 'T[,]) : unit =
            if isNull (box source) then nullArg "source"
            let r0, rows = span rowStart rowFinish a.Rows
            let c0, columns = span columnStart columnFinish a.Columns
            // A 2-D array may have non-zero lower bounds (Array2D.createBased): its first element is at the bases.
            let b0, b1 = source.GetLowerBound 0, source.GetLowerBound 1
            checkShape a $"[{rangeText r0 rows}, {rangeText c0 columns}]" rows columns (Array2D.length1 source) (Array2D.length2 source)
            for i in 0 .. rows - 1 do
                for j in 0 .. columns - 1 do
                    a[r0 + i, c0 + j] <- source[b0 + i, b1 + j]

        /// <summary><c>a[i, *] &lt;- values</c> (or <c>a[i, c0..c1] &lt;- values</c>): writes the array into row i, over the
        /// columns that <c>a[i, c0..c1]</c> reads.</summary>
        /// <exception cref="T:System.ArgumentOutOfRangeException">i is not a row of the matrix (ParamName "row").</exception>
        /// <exception cref="T:System.ArgumentNullException">source is null.</exception>
        /// <exception cref="T:System.ArgumentException">source's length is not the slice's (the message names both); nothing is written.</exception>
        member a.SetSlice(row: int, columnStart: int option, columnFinish: int option, source: 'T[]) : unit =
            checkIndex "row" row a.Rows a
            if isNull (box source) then nullArg "source"
            let c0, columns = span columnStart columnFinish a.Columns
            checkLength a (FormattableString.Invariant $"[{row}, {rangeText c0 columns}]") columns source.Length
            let source = unsharedArray a source
            for j in 0 .. columns - 1 do
                a[row, c0 + j] <- source[j]

        /// <summary><c>a[*, j] &lt;- values</c> (or <c>a[r0..r1, j] &lt;- values</c>): writes the array into column j, over
        /// the rows that <c>a[r0..r1, j]</c> reads.</summary>
        /// <exception cref="T:System.ArgumentOutOfRangeException">j is not a column of the matrix (ParamName "column").</exception>
        /// <exception cref="T:System.ArgumentNullException">source is null.</exception>
        /// <exception cref="T:System.ArgumentException">source's length is not the slice's (the message names both); nothing is written.</exception>
        member a.SetSlice(rowStart: int option, rowFinish: int option, column: int, source: 'T[]) : unit =
            checkIndex "column" column a.Columns a
            if isNull (box source) then nullArg "source"
            let r0, rows = span rowStart rowFinish a.Rows
            checkLength a (FormattableString.Invariant $"[{rangeText r0 rows}, {column}]") rows source.Length
            let source = unsharedArray a source
            for i in 0 .. rows - 1 do
                a[r0 + i, column] <- source[i]

        /// <summary><c>a[i, *] &lt;- vector [ … ]</c> (or <c>a[i, c0..c1] &lt;- v</c>): writes a vector (a matrix of one row or one
        /// column, such as <c>vector</c>, <c>Matrix.ofColumn</c> or <c>Matrix.ofRows [ xs ]</c> make) into row i, over the
        /// columns that <c>a[i, c0..c1]</c> reads.</summary>
        /// <exception cref="T:System.ArgumentOutOfRangeException">i is not a row of the matrix (ParamName "row").</exception>
        /// <exception cref="T:System.ArgumentNullException">source is null.</exception>
        /// <exception cref="T:System.ArgumentException">source is not one row or one column of the slice's length (the message names both); nothing is written.</exception>
        member a.SetSlice(row: int, columnStart: int option, columnFinish: int option, source: Matrix<'T>) : unit =
            checkIndex "row" row a.Rows a
            let c0, columns = span columnStart columnFinish a.Columns
            let values = vectorValues a (FormattableString.Invariant $"[{row}, {rangeText c0 columns}]") columns source
            a.SetSlice(row, columnStart, columnFinish, values)

        /// <summary><c>a[*, j] &lt;- vector [ … ]</c> (or <c>a[r0..r1, j] &lt;- v</c>): writes a vector (a matrix of one row or
        /// one column) into column j, over the rows that <c>a[r0..r1, j]</c> reads.</summary>
        /// <exception cref="T:System.ArgumentOutOfRangeException">j is not a column of the matrix (ParamName "column").</exception>
        /// <exception cref="T:System.ArgumentNullException">source is null.</exception>
        /// <exception cref="T:System.ArgumentException">source is not one row or one column of the slice's length (the message names both); nothing is written.</exception>
        member a.SetSlice(rowStart: int option, rowFinish: int option, column: int, source: Matrix<'T>) : unit =
            checkIndex "column" column a.Columns a
            let r0, rows = span rowStart rowFinish a.Rows
            let values = vectorValues a (FormattableString.Invariant $"[{rangeText r0 rows}, {column}]") rows source
            a.SetSlice(rowStart, rowFinish, column, values)
