namespace BlasNet.Quadrature;

internal sealed partial class GaussKronrodRule
{
    /// <summary>
    /// The size of the part of the values' interpolant beyond its top degree, from the decay of the top four Legendre
    /// coefficients: where the top two fall below the two beneath them, a geometric tail |c_k| ~ r^k from there on sums to
    /// max(|c_{n−2}|, |c_{n−1}|)·r/(1 − r), r the per-degree ratio of the two pairs (pairs, so that an f even or odd about the
    /// centre, half of whose coefficients vanish, is not read as decaying); else, and never above it, the largest of the four
    /// (<see cref="LargestTopGroupCoefficient"/>).
    /// </summary>
    /// <remarks>
    /// On a steep branch the rule resolves, the top four coefficients fall by orders of magnitude, and the largest of them is
    /// far above the polynomial's error at an end: 0.5·e^(30x) on [0.5, 1] has |c_17..c_20| = 7.4e5, 1.5e5, 3.0e4, 5.5e3 and
    /// misses f at 0.5 by 290, so 16 times 7.4e5 hid a jump of 1.6e6 there (x &lt; d ? e^(30x) : e^(30x)/2 on [0, 1] with d
    /// 3.3e-4 above 0.5 was Converged ± 66 for an error of 535, SciPy's quad alike). The tail sum is 7.6e3.
    /// </remarks>
    public double DecayingTailEstimate(ReadOnlySpan<double> f)
    {
        // |c_k| over the top 2·TailTerms degrees, then the larger of each pair of neighbouring degrees.
        Span<double> pairs = stackalloc double[TailTerms];
        pairs.Clear();
        for (int r = 0; r < 2 * TailTerms; r++)
        {
            double[] row = tailRows[r];
            double s = 0.0;
            for (int i = 0; i < row.Length; i++)
                s += row[i] * f[i];
            pairs[r / 2] = Math.Max(pairs[r / 2], Math.Abs(s));
        }

        double top = pairs[TailTerms - 1];
        double largest = Math.Max(top, pairs[TailTerms - 2]);
        // The slowest per-degree decay over the pairs: a series that slows down (a singularity near the interval, whose
        // coefficients only approach their geometric rate) is taken at its slowest rate, not its last one.
        double ratio = 0.0;
        for (int p = 1; p < TailTerms; p++)
        {
            if (!(pairs[p] < pairs[p - 1]))
                return largest;
            ratio = Math.Max(ratio, Math.Sqrt(pairs[p] / pairs[p - 1]));
        }

        return Math.Min(largest, top * ratio / (1.0 - ratio));
    }
}
