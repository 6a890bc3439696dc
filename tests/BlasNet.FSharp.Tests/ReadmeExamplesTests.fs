/// The F# quick start of README.md, kept compiling and checked against hand-computed values.
module BlasNet.FSharp.Tests.ReadmeExamplesTests

open System
open Xunit
open BlasNet.FSharp
open BlasNet.FSharp.Neural

[<Fact>]
let ``README F# quick start: matrices`` () =
    let a = matrix [ [ 1.0; 2.0 ]; [ 3.0; 4.0 ] ]
    let b = Matrix.random 2 2
    let c = a * Matrix.transpose b + 2.0 * a
    let d = a |> Matrix.mul b |> Matrix.scale 0.5
    for i in 0..1 do
        for j in 0..1 do
            Assert.Equal(a[i, 0] * b[j, 0] + a[i, 1] * b[j, 1] + 2.0 * a[i, j], c[i, j], 12)
            Assert.Equal(0.5 * (a[i, 0] * b[0, j] + a[i, 1] * b[1, j]), d[i, j], 12)
    a[1, *] <- [| 5.0; 6.0 |]
    Assert.True(Matrix.equal a (matrix [ [ 1.0; 2.0 ]; [ 5.0; 6.0 ] ]))
    Assert.True(Matrix.approxEqual 1e-12 0.0 (a * Matrix.identity 2) a)

[<Fact>]
let ``README F# quick start: quadrature`` () =
    let value =
        match Quad.integrate (fun x -> exp -x) 0.0 infinity with
        | Converged value -> value
        | NotConverged(status, message) -> failwithf "%A: %s" status message
    Assert.Equal(1.0, value, 12)
    let pv = Quad.pv (fun _ -> 1.0) 0.0 2.0 0.5
    Assert.Equal(log 3.0, pv.Value, 12)
    let w = Quad.integrateWeighted (BlasNet.Quadrature.Weight.Sin 200.0) log 0.0 1.0
    Assert.Equal(-0.02939955738771298681869446, w.Value, 12) // mpmath, tests/data/qawo-reference.json

[<Fact>]
let ``README F# quick start: least squares`` () =
    let xs, ys = [| 0.0; 1.0; 2.0; 3.0 |], [| 1.1; 2.9; 5.2; 6.8 |]
    let fit = LeastSquares.fit (fun p -> Array.map2 (fun x y -> p[0] + p[1] * x - y) xs ys) [| 0.0; 0.0 |]
    // Closed form: slope = Sxy/Sxx = 9.7/5, intercept = ȳ − slope·x̄ = 4 − 1.94·1.5.
    Assert.Equal(1.09, fit.X[0], 8)
    Assert.Equal(1.94, fit.X[1], 8)
    let shown = sprintf "%A" fit
    // The README's comment: every number at round-trip precision.
    let roundTrip (x: float) = x.ToString("R", System.Globalization.CultureInfo.InvariantCulture)
    Assert.StartsWith("{ X = [|" + roundTrip fit.X[0] + "; " + roundTrip fit.X[1] + "|], ", shown)
    Assert.Contains("Cost = " + roundTrip fit.Cost + ",", shown)
    Assert.Equal(0.041, fit.Cost, 14)
    Assert.Contains("StandardErrors = Some", shown)

[<Fact>]
let ``README F# quick start: neural`` () =
    let model = sequential [ dense 2 16; relu; dense 16 1 ]
    let x = Matrix32.random 64 2
    let y = x |> Matrix.mul (matrix32 [ [ 1.0f ]; [ -2.0f ] ])
    let losses = train 200 model (mse ()) (adam 0.01 model) [ (x, y) ]
    Assert.Equal(200, losses.Length)
    Assert.True(List.last losses < 0.05 * List.head losses, sprintf "loss %g -> %g" (List.head losses) (List.last losses))

