/// Audit doc51: the F# facade's public functions carry XML documentation, as the C# assemblies' members do
/// (NewUser45DocTests checks those, not BlasNet.FSharp). F# writes no warning for an undocumented public function, so
/// nothing else would notice one: a `let` without `///` simply has no entry in BlasNet.FSharp.xml, and the hover in an
/// IDE shows only the signature.
module BlasNet.FSharp.Tests.FacadeDocs51Tests

open System
open System.Reflection
open System.Xml.Linq
open Xunit

/// Documentation IDs of BlasNet.FSharp.xml (beside the tests), by member path without generic arity or parameters,
/// with whether the summary has text.
let private documented () =
    let path = IO.Path.Combine(AppContext.BaseDirectory, "BlasNet.FSharp.xml")
    Assert.True(IO.File.Exists path, sprintf "%s is missing: the facade's documentation file is copied beside the tests" path)
    let members = XDocument.Load(path).Root.Element(XName.Get "members").Elements(XName.Get "member")
    [ for m in members do
          let id = m.Attribute(XName.Get "name").Value
          let withoutParameters = match id.IndexOf '(' with | -1 -> id | p -> id.Substring(0, p)
          let name = match withoutParameters.IndexOf "``" with | -1 -> withoutParameters | g -> withoutParameters.Substring(0, g)
          let summary = m.Element(XName.Get "summary")
          yield name, (not (isNull summary) && summary.Value.Trim().Length > 0) ]
    |> List.groupBy fst
    |> List.map (fun (name, entries) -> name, entries |> List.exists snd)
    |> Map.ofList

/// The public functions, values and types an F# user calls: module functions, extension members (slicing) and types.
/// Compiler-made members of records and unions (properties, Equals, Tag, NewCase, …) are the type's, documented with it.
let private publicSurface () =
    let assembly = typeof<BlasNet.FSharp.Fit>.Assembly
    [ for t in assembly.GetExportedTypes() do
          let typeName = t.FullName.Replace('+', '.')
          yield "T:" + typeName
          let isModule =
              t.GetCustomAttributes(typeof<CompilationMappingAttribute>, false)
              |> Seq.exists (fun a -> (a :?> CompilationMappingAttribute).SourceConstructFlags = SourceConstructFlags.Module)
          if isModule then
              for m in t.GetMethods(BindingFlags.Public ||| BindingFlags.Static ||| BindingFlags.DeclaredOnly) do
                  if not m.IsSpecialName then
                      let sourceName =
                          m.GetCustomAttributes(typeof<CompilationSourceNameAttribute>, false)
                          |> Seq.tryHead
                          |> Option.map (fun a -> (a :?> CompilationSourceNameAttribute).SourceName)
                      yield "M:" + typeName + "." + defaultArg sourceName m.Name
              for p in t.GetProperties(BindingFlags.Public ||| BindingFlags.Static ||| BindingFlags.DeclaredOnly) do
                  yield "P:" + typeName + "." + p.Name ]
    |> List.distinct

[<Fact>]
let ``every public function, value and type of the F# facade has a summary with text`` () =
    let docs = documented ()
    let surface = publicSurface ()
    // The facade's modules hold well over a hundred functions; an empty surface would make the check vacuous.
    Assert.True(List.length surface > 100, sprintf "only %d public members found" (List.length surface))
    let missing =
        surface
        |> List.filter (fun id ->
            // A module-level value is a property in IL and documented as P: or M: depending on the compiler's choice.
            let alternatives = [ id; "M:" + id.Substring 2; "P:" + id.Substring 2 ]
            not (alternatives |> List.exists (fun a -> Map.tryFind a docs = Some true)))
    Assert.True(List.isEmpty missing, sprintf "%d public member(s) of BlasNet.FSharp without a summary:\n%s" missing.Length (String.Join("\n", missing)))
