module BlasNet.FSharp.Tests.PrintingTests

// What an F# user sees of a result: `printfn "%A"` and the FSI echo must show the numbers, not type names,
// and reading a result's vectors must not copy them. The numbers are parsed back out of the text and compared
// with the fields, so the tests check that the text carries the values, not one particular layout.

open System
open System.Globalization
open System.Text.RegularExpressions
open Xunit
open BlasNet
open BlasNet.Neural
open BlasNet.Quadrature
open BlasNet.Optimization

let private number (s: string) =
    Double.Parse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture)

/// The text after "name = " up to the next ", " or " }" (a scalar field of the printed record).
let private field (name: string) (text: string) =
    let m = Regex.Match(text, "\\b" + name + " = ([^,}]*?)(, | })")
    Assert.True(m.Success, sprintf "no %s in %s" name text)
    m.Groups.[1].Value

/// The values of a printed list "name = [a, b, c]".
let private list (name: string) (text: string) =
    let m = Regex.Match(text, "\\b" + name + " = \\[([^\\]]*)\\]")
    Assert.True(m.Success, sprintf "no list %s in %s" name text)
    m.Groups.[1].Value.Split(", ", StringSplitOptions.RemoveEmptyEntries)

let private noTypeNames (text: string) =
    Assert.DoesNotContain("System.", text)
    // An array type's name ("Double[]", "String[]"); an empty list prints as "= []".
    Assert.False(Regex.IsMatch(text, "\\w\\[\\]"), text)

// y = 2 − 1.3·t sampled exactly at 20 points: the fit's X is (2, −1.3) to rounding.
let private line () =
    let t = Array.init 20 float
    let y = t |> Array.map (fun t -> 2.0 - 1.3 * t)
    LevenbergMarquardt.Solve((fun (p: float[]) -> Array.init 20 (fun i -> p.[0] + p.[1] * t.[i] - y.[i])), [| 1.0; 1.0 |])

[<Fact>]
let ``%A of a LeastSquaresResult shows X, standard errors and cost as values and the Jacobian by its shape`` () =
    let r = line ()
    let text = sprintf "%A" r
    noTypeNames text
    Assert.Equal<float seq>(r.X, list "X" text |> Array.map number)
    Assert.Equal(2.0, r.X.[0], 9)
    Assert.Equal(-1.3, r.X.[1], 9)
    Assert.Equal<float seq>(r.StandardErrors, list "StandardErrors" text |> Array.map number)
    Assert.Equal(r.Cost, field "Cost" text |> number)
    Assert.Equal(string r.Status, field "Status" text)
    Assert.Equal(r.Rank, field "Rank" text |> int)
    Assert.Equal(r.Evaluations, field "Evaluations" text |> int)
    // m×n by shape, computed from the data (20 residuals, 2 parameters), never the 40 numbers.
    Assert.Equal("20×2", field "Jacobian" text)
    Assert.Equal("2×2", field "Covariance" text)
    // The first 10 of the 20 residuals, then the count.
    let residuals = list "Residuals" text
    Assert.Equal(11, residuals.Length)
    Assert.Equal("… (20 values)", residuals.[10])
    Assert.Equal<float seq>(Seq.take 10 r.Residuals, residuals |> Array.take 10 |> Array.map number)
    Assert.Equal(text, r.ToString())

[<Fact>]
let ``a LeastSquaresResult's vectors are views: the same instance every time, no allocation`` () =
    let r = line ()
    Assert.Same(r.X, r.X)
    Assert.Same(r.Residuals, r.Residuals)
    Assert.Same(r.StandardErrors, r.StandardErrors)
    let mutable sum = 0.0
    let before = GC.GetAllocatedBytesForCurrentThread()
    for _ in 1 .. 1000 do
        sum <- sum + r.X.[0] + r.Residuals.[19] + r.StandardErrors.[1]
    let allocated = GC.GetAllocatedBytesForCurrentThread() - before
    Assert.Equal(0L, allocated)
    Assert.True(Double.IsFinite sum)
    // A view cannot be written through: the result stays immutable.
    Assert.Throws<NotSupportedException>(fun () -> (r.X :?> Collections.Generic.IList<float>).[0] <- 0.0) |> ignore
    // The matrices are copied only when asked, and each copy is the caller's own.
    let j = r.CopyJacobian()
    Assert.Equal(20, j.Rows)
    Assert.Equal(2, j.Columns)
    // Forward differences of a linear residual: exact to about √ε.
    Assert.Equal(1.0, j.[5, 0], 7) // ∂r/∂p0 = 1
    Assert.Equal(5.0, j.[5, 1], 7) // ∂r/∂p1 = t
    j.[5, 0] <- 42.0
    Assert.Equal(1.0, r.CopyJacobian().[5, 0], 7)
    Assert.True(r.HasCovariance)
    Assert.Equal(2, r.CopyCovariance().Rows)

[<Fact>]
let ``the F# Fit still prints its summary`` () =
    let fit = BlasNet.FSharp.LeastSquares.fit (fun p -> [| p.[0] - 3.0; p.[1] + 0.5; p.[0] + p.[1] - 2.5 |]) [| 0.0; 0.0 |]
    let text = sprintf "%A" fit
    Assert.Contains("X = [|", text)
    Assert.DoesNotContain("System.Double[]", text)
    Assert.DoesNotContain("Raw", text)

