/// Symv, Syr and Syr2 from F#: the raw CBLAS bindings, the span overloads (double and single), the Matrix forms (with a
/// transposed view) and the generic entry, against values worked out by hand. The triangle that is not referenced holds
/// NaN throughout: it must come back unchanged and must not reach a result.
module BlasNet.FSharp.Tests.SymmetricLevel2Tests

#nowarn "9" "51" // NativePtr and `fixed` are the point of the raw part

open System
open Xunit
open BlasNet
open BlasNet.Interop

// A = [[2, 1, 0], [1, 3, -1], [0, -1, 4]], x = [1, 2, 3]: A x = [4, 4, 10].
let private upperA = [| 2.0; 1.0; 0.0; nan; 3.0; -1.0; nan; nan; 4.0 |]
let private lowerA = [| 2.0; nan; nan; 1.0; 3.0; nan; 0.0; -1.0; 4.0 |]
let private x = [| 1.0; 2.0; 3.0 |]
let private y = [| 1.0; 0.0; -1.0 |]
// x xᵀ and x yᵀ + y xᵀ on the upper triangle (NaN below, as stored).
let private xxUpper = [| 1.0; 2.0; 3.0; nan; 4.0; 6.0; nan; nan; 9.0 |]
let private xyUpper = [| 2.0; 2.0; 2.0; nan; 0.0; -2.0; nan; nan; -6.0 |]

let private f32 (a: float[]) = Array.map float32 a
let private nanUpper () = [| 0.0; 0.0; 0.0; nan; 0.0; 0.0; nan; nan; 0.0 |]

/// Exact comparison with NaN equal to NaN (the values here are small integers, exact in float too).
let private same (expected: float[]) (actual: float[]) =
    Assert.Equal(expected.Length, actual.Length)
    for i in 0 .. expected.Length - 1 do
        if Double.IsNaN expected.[i] then Assert.True(Double.IsNaN actual.[i], sprintf "element %d: %g, NaN expected" i actual.[i])
        else Assert.Equal(expected.[i], actual.[i])

let private sameF (expected: float[]) (actual: float32[]) = same expected (Array.map float actual)

[<Fact>]
let ``Symv on spans, matrices and the generic entry, either triangle`` () =
    let want = [| 9.0; 9.0; 21.0 |] // 2·A x + y₀ with y₀ = ones
    let y1 = Array.create 3 1.0
    Blas.Symv(Triangle.Upper, 3, 2.0, ReadOnlySpan upperA, 3, ReadOnlySpan x, 1, 1.0, Span y1, 1)
    same want y1
    let y2 = Array.create 3 1.0f
    Blas.Symv(Triangle.Lower, 3, 2.0f, ReadOnlySpan(f32 lowerA), 3, ReadOnlySpan(f32 x), 1, 1.0f, Span y2, 1)
    sameF want y2
    // β = 0 ignores NaN in y; a strided x (gaps of NaN never read).
    let y3 = Array.create 3 nan
    Blas.Symv<float>(Triangle.Upper, 3, 1.0, ReadOnlySpan upperA, 3, ReadOnlySpan [| 1.0; nan; 2.0; nan; 3.0 |], 2, 0.0, Span y3, 1)
    same [| 4.0; 4.0; 10.0 |] y3
    // Matrix forms: the stored upper triangle seen through a transposed view is the view's lower triangle.
    let m = Matrix<float>(3, 3, Array.copy upperA)
    let y4 = Array.create 3 1.0
    Blas.Symv(Triangle.Lower, 2.0, m.Transpose(), Array.copy x, 1.0, y4)
    same want y4
    let y5 = Array.create 3 1.0f
    Blas.Symv(Triangle.Lower, 2.0f, Matrix<float32>(3, 3, f32 lowerA), f32 x, 1.0f, y5)
    sameF want y5
    let y6 = Array.zeroCreate<float> 3
    Blas.Symv<float>(Triangle.Upper, 1.0, m, x, 0.0, y6)
    same [| 4.0; 4.0; 10.0 |] y6
    same upperA (m.ToArray()) // A untouched, NaN included

