using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace BlasNet.Optimization;

/// <summary>
/// Householder QR of a column-major rows×k block (rows ≫ k, the work block of <see cref="TallSkinnyQr"/>), managed and
/// vectorised over rows, in place of LAPACK's dgeqrf (which for k ≤ its block size is the unblocked dgeqr2: per column a
/// dnrm2 and a dlarf of two level-2 calls, three passes over the block a column, and OpenBLAS's dnrm2 is slow).
/// <para>
/// One pass over the block per reflector: while reflector j is applied to a chunk of rows, the chunk of the next column
/// (just updated, still in L1) is dotted with itself and with every later column's updated chunk, so reflector j + 1's
/// norm and its products with the columns are ready when the pass ends. These sums are over the unscaled x of
/// v = [1; x/(α − β)] (the scale is applied to the k sums, not to the rows), and the column's norm is the plain Σx² — safe
/// because it is only used when Σx² lies in [2⁻⁸⁰⁰, 2⁸⁰⁰] and every coefficient it yields is finite; otherwise that column
/// takes the textbook step with a scaled norm (LAPACK's dlarfg idea: scale only when the plain sum would under- or
/// overflow), so R stays Householder-accurate for any finite input, and NaN or ∞ propagate rather than hang.
/// </para>
/// <para>
/// R (upper triangle of the block; below it the block holds scratch, not LAPACK's reflectors) agrees with dgeqrf's to
/// rounding, up to the sign of each row — not bit for bit. The same input gives the same bits on the same machine and
/// width: the order of every sum is fixed by the row count and the vector width (512 bits where AVX-512 runs, else 256 where
/// AVX2 runs, else 128).
/// </para>
/// </summary>
internal static class HouseholderBlockQr
{
    // Rows per chunk: the chunk of x, of the next column and of the column being updated (3 × 2 KB) stay in L1.
    private const int ChunkRows = 256;
    // Σx² outside this range, or a non-finite coefficient, sends the column to the scaled step.
    private static readonly double Smallest = Math.ScaleB(1.0, -800), Largest = Math.ScaleB(1.0, 800);

    /// <summary>Reduces the column-major rows×k <paramref name="a"/> (leading dimension rows) to R in its upper triangle.</summary>
    public static void Factor(Span<double> a, int rows, int k)
    {
        // The widest width the hardware runs (an emulated wider vector would be many times slower than a narrow one).
        if (Vector512.IsHardwareAccelerated) Factor<QrLanes512>(a, rows, k);
        else if (Vector256.IsHardwareAccelerated) Factor<QrLanes256>(a, rows, k);
        else Factor<QrLanes128>(a, rows, k);
    }

