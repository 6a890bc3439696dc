module BlasNet.FSharp.Tests.MatrixSliceAssignment48Tests

// Audit fs48: `a[0, *] <- …`, `a[*, 1] <- …` and `a[0..1, 1..] <- b` did not compile on a Matrix (FS0039, no SetSlice)
// though they do on the float[,] an F# user has in mind. The reference for which elements an assignment writes, and
// from which source element, is FSharp.Core's own 2-D array slicing (of an array of index pairs), and its own 2-D
// array assignment wherever that accepts the same source.

open System
open System.Globalization
open Xunit
open BlasNet
open BlasNet.FSharp

/// Every start/finish in and around 0..n-1, and left out, as the slice tests of audit 45 walk them.
let private bounds (n: int) = [ None; Some -1; Some 0; Some 1; Some (n - 1); Some n; Some (n + 2) ]

/// The (row, column) pairs a slice covers, in the order it lists them, by FSharp.Core's own 2-D array slicing of an
/// array of index pairs: the reference for which elements an assignment must write, and from which source element.
let private cells (rows: int) (columns: int) r0 r1 c0 c1 =
    OperatorIntrinsics.GetArraySlice2D (Array2D.init rows columns (fun i j -> i, j)) r0 r1 c0 c1

/// What a slice assignment must leave: the old values, with the covered cells taken from the source in slice order.
let private expectedAfter (old: float[,]) (covered: (int * int)[,]) (source: int -> int -> float) =
    let expected = Array2D.copy old
    covered |> Array2D.iteri (fun p q (i, j) -> expected[i, j] <- source p q)
    expected

[<Fact>]
let ``a block assignment writes the elements its slice reads, from a matrix or a 2-D array`` () =
    let a = Matrix.randomSeeded 48 4 3
    for transposed in [ false; true ] do
        let fresh () = let m = Matrix.randomSeeded 48 4 3 in if transposed then Matrix.transpose m else m
        let rows, columns = (fresh ()).Rows, (fresh ()).Columns
        for r0 in bounds rows do
            for r1 in bounds rows do
                for c0 in bounds columns do
                    for c1 in bounds columns do
                        let covered = cells rows columns r0 r1 c0 c1
                        let values = Array2D.init (Array2D.length1 covered) (Array2D.length2 covered) (fun p q -> 100.0 + float (10 * p + q))
                        let expected = expectedAfter (Matrix.toArray2D (fresh ())) covered (fun p q -> values[p, q])
                        let target = fresh ()
                        target.SetSlice(r0, r1, c0, c1, Matrix.ofArray2D values)
                        Assert.Equal<float[,]>(expected, Matrix.toArray2D target)
                        let target = fresh ()
                        target.SetSlice(r0, r1, c0, c1, values)
                        Assert.Equal<float[,]>(expected, Matrix.toArray2D target)
                        // Where a 2-D array's own assignment accepts the same source, it writes the same elements.
                        let array = Matrix.toArray2D (fresh ())
                        let inside (b: int option) n = b |> Option.forall (fun v -> v >= 0 && v < n)
                        if inside r0 rows && inside r1 rows && inside c0 columns && inside c1 columns && values.Length > 0 then
                            OperatorIntrinsics.SetArraySlice2D array r0 r1 c0 c1 values
                            Assert.Equal<float[,]>(array, expected)
    // The syntax an F# user writes, on a matrix, a transposed view (writing through it into the storage) and float32.
    a[0..1, 1..] <- matrix [ [ 1.0; 2.0 ]; [ 3.0; 4.0 ] ]
    Assert.Equal<float[]>([| 1.0; 2.0 |], a[0, 1..])
    Assert.Equal<float[]>([| 3.0; 4.0 |], a[1, 1..])
    let t = Matrix.transpose a
    t[*, 3..] <- array2D [ [ -1.0 ]; [ -2.0 ]; [ -3.0 ] ]
    Assert.Equal<float[]>([| -1.0; -2.0; -3.0 |], a[3, *])
    let b = matrix32 [ [ 1.0f; 2.0f ]; [ 3.0f; 4.0f ] ]
    b[*, *] <- matrix32 [ [ 5.0f; 6.0f ]; [ 7.0f; 8.0f ] ]
    Assert.Equal<float32[,]>(array2D [ [ 5.0f; 6.0f ]; [ 7.0f; 8.0f ] ], Matrix.toArray2D b)
    // A 2-D array with other lower bounds is read from its first element.
    let based = Array2D.createBased 5 7 2 2 0.0
    based[5, 7] <- 1.0; based[5, 8] <- 2.0; based[6, 7] <- 3.0; based[6, 8] <- 4.0
    a[2.., ..1] <- based
    Assert.Equal<float[,]>(array2D [ [ 1.0; 2.0 ]; [ 3.0; 4.0 ] ], Matrix.toArray2D a[2.., ..1])

