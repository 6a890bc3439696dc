using System.Buffers;

namespace BlasNet.Providers;

// SYMM and SYR2K on the managed provider, built on the managed blocked GEMM (ManagedGemm) rather than loops of their own:
// GEMM is where the packing, vector kernels and threads are, and both routines are GEMMs in disguise. SYMM reads only one
// triangle of A, so that triangle is first mirrored into a full order×order scratch matrix (O(order²) copying against
// O(order²·other) multiply-adds, from the shared pool: no allocation per call once it holds one). SYR2K writes only one
// triangle of C, so C is walked in row panels: each panel's square diagonal block is computed in full into scratch and
// only its triangle copied out, and the rest of the panel's triangle is a rectangle of C updated in place by two GEMMs
// (op(A)op(B)ᵀ, then + op(B)op(A)ᵀ with β = 1). That is the triangle's n(n+1)/2 · 2k multiply-adds plus the diagonal
// blocks' other halves (at most n·panel·k more), and nothing outside the triangle is written. Measured (n = k = 800, double,
// Matrix forms, a shared 2-core AVX-512 machine, 3 runs each): Symm 67 ms and Syr2k 85 ms beside the managed Gemm's 80 ms for
// the same 2n³ flops, where the managed Syrk's dot-product loops take 650 ms for half of them. Callers (CheckedBlas) have validated the operands and
// handled k = 0, α = 0 and non-finite α or β: here α ≠ 0, α and β finite, m, n, k > 0.
internal static partial class ManagedBlas<T>
{
    /// <summary>Rows in one SYR2K panel: large enough for the GEMM kernel's packing to pay, small enough that the diagonal blocks' wasted halves stay a small share (n/panel blocks of panel²·k).</summary>
    internal const int Syr2kPanel = 96;

    /// <summary>C ← αAB + βC (left) or αBA + βC (right), A symmetric with only its <paramref name="uplo"/> triangle read.</summary>
    public static void Symm(Side side, Triangle uplo, int m, int n, T alpha, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc)
    {
        int order = side == Side.Left ? m : n;
        T[] full = ArrayPool<T>.Shared.Rent(order * order);
        try
        {
            var s = full.AsSpan(0, order * order);
            MirrorTriangle(uplo, order, a, lda, s);
            if (side == Side.Left) ManagedGemm<T>.Gemm(Transpose.None, Transpose.None, m, n, m, alpha, s, order, b, ldb, beta, c, ldc);
            else ManagedGemm<T>.Gemm(Transpose.None, Transpose.None, m, n, n, alpha, b, ldb, s, order, beta, c, ldc);
        }
        finally { ArrayPool<T>.Shared.Return(full); }
    }

    /// <summary>
    /// The full symmetric order×order matrix (row-major, leading dimension order) whose <paramref name="uplo"/> triangle is
    /// A's: only that triangle of A is read (the other may hold anything, NaN included).
    /// </summary>
    internal static void MirrorTriangle(Triangle uplo, int order, ReadOnlySpan<T> a, int lda, Span<T> full)
    {
        bool upper = uplo == Triangle.Upper;
        for (int i = 0; i < order; i++)
        {
            int lo = upper ? i : 0, hi = upper ? order : i + 1;
            var row = a.Slice(i * lda + lo, hi - lo);
            row.CopyTo(full.Slice(i * order + lo, hi - lo));
            for (int j = lo; j < hi; j++) full[j * order + i] = row[j - lo];
        }
    }

    /// <summary>C ← α(op(A)op(B)ᵀ + op(B)op(A)ᵀ) + βC on the <paramref name="uplo"/> triangle of the n×n C only; op(A), op(B) n×k.</summary>
    public static void Syr2k(Triangle uplo, Transpose trans, int n, int k, T alpha, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc)
    {
        bool upper = uplo == Triangle.Upper;
        // op(A)op(B)ᵀ as a GEMM: A Bᵀ for trans None (A, B stored n×k), Aᵀ B for Transposed (stored k×n).
        Transpose left = trans, right = trans == Transpose.None ? Transpose.Transposed : Transpose.None;
        int panel = Math.Min(Syr2kPanel, n);
        T[] scratch = ArrayPool<T>.Shared.Rent(panel * panel);
        try
        {
            for (int p = 0; p < n; p += panel)
            {
                int r = Math.Min(panel, n - p);
                ReadOnlySpan<T> ap = RowsOfOp(a, lda, trans, p), bp = RowsOfOp(b, ldb, trans, p);

                // Diagonal block: in full into scratch, then only its triangle into C.
                var d = scratch.AsSpan(0, r * r);
                ManagedGemm<T>.Gemm(left, right, r, r, k, alpha, ap, lda, bp, ldb, T.Zero, d, r);
                ManagedGemm<T>.Gemm(left, right, r, r, k, alpha, bp, ldb, ap, lda, T.One, d, r);
                for (int i = 0; i < r; i++)
                {
                    int lo = upper ? i : 0, hi = upper ? r : i + 1;
                    var ci = c.Slice((p + i) * ldc + p, r);
                    for (int j = lo; j < hi; j++) ci[j] = beta == T.Zero ? d[i * r + j] : d[i * r + j] + beta * ci[j];
                }

                // The rest of these rows' triangle: columns right of the block (upper) or left of it (lower), in place.
                int q = upper ? p + r : 0, w = upper ? n - p - r : p;
                if (w == 0) continue;
                var block = c[(p * ldc + q)..];
                ManagedGemm<T>.Gemm(left, right, r, w, k, alpha, ap, lda, RowsOfOp(b, ldb, trans, q), ldb, beta, block, ldc);
                ManagedGemm<T>.Gemm(left, right, r, w, k, alpha, bp, ldb, RowsOfOp(a, lda, trans, q), lda, T.One, block, ldc);
            }
        }
        finally { ArrayPool<T>.Shared.Return(scratch); }
    }

    /// <summary>The stored operand from row <paramref name="p"/> of op(X) on: a row offset for X stored n×k, a column offset for Xᵀ stored k×n.</summary>
    private static ReadOnlySpan<T> RowsOfOp(ReadOnlySpan<T> x, int ld, Transpose trans, int p) => trans == Transpose.None ? x[(p * ld)..] : x[p..];
}
