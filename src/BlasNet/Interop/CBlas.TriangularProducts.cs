#nullable enable
using System.Runtime.InteropServices;

namespace BlasNet.Interop;

public static unsafe partial class CBlas
{
    // ---- Triangular products (trmv, trmm) ----
    // Every full BLAS exports these; a library accepted by path only needs cblas_dgemm, so BlasNet's own provider asks
    // for them first (NativeBackend) and computes in managed code where they are missing. Called directly on a library
    // without them, these throw EntryPointNotFoundException.

    /// <summary><c>x ← op(A) x</c> in place, A an n×n triangular matrix (only its <paramref name="uplo"/> triangle is read, and not its diagonal when <paramref name="diag"/> is Unit).</summary>
    [LibraryImport(Lib, EntryPoint = "cblas_dtrmv")] public static partial void Dtrmv(CblasLayout layout, CblasUplo uplo, CblasTranspose trans, CblasDiag diag, int n, double* a, int lda, double* x, int incX);
    /// <summary><c>x ← op(A) x</c> in place, A an n×n triangular matrix (single precision).</summary>
    [LibraryImport(Lib, EntryPoint = "cblas_strmv")] public static partial void Strmv(CblasLayout layout, CblasUplo uplo, CblasTranspose trans, CblasDiag diag, int n, float* a, int lda, float* x, int incX);
    /// <summary><c>B ← α op(A) B</c> (side Left, A m×m) or <c>B ← α B op(A)</c> (side Right, A n×n) in place of the m×n B, A triangular.</summary>
    [LibraryImport(Lib, EntryPoint = "cblas_dtrmm")] public static partial void Dtrmm(CblasLayout layout, CblasSide side, CblasUplo uplo, CblasTranspose transA, CblasDiag diag, int m, int n, double alpha, double* a, int lda, double* b, int ldb);
    /// <summary><c>B ← α op(A) B</c> or <c>B ← α B op(A)</c> in place of B, A triangular (single precision).</summary>
    [LibraryImport(Lib, EntryPoint = "cblas_strmm")] public static partial void Strmm(CblasLayout layout, CblasSide side, CblasUplo uplo, CblasTranspose transA, CblasDiag diag, int m, int n, float alpha, float* a, int lda, float* b, int ldb);
}
