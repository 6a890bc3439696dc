module BlasNet.FSharp.Tests.MatrixEquality48Tests

// Audit fs48: `matrix [[1.0]] = matrix [[1.0]]` is false, and there was no value comparison short of Matrix.toArray2D.
// A Matrix is a mutable .NET class, so = and hash are identity (documented, and kept: a hash that followed the values
// would move a matrix used as a dictionary key whenever it is written). Matrix.equal compares values as F#'s = compares
// the 2-D arrays (the reference); Matrix.approxEqual as Python's math.isclose, element by element
// (tests/data/isclose48-reference.json).

open System
open System.Collections.Generic
open System.IO
open System.Text.Json
open Xunit
open BlasNet
open BlasNet.FSharp

[<Fact>]
let ``= on matrices is identity; Matrix.equal compares shapes and values as = compares 2-D arrays`` () =
    let a = matrix [ [ 1.0; 2.0 ] ]
    Assert.False((a = matrix [ [ 1.0; 2.0 ] ]))
    Assert.True((a = a))
    Assert.True(Matrix.equal a (matrix [ [ 1.0; 2.0 ] ]))
    let keyed = Dictionary<Matrix<float>, string>(HashIdentity.Structural)
    keyed[a] <- "a"
    a[0, 0] <- 5.0
    Assert.Equal("a", keyed[a])
    let m = Matrix.randomSeeded 1 3 2
    let changed = m.Copy()
    changed[2, 1] <- changed[2, 1] + 0.25
    let nanned = m.Copy()
    nanned[0, 0] <- nan
    let signed = matrix [ [ 0.0; 1.0 ] ]
    let candidates =
        [ m; m.Copy(); changed; nanned; nanned.Copy(); Matrix.transpose m; (Matrix.transpose m).Copy()
          Matrix<float>(2, 3, Matrix.toArray m); signed; matrix [ [ -0.0; 1.0 ] ]; Matrix.zeros 0 0; Matrix.zeros 0 3
          Matrix.zeros 3 0; Matrix.transpose (Matrix.zeros 0 3); matrix [ [ infinity ] ]; matrix [ [ infinity ] ]; matrix [ [ -infinity ] ] ]
    for x in candidates do
        for y in candidates do
            Assert.Equal((Matrix.toArray2D x = Matrix.toArray2D y), Matrix.equal x y)
    // The list holds both outcomes for the pairs that matter.
    Assert.True(Matrix.equal (Matrix.transpose (Matrix.transpose m)) m)
    Assert.False(Matrix.equal nanned (nanned.Copy()))
    Assert.True(Matrix.equal signed (matrix [ [ -0.0; 1.0 ] ]))
    Assert.False(Matrix.equal (Matrix.zeros 0 3) (Matrix.zeros 3 0))
    Assert.True(Matrix.equal (matrix32 [ [ 1.5f ] ]) (matrix32 [ [ 1.5f ] ]))
    Assert.False(Matrix.equal (matrix32 [ [ 1.5f ] ]) (matrix32 [ [ 1.5000001f ] ]))
    Assert.Equal("a", Assert.Throws<ArgumentNullException>(fun () -> Matrix.equal null a |> ignore).ParamName)
    Assert.Equal("b", Assert.Throws<ArgumentNullException>(fun () -> Matrix.equal a null |> ignore).ParamName)

[<Fact>]
let ``Matrix.approxEqual decides each pair as Python's math.isclose`` () =
    let root = TestData.load "isclose48-reference.json"
    let value (e: JsonElement) = BitConverter.Int64BitsToDouble(e.GetInt64())
    let mutable checkedCases, closeCases = 0, 0
    for setting in root.GetProperty("settings").EnumerateArray() do
        let rel = setting.GetProperty("relativeTolerance").GetDouble()
        let abs' = setting.GetProperty("absoluteTolerance").GetDouble()
        let cases (name: string) =
            [ for c in setting.GetProperty(name).EnumerateArray() -> value c[0], value c[1], c[2].GetBoolean() ]
        let doubles = cases "double"
        for x, y, close in doubles do
            Assert.True((close = Matrix.approxEqual rel abs' (matrix [ [ x ] ]) (matrix [ [ y ] ])), sprintf "isclose(%.17g, %.17g, %g, %g) = %b" x y rel abs' close)
            checkedCases <- checkedCases + 1
            if close then closeCases <- closeCases + 1
        for x, y, close in cases "float32" do
            Assert.True((close = Matrix.approxEqual rel abs' (matrix32 [ [ float32 x ] ]) (matrix32 [ [ float32 y ] ])), sprintf "float32 isclose(%.9g, %.9g, %g, %g) = %b" x y rel abs' close)
        // Whole matrices: close exactly when every pair is, through a transposed view too.
        let xs, ys = doubles |> List.map (fun (x, _, _) -> x), doubles |> List.map (fun (_, y, _) -> y)
        let closeOnes = doubles |> List.filter (fun (_, _, c) -> c)
        let column (values: float list) = Matrix.ofColumn values
        Assert.Equal(doubles |> List.forall (fun (_, _, c) -> c), Matrix.approxEqual rel abs' (column xs) (column ys))
        let cx, cy = closeOnes |> List.map (fun (x, _, _) -> x), closeOnes |> List.map (fun (_, y, _) -> y)
        Assert.True(Matrix.approxEqual rel abs' (Matrix.transpose (column cx)) (Matrix.ofRows [ cy ]))
    Assert.True(checkedCases > 1000 && closeCases > 100 && checkedCases - closeCases > 100)

[<Fact>]
let ``Matrix.approxEqual needs the same shape and refuses negative or NaN tolerances`` () =
    let a = Matrix.randomSeeded 2 2 3
    Assert.True(Matrix.approxEqual 1e-12 0.0 a (a.Copy()))
    Assert.False(Matrix.approxEqual 1.0 1.0 a (Matrix.transpose a))
    Assert.True(Matrix.approxEqual 0.0 0.0 (Matrix.transpose a) ((Matrix.transpose a).Copy()))
    Assert.False(Matrix.approxEqual 1.0 1.0 (Matrix.zeros 0 2) (Matrix.zeros 2 0))
    Assert.True(Matrix.approxEqual 0.0 0.0 (Matrix.zeros 0 2) (Matrix.zeros 0 2))
    for bad in [ -1e-9; nan ] do
        Assert.Equal("relativeTolerance", Assert.Throws<ArgumentOutOfRangeException>(fun () -> Matrix.approxEqual bad 0.0 a a |> ignore).ParamName)
        Assert.Equal("absoluteTolerance", Assert.Throws<ArgumentOutOfRangeException>(fun () -> Matrix.approxEqual 0.0 bad a a |> ignore).ParamName)
    Assert.Equal("b", Assert.Throws<ArgumentNullException>(fun () -> Matrix.approxEqual 0.0 0.0 a null |> ignore).ParamName)
