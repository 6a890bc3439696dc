using System.Numerics;

namespace BlasNet.Tests.Kernels;

/// <summary>
/// Session 37 audit of the elementwise kernels at their edges: every length from 0 to 70 (around every vector width),
/// unaligned slices and in place, signed zeros, subnormals, ±∞, NaN and the ends of each type's range, against scalar
/// references written here from the documented formulas; float tanh and σ independent of their neighbours (the double
/// case has its own tests); Half tanh correctly rounded; ToHalf against the scalar conversion; σ's underflow as PyTorch;
/// and the argument errors naming the arguments and their sizes. Run on both vector widths (DOTNET_EnableAVX512=0).
/// </summary>
public class Audit37KernelTests
{
    private static readonly double[] Specials =
    [
        0.0, -0.0, double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.Epsilon, -double.Epsilon, 1e-310, -1e-310,
        double.MaxValue, -double.MaxValue, 1.0, -1.0, 0.5, 1e-45, -1e-45, 3.4028234663852886e38, -3.4028234663852886e38,
        65504, -65504, 65520, 6e-8, -6e-8, 700, -700, 710, -745, 20, -20, 0.625, -0.625,
    ];

    private static T[] Mixed<T>(Random random, int n) where T : IFloatingPointIeee754<T>
    {
        var a = new T[n];
        for (int i = 0; i < n; i++)
            a[i] = T.CreateTruncating(random.Next(3) == 0 ? Specials[random.Next(Specials.Length)] : (random.NextDouble() - 0.5) * 8);
        return a;
    }

    private static bool SameBits<T>(T a, T b) where T : IFloatingPointIeee754<T> =>
        T.IsNaN(a) ? T.IsNaN(b) : BitConverter.DoubleToInt64Bits(double.CreateTruncating(a)) == BitConverter.DoubleToInt64Bits(double.CreateTruncating(b));

    private static void AssertEach<T>(string kernel, int n, int offset, ReadOnlySpan<T> got, Func<int, T> reference) where T : IFloatingPointIeee754<T>
    {
        for (int i = 0; i < n; i++)
        {
            T want = reference(i);
            if (!(SameBits(got[i], want))) Assert.Fail($"{typeof(T).Name} {kernel}, n = {n}, offset {offset}, i = {i}: {got[i]} but the formula gives {want}");
        }
    }

    // Half results of one product: exact in float (11 + 11 significant bits), rounded once to Half.
    private static T HalfProduct<T>(T a, T b) where T : IFloatingPointIeee754<T> =>
        T.CreateTruncating(float.CreateTruncating(a) * float.CreateTruncating(b));

