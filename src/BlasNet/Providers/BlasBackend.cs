namespace BlasNet.Providers;

/// <summary>
/// What a provider computes. The safe API validates every argument before it calls in here, so
/// implementations may assume consistent sizes, positive increments and non-empty work; all
/// matrices are row-major for BLAS, column-major (Fortran) for LAPACK.
/// </summary>
internal abstract partial class BlasBackend
{
    // Level 1
    public abstract void Axpy(int n, double alpha, ReadOnlySpan<double> x, int incX, Span<double> y, int incY);
    public abstract void Axpy(int n, float alpha, ReadOnlySpan<float> x, int incX, Span<float> y, int incY);
    public abstract double Dot(int n, ReadOnlySpan<double> x, int incX, ReadOnlySpan<double> y, int incY);
    public abstract float Dot(int n, ReadOnlySpan<float> x, int incX, ReadOnlySpan<float> y, int incY);
    public abstract double Nrm2(int n, ReadOnlySpan<double> x, int incX);
    public abstract float Nrm2(int n, ReadOnlySpan<float> x, int incX);
    public abstract double Asum(int n, ReadOnlySpan<double> x, int incX);
    public abstract float Asum(int n, ReadOnlySpan<float> x, int incX);
    public abstract int Iamax(int n, ReadOnlySpan<double> x, int incX);
    public abstract int Iamax(int n, ReadOnlySpan<float> x, int incX);
    public abstract void Scal(int n, double alpha, Span<double> x, int incX);
    public abstract void Scal(int n, float alpha, Span<float> x, int incX);
    public abstract void Copy(int n, ReadOnlySpan<double> x, int incX, Span<double> y, int incY);
    public abstract void Copy(int n, ReadOnlySpan<float> x, int incX, Span<float> y, int incY);
    public abstract void Swap(int n, Span<double> x, int incX, Span<double> y, int incY);
    public abstract void Swap(int n, Span<float> x, int incX, Span<float> y, int incY);

    // Level 2
    public abstract void Gemv(Transpose trans, int m, int n, double alpha, ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> x, int incX, double beta, Span<double> y, int incY);
    public abstract void Gemv(Transpose trans, int m, int n, float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> x, int incX, float beta, Span<float> y, int incY);
    public abstract void Ger(int m, int n, double alpha, ReadOnlySpan<double> x, int incX, ReadOnlySpan<double> y, int incY, Span<double> a, int lda);
    public abstract void Ger(int m, int n, float alpha, ReadOnlySpan<float> x, int incX, ReadOnlySpan<float> y, int incY, Span<float> a, int lda);
    public abstract void Trsv(Triangle uplo, Transpose trans, Diagonal diag, int n, ReadOnlySpan<double> a, int lda, Span<double> x, int incX);
    public abstract void Trsv(Triangle uplo, Transpose trans, Diagonal diag, int n, ReadOnlySpan<float> a, int lda, Span<float> x, int incX);

    // Level 3
    public abstract void Gemm(Transpose transA, Transpose transB, int m, int n, int k, double alpha, ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int ldb, double beta, Span<double> c, int ldc);
    public abstract void Gemm(Transpose transA, Transpose transB, int m, int n, int k, float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc);
    public abstract void Syrk(Triangle uplo, Transpose trans, int n, int k, double alpha, ReadOnlySpan<double> a, int lda, double beta, Span<double> c, int ldc);
    public abstract void Syrk(Triangle uplo, Transpose trans, int n, int k, float alpha, ReadOnlySpan<float> a, int lda, float beta, Span<float> c, int ldc);
    public abstract void Trsm(Side side, Triangle uplo, Transpose transA, Diagonal diag, int m, int n, double alpha, ReadOnlySpan<double> a, int lda, Span<double> b, int ldb);
    public abstract void Trsm(Side side, Triangle uplo, Transpose transA, Diagonal diag, int m, int n, float alpha, ReadOnlySpan<float> a, int lda, Span<float> b, int ldb);

    // LAPACK (double, column-major). Each returns LAPACK's INFO.
    public virtual int Geqrf(int m, int n, Span<double> a, int lda, Span<double> tau) => ManagedLapack.Geqrf(m, n, a, lda, tau);
    public virtual int Geqp3(int m, int n, Span<double> a, int lda, Span<int> jpvt, Span<double> tau) => ManagedLapack.Geqp3(m, n, a, lda, jpvt, tau);
    public virtual int Ormqr(Side side, Transpose trans, int m, int n, int k, ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> tau, Span<double> c, int ldc) => ManagedLapack.Ormqr(side, trans, m, n, k, a, lda, tau, c, ldc);
    public virtual int Trtrs(Triangle uplo, Transpose trans, Diagonal diag, int n, int nrhs, ReadOnlySpan<double> a, int lda, Span<double> b, int ldb) => ManagedLapack.Trtrs(uplo, trans, diag, n, nrhs, a, lda, b, ldb);
    public virtual int Potrf(Triangle uplo, int n, Span<double> a, int lda) => ManagedLapack.Potrf(uplo, n, a, lda);
    public virtual int Potrs(Triangle uplo, int n, int nrhs, ReadOnlySpan<double> a, int lda, Span<double> b, int ldb) => ManagedLapack.Potrs(uplo, n, nrhs, a, lda, b, ldb);

