using System.Numerics;
using System.Numerics.Tensors;
using BlasNet.Neural;

namespace BlasNet.Tests.Neural;

/// <summary>
/// A layer a user writes: <c>y = x ⊙ s</c> with a learnable 1×features scale s (starts at
/// <paramref name="initial"/>). Backward: <c>dx = dy ⊙ s</c>, <c>ds += Σ_rows dy ⊙ x</c>. It knows nothing of
/// Half: in mixed precision it runs through the float32 fallback.
/// </summary>
internal class ColumnScale<T> : ILayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Parameter<T>[] parameters;
    private Matrix<T>? input, output, gradInput;

    public ColumnScale(int features, T initial, string name)
    {
        var s = new Matrix<T>(1, features);
        s.AsSpan().Fill(initial);
        Scale = new Parameter<T>($"{name}.scale", s);
        parameters = [Scale];
    }

    protected ColumnScale(Parameter<T> scale)
    {
        Scale = scale;
        parameters = [scale];
    }

    public Parameter<T> Scale { get; }

    public IReadOnlyList<Parameter<T>> Parameters => parameters;

    public int ForwardCalls { get; private set; }

    public Matrix<T> Forward(Matrix<T> x)
    {
        ForwardCalls++;
        input = x;
        if (output is null || output.Rows != x.Rows || output.Columns != x.Columns) output = new Matrix<T>(x.Rows, x.Columns);
        for (int i = 0; i < x.Rows; i++)
            for (int j = 0; j < x.Columns; j++) output[i, j] = x[i, j] * Scale.Value[0, j];
        return output;
    }

    public Matrix<T> Backward(Matrix<T> dy)
    {
        var x = input ?? throw new InvalidOperationException("Backward before Forward.");
        if (gradInput is null || gradInput.Rows != dy.Rows || gradInput.Columns != dy.Columns) gradInput = new Matrix<T>(dy.Rows, dy.Columns);
        var grad = Scale.AccumulateGrad();
        for (int i = 0; i < dy.Rows; i++)
            for (int j = 0; j < dy.Columns; j++)
            {
                gradInput[i, j] = dy[i, j] * Scale.Value[0, j];
                grad[0, j] += dy[i, j] * x[i, j];
            }
        return gradInput;
    }

    public virtual ILayer<T> ShareWeights() => new ColumnScale<T>(Scale);
}

/// <summary>
/// The same layer run natively in Half (<see cref="IHalfLayer"/>): products computed in float32 from
/// the Half operands, results and each scale-gradient contribution rounded to Half, as the built-in
/// dense stage does, and the rounding counted for the health report.
/// </summary>
internal sealed class HalfColumnScale : ColumnScale<float>, IHalfLayer
{
    private Matrix<Half>? halfInput, halfOutput, halfGradInput;
    private float[] contribution = [];
    private HalfRoundingCount counts;

    public HalfColumnScale(int features, float initial, string name) : base(features, initial, name) { }

    private HalfColumnScale(Parameter<float> scale) : base(scale) { }

    public int HalfForwardCalls { get; private set; }

    public Matrix<Half> ForwardHalf(Matrix<Half> x)
    {
        HalfForwardCalls++;
        halfInput = x;
        if (halfOutput is null || halfOutput.Rows != x.Rows || halfOutput.Columns != x.Columns) halfOutput = new Matrix<Half>(x.Rows, x.Columns);
        for (int i = 0; i < x.Rows; i++)
            for (int j = 0; j < x.Columns; j++) halfOutput[i, j] = (Half)((float)x[i, j] * Scale.Value[0, j]);
        return halfOutput;
    }

    public Matrix<Half> BackwardHalf(Matrix<Half> dy)
    {
        var x = halfInput ?? throw new InvalidOperationException("BackwardHalf before ForwardHalf.");
        int rows = dy.Rows, columns = dy.Columns;
        if (halfGradInput is null || halfGradInput.Rows != rows || halfGradInput.Columns != columns) halfGradInput = new Matrix<Half>(rows, columns);
        Span<float> dxRow = stackalloc float[columns];
        if (contribution.Length != columns) contribution = new float[columns];
        Array.Clear(contribution);
        counts = default;
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < columns; j++)
            {
                dxRow[j] = (float)dy[i, j] * Scale.Value[0, j];
                contribution[j] += (float)dy[i, j] * (float)x[i, j];
            }
            counts += HalfRoundingCount.ToHalf(dxRow, halfGradInput.AsSpan().Slice(i * columns, columns));
        }
        Span<Half> rounded = stackalloc Half[columns];
        counts += HalfRoundingCount.ToHalf(contribution, rounded);
        var grad = Scale.AccumulateGrad().AsSpan();
        for (int j = 0; j < columns; j++) grad[j] += (float)rounded[j];
        return halfGradInput;
    }

    public HalfRoundingCount LastBackwardRounding => counts;

    public override ILayer<float> ShareWeights() => new HalfColumnScale(Scale);
}

/// <summary>
/// An optimizer a user writes: sign descent, <c>w ← w − lr·sign(∇)</c> with an optional step counter per
/// parameter (to show per-parameter state indexed as the base class passes it).
/// </summary>
internal sealed class SignDescent<T>(IEnumerable<Parameter<T>> parameters, double learningRate) : Optimizer<T>(parameters)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private int[]? updates;

    public int UpdatesOf(int index) => updates?[index] ?? 0;

    protected override void Update(int index, Span<T> value, ReadOnlySpan<T> grad)
    {
        (updates ??= new int[Parameters.Count])[index]++;
        T lr = T.CreateTruncating(learningRate);
        for (int i = 0; i < value.Length; i++) value[i] -= lr * T.CreateTruncating(T.Sign(grad[i]));
    }
}

/// <summary>An activation a user writes: softplus <c>y = log(1 + eˣ)</c>, <c>dx = dy σ(x)</c>, computed in double.</summary>
internal sealed class Softplus<T> : Activation<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public override ILayer<T> ShareWeights() => new Softplus<T>();

    protected override void Apply(ReadOnlySpan<T> x, Span<T> y)
    {
        for (int i = 0; i < x.Length; i++)
        {
            double v = double.CreateTruncating(x[i]);
            y[i] = T.CreateTruncating(Math.Max(v, 0) + double.LogP1(Math.Exp(-Math.Abs(v))));
        }
    }

    protected override void Derivative(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx)
    {
        for (int i = 0; i < x.Length; i++)
            dx[i] = T.CreateTruncating(double.CreateTruncating(dy[i]) / (1 + Math.Exp(-double.CreateTruncating(x[i]))));
    }
}