    private static void EveryLength<T>(int seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(seed);
        bool half = typeof(T) == typeof(Half);
        T slope = T.CreateTruncating(0.01), alpha = T.CreateTruncating(-1.5), beta = T.CreateTruncating(0.75);
        T Product(T a, T b) => half ? HalfProduct(a, b) : a * b;
        for (int n = 0; n <= 70; n++)
        {
            for (int offset = 0; offset < 3; offset++)
            {
                var xs = Mixed<T>(random, n + offset);
                var ys = Mixed<T>(random, n + offset);
                var x = xs.AsSpan(offset, n).ToArray();
                var y = ys.AsSpan(offset, n).ToArray();
                var d = new T[n + offset + 1];
                var ds = d.AsSpan(offset, n);

                T Relu(int i) => T.IsNaN(x[i]) ? x[i] : x[i] > T.Zero ? x[i] : T.Zero;
                BlasNet.Kernels.Relu<T>(xs.AsSpan(offset, n), ds);
                AssertEach("Relu", n, offset, ds, Relu);
                var inPlace = (T[])x.Clone();
                BlasNet.Kernels.Relu<T>(inPlace, inPlace);
                AssertEach("Relu in place", n, offset, inPlace, Relu);

                BlasNet.Kernels.ReluBackward<T>(xs.AsSpan(offset, n), ys.AsSpan(offset, n), ds);
                AssertEach("ReluBackward", n, offset, ds, i => x[i] > T.Zero ? y[i] : T.IsNaN(x[i]) ? x[i] : T.Zero);

                BlasNet.Kernels.LeakyRelu<T>(xs.AsSpan(offset, n), slope, ds);
                AssertEach("LeakyRelu", n, offset, ds, i => x[i] > T.Zero ? x[i] : Product(x[i], slope));
                BlasNet.Kernels.LeakyRelu<T>(xs.AsSpan(offset, n), T.Zero, ds);
                AssertEach("LeakyRelu slope 0", n, offset, ds, i => x[i] > T.Zero ? x[i] : T.IsNegativeInfinity(x[i]) ? T.NegativeZero : x[i] * T.Zero);

                BlasNet.Kernels.LeakyReluBackward<T>(xs.AsSpan(offset, n), ys.AsSpan(offset, n), slope, ds);
                AssertEach("LeakyReluBackward", n, offset, ds, i => x[i] > T.Zero ? y[i] : T.IsNaN(x[i]) ? x[i] : Product(y[i], slope));

                BlasNet.Kernels.Multiply<T>(xs.AsSpan(offset, n), ys.AsSpan(offset, n), ds);
                AssertEach("Multiply", n, offset, ds, i => Product(x[i], y[i]));
                var squares = (T[])x.Clone();
                BlasNet.Kernels.Multiply<T>(squares, squares, squares);
                AssertEach("Multiply in place, both inputs", n, offset, squares, i => Product(x[i], x[i]));

                BlasNet.Kernels.Scale<T>(xs.AsSpan(offset, n), alpha, ds);
                AssertEach("Scale", n, offset, ds, i => Product(x[i], alpha));

                if (!half) // the Half forms of these are the exact value rounded once: HalfExactKernelTests
                {
                    BlasNet.Kernels.TanhBackward<T>(xs.AsSpan(offset, n), ys.AsSpan(offset, n), ds);
                    AssertEach("TanhBackward", n, offset, ds, i => y[i] * T.FusedMultiplyAdd(-x[i], x[i], T.One)); // 1 − y² rounded once
                    BlasNet.Kernels.SigmoidBackward<T>(xs.AsSpan(offset, n), ys.AsSpan(offset, n), ds);
                    AssertEach("SigmoidBackward", n, offset, ds, i => y[i] * (T.One - x[i]) * x[i]);
                    var yy = ys.AsSpan(offset, n).ToArray();
                    BlasNet.Kernels.Axpby<T>(alpha, x, beta, yy);
                    AssertEach("Axpby", n, offset, yy, i => alpha * x[i] + beta * y[i]);
                }

                BlasNet.Kernels.Tanh<T>(xs.AsSpan(offset, n), ds);
                for (int i = 0; i < n; i++)
                {
                    T v = x[i], r = ds[i];
                    string at = $"{typeof(T).Name} Tanh n = {n}, offset {offset}: tanh({v}) = {r}";
                    if (T.IsNaN(v)) { Assert.True(T.IsNaN(r), at); continue; }
                    if (T.IsInfinity(v)) Assert.True(r == T.CopySign(T.One, v), at);
                    if (v == T.Zero || (!half && T.IsSubnormal(v))) Assert.True(SameBits(r, v), at); // −0 stays −0, tiny x exact
                    Assert.True(T.Abs(r) <= T.One && T.Sign(r) == T.Sign(v), at);
                }

                BlasNet.Kernels.Sigmoid<T>(xs.AsSpan(offset, n), ds);
                for (int i = 0; i < n; i++)
                {
                    T v = x[i], r = ds[i];
                    string at = $"{typeof(T).Name} Sigmoid n = {n}, offset {offset}: σ({v}) = {r}";
                    if (T.IsNaN(v)) { Assert.True(T.IsNaN(r), at); continue; }
                    Assert.True(r >= T.Zero && r <= T.One, at);
                    if (T.IsPositiveInfinity(v)) Assert.True(r == T.One, at);
                    if (T.IsNegativeInfinity(v)) Assert.True(r == T.Zero, at);
                    if (v == T.Zero) Assert.True(r == T.CreateTruncating(0.5), at);
                }

                Assert.Equal(x.All(T.IsFinite), BlasNet.Kernels.AllFinite<T>(xs.AsSpan(offset, n)));
                double expected = 0;
                foreach (var v in x) { double w = double.CreateTruncating(v); expected += w * w; }
                double sum = BlasNet.Kernels.SumOfSquares<T>(xs.AsSpan(offset, n));
                Assert.True(double.IsNaN(expected) ? double.IsNaN(sum) : sum == expected || Math.Abs(sum - expected) <= 1e-15 * Math.Abs(expected),
                    $"{typeof(T).Name} SumOfSquares n = {n}: {sum} for {expected}");
                Assert.True(SameBits(d[^1], T.Zero), "nothing is written past the input's length");
            }
        }
    }

