using System.Text.Json;

namespace BlasNet.Tests;

/// <summary>
/// The reference data of tests/data (see its README: each file's generating script and origin), as the test project copies it
/// next to the test assembly (BlasNet.Tests.csproj: <c>../data/**</c> to <c>data/</c>), so that a fresh clone finds it wherever it
/// is built, with no path back to the source tree.
/// </summary>
internal static class ReferenceData
{
    /// <summary>The full path of a file under tests/data, as copied to the output folder.</summary>
    public static string PathOf(string file) => Path.Combine(AppContext.BaseDirectory, "data", file);

    /// <summary>
    /// The root of a JSON file under tests/data. A copy that outlives the parsed document (which is disposed here, returning its
    /// pooled buffers), so callers may keep it in a static field and read it from any test.
    /// </summary>
    public static JsonElement Load(string file)
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(PathOf(file)));
        return document.RootElement.Clone();
    }

    /// <summary>An array of JSON numbers under <paramref name="property"/> of <paramref name="element"/>, as doubles.</summary>
    public static double[] Doubles(JsonElement element, string property) =>
        element.GetProperty(property).EnumerateArray().Select(v => v.GetDouble()).ToArray();
}
