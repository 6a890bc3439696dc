using System.Numerics;
using System.Numerics.Tensors;

namespace BlasNet.Providers;

/// <summary>
/// Long float sums of the managed level 2 routines that were not accumulated as <see cref="FloatSums"/> states: Gemv's
/// dot per row (float lanes over the whole row) and the axpy-form sums built a row at a time (yⱼ += f·aᵢⱼ over the rows i:
/// Gemv transposed, Trmv transposed, Trmm on the left and untransposed on the right), which had one float accumulator per output and no lanes to spread the error.
/// Measured with 0.1f terms (bench/RESULTS.md, "Session 39, blas39"): Gemv transposed, m = 10⁶ rows, relative error
/// 9.6·10⁻³; Gemv, n = 10⁶ columns, 6.0·10⁻⁴; Trmv transposed at n = 3000, 3.0·10⁻⁵ (12× GEMM's at k = 3000); float GEMM
/// with k = 10⁶ 3.8·10⁻⁵, Dot (double) 1.5·10⁻⁸. Summing every term in double (FloatSums' widening) made them exact to
/// 1.5·10⁻⁸ but cost the vector speed (Gemv 1.8–4× slower: the widening halves the lanes), so the float kernels stay and
/// only their partial sums are bounded: a dot runs in float lanes over blocks of <see cref="DotBlock"/> elements, the
/// block sums added in double; an axpy sum runs in float for <see cref="RowBlock"/> rows at a time, then folds into double.
/// The same 10⁶-term sums now err by 5.6·10⁻⁷ (below GEMM's), at the old speed for 2000×2000 and 32×32, about 1.25× the
/// old time for a 200×200 transposed Gemv (the fold's passes).
/// </summary>
internal static class FloatAxpySums
{
    /// <summary>Elements of a row that one float-lane dot sums before its sum is added in double.</summary>
    internal const int DotBlock = 1024;

    /// <summary>Rows an axpy-form sum adds in float before folding them into the double sums.</summary>
    internal const int RowBlock = 64;

