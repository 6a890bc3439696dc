using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using BlasNet.Neural;

namespace BlasNet.Tests.Neural;

/// <summary>Unnamed layers get distinct Keras-style names; unseeded layers distinct weights; a seed reproduces bit-exactly.</summary>
public class LayerNamingTests
{
    // The counters are per process and other tests build layers concurrently, so a name is checked by
    // its form (dense or dense_N) and by being distinct, not by its exact number.
    private static readonly Regex DenseName = new(@"^dense(_[1-9][0-9]*)?$");
    private static readonly Regex MaskedName = new(@"^masked(_[1-9][0-9]*)?$");

    // The layer's name as its weight carries it ("dense_3.weight" -> "dense_3").
    private static string LayerOf<T>(Parameter<T> weight) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        Assert.EndsWith(".weight", weight.Name);
        return weight.Name[..^".weight".Length];
    }

    [Fact]
    public void TwoUnnamedDenseLayers_HaveDistinctKerasStyleNames_AndParametersNamedAfterThem()
    {
        var a = new Dense<float>(256, 256);
        var b = new Dense<float>(256, 256);
        var nameA = LayerOf(a.Weight);
        var nameB = LayerOf(b.Weight);
        Assert.Matches(DenseName, nameA);
        Assert.Matches(DenseName, nameB);
        Assert.NotEqual(nameA, nameB);
        Assert.Equal($"{nameA}.weight", a.Weight.Name);
        Assert.Equal($"{nameA}.bias", a.Bias!.Name);
        Assert.Equal($"{nameB}.bias", b.Bias!.Name);
    }

    [Fact]
    public void LaterUnnamedLayers_CountUpFromTheEarlierOnes()
    {
        static int Number(string name) => name.Contains('_') ? int.Parse(name[(name.IndexOf('_') + 1)..]) : 0;
        var first = Number(LayerOf(new Dense<double>(2, 2).Weight));
        var second = Number(LayerOf(new Dense<double>(2, 2).Weight));
        Assert.True(second > first, $"dense_{second} was built after dense_{first}");
    }

    [Fact]
    public void AnExplicitName_IsKept_AndAnEmptyOneIsRefused()
    {
        var d = new Dense<double>(3, 2, name: "encoder");
        Assert.Equal("encoder.weight", d.Weight.Name);
        Assert.Equal("encoder.bias", d.Bias!.Name);
        Assert.Equal("pooler.weight", new Dense<double>(new Matrix<double>(2, 2), name: "pooler").Weight.Name);
        Assert.Throws<ArgumentException>(() => new Dense<double>(2, 2, name: " "));
    }

    [Fact]
    public void DenseFromGivenWeights_AndMaskedDense_AreNamedToo()
    {
        var fromWeights = new[] { new Dense<double>(new Matrix<double>(2, 2)), new Dense<double>(new Matrix<double>(2, 2)) };
        Assert.All(fromWeights, d => Assert.Matches(DenseName, LayerOf(d.Weight)));
        Assert.NotEqual(fromWeights[0].Weight.Name, fromWeights[1].Weight.Name);

        var connections = BlasNet.Matrix.Identity<double>(3);
        var masked = new[] { new MaskedDense<double>(connections), new MaskedDense<double>(connections.Copy(), connections) };
        Assert.All(masked, m => Assert.Matches(MaskedName, LayerOf(m.Weight)));
        Assert.NotEqual(masked[0].Weight.Name, masked[1].Weight.Name);
        Assert.Equal(masked[0].Weight.Name.Replace(".weight", ".bias"), masked[0].Bias!.Name);
    }

    [Fact]
    public void LayersBuiltOnManyThreads_AllGetDistinctNames()
    {
        var names = new ConcurrentBag<string>();
        Parallel.For(0, 400, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ => names.Add(new Dense<float>(1, 1, seed: 1).Weight.Name));
        Assert.Equal(400, names.Count);
        Assert.Equal(400, names.Distinct().Count());
    }

    [Fact]
    public void TwoUnseededLayers_StartFromDifferentWeights()
    {
        var a = new Dense<float>(256, 256);
        var b = new Dense<float>(256, 256);
        Assert.NotEqual(a.Weight.Value.ToArray(), b.Weight.Value.ToArray());
        Assert.NotEqual(a.Bias!.Value.ToArray(), b.Bias!.Value.ToArray());
        var connections = BlasNet.Matrix.Create<double>(8, 8, (_, _) => 1.0);
        Assert.NotEqual(new MaskedDense<double>(connections).Weight.Value.ToArray(), new MaskedDense<double>(connections).Weight.Value.ToArray());
        // Still PyTorch's initialization: uniform in ±1/√inputs.
        Assert.All(a.Weight.Value.ToArray(), w => Assert.InRange(w, -1f / 16, 1f / 16));
    }

    [Fact]
    public void TheSameSeed_GivesBitIdenticalWeights_AsTheDocumentedRecipe()
    {
        // The documented recipe, written out independently: System.Random(seed), row-major weight
        // entries then bias entries, each (2u - 1)/√inputs with u = NextDouble(), narrowed to float.
        const int inputs = 5, outputs = 3, seed = 42;
        var rng = new Random(seed);
        var expectedWeight = new float[inputs * outputs];
        for (int i = 0; i < expectedWeight.Length; i++) expectedWeight[i] = (float)((2 * rng.NextDouble() - 1) / Math.Sqrt(inputs));
        var expectedBias = new float[outputs];
        for (int i = 0; i < outputs; i++) expectedBias[i] = (float)((2 * rng.NextDouble() - 1) / Math.Sqrt(inputs));

        var a = new Dense<float>(inputs, outputs, seed: seed);
        var b = new Dense<float>(inputs, outputs, seed: seed);
        Assert.Equal(expectedWeight, a.Weight.Value.ToArray());
        Assert.Equal(expectedBias, a.Bias!.Value.ToArray());
        Assert.Equal(a.Weight.Value.ToArray(), b.Weight.Value.ToArray());
        Assert.NotEqual(a.Weight.Name, b.Weight.Name);
    }

    [Fact]
    public void MaskedDenseSeed_DrawsAsDenseDoes_WeightThenBiasFromOneGenerator()
    {
        const int seed = 9;
        var connections = BlasNet.Matrix.Create<double>(4, 2, (i, j) => (i + j) % 2 == 0 ? 1.0 : 0.0);
        var layer = new MaskedDense<double>(connections, seed: seed);
        var rng = new Random(seed);
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 2; j++)
            {
                double w = (2 * rng.NextDouble() - 1) / 2.0; // 1/√4
                Assert.Equal(connections[i, j] == 0 ? 0.0 : w, layer.Weight.Value[i, j]);
            }
        for (int j = 0; j < 2; j++) Assert.Equal((2 * rng.NextDouble() - 1) / 2.0, layer.Bias!.Value[0, j]);

        // One seeding rule: with every connection present a masked layer starts where a dense one does.
        var full = new MaskedDense<float>(BlasNet.Matrix.Create(5, 3, (_, _) => 1f), seed: 21);
        var dense = new Dense<float>(5, 3, seed: 21);
        Assert.Equal(dense.Weight.Value.ToArray(), full.Weight.Value.ToArray());
        Assert.Equal(dense.Bias!.Value.ToArray(), full.Bias!.Value.ToArray());
    }
}
