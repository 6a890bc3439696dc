namespace BlasNet.FSharp

open System
open BlasNet

/// <summary>Matrix and vector literals from F# lists: <c>matrix [ [1.0; 2.0]; [3.0; 4.0] ]</c>. Opened with the namespace.</summary>
[<AutoOpen>]
module MatrixLiterals =

    // One implementation for both element types and every row container (lists, arrays, sequences); the public
    // functions fix the type so that literals infer. Each row is read once, so a lazy sequence is enumerated once, and
    // checked as it is read: the first bad row is the one named (reading everything first reported a null row 2 before
    // a ragged row 1), and a lazy source such as a file read line by line is not read past it.
    let internal ofRowSeq (rows: seq<#seq<'T>>) : Matrix<'T> =
        if isNull (box rows) then nullArg "rows"
        let read = ResizeArray<'T[]>()
        for row in rows do
            let i = read.Count
            if isNull (box row) then raise (ArgumentNullException("rows", $"Row {i} is null."))
            let values = Seq.toArray row
            if i > 0 && values.Length <> read[0].Length then
                raise (ArgumentException($"Row {i} has {values.Length} elements but row 0 has {read[0].Length}: every row of a matrix needs the same length.", "rows"))
            read.Add values
        if read.Count = 0 then Matrix<'T>(0, 0)
        else Matrix<'T>(read.Count, read[0].Length, Array.concat read)

    let internal ofRows (rows: 'T list list) : Matrix<'T> = ofRowSeq rows

    let internal column (values: seq<'T>) : Matrix<'T> =
        if isNull (box values) then nullArg "values"
        let values = Seq.toArray values
        Matrix<'T>(values.Length, 1, values)

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
