using System.Runtime.CompilerServices;

namespace BlasNet;

/// <summary>
/// Half kernels whose formula is more than one operation, each result the exact value rounded once to Half.
/// Computed in float (as <see cref="HalfBridge"/> does) the formula rounds more than once: dy·(1 − y²) rounded in
/// float can land exactly on a Half rounding midpoint the exact value is not on, and ties-to-even then picks the
/// wrong neighbour (TanhBackward of y = −0.4368, dy = −10.914 gave −8.83 for the exact −8.8320314, whose correctly
/// rounded Half is −8.836; about 5 in 10⁵ random inputs). Here every product of two or three Half values is exact in
/// double (11 significant bits each), the one sum that remains is split into its rounded value and its exact error
/// (TwoSum), and the pair is rounded to odd in double before the single rounding to Half: 53 ≥ 2·11 + 2 bits make
/// that rounding the correct one. A non-finite input gives the plain formula's IEEE result (as before): finite Half
/// inputs never overflow double here. A zero result is the plain formula's too, with its sign (dy·0 = −0 for a negative
/// dy at y = ±1, where the split form's dy − dy would give +0); with finite inputs the plain double formula is 0 exactly
/// when the exact value is (its only rounded step, 1 − y² or 1 − y, is exact in double when it is 0).
/// </summary>
internal static class HalfExact
{
    /// <summary><c>dx[i] = dy[i]·(1 − y[i]²)</c>, as dy − (dy·y)·y: both terms exact in double.</summary>
    public static void TanhBackward(ReadOnlySpan<Half> y, ReadOnlySpan<Half> dy, Span<Half> dx)
    {
        for (int i = 0; i < y.Length; i++)
        {
            double v = (double)y[i], d = (double)dy[i];
            double plain = d * (1 - v * v);
            dx[i] = double.IsFinite(plain) && plain != 0 ? RoundSum(d, -(d * v) * v) : (Half)plain;
        }
    }

    /// <summary><c>dx[i] = dy[i]·(1 − y[i])·y[i]</c>, as dy·y − (dy·y)·y: both terms exact in double.</summary>
    public static void SigmoidBackward(ReadOnlySpan<Half> y, ReadOnlySpan<Half> dy, Span<Half> dx)
    {
        for (int i = 0; i < y.Length; i++)
        {
            double v = (double)y[i], d = (double)dy[i];
            double plain = d * (1 - v) * v;
            double dv = d * v;
            dx[i] = double.IsFinite(plain) && plain != 0 ? RoundSum(dv, -dv * v) : (Half)plain;
        }
    }

    /// <summary><c>y[i] ← α·x[i] + β·y[i]</c>: both products exact in double.</summary>
    public static void Axpby(Half alpha, ReadOnlySpan<Half> x, Half beta, Span<Half> y)
    {
        double a = (double)alpha, b = (double)beta;
        for (int i = 0; i < x.Length; i++)
        {
            double p = a * (double)x[i], q = b * (double)y[i];
            double plain = p + q;
            y[i] = double.IsFinite(plain) ? RoundSum(p, q) : (Half)plain;
        }
    }

    /// <summary>The exact a + b (finite doubles) rounded once to Half: its double rounding made odd by the exact error, then narrowed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Half RoundSum(double a, double b)
    {
        double s = a + b;
        // TwoSum (Knuth): s + e = a + b exactly, whatever their magnitudes.
        double bv = s - a;
        double e = (a - (s - bv)) + (b - bv);
        if (e != 0)
        {
            // Round to odd: s is the nearest double; when its last bit is even, the exact sum lies strictly between s and the
            // odd neighbour on e's side, which is then the round-to-odd result (s ≠ 0 here, as e ≠ 0 needs a + b ≠ 0).
            long bits = BitConverter.DoubleToInt64Bits(s);
            if ((bits & 1) == 0) s = BitConverter.Int64BitsToDouble((e > 0) == (s > 0) ? bits + 1 : bits - 1);
        }
        return (Half)s;
    }
}
