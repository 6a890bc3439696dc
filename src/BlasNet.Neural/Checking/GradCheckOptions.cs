namespace BlasNet.Neural;

/// <summary>Settings of <see cref="GradCheck"/>, with PyTorch's <c>gradcheck</c> defaults.</summary>
/// <param name="Step">Central-difference step h (default 1e-6).</param>
/// <param name="AbsoluteTolerance">An entry passes when |analytic − numeric| ≤ AbsoluteTolerance + RelativeTolerance·|numeric| (default 1e-5).</param>
/// <param name="RelativeTolerance">See <paramref name="AbsoluteTolerance"/> (default 1e-3).</param>
/// <param name="Seed">Seed of the random upstream gradient the check projects the output onto (default 1234).</param>
public sealed record GradCheckOptions(double Step = 1e-6, double AbsoluteTolerance = 1e-5, double RelativeTolerance = 1e-3, int Seed = 1234);
