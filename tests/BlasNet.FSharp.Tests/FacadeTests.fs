module BlasNet.FSharp.Tests.FacadeTests

open System
open Xunit
open BlasNet
open BlasNet.Quadrature
open BlasNet.Optimization
open BlasNet.Neural
open BlasNet.FSharp
open BlasNet.FSharp.Neural

// Every public function of BlasNet.FSharp, written the way an F# user writes it, against independent
// references (hand-computed products, closed-form integrals, the closed-form linear regression).
// The tests named "friction:" would not compile or would misbehave on the C#-only API (issue #10's table).

let private close tolerance (expected: float) (actual: float) =
    Assert.True(abs (expected - actual) <= tolerance, sprintf "expected %.17g, got %.17g (tolerance %g)" expected actual tolerance)

// ---------------- matrices ----------------

[<Fact>]
let ``friction: a * b, a + b, a - b, 2.0 * a, a * 2.0 and -a compile on Matrix<float> and match hand-computed values`` () =
    let a = matrix [ [ 1.0; 2.0 ]; [ 3.0; 4.0 ] ]
    let b = matrix [ [ 5.0; 6.0 ]; [ 7.0; 8.0 ] ]
    Assert.Equal<float[,]>(array2D [ [ 19.0; 22.0 ]; [ 43.0; 50.0 ] ], (a * b).ToArray2D())
    Assert.Equal<float[,]>(array2D [ [ 6.0; 8.0 ]; [ 10.0; 12.0 ] ], (a + b).ToArray2D())
    Assert.Equal<float[,]>(array2D [ [ -4.0; -4.0 ]; [ -4.0; -4.0 ] ], (a - b).ToArray2D())
    Assert.Equal<float[,]>(array2D [ [ 2.0; 4.0 ]; [ 6.0; 8.0 ] ], (2.0 * a).ToArray2D())
    Assert.Equal<float[,]>(array2D [ [ 2.0; 4.0 ]; [ 6.0; 8.0 ] ], (a * 2.0).ToArray2D())
    Assert.Equal<float[,]>(array2D [ [ -1.0; -2.0 ]; [ -3.0; -4.0 ] ], (-a).ToArray2D())
    // Aᵀ·B through the transposed view: [[1,3],[2,4]]·B.
    Assert.Equal<float[,]>(array2D [ [ 26.0; 30.0 ]; [ 38.0; 44.0 ] ], (a.Transpose() * b).ToArray2D())
    // A·v with a column vector.
    Assert.Equal<float[,]>(array2D [ [ 5.0 ]; [ 11.0 ] ], (a * vector [ 1.0; 2.0 ]).ToArray2D())

[<Fact>]
let ``friction: float32 operators infer from literals`` () =
    let a = matrix32 [ [ 1.0f; 2.0f ]; [ 3.0f; 4.0f ] ]
    let c = 0.5f * (a * a) + a - a.ElementwiseMultiply a
    // A² = [[7,10],[15,22]]; ½A² + A − A⊙A = [[3.5,5],[7.5,11]] + [[1,2],[3,4]] − [[1,4],[9,16]].
    Assert.Equal<float32[,]>(array2D [ [ 3.5f; 3.0f ]; [ 1.5f; -1.0f ] ], c.ToArray2D())
    Assert.Equal<float32[,]>(array2D [ [ 2.0f ]; [ 4.0f ] ], ((matrix32 [ [ 2.0f; 0.0f ]; [ 0.0f; 4.0f ] ]) * vector32 [ 1.0f; 1.0f ]).ToArray2D())

[<Fact>]
let ``friction: pipelines a |> Matrix.mul b, add, sub, hadamard, scale, map, transpose`` () =
    let a = matrix [ [ 1.0; 2.0 ]; [ 3.0; 4.0 ] ]
    let b = matrix [ [ 0.0; 1.0 ]; [ 1.0; 0.0 ] ]
    // a·b swaps the columns of a; b·a would swap the rows.
    Assert.Equal<float[,]>(array2D [ [ 2.0; 1.0 ]; [ 4.0; 3.0 ] ], a |> Matrix.mul b |> Matrix.toArray2D)
    Assert.Equal<float[,]>(array2D [ [ 1.0; 3.0 ]; [ 4.0; 4.0 ] ], a |> Matrix.add b |> Matrix.toArray2D)
    Assert.Equal<float[,]>(array2D [ [ 1.0; 1.0 ]; [ 2.0; 4.0 ] ], a |> Matrix.sub b |> Matrix.toArray2D)
    Assert.Equal<float[,]>(array2D [ [ 0.0; 2.0 ]; [ 3.0; 0.0 ] ], a |> Matrix.hadamard b |> Matrix.toArray2D)
    Assert.Equal<float[,]>(array2D [ [ 3.0; 6.0 ]; [ 9.0; 12.0 ] ], a |> Matrix.scale 3.0 |> Matrix.toArray2D)
    Assert.Equal<float[,]>(array2D [ [ 1.0; 4.0 ]; [ 9.0; 16.0 ] ], a |> Matrix.map (fun x -> x * x) |> Matrix.toArray2D)
    let t = a |> Matrix.transpose
    Assert.True(t.IsTransposed)
    Assert.Equal<float[,]>(array2D [ [ 1.0; 3.0 ]; [ 2.0; 4.0 ] ], Matrix.toArray2D t)
    Assert.Equal((2, 2), (Matrix.rows t, Matrix.columns t))
    // Aᵀ·A = [[10,14],[14,20]].
    Assert.Equal<float[,]>(array2D [ [ 10.0; 14.0 ]; [ 14.0; 20.0 ] ], t |> Matrix.mul a |> Matrix.toArray2D)

[<Fact>]
let ``friction: Matrix.zeros, random and init infer float with no type argument`` () =
    let z = Matrix.zeros 2 3
    Assert.Equal<float[,]>(Array2D.zeroCreate 2 3, Matrix.toArray2D z)
    let r = Matrix.random 3 4
    Assert.Equal((3, 4), (r.Rows, r.Columns))
    Assert.Equal<float[]>(r.ToArray(), (Matrix.random 3 4).ToArray()) // seed 42 both times
    Assert.All(r.ToArray(), fun v -> Assert.InRange(v, -1.0, 1.0))
    let s = Matrix.randomSeeded 7 3 4
    Assert.NotEqual<float[]>(r.ToArray(), s.ToArray())
    Assert.Equal<float[]>(s.ToArray(), (Matrix.randomSeeded 7 3 4).ToArray())
    let h = Matrix.init 2 3 (fun i j -> float (10 * i + j))
    Assert.Equal<float[,]>(array2D [ [ 0.0; 1.0; 2.0 ]; [ 10.0; 11.0; 12.0 ] ], Matrix.toArray2D h)
    Assert.Equal<float[,]>(array2D [ [ 1.0; 0.0 ]; [ 0.0; 1.0 ] ], Matrix.identity 2 |> Matrix.toArray2D)
    let fromArray = Matrix.ofArray2D (array2D [ [ 1.0; 2.0 ] ])
    Assert.Equal((1, 2), (fromArray.Rows, fromArray.Columns))

