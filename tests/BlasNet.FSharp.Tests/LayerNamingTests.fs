module BlasNet.FSharp.Tests.LayerNamingTests

open System.Text.RegularExpressions
open Xunit
open BlasNet
open BlasNet.Neural

// The counters are per process and other tests build layers concurrently: names are checked by form and distinctness.
let private layerName (p: Parameter<'T>) =
    Assert.EndsWith(".weight", p.Name)
    p.Name.Substring(0, p.Name.Length - ".weight".Length)

[<Fact>]
let ``two Dense<float32>(256, 256) with no seed: different weights and different names`` () =
    let a = Dense<float32>(256, 256)
    let b = Dense<float32>(256, 256)
    Assert.NotEqual<float32[]>(a.Weight.Value.ToArray(), b.Weight.Value.ToArray())
    Assert.NotEqual<string>(a.Weight.Name, b.Weight.Name)
    for d in [ a; b ] do
        Assert.Matches(Regex "^dense(_[1-9][0-9]*)?$", layerName d.Weight)
        Assert.Equal(layerName d.Weight + ".bias", d.Bias.Name)

[<Fact>]
let ``the same seed gives bit-identical weights, as System.Random(seed) draws them`` () =
    let a = Dense<float>(4, 2, seed = 11)
    let b = Dense<float>(4, 2, seed = 11)
    Assert.Equal<float[]>(a.Weight.Value.ToArray(), b.Weight.Value.ToArray())
    // The documented recipe, independently: row-major, (2u - 1)/√inputs, weight entries then bias entries.
    let rng = System.Random 11
    let expected = Array.init 8 (fun _ -> (2.0 * rng.NextDouble() - 1.0) / 2.0)
    Assert.Equal<float[]>(expected, a.Weight.Value.ToArray())
    Assert.Equal(layerName a.Weight + ".weight", a.Weight.Name)

[<Fact>]
let ``a name given is kept and unnamed masked layers are numbered too`` () =
    Assert.Equal("encoder.weight", Dense<float>(3, 2, name = "encoder").Weight.Name)
    let first = MaskedDense<float>(Matrix.Identity<float> 3)
    let second = MaskedDense<float>(Matrix.Identity<float> 3)
    Assert.NotEqual<string>(first.Weight.Name, second.Weight.Name)
    Assert.Matches(Regex "^masked(_[1-9][0-9]*)?$", layerName second.Weight)
