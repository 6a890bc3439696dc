#r "../../../src/BlasNet/bin/Release/net10.0/BlasNet.dll"
open System
open BlasNet
open System.Runtime.CompilerServices
let fld = typeof<Matrix<double>>.GetField("data", Reflection.BindingFlags.NonPublic ||| Reflection.BindingFlags.Instance)
let addr (m: Matrix<double>) = let a = fld.GetValue(m) :?> double[] in let mutable o = box a in Unsafe.As<obj, nativeint>(&o)
let n = 16
let count = 10000
let rng = Random(42)
let filled () = let d = Array.init (n*n) (fun _ -> rng.NextDouble()) in Matrix<double>(n, n, d)
let am = Array.init count (fun _ -> filled ())
let bm = Array.init count (fun _ -> filled ())
let cm = Array.init count (fun _ -> Matrix<double>(n, n))
printfn "gc0=%d" (GC.CollectionCount 0)
for (name, l) in ["a", am; "b", bm; "c", cm] do
  let xs = l |> Array.map (fun m -> addr m)
  let desc = Seq.pairwise xs |> Seq.filter (fun (x,y) -> y <= x) |> Seq.length
  printfn "%s min %x max %x descents %d" name (Array.min xs) (Array.max xs) desc
  Seq.pairwise xs |> Seq.indexed |> Seq.filter (fun (_, (x,y)) -> y <= x) |> Seq.truncate 5 |> Seq.iter (fun (i,(x,y)) -> printfn "   at %d: %x -> %x" i x y)
// interleaved
let ai = Array.zeroCreate<Matrix<double>> count
let bi = Array.zeroCreate<Matrix<double>> count
let ci = Array.zeroCreate<Matrix<double>> count
for i in 0 .. count-1 do
  ai.[i] <- filled (); bi.[i] <- filled (); ci.[i] <- Matrix<double>(n, n)
let mutable bad = 0
let mutable lastHi = 0n
for i in 0 .. count-1 do
  let a, b, c = addr ai.[i], addr bi.[i], addr ci.[i]
  let lo, hi = min a (min b c), max a (max b c)
  if lo <= lastHi then
    bad <- bad + 1
    if bad <= 5 then printfn "window break at %d: lastHi %x lo %x (a %x b %x c %x)" i lastHi lo a b c
  lastHi <- hi
printfn "interleaved window breaks %d gc0=%d" bad (GC.CollectionCount 0)
