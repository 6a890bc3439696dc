using System.Buffers;
using BlasNet.Interop;

namespace BlasNet.Providers;

/// <summary>
/// Forwards every validated call to the native CBLAS (row-major) and, where the library has it,
/// the Fortran LAPACK. Spans are pinned for the duration of the call only.
/// </summary>
/// <param name="nativeLapack">Whether the library (or a LAPACK beside it) exports the LAPACK routines.</param>
/// <param name="blis">For BLIS: the gate its level-3 calls pass (see <see cref="BlisCallGate"/>); else null.</param>
/// <param name="knownKernels">OpenBLAS or MKL, whose kernels were measured to multiply zero multipliers and whose vectorized
/// float sums are kept for speed: false turns on <see cref="BlasBackend.MaySkipZeroMultipliers"/> and <see cref="BlasBackend.FloatSumsDrift"/>.</param>
internal sealed unsafe partial class NativeBackend(bool nativeLapack, BlisCallGate? blis = null, bool knownKernels = false) : BlasBackend
{
    public override bool MaySkipZeroMultipliers => !knownKernels;

    /// <inheritdoc/>
    public override bool SgemmReadsPastShortLastRow => blis is not null;

    /// <inheritdoc/>
    public override bool SgemmReadsPastLastRowOfA => blis is not null;
    public override bool FloatSumsDrift => !knownKernels;

    private const CblasLayout Row = CblasLayout.RowMajor;

    private static CblasTranspose Op(Transpose t) => t == Transpose.None ? CblasTranspose.NoTrans : CblasTranspose.Trans;
    private static CblasUplo Uplo(Triangle t) => t == Triangle.Upper ? CblasUplo.Upper : CblasUplo.Lower;
    private static CblasDiag Diag(Diagonal d) => d == Diagonal.Unit ? CblasDiag.Unit : CblasDiag.NonUnit;
    private static CblasSide SideOf(Side s) => s == Side.Left ? CblasSide.Left : CblasSide.Right;

    public override void Axpy(int n, double alpha, ReadOnlySpan<double> x, int incX, Span<double> y, int incY)
    { fixed (double* px = x, py = y) CBlas.Daxpy(n, alpha, px, incX, py, incY); }
    public override double Dot(int n, ReadOnlySpan<double> x, int incX, ReadOnlySpan<double> y, int incY)
    { fixed (double* px = x, py = y) return CBlas.Ddot(n, px, incX, py, incY); }
    public override double Nrm2(int n, ReadOnlySpan<double> x, int incX)
    { fixed (double* px = x) return CBlas.Dnrm2(n, px, incX); }
    public override double Asum(int n, ReadOnlySpan<double> x, int incX)
    { fixed (double* px = x) return CBlas.Dasum(n, px, incX); }
    public override int Iamax(int n, ReadOnlySpan<double> x, int incX)
    { fixed (double* px = x) return (int)CBlas.Idamax(n, px, incX); }
    public override void Scal(int n, double alpha, Span<double> x, int incX)
    { fixed (double* px = x) CBlas.Dscal(n, alpha, px, incX); }
    public override void Copy(int n, ReadOnlySpan<double> x, int incX, Span<double> y, int incY)
    { fixed (double* px = x, py = y) CBlas.Dcopy(n, px, incX, py, incY); }
    public override void Swap(int n, Span<double> x, int incX, Span<double> y, int incY)
    { fixed (double* px = x, py = y) CBlas.Dswap(n, px, incX, py, incY); }
    public override void Gemv(Transpose trans, int m, int n, double alpha, ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> x, int incX, double beta, Span<double> y, int incY)
    { fixed (double* pa = a, px = x, py = y) CBlas.Dgemv(Row, Op(trans), m, n, alpha, pa, lda, px, incX, beta, py, incY); }
    public override void Ger(int m, int n, double alpha, ReadOnlySpan<double> x, int incX, ReadOnlySpan<double> y, int incY, Span<double> a, int lda)
    { fixed (double* pa = a, px = x, py = y) CBlas.Dger(Row, m, n, alpha, px, incX, py, incY, pa, lda); }
    public override void Trsv(Triangle uplo, Transpose trans, Diagonal diag, int n, ReadOnlySpan<double> a, int lda, Span<double> x, int incX)
    { fixed (double* pa = a, px = x) CBlas.Dtrsv(Row, Uplo(uplo), Op(trans), Diag(diag), n, pa, lda, px, incX); }
    public override void Gemm(Transpose transA, Transpose transB, int m, int n, int k, double alpha, ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int ldb, double beta, Span<double> c, int ldc)
    { fixed (double* pa = a, pb = b, pc = c) using (BlisCallGate.Around(blis, (long)m * n * k)) CBlas.Dgemm(Row, Op(transA), Op(transB), m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc); }
    public override void Syrk(Triangle uplo, Transpose trans, int n, int k, double alpha, ReadOnlySpan<double> a, int lda, double beta, Span<double> c, int ldc)
    { fixed (double* pa = a, pc = c) using (BlisCallGate.Around(blis, (long)n * n * k)) CBlas.Dsyrk(Row, Uplo(uplo), Op(trans), n, k, alpha, pa, lda, beta, pc, ldc); }
    public override void Trsm(Side side, Triangle uplo, Transpose transA, Diagonal diag, int m, int n, double alpha, ReadOnlySpan<double> a, int lda, Span<double> b, int ldb)
    { fixed (double* pa = a, pb = b) using (BlisCallGate.Around(blis, (long)m * n * (side == Side.Left ? m : n))) CBlas.Dtrsm(Row, SideOf(side), Uplo(uplo), Op(transA), Diag(diag), m, n, alpha, pa, lda, pb, ldb); }