[<Fact>]
let ``Syr and Syr2 write one triangle only, in every form`` () =
    let a1 = nanUpper ()
    Blas.Syr(Triangle.Upper, 3, 1.0, ReadOnlySpan x, 1, Span a1, 3)
    same xxUpper a1
    let a2 = f32 (nanUpper ())
    Blas.Syr(Triangle.Upper, 3, 1.0f, ReadOnlySpan(f32 x), 1, Span a2, 3)
    sameF xxUpper a2
    let a3 = nanUpper ()
    Blas.Syr<float>(Triangle.Upper, 3, 1.0, ReadOnlySpan x, 1, Span a3, 3)
    same xxUpper a3
    let a4 = nanUpper ()
    Blas.Syr2(Triangle.Upper, 3, 1.0, ReadOnlySpan x, 1, ReadOnlySpan y, 1, Span a4, 3)
    same xyUpper a4
    let a5 = f32 (nanUpper ())
    Blas.Syr2(Triangle.Upper, 3, 1.0f, ReadOnlySpan(f32 x), 1, ReadOnlySpan(f32 y), 1, Span a5, 3)
    sameF xyUpper a5
    let a6 = nanUpper ()
    Blas.Syr2<float>(Triangle.Upper, 3, 1.0, ReadOnlySpan x, 1, ReadOnlySpan y, 1, Span a6, 3)
    same xyUpper a6
    // Matrix forms: a transposed view's upper triangle is the stored lower one.
    let m = Matrix<float>(3, 3, nanUpper ()).Transpose() // storage upper = view lower
    Blas.Syr(Triangle.Lower, 1.0, x, m)
    same xxUpper (m.Transpose().ToArray())
    let mf = Matrix<float32>(3, 3, f32 (nanUpper ()))
    Blas.Syr(Triangle.Upper, 1.0f, f32 x, mf)
    sameF xxUpper (mf.ToArray())
    let mg = Matrix<float>(3, 3, nanUpper ())
    Blas.Syr<float>(Triangle.Upper, 1.0, x, mg)
    same xxUpper (mg.ToArray())
    let m2 = Matrix<float>(3, 3, nanUpper ())
    Blas.Syr2(Triangle.Upper, 1.0, x, y, m2)
    same xyUpper (m2.ToArray())
    let m2f = Matrix<float32>(3, 3, f32 (nanUpper ())).Transpose()
    Blas.Syr2(Triangle.Lower, 1.0f, f32 x, f32 y, m2f)
    sameF xyUpper (m2f.Transpose().ToArray())
    let m2g = Matrix<float>(3, 3, nanUpper ())
    Blas.Syr2<float>(Triangle.Upper, 1.0, x, y, m2g)
    same xyUpper (m2g.ToArray())

[<Fact>]
let ``A zero meeting an infinity gives NaN, on every provider`` () =
    // x = (0, 1, ∞): a₀₂ = 0 + 1·(0·∞) = NaN, which the native syr kernels skipped.
    let a = nanUpper ()
    Blas.Syr(Triangle.Upper, 3, 1.0, ReadOnlySpan [| 0.0; 1.0; infinity |], 1, Span a, 3)
    same [| 0.0; 0.0; nan; nan; 1.0; infinity; nan; nan; infinity |] a
    Assert.Throws<ArgumentException>(fun () -> Blas.Syr(Triangle.Upper, 1.0, [| 1.0; 2.0 |], Matrix.Zeros<float>(3, 3))) |> ignore

let private pinD (a: float[]) (f: nativeptr<float> -> 'R) =
    use p = fixed a
    f p

let private pinS (a: float32[]) (f: nativeptr<float32> -> 'R) =
    use p = fixed a
    f p

[<Fact>]
let ``Raw symmetric level 2 bindings`` () =
    if BlasProvider.Current.IsNative then
        let yd = Array.create 3 1.0
        pinD upperA (fun pa -> pinD x (fun px -> pinD yd (fun py ->
            CBlas.Dsymv(CblasLayout.RowMajor, CblasUplo.Upper, 3, 2.0, pa, 3, px, 1, 1.0, py, 1))))
        same [| 9.0; 9.0; 21.0 |] yd
        let ys = Array.zeroCreate<float32> 3
        pinS (f32 lowerA) (fun pa -> pinS (f32 x) (fun px -> pinS ys (fun py ->
            CBlas.Ssymv(CblasLayout.RowMajor, CblasUplo.Lower, 3, 1.0f, pa, 3, px, 1, 0.0f, py, 1))))
        sameF [| 4.0; 4.0; 10.0 |] ys
        let a = nanUpper ()
        pinD x (fun px -> pinD a (fun pa -> CBlas.Dsyr(CblasLayout.RowMajor, CblasUplo.Upper, 3, 1.0, px, 1, pa, 3)))
        same xxUpper a
        let af = f32 (nanUpper ())
        pinS (f32 x) (fun px -> pinS af (fun pa -> CBlas.Ssyr(CblasLayout.RowMajor, CblasUplo.Upper, 3, 1.0f, px, 1, pa, 3)))
        sameF xxUpper af
        let a2 = nanUpper ()
        pinD x (fun px -> pinD y (fun py -> pinD a2 (fun pa -> CBlas.Dsyr2(CblasLayout.RowMajor, CblasUplo.Upper, 3, 1.0, px, 1, py, 1, pa, 3))))
        same xyUpper a2
        let a2f = f32 (nanUpper ())
        pinS (f32 x) (fun px -> pinS (f32 y) (fun py -> pinS a2f (fun pa -> CBlas.Ssyr2(CblasLayout.RowMajor, CblasUplo.Upper, 3, 1.0f, px, 1, py, 1, pa, 3))))
        sameF xyUpper a2f
    else
        let ex = Assert.Throws<DllNotFoundException>(fun () ->
            pinD x (fun px -> pinD (nanUpper ()) (fun pa -> CBlas.Dsyr(CblasLayout.RowMajor, CblasUplo.Upper, 3, 1.0, px, 1, pa, 3))))
        Assert.Contains("BlasNet", ex.Message)
