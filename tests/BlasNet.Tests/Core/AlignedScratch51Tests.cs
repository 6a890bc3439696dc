using BlasNet;
using Xunit;

namespace BlasNet.Tests.Core;

/// <summary>
/// The per-call scratch of the factor results' solves and SolveTriangular (Session 46, align51): it starts on a 64-byte
/// boundary, and what a solve returns does not live in it (the memory goes back to the pool and is handed out again).
/// </summary>
public sealed class AlignedScratch51Tests
{
    [Theory]
    [InlineData(0)] [InlineData(1)] [InlineData(7)] [InlineData(100)] [InlineData(4099)]
    public unsafe void Span_StartsOnA64ByteBoundary_WithTheLengthAsked(int length)
    {
        for (int repeat = 0; repeat < 20; repeat++) // rented arrays come back: each one must be sliced afresh
        {
            using var scratch = new AlignedScratch(length);
            Assert.Equal(length, scratch.Span.Length);
            fixed (double* p = scratch.Span)
                if (length > 0) Assert.Equal(0, (long)(nint)p % 64);
            scratch.Span.Fill(repeat); // writable over its whole length
        }
    }

    [Fact]
    public void Results_DoNotLiveInThePooledScratch()
    {
        // Solve twice with different right-hand sides: were x the rented memory, the second call would overwrite the first x.
        var spd = new Matrix<double>(3, 3);
        spd[0, 0] = 4; spd[1, 1] = 9; spd[2, 2] = 16;
        var chol = Lapack.Cholesky(spd);
        var x1 = chol.Solve([4.0, 9.0, 16.0]);
        var x2 = chol.Solve([8.0, 18.0, 32.0]);
        Assert.Equal(new[] { 1.0, 1.0, 1.0 }, x1);
        Assert.Equal(new[] { 2.0, 2.0, 2.0 }, x2);
        var qr = Lapack.QrPivoted(spd);
        var y1 = qr.Solve([4.0, 9.0, 16.0]);
        var q1 = qr.ApplyQ([1.0, 0.0, 0.0]);
        var q1Copy = (double[])q1.Clone();
        var y2 = qr.Solve([8.0, 18.0, 32.0]);
        qr.ApplyQ([0.0, 0.0, 1.0]);
        Assert.Equal(new[] { 1.0, 1.0, 1.0 }, y1, (a, b) => Math.Abs(a - b) <= 1e-15);
        Assert.Equal(new[] { 2.0, 2.0, 2.0 }, y2, (a, b) => Math.Abs(a - b) <= 1e-15);
        Assert.Equal(q1Copy, q1);
        var t1 = Lapack.SolveTriangular(Triangle.Lower, spd, Matrix.Identity<double>(3));
        Lapack.SolveTriangular(Triangle.Lower, spd, Matrix.Identity<double>(3) * 5.0);
        Assert.Equal(0.25, t1[0, 0]); Assert.Equal(1.0 / 9, t1[1, 1]); Assert.Equal(1.0 / 16, t1[2, 2]);
    }
}
