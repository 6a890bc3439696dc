using System.Globalization;
using System.Numerics;
using System.Numerics.Tensors;

namespace BlasNet.Neural;

/// <summary>
/// The GEMM-backed affine map shared by <see cref="Dense{T}"/>, <see cref="MaskedDense{T}"/> and their
/// Half stage: <c>y = xW + b</c> forward; <c>dx = dy Wᵀ</c>, <c>dW += xᵀ dy</c>, <c>db += Σ_rows dy</c>
/// backward; the initialization (one seeding rule for both layers) and the masking (a parameter's
/// trainable mask is the connection matrix: selected on the value before use and on each gradient)
/// live here once. Transposes are GEMM flags on the same storage, never copies.
/// </summary>
internal static partial class Affine
{
    public static Matrix<T> Forward<T>(Matrix<T> x, Matrix<T> weight, Matrix<T>? bias, Matrix<T>? cachedOutput)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Columns != weight.Rows)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"x is {x.Rows}×{x.Columns} but the layer takes {weight.Rows} inputs per row (weight is {weight.Rows}×{weight.Columns})."), nameof(x));
        var y = Workspace.Plain(cachedOutput, x.Rows, weight.Columns);
        TypedBlas.Gemm(T.One, x, false, weight, false, T.Zero, y);
        if (bias is not null) Kernels.AddRowVector<T>(y.AsSpan(), bias.AsSpan(), y.AsSpan());
        return y;
    }

    /// <summary>
    /// Refuses a null dy or one of another shape than the last output (x.Rows × weight.Columns). Called before the
    /// layer touches its parameters' gradients: <see cref="Parameter{T}.AccumulateGrad"/> turns a null gradient into
    /// zeros, and a refused backward pass that left them behind had an optimizer step on them as if they were a gradient.
    /// </summary>
    public static void RequireGradientShape<T>(Matrix<T> x, Matrix<T> dy, Matrix<T> weight) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(dy);
        if (dy.Rows != x.Rows || dy.Columns != weight.Columns)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"dy is {dy.Rows}×{dy.Columns} but must be {x.Rows}×{weight.Columns} (the last forward output's shape)."), nameof(dy));
    }

    /// <summary>
    /// The backward pass; with <paramref name="inputGradient"/> false the dx product is skipped and the result is null.
    /// Callers check dy with <see cref="RequireGradientShape"/> before they take the gradients to add into.
    /// </summary>
    /// <remarks>
    /// <paramref name="freshWeightGrad"/> says the weight's gradient was null before this pass (zero-filled now): the product is
    /// then formed in it. Otherwise it is formed in <paramref name="contribution"/> (a buffer the layer keeps) and added, as
    /// PyTorch's autograd adds a contribution; a GEMM with β = 1 into the gradient rounds differently on some BLAS (MKL sums C
    /// into the product), so a twin pass that cancels the first (a unit with no input of a Siamese ranker: its head weight's
    /// gradient is tanh(b)·(S − S), exactly 0 in PyTorch) left a residual that Adam stepped on (float32 on MKL: 8.8e-3 off).
    /// </remarks>
    public static Matrix<T>? Backward<T>(Matrix<T> x, Matrix<T> dy, Matrix<T> weight, Matrix<T> weightGrad, bool freshWeightGrad, ref Matrix<T>? contribution,
        Matrix<T>? biasGrad, Matrix<T>? cachedDx, bool inputGradient = true)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        RequireGradientShape(x, dy, weight);
        Matrix<T>? dx = null;
        if (inputGradient)
        {
            dx = Workspace.Plain(cachedDx, x.Rows, x.Columns);
            TypedBlas.Gemm(T.One, dy, false, weight, true, T.Zero, dx);
        }
        if (freshWeightGrad) TypedBlas.Gemm(T.One, x, true, dy, false, T.Zero, weightGrad);
        else
        {
            contribution = Workspace.Plain(contribution, weightGrad.Rows, weightGrad.Columns);
            TypedBlas.Gemm(T.One, x, true, dy, false, T.Zero, contribution);
            TensorPrimitives.Add<T>(weightGrad.AsSpan(), contribution.AsSpan(), weightGrad.AsSpan());
        }
        if (biasGrad is not null) AddColumnSums(dy, biasGrad.AsSpan());
        return dx;
    }

    /// <summary>
    /// Adds this pass's bias gradient Σ_rows dy into <paramref name="grad"/> as PyTorch's autograd accumulates a contribution:
    /// the column sums are formed on their own (in double, rounded once to T: a long batch does not drift) and then added to
    /// the gradient in T. Until session 52 (nn56) the sums were continued in double from the gradient's value and rounded
    /// once, so a second pass did not add the rounded contribution: a Siamese ranker's score-head bias, whose gradient is
    /// exactly 0 in PyTorch (the branches' sums S and −S cancel, the loss not depending on a shared offset), kept the first
    /// sum's rounding error (1e-9 in float32), and Adam, which scales a gradient to about ±1 whatever its size, stepped the bias
    /// by lr·|g|/(|g| + ε), 0.0017 where PyTorch's stood still. On a gradient's first touch (zeros) the result is unchanged.
    /// </summary>
    private static void AddColumnSums<T>(Matrix<T> dy, Span<T> grad) where T : unmanaged, IFloatingPointIeee754<T>
    {
        const int StackColumns = 256;
        T[]? rented = grad.Length > StackColumns ? System.Buffers.ArrayPool<T>.Shared.Rent(grad.Length) : null;
        try
        {
            Span<T> sums = rented is null ? stackalloc T[StackColumns] : rented;
            sums = sums[..grad.Length];
            if (!dy.IsTransposed) Kernels.SumColumns<T>(dy.AsSpan(), dy.Columns, sums);
            else
            {
                // A transposed view stores dyᵀ: the column sums of dy are the row sums of the storage, added in double as
                // SumColumns adds a plain dy's, so the gradient is the same bits in either layout (TensorPrimitives.Sum in
                // float gave another one, off by 1e-4 over 2²⁰ rows).
                var storage = dy.AsSpan();
                for (int j = 0; j < dy.Columns; j++)
                {
                    double sum = 0;
                    foreach (var v in storage.Slice(j * dy.StorageColumns, dy.Rows)) sum += double.CreateTruncating(v);
                    sums[j] = T.CreateTruncating(sum);
                }
            }
            TensorPrimitives.Add<T>(grad, sums, grad);
        }
        finally
        {
            if (rented is not null) System.Buffers.ArrayPool<T>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// PyTorch's default for <c>nn.Linear</c>, from one generator seeded with <paramref name="seed"/>:
    /// the inputs×outputs weight, then (when asked for) the 1×outputs bias, uniform in ±1/√inputs. The
    /// same seed gives the same weights to a <see cref="Dense{T}"/> and a <see cref="MaskedDense{T}"/>
    /// (before masking).
    /// </summary>
    public static (Matrix<T> Weight, Matrix<T>? Bias) Initialize<T>(int inputs, int outputs, bool bias, int seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(seed);
        var weight = UniformInit<T>(inputs, outputs, inputs, rng);
        return (weight, bias ? UniformInit<T>(1, outputs, inputs, rng) : null);
    }

    /// <summary>
    /// The parameter as the map applies it: the value with its masked entries selected as 0 (into
    /// <paramref name="cached"/>, reused when it has the shape) for a masked parameter, so a hand-edited
    /// masked entry has no effect, even ∞ or NaN (a product with the mask would turn those into NaN);
    /// the value itself otherwise.
    /// </summary>
    public static Matrix<T> Effective<T>(Parameter<T> p, Matrix<T>? cached) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (p.Mask is null) return p.Value;
        var m = Workspace.Plain(cached, p.Value.Rows, p.Value.Columns);
        MaskSelect.ZeroMasked<T>(p.Value.AsSpan(), p.Mask.AsSpan(), m.AsSpan());
        return m;
    }

    /// <summary>The gradient with masked entries selected as exactly 0, in place, for a masked parameter; nothing otherwise.</summary>
    public static void MaskGradient<T>(Span<T> gradient, Parameter<T>? p) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (p?.Mask is { } mask) MaskSelect.ZeroMasked<T>(gradient, mask.AsSpan(), gradient);
    }

    /// <summary>Stores the masked entries of a new parameter as 0.</summary>
    public static void ZeroMasked<T>(Parameter<T>? p) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (p?.Mask is not { } mask) return;
        // Set, not multiplied: a NaN or ∞ given for a masked entry must still be stored as 0.
        var v = p.Value.AsSpan();
        var m = mask.AsSpan();
        for (int i = 0; i < v.Length; i++) if (m[i] == T.Zero) v[i] = T.Zero;
    }

    /// <summary>Uniform in ±1/√fanIn from <paramref name="rng"/>.</summary>
    private static Matrix<T> UniformInit<T>(int rows, int columns, int fanIn, Random rng) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double bound = fanIn > 0 ? 1.0 / Math.Sqrt(fanIn) : 0.0;
        var m = new Matrix<T>(rows, columns);
        var s = m.AsSpan();
        // With no inputs (bound 0) a draw below ½ gave −0·0 = −0: a bias printed "-0" where torch.nn.Linear(0, n) has +0.
        // The draw is still taken, so the generator's sequence does not depend on the bound.
        for (int i = 0; i < s.Length; i++)
        {
            double u = 2 * rng.NextDouble() - 1;
            s[i] = bound == 0 ? T.Zero : T.CreateTruncating(u * bound);
        }
        return m;
    }

    public static Matrix<T> BiasRow<T>(Matrix<T>? bias, int outputs, string name) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (bias is null) return new Matrix<T>(1, outputs);
        if (bias.Rows * bias.Columns != outputs || (bias.Rows != 1 && bias.Columns != 1))
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{name} is {bias.Rows}×{bias.Columns} but must be a vector of {outputs} entries (1×{outputs})."), name);
        return new Matrix<T>(1, outputs, bias.ToArray());
    }
}
