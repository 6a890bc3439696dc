using System.Globalization;

namespace BlasNet.Neural;

/// <summary>
/// Finite-difference check of a layer's backward pass. The layer's output is projected onto a fixed
/// random matrix G, <c>L(x, θ) = Σ y ⊙ G</c>; the analytic dL/dx and dL/dθ come from one
/// <c>Backward(G)</c>; the numeric ones from central differences <c>(L(+h) − L(−h)) / 2h</c> on every
/// entry of x and of every parameter, taken output by output (<c>Σ (y(+h) − y(−h)) ⊙ G / 2h</c>, the same number
/// without the rounding of two whole-batch sums cancelling). Run in double so the differences are meaningful.
/// </summary>
public static class GradCheck
{
    /// <summary>
    /// Checks <paramref name="layer"/> at the batch <paramref name="x"/> (x is not modified). Parameters
    /// are restored exactly afterwards and their gradients are left <c>null</c>. Keep x away from kinks
    /// (ReLU at 0), where the derivative is one-sided. An entry whose analytic or numeric derivative is
    /// ∞ or NaN is a failure (a NaN compares false with any tolerance, so it is tested for explicitly) and
    /// is reported as the worst entry. The layer is checked in the mode it is in: a <see cref="Dropout{T}"/>
    /// (or another <see cref="ITrainingMode"/> layer) in training mode draws a new mask on every forward
    /// pass, so the differences do not match its backward pass and the check fails. Call
    /// <see cref="Layer.SetTraining{T}"/>(layer, false) first (and <c>true</c> afterwards), as PyTorch's
    /// <c>gradcheck</c> needs <c>model.eval()</c>; a failed result then carries a <see cref="GradCheckResult.Note"/>
    /// naming the layer in training mode (found through nested <see cref="Sequential{T}"/>s; inside a container layer of
    /// your own neither <see cref="Layer.SetTraining{T}"/> nor the note can see it: switch such layers' modes yourself).
    /// </summary>
    /// <exception cref="ArgumentNullException">layer or x is null, or layer's Parameters list is or holds null (the message names the entry, <c>layer.Parameters[i]</c>).</exception>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <see cref="GradCheckOptions.Step"/> is not finite and &gt; 0, or a tolerance is not finite and ≥ 0
    /// (the exception's parameter name is the option's).
    /// </exception>
    /// <exception cref="InvalidOperationException">
    /// A forward pass on a perturbed input or parameter returned an output of another shape than the first forward pass.
    /// </exception>
    public static GradCheckResult Check(ILayer<double> layer, Matrix<double> x, GradCheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(x);
        options ??= new GradCheckOptions();
        Validate(options);
        var input = x.Copy();
        var parameters = ParameterLists.OfLayer(layer, nameof(layer));
        Layer.ZeroGrad(layer);

        var output = layer.Forward(input);
        var g = Matrix.Random<double>(output.Rows, output.Columns, options.Seed);
        var analyticDx = layer.Backward(g).Copy();
        var analyticParams = new Matrix<double>?[parameters.Count];
        for (int i = 0; i < parameters.Count; i++) analyticParams[i] = parameters[i].Grad?.Copy();

        // The numeric derivative Σ (y⁺ − y⁻) ⊙ G / 2h, differenced output by output: an output the perturbed entry does
        // not reach differs by exactly 0. Differencing the two sums L⁺ − L⁻ instead cancelled eps·Σ|y ⊙ G| of rounding
        // over the whole batch, which grows with the batch and the outputs' size: a correct Dense(20, 20) with bias 1e4 on a
        // batch of 20 failed (errors 5e-5 > 1e-5) where PyTorch's gradcheck, which differences each output, passes.
        var plusOutput = new Matrix<double>(output.Rows, output.Columns);
        void ForwardPlus()
        {
            var y = SameShape(layer.Forward(input), output.Rows, output.Columns);
            for (int i = 0; i < y.Rows; i++)
                for (int j = 0; j < y.Columns; j++) plusOutput[i, j] = y[i, j];
        }
        double CentralDifference()
        {
            var y = SameShape(layer.Forward(input), output.Rows, output.Columns);
            double sum = 0;
            for (int i = 0; i < y.Rows; i++)
                for (int j = 0; j < y.Columns; j++) sum += (plusOutput[i, j] - y[i, j]) * g[i, j];
            return sum / (2 * options.Step);
        }

        var tally = new Tally(options);
        double h = options.Step;
        for (int i = 0; i < input.Rows; i++)
            for (int j = 0; j < input.Columns; j++)
            {
                double saved = input[i, j];
                input[i, j] = saved + h; ForwardPlus();
                input[i, j] = saved - h; double numeric = CentralDifference();
                input[i, j] = saved;
                tally.Add(analyticDx[i, j], numeric, string.Create(CultureInfo.InvariantCulture, $"dx[{i},{j}]"));
            }
        for (int p = 0; p < parameters.Count; p++)
        {
            var value = parameters[p].Value;
            for (int i = 0; i < value.Rows; i++)
                for (int j = 0; j < value.Columns; j++)
                {
                    double saved = value[i, j];
                    value[i, j] = saved + h; ForwardPlus();
                    value[i, j] = saved - h; double numeric = CentralDifference();
                    value[i, j] = saved;
                    // A parameter the backward pass never touched has analytic gradient 0 (PyTorch's None).
                    tally.Add(analyticParams[p]?[i, j] ?? 0.0, numeric, string.Create(CultureInfo.InvariantCulture, $"{parameters[p].Name}[{i},{j}]"));
                }
        }
        Layer.ZeroGrad(layer);
        var result = tally.Result();
        if (!result.Passed && FirstInTrainingMode(layer) is { } stochastic)
            result = result with
            {
                Note = $"The model contains a {stochastic} in training mode, which may behave differently on every forward pass (a dropout draws a new mask), so finite differences may not match its backward pass: " +
                       "call Layer.SetTraining(model, false) before GradCheck.Check (and Layer.SetTraining(model, true) afterwards)."
            };
        return result;
    }

