using System.Numerics;

namespace BlasNet.Tests.Kernels;

/// <summary>
/// Half kernels whose formula has several operations (TanhBackward, SigmoidBackward, Axpby) return the exact value
/// rounded once to Half. Computed in float and rounded again they were one Half ulp off near rounding midpoints; the
/// expected values are the correctly rounded Halves of the exact rationals (Python's fractions), and a random sweep
/// checks every result against the exact value as a big integer.
/// </summary>
public class HalfExactKernelTests
{
    private static Half H(double v) => (Half)v;

    [Theory]
    // y, dy, correctly rounded dy·(1 − y²); the float path gave −8.83, −498.5, 4520.
    [InlineData(-0.436767578125, -10.9140625, -8.8359375)]
    [InlineData(-0.99169921875, -30160.0, -498.75)]
    [InlineData(0.436767578125, 5588.0, 4524.0)]
    public void TanhBackward_Half_IsTheExactValueRoundedOnce(double y, double dy, double expected)
    {
        var dx = new Half[1];
        BlasNet.Kernels.TanhBackward<Half>([H(y)], [H(dy)], dx);
        Assert.Equal(H(expected), dx[0]);
    }

    [Theory]
    // y, dy, correctly rounded dy·(1 − y)·y; the float path gave 14.17, 0.003117, −153.
    [InlineData(0.0806884765625, 191.0, 14.1640625)]
    [InlineData(0.59814453125, 0.012969970703125, 0.0031185150146484375)]
    [InlineData(0.64794921875, -671.0, -153.125)]
    public void SigmoidBackward_Half_IsTheExactValueRoundedOnce(double y, double dy, double expected)
    {
        var dx = new Half[1];
        BlasNet.Kernels.SigmoidBackward<Half>([H(y)], [H(dy)], dx);
        Assert.Equal(H(expected), dx[0]);
    }

    [Theory]
    // α = 0.3, β = 0.7 (as Half), x, y, correctly rounded αx + βy; the float path gave −14750, 4.18, −3688.
    [InlineData(-49152.0, 3.4868717193603516e-05, -14744.0)]
    [InlineData(-0.0012836456298828125, 5.97265625, 4.18359375)]
    [InlineData(-12288.0, 0.00016558170318603516, -3686.0)]
    public void Axpby_Half_IsTheExactValueRoundedOnce(double x, double y, double expected)
    {
        Half[] yh = [H(y)];
        BlasNet.Kernels.Axpby(H(0.3), [H(x)], H(0.7), yh);
        Assert.Equal(H(expected), yh[0]);
    }

    [Fact]
    public void NonFiniteInputs_KeepThePlainFormulasIeeeResults()
    {
        Half inf = Half.PositiveInfinity, nan = Half.NaN;
        var dx = new Half[4];
        // dy·(1 − y²): ∞·0 = NaN at y = 1; y = ∞ gives −∞·dy.
        BlasNet.Kernels.TanhBackward<Half>([H(1), inf, H(0.5), nan], [inf, H(2), inf, H(1)], dx);
        Assert.True(Half.IsNaN(dx[0])); Assert.Equal(Half.NegativeInfinity, dx[1]); Assert.Equal(inf, dx[2]); Assert.True(Half.IsNaN(dx[3]));
        // dy·(1 − y)·y: y = 2, dy = ∞ is −∞ (the split form dy·y − dy·y² would give ∞ − ∞ = NaN).
        BlasNet.Kernels.SigmoidBackward<Half>([H(2), H(0), H(0.5), nan], [inf, inf, H(-1), H(1)], dx);
        Assert.Equal(Half.NegativeInfinity, dx[0]); Assert.True(Half.IsNaN(dx[1])); Assert.Equal(H(-0.25), dx[2]); Assert.True(Half.IsNaN(dx[3]));
        Half[] y = [H(1), inf, nan];
        BlasNet.Kernels.Axpby(H(2), [inf, H(1), H(1)], H(1), y);
        Assert.Equal(inf, y[0]); Assert.Equal(inf, y[1]); Assert.True(Half.IsNaN(y[2]));
    }

