/// The raw bindings (BlasNet.Interop) used from F# the thin way: pinned arrays, pointers, CBLAS
/// enums. Every routine is checked against hand-computed values when a native library is bound.
module BlasNet.FSharp.Tests.RawInteropTests

#nowarn "9" "51" // NativePtr, `fixed` and && are the point of these tests

open Xunit
open BlasNet
open BlasNet.Interop

let private pinD (a: float[]) (f: nativeptr<float> -> 'R) =
    use p = fixed a
    f p

let private pinS (a: float32[]) (f: nativeptr<float32> -> 'R) =
    use p = fixed a
    f p

/// With no native library bound, a raw call must fail loudly, never reach a stray address.
let private assertUnbound (call: unit -> unit) =
    let ex = Assert.Throws<System.DllNotFoundException>(call)
    Assert.Contains("BlasNet", ex.Message)

let private pinI (a: int[]) (f: nativeptr<int> -> 'R) =
    use p = fixed a
    f p

[<Fact>]
let ``Raw level 1 routines in double and single precision`` () =
    if BlasProvider.Current.IsNative then
        let x, y = [| 1.0; -4.0; 3.0 |], [| 1.0; 1.0; 1.0 |]
        pinD x (fun px -> pinD y (fun py -> CBlas.Daxpy(3, 2.0, px, 1, py, 1)))
        Assert.Equal<float[]>([| 3.0; -7.0; 7.0 |], y)
        Assert.Equal(5.0, pinD [| 3.0; 4.0 |] (fun p -> CBlas.Dnrm2(2, p, 1)), 14)
        Assert.Equal(8.0, pinD x (fun p -> CBlas.Dasum(3, p, 1)))
        Assert.Equal(1n, pinD x (fun p -> CBlas.Idamax(3, p, 1)))
        pinD y (fun p -> CBlas.Dscal(3, 0.5, p, 1))
        Assert.Equal<float[]>([| 1.5; -3.5; 3.5 |], y)
        let z = Array.zeroCreate<float> 3
        pinD x (fun px -> pinD z (fun pz -> CBlas.Dcopy(3, px, 1, pz, 1)))
        Assert.Equal<float[]>(x, z)
        pinD y (fun py -> pinD z (fun pz -> CBlas.Dswap(3, py, 1, pz, 1)))
        Assert.Equal<float[]>([| 1.5; -3.5; 3.5 |], z)

        let xs, ys = [| 1.0f; -4.0f; 3.0f |], [| 2.0f; 0.0f; 1.0f |]
        Assert.Equal(5.0f, pinS xs (fun px -> pinS ys (fun py -> CBlas.Sdot(3, px, 1, py, 1))))
        pinS xs (fun px -> pinS ys (fun py -> CBlas.Saxpy(3, 1.0f, px, 1, py, 1)))
        Assert.Equal<float32[]>([| 3.0f; -4.0f; 4.0f |], ys)
        Assert.Equal(5.0f, pinS [| 3.0f; 4.0f |] (fun p -> CBlas.Snrm2(2, p, 1)))
        Assert.Equal(11.0f, pinS ys (fun p -> CBlas.Sasum(3, p, 1)))
        Assert.Equal(1n, pinS xs (fun p -> CBlas.Isamax(3, p, 1)))
        pinS ys (fun p -> CBlas.Sscal(3, 2.0f, p, 1))
        Assert.Equal<float32[]>([| 6.0f; -8.0f; 8.0f |], ys)
        let zs = Array.zeroCreate<float32> 3
        pinS xs (fun px -> pinS zs (fun pz -> CBlas.Scopy(3, px, 1, pz, 1)))
        pinS ys (fun py -> pinS zs (fun pz -> CBlas.Sswap(3, py, 1, pz, 1)))
        Assert.Equal<float32[]>([| 1.0f; -4.0f; 3.0f |], ys)
        Assert.Equal<float32[]>([| 6.0f; -8.0f; 8.0f |], zs)
    else
        assertUnbound (fun () -> pinD [| 1.0 |] (fun p -> CBlas.Dnrm2(1, p, 1)) |> ignore)

[<Fact>]
let ``Raw level 2 routines, row- and column-major`` () =
    if BlasProvider.Current.IsNative then
        let a = [| 1.0; 2.0; 3.0; 4.0; 5.0; 6.0 |] // 2×3 row-major
        let y = Array.zeroCreate<float> 2
        pinD a (fun pa -> pinD [| 1.0; 1.0; 1.0 |] (fun px -> pinD y (fun py ->
            CBlas.Dgemv(CblasLayout.RowMajor, CblasTranspose.NoTrans, 2, 3, 1.0, pa, 3, px, 1, 0.0, py, 1))))
        Assert.Equal<float[]>([| 6.0; 15.0 |], y)
        // The same storage read column-major is the 3×2 matrix Aᵀ.
        let yc = Array.zeroCreate<float> 3
        pinD a (fun pa -> pinD [| 1.0; 10.0 |] (fun px -> pinD yc (fun py ->
            CBlas.Dgemv(CblasLayout.ColumnMajor, CblasTranspose.NoTrans, 3, 2, 1.0, pa, 3, px, 1, 0.0, py, 1))))
        Assert.Equal<float[]>([| 41.0; 52.0; 63.0 |], yc)
        let g = Array.zeroCreate<float> 4
        pinD [| 1.0; 2.0 |] (fun px -> pinD [| 3.0; 4.0 |] (fun py -> pinD g (fun pg ->
            CBlas.Dger(CblasLayout.RowMajor, 2, 2, 1.0, px, 1, py, 1, pg, 2))))
        Assert.Equal<float[]>([| 3.0; 4.0; 6.0; 8.0 |], g)
        let b = [| 4.0; 10.0 |]
        pinD [| 2.0; 0.0; 1.0; 3.0 |] (fun pl -> pinD b (fun pb ->
            CBlas.Dtrsv(CblasLayout.RowMajor, CblasUplo.Lower, CblasTranspose.NoTrans, CblasDiag.NonUnit, 2, pl, 2, pb, 1)))
        Assert.Equal<float[]>([| 2.0; 8.0 / 3.0 |], b)

        let ys = Array.zeroCreate<float32> 3
        pinS [| 1.0f; 2.0f; 3.0f; 4.0f; 5.0f; 6.0f |] (fun pa -> pinS [| 1.0f; 1.0f |] (fun px -> pinS ys (fun py ->
            CBlas.Sgemv(CblasLayout.RowMajor, CblasTranspose.Trans, 2, 3, 1.0f, pa, 3, px, 1, 0.0f, py, 1))))
        Assert.Equal<float32[]>([| 5.0f; 7.0f; 9.0f |], ys)
        let gs = Array.zeroCreate<float32> 2
        pinS [| 2.0f |] (fun px -> pinS [| 1.0f; 5.0f |] (fun py -> pinS gs (fun pg ->
            CBlas.Sger(CblasLayout.RowMajor, 1, 2, 1.0f, px, 1, py, 1, pg, 2))))
        Assert.Equal<float32[]>([| 2.0f; 10.0f |], gs)
        let bs = [| 6.0f; 4.0f |]
        pinS [| 2.0f; 1.0f; 0.0f; 4.0f |] (fun pu -> pinS bs (fun pb ->
            CBlas.Strsv(CblasLayout.RowMajor, CblasUplo.Upper, CblasTranspose.NoTrans, CblasDiag.Unit, 2, pu, 2, pb, 1)))
        Assert.Equal<float32[]>([| 2.0f; 4.0f |], bs) // unit diagonal: x₂ = 4, x₁ = 6 − 1·4
    else
        assertUnbound (fun () -> pinD [| 1.0 |] (fun p -> CBlas.Dgemv(CblasLayout.RowMajor, CblasTranspose.NoTrans, 1, 1, 1.0, p, 1, p, 1, 0.0, p, 1)))

[<Fact>]
let ``Raw level 3 routines`` () =
    if BlasProvider.Current.IsNative then
        let c = Array.zeroCreate<float32> 4
        pinS [| 1.0f; 2.0f; 3.0f; 4.0f |] (fun pa -> pinS [| 5.0f; 6.0f; 7.0f; 8.0f |] (fun pb -> pinS c (fun pc ->
            CBlas.Sgemm(CblasLayout.RowMajor, CblasTranspose.NoTrans, CblasTranspose.NoTrans, 2, 2, 2, 1.0f, pa, 2, pb, 2, 0.0f, pc, 2))))
        Assert.Equal<float32[]>([| 19.0f; 22.0f; 43.0f; 50.0f |], c)
        // C = A Aᵀ on the upper triangle; the lower element stays as it was.
        let s = [| 0.0; -1.0; 0.0; 0.0 |]
        pinD [| 1.0; 2.0; 3.0; 4.0 |] (fun pa -> pinD s (fun ps ->
            CBlas.Dsyrk(CblasLayout.RowMajor, CblasUplo.Upper, CblasTranspose.NoTrans, 2, 2, 1.0, pa, 2, 0.0, ps, 2)))
        Assert.Equal<float[]>([| 5.0; 11.0; 0.0; 25.0 |], s)
        let ss = [| 0.0f; 0.0f; 7.0f; 0.0f |]
        pinS [| 1.0f; 2.0f; 3.0f; 4.0f |] (fun pa -> pinS ss (fun ps ->
            CBlas.Ssyrk(CblasLayout.RowMajor, CblasUplo.Lower, CblasTranspose.Trans, 2, 2, 1.0f, pa, 2, 0.0f, ps, 2)))
        Assert.Equal<float32[]>([| 10.0f; 0.0f; 14.0f; 20.0f |], ss) // AᵀA, lower triangle
        let b = [| 4.0f; 6.0f |]
        pinS [| 2.0f; 0.0f; 1.0f; 3.0f |] (fun pl -> pinS b (fun pb ->
            CBlas.Strsm(CblasLayout.RowMajor, CblasSide.Left, CblasUplo.Lower, CblasTranspose.NoTrans, CblasDiag.NonUnit, 2, 1, 1.0f, pl, 2, pb, 1)))
        Assert.Equal<float32[]>([| 2.0f; 4.0f / 3.0f |], b)
    else
        assertUnbound (fun () -> pinS [| 1.0f |] (fun p -> CBlas.Sgemm(CblasLayout.RowMajor, CblasTranspose.NoTrans, CblasTranspose.NoTrans, 1, 1, 1, 1.0f, p, 1, p, 1, 0.0f, p, 1)))

/// Householder QR of the column-major 2×2 a in place (dgeqrf, or dgeqp3 when pivoting); returns (tau, jpvt, info).
let private rawQr (pivot: bool) (a: float[]) =
    let tau = Array.zeroCreate<float> 2
    let jpvt = [| 0; 0 |]
    let work = Array.zeroCreate<float> 64
    let mutable m = 2
    let mutable n = 2
    let mutable lda = 2
    let mutable lwork = 64
    let mutable info = -1
    use pa = fixed a
    use pt = fixed tau
    use pw = fixed work
    use pj = fixed jpvt
    if pivot then LapackNative.Dgeqp3(&&m, &&n, pa, &&lda, pj, pt, pw, &&lwork, &&info)
    else LapackNative.Dgeqrf(&&m, &&n, pa, &&lda, pt, pw, &&lwork, &&info)
    tau, jpvt, info

/// c ← Qᵀ c for the reflectors of rawQr (dormqr, left, transposed); returns info. withLengths picks the overload that
/// takes the Fortran hidden lengths; the other passes them itself.
let private rawApplyQt (withLengths: bool) (a: float[]) (tau: float[]) (c: float[]) =
    let work = Array.zeroCreate<float> 64
    let mutable side = byte 'L'
    let mutable trans = byte 'T'
    let mutable m = 2
    let mutable n = 1
    let mutable k = 2
    let mutable lda = 2
    let mutable ldc = 2
    let mutable lwork = 64
    let mutable info = -1
    use pa = fixed a
    use pt = fixed tau
    use pc = fixed c
    use pw = fixed work
    // The Fortran ABI in full: one hidden length per CHARACTER argument, after all the others.
    if withLengths then LapackNative.Dormqr(&&side, &&trans, &&m, &&n, &&k, pa, &&lda, pt, pc, &&ldc, pw, &&lwork, &&info, 1un, 1un)
    else LapackNative.Dormqr(&&side, &&trans, &&m, &&n, &&k, pa, &&lda, pt, pc, &&ldc, pw, &&lwork, &&info)
    info

/// Solves the upper-triangular 2×2 system R x = b in place (dtrtrs); returns info.
let private rawSolveUpper (withLengths: bool) (r: float[]) (b: float[]) =
    let mutable uplo = byte 'U'
    let mutable trans = byte 'N'
    let mutable diag = byte 'N'
    let mutable n = 2
    let mutable nrhs = 1
    let mutable lda = 2
    let mutable ldb = 2
    let mutable info = -1
    use pr = fixed r
    use pb = fixed b
    if withLengths then LapackNative.Dtrtrs(&&uplo, &&trans, &&diag, &&n, &&nrhs, pr, &&lda, pb, &&ldb, &&info, 1un, 1un, 1un)
    else LapackNative.Dtrtrs(&&uplo, &&trans, &&diag, &&n, &&nrhs, pr, &&lda, pb, &&ldb, &&info)
    info

/// Cholesky-factors the 2×2 a (upper) then solves a x = b in place (dpotrf + dpotrs); returns the infos.
let private rawCholeskySolve (withLengths: bool) (a: float[]) (b: float[]) =
    let mutable uplo = byte 'U'
    let mutable n = 2
    let mutable nrhs = 1
    let mutable lda = 2
    let mutable ldb = 2
    let mutable info1 = -1
    let mutable info2 = -1
    use pa = fixed a
    use pb = fixed b
    if withLengths then
        LapackNative.Dpotrf(&&uplo, &&n, pa, &&lda, &&info1, 1un)
        LapackNative.Dpotrs(&&uplo, &&n, &&nrhs, pa, &&lda, pb, &&ldb, &&info2, 1un)
    else
        LapackNative.Dpotrf(&&uplo, &&n, pa, &&lda, &&info1)
        LapackNative.Dpotrs(&&uplo, &&n, &&nrhs, pa, &&lda, pb, &&ldb, &&info2)
    info1, info2

[<Fact>]
let ``Raw LAPACK: QR, apply Q transpose, triangular and Cholesky solves`` () =
    if BlasProvider.Current.HasNativeLapack then
        // A = [[3, 0], [4, 5]] column-major: columns (3, 4) and (0, 5), both of norm 5.
        let a = [| 3.0; 4.0; 0.0; 5.0 |]
        let tau, _, info = rawQr false a
        Assert.Equal(0, info)
        Assert.Equal(5.0, abs a.[0], 12) // |R₁₁| = ‖first column‖
        Assert.Equal(3.0, abs a.[3], 12) // |det A| = 15 = |R₁₁ R₂₂|
        let _, jpvt, info = rawQr true [| 3.0; 4.0; 0.0; 5.0 |]
        Assert.Equal(0, info)
        Assert.Equal<int[]>([| 1; 2 |], jpvt) // one-based; equal norms: the first column stays first
        for withLengths in [ true; false ] do
            // Qᵀ applied to A's first column gives (R₁₁, 0); then R x = (R₁₁, 0) gives x = (1, 0).
            let c = [| 3.0; 4.0 |]
            Assert.Equal(0, rawApplyQt withLengths a tau c)
            Assert.Equal(a.[0], c.[0], 12)
            Assert.Equal(0.0, c.[1], 12)
            Assert.Equal(0, rawSolveUpper withLengths a c)
            Assert.Equal(1.0, c.[0], 12)
            Assert.Equal(0.0, c.[1], 12)
            // [[4, 2], [2, 5]] x = (6, 7) → x = (1, 1).
            let rhs = [| 6.0; 7.0 |]
            Assert.Equal((0, 0), rawCholeskySolve withLengths [| 4.0; 2.0; 2.0; 5.0 |] rhs)
            Assert.Equal(1.0, rhs.[0], 12)
            Assert.Equal(1.0, rhs.[1], 12)
    else
        assertUnbound (fun () -> rawCholeskySolve true [| 1.0; 0.0; 0.0; 1.0 |] [| 1.0; 1.0 |] |> ignore)
