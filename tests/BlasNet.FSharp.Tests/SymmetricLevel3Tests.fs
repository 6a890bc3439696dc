/// SYMM and SYR2K from F#: every public form (span with leading dimensions, Matrix, tensor span, generic, float and
/// double) and the raw CBLAS bindings, against products from the definition (naiveProduct). Inputs are small integers,
/// so every result is exact; the triangle not named holds NaN (A) or a sentinel (C) that must come back untouched.
module BlasNet.FSharp.Tests.SymmetricLevel3Tests

#nowarn "9" "51" // NativePtr and `fixed` for the raw bindings

open System
open Xunit
open BlasNet
open BlasNet.Interop
open BlasNet.FSharp.Tests.CoreTests

/// A symmetric A seen as its upper triangle (NaN below), its full form, B, and αAB / αBA from the definition.
let private aUpper = array2D [ [ 2.0; 1.0; 0.0 ]; [ nan; 3.0; -1.0 ]; [ nan; nan; 1.0 ] ]
let private aFull = array2D [ [ 2.0; 1.0; 0.0 ]; [ 1.0; 3.0; -1.0 ]; [ 0.0; -1.0; 1.0 ] ]
let private b32 = array2D [ [ 1.0; 2.0 ]; [ 0.0; 1.0 ]; [ -1.0; 1.0 ] ]
let private flat (m: 'T[,]) : 'T[] = Seq.cast<'T> m |> Array.ofSeq
let private single (m: float[,]) = Array2D.map float32 m

/// The n×n SYR2K result on the upper triangle (sentinel 7 below) from the definition: α(ABᵀ + BAᵀ) + βC.
let private syr2kUpper (alpha: float) (a: float[,]) (b: float[,]) (beta: float) (c: float[,]) =
    let ab, ba = naiveProduct a (transpose2D b), naiveProduct b (transpose2D a)
    let s = Array2D.init (Array2D.length1 ab) (Array2D.length2 ab) (fun i j -> ab.[i, j] + ba.[i, j])
    Array2D.init (Array2D.length1 c) (Array2D.length2 c) (fun i j -> if j < i then c.[i, j] else alpha * s.[i, j] + beta * c.[i, j])

let private aNk = array2D [ [ 1.0; 2.0 ]; [ 0.0; -1.0 ]; [ 3.0; 1.0 ] ]
let private bNk = array2D [ [ 1.0; 0.0 ]; [ 2.0; 1.0 ]; [ -1.0; 1.0 ] ]
let private cStart = array2D [ [ 1.0; 1.0; 1.0 ]; [ 7.0; 1.0; 1.0 ]; [ 7.0; 7.0; 1.0 ] ]

[<Fact>]
let ``Symm: span, Matrix, tensor and generic forms, float and double`` () =
    let left = naiveProduct aFull b32                       // 3×2
    let right = naiveProduct (transpose2D b32) aFull        // Bᵀ is 2×3: (Bᵀ) A
    // span, double: C ← 2AB + 0·C (NaN in C ignored)
    let c = Array.create 6 nan
    Blas.Symm(Side.Left, Triangle.Upper, 3, 2, 2.0, ReadOnlySpan(flat aUpper), 3, ReadOnlySpan(flat b32), 2, 0.0, Span c, 2)
    Assert.Equal<float[]>(flat left |> Array.map ((*) 2.0), c)
    // span, float, right side: C ← BᵀA with A's lower triangle (A's storage transposed: its upper becomes lower)
    let aLower = transpose2D aUpper
    let cf = Array.zeroCreate<float32> 6
    Blas.Symm(Side.Right, Triangle.Lower, 2, 3, 1.0f, ReadOnlySpan(flat (single aLower)), 3, ReadOnlySpan(flat (single (transpose2D b32))), 3, 0.0f, Span cf, 3)
    Assert.Equal<float32[]>(flat right |> Array.map float32, cf)
    // Matrix, double: a transposed view of the lower-stored A names its upper triangle as seen
    let cm = Matrix.FromArray2D(Array2D.create 3 2 1.0)
    Blas.Symm(Side.Left, Triangle.Upper, 1.0, Matrix.FromArray2D(aLower).Transpose(), Matrix.FromArray2D b32, 1.0, cm)
    Assert.Equal(Array2D.map ((+) 1.0) left, cm.ToArray2D())
    // Matrix, float: C viewed transposed (computed as Cᵀ = BᵀA)
    let cmf = Matrix.Zeros<float32>(2, 3).Transpose()
    Blas.Symm(Side.Left, Triangle.Upper, 1.0f, Matrix.FromArray2D(single aUpper), Matrix.FromArray2D(single b32), 0.0f, cmf)
    Assert.Equal(single left, cmf.ToArray2D())
    // tensor spans, double and float
    let ct = Matrix.Zeros<float>(3, 2)
    Blas.Symm(Side.Left, Triangle.Upper, 1.0, Matrix.FromArray2D(aUpper).AsReadOnlyTensorSpan(), Matrix.FromArray2D(b32).AsReadOnlyTensorSpan(), 0.0, ct.AsTensorSpan())
    Assert.Equal(left, ct.ToArray2D())
    let ctf = Matrix.Zeros<float32>(3, 2)
    Blas.Symm(Side.Left, Triangle.Lower, 1.0f, Matrix.FromArray2D(single aLower).AsReadOnlyTensorSpan(), Matrix.FromArray2D(single b32).AsReadOnlyTensorSpan(), 0.0f, ctf.AsTensorSpan())
    Assert.Equal(single left, ctf.ToArray2D())
    // generic: span, Matrix, tensor
    let cg = Array.zeroCreate<float> 6
    Blas.Symm<float>(Side.Left, Triangle.Upper, 3, 2, 1.0, ReadOnlySpan(flat aUpper), 3, ReadOnlySpan(flat b32), 2, 0.0, Span cg, 2)
    Assert.Equal<float[]>(flat left, cg)
    let cgm = Matrix.Zeros<float32>(2, 3)
    Blas.Symm<float32>(Side.Right, Triangle.Upper, 1.0f, Matrix.FromArray2D(single aUpper), Matrix.FromArray2D(single (transpose2D b32)), 0.0f, cgm)
    Assert.Equal(single right, cgm.ToArray2D())
    let cgt = Matrix.Zeros<float>(2, 3)
    Blas.Symm<float>(Side.Right, Triangle.Upper, 1.0, Matrix.FromArray2D(aUpper).AsReadOnlyTensorSpan(), Matrix.FromArray2D(b32).Transpose().AsReadOnlyTensorSpan(), 0.0, cgt.AsTensorSpan())
    Assert.Equal(right, cgt.ToArray2D())
    // a mismatched A is refused by name
    let e = Assert.Throws<ArgumentException>(fun () -> Blas.Symm(Side.Right, Triangle.Upper, 1.0, Matrix.FromArray2D aFull, Matrix.FromArray2D b32, 0.0, Matrix.Zeros<float>(3, 2)))
    Assert.Equal("a", e.ParamName)

[<Fact>]
let ``Syr2k: span, Matrix, tensor and generic forms, float and double`` () =
    let expected = syr2kUpper 2.0 aNk bNk 0.5 cStart
    // span, double (trans None) and float (trans Transposed: A and B stored k×n)
    let c = flat cStart
    Blas.Syr2k(Triangle.Upper, Transpose.None, 3, 2, 2.0, ReadOnlySpan(flat aNk), 2, ReadOnlySpan(flat bNk), 2, 0.5, Span c, 3)
    Assert.Equal<float[]>(flat expected, c)
    let cf = flat (single cStart)
    Blas.Syr2k(Triangle.Upper, Transpose.Transposed, 3, 2, 2.0f, ReadOnlySpan(flat (single (transpose2D aNk))), 3, ReadOnlySpan(flat (single (transpose2D bNk))), 3, 0.5f, Span cf, 3)
    Assert.Equal<float32[]>(flat (single expected), cf)
    // Matrix, double: A viewed transposed and B not (B is copied into A's orientation)
    let cm = Matrix.FromArray2D cStart
    Blas.Syr2k(Triangle.Upper, 2.0, Matrix.FromArray2D(transpose2D aNk).Transpose(), Matrix.FromArray2D bNk, 0.5, cm)
    Assert.Equal(expected, cm.ToArray2D())
    // Matrix, float: C viewed transposed, so its storage's lower triangle is the one updated
    let cmf = Matrix.FromArray2D(single (transpose2D cStart)).Transpose()
    Blas.Syr2k(Triangle.Upper, 2.0f, Matrix.FromArray2D(single aNk), Matrix.FromArray2D(single bNk), 0.5f, cmf)
    Assert.Equal(single expected, cmf.ToArray2D())
    // tensor spans
    let ct = Matrix.FromArray2D cStart
    Blas.Syr2k(Triangle.Upper, 2.0, Matrix.FromArray2D(aNk).AsReadOnlyTensorSpan(), Matrix.FromArray2D(bNk).AsReadOnlyTensorSpan(), 0.5, ct.AsTensorSpan())
    Assert.Equal(expected, ct.ToArray2D())
    let ctf = Matrix.FromArray2D(single cStart)
    Blas.Syr2k(Triangle.Upper, 2.0f, Matrix.FromArray2D(single aNk).AsReadOnlyTensorSpan(), Matrix.FromArray2D(single bNk).AsReadOnlyTensorSpan(), 0.5f, ctf.AsTensorSpan())
    Assert.Equal(single expected, ctf.ToArray2D())
    // generic: span, Matrix, tensor
    let cg = flat cStart
    Blas.Syr2k<float>(Triangle.Upper, Transpose.None, 3, 2, 2.0, ReadOnlySpan(flat aNk), 2, ReadOnlySpan(flat bNk), 2, 0.5, Span cg, 3)
    Assert.Equal<float[]>(flat expected, cg)
    let cgm = Matrix.FromArray2D(single cStart)
    Blas.Syr2k<float32>(Triangle.Upper, 2.0f, Matrix.FromArray2D(single aNk), Matrix.FromArray2D(single bNk), 0.5f, cgm)
    Assert.Equal(single expected, cgm.ToArray2D())
    let cgt = Matrix.FromArray2D cStart
    Blas.Syr2k<float>(Triangle.Upper, 2.0, Matrix.FromArray2D(aNk).AsReadOnlyTensorSpan(), Matrix.FromArray2D(bNk).AsReadOnlyTensorSpan(), 0.5, cgt.AsTensorSpan())
    Assert.Equal(expected, cgt.ToArray2D())
    // α = NaN: the triangle is NaN, the other triangle keeps its sentinel
    let cn = Matrix.FromArray2D cStart
    Blas.Syr2k(Triangle.Upper, nan, Matrix.FromArray2D aNk, Matrix.FromArray2D bNk, 1.0, cn)
    cn.ToArray2D() |> Array2D.iteri (fun i j v -> if j < i then Assert.Equal(7.0, v) else Assert.True(Double.IsNaN v))

let private pinD (a: float[]) (f: nativeptr<float> -> 'R) =
    use p = fixed a
    f p

let private pinS (a: float32[]) (f: nativeptr<float32> -> 'R) =
    use p = fixed a
    f p

[<Fact>]
let ``Raw cblas symm and syr2k in double and single precision`` () =
    let left = naiveProduct aFull b32
    let expected = syr2kUpper 1.0 aNk bNk 0.0 cStart
    if BlasProvider.Current.IsNative then
        let c = Array.zeroCreate<float> 6
        pinD (flat aUpper) (fun pa -> pinD (flat b32) (fun pb -> pinD c (fun pc ->
            CBlas.Dsymm(CblasLayout.RowMajor, CblasSide.Left, CblasUplo.Upper, 3, 2, 1.0, pa, 3, pb, 2, 0.0, pc, 2))))
        Assert.Equal<float[]>(flat left, c)
        let cf = Array.zeroCreate<float32> 6
        pinS (flat (single aUpper)) (fun pa -> pinS (flat (single b32)) (fun pb -> pinS cf (fun pc ->
            CBlas.Ssymm(CblasLayout.RowMajor, CblasSide.Left, CblasUplo.Upper, 3, 2, 1.0f, pa, 3, pb, 2, 0.0f, pc, 2))))
        Assert.Equal<float32[]>(flat (single left), cf)
        let s = flat cStart
        pinD (flat aNk) (fun pa -> pinD (flat bNk) (fun pb -> pinD s (fun pc ->
            CBlas.Dsyr2k(CblasLayout.RowMajor, CblasUplo.Upper, CblasTranspose.NoTrans, 3, 2, 1.0, pa, 2, pb, 2, 0.0, pc, 3))))
        Assert.Equal<float[]>(flat expected, s)
        let sf = flat (single cStart)
        pinS (flat (single (transpose2D aNk))) (fun pa -> pinS (flat (single (transpose2D bNk))) (fun pb -> pinS sf (fun pc ->
            CBlas.Ssyr2k(CblasLayout.RowMajor, CblasUplo.Upper, CblasTranspose.Trans, 3, 2, 1.0f, pa, 3, pb, 3, 0.0f, pc, 3))))
        Assert.Equal<float32[]>(flat (single expected), sf)
    else
        // No native library bound: the raw call fails loudly, never reaching a stray address.
        let ex = Assert.Throws<DllNotFoundException>(fun () ->
            pinD [| 1.0 |] (fun p -> CBlas.Dsymm(CblasLayout.RowMajor, CblasSide.Left, CblasUplo.Upper, 1, 1, 1.0, p, 1, p, 1, 0.0, p, 1)))
        Assert.Contains("BlasNet", ex.Message)
        Assert.Throws<DllNotFoundException>(fun () ->
            pinS [| 1.0f |] (fun p -> CBlas.Ssymm(CblasLayout.RowMajor, CblasSide.Left, CblasUplo.Upper, 1, 1, 1.0f, p, 1, p, 1, 0.0f, p, 1))) |> ignore
        Assert.Throws<DllNotFoundException>(fun () ->
            pinD [| 1.0 |] (fun p -> CBlas.Dsyr2k(CblasLayout.RowMajor, CblasUplo.Upper, CblasTranspose.NoTrans, 1, 1, 1.0, p, 1, p, 1, 0.0, p, 1))) |> ignore
        Assert.Throws<DllNotFoundException>(fun () ->
            pinS [| 1.0f |] (fun p -> CBlas.Ssyr2k(CblasLayout.RowMajor, CblasUplo.Upper, CblasTranspose.NoTrans, 1, 1, 1.0f, p, 1, p, 1, 0.0f, p, 1))) |> ignore
