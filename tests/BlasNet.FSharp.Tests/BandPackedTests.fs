/// Band and packed storage from F#: the storage helpers, the safe Gbmv/Sbmv/Spmv/Tbmv/Tpmv/Spr/Spr2 (double, float, generic) and the raw
/// CBLAS bindings, on small matrices whose products are exact small integers.
module BlasNet.FSharp.Tests.BandPackedTests

#nowarn "9" "51" // NativePtr and `fixed` are the point of the raw tests

open System
open Xunit
open BlasNet
open BlasNet.Interop

/// Tridiagonal (kl = ku = 1), not symmetric, so a transpose shows.
let private a3 = Matrix.FromArray2D(array2D [ [ 1.0; 2.0; 0.0 ]; [ 3.0; 4.0; 5.0 ]; [ 0.0; 6.0; 7.0 ] ])
let private a3f = Matrix.FromArray2D(array2D [ [ 1.0f; 2.0f; 0.0f ]; [ 3.0f; 4.0f; 5.0f ]; [ 0.0f; 6.0f; 7.0f ] ])
/// Symmetric with one off-diagonal (k = 1).
let private s3 = Matrix.FromArray2D(array2D [ [ 2.0; 1.0; 0.0 ]; [ 1.0; 3.0; 4.0 ]; [ 0.0; 4.0; 5.0 ] ])
let private s3f = Matrix.FromArray2D(array2D [ [ 2.0f; 1.0f; 0.0f ]; [ 1.0f; 3.0f; 4.0f ]; [ 0.0f; 4.0f; 5.0f ] ])

[<Fact>]
let ``BandStorage and PackedStorage lay a dense matrix out as CBLAS row-major storage and back`` () =
    let band = BandStorage.Pack(a3, 1, 1) // row i holds A[i, i-1..i+1]; the corners outside A are 0
    Assert.Equal<float[]>([| 0.0; 1.0; 2.0; 3.0; 4.0; 5.0; 6.0; 7.0; 0.0 |], band)
    Assert.Equal<float[]>(a3.AsSpan().ToArray(), BandStorage.Unpack(band, 3, 3, 1, 1, 3).AsSpan().ToArray())
    Assert.Equal<float32[]>([| 1.0f; 4.0f; 7.0f |], BandStorage.Pack(a3f, 0, 0))
    Assert.Equal<float[]>([| 2.0; 1.0; 0.0; 3.0; 4.0; 5.0 |], PackedStorage.Pack(s3, Triangle.Upper))
    Assert.Equal<float[]>([| 2.0; 1.0; 3.0; 0.0; 4.0; 5.0 |], PackedStorage.Pack(s3, Triangle.Lower))
    let mirrored = PackedStorage.Unpack(PackedStorage.Pack(s3, Triangle.Lower), 3, Triangle.Lower, true)
    Assert.Equal<float[]>(s3.AsSpan().ToArray(), mirrored.AsSpan().ToArray())
    let lowerOnly = PackedStorage.Unpack([| 2.0f; 1.0f; 3.0f; 0.0f; 4.0f; 5.0f |], 3, Triangle.Lower)
    Assert.Equal(0.0f, lowerOnly[1, 2])
    Assert.Equal(4.0f, lowerOnly[2, 1])
    let ex = Assert.Throws<ArgumentOutOfRangeException>(fun () -> BandStorage.Unpack(band, 3, 3, 1, 1, 2) |> ignore)
    Assert.Equal("lda", ex.ParamName)

