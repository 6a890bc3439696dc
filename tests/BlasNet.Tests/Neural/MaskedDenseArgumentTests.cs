using BlasNet.Neural;

namespace BlasNet.Tests.Neural;

/// <summary>
/// MaskedDense's errors name its own arguments (connections, biasMask), not the trainableMask of the Parameter it builds
/// (a re-audit found "trainableMask must hold only 0 and 1" for a bad connection matrix from the F# maskedDense builder).
/// </summary>
public class MaskedDenseArgumentTests
{
    [Fact]
    public void BadConnections_AreNamedAsConnections()
    {
        var half = BlasNet.Matrix.Create(2, 2, (_, _) => 0.5);
        var e = Assert.Throws<ArgumentException>(() => new MaskedDense<double>(half));
        Assert.Equal("connections", e.ParamName);
        Assert.Contains("0.5", e.Message);
        Assert.Contains("[0, 0]", e.Message);
        var shape = Assert.Throws<ArgumentException>(() => new MaskedDense<double>(new Matrix<double>(3, 2), new Matrix<double>(2, 2)));
        Assert.Equal("connections", shape.ParamName);
        Assert.Contains("3×2", shape.Message);
        Assert.Contains("2×2", shape.Message);
        var ones = BlasNet.Matrix.Create(2, 3, (_, _) => 1.0);
        var bias = Assert.Throws<ArgumentException>(() => new MaskedDense<double>(ones, biasMask: new Matrix<double>(1, 3, [1.0, 2.0, 0.0])));
        Assert.Equal("biasMask", bias.ParamName);
    }
}
