using System.Numerics;
using System.Runtime.InteropServices;

namespace BlasNet.Neural;

/// <summary>
/// The L2 norm of several gradients together, accumulated in double: float32 entries are widened before
/// they are squared (3e19² overflows float32 but not double, and a float32 square sum is at most
/// ≈ 1.2e77 per entry), and a double gradient whose square sum overflows is summed again scaled by its
/// largest magnitude, and parameters' finite square sums whose total overflows are added rescaled (the norm itself
/// is finite up to double's range). A double gradient whose square sum is tiny or 0 while an entry is not (entries of
/// 1e-200, whose squares underflow) is summed again scaled by its largest magnitude too, so the norm is accurate down to
/// the smallest subnormal rather than 0. ∞ or NaN entries give ∞ or NaN.
/// </summary>
internal struct GradientNorm
{
    // The norm is scale·√sumSquares; scale stays 1 unless a parameter needed scaling or two sums overflowed together.
    private double scale;
    private double sumSquares;

    public GradientNorm()
    {
        scale = 1;
        sumSquares = 0;
    }

    public readonly double Value => scale * Math.Sqrt(sumSquares);

    /// <summary>
    /// clip_grad_norm_'s factor maxNorm / (norm + 1e-6) as <c>Mantissa·2^Exponent</c> (Mantissa in [1, 2)), or NaN when
    /// an entry was ∞ or NaN (∞ for maxNorm ∞: nothing to clip). Where that quotient is a normal double it is exactly the
    /// plain one. Otherwise it is formed from the operands' mantissas and exponents apart, as the factor itself need not
    /// be a normal double: a norm beyond double's range from finite entries (two float64 entries of 1.5e308: √2·1.5e308)
    /// gives maxNorm/scale/√sumSquares (the 1e-6 is far below an ulp there), and a factor below double's normal range
    /// (maxNorm 1e-20 for that norm: 5e-329) came out 0 or with its low bits lost, so the gradients were zeroed or
    /// clipped to a norm off by up to 100% instead of to maxNorm.
    /// </summary>
    public readonly (double Mantissa, int Exponent) ClipFactor(double maxNorm)
    {
        if (!double.IsFinite(sumSquares)) return (double.NaN, 0);
        if (double.IsPositiveInfinity(maxNorm)) return (maxNorm, 0);
        double norm = Value;
        if (double.IsFinite(norm)) return FiniteClipFactor(norm, maxNorm);
        var (scaleMantissa, scaleExponent) = Split(scale);
        var (rootMantissa, rootExponent) = Split(Math.Sqrt(sumSquares));
        return Quotient(Split(maxNorm), (scaleMantissa * rootMantissa, scaleExponent + rootExponent));
    }

    /// <summary>
    /// maxNorm / (norm + 1e-6) for a finite norm (of any norm type) as <c>Mantissa·2^Exponent</c>: the plain quotient when it
    /// is a normal double, otherwise formed from the operands' mantissas and exponents apart (see <see cref="ClipFactor"/>).
    /// </summary>
    public static (double Mantissa, int Exponent) FiniteClipFactor(double norm, double maxNorm)
    {
        if (double.IsPositiveInfinity(maxNorm)) return (maxNorm, 0);
        double plain = maxNorm / (norm + 1e-6);
        return double.IsNormal(plain) ? Split(plain) : Quotient(Split(maxNorm), Split(norm + 1e-6));
    }

    /// <summary>A positive finite x as m·2^e with m in [1, 2) (exactly, subnormals included).</summary>
    private static (double Mantissa, int Exponent) Split(double x)
    {
        int e = Math.ILogB(x);
        return (Math.ScaleB(x, -e), e);
    }

    private static (double Mantissa, int Exponent) Quotient((double Mantissa, int Exponent) a, (double Mantissa, int Exponent) b)
    {
        var (m, e) = Split(a.Mantissa / b.Mantissa);
        return (m, e + a.Exponent - b.Exponent);
    }

