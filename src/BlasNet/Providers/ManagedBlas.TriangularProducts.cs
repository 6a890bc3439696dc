using System.Buffers;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace BlasNet.Providers;

// The triangular products from their definition: every product of the referenced triangle (the diagonal counted as 1
// when it is unit) with the vector or matrix is formed, zeros included, so 0·NaN = 0·∞ = NaN reaches the result as IEEE
// arithmetic gives it (reference BLAS skips xⱼ = 0 and bₖⱼ = 0; see NaN-and-infinity.md). Nothing outside the triangle,
// and no unit diagonal, is read.
internal static partial class ManagedBlas<T>
{
    /// <summary>x ← op(A) x in place, A row-major n×n triangular.</summary>
    public static void Trmv(Triangle uplo, Transpose trans, Diagonal diag, int n, ReadOnlySpan<T> a, int lda, Span<T> x, int incX)
    {
        bool upper = uplo == Triangle.Upper, unit = diag == Diagonal.Unit;
        T[] xBuffer = ArrayPool<T>.Shared.Rent(n), yBuffer = ArrayPool<T>.Shared.Rent(n);
        try
        {
            // x is read whole before it is written: a contiguous copy also serves the strided case.
            var xs = xBuffer.AsSpan(0, n); var y = yBuffer.AsSpan(0, n);
            for (int i = 0; i < n; i++) xs[i] = x[i * incX];
            if (trans == Transpose.None)
            {
                // yᵢ = Σⱼ aᵢⱼ xⱼ over row i's part of the triangle: a contiguous dot product.
                for (int i = 0; i < n; i++)
                {
                    int lo = upper ? (unit ? i + 1 : i) : 0, hi = upper ? n : (unit ? i : i + 1);
                    // An upper unit triangle's last row reads nothing, and the array may end before its slots.
                    T sum = hi > lo ? Dot(hi - lo, a.Slice(i * lda + lo, hi - lo), 1, xs[lo..hi], 1) : T.Zero;
                    y[i] = !unit ? sum : hi > lo ? sum + xs[i] : xs[i];
                }
            }
            else if (typeof(T) == typeof(float) && n > FloatAxpySums.RowBlock) // float: partial sums bounded (FloatAxpySums); a few rows are one block
                FloatAxpySums.TrmvTransposed(upper, unit, n, System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(a), lda,
                    System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(xs), System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(y));
            else
            {
                // yⱼ = Σᵢ aᵢⱼ xᵢ: row i of the triangle scaled by xᵢ and added, a contiguous axpy per row.
                y.Clear();
                for (int i = 0; i < n; i++)
                {
                    int lo = upper ? i + 1 : 0, hi = upper ? n : i; // off the diagonal
                    if (hi > lo) TensorPrimitives.MultiplyAdd(a.Slice(i * lda + lo, hi - lo), xs[i], y[lo..hi], y[lo..hi]);
                    y[i] += unit ? xs[i] : a[i * lda + i] * xs[i];
                }
            }
            for (int i = 0; i < n; i++) x[i * incX] = y[i];
        }
        finally
        {
            ArrayPool<T>.Shared.Return(xBuffer);
            ArrayPool<T>.Shared.Return(yBuffer);
        }
    }

