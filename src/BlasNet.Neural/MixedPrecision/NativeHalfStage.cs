using System.Globalization;

namespace BlasNet.Neural;

/// <summary>A user's <see cref="IHalfLayer"/> as a stage: its own Half passes, its own rounding counts.</summary>
internal sealed class NativeHalfStage(string name, string kind, IHalfLayer layer) : HalfStage(name, kind)
{
    private Matrix<Half>? input, output;

    public override IReadOnlyList<Parameter<float>> Parameters => layer.Parameters;

    public override Matrix<Half>? LastOutput => output;

    public override Matrix<Half> Forward(Matrix<Half> x, HalfScratch scratch)
    {
        var y = layer.ForwardHalf(x) ?? throw new InvalidOperationException($"Layer '{Name}' ({Kind}) returned null from ForwardHalf.");
        if (y.Rows != x.Rows)
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"Layer '{Name}' ({Kind}) returned {y.Rows} rows from ForwardHalf for a batch of {x.Rows}."));
        // The next stages walk storage rows.
        output = y.IsTransposed ? y.Copy() : y;
        input = x;
        return output;
    }

    public override Matrix<Half> Backward(Matrix<Half> dy, HalfScratch scratch)
    {
        var x = Workspace.Require(input, Name);
        if (dy.Rows != output!.Rows || dy.Columns != output.Columns)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"dy is {dy.Rows}×{dy.Columns} but must be {output.Rows}×{output.Columns} (layer '{Name}''s last output)."), nameof(dy));
        var dx = layer.BackwardHalf(dy) ?? throw new InvalidOperationException($"Layer '{Name}' ({Kind}) returned null from BackwardHalf.");
        if (dx.Rows != x.Rows || dx.Columns != x.Columns)
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"Layer '{Name}' ({Kind}) returned a {dx.Rows}×{dx.Columns} dx from BackwardHalf for a {x.Rows}×{x.Columns} input."));
        var counts = layer.LastBackwardRounding;
        Count(counts.Entries, counts.Underflowed);
        return dx.IsTransposed ? dx.Copy() : dx;
    }
}
