/// DESIGN.md: "every public member is exercised from tests/BlasNet.FSharp.Tests". This test holds the project to it:
/// it lists every public type and member of the BlasNet assemblies by reflection and looks each one up among the
/// references this test assembly's own compiled code makes (its metadata: member and type references), so a member
/// added to the public API without an F# use fails here, naming it.
module BlasNet.FSharp.Tests.PublicSurfaceCoverageTests

open System
open System.Collections.Immutable
open System.IO
open System.Reflection
open System.Reflection.Metadata
open System.Reflection.Metadata.Ecma335
open System.Reflection.PortableExecutable
open Xunit

/// Type names as one string per type, the same for a decoded signature and a reflected type:
/// `Namespace.Outer+Inner`, generic instances `Def`1<Arg>`, type parameters `!0`, method parameters `!!0`.
type private NameProvider() =
    interface ISignatureTypeProvider<string, obj> with
        member _.GetPrimitiveType code =
            match code with
            | PrimitiveTypeCode.Boolean -> "System.Boolean"
            | PrimitiveTypeCode.Byte -> "System.Byte"
            | PrimitiveTypeCode.SByte -> "System.SByte"
            | PrimitiveTypeCode.Char -> "System.Char"
            | PrimitiveTypeCode.Int16 -> "System.Int16"
            | PrimitiveTypeCode.UInt16 -> "System.UInt16"
            | PrimitiveTypeCode.Int32 -> "System.Int32"
            | PrimitiveTypeCode.UInt32 -> "System.UInt32"
            | PrimitiveTypeCode.Int64 -> "System.Int64"
            | PrimitiveTypeCode.UInt64 -> "System.UInt64"
            | PrimitiveTypeCode.Single -> "System.Single"
            | PrimitiveTypeCode.Double -> "System.Double"
            | PrimitiveTypeCode.String -> "System.String"
            | PrimitiveTypeCode.Object -> "System.Object"
            | PrimitiveTypeCode.IntPtr -> "System.IntPtr"
            | PrimitiveTypeCode.UIntPtr -> "System.UIntPtr"
            | PrimitiveTypeCode.TypedReference -> "System.TypedReference"
            | PrimitiveTypeCode.Void -> "System.Void"
            | other -> string other
        member _.GetTypeFromDefinition(reader, handle, _) =
            let d = reader.GetTypeDefinition handle
            let name = reader.GetString d.Name
            let declaring = d.GetDeclaringType()
            if declaring.IsNil then
                let ns = reader.GetString d.Namespace
                if ns = "" then name else ns + "." + name
            else
                (box (NameProvider()) :?> ISignatureTypeProvider<string, obj>).GetTypeFromDefinition(reader, declaring, 0uy) + "+" + name
        member this.GetTypeFromReference(reader, handle, _) = NameProvider.referenceName reader handle
        member _.GetTypeFromSpecification(reader, context, handle, _) =
            reader.GetTypeSpecification(handle).DecodeSignature(NameProvider(), context)
        member _.GetSZArrayType element = element + "[]"
        member _.GetArrayType(element, shape) = element + "[" + String(',', shape.Rank - 1) + "]"
        member _.GetByReferenceType element = element + "&"
        member _.GetPointerType element = element + "*"
        member _.GetGenericInstantiation(definition, arguments) = definition + "<" + String.Join(",", arguments) + ">"
        member _.GetGenericTypeParameter(_, index) = "!" + string index
        member _.GetGenericMethodParameter(_, index) = "!!" + string index
        member _.GetModifiedType(_, unmodified, _) = unmodified
        member _.GetPinnedType element = element
        member _.GetFunctionPointerType _ = "fnptr"

    static member referenceName (reader: MetadataReader) (handle: TypeReferenceHandle) : string =
        let r = reader.GetTypeReference handle
        let name = reader.GetString r.Name
        if r.ResolutionScope.Kind = HandleKind.TypeReference then
            NameProvider.referenceName reader (TypeReferenceHandle.op_Explicit r.ResolutionScope) + "+" + name
        else
            let ns = reader.GetString r.Namespace
            if ns = "" then name else ns + "." + name

