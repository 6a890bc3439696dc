#nullable enable
using System.Runtime.InteropServices;

namespace BlasNet.Interop;

/// <summary>CBLAS storage order (<c>CBLAS_ORDER</c>).</summary>
public enum CblasLayout
{
    /// <summary>Row-major (C) order, <c>CblasRowMajor</c> = 101.</summary>
    RowMajor = 101,
    /// <summary>Column-major (Fortran) order, <c>CblasColMajor</c> = 102.</summary>
    ColumnMajor = 102,
}

/// <summary>CBLAS transpose flag (<c>CBLAS_TRANSPOSE</c>).</summary>
public enum CblasTranspose
{
    /// <summary><c>CblasNoTrans</c> = 111.</summary>
    NoTrans = 111,
    /// <summary><c>CblasTrans</c> = 112.</summary>
    Trans = 112,
}

/// <summary>CBLAS triangle selector (<c>CBLAS_UPLO</c>).</summary>
public enum CblasUplo
{
    /// <summary><c>CblasUpper</c> = 121.</summary>
    Upper = 121,
    /// <summary><c>CblasLower</c> = 122.</summary>
    Lower = 122,
}

/// <summary>CBLAS diagonal kind (<c>CBLAS_DIAG</c>).</summary>
public enum CblasDiag
{
    /// <summary><c>CblasNonUnit</c> = 131.</summary>
    NonUnit = 131,
    /// <summary><c>CblasUnit</c> = 132.</summary>
    Unit = 132,
}

/// <summary>CBLAS side selector (<c>CBLAS_SIDE</c>).</summary>
public enum CblasSide
{
    /// <summary><c>CblasLeft</c> = 141.</summary>
    Left = 141,
    /// <summary><c>CblasRight</c> = 142.</summary>
    Right = 142,
}

/// <summary>
/// Raw CBLAS bindings (levels 1–3, single and double precision) against the native BLAS that
/// <see cref="NativeLibraries"/> resolved. Pointer based and unchecked: a wrong size here reads or
/// writes out of bounds. Use <see cref="BlasNet.Blas"/> for the validated API.
/// </summary>
/// <remarks>
/// No <c>SuppressGCTransition</c> here: every one of these may run for long (or call back into a
/// threaded runtime), and suppressing the transition would stall the GC for that time.
/// </remarks>
public static unsafe partial class CBlas
{
    private const string Lib = NativeLibraries.Blas;

    // ---- Level 1 ----
    /// <summary><c>y ← αx + y</c>.</summary>
    [LibraryImport(Lib, EntryPoint = "cblas_daxpy")] public static partial void Daxpy(int n, double alpha, double* x, int incX, double* y, int incY);
    /// <summary><c>y ← αx + y</c>.</summary>
    [LibraryImport(Lib, EntryPoint = "cblas_saxpy")] public static partial void Saxpy(int n, float alpha, float* x, int incX, float* y, int incY);
    /// <summary>Dot product <c>xᵀy</c>.</summary>
    [LibraryImport(Lib, EntryPoint = "cblas_ddot")] public static partial double Ddot(int n, double* x, int incX, double* y, int incY);
    /// <summary>Dot product <c>xᵀy</c>.</summary>
    [LibraryImport(Lib, EntryPoint = "cblas_sdot")] public static partial float Sdot(int n, float* x, int incX, float* y, int incY);
    /// <summary>Euclidean norm <c>‖x‖₂</c>.</summary>
    [LibraryImport(Lib, EntryPoint = "cblas_dnrm2")] public static partial double Dnrm2(int n, double* x, int incX);
    /// <summary>Euclidean norm <c>‖x‖₂</c>.</summary>
    [LibraryImport(Lib, EntryPoint = "cblas_snrm2")] public static partial float Snrm2(int n, float* x, int incX);
    /// <summary>Sum of absolute values <c>Σ|xᵢ|</c>.</summary>
    [LibraryImport(Lib, EntryPoint = "cblas_dasum")] public static partial double Dasum(int n, double* x, int incX);
    /// <summary>Sum of absolute values <c>Σ|xᵢ|</c>.</summary>
    [LibraryImport(Lib, EntryPoint = "cblas_sasum")] public static partial float Sasum(int n, float* x, int incX);
    /// <summary>Zero-based index of the first element of largest absolute value.</summary>
    [LibraryImport(Lib, EntryPoint = "cblas_idamax")] public static partial nint Idamax(int n, double* x, int incX);
    /// <summary>Zero-based index of the first element of largest absolute value.</summary>
    [LibraryImport(Lib, EntryPoint = "cblas_isamax")] public static partial nint Isamax(int n, float* x, int incX);
    /// <summary><c>x ← αx</c>.</summary>
    [LibraryImport(Lib, EntryPoint = "cblas_dscal")] public static partial void Dscal(int n, double alpha, double* x, int incX);
    /// <summary><c>x ← αx</c>.</summary>
    [LibraryImport(Lib, EntryPoint = "cblas_sscal")] public static partial void Sscal(int n, float alpha, float* x, int incX);
    /// <summary><c>y ← x</c>.</summary>
    [LibraryImport(Lib, EntryPoint = "cblas_dcopy")] public static partial void Dcopy(int n, double* x, int incX, double* y, int incY);
    /// <summary><c>y ← x</c>.</summary>
    [LibraryImport(Lib, EntryPoint = "cblas_scopy")] public static partial void Scopy(int n, float* x, int incX, float* y, int incY);
    /// <summary><c>x ↔ y</c>.</summary>
    [LibraryImport(Lib, EntryPoint = "cblas_dswap")] public static partial void Dswap(int n, double* x, int incX, double* y, int incY);
    /// <summary><c>x ↔ y</c>.</summary>
    [LibraryImport(Lib, EntryPoint = "cblas_sswap")] public static partial void Sswap(int n, float* x, int incX, float* y, int incY);

