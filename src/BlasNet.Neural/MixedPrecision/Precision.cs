namespace BlasNet.Neural;

/// <summary>How a <see cref="Trainer"/> stores activations and gradients.</summary>
public enum Precision
{
    /// <summary>Everything in float32: the model's own forward and backward passes.</summary>
    Single,

    /// <summary>
    /// Activations and activation gradients stored as <see cref="Half"/>, weight gradients rounded
    /// through Half, master weights and optimizer state in float32, matrix products in float32
    /// (see <see cref="MixedPrecisionModel"/>).
    /// </summary>
    Mixed,
}
