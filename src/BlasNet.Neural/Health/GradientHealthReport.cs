using System.Collections.ObjectModel;
using System.Globalization;
using System.Text;

namespace BlasNet.Neural;

/// <summary>
/// Per-layer gradient health after a backward pass: gradient norm, the fraction of gradients that
/// underflowed to zero in Half, ∞/NaN gradient entries, dead ReLU units, saturated Tanh units and parameters with no gradient.
/// Data in <see cref="Layers"/>; <see cref="ToTable"/> (and <see cref="ToString"/>) prints it.
/// </summary>
/// <param name="Layers">One row per layer, in forward order.</param>
/// <param name="Precision">The precision the measured pass ran in.</param>
public sealed record GradientHealthReport(IReadOnlyList<LayerGradientHealth> Layers, Precision Precision)
{
    /// <summary>One row per layer, in forward order: a read-only copy of the rows given, so neither the list the
    /// report was built from nor a cast of this one can change the report afterwards.</summary>
    public IReadOnlyList<LayerGradientHealth> Layers
    {
        get;
        init
        {
            field = ReadOnlyCopy(value, nameof(value));
            modelGradientNorm = null; // new rows (a `with`): the model's norm no longer describes them
        }
    } = ReadOnlyCopy(Layers, nameof(Layers));

    // The model's global norm with every parameter counted once, when the report was measured on a model (GradientHealth.Of,
    // MixedPrecisionModel): a ShareWeights twin's row holds the same parameters as its original's, and summing the rows
    // counted them twice (two rows of norm 4.4 gave 6.2 where Gradients.Norm and the clipping see 4.4).
    private readonly double? modelGradientNorm;

    // The element type of the measured model's own passes ("float32", "float64") for the table's title, when the report was
    // measured on a model: Precision.Single means "the model's own type throughout", and a float64 model's table titled
    // "Single precision" read as float32. Null for a report built with the public constructor, which does not know it.
    private readonly string? elementType;

    /// <summary>A report measured on a model, with its global gradient norm over the model's distinct parameters and its element type's name.</summary>
    internal GradientHealthReport(IReadOnlyList<LayerGradientHealth> layers, Precision precision, double modelGradientNorm, string elementType)
        : this(layers, precision)
    {
        this.modelGradientNorm = modelGradientNorm;
        this.elementType = elementType;
    }

    /// <summary>
    /// The names of every parameter without a gradient, in layer order, each parameter once: a parameter shared by a layer
    /// and its <see cref="ILayer{T}.ShareWeights"/> twin is in both rows and listed once, while two distinct parameters
    /// that share a name (two layers both named <c>fc</c>) are both listed, as they are two parameters. For rows built with
    /// the public constructor, which do not know their parameters, each name once. A new list on each access: a few strings per layer.
    /// </summary>
    public IReadOnlyList<string> ParametersWithoutGradient
    {
        get
        {
            // Deduplicated by the parameter itself, not its name: names are the user's and need not be unique.
            var seenParameters = new HashSet<object>(ReferenceEqualityComparer.Instance);
            var seenNames = new HashSet<string>(StringComparer.Ordinal);
            var names = new List<string>();
            foreach (var row in Layers)
                for (int i = 0; i < row.ParametersWithoutGradient.Count; i++)
                {
                    string name = row.ParametersWithoutGradient[i];
                    if (row.MissingParameter(i) is { } parameter ? seenParameters.Add(parameter) : seenNames.Add(name)) names.Add(name);
                }
            return names.ToArray();
        }
    }

    /// <summary>Underflowed entries over measured entries across all layers, or <c>null</c> when nothing was measured.</summary>
    public double? UnderflowFraction
    {
        get
        {
            long entries = Layers.Sum(l => l.GradientEntries);
            return entries == 0 ? null : (double)Layers.Sum(l => l.UnderflowedEntries) / entries;
        }
    }

    /// <summary>
    /// The ∞/NaN parameter-gradient entries across all layers (a parameter shared by <see cref="ILayer{T}.ShareWeights"/>
    /// twins is counted in each twin's row, as its norm is): nonzero when the step that follows would be refused or skipped.
    /// </summary>
    public long NonFiniteGradientEntries => Layers.Sum(l => l.NonFiniteGradientEntries);

    /// <summary>
    /// The global gradient norm, √(Σ ‖∇p‖²) over the model's parameters that have a gradient (0 when none has), each
    /// parameter counted once as in <see cref="Gradients.Norm{T}"/>: a parameter shared by twin rows is not counted twice.
    /// For a report built with the public constructor, √(Σ norm²) over its rows, summed scaled where the squares would
    /// underflow or overflow (rows of 1e-200 give √2·1e-200, not 0; rows of 1e200 a finite norm, not ∞).
    /// </summary>
    public double GradientNorm => modelGradientNorm ?? RowsNorm();

