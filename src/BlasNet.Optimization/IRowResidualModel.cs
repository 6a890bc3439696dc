using System.Numerics;

namespace BlasNet.Optimization;

/// <summary>
/// An <see cref="IResidualModel"/> that can evaluate any range of its rows: residuals firstRow … firstRow + k − 1 into a
/// span of length k. The automatic Jacobian then runs the model over blocks of a few dozen rows into a small buffer that
/// stays in the L1 cache and copies each block's derivatives into the Jacobian while they are there, instead of writing
/// the differentiation numbers of all m rows to memory (136 bytes a row with 16 directions, 27 MB for 200 000 rows) and
/// reading them back. Measured on the 200 000-row benchmark fit (bench/RESULTS.md, issue 11): a third fewer page faults
/// per fit, and about the same time per Jacobian pass, which the arithmetic on the derivatives bounds either way. For a
/// few hundred rows <see cref="IResidualModel"/> is as good.
/// <para>
/// Implement <see cref="EvaluateRows{T}"/> only: the whole-vector <see cref="IResidualModel.Evaluate{T}"/> defaults to
/// rows 0 … m − 1. The solver checks the row form once per fit: the values of the first automatic Jacobian, evaluated in
/// blocks, must equal the residuals of the whole-vector form, or it throws <see cref="InvalidOperationException"/> naming
/// the first row that differs (a model that ignores <c>firstRow</c> is the usual mistake).
/// </para>
/// <code>
/// sealed class Decay(double[] t, double[] y) : IRowResidualModel
/// {
///     public int ResidualCount => t.Length;
///     public void EvaluateRows&lt;T&gt;(ReadOnlySpan&lt;T&gt; p, int firstRow, Span&lt;T&gt; r) where T : IFloatingPointIeee754&lt;T&gt;
///     {
///         for (int k = 0; k &lt; r.Length; k++)
///         {
///             int i = firstRow + k;
///             r[k] = p[0] * T.Exp(-p[1] * T.CreateChecked(t[i])) - T.CreateChecked(y[i]);
///         }
///     }
/// }
/// </code>
/// </summary>
public interface IRowResidualModel : IResidualModel
{
    /// <summary>Writes residuals firstRow … firstRow + residuals.Length − 1 of r(p) into residuals[0 …]. Called with
    /// T = <c>double</c> and with the solver's differentiation number, for ranges that cover 0 … m − 1.</summary>
    /// <typeparam name="T">The number type of this evaluation.</typeparam>
    /// <param name="parameters">The n parameters (a solver-owned buffer, valid during the call).</param>
    /// <param name="firstRow">The index of the first residual to write (0 ≤ firstRow &lt; m).</param>
    /// <param name="residuals">Destination for the residuals of the range (solver-owned; its length is the range's,
    /// firstRow + length ≤ m).</param>
    void EvaluateRows<T>(ReadOnlySpan<T> parameters, int firstRow, Span<T> residuals) where T : IFloatingPointIeee754<T>;

    /// <summary>All m residuals: <see cref="EvaluateRows{T}"/> from row 0.</summary>
    /// <typeparam name="T">The number type of this evaluation.</typeparam>
    /// <param name="parameters">The n parameters.</param>
    /// <param name="residuals">Destination for the m residuals.</param>
    void IResidualModel.Evaluate<T>(ReadOnlySpan<T> parameters, Span<T> residuals) => EvaluateRows(parameters, 0, residuals);
}
