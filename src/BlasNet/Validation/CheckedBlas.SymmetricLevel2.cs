using System.Buffers;
using BlasNet.Providers;

namespace BlasNet;

// symv, syr and syr2: validation, BLAS's quick returns, and the guards around native kernels that the provider probes
// called for (src/BlasNet/NaN-and-infinity.md, "Symv" and "Syr, Syr2").
internal static partial class CheckedBlas<T>
{
    public static void Symv(Triangle uplo, int n, T alpha, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> x, int incX, T beta, Span<T> y, int incY)
    {
        Check.Flag(uplo, nameof(uplo)); Check.NonNegative(n, nameof(n));
        Check.Increment(incX, nameof(incX)); Check.Increment(incY, nameof(incY));
        Check.Matrix(a.Length, n, n, lda, nameof(a), nameof(lda));
        Check.Vector(x.Length, n, incX, nameof(x)); Check.Vector(y.Length, n, incY, nameof(y));
        if (n == 0) return;
        a = a[..MatrixSpan(n, n, lda)]; x = x[..VectorSpan(n, incX)]; y = y[..VectorSpan(n, incY)];
        // Only A's triangle is read: y may sit in the other triangle or the padding (TriangleElements).
        Check.NoOverlapReadElements(a, new TriangleElements(uplo, n, lda, unitDiagonal: false), y, n, incY, nameof(a), nameof(y));
        Check.NoOverlap(x, incX, n, y, incY, n, nameof(x), nameof(y));
        if (alpha == T.Zero)
        {
            // BLAS: α = 0 references neither A nor x, so NaN there does not reach y; y ← βy (β = 0 writes zeros).
            ManagedBlas<T>.ScaleVector(n, beta, y, incY);
            return;
        }
        var backend = B;
        // The definition in managed code: for a NaN or ±∞ α or β (as Gemv), and for a NaN or ±∞ in x on a native library:
        // MKL 2020.4's symv gave NaN for x = (1, ∞, 1), A = ones, where the definition gives ∞ (a zero inside the kernel
        // met the ∞), and OpenBLAS's ssymv kept such an x in a buffer that put NaN into later calls on finite data.
        if (NonFiniteScalars<T>.Applies(alpha, beta) || backend.NativeSymmetricKernels && !FiniteScan.Vector(n, x, incX))
        {
            ManagedBlas<T>.Symv(uplo, n, alpha, a, lda, x, incX, beta, y, incY);
            return;
        }
        if (!backend.NativeSymmetricKernels)
        {
            SymvOnProvider(backend, uplo, n, alpha, a, lda, x, incX, beta, y, incY);
            return;
        }
        // A native answer that is not finite is computed again from the kept y: OpenBLAS 0.3.21's ssymv (upper, n ≡ 2 or 3
        // mod 4, n ≥ 6) returned NaN for finite operands after any earlier call of it had a NaN or ∞ in x (a stale buffer),
        // and that earlier call may be a raw CBlas.Ssymv. A finite answer costs the copy of y and one pass over it.
        T[]? kept = null;
        if (beta != T.Zero)
        {
            kept = ArrayPool<T>.Shared.Rent(n);
            for (int i = 0; i < n; i++) kept[i] = y[i * incY];
        }
        try
        {
            SymvOnProvider(backend, uplo, n, alpha, a, lda, x, incX, beta, y, incY);
            if (!FiniteScan.Vector(n, y, incY))
            {
                if (kept is not null) for (int i = 0; i < n; i++) y[i * incY] = kept[i];
                ManagedBlas<T>.Symv(uplo, n, alpha, a, lda, x, incX, beta, y, incY);
            }
            else if (backend.MaySkipZeroMultipliers)
            {
                // BLIS's lower symv skips a zero xⱼ (0·NaN left out of a finite answer).
                SymmetricZeroMultipliers<T>.AfterSymv(uplo, n, a, lda, x, incX, y, incY);
            }
        }
        finally
        {
            if (kept is not null) ArrayPool<T>.Shared.Return(kept);
        }
    }