[<Fact>]
let ``Gbmv multiplies a band matrix in double, float and the generic form`` () =
    let band = BandStorage.Pack(a3, 1, 1)
    let ones = [| 1.0; 1.0; 1.0 |]
    let y = Array.zeroCreate<float> 3
    Blas.Gbmv(Transpose.None, 3, 3, 1, 1, 1.0, ReadOnlySpan band, 3, ReadOnlySpan ones, 1, 0.0, Span y, 1)
    Assert.Equal<float[]>([| 3.0; 12.0; 13.0 |], y)
    Blas.Gbmv(Transpose.Transposed, 3, 3, 1, 1, 1.0, ReadOnlySpan band, 3, ReadOnlySpan ones, 1, 1.0, Span y, 1)
    Assert.Equal<float[]>([| 7.0; 24.0; 25.0 |], y) // Aᵀ·1 = (4, 12, 12) added
    let yf = Array.zeroCreate<float32> 3
    Blas.Gbmv(Transpose.None, 3, 3, 1, 1, 2.0f, ReadOnlySpan(BandStorage.Pack(a3f, 1, 1)), 3, ReadOnlySpan [| 1.0f; 0.0f; 1.0f |], 1, 0.0f, Span yf, 1)
    Assert.Equal<float32[]>([| 2.0f; 16.0f; 14.0f |], yf)
    let yg = Array.zeroCreate<float32> 3
    Blas.Gbmv<float32>(Transpose.None, 3, 3, 1, 1, 2.0f, ReadOnlySpan(BandStorage.Pack(a3f, 1, 1)), 3, ReadOnlySpan [| 1.0f; 0.0f; 1.0f |], 1, 0.0f, Span yg, 1)
    Assert.Equal<float32[]>(yf, yg)
    let ex = Assert.Throws<ArgumentOutOfRangeException>(fun () ->
        Blas.Gbmv(Transpose.None, 3, 3, 1, 1, 1.0, ReadOnlySpan band, 2, ReadOnlySpan ones, 1, 0.0, Span y, 1))
    Assert.Equal("lda", ex.ParamName)

[<Fact>]
let ``Sbmv and Spmv multiply a symmetric band or packed matrix from either triangle`` () =
    let ones = [| 1.0; 1.0; 1.0 |]
    let expected = [| 3.0; 8.0; 9.0 |]
    for uplo, kl, ku in [ Triangle.Upper, 0, 1; Triangle.Lower, 1, 0 ] do
        let y = Array.zeroCreate<float> 3
        Blas.Sbmv(uplo, 3, 1, 1.0, ReadOnlySpan(BandStorage.Pack(s3, kl, ku)), 2, ReadOnlySpan ones, 1, 0.0, Span y, 1)
        Assert.Equal<float[]>(expected, y)
        let yf = Array.zeroCreate<float32> 3
        Blas.Sbmv(uplo, 3, 1, 1.0f, ReadOnlySpan(BandStorage.Pack(s3f, kl, ku)), 2, ReadOnlySpan [| 1.0f; 1.0f; 1.0f |], 1, 0.0f, Span yf, 1)
        Assert.Equal<float32[]>([| 3.0f; 8.0f; 9.0f |], yf)
        let yg = Array.zeroCreate<float> 3
        Blas.Sbmv<float>(uplo, 3, 1, 1.0, ReadOnlySpan(BandStorage.Pack(s3, kl, ku)), 2, ReadOnlySpan ones, 1, 0.0, Span yg, 1)
        Assert.Equal<float[]>(expected, yg)

        let yp = Array.zeroCreate<float> 3
        Blas.Spmv(uplo, 3, 1.0, ReadOnlySpan(PackedStorage.Pack(s3, uplo)), ReadOnlySpan ones, 1, 0.0, Span yp, 1)
        Assert.Equal<float[]>(expected, yp)
        let ypf = [| 1.0f; 1.0f; 1.0f |]
        Blas.Spmv(uplo, 3, 1.0f, ReadOnlySpan(PackedStorage.Pack(s3f, uplo)), ReadOnlySpan [| 1.0f; 1.0f; 1.0f |], 1, -1.0f, Span ypf, 1)
        Assert.Equal<float32[]>([| 2.0f; 7.0f; 8.0f |], ypf)
        let ypg = Array.zeroCreate<float32> 3
        Blas.Spmv<float32>(uplo, 3, 1.0f, ReadOnlySpan(PackedStorage.Pack(s3f, uplo)), ReadOnlySpan [| 1.0f; 1.0f; 1.0f |], 1, 0.0f, Span ypg, 1)
        Assert.Equal<float32[]>([| 3.0f; 8.0f; 9.0f |], ypg)
    let ex = Assert.Throws<ArgumentException>(fun () ->
        Blas.Spmv(Triangle.Upper, 4, 1.0, ReadOnlySpan(PackedStorage.Pack(s3, Triangle.Upper)), ReadOnlySpan [| 1.0; 1.0; 1.0; 1.0 |], 1, 0.0, Span(Array.zeroCreate<float> 4), 1))
    Assert.Equal("ap", ex.ParamName)

