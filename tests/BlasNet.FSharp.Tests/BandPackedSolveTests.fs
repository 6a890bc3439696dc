/// The triangular band and packed solves from F#: the safe Tbsv/Tpsv (double, float, generic) and the raw CBLAS bindings,
/// on the triangles of BandPackedTests, whose right-hand sides there (op(A)·1) give back exactly 1 by substitution.
module BlasNet.FSharp.Tests.BandPackedSolveTests

#nowarn "9" "51" // NativePtr and `fixed` are the point of the raw tests

open System
open Xunit
open BlasNet
open BlasNet.Interop

/// Tridiagonal: its upper band (k = 1) is U = [1 2 0; 0 4 5; 0 0 7], its lower triangle L = [1 0 0; 3 4 0; 0 6 7].
let private a3 = Matrix.FromArray2D(array2D [ [ 1.0; 2.0; 0.0 ]; [ 3.0; 4.0; 5.0 ]; [ 0.0; 6.0; 7.0 ] ])
let private a3f = Matrix.FromArray2D(array2D [ [ 1.0f; 2.0f; 0.0f ]; [ 3.0f; 4.0f; 5.0f ]; [ 0.0f; 6.0f; 7.0f ] ])
let private ones = [| 1.0; 1.0; 1.0 |]
let private onesF = [| 1.0f; 1.0f; 1.0f |]

[<Fact>]
let ``Tbsv and Tpsv solve with a triangular band or packed matrix in place`` () =
    let ub = BandStorage.Pack(a3, 0, 1)
    let x = [| 3.0; 9.0; 7.0 |] // U·1
    Blas.Tbsv(Triangle.Upper, Transpose.None, Diagonal.NonUnit, 3, 1, ReadOnlySpan ub, 2, Span x, 1)
    Assert.Equal<float[]>(ones, x)
    let xu = [| 1.0f; 3.0f; 6.0f |] // Uᵀ·1 with a unit diagonal
    Blas.Tbsv(Triangle.Upper, Transpose.Transposed, Diagonal.Unit, 3, 1, ReadOnlySpan(BandStorage.Pack(a3f, 0, 1)), 2, Span xu, 1)
    Assert.Equal<float32[]>(onesF, xu)
    let xg = [| 1.0; 6.0; 12.0 |] // Uᵀ·1
    Blas.Tbsv<float>(Triangle.Upper, Transpose.Transposed, Diagonal.NonUnit, 3, 1, ReadOnlySpan ub, 2, Span xg, 1)
    Assert.Equal<float[]>(ones, xg)

    let lp = PackedStorage.Pack(a3, Triangle.Lower)
    let y = [| 1.0; 7.0; 13.0 |] // L·1
    Blas.Tpsv(Triangle.Lower, Transpose.None, Diagonal.NonUnit, 3, ReadOnlySpan lp, Span y, 1)
    Assert.Equal<float[]>(ones, y)
    let yf = [| 4.0f; 10.0f; 7.0f |] // Lᵀ·1
    Blas.Tpsv(Triangle.Lower, Transpose.Transposed, Diagonal.NonUnit, 3, ReadOnlySpan(PackedStorage.Pack(a3f, Triangle.Lower)), Span yf, 1)
    Assert.Equal<float32[]>(onesF, yf)
    let yg = [| 1.0f; 4.0f; 7.0f |] // L·1 with a unit diagonal
    Blas.Tpsv<float32>(Triangle.Lower, Transpose.None, Diagonal.Unit, 3, ReadOnlySpan(PackedStorage.Pack(a3f, Triangle.Lower)), Span yg, 1)
    Assert.Equal<float32[]>(onesF, yg)

    // A NaN in x reaches only what depends on it: x₂ of U's back substitution feeds x₁ and x₀, x₀ feeds nothing.
    let nanFirst = [| nan; 9.0; 7.0 |]
    Blas.Tbsv(Triangle.Upper, Transpose.None, Diagonal.NonUnit, 3, 1, ReadOnlySpan ub, 2, Span nanFirst, 1)
    Assert.True(Double.IsNaN nanFirst[0])
    Assert.Equal<float[]>([| 1.0; 1.0 |], nanFirst[1..])
    let ex = Assert.Throws<ArgumentOutOfRangeException>(fun () ->
        Blas.Tbsv(Triangle.Upper, Transpose.None, Diagonal.NonUnit, 3, 2, ReadOnlySpan ub, 2, Span x, 1))
    Assert.Equal("lda", ex.ParamName)
    let exAp = Assert.Throws<ArgumentException>(fun () ->
        Blas.Tpsv(Triangle.Lower, Transpose.None, Diagonal.NonUnit, 4, ReadOnlySpan lp, Span [| 1.0; 1.0; 1.0; 1.0 |], 1))
    Assert.Equal("ap", exAp.ParamName)

