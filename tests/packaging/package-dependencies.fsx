// What each package's nuspec should list as dependencies, for inspect-packages.fsx: its project's references, and
// DESIGN.md's layering. The references are read by evaluating the project with MSBuild (nothing is built), not by reading
// its XML: a reference can come from an import or carry a condition, and an .fsproj gets FSharp.Core implicitly unless
// it turns that off. The layering names package ids only; every version comes from the projects.
module PackageDependencies

open System
open System.Diagnostics
open System.IO
open System.Text.Json
open System.Xml.Linq

/// A src/ project as MSBuild evaluates it: its package id, target frameworks, and the references that flow to its
/// package (PackageReference as id and version; ProjectReference as the referenced project's full path).
type Project =
    { PackageId: string
      TargetFrameworks: string list
      PackageReferences: (string * string) list
      ProjectReferences: string list }

/// Evaluates one project file (dotnet msbuild -getProperty/-getItem: evaluation only, no restore or build).
let evaluate (projectFile: string) =
    let psi = ProcessStartInfo("dotnet", RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false)
    for a in [ "msbuild"; projectFile; "-nologo"; "-getProperty:PackageId"; "-getProperty:TargetFramework"; "-getProperty:TargetFrameworks"
               "-getItem:PackageReference"; "-getItem:ProjectReference" ] do
        psi.ArgumentList.Add a
    use p = Process.Start psi
    let stderr = p.StandardError.ReadToEndAsync()
    let stdout = p.StandardOutput.ReadToEnd()
    p.WaitForExit()
    if p.ExitCode <> 0 then failwithf "dotnet msbuild could not evaluate %s (exit %d): %s %s" projectFile p.ExitCode stdout stderr.Result
    use json = JsonDocument.Parse stdout
    let property (name: string) = json.RootElement.GetProperty("Properties").GetProperty(name).GetString()
    let items (kind: string) =
        match json.RootElement.GetProperty("Items").TryGetProperty kind with
        | true, list -> [ for i in list.EnumerateArray() -> i ]
        | _ -> []
    let meta (item: JsonElement) (name: string) =
        match item.TryGetProperty name with
        | true, v -> v.GetString()
        | _ -> ""
    // PrivateAssets="all" keeps a reference out of the package's dependencies (an analyzer, Source Link).
    let flows item =
        not ((meta item "PrivateAssets").Split(';') |> Array.exists (fun a -> a.Trim().Equals("all", StringComparison.OrdinalIgnoreCase)))
    let frameworks = if property "TargetFrameworks" <> "" then property "TargetFrameworks" else property "TargetFramework"
    { PackageId = property "PackageId"
      TargetFrameworks = frameworks.Split(';', StringSplitOptions.RemoveEmptyEntries ||| StringSplitOptions.TrimEntries) |> List.ofArray
      PackageReferences = [ for i in items "PackageReference" do if flows i then meta i "Identity", meta i "Version" ]
      ProjectReferences = [ for i in items "ProjectReference" do if flows i then Path.GetFullPath(meta i "FullPath") ] }

/// Every project under <repo>/src, evaluated, by full path.
let projectsUnder (repo: string) =
    Directory.GetDirectories(Path.Combine(repo, "src"))
    |> Array.collect (fun d -> Array.append (Directory.GetFiles(d, "*.csproj")) (Directory.GetFiles(d, "*.fsproj")))
    |> Array.map (fun f -> Path.GetFullPath f, evaluate f)
    |> Map.ofArray

/// "5.0" and "5.0.0" are the same NuGet version (pack writes at least three parts); anything else is compared as written.
let normalize (v: string) =
    let release, suffix =
        match v.IndexOf '-' with
        | -1 -> v, ""
        | i -> v.Substring(0, i), v.Substring i
    let parts = release.Split '.'
    if parts.Length < 3 && parts |> Array.forall (fun p -> p <> "" && Seq.forall Char.IsDigit p) then
        String.Join(".", Array.append parts (Array.create (3 - parts.Length) "0")) + suffix
    else v

