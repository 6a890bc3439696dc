namespace BlasNet.Neural;

/// <summary>What one <see cref="Trainer.Step"/> did (a value type, so a training loop allocates nothing for it).</summary>
/// <param name="Loss">The loss of the batch before the update, computed in float32 from the model's output.</param>
/// <param name="Stepped">False when the loss scaler skipped the optimizer step because a gradient was ∞ or NaN.</param>
/// <param name="LossScale">The loss scale this step's backward pass used (1 without scaling).</param>
public readonly record struct TrainingStep(double Loss, bool Stepped, double LossScale);
