#r "../../../src/BlasNet/bin/Release/net10.0/BlasNet.dll"
open System
open BlasNet
open System.Runtime.CompilerServices
let run (elem: int) layout =
  let n = 16
  let count = 10000
  let rng = Random(42)
  let mk () = Array.zeroCreate<byte> (n*n*elem)
  let addr (a: byte[]) = let mutable o = box a in Unsafe.As<obj, nativeint>(&o)
  let keep = Collections.Generic.List<obj>()
  let am, bm, cm =
    if layout = "blocks" then
      let f () = let d = mk () in keep.Add(obj()); d   // a small object after each array, as a Matrix
      let a = Array.init count (fun _ -> f ())
      let b = Array.init count (fun _ -> f ())
      let c = Array.init count (fun _ -> f ())
      a, b, c
    else
      let a = Array.zeroCreate count
      let b = Array.zeroCreate count
      let c = Array.zeroCreate count
      for i in 0 .. count-1 do
        a.[i] <- mk (); keep.Add(obj()); b.[i] <- mk (); keep.Add(obj()); c.[i] <- mk (); keep.Add(obj())
      a, b, c
  let pieces (xs: nativeint[]) =
    let res = Collections.Generic.List<nativeint*nativeint>()
    let mutable lo = xs.[0]
    for i in 1 .. xs.Length-1 do
      if xs.[i] <= xs.[i-1] then res.Add((lo, xs.[i-1])); lo <- xs.[i]
    res.Add((lo, xs.[xs.Length-1]))
    res |> Seq.toArray
  let A, B, C = am |> Array.map addr, bm |> Array.map addr, cm |> Array.map addr
  let pa, pb, pc = pieces A, pieces B, pieces C
  let overlap (l1, h1) (l2, h2) = not (h1 < l2 || h2 < l1)
  let cc = [ for i in 0 .. pc.Length-1 do for j in i+1 .. pc.Length-1 do if overlap pc.[i] pc.[j] then yield 1 ] |> List.length
  let ci = [ for c in pc do for x in Array.append pa pb do if overlap c x then yield 1 ] |> List.length
  printfn "elem %d %s: pieces A %d B %d C %d; C-C overlaps %d, C-input overlaps %d; gc0 %d" elem layout pa.Length pb.Length pc.Length cc ci (GC.CollectionCount 0)
  GC.KeepAlive(keep)
for e in [4; 8] do for l in ["blocks"; "interleaved"] do run e l
