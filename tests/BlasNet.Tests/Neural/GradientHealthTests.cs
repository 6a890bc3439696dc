using BlasNet.Neural;

namespace BlasNet.Tests.Neural;

/// <summary>The health report's columns on layers built so that the answer is known exactly.</summary>
public class GradientHealthTests
{
    /// <summary>y = x·W with W = (1e-4, 1e-4, 1)ᵀ, a zero bias, x all ones (2×3).</summary>
    private static Dense<float> TinyWeights() =>
        new(BlasNet.Matrix.FromArray2D(new float[,] { { 1e-4f }, { 1e-4f }, { 1f } }), new Matrix<float>(1, 1), name: "tiny");

    private static readonly Matrix<float> Ones = BlasNet.Matrix.Create(2, 3, (_, _) => 1f);

    [Fact]
    public void Underflow_CountsExactlyTheEntriesBelowHalfRange()
    {
        var mixed = new MixedPrecisionModel(TinyWeights());
        mixed.Forward(Ones);
        // dy = 1e-4: dx = dy·Wᵀ = (1e-8, 1e-8, 1e-4) per row, and 1e-8 < 2⁻²⁵ flushes to zero in Half;
        // dW = xᵀdy = 2e-4 and db = 2e-4 survive. 4 of the 6 + 3 + 1 = 10 rounded entries underflow.
        var dx = mixed.Backward(BlasNet.Matrix.Create(2, 1, (_, _) => (Half)1e-4f));
        var row = Assert.Single(mixed.GradientHealth().Layers);
        Assert.Equal(("tiny", "Dense", 10L, 4L), (row.Layer, row.Kind, row.GradientEntries, row.UnderflowedEntries));
        Assert.Equal(0.4, row.UnderflowFraction);
        Assert.Equal(Half.Zero, dx[0, 0]);
        Assert.Equal(2e-4, mixed.Parameters[0].Grad![2, 0], 1e-7);
        Assert.NotEqual(Half.Zero, dx[1, 2]);

        // Scaled by 1024 first, the same gradient stays representable: nothing underflows, and the
        // master gradient holds 1024 × the true one.
        mixed.Parameters[0].ZeroGrad();
        mixed.Parameters[1].ZeroGrad();
        mixed.Forward(Ones);
        mixed.Backward(BlasNet.Matrix.Create(2, 1, (_, _) => 1e-4f), lossScale: 1024);
        row = Assert.Single(mixed.GradientHealth().Layers);
        Assert.Equal(0L, row.UnderflowedEntries);
        Assert.Equal(1024 * 2e-4, mixed.Parameters[0].Grad![0, 0], 1e-3);
    }

    [Fact]
    public void Float32Report_ForecastsUnderflowOfParameterGradients()
    {
        var dense = TinyWeights();
        dense.Forward(Ones);
        dense.Backward(BlasNet.Matrix.Create(2, 1, (_, _) => 1e-8f));
        // dW = db = 2e-8 in float32: below Half's range, so all 4 parameter-gradient entries would flush.
        var report = GradientHealth.Of<float>(dense);
        var row = Assert.Single(report.Layers);
        Assert.Equal((4L, 4L), (row.GradientEntries, row.UnderflowedEntries));
        Assert.Equal(Precision.Single, report.Precision);
        Assert.Equal(Math.Sqrt(4 * 4e-16), row.GradientNorm!.Value, 1e-12);

        dense.Weight.ZeroGrad();
        dense.Bias!.ZeroGrad();
        dense.Backward(BlasNet.Matrix.Create(2, 1, (_, _) => 1e-3f));
        Assert.Equal(0L, GradientHealth.Of<float>(dense).Layers[0].UnderflowedEntries);
    }

    [Fact]
    public void Title_NamesTheMeasuredPrecision_AFloat64ModelIsNotCalledSingle()
    {
        var wide = new Dense<double>(3, 1, seed: 1, name: "wide");
        wide.Forward(new Matrix<double>(2, 3));
        wide.Backward(new Matrix<double>(2, 1));
        var report = GradientHealth.Of<double>(wide);
        Assert.Equal(Precision.Single, report.Precision); // the enum's contract: the model's own type throughout
        string title = report.ToTable().Split('\n')[0];
        Assert.Equal("Gradient health (float64)", title.TrimEnd('\r'));
        var narrow = TinyWeights();
        narrow.Forward(Ones);
        narrow.Backward(new Matrix<float>(2, 1));
        Assert.StartsWith("Gradient health (float32)", GradientHealth.Of<float>(narrow).ToTable());
        var mixed = new MixedPrecisionModel(TinyWeights());
        mixed.Forward(Ones);
        mixed.Backward(new Matrix<float>(2, 1));
        Assert.StartsWith("Gradient health (mixed precision", mixed.GradientHealth().ToTable());
        // A hand-built report does not know the model's type: no precision claimed in Single.
        Assert.DoesNotContain("precision", new GradientHealthReport(report.Layers, Precision.Single).ToTable().Split('\n')[0]);
    }

