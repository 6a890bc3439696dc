namespace BlasNet.FSharp

open System
open System.Numerics
open BlasNet

/// <summary>F# slicing on <see cref="T:BlasNet.Matrix`1"/>, as on a 2-D array: <c>a[0, *]</c> is row 0 and
/// <c>a[*, 1]</c> column 1 (each a new <c>'T[]</c>), <c>a[0..1, 1..]</c> a new matrix of rows 0–1 and columns 1 onward.
/// Opened with the namespace.</summary>
/// <remarks>
/// Without these an F# user got error FS0039 ("Matrix does not define GetSlice") for the slice syntax that works on
/// <c>float[,]</c>, and copied through <c>Matrix.toArray2D</c> to slice. The slices follow the 2-D array's rules: they are
/// copies of the values as seen (a transposed view gives the rows of the transpose), a range past an edge is cut at
/// the edge and an empty or reversed range gives no rows or columns; a single row or column outside the matrix throws.
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
            raise (ArgumentOutOfRangeException(name, index, $"The {name} index {index} of the slice is outside a {a.Rows}×{a.Columns} matrix."))

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
