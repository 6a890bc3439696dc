#nullable enable
using System.Runtime.InteropServices;

namespace BlasNet.Interop;

// The symmetric level 2 routines: symv (product) and syr/syr2 (rank-1 and rank-2 updates). Every reference CBLAS
// (and OpenBLAS, MKL, BLIS) exports them; a library found by path may not, and calling an absent one throws
// EntryPointNotFoundException. Blas.Symv / Syr / Syr2 check for the export once and run managed code without it.
public static unsafe partial class CBlas
{
    /// <summary><c>y ← αAx + βy</c>, A symmetric n×n, only its <paramref name="uplo"/> triangle read.</summary>
    [LibraryImport(Lib, EntryPoint = "cblas_dsymv")] public static partial void Dsymv(CblasLayout layout, CblasUplo uplo, int n, double alpha, double* a, int lda, double* x, int incX, double beta, double* y, int incY);
    /// <summary><c>y ← αAx + βy</c>, A symmetric n×n, only its <paramref name="uplo"/> triangle read.</summary>
    /// <remarks>
    /// A raw call gets the library's own behaviour: OpenBLAS 0.3.21's ssymv, once a call had a NaN or ±∞ in x, can
    /// give NaN for finite data in later upper calls of some sizes (n ≡ 2 or 3 mod 4, n ≥ 6) until a finite call of
    /// that size refreshes its internal buffer; MKL's gives NaN where the definition gives ∞. <c>Blas.Symv</c> computes
    /// such cases from the definition (src/BlasNet/NaN-and-infinity.md, row <c>Symv</c>); raw callers with non-finite
    /// data should use it.
    /// </remarks>
    [LibraryImport(Lib, EntryPoint = "cblas_ssymv")] public static partial void Ssymv(CblasLayout layout, CblasUplo uplo, int n, float alpha, float* a, int lda, float* x, int incX, float beta, float* y, int incY);
    /// <summary><c>A ← αxxᵀ + A</c> on the <paramref name="uplo"/> triangle of the n×n A only.</summary>
    [LibraryImport(Lib, EntryPoint = "cblas_dsyr")] public static partial void Dsyr(CblasLayout layout, CblasUplo uplo, int n, double alpha, double* x, int incX, double* a, int lda);
    /// <summary><c>A ← αxxᵀ + A</c> on the <paramref name="uplo"/> triangle of the n×n A only.</summary>
    [LibraryImport(Lib, EntryPoint = "cblas_ssyr")] public static partial void Ssyr(CblasLayout layout, CblasUplo uplo, int n, float alpha, float* x, int incX, float* a, int lda);
    /// <summary><c>A ← αxyᵀ + αyxᵀ + A</c> on the <paramref name="uplo"/> triangle of the n×n A only.</summary>
    [LibraryImport(Lib, EntryPoint = "cblas_dsyr2")] public static partial void Dsyr2(CblasLayout layout, CblasUplo uplo, int n, double alpha, double* x, int incX, double* y, int incY, double* a, int lda);
    /// <summary><c>A ← αxyᵀ + αyxᵀ + A</c> on the <paramref name="uplo"/> triangle of the n×n A only.</summary>
    [LibraryImport(Lib, EntryPoint = "cblas_ssyr2")] public static partial void Ssyr2(CblasLayout layout, CblasUplo uplo, int n, float alpha, float* x, int incX, float* y, int incY, float* a, int lda);
}