[<Fact>]
let ``README F# quick start: classification with layerNorm, gelu, dropout and crossEntropy`` () =
    let x = Matrix32.random 64 2
    let labels = [| for i in 0 .. 63 -> if x[i, 0] > x[i, 1] then 1 else 0 |]
    let clf = sequential [ dense 2 16; layerNorm 16; gelu; dropout 0.1; dense 16 2 ]
    let ce = train 100 clf (crossEntropy ()) (adam 0.01 clf) [ (x, labels) ]
    evalMode clf
    // In evaluation mode the model is deterministic, and the labels it was trained on are mostly predicted.
    let p = forward clf x
    let predicted = [| for i in 0 .. 63 -> if p[i, 1] > p[i, 0] then 1 else 0 |]
    Assert.Equal<float32[]>(p.ToArray(), (forward clf x).ToArray())
    Assert.True(List.last ce < 0.5 * List.head ce, sprintf "loss %g -> %g" (List.head ce) (List.last ce))
    Assert.True((Array.map2 (=) predicted labels |> Array.filter id |> Array.length) >= 58)

// ---- src/BlasNet.FSharp/README.md, the package's page: a reader pastes a block into FSI, so each one defines its data ----

/// The fsharp blocks of a package README copied into the test data (by default BlasNet.FSharp's), in order.
let private readmeBlocks (file: string) =
    let text = IO.File.ReadAllText(TestData.path file).Replace("\r\n", "\n")
    [ for m in Text.RegularExpressions.Regex.Matches(text, "```fsharp\n(.*?)```", Text.RegularExpressions.RegexOptions.Singleline) -> m.Groups[1].Value ]

let private packageReadmeBlocks () = readmeBlocks "BlasNet.FSharp.README.md"

/// Asserts that the block binds `definition` (a line of the block, verbatim) before its first use of `name`.
let private definesBeforeUse (block: string) (name: string) (definition: string) =
    let defined = block.IndexOf(definition + "\n", StringComparison.Ordinal)
    Assert.True(defined >= 0, $"the block does not define {name} with: {definition}")
    let firstUse = Text.RegularExpressions.Regex.Match(block, $@"(?<![\w.]){name}(?![\w'])")
    Assert.True(firstUse.Index >= defined, $"the block uses {name} before it defines it")

[<Fact>]
let ``package README example runs as it stands: its curve data are defined and its bands match SciPy`` () =
    let block = (packageReadmeBlocks ()).[0]
    // The lines below are the block's own: it used xs and ys without defining them (FS0039 when pasted into FSI).
    definesBeforeUse block "xs" "let xs, ys = [| 0.0; 1.0; 2.0; 3.0 |], [| 2.0; 1.2; 0.75; 0.4 |]"
    let xs, ys = [| 0.0; 1.0; 2.0; 3.0 |], [| 2.0; 1.2; 0.75; 0.4 |]
    let curve = CurveFit.fit (fun x p -> p[0] * exp (-p[1] * x)) xs ys [| 1.0; 1.0 |]
    let bands = [ for x in xs -> curve |> CurveFit.confidenceBand 0.95 x ]
    // scipy.optimize.curve_fit (popt, pcov), band = f(x) ± t(0.975, 2)·√(gᵀ pcov g), g = ∂f/∂p at popt.
    Assert.Equal(2.003090826825256, curve.X[0], 7)
    Assert.Equal(0.5113916291686956, curve.X[1], 7)
    let scipy = [ 1.8757613627298997, 2.1304202909206125; 1.1242327002254164, 1.2781161646447976
                  0.6358502476177073, 0.8047434566853169; 0.35350926498036017, 0.5103578657369872 ]
    for band, (lower, upper) in List.zip bands scipy do
        Assert.Equal(lower, band.Lower, 6)
        Assert.Equal(upper, band.Upper, 6)
    let fit = LeastSquares.fit (fun p -> [| p[0] - 3.0; p[1] + 1.0 |]) [| 0.0; 0.0 |]
    Assert.StartsWith("{ X = [|3.0; -1.0|], StandardErrors = None, Cost = 0.0, Status = GTol, ", sprintf "%A" fit)

