namespace BlasNet;

/// <summary>Whether a BLAS operand is used as stored or transposed.</summary>
public enum Transpose
{
    /// <summary>op(A) = A.</summary>
    None,
    /// <summary>op(A) = Aᵀ.</summary>
    Transposed,
}

/// <summary>Which triangle of a square matrix holds the data.</summary>
public enum Triangle
{
    /// <summary>The upper triangle (row ≤ column).</summary>
    Upper,
    /// <summary>The lower triangle (row ≥ column).</summary>
    Lower,
}

/// <summary>Whether a triangular matrix has an implicit unit diagonal.</summary>
public enum Diagonal
{
    /// <summary>The stored diagonal is used.</summary>
    NonUnit,
    /// <summary>The diagonal is taken as ones and not read.</summary>
    Unit,
}

/// <summary>Side of the unknown in a triangular solve or of Q in a product.</summary>
public enum Side
{
    /// <summary>op(A) X = αB (or Q C).</summary>
    Left,
    /// <summary>X op(A) = αB (or C Q).</summary>
    Right,
}