let rec private typeName (t: Type) : string =
    if t.IsGenericParameter then (if isNull t.DeclaringMethod then "!" else "!!") + string t.GenericParameterPosition
    elif t.IsByRef then typeName (t.GetElementType()) + "&"
    elif t.IsPointer then typeName (t.GetElementType()) + "*"
    elif t.IsSZArray then typeName (t.GetElementType()) + "[]"
    elif t.IsArray then typeName (t.GetElementType()) + "[" + String(',', t.GetArrayRank() - 1) + "]"
    elif t.IsFunctionPointer then "fnptr"
    elif t.IsGenericType then // Matrix<T> inside Matrix<T> is the definition itself: `Matrix`1<!0>`
        t.GetGenericTypeDefinition().FullName + "<" + String.Join(",", t.GetGenericArguments() |> Array.map typeName) + ">"
    else t.FullName

/// Drops a generic instance's arguments: `Def`1<Arg>` → `Def`1`.
let private definitionOf (name: string) = match name.IndexOf '<' with -1 -> name | i -> name.Substring(0, i)

/// `Type::Name`arity(parameters)`, with the return type for conversion operators (overloaded on it alone).
let private methodKey (declaring: string) (name: string) (arity: int) (parameters: string seq) (returns: string) =
    let conversion = if name = "op_Implicit" || name = "op_Explicit" then "->" + returns else ""
    sprintf "%s::%s`%d(%s)%s" declaring name arity (String.Join(",", parameters)) conversion

/// Every type (by name) and member (by key) the compiled code of this assembly refers to outside itself.
let private referenced () =
    use pe = new PEReader(File.OpenRead(typeof<NameProvider>.Assembly.Location))
    let reader = pe.GetMetadataReader()
    let provider = NameProvider()
    let types =
        [ for h in reader.TypeReferences -> NameProvider.referenceName reader h ]
        @ [ for i in 1 .. reader.GetTableRowCount TableIndex.TypeSpec ->
              let h = MetadataTokens.TypeSpecificationHandle i
              reader.GetTypeSpecification(h).DecodeSignature(provider, null) ]
    // A generic instance refers to its definition and its arguments (Matrix`1<System.Double> → Matrix`1).
    let typeNames =
        types
        |> List.collect (fun t -> t.Split([| '<'; '>'; ','; '['; ']'; '&'; '*' |], StringSplitOptions.RemoveEmptyEntries) |> List.ofArray)
        |> Set.ofList
    let members =
        [ for h in reader.MemberReferences do
              let m = reader.GetMemberReference h
              let parent =
                  match m.Parent.Kind with
                  | HandleKind.TypeReference -> Some(NameProvider.referenceName reader (TypeReferenceHandle.op_Explicit m.Parent))
                  | HandleKind.TypeSpecification ->
                      Some(definitionOf (reader.GetTypeSpecification(TypeSpecificationHandle.op_Explicit m.Parent).DecodeSignature(provider, null)))
                  | _ -> None
              match parent with
              | None -> ()
              | Some parent ->
                  let name = reader.GetString m.Name
                  match m.GetKind() with
                  | MemberReferenceKind.Method ->
                      let s = m.DecodeMethodSignature(provider, null)
                      yield methodKey parent name s.GenericParameterCount s.ParameterTypes s.ReturnType
                  | _ -> yield "F:" + parent + "::" + name ]
        |> Set.ofList
    typeNames, members

/// The text of this project's test sources, `//` comments left out: enum values and constants compile to literals, not
/// references, so they are found by name in the code; a name in a comment is no use of it.
let private sourceText =
    lazy
        (let rec up (dir: DirectoryInfo) =
            if isNull dir then None
            elif File.Exists(Path.Combine(dir.FullName, "BlasNet.FSharp.Tests.fsproj")) then Some dir
            else
                let candidate = Path.Combine(dir.FullName, "tests", "BlasNet.FSharp.Tests")
                if Directory.Exists candidate then Some(DirectoryInfo candidate) else up dir.Parent
         match up (DirectoryInfo AppContext.BaseDirectory) with
         | None -> failwith "tests/BlasNet.FSharp.Tests not found above the test assembly"
         | Some dir ->
             let code (line: string) = match line.IndexOf("//", StringComparison.Ordinal) with -1 -> line | i -> line.Substring(0, i)
             String.Join("\n", dir.GetFiles("*.fs") |> Array.collect (fun f -> File.ReadAllLines f.FullName |> Array.map code)))

