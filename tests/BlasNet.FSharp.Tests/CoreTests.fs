/// The core's public API (BlasProvider, Matrix, Blas, Lapack, the raw Interop) used the way an F#
/// user writes it, checked against hand-computed values or a naive F# reference.
module BlasNet.FSharp.Tests.CoreTests

#nowarn "9" "51" // NativePtr, `fixed` and && in the raw interop tests

open System
open Xunit
open BlasNet
open BlasNet.Interop
open System.Numerics.Tensors
open Microsoft.FSharp.NativeInterop

// ---------- naive references, from the definitions ----------

/// C = A·B on 2-D arrays.
let naiveProduct (a: float[,]) (b: float[,]) =
    Array2D.init (Array2D.length1 a) (Array2D.length2 b) (fun i j ->
        seq { for p in 0 .. Array2D.length2 a - 1 -> a.[i, p] * b.[p, j] } |> Seq.sum)

let transpose2D (a: 'T[,]) = Array2D.init (Array2D.length2 a) (Array2D.length1 a) (fun i j -> a.[j, i])

let assertClose (tol: float) (expected: float[,]) (actual: float[,]) =
    Assert.Equal(Array2D.length1 expected, Array2D.length1 actual)
    Assert.Equal(Array2D.length2 expected, Array2D.length2 actual)
    expected |> Array2D.iteri (fun i j e ->
        Assert.True(abs (e - actual.[i, j]) <= tol, sprintf "[%d,%d]: %g vs %g" i j actual.[i, j] e))

let assertArrayClose (tol: float) (expected: float[]) (actual: float[]) =
    Assert.Equal(expected.Length, actual.Length)
    Array.iteri2 (fun i e a -> Assert.True(abs (e - a) <= tol, sprintf "[%d]: %g vs %g" i a e)) expected actual

// ---------- provider ----------

[<Fact>]
let ``BlasProvider.Current describes the provider the environment asks for`` () =
    let info : BlasProviderInfo = BlasProvider.Current
    match Environment.GetEnvironmentVariable "BLASNET_BLAS" with
    | null -> ()
    | r when r.Equals("managed", StringComparison.OrdinalIgnoreCase) ->
        Assert.Equal("Managed", info.Name)
        Assert.False info.IsNative
        Assert.False info.HasNativeLapack
        Assert.Null info.LibraryPath
        Assert.Null info.CoreName
    | r when r.Equals("openblas", StringComparison.OrdinalIgnoreCase) ->
        Assert.Equal("OpenBLAS", info.Name)
        Assert.True info.IsNative
        Assert.True info.HasNativeLapack
        Assert.Contains("openblas", info.LibraryPath.ToLowerInvariant())
        Assert.False(String.IsNullOrEmpty info.CoreName)
        Assert.Contains(info.CoreName, info.Config)
    | r when r.Equals("mkl", StringComparison.OrdinalIgnoreCase) ->
        Assert.Equal("MKL", info.Name)
        Assert.True info.HasNativeLapack
        Assert.Contains("Math Kernel Library", info.Config)
    | r when r.Equals("blis", StringComparison.OrdinalIgnoreCase) ->
        Assert.Equal("BLIS", info.Name)
        Assert.StartsWith("BLIS 0.", info.Config)
        Assert.True(BlasProvider.Threads >= 1) // BLIS's "not set" (−1) never shows
    | _ -> ()
    Assert.NotEmpty info.SearchLog
    Assert.False(String.IsNullOrWhiteSpace info.Config)
    Assert.StartsWith(info.Name, string info)
    Assert.True(BlasProvider.Threads >= 1)
    Assert.True BlasProvider.CanSetThreads
    let threads = BlasProvider.Threads
    BlasProvider.Threads <- threads // same value: other tests may be inside the library right now
    Assert.Equal(threads, BlasProvider.Threads)
    Assert.Throws<ArgumentOutOfRangeException>(fun () -> BlasProvider.Threads <- 0) |> ignore
    // Bounded above too: 4 × the processors.
    Assert.Equal(4 * Environment.ProcessorCount, BlasProvider.MaxThreads)
    Assert.Throws<ArgumentOutOfRangeException>(fun () -> BlasProvider.Threads <- BlasProvider.MaxThreads + 1) |> ignore
    Assert.Equal(threads, BlasProvider.Threads)

[<Fact>]
let ``BlasProvider.WorkerSpinTime: 10 ms by default, settable from 0 to 1 s, a batch runs with any of them`` () =
    let before = BlasProvider.WorkerSpinTime
    Assert.Equal(10.0, before.TotalMilliseconds, 6) // the default; no other F# test changes it
    try
        for spin in [ TimeSpan.Zero; TimeSpan.FromMilliseconds 2.0 ] do
            BlasProvider.WorkerSpinTime <- spin
            Assert.Equal(spin, BlasProvider.WorkerSpinTime)
            // Two 4×4 products through the batch (the workers wait between them as set): C_i = A_i · I.
            let a = Array.init 32 float
            let identity = Array.init 16 (fun i -> if i % 5 = 0 then 1.0 else 0.0)
            let b = Array.append identity identity
            let c = Array.zeroCreate<float> 32
            Blas.GemmStridedBatched(Transpose.None, Transpose.None, 4, 4, 4, 1.0, a, 4, 16, b, 4, 16, 0.0, c, 4, 16, 2)
            Assert.Equal<float[]>(a, c)
        let ex = Assert.Throws<ArgumentOutOfRangeException>(fun () -> BlasProvider.WorkerSpinTime <- TimeSpan.FromSeconds 2.0)
        Assert.Equal("value", ex.ParamName)
        Assert.StartsWith("WorkerSpinTime", ex.Message)
        Assert.Throws<ArgumentOutOfRangeException>(fun () -> BlasProvider.WorkerSpinTime <- TimeSpan.FromMilliseconds -1.0) |> ignore
    finally
        BlasProvider.WorkerSpinTime <- before

[<Fact>]
let ``BlasProvider.Use keeps the provider in use, TryUse refuses another, Reason says why`` () =
    let info = BlasProvider.Current
    BlasProvider.Use info.Name // the provider already in use: nothing to do
    Assert.True(BlasProvider.TryUse info.Name)
    let other = if info.IsNative then "managed" else "openblas"
    Assert.False(BlasProvider.TryUse other)
    let ex = Assert.Throws<InvalidOperationException>(fun () -> BlasProvider.Use other)
    Assert.Contains("already in use", ex.Message)
    Assert.Equal(info, BlasProvider.Current)
    match Environment.GetEnvironmentVariable "BLASNET_BLAS" with
    | null | "" -> Assert.True(info.Reason.StartsWith "first found" || info.Reason.StartsWith "no native BLAS", info.Reason)
    | r -> Assert.Equal(sprintf "requested by BLASNET_BLAS='%s'" (r.Trim()), info.Reason)
    Assert.EndsWith(sprintf "[%s]" info.Reason, string info)

[<Fact>]
let ``BlasProviderException is an InvalidOperationException an F# user can match`` () =
    let outcome =
        try raise (BlasProviderException "BLASNET_BLAS='mkl' was requested but could not be loaded")
        with
        | :? InvalidOperationException as e -> Some e.Message
    Assert.Equal(Some "BLASNET_BLAS='mkl' was requested but could not be loaded", outcome)

// ---------- Matrix ----------

[<Fact>]
let ``Matrix factories and members read naturally from F#`` () =
    let a = Matrix.FromArray2D(array2D [ [ 1.0; 2.0; 3.0 ]; [ 4.0; 5.0; 6.0 ] ])
    Assert.Equal(2, a.Rows)
    Assert.Equal(3, a.Columns)
    Assert.Equal(6.0, a.[1, 2])
    a.[0, 0] <- 10.0
    Assert.Equal(10.0, a.[0, 0])
    Assert.Equal<float[]>([| 10.0; 2.0; 3.0; 4.0; 5.0; 6.0 |], a.ToArray())
    Assert.Equal(array2D [ [ 10.0; 2.0; 3.0 ]; [ 4.0; 5.0; 6.0 ] ], a.ToArray2D())
    Assert.Equal(6, a.AsSpan().Length)
    Assert.Equal(2.0, a.AsMemory().Span.[1])

    let t = a.Transpose()
    Assert.True t.IsTransposed
    Assert.Equal(3, t.Rows)
    Assert.Equal(2, t.StorageRows)
    Assert.Equal(3, t.StorageColumns)
    Assert.Equal(3, t.LeadingDimension)
    Assert.Equal(5.0, t.[1, 1])
    t.[2, 1] <- 60.0 // a view: writes through to a
    Assert.Equal(60.0, a.[1, 2])
    let copy = t.Copy()
    Assert.False copy.IsTransposed
    copy.[0, 0] <- -1.0
    Assert.Equal(10.0, a.[0, 0])
    Assert.Contains("3×2", t.ToString())

    let wrapped = Matrix<float32>(2, 2, [| 1.0f; 2.0f; 3.0f; 4.0f |])
    Assert.Equal(3.0f, wrapped.[1, 0])
    Assert.Equal(0.0, Matrix<float>(2, 3).[1, 2])
    Assert.Equal(array2D [ [ 0.0; 1.0 ]; [ 10.0; 11.0 ] ], Matrix.Create(2, 2, fun i j -> float (10 * i + j)).ToArray2D())
    Assert.Equal(array2D [ [ 1.0; 0.0 ]; [ 0.0; 1.0 ] ], (Matrix.Identity<float> 2).ToArray2D())
    Assert.True((Matrix.Zeros<float32>(3, 2)).ToArray() |> Array.forall ((=) 0.0f))
    let r = Matrix.Random<float>(3, 4, 7)
    Assert.Equal<float[]>(r.ToArray(), (Matrix.Random<float>(3, 4, 7)).ToArray())
    Assert.True(r.ToArray() |> Array.forall (fun v -> v >= -1.0 && v < 1.0))
    let h = Matrix.Random<Half>(2, 2, 1)
    Assert.Equal(4, h.ToArray().Length)
    Assert.Throws<ArgumentOutOfRangeException>(fun () -> a.[2, 0] |> ignore) |> ignore

// ---------- Level 1 ----------

[<Fact>]
let ``Level 1 array forms, double`` () =
    let x = [| 3.0; -4.0; 1.0 |]
    let y = [| 1.0; 2.0; 2.0 |]
    Assert.Equal(-3.0, Blas.Dot(x, y))
    Assert.Equal(sqrt 26.0, Blas.Nrm2 x, 14)
    Assert.Equal(8.0, Blas.Asum x)
    Assert.Equal(1, Blas.Iamax x)
    let y2 = Array.copy y
    Blas.Axpy(2.0, x, y2)
    Assert.Equal<float[]>([| 7.0; -6.0; 4.0 |], y2)
    let s = Array.copy x
    Blas.Scal(-2.0, s)
    Assert.Equal<float[]>([| -6.0; 8.0; -2.0 |], s)
    let c = Array.zeroCreate 3
    Blas.Copy(x, c)
    Assert.Equal<float[]>(x, c)
    let p, q = [| 1.0; 2.0 |], [| 3.0; 4.0 |]
    Blas.Swap(p, q)
    Assert.Equal<float[]>([| 3.0; 4.0 |], p)
    Assert.Equal<float[]>([| 1.0; 2.0 |], q)

[<Fact>]
let ``Level 1 array forms, float32`` () =
    let x = [| 3.0f; -4.0f; 1.0f |]
    let y = [| 1.0f; 2.0f; 2.0f |]
    Assert.Equal(-3.0f, Blas.Dot(x, y))
    Assert.Equal(sqrt 26.0f, Blas.Nrm2 x, 5)
    Assert.Equal(8.0f, Blas.Asum x)
    Assert.Equal(1, Blas.Iamax x)
    let y2 = Array.copy y
    Blas.Axpy(2.0f, x, y2)
    Assert.Equal<float32[]>([| 7.0f; -6.0f; 4.0f |], y2)
    let s = Array.copy x
    Blas.Scal(0.5f, s)
    Assert.Equal<float32[]>([| 1.5f; -2.0f; 0.5f |], s)
    let c = Array.zeroCreate 3
    Blas.Copy(x, c)
    Assert.Equal<float32[]>(x, c)
    let p, q = [| 1.0f |], [| 2.0f |]
    Blas.Swap(p, q)
    Assert.Equal(2.0f, p.[0])

[<Fact>]
let ``Level 1 span forms, plain and strided`` () =
    // Every other element of x (incX = 2) against y.
    let x = [| 1.0; 99.0; 2.0; 99.0; 3.0 |]
    let y = [| 4.0; 5.0; 6.0 |]
    Assert.Equal(32.0, Blas.Dot(3, ReadOnlySpan x, 2, ReadOnlySpan y, 1))
    Assert.Equal(32.0, Blas.Dot(ReadOnlySpan(x, 0, 1), ReadOnlySpan(y, 0, 1)) + 28.0)
    Assert.Equal(sqrt 14.0, Blas.Nrm2(3, ReadOnlySpan x, 2), 14)
    Assert.Equal(6.0, Blas.Asum(3, ReadOnlySpan x, 2))
    Assert.Equal(198.0 + 6.0, Blas.Asum(ReadOnlySpan x))
    Assert.Equal(2, Blas.Iamax(3, ReadOnlySpan x, 2))
    Assert.Equal(1, Blas.Iamax(ReadOnlySpan x))
    Assert.Equal(sqrt 77.0, Blas.Nrm2(ReadOnlySpan y), 14)
    let y2 = Array.copy y
    Blas.Axpy(3, -1.0, ReadOnlySpan x, 2, Span y2, 1)
    Assert.Equal<float[]>([| 3.0; 3.0; 3.0 |], y2)
    Blas.Axpy(1.0, ReadOnlySpan y, Span y2)
    Assert.Equal<float[]>([| 7.0; 8.0; 9.0 |], y2)
    let z = Array.copy x
    Blas.Scal(3, 2.0, Span z, 2)
    Assert.Equal<float[]>([| 2.0; 99.0; 4.0; 99.0; 6.0 |], z)
    Blas.Scal(0.5, Span z)
    Assert.Equal<float[]>([| 1.0; 49.5; 2.0; 49.5; 3.0 |], z)
    let target = Array.zeroCreate 5
    Blas.Copy(3, ReadOnlySpan y, 1, Span target, 2)
    Assert.Equal<float[]>([| 4.0; 0.0; 5.0; 0.0; 6.0 |], target)
    let plain = Array.zeroCreate 3
    Blas.Copy(ReadOnlySpan y, Span plain)
    Assert.Equal<float[]>(y, plain)
    let u, v = [| 1.0; 2.0; 3.0 |], [| 4.0; 5.0 |]
    Blas.Swap(2, Span u, 2, Span v, 1)
    Assert.Equal<float[]>([| 4.0; 2.0; 5.0 |], u)
    Assert.Equal<float[]>([| 1.0; 3.0 |], v)
    let p, q = [| 1.0; 2.0 |], [| 3.0; 4.0 |]
    Blas.Swap(Span p, Span q)
    Assert.Equal<float[]>([| 3.0; 4.0 |], p)
    Assert.Equal<float[]>([| 1.0; 2.0 |], q)

[<Fact>]
let ``Level 1 span forms, plain and strided, float32`` () =
    // The float32 overloads on spans: every other element of x (incX = 2) against y, values checked by hand.
    let x = [| 1.0f; -99.0f; 2.0f; 99.0f; -3.0f |]
    let y = [| 4.0f; 5.0f; 6.0f |]
    Assert.Equal(-4.0f, Blas.Dot(3, ReadOnlySpan x, 2, ReadOnlySpan y, 1))
    Assert.Equal(4.0f - 495.0f + 12.0f, Blas.Dot(ReadOnlySpan(x, 0, 3), ReadOnlySpan y))
    Assert.Equal(sqrt 14.0f, Blas.Nrm2(3, ReadOnlySpan x, 2), 5)
    Assert.Equal(sqrt 77.0f, Blas.Nrm2(ReadOnlySpan y), 5)
    Assert.Equal(6.0f, Blas.Asum(3, ReadOnlySpan x, 2))
    Assert.Equal(204.0f, Blas.Asum(ReadOnlySpan x))
    Assert.Equal(2, Blas.Iamax(3, ReadOnlySpan x, 2))
    Assert.Equal(1, Blas.Iamax(ReadOnlySpan x))
    let y2 = Array.copy y
    Blas.Axpy(3, -1.0f, ReadOnlySpan x, 2, Span y2, 1)
    Assert.Equal<float32[]>([| 3.0f; 3.0f; 9.0f |], y2)
    Blas.Axpy(2.0f, ReadOnlySpan y, Span y2)
    Assert.Equal<float32[]>([| 11.0f; 13.0f; 21.0f |], y2)
    let z = Array.copy x
    Blas.Scal(3, 2.0f, Span z, 2)
    Assert.Equal<float32[]>([| 2.0f; -99.0f; 4.0f; 99.0f; -6.0f |], z)
    Blas.Scal(0.5f, Span z)
    Assert.Equal<float32[]>([| 1.0f; -49.5f; 2.0f; 49.5f; -3.0f |], z)
    let target = Array.zeroCreate 5
    Blas.Copy(3, ReadOnlySpan y, 1, Span target, 2)
    Assert.Equal<float32[]>([| 4.0f; 0.0f; 5.0f; 0.0f; 6.0f |], target)
    let plain = Array.zeroCreate 3
    Blas.Copy(ReadOnlySpan y, Span plain)
    Assert.Equal<float32[]>(y, plain)
    let u, v = [| 1.0f; 2.0f; 3.0f |], [| 4.0f; 5.0f |]
    Blas.Swap(2, Span u, 2, Span v, 1)
    Assert.Equal<float32[]>([| 4.0f; 2.0f; 5.0f |], u)
    Assert.Equal<float32[]>([| 1.0f; 3.0f |], v)
    Blas.Swap(Span(u, 0, 2), Span v)
    Assert.Equal<float32[]>([| 1.0f; 3.0f; 5.0f |], u)
    Assert.Equal<float32[]>([| 4.0f; 2.0f |], v)
    let u2, v2 = [| 1.0f |], [| 9.0f |]
    Blas.Swap(Span u2, Span v2)
    Assert.Equal(9.0f, u2.[0])

[<Fact>]
let ``Span forms take F# arrays directly`` () =
    // F# converts arrays to Span/ReadOnlySpan at method calls, so the zero-copy forms need no wrapping.
    let x = [| 1.0; 2.0; 3.0 |]
    let y = [| 4.0; 5.0; 6.0 |]
    Assert.Equal(32.0, Blas.Dot(3, x, 1, y, 1))
    Blas.Axpy(3, 1.0, x, 1, y, 1)
    Assert.Equal<float[]>([| 5.0; 7.0; 9.0 |], y)
    let c : float[] = Array.zeroCreate 4 // the element type must be known for the conversion to apply
    Blas.Gemm(Transpose.None, Transpose.None, 2, 2, 1, 1.0, [| 1.0; 2.0 |], 1, [| 3.0; 4.0 |], 2, 0.0, c, 2)
    Assert.Equal<float[]>([| 3.0; 4.0; 6.0; 8.0 |], c)
    let tau : float[] = Array.zeroCreate 2
    let a = [| 3.0; 4.0; 1.0; 0.0 |] // a named array (an inline literal is not converted here)
    Assert.Equal(0, Lapack.Geqrf(2, 2, a, 2, tau))
    Assert.True(tau.[0] > 0.0)

// ---------- Level 2 ----------

[<Fact>]
let ``Gemv, Ger, Trsv matrix forms`` () =
    let a = Matrix.FromArray2D(array2D [ [ 1.0; 2.0 ]; [ 3.0; 4.0 ]; [ 5.0; 6.0 ] ])
    let y = [| nan; nan; nan |] // β = 0 ignores what y holds
    Blas.Gemv(1.0, a, [| 1.0; -1.0 |], 0.0, y)
    Assert.Equal<float[]>([| -1.0; -1.0; -1.0 |], y)
    Assert.Equal<float[]>([| 22.0; 28.0 |], Blas.Multiply(a.Transpose(), [| 1.0; 2.0; 3.0 |]))
    Assert.Equal<float32[]>([| 5.0f |], Blas.Multiply(Matrix.FromArray2D(array2D [ [ 1.0f; 2.0f ] ]), [| 1.0f; 2.0f |]))
    // float32 matrix form: y = 2·A·x + 1·y with A = [[1, 2], [3, 4]], x = (1, −1), y = (10, 20).
    let yf = [| 10.0f; 20.0f |]
    Blas.Gemv(2.0f, Matrix.FromArray2D(array2D [ [ 1.0f; 2.0f ]; [ 3.0f; 4.0f ] ]), [| 1.0f; -1.0f |], 1.0f, yf)
    Assert.Equal<float32[]>([| 8.0f; 18.0f |], yf)

    let g = Matrix.Zeros<float>(2, 3)
    Blas.Ger(2.0, [| 1.0; 2.0 |], [| 1.0; 0.0; -1.0 |], g)
    Assert.Equal(array2D [ [ 2.0; 0.0; -2.0 ]; [ 4.0; 0.0; -4.0 ] ], g.ToArray2D())
    let gf = Matrix.Zeros<float32>(2, 1)
    Blas.Ger(1.0f, [| 3.0f; 4.0f |], [| 2.0f |], gf)
    Assert.Equal(array2D [ [ 6.0f ]; [ 8.0f ] ], gf.ToArray2D())

    // L = [[2, 0], [1, 4]]: L x = (2, 9) → x = (1, 2); as a transposed view it is the upper Lᵀ.
    let l = Matrix.FromArray2D(array2D [ [ 2.0; 0.0 ]; [ 1.0; 4.0 ] ])
    let x = [| 2.0; 9.0 |]
    Blas.Trsv(Triangle.Lower, l, x)
    Assert.Equal<float[]>([| 1.0; 2.0 |], x)
    let x2 = [| 4.0; 8.0 |] // Lᵀ x = (4, 8) → x₂ = 2, x₁ = (4 − 2)/2 = 1
    Blas.Trsv(Triangle.Upper, l.Transpose(), x2)
    Assert.Equal<float[]>([| 1.0; 2.0 |], x2)
    let xu = [| 3.0f; 4.0f |] // unit diagonal: [[1, 0], [1, 1]] x = (3, 4)
    Blas.Trsv(Triangle.Lower, Matrix.FromArray2D(array2D [ [ 7.0f; 0.0f ]; [ 1.0f; 7.0f ] ]), xu, Diagonal.Unit)
    Assert.Equal<float32[]>([| 3.0f; 1.0f |], xu)

[<Fact>]
let ``Gemv, Ger, Trsv span forms with leading dimensions`` () =
    // A is 2×3 stored with lda = 4 (one padding column).
    let a = [| 1.0; 2.0; 3.0; nan; 4.0; 5.0; 6.0 |]
    let y = Array.zeroCreate 2
    Blas.Gemv(Transpose.None, 2, 3, 1.0, ReadOnlySpan a, 4, ReadOnlySpan [| 1.0; 1.0; 1.0 |], 1, 0.0, Span y, 1)
    Assert.Equal<float[]>([| 6.0; 15.0 |], y)
    let yt = [| 1.0f; 1.0f; 1.0f |]
    Blas.Gemv(Transpose.Transposed, 2, 3, 1.0f, ReadOnlySpan [| 1.0f; 2.0f; 3.0f; 4.0f; 5.0f; 6.0f |], 3, ReadOnlySpan [| 1.0f; -1.0f |], 1, 2.0f, Span yt, 1)
    Assert.Equal<float32[]>([| -1.0f; -1.0f; -1.0f |], yt)
    let g = [| 0.0; 0.0; 7.0; 0.0; 0.0 |]
    Blas.Ger(2, 2, 1.0, ReadOnlySpan [| 1.0; 2.0 |], 1, ReadOnlySpan [| 3.0; 4.0 |], 1, Span g, 3)
    Assert.Equal<float[]>([| 3.0; 4.0; 7.0; 6.0; 8.0 |], g)
    let gf = [| 0.0f |]
    Blas.Ger(1, 1, 2.0f, ReadOnlySpan [| 3.0f |], 1, ReadOnlySpan [| 4.0f |], 1, Span gf, 1)
    Assert.Equal(24.0f, gf.[0])
    let x = [| 2.0; 9.0 |]
    Blas.Trsv(Triangle.Lower, Transpose.None, Diagonal.NonUnit, 2, ReadOnlySpan [| 2.0; nan; nan; 1.0; 4.0 |], 3, Span x, 1)
    Assert.Equal<float[]>([| 1.0; 2.0 |], x)
    let xf = [| 4.0f; 8.0f |]
    Blas.Trsv(Triangle.Lower, Transpose.Transposed, Diagonal.NonUnit, 2, ReadOnlySpan [| 2.0f; 0.0f; 1.0f; 4.0f |], 2, Span xf, 1)
    Assert.Equal<float32[]>([| 1.0f; 2.0f |], xf)

// ---------- Level 3 ----------

[<Fact>]
let ``Gemm on matrices, the everyday call, with transposed views`` () =
    let a = Matrix.Random<float>(5, 3, 1)
    let b = Matrix.Random<float>(3, 4, 2)
    let c = Matrix.Zeros<float>(5, 4)
    Blas.Gemm(1.0, a, b, 0.0, c)
    assertClose 1e-14 (naiveProduct (a.ToArray2D()) (b.ToArray2D())) (c.ToArray2D())
    // C ← 2·Aᵀᵀ·B + C with both views, and C itself a view.
    let ct = Matrix.Zeros<float>(4, 5).Transpose()
    Blas.Gemm(2.0, a.Transpose().Transpose(), b, 0.0, ct)
    assertClose 1e-14 (naiveProduct (a.ToArray2D()) (b.ToArray2D()) |> Array2D.map ((*) 2.0)) (ct.ToArray2D())
    let p = Blas.Multiply(b.Transpose(), a.Transpose())
    assertClose 1e-14 (transpose2D (naiveProduct (a.ToArray2D()) (b.ToArray2D()))) (p.ToArray2D())
    let f = Blas.Multiply(Matrix.FromArray2D(array2D [ [ 1.0f; 2.0f ] ]), Matrix.FromArray2D(array2D [ [ 3.0f ]; [ 4.0f ] ]))
    Assert.Equal(11.0f, f.[0, 0])
    let cf = Matrix.FromArray2D(array2D [ [ 1.0f ] ])
    Blas.Gemm(1.0f, Matrix.FromArray2D(array2D [ [ 2.0f ] ]), Matrix.FromArray2D(array2D [ [ 3.0f ] ]), 1.0f, cf)
    Assert.Equal(7.0f, cf.[0, 0])

[<Fact>]
let ``Gemm span form with leading dimensions, beta = 0 over NaN`` () =
    // op(A) = Aᵀ with A stored 2×2 (lda 3), B 2×2 (ldb 2), C 2×2 (ldc 3) full of NaN.
    let a = [| 1.0; 2.0; nan; 3.0; 4.0 |]
    let b = [| 1.0; 0.0; 0.0; 1.0 |]
    let c = Array.create 5 nan
    Blas.Gemm(Transpose.Transposed, Transpose.None, 2, 2, 2, 1.0, ReadOnlySpan a, 3, ReadOnlySpan b, 2, 0.0, Span c, 3)
    Assert.Equal<float[]>([| 1.0; 3.0 |], c.[0..1])
    Assert.True(Double.IsNaN c.[2]) // padding untouched
    Assert.Equal<float[]>([| 2.0; 4.0 |], c.[3..4])
    let cf = Array.zeroCreate 1
    Blas.Gemm(Transpose.None, Transpose.Transposed, 1, 1, 2, 1.0f, ReadOnlySpan [| 1.0f; 2.0f |], 2, ReadOnlySpan [| 3.0f; 4.0f |], 2, 0.0f, Span cf, 1)
    Assert.Equal(11.0f, cf.[0])

[<Fact>]
let ``Gemm on tensor spans: a transposed matrix view and a sliced tensor, no copy`` () =
    let a = Matrix.Random<float>(3, 4, 1)   // used transposed: 4×3
    let b = Matrix.Random<float>(3, 2, 2)
    // C is the 4×2 block at rows 1..4, columns 1..2 of a 6×5 buffer (row stride 5, first element at 6).
    let buffer = Array.zeroCreate<float> 30
    Blas.Gemm(1.0, a.Transpose().AsReadOnlyTensorSpan(), b.AsReadOnlyTensorSpan(), 0.0, TensorSpan<float>(buffer, 6, ReadOnlySpan [| 4n; 2n |], ReadOnlySpan [| 5n; 1n |]))
    let expected = naiveProduct (transpose2D (a.ToArray2D())) (b.ToArray2D())
    for i in 0 .. 3 do
        for j in 0 .. 1 do
            Assert.True(abs (expected.[i, j] - buffer.[(i + 1) * 5 + j + 1]) <= 1e-14)
    Assert.Equal(0.0, buffer.[1]) // outside the block
    // Single precision through matrices' tensor views; a broadcast (stride 0) operand is refused by name.
    let cf = Matrix.Zeros<float32>(1, 1)
    Blas.Gemm(1.0f, Matrix.FromArray2D(array2D [ [ 1.0f; 2.0f ] ]).AsReadOnlyTensorSpan(), Matrix.FromArray2D(array2D [ [ 3.0f ]; [ 4.0f ] ]).AsReadOnlyTensorSpan(), 0.0f, cf.AsTensorSpan())
    Assert.Equal(11.0f, cf.[0, 0])
    let ex = Assert.Throws<ArgumentException>(fun () ->
        Blas.Gemm(1.0, ReadOnlyTensorSpan<float>([| 1.0; 2.0 |], 0, ReadOnlySpan [| 3n; 2n |], ReadOnlySpan [| 0n; 1n |]), ReadOnlyTensorSpan<float>(Array.zeroCreate 4, ReadOnlySpan [| 2n; 2n |]), 0.0, TensorSpan<float>(Array.zeroCreate 6, ReadOnlySpan [| 3n; 2n |])))
    Assert.Equal("a", ex.ParamName)

[<Fact>]
let ``Syrk and Trsm on tensor spans: transposed layouts are flags, the triangle is the one seen`` () =
    // C = A Aᵀ (upper triangle) with A = [[1, 2], [3, 4]] given as the transpose of its storage, C laid out transposed.
    let storageOfA = Matrix.FromArray2D(array2D [ [ 1.0; 3.0 ]; [ 2.0; 4.0 ] ])
    let c = Matrix.Zeros<float>(2, 2)
    Blas.Syrk(Triangle.Upper, 1.0, storageOfA.Transpose().AsReadOnlyTensorSpan(), 0.0, c.Transpose().AsTensorSpan())
    // C's upper triangle as seen through the transposed view is the storage's lower one.
    Assert.Equal(array2D [ [ 5.0; 0.0 ]; [ 11.0; 25.0 ] ], c.ToArray2D())
    // X A = 2B with A lower triangular [[2, 0], [1, 4]], single precision, B one row; Unit would ignore the diagonal.
    let a = Matrix.FromArray2D(array2D [ [ 2.0f; 99.0f ]; [ 1.0f; 4.0f ] ])
    let b = Matrix.FromArray2D(array2D [ [ 5.0f; 8.0f ] ])
    Blas.Trsm(Side.Right, Triangle.Lower, 2.0f, a.AsReadOnlyTensorSpan(), b.AsTensorSpan())
    Assert.Equal<float32[,]>(array2D [ [ 3.0f; 4.0f ] ], b.ToArray2D()) // [3, 4] A = [10, 16]
    let bu = Matrix.FromArray2D(array2D [ [ 5.0f; 8.0f ] ])
    Blas.Trsm(Side.Right, Triangle.Lower, 1.0f, a.AsReadOnlyTensorSpan(), bu.AsTensorSpan(), Diagonal.Unit)
    Assert.Equal<float32[,]>(array2D [ [ -3.0f; 8.0f ] ], bu.ToArray2D()) // [-3, 8] [[1, 0], [1, 1]] = [5, 8]
    // The other precision of each: single-precision SYRK, double-precision TRSM (A X = B, A upper [[2, 1], [0, 4]])
    let cs = Matrix.Zeros<float32>(1, 1)
    Blas.Syrk(Triangle.Upper, 2.0f, Matrix.FromArray2D(array2D [ [ 3.0f; 4.0f ] ]).AsReadOnlyTensorSpan(), 0.0f, cs.AsTensorSpan())
    Assert.Equal(50.0f, cs.[0, 0]) // 2·(9 + 16)
    let bd = Matrix.FromArray2D(array2D [ [ 6.0 ]; [ 8.0 ] ])
    Blas.Trsm(Side.Left, Triangle.Upper, 1.0, Matrix.FromArray2D(array2D [ [ 2.0; 1.0 ]; [ 0.0; 4.0 ] ]).AsReadOnlyTensorSpan(), bd.AsTensorSpan())
    Assert.Equal<float[,]>(array2D [ [ 2.0 ]; [ 2.0 ] ], bd.ToArray2D())
    let ex = Assert.Throws<ArgumentException>(fun () ->
        Blas.Syrk(Triangle.Upper, 1.0, Matrix.Zeros<float>(2, 3).AsReadOnlyTensorSpan(), 0.0, Matrix.Zeros<float>(3, 3).AsTensorSpan()))
    Assert.Equal("c", ex.ParamName)

[<Fact>]
let ``Matrix to and from tensors, read-only views`` () =
    let t = Tensor.Create([| 1.0; 2.0; 3.0; 4.0; 5.0; 6.0 |], ReadOnlySpan [| 2n; 3n |])
    let m = Matrix.FromTensor t
    Assert.Equal<float[,]>(array2D [ [ 1.0; 2.0; 3.0 ]; [ 4.0; 5.0; 6.0 ] ], m.ToArray2D())
    let v = m.Transpose().AsReadOnlyTensorSpan()
    Assert.Equal<nativeint[]>([| 1n; 3n |], v.Strides.ToArray())
    Assert.Equal(4.0, m.AsReadOnlySpan().[3])
    Assert.Equal(6, m.AsReadOnlyMemory().Length)

[<Fact>]
let ``GemmStridedBatched: many small products in one call, against the naive product`` () =
    // Three 2×3 · 3×2 products; A blocks back to back, one B shared by all (strideB = 0).
    let a = Array.init 18 (fun i -> float (i % 7) - 3.0)
    let b = Array.init 6 (fun i -> 0.5 * float i)
    let c = Array.zeroCreate<float> 12
    Blas.GemmStridedBatched(Transpose.None, Transpose.None, 2, 2, 3, 1.0, ReadOnlySpan a, 3, 6, ReadOnlySpan b, 2, 0, 0.0, Span c, 2, 4, 3)
    let bm = Array2D.init 3 2 (fun i j -> b.[i * 2 + j])
    for batch in 0 .. 2 do
        let am = Array2D.init 2 3 (fun i j -> a.[batch * 6 + i * 3 + j])
        assertClose 1e-14 (naiveProduct am bm) (Array2D.init 2 2 (fun i j -> c.[batch * 4 + i * 2 + j]))
    // Outputs that would overlap are refused, naming strideC.
    let ex = Assert.Throws<ArgumentOutOfRangeException>(fun () ->
        Blas.GemmStridedBatched(Transpose.None, Transpose.None, 2, 2, 3, 1.0f, ReadOnlySpan(Array.zeroCreate<float32> 18), 3, 6, ReadOnlySpan(Array.zeroCreate<float32> 6), 2, 0, 0.0f, Span(Array.zeroCreate<float32> 12), 2, 3, 3))
    Assert.Equal("strideC", ex.ParamName)

[<Fact>]
let ``Syrk and Trsm, matrix and span forms`` () =
    let a = Matrix.FromArray2D(array2D [ [ 1.0; 2.0 ]; [ 3.0; 4.0 ] ])
    let c = Matrix.FromArray2D(array2D [ [ 0.0; 0.0 ]; [ -7.0; 0.0 ] ])
    Blas.Syrk(Triangle.Upper, 1.0, a, 0.0, c) // A·Aᵀ = [[5, 11], [11, 25]], upper triangle only
    Assert.Equal(array2D [ [ 5.0; 11.0 ]; [ -7.0; 25.0 ] ], c.ToArray2D())
    let cf = Matrix.Zeros<float32>(1, 1)
    Blas.Syrk(Triangle.Lower, 2.0f, Matrix.FromArray2D(array2D [ [ 1.0f; 2.0f ] ]), 0.0f, cf)
    Assert.Equal(10.0f, cf.[0, 0])
    let s = Array.zeroCreate 4
    Blas.Syrk(Triangle.Lower, Transpose.Transposed, 2, 2, 1.0, ReadOnlySpan [| 1.0; 2.0; 3.0; 4.0 |], 2, 0.0, Span s, 2)
    Assert.Equal<float[]>([| 10.0; 0.0; 14.0; 20.0 |], s) // AᵀA lower: [[10, ·], [14, 20]]
    let sf = Array.zeroCreate 1
    Blas.Syrk(Triangle.Upper, Transpose.None, 1, 2, 1.0f, ReadOnlySpan [| 3.0f; 4.0f |], 2, 0.0f, Span sf, 1)
    Assert.Equal(25.0f, sf.[0])

    // Upper U = [[2, 1], [0, 4]]: U X = 2B with B = [[3], [4]] → x₂ = 8/4 = 2, x₁ = (6 − 2)/2 = 2
    let u = Matrix.FromArray2D(array2D [ [ 2.0; 1.0 ]; [ 0.0; 4.0 ] ])
    let bm = Matrix.FromArray2D(array2D [ [ 3.0 ]; [ 4.0 ] ])
    Blas.Trsm(Side.Left, Triangle.Upper, 2.0, u, bm)
    Assert.Equal(array2D [ [ 2.0 ]; [ 2.0 ] ], bm.ToArray2D())
    let row = Matrix.FromArray2D(array2D [ [ 2.0f; 9.0f ] ]) // X U = B → x₁ = 1, x₂ = (9 − 1)/4 = 2
    Blas.Trsm(Side.Right, Triangle.Upper, 1.0f, Matrix.FromArray2D(array2D [ [ 2.0f; 1.0f ]; [ 0.0f; 4.0f ] ]), row, Diagonal.NonUnit)
    Assert.Equal(array2D [ [ 1.0f; 2.0f ] ], row.ToArray2D())
    let bs = [| 3.0; 4.0 |]
    Blas.Trsm(Side.Left, Triangle.Upper, Transpose.None, Diagonal.NonUnit, 2, 1, 1.0, ReadOnlySpan [| 2.0; 1.0; 0.0; 4.0 |], 2, Span bs, 1)
    Assert.Equal<float[]>([| 1.0; 1.0 |], bs) // x₂ = 4/4, x₁ = (3 − 1)/2
    let bf = [| 3.0f; 4.0f |]
    Blas.Trsm(Side.Right, Triangle.Lower, Transpose.None, Diagonal.Unit, 1, 2, 1.0f, ReadOnlySpan [| 1.0f; 0.0f; 1.0f; 1.0f |], 2, Span bf, 2)
    Assert.Equal<float32[]>([| -1.0f; 4.0f |], bf) // x L = b with L = [[1, 0], [1, 1]]: x₂ = 4, x₁ = 3 − 4

// ---------- LAPACK ----------

[<Fact>]
let ``QrPivoted solves least squares and reveals rank`` () =
    let a = Matrix.FromArray2D(array2D [ [ 1.0; 1.0 ]; [ 1.0; 2.0 ]; [ 1.0; 3.0 ]; [ 1.0; 4.0 ] ])
    let qr : PivotedQr = Lapack.QrPivoted a
    Assert.Equal(4, qr.Rows)
    Assert.Equal(2, qr.Columns)
    Assert.Equal<int>([ 1; 0 ], qr.Permutation) // the (1, 2, 3, 4) column has the larger norm
    let r = qr.R
    Assert.Equal(0.0, r.[1, 0])
    Assert.Equal(sqrt 30.0, abs r.[0, 0], 12)
    let d = qr.RDiagonal
    Assert.True(d.[0] >= d.[1])
    Assert.Equal(2, qr.Rank())
    Assert.Equal(2, qr.Rank(1e-8))
    // Least squares line through (1, 6), (2, 5), (3, 7), (4, 10): intercept 3.5, slope 1.4.
    assertArrayClose 1e-12 [| 3.5; 1.4 |] (qr.Solve [| 6.0; 5.0; 7.0; 10.0 |])
    let v = [| 1.0; 2.0; 3.0; 4.0 |]
    assertArrayClose 1e-13 v (qr.ApplyQ(qr.ApplyQTranspose v))
    Assert.Equal(Blas.Nrm2 v, Blas.Nrm2(qr.ApplyQTranspose v), 13) // Q is orthogonal
    let deficient = Matrix.FromArray2D(array2D [ [ 1.0; 2.0 ]; [ 2.0; 4.0 ]; [ 3.0; 6.0 ] ])
    Assert.Equal(1, (Lapack.QrPivoted deficient).Rank())

[<Fact>]
let ``QrPivoted Solve refuses a rank-deficient matrix, naming the rank`` () =
    let qr = Lapack.QrPivoted(Matrix.FromArray2D(array2D [ [ 1.0; 1.0 ]; [ 2.0; 2.0 ]; [ 3.0; 3.0 ] ]))
    Assert.Equal(1, qr.Rank())
    let ex = Assert.Throws<ArithmeticException>(fun () -> qr.Solve [| 1.0; 2.0; 3.0 |] |> ignore)
    Assert.Contains("rank is 1 < 2 columns", ex.Message)

[<Fact>]
let ``NaN and infinity: one documented behaviour on every provider`` () =
    // scal is IEEE for α = 0: 0·NaN = 0·∞ = NaN
    let x = [| nan; infinity; 2.0 |]
    Blas.Scal(0.0, x)
    Assert.True(Double.IsNaN x.[0] && Double.IsNaN x.[1])
    Assert.Equal(0.0, x.[2])
    // iamax returns the first NaN
    Assert.Equal(1, Blas.Iamax [| 1.0; nan; 3.0 |])
    Assert.Equal(1, Blas.Iamax [| 1.0f; nanf; 3.0f |])
    // axpy with α = 0 leaves y alone (reference BLAS's quick return)
    let y = [| 1.0; 2.0 |]
    Blas.Axpy(0.0, [| nan; infinity |], y)
    Assert.Equal<float[]>([| 1.0; 2.0 |], y)
    // nrm2: +∞ for infinities, NaN when a NaN is present
    Assert.Equal(infinity, Blas.Nrm2 [| infinity; -infinity |])
    Assert.True(Double.IsNaN(Blas.Nrm2 [| infinity; nan |]))
    // factorizations refuse non-finite input; a NotFiniteNumberException is an ArithmeticException
    let ex = Assert.Throws<NotFiniteNumberException>(fun () -> Lapack.Cholesky(Matrix.FromArray2D(array2D [ [ nan; 0.0 ]; [ 0.0; 1.0 ] ])) |> ignore)
    Assert.Contains("a[0,0]", ex.Message)
    Assert.Throws<NotFiniteNumberException>(fun () -> Lapack.QrPivoted(Matrix.FromArray2D(array2D [ [ 1.0 ]; [ infinity ] ])) |> ignore) |> ignore
    Assert.Equal(1, Lapack.Potrf(Triangle.Lower, 2, Span [| nan; 0.0; 0.0; 1.0 |], 2))

[<Fact>]
let ``Cholesky and SolveTriangular`` () =
    let chol : CholeskyFactor = Lapack.Cholesky(Matrix.FromArray2D(array2D [ [ 4.0; 2.0 ]; [ 2.0; 5.0 ] ]))
    Assert.Equal(2, chol.Order)
    Assert.Equal(array2D [ [ 2.0; 0.0 ]; [ 1.0; 2.0 ] ], chol.L.ToArray2D())
    assertArrayClose 1e-15 [| 0.5; 1.0 |] (chol.Solve [| 4.0; 6.0 |])
    Assert.Throws<ArithmeticException>(fun () -> Lapack.Cholesky(Matrix.FromArray2D(array2D [ [ 1.0; 2.0 ]; [ 2.0; 1.0 ] ])) |> ignore) |> ignore

    let u = Matrix.FromArray2D(array2D [ [ 2.0; 1.0 ]; [ 0.0; 4.0 ] ])
    let b = Matrix.FromArray2D(array2D [ [ 4.0; 3.0 ]; [ 8.0; 4.0 ] ])
    let x = Lapack.SolveTriangular(Triangle.Upper, u, b)
    Assert.Equal(array2D [ [ 1.0; 1.0 ]; [ 2.0; 1.0 ] ], x.ToArray2D())
    let xt = Lapack.SolveTriangular(Triangle.Upper, u, Matrix.FromArray2D(array2D [ [ 2.0 ]; [ 9.0 ] ]), Transpose.Transposed)
    Assert.Equal(array2D [ [ 1.0 ]; [ 2.0 ] ], xt.ToArray2D()) // Uᵀ x = (2, 9)

[<Fact>]
let ``LAPACK span forms, column-major`` () =
    // A = [[3, 1], [4, 0]] column-major; QR: |R₀₀| = 5.
    let a = [| 3.0; 4.0; 1.0; 0.0 |]
    let tau = Array.zeroCreate 2
    Assert.Equal(0, Lapack.Geqrf(2, 2, Span a, 2, Span tau))
    Assert.Equal(5.0, abs a.[0], 14)
    let c = [| 3.0; 4.0 |]
    Assert.Equal(0, Lapack.Ormqr(Side.Left, Transpose.Transposed, 2, 1, 2, ReadOnlySpan a, 2, ReadOnlySpan tau, Span c, 2))
    Assert.Equal(5.0, abs c.[0], 14)
    Assert.Equal(0.0, c.[1], 14)

    let p = [| 1.0; 0.0; 0.0; 3.0 |] // columns (1, 0) and (0, 3): pivoting puts column 1 first
    let jpvt = Array.zeroCreate 2
    let tau2 = Array.zeroCreate 2
    Assert.Equal(0, Lapack.Geqp3(2, 2, Span p, 2, Span jpvt, Span tau2))
    Assert.Equal<int[]>([| 1; 0 |], jpvt)
    Assert.Equal(3.0, abs p.[0], 14)

    let u = [| 2.0; 0.0; 1.0; 4.0 |] // upper [[2, 1], [0, 4]]
    let rhs = [| 4.0; 8.0 |]
    Assert.Equal(0, Lapack.Trtrs(Triangle.Upper, Transpose.None, Diagonal.NonUnit, 2, 1, ReadOnlySpan u, 2, Span rhs, 2))
    Assert.Equal<float[]>([| 1.0; 2.0 |], rhs)

    let spd = [| 4.0; 2.0; 2.0; 5.0 |]
    Assert.Equal(0, Lapack.Potrf(Triangle.Lower, 2, Span spd, 2))
    Assert.Equal<float[]>([| 2.0; 1.0 |], [| spd.[0]; spd.[1] |])
    let sol = [| 4.0; 6.0 |]
    Assert.Equal(0, Lapack.Potrs(Triangle.Lower, 2, 1, ReadOnlySpan spd, 2, Span sol, 2))
    assertArrayClose 1e-15 [| 0.5; 1.0 |] sol
    Assert.Equal(2, Lapack.Potrf(Triangle.Upper, 2, Span [| 1.0; 2.0; 2.0; 1.0 |], 2)) // INFO: minor of order 2

// ---------- validation, as an F# user meets it ----------

[<Fact>]
let ``Bad arguments raise ArgumentException naming the argument`` () =
    let ex = Assert.Throws<ArgumentException>(fun () -> Blas.Gemm(1.0, Matrix.Zeros<float>(2, 3), Matrix.Zeros<float>(2, 3), 0.0, Matrix.Zeros<float>(2, 3)))
    Assert.Equal("b", ex.ParamName)
    Assert.Contains("2×3", ex.Message)
    let ex2 = Assert.Throws<ArgumentException>(fun () -> Blas.Dot([| 1.0 |], [| 1.0; 2.0 |]) |> ignore)
    Assert.Equal("y", ex2.ParamName)
    let ex3 = Assert.Throws<ArgumentOutOfRangeException>(fun () ->
        Blas.Gemm(Transpose.None, Transpose.None, 2, 2, 2, 1.0, ReadOnlySpan(Array.zeroCreate<float> 4), 1, ReadOnlySpan(Array.zeroCreate<float> 4), 2, 0.0, Span(Array.zeroCreate<float> 4), 2))
    Assert.Equal("lda", ex3.ParamName)
    let ex4 = Assert.Throws<ArgumentException>(fun () -> Lapack.Geqrf(3, 2, Span(Array.zeroCreate<float> 5), 3, Span(Array.zeroCreate<float> 2)) |> ignore)
    Assert.Equal("a", ex4.ParamName)
    Assert.Contains("5", ex4.Message)

// ---------- raw interop ----------

let private rawDdot (x: float[]) (y: float[]) =
    use px = fixed x
    use py = fixed y
    CBlas.Ddot(x.Length, px, 1, py, 1)

let private rawDgemm (a: float[]) (b: float[]) (c: float[]) =
    use pa = fixed a
    use pb = fixed b
    use pc = fixed c
    CBlas.Dgemm(CblasLayout.RowMajor, CblasTranspose.NoTrans, CblasTranspose.Trans, 2, 2, 2, 1.0, pa, 2, pb, 2, 0.0, pc, 2)

/// Solves X·U = B in place for the 1×2 B and the upper 2×2 U, both row-major.
let private rawDtrsm (u: float[]) (b: float[]) =
    use pu = fixed u
    use pb = fixed b
    CBlas.Dtrsm(CblasLayout.RowMajor, CblasSide.Right, CblasUplo.Upper, CblasTranspose.NoTrans, CblasDiag.NonUnit, 1, 2, 1.0, pu, 2, pb, 2)

let private rawDpotrf (a: float[]) (n: int) =
    let mutable uplo = byte 'U'
    let mutable order = n
    let mutable lda = n
    let mutable info = -1
    use pa = fixed a
    LapackNative.Dpotrf(&&uplo, &&order, pa, &&lda, &&info)
    info

[<Fact>]
let ``Raw CBlas and LapackNative calls through fixed pointers`` () =
    Assert.Equal("blasnet-blas", NativeLibraries.Blas)
    Assert.Equal("blasnet-lapack", NativeLibraries.Lapack)
    if BlasProvider.Current.IsNative then
        Assert.NotEqual(0n, NativeLibraries.BlasHandle)
        Assert.Equal(32.0, rawDdot [| 1.0; 2.0; 3.0 |] [| 4.0; 5.0; 6.0 |])
        let c = Array.zeroCreate 4
        rawDgemm [| 1.0; 2.0; 3.0; 4.0 |] [| 5.0; 6.0; 7.0; 8.0 |] c // A·Bᵀ
        Assert.Equal<float[]>([| 17.0; 23.0; 39.0; 53.0 |], c)
        let b = [| 2.0; 9.0 |]
        rawDtrsm [| 2.0; 1.0; 0.0; 4.0 |] b // x·[[2, 1], [0, 4]] = (2, 9) → x = (1, 2)
        Assert.Equal<float[]>([| 1.0; 2.0 |], b)
    else
        Assert.Equal(0n, NativeLibraries.BlasHandle)
        let ex = Assert.Throws<DllNotFoundException>(fun () -> rawDdot [| 1.0 |] [| 1.0 |] |> ignore)
        Assert.Contains("managed", ex.Message)
    if BlasProvider.Current.HasNativeLapack then
        Assert.NotEqual(0n, NativeLibraries.LapackHandle)
        let a = [| 4.0; 2.0; 2.0; 5.0 |]
        Assert.Equal(0, rawDpotrf a 2)
        Assert.Equal<float[]>([| 2.0; 1.0; 2.0 |], [| a.[0]; a.[2]; a.[3] |]) // U = [[2, 1], [0, 2]]
    else
        let ex = Assert.Throws<DllNotFoundException>(fun () -> rawDpotrf [| 1.0 |] 1 |> ignore)
        Assert.Contains("LAPACK", ex.Message)
