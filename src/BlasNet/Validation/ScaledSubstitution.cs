using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;

namespace BlasNet;

/// <summary>
/// Substitution with a running power-of-two scale, in the style of LAPACK's dlatrs, for the overflow recompute of the
/// triangular solves (<see cref="SolveOverflowCopy"/>). Plain substitution returns −∞ or NaN when a partial sum
/// bᵢ − Σ Tᵢⱼxⱼ leaves double's range even though xᵢ and every later component are finite (T = [[1,0,0],[c,c,0],[c,c,1]],
/// b = (h, 0, 0) with c·h &gt; double.MaxValue: x = (h, −h, 0), plain substitution (h, −∞, NaN)). Here each right-hand side
/// is solved as x = 2^S·w: before a partial sum or a quotient could leave the range, the whole w (solved components and
/// the rest of b alike) is multiplied by 2^-k, exactly unless a component falls below 2^-1022, and S grows by k; x is
/// 2^S·w at the end. Run only on a right-hand side whose plain substitution was not finite, and kept only when every
/// component of 2^S·w is finite: a solution that truly overflows keeps the plain result (±∞, NaN) as before. Computed in
/// double for float data too (no overflow of float's range at all then). Components smaller than about 2^(S−1074) of
/// the largest are lost to underflow when S &gt; 0, as in dlatrs: the answer is accurate relative to its largest
/// component, where plain substitution gave none.
/// </summary>
internal static class ScaledSubstitution
{
    /// <summary>Bound on every partial sum and quotient, 2^1021: room for the rounding of sums within double's range.</summary>
    private const int Limit = 1021;

    /// <summary>Past this total scale no nonzero component can come back finite (2^-1074 · 2^2100 overflows): give up.</summary>
    private const int MaxScale = 2100;

    /// <summary>
    /// A triangle T of order n seen through strides: Tᵢⱼ = a[i·<see cref="RowStride"/> + j·<see cref="ColumnStride"/>];
    /// <see cref="Lower"/>: x is solved from the first component (forward), else from the last. The scaled sums
    /// Σⱼ |Tᵢⱼ|·2^-40 over each row's off-diagonal entries (<see cref="RowNorms"/>) bound the partial sums without overflow.
    /// When the caller gives room for n² doubles (<see cref="Rows"/>), the off-diagonal rows are packed there in double, so
    /// the many right-hand sides of a panel take vectorised dot products instead of strided scalar loops (the fallback was
    /// 4 times slower than plain substitution without it).
    /// </summary>
    internal readonly ref struct TriangleView<TA> where TA : unmanaged, IFloatingPointIeee754<TA>
    {
        public readonly ReadOnlySpan<TA> A;
        public readonly int RowStride, ColumnStride, N;
        public readonly bool Lower, Unit;
        public readonly Span<double> RowNorms, Rows;

        // rows: room for n² doubles to pack T's rows into (row i from i·n), or empty.
        public TriangleView(ReadOnlySpan<TA> a, int rowStride, int columnStride, int n, bool lower, bool unit, Span<double> rowNorms, Span<double> rows)
        {
            A = a; RowStride = rowStride; ColumnStride = columnStride; N = n; Lower = lower; Unit = unit; RowNorms = rowNorms; Rows = rows;
            for (int i = 0; i < n; i++)
            {
                double s = 0;
                int lo = lower ? 0 : i + 1, hi = lower ? i : n;
                for (int j = lo; j < hi; j++)
                {
                    double f = At(i, j);
                    if (!rows.IsEmpty) rows[i * n + j] = f;
                    s += Math.Abs(Math.ScaleB(f, -NormShift));
                }
                RowNorms[i] = s;
            }
        }

        public double At(int i, int j) => double.CreateTruncating(A[i * RowStride + j * ColumnStride]);
    }

    /// <summary>Row norms are kept times 2^-40: n entries below 2^1024 then sum below 2^1015 for any n &lt; 2^31.</summary>
    private const int NormShift = 40;

