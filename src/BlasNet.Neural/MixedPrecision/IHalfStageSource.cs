namespace BlasNet.Neural;

/// <summary>
/// A built-in layer with a dedicated Half stage (dense layers, the core activations). Internal, so the
/// stage classes can stay internal; a user's layer uses <see cref="IHalfLayer"/> or the float32 fallback.
/// </summary>
internal interface IHalfStageSource
{
    /// <summary>The layer's Half stage labelled <paramref name="name"/>, or null to fall back to the float32 layer.</summary>
    HalfStage? CreateHalfStage(string name);
}
