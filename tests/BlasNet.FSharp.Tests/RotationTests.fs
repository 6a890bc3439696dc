/// The level 1 plane rotations from F#: Rotg and Rotmg return records (no byref arguments), Rot and Rotm apply them to
/// arrays, spans and strided spans, generic and typed; the raw CBLAS bindings the thin way. Expected values come from the
/// closed forms ([c s; −s c][a; b] = [r; 0], H·[x1; y1] = [X1; 0]) and the BLAS definition written out here.
module BlasNet.FSharp.Tests.RotationTests

#nowarn "9" "51" // NativePtr, `fixed` and && are the point of the raw tests

open System
open System.Globalization
open Microsoft.FSharp.NativeInterop
open Xunit
open BlasNet
open BlasNet.Interop

/// BLAS's drot on two arrays, as defined.
let private rotDef (c: float) (s: float) (x: float[]) (y: float[]) =
    Array.map2 (fun xi yi -> c * xi + s * yi) x y, Array.map2 (fun xi yi -> c * yi - s * xi) x y

let private close (expected: float[]) (actual: float[]) =
    Array.iter2 (fun (e: float) (a: float) -> Assert.Equal(e, a, 13)) expected actual

let private closeF (expected: float[]) (actual: float32[]) =
    Array.iter2 (fun (e: float) (a: float32) -> Assert.Equal(e, float a, 5)) expected actual

[<Fact>]
let ``Rotg returns a record whose rotation zeroes b, in double and single precision`` () =
    let g = Blas.Rotg(3.0, 4.0)
    Assert.Equal(0.6, g.C, 15)
    Assert.Equal(0.8, g.S, 15)
    Assert.Equal(5.0, g.R, 14)
    Assert.Equal(1.0 / g.C, g.Z, 14) // |a| ≤ |b|: z = 1/c
    Assert.Equal(0.0, -g.S * 3.0 + g.C * 4.0, 14)
    let f = Blas.Rotg(-4.0f, 3.0f)
    Assert.Equal(0.8f, f.C, 6) // r takes the sign of the larger a: r = −5, c = a/r
    Assert.Equal(-0.6f, f.S, 6)
    Assert.Equal(-5.0f, f.R, 5)
    Assert.Equal(f.S, f.Z) // |a| > |b|: z = s
    let generic = Blas.Rotg<float>(0.0, -2.0)
    Assert.Equal((0.0, 1.0, -2.0, 1.0), (generic.C, generic.S, generic.R, generic.Z))
    // Far outside the range where √(a² + b²) is representable unscaled.
    let big = Blas.Rotg(1e300, 1e300)
    Assert.Equal(sqrt 0.5, big.C, 15)
    Assert.Equal(sqrt 2.0, big.R / 1e300, 14)

[<Fact>]
let ``Rot applies c and s as BLAS defines them, on arrays, spans, strided spans and generically`` () =
    let x0, y0 = [| 1.0; -2.0; 0.5 |], [| 3.0; 4.0; -1.5 |]
    let ex, ey = rotDef 0.6 0.8 x0 y0
    let x, y = Array.copy x0, Array.copy y0
    Blas.Rot(x, y, 0.6, 0.8)
    close ex x; close ey y
    let x, y = Array.copy x0, Array.copy y0
    Blas.Rot(Span x, Span y, 0.6, 0.8)
    close ex x; close ey y
    let x, y = Array.copy x0, Array.copy y0
    Blas.Rot(x, y, Blas.Rotg(3.0, 4.0))
    close ex x; close ey y
    // x on the even elements of one buffer, y on the odd ones: they share no element.
    let buffer = Array.init 6 (fun i -> if i % 2 = 0 then x0[i / 2] else y0[i / 2])
    Blas.Rot(3, Span(buffer, 0, 5), 2, Span(buffer, 1, 5), 2, 0.6, 0.8)
    close ex [| buffer[0]; buffer[2]; buffer[4] |]; close ey [| buffer[1]; buffer[3]; buffer[5] |]
    let x, y = Array.copy x0, Array.copy y0
    Blas.Rot<float>(3, Span x, 1, Span y, 1, 0.6, 0.8)
    close ex x; close ey y

    let xf0, yf0 = [| 1.0f; -2.0f |], [| 3.0f; 4.0f |]
    let exf, eyf = rotDef 0.6 0.8 (Array.map float xf0) (Array.map float yf0)
    let xf, yf = Array.copy xf0, Array.copy yf0
    Blas.Rot(xf, yf, 0.6f, 0.8f)
    closeF exf xf; closeF eyf yf
    let xf, yf = Array.copy xf0, Array.copy yf0
    Blas.Rot(Span xf, Span yf, 0.6f, 0.8f)
    closeF exf xf; closeF eyf yf
    let xf, yf = Array.copy xf0, Array.copy yf0
    Blas.Rot(2, Span xf, 1, Span yf, 1, 0.6f, 0.8f)
    closeF exf xf; closeF eyf yf
    let xf, yf = Array.copy xf0, Array.copy yf0
    Blas.Rot(xf, yf, Blas.Rotg(3.0f, 4.0f))
    closeF exf xf; closeF eyf yf