[<Fact>]
let ``friction: Matrix.ofRows builds from an array of arrays, a sequence of sequences and a list of arrays; toRows is its inverse`` () =
    // F# data rarely come as float list list: a parsed file is float[][], a query a seq of seqs.
    let expected = array2D [ [ 1.0; 2.0; 3.0 ]; [ 4.0; 5.0; 6.0 ] ]
    Assert.Equal<float[,]>(expected, Matrix.ofRows [| [| 1.0; 2.0; 3.0 |]; [| 4.0; 5.0; 6.0 |] |] |> Matrix.toArray2D)
    Assert.Equal<float[,]>(expected, Matrix.ofRows [ [| 1.0; 2.0; 3.0 |]; [| 4.0; 5.0; 6.0 |] ] |> Matrix.toArray2D)
    Assert.Equal<float[,]>(expected, Matrix.ofRows (ResizeArray [ ResizeArray [ 1.0; 2.0; 3.0 ]; ResizeArray [ 4.0; 5.0; 6.0 ] ]) |> Matrix.toArray2D)
    // A lazy sequence of lazy rows is read once: a second enumeration would count past 2.
    let mutable reads = 0
    let lazyRows = seq { for i in 0 .. 1 -> (reads <- reads + 1; seq { for j in 1 .. 3 -> float (3 * i + j) }) }
    Assert.Equal<float[,]>(expected, Matrix.ofRows lazyRows |> Matrix.toArray2D)
    Assert.Equal(2, reads)
    // The values are copied: editing the source afterwards leaves the matrix alone.
    let source = [| [| 1.0; 2.0 |] |]
    let m = Matrix.ofRows source
    source[0][0] <- 9.0
    Assert.Equal(1.0, m[0, 0])
    Assert.Equal((0, 0), (let e = Matrix.ofRows Array.empty<float[]> in e.Rows, e.Columns))
    // toRows reads the matrix as seen, so a transposed view gives the transposed rows.
    Assert.Equal<float[][]>([| [| 1.0; 4.0 |]; [| 2.0; 5.0 |]; [| 3.0; 6.0 |] |], Matrix.ofArray2D expected |> Matrix.transpose |> Matrix.toRows)
    Assert.Equal<float32[][]>([| [| 1.5f; -2.0f |] |], Matrix32.ofRows [| [| 1.5f; -2.0f |] |] |> Matrix.toRows)
    // A column vector from an array (vector takes a list literal): a·v is the matrix–vector product.
    let v = Matrix.ofColumn [| 1.0; -1.0; 2.0 |]
    Assert.Equal((3, 1), (v.Rows, v.Columns))
    Assert.Equal<float[]>([| 1.0 - 2.0 + 6.0; 4.0 - 5.0 + 12.0 |], Matrix.ofArray2D expected * v |> Matrix.toArray)
    Assert.Equal<float32[]>([| 0.5f; 2.0f |], Matrix32.ofColumn (seq { 0.5f; 2.0f }) |> Matrix.toArray)

[<Fact>]
let ``Matrix functions given a null matrix throw ArgumentNullException naming it, not NullReferenceException`` () =
    let none : Matrix<float> = null
    let some = Matrix.identity 2
    let named (expected: string) (call: unit -> obj) =
        let e = Assert.Throws<ArgumentNullException>(fun () -> call () |> ignore)
        Assert.Equal(expected, e.ParamName)
    named "a" (fun () -> box (Matrix.toRows none))
    named "a" (fun () -> box (Matrix.toArray2D none))
    named "a" (fun () -> box (Matrix.toArray none))
    named "a" (fun () -> box (Matrix.transpose none))
    named "a" (fun () -> box (Matrix.hadamard some none))
    named "b" (fun () -> box (Matrix.hadamard none some))
    named "a" (fun () -> box (Matrix.scale 2.0 none))
    named "a" (fun () -> box (Matrix.map id none))
    named "a" (fun () -> box (Matrix.rows none))
    named "a" (fun () -> box (Matrix.columns none))

[<Fact>]
let ``Matrix.ofRows rejects ragged and null rows naming the row`` () =
    let ragged = Assert.Throws<ArgumentException>(fun () -> Matrix.ofRows [| [| 1.0; 2.0 |]; [| 3.0; 4.0 |]; [| 5.0 |] |] |> ignore)
    Assert.Equal("rows", ragged.ParamName)
    Assert.StartsWith("Row 2 has 1 elements but row 0 has 2", ragged.Message)
    let ragged32 = Assert.Throws<ArgumentException>(fun () -> Matrix32.ofRows [ [ 1.0f ]; [] ] |> ignore)
    Assert.StartsWith("Row 1 has 0 elements but row 0 has 1", ragged32.Message)
    let nullRow = Assert.Throws<ArgumentNullException>(fun () -> Matrix.ofRows [| [| 1.0 |]; null |] |> ignore)
    Assert.Equal("rows", nullRow.ParamName)
    Assert.StartsWith("Row 1 is null.", nullRow.Message)
    Assert.Equal("rows", Assert.Throws<ArgumentNullException>(fun () -> Matrix.ofRows (null: float[][]) |> ignore).ParamName)
    Assert.Equal("values", Assert.Throws<ArgumentNullException>(fun () -> Matrix.ofColumn (null: float[]) |> ignore).ParamName)

[<Fact>]
let ``Matrix.ofRows names the first bad row in order and reads no further`` () =
    // Row 1 is ragged and row 2 null: the first bad row is 1 (the old code read every row first and reported the null row 2).
    let ragged = Assert.Throws<ArgumentException>(fun () -> Matrix.ofRows [| [| 1.0; 2.0 |]; [| 3.0 |]; null |] |> ignore)
    Assert.Equal("rows", ragged.ParamName)
    Assert.StartsWith("Row 1 has 1 elements but row 0 has 2", ragged.Message)
    // A lazy source (a file read line by line) stops at its first ragged row rather than being read to its end first.
    let mutable readPast = false
    let lines = seq { yield [| 1.0; 2.0 |]; yield [| 3.0 |]; readPast <- true; yield [| 4.0; 5.0 |] }
    Assert.StartsWith("Row 1 has 1 elements", Assert.Throws<ArgumentException>(fun () -> Matrix.ofRows lines |> ignore).Message)
    Assert.False(readPast, "ofRows read past the ragged row")
    let nullFirst = Assert.Throws<ArgumentNullException>(fun () -> Matrix32.ofRows [| [| 1.0f |]; null; [| 1.0f; 2.0f |] |] |> ignore)
    Assert.StartsWith("Row 1 is null.", nullFirst.Message)

[<Fact>]
let ``Matrix32 constructors make float32 matrices`` () =
    let z: Matrix<float32> = Matrix32.zeros 2 2
    Assert.Equal<float32[]>([| 0.0f; 0.0f; 0.0f; 0.0f |], z.ToArray())
    Assert.Equal<float32[]>([| 1.0f; 0.0f; 0.0f; 1.0f |], (Matrix32.identity 2).ToArray())
    Assert.Equal<float32[]>((Matrix32.random 2 2).ToArray(), (Matrix32.random 2 2).ToArray())
    Assert.NotEqual<float32[]>((Matrix32.random 2 2).ToArray(), (Matrix32.randomSeeded 3 2 2).ToArray())
    Assert.Equal<float32[]>([| 0.0f; 1.0f; 1.0f; 2.0f |], (Matrix32.init 2 2 (fun i j -> float32 (i + j))).ToArray())
    Assert.Equal<float32[]>([| 5.0f; 6.0f |], (Matrix32.ofArray2D (array2D [ [ 5.0f; 6.0f ] ])).ToArray())