    private double RowsNorm()
    {
        // The rows' norms taken as one vector: GradientNorm sums its squares rescaled where they would underflow or overflow,
        // as it does for the gradients themselves.
        double[] rows = [.. Layers.Where(l => l.GradientNorm is not null).Select(l => l.GradientNorm!.Value)];
        var norm = new GradientNorm();
        norm.Add<double>(rows);
        return norm.Value;
    }

    /// <summary>
    /// A fixed-width table, one line per layer (<c>-</c> where a column does not apply), under a title naming the
    /// precision: <c>mixed precision</c> for <see cref="Precision.Mixed"/>, otherwise the measured model's element type
    /// (<c>float32</c>, <c>float64</c>), or no precision for a report built with the public constructor in
    /// <see cref="Precision.Single"/> (which does not know the model's type).
    /// </summary>
    public string ToTable()
    {
        var rows = new List<string[]> { new[] { "layer", "kind", "grad norm", "underflow", "inf/NaN", "dead ReLU", "sat. tanh", "no gradient" } };
        foreach (var l in Layers)
            rows.Add([
                l.Layer, l.Kind,
                l.GradientNorm is { } n ? n.ToString("0.000e+00", CultureInfo.InvariantCulture) : "-",
                Percent(l.UnderflowFraction), l.NonFiniteGradientEntries.ToString(CultureInfo.InvariantCulture), Percent(l.DeadReluFraction), Percent(l.SaturatedTanhFraction),
                l.ParametersWithoutGradient.Count == 0 ? "-" : string.Join(", ", l.ParametersWithoutGradient),
            ]);
        var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        var text = new StringBuilder();
        text.Append(Title()).AppendLine();
        foreach (var r in rows)
        {
            for (int c = 0; c < r.Length; c++)
            {
                // Names left-aligned, numbers right-aligned, the free-text last column unpadded.
                if (c == r.Length - 1) text.Append(r[c]);
                else if (c < 2) text.Append(r[c].PadRight(widths[c])).Append("  ");
                else text.Append(r[c].PadLeft(widths[c])).Append("  ");
            }
            text.AppendLine();
        }
        return text.ToString();
    }

    /// <summary>The table of <see cref="ToTable"/>.</summary>
    public override string ToString() => ToTable();

    private string Title() => Precision switch
    {
        Precision.Mixed => "Gradient health (mixed precision: Half activations and gradients, float32 weights)",
        _ when elementType is not null => $"Gradient health ({elementType})",
        _ => "Gradient health",
    };

    /// <summary>
    /// Value equality over everything the report shows: the same <see cref="Precision"/>, equal rows in the same order
    /// (<see cref="LayerGradientHealth.Equals(LayerGradientHealth)"/>), the same <see cref="GradientNorm"/> (which for a
    /// report measured on a model counts shared parameters once), the same <see cref="ParametersWithoutGradient"/> and the
    /// same table title (a report measured on a float32 model and one on a float64 model differ there, as does one built
    /// with the public constructor). Each report keeps its own copy of the rows, so the record's generated equality,
    /// comparing them by reference, made two reports of the same data unequal.
    /// </summary>
    public bool Equals(GradientHealthReport? other) =>
        other is not null && (ReferenceEquals(this, other)
            || Precision == other.Precision && elementType == other.elementType
            && Layers.SequenceEqual(other.Layers)
            && GradientNorm.Equals(other.GradientNorm)
            && ParametersWithoutGradient.SequenceEqual(other.ParametersWithoutGradient));

    /// <summary>A hash of the precision and the rows, consistent with <see cref="Equals(GradientHealthReport)"/>.</summary>
    public override int GetHashCode() => HashCode.Combine(Precision, ListValues.Hash(Layers));

    // The argument is the constructor's parameter, or "value" for the init accessor a with-expression calls, as for any setter.
    private static ReadOnlyCollection<LayerGradientHealth> ReadOnlyCopy(IReadOnlyList<LayerGradientHealth> rows, string argument)
    {
        ArgumentNullException.ThrowIfNull(rows, argument);
        return Array.AsReadOnly(rows.ToArray());
    }

    private static string Percent(double? fraction) => fraction is { } f ? (100 * f).ToString("0.00", CultureInfo.InvariantCulture) + "%" : "-";
}