    // Batched GEMM
    /// <summary>
    /// Whether products of at most <see cref="GemmBatchRunner.SingleThreadWork"/> multiply-adds may run from
    /// several threads at once (each one on one thread, as every provider runs a product that small) and
    /// gain from it. False for the native libraries: BLIS serializes its calls (its gate) and OpenBLAS
    /// 0.3.21 ran concurrent small calls slower than one thread (measured, bench/RESULTS.md).
    /// </summary>
    public virtual bool ConcurrentSmallGemm => true;

    /// <summary>
    /// Whether the library's kernels may leave out the products of a zero multiplier (an axpy kernel's early return on
    /// xᵢ = 0), dropping 0·NaN = 0·∞ = NaN: then the safe API checks, after the call, the rows or columns such a zero
    /// multiplies (<see cref="ZeroMultiplierRows{T}"/>). True unless the library is known to compute every product:
    /// BLIS 0.9 skips them in gemv, gemm with m or n = 1, ger and trsv; a library found by path or as a plain CBLAS
    /// is not known. False for the managed provider, OpenBLAS and MKL, whose gemv, gemm and trsv were measured to keep
    /// them (Stop32CoreAuditTests runs on each): a zero in x then costs nothing. GER is checked on every provider
    /// (MKL's skips too; its check reads only x and y).
    /// </summary>
    public virtual bool MaySkipZeroMultipliers => true;

    /// <summary>
    /// Whether the float GEMM may read past the end of C's last row (row-major) when its n columns are 2 or 3 more than
    /// a multiple of 4: BLIS 0.9's sgemm loads such a row four floats at a time, up to two floats past its end (found by
    /// fuzz51 with C ending at a PROT_NONE page; rows inside C read into the next row, which is there). Only reads: the
    /// results are right when the page is readable. <see cref="CheckedBlas{T}.GemmOnProvider"/> then computes the last
    /// row in a call of its own.
    /// </summary>
    public virtual bool SgemmReadsPastShortLastRow => false;

    /// <summary>
    /// Whether the float GEMM may read past the end of A's last row (row-major, A not transposed) when B is transposed:
    /// BLIS 0.9's sgemm then reads up to k floats (one row's worth) past A's last element at some shapes (found by blis51
    /// with A ending at a PROT_NONE page: m 4, 7, 10 with n ≡ 0, 1 (mod 4) from 16 or 32 on, k not a multiple of 8).
    /// Only reads: the results are right when the page is readable; inside A the read lands in the next row, which is
    /// there. <see cref="CheckedBlas{T}.GemmOnProvider"/> then computes the last row in a call of its own.
    /// </summary>
    public virtual bool SgemmReadsPastLastRowOfA => false;

    /// <summary>
    /// Whether the safe API computes float dot and asum in managed code, accumulated in double (<see cref="FloatSums"/>), as
    /// it does float nrm2 everywhere: for a library whose float sums may add into one float running sum, error growing like
    /// n·ε. BLIS 0.9's sasum gave 1 087 937 for 10⁷ × 0.1f (exact 1 000 000.01; NumPy's pairwise sum 999 989.4), its sdot
    /// 975 599; reference BLAS sums that way too, and there the managed sums are faster as well. False for OpenBLAS and MKL,
    /// whose vectorized kernels are up to 5× faster on cached data but drift too, less (10⁷ × 0.1f: 998 501 from OpenBLAS's
    /// sasum, 997 298 from both sdots; 4·10⁶: MKL's sdot 394 050 for 400 000, OpenBLAS's sasum with stride 2 1 % off),
    /// and for the managed provider, which is that code.
    /// </summary>
    public virtual bool FloatSumsDrift => true;

    /// <summary>Runs a validated strided batch (α ≠ 0, k, m, n &gt; 0) in one library call when the library has one; false: the caller runs the products.</summary>
    public virtual unsafe bool TryGemmStridedBatched(Transpose transA, Transpose transB, int m, int n, int k, double alpha, double* a, int lda, int strideA, double* b, int ldb, int strideB, double beta, double* c, int ldc, int strideC, int batchCount) => false;
    /// <summary>The single-precision form of the double overload.</summary>
    public virtual unsafe bool TryGemmStridedBatched(Transpose transA, Transpose transB, int m, int n, int k, float alpha, float* a, int lda, int strideA, float* b, int ldb, int strideB, float beta, float* c, int ldc, int strideC, int batchCount) => false;
}
