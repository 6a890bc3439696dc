// Checks what a user gets inside each package, without building anything:
//   - the package's own README.md (declared in the nuspec) and the LICENSE;
//   - no placeholder URL in the nuspec;
//   - every DLL carries an embedded portable PDB whose documents have deterministic /_/ paths (no
//     path of the machine that packed it) and whose sources are all embedded, so the debugger steps
//     into the code without network;
//   - the nuspec's dependencies are its project's (package-dependencies.fsx): the PackageReference and ProjectReference
//     items that flow to a package, as MSBuild evaluates the project, at the project's versions (a project reference at
//     the version packed), one group per target framework; and they keep DESIGN.md's layering (the core on
//     System.Numerics.Tensors only, a module on the core only, the F# facade on the core, the modules and FSharp.Core,
//     BlasNet.MathNetInterop on the core and MathNet.Numerics), so a dependency added to a project fails here as well.
// usage: dotnet fsi inspect-packages.fsx <packages folder> <version>; prints ok/FAIL lines, exits 1 on a miss.
open System
open System.IO
open System.IO.Compression
open System.Reflection.Metadata
open System.Reflection.PortableExecutable

#load "package-dependencies.fsx"

let folder, version =
    match fsi.CommandLineArgs with
    | [| _; f; v |] -> f, v
    | _ -> failwith "usage: dotnet fsi inspect-packages.fsx <packages folder> <version>"

let embeddedSource = Guid "0E8A571B-6926-466E-B4AD-8AB04611F5FE"
let mutable failures = 0
let check name ok (detail: string) =
    printfn "%s %s (%s)" (if ok then "ok  " else "FAIL") name detail
    if not ok then failures <- failures + 1

let packages = Directory.GetFiles(folder, $"*.{version}.nupkg")
let projects = PackageDependencies.projectsUnder (Path.GetFullPath(Path.Combine(__SOURCE_DIRECTORY__, "..", "..")))
let modules =
    projects |> Map.toSeq |> Seq.map (fun (_, p) -> p.PackageId)
    |> Seq.filter (fun id -> id <> PackageDependencies.core && id <> PackageDependencies.facade && id <> PackageDependencies.mathNetInterop)
    |> Set.ofSeq
check "packages found" (packages.Length >= 4) (sprintf "%d for version %s" packages.Length version)
for nupkg in packages do
    let id = Path.GetFileName(nupkg).Replace($".{version}.nupkg", "")
    use zip = ZipFile.OpenRead nupkg
    let entry (name: string) = zip.Entries |> Seq.tryFind (fun e -> e.FullName = name)
    let text (e: ZipArchiveEntry) = use r = new StreamReader(e.Open()) in r.ReadToEnd()
    let nuspec = zip.Entries |> Seq.find (fun e -> e.FullName.EndsWith ".nuspec") |> text
    let readme = entry "README.md" |> Option.map text
    check $"{id} README" (nuspec.Contains "<readme>README.md</readme>" && readme |> Option.exists (fun r -> r.StartsWith $"# {id}" && r.Contains $"dotnet add package {id}"))
        "own README.md, titled with the package id, with its install line"
    check $"{id} LICENSE" (entry "LICENSE" |> Option.isSome) "LICENSE file packed"
    check $"{id} no placeholder URL" (not (nuspec.Contains "example.invalid")) "nuspec"
    match projects |> Map.tryPick (fun _ p -> if p.PackageId = id then Some p else None) with
    | None -> check $"{id} dependencies" false "no project under src/ has this PackageId"
    | Some project ->
        let expected = PackageDependencies.expected projects version project
        let groups = PackageDependencies.inNuspec nuspec
        let frameworks = groups |> List.map fst
        let problems =
            [ if List.sort frameworks <> List.sort project.TargetFrameworks then
                  sprintf "dependency groups for [%s] but the project targets [%s]" (String.Join(", ", frameworks)) (String.Join(", ", project.TargetFrameworks))
              for framework, actual in groups do
                  for d in PackageDependencies.differences expected actual do $"{framework}: {d}" ]
        let listed = String.Join(", ", expected |> Map.toSeq |> Seq.map (fun (d, v) -> $"{d} {v}"))
        check $"{id} dependencies" problems.IsEmpty (if problems.IsEmpty then $"{listed}, as the project" else String.concat "; " problems)
        let ids = groups |> List.collect (fun (_, deps) -> deps |> Map.toList |> List.map fst) |> Set.ofList
        let breaks, rule = PackageDependencies.layeringBreaks modules id ids
        check $"{id} layering" breaks.IsEmpty (if breaks.IsEmpty then rule else String.concat "; " breaks)
    for dll in zip.Entries |> Seq.filter (fun e -> e.FullName.StartsWith "lib/" && e.FullName.EndsWith ".dll") do
        use ms = new MemoryStream()
        (use s = dll.Open() in s.CopyTo ms)
        ms.Position <- 0L
        use pe = new PEReader(ms)
        match pe.ReadDebugDirectory() |> Seq.tryFind (fun d -> d.Type = DebugDirectoryEntryType.EmbeddedPortablePdb) with
        | None -> check $"{dll.FullName} embedded PDB" false "no embedded portable PDB"
        | Some entry ->
            use provider = pe.ReadEmbeddedPortablePdbDebugDirectoryData entry
            let pdb = provider.GetMetadataReader()
            let documents = [ for h in pdb.Documents -> h, pdb.GetString(pdb.GetDocument(h).Name) ]
            let withSource =
                pdb.CustomDebugInformation
                |> Seq.map pdb.GetCustomDebugInformation
                |> Seq.filter (fun c -> pdb.GetGuid c.Kind = embeddedSource && c.Parent.Kind = HandleKind.Document)
                |> Seq.map (fun c -> DocumentHandle.op_Explicit c.Parent)
                |> System.Collections.Generic.HashSet
            let sources = documents |> List.filter (fun (_, n) -> not (n.EndsWith ".g.cs" || n.EndsWith ".g.fs" || n.Contains "AssemblyAttributes"))
            let absolute = documents |> List.filter (fun (_, n) -> not (n.StartsWith "/_/"))
            check $"{id} deterministic paths" (documents.Length > 0 && absolute.IsEmpty)
                (match absolute with [] -> sprintf "%d documents under /_/" documents.Length | (_, n) :: _ -> $"absolute path: {n}")
            let missing = sources |> List.filter (fun (h, _) -> not (withSource.Contains h))
            check $"{id} embedded sources" (sources.Length > 0 && missing.IsEmpty)
                (match missing with [] -> sprintf "%d source files embedded" sources.Length | (_, n) :: _ -> $"not embedded: {n}")

printfn "inspect-packages: %d failed" failures
exit (if failures = 0 then 0 else 1)