/// The dependencies the project's package should list, id → version: its package references at their versions, its
/// project references as the referenced projects' packages at <paramref name="version"/> (every src/ project is packed
/// at the same version). A project reference outside src/ is not a package: that is an error.
let expected (projects: Map<string, Project>) (version: string) (project: Project) =
    [ for id, v in project.PackageReferences -> id, normalize v
      for path in project.ProjectReferences ->
          match projects.TryFind path with
          | Some referenced -> referenced.PackageId, normalize version
          | None -> failwithf "%s references %s, which is not a project under src/ (so not a package)" project.PackageId path ]
    |> Map.ofList

/// The nuspec's dependency groups: target framework ("(any)" for a group without one) → (id → version).
let inNuspec (nuspec: string) =
    let doc = XDocument.Parse nuspec
    let attribute (e: XElement) (name: string) =
        match e.Attribute(XName.Get name) with
        | null -> None
        | a -> Some a.Value
    [ for g in doc.Descendants() do
          if g.Name.LocalName = "group" && g.Parent.Name.LocalName = "dependencies" then
              let deps =
                  [ for d in g.Elements() do
                        if d.Name.LocalName = "dependency" then
                            d.Attribute(XName.Get "id").Value, normalize (defaultArg (attribute d "version") "(none)") ]
              defaultArg (attribute g "targetFramework") "(any)", Map.ofList deps ]

/// The differences between the project's dependencies and one nuspec group's, in words (empty when none).
let differences (expected: Map<string, string>) (actual: Map<string, string>) =
    [ for KeyValue(id, v) in actual do
          if not (expected.ContainsKey id) then sprintf "%s %s is in the package but not a reference of the project" id v
      for KeyValue(id, v) in expected do
          match actual.TryFind id with
          | None -> sprintf "the project's %s %s is missing from the package" id v
          | Some a when a <> v -> sprintf "%s is %s in the package but %s in the project" id a v
          | Some _ -> () ]

let core, facade, mathNetInterop = "BlasNet", "BlasNet.FSharp", "BlasNet.MathNetInterop"

/// DESIGN.md's layering ("modules depend on the core ..., never on each other, and the core knows nothing of them;
/// BlasNet.FSharp sits on top"; issue 14 keeps MathNet.Numerics out of the core): the dependencies <paramref name="id"/>
/// may have, those it must have, and the rule in words. Every src/ package not named is a module. The facade may not
/// depend on BlasNet.MathNetInterop, which would bring MathNet.Numerics to every F# user.
let layering (modules: Set<string>) (id: string) =
    if id = core then set [ "System.Numerics.Tensors" ], Set.empty, "the core depends on System.Numerics.Tensors only"
    elif id = facade then Set.union modules (set [ core; "FSharp.Core" ]), set [ core; "FSharp.Core" ], "the F# facade depends on the core, the modules and FSharp.Core only"
    elif id = mathNetInterop then set [ core; "MathNet.Numerics" ], set [ core; "MathNet.Numerics" ], "BlasNet.MathNetInterop depends on the core and MathNet.Numerics only"
    else set [ core ], set [ core ], "a module depends on the core only"

/// Whether a package's dependency ids keep the layering, and why not (the ids it may not have, those it lacks).
let layeringBreaks (modules: Set<string>) (id: string) (dependencies: Set<string>) =
    let allowed, required, rule = layering modules id
    let extra, missing = Set.difference dependencies allowed, Set.difference required dependencies
    let join (s: Set<string>) = String.Join(", ", s)
    [ if not extra.IsEmpty then sprintf "depends on %s; DESIGN.md: %s" (join extra) rule
      if not missing.IsEmpty then sprintf "does not depend on %s; DESIGN.md: %s" (join missing) rule ],
    rule
