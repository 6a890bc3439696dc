namespace BlasNet.Neural;

/// <summary>Settings of <see cref="GradScaler"/>, with PyTorch's <c>torch.amp.GradScaler</c> defaults.</summary>
/// <param name="InitScale">The first loss scale (default 65536 = 2¹⁶).</param>
/// <param name="GrowthFactor">Multiplies the scale after <paramref name="GrowthInterval"/> consecutive clean steps (default 2).</param>
/// <param name="BackoffFactor">Multiplies the scale after a step whose gradients held ∞ or NaN (default 0.5).</param>
/// <param name="GrowthInterval">Consecutive clean steps before the scale grows (default 2000).</param>
/// <param name="Enabled">When false the scaler is a pass-through: scale 1, no checks, every step taken.</param>
public sealed record GradScalerOptions(
    double InitScale = 65536.0,
    double GrowthFactor = 2.0,
    double BackoffFactor = 0.5,
    int GrowthInterval = 2000,
    bool Enabled = true);
