namespace BlasNet.Tests.Kernels;

/// <summary>
/// Audit kn46. (1) σ passed a NaN on with its sign bit flipped (the formula's −x), payload kept, in float, double and Half
/// alike, while Relu, LeakyRelu, Tanh and Scale return the input NaN itself; PyTorch 1.13's torch.sigmoid flips it too
/// (float32 0x7FC12345 → 0xFFC12345, float64 likewise). σ now returns the input NaN, quieted if signalling, as the other
/// kernels (NaN-and-infinity.md, "Elementwise kernels"): checked bit for bit here at every span length, position, in place.
/// (2) The double tanh and σ bounds were measured against Math.Tanh and Math.Exp; here against mpmath, correctly rounded
/// (tests/data/activation_accuracy46_reference.py), in the hard regions, at every vector width TanhKernel runs and at every
/// span length 1…70 through the public kernels (padded tails); σ's width is the runtime's, so the suite's
/// DOTNET_EnableAVX512=0 run covers its 256-bit path. Measured: tanh 1 ulp (at x = 0.625), σ 3 ulp (at x = −37.46).
/// </summary>
public class KernelReferences46Tests
{
    private static long Ordered(double v) { long b = BitConverter.DoubleToInt64Bits(v); return b < 0 ? -(b & long.MaxValue) : b; }
    private static long Ulps(double a, double b) => double.IsNaN(a) || double.IsNaN(b) ? long.MaxValue : Math.Abs(Ordered(a) - Ordered(b));
    private static double FromHex(string hex) => BitConverter.Int64BitsToDouble(Convert.ToInt64(hex, 16));

    private static (double[] X, double[] Y) Reference(string function)
    {
        var pairs = ReferenceData.Load("activation-accuracy46-reference.json").GetProperty(function).EnumerateArray().ToArray();
        return (pairs.Select(p => FromHex(p[0].GetString()!)).ToArray(), pairs.Select(p => FromHex(p[1].GetString()!)).ToArray());
    }

    /// <summary>A unary kernel over x cut into consecutive spans of lengths 1, 2, …, 70, 1, … (every tail length, every lane).</summary>
    private static double[] InChunks(double[] x, Action<double[], double[]> kernel)
    {
        var result = new double[x.Length];
        for (int start = 0, n = 1; start < x.Length; start += n, n = n % 70 + 1)
        {
            int len = Math.Min(n, x.Length - start);
            var output = new double[len];
            kernel(x.AsSpan(start, len).ToArray(), output);
            output.CopyTo(result, start);
        }
        return result;
    }

    private static void AssertWithin(double[] x, double[] got, double[] want, long bound, string what)
    {
        Assert.True(x.Length > 1000, "the reference set is there");
        for (int i = 0; i < x.Length; i++)
        {
            long u = Ulps(got[i], want[i]);
            Assert.True(u <= bound, $"{what}({x[i]:R}) = {got[i]:R}, correctly rounded {want[i]:R} ({u} ulp, bound {bound})");
        }
    }

    [Theory]
    [MemberData(nameof(TanhAccuracyTests.Widths), MemberType = typeof(TanhAccuracyTests))]
    public void DoubleTanh_IsWithinTwoUlpOfMpmath_AtEveryWidth(int width)
    {
        var (x, want) = Reference("tanh");
        var y = new double[x.Length];
        TanhKernel.Run<double>(x, y, width);
        AssertWithin(x, y, want, 2, $"tanh at width {width}");
        // Tiny and subnormal x come back exactly (the documented claim), and so does the reference.
        for (int i = 0; i < x.Length; i++)
            if (Math.Abs(x[i]) < 1e-9) Assert.Equal(BitConverter.DoubleToInt64Bits(x[i]), BitConverter.DoubleToInt64Bits(y[i]));
    }

    [Fact]
    public void DoubleTanh_IsWithinTwoUlpOfMpmath_AtEverySpanLength()
    {
        var (x, want) = Reference("tanh");
        AssertWithin(x, InChunks(x, (a, d) => BlasNet.Kernels.Tanh<double>(a, d)), want, 2, "Kernels.Tanh");
    }

