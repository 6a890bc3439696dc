using System.Globalization;

namespace BlasNet.Optimization;

/// <summary>
/// One QR factorization with column pivoting of the Jacobian per iteration, J P = Q R, through the
/// core's LAPACK, keeping what the Levenberg–Marquardt step needs: R, the pivots, the column norms of
/// J and the first n components of Qᵀr. Small problems call <see cref="Lapack.Geqp3"/> on J directly.
/// Tall ones (m ≥ <see cref="TallThreshold"/>) would make the pivoted QR stream the whole Jacobian
/// through memory once per column, so they first reduce [J | r] to an (n+1)-column triangle by a
/// sequential tall-skinny QR — row blocks that fit in cache, each stacked under the triangle so far and
/// refactored with <see cref="HouseholderBlockQr"/> — and then pivot the n×n triangle R₁ with Geqp3:
/// J = Q₁R₁ and R₁P = Q₂R give JP = (Q₁Q₂)R, the same R and pivots as a pivoted QR of J (column
/// pivoting only looks at column norms of trailing blocks, which RᵀR = JᵀJ determines).
/// Every matrix the native LAPACK factors here lies in an <see cref="AlignedBuffer{T}"/> (64-byte aligned, never moved),
/// not where the caller's array happens to be: OpenBLAS's dgeqp3 (also BLIS's LAPACK on Debian) rounds differently for a
/// Jacobian 8 bytes further on, and a fit repeated with its arrays elsewhere then took another path (session repro43:
/// a third of a 322-fit sample changed bits, evaluations or status between two runs). The copy is O(m·n) beside the
/// factorization's O(m·n²); the reflectors stay in the copy (<see cref="TryApplyQTransposed"/>).
/// </summary>
internal sealed class PivotedJacobianFactor
{
    /// <summary>Rows from which the blocked tall-skinny path is used.</summary>
    public const int TallThreshold = 10_000;

    private readonly int m;
    private readonly int n;
    private readonly AlignedBuffer<double> tau;
    private readonly AlignedBuffer<double> factored; // where LAPACK factors: J (m×n) on the small path, R₁ (n×n) on the tall one
    private readonly double[] residualCopy;
    private readonly TallSkinnyQr? tall;
    private readonly double[]? triangle;  // (n + 1)×(n + 1) R of [J | r]: R₁ and, in its last column, Q₁ᵀr