[<Fact>]
let ``Rot keeps 0 times NaN and refuses vectors that share an element`` () =
    let x, y = [| nan; 1.0 |], [| 1.0; infinity |]
    Blas.Rot(x, y, 0.0, 1.0) // x' = 0·x + y, y' = 0·y − x
    Assert.True(Double.IsNaN x[0] && Double.IsNaN y[1])
    let v = [| 1.0; 2.0 |]
    let ex = Assert.Throws<ArgumentException>(fun () -> Blas.Rot(v, v, 0.6, 0.8))
    Assert.Equal("y", ex.ParamName)
    Assert.Throws<ArgumentException>(fun () -> Blas.Rot([| 1.0 |], [| 1.0; 2.0 |], 1.0, 0.0)) |> ignore

let private describe (form: ModifiedRotationForm) =
    match form with
    | ModifiedRotationForm.Full -> "full"
    | ModifiedRotationForm.UnitDiagonal -> "unit diagonal"
    | ModifiedRotationForm.SkewOffDiagonal -> "skew off-diagonal"
    | ModifiedRotationForm.Identity -> "identity"
    | other -> failwithf "unknown form %A" other

[<Fact>]
let ``Rotmg returns a record that Rotm applies, zeroing the weighted y1`` () =
    let m = Blas.Rotmg(2.0, 3.0, 1.5, -4.0)
    Assert.Equal("skew off-diagonal", describe m.Form)
    Assert.Equal(m.X1, m.H11 * 1.5 + m.H12 * -4.0, 14)
    Assert.Equal(0.0, m.H21 * 1.5 + m.H22 * -4.0, 14)
    // The weights: Hᵀ diag(D1, D2) H = diag(d1, d2).
    Assert.Equal(2.0, m.H11 * m.H11 * m.D1 + m.H21 * m.H21 * m.D2, 13)
    Assert.Equal(3.0, m.H12 * m.H12 * m.D1 + m.H22 * m.H22 * m.D2, 13)
    let x, y = [| 1.5; 7.0 |], [| -4.0; 1.0 |]
    Blas.Rotm(x, y, m)
    Assert.Equal(m.X1, x[0], 14)
    Assert.Equal(0.0, y[0], 14)
    Assert.Equal(m.H11 * 7.0 + m.H12 * 1.0, x[1], 14)
    // The param array of translated BLAS code: [flag, h11, h21, h12, h22].
    let p = m.ToParameters()
    Assert.Equal<float[]>([| 1.0; m.H11; -1.0; 1.0; m.H22 |], p)
    let x2, y2 = [| 1.5; 7.0 |], [| -4.0; 1.0 |]
    Blas.Rotm(2, Span x2, 1, Span y2, 1, ReadOnlySpan p)
    Assert.Equal<float[]>(x, x2); Assert.Equal<float[]>(y, y2)
    let x3, y3 = [| 1.5; 7.0 |], [| -4.0; 1.0 |]
    Blas.Rotm(Span x3, Span y3, m)
    Assert.Equal<float[]>(x, x3)
    let x4, y4 = [| 1.5; 7.0 |], [| -4.0; 1.0 |]
    Blas.Rotm(2, Span x4, 1, Span y4, 1, m)
    Assert.Equal<float[]>(y, y4)
    let x5, y5 = [| 1.5; 7.0 |], [| -4.0; 1.0 |]
    Blas.Rotm<float>(2, Span x5, 1, Span y5, 1, Blas.Rotmg<float>(2.0, 3.0, 1.5, -4.0))
    Assert.Equal<float[]>(x, x5)
    let x6, y6 = [| 1.5; 7.0 |], [| -4.0; 1.0 |]
    Blas.Rotm<float>(2, Span x6, 1, Span y6, 1, ReadOnlySpan p)
    Assert.Equal<float[]>(y, y6)

