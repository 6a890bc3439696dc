using BlasNet.Neural;

namespace BlasNet.Tests.Neural;

/// <summary>
/// A Siamese ranker: one scorer network (and its weight-sharing twin) scores (query, positive) and
/// (query, negative); relevance is a hidden bilinear form qᵀMi unknown to the model.
/// </summary>
public class SiameseRankerTests
{
    private const int Dim = 4;

    /// <summary>
    /// Triples (query, positive, negative) whose hidden relevances differ by more than 0.5 (the
    /// relevance has standard deviation about 4), as rows [q | item] ready for the scorer.
    /// </summary>
    private static (Matrix<double> pos, Matrix<double> neg) Pairs(int count, double[,] m, Random rng)
    {
        var pos = new Matrix<double>(count, 2 * Dim);
        var neg = new Matrix<double>(count, 2 * Dim);
        int made = 0;
        while (made < count)
        {
            var q = Enumerable.Range(0, Dim).Select(_ => TrainingData.Gaussian(rng)).ToArray();
            var a = Enumerable.Range(0, Dim).Select(_ => TrainingData.Gaussian(rng)).ToArray();
            var b = Enumerable.Range(0, Dim).Select(_ => TrainingData.Gaussian(rng)).ToArray();
            double ra = Relevance(q, a, m), rb = Relevance(q, b, m);
            if (Math.Abs(ra - rb) <= 0.5) continue;
            var (better, worse) = ra > rb ? (a, b) : (b, a);
            for (int j = 0; j < Dim; j++)
            {
                pos[made, j] = neg[made, j] = q[j];
                pos[made, Dim + j] = better[j];
                neg[made, Dim + j] = worse[j];
            }
            made++;
        }
        return (pos, neg);
    }

    private static double Relevance(double[] q, double[] item, double[,] m)
    {
        double s = 0;
        for (int i = 0; i < Dim; i++)
            for (int j = 0; j < Dim; j++) s += q[i] * m[i, j] * item[j];
        return s;
    }

    [Fact]
    public void SharedWeightRanker_Reaches95PercentOnHeldOutPairs_AndRanksContentNotSlots()
    {
        var rng = new Random(7);
        var hidden = new double[Dim, Dim];
        for (int i = 0; i < Dim; i++) for (int j = 0; j < Dim; j++) hidden[i, j] = TrainingData.Gaussian(rng);
        var (trainPos, trainNeg) = Pairs(3200, hidden, rng);
        var (testPos, testNeg) = Pairs(1000, hidden, rng);

        var scorer = new Sequential<double>(new Dense<double>(2 * Dim, 32, seed: 1, name: "hidden"), new Tanh<double>(), new Dense<double>(32, 1, seed: 2, name: "score"));
        var twin = scorer.ShareWeights();
        Assert.Same(scorer.Parameters[0], twin.Parameters[0]);
        Train(scorer, twin, trainPos, trainNeg);

        var sPos = scorer.Forward(testPos).Copy();
        var sNeg = twin.Forward(testNeg).Copy();
        int correct = 0;
        for (int i = 0; i < testPos.Rows; i++) if (sPos[i, 0] > sNeg[i, 0]) correct++;
        double accuracy = correct / (double)testPos.Rows;
        Assert.True(accuracy >= 0.95, $"held-out pairwise accuracy {accuracy:P1}");

        // Slot swap: the negative item through the first branch, the positive through the second.
        var swappedFirst = scorer.Forward(testNeg).Copy();
        var swappedSecond = twin.Forward(testPos).Copy();
        for (int i = 0; i < testPos.Rows; i++)
            Assert.Equal(sPos[i, 0] > sNeg[i, 0], swappedSecond[i, 0] > swappedFirst[i, 0]);
        int flippedToNegative = Enumerable.Range(0, testPos.Rows).Count(i => swappedFirst[i, 0] > swappedSecond[i, 0]);
        Assert.Equal(testPos.Rows - correct, flippedToNegative);
    }

    [Fact]
    public void SeparateNetworksPerSlot_LearnTheSlot_NotTheContent()
    {
        // The seed's mistake, kept as a contrast: the same training with two independent networks.
        var rng = new Random(7);
        var hidden = new double[Dim, Dim];
        for (int i = 0; i < Dim; i++) for (int j = 0; j < Dim; j++) hidden[i, j] = TrainingData.Gaussian(rng);
        var (trainPos, trainNeg) = Pairs(3200, hidden, rng);
        var (testPos, testNeg) = Pairs(1000, hidden, rng);
        var first = new Sequential<double>(new Dense<double>(2 * Dim, 32, seed: 1), new Tanh<double>(), new Dense<double>(32, 1, seed: 2));
        var second = new Sequential<double>(new Dense<double>(2 * Dim, 32, seed: 3), new Tanh<double>(), new Dense<double>(32, 1, seed: 4));
        Train(first, second, trainPos, trainNeg);
        var swappedFirst = first.Forward(testNeg).Copy();
        var swappedSecond = second.Forward(testPos).Copy();
        int prefersSlotOneAfterSwap = Enumerable.Range(0, testPos.Rows).Count(i => swappedFirst[i, 0] > swappedSecond[i, 0]);
        Assert.True(prefersSlotOneAfterSwap > testPos.Rows / 2, $"{prefersSlotOneAfterSwap} of {testPos.Rows} still prefer slot one");
    }

    private static void Train(ILayer<double> first, ILayer<double> second, Matrix<double> trainPos, Matrix<double> trainNeg)
    {
        var adam = new Adam<double>(first.Parameters.Concat(second.Parameters), new AdamOptions(LearningRate: 0.01));
        var loss = new MarginRanking<double>(1.0);
        const int batch = 64;
        var bp = new Matrix<double>(batch, 2 * Dim);
        var bn = new Matrix<double>(batch, 2 * Dim);
        for (int epoch = 0; epoch < 6; epoch++)
            for (int start = 0; start + batch <= trainPos.Rows; start += batch)
            {
                TrainingData.Rows(trainPos, start, bp);
                TrainingData.Rows(trainNeg, start, bn);
                adam.ZeroGrad();
                loss.Forward(first.Forward(bp), second.Forward(bn));
                var g = loss.Backward();
                first.Backward(g.Positive);
                second.Backward(g.Negative); // with a twin, adds into the same gradients
                var report = adam.Step();
                Assert.True(report.AllUpdated);
            }
    }
}