    [Fact]
    public void DoubleSigmoid_IsWithinThreeUlpOfMpmath_AtEverySpanLength_AndZeroWhereExpOverflows()
    {
        var (x, want) = Reference("sigmoid");
        var got = InChunks(x, (a, d) => BlasNet.Kernels.Sigmoid<double>(a, d));
        var whole = new double[x.Length];
        BlasNet.Kernels.Sigmoid<double>(x, whole); // one long span: whole vectors, outliers among them
        const double ExpOverflow = -709.782712893384; // below this, exp(−x) is ∞ in double and σ is computed as 1/∞ = 0
        int subnormal = 0, overflowed = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] < ExpOverflow)
            {
                overflowed++;
                Assert.True(got[i] == 0 && whole[i] == 0, $"σ({x[i]:R}) = {got[i]:R} / {whole[i]:R}: documented 0 where exp(−x) overflows");
                continue;
            }
            if (want[i] != 0 && Math.Abs(want[i]) < 2.2250738585072014e-308) subnormal++;
            foreach (var (v, form) in new[] { (got[i], "in chunks"), (whole[i], "in one span") })
            {
                long u = Ulps(v, want[i]);
                Assert.True(u <= 3, $"σ({x[i]:R}) {form} = {v:R}, correctly rounded {want[i]:R} ({u} ulp)");
            }
        }
        Assert.True(subnormal >= 100 && overflowed >= 5, $"the hard regions are in the set: {subnormal} subnormal results, {overflowed} past exp's overflow");
    }

    /// <summary>The input NaN, quieted: what Relu, Tanh, LeakyRelu and Scale return and σ now returns.</summary>
    private static int Quiet(int bits) => bits | 0x00400000;
    private static long Quiet(long bits) => bits | 0x0008000000000000L;
    private static ushort Quiet(ushort bits) => (ushort)(bits | 0x0200);

    [Fact]
    public void Sigmoid_ReturnsTheInputNaN_Float()
    {
        int[] nans = [0x7FC12345, unchecked((int)0xFFC54321), 0x7FC00000, unchecked((int)0xFFC00000), 0x7FA00001, unchecked((int)0xFF800001)];
        var random = new Random(46);
        for (int n = 1; n <= 40; n++)
            foreach (bool inPlace in new[] { false, true })
            {
                var x = new float[n];
                for (int i = 0; i < n; i++) x[i] = random.Next(3) == 0 ? BitConverter.Int32BitsToSingle(nans[random.Next(nans.Length)]) : (float)(random.NextDouble() * 60 - 30);
                // Numbers: the bits σ gives them with every NaN replaced by 0 (the NaN pass touches nothing else).
                var plain = x.Select(v => float.IsNaN(v) ? 0f : v).ToArray();
                var plainY = new float[n];
                BlasNet.Kernels.Sigmoid<float>(plain, plainY);
                var input = (float[])x.Clone();
                var y = inPlace ? x : new float[n];
                BlasNet.Kernels.Sigmoid<float>(x, y);
                for (int i = 0; i < n; i++)
                {
                    int inBits = BitConverter.SingleToInt32Bits(input[i]), outBits = BitConverter.SingleToInt32Bits(y[i]);
                    int want = float.IsNaN(input[i]) ? Quiet(inBits) : BitConverter.SingleToInt32Bits(plainY[i]);
                    Assert.True(outBits == want, $"n = {n}, i = {i}, in place {inPlace}: σ({inBits:X8}) = {outBits:X8}, want {want:X8}");
                }
            }
    }

    [Fact]
    public void Sigmoid_ReturnsTheInputNaN_Double()
    {
        long[] nans = [0x7FF8000012345678L, unchecked((long)0xFFF8000087654321UL), 0x7FF8000000000000L, unchecked((long)0xFFF8000000000000UL), 0x7FF4000000000001L];
        var random = new Random(4646);
        for (int n = 1; n <= 40; n++)
            foreach (bool inPlace in new[] { false, true })
            {
                var x = new double[n];
                for (int i = 0; i < n; i++) x[i] = random.Next(3) == 0 ? BitConverter.Int64BitsToDouble(nans[random.Next(nans.Length)]) : random.NextDouble() * 80 - 40;
                var input = (double[])x.Clone();
                var y = inPlace ? x : new double[n];
                BlasNet.Kernels.Sigmoid<double>(x, y);
                for (int i = 0; i < n; i++)
                {
                    long inBits = BitConverter.DoubleToInt64Bits(input[i]), outBits = BitConverter.DoubleToInt64Bits(y[i]);
                    if (double.IsNaN(input[i])) Assert.True(outBits == Quiet(inBits), $"n = {n}, i = {i}, in place {inPlace}: σ({inBits:X16}) = {outBits:X16}");
                    else Assert.True(Math.Abs(y[i] - 1 / (1 + Math.Exp(-input[i]))) <= 4e-16 * y[i], $"σ({input[i]:R}) = {y[i]:R} beside a NaN");
                }
            }
    }

    [Fact]
    public void Sigmoid_ReturnsTheInputNaN_Half()
    {
        ushort[] nans = [0x7E55, 0xFE55, 0x7E00, 0xFE00, 0x7D01, 0xFC01];
        for (int n = 1; n <= 20; n++)
        {
            var x = new Half[n];
            for (int i = 0; i < n; i++) x[i] = i % 2 == 0 ? BitConverter.UInt16BitsToHalf(nans[(i / 2 + n) % nans.Length]) : (Half)(i - 5);
            var y = new Half[n];
            BlasNet.Kernels.Sigmoid<Half>(x, y);
            var relu = new Half[n];
            BlasNet.Kernels.Relu<Half>(x, relu);
            for (int i = 0; i < n; i += 2)
            {
                ushort inBits = BitConverter.HalfToUInt16Bits(x[i]), outBits = BitConverter.HalfToUInt16Bits(y[i]);
                Assert.True(outBits == Quiet(inBits), $"n = {n}, i = {i}: σ({inBits:X4}) = {outBits:X4}, want {Quiet(inBits):X4}");
                Assert.Equal(BitConverter.HalfToUInt16Bits(relu[i]), outBits); // the same NaN Relu passes on
            }
        }
    }

    [Fact]
    public void Sigmoid_NaN_MatchesTheOtherKernels_BitForBit()
    {
        // The policy: every kernel that passes a NaN through returns the same bits.
        int[] bits = [0x7FC12345, unchecked((int)0xFFC54321), 0x7FA00001];
        for (int n = 1; n <= 20; n++)
        {
            var x = Enumerable.Range(0, n).Select(i => BitConverter.Int32BitsToSingle(bits[i % 3])).ToArray();
            var s = new float[n];
            var t = new float[n];
            BlasNet.Kernels.Sigmoid<float>(x, s);
            BlasNet.Kernels.Tanh<float>(x, t);
            for (int i = 0; i < n; i++) Assert.Equal(BitConverter.SingleToInt32Bits(t[i]), BitConverter.SingleToInt32Bits(s[i]));
        }
    }
}