[<Fact>]
let ``package README neural block runs as it stands: its input and labels are defined`` () =
    let block = (packageReadmeBlocks ()).[1]
    // It used x and labels without defining them (FS0039 when pasted into FSI).
    definesBeforeUse block "x" "let x = Matrix32.random 64 2"
    definesBeforeUse block "labels" "let labels = [| for i in 0 .. 63 -> if x[i, 0] > x[i, 1] then 1 else 0 |]"
    let x = Matrix32.random 64 2
    let labels = [| for i in 0 .. 63 -> if x[i, 0] > x[i, 1] then 1 else 0 |]
    let clf = sequential [ dense 2 16; layerNorm 16; gelu; dropout 0.1; dense 16 2 ]
    let losses = train 100 clf (crossEntropy ()) (adam 0.01 clf) [ (x, labels) ]
    evalMode clf
    let t = trainer (BlasNet.Neural.TrainerOptions(BlasNet.Neural.Precision.Mixed)) clf (adam 0.01 clf) (crossEntropy ())
    let s = trainStep t x labels
    Assert.True(List.last losses < 0.5 * List.head losses, sprintf "loss %g -> %g" (List.head losses) (List.last losses))
    Assert.True(Double.IsFinite s.Loss, sprintf "%A" s)

// ---- README.md's Quadrature block and the F# examples of the core, Quadrature and Optimization package READMEs,
// ---- each as it stands, checked against closed forms and mpmath (none of them ran in a test before)

[<Fact>]
let ``README Quadrature block: the seed principal value to 4e-16 in 270 evaluations, as the README says`` () =
    let r = BlasNet.Quadrature.Quad.Integrate((fun x -> exp -x), 0.0, infinity)
    Assert.Equal(BlasNet.Quadrature.QuadStatus.Converged, r.Status)
    Assert.Equal(1.0, r.Value, 14)
    let pv = BlasNet.Quadrature.Quad.CauchyPrincipalValue((fun s -> 1.0 / (s - 4.85124412e8)), 1.7909665929e10, infinity, 9e10)
    let exact = -1.58637357048562525e-11 // mpmath, tests/data/seed-cases.json
    Assert.Equal(BlasNet.Quadrature.QuadStatus.Converged, pv.Status)
    Assert.True(abs (pv.Value - exact) <= 1e-15 * abs exact, sprintf "%.17g" pv.Value)
    Assert.Equal(270, pv.Evaluations) // the count the README and the Figures table quote
    let tight = BlasNet.Quadrature.Quad.Integrate(sqrt, 0.0, 1.0, BlasNet.Quadrature.QuadOptions(RelativeTolerance = 1e-13))
    Assert.Equal(BlasNet.Quadrature.QuadStatus.Converged, tight.Status)
    Assert.True(abs (tight.Value - 2.0 / 3.0) <= 1e-13 * (2.0 / 3.0), sprintf "%.17g" tight.Value)

[<Fact>]
let ``core package README example: A·Aᵀ through GEMM gives 11 at [0, 1]`` () =
    let a = BlasNet.Matrix.FromArray2D (array2D [ [ 1.0; 2.0 ]; [ 3.0; 4.0 ] ])
    let c = BlasNet.Blas.Multiply(a, a.Transpose())
    Assert.Equal(11.0, c[0, 1]) // 1·3 + 2·4
    Assert.Equal(5.0, c[0, 0])
    Assert.Equal(25.0, c[1, 1])

[<Fact>]
let ``core package README tensor block: column-major Tensor.Create through GEMM from F# gives t tᵀ = [[35, 44], [44, 56]]`` () =
    // The block's statements, verbatim (the fsi test below runs the block itself): F# passes inputs as read-only
    // tensor spans, since it does not apply TensorSpan's implicit conversion (t.AsTensorSpan() there is FS0041).
    let block = readmeBlocks "BlasNet.README.md" |> List.find (fun b -> b.Contains "Tensor.Create")
    for line in [ "let t = Tensor.Create([| 1.0; 2.0; 3.0; 4.0; 5.0; 6.0 |], ReadOnlySpan [| 2n; 3n |], ReadOnlySpan [| 1n; 2n |])"
                  "let tm = Matrix.FromTensor t"
                  "let tt = Matrix<float>(2, 2)"
                  "Blas.Gemm(1.0, t.AsReadOnlyTensorSpan(), tm.Transpose().AsReadOnlyTensorSpan(), 0.0, tt.AsTensorSpan())" ] do
        Assert.Contains(line, block)
    let t = System.Numerics.Tensors.Tensor.Create([| 1.0; 2.0; 3.0; 4.0; 5.0; 6.0 |], ReadOnlySpan [| 2n; 3n |], ReadOnlySpan [| 1n; 2n |])
    let tm = BlasNet.Matrix.FromTensor t
    Assert.Equal<float[,]>(array2D [ [ 1.0; 3.0; 5.0 ]; [ 2.0; 4.0; 6.0 ] ], tm.ToArray2D())
    let tt = BlasNet.Matrix<float>(2, 2)
    BlasNet.Blas.Gemm(1.0, t.AsReadOnlyTensorSpan(), tm.Transpose().AsReadOnlyTensorSpan(), 0.0, tt.AsTensorSpan())
    // By hand: [1 3 5]·[1 3 5] = 35, [1 3 5]·[2 4 6] = 44, [2 4 6]·[2 4 6] = 56.
    Assert.Equal<float[,]>(array2D [ [ 35.0; 44.0 ]; [ 44.0; 56.0 ] ], tt.ToArray2D())

