using BlasNet.Neural;

namespace BlasNet.Benchmarks;

/// <summary>
/// <c>optimizer-step-quick [rounds]</c> (Session 48, nn48): the cost of <see cref="Optimizer{T}.Step"/> on one 1000×1000
/// float32 parameter (10⁶ weights, finite gradient), for plain SGD, SGD with momentum and weight decay, Adam and AdamW,
/// and SGD with momentum on a masked parameter (half the entries trainable). nn48 made Step check the weights to be stepped
/// before any moves (an extra read of each unmasked value; for a masked one the check rides on the copy the step already
/// made): run this command in the build before and after the change, alternating processes, and compare each piece's least
/// time (bench/best_of_rounds.py takes the least over every round of every log). Each timing is 20 steps, process CPU time.
/// Session 50 (nn53) added SGD with weight decay alone (the decayed loop, now sharing plain SGD's generic loop) and with
/// Nesterov momentum (unmasked) and dampening (masked): the path whose overflow check nn53 folded into its update pass.
/// </summary>
internal static class OptimizerStepQuick
{
    public static int Run(string[] args)
    {
        int rounds = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 9;
        const int n = 1000, steps = 20;
        var rng = new Random(48);
        Parameter<float> Make(bool masked)
        {
            var value = new Matrix<float>(n, n);
            var span = value.AsSpan();
            for (int i = 0; i < span.Length; i++) span[i] = (float)(rng.NextDouble() - 0.5);
            Matrix<float>? mask = null;
            if (masked)
            {
                mask = new Matrix<float>(n, n);
                var m = mask.AsSpan();
                for (int i = 0; i < m.Length; i++) m[i] = rng.Next(2);
            }
            var p = new Parameter<float>(masked ? "masked" : "w", value, mask);
            var g = p.AccumulateGrad().AsSpan();
            for (int i = 0; i < g.Length; i++) g[i] = (float)(1e-3 * (rng.NextDouble() - 0.5));
            return p;
        }
        // Learning rates small enough that 2·10³ steps keep every weight near where it started.
        var optimizers = new (string Name, Optimizer<float> Optimizer)[]
        {
            ("sgd", new Sgd<float>([Make(false)], new SgdOptions(1e-4))),
            ("sgd-momentum-decay", new Sgd<float>([Make(false)], new SgdOptions(1e-4, Momentum: 0.9, WeightDecay: 1e-4))),
            ("adam", new Adam<float>([Make(false)], new AdamOptions(1e-6))),
            ("adamw", new Adam<float>([Make(false)], AdamOptions.AdamW(1e-6))),
            ("sgd-momentum-masked", new Sgd<float>([Make(true)], new SgdOptions(1e-4, Momentum: 0.9))),
            // Session 50, nn53: weight decay without momentum (SGD's decayed loop, now on FiniteStep.Apply as plain SGD is),
            // and the dampening and Nesterov path (its own loop), unmasked and masked.
            ("sgd-decay", new Sgd<float>([Make(false)], new SgdOptions(1e-4, WeightDecay: 1e-4))),
            ("sgd-nesterov", new Sgd<float>([Make(false)], new SgdOptions(1e-4, Momentum: 0.9, Nesterov: true))),
            ("sgd-dampening-masked", new Sgd<float>([Make(true)], new SgdOptions(1e-4, Momentum: 0.9, Dampening: 0.1))),
        };
        Console.WriteLine($"float, n = {n * n}, {steps} steps per timing:");
        AlternatingRounds.Run(
            optimizers.Select(o => (o.Name, (Action)(() => { for (int s = 0; s < steps; s++) o.Optimizer.Step(); }))).ToArray(),
            rounds, baseline: 0, format: "F2");
        return 0;
    }
}