    [Fact]
    public void Double_EveryKernel_AtEveryLengthTo70_UnalignedAndInPlace_MatchesTheFormula() => EveryLength<double>(1);

    [Fact]
    public void Float_EveryKernel_AtEveryLengthTo70_UnalignedAndInPlace_MatchesTheFormula() => EveryLength<float>(2);

    [Fact]
    public void Half_EveryKernel_AtEveryLengthTo70_UnalignedAndInPlace_MatchesTheFormula() => EveryLength<Half>(3);

    // Neighbours that take a vector exp's overflow, underflow or NaN lanes, and ordinary ones.
    private static readonly float[] FloatNeighbours =
        [0f, 1f, 50f, -50f, 89f, -89f, 100f, -104f, 1e30f, float.MaxValue, float.PositiveInfinity, float.NegativeInfinity, float.NaN, -0f, 1e-40f];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Float_TanhAndSigmoid_OfAnElement_DoNotDependOnItsNeighboursOrTheSpansLength(bool sigmoid)
    {
        var random = new Random(37);
        var alone = new float[1];
        for (int t = 0; t < 300; t++)
        {
            float x0 = (float)(random.NextDouble() * 40 - 20);
            if (sigmoid) BlasNet.Kernels.Sigmoid<float>(new[] { x0 }, alone); else BlasNet.Kernels.Tanh<float>(new[] { x0 }, alone);
            foreach (float other in FloatNeighbours)
            {
                foreach (int length in (int[])[2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33])
                {
                    int position = random.Next(length);
                    var x = new float[length];
                    Array.Fill(x, other);
                    x[position] = x0;
                    var y = new float[length];
                    if (sigmoid) BlasNet.Kernels.Sigmoid<float>(x, y); else BlasNet.Kernels.Tanh<float>(x, y);
                    Assert.True(BitConverter.SingleToInt32Bits(alone[0]) == BitConverter.SingleToInt32Bits(y[position]),
                        $"{(sigmoid ? "σ" : "tanh")}({x0:R}) beside {other:R}, length {length}, position {position}: {y[position]:R}, alone {alone[0]:R}");
                }
            }
        }
    }

    [Fact]
    public void Half_Tanh_IsCorrectlyRounded_ForEveryHalf()
    {
        var x = new Half[65536];
        for (int b = 0; b < x.Length; b++) x[b] = BitConverter.UInt16BitsToHalf((ushort)b);
        var y = new Half[x.Length];
        BlasNet.Kernels.Tanh<Half>(x, y);
        for (int b = 0; b < x.Length; b++)
        {
            // Math.Tanh in double is within an ulp of tanh; tanh of a Half x ≠ 0 is not that close to a Half midpoint
            // (NumPy's float64 tanh rounded to float16 agrees at all 65 536 inputs), so this is the correctly rounded Half.
            var reference = (Half)Math.Tanh((double)x[b]);
            Assert.True(BitConverter.HalfToUInt16Bits(reference) == BitConverter.HalfToUInt16Bits(y[b]) || (Half.IsNaN(reference) && Half.IsNaN(y[b])),
                $"tanh({x[b]}) (0x{b:X4}) = {y[b]}, correctly rounded {reference}");
        }
    }

