using System.Numerics.Tensors;

namespace BlasNet.Providers;

/// <summary>
/// The symmetric packed updates in managed code: each stored row of the triangle is contiguous, so it is updated with
/// vectorized multiply-adds, x (and y) gathered into unit stride first when strided. Every element is updated, zero
/// multipliers included. <see cref="SprDefinition"/> and <see cref="Spr2Definition"/> are the element-by-element
/// definitions BlasNet falls back on for a NaN or ±∞ α, or vectors where a zero meets a NaN or ∞ (Ger's rules).
/// </summary>
internal static partial class ManagedBlas<T>
{
    public static void Spr(Triangle uplo, int n, T alpha, ReadOnlySpan<T> x, int incX, Span<T> ap)
    {
        T[]? gathered = incX == 1 ? null : Gather(n, x, incX);
        try
        {
            ReadOnlySpan<T> xs = gathered is null ? x[..n] : gathered.AsSpan(0, n);
            for (int i = 0; i < n; i++)
            {
                var (j0, start, length) = PackedRow(uplo, n, i);
                var row = ap.Slice(start, length);
                TensorPrimitives.MultiplyAdd(xs.Slice(j0, row.Length), alpha * xs[i], row, row);
            }
        }
        finally
        {
            if (gathered is not null) System.Buffers.ArrayPool<T>.Shared.Return(gathered);
        }
    }

    public static void Spr2(Triangle uplo, int n, T alpha, ReadOnlySpan<T> x, int incX, ReadOnlySpan<T> y, int incY, Span<T> ap)
    {
        T[]? gx = incX == 1 ? null : Gather(n, x, incX), gy = incY == 1 ? null : Gather(n, y, incY);
        try
        {
            ReadOnlySpan<T> xs = gx is null ? x[..n] : gx.AsSpan(0, n), ys = gy is null ? y[..n] : gy.AsSpan(0, n);
            for (int i = 0; i < n; i++)
            {
                var (j0, start, length) = PackedRow(uplo, n, i);
                var row = ap.Slice(start, length);
                TensorPrimitives.MultiplyAdd(ys.Slice(j0, row.Length), alpha * xs[i], row, row);
                TensorPrimitives.MultiplyAdd(xs.Slice(j0, row.Length), alpha * ys[i], row, row);
            }
        }
        finally
        {
            if (gx is not null) System.Buffers.ArrayPool<T>.Shared.Return(gx);
            if (gy is not null) System.Buffers.ArrayPool<T>.Shared.Return(gy);
        }
    }

    /// <summary>aᵢⱼ ← aᵢⱼ + α·(xᵢ·xⱼ) on the stored triangle, element by element.</summary>
    public static void SprDefinition(Triangle uplo, int n, T alpha, ReadOnlySpan<T> x, int incX, Span<T> ap)
    {
        for (int i = 0; i < n; i++)
        {
            var (j0, start, length) = PackedRow(uplo, n, i);
            var row = ap.Slice(start, length);
            T xi = x[i * incX];
            for (int c = 0; c < row.Length; c++) row[c] += alpha * (xi * x[(j0 + c) * incX]);
        }
    }

    /// <summary>aᵢⱼ ← aᵢⱼ + α·(xᵢ·yⱼ) + α·(yᵢ·xⱼ) on the stored triangle, element by element.</summary>
    public static void Spr2Definition(Triangle uplo, int n, T alpha, ReadOnlySpan<T> x, int incX, ReadOnlySpan<T> y, int incY, Span<T> ap)
    {
        for (int i = 0; i < n; i++)
        {
            var (j0, start, length) = PackedRow(uplo, n, i);
            var row = ap.Slice(start, length);
            T xi = x[i * incX], yi = y[i * incY];
            for (int c = 0; c < row.Length; c++)
            {
                int j = j0 + c;
                row[c] = row[c] + alpha * (xi * y[j * incY]) + alpha * (yi * x[j * incX]);
            }
        }
    }

    /// <summary>Stored row i of a packed triangle of order n: its first column, where it starts in ap, and its length.</summary>
    private static (int FirstColumn, int Start, int Length) PackedRow(Triangle uplo, int n, int i) =>
        uplo == Triangle.Upper ? (i, PackedUpperRow(n, i), n - i) : (0, PackedLowerRow(i), i + 1);
}