let private pinD (a: float[]) (f: nativeptr<float> -> 'R) =
    use p = fixed a
    f p

let private pinS (a: float32[]) (f: nativeptr<float32> -> 'R) =
    use p = fixed a
    f p

[<Fact>]
let ``Raw triangular band and packed solve bindings in double and single precision`` () =
    let ub = BandStorage.Pack(a3, 0, 1)
    let ubF = BandStorage.Pack(a3f, 0, 1)
    let lp = PackedStorage.Pack(a3, Triangle.Lower)
    let lpF = PackedStorage.Pack(a3f, Triangle.Lower)
    if BlasProvider.Current.IsNative then
        let x = [| 3.0; 9.0; 7.0 |]
        pinD x (fun px -> pinD ub (fun pa ->
            CBlas.Dtbsv(CblasLayout.RowMajor, CblasUplo.Upper, CblasTranspose.NoTrans, CblasDiag.NonUnit, 3, 1, pa, 2, px, 1)))
        Assert.Equal<float[]>(ones, x)
        let xf = [| 1.0f; 6.0f; 12.0f |]
        pinS xf (fun px -> pinS ubF (fun pa ->
            CBlas.Stbsv(CblasLayout.RowMajor, CblasUplo.Upper, CblasTranspose.Trans, CblasDiag.NonUnit, 3, 1, pa, 2, px, 1)))
        Assert.Equal<float32[]>(onesF, xf)
        let y = [| 4.0; 10.0; 7.0 |]
        pinD y (fun px -> pinD lp (fun pa ->
            CBlas.Dtpsv(CblasLayout.RowMajor, CblasUplo.Lower, CblasTranspose.Trans, CblasDiag.NonUnit, 3, pa, px, 1)))
        Assert.Equal<float[]>(ones, y)
        let yf = [| 1.0f; 4.0f; 7.0f |]
        pinS yf (fun px -> pinS lpF (fun pa ->
            CBlas.Stpsv(CblasLayout.RowMajor, CblasUplo.Lower, CblasTranspose.NoTrans, CblasDiag.Unit, 3, pa, px, 1)))
        Assert.Equal<float32[]>(onesF, yf)
    else
        let unbound (call: unit -> unit) =
            let ex = Assert.Throws<DllNotFoundException>(call)
            Assert.Contains("BlasNet", ex.Message)
        unbound (fun () -> pinD ub (fun p -> CBlas.Dtbsv(CblasLayout.RowMajor, CblasUplo.Upper, CblasTranspose.NoTrans, CblasDiag.NonUnit, 1, 0, p, 1, p, 1)))
        unbound (fun () -> pinS ubF (fun p -> CBlas.Stbsv(CblasLayout.RowMajor, CblasUplo.Upper, CblasTranspose.NoTrans, CblasDiag.NonUnit, 1, 0, p, 1, p, 1)))
        unbound (fun () -> pinD lp (fun p -> CBlas.Dtpsv(CblasLayout.RowMajor, CblasUplo.Upper, CblasTranspose.NoTrans, CblasDiag.NonUnit, 1, p, p, 1)))
        unbound (fun () -> pinS lpF (fun p -> CBlas.Stpsv(CblasLayout.RowMajor, CblasUplo.Upper, CblasTranspose.NoTrans, CblasDiag.NonUnit, 1, p, p, 1)))
