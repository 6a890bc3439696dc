using System.Numerics;

namespace BlasNet.Optimization;

/// <summary>
/// A residual function written once over any floating-point type: the solver runs it with <c>double</c> for the
/// residuals and with a forward-mode automatic-differentiation number for the exact Jacobian
/// (<see cref="JacobianMode.Automatic"/>), both into buffers it owns, so no evaluation allocates. That number is
/// internal: <see cref="Dual"/>'s rules with 4, 8, 12 or 16 directions per pass held in SIMD registers (Ceres's Jet), so one
/// evaluation gives up to 16 Jacobian columns and each exp, log or division of the value is computed once for all of them.
/// Write the model for any T (do not test for <c>typeof(T) == typeof(Dual)</c>). Pass it to
/// <see cref="LevenbergMarquardt.Solve(IResidualModel, double[], LevenbergMarquardtOptions?)"/>. A model with many rows can
/// implement <see cref="IRowResidualModel"/> instead (any range of rows per call), so the Jacobian runs over small blocks.
/// <code>
/// sealed class Decay(double[] t, double[] y) : IResidualModel
/// {
///     public int ResidualCount => t.Length;
///     public void Evaluate&lt;T&gt;(ReadOnlySpan&lt;T&gt; p, Span&lt;T&gt; r) where T : IFloatingPointIeee754&lt;T&gt;
///     {
///         for (int i = 0; i &lt; t.Length; i++)
///             r[i] = p[0] * T.Exp(-p[1] * T.CreateChecked(t[i])) - T.CreateChecked(y[i]);
///     }
/// }
/// </code>
/// <para>
/// The constraint is <see cref="IFloatingPointIeee754{TSelf}"/> because it is the one interface <c>double</c> and
/// <see cref="Dual"/> share that brings arithmetic, comparison, conversion from <c>double</c> (<c>T.CreateChecked</c>)
/// and every elementary function, Atan2 and FusedMultiplyAdd included; a narrower list of interfaces would have to be
/// repeated, interface by interface, in every implementation.
/// </para>
/// </summary>
public interface IResidualModel
{
    /// <summary>m, the number of residuals (fixed; at least the number of parameters).</summary>
    int ResidualCount { get; }

    /// <summary>Writes the m residuals r(p). Called with T = <c>double</c> and with the solver's own differentiation number
    /// (or <see cref="Dual"/>).</summary>
    /// <typeparam name="T">The number type of this evaluation.</typeparam>
    /// <param name="parameters">The n parameters (a solver-owned buffer, valid during the call).</param>
    /// <param name="residuals">Destination for the m residuals (solver-owned).</param>
    void Evaluate<T>(ReadOnlySpan<T> parameters, Span<T> residuals) where T : IFloatingPointIeee754<T>;
}