    /// <summary>
    /// B ← α op(A) B (left, A m×m) or B ← α B op(A) (right, A n×n) in place of the row-major m×n B: each element is
    /// α·s, s its own sum of products (α multiplies the finished sum, as GEMM's definition in NaN-and-infinity.md).
    /// α = 0 gives B = 0 without reading A or B.
    /// </summary>
    public static void Trmm(Side side, Triangle uplo, Transpose transA, Diagonal diag, int m, int n, T alpha, ReadOnlySpan<T> a, int lda, Span<T> b, int ldb)
    {
        if (alpha == T.Zero)
        {
            for (int i = 0; i < m; i++) b.Slice(i * ldb, n).Clear();
            return;
        }
        bool t = transA == Transpose.Transposed, unit = diag == Diagonal.Unit;
        bool upper = uplo == Triangle.Upper;
        // Float axpy-form sums over more than one block of rows: bounded float partial sums (FloatAxpySums).
        if (typeof(T) == typeof(float) && side == Side.Left && m > FloatAxpySums.RowBlock)
        {
            FloatAxpySums.TrmmLeft(upper, t, unit, m, n, Unsafe.As<T, float>(ref alpha), MemoryMarshal.Cast<T, float>(a), lda, MemoryMarshal.Cast<T, float>(b), ldb);
            return;
        }
        if (typeof(T) == typeof(float) && side == Side.Right && !t && n > FloatAxpySums.RowBlock)
        {
            FloatAxpySums.TrmmRight(upper, unit, m, n, Unsafe.As<T, float>(ref alpha), MemoryMarshal.Cast<T, float>(a), lda, MemoryMarshal.Cast<T, float>(b), ldb);
            return;
        }
        T[] accBuffer = ArrayPool<T>.Shared.Rent(n);
        try
        {
            var acc = accBuffer.AsSpan(0, n);
            if (side == Side.Left)
            {
                // Row i of op(A)B is Σₚ op(A)ᵢₚ Bₚ over row i of op(A)'s triangle. op(A) upper reads rows p ≥ i, so rows
                // are done top down (each Bₚ still original when read); op(A) lower reads p ≤ i: bottom up.
                bool opLower = upper == t;
                for (int s = 0; s < m; s++)
                {
                    int i = opLower ? m - 1 - s : s;
                    int lo = opLower ? 0 : i, hi = opLower ? i + 1 : m;
                    acc.Clear();
                    for (int p = lo; p < hi; p++)
                    {
                        T f = p == i && unit ? T.One : t ? a[p * lda + i] : a[i * lda + p];
                        TensorPrimitives.MultiplyAdd(b.Slice(p * ldb, n), f, acc, acc);
                    }
                    TensorPrimitives.Multiply(acc, alpha, b.Slice(i * ldb, n));
                }
            }
            else if (!t)
            {
                // Row i of B·A is Σₚ bᵢₚ Aₚ over A's rows, each row p only over its triangle: a contiguous axpy per row.
                for (int i = 0; i < m; i++)
                {
                    var row = b.Slice(i * ldb, n);
                    acc.Clear();
                    for (int p = 0; p < n; p++)
                    {
                        int lo = upper ? p + 1 : 0, hi = upper ? n : p; // off the diagonal
                        if (hi > lo) TensorPrimitives.MultiplyAdd(a.Slice(p * lda + lo, hi - lo), row[p], acc[lo..hi], acc[lo..hi]);
                        acc[p] += unit ? row[p] : row[p] * a[p * lda + p];
                    }
                    TensorPrimitives.Multiply(acc, alpha, row);
                }
            }
            else
            {
                // (B·Aᵀ)ᵢⱼ = Σₚ bᵢₚ aⱼₚ: row i of B against row j of A over that row's triangle, a contiguous dot product.
                for (int i = 0; i < m; i++)
                {
                    var row = b.Slice(i * ldb, n);
                    for (int j = 0; j < n; j++)
                    {
                        int lo = upper ? (unit ? j + 1 : j) : 0, hi = upper ? n : (unit ? j : j + 1);
                        // An upper unit triangle's last row reads nothing, and the array may end before its slots (as Trmv).
                        T sum = hi > lo ? Dot(hi - lo, row[lo..hi], 1, a.Slice(j * lda + lo, hi - lo), 1) : T.Zero;
                        acc[j] = !unit ? sum : hi > lo ? sum + row[j] : row[j];
                    }
                    TensorPrimitives.Multiply(acc, alpha, row);
                }
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(accBuffer);
        }
    }
}
