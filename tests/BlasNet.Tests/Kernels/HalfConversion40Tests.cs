using BlasNet.Neural;

namespace BlasNet.Tests.Kernels;

/// <summary>
/// Audit neural40: every float32 → Half path of the library against NumPy 1.24's float16 conversion (a software
/// conversion, npy_floatbits_to_halfbits, independent of .NET's), and Half → float32 over all 65536 Half bit patterns
/// against a decoder written here from the IEEE 754 binary16 definition. The paths: <see cref="BlasNet.Kernels.ToHalf"/>
/// (TensorPrimitives), <see cref="HalfRoundTrip.Round"/> (the one-pass integer rounding, out of place and in place),
/// <see cref="HalfRounding.ToHalf"/> (the mixed-precision stages' rounding with its underflow count), the GEMM's
/// rounded operand (<see cref="HalfGemmOperand.RoundedToHalf"/>, rounded while packing) and
/// <see cref="BlasNet.Kernels.ToSingle"/>. Each runs on spans of every length 0…70 cut from the reference list, so every
/// value passes through whole vectors and scalar tails at some lane; the suite's runs with DOTNET_EnableAVX512=0 repeat
/// this on the 256-bit path. NaN: NumPy keeps the sign and the payload's top bits (0x7FD55555 → 0x7EAA) and so does
/// .NET for quiet NaNs, which are compared bit for bit; signalling NaNs (NumPy keeps them signalling, .NET quiets them)
/// are checked here by class and sign only.
/// </summary>
public class HalfConversion40Tests
{
    private static readonly Lazy<(float[] Values, ushort[] Half)> Reference = new(() =>
    {
        var root = ReferenceData.Load("mixed-precision40-reference.json").GetProperty("to_half");
        var floats = root.GetProperty("float_bits").EnumerateArray().Select(e => BitConverter.UInt32BitsToSingle(e.GetUInt32())).ToArray();
        var halves = root.GetProperty("half_bits").EnumerateArray().Select(e => (ushort)e.GetUInt32()).ToArray();
        return (floats, halves);
    });

    /// <summary>The Half with these bits as a double, from the binary16 definition: sign, 5 exponent bits (bias 15), 10 fraction bits.</summary>
    private static double Decode(ushort bits)
    {
        int sign = bits >> 15, exponent = (bits >> 10) & 0x1F, fraction = bits & 0x3FF;
        double magnitude = exponent switch
        {
            0 => fraction * Math.Pow(2, -24),                      // subnormal (and ±0)
            0x1F => fraction == 0 ? double.PositiveInfinity : double.NaN,
            _ => (1024 + fraction) * Math.Pow(2, exponent - 25),   // 1.fraction × 2^(exponent − 15)
        };
        return sign == 1 ? -magnitude : magnitude;
    }

    /// <summary>The reference cut into consecutive spans of lengths 0, 1, …, 70, 0, 1, … from <paramref name="firstLength"/> on.</summary>
    private static IEnumerable<(int Start, int Length)> Windows(int count, int firstLength)
    {
        int start = 0, length = firstLength;
        while (start < count)
        {
            int n = Math.Min(length, count - start);
            yield return (start, n);
            start += n;
            length = (length + 1) % 71;
        }
    }

    private static string Describe(float x) => FormattableString.Invariant($"x = {x:R} (bits {BitConverter.SingleToUInt32Bits(x):X8})");

    private static void SameHalf(float x, ushort expected, Half actual)
    {
        ushort bits = BitConverter.HalfToUInt16Bits(actual);
        Assert.True(expected == bits, FormattableString.Invariant($"{Describe(x)}: NumPy float16 {expected:X4}, BlasNet {bits:X4}"));
    }

