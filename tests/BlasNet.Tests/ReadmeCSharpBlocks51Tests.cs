using System.Reflection;
using System.Runtime.Loader;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace BlasNet.Tests;

/// <summary>
/// Audit doc51: every <c>csharp</c> block of every README is compiled, as the text stands, and run. The F# blocks have run
/// in <c>dotnet fsi</c> since an earlier audit (the F# ReadmeExamplesTests), but the C# blocks were only copied line by line
/// into tests, so a README edited after its copy kept passing. Here the README's own text is the program.
/// <para>
/// A block is compiled as a reader's console project compiles it (ImplicitUsings, nullable on, warnings as errors), after
/// the README's earlier blocks, as a reader reads on: a block with <c>using</c> directives of its own starts a new program;
/// a block without them continues the earlier ones. A block of statements continues the earlier blocks' statements (the
/// Neural README's optimizer line uses the model of the block above), keeps their <c>using</c>s and types; a block of types
/// only (the Optimization README's row model, the same class written another way) is compiled as a library with the
/// earlier <c>using</c>s and replaces the earlier type of its name. A program is then run.
/// </para>
/// <para>
/// The compiler is the Microsoft.CodeAnalysis.CSharp package (5.12.0, whose analyzer dependency Microsoft.CodeAnalysis.Analyzers
/// resolves to 5.9.0, the compiler of the .NET 10.0.401 SDK here, so the build has no analyzer/compiler version warning),
/// and the blocks are parsed as C# 14, the language a reader's net10.0 project compiles: a block using extension members,
/// the <c>field</c> keyword or null-conditional assignment compiles here as it does there (session 48, nn48; with 4.14 and
/// C# 13 such a block failed this test although a reader's build took it).
/// </para>
/// </summary>
public class ReadmeCSharpBlocks51Tests
{
    /// <summary>The READMEs with csharp blocks, as copied beside the tests (data/docs).</summary>
    public static TheoryData<string> Readmes() => [.. Documents];

    private static readonly string[] Documents =
        ["README.md", "BlasNet.README.md", "BlasNet.Neural.README.md", "BlasNet.Quadrature.README.md",
         "BlasNet.Optimization.README.md", "BlasNet.MathNetInterop.README.md", "BlasNet.FSharp.README.md"];

    // A `dotnet new console` project's implicit usings (Microsoft.NET.Sdk, ImplicitUsings=enable).
    private const string ImplicitUsings =
        "global using System;\nglobal using System.Collections.Generic;\nglobal using System.IO;\nglobal using System.Linq;\n" +
        "global using System.Net.Http;\nglobal using System.Threading;\nglobal using System.Threading.Tasks;\n";

    // C# 14 by name, not Latest: Latest follows the package, which may know a language the reader's SDK does not.
    internal static readonly CSharpParseOptions Parse = new(LanguageVersion.CSharp14);

