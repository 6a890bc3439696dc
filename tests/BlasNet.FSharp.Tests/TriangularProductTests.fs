/// Trmv and Trmm from F#: every public form (typed spans, generic, Matrix, tensor spans) and the raw CBLAS bindings,
/// on small triangles whose products are worked out by hand. The entries a correct routine never reads (the other
/// triangle, a unit diagonal) hold NaN.
module BlasNet.FSharp.Tests.TriangularProductTests

#nowarn "9" "51" // NativePtr and `fixed` for the raw bindings

open System
open System.Numerics.Tensors
open Xunit
open BlasNet
open BlasNet.Interop

let private nan = Double.NaN
let private nan32 = Single.NaN

// U = [[2, 1], [·, 4]] (upper; the lower element is never read), L = Uᵀ = [[2, ·], [1, 4]].
let private upper = [| 2.0; 1.0; nan; 4.0 |]

[<Fact>]
let ``Trmv: span, generic and Matrix forms, both precisions`` () =
    let x = [| 3.0; 5.0 |]
    Blas.Trmv(Triangle.Upper, Transpose.None, Diagonal.NonUnit, 2, ReadOnlySpan upper, 2, Span x, 1)
    Assert.Equal<float[]>([| 11.0; 20.0 |], x) // [2·3 + 1·5, 4·5]
    let xt = [| 3.0; 5.0 |]
    Blas.Trmv<float>(Triangle.Upper, Transpose.Transposed, Diagonal.Unit, 2, ReadOnlySpan [| nan; 1.0; nan; nan |], 2, Span xt, 1)
    Assert.Equal<float[]>([| 3.0; 8.0 |], xt) // Uᵀ with unit diagonal: [3, 1·3 + 5]
    let xs = [| 3.0f; 0.0f; 5.0f |] // stride 2
    Blas.Trmv(Triangle.Lower, Transpose.None, Diagonal.NonUnit, 2, ReadOnlySpan [| 2.0f; nan32; 1.0f; 4.0f |], 2, Span xs, 2)
    Assert.Equal<float32[]>([| 6.0f; 0.0f; 23.0f |], xs) // [2·3, 1·3 + 4·5]; the gap untouched
    // Matrix form: a transposed view of U's storage is L as seen.
    let u = Matrix<float>(2, 2, Array.copy upper)
    let xm = [| 3.0; 5.0 |]
    Blas.Trmv(Triangle.Lower, u.Transpose(), xm)
    Assert.Equal<float[]>([| 6.0; 23.0 |], xm)
    let xf = [| 3.0f; 5.0f |]
    Blas.Trmv(Triangle.Upper, Matrix<float32>(2, 2, [| 2.0f; 1.0f; nan32; 4.0f |]), xf, Diagonal.NonUnit)
    Assert.Equal<float32[]>([| 11.0f; 20.0f |], xf)
    let xg = [| 3.0; 5.0 |]
    Blas.Trmv<float>(Triangle.Upper, u, xg, Diagonal.Unit)
    Assert.Equal<float[]>([| 8.0; 5.0 |], xg)
    // A NaN in the triangle reaches the component it multiplies even where x is 0 (0·NaN = NaN), on every provider.
    let xn = [| 1.0; 0.0 |]
    Blas.Trmv(Triangle.Upper, Transpose.None, Diagonal.NonUnit, 2, ReadOnlySpan [| 2.0; nan; nan; 4.0 |], 2, Span xn, 1)
    Assert.True(Double.IsNaN xn.[0])
    Assert.Equal(0.0, xn.[1])
    let ex = Assert.Throws<ArgumentException>(fun () -> Blas.Trmv(Triangle.Upper, u, [| 1.0 |]))
    Assert.Equal("x", ex.ParamName)