    [Fact]
    public void NonFiniteGradientEntries_AreCountedPerLayer()
    {
        // Gradients written by hand: first layer +∞ and NaN in its weight (2), second layer −∞ in its weight (1), biases finite.
        var first = new Dense<double>(2, 3, seed: 1, name: "first");
        var second = new Dense<double>(3, 1, seed: 2, name: "second");
        var model = new Sequential<double>(first, new Relu<double>(), second);
        first.Weight.AccumulateGrad()[0, 0] = double.PositiveInfinity;
        first.Weight.AccumulateGrad()[1, 1] = double.NaN;
        first.Bias!.AccumulateGrad()[0, 2] = 1e300;
        second.Weight.AccumulateGrad()[2, 0] = double.NegativeInfinity;
        var report = GradientHealth.Of<double>(model);
        Assert.Equal([2L, 0L, 1L], report.Layers.Select(l => l.NonFiniteGradientEntries));
        Assert.Equal(3L, report.NonFiniteGradientEntries);
        var table = report.ToTable().Split('\n');
        Assert.Contains("inf/NaN", table[1]);
        Assert.Matches(@"^first\s.*\s2\s", table[2]);
        Assert.Contains("NonFiniteGradientEntries = 1", report.Layers[2].ToString());

        // In mixed precision the master gradients are counted: a loss scale of 1e12 overflows Half in the backward pass.
        var mixed = new MixedPrecisionModel(TinyWeights());
        mixed.Forward(Ones);
        mixed.Backward(BlasNet.Matrix.Create(2, 1, (_, _) => 1f), lossScale: 1e12);
        var row = Assert.Single(mixed.GradientHealth().Layers);
        long expected = mixed.Parameters.Sum(p => (long)p.Grad!.ToArray().Count(v => !float.IsFinite(v)));
        Assert.Equal(4L, expected); // dW (3 entries) and db (1) from dy = 1e12 in Half: all ∞
        Assert.Equal(expected, row.NonFiniteGradientEntries);
    }

    /// <summary>Units 0 and 2 get bias −10 (dead under ReLU, saturated under Tanh at −1), units 1 and 3 bias 0; weights 0.01, inputs in [0, 1).</summary>
    private static Dense<float> Biased(string name, int inputs) =>
        new(BlasNet.Matrix.Create(inputs, 4, (_, _) => 0.01f), BlasNet.Matrix.FromArray2D(new float[,] { { -10f, 0f, -10f, 0f } }), name);

