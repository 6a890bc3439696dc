using System.Buffers;

namespace BlasNet.Providers;

/// <summary>
/// One block of a symmetric rank-k update: target ← α·(rows [rowStart, rowStart + rows) of op(·)) × (rows [colStart,
/// colStart + cols) of op(·))ᵀ + β·target, as the routine defines the product (SYRK one GEMM, SYR2K two). β = 0 must not read
/// target. A ref struct implements it, so the operand spans ride along without a closure or an allocation.
/// </summary>
internal interface ITriangleBlockProduct<T>
{
    void Run(int rowStart, int rows, int colStart, int cols, T beta, Span<T> target, int ldt);
}

// The triangle walk SYRK and SYR2K share. C's triangle is halved recursively: the two half-size triangles on the diagonal, and
// the square-ish rectangle between them (below them for lower, right of them for upper) updated in place by one product, so
// most of the work lands in few large GEMMs (row panels of a fixed height made the GEMM re-pack the operand beside them once
// per panel). A triangle of at most TriangleBlock rows is a diagonal block, computed in full into scratch (with C's triangle
// staged first when β ≠ 0, so it gets the same α·s + β·c arithmetic as the rest) with only its triangle copied out. So
// nothing outside the triangle is read or written, and the work is the triangle's plus the diagonal blocks' other halves (at
// most n·TriangleBlock·k multiply-adds more).
internal static partial class ManagedBlas<T>
{
    /// <summary>Largest diagonal block computed whole in scratch: large enough for the GEMM kernel's packing to pay, small enough that the blocks' wasted halves stay a small share (n/block blocks of block²·k).</summary>
    internal const int TriangleBlock = 96;

    /// <summary>C ← α·(the product) + βC on the <paramref name="uplo"/> triangle of the n×n C, block by block through <paramref name="product"/>.</summary>
    internal static void OnTriangleHalves<TProduct>(Triangle uplo, int n, T beta, Span<T> c, int ldc, scoped ref TProduct product)
        where TProduct : ITriangleBlockProduct<T>, allows ref struct
    {
        int block = Math.Min(TriangleBlock, n);
        T[] scratch = ArrayPool<T>.Shared.Rent(block * block);
        try { HalveTriangle(uplo == Triangle.Upper, 0, n, beta, c, ldc, ref product, scratch); }
        finally { ArrayPool<T>.Shared.Return(scratch); }
    }

    /// <summary>The triangle of rows and columns [<paramref name="s"/>, <paramref name="s"/> + <paramref name="m"/>).</summary>
    private static void HalveTriangle<TProduct>(bool upper, int s, int m, T beta, Span<T> c, int ldc, scoped ref TProduct product, T[] scratch)
        where TProduct : ITriangleBlockProduct<T>, allows ref struct
    {
        if (m <= TriangleBlock)
        {
            DiagonalBlock(upper, s, m, beta, c, ldc, ref product, scratch);
            return;
        }
        int h = m / 2;
        HalveTriangle(upper, s, h, beta, c, ldc, ref product, scratch);
        HalveTriangle(upper, s + h, m - h, beta, c, ldc, ref product, scratch);
        if (upper) product.Run(s, h, s + h, m - h, beta, c[(s * ldc + s + h)..], ldc);
        else product.Run(s + h, m - h, s, h, beta, c[((s + h) * ldc + s)..], ldc);
    }

    /// <summary>
    /// An r×r block on the diagonal, from row and column <paramref name="p"/>: in full into scratch, then only its triangle into
    /// C. β = 0: C is not read (the product overwrites scratch); otherwise the triangle is staged and the other half zeroed
    /// (its results are dropped).
    /// </summary>
    private static void DiagonalBlock<TProduct>(bool upper, int p, int r, T beta, Span<T> c, int ldc, scoped ref TProduct product, T[] scratch)
        where TProduct : ITriangleBlockProduct<T>, allows ref struct
    {
        var d = scratch.AsSpan(0, r * r);
        if (beta != T.Zero)
        {
            d.Clear();
            for (int i = 0; i < r; i++)
            {
                int lo = upper ? i : 0, hi = upper ? r : i + 1;
                c.Slice((p + i) * ldc + p + lo, hi - lo).CopyTo(d.Slice(i * r + lo, hi - lo));
            }
        }
        product.Run(p, r, p, r, beta, d, r);
        for (int i = 0; i < r; i++)
        {
            int lo = upper ? i : 0, hi = upper ? r : i + 1;
            d.Slice(i * r + lo, hi - lo).CopyTo(c.Slice((p + i) * ldc + p + lo, hi - lo));
        }
    }

    /// <summary>The stored operand from row <paramref name="p"/> of op(X) on: a row offset for X stored n×k, a column offset for Xᵀ stored k×n.</summary>
    private static ReadOnlySpan<T> RowsOfOp(ReadOnlySpan<T> x, int ld, Transpose trans, int p) => trans == Transpose.None ? x[(p * ld)..] : x[p..];
}