[<Fact>]
let ``%A of a QuadResult shows the value, the error and FailureX as a value or none`` () =
    let ok = Quad.Integrate(sin, 0.0, Math.PI)
    let text = sprintf "%A" ok
    noTypeNames text
    Assert.Equal(ok.Value, field "Value" text |> number)
    Assert.Equal(2.0, ok.Value, 12) // ∫₀^π sin = 2
    Assert.Equal(ok.AbsoluteError, field "AbsoluteError" text |> number)
    Assert.Equal(ok.Evaluations, field "Evaluations" text |> int)
    Assert.Equal("none", field "FailureX" text)
    Assert.Equal("Converged", field "Status" text)

[<Fact>]
let ``%A of a non-finite integrand shows where it failed, at round-trip precision`` () =
    let r = Quad.Integrate((fun x -> if x > 0.75 then nan else 1.0), 0.0, 1.0)
    Assert.Equal(QuadStatus.NonFiniteIntegrand, r.Status)
    let text = sprintf "%A" r
    let x = field "FailureX" text |> number
    Assert.True(x > 0.75)
    Assert.Equal(r.FailureX.Value, x)

[<Fact>]
let ``%A of StepReport, GradCheckResult and the gradient health report show names and numbers`` () =
    let a = Dense<float>(3, 4, seed = 1, name = "a")
    let unused = Dense<float>(2, 2, seed = 2, name = "unused")
    let model = Sequential<float>(a, Relu<float>(), Dense<float>(4, 2, seed = 3, name = "b"))
    let x = Matrix.Create(5, 3, fun i j -> 0.2 * float (i - j) + 0.1)
    let sgd = Sgd<float>(Seq.append model.Parameters unused.Parameters)
    sgd.ZeroGrad()
    let mse = MeanSquaredError<float>()
    mse.Forward(model.Forward x, Matrix.Zeros<float>(5, 2)) |> ignore
    model.Backward(mse.Backward()) |> ignore
    let health = GradientHealth.Of model
    let report = sgd.Step()
    let text = sprintf "%A" report
    noTypeNames text
    Assert.Equal<string seq>(report.Updated, list "Updated" text)
    Assert.Equal<string seq>([ "unused.weight"; "unused.bias" ], list "SkippedWithoutGradient" text)

    let check = GradCheck.Check(model, x)
    let checkText = sprintf "%A" check
    Assert.Equal(check.MaxAbsoluteError, field "MaxAbsoluteError" checkText |> number)
    Assert.Equal(check.MaxRelativeError, field "MaxRelativeError" checkText |> number)
    Assert.Equal(check.EntriesChecked, field "EntriesChecked" checkText |> int)

    let healthText = sprintf "%A" health
    noTypeNames healthText
    for layer in health.Layers do Assert.Contains(layer.Layer, healthText)
    let dense = health.Layers.[0]
    let rowText = sprintf "%A" dense
    Assert.True(dense.GradientNorm.HasValue, healthText)
    noTypeNames rowText
    Assert.Equal(dense.GradientNorm.Value, field "GradientNorm" rowText |> number)
    Assert.Equal("none", field "DeadReluFraction" rowText)
    Assert.Empty(list "ParametersWithoutGradient" rowText)
    let relu = health.Layers.[1]
    match Option.ofNullable relu.DeadReluFraction with
    | Some f -> Assert.Equal(f, field "DeadReluFraction" (sprintf "%A" relu) |> number)
    | None -> Assert.Equal("none", field "DeadReluFraction" (sprintf "%A" relu))

[<Fact>]
let ``%A of a TrainingStep shows the loss and the scale`` () =
    let step = TrainingStep(0.1 + 0.2, 65536.0, SkipReason.None, 0)
    let text = sprintf "%A" step
    Assert.Equal(0.1 + 0.2, field "Loss" text |> number) // 0.30000000000000004: round-trip precision
    Assert.Equal(65536.0, field "LossScale" text |> number)
    Assert.Equal("True", field "Stepped" text)

[<Fact>]
let ``%A of the LAPACK results shows permutation, diagonal and rank; the views do not copy`` () =
    let a = Matrix.FromArray2D(array2D [ [ 1.0; 2.0 ]; [ 1.0; 3.0 ]; [ 1.0; 4.0 ]; [ 1.0; 5.0 ] ])
    let qr = Lapack.QrPivoted a
    let text = sprintf "%A" qr
    noTypeNames text
    Assert.Equal<int seq>(qr.Permutation, list "Permutation" text |> Array.map int)
    Assert.Equal<float seq>(qr.RDiagonal, list "RDiagonal" text |> Array.map number)
    Assert.Equal(sqrt (4.0 + 9.0 + 16.0 + 25.0), qr.RDiagonal.[0], 12) // the larger column's norm comes first
    Assert.Equal(2, field "Rank" text |> int)
    Assert.Equal("2×2", field "R" text)
    Assert.Same(qr.Permutation, qr.Permutation)
    Assert.Same(qr.RDiagonal, qr.RDiagonal)
    let chol = Lapack.Cholesky(Matrix.FromArray2D(array2D [ [ 4.0; 2.0 ]; [ 2.0; 5.0 ] ]))
    Assert.Equal("2×2", field "L" (sprintf "%A" chol))

