using System.Runtime.InteropServices;

namespace BlasNet.Tests.Core;

/// <summary>The Matrix product on an element type without BLAS: Half only, no silent float32 product.</summary>
public class MatrixProductTypeTests
{
    [Fact]
    public void Product_OfAnElementTypeWithoutBlas_OtherThanHalf_Throws()
    {
        // The old operator widened NFloat to float32: (1 + 1e-10)² came out as exactly 1 (exact: 1.0000000002).
        var m = Matrix.Create(1, 1, (_, _) => (NFloat)(1.0 + 1e-10));
        var ex = Assert.Throws<NotSupportedException>(() => m * m);
        Assert.Contains("NFloat", ex.Message);
        // Half keeps its documented float path: 1.5·2 = 3 exactly.
        var h = Matrix.Create(1, 1, (_, _) => (Half)1.5) * Matrix.Create(1, 1, (_, _) => (Half)2);
        Assert.Equal((Half)3, h[0, 0]);
    }

    [Fact]
    public void NotSupportedMessages_PointToAConversionThatExists()
    {
        // Kernels converts Half ↔ float only: the NFloat messages sent callers to "Kernels' conversions", which have none for it.
        var m = Matrix.Create(1, 1, (_, _) => (NFloat)2);
        foreach (var ex in new[] { Assert.Throws<NotSupportedException>(() => m * m), Assert.Throws<NotSupportedException>(() => Blas.Multiply(m, m)) })
        {
            Assert.Contains("NFloat", ex.Message);
            Assert.DoesNotContain("Kernels", ex.Message);
            Assert.Contains("float or double matrix", ex.Message);
        }
        var h = new Matrix<Half>(1, 1);
        var half = Assert.Throws<NotSupportedException>(() => Blas.Multiply(h, h));
        Assert.Contains("Kernels.ToSingle", half.Message);
    }
}