    public override void Axpy(int n, float alpha, ReadOnlySpan<float> x, int incX, Span<float> y, int incY)
    { fixed (float* px = x, py = y) CBlas.Saxpy(n, alpha, px, incX, py, incY); }
    public override float Dot(int n, ReadOnlySpan<float> x, int incX, ReadOnlySpan<float> y, int incY)
    { fixed (float* px = x, py = y) return CBlas.Sdot(n, px, incX, py, incY); }
    public override float Nrm2(int n, ReadOnlySpan<float> x, int incX)
    { fixed (float* px = x) return CBlas.Snrm2(n, px, incX); }
    public override float Asum(int n, ReadOnlySpan<float> x, int incX)
    { fixed (float* px = x) return CBlas.Sasum(n, px, incX); }
    public override int Iamax(int n, ReadOnlySpan<float> x, int incX)
    { fixed (float* px = x) return (int)CBlas.Isamax(n, px, incX); }
    public override void Scal(int n, float alpha, Span<float> x, int incX)
    { fixed (float* px = x) CBlas.Sscal(n, alpha, px, incX); }
    public override void Copy(int n, ReadOnlySpan<float> x, int incX, Span<float> y, int incY)
    { fixed (float* px = x, py = y) CBlas.Scopy(n, px, incX, py, incY); }
    public override void Swap(int n, Span<float> x, int incX, Span<float> y, int incY)
    { fixed (float* px = x, py = y) CBlas.Sswap(n, px, incX, py, incY); }
    public override void Gemv(Transpose trans, int m, int n, float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> x, int incX, float beta, Span<float> y, int incY)
    { fixed (float* pa = a, px = x, py = y) CBlas.Sgemv(Row, Op(trans), m, n, alpha, pa, lda, px, incX, beta, py, incY); }
    public override void Ger(int m, int n, float alpha, ReadOnlySpan<float> x, int incX, ReadOnlySpan<float> y, int incY, Span<float> a, int lda)
    { fixed (float* pa = a, px = x, py = y) CBlas.Sger(Row, m, n, alpha, px, incX, py, incY, pa, lda); }
    public override void Trsv(Triangle uplo, Transpose trans, Diagonal diag, int n, ReadOnlySpan<float> a, int lda, Span<float> x, int incX)
    { fixed (float* pa = a, px = x) CBlas.Strsv(Row, Uplo(uplo), Op(trans), Diag(diag), n, pa, lda, px, incX); }
    public override void Gemm(Transpose transA, Transpose transB, int m, int n, int k, float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    { fixed (float* pa = a, pb = b, pc = c) using (BlisCallGate.Around(blis, (long)m * n * k)) CBlas.Sgemm(Row, Op(transA), Op(transB), m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc); }
    public override void Syrk(Triangle uplo, Transpose trans, int n, int k, float alpha, ReadOnlySpan<float> a, int lda, float beta, Span<float> c, int ldc)
    { fixed (float* pa = a, pc = c) using (BlisCallGate.Around(blis, (long)n * n * k)) CBlas.Ssyrk(Row, Uplo(uplo), Op(trans), n, k, alpha, pa, lda, beta, pc, ldc); }
    public override void Trsm(Side side, Triangle uplo, Transpose transA, Diagonal diag, int m, int n, float alpha, ReadOnlySpan<float> a, int lda, Span<float> b, int ldb)
    { fixed (float* pa = a, pb = b) using (BlisCallGate.Around(blis, (long)m * n * (side == Side.Left ? m : n))) CBlas.Strsm(Row, SideOf(side), Uplo(uplo), Op(transA), Diag(diag), m, n, alpha, pa, lda, pb, ldb); }

    // ---- LAPACK: native when the library exports it, else the managed base implementation ----
    // Every CHARACTER argument's hidden Fortran length (1) is passed explicitly: see LapackNative.
    private static byte Ch(char c) => (byte)c;

    // LAPACK's workspace, kept per thread and grown on demand: iterative callers (least squares
    // factors a Jacobian every iteration) would otherwise allocate tens of KB per call. 64-byte aligned and
    // unmoving (AlignedBuffer), so the blocked routines' panels in it lie the same way on every run.
    [ThreadStatic] private static AlignedBuffer<double>? workspace;

    private static Span<double> Workspace(int length)
    {
        if (workspace is null || workspace.Length < length) workspace = new AlignedBuffer<double>(length);
        return workspace.Span;
    }

    public override int Geqrf(int m, int n, Span<double> a, int lda, Span<double> tau)
    {
        if (!nativeLapack) return base.Geqrf(m, n, a, lda, tau);
        int info, lwork = -1;
        double query;
        fixed (double* pa = a, pt = tau)
        {
            LapackNative.Dgeqrf(&m, &n, pa, &lda, pt, &query, &lwork, &info);
            lwork = Math.Max(1, (int)query);
            var work = Workspace(lwork);
            fixed (double* pw = work) LapackNative.Dgeqrf(&m, &n, pa, &lda, pt, pw, &lwork, &info);
        }
        return info;
    }

    public override int Geqp3(int m, int n, Span<double> a, int lda, Span<int> jpvt, Span<double> tau)
    {
        if (!nativeLapack) return base.Geqp3(m, n, a, lda, jpvt, tau);
        int info, lwork = -1;
        double query;
        jpvt[..n].Clear(); // every column free to pivot
        fixed (double* pa = a, pt = tau)
        fixed (int* pj = jpvt)
        {
            LapackNative.Dgeqp3(&m, &n, pa, &lda, pj, pt, &query, &lwork, &info);
            lwork = Math.Max(1, (int)query);
            var work = Workspace(lwork);
            fixed (double* pw = work) LapackNative.Dgeqp3(&m, &n, pa, &lda, pj, pt, pw, &lwork, &info);
        }
        for (int j = 0; j < n; j++) jpvt[j] -= 1; // LAPACK is one-based
        return info;
    }

    public override int Ormqr(Side side, Transpose trans, int m, int n, int k, ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> tau, Span<double> c, int ldc)
    {
        if (!nativeLapack) return base.Ormqr(side, trans, m, n, k, a, lda, tau, c, ldc);
        byte s = Ch(side == Side.Left ? 'L' : 'R'), t = Ch(trans == Transpose.None ? 'N' : 'T');
        int info, lwork = -1;
        double query;
        // LAPACK's dorm2r/dorml2 set each reflector's diagonal entry of A to 1 while they apply it and then restore it, so
        // the "read-only" A is written: two threads applying the same factor (a PivotedQr shared by parallel solves) then
        // saved each other's 1 and left it in R, and every later solve was wrong. LAPACK gets a per-thread copy instead
        // (only the order × k reflector block: an O(order·k) copy beside O(order·k·n) work). Rented, not kept per thread
        // like the workspace: a tall factor's copy would otherwise stay alive for the thread's lifetime.
        int order = side == Side.Left ? m : n;
        int used = k == 0 ? 0 : (int)Math.Min(a.Length, (long)lda * (k - 1) + order);
        // The copy starts on a 64-byte boundary inside the rented array (pinned for the call), so the reflectors lie the same
        // way on every call wherever the caller's A is: OpenBLAS's Prescott kernels round dorm2r's dgemv by alignment.
        double[] copy = ArrayPool<double>.Shared.Rent(used + 8);
        try
        {
            fixed (double* rented = copy, pt = tau, pc = c)
            {
                double* pa = rented + (int)((64 - ((nint)rented & 63)) & 63) / sizeof(double);
                a[..used].CopyTo(new Span<double>(pa, Math.Max(1, used)));
                LapackNative.Dormqr(&s, &t, &m, &n, &k, pa, &lda, pt, pc, &ldc, &query, &lwork, &info, 1, 1);
                lwork = Math.Max(1, (int)query);
                var work = Workspace(lwork);
                fixed (double* pw = work) LapackNative.Dormqr(&s, &t, &m, &n, &k, pa, &lda, pt, pc, &ldc, pw, &lwork, &info, 1, 1);
            }
        }
        finally { ArrayPool<double>.Shared.Return(copy); }
        return info;
    }

    public override int Trtrs(Triangle uplo, Transpose trans, Diagonal diag, int n, int nrhs, ReadOnlySpan<double> a, int lda, Span<double> b, int ldb)
    {
        if (!nativeLapack) return base.Trtrs(uplo, trans, diag, n, nrhs, a, lda, b, ldb);
        byte u = Ch(uplo == Triangle.Upper ? 'U' : 'L'), t = Ch(trans == Transpose.None ? 'N' : 'T'), d = Ch(diag == Diagonal.Unit ? 'U' : 'N');
        int info;
        fixed (double* pa = a, pb = b) LapackNative.Dtrtrs(&u, &t, &d, &n, &nrhs, pa, &lda, pb, &ldb, &info, 1, 1, 1);
        return info;
    }

    public override int Potrf(Triangle uplo, int n, Span<double> a, int lda)
    {
        if (!nativeLapack) return base.Potrf(uplo, n, a, lda);
        byte u = Ch(uplo == Triangle.Upper ? 'U' : 'L');
        int info;
        fixed (double* pa = a) LapackNative.Dpotrf(&u, &n, pa, &lda, &info, 1);
        return info;
    }

    public override int Potrs(Triangle uplo, int n, int nrhs, ReadOnlySpan<double> a, int lda, Span<double> b, int ldb)
    {
        if (!nativeLapack) return base.Potrs(uplo, n, nrhs, a, lda, b, ldb);
        byte u = Ch(uplo == Triangle.Upper ? 'U' : 'L');
        int info;
        fixed (double* pa = a, pb = b) LapackNative.Dpotrs(&u, &n, &nrhs, pa, &lda, pb, &ldb, &info, 1);
        return info;
    }

    // ---- Batched GEMM: MKL's strided batch routine where the library exports it ----
    private readonly bool batchStrided = NativeLibraries.BlasHandle != 0 && // none bound: a test's backend that calls no native code
        System.Runtime.InteropServices.NativeLibrary.TryGetExport(NativeLibraries.BlasHandle, "cblas_dgemm_batch_strided", out _)
        && System.Runtime.InteropServices.NativeLibrary.TryGetExport(NativeLibraries.BlasHandle, "cblas_sgemm_batch_strided", out _);

    // Measured (bench/RESULTS.md, batched GEMM): two threads calling OpenBLAS 0.3.21 at once ran 10 000
    // 16×16 products 1.4–1.5× slower than one thread, both threads busy (its per-call buffer allocation
    // and locks); BLIS serializes level-3 calls at its gate; MKL runs strided batches in its own routine.
    // So native libraries get the products in order; the managed GEMM, which shares nothing, runs them
    // across the batch.
    public override bool ConcurrentSmallGemm => false;

    public override bool TryGemmStridedBatched(Transpose transA, Transpose transB, int m, int n, int k, double alpha, double* a, int lda, int strideA, double* b, int ldb, int strideB, double beta, double* c, int ldc, int strideC, int batchCount)
    {
        if (!batchStrided) return false;
        CBlas.DgemmBatchStrided(Row, Op(transA), Op(transB), m, n, k, alpha, a, lda, strideA, b, ldb, strideB, beta, c, ldc, strideC, batchCount);
        return true;
    }

    public override bool TryGemmStridedBatched(Transpose transA, Transpose transB, int m, int n, int k, float alpha, float* a, int lda, int strideA, float* b, int ldb, int strideB, float beta, float* c, int ldc, int strideC, int batchCount)
    {
        if (!batchStrided) return false;
        CBlas.SgemmBatchStrided(Row, Op(transA), Op(transB), m, n, k, alpha, a, lda, strideA, b, ldb, strideB, beta, c, ldc, strideC, batchCount);
        return true;
    }
}