    /// <summary>The float32 of NumPy's Half (decoded here): bit for bit, NaN with the sign and payload of NumPy's Half.</summary>
    private static void SameWidened(float x, ushort expected, float actual)
    {
        double value = Decode(expected);
        uint bits = BitConverter.SingleToUInt32Bits(actual);
        if (double.IsNaN(value))
        {
            Assert.True(float.IsNaN(actual), $"{Describe(x)}: NumPy NaN, BlasNet {actual:R}");
            Assert.True((bits >> 31) == (uint)(expected >> 15) && ((bits >> 13) & 0x3FF) == (uint)(expected & 0x3FF),
                FormattableString.Invariant($"{Describe(x)}: NumPy NaN {expected:X4}, BlasNet {bits:X8} (sign or payload differs)"));
            return;
        }
        Assert.True(BitConverter.SingleToUInt32Bits((float)value) == bits,
            FormattableString.Invariant($"{Describe(x)}: NumPy float16 {expected:X4} = {value:R}, BlasNet {actual:R} (bits {bits:X8})"));
    }

    [Fact]
    public void ReferenceCoversEveryClass()
    {
        var (values, halves) = Reference.Value;
        Assert.Equal(values.Length, halves.Length);
        // The list must hold what the tests claim to cover, or a regenerated file could silently drop a class.
        Assert.Contains(halves, h => h == 0x7BFF);                                   // 65504
        Assert.Contains(halves, h => h == 0x7C00);                                   // +∞ from 65520 on
        Assert.Contains(halves, h => h == 0x0001);                                   // smallest subnormal
        Assert.Contains(halves, h => (h & 0x7C00) == 0x7C00 && (h & 0x3FF) != 0);    // NaN
        Assert.Contains(values, v => v == 65520f);
        Assert.Contains(values, v => v == MathF.ScaleB(1f, -25));
        Assert.True(values.Count(v => (BitConverter.SingleToUInt32Bits(v) & 0x1FFF) == 0x1000) > 200, "too few ties in the normal range");
    }

    [Fact]
    public void ToHalf_MatchesNumPyFloat16_BitForBit_AtEveryLengthUpTo70()
    {
        var (values, halves) = Reference.Value;
        for (int pass = 0; pass < 3; pass++)
        {
            foreach (var (start, n) in Windows(values.Length, pass * 23))
            {
                // Three sentinels past the end: nothing may be written beyond the source's length.
                var destination = Enumerable.Repeat((Half)1234f, n + 3).ToArray();
                BlasNet.Kernels.ToHalf(values.AsSpan(start, n), destination);
                for (int i = 0; i < n; i++) SameHalf(values[start + i], halves[start + i], destination[i]);
                for (int i = n; i < n + 3; i++) Assert.Equal((Half)1234f, destination[i]);
            }
        }
    }

    [Fact]
    public void NeuralRounding_MatchesNumPyFloat16_AndCountsTheEntriesItFlushesToZero()
    {
        var (values, halves) = Reference.Value;
        foreach (var (start, n) in Windows(values.Length, 5))
        {
            var destination = new Half[n];
            long flushed = HalfRounding.ToHalf(values.AsSpan(start, n), destination);
            long expectedFlushes = 0;
            for (int i = 0; i < n; i++)
            {
                SameHalf(values[start + i], halves[start + i], destination[i]);
                // Underflow as the health report defines it: nonzero in float32, ±0 in NumPy's Half.
                if (values[start + i] != 0f && (halves[start + i] & 0x7FFF) == 0) expectedFlushes++;
            }
            Assert.Equal(expectedFlushes, flushed);
        }
    }

