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

    /// <summary>
    /// A mask entry other than 0 and 1 was reported as "trainableMask must hold only 0 and 1, found 0.5 at [0, 1]." without
    /// the mask's size, which the other shape errors give. Now "trainableMask (2×3) must hold only 0 and 1, found 0.5 at [0, 1]."
    /// (and the same for MaskedDense's connections and bias mask).
    /// </summary>
    [Fact]
    public void MaskWithANonBinaryEntry_IsRefusedWithItsSize()
    {
        var e = Assert.Throws<ArgumentException>(() => new Parameter<double>("w", new Matrix<double>(2, 3), new Matrix<double>(2, 3, [1.0, 0.5, 0, 1, 1, 1])));
        Assert.Equal("trainableMask", e.ParamName);
        Assert.StartsWith("trainableMask (2×3) must hold only 0 and 1, found 0.5 at [0, 1].", e.Message);

        var c = Assert.Throws<ArgumentException>(() => new MaskedDense<float>(new Matrix<float>(3, 2, [1f, 1f, 0f, 1f, 2f, 0f])));
        Assert.StartsWith("connections (3×2) must hold only 0 and 1, found 2 at [2, 0].", c.Message);

        var b = Assert.Throws<ArgumentException>(() => new MaskedDense<double>(new Matrix<double>(2, 3, [1.0, 1, 1, 1, 1, 1]), biasMask: new Matrix<double>(1, 3, [1.0, -1.0, 0.0])));
        Assert.StartsWith(b.ParamName + " (1×3) must hold only 0 and 1, found -1 at [0, 1].", b.Message);
    }
}
