namespace BlasNet.FSharp

/// <summary>Curried forms of the Level-1 BLAS calls on float arrays that take a scalar: <c>Blas.axpy 2 x y</c>,
/// <c>Blas.scal 0.5 x</c>, <c>Blas.rot x y c s</c>. Opened with the namespace; the C# members (<c>Blas.Axpy</c>, …)
/// resolve beside them.</summary>
/// <remarks>
/// F# converts an int literal to float where one method fits (<c>Blas.Gemm(1, a, b, 0, c)</c> on matrices compiles), but
/// <c>Blas.Axpy(2, x, y)</c>, <c>Blas.Scal(2, x)</c> and <c>Blas.Rot(x, y, 0, 1)</c> on float arrays fail with FS0041 ("A
/// unique overload for method 'Axpy' could not be determined"), listing span overloads as candidates: an array converts
/// to a span as readily as an int to a float, so the array and span forms tie. The C# calls need float literals
/// (<c>Blas.Axpy(2.0, x, y)</c>); these functions have one signature, so <c>2</c> is read as <c>2.0</c>. float32 arrays
/// use the C# members with float32 literals (<c>Blas.Axpy(2.0f, x, y)</c>), as F# converts no int to float32.
/// </remarks>
[<RequireQualifiedAccess>]
module Blas =

    /// <summary>y ← alpha·x + y, in place (BLAS daxpy).</summary>
    /// <exception cref="T:System.ArgumentNullException">x or y is null.</exception>
    /// <exception cref="T:System.ArgumentException">x and y have different lengths (the message names both).</exception>
    let axpy (alpha: float) (x: float[]) (y: float[]) : unit = BlasNet.Blas.Axpy(alpha, x, y)

    /// <summary>x ← alpha·x, in place (BLAS dscal).</summary>
    /// <exception cref="T:System.ArgumentNullException">x is null.</exception>
    let scal (alpha: float) (x: float[]) : unit = BlasNet.Blas.Scal(alpha, x)

    /// <summary>The plane rotation (x, y) ← (c·x + s·y, c·y − s·x), in place, element by element (BLAS drot).</summary>
    /// <exception cref="T:System.ArgumentNullException">x or y is null.</exception>
    /// <exception cref="T:System.ArgumentException">x and y have different lengths (the message names both), or are the same array.</exception>
    let rot (x: float[]) (y: float[]) (c: float) (s: float) : unit = BlasNet.Blas.Rot(x, y, c, s)
