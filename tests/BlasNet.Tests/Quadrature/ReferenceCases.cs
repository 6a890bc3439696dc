using System.Globalization;
using System.Text.Json;

namespace BlasNet.Tests.Quadrature;

/// <summary>
/// The cases of an audit reference file in tests/data laid out as <c>{ "cases": [ { "id", "family", … } ] }</c> (the
/// quad40–42 files, each made by its script with mpmath): listed by family for <c>[MemberData]</c>, looked up by id. Exact
/// values are stored as strings so that every double survives the round trip.
/// </summary>
internal sealed class ReferenceCases
{
    private readonly JsonElement[] cases;

    public ReferenceCases(string file)
    {
        cases = [.. ReferenceData.Load(file).GetProperty("cases").EnumerateArray()];
    }

    /// <summary>The ids of the cases of one family, in the file's order.</summary>
    public TheoryData<string> Ids(string family)
    {
        var data = new TheoryData<string>();
        foreach (JsonElement c in cases.Where(c => c.GetProperty("family").GetString() == family))
            data.Add(c.GetProperty("id").GetString()!);
        return data;
    }

    /// <summary>The case with this id (exactly one).</summary>
    public JsonElement this[string id] => cases.Single(c => c.GetProperty("id").GetString() == id);

    /// <summary>A double stored as a string field of the case (the exact value, a limit).</summary>
    public static double Number(JsonElement c, string name) => double.Parse(c.GetProperty(name).GetString()!, CultureInfo.InvariantCulture);

    /// <summary>A parameter of the integrand, stored as a JSON number under "params".</summary>
    public static double Parameter(JsonElement c, string name) => c.GetProperty("params").GetProperty(name).GetDouble();
}
