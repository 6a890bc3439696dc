namespace BlasNet.Tests.Core;

/// <summary>
/// The mixed-precision GEMM (<see cref="HalfGemm"/>) under the rule every other GEMM entry follows since gemm40
/// (<see cref="GemmOperandUse"/>): with α = 0 or k = 0 A and B are not read, so they may share C's storage, and C ← βC
/// exactly (BLAS's quick return); with α ≠ 0 the same layout is still refused.
/// </summary>
public class HalfGemmUnreadOperands40Tests
{
    [Theory]
    [InlineData(0f, 3, 0.5f)]
    [InlineData(0f, 3, 0f)]
    [InlineData(-0f, 3, 2f)]
    [InlineData(1f, 0, 0.5f)]
    public void AOrBOnC_NotRead_IsAccepted_AndCIsBetaC(float alpha, int k, float beta)
    {
        const int m = 4, n = 6;
        var buffer = Enumerable.Range(0, m * n).Select(i => 0.25f * i - 2f).ToArray();
        var original = (float[])buffer.Clone();
        // A (m×k) and B (k×n) are windows of C's own buffer; float32 and rounded-through-Half A, Half-typed B elsewhere.
        foreach (bool rounded in new[] { false, true })
        {
            buffer = (float[])original.Clone();
            var aSpan = buffer.AsSpan(0, m * k);
            var a = rounded ? HalfGemmOperand.RoundedToHalf(aSpan) : HalfGemmOperand.Single(aSpan);
            var b = HalfGemmOperand.Single(buffer.AsSpan(0, k * n));
            HalfGemm.Gemm(Transpose.None, Transpose.None, m, n, k, alpha, a, Math.Max(1, k), b, n, beta, buffer, n);
            for (int i = 0; i < buffer.Length; i++)
            {
                float expected = beta == 0f ? 0f : beta * original[i];
                Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(buffer[i]));
            }
        }
    }

    [Fact]
    public void AOnC_Read_IsStillRefused_AndCUntouched()
    {
        const int m = 4, n = 6, k = 3;
        var buffer = Enumerable.Range(0, m * n).Select(i => 0.25f * i - 2f).ToArray();
        var original = (float[])buffer.Clone();
        var b = new float[k * n];
        var error = Assert.ThrowsAny<ArgumentException>(() => HalfGemm.Gemm(Transpose.None, Transpose.None, m, n, k, 1f,
            HalfGemmOperand.Single(buffer.AsSpan(0, m * k)), k, HalfGemmOperand.Single(b), n, 0.5f, buffer, n));
        Assert.Equal("c", error.ParamName);
        Assert.Equal(original, buffer);
    }
}
