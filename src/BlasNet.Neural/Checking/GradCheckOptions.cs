using System.Text;
using BlasNet.Text;

namespace BlasNet.Neural;

/// <summary>Settings of <see cref="GradCheck"/>, with PyTorch's <c>gradcheck</c> defaults.</summary>
/// <param name="Step">Central-difference step h (default 1e-6); finite and &gt; 0.</param>
/// <param name="AbsoluteTolerance">An entry passes when |analytic − numeric| ≤ AbsoluteTolerance + RelativeTolerance·|numeric| and both derivatives are finite (default 1e-5); both tolerances finite and ≥ 0.</param>
/// <param name="RelativeTolerance">See <paramref name="AbsoluteTolerance"/> (default 1e-3).</param>
/// <param name="Seed">Seed of the random upstream gradient the check projects the output onto (default 1234).</param>
public sealed record GradCheckOptions(double Step = 1e-6, double AbsoluteTolerance = 1e-5, double RelativeTolerance = 1e-3, int Seed = 1234)
{
    // The generated ToString writes "GradCheckOptions { " + these members + " }": numbers invariant, arrays by their contents, null as none (ResultText.Value).
    private bool PrintMembers(StringBuilder builder) => ResultText.RecordMembers(builder, this);
}
