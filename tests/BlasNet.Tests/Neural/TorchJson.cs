using System.Globalization;
using System.Text.Json;

namespace BlasNet.Tests.Neural;

/// <summary>
/// Reading the PyTorch reference files (tests/data/*-reference.json written by the neural scripts): numbers, vectors and
/// matrices as the scripts store them, non-finite values as the strings "NaN", "Infinity", "-Infinity".
/// </summary>
internal static class TorchJson
{
    /// <summary>A number stored as JSON text or as a string.</summary>
    public static double Number(JsonElement e) =>
        e.ValueKind == JsonValueKind.String ? double.Parse(e.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture) : e.GetDouble();

    public static double[] Vector(JsonElement e) => e.EnumerateArray().Select(Number).ToArray();

    /// <summary>A nested list as a rows×columns matrix; a flat list as one row.</summary>
    public static Matrix<double> MatrixOf(JsonElement e)
    {
        var rows = e.EnumerateArray().ToArray();
        if (rows.Length > 0 && rows[0].ValueKind != JsonValueKind.Array) return new Matrix<double>(1, rows.Length, Vector(e));
        int columns = rows.Length == 0 ? 0 : rows[0].GetArrayLength();
        return new Matrix<double>(rows.Length, columns, rows.SelectMany(Vector).ToArray());
    }
}
