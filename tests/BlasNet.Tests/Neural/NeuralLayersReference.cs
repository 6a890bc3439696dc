using System.Text.Json;

namespace BlasNet.Tests.Neural;

/// <summary>Reads data/neural-layers-reference.json (PyTorch float64 and mpmath, from bench/peers/neural_layers_reference.py).</summary>
internal static class NeuralLayersReference
{
    private static readonly Lazy<JsonDocument> Document = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "data", "neural-layers-reference.json"))));

    public static JsonElement Case(string id) => Document.Value.RootElement.GetProperty("cases").GetProperty(id);
}
