using System.Numerics;
using System.Numerics.Tensors;

namespace BlasNet.Neural;

/// <summary>
/// The GEMM-backed affine map shared by <see cref="Dense{T}"/> and <see cref="MaskedDense{T}"/>:
/// <c>y = xW + b</c> forward; <c>dx = dy Wᵀ</c>, <c>dW += xᵀ dy</c>, <c>db += Σ_rows dy</c> backward.
/// Transposes are GEMM flags on the same storage, never copies.
/// </summary>
internal static class Affine
{
    public static Matrix<T> Forward<T>(Matrix<T> x, Matrix<T> weight, Matrix<T>? bias, Matrix<T>? cachedOutput)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Columns != weight.Rows)
            throw new ArgumentException($"x is {x.Rows}×{x.Columns} but the layer takes {weight.Rows} inputs per row (weight is {weight.Rows}×{weight.Columns}).", nameof(x));
        var y = Workspace.Plain(cachedOutput, x.Rows, weight.Columns);
        TypedBlas.Gemm(T.One, x, false, weight, false, T.Zero, y);
        if (bias is not null) Kernels.AddRowVector<T>(y.AsSpan(), bias.AsSpan(), y.AsSpan());
        return y;
    }

    /// <summary>The backward pass; with <paramref name="inputGradient"/> false the dx product is skipped and the result is null.</summary>
    public static Matrix<T>? Backward<T>(Matrix<T> x, Matrix<T> dy, Matrix<T> weight, Matrix<T> weightGrad, Matrix<T>? biasGrad, Matrix<T>? cachedDx, bool inputGradient = true)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(dy);
        if (dy.Rows != x.Rows || dy.Columns != weight.Columns)
            throw new ArgumentException($"dy is {dy.Rows}×{dy.Columns} but must be {x.Rows}×{weight.Columns} (the last forward output's shape).", nameof(dy));
        Matrix<T>? dx = null;
        if (inputGradient)
        {
            dx = Workspace.Plain(cachedDx, x.Rows, x.Columns);
            TypedBlas.Gemm(T.One, dy, false, weight, true, T.Zero, dx);
        }
        TypedBlas.Gemm(T.One, x, true, dy, false, T.One, weightGrad);
        if (biasGrad is not null)
        {
            if (!dy.IsTransposed) Kernels.SumColumns<T>(dy.AsSpan(), dy.Columns, biasGrad.AsSpan(), accumulate: true);
            else
            {
                // A transposed view stores dyᵀ: the column sums of dy are the row sums of the storage.
                var storage = dy.AsSpan();
                var grad = biasGrad.AsSpan();
                for (int j = 0; j < dy.Columns; j++) grad[j] += TensorPrimitives.Sum<T>(storage.Slice(j * dy.StorageColumns, dy.Rows));
            }
        }
        return dx;
    }

    /// <summary>PyTorch's default for <c>nn.Linear</c>: weight and bias uniform in ±1/√inputs, from a seeded generator.</summary>
    public static Matrix<T> UniformInit<T>(int rows, int columns, int fanIn, Random rng) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double bound = fanIn > 0 ? 1.0 / Math.Sqrt(fanIn) : 0.0;
        var m = new Matrix<T>(rows, columns);
        var s = m.AsSpan();
        for (int i = 0; i < s.Length; i++) s[i] = T.CreateTruncating((2 * rng.NextDouble() - 1) * bound);
        return m;
    }

    public static Matrix<T> BiasRow<T>(Matrix<T>? bias, int outputs, string name) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (bias is null) return new Matrix<T>(1, outputs);
        if (bias.Rows * bias.Columns != outputs || (bias.Rows != 1 && bias.Columns != 1))
            throw new ArgumentException($"{name} is {bias.Rows}×{bias.Columns} but must be a vector of {outputs} entries (1×{outputs}).", name);
        return new Matrix<T>(1, outputs, bias.ToArray());
    }
}
