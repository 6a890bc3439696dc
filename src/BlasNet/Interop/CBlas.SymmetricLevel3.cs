#nullable enable
using System.Runtime.InteropServices;

namespace BlasNet.Interop;

public static unsafe partial class CBlas
{
    // ---- Level 3, symmetric: symm and syr2k ----
    /// <summary>
    /// <c>cblas_dsymm</c>: <c>C ← αAB + βC</c> (<paramref name="side"/> Left, A m×m) or <c>C ← αBA + βC</c> (Right, A n×n),
    /// A symmetric with only its <paramref name="uplo"/> triangle read; B and C m×n. Every BLAS with CBLAS exports it
    /// (OpenBLAS, MKL, BLIS, reference CBLAS); a library without it throws <see cref="EntryPointNotFoundException"/> here,
    /// where <see cref="BlasNet.Blas"/>'s <c>Symm</c> runs the managed implementation instead.
    /// </summary>
    [LibraryImport(Lib, EntryPoint = "cblas_dsymm")]
    public static partial void Dsymm(CblasLayout layout, CblasSide side, CblasUplo uplo, int m, int n, double alpha, double* a, int lda, double* b, int ldb, double beta, double* c, int ldc);
    /// <summary><c>cblas_ssymm</c>: the single-precision form of <see cref="Dsymm"/>.</summary>
    [LibraryImport(Lib, EntryPoint = "cblas_ssymm")]
    public static partial void Ssymm(CblasLayout layout, CblasSide side, CblasUplo uplo, int m, int n, float alpha, float* a, int lda, float* b, int ldb, float beta, float* c, int ldc);
    /// <summary>
    /// <c>cblas_dsyr2k</c>: <c>C ← α(op(A)op(B)ᵀ + op(B)op(A)ᵀ) + βC</c> on the <paramref name="uplo"/> triangle of the n×n C
    /// (the other is not touched); op(A), op(B) are n×k (A, B stored n×k for NoTrans, k×n for Trans). A library without it
    /// throws <see cref="EntryPointNotFoundException"/> here, where <see cref="BlasNet.Blas"/>'s <c>Syr2k</c> runs the managed
    /// implementation instead.
    /// </summary>
    [LibraryImport(Lib, EntryPoint = "cblas_dsyr2k")]
    public static partial void Dsyr2k(CblasLayout layout, CblasUplo uplo, CblasTranspose trans, int n, int k, double alpha, double* a, int lda, double* b, int ldb, double beta, double* c, int ldc);
    /// <summary><c>cblas_ssyr2k</c>: the single-precision form of <see cref="Dsyr2k"/>.</summary>
    [LibraryImport(Lib, EntryPoint = "cblas_ssyr2k")]
    public static partial void Ssyr2k(CblasLayout layout, CblasUplo uplo, CblasTranspose trans, int n, int k, float alpha, float* a, int lda, float* b, int ldb, float beta, float* c, int ldc);
}