    [Fact]
    public void DeadRelu_SaturatedTanh_AndMissingGradients_InBothPrecisions()
    {
        var x = BlasNet.Matrix.Random<float>(5, 3, 11);
        var model = new Sequential<float>(Biased("a", 3), new Relu<float>(), Biased("b", 4), new Tanh<float>(), new Dense<float>(4, 2, seed: 3, name: "c"));
        var mixed = new MixedPrecisionModel(model);

        var before = mixed.GradientHealth(); // no forward yet: no activation statistics, every parameter without gradient
        Assert.Null(before.Layers[1].DeadReluFraction);
        Assert.Equal(["a.weight", "a.bias", "b.weight", "b.bias", "c.weight", "c.bias"], before.ParametersWithoutGradient);
        Assert.Null(before.UnderflowFraction);

        var y = mixed.Forward(x);
        mixed.Backward(BlasNet.Matrix.Create(y.Rows, y.Columns, (_, _) => (Half)0.5f));
        var mixedReport = mixed.GradientHealth();
        double mixedNorm = Gradients.Norm(model.Parameters);
        Assert.Equal(mixedNorm, mixedReport.GradientNorm, 1e-9 * mixedNorm);
        // The same layers run in float32 (the gradients are replaced, the statistics must agree).
        foreach (var p in model.Parameters) p.ZeroGrad();
        var yf = model.Forward(x);
        model.Backward(BlasNet.Matrix.Create(yf.Rows, yf.Columns, (_, _) => 0.5f));
        Assert.Equal(Gradients.Norm(model.Parameters), mixedNorm, 1e-2 * mixedNorm);

        foreach (var report in new[] { mixedReport, GradientHealth.Of<float>(model) })
        {
            Assert.Equal(["a", "relu1", "b", "tanh3", "c"], report.Layers.Select(l => l.Layer));
            Assert.Equal(["Dense", "Relu", "Dense", "Tanh", "Dense"], report.Layers.Select(l => l.Kind));
            // ReLU: units 0 and 2 are 0 for every row. Tanh: its input is b's output, whose units 0 and 2 sit near −10.
            Assert.Equal(0.5, report.Layers[1].DeadReluFraction);
            Assert.Equal(0.5, report.Layers[3].SaturatedTanhFraction);
            Assert.All(report.Layers.Where(l => l.Kind != "Relu"), l => Assert.Null(l.DeadReluFraction));
            Assert.All(report.Layers.Where(l => l.Kind != "Tanh"), l => Assert.Null(l.SaturatedTanhFraction));
            Assert.All(report.Layers.Where(l => l.Kind == "Dense"), l => Assert.True(l.GradientNorm > 0));
            Assert.Empty(report.ParametersWithoutGradient);
            Assert.Equal(Math.Sqrt(report.Layers.Sum(l => l.GradientNorm is { } n ? n * n : 0)), report.GradientNorm, 12);
            var table = report.ToTable();
            Assert.Contains("50.00%", table);
            Assert.Contains("tanh3", table);
            Assert.Equal(table, report.ToString());
            Assert.Equal(report.Layers.Count + 2, table.TrimEnd().Split('\n').Length);
        }
    }

    /// <summary>√(Σ g²) over the entries of each distinct parameter's gradient, in double: the reference the report must match.</summary>
    private static double DistinctNorm(IEnumerable<Parameter<float>> parameters) =>
        Math.Sqrt(parameters.Distinct().Where(p => p.Grad is not null).Sum(p => p.Grad!.AsSpan().ToArray().Sum(g => (double)g * g)));

    [Fact]
    public void MissingList_KeepsDistinctParametersThatShareAName_InBothPrecisions()
    {
        // Two distinct layers the user named alike, and a twin of the first: three rows, four distinct parameters
        // (the twin's are the first layer's), none with a gradient yet. Every distinct parameter is listed once.
        var first = new Dense<float>(2, 2, seed: 1, name: "fc");
        var second = new Dense<float>(2, 2, seed: 2, name: "fc");
        var model = new Sequential<float>(first, new Tanh<float>(), second, first.ShareWeights());
        var expected = model.Parameters.Select(p => p.Name).ToArray(); // Sequential lists each distinct parameter once
        Assert.Equal(["fc.weight", "fc.bias", "fc.weight", "fc.bias"], expected);
        Assert.Equal(expected, GradientHealth.Of<float>(model).ParametersWithoutGradient);
        Assert.Equal(expected, new MixedPrecisionModel(model).GradientHealth().ParametersWithoutGradient);

        // Rows built by hand know only names: each name once, as before.
        var row = new LayerGradientHealth("fc", "Dense", null, 0, 0, null, null, ["fc.weight"]);
        Assert.Equal(["fc.weight"], new GradientHealthReport([row, row with { Layer = "fc@2" }], Precision.Single).ParametersWithoutGradient);
    }