[<Fact>]
let ``matrix literals: ragged rows throw naming the row, empty is 0x0`` () =
    let ex = Assert.Throws<ArgumentException>(fun () -> matrix [ [ 1.0; 2.0 ]; [ 3.0; 4.0 ]; [ 5.0 ] ] |> ignore)
    Assert.Contains("Row 2", ex.Message)
    Assert.Contains("row 0 has 2", ex.Message)
    Assert.Throws<ArgumentException>(fun () -> matrix32 [ [ 1.0f ]; [] ] |> ignore) |> ignore
    let e = matrix []
    Assert.Equal((0, 0), (e.Rows, e.Columns))
    let v = vector [ 1.0; 2.0; 3.0 ]
    Assert.Equal((3, 1), (v.Rows, v.Columns))
    Assert.Equal<float[]>([| 1.0; 2.0; 3.0 |], Matrix.toArray v)
    Assert.Equal<float32[]>([| 4.0f; 5.0f |], vector32 [ 4.0f; 5.0f ] |> Matrix.toArray)
    // Row-major as seen, also through a transposed view.
    Assert.Equal<float[]>([| 1.0; 3.0; 2.0; 4.0 |], matrix [ [ 1.0; 2.0 ]; [ 3.0; 4.0 ] ] |> Matrix.transpose |> Matrix.toArray)

[<Fact>]
let ``shape mismatch throws ArgumentException naming both shapes`` () =
    let ex = Assert.Throws<ArgumentException>(fun () -> matrix [ [ 1.0; 2.0 ] ] + matrix [ [ 1.0 ]; [ 2.0 ] ] |> ignore)
    Assert.Contains("1×2", ex.Message)
    Assert.Contains("2×1", ex.Message)
    Assert.Throws<ArgumentException>(fun () -> Matrix.zeros 2 3 |> Matrix.mul (Matrix.zeros 2 3) |> ignore) |> ignore

// ---------------- quadrature ----------------

// friction: a wrapper over Quad.Integrate inferred f as a delegate; over Quad.integrate it is float -> float.
let private integrateOnUnit f = Quad.integrate f 0.0 1.0

[<Fact>]
let ``friction: Quad.integrate takes F# functions and can be wrapped without annotations`` () =
    let r = Quad.integrate sin 0.0 Math.PI
    close 1e-12 2.0 r.Value
    Assert.Equal(QuadStatus.Converged, r.Status)
    Assert.True(r.AbsoluteError <= 1e-10 && r.Evaluations > 0 && r.Intervals >= 1)
    close 1e-12 (1.0 / 3.0) (integrateOnUnit (fun x -> x * x)).Value
    close 1e-12 1.0 (Quad.integrate (fun x -> exp -x) 0.0 infinity).Value
    close 1e-10 (sqrt Math.PI) (Quad.integrate (fun x -> exp (-x * x)) -infinity infinity).Value

[<Fact>]
let ``QuadOptions.CancellationToken stops an integral with its estimate so far, NotConverged`` () =
    use cts = new Threading.CancellationTokenSource()
    let mutable calls = 0
    let f x =
        calls <- calls + 1
        if calls = 300 then cts.Cancel()
        cos (200.0 * x)
    let r = Quad.integrateWith (QuadOptions(RelativeTolerance = 1e-11, CancellationToken = cts.Token)) f 0.0 1.0
    Assert.Equal(QuadStatus.Cancelled, r.Status)
    Assert.True(r.Evaluations <= 300 + 20)
    // The partition's sum, and its error covers the closed form sin 200/200.
    Assert.True(abs (r.Value - sin 200.0 / 200.0) <= r.AbsoluteError && Double.IsFinite r.AbsoluteError)
    match r with
    | Converged _ -> failwith "a cancelled integral must not match Converged"
    | NotConverged (status, _) -> Assert.Equal(QuadStatus.Cancelled, status)
    // A token never signalled changes nothing.
    use never = new Threading.CancellationTokenSource()
    let plain = Quad.integrate (fun x -> cos (200.0 * x)) 0.0 1.0
    let withToken = Quad.integrateWith (QuadOptions(CancellationToken = never.Token)) (fun x -> cos (200.0 * x)) 0.0 1.0
    Assert.Equal(plain.Value, withToken.Value)
    Assert.Equal(plain.AbsoluteError, withToken.AbsoluteError)
    Assert.Equal(plain.Evaluations, withToken.Evaluations)

[<Fact>]
let ``Quad.integrateWeighted takes a weight first and pipes like the other integrals`` () =
    // ∫_0^1 log x · sin(200x) dx (mpmath at 40 digits, tests/data/qawo-reference.json); log 0 is never asked for.
    let oscillatory = Quad.integrateWeighted (Weight.Sin 200.0) log 0.0 1.0
    Assert.Equal(QuadStatus.Converged, oscillatory.Status)
    Assert.True(abs (oscillatory.Value - -0.02939955738771298681869446) <= max oscillatory.AbsoluteError 1e-15)
    // ∫_0^1 log x dx = −1 with the logarithm in the weight and f = 1.
    let logWeight = Quad.integrateWeighted (Weight.AlgebraicLog(0.0, 0.0, LogAt.A)) (fun _ -> 1.0) 0.0 1.0
    close 1e-12 -1.0 logWeight.Value
    // PV ∫_0^2 x/(x − 1) dx = 2 + ln(1/1) = 2.
    let pv = Quad.integrateWeightedWith (QuadOptions(RelativeTolerance = 1e-12)) (Weight.Cauchy 1.0) id 0.0 2.0
    close 1e-12 2.0 pv.Value
    match pv with
    | Converged value -> close 1e-12 2.0 value
    | NotConverged(status, message) -> Assert.Fail(sprintf "%A: %s" status message)
    // ∫_0^∞ e^{−4x} cos 3x dx = 4/25 (QAWF under the ordinary relative tolerance).
    close 1e-10 0.16 (Quad.integrateWeighted (Weight.Cos 3.0) (fun x -> exp (-4.0 * x)) 0.0 infinity).Value

[<Fact>]
let ``friction: the status matches exhaustively with Converged / NotConverged`` () =
    let describe r =
        match r with
        | Converged value -> sprintf "converged to %.6f" value
        | NotConverged(status, message) -> sprintf "%A: %s" status message
    Assert.Equal("converged to 0.500000", describe (Quad.integrate id 0.0 1.0))
    // One interval cannot reach 1e-10 on an oscillating integrand.
    let capped = Quad.integrateWith (QuadOptions(MaxIntervals = 1)) (fun x -> sin (30.0 * x)) 0.0 10.0
    match capped with
    | Converged _ -> Assert.Fail "one interval cannot meet the tolerance"
    | NotConverged(status, message) ->
        Assert.NotEqual(QuadStatus.Converged, status)
        Assert.False(String.IsNullOrEmpty message)

