module BlasNet.FSharp.Tests.FacadeArgumentNames48Tests

// Audit 48: an F# user calling the facade with bad input must get an ArgumentException whose ParamName is a parameter of
// the F# function called, as that function spells it (xs, not C#'s x; options, not C#'s LearningRate), so the parameter
// names allowed are read from the compiled functions, not written here. Where the facade forwards to C# unchanged, this
// checks that the C# name and the F# one agree. A size error's message must state the size passed.

open System
open System.Reflection
open System.Text.RegularExpressions
open Xunit
open BlasNet
open BlasNet.Neural
open BlasNet.Quadrature
open BlasNet.Optimization
open BlasNet.FSharp
open BlasNet.FSharp.Neural

/// The parameter names of the F# function moduleName.functionName (every compiled overload of it).
let private parameterNames (moduleName: string) (functionName: string) : Set<string> =
    let facade = typeof<CurveFitted>.Assembly
    facade.GetTypes()
    |> Array.filter (fun t -> t.FullName = "BlasNet.FSharp." + moduleName || t.FullName = "BlasNet.FSharp." + moduleName + "Module")
    |> Array.collect (fun t -> t.GetMethods(BindingFlags.Public ||| BindingFlags.Static))
    |> Array.filter (fun m -> m.Name = functionName)
    |> Array.collect (fun m -> m.GetParameters() |> Array.map (fun p -> p.Name))
    |> Set.ofArray

type private Case = { Module: string; Function: string; Sizes: int list; Call: unit -> obj }

