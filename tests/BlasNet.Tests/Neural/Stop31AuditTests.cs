using BlasNet.Neural;

namespace BlasNet.Tests.Neural;

/// <summary>
/// Audit against PyTorch: an optimizer over no parameters is refused (torch: "optimizer got an empty
/// parameter list").
/// </summary>
public class Stop31AuditTests
{
    [Fact]
    public void Optimizers_OverAnEmptyParameterList_AreRefused_NamingTheArgument()
    {
        // Was: accepted; every Step then reported nothing updated, and the model never trained.
        foreach (var create in new Func<object>[]
                 {
                     () => new Adam<float>([]), () => new Sgd<float>([]), () => new Adam<double>([]),
                     () => new Sgd<double>([], new SgdOptions(Momentum: 0.9)),
                     () => new Adam<float>(new Relu<float>().Parameters),
                 })
        {
            var e = Assert.Throws<ArgumentException>(create);
            Assert.Equal("parameters", e.ParamName);
            Assert.Contains("empty parameter list", e.Message);
        }
    }

    [Fact]
    public void UserOptimizer_OverAnEmptyParameterList_IsRefusedByTheBaseClass()
    {
        var e = Assert.Throws<ArgumentException>(() => new HalvingOptimizer([]));
        Assert.Equal("parameters", e.ParamName);
    }

    private sealed class HalvingOptimizer(IEnumerable<Parameter<float>> parameters) : Optimizer<float>(parameters)
    {
        protected override void Update(int index, Span<float> value, ReadOnlySpan<float> grad)
        {
            for (int i = 0; i < value.Length; i++) value[i] *= 0.5f;
        }
    }
}