    [Fact]
    public void ToHalf_MatchesTheScalarConversion_OnASweepOfFloatBits_NaNPayloadsKept()
    {
        // Every 257th bit pattern (all signs, exponents and mantissa classes) and every pattern within 4096 of Half's
        // rounding thresholds: the smallest subnormal's half, the normal/subnormal boundary, 65504, 65520.
        var bits = new List<uint>();
        for (ulong b = 0; b <= uint.MaxValue; b += 257) bits.Add((uint)b);
        foreach (float edge in (float[])[2.98023224e-8f, 5.96046448e-8f, 6.10351562e-5f, 65504f, 65520f, 1f])
            for (int k = -4096; k <= 4096; k++)
            {
                uint e = (uint)(BitConverter.SingleToInt32Bits(edge) + k);
                bits.Add(e);
                bits.Add(e | 0x8000_0000);
            }
        bits.AddRange([0x7FC1_2345, 0xFF81_2345, 0x7F80_0001, 0xFFFF_FFFF, 0x7FC0_0000, 0xFFC0_0000]);
        var x = bits.Select(BitConverter.UInt32BitsToSingle).ToArray();
        var h = new Half[x.Length + 3];
        BlasNet.Kernels.ToHalf(x.AsSpan(), h.AsSpan(3)); // an unaligned destination
        for (int i = 0; i < x.Length; i++)
        {
            ushort want = BitConverter.HalfToUInt16Bits((Half)x[i]), got = BitConverter.HalfToUInt16Bits(h[i + 3]);
            if (!(want == got)) Assert.Fail($"ToHalf({x[i]:R}, bits 0x{bits[i]:X8}) = 0x{got:X4}, the scalar conversion 0x{want:X4}");
        }
        // Independent values (IEEE 754 binary16, ties to even): NumPy's float32 → float16 gives these.
        var known = new Half[5];
        BlasNet.Kernels.ToHalf([65519.996f, 65520f, 2.98023224e-8f, 2.9802326e-8f, -0f], known);
        Assert.Equal([0x7BFF, 0x7C00, 0x0000, 0x0001, 0x8000], known.Select(BitConverter.HalfToUInt16Bits).Select(b => (int)b));
    }

    [Fact]
    public void Sigmoid_WhereExpOfMinusXOverflows_IsZero_AsInPyTorch()
    {
        // 1/(1 + exp(−x)) with exp(−x) beyond the type's range is 1/∞ = 0, though σ itself is still a subnormal there
        // (σ(−89f) ≈ 2.2e-39, σ(−710.0) ≈ 4.5e-309). torch.sigmoid and scipy.special.expit give these same values:
        // torch.sigmoid(float32 [−89, −100, −103, −88.5]) = [0, 0, 0, 3.672301610145117e-39], and 0 for float64 −710, −740.
        var f = new float[4];
        BlasNet.Kernels.Sigmoid<float>([-89f, -100f, -103f, -88.5f], f);
        Assert.Equal([0f, 0f, 0f], f[..3]);
        Assert.Equal(3.672301610145117e-39, f[3], 2e-45);
        var d = new double[2];
        BlasNet.Kernels.Sigmoid<double>([-710.0, -740.0], d);
        Assert.Equal([0.0, 0.0], d);
        // Below the overflow of exp(−x) σ is still computed: σ(−709) ≈ 1.2167807e-308 (a normal double).
        BlasNet.Kernels.Sigmoid<double>([-709.0, 0], d);
        Assert.Equal(1.2167807506234229e-308, d[0], 1e-322);
    }

