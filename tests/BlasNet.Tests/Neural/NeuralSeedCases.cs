using System.Text.Json;

namespace BlasNet.Tests.Neural;

/// <summary>Reads the PyTorch float64 reference values from data/seed-cases.json.</summary>
internal static class NeuralSeedCases
{
    private static readonly Lazy<JsonElement> Root = new(() => ReferenceData.Load("seed-cases.json"));

    public static JsonElement Case(string id)
    {
        foreach (var c in Root.Value.GetProperty("cases").EnumerateArray())
            if (c.GetProperty("id").GetString() == id) return c;
        throw new KeyNotFoundException(id);
    }

    public static double[,] Matrix2D(JsonElement c, string name)
    {
        var rows = c.GetProperty(name).EnumerateArray().ToArray();
        int cols = rows[0].GetArrayLength();
        var m = new double[rows.Length, cols];
        for (int i = 0; i < rows.Length; i++)
        {
            int j = 0;
            foreach (var v in rows[i].EnumerateArray()) m[i, j++] = v.ValueKind == JsonValueKind.True ? 1 : v.ValueKind == JsonValueKind.False ? 0 : v.GetDouble();
        }
        return m;
    }

    public static double[] Vector(JsonElement c, string name) =>
        c.GetProperty(name).EnumerateArray().Select(v => v.GetDouble()).ToArray();

    public static Matrix<double> Matrix(JsonElement c, string name) => BlasNet.Matrix.FromArray2D(Matrix2D(c, name));

    public static Matrix<double> Row(JsonElement c, string name)
    {
        var v = Vector(c, name);
        return new Matrix<double>(1, v.Length, v);
    }

    public static Matrix<double> Column(JsonElement c, string name)
    {
        var v = Vector(c, name);
        return new Matrix<double>(v.Length, 1, v);
    }

    public static double[] Flat(double[,] m) => m.Cast<double>().ToArray();

    /// <summary>Asserts |actual − expected| ≤ tol·max(1, |expected|) elementwise, naming the first bad index.</summary>
    public static void Close(double[] expected, ReadOnlySpan<double> actual, double tol, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(actual[i] - expected[i]) <= tol * Math.Max(1, Math.Abs(expected[i])),
                $"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R}");
    }

    public static void Close(double[,] expected, Matrix<double> actual, double tol, string what)
    {
        Assert.Equal(expected.GetLength(0), actual.Rows);
        Assert.Equal(expected.GetLength(1), actual.Columns);
        Close(Flat(expected), actual.ToArray(), tol, what);
    }
}
