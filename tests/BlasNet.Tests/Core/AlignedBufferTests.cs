using System.Numerics;
using System.Runtime.CompilerServices;

namespace BlasNet.Tests.Core;

/// <summary>
/// <see cref="AlignedBuffer{T}"/> (session repro43): zeroed, the asked length, its first element on a 64-byte boundary, and
/// still there after compacting collections (it lives on the pinned object heap); the LAPACK workspace and a fit's QR use it so
/// that providers whose kernels depend on where data lies (OpenBLAS's Prescott kernels, unpinned MKL) see the same layout on
/// every run.
/// </summary>
public class AlignedBufferTests
{
    private static unsafe nint Address<T>(Span<T> span) where T : unmanaged => span.IsEmpty ? 0 : (nint)Unsafe.AsPointer(ref span[0]);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(1000)]
    [InlineData(20_000)] // past the large object heap's threshold
    public void Double_StartsOnA64ByteBoundary_Zeroed_AndStaysThere(int length)
    {
        var buffers = Enumerable.Range(0, 9).Select(_ => new AlignedBuffer<double>(length)).ToList();
        var before = buffers.Select(b => Address(b.Span)).ToList();
        foreach (var buffer in buffers)
        {
            Assert.Equal(length, buffer.Length);
            Assert.Equal(length, buffer.Span.Length);
            Assert.Equal(0, Address(buffer.Span) % AlignedBuffer<double>.Alignment);
            Assert.True(buffer.Span.IndexOfAnyExcept(0.0) < 0, "a new buffer is zeroed");
            buffer.Span.Fill(1.5);
        }
        var junk = Enumerable.Range(1, 100).Select(k => new byte[8 * k]).ToList();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.KeepAlive(junk);
        for (int i = 0; i < buffers.Count; i++)
        {
            Assert.Equal(before[i], Address(buffers[i].Span));
            Assert.True(buffers[i].Span.IndexOfAnyExcept(1.5) < 0, "the contents survive a collection");
        }
    }

    [Fact]
    public void OtherElementSizes_AlsoStartOnA64ByteBoundary()
    {
        for (int length = 1; length < 40; length += 3)
        {
            Assert.Equal(0, Address(new AlignedBuffer<float>(length).Span) % 64);
            Assert.Equal(0, Address(new AlignedBuffer<Half>(length).Span) % 64);
            Assert.Equal(0, Address(new AlignedBuffer<byte>(length).Span) % 64);
            Assert.Equal(length, new AlignedBuffer<float>(length).Span.Length);
        }
    }

    [Fact]
    public void NegativeLength_Throws_NamingTheArgument()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new AlignedBuffer<double>(-1));
        Assert.Equal("length", e.ParamName);
        Assert.Contains("between 0 and", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new AlignedBuffer<double>(Array.MaxLength));
    }

    [Fact]
    public void ElementsOfOtherSizes_AreRefused_NamingTheSize()
    {
        var e = Assert.Throws<NotSupportedException>(() => new AlignedBuffer<Complex>(4));
        Assert.Contains("16 bytes", e.Message, StringComparison.Ordinal);
    }

    /// <summary>A BLAS call on a buffer gives what it gives on an ordinary array with the same values (nothing but placement differs).</summary>
    [Fact]
    public void BlasOnABuffer_MatchesTheDefinition()
    {
        const int n = 37;
        var x = new AlignedBuffer<double>(n);
        var y = new AlignedBuffer<double>(n);
        for (int i = 0; i < n; i++) { x.Span[i] = i % 5 - 2; y.Span[i] = 0.25 * (i % 3); }
        double expected = 0;
        for (int i = 0; i < n; i++) expected += (i % 5 - 2) * 0.25 * (i % 3);
        Assert.Equal(expected, Blas.Dot(n, x.Span, 1, y.Span, 1), 12); // small integers and quarters: exact in any order
    }
}
