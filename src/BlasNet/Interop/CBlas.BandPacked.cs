#nullable enable
using System.Runtime.InteropServices;

namespace BlasNet.Interop;

// Level 2 on band and packed storage. With CblasRowMajor, element A[i, j] of an m×n band matrix (kl sub-, ku
// super-diagonals) is a[i·lda + kl + j − i] (lda ≥ kl + ku + 1); a row-major packed triangle stores the rows of that
// triangle one after another (upper: row i holds A[i, i..n−1]; lower: row i holds A[i, 0..i]). See src/BlasNet/README.md.
public static unsafe partial class CBlas
{
    /// <summary><c>y ← α op(A) x + βy</c>, A an m×n band matrix with kl sub- and ku super-diagonals; row-major: A[i, j] at <c>a[i·lda + kl + j − i]</c>, lda ≥ kl + ku + 1.</summary>
    [LibraryImport(Lib, EntryPoint = "cblas_dgbmv")] public static partial void Dgbmv(CblasLayout layout, CblasTranspose trans, int m, int n, int kl, int ku, double alpha, double* a, int lda, double* x, int incX, double beta, double* y, int incY);
    /// <summary><c>y ← α op(A) x + βy</c>, A an m×n band matrix with kl sub- and ku super-diagonals; row-major: A[i, j] at <c>a[i·lda + kl + j − i]</c>, lda ≥ kl + ku + 1.</summary>
    [LibraryImport(Lib, EntryPoint = "cblas_sgbmv")] public static partial void Sgbmv(CblasLayout layout, CblasTranspose trans, int m, int n, int kl, int ku, float alpha, float* a, int lda, float* x, int incX, float beta, float* y, int incY);
    /// <summary><c>y ← αAx + βy</c>, A symmetric n×n with k off-diagonals, one triangle in band storage; row-major upper: A[i, j] (j ≥ i) at <c>a[i·lda + j − i]</c>, lower: A[i, j] (j ≤ i) at <c>a[i·lda + k + j − i]</c>, lda ≥ k + 1.</summary>
    [LibraryImport(Lib, EntryPoint = "cblas_dsbmv")] public static partial void Dsbmv(CblasLayout layout, CblasUplo uplo, int n, int k, double alpha, double* a, int lda, double* x, int incX, double beta, double* y, int incY);
    /// <summary><c>y ← αAx + βy</c>, A symmetric n×n with k off-diagonals, one triangle in band storage (see <see cref="Dsbmv"/>).</summary>
    [LibraryImport(Lib, EntryPoint = "cblas_ssbmv")] public static partial void Ssbmv(CblasLayout layout, CblasUplo uplo, int n, int k, float alpha, float* a, int lda, float* x, int incX, float beta, float* y, int incY);
    /// <summary><c>y ← αAx + βy</c>, A symmetric n×n, one triangle packed (n(n+1)/2 elements); row-major upper: row i holds A[i, i..n−1], lower: row i holds A[i, 0..i], rows one after another.</summary>
    [LibraryImport(Lib, EntryPoint = "cblas_dspmv")] public static partial void Dspmv(CblasLayout layout, CblasUplo uplo, int n, double alpha, double* ap, double* x, int incX, double beta, double* y, int incY);
    /// <summary><c>y ← αAx + βy</c>, A symmetric n×n, one triangle packed (see <see cref="Dspmv"/>).</summary>
    [LibraryImport(Lib, EntryPoint = "cblas_sspmv")] public static partial void Sspmv(CblasLayout layout, CblasUplo uplo, int n, float alpha, float* ap, float* x, int incX, float beta, float* y, int incY);
}

public static unsafe partial class CBlas
{
    /// <summary><c>x ← op(A) x</c>, A triangular n×n with k off-diagonals in band storage (row-major, as <see cref="Dsbmv"/>'s triangle).</summary>
    [LibraryImport(Lib, EntryPoint = "cblas_dtbmv")] public static partial void Dtbmv(CblasLayout layout, CblasUplo uplo, CblasTranspose trans, CblasDiag diag, int n, int k, double* a, int lda, double* x, int incX);
    /// <summary><c>x ← op(A) x</c>, A triangular n×n with k off-diagonals in band storage (row-major, as <see cref="Ssbmv"/>'s triangle).</summary>
    [LibraryImport(Lib, EntryPoint = "cblas_stbmv")] public static partial void Stbmv(CblasLayout layout, CblasUplo uplo, CblasTranspose trans, CblasDiag diag, int n, int k, float* a, int lda, float* x, int incX);
    /// <summary><c>x ← op(A) x</c>, A triangular n×n, packed row by row (row-major, as <see cref="Dspmv"/>'s triangle).</summary>
    [LibraryImport(Lib, EntryPoint = "cblas_dtpmv")] public static partial void Dtpmv(CblasLayout layout, CblasUplo uplo, CblasTranspose trans, CblasDiag diag, int n, double* ap, double* x, int incX);
    /// <summary><c>x ← op(A) x</c>, A triangular n×n, packed row by row (row-major, as <see cref="Sspmv"/>'s triangle).</summary>
    [LibraryImport(Lib, EntryPoint = "cblas_stpmv")] public static partial void Stpmv(CblasLayout layout, CblasUplo uplo, CblasTranspose trans, CblasDiag diag, int n, float* ap, float* x, int incX);
}

public static unsafe partial class CBlas
{
    /// <summary><c>A ← αxxᵀ + A</c>, A symmetric n×n, its triangle packed row by row (row-major, as <see cref="Dspmv"/>'s).</summary>
    [LibraryImport(Lib, EntryPoint = "cblas_dspr")] public static partial void Dspr(CblasLayout layout, CblasUplo uplo, int n, double alpha, double* x, int incX, double* ap);
    /// <summary><c>A ← αxxᵀ + A</c>, A symmetric n×n, its triangle packed row by row (row-major, as <see cref="Sspmv"/>'s).</summary>
    [LibraryImport(Lib, EntryPoint = "cblas_sspr")] public static partial void Sspr(CblasLayout layout, CblasUplo uplo, int n, float alpha, float* x, int incX, float* ap);
    /// <summary><c>A ← αxyᵀ + αyxᵀ + A</c>, A symmetric n×n, its triangle packed row by row (row-major, as <see cref="Dspmv"/>'s).</summary>
    [LibraryImport(Lib, EntryPoint = "cblas_dspr2")] public static partial void Dspr2(CblasLayout layout, CblasUplo uplo, int n, double alpha, double* x, int incX, double* y, int incY, double* ap);
    /// <summary><c>A ← αxyᵀ + αyxᵀ + A</c>, A symmetric n×n, its triangle packed row by row (row-major, as <see cref="Sspmv"/>'s).</summary>
    [LibraryImport(Lib, EntryPoint = "cblas_sspr2")] public static partial void Sspr2(CblasLayout layout, CblasUplo uplo, int n, float alpha, float* x, int incX, float* y, int incY, float* ap);
}