[<Fact>]
let ``Quadrature package README example: every integral it names has its closed-form or mpmath value`` () =
    let converged = BlasNet.Quadrature.QuadStatus.Converged
    let r = BlasNet.Quadrature.Quad.Integrate((fun x -> exp (-x * x)), -infinity, infinity)
    Assert.Equal(converged, r.Status)
    Assert.Equal(sqrt Math.PI, r.Value, 14)
    let pv = BlasNet.Quadrature.Quad.CauchyPrincipalValue((fun _ -> 1.0), 0.0, 3.0, 1.0)
    Assert.Equal(log 2.0, pv.Value, 14)
    let v =
        BlasNet.Quadrature.Quad.IntegrateVector(
            BlasNet.Quadrature.VectorIntegrand(fun x values -> for k in 0..9 do values.[k] <- x ** float k), 10, 0.0, 1.0)
    Assert.Equal(converged, v.Status)
    Assert.Equal(21, v.Evaluations) // "from the same 21 points"
    for k in 0..9 do
        Assert.Equal(1.0 / float (k + 1), v.Values[k], 14)
    let osc = BlasNet.Quadrature.Quad.Integrate(log, 0.0, 1.0, BlasNet.Quadrature.Weight.Sin 200.0)
    Assert.Equal(converged, osc.Status)
    Assert.Equal(-0.02939955738771298681869446, osc.Value, 13) // mpmath, tests/data/qawo-reference.json
    let dirichlet = BlasNet.Quadrature.Quad.Integrate((fun x -> 1.0 / x), 0.0, infinity, BlasNet.Quadrature.Weight.Sin 1.0)
    Assert.Equal(converged, dirichlet.Status)
    Assert.True(abs (dirichlet.Value - Math.PI / 2.0) <= 1e-10 * Math.PI / 2.0, sprintf "%.17g" dirichlet.Value)
    Assert.True(abs (dirichlet.Value - Math.PI / 2.0) <= dirichlet.AbsoluteError, "the error estimate covers the true error")

[<Fact>]
let ``Optimization package README example: the exact exponential data give X = [3, -0.5], also with the Huber loss`` () =
    let xs, ys = [| 0.0 .. 5.0 |], [| 0.0 .. 5.0 |] |> Array.map (fun x -> 3.0 * exp (-0.5 * x))
    let residuals (p: float[]) = Array.map2 (fun x y -> p[0] * exp (p[1] * x) - y) xs ys
    let fit = BlasNet.Optimization.LevenbergMarquardt.Solve(residuals, [| 1.0; 0.0 |])
    Assert.True(fit.Succeeded, sprintf "%O" fit)
    Assert.Equal(3.0, fit.X[0], 9)
    Assert.Equal(-0.5, fit.X[1], 9)
    Assert.StartsWith("LeastSquaresResult { Status = ", sprintf "%A" fit)
    let robust =
        BlasNet.Optimization.LevenbergMarquardt.Solve(
            residuals, [| 1.0; 0.0 |],
            BlasNet.Optimization.LevenbergMarquardtOptions(Loss = BlasNet.Optimization.RobustLoss.Huber, LossScale = 0.1))
    Assert.True(robust.Succeeded, sprintf "%O" robust)
    Assert.Equal(3.0, robust.X[0], 9)
    Assert.Equal(-0.5, robust.X[1], 9)

