namespace BlasNet.Quadrature;

/// <summary>Where the logarithmic factor of <see cref="Weight.AlgebraicLog"/> is singular.</summary>
public enum LogAt
{
    /// <summary>log(x − a), singular at the lower limit (SciPy's weight='alg-loga').</summary>
    A,

    /// <summary>log(b − x), singular at the upper limit (SciPy's weight='alg-logb').</summary>
    B,

    /// <summary>log(x − a)·log(b − x), singular at both limits (SciPy's weight='alg-log').</summary>
    Both,
}