/// The argument lists, parentheses balanced, of every call in the code to a constructor of the type (`SgdOptions(…)`,
/// `new SgdOptions(…)`, `PairGradient<float>(…)`): where a test names a positional record's parameter.
let private constructorArguments (typeName: string) (source: string) : string seq =
    let name = match typeName.IndexOf '`' with -1 -> typeName | i -> typeName.Substring(0, i)
    Text.RegularExpressions.Regex.Matches(source, @"\b" + Text.RegularExpressions.Regex.Escape name + @"(?:<[^<>()]*>)?\s*\(")
    |> Seq.map (fun m ->
        let start = m.Index + m.Length
        let mutable depth = 1
        let mutable i = start
        while depth > 0 && i < source.Length do
            match source[i] with
            | '(' -> depth <- depth + 1
            | ')' -> depth <- depth - 1
            | _ -> ()
            i <- i + 1
        source.Substring(start, i - start))

/// Whether the code names `Type.Member` (an enum value or a constant, compiled to a literal rather than a reference),
/// as a whole name: `RobustLoss.Linear` is no use of a value `RobustLoss.L`.
let private namesMember (source: string) (typeName: string) (memberName: string) =
    Text.RegularExpressions.Regex.IsMatch(source, @"\b" + Text.RegularExpressions.Regex.Escape(typeName + "." + memberName) + @"\b")

/// Members no F# user calls by name: those a compiler writes (record equality and printing, union plumbing).
let private compilerWritten (m: MemberInfo) =
    let name = m.Name
    List.contains name [ "Equals"; "GetHashCode"; "CompareTo"; "op_Equality"; "op_Inequality"; "<Clone>$"; "PrintMembers"; "EqualityContract"; "get_EqualityContract"; "Deconstruct" ]
    || name.StartsWith "get_Is" && m.DeclaringType.IsDefined(typeof<CompilationMappingAttribute>, false)
    || name = "Tag" || name = "get_Tag"
    // F# records and unions are built by the facade and read by F#; a test writing `{ X = …; … }` proves nothing.
    || (m :? ConstructorInfo && m.DeclaringType.IsDefined(typeof<CompilationMappingAttribute>, false))
    || (m.DeclaringType.IsDefined(typeof<CompilationMappingAttribute>, false)
        && m.IsDefined(typeof<Runtime.CompilerServices.CompilerGeneratedAttribute>, false))

/// The assemblies whose public surface DESIGN.md asks the F# tests to cover, loaded by name (a typeof here would itself
/// be a reference to the type it names).
let private assemblies =
    [ "BlasNet"; "BlasNet.Neural"; "BlasNet.Quadrature"; "BlasNet.Optimization"; "BlasNet.MathNetInterop"; "BlasNet.FSharp" ]
    |> List.map (fun name -> Assembly.Load(AssemblyName name))