[<Fact>]
let ``Optimization package README blocks run pasted in order: data, x0 and sigma are defined, and the bands match SciPy`` () =
    // The blocks after the Example used data, x0 and sigma that nothing defined (FS0039 when pasted into FSI).
    let blocks = String.Join("\n", readmeBlocks "BlasNet.Optimization.README.md")
    definesBeforeUse blocks "data" "let data, x0 = Array.zip xs ys, [| 1.0; 1.0 |]        // the Example's points as (t, y) pairs"
    definesBeforeUse blocks "x0" "let data, x0 = Array.zip xs ys, [| 1.0; 1.0 |]        // the Example's points as (t, y) pairs"
    definesBeforeUse blocks "sigma" "let sigma = Array.create xs.Length 0.1             // each point's standard deviation"
    let xs, ys = [| 0.0 .. 5.0 |], [| 0.0 .. 5.0 |] |> Array.map (fun x -> 3.0 * exp (-0.5 * x))
    let data, x0 = Array.zip xs ys, [| 1.0; 1.0 |]
    let dual = BlasNet.Optimization.LevenbergMarquardt.Solve((fun (p: BlasNet.Optimization.Dual[]) -> [| for t, y in data -> p[0] * exp (-p[1] * t) - y |]), x0)
    Assert.True(dual.Succeeded, sprintf "%O" dual)
    Assert.Equal(3.0, dual.X[0], 10)
    Assert.Equal(0.5, dual.X[1], 10)
    let sigma = Array.create xs.Length 0.1
    let fit = BlasNet.Optimization.CurveFit.Fit((fun x (p: float[]) -> p[0] * exp (-p[1] * x)), xs, ys, [| 1.0; 1.0 |],
                                                BlasNet.Optimization.CurveFitOptions(Sigma = sigma, AbsoluteSigma = true))
    let intervals = fit.ConfidenceIntervals 0.95
    let band = fit.ConfidenceBand(2.5, 0.95)
    let next = fit.PredictionBand(2.5, 0.95, 0.1)
    // scipy.optimize.curve_fit(sigma=0.1, absolute_sigma=True): popt (3, 0.5), perr (0.09375006, 0.02910841);
    // t(0.975, 4) bands at x = 2.5: confidence f ± t·√(gᵀ pcov g), prediction f ± t·√(gᵀ pcov g + 0.1²).
    Assert.Equal(0.09375006, fit.StandardErrors[0], 7)
    Assert.Equal(0.02910841, fit.StandardErrors[1], 7)
    Assert.Equal(3.0 - 2.7764451051977987 * 0.09375006, intervals[0].Lower, 6)
    Assert.Equal(0.7110620898262865, band.Lower, 8)
    Assert.Equal(1.007966691334854, band.Upper, 8)
    Assert.Equal(0.5446738598018783, next.Lower, 8)
    Assert.Equal(1.1743549213592621, next.Upper, 8)

[<Fact>]
let ``README Optimization block runs as it stands: its residuals are defined and the exact decay data give X = [2, 1.3, 0.5]`` () =
    // It called LevenbergMarquardt.Solve(residuals, ...) with no residuals defined (FS0039 when pasted into FSI).
    let block = (readmeBlocks "docs/README.md") |> List.find (fun b -> b.Contains "LevenbergMarquardtOptions(XTol = 1e-12)")
    definesBeforeUse block "residuals" "let residuals (p: float[]) = Array.map2 (fun t y -> p[0] * exp (-p[1] * t) + p[2] - y) ts ys"
    definesBeforeUse block "ts" "let ts = [| 0.0 .. 0.5 .. 4.5 |]"
    let ts = [| 0.0 .. 0.5 .. 4.5 |]
    let ys = [| for t in ts -> 2.0 * exp (-1.3 * t) + 0.5 |]
    let residuals (p: float[]) = Array.map2 (fun t y -> p[0] * exp (-p[1] * t) + p[2] - y) ts ys
    let fit = BlasNet.Optimization.LevenbergMarquardt.Solve(residuals, [| 1.0; 1.0; 1.0 |], BlasNet.Optimization.LevenbergMarquardtOptions(XTol = 1e-12))
    Assert.True(fit.Succeeded, sprintf "%O" fit)
    Assert.Equal(2.0, fit.X[0], 10)
    Assert.Equal(1.3, fit.X[1], 10)
    Assert.Equal(0.5, fit.X[2], 10)
    Assert.Equal(3, fit.Rank)
    Assert.Equal(10, fit.CopyJacobian().Rows)
    Assert.Contains("Jacobian = 10×3", sprintf "%A" fit)