    /// <summary><see cref="Factor(Span{double}, int, int)"/> at the width <typeparamref name="L"/> (tests force the narrow one).</summary>
    internal static void Factor<L>(Span<double> a, int rows, int k) where L : unmanaged, IQrLanes<L>
    {
        if (rows < 1 || k < 1 || a.Length < rows * k)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"A {rows}×{k} block needs {(long)rows * k} doubles; the span has {a.Length}."), nameof(a));
        int n = Math.Min(rows, k);
        // d[c]: Σ x_i·a_ic over the rows below the diagonal of the column being reduced; u[c]: its update coefficients.
        Span<double> d = k <= 64 ? stackalloc double[k] : new double[k];
        Span<double> u = k <= 64 ? stackalloc double[k] : new double[k];
        Span<L> sums = k <= 64 ? stackalloc L[k] : new L[k];
        ref double origin = ref MemoryMarshal.GetReference(a);
        double s = Prepare<L>(ref origin, rows, k, 0, d);
        for (int j = 0; j < n; j++)
        {
            if (FusedStep(ref origin, rows, k, j, ref s, d, u, sums)) continue;
            ScaledStep(ref origin, rows, k, j);
            if (j + 1 < n) s = Prepare<L>(ref origin, rows, k, j + 1, d);
        }
    }

    /// <summary>Σ x_i² and d[c] = Σ x_i·a_ic (c &gt; j) over the rows i &gt; j of column j (x), with no update.</summary>
    private static double Prepare<L>(ref double origin, int rows, int k, int j, Span<double> d) where L : unmanaged, IQrLanes<L>
    {
        int start = j + 1, count = rows - start;
        if (count <= 0) { d.Clear(); return 0; }
        int vectorRows = count - count % L.Count;
        ref double x = ref Unsafe.Add(ref origin, j * rows + start);
        double s = 0;
        for (int c = j; c < k; c++)
        {
            ref double column = ref Unsafe.Add(ref origin, c * rows + start);
            L sum = L.Zero;
            for (int i = 0; i < vectorRows; i += L.Count)
                sum = L.MultiplyAdd(L.Load(ref Unsafe.Add(ref x, i)), L.Load(ref Unsafe.Add(ref column, i)), sum);
            double total = L.Sum(sum);
            for (int i = vectorRows; i < count; i++) total = Math.FusedMultiplyAdd(Unsafe.Add(ref x, i), Unsafe.Add(ref column, i), total);
            if (c == j) s = total;
            else d[c] = total;
        }
        return s;
    }

    /// <summary>
    /// Reflector j from the ready sums (s = Σx², d), applied to columns j + 1 … k − 1 in one chunked pass that also leaves the
    /// sums of column j + 1 in s and d. False, with nothing written, when the sums are not safe to use.
    /// </summary>
    private static bool FusedStep<L>(ref double origin, int rows, int k, int j, ref double s, Span<double> d, Span<double> u, Span<L> sums)
        where L : unmanaged, IQrLanes<L>
    {
        if (!(s >= Smallest && s <= Largest)) return false;
        ref double x = ref Unsafe.Add(ref origin, j * rows);
        double alpha = x.GetAt(j);
        double beta = -double.CopySign(double.Hypot(alpha, Math.Sqrt(s)), alpha);
        double tau = (beta - alpha) / beta, scale = 1 / (alpha - beta);
        // Row j takes t_c = τ·vᵀa_c with vᵀa_c = a_jc + scale·d_c; the rows below take u_c·x_i, u_c = t_c·scale (v_i = scale·x_i).
        for (int c = j + 1; c < k; c++)
        {
            double t = tau * (Unsafe.Add(ref origin, c * rows + j) + scale * d[c]);
            u[c] = t * scale;
            if (!double.IsFinite(t) || !double.IsFinite(u[c])) return false;
            d[c] = t;
        }
        x.GetAt(j) = beta;
        for (int c = j + 1; c < k; c++) Unsafe.Add(ref origin, c * rows + j) -= d[c];
        int next = j + 1;
        if (next >= k || next >= rows)
        {
            // No column or no row left below: the update alone (a block with no more rows than columns).
            for (int c = next; c < k; c++)
                for (int i = next; i < rows; i++)
                    Unsafe.Add(ref origin, c * rows + i) = Math.FusedMultiplyAdd(-u[c], x.GetAt(i), Unsafe.Add(ref origin, c * rows + i));
            s = 0;
            return true;
        }
        // Row j + 1 becomes the next α: updated, not summed.
        for (int c = next; c < k; c++)
            Unsafe.Add(ref origin, c * rows + next) = Math.FusedMultiplyAdd(-u[c], x.GetAt(next), Unsafe.Add(ref origin, c * rows + next));
        int start = next + 1, count = rows - start, vectorRows = Math.Max(0, count - count % L.Count);
        for (int c = next; c < k; c++) sums[c] = L.Zero;
        ref double y = ref Unsafe.Add(ref origin, next * rows);
        for (int chunk = start; chunk < start + vectorRows; chunk += ChunkRows)
        {
            int end = Math.Min(chunk + ChunkRows, start + vectorRows);
            // The next column first (its updated chunk y is what the later columns are dotted with), and its Σy².
            L uy = L.Create(-u[next]), squares = sums[next];
            for (int i = chunk; i < end; i += L.Count)
            {
                L value = L.MultiplyAdd(uy, L.Load(ref x.GetAt(i)), L.Load(ref y.GetAt(i)));
                L.Store(value, ref y.GetAt(i));
                squares = L.MultiplyAdd(value, value, squares);
            }
            sums[next] = squares;
            // The later columns four at a time, then two, then one: x and y loaded once for all, and independent chains of sums
            // (with one or two chains an FMA's latency, not the FMA units, set the pace).
            int c = next + 1;
            for (; c + 3 < k; c += 4)
            {
                ref double a0 = ref Unsafe.Add(ref origin, c * rows);
                ref double a1 = ref Unsafe.Add(ref origin, (c + 1) * rows);
                ref double a2 = ref Unsafe.Add(ref origin, (c + 2) * rows);
                ref double a3 = ref Unsafe.Add(ref origin, (c + 3) * rows);
                L u0 = L.Create(-u[c]), u1 = L.Create(-u[c + 1]), u2 = L.Create(-u[c + 2]), u3 = L.Create(-u[c + 3]);
                L s0 = sums[c], s1 = sums[c + 1], s2 = sums[c + 2], s3 = sums[c + 3];
                for (int i = chunk; i < end; i += L.Count)
                {
                    L xi = L.Load(ref x.GetAt(i)), yi = L.Load(ref y.GetAt(i));
                    L v0 = L.MultiplyAdd(u0, xi, L.Load(ref a0.GetAt(i)));
                    L v1 = L.MultiplyAdd(u1, xi, L.Load(ref a1.GetAt(i)));
                    L v2 = L.MultiplyAdd(u2, xi, L.Load(ref a2.GetAt(i)));
                    L v3 = L.MultiplyAdd(u3, xi, L.Load(ref a3.GetAt(i)));
                    L.Store(v0, ref a0.GetAt(i));
                    L.Store(v1, ref a1.GetAt(i));
                    L.Store(v2, ref a2.GetAt(i));
                    L.Store(v3, ref a3.GetAt(i));
                    s0 = L.MultiplyAdd(yi, v0, s0);
                    s1 = L.MultiplyAdd(yi, v1, s1);
                    s2 = L.MultiplyAdd(yi, v2, s2);
                    s3 = L.MultiplyAdd(yi, v3, s3);
                }
                sums[c] = s0;
                sums[c + 1] = s1;
                sums[c + 2] = s2;
                sums[c + 3] = s3;
            }
            for (; c + 1 < k; c += 2)
            {
                ref double a0 = ref Unsafe.Add(ref origin, c * rows);
                ref double a1 = ref Unsafe.Add(ref origin, (c + 1) * rows);
                L u0 = L.Create(-u[c]), u1 = L.Create(-u[c + 1]), s0 = sums[c], s1 = sums[c + 1];
                for (int i = chunk; i < end; i += L.Count)
                {
                    L xi = L.Load(ref x.GetAt(i)), yi = L.Load(ref y.GetAt(i));
                    L v0 = L.MultiplyAdd(u0, xi, L.Load(ref a0.GetAt(i)));
                    L v1 = L.MultiplyAdd(u1, xi, L.Load(ref a1.GetAt(i)));
                    L.Store(v0, ref a0.GetAt(i));
                    L.Store(v1, ref a1.GetAt(i));
                    s0 = L.MultiplyAdd(yi, v0, s0);
                    s1 = L.MultiplyAdd(yi, v1, s1);
                }
                sums[c] = s0;
                sums[c + 1] = s1;
            }
            if (c < k)
            {
                ref double a0 = ref Unsafe.Add(ref origin, c * rows);
                L u0 = L.Create(-u[c]), s0 = sums[c];
                for (int i = chunk; i < end; i += L.Count)
                {
                    L v0 = L.MultiplyAdd(u0, L.Load(ref x.GetAt(i)), L.Load(ref a0.GetAt(i)));
                    L.Store(v0, ref a0.GetAt(i));
                    s0 = L.MultiplyAdd(L.Load(ref y.GetAt(i)), v0, s0);
                }
                sums[c] = s0;
            }
        }
        s = L.Sum(sums[next]);
        for (int c = next + 1; c < k; c++) d[c] = L.Sum(sums[c]);
        // The rows the vectors leave, one at a time in the same order.
        for (int i = start + vectorRows; i < rows; i++)
        {
            double xi = x.GetAt(i);
            double yi = y.GetAt(i) = Math.FusedMultiplyAdd(-u[next], xi, y.GetAt(i));
            s = Math.FusedMultiplyAdd(yi, yi, s);
            for (int c = next + 1; c < k; c++)
            {
                ref double entry = ref Unsafe.Add(ref origin, c * rows + i);
                entry = Math.FusedMultiplyAdd(-u[c], xi, entry);
                d[c] = Math.FusedMultiplyAdd(yi, entry, d[c]);
            }
        }
        return true;
    }

    /// <summary>
    /// The textbook step for column j with the column scaled by its largest entry first (dlarfg's care): used when the plain
    /// sums could have under- or overflowed. Writes v below the diagonal and β on it; τ = 0 (no reflection) for x = 0.
    /// </summary>
    private static void ScaledStep(ref double origin, int rows, int k, int j)
    {
        ref double x = ref Unsafe.Add(ref origin, j * rows);
        double alpha = x.GetAt(j), largest = Math.Abs(alpha);
        for (int i = j + 1; i < rows; i++) largest = Math.Max(largest, Math.Abs(x.GetAt(i)));
        if (largest == 0) return;
        double squares = 0;
        for (int i = j + 1; i < rows; i++) { double e = x.GetAt(i) / largest; squares += e * e; }
        if (squares == 0) return;
        double scaledAlpha = alpha / largest;
        double scaledBeta = -double.CopySign(double.Hypot(scaledAlpha, Math.Sqrt(squares)), scaledAlpha);
        double tau = (scaledBeta - scaledAlpha) / scaledBeta, divisor = scaledAlpha - scaledBeta;
        for (int i = j + 1; i < rows; i++) x.GetAt(i) = x.GetAt(i) / largest / divisor;
        x.GetAt(j) = scaledBeta * largest;
        for (int c = j + 1; c < k; c++)
        {
            ref double column = ref Unsafe.Add(ref origin, c * rows);
            double dot = column.GetAt(j);
            for (int i = j + 1; i < rows; i++) dot += x.GetAt(i) * column.GetAt(i);
            double t = tau * dot;
            column.GetAt(j) -= t;
            for (int i = j + 1; i < rows; i++) column.GetAt(i) -= t * x.GetAt(i);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref double GetAt(this ref double first, int index) => ref Unsafe.Add(ref first, index);
}
