using System.Numerics;
using System.Text.Json;
using BlasNet.Neural;

namespace BlasNet.Tests.Neural;

/// <summary>
/// The optimizer a PyTorch reference run names (tests/data's trajectory scripts: <c>{"kind": "sgd" | "adam" | "adamw", "lr", …}</c>),
/// built over BlasNet's parameters with torch's defaults for every setting the run leaves out.
/// </summary>
internal static class TorchOptimizers
{
    public static Optimizer<T> Build<T>(JsonElement o, IReadOnlyList<Parameter<T>> parameters) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double Get(string key, double otherwise) => o.TryGetProperty(key, out var v) ? v.GetDouble() : otherwise;
        bool Flag(string key) => o.TryGetProperty(key, out var v) && v.GetBoolean();
        double lr = o.GetProperty("lr").GetDouble();
        return o.GetProperty("kind").GetString() switch
        {
            "sgd" => new Sgd<T>(parameters, new SgdOptions(lr, Get("momentum", 0), Get("weight_decay", 0), Get("dampening", 0), Flag("nesterov"))),
            "adam" => new Adam<T>(parameters, new AdamOptions(lr, Get("beta1", 0.9), Get("beta2", 0.999), Get("eps", 1e-8), Get("weight_decay", 0), Flag("amsgrad"))),
            // torch.optim.AdamW's λ defaults to 0.01, as AdamOptions.AdamW's: a run without "weight_decay" relies on both defaults.
            "adamw" => new Adam<T>(parameters, o.TryGetProperty("weight_decay", out var wd)
                ? AdamOptions.AdamW(lr, wd.GetDouble(), Get("beta1", 0.9), Get("beta2", 0.999), Get("eps", 1e-8), Flag("amsgrad"))
                : AdamOptions.AdamW(lr, amsgrad: Flag("amsgrad"))),
            var other => throw new ArgumentException(other, nameof(o)),
        };
    }
}
