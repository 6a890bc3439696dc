using System.Collections.ObjectModel;
using System.Text;
using BlasNet.Text;

namespace BlasNet.Neural;

/// <summary>One layer's row of a <see cref="GradientHealthReport"/>.</summary>
/// <param name="Layer">The layer's name: the prefix of its first parameter's name (e.g. <c>pooler</c> for <c>pooler.weight</c>), or for a layer without parameters its kind and position (e.g. <c>tanh1</c>); a name an earlier row already has (a <see cref="ILayer{T}.ShareWeights"/> twin's, which shares its original's parameters) gets <c>@</c> and its position (<c>enc@6</c>), so rows are told apart.</param>
/// <param name="Kind">The layer type's name without generic arity: <c>Dense</c>, <c>MaskedDense</c>, <c>Relu</c>, <c>LayerNorm</c>, … or the name of a user's layer class.</param>
/// <param name="GradientNorm">L2 norm of the layer's parameter gradients as they stand (after <see cref="GradScaler.Unscale"/> these are the true gradients, unless clipping scaled them down since: see <see cref="Trainer{TTarget}.UnclippedGradientNorm"/>); <c>null</c> when the layer has no parameter with a gradient.</param>
/// <param name="GradientEntries">Gradient entries the measurement covered: in mixed precision, every entry the layer's last backward pass rounded to Half (its dx and its weight and bias gradient contributions; a training step does not form the first layer's dx, so there it is the parameter gradients only; the last layer's row also holds the loss gradient dL/dy, rounded to Half (times the loss scale) before the backward pass reaches the layer); for a float32 or float64 model, the entries of its parameter gradients.</param>
/// <param name="UnderflowedEntries">Of those, the entries that were nonzero in float32 and are zero in Half (for a float32 or float64 model: would be).</param>
/// <param name="DeadReluFraction">For a ReLU layer, the fraction of its units that output 0 for every row of the last batch; otherwise, or when that batch had no rows, <c>null</c>.</param>
/// <param name="SaturatedTanhFraction">For a Tanh layer, the fraction of its last outputs (batch × units entries) with |y| &gt; 0.99 (where 1 − y² &lt; 0.02 throttles the gradient); otherwise, or when that batch had no rows, <c>null</c>.</param>
/// <param name="ParametersWithoutGradient">Names of the layer's parameters whose gradient is <c>null</c> (no backward pass reached them).</param>
public sealed record LayerGradientHealth(
    string Layer,
    string Kind,
    double? GradientNorm,
    long GradientEntries,
    long UnderflowedEntries,
    double? DeadReluFraction,
    double? SaturatedTanhFraction,
    IReadOnlyList<string> ParametersWithoutGradient)
{
    /// <summary>Names of the layer's parameters whose gradient is <c>null</c> (no backward pass reached them): a read-only
    /// copy of the names given, so neither the list the row was built from nor a cast of this one can change the row.</summary>
    public IReadOnlyList<string> ParametersWithoutGradient
    {
        get;
        init
        {
            field = ReadOnlyCopy(value, nameof(value));
            missingParameters = null; // new names (a `with`): the parameters measured no longer match them
        }
    } = ReadOnlyCopy(ParametersWithoutGradient, nameof(ParametersWithoutGradient));

    // The parameters behind ParametersWithoutGradient, one per name, when the row was measured on a model: the report
    // lists a parameter once by identity, so a ShareWeights twin's shared parameters count once while two distinct
    // layers the user named alike ("fc" twice) keep both of theirs. Null for a row built with the public constructor.
    private readonly object[]? missingParameters;

    /// <summary>A row measured on a model, with the parameters whose names are <paramref name="parametersWithoutGradient"/> (in the same order).</summary>
    internal LayerGradientHealth(string layer, string kind, double? gradientNorm, long gradientEntries, long underflowedEntries,
        double? deadReluFraction, double? saturatedTanhFraction, IReadOnlyList<string> parametersWithoutGradient, IReadOnlyList<object> missingParameters)
        : this(layer, kind, gradientNorm, gradientEntries, underflowedEntries, deadReluFraction, saturatedTanhFraction, parametersWithoutGradient)
    {
        System.Diagnostics.Debug.Assert(missingParameters.Count == parametersWithoutGradient.Count);
        this.missingParameters = missingParameters.ToArray();
    }

    /// <summary>The parameter behind <see cref="ParametersWithoutGradient"/>[<paramref name="i"/>], or null when the row does not know it.</summary>
    internal object? MissingParameter(int i) => missingParameters?[i];

    /// <summary>
    /// Entries of the layer's parameter gradients that are ∞ or NaN as they stand (in mixed precision, the float32 master
    /// gradients after the Half backward pass: an overflow there is what makes <see cref="GradScaler"/> skip the step).
    /// Where a diverging run's first ∞/NaN appears, layer by layer. 0 for a row built with the public constructor unless set
    /// (<c>with { NonFiniteGradientEntries = n }</c>).
    /// </summary>
    public long NonFiniteGradientEntries { get; init; }

    /// <summary><see cref="UnderflowedEntries"/> / <see cref="GradientEntries"/>, or <c>null</c> when nothing was measured (e.g. the layer's backward never ran).</summary>
    public double? UnderflowFraction => GradientEntries == 0 ? null : (double)UnderflowedEntries / GradientEntries;

    /// <summary>
    /// Value equality over everything the row shows: every property equal (numbers as the record compares them, NaN equal to
    /// NaN) and <see cref="ParametersWithoutGradient"/> the same names in the same order. Each row keeps its own copy of the
    /// names, so the record's generated equality, comparing that list by reference, made two rows of the same data unequal.
    /// The parameter objects a measured row knows behind those names are not compared: a row does not show them (a
    /// report's own <see cref="GradientHealthReport.ParametersWithoutGradient"/>, which does use them, is compared there).
    /// </summary>
    public bool Equals(LayerGradientHealth? other) =>
        other is not null && (ReferenceEquals(this, other)
            || Layer == other.Layer && Kind == other.Kind
            && EqualityComparer<double?>.Default.Equals(GradientNorm, other.GradientNorm)
            && GradientEntries == other.GradientEntries && UnderflowedEntries == other.UnderflowedEntries
            && NonFiniteGradientEntries == other.NonFiniteGradientEntries
            && EqualityComparer<double?>.Default.Equals(DeadReluFraction, other.DeadReluFraction)
            && EqualityComparer<double?>.Default.Equals(SaturatedTanhFraction, other.SaturatedTanhFraction)
            && ParametersWithoutGradient.SequenceEqual(other.ParametersWithoutGradient));

    /// <summary>A hash of the row's values, consistent with <see cref="Equals(LayerGradientHealth)"/>.</summary>
    public override int GetHashCode() =>
        HashCode.Combine(Layer, Kind, GradientNorm, GradientEntries, UnderflowedEntries, NonFiniteGradientEntries,
            HashCode.Combine(DeadReluFraction, SaturatedTanhFraction), ListValues.Hash(ParametersWithoutGradient));

    // The argument is the constructor's parameter, or "value" for the init accessor a with-expression calls, as for any setter.
    private static ReadOnlyCollection<string> ReadOnlyCopy(IReadOnlyList<string> names, string argument)
    {
        ArgumentNullException.ThrowIfNull(names, argument);
        return Array.AsReadOnly(names.ToArray());
    }

    // Numbers as values (none where a column does not apply) and the parameter names, not the list's type name.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Layer = ").Append(Layer)
            .Append(", Kind = ").Append(Kind)
            .Append(", GradientNorm = ").Append(ResultText.Number(GradientNorm))
            .Append(", GradientEntries = ").Append(GradientEntries)
            .Append(", UnderflowedEntries = ").Append(UnderflowedEntries)
            .Append(", NonFiniteGradientEntries = ").Append(NonFiniteGradientEntries)
            .Append(", DeadReluFraction = ").Append(ResultText.Number(DeadReluFraction))
            .Append(", SaturatedTanhFraction = ").Append(ResultText.Number(SaturatedTanhFraction))
            .Append(", ParametersWithoutGradient = ").Append(ResultText.List(ParametersWithoutGradient));
        return true;
    }
}
