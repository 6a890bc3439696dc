using System.Numerics;
using BlasNet.Optimization;

namespace BlasNet.Tests.Optimization;

/// <summary>
/// A model seen only through <see cref="IResidualModel"/> (whole vector per call), even when it implements
/// <see cref="IRowResidualModel"/>: the solver then takes its whole-vector Jacobian path, the reference the row-block path
/// is compared against.
/// </summary>
/// <param name="inner">The model.</param>
public sealed class WholeVectorModel(IResidualModel inner) : IResidualModel
{
    public int ResidualCount => inner.ResidualCount;

    public void Evaluate<T>(ReadOnlySpan<T> parameters, Span<T> residuals) where T : IFloatingPointIeee754<T> => inner.Evaluate(parameters, residuals);
}
