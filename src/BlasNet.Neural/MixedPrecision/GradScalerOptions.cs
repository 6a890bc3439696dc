using System.Text;
using BlasNet.Text;

namespace BlasNet.Neural;

/// <summary>Settings of <see cref="GradScaler"/>, with PyTorch's <c>torch.amp.GradScaler</c> defaults and a floor on the scale.</summary>
/// <param name="InitScale">The first loss scale (default 65536 = 2¹⁶), rounded to the nearest float32 as PyTorch stores it (<see cref="GradScaler.Scale"/> is always a float32 value).</param>
/// <param name="GrowthFactor">Multiplies the scale after <paramref name="GrowthInterval"/> consecutive clean steps (default 2).</param>
/// <param name="BackoffFactor">Multiplies the scale after a step whose gradients held ∞ or NaN (default 0.5).</param>
/// <param name="GrowthInterval">Consecutive clean steps before the scale grows (default 2000).</param>
/// <param name="Enabled">When false the scaler is a pass-through: scale 1, nothing divided or recorded, every step taken (<see cref="GradScaler.Unscale"/> still reports whether the gradients are finite).</param>
/// <param name="MinScale">
/// The scale never backs off below this (default 1, as DeepSpeed's and Megatron's <c>min_loss_scale</c>;
/// PyTorch has no floor). Without a floor a run of non-finite steps (a NaN in every batch) halves the
/// scale until its float32 reciprocal is ∞ and every gradient underflows to 0. Must be positive,
/// at most <paramref name="InitScale"/>, with a finite float32 reciprocal (≥ 2⁻¹²⁶). Lower it only for
/// a model whose unscaled loss gradient already overflows Half. Rounded to the nearest float32, as the scale is.
/// </param>
/// <param name="MaxSkippedStepsAtMinScale">
/// When positive (default <see cref="DefaultMaxSkippedStepsAtMinScale"/>, 100), <see cref="GradScaler.Update"/> throws an
/// <see cref="InvalidOperationException"/> once this many iterations since the last clean one were skipped for ∞/NaN
/// gradients at a scale already at <paramref name="MinScale"/> (<see cref="GradScaler.SkippedStepsAtMinScale"/>): backing
/// off cannot go lower, so every later iteration would be skipped the same way and nothing learned. PyTorch's scaler has no
/// floor and never throws (it halves below 1 until the gradients fit, or to 0); this is the price of the floor, the same
/// limit, default and count as <see cref="TrainerOptions.MaxSkippedStepsAtMinScale"/>. 0 never throws (the behaviour before
/// session 52: skip forever, said only by <see cref="GradScaler.Step"/>'s false and the counts). A <see cref="Trainer{TTarget}"/>
/// applies its own setting, <see cref="TrainerOptions.MaxSkippedStepsAtMinScale"/>: leave this one at its default there.
/// </param>
public sealed record GradScalerOptions(
    double InitScale = 65536.0,
    double GrowthFactor = 2.0,
    double BackoffFactor = 0.5,
    int GrowthInterval = 2000,
    bool Enabled = true,
    double MinScale = 1.0,
    int MaxSkippedStepsAtMinScale = GradScalerOptions.DefaultMaxSkippedStepsAtMinScale)
{
    /// <summary>
    /// The default of <see cref="MaxSkippedStepsAtMinScale"/>, 100, and of <see cref="TrainerOptions.MaxSkippedStepsAtMinScale"/>
    /// (<see cref="TrainerOptions.DefaultMaxSkippedStepsAtMinScale"/> gives the reasons: a healthy run's skips are above the
    /// floor, not at it).
    /// </summary>
    public const int DefaultMaxSkippedStepsAtMinScale = 100;

    // The generated ToString writes "GradScalerOptions { " + these members + " }": numbers invariant, arrays by their contents, null as none (ResultText.Value).
    private bool PrintMembers(StringBuilder builder) => ResultText.RecordMembers(builder, this);
}
