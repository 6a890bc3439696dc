using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace BlasNet.Providers;

/// <summary>
/// Level 1 and 2 BLAS and the level 3 routines other than GEMM, in managed code, generic over the
/// element type so float and double share one implementation. Unit-stride paths use
/// TensorPrimitives (SIMD); strided paths are plain loops. Row-major throughout.
/// </summary>
internal static partial class ManagedBlas<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static void Axpy(int n, T alpha, ReadOnlySpan<T> x, int incX, Span<T> y, int incY)
    {
        if (incX == 1 && incY == 1)
        {
            TensorPrimitives.MultiplyAdd(x[..n], alpha, y[..n], y[..n]);
            return;
        }
        for (int i = 0; i < n; i++) y[i * incY] += alpha * x[i * incX];
    }

    /// <summary>Float is accumulated in double (<see cref="FloatSums"/>), double in double.</summary>
    public static T Dot(int n, ReadOnlySpan<T> x, int incX, ReadOnlySpan<T> y, int incY)
    {
        if (typeof(T) == typeof(float))
        {
            var xf = MemoryMarshal.Cast<T, float>(x); var yf = MemoryMarshal.Cast<T, float>(y);
            float d = incX == 1 && incY == 1 ? FloatSums.Dot(xf[..n], yf[..n]) : FloatSums.Dot(n, xf, incX, yf, incY);
            return Unsafe.As<float, T>(ref d);
        }
        if (incX == 1 && incY == 1) return TensorPrimitives.Dot(x[..n], y[..n]);
        T sum = T.Zero;
        for (int i = 0; i < n; i++) sum += x[i * incX] * y[i * incY];
        return sum;
    }

    /// <summary>A row's dot with x in vector lanes; float in blocks whose sums add in double (<see cref="FloatAxpySums.Dot"/>).</summary>
    private static T RowDot(ReadOnlySpan<T> row, ReadOnlySpan<T> x)
    {
        if (typeof(T) != typeof(float)) return TensorPrimitives.Dot(row, x);
        float d = FloatAxpySums.Dot(MemoryMarshal.Cast<T, float>(row), MemoryMarshal.Cast<T, float>(x));
        return Unsafe.As<float, T>(ref d);
    }

    /// <summary>
    /// Euclidean norm without overflow or underflow of the squares (float: exact squares summed in double). The plain sum
    /// of squares, in chunks of <see cref="Nrm2Chunk"/> for a strided x (each chunk summed like the unit-stride vector), is
    /// accurate to a few ulp whenever it neither overflowed nor underflowed; otherwise every xᵢ is scaled by the power of two
    /// that brings the largest |xᵢ| into [1, 2) (exact, except for elements too small to matter) and the squares are summed
    /// again. The scaled sum of LAPACK 3.9's dnrm2 that this replaced divided by the running maximum at every element and
    /// drifted with n: 29 ulp at n = 3948 (stride 3), and √84 for (1, 3, 5, 7) at stride 2 was 1 ulp off, though exact at
    /// stride 1. NaN if any xᵢ is NaN, else +∞ if any is ±∞.
    /// </summary>
    public static T Nrm2(int n, ReadOnlySpan<T> x, int incX)
    {
        if (typeof(T) == typeof(float))
        {
            float f = FloatNrm2(n, MemoryMarshal.Cast<T, float>(x), incX);
            return Unsafe.As<float, T>(ref f);
        }
        T fast = incX == 1 ? TensorPrimitives.SumOfSquares(x[..n]) : ScaledSumOfSquares(n, x, incX, 0);
        // Exact enough whenever the sum neither overflowed nor underflowed (squares below 1e-308 are then negligible).
        if (T.IsFinite(fast) && fast > T.CreateTruncating(1e-30)) return T.Sqrt(fast);
        T max = T.Zero;
        bool infinite = false;
        for (int i = 0; i < n; i++)
        {
            T v = x[i * incX];
            if (T.IsNaN(v)) return v; // NaN wins over ∞, as √(Σ xᵢ²) in IEEE arithmetic
            if (T.IsInfinity(v)) infinite = true;
            else max = T.Max(max, T.Abs(v));
        }
        if (infinite) return T.PositiveInfinity;
        if (max == T.Zero) return T.Zero;
        int e = T.ILogB(max);
        return T.ScaleB(T.Sqrt(ScaledSumOfSquares(n, x, incX, -e)), e);
    }

    /// <summary>Elements of a strided vector Nrm2 gathers at a time (on the stack).</summary>
    internal const int Nrm2Chunk = 256;

    /// <summary>Σ (xᵢ·2^<paramref name="exponent"/>)² over a strided vector, gathered in chunks of <see cref="Nrm2Chunk"/>, each summed by SumOfSquares.</summary>
    private static T ScaledSumOfSquares(int n, ReadOnlySpan<T> x, int incX, int exponent)
    {
        Span<T> chunk = stackalloc T[Nrm2Chunk];
        T sum = T.Zero;
        for (int i0 = 0; i0 < n; i0 += Nrm2Chunk)
        {
            int w = Math.Min(Nrm2Chunk, n - i0);
            for (int i = 0; i < w; i++)
            {
                T v = x[(i0 + i) * incX];
                chunk[i] = exponent == 0 ? v : T.ScaleB(v, exponent);
            }
            sum += TensorPrimitives.SumOfSquares(chunk[..w]);
        }
        return sum;
    }

    /// <summary>
    /// Float ‖x‖₂ as √(Σ xᵢ²) in double: a float's square is exact in double and cannot overflow or underflow there
    /// (3.4e38² = 1.2e77, 1.4e-45² = 2e-90), so no scaling is needed, and 53 bits of sum keep a long vector accurate.
    /// The float32 SumOfSquares this replaced drifted with n: 2·10⁷ × 0.1f gave 443.74 for 447.21 (0.8 %).
    /// NaN if any xᵢ is NaN (NaN² propagates), else +∞ if any is ±∞.
    /// </summary>
    internal static float FloatNrm2(int n, ReadOnlySpan<float> x, int incX)
    {
        double sum;
        if (incX == 1) sum = FloatSums.SumOfSquares(x[..n]);
        else
        {
            sum = 0;
            for (int i = 0; i < n; i++) { double v = x[i * incX]; sum += v * v; }
        }
        return (float)Math.Sqrt(sum);
    }

    /// <summary>Float is accumulated in double (<see cref="FloatSums"/>), double in double.</summary>
    public static T Asum(int n, ReadOnlySpan<T> x, int incX)
    {
        if (typeof(T) == typeof(float))
        {
            var xf = MemoryMarshal.Cast<T, float>(x);
            float s = incX == 1 ? FloatSums.Asum(xf[..n]) : FloatSums.Asum(n, xf, incX);
            return Unsafe.As<float, T>(ref s);
        }
        if (incX == 1) return TensorPrimitives.SumOfMagnitudes(x[..n]);
        T sum = T.Zero;
        for (int i = 0; i < n; i++) sum += T.Abs(x[i * incX]);
        return sum;
    }

    /// <summary>Index of the first NaN if there is one, else the first index of the largest |xᵢ| (BlasNet's documented choice).</summary>
    public static int Iamax(int n, ReadOnlySpan<T> x, int incX)
    {
        int best = 0;
        T max = T.Abs(x[0]);
        if (T.IsNaN(max)) return 0;
        for (int i = 1; i < n; i++)
        {
            T a = T.Abs(x[i * incX]);
            if (T.IsNaN(a)) return i;
            if (a > max)
            {
                max = a;
                best = i;
            }
        }
        return best;
    }

    public static void Scal(int n, T alpha, Span<T> x, int incX)
    {
        if (incX == 1)
        {
            TensorPrimitives.Multiply(x[..n], alpha, x[..n]);
            return;
        }
        for (int i = 0; i < n; i++) x[i * incX] *= alpha;
    }

    public static void Copy(int n, ReadOnlySpan<T> x, int incX, Span<T> y, int incY)
    {
        if (incX == 1 && incY == 1)
        {
            x[..n].CopyTo(y);
            return;
        }
        for (int i = 0; i < n; i++) y[i * incY] = x[i * incX];
    }

    public static void Swap(int n, Span<T> x, int incX, Span<T> y, int incY)
    {
        for (int i = 0; i < n; i++) (x[i * incX], y[i * incY]) = (y[i * incY], x[i * incX]);
    }

    /// <summary>y ← α op(A) x + βy; β = 0 overwrites y (NaN in y is ignored, as BLAS).</summary>
    public static void Gemv(Transpose trans, int m, int n, T alpha, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> x, int incX, T beta, Span<T> y, int incY)
    {
        int lenY = trans == Transpose.None ? m : n, lenX = trans == Transpose.None ? n : m;
        ScaleVector(lenY, beta, y, incY);
        if (alpha == T.Zero || m == 0 || n == 0) return;
        T[]? gathered = incX == 1 ? null : Gather(lenX, x, incX);
        try
        {
            ReadOnlySpan<T> xs = gathered is null ? x[..lenX] : gathered.AsSpan(0, lenX);
            if (trans == Transpose.None)
            {
                for (int i = 0; i < m; i++) y[i * incY] += alpha * RowDot(a.Slice(i * lda, n), xs);
            }
            else if (typeof(T) == typeof(float) && m > FloatAxpySums.RowBlock) // float: partial sums bounded (FloatAxpySums); a few rows are one block
                FloatAxpySums.GemvTransposed(m, n, Unsafe.As<T, float>(ref alpha), MemoryMarshal.Cast<T, float>(a), lda, MemoryMarshal.Cast<T, float>(xs), MemoryMarshal.Cast<T, float>(y), incY);
            else if (incY == 1)
            {
                for (int i = 0; i < m; i++)
                    TensorPrimitives.MultiplyAdd(a.Slice(i * lda, n), alpha * xs[i], y[..n], y[..n]);
            }
            else
            {
                for (int i = 0; i < m; i++)
                {
                    T s = alpha * xs[i];
                    var row = a.Slice(i * lda, n);
                    for (int j = 0; j < n; j++) y[j * incY] += s * row[j];
                }
            }
        }
        finally
        {
            if (gathered is not null) System.Buffers.ArrayPool<T>.Shared.Return(gathered);
        }
    }

    public static void Ger(int m, int n, T alpha, ReadOnlySpan<T> x, int incX, ReadOnlySpan<T> y, int incY, Span<T> a, int lda)
    {
        T[]? gathered = incY == 1 ? null : Gather(n, y, incY);
        try
        {
            ReadOnlySpan<T> ys = gathered is null ? y[..n] : gathered.AsSpan(0, n);
            for (int i = 0; i < m; i++)
            {
                var row = a.Slice(i * lda, n);
                TensorPrimitives.MultiplyAdd(ys, alpha * x[i * incX], row, row);
            }
        }
        finally
        {
            if (gathered is not null) System.Buffers.ArrayPool<T>.Shared.Return(gathered);
        }
    }

    /// <summary>Solves op(A) x = b in place (row-major A).</summary>
    public static void Trsv(Triangle uplo, Transpose trans, Diagonal diag, int n, ReadOnlySpan<T> a, int lda, Span<T> x, int incX)
    {
        bool t = trans == Transpose.Transposed;
        // op(A) is lower triangular when exactly one of (lower, transposed) holds: solve forward then.
        bool forward = (uplo == Triangle.Lower) != t;
        for (int s = 0; s < n; s++)
        {
            int i = forward ? s : n - 1 - s;
            T sum = x[i * incX];
            int lo = forward ? 0 : i + 1, hi = forward ? i : n;
            for (int j = lo; j < hi; j++)
            {
                // A zero coefficient means no dependence: skipped, so a NaN or ∞ in x[j] does not reach x[i].
                T f = t ? a[j * lda + i] : a[i * lda + j];
                if (f != T.Zero) sum -= f * x[j * incX];
            }
            x[i * incX] = diag == Diagonal.Unit ? sum : sum / a[i * lda + i];
        }
    }

    /// <summary>Solves op(A) X = αB (left) or X op(A) = αB (right) in place of B (row-major).</summary>
    public static void Trsm(Side side, Triangle uplo, Transpose transA, Diagonal diag, int m, int n, T alpha, ReadOnlySpan<T> a, int lda, Span<T> b, int ldb)
    {
        bool t = transA == Transpose.Transposed;
        bool lower = (uplo == Triangle.Lower) != t; // is op(A) lower triangular
        static T At(ReadOnlySpan<T> a, int lda, bool t, int i, int j) => t ? a[j * lda + i] : a[i * lda + j];
        for (int i = 0; i < m; i++)
        {
            var row = b.Slice(i * ldb, n);
            if (alpha == T.Zero) row.Clear();
            else if (alpha != T.One) TensorPrimitives.Multiply(row, alpha, row);
        }
        if (alpha == T.Zero) return;

        if (side == Side.Left)
        {
            // Row i of X: (B_i − Σ_p op(A)[i,p] X_p) / op(A)[i,i], rows taken in dependency order.
            for (int s = 0; s < m; s++)
            {
                int i = lower ? s : m - 1 - s;
                var row = b.Slice(i * ldb, n);
                int lo = lower ? 0 : i + 1, hi = lower ? i : m;
                for (int p = lo; p < hi; p++)
                {
                    T f = At(a, lda, t, i, p);
                    if (f != T.Zero) TensorPrimitives.MultiplyAdd(b.Slice(p * ldb, n), -f, row, row);
                }
                if (diag == Diagonal.NonUnit) TensorPrimitives.Divide(row, At(a, lda, t, i, i), row);
            }
        }
        else
        {
            // Each row x of X solves x op(A) = b: column j depends on earlier columns when op(A) is upper.
            for (int i = 0; i < m; i++)
            {
                var row = b.Slice(i * ldb, n);
                for (int s = 0; s < n; s++)
                {
                    int j = lower ? n - 1 - s : s;
                    T sum = row[j];
                    int lo = lower ? j + 1 : 0, hi = lower ? n : j;
                    for (int p = lo; p < hi; p++)
                    {
                        T f = At(a, lda, t, p, j);
                        if (f != T.Zero) sum -= row[p] * f; // zero: no dependence, as on the left side
                    }
                    row[j] = diag == Diagonal.Unit ? sum : sum / At(a, lda, t, j, j);
                }
            }
        }
    }

    /// <summary>v ← βv over a strided vector; β = 0 writes zeros so NaN already there is ignored.</summary>
    internal static void ScaleVector(int len, T beta, Span<T> v, int inc)
    {
        if (beta == T.One) return;
        for (int i = 0; i < len; i++)
        {
            ref T e = ref v[i * inc];
            e = beta == T.Zero ? T.Zero : beta * e;
        }
    }

    /// <summary>A strided vector's n elements, contiguous in a pooled array (at least n long) the caller returns to the pool.</summary>
    private static T[] Gather(int n, ReadOnlySpan<T> x, int inc)
    {
        var r = System.Buffers.ArrayPool<T>.Shared.Rent(n);
        for (int i = 0; i < n; i++) r[i] = x[i * inc];
        return r;
    }
}
