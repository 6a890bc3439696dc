namespace BlasNet.FSharp

open System.Globalization
open System.Text

/// How the F# result records print (ToString, %A and the FSI echo), as the C# result records do: numbers at
/// round-trip precision in the invariant culture, long arrays cut after 10 values, a matrix by its shape. Arrays and
/// options keep their F# look ([|a; b|], Some/None) because that is what the fields are.
module internal ResultText =

    /// Longer arrays are cut after this many values, as the C# records cut theirs.
    [<Literal>]
    let MaxListed = 10

    /// <summary>Round-trip ("R") in the invariant culture, with ".0" on a whole number as F# writes a float
    /// (<c>3.0</c>, <c>0.040999999999999974</c>, <c>2.4394093160309572E-15</c>, <c>NaN</c>): parses back to the same double.</summary>
    let number (value: float) =
        let text = value.ToString("R", CultureInfo.InvariantCulture)
        if text |> Seq.forall (fun c -> System.Char.IsAsciiDigit c || c = '-') then text + ".0" else text

    let integer (value: int) = value.ToString(CultureInfo.InvariantCulture)

    /// <c>[|1.5; -2; 3|]</c>; past MaxListed values <c>[|v0; …; v9; … (n values)|]</c>.
    let array (values: float[]) =
        let text = StringBuilder("[|")
        for i in 0 .. min values.Length MaxListed - 1 do
            if i > 0 then text.Append("; ") |> ignore
            text.Append(number values.[i]) |> ignore
        if values.Length > MaxListed then
            text.Append("; … (").Append(integer values.Length).Append(" values)") |> ignore
        text.Append("|]").ToString()

    let optionNumber (value: float option) =
        match value with
        | Some v -> "Some " + number v
        | None -> "None"

    let optionArray (values: float[] option) =
        match values with
        | Some v -> "Some " + array v
        | None -> "None"

    /// A matrix by its shape only (<c>3×3</c>).
    let shape (m: float[,]) = integer (Array2D.length1 m) + "×" + integer (Array2D.length2 m)

    /// <summary><c>{ A = a, B = b }</c>: an F# record's braces without a type name, as <c>%A</c> prints records, the
    /// fields separated by ", " as in the C# records (arrays use "; " inside), the answer first and the Message last.</summary>
    let record (fields: (string * string) list) =
        "{ " + (fields |> List.map (fun (n, v) -> n + " = " + v) |> String.concat ", ") + " }"
