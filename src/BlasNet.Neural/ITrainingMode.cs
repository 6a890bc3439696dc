namespace BlasNet.Neural;

/// <summary>
/// A layer that behaves differently while training and when evaluating (as <see cref="Dropout{T}"/>
/// does), as PyTorch's <c>module.train()</c> / <c>module.eval()</c>. Switch a whole model with
/// <see cref="Layer.SetTraining{T}"/>; a user's own layer joins in by implementing this interface (and,
/// like <see cref="Dropout{T}"/>, should share the mode with its <see cref="ILayer{T}.ShareWeights"/> twins).
/// </summary>
public interface ITrainingMode
{
    /// <summary><c>true</c> in training mode (the default), <c>false</c> in evaluation mode.</summary>
    bool Training { get; set; }
}