[<Fact>]
let ``Trmm: span, generic, Matrix and tensor forms, both precisions`` () =
    // Left: U·B with B = [[1, 2], [3, 4]] → [[5, 8], [12, 16]]; α = 2 doubles it.
    let b = [| 1.0; 2.0; 3.0; 4.0 |]
    Blas.Trmm(Side.Left, Triangle.Upper, Transpose.None, Diagonal.NonUnit, 2, 2, 2.0, ReadOnlySpan upper, 2, Span b, 2)
    Assert.Equal<float[]>([| 10.0; 16.0; 24.0; 32.0 |], b)
    // Right: B·U = [[2, 9], [6, 19]]
    let bf = [| 1.0f; 2.0f; 3.0f; 4.0f |]
    Blas.Trmm(Side.Right, Triangle.Upper, Transpose.None, Diagonal.NonUnit, 2, 2, 1.0f, ReadOnlySpan [| 2.0f; 1.0f; nan32; 4.0f |], 2, Span bf, 2)
    Assert.Equal<float32[]>([| 2.0f; 9.0f; 6.0f; 19.0f |], bf)
    let bg = [| 1.0; 2.0; 3.0; 4.0 |]
    Blas.Trmm<float>(Side.Left, Triangle.Upper, Transpose.Transposed, Diagonal.Unit, 2, 2, 1.0, ReadOnlySpan [| nan; 1.0; nan; nan |], 2, Span bg, 2)
    Assert.Equal<float[]>([| 1.0; 2.0; 4.0; 6.0 |], bg) // [[1, 0], [1, 1]]·B
    // α = 0: zeros without reading A or B (NaN in both).
    let bz = [| nan; 1.0 |]
    Blas.Trmm(Side.Left, Triangle.Lower, Transpose.None, Diagonal.NonUnit, 1, 2, 0.0, ReadOnlySpan [| nan |], 1, Span bz, 2)
    Assert.Equal<float[]>([| 0.0; 0.0 |], bz)
    // Matrix forms: a transposed view of A flips the triangle, a transposed view of B is computed as its transpose.
    let u = Matrix<float>(2, 2, Array.copy upper)
    let bm = Matrix.FromArray2D(array2D [ [ 1.0; 2.0 ]; [ 3.0; 4.0 ] ])
    Blas.Trmm(Side.Left, Triangle.Lower, 1.0, u.Transpose(), bm)
    Assert.Equal(array2D [ [ 2.0; 4.0 ]; [ 13.0; 18.0 ] ], bm.ToArray2D()) // L·B
    let bmt = Matrix.FromArray2D(array2D [ [ 1.0; 3.0 ]; [ 2.0; 4.0 ] ]).Transpose() // B as a transposed view
    Blas.Trmm<float>(Side.Right, Triangle.Upper, 1.0, u, bmt)
    Assert.Equal(array2D [ [ 2.0; 9.0 ]; [ 6.0; 19.0 ] ], bmt.ToArray2D())
    let bmf = Matrix.FromArray2D(array2D [ [ 1.0f; 2.0f ] ])
    Blas.Trmm(Side.Right, Triangle.Upper, 1.0f, Matrix<float32>(2, 2, [| 2.0f; 1.0f; nan32; 4.0f |]), bmf, Diagonal.Unit)
    Assert.Equal(array2D [ [ 1.0f; 3.0f ] ], bmf.ToArray2D())
    // Tensor spans, typed and generic.
    let bt = Matrix.FromArray2D(array2D [ [ 1.0; 2.0 ]; [ 3.0; 4.0 ] ])
    Blas.Trmm(Side.Left, Triangle.Upper, 1.0, u.AsReadOnlyTensorSpan(), bt.AsTensorSpan())
    Assert.Equal(array2D [ [ 5.0; 8.0 ]; [ 12.0; 16.0 ] ], bt.ToArray2D())
    let btf = Matrix.FromArray2D(array2D [ [ 1.0f; 2.0f ] ])
    Blas.Trmm(Side.Right, Triangle.Lower, 1.0f, Matrix<float32>(2, 2, [| 2.0f; nan32; 1.0f; 4.0f |]).AsReadOnlyTensorSpan(), btf.AsTensorSpan())
    Assert.Equal(array2D [ [ 4.0f; 8.0f ] ], btf.ToArray2D()) // [1, 2]·[[2, 0], [1, 4]]
    let btg = Matrix.FromArray2D(array2D [ [ 1.0 ]; [ 3.0 ] ])
    Blas.Trmm<float>(Side.Left, Triangle.Upper, 1.0, u.AsReadOnlyTensorSpan(), btg.AsTensorSpan(), Diagonal.Unit)
    Assert.Equal(array2D [ [ 4.0 ]; [ 3.0 ] ], btg.ToArray2D())
    let ex = Assert.Throws<ArgumentException>(fun () -> Blas.Trmm(Side.Right, Triangle.Upper, 1.0, u, Matrix.Zeros<float>(2, 3)))
    Assert.Equal("a", ex.ParamName)

[<Fact>]
let ``Raw cblas_?trmv and cblas_?trmm`` () =
    let a = [| 2.0; 1.0; nan; 4.0 |]
    let af = Array.map float32 a
    let x, xf = [| 3.0; 5.0 |], [| 3.0f; 5.0f |]
    let b, bf = [| 1.0; 2.0; 3.0; 4.0 |], [| 1.0f; 2.0f; 3.0f; 4.0f |]
    let trmv () =
        use pa = fixed a
        use px = fixed x
        CBlas.Dtrmv(CblasLayout.RowMajor, CblasUplo.Upper, CblasTranspose.NoTrans, CblasDiag.NonUnit, 2, pa, 2, px, 1)
    if BlasProvider.Current.IsNative then
        trmv ()
        Assert.Equal<float[]>([| 11.0; 20.0 |], x)
        (use pa = fixed af
         use px = fixed xf
         CBlas.Strmv(CblasLayout.RowMajor, CblasUplo.Upper, CblasTranspose.Trans, CblasDiag.NonUnit, 2, pa, 2, px, 1))
        Assert.Equal<float32[]>([| 6.0f; 23.0f |], xf) // Uᵀx
        (use pa = fixed a
         use pb = fixed b
         CBlas.Dtrmm(CblasLayout.RowMajor, CblasSide.Left, CblasUplo.Upper, CblasTranspose.NoTrans, CblasDiag.NonUnit, 2, 2, 2.0, pa, 2, pb, 2))
        Assert.Equal<float[]>([| 10.0; 16.0; 24.0; 32.0 |], b)
        (use pa = fixed af
         use pb = fixed bf
         CBlas.Strmm(CblasLayout.RowMajor, CblasSide.Right, CblasUplo.Upper, CblasTranspose.NoTrans, CblasDiag.Unit, 2, 2, 1.0f, pa, 2, pb, 2))
        Assert.Equal<float32[]>([| 1.0f; 3.0f; 3.0f; 7.0f |], bf) // B·[[1, 1], [0, 1]]
    else
        let ex = Assert.Throws<DllNotFoundException>(fun () -> trmv ())
        Assert.Contains("BlasNet", ex.Message)
