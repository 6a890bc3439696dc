using System.Text.RegularExpressions;
using BlasNet.Providers;

namespace BlasNet.Tests.Core;

/// <summary>
/// The provider tables of README.md, the BlasNet package README and native/README.md list the files the search tries
/// (<see cref="ProviderDiscovery.Known"/>), no more and no fewer: README.md and native/README.md left out
/// <c>libblis.so</c>, which the search tries after <c>libblis.so.4</c>.
/// </summary>
public class ProviderDocumentationTests
{
    private static string Doc(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "data", "docs", name));

    /// <summary>
    /// The backticked file names in the first <paramref name="columns"/> cells after the name in the table row of
    /// <paramref name="provider"/> (the row starting "| name |"); the notes column may name other libraries (LAPACK's).
    /// </summary>
    private static List<string> FilesInRow(string text, string provider, int columns = 1)
    {
        var row = text.Split('\n').Single(line => line.StartsWith($"| {provider} |", StringComparison.Ordinal));
        string cells = string.Join(" ", row.Split('|').Skip(2).Take(columns));
        return Regex.Matches(cells, @"`([A-Za-z0-9_.]+\.(?:so(?:\.\d+)?|dll|dylib))`").Select(m => m.Groups[1].Value).ToList();
    }

    [Theory]
    [InlineData("README.md")]
    [InlineData("native.README.md")]
    public void LinuxTables_ListEveryFileTheSearchTries_InOrder(string document)
    {
        string text = Doc(document);
        foreach (var candidate in ProviderDiscovery.Known)
        {
            var linux = candidate.Files.Where(f => f.Contains(".so", StringComparison.Ordinal)).ToList();
            Assert.True(linux.SequenceEqual(FilesInRow(text, candidate.Name)),
                $"{document}, {candidate.Name}: documents [{string.Join(", ", FilesInRow(text, candidate.Name))}], the search tries [{string.Join(", ", linux)}]");
        }
    }

    [Fact]
    public void PackageReadme_ListsEveryFileTheSearchTries_OnEverySystem()
    {
        string text = Doc("BlasNet.README.md");
        foreach (var candidate in ProviderDiscovery.Known)
            Assert.True(candidate.Files.SequenceEqual(FilesInRow(text, candidate.Name, columns: 2)),
                $"{candidate.Name}: documents [{string.Join(", ", FilesInRow(text, candidate.Name, columns: 2))}], the search tries [{string.Join(", ", candidate.Files)}]");
    }
}
