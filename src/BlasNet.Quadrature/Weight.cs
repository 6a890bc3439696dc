using System.Globalization;

namespace BlasNet.Quadrature;

/// <summary>
/// A weight function w for <see cref="Quad.Integrate(Func{double, double}, double, double, Weight, QuadOptions?)"/>,
/// which computes ∫_a^b w(x) f(x) dx with the singular or oscillatory factor w handled analytically by the rule.
/// </summary>
/// <remarks>Create one with <see cref="Algebraic"/>, <see cref="AlgebraicLog"/>, <see cref="Cauchy"/>, <see cref="Cos"/> or <see cref="Sin"/>. Instances are immutable and compare
/// by value.</remarks>
public sealed record Weight
{
    private Weight(WeightKind kind, double alpha, double beta, double pole)
    {
        Kind = kind;
        Alpha = alpha;
        Beta = beta;
        Pole = pole;
    }

    internal WeightKind Kind { get; }

    internal double Alpha { get; }

    internal double Beta { get; }

    internal double Pole { get; }

    /// <summary>The algebraic end-point weight w(x) = (x − a)^α (b − x)^β on a finite range a &lt; b (QUADPACK's
    /// QAWS; SciPy's weight='alg').</summary>
    /// <param name="alpha">Exponent at the lower limit; finite and &gt; −1.</param>
    /// <param name="beta">Exponent at the upper limit; finite and &gt; −1.</param>
    /// <returns>The weight.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An exponent is not finite or not greater than −1 (the
    /// integral of the weight would diverge).</exception>
    public static Weight Algebraic(double alpha, double beta)
    {
        RequireExponent(alpha, nameof(alpha));
        RequireExponent(beta, nameof(beta));
        return new Weight(WeightKind.Algebraic, alpha, beta, double.NaN);
    }

    /// <summary>The Cauchy weight w(x) = 1/(x − c): the principal value, exactly as
    /// <see cref="Quad.CauchyPrincipalValue(Func{double, double}, double, double, double, QuadOptions?)"/>.</summary>
    /// <param name="c">The pole; finite.</param>
    /// <returns>The weight.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="c"/> is not finite.</exception>
    public static Weight Cauchy(double c)
    {
        if (!double.IsFinite(c))
            throw new ArgumentOutOfRangeException(nameof(c), c, string.Create(CultureInfo.InvariantCulture, $"The pole must be finite (got {c})."));
        return new Weight(WeightKind.Cauchy, double.NaN, double.NaN, c);
    }

    /// <inheritdoc/>
    public override string ToString() => Kind switch
    {
        // Invariant, as every printed result of BlasNet (a decimal point whatever the current culture).
        WeightKind.Algebraic when Log is LogAt log => string.Create(CultureInfo.InvariantCulture, $"(x − a)^{Alpha:R}·(b − x)^{Beta:R}·{LogText(log)}"),
        WeightKind.Algebraic => string.Create(CultureInfo.InvariantCulture, $"(x − a)^{Alpha:R}·(b − x)^{Beta:R}"),
        WeightKind.Cos => string.Create(CultureInfo.InvariantCulture, $"cos({Omega:R}·x)"),
        WeightKind.Sin => string.Create(CultureInfo.InvariantCulture, $"sin({Omega:R}·x)"),
        _ => string.Create(CultureInfo.InvariantCulture, $"1/(x − {Pole:R})"),
    };

    /// <summary>The angular frequency ω of <see cref="Cos"/> and <see cref="Sin"/> (NaN for the other weights).</summary>
    internal double Omega { get; private init; } = double.NaN;

    /// <summary>The oscillatory weight w(x) = cos(ωx): on a finite range QUADPACK's QAWO, with b = +∞ (or a = −∞)
    /// its QAWF (SciPy's weight='cos').</summary>
    /// <param name="omega">The angular frequency; finite, of any sign and size (ω = 0 is the plain integral).</param>
    /// <returns>The weight.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="omega"/> is NaN or infinite.</exception>
    public static Weight Cos(double omega)
    {
        RequireFrequency(omega);
        return new Weight(WeightKind.Cos, double.NaN, double.NaN, double.NaN) { Omega = omega };
    }

    /// <summary>The oscillatory weight w(x) = sin(ωx): on a finite range QUADPACK's QAWO, with b = +∞ (or a = −∞)
    /// its QAWF (SciPy's weight='sin').</summary>
    /// <param name="omega">The angular frequency; finite, of any sign and size (ω = 0 gives 0).</param>
    /// <returns>The weight.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="omega"/> is NaN or infinite.</exception>
    public static Weight Sin(double omega)
    {
        RequireFrequency(omega);
        return new Weight(WeightKind.Sin, double.NaN, double.NaN, double.NaN) { Omega = omega };
    }

    private static void RequireFrequency(double omega)
    {
        if (!double.IsFinite(omega))
            throw new ArgumentOutOfRangeException(nameof(omega), omega, string.Create(CultureInfo.InvariantCulture, $"The frequency omega must be finite (got {omega})."));
    }

    private static void RequireExponent(double value, string name)
    {
        if (!(value > -1.0) || !double.IsFinite(value))
            throw new ArgumentOutOfRangeException(name, value, string.Create(CultureInfo.InvariantCulture, $"The exponent {name} must be finite and greater than −1 (got {value})."));
    }

    /// <summary>The algebraic-logarithmic end-point weight: (x − a)^α (b − x)^β times log(x − a)
    /// (<see cref="LogAt.A"/>), log(b − x) (<see cref="LogAt.B"/>) or log(x − a)·log(b − x)
    /// (<see cref="LogAt.Both"/>) on a finite range a &lt; b (QUADPACK's QAWS with integr = 2, 3, 4; SciPy's
    /// weight='alg-loga', 'alg-logb', 'alg-log').</summary>
    /// <param name="alpha">Exponent at the lower limit; finite and &gt; −1.</param>
    /// <param name="beta">Exponent at the upper limit; finite and &gt; −1.</param>
    /// <param name="log">Which limit the logarithm is singular at.</param>
    /// <returns>The weight.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An exponent is not finite or not greater than −1, or
    /// <paramref name="log"/> is not a member of <see cref="LogAt"/>.</exception>
    public static Weight AlgebraicLog(double alpha, double beta, LogAt log)
    {
        RequireExponent(alpha, nameof(alpha));
        RequireExponent(beta, nameof(beta));
        if (!Enum.IsDefined(log))
            throw new ArgumentOutOfRangeException(nameof(log), log, $"The log position must be LogAt.A, LogAt.B or LogAt.Both (got {log}).");
        return new Weight(WeightKind.Algebraic, alpha, beta, double.NaN) { Log = log };
    }

    /// <summary>The logarithmic factor of an algebraic weight; null for the plain <see cref="Algebraic"/> weight.</summary>
    internal LogAt? Log { get; private init; }

    internal bool LogAtA => Log is LogAt.A or LogAt.Both;

    internal bool LogAtB => Log is LogAt.B or LogAt.Both;

    private static string LogText(LogAt log) => log switch
    {
        LogAt.A => "log(x − a)",
        LogAt.B => "log(b − x)",
        _ => "log(x − a)·log(b − x)",
    };
}

/// <summary>Which weight a <see cref="Weight"/> is.</summary>
internal enum WeightKind
{
    Algebraic,
    Cauchy,
    Cos,
    Sin,
}
