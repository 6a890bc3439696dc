// Session 39 (blas39): error and speed of the managed provider's float reductions. Run with BLASNET_BLAS=managed:
//   BLASNET_BLAS=managed dotnet fsi bench/probes/managed-float-sums.fsx <path to BlasNet.dll>
// (the path is substituted for DLL below by the caller: sed "s|DLL|$dll|" then run). Prints relative errors of long
// 0.1f sums against the exact double sum of the same float terms, then the median of 15 timings per routine.
#r "DLL"
#r "/root/.nuget/packages/system.numerics.tensors/11.0.0/lib/net10.0/System.Numerics.Tensors.dll"
open System
open System.Diagnostics
open BlasNet
let rel (got: float32) (want: float) = abs (float got - want) / abs want
let n = 1_000_000
let tenths k = Array.create k 0.1f
let ones k = Array.create k 1.0f
let want = float n * float 0.1f
let y1 = [| 0.0f |]
Blas.Gemv(Transpose.None, 1, n, 1.0f, ReadOnlySpan(tenths n), n, ReadOnlySpan(ones n), 1, 0.0f, Span(y1), 1)
printfn "error gemv N 1 x 10^6: %.2e" (rel y1.[0] want)
Blas.Gemv(Transpose.Transposed, n, 1, 1.0f, ReadOnlySpan(tenths n), 1, ReadOnlySpan(ones n), 1, 0.0f, Span(y1), 1)
printfn "error gemv T 10^6 x 1: %.2e" (rel y1.[0] want)
Blas.Gemm(Transpose.None, Transpose.None, 1, 1, n, 1.0f, ReadOnlySpan(tenths n), n, ReadOnlySpan(ones n), 1, 0.0f, Span(y1), 1)
printfn "error gemm k = 10^6:   %.2e" (rel y1.[0] want)
let time name reps (f: unit -> unit) =
    // Warm up for a second: BlasNet's loops start in tier-0 code (TensorPrimitives' are precompiled), so a short warm-up
    // timed the JIT's tiers, not the loops (the first attempt showed the new 200x200 gemv 30x slower, which was tier 0).
    let warm = Stopwatch.StartNew()
    while warm.ElapsedMilliseconds < 1000L do f ()
    let t = Array.init 15 (fun _ -> let sw = Stopwatch.StartNew() in (for _ in 1 .. reps do f ()); sw.Elapsed.TotalMilliseconds / float reps)
    Array.sortInPlace t
    printfn "%-32s median %8.4f ms  (min %8.4f)" name t.[7] t.[0]
let rng = Random 39
let mat r c = Array.init (r * c) (fun _ -> float32 (rng.NextDouble() - 0.5))
for (m, k, reps) in [ (2000, 2000, 5); (200, 200, 200); (32, 32, 5000) ] do
    let a = mat m k
    let x = mat 1 (max m k)
    let y = Array.zeroCreate (max m k)
    time (sprintf "gemv N %dx%d" m k) reps (fun () -> Blas.Gemv(Transpose.None, m, k, 1.0f, ReadOnlySpan(a), k, ReadOnlySpan(x, 0, k), 1, 0.0f, Span(y, 0, m), 1))
    time (sprintf "gemv T %dx%d" m k) reps (fun () -> Blas.Gemv(Transpose.Transposed, m, k, 1.0f, ReadOnlySpan(a), k, ReadOnlySpan(x, 0, m), 1, 0.0f, Span(y, 0, k), 1))
    time (sprintf "trmv T upper %d" m) reps (fun () -> Blas.Trmv(Triangle.Upper, Transpose.Transposed, Diagonal.NonUnit, m, ReadOnlySpan(a), k, Span(y, 0, m), 1); Array.Fill(y, 0.5f))
let a5 = mat 400 400
let b5 = mat 400 400
time "trmm L N upper 400x400" 3 (fun () -> Blas.Trmm(Side.Left, Triangle.Upper, Transpose.None, Diagonal.NonUnit, 400, 400, 1.0f, ReadOnlySpan(a5), 400, Span(b5), 400); Array.Fill(b5, 0.5f))
time "trmm R N upper 400x400" 3 (fun () -> Blas.Trmm(Side.Right, Triangle.Upper, Transpose.None, Diagonal.NonUnit, 400, 400, 1.0f, ReadOnlySpan(a5), 400, Span(b5), 400); Array.Fill(b5, 0.5f))
