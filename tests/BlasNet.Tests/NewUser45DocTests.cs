using System.Reflection;
using System.Xml.Linq;

namespace BlasNet.Tests;

/// <summary>
/// Audit user45: what an IDE shows a C# user on hover is the summary in the generated XML documentation. A summary made of
/// a nested <c>&lt;summary&gt;&lt;inheritdoc cref="…"/&gt;&lt;/summary&gt;</c> reaches the XML as an empty summary (the
/// compiler expands nothing; tools resolve <c>inheritdoc</c> only as a top-level element), which is what the float span
/// forms of <c>Blas.Rot</c> and <c>Blas.Rotm</c> showed. Every public member of every library assembly must have a
/// summary with text, or a top-level <c>inheritdoc</c>.
/// </summary>
public class NewUser45DocTests
{
    public static TheoryData<string> Assemblies() =>
        ["BlasNet", "BlasNet.Neural", "BlasNet.Optimization", "BlasNet.Quadrature", "BlasNet.MathNetInterop"];

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void EveryPublicMember_HasASummaryWithText(string assemblyName)
    {
        var assembly = Assembly.Load(assemblyName);
        string path = Path.Combine(AppContext.BaseDirectory, assemblyName + ".xml");
        Assert.True(File.Exists(path), $"{path} is missing: the library's documentation file is copied beside the tests.");
        var members = XDocument.Load(path).Root!.Element("members")!.Elements("member");
        var blank = new List<string>();
        int checkedPublic = 0;
        foreach (var member in members)
        {
            string id = member.Attribute("name")!.Value;
            if (!IsPublic(assembly, id)) continue;
            checkedPublic++;
            if (member.Element("inheritdoc") is not null) continue;
            var summary = member.Element("summary");
            // Text or a reference (<see cref>, <paramref>) counts; a summary holding only a nested inheritdoc does not.
            bool hasText = summary is not null && (summary.Value.Trim().Length > 0 ||
                summary.Descendants().Any(e => e.Name != "inheritdoc" && e.Attributes().Any(a => a.Name == "cref" || a.Name == "name" || a.Name == "langword")));
            if (!hasText) blank.Add(id);
        }
        Assert.True(checkedPublic > 3, $"only {checkedPublic} public members were matched in {path}");
        Assert.True(blank.Count == 0, $"{blank.Count} public member(s) of {assemblyName} without a summary:\n" + string.Join("\n", blank));
    }

    // Whether a documentation ID names a public member of a visible type. Methods are matched by name and parameter count
    // (an overload set is public when one of that arity is), which is all the check needs.
    private static bool IsPublic(Assembly assembly, string id)
    {
        char kind = id[0];
        string rest = id[2..];
        int paren = rest.IndexOf('(');
        string path = paren < 0 ? rest : rest[..paren];
        int parameters = paren < 0 ? 0 : CountParameters(rest[(paren + 1)..^1]);
        if (kind == 'T') return FindType(assembly, path) is { IsVisible: true };
        int dot = path.LastIndexOf('.');
        if (dot < 0) return false;
        var type = FindType(assembly, path[..dot]);
        if (type is not { IsVisible: true }) return false;
        string name = path[(dot + 1)..];
        int generic = name.IndexOf("``", StringComparison.Ordinal);
        if (generic >= 0) name = name[..generic];
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        return kind switch
        {
            'M' when name == "#ctor" => type.GetConstructors(all).Any(c => (c.IsPublic || c.IsFamily) && c.GetParameters().Length == parameters),
            'M' => type.GetMethods(all).Any(m => m.Name == name.Replace('#', '.') && (m.IsPublic || m.IsFamily) && m.GetParameters().Length == parameters),
            'P' => type.GetProperties(all).Any(p => p.Name == name && (p.GetMethod is { IsPublic: true } || p.SetMethod is { IsPublic: true })),
            'F' => type.GetFields(all).Any(f => f.Name == name && (f.IsPublic || f.IsFamily)),
            'E' => type.GetEvents(all).Any(e => e.Name == name && e.AddMethod is { IsPublic: true }),
            _ => false,
        };
    }

    // A nested type is Outer.Inner in an ID and Outer+Inner to reflection: try each dot from the right as a '+'.
    private static Type? FindType(Assembly assembly, string name)
    {
        if (assembly.GetType(name) is { } direct) return direct;
        var chars = name.ToCharArray();
        for (int i = chars.Length - 1; i >= 0; i--)
        {
            if (chars[i] != '.') continue;
            chars[i] = '+';
            if (assembly.GetType(new string(chars)) is { } nested) return nested;
        }
        return null;
    }

    // Top-level commas of a parameter list (generic arguments {…} and array bounds […] hold commas of their own).
    private static int CountParameters(string list)
    {
        if (list.Length == 0) return 0;
        int depth = 0, count = 1;
        foreach (char c in list)
        {
            if (c is '{' or '[') depth++;
            else if (c is '}' or ']') depth--;
            else if (c == ',' && depth == 0) count++;
        }
        return count;
    }
}
