namespace BlasNet.Tests.Core;

/// <summary>
/// Audit lapack51: every <see cref="Lapack"/> routine against SciPy's LAPACK (tests/data/lapack51-reference.json, written by
/// tests/data/lapack51_reference.py; the system LAPACK here, OpenBLAS's). The checks are <see cref="LapackReferenceCaseTests"/>'s.
/// </summary>
public class LapackScipyReference51Tests : LapackReferenceCaseTests
{
    /// <inheritdoc/>
    protected override string FileName => "lapack51-reference.json";

    /// <inheritdoc/>
    protected override string Reference => "SciPy";
}
