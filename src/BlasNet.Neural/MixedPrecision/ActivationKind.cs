namespace BlasNet.Neural;

/// <summary>The activations <see cref="MixedPrecisionModel"/> runs on Half storage.</summary>
internal enum ActivationKind { Relu, LeakyRelu, Tanh, Sigmoid }
