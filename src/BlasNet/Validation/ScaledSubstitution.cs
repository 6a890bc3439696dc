using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;

namespace BlasNet;

/// <summary>
/// Substitution with an exponent kept per component, for the overflow recompute of the triangular solves
/// (<see cref="SolveOverflowCopy"/>). Plain substitution returns −∞ or NaN when a partial sum bᵢ − Σ Tᵢⱼxⱼ leaves
/// double's range even though xᵢ and every later component are finite (T = [[1,0,0],[c,c,0],[c,c,1]], b = (h, 0, 0)
/// with c·h &gt; double.MaxValue: x = (h, −h, 0), plain substitution (h, −∞, NaN)). Here every component and every
/// coefficient is a mantissa in [½, 1) with its own int exponent; row i's terms are formed as mantissa products and
/// summed relative to the row's largest exponent, so no partial sum, product or quotient can overflow or underflow:
/// each component is as accurate as substitution in a floating point without range limits, rounding included: where terms
/// beyond the range cancel beside smaller ones (T's last row c·(1, 1, 1, 1, 1/c) with c = 2^600 against x = (2^700,
/// 2^600, −2^700, −2^600, 0)), the sum keeps an error of the smaller terms' size, c·2^600 here, and the answer stays
/// non-finite, as substitution in any order of the sum could. (A single running scale
/// for the whole vector, as LAPACK's dlatrs, was tried first: rescaling flushed small components and small products to
/// zero, and a tiny diagonal later amplified the loss into wrong finite answers, x = (4, −4, 0) for the exact
/// (4, −4, 1).) Run only on a right-hand side whose plain substitution was not finite, and kept only when every
/// component is finite in T: a solution that truly overflows keeps the plain result (±∞, NaN), and the solve stops at
/// the first component beyond the range. Computed in double for float data too.
/// </summary>
internal static class ScaledSubstitution
{
    /// <summary>The exponent of zero: far enough below any other that its terms vanish, far from int overflow.</summary>
    private const int ZeroExp = -(1 << 24);

    /// <summary>
    /// For a component of Potrs's intermediate y (Lᵀx = y): |y| ≤ n·2^1024·|x| &lt; 2^2079, so past 2^2200 x cannot be finite.
    /// Also keeps the exponents far from int overflow.
    /// </summary>
    private const int IntermediateMaxExp = 2200;

    /// <summary>
    /// A triangle T of order n seen through strides: Tᵢⱼ = a[i·<see cref="RowStride"/> + j·<see cref="ColumnStride"/>];
    /// <see cref="Lower"/>: x is solved from the first component (forward), else from the last.
    /// When the caller gives room for n² entries (<see cref="Mantissas"/>, <see cref="Exponents"/>), the off-diagonal
    /// rows are split there once, so the many right-hand sides of a panel read them contiguously instead of splitting
    /// strided entries again for each.
    /// </summary>
    internal readonly ref struct TriangleView<TA> where TA : unmanaged, IFloatingPointIeee754<TA>
    {
        public readonly ReadOnlySpan<TA> A;
        public readonly int RowStride, ColumnStride, N;
        public readonly bool Lower, Unit;
        public readonly Span<double> Mantissas;
        public readonly Span<int> Exponents;

        // mantissas, exponents: room for n² entries (row i from i·n), or both empty.
        public TriangleView(ReadOnlySpan<TA> a, int rowStride, int columnStride, int n, bool lower, bool unit, Span<double> mantissas, Span<int> exponents)
        {
            A = a; RowStride = rowStride; ColumnStride = columnStride; N = n; Lower = lower; Unit = unit; Mantissas = mantissas; Exponents = exponents;
            if (mantissas.IsEmpty) return;
            for (int i = 0; i < n; i++)
            {
                int lo = lower ? 0 : i + 1, hi = lower ? i : n;
                for (int j = lo; j < hi; j++) mantissas[i * n + j] = Split(At(i, j), out exponents[i * n + j]);
            }
        }

        public double At(int i, int j) => double.CreateTruncating(A[i * RowStride + j * ColumnStride]);

        public double Entry(int i, int j, out int e)
        {
            if (Mantissas.IsEmpty) return Split(At(i, j), out e);
            e = Exponents[i * N + j];
            return Mantissas[i * N + j];
        }
    }

    /// <summary>v = m·2^e with m in [½, 1) (signed), exactly; 0 gives m = 0, e = <see cref="ZeroExp"/>. v is finite.</summary>
    internal static double Split(double v, out int e)
    {
        if (v == 0) { e = ZeroExp; return 0; }
        long bits = BitConverter.DoubleToInt64Bits(v);
        int biased = (int)((bits >> 52) & 0x7FF);
        int extra = 0;
        if (biased == 0)
        {
            // Subnormal: 2^64·v is normal and exact.
            bits = BitConverter.DoubleToInt64Bits(v * 18446744073709551616.0);
            biased = (int)((bits >> 52) & 0x7FF);
            extra = -64;
        }
        e = biased - 1022 + extra;
        return BitConverter.Int64BitsToDouble((bits & ~(0x7FFL << 52)) | (1022L << 52));
    }