[<Fact>]
let ``friction: FailureX is an option and %A shows every field`` () =
    let r = Quad.integrate (fun x -> if x > 0.5 then nan else 1.0) 0.0 1.0
    Assert.Equal(QuadStatus.NonFiniteIntegrand, r.Status)
    match r.FailureX with
    | Some x -> Assert.True(x > 0.5 && x <= 1.0)
    | None -> Assert.Fail "FailureX should say where"
    Assert.Equal(None, (Quad.integrate id 0.0 1.0).FailureX)
    let shown = sprintf "%A" (Quad.integrate id 0.0 2.0)
    Assert.Contains("Value = 2.0", shown)
    Assert.Contains("Status = Converged", shown)
    Assert.Contains("FailureX = None", shown)

[<Fact>]
let ``integrateWith, pv, pvWith and ofResult against closed forms`` () =
    let tight = QuadOptions(RelativeTolerance = 1e-12)
    close 1e-12 -1.0 (Quad.integrateWith tight log 0.0 1.0).Value
    // PV ∫_0^2 dx/(x − ½) = ln(1.5/0.5) = ln 3.
    let p = Quad.pv (fun _ -> 1.0) 0.0 2.0 0.5
    close 1e-12 (log 3.0) p.Value
    // PV ∫_{-1}^{1} x/(x − 0) dx = 2.
    close 1e-12 2.0 (Quad.pvWith tight id -1.0 1.0 0.0).Value
    let fromCSharp = Quad.ofResult (BlasNet.Quadrature.Quad.Integrate((fun x -> x), 0.0, 1.0))
    close 1e-15 0.5 fromCSharp.Value
    Assert.Equal(None, fromCSharp.FailureX)

// ---------------- least squares ----------------

// y = 1 + 2x plus fixed deviations; the closed-form simple regression is the reference.
let private xs = [| 0.0; 1.0; 2.0; 3.0; 4.0; 5.0 |]
let private ys = Array.map2 (fun x d -> 1.0 + 2.0 * x + d) xs [| 0.1; -0.2; 0.05; 0.15; -0.1; 0.0 |]

let private regression () =
    let m = float xs.Length
    let xbar = Array.average xs
    let ybar = Array.average ys
    let sxx = xs |> Array.sumBy (fun x -> (x - xbar) ** 2.0)
    let sxy = Array.map2 (fun x y -> (x - xbar) * (y - ybar)) xs ys |> Array.sum
    let slope = sxy / sxx
    let intercept = ybar - slope * xbar
    let ssr = Array.map2 (fun x y -> (y - intercept - slope * x) ** 2.0) xs ys |> Array.sum
    let s2 = ssr / (m - 2.0)
    [| intercept; slope |], [| sqrt (s2 * (1.0 / m + xbar * xbar / sxx)); sqrt (s2 / sxx) |], ssr / 2.0

[<Fact>]
let ``friction: LeastSquares.fit takes an F# function and matches the closed-form regression`` () =
    let fit = LeastSquares.fit (fun p -> Array.map2 (fun x y -> p[0] + p[1] * x - y) xs ys) [| 0.0; 0.0 |]
    let expectedX, expectedSe, expectedCost = regression ()
    close 1e-7 expectedX[0] fit.X[0]
    close 1e-7 expectedX[1] fit.X[1]
    match fit.StandardErrors with
    | Some se ->
        close 1e-7 expectedSe[0] se[0]
        close 1e-7 expectedSe[1] se[1]
    | None -> Assert.Fail "a full-rank fit has standard errors"
    close 1e-10 expectedCost fit.Cost
    Assert.True(fit.Iterations >= 1 && fit.Evaluations >= 1)
    Assert.Same(fit.Raw.Message, fit.Message)

[<Fact>]
let ``friction: the fit matches exhaustively with Succeeded / Failed`` () =
    let outcome fit =
        match fit with
        | Succeeded x -> sprintf "x = %.4f" x[0]
        | Failed(status, _) -> sprintf "failed: %A" status
    // Minimise (x − 3)²: x = 3.
    Assert.Equal("x = 3.0000", outcome (LeastSquares.fit (fun p -> [| p[0] - 3.0 |]) [| 0.0 |]))
    // Two evaluations cannot reach the tolerance on the Rosenbrock valley.
    let capped =
        LeastSquares.fitWith (LevenbergMarquardtOptions(MaxEvaluations = 2)) (fun p -> [| 10.0 * (p[1] - p[0] * p[0]); 1.0 - p[0] |]) [| -1.2; 1.0 |]
    Assert.Equal("failed: MaxEvaluations", outcome capped)

[<Fact>]
let ``friction: %A of a fit shows X, StandardErrors, Cost and Status as values`` () =
    let fit = LeastSquares.fit (fun p -> [| p[0] - 3.0; p[1] + 1.0; p[0] + p[1] - 2.0 |]) [| 0.0; 0.0 |]
    let shown = sprintf "%A" fit
    Assert.Contains("X = [|3.0", shown)
    Assert.Contains("StandardErrors = Some [|", shown)
    Assert.Contains("Cost = ", shown)
    Assert.Contains("Status = ", shown)
    Assert.DoesNotContain("System.Double[]", shown)
    Assert.DoesNotContain("Raw", shown)
    Assert.Equal(shown, fit.ToString())
    Assert.Equal(shown, sprintf "%A" fit.Summary)
    Assert.Equal<float[]>(fit.X, fit.Summary.X)
    Assert.Equal(fit.Status, fit.Summary.Status)
    // The answer comes first.
    Assert.StartsWith("{ X = [|3.0", shown)

[<Fact>]
let ``LeastSquares.ofResult wraps a C# result`` () =
    let raw = LevenbergMarquardt.Solve((fun (p: float[]) -> [| p[0] - 1.5 |]), [| 0.0 |])
    let fit = LeastSquares.ofResult raw
    close 1e-8 1.5 fit.X[0]
    Assert.Equal(raw.Status, fit.Status)
    Assert.Same(raw, fit.Raw)

// ---------------- neural ----------------

// y = x₁ − 2x₂ on a fixed grid.
let private batch32 =
    let x = Matrix32.init 16 2 (fun i j -> float32 (if j = 0 then i % 4 else i / 4) / 3.0f - 0.5f)
    let y = Matrix32.init 16 1 (fun i _ -> x[i, 0] - 2.0f * x[i, 1])
    x, y

[<Fact>]
let ``friction: sequential takes a list of mixed layers and train returns decreasing losses`` () =
    let model = sequential [ denseSeeded 1 2 8; tanhLayer; denseSeeded 2 8 8; relu; dense 8 1 ]
    Assert.Equal(5, model.Layers.Count)
    let losses = train 200 model (mse ()) (adam 0.02 model) [ batch32 ]
    Assert.Equal(200, losses.Length)
    Assert.True(List.last losses < 0.05 * List.head losses, sprintf "loss %g -> %g" (List.head losses) (List.last losses))

[<Fact>]
let ``friction: backward and step read as statements in a hand-written loop`` () =
    let model = sequential [ denseSeeded 3 2 4; sigmoid; denseSeeded 4 4 1 ]
    let optimizer = sgd 0.5 model
    let loss = mse ()
    let x, y = batch32
    let lossNow () = float (loss.Forward(forward model x, y))
    let first = lossNow ()
    for _ in 1..100 do
        zeroGrad optimizer
        loss.Forward(forward model x, y) |> ignore
        backward model (loss.Backward())
        step optimizer
    Assert.True(lossNow () < 0.5 * first)
    zeroGrad optimizer
    loss.Forward(forward model x, y) |> ignore
    backward model (loss.Backward())
    let report = stepReport optimizer
    Assert.True(report.AllUpdated)
    Assert.Equal(4, report.Updated.Count)

