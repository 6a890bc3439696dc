using System.Globalization;

namespace BlasNet.Tests.Core;

/// <summary>
/// Reference BLAS allows dcopy and dswap with x and y the very same vector (same start, same increment): copy writes
/// every element onto itself and swap exchanges each element with itself, so the vector is left as it is. BlasNet
/// refused both ("y overlaps x in memory; BLAS forbids writing an operand it is still reading"), e.g.
/// <c>Blas.Copy(a, a)</c> or <c>Blas.Swap(3, v, 2, v, 2)</c> on a 5-element v. Now they are no-ops on every provider,
/// while a shifted or differently strided view of the same buffer (a partial overlap) is still refused by name.
/// </summary>
public class CopySwapSameVectorTests
{
    // A NaN with a payload, signed zero and infinities: a no-op must keep all of them bit for bit.
    private static readonly double NaNPayload = BitConverter.Int64BitsToDouble(0x7FF8_0000_0000_1234);

    private static double[] Values() => [1.5, -0.0, NaNPayload, double.PositiveInfinity, -2.25, 7, double.NegativeInfinity];

    private static void SameBits(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(BitConverter.DoubleToInt64Bits(expected[i]) == BitConverter.DoubleToInt64Bits(actual[i]),
                string.Create(CultureInfo.InvariantCulture, $"element {i}: {expected[i]} became {actual[i]}"));
    }

    [Fact]
    public void CopyOntoItself_IsANoOp_AllForms()
    {
        var v = Values();
        Blas.Copy(v, v);
        SameBits(Values(), v);
        Blas.Copy((ReadOnlySpan<double>)v, v.AsSpan());
        SameBits(Values(), v);
        Blas.Copy(3, v, 3, v, 3);
        SameBits(Values(), v);
        Blas.Copy(3, v.AsSpan(1), 2, v.AsSpan(1), 2);
        SameBits(Values(), v);
        Blas.Copy<double>(7, v, 1, v, 1);
        SameBits(Values(), v);
        var f = new float[] { 1f, float.NaN, -0f, 3f };
        Blas.Copy(f, f);
        Blas.Copy<float>(2, f, 2, f, 2);
        Assert.Equal(BitConverter.SingleToInt32Bits(-0f), BitConverter.SingleToInt32Bits(f[2]));
        Assert.True(float.IsNaN(f[1]));
        Assert.Equal([1f, 3f], new[] { f[0], f[3] });
    }

    [Fact]
    public void SwapWithItself_LeavesTheVectorUnchanged_AllForms()
    {
        var v = Values();
        Blas.Swap(v, v);
        SameBits(Values(), v);
        Blas.Swap(v.AsSpan(), v.AsSpan());
        SameBits(Values(), v);
        Blas.Swap(3, v, 2, v, 2);
        SameBits(Values(), v);
        Blas.Swap<double>(2, v.AsSpan(2), 4, v.AsSpan(2), 4);
        SameBits(Values(), v);
        var f = new float[] { 1f, 2f, 3f };
        Blas.Swap(f, f);
        Blas.Swap<float>(3, f, 1, f, 1);
        Assert.Equal([1f, 2f, 3f], f);
    }

    [Fact]
    public void SameElementOnce_IsTheSameVector()
    {
        // n = 1: one element, whatever the increments; the same address is the same vector.
        var v = new[] { 4.0, 5.0 };
        Blas.Copy(1, v, 1, v, 3);
        Blas.Swap(1, v, 5, v, 1);
        Assert.Equal([4.0, 5.0], v);
    }

    [Fact]
    public void PartialOverlaps_AreStillRefused_ByName()
    {
        var v = new double[10];
        // Same start, other increment: x = {0, 2, 4}, y = {0, 1, 2}.
        var ex = Assert.Throws<ArgumentException>(() => Blas.Copy(3, v, 2, v, 1));
        Assert.Equal("y", ex.ParamName); Assert.Contains("y overlaps x", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => Blas.Swap(3, v, 1, v, 2));
        Assert.Equal("y", ex.ParamName); Assert.Contains("y overlaps x", ex.Message);
        // Shifted by one element.
        ex = Assert.Throws<ArgumentException>(() => Blas.Copy(v.AsSpan(0, 4), v.AsSpan(1, 4)));
        Assert.Equal("y", ex.ParamName); Assert.Contains("y overlaps x", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => Blas.Swap<double>(4, v.AsSpan(2), 1, v, 1));
        Assert.Equal("y", ex.ParamName); Assert.Contains("y overlaps x", ex.Message);
        // Interleaved without a shared element stays accepted: x on the even, y on the odd elements.
        var w = new[] { 1.0, 2, 3, 4, 5, 6 };
        Blas.Swap(3, w, 2, w.AsSpan(1), 2);
        Assert.Equal([2.0, 1, 4, 3, 6, 5], w);
    }

    // The refusal said only "y overlaps x in memory", naming neither sizes nor where the views met; with views of one
    // buffer the user needs both.
    [Fact]
    public void OverlapMessages_NameTheSizesAndTheOffset()
    {
        var v = new double[10];
        var ex = Assert.Throws<ArgumentException>(() => Blas.Copy(3, v, 2, v.AsSpan(2), 1));
        Assert.Contains("x: n = 3, increment 2; y: n = 3, increment 1, starting 2 elements from x's start", ex.Message);
        var c = new double[6];
        ex = Assert.Throws<ArgumentException>(() =>
            Blas.Gemm(Transpose.None, Transpose.None, 2, 2, 2, 1.0, c.AsSpan(0, 4), 2, new double[4], 2, 0.0, c.AsSpan(2, 4), 2));
        Assert.Equal("c", ex.ParamName);
        // Matrices are tested element by element (MatrixOverlapElementExactTests): the message names the shared element too.
        Assert.Contains("element [0, 0] of c is element [1, 0] of a; c starts 2 elements from a's start, a 2×2, leading dimension 2, c 2×2, leading dimension 2", ex.Message);
    }
}
