using System.Numerics.Tensors;
using BlasNet.Providers;

namespace BlasNet.Tests.Kernels;

/// <summary>
/// Audit kn48: the top README ("Same bits run after run") says the kernels' reductions (TensorPrimitives) give the same bits
/// at every offset, and that the managed provider's BLAS on arrays you pass does too. Checked here, not assumed: the same
/// data copied to each start offset 0…15 elements from a 64-byte boundary (every position within a cache line for float,
/// two lines' worth for double), at every length 1…300 and at 100 000 and 100 003, must give one result bit for bit from
/// Kernels.SumOfSquares (float, double, Half), the TensorPrimitives reductions the library calls (Sum, SumOfSquares,
/// SumOfMagnitudes, Dot; float and double) and the managed provider's Dot, Nrm2 and Asum. The suite's DOTNET_EnableAVX512=0
/// run checks the 256-bit path. A control shows the data would expose a sum whose lanes follow the address (one peeled to an
/// aligned boundary, as OpenBLAS's Prescott ddot is): over the 16 offsets such a sum takes several values.
/// </summary>
public class ReductionOffsets48Tests
{
    private const int Offsets = 16;

    public static TheoryData<int> LongLengths => new() { 100_000, 100_003 };

    /// <summary>Every reduction of x (and of x with y, for the dots), by name, as bits.</summary>
    private static IEnumerable<(string Name, long Bits)> Reductions(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<float> xf, ReadOnlySpan<float> yf, ReadOnlySpan<Half> xh)
    {
        int n = x.Length;
        var results = new List<(string, long)>
        {
            ("Kernels.SumOfSquares<double>", Bits(BlasNet.Kernels.SumOfSquares(x))),
            ("Kernels.SumOfSquares<float>", Bits(BlasNet.Kernels.SumOfSquares(xf))),
            ("Kernels.SumOfSquares<Half>", Bits(BlasNet.Kernels.SumOfSquares(xh))),
            ("TensorPrimitives.Sum<double>", Bits(TensorPrimitives.Sum(x))),
            ("TensorPrimitives.Sum<float>", Bits(TensorPrimitives.Sum(xf))),
            ("TensorPrimitives.SumOfSquares<double>", Bits(TensorPrimitives.SumOfSquares(x))),
            ("TensorPrimitives.SumOfSquares<float>", Bits(TensorPrimitives.SumOfSquares(xf))),
            ("TensorPrimitives.SumOfMagnitudes<double>", Bits(TensorPrimitives.SumOfMagnitudes(x))),
            ("TensorPrimitives.Dot<double>", Bits(TensorPrimitives.Dot(x, y))),
            ("TensorPrimitives.Dot<float>", Bits(TensorPrimitives.Dot(xf, yf))),
            ("ManagedBlas<double>.Dot", Bits(ManagedBlas<double>.Dot(n, x, 1, y, 1))),
            ("ManagedBlas<float>.Dot", Bits(ManagedBlas<float>.Dot(n, xf, 1, yf, 1))),
            ("ManagedBlas<double>.Nrm2", Bits(ManagedBlas<double>.Nrm2(n, x, 1))),
            ("ManagedBlas<float>.Nrm2", Bits(ManagedBlas<float>.Nrm2(n, xf, 1))),
            ("ManagedBlas<double>.Asum", Bits(ManagedBlas<double>.Asum(n, x, 1))),
            ("ManagedBlas<float>.Asum", Bits(ManagedBlas<float>.Asum(n, xf, 1))),
        };
        return results;
    }

    private static long Bits(double v) => BitConverter.DoubleToInt64Bits(v);
    private static long Bits(float v) => BitConverter.SingleToInt32Bits(v);

    private static void AssertSameBitsAtEveryOffset(int n, int seed)
    {
        var random = new Random(seed);
        // Mixed signs and magnitudes over six decades, so that regrouping the additions changes the rounding.
        double Draw() => (random.NextDouble() - 0.5) * Math.Pow(10, 3 * random.NextDouble());
        var x = Enumerable.Range(0, n).Select(_ => Draw()).ToArray();
        var y = Enumerable.Range(0, n).Select(_ => Draw()).ToArray();
        var bx = new AlignedBuffer<double>(n + Offsets);
        var by = new AlignedBuffer<double>(n + Offsets);
        var bxf = new AlignedBuffer<float>(n + Offsets);
        var byf = new AlignedBuffer<float>(n + Offsets);
        var bxh = new AlignedBuffer<Half>(n + Offsets);
        List<(string Name, long Bits)>? first = null;
        for (int offset = 0; offset < Offsets; offset++)
        {
            // y at another offset than x, so the two move independently.
            int offsetY = (offset * 7 + 3) % Offsets;
            bx.Span.Clear(); by.Span.Clear(); bxf.Span.Clear(); byf.Span.Clear(); bxh.Span.Clear();
            var xs = bx.Span.Slice(offset, n);
            var ys = by.Span.Slice(offsetY, n);
            var xfs = bxf.Span.Slice(offset, n);
            var yfs = byf.Span.Slice(offsetY, n);
            var xhs = bxh.Span.Slice(offset, n);
            x.CopyTo(xs);
            y.CopyTo(ys);
            for (int i = 0; i < n; i++) { xfs[i] = (float)x[i]; yfs[i] = (float)y[i]; xhs[i] = (Half)x[i]; }
            var now = Reductions(xs, ys, xfs, yfs, xhs).ToList();
            if (first is null) { first = now; continue; }
            for (int k = 0; k < now.Count; k++)
                Assert.True(now[k].Bits == first[k].Bits,
                    $"{now[k].Name}, n = {n}: offset {offset} (y at {offsetY}) gave bits {now[k].Bits:X}, offset 0 gave {first[k].Bits:X}");
        }
    }

    [Fact]
    public void Reductions_GiveTheSameBits_AtEveryOffset_AtEveryLengthUpTo300()
    {
        for (int n = 1; n <= 300; n++) AssertSameBitsAtEveryOffset(n, seed: n);
    }

    [Theory]
    [MemberData(nameof(LongLengths))]
    public void Reductions_GiveTheSameBits_AtEveryOffset_OnLongInputs(int n) => AssertSameBitsAtEveryOffset(n, seed: 44);

    /// <summary>
    /// The control: a sum in 8 lanes whose lane is chosen by the element's address (the grouping a reduction gets when it
    /// peels to an aligned boundary) takes more than one value over the 16 offsets on the long data above, so the bit-for-bit
    /// comparison would catch such a reduction.
    /// </summary>
    [Theory]
    [MemberData(nameof(LongLengths))]
    public void Control_ASumWhoseLanesFollowTheAddress_ChangesWithTheOffset(int n)
    {
        var random = new Random(44);
        double Draw() => (random.NextDouble() - 0.5) * Math.Pow(10, 3 * random.NextDouble());
        var x = Enumerable.Range(0, n).Select(_ => Draw()).ToArray();
        var distinct = new HashSet<long>();
        for (int offset = 0; offset < Offsets; offset++)
        {
            var lanes = new double[8];
            for (int i = 0; i < n; i++) lanes[(i + offset) % 8] += x[i];
            distinct.Add(Bits(((lanes[0] + lanes[4]) + (lanes[1] + lanes[5])) + ((lanes[2] + lanes[6]) + (lanes[3] + lanes[7]))));
        }
        Assert.True(distinct.Count > 1, $"n = {n}: {distinct.Count} value(s) over the offsets");
    }
}
