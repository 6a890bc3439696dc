using System.Buffers;
using System.Numerics.Tensors;

namespace BlasNet.Providers;

// symv, syr and syr2 in managed code, row-major, A symmetric with only its uplo triangle read or written. Each computes
// BlasNet's definition element by element (α multiplies the finished sum in symv, the finished product xᵢxⱼ in syr and
// syr2), so the safe API also uses these for a NaN or ±∞ α or β and wherever a native kernel cannot be trusted.
// Row i of the triangle is contiguous (columns i…n−1 upper, 0…i lower): every loop runs along it with TensorPrimitives.
internal static partial class ManagedBlas<T>
{
    /// <summary>yᵢ ← α·sᵢ + β·yᵢ (β = 0: y not read), s = Ax with A the symmetric matrix of the <paramref name="uplo"/> triangle.</summary>
    public static void Symv(Triangle uplo, int n, T alpha, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> x, int incX, T beta, Span<T> y, int incY)
    {
        T[]? gathered = incX == 1 ? null : Gather(n, x, incX);
        T[] sums = ArrayPool<T>.Shared.Rent(n);
        try
        {
            ReadOnlySpan<T> xs = gathered is null ? x[..n] : gathered.AsSpan(0, n);
            var s = sums.AsSpan(0, n);
            s.Clear();
            // A stored row i serves twice: as row i (a dot with x) and, off the diagonal, as column i (xᵢ times it added
            // into the sums of the other rows), so the triangle is read once. A zero xᵢ is multiplied like any other:
            // 0·NaN = NaN reaches the sums, as the definition has it.
            for (int i = 0; i < n; i++)
            {
                if (uplo == Triangle.Upper)
                {
                    var row = a.Slice(i * lda + i, n - i);
                    s[i] += TensorPrimitives.Dot(row, xs[i..]);
                    if (i + 1 < n) TensorPrimitives.MultiplyAdd(row[1..], xs[i], s[(i + 1)..], s[(i + 1)..]);
                }
                else
                {
                    var row = a.Slice(i * lda, i + 1);
                    s[i] += TensorPrimitives.Dot(row, xs[..(i + 1)]);
                    if (i > 0) TensorPrimitives.MultiplyAdd(row[..i], xs[i], s[..i], s[..i]);
                }
            }
            for (int i = 0; i < n; i++)
            {
                ref T yi = ref y[i * incY];
                yi = beta == T.Zero ? alpha * s[i] : alpha * s[i] + beta * yi;
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(sums);
            if (gathered is not null) ArrayPool<T>.Shared.Return(gathered);
        }
    }

    /// <summary>aᵢⱼ ← aᵢⱼ + α·(xᵢxⱼ) on the <paramref name="uplo"/> triangle only.</summary>
    public static void Syr(Triangle uplo, int n, T alpha, ReadOnlySpan<T> x, int incX, Span<T> a, int lda) =>
        RankUpdate(uplo, n, alpha, x, incX, x, incX, twoTerms: false, a, lda);

    /// <summary>aᵢⱼ ← aᵢⱼ + α·(xᵢyⱼ) + α·(yᵢxⱼ) on the <paramref name="uplo"/> triangle only.</summary>
    public static void Syr2(Triangle uplo, int n, T alpha, ReadOnlySpan<T> x, int incX, ReadOnlySpan<T> y, int incY, Span<T> a, int lda) =>
        RankUpdate(uplo, n, alpha, x, incX, y, incY, twoTerms: true, a, lda);

    private static void RankUpdate(Triangle uplo, int n, T alpha, ReadOnlySpan<T> x, int incX, ReadOnlySpan<T> y, int incY, bool twoTerms, Span<T> a, int lda)
    {
        T[]? gx = incX == 1 ? null : Gather(n, x, incX);
        T[]? gy = !twoTerms || incY == 1 ? null : Gather(n, y, incY);
        T[] products = ArrayPool<T>.Shared.Rent(n);
        try
        {
            ReadOnlySpan<T> xs = gx is null ? x[..n] : gx.AsSpan(0, n);
            ReadOnlySpan<T> ys = !twoTerms ? xs : gy is null ? y[..n] : gy.AsSpan(0, n);
            for (int i = 0; i < n; i++)
            {
                int lo = uplo == Triangle.Upper ? i : 0, len = uplo == Triangle.Upper ? n - i : i + 1;
                var row = a.Slice(i * lda + lo, len);
                var p = products.AsSpan(0, len);
                // The product xᵢyⱼ first, then α times it: α·(xᵢyⱼ) as defined, so α = ∞ gives NaN exactly where xᵢyⱼ = 0
                // ((αxᵢ)·yⱼ would give ∞ for xᵢ = yⱼ = 1e-200, whose product underflows to 0). Nothing is skipped.
                TensorPrimitives.Multiply(ys.Slice(lo, len), xs[i], p);
                TensorPrimitives.MultiplyAdd(p, alpha, row, row);
                if (!twoTerms) continue;
                TensorPrimitives.Multiply(xs.Slice(lo, len), ys[i], p);
                TensorPrimitives.MultiplyAdd(p, alpha, row, row);
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(products);
            if (gx is not null) ArrayPool<T>.Shared.Return(gx);
            if (gy is not null) ArrayPool<T>.Shared.Return(gy);
        }
    }
}
