namespace BlasNet.Providers;

internal abstract partial class BlasBackend
{
    /// <summary>
    /// Whether the library's trsm and trmm may touch a unit diagonal's slots though they never use them: then A's array
    /// must reach the whole square, (k − 1)·lda + k elements, for the call (UnitTriangleSquare copies a shorter one). True
    /// for every native library: MKL 2020.4's and BLIS 0.9's read A[k − 1, k − 1] with a unit diagonal, and OpenBLAS
    /// 0.3.21's dtrmm/strmm do too on its Cooperlake kernels (AMD Zen 4, session 44; upper, unit, B·A) though not on its
    /// Prescott or Haswell kernels — the kernel depends on the CPU (bench/probes/level3-triangle-guard-page.py, a PROT_NONE
    /// page right after the last element read). False for the managed provider, which reads only the triangle.
    /// </summary>
    public virtual bool TriangularLevel3ReadsUnitDiagonal => true;
}
