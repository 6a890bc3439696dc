namespace BlasNet.Quadrature;

/// <summary>
/// How <see cref="Quad.IntegrateVector"/> measures a vector of errors (and of integrals) to compare it
/// with the tolerance and to choose the subinterval to bisect next (SciPy's <c>quad_vec</c> norm option).
/// </summary>
public enum VectorErrorNorm
{
    /// <summary>The largest absolute component (∞-norm, SciPy's 'max'): every component's error must be
    /// within max(AbsoluteTolerance, RelativeTolerance·max_k |I_k|).</summary>
    Max = 0,

    /// <summary>The Euclidean norm (SciPy's '2'): ‖errors‖₂ ≤ max(AbsoluteTolerance,
    /// RelativeTolerance·‖I‖₂).</summary>
    Euclidean = 1,
}
