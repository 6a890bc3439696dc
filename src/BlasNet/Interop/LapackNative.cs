#nullable enable
using System.Runtime.InteropServices;

namespace BlasNet.Interop;

/// <summary>
/// Raw Fortran LAPACK bindings (column-major, every argument by reference, trailing underscore),
/// as exported by OpenBLAS, MKL's runtime and reference LAPACK. Unchecked: use
/// <see cref="BlasNet.Lapack"/> for the validated API. Character arguments are single ASCII bytes.
/// </summary>
/// <remarks>
/// Fortran passes the length of every <c>CHARACTER</c> argument as a hidden by-value argument after
/// the declared ones (a <c>size_t</c> since gfortran 8). Code built by gfortran ≥ 8 may rely on
/// those slots being present — it can reuse the caller's argument area for a sibling call, the
/// breakage that hit R, OpenBLAS and Reference-LAPACK's C callers — so every binding here declares
/// them (<c>…Length</c> parameters, <see cref="nuint"/>). The overloads without them pass 1 for each.
/// </remarks>
public static unsafe partial class LapackNative
{
    private const string Lib = NativeLibraries.Lapack;

    /// <summary>QR factorization <c>A = QR</c> (Householder, blocked).</summary>
    [LibraryImport(Lib, EntryPoint = "dgeqrf_")] public static partial void Dgeqrf(int* m, int* n, double* a, int* lda, double* tau, double* work, int* lwork, int* info);
    /// <summary>QR factorization with column pivoting <c>A P = QR</c>; <c>jpvt</c> is one-based.</summary>
    [LibraryImport(Lib, EntryPoint = "dgeqp3_")] public static partial void Dgeqp3(int* m, int* n, double* a, int* lda, int* jpvt, double* tau, double* work, int* lwork, int* info);

    /// <summary>Multiplies C by Q or Qᵀ from <c>dgeqrf</c>/<c>dgeqp3</c>; the last two arguments are Fortran's hidden lengths of <paramref name="side"/> and <paramref name="trans"/> (1).</summary>
    [LibraryImport(Lib, EntryPoint = "dormqr_")] public static partial void Dormqr(byte* side, byte* trans, int* m, int* n, int* k, double* a, int* lda, double* tau, double* c, int* ldc, double* work, int* lwork, int* info, nuint sideLength, nuint transLength);
    /// <summary>Multiplies C by Q or Qᵀ from <c>dgeqrf</c>/<c>dgeqp3</c> (hidden string lengths passed as 1).</summary>
    public static void Dormqr(byte* side, byte* trans, int* m, int* n, int* k, double* a, int* lda, double* tau, double* c, int* ldc, double* work, int* lwork, int* info) =>
        Dormqr(side, trans, m, n, k, a, lda, tau, c, ldc, work, lwork, info, 1, 1);

    /// <summary>Solves a triangular system with multiple right-hand sides; the last three arguments are the hidden lengths of <paramref name="uplo"/>, <paramref name="trans"/>, <paramref name="diag"/> (1).</summary>
    [LibraryImport(Lib, EntryPoint = "dtrtrs_")] public static partial void Dtrtrs(byte* uplo, byte* trans, byte* diag, int* n, int* nrhs, double* a, int* lda, double* b, int* ldb, int* info, nuint uploLength, nuint transLength, nuint diagLength);
    /// <summary>Solves a triangular system with multiple right-hand sides (hidden string lengths passed as 1).</summary>
    public static void Dtrtrs(byte* uplo, byte* trans, byte* diag, int* n, int* nrhs, double* a, int* lda, double* b, int* ldb, int* info) =>
        Dtrtrs(uplo, trans, diag, n, nrhs, a, lda, b, ldb, info, 1, 1, 1);

    /// <summary>Cholesky factorization of a symmetric positive definite matrix; the last argument is the hidden length of <paramref name="uplo"/> (1).</summary>
    [LibraryImport(Lib, EntryPoint = "dpotrf_")] public static partial void Dpotrf(byte* uplo, int* n, double* a, int* lda, int* info, nuint uploLength);
    /// <summary>Cholesky factorization of a symmetric positive definite matrix (hidden string length passed as 1).</summary>
    public static void Dpotrf(byte* uplo, int* n, double* a, int* lda, int* info) => Dpotrf(uplo, n, a, lda, info, 1);

    /// <summary>Solves <c>A X = B</c> with the Cholesky factor from <c>dpotrf</c>; the last argument is the hidden length of <paramref name="uplo"/> (1).</summary>
    [LibraryImport(Lib, EntryPoint = "dpotrs_")] public static partial void Dpotrs(byte* uplo, int* n, int* nrhs, double* a, int* lda, double* b, int* ldb, int* info, nuint uploLength);
    /// <summary>Solves <c>A X = B</c> with the Cholesky factor from <c>dpotrf</c> (hidden string length passed as 1).</summary>
    public static void Dpotrs(byte* uplo, int* n, int* nrhs, double* a, int* lda, double* b, int* ldb, int* info) => Dpotrs(uplo, n, nrhs, a, lda, b, ldb, info, 1);
}