    /// <summary>
    /// Rows and reports compare by value: each keeps its own read-only copy of its lists, and the records' generated
    /// equality compared those by reference, so two rows or reports built from the same data were unequal.
    /// </summary>
    [Fact]
    public void RowsAndReports_FromTheSameData_AreEqual_AndDifferWhereTheirValuesDo()
    {
        LayerGradientHealth Row() => new("fc", "Dense", 2.5, 10, 3, null, 0.25, ["fc.bias", "fc.scale"]) { NonFiniteGradientEntries = 1 };
        var (a, b) = (Row(), Row());
        Assert.Equal(a, b);
        Assert.True(a == b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, b with { ParametersWithoutGradient = ["fc.bias"] });
        Assert.NotEqual(a, b with { ParametersWithoutGradient = ["fc.scale", "fc.bias"] });
        Assert.NotEqual(a, b with { NonFiniteGradientEntries = 0 });
        Assert.NotEqual(a, b with { GradientNorm = null });
        Assert.Equal(a with { GradientNorm = double.NaN }, b with { GradientNorm = double.NaN }); // as the record compares doubles

        var report = new GradientHealthReport([a, Row() with { Layer = "out" }], Precision.Single);
        var same = new GradientHealthReport([b, Row() with { Layer = "out" }], Precision.Single);
        Assert.Equal(report, same);
        Assert.Equal(report.GetHashCode(), same.GetHashCode());
        Assert.NotEqual(report, same with { Precision = Precision.Mixed });
        Assert.NotEqual(report, same with { Layers = [b] });

        // Two measurements of the same model in the same state are equal; a float64 copy of it differs (its title).
        var model = new Sequential<float>(new Dense<float>(3, 2, seed: 1, name: "h"), new Relu<float>(), new Dense<float>(2, 1, seed: 2, name: "o"));
        model.Forward(Ones);
        model.Backward(BlasNet.Matrix.Create(2, 1, (_, _) => 0.5f));
        var measured = GradientHealth.Of<float>(model);
        Assert.Equal(measured, GradientHealth.Of<float>(model));
        Assert.Equal(measured.GetHashCode(), GradientHealth.Of<float>(model).GetHashCode());
        // Built by hand from the measured rows: the same rows, but not the model's report (no element type in its title).
        Assert.NotEqual(measured, new GradientHealthReport(measured.Layers, Precision.Single));
        Assert.Equal(new GradientHealthReport(measured.Layers, Precision.Single), new GradientHealthReport([.. measured.Layers], Precision.Single));
    }

    [Fact]
    public void GlobalNormAndMissingList_CountAParameterSharedByTwinRowsOnce_InBothPrecisions()
    {
        // One 2×2 layer and its ShareWeights twin in a chain: two rows, one set of parameters.
        var square = new Dense<float>(BlasNet.Matrix.FromArray2D(new float[,] { { 1f, 2f }, { -1f, 0.5f } }), BlasNet.Matrix.FromArray2D(new float[,] { { 0.25f, -0.5f } }), name: "sq");
        var model = new Sequential<float>(square, square.ShareWeights());
        var x = BlasNet.Matrix.FromArray2D(new float[,] { { 1f, 2f }, { 3f, -1f }, { 0.5f, 0.5f } });
        var mixed = new MixedPrecisionModel(model);
        // Before any backward pass each shared parameter is missing once, not once per row.
        Assert.Equal(["sq.weight", "sq.bias"], GradientHealth.Of<float>(model).ParametersWithoutGradient);
        Assert.Equal(["sq.weight", "sq.bias"], mixed.GradientHealth().ParametersWithoutGradient);

        model.Forward(x);
        model.Backward(BlasNet.Matrix.Create(3, 2, (i, j) => 0.5f * (i + 1) - j));
        var report = GradientHealth.Of<float>(model);
        double reference = DistinctNorm(model.Parameters);
        Assert.Equal(2, report.Layers.Count);
        Assert.All(report.Layers, l => Assert.Equal(reference, l.GradientNorm!.Value, 1e-9 * reference));
        // The old sum over rows gave √2 × the true norm.
        Assert.Equal(reference, report.GradientNorm, 1e-9 * reference);
        // A report given other rows (with) describes those rows: the model's norm no longer applies.
        var firstRowOnly = report with { Layers = [report.Layers[0]] };
        Assert.Equal(report.Layers[0].GradientNorm!.Value, firstRowOnly.GradientNorm, 1e-12);
        var threeRows = report with { Layers = [report.Layers[0], report.Layers[1], report.Layers[1]] };
        Assert.Equal(Math.Sqrt(3) * reference, threeRows.GradientNorm, 1e-9 * reference);

        Layer.ZeroGrad(model);
        var y = mixed.Forward(x);
        mixed.Backward(BlasNet.Matrix.Create(y.Rows, y.Columns, (i, j) => 0.5f * (i + 1) - j));
        reference = DistinctNorm(model.Parameters);
        Assert.Equal(reference, mixed.GradientHealth().GradientNorm, 1e-9 * reference);
    }