    private static void SymvOnProvider(BlasBackend backend, Triangle uplo, int n, T alpha, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> x, int incX, T beta, Span<T> y, int incY)
    {
        if (IsDouble) backend.Symv(uplo, n, D(alpha), D(a), lda, D(x), incX, D(beta), D(y), incY);
        else backend.Symv(uplo, n, F(alpha), F(a), lda, F(x), incX, F(beta), F(y), incY);
    }

    public static void Syr(Triangle uplo, int n, T alpha, ReadOnlySpan<T> x, int incX, Span<T> a, int lda)
    {
        Check.Flag(uplo, nameof(uplo)); Check.NonNegative(n, nameof(n)); Check.Increment(incX, nameof(incX));
        Check.Vector(x.Length, n, incX, nameof(x)); Check.Matrix(a.Length, n, n, lda, nameof(a), nameof(lda));
        if (n == 0) return;
        a = a[..MatrixSpan(n, n, lda)]; x = x[..VectorSpan(n, incX)];
        Check.NoOverlapVectorTriangle(x, n, incX, a, TriangleElements.WrittenTriangle(uplo, n, lda), nameof(x), nameof(a)); // only A's triangle is written
        if (alpha == T.Zero) return; // BLAS quick return: x is not referenced, so NaN or ∞ there changes nothing
        var backend = B;
        if (!T.IsFinite(alpha))
        {
            // aᵢⱼ + α·(xᵢxⱼ) as defined (the native kernels form αxⱼ first and skip a zero xⱼ).
            ManagedBlas<T>.Syr(uplo, n, alpha, x, incX, a, lda);
            return;
        }
        if (IsDouble) backend.Syr(uplo, n, D(alpha), D(x), incX, D(a), lda);
        else backend.Syr(uplo, n, F(alpha), F(x), incX, F(a), lda);
        if (backend.SyrMaySkipZeroMultipliers) SymmetricZeroMultipliers<T>.AfterRankUpdateTerm(uplo, n, x, incX, x, incX, a, lda);
    }

    public static void Syr2(Triangle uplo, int n, T alpha, ReadOnlySpan<T> x, int incX, ReadOnlySpan<T> y, int incY, Span<T> a, int lda)
    {
        Check.Flag(uplo, nameof(uplo)); Check.NonNegative(n, nameof(n));
        Check.Increment(incX, nameof(incX)); Check.Increment(incY, nameof(incY));
        Check.Vector(x.Length, n, incX, nameof(x)); Check.Vector(y.Length, n, incY, nameof(y));
        Check.Matrix(a.Length, n, n, lda, nameof(a), nameof(lda));
        if (n == 0) return;
        a = a[..MatrixSpan(n, n, lda)]; x = x[..VectorSpan(n, incX)]; y = y[..VectorSpan(n, incY)];
        var written = TriangleElements.WrittenTriangle(uplo, n, lda); // only A's triangle is written
        Check.NoOverlapVectorTriangle(x, n, incX, a, written, nameof(x), nameof(a)); Check.NoOverlapVectorTriangle(y, n, incY, a, written, nameof(y), nameof(a));
        if (alpha == T.Zero) return; // BLAS quick return: x and y are not referenced
        var backend = B;
        if (!T.IsFinite(alpha))
        {
            // aᵢⱼ + α·(xᵢyⱼ) + α·(yᵢxⱼ) as defined.
            ManagedBlas<T>.Syr2(uplo, n, alpha, x, incX, y, incY, a, lda);
            return;
        }
        if (IsDouble) backend.Syr2(uplo, n, D(alpha), D(x), incX, D(y), incY, D(a), lda);
        else backend.Syr2(uplo, n, F(alpha), F(x), incX, F(y), incY, F(a), lda);
        if (backend.Syr2MaySkipZeroMultipliers)
        {
            SymmetricZeroMultipliers<T>.AfterRankUpdateTerm(uplo, n, x, incX, y, incY, a, lda);
            SymmetricZeroMultipliers<T>.AfterRankUpdateTerm(uplo, n, y, incY, x, incX, a, lda);
        }
    }
}
