namespace BlasNet.FSharp

/// The facade's argument checks. A facade function that reads an argument itself (a.Rows, model.Parameters,
/// optimizer.Step(), result.X) before any C# member could check it turns a null into a NullReferenceException from
/// inside the facade; these name the argument instead, as the C# members do.
module internal Arguments =

    /// Throws ArgumentNullException naming the argument when value is null.
    let given (name: string) (value: 'a) : unit = if isNull (box value) then nullArg name

    /// The array in an option as the C# members take it, null for None. Some null throws ArgumentNullException naming the
    /// argument: passed on, it would be read as None (no weights) and silently change what the caller asked for.
    let someOrNull (name: string) (value: 'a[] option) : 'a[] | null =
        match value with
        | Some values -> given name values; values
        | None -> null

    /// The matrix in an option as the C# layers take it (a bias, a bias mask), null for None; Some null throws as someOrNull
    /// does. (One generic function for both trips F#'s nullness inference at the C# optional parameters.)
    let matrixOrNull (name: string) (value: BlasNet.Matrix<'T> option) : BlasNet.Matrix<'T> | null =
        match value with
        | Some m -> given name m; m
        | None -> null

    /// Refuses an empty weight array before a C# loss does: its message says "pass one weight per … or null", and null is
    /// not what an F# caller passes (None, or the unweighted loss). instead says what to pass for no weights.
    let nonEmptyWeights (name: string) (per: string) (instead: string) (values: float[]) : unit =
        if not (isNull (box values)) && values.Length = 0 then
            invalidArg name $"{name} is empty; pass one weight per {per} ({instead})."
