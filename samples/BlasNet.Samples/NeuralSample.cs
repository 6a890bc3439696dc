using BlasNet;
using BlasNet.Neural;

/// <summary>
/// The four neural seed problems, end to end: a wrong ReLU backward caught by GradCheck, a masked
/// dense layer that stays masked under Adam, a Siamese ranker that needs shared weights, and an
/// unused pooler that optimizers must skip.
/// </summary>
public static class NeuralSample
{
    /// <summary>Runs the four problems and prints what happened.</summary>
    public static void Run()
    {
        Console.WriteLine("== Neural: explicit backprop on BlasNet ==");
        ReluBackward();
        MaskedDenseStaysMasked();
        SharedWeightsRanker();
        UnusedPooler();
    }

    private static void ReluBackward()
    {
        Console.WriteLine("\n1. ReLU backward: dx = dy ⊙ (x > 0), not x − (dy > 0)");
        double[] x = [-2, -0.5, 0, 0.5, 2], dy = [1, 2, 3, 4, 5];
        var right = new double[5];
        Kernels.ReluBackward<double>(x, dy, right);
        var wrong = x.Select((v, i) => v - (dy[i] > 0 ? 1.0 : 0.0)).ToArray();
        Console.WriteLine($"   x = [{string.Join(", ", x)}], dy = [{string.Join(", ", dy)}]");
        Console.WriteLine($"   right dx = [{string.Join(", ", right)}]   (PyTorch: [0, 0, 0, 4, 5]; derivative 0 at x = 0)");
        Console.WriteLine($"   wrong dx = [{string.Join(", ", wrong)}]");
        var batch = Matrix.Create(4, 5, (i, j) => (i - 1.5) * 0.7 + (j - 2) * 0.31 + 0.05);
        var good = GradCheck.Check(new Relu<double>(), batch);
        var bad = GradCheck.Check(new WrongRelu(), batch);
        Console.WriteLine($"   GradCheck(Relu):       passed = {good.Passed}, max relative error = {good.MaxRelativeError:E2}");
        Console.WriteLine($"   GradCheck(wrong ReLU): passed = {bad.Passed}, max relative error = {bad.MaxRelativeError:E2}, worst at {bad.WorstEntry}, {bad.Failures}/{bad.EntriesChecked} entries off");
    }

    private static void MaskedDenseStaysMasked()
    {
        Console.WriteLine("\n2. Masked dense: y = x(W ⊙ A) + b ⊙ m, masked weights never move");
        var connections = Matrix.Create<double>(8, 6, (i, j) => (i + 2 * j) % 3 == 0 ? 0 : 1);
        var masked = new MaskedDense<double>(connections, seed: 1, name: "masked");
        var model = new Sequential<double>(masked, new Tanh<double>(), new Dense<double>(6, 1, seed: 2, name: "head"));
        var rng = new Random(3);
        var x = Matrix.Create(64, 8, (_, _) => rng.NextDouble() * 2 - 1);
        var y = Matrix.Create(64, 1, (i, _) => Math.Sin(3 * x[i, 0]) + x[i, 5] * x[i, 7]);
        var adam = new Adam<double>(model.Parameters, new AdamOptions(LearningRate: 0.02, WeightDecay: 1e-3));
        var mse = new MeanSquaredError<double>();
        double first = 0, last = 0;
        for (int step = 0; step < 1000; step++)
        {
            adam.ZeroGrad();
            last = mse.Forward(model.Forward(x), y);
            if (step == 0) first = last;
            model.Backward(mse.Backward());
            adam.Step();
        }
        int maskedCount = 0, nonZeroMasked = 0;
        for (int i = 0; i < 8; i++)
            for (int j = 0; j < 6; j++)
                if (connections[i, j] == 0) { maskedCount++; if (masked.Weight.Value[i, j] != 0.0) nonZeroMasked++; }
        Console.WriteLine($"   1000 Adam steps (weight decay on): loss {first:F4} → {last:F4}");
        Console.WriteLine($"   masked weights: {maskedCount}, of which non-zero after training: {nonZeroMasked}");
        Console.WriteLine($"   parameters: {model.Parameters.Sum(p => p.Count)} stored, {Layer.TrainableCount(model)} trainable (masked ones excluded)");
    }