[<Fact>]
let ``a row or column assignment writes the elements its slice reads`` () =
    for transposed in [ false; true ] do
        let fresh () = let m = Matrix.randomSeeded 8 3 5 in if transposed then Matrix.transpose m else m
        let rows, columns = (fresh ()).Rows, (fresh ()).Columns
        for i in 0 .. rows - 1 do
            for c0 in bounds columns do
                for c1 in bounds columns do
                    let covered = OperatorIntrinsics.GetArraySlice2DFixed1 (Array2D.init rows columns (fun i j -> i, j)) i c0 c1
                    let values = Array.init covered.Length (fun q -> 200.0 + float q)
                    let expected = Array2D.copy (Matrix.toArray2D (fresh ()))
                    covered |> Array.iteri (fun q (p, j) -> expected[p, j] <- values[q])
                    let target = fresh ()
                    target.SetSlice(i, c0, c1, values)
                    Assert.Equal<float[,]>(expected, Matrix.toArray2D target)
        for j in 0 .. columns - 1 do
            for r0 in bounds rows do
                for r1 in bounds rows do
                    let covered = OperatorIntrinsics.GetArraySlice2DFixed2 (Array2D.init rows columns (fun i j -> i, j)) r0 r1 j
                    let values = Array.init covered.Length (fun p -> 300.0 + float p)
                    let expected = Array2D.copy (Matrix.toArray2D (fresh ()))
                    covered |> Array.iteri (fun p (i, q) -> expected[i, q] <- values[p])
                    let target = fresh ()
                    target.SetSlice(r0, r1, j, values)
                    Assert.Equal<float[,]>(expected, Matrix.toArray2D target)
    let a = Matrix.zeros 2 3
    a[1, *] <- [| 1.0; 2.0; 3.0 |]
    a[*, 0] <- [| 7.0; 8.0 |]
    a[0, 1..] <- [| 5.0; 6.0 |]
    Assert.Equal<float[,]>(array2D [ [ 7.0; 5.0; 6.0 ]; [ 8.0; 2.0; 3.0 ] ], Matrix.toArray2D a)

[<Fact>]
let ``a row or column takes a vector, a matrix of one row or one column, as it takes an array`` () =
    for transposed in [ false; true ] do
        let fresh () = let m = Matrix.randomSeeded 9 3 4 in if transposed then Matrix.transpose m else m
        let rows, columns = (fresh ()).Rows, (fresh ()).Columns
        let values n = Array.init n (fun k -> 50.0 + float k)
        for i in 0 .. rows - 1 do
            let byArray, byColumn, byRow = fresh (), fresh (), fresh ()
            byArray[i, 1..] <- values (columns - 1)
            byColumn[i, 1..] <- Matrix.ofColumn (values (columns - 1))
            byRow[i, 1..] <- Matrix.ofRows [ values (columns - 1) ]
            Assert.Equal<float[,]>(Matrix.toArray2D byArray, Matrix.toArray2D byColumn)
            Assert.Equal<float[,]>(Matrix.toArray2D byArray, Matrix.toArray2D byRow)
        for j in 0 .. columns - 1 do
            let byArray, byColumn, byRow = fresh (), fresh (), fresh ()
            byArray[..1, j] <- values 2
            byColumn[..1, j] <- Matrix.ofColumn (values 2)
            byRow[..1, j] <- Matrix.transpose (Matrix.ofColumn (values 2))
            Assert.Equal<float[,]>(Matrix.toArray2D byArray, Matrix.toArray2D byColumn)
            Assert.Equal<float[,]>(Matrix.toArray2D byArray, Matrix.toArray2D byRow)
    let a = Matrix.zeros 2 3
    a[*, 1] <- vector [ 1.0; 2.0 ]
    a[0, *] <- vector [ 7.0; 8.0; 9.0 ]
    Assert.Equal<float[,]>(array2D [ [ 7.0; 8.0; 9.0 ]; [ 0.0; 2.0; 0.0 ] ], Matrix.toArray2D a)
    let before = Matrix.toArray2D a
    let block = Assert.Throws<ArgumentException>(fun () -> a[0, 1..] <- Matrix.zeros 3 1)
    Assert.Equal("source", block.ParamName)
    Assert.Contains("[0, 1..2] of a 2×3 matrix has 2 elements but the source is a 3×1 matrix", block.Message)
    Assert.Contains("has 2 elements but the source is a 2×2 matrix", Assert.Throws<ArgumentException>(fun () -> a[*, 0] <- Matrix.zeros 2 2).Message)
    Assert.Equal("source", Assert.Throws<ArgumentNullException>(fun () -> a[*, 0] <- Unchecked.defaultof<Matrix<float>>).ParamName)
    Assert.Equal("column", Assert.Throws<ArgumentOutOfRangeException>(fun () -> a[*, 3] <- vector [ 1.0; 2.0 ]).ParamName)
    Assert.Equal<float[,]>(before, Matrix.toArray2D a)