    internal static List<string> Blocks(string document)
    {
        string text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "data", "docs", document)).Replace("\r\n", "\n");
        return Regex.Matches(text, "```csharp\n(.*?)```", RegexOptions.Singleline).Select(m => m.Groups[1].Value).ToList();
    }

    /// <summary>The compilation units a reader's program is made of, block by block (see the class summary).</summary>
    internal static List<(int Block, bool IsProgram, string Source)> Programs(IReadOnlyList<string> blocks)
    {
        var result = new List<(int, bool, string)>();
        var usings = new List<string>();
        var statements = new List<string>();
        var types = new List<(string Name, string Text)>();
        for (int i = 0; i < blocks.Count; i++)
        {
            var root = (CompilationUnitSyntax)CSharpSyntaxTree.ParseText(blocks[i], Parse).GetRoot();
            var blockTypes = root.Members.OfType<BaseTypeDeclarationSyntax>().Select(t => (t.Identifier.Text, t.ToFullString())).ToList();
            var blockStatements = root.Members.OfType<GlobalStatementSyntax>().Select(s => s.ToFullString()).ToList();
            if (root.Usings.Count > 0)
            {
                // A block with its own usings is a program of its own (README.md's Neural block after its quick start).
                usings.Clear();
                statements.Clear();
                types.Clear();
            }
            foreach (var u in root.Usings.Select(u => u.ToString()))
                if (!usings.Contains(u)) usings.Add(u);
            types.RemoveAll(t => blockTypes.Any(b => b.Item1 == t.Name));
            bool isProgram = blockStatements.Count > 0;
            statements.AddRange(blockStatements);
            string source = isProgram
                ? string.Join("\n", usings) + "\n" + string.Concat(statements) + "\n" + string.Concat(types.Select(t => t.Text)) +
                  string.Concat(blockTypes.Select(t => t.Item2))
                : string.Join("\n", usings) + "\n" + string.Concat(blockTypes.Select(t => t.Item2));
            types.AddRange(blockTypes);
            result.Add((i + 1, isProgram, source));
        }
        return result;
    }

    private static readonly Lazy<List<MetadataReference>> References = new(() =>
    {
        // The framework and every assembly beside the tests (BlasNet and its modules, MathNet), each once.
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Concat(Directory.GetFiles(AppContext.BaseDirectory, "*.dll"))
            .GroupBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.First());
        var references = new List<MetadataReference>();
        foreach (var path in paths)
        {
            try
            {
                using var stream = File.OpenRead(path);
                using var reader = new System.Reflection.PortableExecutable.PEReader(stream);
                if (!reader.HasMetadata) continue; // a native library
            }
            catch (BadImageFormatException) { continue; }
            references.Add(MetadataReference.CreateFromFile(path));
        }
        return references;
    });

    /// <summary>Compiles <paramref name="source"/>; the diagnostics that fail a warnings-as-errors build, or the image.</summary>
    internal static (byte[]? Image, string Diagnostics) Compile(string name, string source, bool isProgram, CSharpParseOptions? parse = null)
    {
        parse ??= Parse;
        var trees = new[] { CSharpSyntaxTree.ParseText(ImplicitUsings, parse), CSharpSyntaxTree.ParseText(source, parse, path: name + ".cs") };
        var options = new CSharpCompilationOptions(isProgram ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary,
            nullableContextOptions: NullableContextOptions.Enable, generalDiagnosticOption: ReportDiagnostic.Error,
            allowUnsafe: false, optimizationLevel: OptimizationLevel.Release);
        var compilation = CSharpCompilation.Create(name, trees, References.Value, options);
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        // Hidden and informational diagnostics (an unnecessary using) are not a build's warnings.
        var failures = emitted.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        string text = string.Join("\n", failures.Select(d => d.ToString())) + "\n--- source ---\n" + source;
        return (emitted.Success && failures.Count == 0 ? image.ToArray() : null, text);
    }

    [Theory]
    [MemberData(nameof(Readmes))]
    public void EveryCSharpBlock_CompilesAsItStands_AndItsProgramRuns(string document)
    {
        var blocks = Blocks(document);
        foreach (var (block, isProgram, source) in Programs(blocks))
        {
            string name = $"{Path.GetFileNameWithoutExtension(document).Replace('.', '_')}_block{block}";
            var (image, diagnostics) = Compile(name, source, isProgram);
            Assert.True(image is not null, $"{document}, csharp block {block} does not compile as it stands:\n{diagnostics}");
            if (!isProgram) continue;
            // Its own load context, so the next block's program (which repeats this one's statements) is another assembly;
            // BlasNet itself resolves to the tests' copy, one provider per process as in an application.
            var context = new AssemblyLoadContext(name, isCollectible: true);
            try
            {
                var assembly = context.LoadFromStream(new MemoryStream(image!));
                var entry = assembly.EntryPoint!;
                try { entry.Invoke(null, entry.GetParameters().Length == 0 ? null : [Array.Empty<string>()]); }
                catch (TargetInvocationException e) { Assert.Fail($"{document}, csharp block {block} throws when run: {e.InnerException}\n--- source ---\n{source}"); }
            }
            finally { context.Unload(); }
        }
    }

    [Fact]
    public void TheReadmesHoldTheCSharpBlocksThisAuditFound()
    {
        // A block that silently stopped being a csharp block (a fence renamed) would drop out of the test above.
        int total = Documents.Sum(r => Blocks(r).Count);
        Assert.True(total >= 7, $"only {total} csharp blocks across the READMEs (2 in README.md, 2 Neural, 2 Optimization, 1 MathNetInterop)");
        Assert.Equal(2, Blocks("README.md").Count);
    }

    [Fact]
    public void AChangedBlock_FailsToCompile_SoADriftingSampleFailsTheTest()
    {
        // The check itself: the README quick start with one misspelt member and with an argument too few.
        string quickStart = Blocks("README.md")[0];
        Assert.Contains("Blas.Axpy(2.0, x, y);", quickStart);
        var (misspelt, _) = Compile("drift1", quickStart.Replace("Blas.Axpy(2.0, x, y);", "Blas.Axpby(2.0, x, y);"), isProgram: true);
        Assert.Null(misspelt);
        var (short_, _) = Compile("drift2", quickStart.Replace("Blas.Axpy(2.0, x, y);", "Blas.Axpy(2.0, x);"), isProgram: true);
        Assert.Null(short_);
        var (asItStands, diagnostics) = Compile("asItStands", quickStart, isProgram: true);
        Assert.True(asItStands is not null, diagnostics);
    }

    /// <summary>
    /// A README block written in C# 14 (an extension block with a property, the <c>field</c> keyword, a null-conditional
    /// assignment), with BlasNet in it as a README block has: it compiles and its program runs, and the same text as C# 13
    /// does not compile, so the blocks are really judged as C# 14.
    /// </summary>
    [Fact]
    public void ACSharp14Block_Compiles_AndRuns()
    {
        const string block = """
            using BlasNet;

            var x = new double[] { 1, 2, 3 };
            var y = new double[] { 1, 1, 1 };
            Blas.Axpy(2.0, x, y);
            if (y.Total != 15.0) throw new Exception($"total {y.Total}");
            var log = new StepLog();
            log.Last = "  stepped  ";
            StepLog? none = null;
            none?.Last = "never evaluated";
            if (log.Last != "stepped") throw new Exception(log.Last);

            static class SpanTotals
            {
                extension(double[] values)
                {
                    public double Total => values.Sum();
                }
            }

            class StepLog
            {
                public string Last { get; set => field = value.Trim(); } = "";
            }
            """;
        var (image, diagnostics) = Compile("csharp14", block, isProgram: true);
        Assert.True(image is not null, diagnostics);
        var context = new AssemblyLoadContext("csharp14", isCollectible: true);
        try
        {
            var entry = context.LoadFromStream(new MemoryStream(image!)).EntryPoint!;
            entry.Invoke(null, entry.GetParameters().Length == 0 ? null : [Array.Empty<string>()]);
        }
        finally { context.Unload(); }
        var (asCSharp13, _) = Compile("csharp13", block, isProgram: true, new CSharpParseOptions(LanguageVersion.CSharp13));
        Assert.Null(asCSharp13);
    }
}