    /// <summary>Σ x[j]·y[j] over equally long spans: float lanes per block of <see cref="DotBlock"/>, the block sums in double.</summary>
    public static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        if (x.Length <= DotBlock) return TensorPrimitives.Dot(x, y);
        double sum = 0;
        for (int b = 0; b < x.Length; b += DotBlock)
        {
            int len = Math.Min(DotBlock, x.Length - b);
            sum += TensorPrimitives.Dot(x.Slice(b, len), y.Slice(b, len));
        }
        return (float)sum;
    }

    /// <summary>
    /// y[j·incY] += Σᵢ (s·xᵢ)·a[i·lda + j] for j &lt; n (Gemv transposed after βy): rows added in float into a partial sum
    /// (TensorPrimitives), folded into double sums every <see cref="RowBlock"/> rows.
    /// </summary>
    public static void GemvTransposed(int m, int n, float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> xs, Span<float> y, int incY)
    {
        var rows = new RowSums(n);
        try
        {
            for (int j = 0; j < n; j++) rows.Sums[j] = y[j * incY];
            for (int i = 0; i < m; i++)
            {
                TensorPrimitives.MultiplyAdd(a.Slice(i * lda, n), alpha * xs[i], rows.Partial, rows.Partial);
                rows.RowDone();
            }
            rows.Flush();
            for (int j = 0; j < n; j++) y[j * incY] = (float)rows.Sums[j];
        }
        finally { rows.Return(); }
    }

    /// <summary>
    /// y ← op(A) x for Trmv transposed (yⱼ = Σᵢ aᵢⱼ xᵢ over the triangle, row i of A scaled by xᵢ, the diagonal 1 when unit),
    /// accumulated as <see cref="GemvTransposed"/>.
    /// </summary>
    public static void TrmvTransposed(bool upper, bool unit, int n, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> xs, Span<float> y)
    {
        var rows = new RowSums(n);
        try
        {
            for (int i = 0; i < n; i++)
            {
                int lo = upper ? i + 1 : 0, hi = upper ? n : i; // off the diagonal
                if (hi > lo) TensorPrimitives.MultiplyAdd(a.Slice(i * lda + lo, hi - lo), xs[i], rows.Partial[lo..hi], rows.Partial[lo..hi]);
                rows.Partial[i] += unit ? xs[i] : a[i * lda + i] * xs[i];
                rows.RowDone();
            }
            rows.Flush();
            for (int i = 0; i < n; i++) y[i] = (float)rows.Sums[i];
        }
        finally { rows.Return(); }
    }

    /// <summary>
    /// B ← α op(A) B for Trmm's left side (A m×m triangular): row i of the result is Σₚ op(A)ᵢₚ Bₚ over row i of op(A)'s
    /// triangle, accumulated as <see cref="GemvTransposed"/>; rows in the order that keeps every Bₚ original when read
    /// (op(A) upper: top down; lower: bottom up), as ManagedBlas.Trmm.
    /// </summary>
    public static void TrmmLeft(bool upper, bool t, bool unit, int m, int n, float alpha, ReadOnlySpan<float> a, int lda, Span<float> b, int ldb)
    {
        bool opLower = upper == t;
        var rows = new RowSums(n);
        try
        {
            for (int s = 0; s < m; s++)
            {
                int i = opLower ? m - 1 - s : s;
                int lo = opLower ? 0 : i, hi = opLower ? i + 1 : m;
                rows.Clear();
                for (int p = lo; p < hi; p++)
                {
                    float f = p == i && unit ? 1f : t ? a[p * lda + i] : a[i * lda + p];
                    TensorPrimitives.MultiplyAdd(b.Slice(p * ldb, n), f, rows.Partial, rows.Partial);
                    rows.RowDone();
                }
                rows.Flush();
                StoreScaled(rows.Sums, alpha, b.Slice(i * ldb, n));
            }
        }
        finally { rows.Return(); }
    }

    /// <summary>
    /// B ← α B A for Trmm's right side, A n×n triangular untransposed: row i of the result is Σₚ bᵢₚ Aₚ over A's rows, each
    /// over its triangle, accumulated as <see cref="GemvTransposed"/> (row i of B is read whole before it is written).
    /// </summary>
    public static void TrmmRight(bool upper, bool unit, int m, int n, float alpha, ReadOnlySpan<float> a, int lda, Span<float> b, int ldb)
    {
        var rows = new RowSums(n);
        try
        {
            for (int i = 0; i < m; i++)
            {
                var row = b.Slice(i * ldb, n);
                rows.Clear();
                for (int p = 0; p < n; p++)
                {
                    int lo = upper ? p + 1 : 0, hi = upper ? n : p; // off the diagonal
                    if (hi > lo) TensorPrimitives.MultiplyAdd(a.Slice(p * lda + lo, hi - lo), row[p], rows.Partial[lo..hi], rows.Partial[lo..hi]);
                    rows.Partial[p] += unit ? row[p] : row[p] * a[p * lda + p];
                    rows.RowDone();
                }
                rows.Flush();
                StoreScaled(rows.Sums, alpha, row);
            }
        }
        finally { rows.Return(); }
    }

    /// <summary><c>y[j] = (float)sums[j] · alpha</c>: the finished sum in float, then scaled (α multiplies the finished sum).</summary>
    private static void StoreScaled(ReadOnlySpan<double> sums, float alpha, Span<float> y)
    {
        int n = sums.Length, j = 0;
        if (System.Numerics.Vector.IsHardwareAccelerated)
        {
            ref double ps = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(sums);
            ref float py = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(y);
            int w = System.Numerics.Vector<float>.Count, h = System.Numerics.Vector<double>.Count;
            var factor = new System.Numerics.Vector<float>(alpha);
            for (; j <= n - w; j += w)
                (System.Numerics.Vector.Narrow(System.Numerics.Vector.LoadUnsafe(ref ps, (nuint)j), System.Numerics.Vector.LoadUnsafe(ref ps, (nuint)(j + h))) * factor)
                    .StoreUnsafe(ref py, (nuint)j);
        }
        for (; j < n; j++) y[j] = (float)sums[j] * alpha;
    }

    /// <summary>A float partial sum and the double sums it folds into, both pooled.</summary>
    private struct RowSums
    {
        private readonly float[] partial;
        private readonly double[] sums;
        private readonly int n;
        private int rows;
        private bool fresh; // the double sums hold nothing of this output row yet: the next fold sets them

        public RowSums(int n)
        {
            this.n = n;
            partial = System.Buffers.ArrayPool<float>.Shared.Rent(n);
            sums = System.Buffers.ArrayPool<double>.Shared.Rent(n);
            partial.AsSpan(0, n).Clear();
            sums.AsSpan(0, n).Clear();
            rows = 0;
            fresh = false;
        }

        public readonly Span<float> Partial => partial.AsSpan(0, n);
        public readonly Span<double> Sums => sums.AsSpan(0, n);

        /// <summary>Both sums back to 0 (for the next output row).</summary>
        /// <summary>
        /// Ready for the next output row: the partial sum cleared, and the double sums marked to be overwritten by the next
        /// fold rather than cleared now (a pass per output row that cost Trmm 400×400 several percent).
        /// </summary>
        public void Clear()
        {
            Partial.Clear();
            rows = 0;
            fresh = true;
        }

        /// <summary>One more row added to the partial sum: folded in every <see cref="RowBlock"/> rows.</summary>
        public void RowDone()
        {
            if (++rows == RowBlock) Flush();
        }

        public void Flush()
        {
            if (fresh)
            {
                // The first fold of an output row sets the sums (0 when no row came).
                var p = Partial; var d = Sums;
                for (int j = 0; j < p.Length; j++) d[j] = p[j];
                fresh = false;
            }
            else if (rows == 0) return;
            else FloatSums.AddWidened(Partial, Sums);
            Partial.Clear();
            rows = 0;
        }

        public readonly void Return()
        {
            System.Buffers.ArrayPool<float>.Shared.Return(partial);
            System.Buffers.ArrayPool<double>.Shared.Return(sums);
        }
    }
}
