using System.Numerics.Tensors;

namespace BlasNet.Tests.Kernels;

/// <summary>
/// Audit kn48: what a C# caller sees when it passes a null array to a kernel, as the Kernels class documents it. The span
/// forms carry [OverloadResolutionPriority(1)], so C# binds an array argument to them, and C#'s conversion turns a null
/// array into an empty span: the input is treated as empty, as TensorPrimitives treats it (checked here beside), while a null
/// destination for a non-empty input is too short and throws ArgumentException naming it and the sizes. F# binds arrays to
/// the array forms, which throw ArgumentNullException (KernelTests.fs). Documented, not changed: dropping the priority would
/// make a C# call mixing an array and a collection expression ambiguous.
/// </summary>
public class NullArrays48Tests
{
    [Fact]
    public void ANullInputArray_IsAnEmptySpan_AsInTensorPrimitives()
    {
        float[] none = null!;
        Assert.Equal(0f, TensorPrimitives.Sum<float>(none)); // .NET's own span API: null is empty
        Assert.Equal(0.0, BlasNet.Kernels.SumOfSquares<float>(none));
        Assert.True(BlasNet.Kernels.AllFinite<float>(none));
        var untouched = new[] { 5f, 6f };
        BlasNet.Kernels.Relu<float>(none, untouched);
        BlasNet.Kernels.Sigmoid<float>(none, untouched);
        Assert.Equal([5f, 6f], untouched);
    }

    [Fact]
    public void ANullDestination_ForANonEmptyInput_ThrowsNamingItAndTheSizes()
    {
        float[] none = null!;
        var ex = Assert.Throws<ArgumentException>(() => BlasNet.Kernels.Relu<float>(new float[3], none));
        Assert.Equal("destination", ex.ParamName);
        Assert.Contains("3", ex.Message);
        Assert.Contains("0", ex.Message);
        var tp = Assert.Throws<ArgumentException>(() => TensorPrimitives.Abs<float>(new float[3], none));
        Assert.Equal("destination", tp.ParamName); // TensorPrimitives the same
    }
}