[<Fact>]
let ``a source of another shape is refused naming both shapes, and nothing is written`` () =
    let a = matrix [ [ 1.0; 2.0; 3.0; 4.0 ]; [ 5.0; 6.0; 7.0; 8.0 ]; [ 9.0; 10.0; 11.0; 12.0 ] ]
    let before = Matrix.toArray2D a
    let block = Assert.Throws<ArgumentException>(fun () -> a[0..1, 1..] <- Matrix.zeros 2 2)
    Assert.Equal("source", block.ParamName)
    Assert.Contains("[0..1, 1..3] of a 3×4 matrix is 2×3 but the source is 2×2", block.Message)
    // Larger, the 2-D array's assignment would drop the extra values silently; here it is refused too.
    let larger = Assert.Throws<ArgumentException>(fun () -> a[0..1, 1..] <- Array2D.zeroCreate<float> 3 4)
    Assert.Contains("is 2×3 but the source is 3×4", larger.Message)
    // A range past the edge is cut, as the slice that reads it is: a[1..9, *] is 2×4.
    let past = Assert.Throws<ArgumentException>(fun () -> a[1..9, *] <- Matrix.zeros 9 4)
    Assert.Contains("[1..2, 0..3] of a 3×4 matrix is 2×4 but the source is 9×4", past.Message)
    let row = Assert.Throws<ArgumentException>(fun () -> a[2, *] <- [| 0.0; 0.0; 0.0 |])
    Assert.Equal("source", row.ParamName)
    Assert.Contains("[2, 0..3] of a 3×4 matrix has 4 elements but the source has 3", row.Message)
    let column = Assert.Throws<ArgumentException>(fun () -> a[1.., 3] <- [| 0.0; 0.0; 0.0 |])
    Assert.Contains("[1..2, 3] of a 3×4 matrix has 2 elements but the source has 3", column.Message)
    Assert.Equal<float[,]>(before, Matrix.toArray2D a)
    Assert.Equal("row", Assert.Throws<ArgumentOutOfRangeException>(fun () -> a[3, *] <- [| 0.0 |]).ParamName)
    Assert.Equal("column", Assert.Throws<ArgumentOutOfRangeException>(fun () -> a[*, -1] <- [| 0.0 |]).ParamName)
    Assert.Equal("source", Assert.Throws<ArgumentNullException>(fun () -> a[0, *] <- Unchecked.defaultof<float[]>).ParamName)
    Assert.Equal("source", Assert.Throws<ArgumentNullException>(fun () -> a[*, *] <- Unchecked.defaultof<Matrix<float>>).ParamName)
    Assert.Equal("source", Assert.Throws<ArgumentNullException>(fun () -> a[*, *] <- Unchecked.defaultof<float[,]>).ParamName)
    // An empty slice takes an empty source of its shape, and writes nothing.
    a[2..1, *] <- Matrix.zeros 0 4
    a[0, 3..1] <- [||]
    Assert.Equal<float[,]>(before, Matrix.toArray2D a)

[<Fact>]
let ``a source that shares the target's storage is read before it is written`` () =
    let a = Matrix.randomSeeded 3 4 4
    let values = Matrix.toArray2D a
    // a ← aᵀ through the view: an element-by-element copy would read values it had already overwritten.
    a[*, *] <- Matrix.transpose a
    Assert.Equal<float[,]>(Array2D.init 4 4 (fun i j -> values[j, i]), Matrix.toArray2D a)
    // The same through the transposed view, and for a non-square block of a view over the same storage.
    let b = Matrix.randomSeeded 4 3 3
    let before = Matrix.toArray2D b
    let bt = Matrix.transpose b
    bt[*, *] <- b
    Assert.Equal<float[,]>(before, Matrix.toArray2D bt)
    Assert.Equal<float[,]>(Array2D.init 3 3 (fun i j -> before[j, i]), Matrix.toArray2D b)

[<Fact>]
let ``a slice index message is culture-invariant`` () =
    let a = Matrix.zeros 2 2
    let culture = CultureInfo.CurrentCulture
    try
        // sv-SE writes a negative number with U+2212; the messages of BlasNet are invariant.
        CultureInfo.CurrentCulture <- CultureInfo.GetCultureInfo "sv-SE"
        Assert.Contains("index -1 ", Assert.Throws<ArgumentOutOfRangeException>(fun () -> a[*, -1] |> ignore).Message)
        Assert.Contains("index -1 ", Assert.Throws<ArgumentOutOfRangeException>(fun () -> a[-1, *] <- [| 0.0 |]).Message)
        Assert.Contains("[0..-1, 0..1] of a 2×2 matrix is 0×2 but the source is 1×2",
                        Assert.Throws<ArgumentException>(fun () -> a[-3..-1, *] <- Matrix.zeros 1 2).Message)
    finally
        CultureInfo.CurrentCulture <- culture