    /// <param name="m">Rows of the Jacobian.</param>
    /// <param name="n">Columns of the Jacobian.</param>
    /// <param name="threads">Threads of the tall path's reduction of a row-major Jacobian (<see cref="FactorRowMajor"/>; 1:
    /// sequential). More change R, the pivots' ties and Qᵀr at the level of rounding (see <see cref="TallSkinnyQr"/>).</param>
    public PivotedJacobianFactor(int m, int n, int threads = 1)
    {
        this.m = m;
        this.n = n;
        tau = new AlignedBuffer<double>(n);
        factored = new AlignedBuffer<double>(m >= TallThreshold ? n * n : m * n);
        if (m >= TallThreshold)
        {
            residualCopy = new double[n];
            tall = new TallSkinnyQr(n + 1, TallSkinnyQr.UsefulThreads(m, threads)); // no work blocks for threads it would not use
            triangle = new double[(n + 1) * (n + 1)];
        }
        else residualCopy = new double[m];
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

    /// <summary>Whether this factor takes the tall-skinny path (m ≥ <see cref="TallThreshold"/>), the only one with <see cref="FactorRowMajor"/>.</summary>
    public bool IsTall => triangle is not null;

    /// <summary>Factors the column-major m×n <paramref name="jacobian"/> (read, not written: the QR works on an aligned copy, which keeps the reflectors) and applies Qᵀ to <paramref name="residuals"/>.</summary>
    public void Factor(Span<double> jacobian, ReadOnlySpan<double> residuals)
    {
        if (triangle is not null)
        {
            // [J | r] reduced together: the last column of the triangle is the first n components of Q₁ᵀr.
            tall!.Reduce(m, jacobian, residuals, triangle);
            PivotTriangle();
            return;
        }
        Span<double> qr = factored.Span;
        jacobian[..(m * n)].CopyTo(qr);
        for (int j = 0; j < n; j++) ColumnNorms[j] = Blas.Nrm2(qr.Slice(j * m, m));
        int info = Lapack.Geqp3(m, n, qr, m, Pivot, tau.Span);
        if (info != 0) throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"LAPACK dgeqp3 failed with INFO = {info} on an {m}×{n} Jacobian."));
        residuals.CopyTo(residualCopy);
        ApplyReflectorsTransposed(m, qr, m, residualCopy);
        residualCopy.AsSpan(0, n).CopyTo(QtF);
        Array.Clear(R);
        for (int j = 0; j < n; j++)
            for (int i = 0; i <= j; i++) R[i + j * n] = qr[i + j * m];
    }

    /// <summary>
    /// Tall path only: factors J·diag(<paramref name="columnFactors"/>) for the row-major m×n <paramref name="jacobianRowMajor"/>
    /// (an analytic Jacobian as the user wrote it, the factors the chain rule of the bounds) and applies Qᵀ to
    /// <paramref name="residuals"/>, reading J once, block by block, with no column-major copy. The same R, pivots and Qᵀr
    /// as <see cref="Factor"/> on the scaled column-major copy. False, with nothing factored, when an entry of J is not finite.
    /// </summary>
    public bool FactorRowMajor(ReadOnlySpan<double> jacobianRowMajor, ReadOnlySpan<double> columnFactors, ReadOnlySpan<double> residuals)
    {
        if (triangle is null) throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"FactorRowMajor is for the tall path (m ≥ {TallThreshold}); this factor has m = {m}."));
        if (!tall!.ReduceRowMajor(m, jacobianRowMajor, columnFactors, residuals, triangle)) return false;
        PivotTriangle();
        return true;
    }

    /// <summary>
    /// The first n components of Qᵀf for another m-vector <paramref name="f"/> (overwritten), from the reflectors the last
    /// <see cref="Factor"/> left in this factor's aligned buffer; false on the tall path, which keeps none.
    /// </summary>
    public bool TryApplyQTransposed(Span<double> f, Span<double> destination)
    {
        if (triangle is not null) return false;
        ApplyReflectorsTransposed(m, factored.Span, m, f);
        f[..n].CopyTo(destination);
        return true;
    }

    /// <summary>From the (n+1)×(n+1) triangle of [J | r]: the column norms, R and the pivots of a pivoted QR of R₁, and Qᵀr = Q₂ᵀ(Q₁ᵀr).</summary>
    private void PivotTriangle()
    {
        Span<double> t = triangle;
        // ‖J[:, j]‖ = ‖R₁[:, j]‖ (Q₁ is orthogonal): the column norms come from the triangle, with no pass over J of their
        // own (dnrm2 on each of the n columns was a second read of the whole Jacobian per iteration). Equal to rounding.
        for (int c = 0; c < n; c++) ColumnNorms[c] = VectorNorm.Euclidean(t.Slice(c * (n + 1), c + 1));

        Span<double> square = factored.Span;
        square.Clear();
        for (int c = 0; c < n; c++)
            for (int i = 0; i <= c; i++) square[i + c * n] = t[i + c * (n + 1)];
        int status = Lapack.Geqp3(n, n, square, n, Pivot, tau.Span);
        if (status != 0) throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"LAPACK dgeqp3 failed with INFO = {status}."));
        square.CopyTo(R);
        t.Slice(n * (n + 1), n).CopyTo(residualCopy);
        ApplyReflectorsTransposed(n, R, n, residualCopy);
        residualCopy.AsSpan(0, n).CopyTo(QtF);
        for (int c = 0; c < n; c++)
            for (int i = c + 1; i < n; i++) R[i + c * n] = 0;
    }

    /// <summary>
    /// f ← Qᵀf for the n reflectors Hⱼ = I − τⱼvⱼvⱼᵀ left by geqrf/geqp3 in the column-major
    /// <paramref name="rows"/>×n <paramref name="a"/> (vⱼ = [0…0, 1, a[j+1.., j]]). A direct O(rows·n)
    /// loop: dormqr would be no faster for one vector and needs a workspace on every call.
    /// </summary>
    private void ApplyReflectorsTransposed(int rows, ReadOnlySpan<double> a, int lda, Span<double> f)
    {
        for (int j = 0; j < n; j++)
        {
            double tauJ = tau.Span[j];
            if (tauJ == 0) continue;
            ReadOnlySpan<double> v = a.Slice(j * lda + j + 1, rows - j - 1);
            Span<double> tail = f.Slice(j + 1, rows - j - 1);
            double dot = f[j];
            for (int i = 0; i < v.Length; i++) dot += v[i] * tail[i];
            double scale = tauJ * dot;
            f[j] -= scale;
            for (int i = 0; i < v.Length; i++) tail[i] -= scale * v[i];
        }
    }
}
