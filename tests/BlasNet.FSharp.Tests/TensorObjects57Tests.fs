/// Audit fs57 (session 53): System.Numerics.Tensors' Tensor<T> objects go to the tensor-span BLAS entries from F# as they
/// are, inputs and output, as the core README now says: F# applies Tensor<T>'s implicit conversions to ReadOnlyTensorSpan<T>
/// and TensorSpan<T> at the call (it does not apply TensorSpan<T> → ReadOnlyTensorSpan<T>). A tensor, unlike a span, can be
/// bound at the top level of a script, so this is the F# script user's way in.
module BlasNet.FSharp.Tests.TensorObjects57Tests

open System
open System.Numerics.Tensors
open Xunit
open BlasNet
open BlasNet.FSharp.Tests.CoreTests

/// A rank-2 tensor's elements as seen through its strides.
let private toArray2D (t: Tensor<'T>) : 'T[,] =
    Array2D.init (int t.Lengths[0]) (int t.Lengths[1]) (fun i j -> t[ReadOnlySpan [| nativeint i; nativeint j |]])

[<Fact>]
let ``Blas.Gemm takes Tensor objects from F#, a column-major one as a transpose flag, and beta reads C`` () =
    let a = Tensor.Create(Array.init 12 (fun i -> float (i + 1)), ReadOnlySpan [| 3n; 4n |], ReadOnlySpan [| 1n; 3n |]) // column-major 3×4
    let b = Tensor.Create(Array.init 20 (fun i -> float (i % 7) - 3.0), ReadOnlySpan [| 4n; 5n |])
    let c = Tensor.Create(Array.init 15 (fun i -> float i), ReadOnlySpan [| 3n; 5n |])
    let c0 = toArray2D c
    Blas.Gemm(2.0, a, b, 0.5, c)
    let expected = naiveProduct (toArray2D a) (toArray2D b) |> Array2D.mapi (fun i j v -> 2.0 * v + 0.5 * c0[i, j])
    assertClose 1e-13 expected (toArray2D c)
    // float32, and SYRK on tensors: the upper triangle of A·Aᵀ
    let af = Tensor.Create([| 1.0f; 2.0f; 3.0f; 4.0f |], ReadOnlySpan [| 2n; 2n |])
    let cf = Tensor.Create(Array.zeroCreate<float32> 4, ReadOnlySpan [| 2n; 2n |])
    Blas.Gemm(1.0f, af, af, 0.0f, cf)
    Assert.Equal<float32[,]>(array2D [ [ 7.0f; 10.0f ]; [ 15.0f; 22.0f ] ], toArray2D cf)
    let s = Tensor.Create(Array.zeroCreate<float> 9, ReadOnlySpan [| 3n; 3n |])
    Blas.Syrk(Triangle.Upper, 1.0, a, 0.0, s)
    let aat = naiveProduct (toArray2D a) (Array2D.init 4 3 (fun i j -> (toArray2D a)[j, i]))
    assertClose 1e-13 (Array2D.init 3 3 (fun i j -> if j >= i then aat[i, j] else 0.0)) (toArray2D s)

[<Fact>]
let ``a Tensor whose shape does not chain is refused by name, as a span is`` () =
    let a = Tensor.Create(Array.zeroCreate<float> 6, ReadOnlySpan [| 2n; 3n |])
    let c = Tensor.Create(Array.zeroCreate<float> 4, ReadOnlySpan [| 2n; 2n |])
    let e = Assert.ThrowsAny<ArgumentException>(fun () -> Blas.Gemm(1.0, a, a, 0.0, c))
    Assert.Equal("b", e.ParamName)
