using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Reflection;
using System.Text;

namespace BlasNet.Text;

/// <summary>
/// How the result records print their numbers (shared as a linked source file, so each assembly has its own
/// internal copy and no formatting API becomes public): invariant culture and round-trip precision, so what
/// <c>ToString()</c> and F#'s <c>%A</c> show parses back to the very same double.
/// </summary>
internal static class ResultText
{
    /// <summary>Longer lists are cut after this many values: a 10⁵-residual fit should still print in one screen.</summary>
    internal const int MaxListed = 10;

    internal static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    internal static string Number(double? value) => value is { } v ? Number(v) : "none";

    /// <summary><c>[1.5, -2, 3]</c>; past <see cref="MaxListed"/> values <c>[v0, …, v9, … (n values)]</c>; <c>none</c> for null.</summary>
    internal static string List(IReadOnlyList<double>? values) =>
        values is null ? "none" : Join(values.Count, i => Number(values[i]));

    internal static string List(IReadOnlyList<int> values) =>
        Join(values.Count, i => values[i].ToString(CultureInfo.InvariantCulture));

    internal static string List(IReadOnlyList<string> values) => Join(values.Count, i => values[i]);

    /// <summary>A matrix by its shape only (<c>20×2</c>): printing must not copy or dump m×n numbers.</summary>
    internal static string Shape(int rows, int columns) =>
        rows.ToString(CultureInfo.InvariantCulture) + "×" + columns.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// A small result matrix by value: <c>3×1 [v0, v1, v2]</c>, its shape, then its values in row-major order (<paramref name="item"/>
    /// formats value k), cut as <see cref="List(IReadOnlyList{double})"/> cuts long lists.
    /// </summary>
    internal static string ShapeAndValues(int rows, int columns, Func<int, string> item) => Shape(rows, columns) + " " + Join(rows * columns, item);

    /// <summary>
    /// The members of <c>TypeName { A = 1.5, B = … }</c> for an options record's <c>PrintMembers</c> (public properties
    /// in declaration order, as the compiler-generated printer lays them out), but every IFormattable value (numbers,
    /// enums) in the invariant culture, arrays and lists by their contents (<c>LowerBounds = [0, 1.5]</c>, long ones cut
    /// as <see cref="List(IReadOnlyList{double})"/> does) rather than as <c>System.Double[]</c>, and what the generated
    /// printer would show by type name or as nothing in the words the result records use (see <see cref="Value"/>).
    /// Read by reflection so a property added later is printed too, rather than by running the
    /// generated printer under a switched CurrentCulture, which would leave the calling thread's culture pinned
    /// (CultureInfo's setter writes an AsyncLocal: a thread that followed DefaultThreadCurrentCulture would no longer
    /// follow it after a ToString). Returns whether anything was written, as <c>PrintMembers</c> must.
    /// </summary>
    internal static bool RecordMembers<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] TRecord>(
        StringBuilder text, TRecord record)
        where TRecord : class
    {
        bool any = false;
        foreach (var property in typeof(TRecord).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || property.GetMethod is not { IsPublic: true }) continue;
            if (any) text.Append(", ");
            text.Append(property.Name).Append(" = ").Append(Value(property.GetValue(record)));
            any = true;
        }
        return any;
    }

    /// <summary>
    /// One option's value: null as <c>none</c> (as the result records print an absent <c>FailureX</c> or covariance); a
    /// <see cref="CancellationToken"/> as <c>none</c> (<see cref="CancellationToken.None"/>), <c>cancellable</c> or
    /// <c>cancelled</c>, not its type name; an object whose text would only be its type name (an <c>IProgress</c>, a
    /// delegate) as <c>&lt;set&gt;</c>; numbers and enums invariant; lists by their contents; anything else by its own text.
    /// </summary>
    private static string Value(object? value) => value switch
    {
        null => "none",
        CancellationToken token => !token.CanBeCanceled ? "none" : token.IsCancellationRequested ? "cancelled" : "cancellable",
        IReadOnlyList<double> numbers => List(numbers),
        IReadOnlyList<int> integers => List(integers),
        IReadOnlyList<bool> flags => Join(flags.Count, i => flags[i] ? "True" : "False"),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() is { } text && text != value.GetType().ToString() ? text : "<set>",
    };

    private static string Join(int count, Func<int, string> item)
    {
        var text = new StringBuilder("[");
        for (int i = 0; i < Math.Min(count, MaxListed); i++)
        {
            if (i > 0) text.Append(", ");
            text.Append(item(i));
        }
        if (count > MaxListed) text.Append(CultureInfo.InvariantCulture, $", … ({count} values)");
        return text.Append(']').ToString();
    }
}