// ---- Every fsharp block of every README, compiled and run by dotnet fsi as a reader pastes it ----

/// The READMEs copied into the test data: the repository's and each package's.
let private allReadmes =
    [ "docs/README.md"; "BlasNet.README.md"; "BlasNet.Neural.README.md"; "BlasNet.Quadrature.README.md"
      "BlasNet.Optimization.README.md"; "BlasNet.FSharp.README.md"; "BlasNet.MathNetInterop.README.md" ]

[<Fact>]
let ``every fsharp block of every README compiles and runs in dotnet fsi as it stands`` () =
    // The tests above copy the blocks' lines, so a README edited after them kept passing; this runs the text itself.
    // One script per README, its blocks in order with ;; between them, as pasted into FSI one after another (a later
    // block may use an earlier one's values and rebind its names). Warnings are errors: an implicit conversion (FS3391)
    // that a reader's warnings-as-errors project would refuse fails here too.
    let outputDirectory = AppContext.BaseDirectory
    let references =
        [ "System.Numerics.Tensors"; "BlasNet"; "BlasNet.Neural"; "BlasNet.Quadrature"; "BlasNet.Optimization"; "BlasNet.FSharp"
          "MathNet.Numerics"; "BlasNet.MathNetInterop" ]
        |> List.map (fun name -> sprintf "#r @\"%s\"" (IO.Path.Combine(outputDirectory, name + ".dll")))
    let directory = IO.Directory.CreateTempSubdirectory("blasnet-readme-fsi-")
    try
        let scripts =
            [ for readme in allReadmes do
                  match readmeBlocks readme with
                  | [] -> ()
                  | blocks ->
                      let script = IO.Path.Combine(directory.FullName, readme.Replace('/', '_') + ".fsx")
                      let body = blocks |> List.mapi (fun i block -> sprintf "// %s, fsharp block %d\n%s" readme (i + 1) block)
                      IO.File.WriteAllText(script, String.Join("\n", references) + "\n" + String.Join("\n;;\n", body) + "\n;;\n")
                      yield readme, script ]
        // The repository README and three package READMEs hold F# blocks today; none silently dropped out of the run.
        Assert.True(scripts.Length >= 4, sprintf "only %d READMEs with fsharp blocks: %A" scripts.Length (List.map fst scripts))
        let host = match Environment.GetEnvironmentVariable "DOTNET_HOST_PATH" with | null | "" -> "dotnet" | path -> path
        // One process per README (so one README's opens cannot stand in for another's), all at once.
        let run (readme: string, script: string) =
            task {
                let start = Diagnostics.ProcessStartInfo(host, [ "fsi"; "--quiet"; "--warnaserror+"; script ])
                start.RedirectStandardOutput <- true
                start.RedirectStandardError <- true
                use fsi = Diagnostics.Process.Start start
                let output = fsi.StandardOutput.ReadToEndAsync()
                let errors = fsi.StandardError.ReadToEndAsync()
                use timeout = new Threading.CancellationTokenSource(TimeSpan.FromMinutes 5.0)
                try
                    do! fsi.WaitForExitAsync timeout.Token
                with :? OperationCanceledException ->
                    fsi.Kill true
                    failwithf "%s: dotnet fsi did not finish in 5 minutes" readme
                let! output = output
                let! errors = errors
                return readme, fsi.ExitCode, errors + "\n" + output
            }
        let results = Threading.Tasks.Task.WhenAll(scripts |> List.map run).Result
        for readme, exitCode, text in results do
            Assert.True((exitCode = 0), sprintf "%s: dotnet fsi exited with %d\n%s" readme exitCode text)
    finally
        directory.Delete true