/// The public types and members no code of this test project refers to, as "Assembly: kind Type.member(...)".
let private uncovered () =
    let typeNames, members = referenced ()
    let source = sourceText.Value
    let flags = BindingFlags.Public ||| BindingFlags.Static ||| BindingFlags.Instance ||| BindingFlags.DeclaredOnly
    let methodCovered (declaring: string) (m: MethodBase) =
        let parameters = m.GetParameters() |> Array.map (fun p -> typeName p.ParameterType)
        let arity = if m.IsGenericMethodDefinition then m.GetGenericArguments().Length else 0
        let returns = match m with :? MethodInfo as mi -> typeName mi.ReturnType | _ -> "System.Void"
        members.Contains(methodKey declaring m.Name arity parameters returns)
    /// An override or interface implementation is reached through the member it implements.
    let rec reachedThrough (t: Type) (m: MethodInfo) =
        let baseDefinition = m.GetBaseDefinition()
        let viaBase =
            baseDefinition <> m
            && (not (assemblies |> List.contains baseDefinition.DeclaringType.Assembly)
                || methodCovered (typeName baseDefinition.DeclaringType |> definitionOf) baseDefinition)
        let viaInterface =
            not t.IsInterface
            && t.GetInterfaces()
               |> Array.exists (fun i ->
                   let map = t.GetInterfaceMap i
                   map.TargetMethods
                   |> Array.zip map.InterfaceMethods
                   |> Array.exists (fun (im, target) ->
                       target = m
                       && (not (assemblies |> List.contains i.Assembly)
                           || (let def = if i.IsGenericType then i.GetGenericTypeDefinition() else i
                               let defMethod = def.GetMethods() |> Array.find (fun x -> x.MetadataToken = im.MetadataToken)
                               methodCovered def.FullName defMethod))))
        viaBase || viaInterface
    [ for assembly in assemblies do
          let short = assembly.GetName().Name
          for t in assembly.GetExportedTypes() do
              let name = t.FullName
              let shown = name.Replace('+', '.')
              if not (typeNames.Contains name) then yield sprintf "%s: type %s" short shown
              if t.IsEnum then
                  for f in t.GetFields(BindingFlags.Public ||| BindingFlags.Static) do
                      if not (namesMember source t.Name f.Name) then yield sprintf "%s: enum value %s.%s" short shown f.Name
              elif not (typeof<Delegate>.IsAssignableFrom t) then
                  // A positional record's property is set through the constructor's parameter of the same name
                  // (`AdamOptions(Beta1 = 0.8)` calls the constructor): used when a test names it that way, inside a
                  // call of this type's own constructor (a `Seed = 7` given to GradCheckOptions sets no SgdOptions.Seed).
                  let constructorNamed (p: PropertyInfo) =
                      t.GetConstructors()
                      |> Array.exists (fun c ->
                          methodCovered name c
                          && c.GetParameters() |> Array.exists (fun a -> a.Name = p.Name && a.ParameterType = p.PropertyType))
                      && constructorArguments t.Name source
                         |> Seq.exists (fun arguments -> Text.RegularExpressions.Regex.IsMatch(arguments, @"\b" + p.Name + @"\s*="))
                  for m in t.GetMembers flags do
                      // Obsolete members stay for source compatibility; using them would warn.
                      if not (compilerWritten m) && not (m.IsDefined(typeof<ObsoleteAttribute>, false)) then
                          match m with
                          | :? ConstructorInfo as c ->
                              if not (methodCovered name c) && not (t.IsAbstract && t.IsSealed) then
                                  let ps = c.GetParameters() |> Array.map (fun p -> p.ParameterType.Name)
                                  yield sprintf "%s: constructor %s(%s)" short shown (String.Join(", ", ps))
                          | :? MethodInfo as f when not f.IsSpecialName || f.Name.StartsWith "op_" ->
                              if not (methodCovered name f) && not (reachedThrough t f) then
                                  let ps = f.GetParameters() |> Array.map (fun p -> p.ParameterType.Name)
                                  yield sprintf "%s: method %s.%s(%s)" short shown f.Name (String.Join(", ", ps))
                          | :? PropertyInfo as p ->
                              let accessors = p.GetAccessors()
                              if not (accessors |> Array.exists (fun a -> methodCovered name a || reachedThrough t a) || constructorNamed p) then
                                  let index = p.GetIndexParameters() |> Array.map (fun i -> i.ParameterType.Name)
                                  let shownIndex = if index.Length = 0 then "" else "[" + String.Join(", ", index) + "]"
                                  yield sprintf "%s: property %s.%s%s" short shown p.Name shownIndex
                          | :? FieldInfo as f ->
                              let literal = f.IsLiteral && namesMember source t.Name f.Name
                              if not literal && not (members.Contains("F:" + name + "::" + f.Name)) then
                                  yield sprintf "%s: field %s.%s" short shown f.Name
                          | :? EventInfo as e ->
                              if not (methodCovered name (e.GetAddMethod())) then yield sprintf "%s: event %s.%s" short shown e.Name
                          | _ -> () ]
    |> List.distinct