[<Fact>]
let ``relu used twice is two layers; leakyRelu, layer, adamWith and sgdWith build`` () =
    let existing = Dense<float32>(4, 4, seed = 5)
    let model = sequential [ dense 2 4; relu; layer existing; relu; leakyRelu 0.1f; dense 4 1 ]
    Assert.Same(existing, model.Layers[2])
    Assert.NotSame(model.Layers[1], model.Layers[3])
    let a = adamWith (AdamOptions(LearningRate = 0.01, WeightDecay = 0.001)) model
    Assert.Equal(0.001, a.Options.WeightDecay)
    let s = sgdWith (SgdOptions(LearningRate = 0.1, Momentum = 0.9)) model
    Assert.Equal(0.9, s.Options.Momentum)
    Assert.Equal(6, a.Parameters.Count)
    Assert.Throws<ArgumentException>(fun () -> sequential [ layer existing; layer existing ] |> ignore) |> ignore
    // A NaN or infinite slope is refused when the layer is built (it would make every input ≤ 0 NaN).
    let nanSlope = Assert.Throws<ArgumentOutOfRangeException>(fun () -> sequential [ dense 2 4; leakyRelu nanf ] |> ignore)
    Assert.Equal("slope", nanSlope.ParamName)
    Assert.Throws<ArgumentOutOfRangeException>(fun () -> Neural64.leakyRelu infinity () |> ignore) |> ignore
    Assert.Throws<ArgumentOutOfRangeException>(fun () -> train -1 model (mse ()) a [ batch32 ] |> ignore) |> ignore

[<Fact>]
let ``setLearningRate between steps keeps Adam's and SGD's state, as PyTorch's param_group lr`` () =
    // torch 1.13, float64, weight decay 0.01, rates 0.1, 0.1, 0.01, 0.003 set before each of the four steps.
    let grads = [ [| 0.5; -0.25; 2.0 |]; [| -0.3; 0.1; 1.0 |]; [| 0.2; 0.4; -1.5 |]; [| 0.1; -0.1; 0.3 |] ]
    let rates = [ 0.1; 0.1; 0.01; 0.003 ]
    let run (make: Parameter<float> -> Optimizer<float>) =
        let p = Parameter<float>("p", Matrix<float>(1, 3, [| 1.0; -2.0; 0.5 |]))
        let optimizer = make p
        for g, lr in List.zip grads rates do
            p.ZeroGrad()
            g.CopyTo(p.AccumulateGrad().AsSpan())
            setLearningRate lr optimizer
            step optimizer
        p.Value.ToArray()
    let adamRun = run (fun p -> Adam<float>([ p ], AdamOptions(LearningRate = 0.1, WeightDecay = 0.01)))
    Array.iter2 (close 1e-14) [| 0.8738142405994216; -1.860723420068167; 0.3035247386710664 |] adamRun
    let sgdRun = run (fun p -> Sgd<float>([ p ], SgdOptions(LearningRate = 0.1, Momentum = 0.9, WeightDecay = 0.01)))
    Array.iter2 (close 1e-14) [| 0.927238919881753; -1.959339719768281; 0.004808196401401437 |] sgdRun
    let w = Parameter<float32>("w", Matrix<float32>(1, 1))
    let adam = Adam<float32>([ w ], AdamOptions(LearningRate = 0.5, Beta1 = 0.8))
    setLearningRate 0.25 adam
    Assert.Equal(AdamOptions(LearningRate = 0.25, Beta1 = 0.8), adam.Options)
    let bad = Assert.Throws<ArgumentOutOfRangeException>(fun () -> setLearningRate nan adam)
    Assert.Equal("learningRate", bad.ParamName) // setLearningRate's own parameter (the C# option is LearningRate)
    Assert.Equal(0.25, adam.Options.LearningRate)
    let sgd = Sgd<float32>([ w ], SgdOptions(LearningRate = 0.5))
    sgd.Options <- SgdOptions(LearningRate = 0.5, Momentum = 0.5)
    Assert.Throws<ArgumentOutOfRangeException>(fun () -> setLearningRate 1e300 sgd) |> ignore // ∞ in float32
    Assert.Equal(SgdOptions(LearningRate = 0.5, Momentum = 0.5), sgd.Options)
    Assert.Throws<ArgumentException>(fun () -> setLearningRate 0.1 (BlasNet.FSharp.Tests.ExtensionPointTests.SignDescent([ w ], 0.1f))) |> ignore

[<Fact>]
let ``Neural64 gives float layers that train`` () =
    let x = Matrix.init 8 1 (fun i _ -> float i / 7.0)
    let y = x |> Matrix.map (fun v -> 3.0 * v - 1.0)
    let model =
        sequential [ Neural64.denseSeeded 1 1 4; Neural64.relu; Neural64.sigmoid; Neural64.tanhLayer; Neural64.leakyRelu 0.01; Neural64.denseSeeded 2 4 1 ]
    let losses = train 300 model (Neural64.mse ()) (adam 0.05 model) [ (x, y) ]
    Assert.True(List.last losses < 0.2 * List.head losses, sprintf "loss %g -> %g" (List.head losses) (List.last losses))
    // The unseeded builder is checked apart: with a fresh random start the stack above failed to train 5× now and
    // then (stop 41), so the training run uses seeded layers only.
    let unseeded = Neural64.dense 4 1 () :?> Dense<float>
    Assert.Equal((4, 1), (unseeded.Weight.Value.Rows, unseeded.Weight.Value.Columns))
    Assert.NotNull(unseeded.Bias)
    Assert.NotEqual<float[]>((Neural64.dense 4 1 () :?> Dense<float>).Weight.Value.ToArray(), unseeded.Weight.Value.ToArray())

