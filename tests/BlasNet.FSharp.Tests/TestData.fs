/// Locating the reference data copied next to the test assembly (tests/data, see its README).
module BlasNet.FSharp.Tests.TestData

open System.IO
open System.Text.Json

/// Full path of a file under tests/data, as copied to the output folder.
let path (relative: string) = Path.Combine(System.AppContext.BaseDirectory, "data", relative)

/// The root of a JSON file under tests/data: a copy that outlives the parsed document (disposed here, returning its pooled
/// buffers), so that it may be kept in a lazy value and read from any test.
let load (relative: string) =
    use document = JsonDocument.Parse(File.ReadAllText(path relative))
    document.RootElement.Clone()

/// The root of seed-cases.json.
let seedCases = lazy (load "seed-cases.json")

/// The seed case with the given id.
let seedCase (id: string) =
    seedCases.Value.GetProperty("cases").EnumerateArray()
    |> Seq.find (fun c -> c.GetProperty("id").GetString() = id)

/// A number as the reference scripts store it (nn47/nn48/nn51's JSON): JSON text, or "NaN" / "Infinity" / "-Infinity".
let number (e: JsonElement) =
    if e.ValueKind = JsonValueKind.String then
        System.Double.Parse(e.GetString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture)
    else e.GetDouble()
