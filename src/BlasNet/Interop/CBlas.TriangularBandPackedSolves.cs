#nullable enable
using System.Runtime.InteropServices;

namespace BlasNet.Interop;

// Triangular band and packed solves (level 2), storage as the products' (CBlas.BandPacked.cs): band rows of the stored
// triangle (upper: A[i, j] at a[i·lda + j − i]; lower: a[i·lda + k + j − i]), packed triangle rows one after another.
public static unsafe partial class CBlas
{
    /// <summary><c>x ← op(A)⁻¹ x</c> (solves op(A) y = x), A triangular n×n with k off-diagonals in band storage (row-major, as <see cref="Dtbmv"/>'s). No singularity test.</summary>
    [LibraryImport(Lib, EntryPoint = "cblas_dtbsv")] public static partial void Dtbsv(CblasLayout layout, CblasUplo uplo, CblasTranspose trans, CblasDiag diag, int n, int k, double* a, int lda, double* x, int incX);
    /// <summary><c>x ← op(A)⁻¹ x</c> (solves op(A) y = x), A triangular n×n with k off-diagonals in band storage (row-major, as <see cref="Stbmv"/>'s). No singularity test.</summary>
    [LibraryImport(Lib, EntryPoint = "cblas_stbsv")] public static partial void Stbsv(CblasLayout layout, CblasUplo uplo, CblasTranspose trans, CblasDiag diag, int n, int k, float* a, int lda, float* x, int incX);
    /// <summary><c>x ← op(A)⁻¹ x</c> (solves op(A) y = x), A triangular n×n packed row by row (row-major, as <see cref="Dtpmv"/>'s). No singularity test.</summary>
    [LibraryImport(Lib, EntryPoint = "cblas_dtpsv")] public static partial void Dtpsv(CblasLayout layout, CblasUplo uplo, CblasTranspose trans, CblasDiag diag, int n, double* ap, double* x, int incX);
    /// <summary><c>x ← op(A)⁻¹ x</c> (solves op(A) y = x), A triangular n×n packed row by row (row-major, as <see cref="Stpmv"/>'s). No singularity test.</summary>
    [LibraryImport(Lib, EntryPoint = "cblas_stpsv")] public static partial void Stpsv(CblasLayout layout, CblasUplo uplo, CblasTranspose trans, CblasDiag diag, int n, float* ap, float* x, int incX);
}