[<Fact>]
let ``each activation builder computes its closed form, in float and float32`` () =
    // The builders were only built or compared with the C# classes; here each one's output against its formula
    // (GELU's x·Φ(x) from mpmath, erf has no .NET function), so a builder passing the wrong setting would fail.
    let xs = [| -3.0; -1.5; -0.5; 0.0; 0.25; 1.0; 2.5 |]
    let geluExact = [| -0.0040496940948902835; -0.1002108019032871; -0.15426876936299344; 0.0; 0.14967658142073093; 0.8413447460685429; 2.4844758366855597 |]
    let geluTanhFormula x = 0.5 * x * (1.0 + tanh (sqrt (2.0 / Math.PI) * (x + 0.044715 * x * x * x)))
    let cases64 : (string * (unit -> ILayer<float>) * (int -> float -> float)) list =
        [ "relu", Neural64.relu, (fun _ x -> max x 0.0)
          "sigmoid", Neural64.sigmoid, (fun _ x -> 1.0 / (1.0 + exp -x))
          "tanhLayer", Neural64.tanhLayer, (fun _ x -> tanh x)
          "leakyRelu 0.2", Neural64.leakyRelu 0.2, (fun _ x -> if x < 0.0 then 0.2 * x else x)
          "gelu", Neural64.gelu, (fun i _ -> geluExact[i])
          "geluTanh", Neural64.geluTanh, (fun _ x -> geluTanhFormula x) ]
    let input = Matrix.ofRows [ xs ]
    for name, build, expected in cases64 do
        let y = forward (sequential [ build ]) input
        xs |> Array.iteri (fun i x -> Assert.True(abs (y[0, i] - expected i x) <= 1e-15 + 1e-14 * abs (expected i x), sprintf "%s at %g: %.17g, expected %.17g" name x (y[0, i]) (expected i x)))
    let cases32 : (string * (unit -> ILayer<float32>) * (int -> float -> float)) list =
        [ "relu", relu, (fun _ x -> max x 0.0)
          "sigmoid", sigmoid, (fun _ x -> 1.0 / (1.0 + exp -x))
          "tanhLayer", tanhLayer, (fun _ x -> tanh x)
          "leakyRelu 0.2f", leakyRelu 0.2f, (fun _ x -> if x < 0.0 then float 0.2f * x else x)
          "gelu", gelu, (fun i _ -> geluExact[i])
          "geluTanh", geluTanh, (fun _ x -> geluTanhFormula x) ]
    let input32 = Matrix32.ofRows [ Array.map float32 xs ]
    for name, build, expected in cases32 do
        let y = forward (sequential [ build ]) input32
        xs |> Array.iteri (fun i x -> Assert.True(abs (float (y[0, i]) - expected i x) <= 1e-6 * (1.0 + abs (expected i x)), sprintf "%s at %g: %g, expected %g" name x (y[0, i]) (expected i x)))

[<Fact>]
let ``LeastSquares.fitDual fits with an exact Jacobian from an untyped F# lambda`` () =
    let data = [| for i in 0 .. 19 -> let t = 0.25 * float i in t, 2.5 * exp (-1.3 * t) + 0.01 * sin (7.0 * t) |]
    let fit = LeastSquares.fitDual (fun p -> [| for t, y in data -> p[0] * exp (-p[1] * t) - y |]) [| 1.0; 0.5 |]
    // The same fit by forward differences (an independent Jacobian) reaches the same minimum.
    let byDifferences = LeastSquares.fit (fun p -> [| for t, y in data -> p[0] * exp (-p[1] * t) - y |]) [| 1.0; 0.5 |]
    match fit with
    | Succeeded x ->
        Assert.Equal(byDifferences.X[0], x[0], 6)
        Assert.Equal(byDifferences.X[1], x[1], 6)
    | Failed(status, message) -> failwithf "%A: %s" status message
    let tight = LeastSquares.fitDualWith (LevenbergMarquardtOptions(XTol = 1e-14)) (fun p -> [| p[0] - 3.0; p[0] * p[0] - 9.0 |]) [| 1.0 |]
    Assert.Equal(3.0, tight.X[0], 12)

// ---- Audit follow-ups: documented behaviour of the facade (README "Notes") ----

[<Fact>]
let ``an integral of 0 converges with an absolute tolerance, not with the default relative one`` () =
    // The documented limitation: a value of 0 cannot meet a relative tolerance.
    match Quad.integrate sin -1.0 1.0 with
    | Converged v -> failwithf "expected NotConverged with the default relative tolerance, got Converged %g" v
    | NotConverged (status, _) -> Assert.NotEqual(QuadStatus.Converged, status)
    // The documented fix: the options form with an absolute tolerance.
    match Quad.integrateWith (QuadOptions(AbsoluteTolerance = 1e-12)) sin -1.0 1.0 with
    | Converged v -> Assert.True(abs v <= 1e-12, sprintf "%.17g" v)
    | NotConverged (status, message) -> failwithf "%A: %s" status message
    let vector = Quad.integrateVectorWith (QuadOptions(AbsoluteTolerance = 1e-12)) 2 (fun x -> [| sin x; x |]) -1.0 1.0
    Assert.Equal(QuadStatus.Converged, vector.Status)

[<Fact>]
let ``Quad.integrateVector names f when it returns null, and rejects length below 1`` () =
    let ex = Assert.Throws<ArgumentNullException>(fun () -> Quad.integrateVector 2 (fun _ -> null) 0.0 1.0 |> ignore)
    Assert.Equal("f", ex.ParamName)
    Assert.Contains("returned null", ex.Message)
    Assert.Throws<ArgumentNullException>(fun () ->
        Quad.integrateVectorWith QuadOptions.Default 2 (fun _ -> null) 0.0 1.0 |> ignore) |> ignore
    Assert.Throws<ArgumentOutOfRangeException>(fun () -> Quad.integrateVector 0 (fun _ -> [||]) 0.0 1.0 |> ignore) |> ignore

[<Fact>]
let ``two identical fits compare equal by Summary, not by the record`` () =
    let residuals (p: float[]) = [| p[0] - 3.0; p[1] + 1.0; p[0] + p[1] - 2.1 |]
    let f1 = LeastSquares.fit residuals [| 0.0; 0.0 |]
    let f2 = LeastSquares.fit residuals [| 0.0; 0.0 |]
    Assert.True((f1.Summary = f2.Summary))
    Assert.False((f1 = f2)) // Raw compares by reference, as documented
    let xs = [| 0.0; 1.0; 2.0; 3.0; 4.0 |]
    let ys = [| 1.0; 0.62; 0.37; 0.22; 0.14 |]
    let model x (p: float[]) = p[0] * exp (-p[1] * x)
    let c1 = CurveFit.fit model xs ys [| 1.0; 0.5 |]
    let c2 = CurveFit.fit model xs ys [| 1.0; 0.5 |]
    Assert.True((c1.Summary = c2.Summary))
    Assert.True(c1.Succeeded)

[<Fact>]
let ``fitDual residuals take Dual constants in max, atan2 and comparisons without FS3391`` () =
    // Written as the fitDual docs advise (Dual 0.0, not 0.0), so this compiles under warnings-as-errors.
    let fit =
        LeastSquares.fitDual
            (fun p -> [| max p[0] (Dual 0.0) - Dual 2.0
                         atan2 p[1] (Dual 1.0) - Dual 0.5
                         (if p[0] > Dual 0.0 then p[0] - Dual 2.0 else p[0]) |])
            [| 1.0; 0.1 |]
    match fit with
    | Succeeded x ->
        Assert.Equal(2.0, x[0], 6)
        Assert.Equal(tan 0.5, x[1], 6)
    | Failed (status, message) -> failwithf "%A: %s" status message

[<Fact>]
let ``List.reduce Matrix.mul multiplies in reverse order, List.reduce (*) in order`` () =
    let a = matrix [ [ 1.0; 2.0 ]; [ 0.0; 1.0 ] ]
    let b = matrix [ [ 0.0; 1.0 ]; [ 1.0; 0.0 ] ]
    let c = matrix [ [ 2.0; 0.0 ]; [ 0.0; 3.0 ] ]
    let inOrder = Matrix.toArray2D (a * b * c)
    Assert.Equal<float[,]>(inOrder, Matrix.toArray2D (List.reduce (*) [ a; b; c ]))
    Assert.Equal<float[,]>(Matrix.toArray2D (c * b * a), Matrix.toArray2D ([ a; b; c ] |> List.reduce Matrix.mul))
    Assert.NotEqual<float[,]>(inOrder, Matrix.toArray2D ([ a; b; c ] |> List.reduce Matrix.mul))

