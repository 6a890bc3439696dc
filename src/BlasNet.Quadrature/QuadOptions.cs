using System.Text;
using BlasNet.Text;

namespace BlasNet.Quadrature;

/// <summary>
/// Tolerances and limits for <see cref="Quad"/>. All properties have defaults and can be set by name,
/// e.g. <c>new QuadOptions { RelativeTolerance = 1e-12 }</c> in C# or
/// <c>QuadOptions(RelativeTolerance = 1e-12)</c> in F#.
/// </summary>
/// <remarks>
/// The requested accuracy is |I − Value| ≤ max(<see cref="AbsoluteTolerance"/>,
/// <see cref="RelativeTolerance"/>·|I|). The default is purely relative, so an integral of size 1e-11
/// still gets ten correct digits (SciPy's absolute default of 1.5e-8 would make such a value noise).
/// </remarks>
public sealed record QuadOptions
{
    /// <summary>The default options (<see cref="Default"/>); set any property by name: <c>new QuadOptions { RelativeTolerance = 1e-12 }</c>,
    /// from F# <c>QuadOptions(RelativeTolerance = 1e-12)</c>.</summary>
    public QuadOptions() { }

    /// <summary>The shared default options.</summary>
    public static QuadOptions Default { get; } = new();

    /// <summary>Absolute error tolerance (≥ 0). Default 0: only the relative tolerance counts.</summary>
    public double AbsoluteTolerance { get; init; }

    /// <summary>Relative error tolerance (≥ 0). Default 1e-10. When <see cref="AbsoluteTolerance"/> is 0 it
    /// must be at least 50·ε ≈ 1.1e-14, the smallest QUADPACK accepts.</summary>
    public double RelativeTolerance { get; init; } = 1e-10;

    /// <summary>Maximum number of subintervals one adaptive run may create (≥ 1). Default 500 (QUADPACK
    /// leaves it to the caller; SciPy uses 50, which is too few for the tighter default tolerance here).
    /// When a call is split into pieces (an infinite range with breakpoints, or a principal value with an
    /// infinite limit or a pole extremely close to a limit), each piece gets this many. The breakpoints
    /// inside the range must leave room: n of them make n + 1 intervals before any bisection, and
    /// n + 1 &gt; MaxIntervals is rejected with an <see cref="ArgumentException"/> naming both numbers
    /// (as QUADPACK's QAGP rejects it) rather than silently exceeding the limit.</summary>
    public int MaxIntervals { get; init; } = 500;

    /// <summary>Points inside the range where the integrand is singular or non-smooth (QUADPACK's QAGP);
    /// the range is split there first. Points must be finite and lie within the limits; points equal to a
    /// limit are ignored; there may be at most <see cref="MaxIntervals"/> − 1 of them inside the range.
    /// Default: none.</summary>
    public IReadOnlyList<double>? Breakpoints { get; init; }

    /// <summary>When true, a result whose <see cref="QuadResult.Status"/> is not
    /// <see cref="QuadStatus.Converged"/> is thrown as a <see cref="QuadratureException"/> instead of
    /// returned (a <see cref="QuadVectorException"/> by <see cref="Quad.IntegrateVector"/>; catch
    /// <see cref="QuadFailureException"/> for both). Default false.</summary>
    public bool ThrowOnFailure { get; init; }

    /// <summary>How <see cref="Quad.IntegrateVector"/> measures vectors of errors and integrals against the
    /// tolerance and ranks subintervals for bisection. Default <see cref="VectorErrorNorm.Max"/>. Scalar
    /// integrals ignore it.</summary>
    public VectorErrorNorm ErrorNorm { get; init; }

    /// <summary>Checked before each application of a rule (each batch of integrand calls, between the bisections of the
    /// adaptive runs); when signalled the call returns <see cref="QuadStatus.Cancelled"/> with the estimate so far (see
    /// there), or throws it as a <see cref="QuadratureException"/> (<see cref="QuadVectorException"/> for vectors) under <see cref="ThrowOnFailure"/>. A token signalled
    /// after the last integrand call changes nothing, and one never signalled leaves every result bit for bit as without
    /// it. Default: none.</summary>
    public CancellationToken CancellationToken { get; init; }

    // The generated ToString writes "QuadOptions { " + these members + " }": numbers invariant, arrays by their contents, null as none (ResultText.Value).
    private bool PrintMembers(StringBuilder builder) => ResultText.RecordMembers(builder, this);
}
