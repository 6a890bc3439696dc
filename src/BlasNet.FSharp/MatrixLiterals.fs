namespace BlasNet.FSharp

open System
open BlasNet

/// <summary>Matrix and vector literals from F# lists: <c>matrix [ [1.0; 2.0]; [3.0; 4.0] ]</c>. Opened with the namespace.</summary>
[<AutoOpen>]
module MatrixLiterals =

    // One implementation for both element types; the public functions fix the type so that literals infer.
    let internal ofRows (rows: 'T list list) : Matrix<'T> =
        match rows with
        | [] -> Matrix<'T>(0, 0)
        | first :: _ ->
            let columns = List.length first
            rows
            |> List.iteri (fun i row ->
                let length = List.length row
                if length <> columns then
                    raise (ArgumentException($"Row {i} has {length} elements but row 0 has {columns}: every row of a matrix needs the same length.", "rows")))
            Matrix<'T>(List.length rows, columns, rows |> List.concat |> List.toArray)

    let internal column (values: 'T list) : Matrix<'T> =
        Matrix<'T>(List.length values, 1, List.toArray values)

    /// <summary>A float matrix from its rows: <c>matrix [ [1.0; 2.0]; [3.0; 4.0] ]</c> is 2×2. An empty list gives a 0×0 matrix.</summary>
    /// <exception cref="T:System.ArgumentException">The rows have different lengths (the message names the first row that differs).</exception>
    let matrix (rows: float list list) : Matrix<float> = ofRows rows

    /// <summary>A float32 matrix from its rows: <c>matrix32 [ [1.0f; 2.0f]; [3.0f; 4.0f] ]</c>.</summary>
    /// <exception cref="T:System.ArgumentException">The rows have different lengths (the message names the first row that differs).</exception>
    let matrix32 (rows: float32 list list) : Matrix<float32> = ofRows rows

    /// <summary>A float column vector, that is an n×1 matrix, so that <c>a * vector [1.0; 2.0]</c> is the matrix–vector product.</summary>
    let vector (values: float list) : Matrix<float> = column values

    /// A float32 column vector (an n×1 matrix).
    let vector32 (values: float32 list) : Matrix<float32> = column values