    private static void SharedWeightsRanker()
    {
        Console.WriteLine("\n3. Max-margin ranking: both scores from one network (shared weights)");
        const int dim = 4;
        var rng = new Random(7);
        var hidden = Matrix.Create(dim, dim, (_, _) => Gaussian(rng));
        var (trainPos, trainNeg) = RankingPairs(3200, hidden, rng);
        var (testPos, testNeg) = RankingPairs(1000, hidden, rng);

        var shared = new Sequential<double>(new Dense<double>(2 * dim, 32, seed: 1), new Tanh<double>(), new Dense<double>(32, 1, seed: 2));
        var (acc, flips) = TrainRanker(shared, shared.ShareWeights(), trainPos, trainNeg, testPos, testNeg);
        Console.WriteLine($"   shared weights:   held-out pairwise accuracy {acc:P1}; swapping the inputs flips the decision on {flips:P1} of pairs");

        // The seed's mistake: two separate networks for the two slots.
        var first = new Sequential<double>(new Dense<double>(2 * dim, 32, seed: 1), new Tanh<double>(), new Dense<double>(32, 1, seed: 2));
        var second = new Sequential<double>(new Dense<double>(2 * dim, 32, seed: 3), new Tanh<double>(), new Dense<double>(32, 1, seed: 4));
        var (accSeparate, flipsSeparate) = TrainRanker(first, second, trainPos, trainNeg, testPos, testNeg);
        Console.WriteLine($"   separate weights: held-out pairwise accuracy {accSeparate:P1}; swapping the inputs flips the decision on {flipsSeparate:P1} of pairs");
        Console.WriteLine("   (the positive always sits in slot one, so a model of slots looks perfect on this test and is useless:");
        Console.WriteLine("    a ranker of content flips its decision on every swapped pair; a ranker of slots keeps preferring slot one)");
    }

    private static void UnusedPooler()
    {
        Console.WriteLine("\n4. An unused pooler (Dense + Tanh): no gradient, skipped, named");
        var encoder = new Dense<double>(4, 3, seed: 1, name: "encoder");
        var pooler = new Sequential<double>(new Dense<double>(3, 3, seed: 2, name: "pooler"), new Tanh<double>());
        var head = new Dense<double>(3, 1, seed: 3, name: "head");
        var parameters = encoder.Parameters.Concat(pooler.Parameters).Concat(head.Parameters).ToArray();
        var x = Matrix.Random<double>(8, 4, 5);
        var y = Matrix.Random<double>(8, 1, 6);
        var mse = new MeanSquaredError<double>();
        var before = pooler.Parameters[0].Value.ToArray();
        foreach (Optimizer<double> optimizer in new Optimizer<double>[] { new Sgd<double>(parameters, new SgdOptions(LearningRate: 0.1, Momentum: 0.9)), new Adam<double>(parameters) })
        {
            optimizer.ZeroGrad();
            var h = encoder.Forward(x);
            pooler.Forward(h);
            mse.Forward(head.Forward(h), y);
            encoder.Backward(head.Backward(mse.Backward()));
            var report = optimizer.Step();
            Console.WriteLine($"   {optimizer.GetType().Name.TrimEnd('1', '`')}: pooler.weight.Grad is {(pooler.Parameters[0].Grad is null ? "null" : "set")}; updated [{string.Join(", ", report.Updated)}]; skipped without gradient [{string.Join(", ", report.SkippedWithoutGradient)}]");
        }
        Console.WriteLine($"   pooler weights unchanged: {before.SequenceEqual(pooler.Parameters[0].Value.ToArray())}");
    }

