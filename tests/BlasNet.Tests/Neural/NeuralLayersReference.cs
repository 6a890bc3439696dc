using System.Text.Json;

namespace BlasNet.Tests.Neural;

/// <summary>Reads data/neural-layers-reference.json (PyTorch float64 and mpmath, from bench/peers/neural_layers_reference.py).</summary>
internal static class NeuralLayersReference
{
    private static readonly Lazy<JsonElement> Root = new(() => ReferenceData.Load("neural-layers-reference.json"));

    public static JsonElement Case(string id) => Root.Value.GetProperty("cases").GetProperty(id);
}