[<Fact>]
let ``the F# Integral still prints its value and FailureX as an option`` () =
    let i = BlasNet.FSharp.Quad.integrate sin 0.0 Math.PI
    let text = sprintf "%A" i
    Assert.Contains("FailureX = None", text)
    Assert.Equal(2.0, i.Value, 12)
    Assert.DoesNotContain("System.", text)

[<Fact>]
let ``properties that form or copy a matrix are hidden from the FSI echo`` () =
    // FSI lists every public property not marked DebuggerBrowsable(Never) after the ToString line.
    let hidden (t: Type) name =
        t.GetProperty(name).GetCustomAttributes(typeof<Diagnostics.DebuggerBrowsableAttribute>, false)
        |> Array.exists (fun a -> (a :?> Diagnostics.DebuggerBrowsableAttribute).State = Diagnostics.DebuggerBrowsableState.Never)
    Assert.True(hidden typeof<LeastSquaresResult> "Jacobian")
    Assert.True(hidden typeof<LeastSquaresResult> "Covariance")
    Assert.True(hidden typeof<PivotedQr> "R")
    Assert.True(hidden typeof<CholeskyFactor> "L")
    Assert.False(hidden typeof<LeastSquaresResult> "X")

[<Fact>]
let ``FSI echoes a matrix as its ToString only, not followed by a property list; the debugger view keeps shape and values`` () =
    // FSI echoes `Matrix.random 2 2;;` (bound to it) and a matrix inside an option, array or record as ToString()
    // followed by every public property and field not marked DebuggerBrowsable(Never); it printed
    // "{Columns = 2; IsTransposed = false; Item = ?; LeadingDimension = 2; …}" after the shape ToString already shows.
    let listed (t: Type) =
        let browsable (m: Reflection.MemberInfo) =
            m.GetCustomAttributes(typeof<Diagnostics.DebuggerBrowsableAttribute>, false)
            |> Array.forall (fun a -> (a :?> Diagnostics.DebuggerBrowsableAttribute).State <> Diagnostics.DebuggerBrowsableState.Never)
        [ for p in t.GetProperties(Reflection.BindingFlags.Instance ||| Reflection.BindingFlags.Public) do if browsable p then p.Name
          for f in t.GetFields(Reflection.BindingFlags.Instance ||| Reflection.BindingFlags.Public) do if browsable f then f.Name ]
    Assert.Empty(listed typeof<Matrix<float>>)
    Assert.Empty(listed typeof<Matrix<float32>>)
    // The debugger shows the proxy instead: the shape and the values as seen (here of a transposed view).
    let proxy =
        typeof<Matrix<float>>.GetCustomAttributes(typeof<Diagnostics.DebuggerTypeProxyAttribute>, false)
        |> Array.exactlyOne :?> Diagnostics.DebuggerTypeProxyAttribute
    let a = BlasNet.Matrix.FromArray2D(array2D [ [ 1.0; 2.0; 3.0 ]; [ 4.0; 5.0; 6.0 ] ]).Transpose()
    let view = Activator.CreateInstance(Type.GetType(proxy.ProxyTypeName, true).MakeGenericType(typeof<float>), [| box a |])
    let read name = view.GetType().GetProperty(name).GetValue(view)
    Assert.Equal(box 3, read "Rows")
    Assert.Equal(box 2, read "Columns")
    Assert.Equal(box true, read "IsTransposed")
    Assert.Equal<float[,]>(array2D [ [ 1.0; 4.0 ]; [ 2.0; 5.0 ]; [ 3.0; 6.0 ] ], read "Values" :?> float[,])

[<Fact>]
let ``results built by hand print their values: GradCheckResult and BlasProviderInfo`` () =
    // The positional constructors an F# user reaches for when faking a result in a test of their own.
    let check = GradCheckResult(false, 0.5, 0.25, "w[0, 1]", 4, 1, Note = "training mode")
    Assert.Equal("GradCheckResult { Passed = False, MaxAbsoluteError = 0.5, MaxRelativeError = 0.25, WorstEntry = w[0, 1], EntriesChecked = 4, Failures = 1, Note = training mode }",
                 check.ToString())
    let managed = BlasProviderInfo("Managed", null, "blocked SIMD kernels", false, false, null, [| "libopenblas.so.0: not found" |], "asked for")
    Assert.Equal("Managed — blocked SIMD kernels [asked for]", managed.ToString())
    Assert.Equal<string seq>([ "libopenblas.so.0: not found" ], managed.SearchLog)
    let native = BlasProviderInfo("OpenBLAS", "/lib/libopenblas.so.0", "Haswell", true, true, "Haswell", [||], "first found")
    Assert.Equal("OpenBLAS (/lib/libopenblas.so.0) Haswell [first found]", native.ToString())