[<Fact>]
let ``Tbmv and Tpmv multiply by a triangular band or packed matrix in place`` () =
    // Upper triangle of a3 within one off-diagonal: U = [1 2 0; 0 4 5; 0 0 7]; lower packed triangle: L = [1 0 0; 3 4 0; 0 6 7].
    let ub = BandStorage.Pack(a3, 0, 1)
    let x = [| 1.0; 1.0; 1.0 |]
    Blas.Tbmv(Triangle.Upper, Transpose.None, Diagonal.NonUnit, 3, 1, ReadOnlySpan ub, 2, Span x, 1)
    Assert.Equal<float[]>([| 3.0; 9.0; 7.0 |], x)
    let xu = [| 1.0f; 1.0f; 1.0f |]
    Blas.Tbmv(Triangle.Upper, Transpose.Transposed, Diagonal.Unit, 3, 1, ReadOnlySpan(BandStorage.Pack(a3f, 0, 1)), 2, Span xu, 1)
    Assert.Equal<float32[]>([| 1.0f; 3.0f; 6.0f |], xu) // unit diagonal: Uᵀ with ones on it
    let xg = [| 1.0; 1.0; 1.0 |]
    Blas.Tbmv<float>(Triangle.Upper, Transpose.Transposed, Diagonal.NonUnit, 3, 1, ReadOnlySpan ub, 2, Span xg, 1)
    Assert.Equal<float[]>([| 1.0; 6.0; 12.0 |], xg)

    let lp = PackedStorage.Pack(a3, Triangle.Lower)
    let y = [| 1.0; 1.0; 1.0 |]
    Blas.Tpmv(Triangle.Lower, Transpose.None, Diagonal.NonUnit, 3, ReadOnlySpan lp, Span y, 1)
    Assert.Equal<float[]>([| 1.0; 7.0; 13.0 |], y)
    let yf = [| 1.0f; 1.0f; 1.0f |]
    Blas.Tpmv(Triangle.Lower, Transpose.Transposed, Diagonal.NonUnit, 3, ReadOnlySpan(PackedStorage.Pack(a3f, Triangle.Lower)), Span yf, 1)
    Assert.Equal<float32[]>([| 4.0f; 10.0f; 7.0f |], yf)
    let yg = [| 1.0f; 1.0f; 1.0f |]
    Blas.Tpmv<float32>(Triangle.Lower, Transpose.None, Diagonal.Unit, 3, ReadOnlySpan(PackedStorage.Pack(a3f, Triangle.Lower)), Span yg, 1)
    Assert.Equal<float32[]>([| 1.0f; 4.0f; 7.0f |], yg)
    let ex = Assert.Throws<ArgumentOutOfRangeException>(fun () ->
        Blas.Tbmv(Triangle.Upper, Transpose.None, Diagonal.NonUnit, 3, 2, ReadOnlySpan ub, 2, Span x, 1))
    Assert.Equal("lda", ex.ParamName)