[<Fact>]
let ``Rotmg and Rotm in single precision, every form`` () =
    let m = Blas.Rotmg(1.0f, 1.0f, 4.0f, 1.0f) // |d1 x1²| > |d2 y1²|: unit diagonal
    Assert.Equal("unit diagonal", describe m.Form)
    Assert.Equal((1.0f, 1.0f), (m.H11, m.H22))
    Assert.Equal(0.0f, m.H21 * 4.0f + m.H22 * 1.0f, 6)
    let x, y = [| 4.0f |], [| 1.0f |]
    Blas.Rotm(x, y, m)
    Assert.Equal(m.X1, x[0], 5)
    Assert.Equal(0.0f, y[0], 5)
    let x, y = [| 4.0f |], [| 1.0f |]
    Blas.Rotm(Span x, Span y, m)
    Assert.Equal(0.0f, y[0], 5)
    let x, y = [| 4.0f |], [| 1.0f |]
    Blas.Rotm(1, Span x, 1, Span y, 1, m)
    Assert.Equal(0.0f, y[0], 5)
    let x, y = [| 2.0f |], [| 3.0f |]
    Blas.Rotm(1, Span x, 1, Span y, 1, ReadOnlySpan [| -1.0f; 2.0f; 0.5f; -1.0f; 4.0f |]) // full H
    Assert.Equal((2.0f * 2.0f - 1.0f * 3.0f, 0.5f * 2.0f + 4.0f * 3.0f), (x[0], y[0]))
    // Rescaled weights make H full; an identity keeps x and y (NaN too) as they are.
    Assert.Equal("full", describe (Blas.Rotmg(1e-10, 1e10, 1.0, 1.0)).Form)
    let identity = Blas.Rotmg(1.0, 0.0, 1.0, 1.0)
    Assert.Equal("identity", describe identity.Form)
    let x, y = [| nan |], [| -0.0 |]
    Blas.Rotm(x, y, identity)
    Assert.True(Double.IsNaN x[0] && BitConverter.DoubleToInt64Bits y[0] = BitConverter.DoubleToInt64Bits -0.0)
    Assert.Throws<ArgumentOutOfRangeException>(fun () -> Blas.Rotmg(-1.0, 1.0, 1.0, 1.0) |> ignore) |> ignore

[<Fact>]
let ``the rotation records print round-trip numbers in the invariant culture`` () =
    let saved = CultureInfo.CurrentCulture
    try
        CultureInfo.CurrentCulture <- CultureInfo("de-DE")
        let g = Blas.Rotg(1.0, 3.0)
        let text = sprintf "%A" g
        Assert.Equal(string g, text)
        Assert.StartsWith("GivensRotation { C = " + g.C.ToString("R", CultureInfo.InvariantCulture) + ", ", text)
        Assert.Contains("Z = " + g.Z.ToString("R", CultureInfo.InvariantCulture) + " }", text)
        let m = Blas.Rotmg(1.0, 1.0, 3.0, 4.0)
        Assert.Equal("ModifiedGivensRotation { Form = SkewOffDiagonal, H11 = 0.75, H21 = -1, H12 = 1, H22 = 0.75, D1 = 0.64, D2 = 0.64, X1 = 6.25 }", sprintf "%A" m)
    finally
        CultureInfo.CurrentCulture <- saved