    /// <summary>
    /// 2^k for −1022 ≤ k ≤ 0, and 0 below: a term under 2^-1022 of the row's largest is far below the sum's rounding.
    /// Branch-free (the fallback's inner loop).
    /// </summary>
    private static double Pow2(int k) => BitConverter.Int64BitsToDouble((long)Math.Max(k + 1023, 0) << 52);

    /// <summary>
    /// Σⱼ tmⱼ·xmⱼ·2^(teⱼ + xeⱼ − top) with every exponent at most top, each power as <see cref="Pow2"/>: vectorised, the
    /// power built from its bits (the scalar loop made the fallback 14 times slower than plain substitution for 400
    /// right-hand sides of order 400, instead of about 3).
    /// </summary>
    private static double ScaledDot(ReadOnlySpan<double> tm, ReadOnlySpan<int> te, ReadOnlySpan<double> xm, ReadOnlySpan<int> xe, int top)
    {
        int len = tm.Length, j = 0;
        double sum = 0;
        int step = Vector<int>.Count, half = Vector<double>.Count;
        if (Vector.IsHardwareAccelerated && step == 2 * half && len >= step)
        {
            var bias = new Vector<int>(1023 - top);
            var acc = Vector<double>.Zero;
            for (; j <= len - step; j += step)
            {
                var k = Vector.Max(new Vector<int>(te.Slice(j, step)) + new Vector<int>(xe.Slice(j, step)) + bias, Vector<int>.Zero);
                Vector.Widen(k, out Vector<long> klo, out Vector<long> khi);
                var plo = Vector.AsVectorDouble(Vector.ShiftLeft(klo, 52));
                var phi = Vector.AsVectorDouble(Vector.ShiftLeft(khi, 52));
                acc += new Vector<double>(tm.Slice(j, half)) * new Vector<double>(xm.Slice(j, half)) * plo;
                acc += new Vector<double>(tm.Slice(j + half, half)) * new Vector<double>(xm.Slice(j + half, half)) * phi;
            }
            sum = Vector.Sum(acc);
        }
        for (; j < len; j++) sum += tm[j] * xm[j] * Pow2(te[j] + xe[j] - top);
        return sum;
    }

    /// <summary>
    /// Solves T x = b in place: on entry mᵢ·2^eᵢ is bᵢ, on exit xᵢ (each mᵢ in [½, 1) or 0, see <see cref="Split"/>).
    /// False when it cannot give a finite answer: a zero on T's diagonal, or a component of 2^<paramref name="maxExp"/>
    /// or more (it stops there). <paramref name="sums"/>: room for n ints.
    /// </summary>
    public static bool Solve<TA>(in TriangleView<TA> t, Span<double> m, Span<int> e, int maxExp, Span<int> sums) where TA : unmanaged, IFloatingPointIeee754<TA>
    {
        int n = t.N;
        bool packed = !t.Mantissas.IsEmpty;
        for (int s = 0; s < n; s++)
        {
            int i = t.Lower ? s : n - 1 - s;
            int lo = t.Lower ? 0 : i + 1, hi = t.Lower ? i : n, len = hi - lo;
            // The row's largest exponent: every term tⱼ·xⱼ = (tm·xm)·2^(te + xe), with tm·xm in [¼, 1), is summed times
            // 2^-top, so each is at most 1 and the largest at least ¼: no overflow, and what underflows is below 2^-1022
            // of the largest term. A zero (exponent ZeroExp) never sets top unless the whole row is zero.
            int top = e[i];
            double sum;
            if (packed)
            {
                var tm = t.Mantissas.Slice(i * n + lo, len);
                var te = t.Exponents.Slice(i * n + lo, len);
                var xm = m.Slice(lo, len);
                var xe = e.Slice(lo, len);
                if (len > 0)
                {
                    var ts = sums[..len];
                    TensorPrimitives.Add<int>(te, xe, ts);
                    top = Math.Max(top, TensorPrimitives.Max<int>(ts));
                }
                sum = m[i] * Pow2(e[i] - top) - ScaledDot(tm, te, xm, xe, top);
            }
            else
            {
                for (int j = lo; j < hi; j++)
                {
                    t.Entry(i, j, out int te);
                    top = Math.Max(top, te + e[j]);
                }
                sum = m[i] * Pow2(e[i] - top);
                for (int j = lo; j < hi; j++)
                {
                    double tm = t.Entry(i, j, out int te);
                    sum -= tm * m[j] * Pow2(te + e[j] - top);
                }
            }
            double sm = Split(sum, out int se);
            m[i] = sm; e[i] = sm == 0 ? ZeroExp : se + top;
            if (!t.Unit)
            {
                double d = t.At(i, i);
                if (d == 0) return false;
                double dm = Split(d, out int de);
                if (m[i] != 0)
                {
                    // (xm/dm)·2^(xe − de), the quotient in (½, 2): split again.
                    double q = Split(m[i] / dm, out int qe);
                    m[i] = q; e[i] += qe - de;
                }
            }
            if (m[i] != 0 && e[i] > maxExp) return false;
        }
        return true;
    }