    /// <summary>
    /// Below this a double square sum may have lost its value to underflow: squares under 2^-1022 (entries under ≈ 1.5e-154)
    /// are subnormal or 0, so (1e-200, 1e-200) summed to 0 and the norm read 0 instead of 1.414e-200. A sum at or above it
    /// has lost at most n·2^-1075 to rounded subnormal squares, a relative n·2^-115, so the fast sum is kept.
    /// </summary>
    private const double SuspiciouslySmall = 1e-289; // ≈ 2^-960

    public void Add<T>(ReadOnlySpan<T> values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double sum = Kernels.SumOfSquares(values);
        // Only double needs the second pass: float32 and Half entries are squared in double, where their smallest square
        // (float32's least subnormal 1.4e-45 gives 2e-90) is far inside the normal range.
        if (double.IsPositiveInfinity(sum) || typeof(T) == typeof(double) && sum < SuspiciouslySmall)
        {
            // One vectorized pass (a zero gradient costs only this); NaN when an entry is ∞ or NaN, whose sum stands as it is.
            double largest = double.CreateTruncating(ElementwiseLoops.MaxAbsIfFinite(values));
            if (largest == 0) return; // all zero: nothing to add (and no scale to take)
            if (double.IsFinite(largest))
            {
                // Summed relative to the largest magnitude, as LAPACK's dnrm2 keeps it: entries far below it underflow
                // to 0 there, but they are below its ulp anyway.
                double scaled = 0;
                foreach (var v in values)
                {
                    double r = double.CreateTruncating(v) / largest;
                    scaled += r * r;
                }
                Combine(largest, scaled);
                return;
            }
        }
        Combine(1, sum);
    }

    /// <summary>
    /// Adds otherScale²·otherSumSquares to the running scale²·sumSquares. Two finite sums can overflow together
    /// (two parameters of 1.3e154 each: 1.69e308 + 1.69e308); then both are first rescaled as LAPACK's dlassq keeps
    /// them, a square sum above 1 folded into its scale (scale·√sumSquares, sumSquares 1), and added again, so the
    /// running sum stays at most about the number of parameters. Sums that fit are added as before, unrounded.
    /// </summary>
    private void Combine(double otherScale, double otherSumSquares)
    {
        double keptScale = scale, keptSumSquares = sumSquares;
        Add(otherScale, otherSumSquares);
        if (double.IsPositiveInfinity(sumSquares) && double.IsFinite(keptSumSquares) && double.IsFinite(otherSumSquares))
        {
            (scale, sumSquares) = Normalized(keptScale, keptSumSquares);
            var (s, q) = Normalized(otherScale, otherSumSquares);
            Add(s, q);
        }
    }

    /// <summary>
    /// The same norm scale·√sumSquares with a square sum above 1 folded into the scale (unless that norm itself
    /// overflows: the pair is kept, and the total comes out ∞ as it should).
    /// </summary>
    private static (double Scale, double SumSquares) Normalized(double scale, double sumSquares)
    {
        if (!(sumSquares > 1)) return (scale, sumSquares);
        double norm = scale * Math.Sqrt(sumSquares);
        return double.IsFinite(norm) ? (norm, 1) : (scale, sumSquares);
    }

    private void Add(double otherScale, double otherSumSquares)
    {
        // A zero sum adds nothing, and must not lend its scale: a running 2·(1e-200)² at scale 1e-200 joined at scale 1 would
        // be multiplied by (1e-200)² and vanish; likewise an empty running sum takes the other's scale as it is.
        if (otherSumSquares == 0) return;
        if (sumSquares == 0)
        {
            (scale, sumSquares) = (otherScale, otherSumSquares);
            return;
        }
        if (otherScale > scale)
        {
            double ratio = scale / otherScale;
            sumSquares = sumSquares * ratio * ratio + otherSumSquares;
            scale = otherScale;
        }
        else
        {
            double ratio = otherScale / scale;
            sumSquares += otherSumSquares * ratio * ratio;
        }
    }
}