// The C# projects fail to build on a public member without XML docs (CS1591); F# has no such warning, so the
// facade's documentation is checked here, by name, against the XML file the build writes next to the DLL.
[<Fact>]
let ``every public type, function and property of the F# facade has an XML doc`` () =
    let assembly = typeof<Fit>.Assembly
    let xml = IO.Path.ChangeExtension(assembly.Location, ".xml")
    // Names without the parameter list or generic arity: F# writes a float[,] parameter as [0:] where C# writes [0:,0:].
    let documented =
        Xml.Linq.XDocument.Load(xml).Descendants(Xml.Linq.XName.Get "member")
        |> Seq.map (fun e ->
            let id = e.Attribute(Xml.Linq.XName.Get "name").Value
            let id = match id.IndexOf '(' with -1 -> id | i -> id.Substring(0, i)
            Text.RegularExpressions.Regex.Replace(id, "``\\d+$", ""))
        |> Set.ofSeq
    let generated (m: Reflection.MemberInfo) =
        m.IsDefined(typeof<Runtime.CompilerServices.CompilerGeneratedAttribute>, false)
        || List.contains m.Name [ "Equals"; "GetHashCode"; "CompareTo" ]
    let flags = Reflection.BindingFlags.Public ||| Reflection.BindingFlags.Static ||| Reflection.BindingFlags.Instance ||| Reflection.BindingFlags.DeclaredOnly
    let checkedNames, missing =
        [ for t in assembly.GetExportedTypes() do
              let name = t.FullName.Replace('+', '.')
              yield "T:" + name
              for m in t.GetMembers flags do
                  if not (generated m) then
                      match m with
                      | :? Reflection.MethodInfo as f when not f.IsSpecialName -> yield "M:" + name + "." + f.Name
                      | :? Reflection.PropertyInfo as p -> yield "P:" + name + "." + p.Name
                      | _ -> () ]
        |> List.distinct
        |> fun ids -> ids, ids |> List.filter (documented.Contains >> not)
    Assert.True(checkedNames.Length > 100, sprintf "only %d names found: the reflection filter is wrong" checkedNames.Length)
    Assert.True(List.isEmpty missing, sprintf "public facade members without XML docs:\n%s" (String.Join("\n", missing)))

[<Fact>]
let ``ofResult functions given a null C# result throw ArgumentNullException naming it, not NullReferenceException`` () =
    let named (call: unit -> obj) =
        let e = Assert.Throws<ArgumentNullException>(fun () -> call () |> ignore)
        Assert.Equal("result", e.ParamName)
    named (fun () -> box (Quad.ofResult null))
    named (fun () -> box (Quad.ofVectorResult null))
    named (fun () -> box (LeastSquares.ofResult null))
    named (fun () -> box (CurveFit.ofResult null))

[<Fact>]
let ``facade functions given a null function or fit throw ArgumentNullException naming it, not NullReferenceException`` () =
    // A null F# function reaches the facade from C# callers or Unchecked.defaultof; wrapping it in a Func threw a
    // NullReferenceException from inside the facade (Quad.integrate, LeastSquares.fit, Matrix.map, ...), and the interval
    // functions read fit.Raw before any check.
    let named (name: string) (call: unit -> obj) =
        let e = Assert.Throws<ArgumentNullException>(fun () -> call () |> ignore)
        Assert.Equal(name, e.ParamName)
    let f1 = Unchecked.defaultof<float -> float>
    let fv = Unchecked.defaultof<float -> float[]>
    let r = Unchecked.defaultof<float[] -> float[]>
    let rd = Unchecked.defaultof<Dual[] -> Dual[]>
    let model = Unchecked.defaultof<float -> float[] -> float>
    let fit = Unchecked.defaultof<CurveFitted>
    named "f" (fun () -> box (Quad.integrate f1 0.0 1.0))
    named "f" (fun () -> box (Quad.integrateWith QuadOptions.Default f1 0.0 1.0))
    named "f" (fun () -> box (Quad.pv f1 0.0 1.0 0.5))
    named "f" (fun () -> box (Quad.pvWith QuadOptions.Default f1 0.0 1.0 0.5))
    named "f" (fun () -> box (Quad.integrateWeighted (Weight.Sin 2.0) f1 0.0 1.0))
    named "f" (fun () -> box (Quad.integrateWeightedWith QuadOptions.Default (Weight.Sin 2.0) f1 0.0 1.0))
    named "f" (fun () -> box (Quad.integrateVector 2 fv 0.0 1.0))
    named "residuals" (fun () -> box (LeastSquares.fit r [| 1.0 |]))
    named "residuals" (fun () -> box (LeastSquares.fitWith (LevenbergMarquardtOptions()) r [| 1.0 |]))
    named "residuals" (fun () -> box (LeastSquares.fitDual rd [| 1.0 |]))
    named "residuals" (fun () -> box (LeastSquares.fitDualWith (LevenbergMarquardtOptions()) rd [| 1.0 |]))
    named "model" (fun () -> box (CurveFit.fit model [| 1.0; 2.0 |] [| 1.0; 2.0 |] [| 1.0 |]))
    named "fit" (fun () -> box (CurveFit.confidenceIntervals 0.95 fit))
    named "fit" (fun () -> box (CurveFit.confidenceBand 0.95 1.0 fit))
    named "fit" (fun () -> box (CurveFit.predictionBand 0.95 1.0 fit))
    named "fit" (fun () -> box (CurveFit.predictionBandWithSigma 0.1 0.95 1.0 fit))
    named "f" (fun () -> box (Matrix.map Unchecked.defaultof<float -> float> (Matrix.zeros 2 2)))
    named "f" (fun () -> box (Matrix.init 2 2 Unchecked.defaultof<int -> int -> float>))
    named "f" (fun () -> box (Matrix32.init 2 2 Unchecked.defaultof<int -> int -> float32>))