let private pinD (a: float[]) (f: nativeptr<float> -> 'R) =
    use p = fixed a
    f p

let private pinS (a: float32[]) (f: nativeptr<float32> -> 'R) =
    use p = fixed a
    f p

[<Fact>]
let ``Raw rotation bindings in double and single precision`` () =
    if BlasProvider.Current.IsNative then
        let x, y = [| 1.0; 2.0 |], [| 3.0; 4.0 |]
        pinD x (fun px -> pinD y (fun py -> CBlas.Drot(2, px, 1, py, 1, 0.0, 1.0)))
        Assert.Equal<float[]>([| 3.0; 4.0 |], x); Assert.Equal<float[]>([| -1.0; -2.0 |], y)
        let xs, ys = [| 1.0f |], [| 3.0f |]
        pinS xs (fun px -> pinS ys (fun py -> CBlas.Srot(1, px, 1, py, 1, 1.0f, 0.0f)))
        Assert.Equal((1.0f, 3.0f), (xs[0], ys[0]))
        let p = [| -1.0; 2.0; 0.5; -1.0; 4.0 |]
        let x, y = [| 2.0 |], [| 3.0 |]
        pinD x (fun px -> pinD y (fun py -> pinD p (fun pp -> CBlas.Drotm(1, px, 1, py, 1, pp))))
        Assert.Equal((1.0, 13.0), (x[0], y[0]))
        let ps = [| -1.0f; 2.0f; 0.5f; -1.0f; 4.0f |]
        let xs, ys = [| 2.0f |], [| 3.0f |]
        pinS xs (fun px -> pinS ys (fun py -> pinS ps (fun pp -> CBlas.Srotm(1, px, 1, py, 1, pp))))
        Assert.Equal((1.0f, 13.0f), (xs[0], ys[0]))
        // rotg in place: a ← r, b ← z. (3, 4) is exact in every library's scaling.
        let abcs = [| 3.0; 4.0; 0.0; 0.0 |]
        pinD abcs (fun p -> CBlas.Drotg(p, NativePtr.add p 1, NativePtr.add p 2, NativePtr.add p 3))
        Assert.Equal(5.0, abcs[0], 14); Assert.Equal(0.6, abcs[2], 14); Assert.Equal(0.8, abcs[3], 14)
        let abcsS = [| 3.0f; 4.0f; 0.0f; 0.0f |]
        pinS abcsS (fun p -> CBlas.Srotg(p, NativePtr.add p 1, NativePtr.add p 2, NativePtr.add p 3))
        Assert.Equal(5.0f, abcsS[0], 5); Assert.Equal(0.6f, abcsS[2], 5)
        // rotmg in place: d1, d2, x1 updated, param written; the same H as Blas.Rotmg (no rescaling here).
        let d = [| 1.0; 1.0; 3.0 |]
        let param = Array.zeroCreate<float> 5
        pinD d (fun pd -> pinD param (fun pp -> CBlas.Drotmg(pd, NativePtr.add pd 1, NativePtr.add pd 2, 4.0, pp)))
        let m = Blas.Rotmg(1.0, 1.0, 3.0, 4.0)
        Assert.Equal<float[]>([| 1.0; m.H11; param[2]; param[3]; m.H22 |], param)
        Assert.Equal((m.D1, m.D2, m.X1), (d[0], d[1], d[2]))
        let dS = [| 1.0f; 1.0f; 3.0f |]
        let paramS = Array.zeroCreate<float32> 5
        pinS dS (fun pd -> pinS paramS (fun pp -> CBlas.Srotmg(pd, NativePtr.add pd 1, NativePtr.add pd 2, 4.0f, pp)))
        Assert.Equal(1.0f, paramS[0])
        Assert.Equal(0.75f, paramS[1], 6)
    else
        let ex = Assert.Throws<DllNotFoundException>(fun () -> pinD [| 1.0 |] (fun p -> CBlas.Drot(1, p, 1, p, 1, 1.0, 0.0)))
        Assert.Contains("BlasNet", ex.Message)