    /// <summary>
    /// The perturbed outputs are differenced entry by entry against the first output's shape (and G has it): a layer
    /// whose output shape changed ran off the end of the copy with "Row index 3 is outside a 3×4 matrix", or, when it
    /// shrank, silently differenced stale entries of the previous output.
    /// </summary>
    private static Matrix<double> SameShape(Matrix<double> y, int rows, int columns) =>
        y.Rows == rows && y.Columns == columns ? y
        : throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
            $"GradCheck: the layer's first forward pass returned a {rows}×{columns} output but a forward pass on a perturbed input or parameter returned {y.Rows}×{y.Columns}; finite differences need an output whose shape does not change between calls."));

    /// <summary>The type name of the first layer in training mode (through nested Sequentials), or null.</summary>
    private static string? FirstInTrainingMode(ILayer<double> layer)
    {
        // A dropout of p = 0 or 1 is deterministic (the identity, or all zeros): it cannot be what failed the check.
        if (layer is Dropout<double> { Training: true, P: > 0 and < 1 }) return nameof(Dropout<double>);
        if (layer is ITrainingMode { Training: true } and not Dropout<double>) return layer.GetType().Name.Split('`')[0];
        if (layer is Sequential<double> s)
            foreach (var inner in s.Layers)
                if (FirstInTrainingMode(inner) is { } found) return found;
        return null;
    }

    /// <summary>
    /// A step of ∞ or NaN makes every difference NaN, and a NaN tolerance makes every comparison false:
    /// either would let any backward pass "pass", so they are refused by name.
    /// </summary>
    private static void Validate(GradCheckOptions options)
    {
        if (!(options.Step > 0) || !double.IsFinite(options.Step))
            throw new ArgumentOutOfRangeException(nameof(options), options.Step, string.Create(CultureInfo.InvariantCulture, $"GradCheckOptions.Step must be finite and > 0 but is {options.Step}."));
        NonNegative(options.AbsoluteTolerance, nameof(GradCheckOptions.AbsoluteTolerance));
        NonNegative(options.RelativeTolerance, nameof(GradCheckOptions.RelativeTolerance));

        static void NonNegative(double value, string name)
        {
            if (!(value >= 0) || !double.IsFinite(value))
                throw new ArgumentOutOfRangeException(nameof(options), value, string.Create(CultureInfo.InvariantCulture, $"GradCheckOptions.{name} must be finite and ≥ 0 but is {value}."));
        }
    }

    private sealed class Tally(GradCheckOptions options)
    {
        private double maxAbs, maxRel, worstScore = -1;
        private bool worstNonFinite;
        private string worst = "none";
        private int count, failures;

        public void Add(double analytic, double numeric, string where)
        {
            count++;
            // ∞ − ∞ is NaN and NaN > allowed is false, so non-finite numbers are a failure by themselves,
            // ranked above every finite violation.
            if (!double.IsFinite(analytic) || !double.IsFinite(numeric))
            {
                failures++;
                maxAbs = maxRel = double.PositiveInfinity;
                if (!worstNonFinite) { worstNonFinite = true; worstScore = double.PositiveInfinity; worst = where; }
                return;
            }
            double abs = Math.Abs(analytic - numeric);
            double scale = Math.Max(Math.Abs(analytic), Math.Abs(numeric));
            double allowed = options.AbsoluteTolerance + options.RelativeTolerance * Math.Abs(numeric);
            if (abs > allowed) failures++;
            maxAbs = Math.Max(maxAbs, abs);
            if (scale > options.AbsoluteTolerance) maxRel = Math.Max(maxRel, abs / scale);
            // With both tolerances 0, allowed is 0: 0/0 would be NaN, so an exact match scores 0.
            double score = abs == 0 ? 0 : abs / allowed;
            if (!worstNonFinite && score > worstScore) { worstScore = score; worst = where; }
        }

        public GradCheckResult Result() => new(failures == 0, maxAbs, maxRel, worst, count, failures);
    }
}