    private static void AssertNamesAndSizes(Action call, string parameter, params string[] inMessage)
    {
        var e = Assert.ThrowsAny<ArgumentException>(call);
        Assert.Equal(parameter, e.ParamName);
        foreach (var s in inMessage) Assert.Contains(s, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryKernel_WithMismatchedLengths_ThrowsNamingTheArgumentsAndSizes()
    {
        var five = new float[5];
        var three = new float[3];
        AssertNamesAndSizes(() => BlasNet.Kernels.Relu<float>(five, three), "destination", "destination", "3", "5");
        AssertNamesAndSizes(() => BlasNet.Kernels.LeakyRelu<float>(five, 0.1f, three), "destination", "destination", "3", "5");
        AssertNamesAndSizes(() => BlasNet.Kernels.Tanh<float>(five, three), "destination", "destination", "3", "5");
        AssertNamesAndSizes(() => BlasNet.Kernels.Sigmoid<float>(five, three), "destination", "destination", "3", "5");
        AssertNamesAndSizes(() => BlasNet.Kernels.Scale<float>(five, 2f, three), "destination", "destination", "3", "5");
        AssertNamesAndSizes(() => BlasNet.Kernels.ReluBackward<float>(five, three, new float[5]), "dy", "x has length 5", "dy has length 3");
        AssertNamesAndSizes(() => BlasNet.Kernels.LeakyReluBackward<float>(five, three, 0.1f, new float[5]), "dy", "x has length 5", "dy has length 3");
        AssertNamesAndSizes(() => BlasNet.Kernels.TanhBackward<float>(five, three, new float[5]), "dy", "y has length 5", "dy has length 3");
        AssertNamesAndSizes(() => BlasNet.Kernels.SigmoidBackward<float>(five, three, new float[5]), "dy", "y has length 5", "dy has length 3");
        AssertNamesAndSizes(() => BlasNet.Kernels.Multiply<float>(five, three, new float[5]), "y", "x has length 5", "y has length 3");
        AssertNamesAndSizes(() => BlasNet.Kernels.Multiply<float>(five, five, three), "destination", "destination", "3", "5");
        AssertNamesAndSizes(() => BlasNet.Kernels.TanhBackward<float>(five, five, three), "dx", "dx", "3", "5");
        AssertNamesAndSizes(() => BlasNet.Kernels.Axpby<float>(1f, five, 1f, three), "y", "x has length 5", "y has length 3");
        AssertNamesAndSizes(() => BlasNet.Kernels.ToHalf(five, new Half[3]), "destination", "destination", "3", "5");
        AssertNamesAndSizes(() => BlasNet.Kernels.ToSingle(new Half[5], three), "destination", "destination", "3", "5");
        AssertNamesAndSizes(() => BlasNet.Kernels.AddRowVector<float>(five, new float[2], new float[5]), "row", "5", "2");
        AssertNamesAndSizes(() => BlasNet.Kernels.SumColumns<float>(five, 2, three), "columns", "5", "2");
        AssertNamesAndSizes(() => BlasNet.Kernels.SumColumns<float>(new float[6], 4, three), "columns", "6", "4");
        AssertNamesAndSizes(() => BlasNet.Kernels.SumColumns<float>(new float[6], 3, new float[2]), "destination", "destination", "2", "3");
        // Partial overlap, Half and double too: refused naming both spans.
        var h = new Half[8];
        AssertNamesAndSizes(() => BlasNet.Kernels.Tanh<Half>(h.AsSpan(0, 7), h.AsSpan(1)), "destination", "destination", "x");
        var g = new double[8];
        AssertNamesAndSizes(() => BlasNet.Kernels.Sigmoid<double>(g.AsSpan(1, 7), g), "destination", "destination", "x");
        AssertNamesAndSizes(() => BlasNet.Kernels.Axpby<double>(2, g.AsSpan(0, 4), 1, g.AsSpan(2, 4)), "y", "y", "x");
    }
}
