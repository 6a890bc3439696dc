using System.Globalization;
using System.Text.RegularExpressions;

namespace BlasNet.Tests;

/// <summary>
/// Reads fields back out of a result's <c>ToString()</c> ("Name = value, …"), so the printing tests compare
/// the printed numbers with the result's own fields rather than with a string copied from the code's output.
/// </summary>
internal static class PrintedFields
{
    public static string Field(string text, string name)
    {
        var m = Regex.Match(text, $@"\b{name} = ([^,}}]*?)(, | }})");
        Assert.True(m.Success, $"no {name} in {text}");
        return m.Groups[1].Value;
    }

    public static double Number(string text, string name) => Parse(Field(text, name));

    public static string[] List(string text, string name)
    {
        var m = Regex.Match(text, $@"\b{name} = \[([^\]]*)\]");
        Assert.True(m.Success, $"no list {name} in {text}");
        return m.Groups[1].Value.Split(", ", StringSplitOptions.RemoveEmptyEntries);
    }

    public static double[] Numbers(string text, string name) => List(text, name).Select(Parse).ToArray();

    /// <summary>No type name where a value belongs (System.Double[], ReadOnlyCollection`1, …).</summary>
    public static void NoTypeNames(string text)
    {
        Assert.DoesNotContain("System.", text);
        Assert.False(Regex.IsMatch(text, @"\w\[\]"), text);
    }

    private static double Parse(string s) => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
}