    /// <summary>The largest binary exponent e with 2^(e−1) finite in T: |m·2^e| with m in [½, 1) can be finite only up to it.</summary>
    private static int MaxExp<T>() where T : unmanaged, IFloatingPointIeee754<T> => typeof(T) == typeof(float) ? 128 : 1024;

    /// <summary>
    /// After plain substitution wrote the row-major rows×cols X into b (from B kept in <paramref name="saved"/>, packed
    /// rows×cols): every right-hand side that came out non-finite (a column of X for <paramref name="side"/> Left, a row
    /// for Right) is solved again from its kept B, and replaced when that answer is finite.
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
        var w = new Workspace(order, count > 1 && (long)order * order <= SolveOverflowCopy.MaxElements ? 1 : 0);
        try
        {
            var t = new TriangleView<T>(a, rowsOfA ? lda : 1, rowsOfA ? 1 : lda, order, left ? opLower : !opLower,
                diag == Diagonal.Unit, w.Mantissas(0), w.Exponents(0));
            int step = left ? ldb : 1, savedStep = left ? n : 1; // element k of right-hand side r: r·(left ? 1 : ld) + k·step
            double am = Split(double.CreateTruncating(alpha), out int ae);
            for (int r = 0; r < count; r++)
            {
                int at = left ? r : r * ldb, savedAt = left ? r : r * n;
                if (Finite(b, at, step, order)) continue;
                Span<double> xm = w.VectorMantissas; Span<int> xe = w.VectorExponents;
                for (int k = 0; k < order; k++)
                {
                    // α·b as the product of the split factors: α·b itself may overflow (α = 2^10, b = 2^1020, a diagonal of 2^10).
                    double bm = Split(double.CreateTruncating(saved[savedAt + k * savedStep]), out int be);
                    xm[k] = Split(am * bm, out int pe);
                    xe[k] = xm[k] == 0 ? ZeroExp : pe + ae + be;
                }
                if (Solve(t, xm, xe, MaxExp<T>(), w.Sums)) WriteIfFinite(xm, xe, b, at, step);
            }
        }
        finally { w.Return(); }
    }

    /// <summary>
    /// <see cref="Trsm{T}"/> for LAPACK's column-major solves after plain substitution of the n×nrhs panel b: Trtrs
    /// (op(A) X = B) or, with <paramref name="cholesky"/>, Potrs (the factor and its transpose in turn: the intermediate
    /// between them may leave double's range when x does not).
    /// </summary>
    public static void Lapack(bool cholesky, Triangle uplo, Transpose trans, Diagonal diag, int n, int nrhs,
        ReadOnlySpan<double> a, int lda, Span<double> b, int ldb, ReadOnlySpan<double> saved)
    {
        var w = new Workspace(n, nrhs > 1 && 2L * n * n <= SolveOverflowCopy.MaxElements ? 2 : 0);
        try
        {
            // Column-major: op(A)ᵢⱼ = a[i + j·lda], transposed a[j + i·lda]. Potrs: A = LLᵀ solves L then Lᵀ; A = UᵀU solves Uᵀ then U.
            var first = cholesky && uplo == Triangle.Upper ? Transpose.Transposed : trans;
            var t1 = Column(uplo, first, diag, n, a, lda, w.Mantissas(0), w.Exponents(0));
            var t2 = cholesky
                ? Column(uplo, first == Transpose.None ? Transpose.Transposed : Transpose.None, diag, n, a, lda, w.Mantissas(1), w.Exponents(1))
                : t1;
            for (int r = 0; r < nrhs; r++)
            {
                if (Finite(b, r * ldb, 1, n)) continue;
                Span<double> xm = w.VectorMantissas; Span<int> xe = w.VectorExponents;
                for (int k = 0; k < n; k++) xm[k] = Split(saved[r * n + k], out xe[k]);
                bool solved = cholesky
                    ? Solve(t1, xm, xe, IntermediateMaxExp, w.Sums) && Solve(t2, xm, xe, MaxExp<double>(), w.Sums)
                    : Solve(t1, xm, xe, MaxExp<double>(), w.Sums);
                if (solved) WriteIfFinite(xm, xe, b, r * ldb, 1);
            }
        }
        finally { w.Return(); }
    }

    private static TriangleView<double> Column(Triangle uplo, Transpose trans, Diagonal diag, int n, ReadOnlySpan<double> a, int lda, Span<double> mantissas, Span<int> exponents)
    {
        bool tr = trans == Transpose.Transposed;
        return new TriangleView<double>(a, tr ? lda : 1, tr ? 1 : lda, n, (uplo == Triangle.Lower) != tr, diag == Diagonal.Unit, mantissas, exponents);
    }

    /// <summary>
    /// <see cref="Trsm{T}"/> for Trsv's one right-hand side (row-major A, stride incX), after plain substitution wrote x.
    /// </summary>
    public static void Trsv<T>(Triangle uplo, Transpose trans, Diagonal diag, int n, ReadOnlySpan<T> a, int lda, Span<T> x, int incX,
        ReadOnlySpan<T> saved) where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Trsv does not scan A before the native solve (that would cost as much as the solve): a NaN or ∞ in the triangle
        // is left to plain substitution's IEEE result, which is not finite then.
        if (Finite(x, 0, incX, n) || !FiniteScan.RowMajorTriangle(uplo, diag, n, a, lda)) return;
        bool tr = trans == Transpose.Transposed;
        var w = new Workspace(n, 0);
        try
        {
            var t = new TriangleView<T>(a, tr ? 1 : lda, tr ? lda : 1, n, (uplo == Triangle.Lower) != tr, diag == Diagonal.Unit, default, default);
            Span<double> xm = w.VectorMantissas; Span<int> xe = w.VectorExponents;
            for (int i = 0; i < n; i++) xm[i] = Split(double.CreateTruncating(saved[i]), out xe[i]);
            if (Solve(t, xm, xe, MaxExp<T>(), w.Sums)) WriteIfFinite(xm, xe, x, 0, incX);
        }
        finally { w.Return(); }
    }

    /// <summary>Pooled buffers: one split vector of order n, and room for <c>triangles</c> split n×n triangles.</summary>
    private readonly struct Workspace
    {
        private readonly int n;
        private readonly double[] vm, tm;
        private readonly int[] ve, vs, te;

        public Workspace(int n, int triangles)
        {
            this.n = n;
            vm = ArrayPool<double>.Shared.Rent(n); ve = ArrayPool<int>.Shared.Rent(n); vs = ArrayPool<int>.Shared.Rent(n);
            tm = triangles == 0 ? [] : ArrayPool<double>.Shared.Rent(triangles * n * n);
            te = triangles == 0 ? [] : ArrayPool<int>.Shared.Rent(triangles * n * n);
        }

        public Span<double> VectorMantissas => vm.AsSpan(0, n);
        public Span<int> VectorExponents => ve.AsSpan(0, n);
        public Span<int> Sums => vs.AsSpan(0, n);
        public Span<double> Mantissas(int k) => tm.Length == 0 ? default : tm.AsSpan(k * n * n, n * n);
        public Span<int> Exponents(int k) => te.Length == 0 ? default : te.AsSpan(k * n * n, n * n);

        public void Return()
        {
            ArrayPool<double>.Shared.Return(vm); ArrayPool<int>.Shared.Return(ve); ArrayPool<int>.Shared.Return(vs);
            if (tm.Length != 0) { ArrayPool<double>.Shared.Return(tm); ArrayPool<int>.Shared.Return(te); }
        }
    }

    /// <summary>Writes mₖ·2^eₖ into the strided target when every component is finite in T; otherwise leaves the target.</summary>
    private static void WriteIfFinite<T>(Span<double> m, Span<int> e, Span<T> target, int at, int step) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int k = 0; k < m.Length; k++)
            if (!T.IsFinite(Value<T>(m[k], e[k]))) return;
        for (int k = 0; k < m.Length; k++) target[at + k * step] = Value<T>(m[k], e[k]);
    }

    /// <summary>m·2^e rounded once to T (ScaleB rounds a double subnormal once; a float's range is inside double's normal one).</summary>
    private static T Value<T>(double m, int e) where T : unmanaged, IFloatingPointIeee754<T> =>
        T.CreateTruncating(Math.ScaleB(m, Math.Clamp(e, -2000, 2000)));

    private static bool Finite<T>(ReadOnlySpan<T> v, int at, int step, int count) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int k = 0; k < count; k++)
            if (!T.IsFinite(v[at + k * step])) return false;
        return true;
    }
}
