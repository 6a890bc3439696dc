using BlasNet.Neural;

namespace BlasNet.Tests.Neural;

/// <summary>Audit misc40 of the Neural module: regression tests, each failing on the code before its fix.</summary>
public class Misc40AuditTests
{
    /// <summary>
    /// Optimizer.Steps counted a Step() in which no parameter had a gradient (it updated nothing, and GradScaler.Step and
    /// Trainer.Step report such a step as not taken): 7 calls of which 2 had no gradient at all gave Steps = 7, now 5.
    /// Adam's bias correction is per parameter, as PyTorch's state["step"], so the weights match torch 1.13 (float64,
    /// lr 0.1, p = [1, −2] and q = [0.5], grads p: [0.3(s+1), −0.2+0.1s], q: [1.5−0.4s], given on steps
    /// {p,q}, {}, {p}, {p,q}, {}, {q}, {p,q}; torch steps p and q 4 times each).
    /// </summary>
    [Fact]
    public void Steps_DoesNotCountAStepThatUpdatedNothing_AndAdamMatchesPyTorch()
    {
        var p = new Parameter<double>("p", new Matrix<double>(1, 2, [1.0, -2.0]));
        var q = new Parameter<double>("q", new Matrix<double>(1, 1, [0.5]));
        var adam = new Adam<double>([p, q], new AdamOptions(LearningRate: 0.1));
        string[] schedule = ["pq", "", "p", "pq", "", "q", "pq"];
        for (int s = 0; s < schedule.Length; s++)
        {
            adam.ZeroGrad();
            if (schedule[s].Contains('p')) { var g = p.AccumulateGrad(); g[0, 0] = 0.3 * (s + 1); g[0, 1] = -0.2 + 0.1 * s; }
            if (schedule[s].Contains('q')) q.AccumulateGrad()[0, 0] = 1.5 - 0.4 * s;
            int before = adam.Steps;
            var report = adam.Step();
            Assert.Equal(schedule[s].Length, report.Updated.Count);
            Assert.Equal(before + (schedule[s].Length > 0 ? 1 : 0), adam.Steps);
        }
        Assert.Equal(5, adam.Steps);
        Assert.Equal(0.6217657777223432, p.Value[0, 0], 1e-14);
        Assert.Equal(-1.858929866850726, p.Value[0, 1], 1e-14);
        Assert.Equal(0.2809886101912473, q.Value[0, 0], 1e-14);
    }
}