/// The protected members of the public types a user derives from (Activation<T>.Apply, Optimizer<T>.Update, their
/// constructors): part of the public surface, yet invisible to BindingFlags.Public. Each must be called from this project
/// (a base constructor or method call is a member reference) or overridden by one of its types.
let private uncoveredProtected () =
    let _, members = referenced ()
    let ownTypes = typeof<NameProvider>.Assembly.GetTypes()
    let flags = BindingFlags.NonPublic ||| BindingFlags.Static ||| BindingFlags.Instance ||| BindingFlags.DeclaredOnly
    let sameMethod (a: MethodBase) (b: MethodBase) = a.Module = b.Module && a.MetadataToken = b.MetadataToken
    let overridden (m: MethodInfo) =
        ownTypes
        |> Array.exists (fun t ->
            t.GetMethods(flags ||| BindingFlags.Public)
            |> Array.exists (fun own -> own.DeclaringType = t && own <> own.GetBaseDefinition() && sameMethod (own.GetBaseDefinition()) m))
    [ for assembly in assemblies do
          let short = assembly.GetName().Name
          for t in assembly.GetExportedTypes() do
              if not t.IsSealed && not t.IsInterface then
                  let name = t.FullName
                  let called (m: MethodBase) =
                      let parameters = m.GetParameters() |> Array.map (fun p -> typeName p.ParameterType)
                      let arity = if m.IsGenericMethodDefinition then m.GetGenericArguments().Length else 0
                      let returns = match m with :? MethodInfo as mi -> typeName mi.ReturnType | _ -> "System.Void"
                      members.Contains(methodKey name m.Name arity parameters returns)
                  for m in t.GetMethods flags |> Seq.cast<MethodBase> |> Seq.append (t.GetConstructors flags |> Seq.cast<MethodBase>) do
                      if (m.IsFamily || m.IsFamilyOrAssembly) && not (m.IsDefined(typeof<ObsoleteAttribute>, false)) then
                          let used = called m || (match m with :? MethodInfo as mi -> mi.IsVirtual && overridden mi | _ -> false)
                          if not used then
                              let ps = m.GetParameters() |> Array.map (fun p -> p.ParameterType.Name)
                              yield sprintf "%s: protected %s.%s(%s)" short (name.Replace('+', '.')) m.Name (String.Join(", ", ps)) ]

[<Fact>]
let ``every protected member a user derives with is used or overridden from the F# tests`` () =
    let missing = uncoveredProtected ()
    Assert.True(List.isEmpty missing, sprintf "%d protected members without an F# use:\n%s" missing.Length (String.Join("\n", missing)))

[<Fact>]
let ``every public type and member of every BlasNet assembly is used from the F# tests`` () =
    let missing = uncovered ()
    Assert.True(List.isEmpty missing, sprintf "%d public types/members without an F# use:\n%s" missing.Length (String.Join("\n", missing)))

[<Fact>]
let ``the coverage check sees references of every kind it relies on`` () =
    // Guards against a check that passes because it matches nothing: members this project certainly uses.
    let typeNames, members = referenced ()
    Assert.Contains("BlasNet.Matrix`1", typeNames)
    Assert.Contains("BlasNet.Blas::Gemm`0(System.Double,BlasNet.Matrix`1<System.Double>,BlasNet.Matrix`1<System.Double>,System.Double,BlasNet.Matrix`1<System.Double>)", members)
    Assert.True(members.Count > 500, sprintf "only %d member references: the reader is wrong" members.Count)

[<Fact>]
let ``a positional record's parameter counts only when named in that record's own constructor call`` () =
    // The check once took any `Seed =` in the code as a use of every record's Seed: a new SgdOptions(…, Seed) parameter
    // passed unused because GradCheckOptions(Seed = 7) is written elsewhere.
    let code = "let g = GradCheckOptions(Step = 1e-5, Seed = 7)\nlet s = new SgdOptions(0.5, Momentum = f (1, 2), WeightDecay = 0.1)\nlet p = PairGradient<float>(Positive = a)"
    let sgd = constructorArguments "SgdOptions" code |> List.ofSeq
    Assert.Equal<string list>([ "0.5, Momentum = f (1, 2), WeightDecay = 0.1)" ], sgd)
    Assert.DoesNotContain("Seed", String.Join("", sgd))
    Assert.Equal<string list>([ "Positive = a)" ], constructorArguments "PairGradient`1" code |> List.ofSeq)
    Assert.True(namesMember "x = RobustLoss.Linear" "RobustLoss" "Linear")
    Assert.False(namesMember "x = RobustLoss.Linear" "RobustLoss" "Lin")
