// Session 51 (nn54): BlasNet's mixed-precision trainer on pytorch_stuck_at_min_scale.py's stuck case (the same weights, Adam
// lr 1e-3, MSE). Run from the repository after a Release build:
// BLASNET_BLAS=openblas dotnet fsi --quiet bench/results/s51-nn54/blasnet_stuck_at_min_scale.fsx
#r "../../../tests/BlasNet.Tests/bin/Release/net10.0/System.Numerics.Tensors.dll"
#r "../../../tests/BlasNet.Tests/bin/Release/net10.0/BlasNet.dll"
#r "../../../tests/BlasNet.Tests/bin/Release/net10.0/BlasNet.Neural.dll"
open System
open BlasNet
open BlasNet.Neural
let model () =
    Sequential<float32>(Dense<float32>(Matrix.FromArray2D(array2D [ [ 0.1f; 0.2f; 0.3f; 0.4f ]; [ 0.2f; 0.1f; 0.4f; 0.3f ]; [ 0.3f; 0.4f; 0.1f; 0.2f ] ]),
                                       Matrix.FromArray2D(array2D [ [ 0.1f; 0.1f; 0.1f; 0.1f ] ]), name = "first"),
                        Relu<float32>(),
                        Dense<float32>(Matrix.FromArray2D(array2D [ [ 1e4f; -5e3f ]; [ 5e3f; 1e4f ]; [ -5e3f; 5e3f ]; [ 1e4f; 1e4f ] ]),
                                       Matrix.FromArray2D(array2D [ [ 0.0f; 0.0f ] ]), name = "head"))
let x = Matrix.FromArray2D(array2D [ [ 0.5f; 0.25f; 1.0f ]; [ 1.0f; 0.5f; 0.25f ]; [ 0.25f; 1.0f; 0.5f ]; [ 0.75f; 0.75f; 0.75f ] ])
let y = Matrix.FromArray2D(array2D [ [ 0.0f; 0.2f ]; [ 0.4f; 0.0f ]; [ 0.2f; 0.4f ]; [ 0.0f; 0.2f ] ])
let run label (options: TrainerOptions) steps =
    let m = model ()
    let t = Trainer(m, Adam<float32>(m.Parameters, AdamOptions(1e-3)), options)
    let mutable taken, firstTaken, stopped = 0, None, None
    let mutable s = 1
    while s <= steps && stopped.IsNone do
        try
            let r = t.Step(x, y)
            if r.Stepped then
                taken <- taken + 1
                if firstTaken.IsNone then firstTaken <- Some(s, r.LossScale)
            if List.contains s [ 1; 16; 17; 30; 100; 200; 400 ] then printfn "  %s step %d: %A, loss %g, scale %g, at the floor %d" label s r.SkipReason r.Loss r.LossScale t.SkippedStepsAtMinScale
        with :? InvalidOperationException as e -> stopped <- Some(s, e.Message)
        s <- s + 1
    printfn "%s: %d taken, first taken %A, final scale %g, loss now %g, W2[0,0] %g" label taken firstTaken t.Scaler.Scale (t.Loss(x, y)) (m.Parameters.[2].Value.[0, 0])
    match stopped with Some(s, msg) -> printfn "  stopped at step %d: %s" s msg | None -> printfn "  not stopped in %d steps" steps
run "default (MaxSkippedStepsAtMinScale 100)" (TrainerOptions(Precision.Mixed)) 400
run "limit 0 (the behaviour before session 51)" (TrainerOptions(Precision.Mixed, MaxSkippedStepsAtMinScale = 0)) 400
run "MinScale 2^-14" (TrainerOptions(Precision.Mixed, GradScalerOptions(MinScale = 2.0 ** -14.0))) 400
run "Precision.Single" (TrainerOptions(Precision.Single)) 400
