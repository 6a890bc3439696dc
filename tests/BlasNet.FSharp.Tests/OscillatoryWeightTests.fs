module BlasNet.FSharp.Tests.OscillatoryWeightTests

open System
open Xunit
open BlasNet.Quadrature

// Weight.Cos and Weight.Sin (QAWO, QAWF) used the way an F# user writes them; exact values are closed forms.

[<Fact>]
let ``Weight.Sin on a finite range takes an integrand infinite at the end`` () =
    // ∫_0^1 log x · sin(200x) dx (mpmath, bench/peers/qawo_reference.py); log 0 = −∞ is never asked for.
    let r = Quad.Integrate(log, 0.0, 1.0, Weight.Sin 200.0)
    Assert.Equal(QuadStatus.Converged, r.Status)
    Assert.True(abs (r.Value - -0.02939955738771298681869446) <= r.AbsoluteError, sprintf "%.17g" r.Value)

[<Fact>]
let ``Weight.Cos at omega 1000 with options by name`` () =
    // ∫_0^π eˣ cos(1000x) dx = (e^π − 1)/(1 + 1000²) for b = π exactly; b is the double nearest π, which the
    // reference (mpmath) takes into account: 2.21406704892748593806736e-5.
    let r = Quad.Integrate(exp, 0.0, Math.PI, Weight.Cos(omega = 1000.0), QuadOptions(RelativeTolerance = 1e-12))
    Assert.Equal(QuadStatus.Converged, r.Status)
    Assert.True(abs (r.Value - 2.21406704892748593806736e-5) <= r.AbsoluteError, sprintf "%.17g" r.Value)
    Assert.True(r.Evaluations < 100)

[<Fact>]
let ``Fourier integrals to infinity need no absolute tolerance`` () =
    // ∫_0^∞ e^{−4x} cos 3x dx = 4/25 and ∫_0^∞ sin x / x dx = π/2 (f = 1/x is infinite at 0).
    let c = Quad.Integrate((fun x -> exp (-4.0 * x)), 0.0, infinity, Weight.Cos 3.0)
    Assert.True(c.IsConverged, c.Message)
    Assert.True(abs (c.Value - 0.16) <= c.AbsoluteError)
    let s = Quad.Integrate((fun x -> 1.0 / x), 0.0, infinity, Weight.Sin 1.0)
    Assert.True(s.IsConverged, s.Message)
    Assert.True(abs (s.Value - Math.PI / 2.0) <= s.AbsoluteError)
    // Over the whole line: ∫ cos x / (1 + x²) dx = π/e.
    let whole = Quad.Integrate((fun x -> 1.0 / (1.0 + x * x)), -infinity, infinity, Weight.Cos 1.0)
    Assert.True(abs (whole.Value - Math.PI / Math.E) <= whole.AbsoluteError)

[<Fact>]
let ``Weight.Cos and Weight.Sin compare by value and reject a non-finite omega`` () =
    Assert.Equal(Weight.Cos 2.0, Weight.Cos 2.0)
    Assert.NotEqual(Weight.Cos 2.0, Weight.Sin 2.0)
    Assert.Equal("cos(2·x)", string (Weight.Cos 2.0))
    let ex = Assert.Throws<ArgumentOutOfRangeException>(fun () -> Weight.Sin nan |> ignore)
    Assert.Equal("omega", ex.ParamName)

[<Fact>]
let ``Fourier integrals with a tiny omega and principal values with a distant pole see f near 0`` () =
    // ∫_0^∞ e^{−x} cos(ωx) dx = 1/(1 + ω²) at ω = 1e-6 (was 0: the first cycle is π·1e6 long).
    let c = Quad.Integrate((fun x -> exp -x), 0.0, infinity, Weight.Cos 1e-6)
    Assert.True(c.IsConverged, c.Message)
    Assert.True(abs (c.Value - 0.999999999999000000000001) <= c.AbsoluteError + 1e-16)
    // PV ∫ dx/((1 + x²)(x − c)) over the line = −πc/(1 + c²) at c = 1e5 (was Divergent with half the value).
    let pv = Quad.CauchyPrincipalValue((fun x -> 1.0 / (1.0 + x * x)), -infinity, infinity, 1e5)
    Assert.True(pv.IsConverged, pv.Message)
    Assert.True(abs (pv.Value - -Math.PI * 1e5 / (1.0 + 1e10)) <= pv.AbsoluteError + 1e-20)