    [Fact]
    public void RoundTrip_MatchesNumPyFloat16Widened_OutOfPlaceAndInPlace_WithTheFlushCount()
    {
        var (values, halves) = Reference.Value;
        for (int pass = 0; pass < 2; pass++)
        {
            foreach (var (start, n) in Windows(values.Length, 11 + pass * 31))
            {
                var source = values.AsSpan(start, n);
                var rounded = new float[n];
                long flushed = HalfRoundTrip.Round(source, rounded);
                var inPlace = source.ToArray();
                long flushedInPlace = HalfRoundTrip.Round(inPlace, inPlace);
                long expectedFlushes = 0;
                for (int i = 0; i < n; i++)
                {
                    SameWidened(source[i], halves[start + i], rounded[i]);
                    SameWidened(source[i], halves[start + i], inPlace[i]);
                    if (source[i] != 0f && (halves[start + i] & 0x7FFF) == 0) expectedFlushes++;
                }
                Assert.Equal(expectedFlushes, flushed);
                Assert.Equal(expectedFlushes, flushedInPlace);
            }
        }
    }

    /// <summary>
    /// The GEMM's operand rounded while it is packed (the model's float32 input on its way into the first dense layer):
    /// C = op(A)·[1] with k = 1, so every entry of C is the rounded entry of A times 1, exact (∞ stays ∞, NaN NaN); A both
    /// as stored (m×1) and transposed (1×m), which the packing reads as a row and as a column.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void GemmRoundedOperand_MatchesNumPyFloat16Widened(bool transposed)
    {
        var (values, halves) = Reference.Value;
        var one = new[] { 1f };
        foreach (var (start, n) in Windows(values.Length, transposed ? 40 : 0))
        {
            if (n == 0) continue;
            var c = new float[n];
            HalfGemm.Gemm(transposed ? Transpose.Transposed : Transpose.None, Transpose.None, n, 1, 1, 1f,
                HalfGemmOperand.RoundedToHalf(values.AsSpan(start, n)), transposed ? n : 1, HalfGemmOperand.Single(one), 1, 0f, c, 1);
            for (int i = 0; i < n; i++)
            {
                // 0·1 = +0 in the sum 0 + product: the sign of a zero is the GEMM's, not the conversion's.
                if ((halves[start + i] & 0x7FFF) == 0) Assert.True(c[i] == 0f, $"{Describe(values[start + i])}: expected ±0, got {c[i]:R}");
                else if ((halves[start + i] & 0x7C00) == 0x7C00 && (halves[start + i] & 0x3FF) != 0) Assert.True(float.IsNaN(c[i]), $"{Describe(values[start + i])}: expected NaN, got {c[i]:R}");
                else SameWidened(values[start + i], halves[start + i], c[i]);
            }
        }
    }

    [Fact]
    public void ToSingle_EveryHalfBitPattern_MatchesTheBinary16Definition_AtEveryLengthUpTo70()
    {
        var all = Enumerable.Range(0, 65536).Select(b => BitConverter.UInt16BitsToHalf((ushort)b)).ToArray();
        foreach (var (start, n) in Windows(all.Length, 0))
        {
            var destination = Enumerable.Repeat(-7f, n + 3).ToArray();
            BlasNet.Kernels.ToSingle(all.AsSpan(start, n), destination);
            for (int i = 0; i < n; i++)
            {
                ushort h = (ushort)(start + i);
                double expected = Decode(h);
                uint bits = BitConverter.SingleToUInt32Bits(destination[i]);
                if (double.IsNaN(expected))
                {
                    // Sign and the 9 payload bits below Half's quiet bit kept; the result is a quiet NaN (NumPy would keep a
                    // signalling one signalling, .NET's conversion quiets it: both are NaN, the documented promise).
                    Assert.True(float.IsNaN(destination[i]) && (bits >> 31) == (uint)(h >> 15) && ((bits >> 13) & 0x1FF) == (uint)(h & 0x1FF),
                        FormattableString.Invariant($"Half {h:X4}: got {bits:X8}"));
                }
                else Assert.True(BitConverter.SingleToUInt32Bits((float)expected) == bits,
                    FormattableString.Invariant($"Half {h:X4} = {expected:R}: got {destination[i]:R} (bits {bits:X8})"));
            }
            for (int i = n; i < n + 3; i++) Assert.Equal(-7f, destination[i]);
        }
    }
}
