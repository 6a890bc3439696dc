namespace BlasNet.FSharp

open System
open BlasNet

/// <summary>Functions over <see cref="T:BlasNet.Matrix`1"/> for pipelines. The constructors make float matrices
/// (see <c>Matrix32</c> for float32); the others take either element type. Argument order suits
/// <c>|&gt;</c>: <c>a |&gt; Matrix.mul b</c> is a·b and <c>a |&gt; Matrix.sub b</c> is a − b.</summary>
[<RequireQualifiedAccess>]
module Matrix =

    // The functions below that read the matrix themselves (a.Rows, a[i, j], a.Transpose()) check it for null first
    // (Arguments.given), so that a null names the argument instead of failing inside the facade.

    // The sizes are named rows and columns, as the C# constructors that check them name them in their exceptions.

    /// <summary>The rows×columns float zero matrix.</summary>
    /// <exception cref="T:System.ArgumentOutOfRangeException">rows or columns is negative.</exception>
    let zeros (rows: int) (columns: int) : Matrix<float> = Matrix<float>(rows, columns)

    /// The n×n float identity.
    let identity (n: int) : Matrix<float> = BlasNet.Matrix.Identity<float> n

    /// <summary>A rows×columns float matrix of uniform values in [−1, 1) drawn with seed 42: the same matrix on every run and machine,
    /// and on every call, so two calls of one shape give equal matrices (<c>let pos, neg = Matrix.random 16 4, Matrix.random 16 4</c>
    /// is one input twice): draw independent ones with <c>randomSeeded</c>.</summary>
    /// <exception cref="T:System.ArgumentOutOfRangeException">rows or columns is negative.</exception>
    let random (rows: int) (columns: int) : Matrix<float> = BlasNet.Matrix.Random<float>(rows, columns)

    /// <summary>A rows×columns float matrix of uniform values in [−1, 1) drawn with the given seed.</summary>
    /// <exception cref="T:System.ArgumentOutOfRangeException">rows or columns is negative.</exception>
    let randomSeeded (seed: int) (rows: int) (columns: int) : Matrix<float> = BlasNet.Matrix.Random<float>(rows, columns, seed)

    /// <summary>The rows×columns float matrix whose element (i, j) is <c>f i j</c>.</summary>
    /// <exception cref="T:System.ArgumentNullException">f is null.</exception>
    /// <exception cref="T:System.ArgumentOutOfRangeException">rows or columns is negative.</exception>
    let init (rows: int) (columns: int) (f: int -> int -> float) : Matrix<float> =
        Arguments.given (nameof f) f
        BlasNet.Matrix.Create<float>(rows, columns, fun i j -> f i j)

    /// <summary>A float matrix holding a copy of a 2-D array (<c>array2D [ [1.0; 2.0] ]</c>).</summary>
    let ofArray2D (values: float[,]) : Matrix<float> = BlasNet.Matrix.FromArray2D values

    /// <summary>A float matrix from its rows, as F# data usually holds them: an array of arrays (<c>float[][]</c>), a
    /// sequence of sequences, a list of arrays, … (<c>Matrix.ofRows [| [| 1.0; 2.0 |]; [| 3.0; 4.0 |] |]</c> is 2×2). The
    /// values are copied, and each row is read once. No rows give a 0×0 matrix.</summary>
    /// <exception cref="T:System.ArgumentNullException">rows, or one of its rows, is null (the message names the row).</exception>
    /// <exception cref="T:System.ArgumentException">The rows have different lengths (the message names the first row that differs).</exception>
    let ofRows (rows: seq<#seq<float>>) : Matrix<float> = ofRowSeq rows

    /// <summary>A float column vector (an n×1 matrix) holding a copy of the values: <c>vector</c> for an array or a
    /// sequence (<c>a * Matrix.ofColumn xs</c> is the matrix–vector product).</summary>
    /// <exception cref="T:System.ArgumentNullException">values is null.</exception>
    let ofColumn (values: seq<float>) : Matrix<float> = column values

    /// <summary>The rows as seen, each copied into a new array (<c>'T[][]</c>, the inverse of <c>ofRows</c>).</summary>
    let toRows (a: Matrix<'T>) : 'T[][] =
        Arguments.given (nameof a) a
        Array.init a.Rows (fun i -> Array.init a.Columns (fun j -> a[i, j]))

    /// The values as seen, copied into a new 2-D array.
    let toArray2D (a: Matrix<'T>) : 'T[,] = Arguments.given (nameof a) a; a.ToArray2D()

    /// <summary>The values as seen, row-major, copied into a new array (for a <c>vector</c>, its elements).</summary>
    let toArray (a: Matrix<'T>) : 'T[] = Arguments.given (nameof a) a; a.ToArray()

    /// <summary>The transposed view of <c>a</c>: it shares the storage (no copy), and a product takes it as a GEMM flag.</summary>
    let transpose (a: Matrix<'T>) : Matrix<'T> = Arguments.given (nameof a) a; a.Transpose()

    /// <summary><c>a |&gt; Matrix.mul b</c> is the matrix product a·b (GEMM; transposed views are not copied). Called
    /// directly, <c>Matrix.mul a b</c> is b·a, so <c>[a; b; c] |&gt; List.reduce Matrix.mul</c> is c·b·a: for a product in
    /// order write <c>a * b * c</c> or <c>List.reduce (*) [a; b; c]</c>.</summary>
    /// <exception cref="T:System.ArgumentException">a.Columns ≠ b.Rows.</exception>
    let mul (b: Matrix<'T>) (a: Matrix<'T>) : Matrix<'T> = a * b

    /// <summary><c>a |&gt; Matrix.add b</c> is the elementwise sum a + b.</summary>
    /// <exception cref="T:System.ArgumentException">The shapes differ.</exception>
    let add (b: Matrix<'T>) (a: Matrix<'T>) : Matrix<'T> = a + b

    /// <summary><c>a |&gt; Matrix.sub b</c> is the elementwise difference a − b; called directly, <c>Matrix.sub a b</c> is
    /// b − a (write <c>a - b</c> for a − b).</summary>
    /// <exception cref="T:System.ArgumentException">The shapes differ.</exception>
    let sub (b: Matrix<'T>) (a: Matrix<'T>) : Matrix<'T> = a - b

    /// <summary><c>a |&gt; Matrix.hadamard b</c> is the elementwise product a ⊙ b.</summary>
    /// <exception cref="T:System.ArgumentException">The shapes differ.</exception>
    let hadamard (b: Matrix<'T>) (a: Matrix<'T>) : Matrix<'T> =
        Arguments.given (nameof a) a
        Arguments.given (nameof b) b
        // Checked here: the C# method is a.ElementwiseMultiply(other), whose refusal names other, not this function's b.
        if a.Rows <> b.Rows || a.Columns <> b.Columns then
            invalidArg (nameof b) $"a is {ResultText.integer a.Rows}×{ResultText.integer a.Columns} and b is {ResultText.integer b.Rows}×{ResultText.integer b.Columns}: a ⊙ b needs equal shapes."
        a.ElementwiseMultiply b

    /// <summary><c>a |&gt; Matrix.scale s</c> is s·a.</summary>
    let scale (s: 'T) (a: Matrix<'T>) : Matrix<'T> = Arguments.given (nameof a) a; Matrix<'T>.op_Multiply(s, a)

    /// <summary>A new plain matrix of <c>f</c> applied to every element of <c>a</c> (as seen).</summary>
    /// <exception cref="T:System.ArgumentNullException">f or a is null.</exception>
    let map (f: 'T -> 'T) (a: Matrix<'T>) : Matrix<'T> =
        Arguments.given (nameof f) f
        Arguments.given (nameof a) a
        BlasNet.Matrix.Create<'T>(a.Rows, a.Columns, fun i j -> f a[i, j])

    /// The number of rows.
    let rows (a: Matrix<'T>) : int = Arguments.given (nameof a) a; a.Rows

    /// The number of columns.
    let columns (a: Matrix<'T>) : int = Arguments.given (nameof a) a; a.Columns

    // Equality. A Matrix is a mutable .NET class, so F#'s = and hash on it are identity (the same object), and stay so:
    // a hash that followed the values would change under a dictionary key whenever the matrix is written. These compare
    // values as seen (a transposed view as its transpose), in double, which holds every float32 and Half exactly.

    /// Same shape, and agree holds for every pair of elements as seen, widened to double (exactly); stops at the first that fails.
    let private everyPair (agree: float -> float -> bool) (a: Matrix<'T>) (b: Matrix<'T>) : bool =
        let mutable all = a.Rows = b.Rows && a.Columns = b.Columns
        let mutable i = 0
        while all && i < a.Rows do
            let mutable j = 0
            while all && j < a.Columns do
                all <- agree (Double.CreateTruncating(a[i, j])) (Double.CreateTruncating(b[i, j]))
                j <- j + 1
            i <- i + 1
        all

    /// <summary>Whether a and b have the same shape and equal values as seen, as F#'s <c>=</c> compares two
    /// <c>float[,]</c>: IEEE equality per element, so NaN equals nothing and <c>-0.0 = 0.0</c>. A matrix and its
    /// <c>Matrix.transpose</c> view compare by the values each shows. (<c>=</c> on two matrices is true only for the
    /// same object.)</summary>
    /// <exception cref="T:System.ArgumentNullException">a or b is null.</exception>
    let equal (a: Matrix<'T>) (b: Matrix<'T>) : bool =
        Arguments.given (nameof a) a
        Arguments.given (nameof b) b
        everyPair (fun x y -> x = y) a b

    /// <summary>Whether a and b have the same shape and every pair of elements (x, y) is close, as Python's
    /// <c>math.isclose</c> decides: x = y (equal infinities included), or both finite with
    /// |x − y| ≤ max(relativeTolerance·max(|x|, |y|), absoluteTolerance). Symmetric in a and b; NaN is close to
    /// nothing. Computed in double. <c>Matrix.approxEqual 1e-12 0.0 a b</c> asks for 12 digits; near 0 only an absolute
    /// tolerance can be met.</summary>
    /// <exception cref="T:System.ArgumentNullException">a or b is null.</exception>
    /// <exception cref="T:System.ArgumentOutOfRangeException">A tolerance is negative or NaN.</exception>
    let approxEqual (relativeTolerance: float) (absoluteTolerance: float) (a: Matrix<'T>) (b: Matrix<'T>) : bool =
        if not (relativeTolerance >= 0.0) then
            raise (ArgumentOutOfRangeException(nameof relativeTolerance, relativeTolerance, "relativeTolerance must be 0 or more."))
        if not (absoluteTolerance >= 0.0) then
            raise (ArgumentOutOfRangeException(nameof absoluteTolerance, absoluteTolerance, "absoluteTolerance must be 0 or more."))
        Arguments.given (nameof a) a
        Arguments.given (nameof b) b
        let close (x: float) (y: float) =
            if x = y then true
            elif Double.IsInfinity x || Double.IsInfinity y then false
            else
                let difference = abs (x - y)
                difference <= abs (relativeTolerance * y) || difference <= abs (relativeTolerance * x) || difference <= absoluteTolerance
        everyPair close a b

/// <summary>The float32 constructors of <c>Matrix</c>; the other functions of <c>Matrix</c> take float32 matrices as they are.</summary>
[<RequireQualifiedAccess>]
module Matrix32 =

    /// <summary>The rows×columns float32 zero matrix.</summary>
    /// <exception cref="T:System.ArgumentOutOfRangeException">rows or columns is negative.</exception>
    let zeros (rows: int) (columns: int) : Matrix<float32> = Matrix<float32>(rows, columns)

    /// The n×n float32 identity.
    let identity (n: int) : Matrix<float32> = BlasNet.Matrix.Identity<float32> n

    /// <summary>A rows×columns float32 matrix of uniform values in [−1, 1) drawn with seed 42: the same matrix on every call, so
    /// two calls of one shape give equal matrices (a Siamese pair drawn as <c>Matrix32.random 16 4</c> twice is one input twice,
    /// and a margin ranking loss on it learns nothing): draw independent ones with <c>randomSeeded</c>.</summary>
    /// <exception cref="T:System.ArgumentOutOfRangeException">rows or columns is negative.</exception>
    let random (rows: int) (columns: int) : Matrix<float32> = BlasNet.Matrix.Random<float32>(rows, columns)

    /// <summary>A rows×columns float32 matrix of uniform values in [−1, 1) drawn with the given seed.</summary>
    /// <exception cref="T:System.ArgumentOutOfRangeException">rows or columns is negative.</exception>
    let randomSeeded (seed: int) (rows: int) (columns: int) : Matrix<float32> = BlasNet.Matrix.Random<float32>(rows, columns, seed)

    /// <summary>The rows×columns float32 matrix whose element (i, j) is <c>f i j</c>.</summary>
    /// <exception cref="T:System.ArgumentNullException">f is null.</exception>
    /// <exception cref="T:System.ArgumentOutOfRangeException">rows or columns is negative.</exception>
    let init (rows: int) (columns: int) (f: int -> int -> float32) : Matrix<float32> =
        Arguments.given (nameof f) f
        BlasNet.Matrix.Create<float32>(rows, columns, fun i j -> f i j)

    /// A float32 matrix holding a copy of a 2-D array.
    let ofArray2D (values: float32[,]) : Matrix<float32> = BlasNet.Matrix.FromArray2D values

    /// <summary>A float32 matrix from its rows (<c>float32[][]</c>, a sequence of sequences, …), copied.</summary>
    /// <exception cref="T:System.ArgumentNullException">rows, or one of its rows, is null (the message names the row).</exception>
    /// <exception cref="T:System.ArgumentException">The rows have different lengths (the message names the first row that differs).</exception>
    let ofRows (rows: seq<#seq<float32>>) : Matrix<float32> = ofRowSeq rows

    /// <summary>A float32 column vector (an n×1 matrix) holding a copy of the values.</summary>
    /// <exception cref="T:System.ArgumentNullException">values is null.</exception>
    let ofColumn (values: seq<float32>) : Matrix<float32> = column values