    /// <summary>
    /// Solves T x = 2^S·w in place: on entry w·2^<paramref name="scale"/> is the right-hand side, on exit the solution.
    /// False when it cannot give a finite answer (a zero on T's diagonal, or a scale past <see cref="MaxScale"/>).
    /// </summary>
    public static bool Solve<TA>(in TriangleView<TA> t, Span<double> w, ref int scale) where TA : unmanaged, IFloatingPointIeee754<TA>
    {
        int n = t.N;
        double xmax = 0; // the largest |xⱼ| solved so far, in w's scale
        for (int s = 0; s < n; s++)
        {
            int i = t.Lower ? s : n - 1 - s;
            int lo = t.Lower ? 0 : i + 1, hi = t.Lower ? i : n;
            // Every partial sum of wᵢ − Σ Tᵢⱼwⱼ is below |wᵢ| + (Σ|Tᵢⱼ|)·max|wⱼ|; rescale first when that may pass 2^Limit.
            int bound = Math.Max(Log2Above(w[i]), Log2Above(t.RowNorms[i]) + NormShift + Log2Above(xmax)) + 1;
            if (bound > Limit && !Rescale(w, bound - Limit, ref xmax, ref scale)) return false;
            double sum = w[i];
            // w stays finite here, so a zero coefficient adds nothing either way (plain substitution skips it for ∞ and NaN).
            if (!t.Rows.IsEmpty) sum -= TensorPrimitives.Dot<double>(t.Rows.Slice(i * n + lo, hi - lo), w[lo..hi]);
            else
                for (int j = lo; j < hi; j++) sum -= t.At(i, j) * w[j];
            if (!t.Unit)
            {
                double d = t.At(i, i);
                if (d == 0) return false;
                // |sum/d| < 2^(Log2Above(sum) − ilogb(d)).
                int k = Log2Above(sum) - Math.ILogB(d) - Limit;
                if (k > 0)
                {
                    if (!Rescale(w, k, ref xmax, ref scale)) return false;
                    sum = Math.ScaleB(sum, -k);
                }
                sum /= d;
            }
            w[i] = sum;
            // A component already beyond the range makes the answer non-finite: stop, the plain result stays (and a
            // solution that overflows truly would otherwise rescale the whole w at almost every step).
            if (double.IsInfinity(Math.ScaleB(sum, scale))) return false;
            xmax = Math.Max(xmax, Math.Abs(sum));
        }
        return true;
    }

    /// <summary>An integer e with |v| &lt; 2^e (a large negative number for 0).</summary>
    private static int Log2Above(double v) => v == 0 ? -4000 : Math.ILogB(v) + 1;

    /// <summary>w ← 2^-k·w (exact down to 2^-1022), S += k; false when S passes <see cref="MaxScale"/>.</summary>
    private static bool Rescale(Span<double> w, int k, ref double xmax, ref int scale)
    {
        scale += k;
        if (scale > MaxScale) return false;
        // Multiplying by a normal power of two rounds exactly as ScaleB does, and is vectorised.
        if (k <= 1022) TensorPrimitives.Multiply(w, Math.ScaleB(1.0, -k), w);
        else for (int i = 0; i < w.Length; i++) w[i] = Math.ScaleB(w[i], -k);
        xmax = Math.ScaleB(xmax, -k);
        return true;
    }