[<Fact>]
let ``Spr and Spr2 update a packed symmetric matrix`` () =
    let up = PackedStorage.Pack(s3, Triangle.Upper) // 2 1 0 | 3 4 | 5
    Blas.Spr(Triangle.Upper, 3, 1.0, ReadOnlySpan [| 1.0; 0.0; 1.0 |], 1, Span up)
    Assert.Equal<float[]>([| 3.0; 1.0; 1.0; 3.0; 4.0; 6.0 |], up)
    let lowF = PackedStorage.Pack(s3f, Triangle.Lower) // 2 | 1 3 | 0 4 5
    Blas.Spr(Triangle.Lower, 3, 2.0f, ReadOnlySpan [| 1.0f; 1.0f; 0.0f |], 1, Span lowF)
    Assert.Equal<float32[]>([| 4.0f; 3.0f; 5.0f; 0.0f; 4.0f; 5.0f |], lowF)
    let g = PackedStorage.Pack(s3, Triangle.Lower)
    Blas.Spr<float>(Triangle.Lower, 3, 2.0, ReadOnlySpan [| 1.0; 1.0; 0.0 |], 1, Span g)
    Assert.Equal<float[]>([| 4.0; 3.0; 5.0; 0.0; 4.0; 5.0 |], g)

    // x eᵀ₁ + e₁ xᵀ with x = e₀: only a₀₁ (= a₁₀) changes.
    let up2 = PackedStorage.Pack(s3, Triangle.Upper)
    Blas.Spr2(Triangle.Upper, 3, 1.0, ReadOnlySpan [| 1.0; 0.0; 0.0 |], 1, ReadOnlySpan [| 0.0; 1.0; 0.0 |], 1, Span up2)
    Assert.Equal<float[]>([| 2.0; 2.0; 0.0; 3.0; 4.0; 5.0 |], up2)
    let low2 = PackedStorage.Pack(s3f, Triangle.Lower)
    Blas.Spr2(Triangle.Lower, 3, 1.0f, ReadOnlySpan [| 1.0f; 0.0f; 0.0f |], 1, ReadOnlySpan [| 0.0f; 1.0f; 0.0f |], 1, Span low2)
    Assert.Equal<float32[]>([| 2.0f; 2.0f; 3.0f; 0.0f; 4.0f; 5.0f |], low2)
    let g2 = PackedStorage.Pack(s3f, Triangle.Lower)
    Blas.Spr2<float32>(Triangle.Lower, 3, 1.0f, ReadOnlySpan [| 1.0f; 0.0f; 0.0f |], 1, ReadOnlySpan [| 0.0f; 1.0f; 0.0f |], 1, Span g2)
    Assert.Equal<float32[]>(low2, g2)
    // A zero meeting a NaN gives NaN (the definition), whichever provider runs.
    let nanCase = PackedStorage.Pack(s3, Triangle.Upper)
    Blas.Spr(Triangle.Upper, 3, 1.0, ReadOnlySpan [| nan; 0.0; 1.0 |], 1, Span nanCase)
    Assert.True(Double.IsNaN nanCase[1]) // a₀₁ + x₀·x₁ = 1 + NaN·0
    Assert.Equal(4.0, nanCase[4]) // a₁₂ + 0·1
    let ex = Assert.Throws<ArgumentException>(fun () -> Blas.Spr(Triangle.Upper, 4, 1.0, ReadOnlySpan [| 1.0; 1.0; 1.0; 1.0 |], 1, Span(Array.zeroCreate<float> 9)))
    Assert.Equal("ap", ex.ParamName)