let private case moduleName functionName sizes (call: unit -> 'a) =
    { Module = moduleName; Function = functionName; Sizes = sizes; Call = fun () -> box (call ()) }

let private line = Func<float, float>(fun x -> 1.0 + x)
let private wide = Matrix.zeros 3 5
let private square = Matrix.zeros 4 4
let private linearFit = CurveFit.fit (fun x p -> p[0] + p[1] * x) [| 0.0; 1.0; 2.0; 3.0 |] [| 1.0; 3.1; 4.9; 7.2 |] [| 1.0; 1.0 |]
let private model64 () = sequential [ Neural64.denseSeeded 1 4 4 ]
let private nothing<'T> : 'T = Unchecked.defaultof<'T>

let private cases : Case list =
    [ // Matrix and literals
      case "Matrix" "zeros" [] (fun () -> Matrix.zeros -1 2)
      case "Matrix" "zeros" [] (fun () -> Matrix.zeros 2 -1)
      case "Matrix" "identity" [] (fun () -> Matrix.identity -1)
      case "Matrix" "random" [] (fun () -> Matrix.random -1 2)
      case "Matrix" "randomSeeded" [] (fun () -> Matrix.randomSeeded 1 2 -1)
      case "Matrix" "init" [] (fun () -> Matrix.init -1 2 (fun _ _ -> 0.0))
      case "Matrix" "init" [] (fun () -> Matrix.init 2 2 nothing)
      case "Matrix" "ofArray2D" [] (fun () -> Matrix.ofArray2D nothing)
      case "Matrix" "ofRows" [] (fun () -> Matrix.ofRows (nothing: float[][]))
      case "Matrix" "ofRows" [ 1; 2 ] (fun () -> Matrix.ofRows [ [ 1.0 ]; [ 1.0; 2.0 ] ])
      case "Matrix" "ofColumn" [] (fun () -> Matrix.ofColumn (nothing: float[]))
      case "Matrix" "toRows" [] (fun () -> Matrix.toRows (nothing: Matrix<float>))
      case "Matrix" "toArray2D" [] (fun () -> Matrix.toArray2D (nothing: Matrix<float>))
      case "Matrix" "toArray" [] (fun () -> Matrix.toArray (nothing: Matrix<float>))
      case "Matrix" "transpose" [] (fun () -> Matrix.transpose (nothing: Matrix<float>))
      case "Matrix" "mul" [ 3; 5 ] (fun () -> square |> Matrix.mul wide)
      case "Matrix" "mul" [] (fun () -> square |> Matrix.mul nothing)
      case "Matrix" "add" [ 3; 5 ] (fun () -> square |> Matrix.add wide)
      case "Matrix" "sub" [ 3; 5 ] (fun () -> square |> Matrix.sub wide)
      case "Matrix" "sub" [] (fun () -> nothing |> Matrix.sub square)
      case "Matrix" "hadamard" [ 3; 5 ] (fun () -> square |> Matrix.hadamard wide)
      case "Matrix" "hadamard" [] (fun () -> square |> Matrix.hadamard nothing)
      case "Matrix" "hadamard" [] (fun () -> nothing |> Matrix.hadamard square)
      case "Matrix" "scale" [] (fun () -> Matrix.scale 2.0 (nothing: Matrix<float>))
      case "Matrix" "map" [] (fun () -> Matrix.map nothing square)
      case "Matrix" "map" [] (fun () -> Matrix.map id (nothing: Matrix<float>))
      case "Matrix" "rows" [] (fun () -> Matrix.rows (nothing: Matrix<float>))
      case "Matrix" "columns" [] (fun () -> Matrix.columns (nothing: Matrix<float>))
      case "Matrix32" "zeros" [] (fun () -> Matrix32.zeros -1 2)
      case "Matrix32" "init" [] (fun () -> Matrix32.init 2 -1 (fun _ _ -> 0.0f))
      case "Matrix32" "ofArray2D" [] (fun () -> Matrix32.ofArray2D nothing)
      case "MatrixLiterals" "matrix" [ 1; 2 ] (fun () -> matrix [ [ 1.0 ]; [ 1.0; 2.0 ] ])
      case "MatrixLiterals" "matrix32" [ 1; 2 ] (fun () -> matrix32 [ [ 1.0f; 2.0f ]; [ 1.0f ] ])
      // Quadrature
      case "Quad" "integrate" [] (fun () -> Quad.integrate nothing 0.0 1.0)
      case "Quad" "integrate" [] (fun () -> Quad.integrate line.Invoke nan 1.0)
      case "Quad" "integrate" [] (fun () -> Quad.integrate line.Invoke 0.0 nan)
      case "Quad" "integrateWith" [] (fun () -> Quad.integrateWith (QuadOptions(RelativeTolerance = -1.0)) line.Invoke 0.0 1.0)
      case "Quad" "integrateWith" [] (fun () -> Quad.integrateWith (QuadOptions(MaxIntervals = 0)) line.Invoke 0.0 1.0)
      case "Quad" "integrateWith" [] (fun () -> Quad.integrateWith (QuadOptions(Breakpoints = [| 2.0 |])) line.Invoke 0.0 1.0)
      case "Quad" "pv" [] (fun () -> Quad.pv line.Invoke 0.0 1.0 0.0)
      case "Quad" "pv" [] (fun () -> Quad.pv line.Invoke 0.0 1.0 nan)
      case "Quad" "pvWith" [] (fun () -> Quad.pvWith (QuadOptions(Breakpoints = [| 0.5 |])) line.Invoke 0.0 1.0 0.5)
      case "Quad" "integrateWeighted" [] (fun () -> Quad.integrateWeighted nothing line.Invoke 0.0 1.0)
      case "Quad" "integrateWeighted" [] (fun () -> Quad.integrateWeighted (Weight.Algebraic(0.5, 0.5)) line.Invoke 0.0 infinity)
      case "Quad" "integrateWeightedWith" [] (fun () -> Quad.integrateWeightedWith (QuadOptions(Breakpoints = [| 0.5 |])) (Weight.Algebraic(0.5, 0.5)) line.Invoke 0.0 1.0)
      case "Quad" "integrateVector" [] (fun () -> Quad.integrateVector -1 (fun x -> [| x |]) 0.0 1.0)
      case "Quad" "integrateVector" [ 3 ] (fun () -> Quad.integrateVector 2 (fun x -> [| x; x; x |]) 0.0 1.0)
      case "Quad" "integrateVector" [] (fun () -> Quad.integrateVector 2 nothing 0.0 1.0)
      case "Quad" "integrateVectorWith" [] (fun () -> Quad.integrateVectorWith (QuadOptions(AbsoluteTolerance = nan)) 1 (fun x -> [| x |]) 0.0 1.0)
      // Least squares and curve fitting
      case "LeastSquares" "fit" [] (fun () -> LeastSquares.fit nothing [| 1.0 |])
      case "LeastSquares" "fit" [] (fun () -> LeastSquares.fit (fun x -> x) nothing)
      case "LeastSquares" "fit" [] (fun () -> LeastSquares.fit (fun x -> x) [| nan |])
      case "LeastSquares" "fit" [ 1; 2 ] (fun () -> LeastSquares.fit (fun x -> [| x[0] |]) [| 1.0; 2.0 |])
      case "LeastSquares" "fitWith" [] (fun () -> LeastSquares.fitWith (LevenbergMarquardtOptions(XTol = -1.0)) (fun x -> x) [| 1.0 |])
      case "LeastSquares" "fitWith" [] (fun () -> LeastSquares.fitWith (LevenbergMarquardtOptions(LowerBounds = [| 1.0; 2.0 |])) (fun x -> x) [| 1.0 |])
      case "LeastSquares" "fitDual" [] (fun () -> LeastSquares.fitDual nothing [| 1.0 |])
      case "LeastSquares" "fitDualWith" [] (fun () -> LeastSquares.fitDualWith (LevenbergMarquardtOptions(GTol = nan)) (fun x -> x) [| 1.0 |])
      case "CurveFit" "fit" [ 4; 3 ] (fun () -> CurveFit.fit (fun x p -> p[0] * x) [| 0.0; 1.0; 2.0; 3.0 |] [| 1.0; 2.0; 3.0 |] [| 1.0 |])
      case "CurveFit" "fit" [] (fun () -> CurveFit.fit nothing [| 0.0 |] [| 0.0 |] [| 1.0 |])
      case "CurveFit" "fit" [] (fun () -> CurveFit.fit (fun x p -> p[0] * x) [| 0.0 |] [| 0.0 |] nothing)
      case "CurveFit" "fit" [] (fun () -> CurveFit.fit (fun x p -> p[0] * x) [| 0.0; nan |] [| 0.0; 1.0 |] [| 1.0 |])
      case "CurveFit" "fitWith" [ 3 ] (fun () -> CurveFit.fitWith (CurveFitOptions(Sigma = [| 1.0; 1.0; 1.0 |])) (fun x p -> p[0] * x) [| 0.0; 1.0 |] [| 0.0; 1.0 |] [| 1.0 |])
      case "CurveFit" "fitWith" [] (fun () -> CurveFit.fitWith (CurveFitOptions(XTol = nan)) (fun x p -> p[0] * x) [| 0.0; 1.0 |] [| 0.0; 1.0 |] [| 1.0 |])
      case "CurveFit" "confidenceIntervals" [] (fun () -> CurveFit.confidenceIntervals 1.5 linearFit)
      case "CurveFit" "confidenceIntervals" [] (fun () -> CurveFit.confidenceIntervals 0.9 nothing)
      case "CurveFit" "confidenceBand" [] (fun () -> CurveFit.confidenceBand nan 1.0 linearFit)
      case "CurveFit" "confidenceBand" [] (fun () -> CurveFit.confidenceBand 0.9 nan linearFit)
      case "CurveFit" "predictionBand" [] (fun () -> CurveFit.predictionBand 0.0 1.0 linearFit)
      case "CurveFit" "predictionBandWithSigma" [] (fun () -> CurveFit.predictionBandWithSigma -1.0 0.9 1.0 linearFit)
      // Neural
      case "Neural" "sequential" [] (fun () -> sequential (nothing: (unit -> ILayer<float>) list))
      case "Neural" "forward" [ 3; 5 ] (fun () -> forward (model64 ()) wide)
      case "Neural" "forward" [] (fun () -> forward (model64 ()) nothing)
      case "Neural" "forward" [] (fun () -> forward (nothing: ILayer<float>) square)
      case "Neural" "backward" [] (fun () -> backward (nothing: ILayer<float>) square)
      case "Neural" "step" [] (fun () -> step (nothing: Optimizer<float>))
      case "Neural" "stepReport" [] (fun () -> stepReport (nothing: Optimizer<float>))
      case "Neural" "zeroGrad" [] (fun () -> zeroGrad (nothing: Optimizer<float>))
      case "Neural" "adam" [] (fun () -> adam -1.0 (model64 ()))
      case "Neural" "adam" [] (fun () -> adam 0.1 (nothing: ILayer<float>))
      case "Neural" "adamWith" [] (fun () -> adamWith (AdamOptions(Beta1 = 1.0)) (model64 ()))
      case "Neural" "adamWith" [] (fun () -> adamWith (AdamOptions(LearningRate = nan)) (model64 ()))
      case "Neural" "sgd" [] (fun () -> sgd nan (model64 ()))
      case "Neural" "sgdWith" [] (fun () -> sgdWith (SgdOptions(Momentum = 1.0)) (model64 ()))
      case "Neural" "sgdWith" [] (fun () -> sgdWith (SgdOptions(LearningRate = 0.1, Nesterov = true)) (model64 ()))
      case "Neural" "setLearningRate" [] (fun () -> setLearningRate nan (sgd 0.1 (model64 ())))
      case "Neural" "setLearningRate" [] (fun () -> setLearningRate 0.1 (nothing: Optimizer<float>))
      case "Neural" "train" [ 3; 5 ] (fun () -> let m = model64 () in train 1 m (Neural64.mse ()) (sgd 0.1 m) [ (wide, Matrix.zeros 3 4) ])
      case "Neural" "train" [] (fun () -> let m = model64 () in train 1 m (Neural64.mse ()) (sgd 0.1 m) nothing)
      case "Neural" "shareWeights" [] (fun () -> shareWeights (nothing: ILayer<float>))
      case "Neural" "grad" [] (fun () -> grad (nothing: Parameter<float>))
      case "Neural" "gradNorm" [] (fun () -> gradNorm (nothing: ILayer<float>))
      case "Neural" "clipGradNorm" [] (fun () -> clipGradNorm -1.0 (model64 ()))
      case "Neural" "clipGradNorm" [] (fun () -> clipGradNorm 1.0 (nothing: ILayer<float>))
      case "Neural" "clipGradValue" [] (fun () -> clipGradValue nan (model64 ()))
      case "Neural" "gradCheck" [ 3; 5 ] (fun () -> gradCheck (Neural64.denseSeeded 1 4 4 ()) wide)
      case "Neural" "gradCheck" [] (fun () -> gradCheck nothing square)
      case "Neural" "gradCheckWith" [] (fun () -> gradCheckWith (GradCheckOptions(Step = 0.0)) (Neural64.denseSeeded 1 4 4 ()) square)
      case "Neural" "trainer" [] (fun () -> let m = sequential [ denseSeeded 1 4 4 ] in trainer (TrainerOptions(MaxGradNorm = -1.0)) m (sgd 0.1 m) (mse ()))
      case "Neural" "trainer" [] (fun () -> let m = sequential [ denseSeeded 1 4 4 ] in trainer (TrainerOptions(Scaler = GradScalerOptions(GrowthFactor = 0.5))) m (sgd 0.1 m) (mse ()))
      case "Neural" "trainer" [] (fun () -> let m = sequential [ denseSeeded 1 4 4 ] in trainer (TrainerOptions()) m (sgd 0.1 m) nothing)
      case "Neural" "dense" [] (fun () -> dense -1 2 ())
      case "Neural" "denseSeeded" [] (fun () -> denseSeeded 1 2 -1 ())
      case "Neural" "leakyRelu" [] (fun () -> leakyRelu nanf ())
      case "Neural" "maskedDense" [] (fun () -> maskedDense (Matrix32.init 2 2 (fun _ _ -> 2.0f)) ())
      case "Neural" "maskedDense" [] (fun () -> maskedDense nothing ())
      case "Neural" "layerNorm" [] (fun () -> layerNorm -1 ())
      case "Neural" "layerNormWith" [] (fun () -> layerNormWith -1.0 4 ())
      case "Neural" "dropout" [] (fun () -> dropout 2.0 ())
      case "Neural" "dropoutSeeded" [] (fun () -> dropoutSeeded 1 -0.5 ())
      case "Neural" "crossEntropyWith" [] (fun () -> crossEntropyWith 1.5 None)
      case "Neural" "crossEntropyWith" [] (fun () -> crossEntropyWith 0.0 (Some [| -1.0 |]))
      case "Neural" "bceWithLogitsWeighted" [] (fun () -> bceWithLogitsWeighted [| nan |])
      case "Neural" "bceWithLogitsWeighted" [] (fun () -> bceWithLogitsWeighted nothing)
      case "Neural" "marginRanking" [] (fun () -> marginRanking nanf)
      case "Neural64" "dense" [] (fun () -> Neural64.dense 2 -1 ())
      case "Neural64" "leakyRelu" [] (fun () -> Neural64.leakyRelu nan ())
      case "Neural64" "layerNormWith" [] (fun () -> Neural64.layerNormWith -1.0 4 ())
      case "Neural64" "dropout" [] (fun () -> Neural64.dropout nan ()) ]

let private hasNumber (n: int) (text: string) = Regex.IsMatch(text, $@"(?<![\d.]){n}(?![\d.]|,\d)")

[<Fact>]
let ``every facade function refuses bad input naming its own parameter, and a size error states the size`` () =
    let failures = ResizeArray<string>()
    for c in cases do
        let names = parameterNames c.Module c.Function
        let where = $"{c.Module}.{c.Function} ({String.Join(' ', names)})"
        if names.IsEmpty then failures.Add $"{where}: no such function"
        else
            match (try c.Call () |> ignore; None with e -> Some e) with
            | None -> failures.Add $"{where}: accepted the bad input"
            | Some (:? ArgumentException as e) ->
                if isNull e.ParamName || not (names.Contains e.ParamName) then
                    failures.Add $"{where}: ParamName '{e.ParamName}' is no parameter of the function ({e.GetType().Name}: {e.Message})"
                elif not (c.Sizes |> List.forall (fun n -> hasNumber n e.Message)) then
                    failures.Add $"{where}: the message does not state the sizes {c.Sizes} ({e.Message})"
            | Some e -> failures.Add $"{where}: {e.GetType().Name} instead of an ArgumentException ({e.Message})"
    Assert.True(failures.Count = 0, $"{failures.Count} of {cases.Length} facade calls:\n" + String.Join("\n", failures))
