namespace BlasNet.Neural;

/// <summary>How a <see cref="Trainer"/> (or the pass a <see cref="GradientHealthReport"/> measured) stores activations and gradients.</summary>
public enum Precision
{
    /// <summary>The model's own forward and backward passes in its element type throughout (float32 in a <see cref="Trainer"/>; float64 for a double model's report).</summary>
    Single,

    /// <summary>
    /// Activations and activation gradients stored as <see cref="Half"/>, weight gradients rounded
    /// through Half, master weights and optimizer state in float32, matrix products in float32
    /// (see <see cref="MixedPrecisionModel"/>).
    /// </summary>
    Mixed,
}
