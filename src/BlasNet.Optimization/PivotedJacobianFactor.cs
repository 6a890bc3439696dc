namespace BlasNet.Optimization;

/// <summary>
/// One QR factorization with column pivoting of the Jacobian per iteration, J P = Q R, through the
/// core's LAPACK (<see cref="Lapack.Geqp3"/>, blocked BLAS-3 on a native provider), keeping what
/// the Levenberg–Marquardt step needs: R, the pivots, the column norms of J and Qᵀr.
/// </summary>
internal sealed class PivotedJacobianFactor
{
    private readonly int m;
    private readonly int n;
    private readonly double[] tau;
    private readonly double[] residualCopy;

    public PivotedJacobianFactor(int m, int n)
    {
        this.m = m;
        this.n = n;
        tau = new double[n];
        residualCopy = new double[m];
        R = new double[n * n];
        Pivot = new int[n];
        ColumnNorms = new double[n];
        QtF = new double[n];
    }

    /// <summary>Column-major n×n upper-triangular R (strict lower triangle zero).</summary>
    public double[] R { get; }

    /// <summary>Column j of JP is column Pivot[j] of J.</summary>
    public int[] Pivot { get; }

    /// <summary>‖J[:, j]‖ for every original column j.</summary>
    public double[] ColumnNorms { get; }

    /// <summary>The first n components of Qᵀr.</summary>
    public double[] QtF { get; }

    /// <summary>Factors the column-major m×n <paramref name="jacobian"/> (overwritten) and applies Qᵀ to <paramref name="residuals"/>.</summary>
    public void Factor(Span<double> jacobian, ReadOnlySpan<double> residuals)
    {
        for (int j = 0; j < n; j++) ColumnNorms[j] = Blas.Nrm2(jacobian.Slice(j * m, m));
        int info = Lapack.Geqp3(m, n, jacobian, m, Pivot, tau);
        if (info != 0) throw new InvalidOperationException($"LAPACK dgeqp3 failed with INFO = {info} on an {m}×{n} Jacobian.");
        residuals.CopyTo(residualCopy);
        info = Lapack.Ormqr(Side.Left, Transpose.Transposed, m, 1, n, jacobian, m, tau, residualCopy, m);
        if (info != 0) throw new InvalidOperationException($"LAPACK dormqr failed with INFO = {info}.");
        residualCopy.AsSpan(0, n).CopyTo(QtF);
        Array.Clear(R);
        for (int j = 0; j < n; j++)
            for (int i = 0; i <= j; i++) R[i + j * n] = jacobian[i + j * m];
    }
}
