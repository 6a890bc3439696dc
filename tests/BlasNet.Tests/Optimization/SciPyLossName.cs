using BlasNet.Optimization;

namespace BlasNet.Tests.Optimization;

/// <summary>SciPy's <c>least_squares(loss=…)</c> names, as the reference files written by bench/peers store them.</summary>
internal static class SciPyLossName
{
    public static RobustLoss Parse(string? name) => name switch
    {
        "linear" => RobustLoss.Linear,
        "soft_l1" => RobustLoss.SoftL1,
        "huber" => RobustLoss.Huber,
        "cauchy" => RobustLoss.Cauchy,
        "arctan" => RobustLoss.Arctan,
        _ => throw new InvalidDataException($"Unknown SciPy loss '{name}' in a reference file."),
    };
}