    /// <summary>
    /// After plain substitution wrote the row-major rows×cols X into b (from B kept in <paramref name="saved"/>, packed
    /// rows×cols): every right-hand side that came out non-finite (a column of X for <paramref name="side"/> Left, a row
    /// for Right) is solved again with scaling from its kept B, and replaced when that answer is finite.
    /// </summary>
    public static void Trsm<T>(Side side, Triangle uplo, Transpose transA, Diagonal diag, int m, int n, T alpha,
        ReadOnlySpan<T> a, int lda, Span<T> b, int ldb, ReadOnlySpan<T> saved) where T : unmanaged, IFloatingPointIeee754<T>
    {
        bool tr = transA == Transpose.Transposed;
        bool opLower = (uplo == Triangle.Lower) != tr; // is op(A) lower triangular
        bool left = side == Side.Left;
        int order = left ? m : n, count = left ? n : m;
        // Left: T = op(A), the unknowns a column of X. Right: x op(A) = αb is op(A)ᵀxᵀ = αbᵀ, T = op(A)ᵀ, a row of X.
        // op(A)ᵢⱼ = a[i·lda + j] (or a[j·lda + i] transposed); T = op(A)ᵀ swaps the strides.
        bool rowsOfA = left != tr;
        double[] norms = ArrayPool<double>.Shared.Rent(order), w = ArrayPool<double>.Shared.Rent(order);
        double[]? packed = count > 1 && (long)order * order <= SolveOverflowCopy.MaxElements ? ArrayPool<double>.Shared.Rent(order * order) : null;
        try
        {
            var t = new TriangleView<T>(a, rowsOfA ? lda : 1, rowsOfA ? 1 : lda, order, left ? opLower : !opLower,
                diag == Diagonal.Unit, norms.AsSpan(0, order), packed is null ? default : packed.AsSpan(0, order * order));
            int step = left ? ldb : 1, savedStep = left ? n : 1; // element k of right-hand side r: r·(left ? 1 : ld) + k·step
            for (int r = 0; r < count; r++)
            {
                int at = left ? r : r * ldb, savedAt = left ? r : r * n;
                if (Finite(b, at, step, order)) continue;
                var x = w.AsSpan(0, order);
                int scale = ScaleAlpha(double.CreateTruncating(alpha), saved, savedAt, savedStep, x);
                if (!Solve(t, x, ref scale)) continue;
                WriteIfFinite(x, scale, b, at, step);
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(norms); ArrayPool<double>.Shared.Return(w);
            if (packed is not null) ArrayPool<double>.Shared.Return(packed);
        }
    }

    /// <summary>
    /// <see cref="Trsm{T}"/> for LAPACK's column-major solves after plain substitution of the n×nrhs panel b: Trtrs
    /// (op(A) X = B) or, with <paramref name="cholesky"/>, Potrs (the factor and its transpose in turn, one scale through both).
    /// </summary>
    public static void Lapack(bool cholesky, Triangle uplo, Transpose trans, Diagonal diag, int n, int nrhs,
        ReadOnlySpan<double> a, int lda, Span<double> b, int ldb, ReadOnlySpan<double> saved)
    {
        double[] norms = ArrayPool<double>.Shared.Rent(2 * n), w = ArrayPool<double>.Shared.Rent(n);
        double[]? packed = nrhs > 1 && 2L * n * n <= SolveOverflowCopy.MaxElements ? ArrayPool<double>.Shared.Rent(2 * n * n) : null;
        Span<double> Rows(int k) => packed is null ? default : packed.AsSpan(k * n * n, n * n);
        try
        {
            // Column-major: op(A)ᵢⱼ = a[i + j·lda], transposed a[j + i·lda]. Potrs: A = LLᵀ solves L then Lᵀ; A = UᵀU solves Uᵀ then U.
            var first = cholesky && uplo == Triangle.Upper ? Transpose.Transposed : trans;
            var t1 = Column(uplo, first, diag, n, a, lda, norms.AsSpan(0, n), Rows(0));
            var t2 = cholesky
                ? Column(uplo, first == Transpose.None ? Transpose.Transposed : Transpose.None, diag, n, a, lda, norms.AsSpan(n, n), Rows(1))
                : t1;
            for (int r = 0; r < nrhs; r++)
            {
                if (Finite(b, r * ldb, 1, n)) continue;
                var x = w.AsSpan(0, n);
                saved.Slice(r * n, n).CopyTo(x);
                int scale = 0;
                if (!Solve(t1, x, ref scale) || (cholesky && !Solve(t2, x, ref scale))) continue;
                WriteIfFinite(x, scale, b, r * ldb, 1);
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(norms); ArrayPool<double>.Shared.Return(w);
            if (packed is not null) ArrayPool<double>.Shared.Return(packed);
        }
    }

    private static TriangleView<double> Column(Triangle uplo, Transpose trans, Diagonal diag, int n, ReadOnlySpan<double> a, int lda, Span<double> norms, Span<double> rows)
    {
        bool tr = trans == Transpose.Transposed;
        return new TriangleView<double>(a, tr ? lda : 1, tr ? 1 : lda, n, (uplo == Triangle.Lower) != tr, diag == Diagonal.Unit, norms, rows);
    }

    /// <summary>
    /// <see cref="Trsm{T}"/> for Trsv's one right-hand side (row-major A, stride incX), after plain substitution wrote x.
    /// </summary>
    public static void Trsv<T>(Triangle uplo, Transpose trans, Diagonal diag, int n, ReadOnlySpan<T> a, int lda, Span<T> x, int incX,
        ReadOnlySpan<T> saved) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Finite(x, 0, incX, n)) return;
        bool tr = trans == Transpose.Transposed;
        double[] norms = ArrayPool<double>.Shared.Rent(n), w = ArrayPool<double>.Shared.Rent(n);
        try
        {
            var t = new TriangleView<T>(a, tr ? 1 : lda, tr ? lda : 1, n, (uplo == Triangle.Lower) != tr, diag == Diagonal.Unit, norms.AsSpan(0, n), default);
            var v = w.AsSpan(0, n);
            for (int i = 0; i < n; i++) v[i] = double.CreateTruncating(saved[i]);
            int scale = 0;
            if (Solve(t, v, ref scale)) WriteIfFinite(v, scale, x, 0, incX);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(norms); ArrayPool<double>.Shared.Return(w);
        }
    }

    /// <summary>
    /// x ← α·(the kept right-hand side), in double; α·b can itself overflow (α = 2^10, b = 2^1020 with a diagonal of
    /// 2^10), so when it may, x holds 2^-k·α·b and k is returned as the starting scale.
    /// </summary>
    private static int ScaleAlpha<T>(double alpha, ReadOnlySpan<T> saved, int at, int step, Span<double> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double max = 0;
        for (int k = 0; k < x.Length; k++)
        {
            x[k] = double.CreateTruncating(saved[at + k * step]);
            max = Math.Max(max, Math.Abs(x[k]));
        }
        int shift = alpha == 1 ? 0 : Math.Max(0, Log2Above(max) + Log2Above(alpha) - Limit);
        for (int k = 0; k < x.Length; k++) x[k] = shift == 0 ? alpha * x[k] : alpha * Math.ScaleB(x[k], -shift);
        return shift;
    }

    /// <summary>Writes 2^scale·w into the strided target when every component is finite in T; otherwise leaves the target.</summary>
    private static void WriteIfFinite<T>(Span<double> w, int scale, Span<T> target, int at, int step) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int k = 0; k < w.Length; k++)
            if (!T.IsFinite(T.CreateTruncating(Math.ScaleB(w[k], scale)))) return;
        for (int k = 0; k < w.Length; k++) target[at + k * step] = T.CreateTruncating(Math.ScaleB(w[k], scale));
    }

    private static bool Finite<T>(ReadOnlySpan<T> v, int at, int step, int count) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int k = 0; k < count; k++)
            if (!T.IsFinite(v[at + k * step])) return false;
        return true;
    }
}
