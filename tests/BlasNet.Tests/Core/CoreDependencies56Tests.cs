using System.Xml.Linq;

namespace BlasNet.Tests.Core;

/// <summary>
/// Issue 14: conversions to Math.NET live in their own small package, with no new dependency in the core. Nothing held
/// that: the core's project file and the assembly it builds are checked here (i14v56). A package or project reference
/// added to src/BlasNet, or a type of another library used by the core, fails one of these.
/// </summary>
public class CoreDependencies56Tests
{
    [Fact]
    public void CoreProject_ReferencesOnlySystemNumericsTensors()
    {
        var project = XDocument.Load(Path.Combine(AppContext.BaseDirectory, "data", "docs", "BlasNet.csproj"));
        var packages = project.Descendants("PackageReference").Select(e => (string?)e.Attribute("Include") ?? (string?)e.Attribute("Update")).ToList();
        var projects = project.Descendants("ProjectReference").Select(e => (string?)e.Attribute("Include")).ToList();
        Assert.Equal(["System.Numerics.Tensors"], packages);
        Assert.Empty(projects);
    }

    [Fact]
    public void CoreAssembly_ReferencesOnlyTheRuntimeAndSystemNumericsTensors()
    {
        var names = typeof(Blas).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.Contains("System.Numerics.Tensors", names);
        // The shared framework's assemblies (System.*, netstandard, Microsoft.Win32.*) come with .NET; anything else is a dependency.
        var others = names.Where(n => !(n == "System" || n.StartsWith("System.", StringComparison.Ordinal) || n == "netstandard"
            || n.StartsWith("Microsoft.Win32.", StringComparison.Ordinal))).ToList();
        Assert.True(others.Count == 0, $"BlasNet.dll references {string.Join(", ", others)} beyond .NET and System.Numerics.Tensors");
    }
}
