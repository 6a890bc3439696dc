using System.Globalization;
using BlasNet.Neural;

namespace BlasNet.Tests.Neural;

/// <summary>
/// Audit neural43: the Siamese case end to end. One scorer (dense, layer norm, GELU, dense) and its
/// <see cref="ILayer{T}.ShareWeights"/> twin score the two sides of each pair; <see cref="MarginRanking{T}"/> with ±1 targets
/// joins them, and the two backward passes add into the one set of parameters. Every parameter's gradient is compared with
/// central differences of the whole loss in double (both sides rescored), away from the hinge's kink.
/// </summary>
public sealed class SharedWeightRanking43Tests
{
    private static (Sequential<double> Model, ILayer<double> Twin) Scorer()
    {
        var model = new Sequential<double>(new Dense<double>(6, 5, seed: 4301), new LayerNorm<double>(5), new Gelu<double>(), new Dense<double>(5, 1, seed: 4302));
        // Give the layer norm's gain and bias values away from their 1 and 0 starts, so their gradients are exercised.
        var rng = new Random(43);
        foreach (var p in model.Parameters)
            if (p.Name.Contains("layer_norm", StringComparison.Ordinal))
                for (int j = 0; j < p.Value.Columns; j++) p.Value[0, j] += 0.5 * (rng.NextDouble() - 0.5);
        return (model, model.ShareWeights());
    }

    [Fact]
    public void TwinScoredRankingLoss_GradientOfTheSharedParameters_MatchesFiniteDifferences()
    {
        var (model, twin) = Scorer();
        var rng = new Random(4303);
        const int Pairs = 7;
        var first = Matrix.Create(Pairs, 6, (_, _) => 2 * rng.NextDouble() - 1);
        var second = Matrix.Create(Pairs, 6, (_, _) => 2 * rng.NextDouble() - 1);
        var target = Matrix.Create(Pairs, 1, (i, _) => i % 3 == 0 ? -1.0 : 1.0);
        var loss = new MarginRanking<double>(0.0);

        double Loss()
        {
            var a = model.Forward(first);
            var b = twin.Forward(second);
            return loss.Forward(a, b, target);
        }

        // Precondition: no pair near the kink (margin − y·(a − b) = 0), where the loss has no derivative; some pairs on each side.
        var sa = model.Forward(first).Copy();
        var sb = twin.Forward(second).Copy();
        int active = 0;
        var arguments = new List<double>();
        for (int i = 0; i < Pairs; i++)
        {
            double argument = 0.0 - target[i, 0] * (sa[i, 0] - sb[i, 0]);
            Assert.True(Math.Abs(argument) > 1e-3, string.Create(CultureInfo.InvariantCulture, $"pair {i} is at the kink: {argument}"));
            if (argument > 0) active++;
            arguments.Add(argument);
        }
        Assert.True(active >= 1 && active < Pairs, "hinge arguments: " + string.Join(", ", arguments.Select(a => a.ToString("R", CultureInfo.InvariantCulture))));

        Layer.ZeroGrad<double>(model);
        Loss();
        var g = loss.Backward();
        model.Backward(g.Positive);
        twin.Backward(g.Negative);

        const double H = 1e-6;
        int checkedEntries = 0;
        foreach (var p in model.Parameters)
        {
            var grad = p.Grad!.Copy();
            for (int i = 0; i < p.Value.Rows; i++)
                for (int j = 0; j < p.Value.Columns; j++)
                {
                    double saved = p.Value[i, j];
                    p.Value[i, j] = saved + H;
                    double plus = Loss();
                    p.Value[i, j] = saved - H;
                    double minus = Loss();
                    p.Value[i, j] = saved;
                    double numeric = (plus - minus) / (2 * H);
                    Assert.True(Math.Abs(numeric - grad[i, j]) <= 1e-7 * (1 + Math.Abs(numeric)),
                        string.Create(CultureInfo.InvariantCulture, $"{p.Name}[{i}, {j}]: finite differences {numeric:R}, backward {grad[i, j]:R}"));
                    checkedEntries++;
                }
        }
        Assert.Equal(6 * 5 + 5 + 5 + 5 + 5 + 1, checkedEntries);
    }
}