[<Fact>]
let ``the summary records, a VectorIntegral's counts and CurveFitted.Raw carry the numbers SciPy and the closed forms give`` () =
    // FitSummary: the closed-form regression of the README's quick start, ½Σr² = 0.041.
    let xs, ys = [| 0.0; 1.0; 2.0; 3.0 |], [| 1.1; 2.9; 5.2; 6.8 |]
    let fit = LeastSquares.fit (fun p -> Array.map2 (fun x y -> p[0] + p[1] * x - y) xs ys) [| 0.0; 0.0 |]
    close 1e-14 0.041 fit.Summary.Cost
    // CurveFitSummary and Raw: scipy.optimize.curve_fit on the package README's decay, p0 = (1, 1):
    // popt (2.003090826825256, 0.5113916291686956), perr (0.02959325, 0.01608488), Σr²/(m − n) = 0.0009564810453170844.
    let curve = CurveFit.fit (fun x p -> p[0] * exp (-p[1] * x)) xs [| 2.0; 1.2; 0.75; 0.4 |] [| 1.0; 1.0 |]
    let s = curve.Summary
    close 1e-7 2.003090826825256 s.X[0]
    close 1e-7 0.5113916291686956 s.X[1]
    close 1e-7 0.02959325 s.StandardErrors[0]
    close 1e-7 0.01608488 s.StandardErrors[1]
    close 1e-12 0.0009564810453170844 s.ReducedChiSquare
    Assert.Equal(2, s.DegreesOfFreedom)
    Assert.True(curve.Succeeded && s.Status = curve.Raw.LeastSquares.Status, s.Message)
    Assert.Equal(curve.Message, s.Message)
    // Raw is the C# result: its cost is ½Σr², i.e. ReducedChiSquare·(m − n)/2 for an unweighted fit.
    close 1e-12 (0.0009564810453170844 * 2.0 / 2.0) curve.Raw.LeastSquares.Cost
    // VectorIntegral: a polynomial integrand is exact on one 21-point Gauss–Kronrod interval (QUADPACK's qk21).
    let v = Quad.integrateVector 3 (fun x -> [| 1.0; x; x * x |]) 0.0 1.0
    Assert.Equal((21, 1), (v.Evaluations, v.Intervals))
    Assert.False(String.IsNullOrEmpty v.Message)
    Assert.Equal(QuadStatus.Converged, v.Status)

[<Fact>]
let ``a QuadResult built by hand from F#, as its docs say, goes through Quad.ofResult`` () =
    let r = QuadResult(Value = 0.5, AbsoluteError = 1e-15, Evaluations = 21, Intervals = 1, Status = QuadStatus.Converged, Message = "met")
    match Quad.ofResult r with
    | Converged value -> Assert.Equal(0.5, value)
    | NotConverged(status, message) -> failwithf "%A: %s" status message
    Assert.Equal(None, (Quad.ofResult r).FailureX)

[<Fact>]
let ``gradCheckWith takes GradCheckOptions set by name, and a looser step still passes a correct Dense`` () =
    let options = GradCheckOptions(Step = 1e-5, AbsoluteTolerance = 1e-6, RelativeTolerance = 1e-4, Seed = 7)
    let layer = Dense<float>(3, 2, seed = 1)
    let r = gradCheckWith options layer (Matrix.randomSeeded 3 4 3)
    Assert.True(r.Passed, sprintf "%O" r)
    // The documented defaults are PyTorch's gradcheck: eps 1e-6, atol 1e-5, rtol 1e-3.
    let d = GradCheckOptions()
    Assert.Equal((1e-6, 1e-5, 1e-3), (d.Step, d.AbsoluteTolerance, d.RelativeTolerance))
    Assert.Equal(1234, d.Seed)

[<Fact>]
let ``predictionBandWithSigma on a relatively weighted fit scales the new sigma by the reduced chi-square, as its doc says`` () =
    // scipy.optimize.curve_fit(sigma=[0.1]*4) (absolute_sigma False), p0 (1, 1); at x = 1, t(0.975, 2):
    // f ± t·√(gᵀ pcov g + s²·0.1²) with s² = Σ((f − y)/0.1)²/2 = (1.0474630399117544, 1.3548858247046551).
    let xs, ys = [| 0.0; 1.0; 2.0; 3.0 |], [| 2.0; 1.2; 0.75; 0.4 |]
    let fit = CurveFit.fitWith (CurveFitOptions(Sigma = Array.create 4 0.1)) (fun x p -> p[0] * exp (-p[1] * x)) xs ys [| 1.0; 1.0 |]
    let band = fit |> CurveFit.predictionBandWithSigma 0.1 0.95 1.0
    close 1e-6 1.0474630399117544 band.Lower
    close 1e-6 1.3548858247046551 band.Upper
    Assert.Throws<InvalidOperationException>(fun () -> fit |> CurveFit.predictionBand 0.95 1.0 |> ignore) |> ignore

/// The names of the parameters of the facade function moduleName.functionName, read from its compiled method.
let private parameterNames (moduleName: string) (functionName: string) =
    let facade = typeof<Integral>.Assembly.GetType("BlasNet.FSharp." + moduleName, true)
    facade.GetMethods(Reflection.BindingFlags.Public ||| Reflection.BindingFlags.Static)
    |> Array.filter (fun m -> m.Name = functionName)
    |> Array.collect (fun m -> m.GetParameters() |> Array.map (fun p -> p.Name))
    |> Set.ofArray

[<Fact>]
let ``a refused argument is named by a parameter the facade function has`` () =
    // Was: Matrix.zeros -1 2, Matrix.random, randomSeeded and init (and their Matrix32 twins) took m and n, but a
    // negative size was refused as "rows" or "columns" (the C# constructor's names), which F# tooling does not show.
    let cases : (string * string * (unit -> obj)) list =
        [ "Matrix", "zeros", (fun () -> box (Matrix.zeros -1 2))
          "Matrix", "zeros", (fun () -> box (Matrix.zeros 2 -1))
          "Matrix", "random", (fun () -> box (Matrix.random 2 -1))
          "Matrix", "randomSeeded", (fun () -> box (Matrix.randomSeeded 7 -3 2))
          "Matrix", "init", (fun () -> box (Matrix.init -1 2 (fun _ _ -> 0.0)))
          "Matrix", "identity", (fun () -> box (Matrix.identity -1))
          "Matrix32", "zeros", (fun () -> box (Matrix32.zeros 1 -2))
          "Matrix32", "random", (fun () -> box (Matrix32.random -1 1))
          "Matrix32", "randomSeeded", (fun () -> box (Matrix32.randomSeeded 7 1 -1))
          "Matrix32", "init", (fun () -> box (Matrix32.init 1 -1 (fun _ _ -> 0.0f)))
          "Matrix32", "identity", (fun () -> box (Matrix32.identity -2))
          "Quad", "integrate", (fun () -> box (Quad.integrate sin nan 1.0))
          "Quad", "integrateVector", (fun () -> box (Quad.integrateVector 0 (fun _ -> [||]) 0.0 1.0))
          // Was "c" (CauchyPrincipalValue's pole), which integrateWeighted does not have: the pole is the weight's.
          "Quad", "integrateWeighted", (fun () -> box (Quad.integrateWeighted (Weight.Cauchy 0.0) id 0.0 1.0))
          "Quad", "pv", (fun () -> box (Quad.pv id 0.0 1.0 1.0))
          "LeastSquares", "fit", (fun () -> box (LeastSquares.fit (fun p -> p) [| nan |]))
          "CurveFit", "fit", (fun () -> box (CurveFit.fit (fun _ p -> p[0]) [| 1.0; 2.0 |] [| 1.0 |] [| 1.0 |]))
          "Neural", "dense", (fun () -> box (dense -1 2 ()))
          "Neural", "layerNorm", (fun () -> box (layerNorm 0 ())) ]
    for moduleName, functionName, call in cases do
        let e = Assert.ThrowsAny<ArgumentException>(fun () -> call () |> ignore)
        let names = parameterNames moduleName functionName
        Assert.True(names.Contains e.ParamName, $"{moduleName}.{functionName} refused {e.ParamName}, which is not one of its parameters {names}")
    // The names F# tooling shows for the sizes.
    Assert.Equal<string list>([ "rows"; "columns" ], parameterNames "Matrix" "zeros" |> Set.toList |> List.sortDescending)
