using System.Buffers;

namespace BlasNet.Providers;

/// <summary>
/// One block of a symmetric rank-k update: target ← α·(rows [rowStart, rowStart + rows) of op(·)) × (rows [colStart,
/// colStart + cols) of op(·))ᵀ + β·target, as the routine defines the product (SYRK one GEMM, SYR2K two). β = 0 must not read
/// target. A ref struct implements it, so the operand spans ride along without a closure or an allocation.
/// </summary>
internal interface ITrianglePanelProduct<T>
{
    void Run(int rowStart, int rows, int colStart, int cols, T beta, Span<T> target, int ldt);
}

// The panel walk SYRK and SYR2K share: C's triangle in row panels of TrianglePanel rows. Each panel's square diagonal block
// is computed in full into scratch (with C's triangle staged there first when β ≠ 0, so the block gets the same α·s + β·c
// arithmetic as the rest) and only its triangle copied out; the rest of the panel's triangle is a rectangle of C updated in
// place. So nothing outside the triangle is read or written, and the work is the triangle's plus the diagonal blocks' other
// halves (at most n·panel·k multiply-adds more).
internal static partial class ManagedBlas<T>
{
    /// <summary>Rows in one panel: large enough for the GEMM kernel's packing to pay, small enough that the diagonal blocks' wasted halves stay a small share (n/panel blocks of panel²·k).</summary>
    internal const int TrianglePanel = 96;

    /// <summary>C ← α·(the product) + βC on the <paramref name="uplo"/> triangle of the n×n C, block by block through <paramref name="product"/>.</summary>
    internal static void OnTrianglePanels<TProduct>(Triangle uplo, int n, T beta, Span<T> c, int ldc, scoped ref TProduct product)
        where TProduct : ITrianglePanelProduct<T>, allows ref struct
    {
        bool upper = uplo == Triangle.Upper;
        int panel = Math.Min(TrianglePanel, n);
        T[] scratch = ArrayPool<T>.Shared.Rent(panel * panel);
        try
        {
            for (int p = 0; p < n; p += panel)
            {
                int r = Math.Min(panel, n - p);

                // Diagonal block: in full into scratch, then only its triangle into C. β = 0: C is not read (the product
                // overwrites scratch); otherwise the triangle is staged and the other half zeroed (its results are dropped).
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

                // The rest of these rows' triangle: columns right of the block (upper) or left of it (lower), in place.
                int q = upper ? p + r : 0, w = upper ? n - p - r : p;
                if (w > 0) product.Run(p, r, q, w, beta, c[(p * ldc + q)..], ldc);
            }
        }
        finally { ArrayPool<T>.Shared.Return(scratch); }
    }

    /// <summary>The stored operand from row <paramref name="p"/> of op(X) on: a row offset for X stored n×k, a column offset for Xᵀ stored k×n.</summary>
    private static ReadOnlySpan<T> RowsOfOp(ReadOnlySpan<T> x, int ld, Transpose trans, int p) => trans == Transpose.None ? x[(p * ld)..] : x[p..];
}
