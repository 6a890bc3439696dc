#nullable enable
using System.Runtime.InteropServices;

namespace BlasNet.Interop;

public static unsafe partial class CBlas
{
    /// <summary>
    /// <c>cblas_dgemm_batch_strided</c> (MKL 2020 and later, LP64: 32-bit integers): <paramref name="batchSize"/>
    /// products <c>Cᵢ ← α op(Aᵢ) op(Bᵢ) + βCᵢ</c> with Aᵢ at <c>a + i·strideA</c> (likewise B, C).
    /// Only MKL exports it (OpenBLAS 0.3.21 and BLIS 0.9 do not): calling it on another library throws
    /// <see cref="EntryPointNotFoundException"/>. Use <see cref="BlasNet.Blas"/>'s <c>GemmStridedBatched</c>, which
    /// validates the batch and uses this routine only where it exists.
    /// </summary>
    [LibraryImport(Lib, EntryPoint = "cblas_dgemm_batch_strided")]
    public static partial void DgemmBatchStrided(CblasLayout layout, CblasTranspose transA, CblasTranspose transB, int m, int n, int k,
        double alpha, double* a, int lda, int strideA, double* b, int ldb, int strideB, double beta, double* c, int ldc, int strideC, int batchSize);

    /// <summary><c>cblas_sgemm_batch_strided</c> (MKL only): the single-precision form of <see cref="DgemmBatchStrided"/>.</summary>
    [LibraryImport(Lib, EntryPoint = "cblas_sgemm_batch_strided")]
    public static partial void SgemmBatchStrided(CblasLayout layout, CblasTranspose transA, CblasTranspose transB, int m, int n, int k,
        float alpha, float* a, int lda, int strideA, float* b, int ldb, int strideB, float beta, float* c, int ldc, int strideC, int batchSize);
}