    // ---- Level 2 ----
    /// <summary><c>y ← α op(A) x + βy</c>.</summary>
    [LibraryImport(Lib, EntryPoint = "cblas_dgemv")] public static partial void Dgemv(CblasLayout layout, CblasTranspose trans, int m, int n, double alpha, double* a, int lda, double* x, int incX, double beta, double* y, int incY);
    /// <summary><c>y ← α op(A) x + βy</c>.</summary>
    [LibraryImport(Lib, EntryPoint = "cblas_sgemv")] public static partial void Sgemv(CblasLayout layout, CblasTranspose trans, int m, int n, float alpha, float* a, int lda, float* x, int incX, float beta, float* y, int incY);
    /// <summary><c>A ← αxyᵀ + A</c>.</summary>
    [LibraryImport(Lib, EntryPoint = "cblas_dger")] public static partial void Dger(CblasLayout layout, int m, int n, double alpha, double* x, int incX, double* y, int incY, double* a, int lda);
    /// <summary><c>A ← αxyᵀ + A</c>.</summary>
    [LibraryImport(Lib, EntryPoint = "cblas_sger")] public static partial void Sger(CblasLayout layout, int m, int n, float alpha, float* x, int incX, float* y, int incY, float* a, int lda);
    /// <summary>Solves <c>op(A) x = b</c> in place, A triangular.</summary>
    [LibraryImport(Lib, EntryPoint = "cblas_dtrsv")] public static partial void Dtrsv(CblasLayout layout, CblasUplo uplo, CblasTranspose trans, CblasDiag diag, int n, double* a, int lda, double* x, int incX);
    /// <summary>Solves <c>op(A) x = b</c> in place, A triangular.</summary>
    [LibraryImport(Lib, EntryPoint = "cblas_strsv")] public static partial void Strsv(CblasLayout layout, CblasUplo uplo, CblasTranspose trans, CblasDiag diag, int n, float* a, int lda, float* x, int incX);

    // ---- Level 3 ----
    /// <summary><c>C ← α op(A) op(B) + βC</c>.</summary>
    [LibraryImport(Lib, EntryPoint = "cblas_dgemm")] public static partial void Dgemm(CblasLayout layout, CblasTranspose transA, CblasTranspose transB, int m, int n, int k, double alpha, double* a, int lda, double* b, int ldb, double beta, double* c, int ldc);
    /// <summary><c>C ← α op(A) op(B) + βC</c>.</summary>
    [LibraryImport(Lib, EntryPoint = "cblas_sgemm")] public static partial void Sgemm(CblasLayout layout, CblasTranspose transA, CblasTranspose transB, int m, int n, int k, float alpha, float* a, int lda, float* b, int ldb, float beta, float* c, int ldc);
    /// <summary><c>C ← α op(A) op(A)ᵀ + βC</c> on one triangle of C.</summary>
    [LibraryImport(Lib, EntryPoint = "cblas_dsyrk")] public static partial void Dsyrk(CblasLayout layout, CblasUplo uplo, CblasTranspose trans, int n, int k, double alpha, double* a, int lda, double beta, double* c, int ldc);
    /// <summary><c>C ← α op(A) op(A)ᵀ + βC</c> on one triangle of C.</summary>
    [LibraryImport(Lib, EntryPoint = "cblas_ssyrk")] public static partial void Ssyrk(CblasLayout layout, CblasUplo uplo, CblasTranspose trans, int n, int k, float alpha, float* a, int lda, float beta, float* c, int ldc);
    /// <summary>Solves <c>op(A) X = αB</c> or <c>X op(A) = αB</c> in place of B, A triangular.</summary>
    [LibraryImport(Lib, EntryPoint = "cblas_dtrsm")] public static partial void Dtrsm(CblasLayout layout, CblasSide side, CblasUplo uplo, CblasTranspose transA, CblasDiag diag, int m, int n, double alpha, double* a, int lda, double* b, int ldb);
    /// <summary>Solves <c>op(A) X = αB</c> or <c>X op(A) = αB</c> in place of B, A triangular.</summary>
    [LibraryImport(Lib, EntryPoint = "cblas_strsm")] public static partial void Strsm(CblasLayout layout, CblasSide side, CblasUplo uplo, CblasTranspose transA, CblasDiag diag, int m, int n, float alpha, float* a, int lda, float* b, int ldb);
}