let private pinD (a: float[]) (f: nativeptr<float> -> 'R) =
    use p = fixed a
    f p

let private pinS (a: float32[]) (f: nativeptr<float32> -> 'R) =
    use p = fixed a
    f p

[<Fact>]
let ``Raw band and packed bindings in double and single precision`` () =
    let band = BandStorage.Pack(a3, 1, 1)
    let bandF = BandStorage.Pack(a3f, 1, 1)
    if BlasProvider.Current.IsNative then
        let y = Array.zeroCreate<float> 3
        pinD band (fun pa -> pinD [| 1.0; 1.0; 1.0 |] (fun px -> pinD y (fun py ->
            CBlas.Dgbmv(CblasLayout.RowMajor, CblasTranspose.Trans, 3, 3, 1, 1, 1.0, pa, 3, px, 1, 0.0, py, 1))))
        Assert.Equal<float[]>([| 4.0; 12.0; 12.0 |], y)
        let yf = Array.zeroCreate<float32> 3
        pinS bandF (fun pa -> pinS [| 1.0f; 1.0f; 1.0f |] (fun px -> pinS yf (fun py ->
            CBlas.Sgbmv(CblasLayout.RowMajor, CblasTranspose.NoTrans, 3, 3, 1, 1, 1.0f, pa, 3, px, 1, 0.0f, py, 1))))
        Assert.Equal<float32[]>([| 3.0f; 12.0f; 13.0f |], yf)
        let ys = Array.zeroCreate<float> 3
        pinD (BandStorage.Pack(s3, 0, 1)) (fun pa -> pinD [| 1.0; 1.0; 1.0 |] (fun px -> pinD ys (fun py ->
            CBlas.Dsbmv(CblasLayout.RowMajor, CblasUplo.Upper, 3, 1, 1.0, pa, 2, px, 1, 0.0, py, 1))))
        Assert.Equal<float[]>([| 3.0; 8.0; 9.0 |], ys)
        let ysf = Array.zeroCreate<float32> 3
        pinS (BandStorage.Pack(s3f, 1, 0)) (fun pa -> pinS [| 1.0f; 1.0f; 1.0f |] (fun px -> pinS ysf (fun py ->
            CBlas.Ssbmv(CblasLayout.RowMajor, CblasUplo.Lower, 3, 1, 1.0f, pa, 2, px, 1, 0.0f, py, 1))))
        Assert.Equal<float32[]>([| 3.0f; 8.0f; 9.0f |], ysf)
        let yp = Array.zeroCreate<float> 3
        pinD (PackedStorage.Pack(s3, Triangle.Lower)) (fun pa -> pinD [| 1.0; 1.0; 1.0 |] (fun px -> pinD yp (fun py ->
            CBlas.Dspmv(CblasLayout.RowMajor, CblasUplo.Lower, 3, 1.0, pa, px, 1, 0.0, py, 1))))
        Assert.Equal<float[]>([| 3.0; 8.0; 9.0 |], yp)
        let ypf = Array.zeroCreate<float32> 3
        pinS (PackedStorage.Pack(s3f, Triangle.Upper)) (fun pa -> pinS [| 1.0f; 1.0f; 1.0f |] (fun px -> pinS ypf (fun py ->
            CBlas.Sspmv(CblasLayout.RowMajor, CblasUplo.Upper, 3, 1.0f, pa, px, 1, 0.0f, py, 1))))
        Assert.Equal<float32[]>([| 3.0f; 8.0f; 9.0f |], ypf)
        let xt = [| 1.0; 1.0; 1.0 |]
        pinD (BandStorage.Pack(a3, 0, 1)) (fun pa -> pinD xt (fun px ->
            CBlas.Dtbmv(CblasLayout.RowMajor, CblasUplo.Upper, CblasTranspose.NoTrans, CblasDiag.NonUnit, 3, 1, pa, 2, px, 1)))
        Assert.Equal<float[]>([| 3.0; 9.0; 7.0 |], xt)
        let xtf = [| 1.0f; 1.0f; 1.0f |]
        pinS (BandStorage.Pack(a3f, 0, 1)) (fun pa -> pinS xtf (fun px ->
            CBlas.Stbmv(CblasLayout.RowMajor, CblasUplo.Upper, CblasTranspose.Trans, CblasDiag.NonUnit, 3, 1, pa, 2, px, 1)))
        Assert.Equal<float32[]>([| 1.0f; 6.0f; 12.0f |], xtf)
        let xp = [| 1.0; 1.0; 1.0 |]
        pinD (PackedStorage.Pack(a3, Triangle.Lower)) (fun pa -> pinD xp (fun px ->
            CBlas.Dtpmv(CblasLayout.RowMajor, CblasUplo.Lower, CblasTranspose.Trans, CblasDiag.NonUnit, 3, pa, px, 1)))
        Assert.Equal<float[]>([| 4.0; 10.0; 7.0 |], xp)
        let xpf = [| 1.0f; 1.0f; 1.0f |]
        pinS (PackedStorage.Pack(a3f, Triangle.Lower)) (fun pa -> pinS xpf (fun px ->
            CBlas.Stpmv(CblasLayout.RowMajor, CblasUplo.Lower, CblasTranspose.NoTrans, CblasDiag.Unit, 3, pa, px, 1)))
        Assert.Equal<float32[]>([| 1.0f; 4.0f; 7.0f |], xpf)
        let sp = PackedStorage.Pack(s3, Triangle.Upper)
        pinD [| 1.0; 0.0; 1.0 |] (fun px -> pinD sp (fun pa -> CBlas.Dspr(CblasLayout.RowMajor, CblasUplo.Upper, 3, 1.0, px, 1, pa)))
        Assert.Equal<float[]>([| 3.0; 1.0; 1.0; 3.0; 4.0; 6.0 |], sp)
        let spf = PackedStorage.Pack(s3f, Triangle.Lower)
        pinS [| 1.0f; 1.0f; 0.0f |] (fun px -> pinS spf (fun pa -> CBlas.Sspr(CblasLayout.RowMajor, CblasUplo.Lower, 3, 2.0f, px, 1, pa)))
        Assert.Equal<float32[]>([| 4.0f; 3.0f; 5.0f; 0.0f; 4.0f; 5.0f |], spf)
        let sp2 = PackedStorage.Pack(s3, Triangle.Upper)
        pinD [| 1.0; 0.0; 0.0 |] (fun px -> pinD [| 0.0; 1.0; 0.0 |] (fun py -> pinD sp2 (fun pa ->
            CBlas.Dspr2(CblasLayout.RowMajor, CblasUplo.Upper, 3, 1.0, px, 1, py, 1, pa))))
        Assert.Equal<float[]>([| 2.0; 2.0; 0.0; 3.0; 4.0; 5.0 |], sp2)
        let sp2f = PackedStorage.Pack(s3f, Triangle.Lower)
        pinS [| 1.0f; 0.0f; 0.0f |] (fun px -> pinS [| 0.0f; 1.0f; 0.0f |] (fun py -> pinS sp2f (fun pa ->
            CBlas.Sspr2(CblasLayout.RowMajor, CblasUplo.Lower, 3, 1.0f, px, 1, py, 1, pa))))
        Assert.Equal<float32[]>([| 2.0f; 2.0f; 3.0f; 0.0f; 4.0f; 5.0f |], sp2f)
    else
        let unbound (call: unit -> unit) =
            let ex = Assert.Throws<DllNotFoundException>(call)
            Assert.Contains("BlasNet", ex.Message)
        unbound (fun () -> pinD band (fun p -> CBlas.Dgbmv(CblasLayout.RowMajor, CblasTranspose.NoTrans, 1, 1, 0, 0, 1.0, p, 1, p, 1, 0.0, p, 1)))
        unbound (fun () -> pinS bandF (fun p -> CBlas.Sgbmv(CblasLayout.RowMajor, CblasTranspose.NoTrans, 1, 1, 0, 0, 1.0f, p, 1, p, 1, 0.0f, p, 1)))
        unbound (fun () -> pinD band (fun p -> CBlas.Dsbmv(CblasLayout.RowMajor, CblasUplo.Upper, 1, 0, 1.0, p, 1, p, 1, 0.0, p, 1)))
        unbound (fun () -> pinS bandF (fun p -> CBlas.Ssbmv(CblasLayout.RowMajor, CblasUplo.Upper, 1, 0, 1.0f, p, 1, p, 1, 0.0f, p, 1)))
        unbound (fun () -> pinD band (fun p -> CBlas.Dspmv(CblasLayout.RowMajor, CblasUplo.Upper, 1, 1.0, p, p, 1, 0.0, p, 1)))
        unbound (fun () -> pinS bandF (fun p -> CBlas.Sspmv(CblasLayout.RowMajor, CblasUplo.Upper, 1, 1.0f, p, p, 1, 0.0f, p, 1)))
        unbound (fun () -> pinD band (fun p -> CBlas.Dtbmv(CblasLayout.RowMajor, CblasUplo.Upper, CblasTranspose.NoTrans, CblasDiag.NonUnit, 1, 0, p, 1, p, 1)))
        unbound (fun () -> pinS bandF (fun p -> CBlas.Stbmv(CblasLayout.RowMajor, CblasUplo.Upper, CblasTranspose.NoTrans, CblasDiag.NonUnit, 1, 0, p, 1, p, 1)))
        unbound (fun () -> pinD band (fun p -> CBlas.Dtpmv(CblasLayout.RowMajor, CblasUplo.Upper, CblasTranspose.NoTrans, CblasDiag.NonUnit, 1, p, p, 1)))
        unbound (fun () -> pinS bandF (fun p -> CBlas.Stpmv(CblasLayout.RowMajor, CblasUplo.Upper, CblasTranspose.NoTrans, CblasDiag.NonUnit, 1, p, p, 1)))
        unbound (fun () -> pinD band (fun p -> CBlas.Dspr(CblasLayout.RowMajor, CblasUplo.Upper, 1, 1.0, p, 1, p)))
        unbound (fun () -> pinS bandF (fun p -> CBlas.Sspr(CblasLayout.RowMajor, CblasUplo.Upper, 1, 1.0f, p, 1, p)))
        unbound (fun () -> pinD band (fun p -> CBlas.Dspr2(CblasLayout.RowMajor, CblasUplo.Upper, 1, 1.0, p, 1, p, 1, p)))
        unbound (fun () -> pinS bandF (fun p -> CBlas.Sspr2(CblasLayout.RowMajor, CblasUplo.Upper, 1, 1.0f, p, 1, p, 1, p)))