    [Fact]
    public void TwinRows_HaveDistinctLabels_InBothPrecisions()
    {
        var enc = new Dense<float>(3, 3, seed: 5, name: "enc");
        var model = new Sequential<float>(enc, new Relu<float>(), new Sequential<float>(enc.ShareWeights(), new Relu<float>()));
        var x = BlasNet.Matrix.Random<float>(4, 3, 6);
        model.Forward(x);
        model.Backward(BlasNet.Matrix.Create(4, 3, (_, _) => 1f));
        var mixed = new MixedPrecisionModel(model);
        foreach (var report in new[] { GradientHealth.Of<float>(model), mixed.GradientHealth() })
        {
            // The twin shares enc's parameters and so their prefix; it is told apart by its flattened position.
            Assert.Equal(["enc", "relu1", "enc@2", "relu3"], report.Layers.Select(l => l.Layer));
            Assert.Contains("enc@2", report.ToTable());
        }
    }

    [Theory]
    [InlineData(Precision.Single)]
    [InlineData(Precision.Mixed)]
    public void TrainerWithClipping_ReportsTheClippedGradients_AndKeepsTheUnclippedNorm(Precision precision)
    {
        // y = w·x + b from w = b = 0, x = 1 on both rows, target 100: dL/dy = 2(0 − 100)/2 = −100 per row, so
        // ∂L/∂w = ∂L/∂b = −200 and the true norm is 200√2. Clipped to 1e-3, the gradients the report reads are 1e-3/√2 each.
        var dense = new Dense<float>(new Matrix<float>(1, 1), new Matrix<float>(1, 1), name: "w");
        var trainer = new Trainer(dense, new Sgd<float>(dense.Parameters, new SgdOptions(LearningRate: 1e-9)),
            new TrainerOptions(precision, new GradScalerOptions(InitScale: 1), MaxGradNorm: 1e-3));
        Assert.Null(trainer.UnclippedGradientNorm);
        var step = trainer.Step(BlasNet.Matrix.Create(2, 1, (_, _) => 1f), BlasNet.Matrix.Create(2, 1, (_, _) => 100f));
        Assert.True(step.Stepped);
        Assert.Equal(200 * Math.Sqrt(2), trainer.UnclippedGradientNorm!.Value, 1e-9);
        Assert.Equal(1e-3, trainer.GradientHealth().GradientNorm, 1e-8);

        var unclipped = new Trainer(dense, new Sgd<float>(dense.Parameters), new TrainerOptions(precision, new GradScalerOptions(InitScale: 1)));
        unclipped.Step(BlasNet.Matrix.Create(2, 1, (_, _) => 1f), BlasNet.Matrix.Create(2, 1, (_, _) => 100f));
        Assert.Null(unclipped.UnclippedGradientNorm);
    }

    [Fact]
    public void EmptyBatch_MeasuresNoActivationStatistics_InBothPrecisions()
    {
        // A batch of 0 rows: no unit output anything, so "0 in every row" held vacuously and every ReLU unit was reported dead (100%).
        var model = new Sequential<float>(new Dense<float>(3, 4, seed: 1), new Relu<float>(), new Dense<float>(4, 2, seed: 2), new Tanh<float>());
        model.Forward(new Matrix<float>(0, 3));
        var mixed = new MixedPrecisionModel(model);
        mixed.Forward(new Matrix<float>(0, 3));
        foreach (var report in new[] { GradientHealth.Of<float>(model), mixed.GradientHealth() })
        {
            Assert.Null(report.Layers[1].DeadReluFraction);
            Assert.Null(report.Layers[3].SaturatedTanhFraction);
            Assert.DoesNotContain("%", report.ToTable());
        }
    }

    [Fact]
    public void BadShapes_Throw()
    {
        // Any layer runs now (a user's one in float32 between Half activations); shapes are still checked.
        Assert.Equal(2, new MixedPrecisionModel(new Sequential<float>(new Dense<float>(2, 2), new Identity())).Forward(new Matrix<float>(3, 2)).Columns);
        var mixed = new MixedPrecisionModel(new Dense<float>(3, 2));
        Assert.Throws<InvalidOperationException>(() => mixed.Backward(new Matrix<Half>(4, 2)));
        var e = Assert.Throws<ArgumentException>(() => mixed.Forward(new Matrix<float>(4, 5)));
        Assert.Contains("4×5", e.Message);
        mixed.Forward(new Matrix<float>(4, 3));
        e = Assert.Throws<ArgumentException>(() => mixed.Backward(new Matrix<Half>(4, 3)));
        Assert.Equal("dy", e.ParamName);
    }

    private sealed class Identity : ILayer<float>
    {
        public Matrix<float> Forward(Matrix<float> x) => x;
        public Matrix<float> Backward(Matrix<float> dy) => dy;
        public IReadOnlyList<Parameter<float>> Parameters => [];
        public ILayer<float> ShareWeights() => this;
    }
}