    [Fact]
    public void ZeroResults_KeepTheFormulasSign()
    {
        // dy·(1 − y²) and dy·(1 − y)·y at y = 1 with a negative dy are −0 (IEEE), as in float and double.
        var dx = new Half[2];
        BlasNet.Kernels.TanhBackward<Half>([H(1), H(-1)], [H(-2), H(3)], dx);
        Assert.Equal(BitConverter.HalfToUInt16Bits(Half.NegativeZero), BitConverter.HalfToUInt16Bits(dx[0]));
        Assert.Equal(BitConverter.HalfToUInt16Bits(Half.Zero), BitConverter.HalfToUInt16Bits(dx[1]));
        BlasNet.Kernels.SigmoidBackward<Half>([H(1), H(0)], [H(-3), H(-3)], dx);
        Assert.Equal(BitConverter.HalfToUInt16Bits(Half.NegativeZero), BitConverter.HalfToUInt16Bits(dx[0]));
        Assert.Equal(BitConverter.HalfToUInt16Bits(Half.NegativeZero), BitConverter.HalfToUInt16Bits(dx[1]));
    }

    [Fact]
    public void RandomInputs_AreCorrectlyRounded()
    {
        var rng = new Random(33);
        const int n = 200_000;
        var y = new Half[n]; var dy = new Half[n]; var dx = new Half[n];
        for (int i = 0; i < n; i++)
        {
            y[i] = H(rng.NextDouble() * 2 - 1);
            dy[i] = H((rng.NextDouble() * 2 - 1) * Math.Pow(2, rng.Next(-20, 15)));
        }
        BlasNet.Kernels.TanhBackward<Half>(y, dy, dx);
        for (int i = 0; i < n; i++)
        {
            BigInteger v = Scaled(y[i], 24), d = Scaled(dy[i], 24);
            AssertCorrectlyRounded(d * ((BigInteger.One << 48) - v * v), 72, dx[i], $"TanhBackward y={y[i]} dy={dy[i]}");
        }
        BlasNet.Kernels.SigmoidBackward<Half>(y, dy, dx);
        for (int i = 0; i < n; i++)
        {
            BigInteger v = Scaled(y[i], 24), d = Scaled(dy[i], 24);
            AssertCorrectlyRounded(d * ((BigInteger.One << 24) - v) * v, 72, dx[i], $"SigmoidBackward y={y[i]} dy={dy[i]}");
        }
        Half alpha = H(0.3), beta = H(-0.7);
        var before = (Half[])dx.Clone();
        BlasNet.Kernels.Axpby(alpha, dy, beta, dx);
        for (int i = 0; i < n; i++)
            AssertCorrectlyRounded(Scaled(alpha, 24) * Scaled(dy[i], 24) + Scaled(beta, 24) * Scaled(before[i], 24), 48, dx[i], $"Axpby x={dy[i]} y={before[i]}");
    }

    /// <summary>h·2^s as an integer (every Half is a multiple of 2⁻²⁴, so s ≥ 24 makes it exact).</summary>
    private static BigInteger Scaled(Half h, int s) => new(Math.ScaleB((double)h, s));

    /// <summary>Whether r is the Half nearest to exact·2^-s, ties to the even significand.</summary>
    private static void AssertCorrectlyRounded(BigInteger exact, int s, Half r, string what)
    {
        Assert.True(Half.IsFinite(r), what);
        BigInteger rv = Scaled(r, s);
        if (exact == rv) return;
        Half next = exact > rv ? Half.BitIncrement(r) : Half.BitDecrement(r);
        Assert.True(Half.IsFinite(next), what);
        BigInteger gap = BigInteger.Abs(Scaled(next, s) - rv), twice = 2 * BigInteger.Abs(exact - rv);
        bool even = (BitConverter.HalfToUInt16Bits(r) & 1) == 0;
        Assert.True(twice < gap || (twice == gap && even), $"{what}: got {r}, exact {(double)exact / Math.Pow(2, s)}");
    }
}
