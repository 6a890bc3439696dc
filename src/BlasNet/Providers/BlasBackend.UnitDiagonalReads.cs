namespace BlasNet.Providers;

internal abstract partial class BlasBackend
{
    /// <summary>
    /// Whether the library's trsm and trmm may touch a unit diagonal's slots though they never use them: then A's array
    /// must reach the whole square, (k − 1)·lda + k elements, for the call (UnitTriangleSquare copies a shorter one). True
    /// unless measured otherwise (a library found by path or as a plain CBLAS is not known): MKL 2020.4's dtrmm/strsm read
    /// A[k − 1, k − 1] with a unit diagonal (bench/probes/level3-triangle-guard-page.py, a PROT_NONE page right after the
    /// last element read). False for the managed provider (it reads only the triangle) and for the libraries the probe
    /// found reading nothing past the last element read.
    /// </summary>
    public virtual bool TriangularLevel3ReadsUnitDiagonal => true;
}
