using System.Numerics;

namespace BlasNet.Neural;

/// <summary>A layer that can accumulate its parameter gradients without producing dL/dx.</summary>
internal interface IParameterBackward<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    void BackwardParameters(Matrix<T> dy);
}
