using System.Globalization;
using System.Text.Json;

namespace BlasNet.Tests.Optimization;

/// <summary>One NIST StRD nonlinear regression problem read from tests/data/nist-strd (problems.json + the .dat file).</summary>
public sealed class NistProblem
{
    private static readonly Lazy<IReadOnlyList<NistProblem>> all = new(Load);

    public required string Name { get; init; }
    public required double[] Start1 { get; init; }
    public required double[] Start2 { get; init; }
    public required double[] CertifiedValues { get; init; }
    public required double[] CertifiedStdDevs { get; init; }
    public required double CertifiedRss { get; init; }
    public required double[] Y { get; init; }
    /// <summary>Predictor columns: X[0] is x (x1 for Nelson), X[1] is x2 for Nelson.</summary>
    public required double[][] X { get; init; }

    public int M => Y.Length;
    public int N => CertifiedValues.Length;

    public static IReadOnlyList<NistProblem> All => all.Value;

    public static NistProblem Get(string name) => All.Single(p => p.Name == name);

    public double[] Start(int which) => which == 1 ? Start1 : Start2;

    /// <summary>r_i = y_i − model(b, x_i) (Nelson: log y_i − model), written in place.</summary>
    public void Residuals(ReadOnlySpan<double> b, Span<double> r)
    {
        for (int i = 0; i < Y.Length; i++)
        {
            double x = X[0][i];
            r[i] = Name switch
            {
                "Nelson" => Math.Log(Y[i]) - (b[0] - b[1] * x * Math.Exp(-b[2] * X[1][i])),
                "Lanczos1" or "Lanczos2" or "Lanczos3" => LanczosResidual(b, x, Y[i]),
                _ => Y[i] - NistModels.Evaluate(Name, b, x),
            };
        }
    }

    /// <summary>y − Σ b₂ₖ·exp(−b₂ₖ₊₁·x) in double-double (see <see cref="DoubleDouble"/>), rounded once.</summary>
    internal static double LanczosResidual(ReadOnlySpan<double> b, double x, double y)
    {
        DoubleDouble sum = y;
        for (int k = 0; k < 3; k++)
            sum = sum - (DoubleDouble)b[2 * k] * DoubleDouble.Exp(-((DoubleDouble)b[2 * k + 1] * x));
        return sum.ToDouble();
    }

    /// <summary>
    /// Digits of the certified standard deviations (at most 3, the tests' bar) that residuals evaluated in plain double can
    /// certify. A standard deviation goes with √RSS, and each residual y − f(x) carries a rounding error of a few units of
    /// y's last place (taken as 4u·|y|): RSS is then known only to about 2·4u·mean|y|/rms(r) of itself, the standard
    /// deviations to half that. Only Lanczos1 falls short (rms 7.7e-14 against y up to 2.5: about 2.5 digits), which is why
    /// <see cref="Residuals(ReadOnlySpan{double}, Span{double})"/> takes Lanczos in double-double; the generic (Jet, Dual) models
    /// cannot, and on it reached 2.96–3.36 digits depending on the vector width that rounded them (sessions 21–24).
    /// </summary>
    public double StdDevDigitsInPlainDouble()
    {
        const double unitRoundoff = 1.1102230246251565e-16; // 2^-53
        double rms = Math.Sqrt(CertifiedRss / M), meanAbsY = Y.Average(Math.Abs);
        return Math.Min(3, -Math.Log10(4 * unitRoundoff * meanAbsY / rms));
    }

    public double[] Residuals(double[] b)
    {
        var r = new double[M];
        Residuals(b, r);
        return r;
    }

    private static IReadOnlyList<NistProblem> Load()
    {
        string folder = ReferenceData.PathOf("nist-strd");
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "problems.json")));
        var list = new List<NistProblem>();
        foreach (var p in doc.RootElement.GetProperty("problems").EnumerateArray())
        {
            string[] lines = File.ReadAllLines(Path.Combine(folder, p.GetProperty("file").GetString()!));
            int first = p.GetProperty("data_first_line").GetInt32(), last = p.GetProperty("data_last_line").GetInt32();
            var rows = lines[(first - 1)..last].Where(l => l.Trim().Length > 0)
                .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray())
                .ToArray();
            int predictors = rows[0].Length - 1;
            list.Add(new NistProblem
            {
                Name = p.GetProperty("name").GetString()!,
                Start1 = Numbers(p.GetProperty("start1")),
                Start2 = Numbers(p.GetProperty("start2")),
                CertifiedValues = Texts(p.GetProperty("certified_values_text")),
                CertifiedStdDevs = Texts(p.GetProperty("certified_std_devs_text")),
                CertifiedRss = double.Parse(p.GetProperty("certified_residual_sum_of_squares_text").GetString()!, CultureInfo.InvariantCulture),
                Y = rows.Select(r => r[0]).ToArray(),
                X = Enumerable.Range(1, predictors).Select(c => rows.Select(r => r[c]).ToArray()).ToArray(),
            });
        }
        return list;
    }

    private static double[] Numbers(JsonElement e) => e.EnumerateArray().Select(v => v.GetDouble()).ToArray();

    private static double[] Texts(JsonElement e) => e.EnumerateArray().Select(v => double.Parse(v.GetString()!, CultureInfo.InvariantCulture)).ToArray();

    public override string ToString() => Name;
}
