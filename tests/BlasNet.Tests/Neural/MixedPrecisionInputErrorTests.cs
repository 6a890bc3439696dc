using BlasNet.Neural;

namespace BlasNet.Tests.Neural;

/// <summary>
/// A wrong-size input reads the same in both precisions: the mixed-precision model flattens the chain, so it names
/// the position in the flattened chain, and otherwise the layer and sizes the float32 Sequential names.
/// </summary>
public class MixedPrecisionInputErrorTests
{
    private const string Refused = "refused its input: ";

    /// <summary>What the refusing layer itself said: the text after the last "refused its input: ".</summary>
    private static string LayerText(string message) => message[(message.LastIndexOf(Refused, StringComparison.Ordinal) + Refused.Length)..];

    /// <summary>The label of the refusing layer: the last "(…)" before the last "refused its input".</summary>
    private static string LayerLabel(string message)
    {
        string before = message[..message.LastIndexOf(Refused, StringComparison.Ordinal)];
        int open = before.LastIndexOf('(');
        return before[(open + 1)..before.IndexOf(')', open)];
    }

    public static TheoryData<int, string, string, string> BadInputs => new()
    {
        // enc 3→4, relu, [tanh, head 5→2]: a 2×3 batch fits enc, and head (flattened position 3) gets a 2×4 input.
        { 3, "Layers[3] (Dense 'head') of the MixedPrecisionModel's flattened chain", "Dense 'head'", "x is 2×4 but the layer takes 5 inputs per row (weight is 5×2)." },
        // A 2×7 batch: the first layer refuses the caller's own x.
        { 7, "Layers[0] (Dense 'enc') of the MixedPrecisionModel's flattened chain", "Dense 'enc'", "x is 2×7 but the layer takes 3 inputs per row (weight is 3×4)." },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void WrongSizeInput_NamesTheSameLayerAndSizes_AsTheFloat32Path(int columns, string where, string label, string sizes)
    {
        var model = new Sequential<float>(new Dense<float>(3, 4, seed: 1, name: "enc"), new Relu<float>(),
            new Sequential<float>(new Tanh<float>(), new Dense<float>(5, 2, seed: 2, name: "head")));
        var mixed = new MixedPrecisionModel(model);
        var x = new Matrix<float>(2, columns);

        var single = Assert.Throws<ArgumentException>(() => model.Forward(x));
        var fromFloat = Assert.Throws<ArgumentException>(() => mixed.Forward(x));
        var fromHalf = Assert.Throws<ArgumentException>(() => mixed.Forward(new Matrix<Half>(2, columns)));

        Assert.Equal((label, sizes), (LayerLabel(single.Message), LayerText(single.Message)[..sizes.Length]));
        foreach (var e in new[] { fromFloat, fromHalf })
        {
            Assert.Equal($"{where} refused its input: {sizes} (Parameter 'x')", e.Message);
            Assert.Equal((LayerLabel(single.Message), LayerText(single.Message)), (LayerLabel(e.Message), LayerText(e.Message)));
            Assert.Equal("x", e.ParamName);
            Assert.IsType<ArgumentException>(e.InnerException);
        }
    }

    [Fact]
    public void WrongSizeInput_ToALayerRunInFloat32_NamesItAsTheFloat32PathDoes()
    {
        // A LayerNorm runs in float32 inside the mixed model; its own refusal is wrapped as the Sequential wraps it.
        var model = new Sequential<float>(new Dense<float>(3, 4, seed: 1, name: "enc"), new LayerNorm<float>(5, name: "ln"));
        var mixed = new MixedPrecisionModel(model);
        var x = new Matrix<float>(2, 3);

        var single = Assert.Throws<ArgumentException>(() => model.Forward(x));
        var e = Assert.Throws<ArgumentException>(() => mixed.Forward(x));
        Assert.Equal("Layers[1] (LayerNorm 'ln') of the MixedPrecisionModel's flattened chain refused its input: x is 2×4 but this LayerNorm normalizes 5 features (columns). (Parameter 'x')", e.Message);
        Assert.Equal((LayerLabel(single.Message), LayerText(single.Message)), (LayerLabel(e.Message), LayerText(e.Message)));
        Assert.Throws<ArgumentNullException>(() => mixed.Forward((Matrix<float>)null!));
    }
}