    private static (double accuracy, double flips) TrainRanker(ILayer<double> first, ILayer<double> second,
        Matrix<double> trainPos, Matrix<double> trainNeg, Matrix<double> testPos, Matrix<double> testNeg)
    {
        var adam = new Adam<double>(first.Parameters.Concat(second.Parameters), new AdamOptions(LearningRate: 0.01));
        var loss = new MarginRanking<double>(1.0);
        const int batch = 64;
        var bp = new Matrix<double>(batch, trainPos.Columns);
        var bn = new Matrix<double>(batch, trainPos.Columns);
        for (int epoch = 0; epoch < 6; epoch++)
            for (int start = 0; start + batch <= trainPos.Rows; start += batch)
            {
                trainPos.AsSpan().Slice(start * trainPos.Columns, bp.AsSpan().Length).CopyTo(bp.AsSpan());
                trainNeg.AsSpan().Slice(start * trainNeg.Columns, bn.AsSpan().Length).CopyTo(bn.AsSpan());
                adam.ZeroGrad();
                loss.Forward(first.Forward(bp), second.Forward(bn));
                var g = loss.Backward();
                first.Backward(g.Positive);
                second.Backward(g.Negative);
                adam.Step();
            }
        var sPos = first.Forward(testPos).Copy();
        var sNeg = second.Forward(testNeg).Copy();
        var swapFirst = first.Forward(testNeg).Copy();
        var swapSecond = second.Forward(testPos).Copy();
        int correct = 0, flipped = 0;
        for (int i = 0; i < testPos.Rows; i++)
        {
            bool prefersFirst = sPos[i, 0] > sNeg[i, 0];
            if (prefersFirst) correct++;
            if (prefersFirst == swapSecond[i, 0] > swapFirst[i, 0]) flipped++;
        }
        return (correct / (double)testPos.Rows, flipped / (double)testPos.Rows);
    }

    /// <summary>Rows [q | better item] and [q | worse item], relevance qᵀMi hidden from the model, gaps above 0.5.</summary>
    private static (Matrix<double> pos, Matrix<double> neg) RankingPairs(int count, Matrix<double> m, Random rng)
    {
        int dim = m.Rows;
        var pos = new Matrix<double>(count, 2 * dim);
        var neg = new Matrix<double>(count, 2 * dim);
        for (int made = 0; made < count;)
        {
            var q = Enumerable.Range(0, dim).Select(_ => Gaussian(rng)).ToArray();
            var a = Enumerable.Range(0, dim).Select(_ => Gaussian(rng)).ToArray();
            var b = Enumerable.Range(0, dim).Select(_ => Gaussian(rng)).ToArray();
            double ra = 0, rb = 0;
            for (int i = 0; i < dim; i++)
                for (int j = 0; j < dim; j++) { ra += q[i] * m[i, j] * a[j]; rb += q[i] * m[i, j] * b[j]; }
            if (Math.Abs(ra - rb) <= 0.5) continue;
            var (better, worse) = ra > rb ? (a, b) : (b, a);
            for (int j = 0; j < dim; j++)
            {
                pos[made, j] = neg[made, j] = q[j];
                pos[made, dim + j] = better[j];
                neg[made, dim + j] = worse[j];
            }
            made++;
        }
        return (pos, neg);
    }

    private static double Gaussian(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    /// <summary>The seed's bug: ReLU backward as input − (dy &gt; 0).</summary>
    private sealed class WrongRelu : ILayer<double>
    {
        private Matrix<double>? input;

        public Matrix<double> Forward(Matrix<double> x)
        {
            input = x;
            return Matrix.Create(x.Rows, x.Columns, (i, j) => Math.Max(x[i, j], 0));
        }

        public Matrix<double> Backward(Matrix<double> dy) => Matrix.Create(dy.Rows, dy.Columns, (i, j) => input![i, j] - (dy[i, j] > 0 ? 1.0 : 0.0));
        public IReadOnlyList<Parameter<double>> Parameters => [];
        public ILayer<double> ShareWeights() => new WrongRelu();
    }
}
