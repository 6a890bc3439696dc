#nullable enable
using System.Runtime.InteropServices;

namespace BlasNet.Interop;

/// <summary>
/// Raw Fortran LAPACK bindings (column-major, every argument by reference, trailing underscore),
/// as exported by OpenBLAS, MKL's runtime and reference LAPACK. Unchecked: use
/// <see cref="BlasNet.Lapack"/> for the validated API. Character arguments are single ASCII bytes;
/// the hidden Fortran string-length arguments are omitted, as every common LAPACK build tolerates
/// for length-1 strings.
/// </summary>
public static unsafe partial class LapackNative
{
    private const string Lib = NativeLibraries.Lapack;

    /// <summary>QR factorization <c>A = QR</c> (Householder, blocked).</summary>
    [LibraryImport(Lib, EntryPoint = "dgeqrf_")] public static partial void Dgeqrf(int* m, int* n, double* a, int* lda, double* tau, double* work, int* lwork, int* info);
    /// <summary>QR factorization with column pivoting <c>A P = QR</c>; <c>jpvt</c> is one-based.</summary>
    [LibraryImport(Lib, EntryPoint = "dgeqp3_")] public static partial void Dgeqp3(int* m, int* n, double* a, int* lda, int* jpvt, double* tau, double* work, int* lwork, int* info);
    /// <summary>Multiplies C by Q or Qᵀ from <c>dgeqrf</c>/<c>dgeqp3</c>.</summary>
    [LibraryImport(Lib, EntryPoint = "dormqr_")] public static partial void Dormqr(byte* side, byte* trans, int* m, int* n, int* k, double* a, int* lda, double* tau, double* c, int* ldc, double* work, int* lwork, int* info);
    /// <summary>Solves a triangular system with multiple right-hand sides.</summary>
    [LibraryImport(Lib, EntryPoint = "dtrtrs_")] public static partial void Dtrtrs(byte* uplo, byte* trans, byte* diag, int* n, int* nrhs, double* a, int* lda, double* b, int* ldb, int* info);
    /// <summary>Cholesky factorization of a symmetric positive definite matrix.</summary>
    [LibraryImport(Lib, EntryPoint = "dpotrf_")] public static partial void Dpotrf(byte* uplo, int* n, double* a, int* lda, int* info);
    /// <summary>Solves <c>A X = B</c> with the Cholesky factor from <c>dpotrf</c>.</summary>
    [LibraryImport(Lib, EntryPoint = "dpotrs_")] public static partial void Dpotrs(byte* uplo, int* n, int* nrhs, double* a, int* lda, double* b, int* ldb, int* info);
}
