// Session 50 (nn53): BlasNet's mixed-precision trainer on a model of the shapes of pytorch_half_range_weight.py (run from the repository after a Release build: BLASNET_BLAS=openblas dotnet fsi --quiet bench/results/s50-nn53/blasnet_half_range_weight.fsx; the assemblies are the C# test project's build output).
#r "../../../tests/BlasNet.Tests/bin/Release/net10.0/System.Numerics.Tensors.dll"
#r "../../../tests/BlasNet.Tests/bin/Release/net10.0/BlasNet.dll"
#r "../../../tests/BlasNet.Tests/bin/Release/net10.0/BlasNet.Neural.dll"
open BlasNet
open BlasNet.Neural
let first = Dense<float32>(3, 4, seed = 1, name = "first")
first.Weight.Value.[0, 0] <- 7e4f
let model = Sequential<float32>(first, Relu<float32>(), Dense<float32>(4, 2, seed = 2, name = "head"))
let trainer = Trainer(model, Sgd<float32>(model.Parameters, SgdOptions(1e-4)), TrainerOptions(Precision.Mixed, GradScalerOptions(Enabled = true)))
let x = Matrix<float32>(4, 3, [| 1e-3f; 0.1f; 0.1f; 4e-3f; 0.1f; 0.1f; 7e-3f; 0.1f; 0.1f; 1e-2f; 0.1f; 0.1f |])
let y = Matrix<float32>(4, 2, [| 0f; 0.2f; 0.4f; 0f; 0.2f; 0.4f; 0f; 0.2f |])
for s in 1 .. 200 do
    let r = trainer.Step(x, y)
    if s <= 3 || s = 16 || s = 17 || s = 20 || s = 100 || s = 200 then printfn "after step %d: %A loss %g scale %g" s r.SkipReason r.Loss trainer.Scaler.Scale
printfn "skipped %d, W[0,0] = %g" trainer.Scaler.SkippedSteps first.Weight.Value.[0, 0]
