using System.Runtime.CompilerServices;

namespace BlasNet.Tests.Core;

/// <summary>
/// The list form's product records (session 37: each product clears its own record, so the release after the products
/// has nothing left to clear): through the public call, 16×16 products (the small-product kernel, the next product's
/// operands requested from its record while another thread may be clearing it) match a naive product from the
/// definition; errors and shares in the second half of the batch (the worker's range of the spread pass and of the
/// products) leave every C untouched; and after a batch, valid or refused, nothing of the caller's stays reachable
/// from the library (the pooled records hold no arrays).
/// </summary>
public class BatchedGemmListRecordsTests
{

    /// <summary>The batch is refused with the message, and every C is as before (copies taken before the call).</summary>
    private static void AssertRefused<TException>(Matrix<double>[] a, Matrix<double>[] b, Matrix<double>[] c, string param, string message)
        where TException : ArgumentException
    {
        var before = c.Select(m => m?.ToArray()).ToArray();
        var ex = Assert.Throws<TException>(() => Blas.GemmBatched(1.0, a, b, 0.0, c));
        Assert.Equal(param, ex.ParamName);
        Assert.Contains(message, ex.Message);
        for (int i = 0; i < c.Length; i++)
            if (c[i] is { } m) Assert.Equal(before[i], m.ToArray());
    }

    /// <summary>16×16 products (the small-product kernel), 4000 of them (the spread pass: at least 1024), C[i] filled with i.</summary>
    private static (Matrix<double>[] a, Matrix<double>[] b, Matrix<double>[] c) Batch16(int count = 4000)
    {
        var a = new Matrix<double>[count]; var b = new Matrix<double>[count]; var c = new Matrix<double>[count];
        for (int i = 0; i < count; i++)
        {
            a[i] = Matrix.Random<double>(16, 16, seed: i);
            b[i] = Matrix.Random<double>(16, 16, seed: 50_000 + i);
            c[i] = new Matrix<double>(16, 16);
            c[i].AsSpan().Fill(i);
        }
        return (a, b, c);
    }

    [Fact]
    public void ValidBatch_MatchesTheDefinition()
    {
        var (a, b, c) = Batch16();
        a[3100] = a[3100].Copy().Transpose(); // transposed views in the worker's half: flags, as in Gemm
        b[3200] = Matrix.Random<double>(16, 16, seed: 7).Transpose();
        b[5] = b[6]; // a B shared by two products: inputs may repeat
        Blas.GemmBatched(1.0, a, b, 0.25, c);
        foreach (int i in new[] { 0, 5, 6, 1999, 2000, 3100, 3200, 3999 })
        {
            var (x, y, z) = (a[i].ToArray2D(), b[i].ToArray2D(), c[i].ToArray2D());
            for (int r = 0; r < 16; r++)
                for (int s = 0; s < 16; s++)
                {
                    double sum = 0;
                    for (int p = 0; p < 16; p++) sum += x[r, p] * y[p, s];
                    Assert.Equal(sum + 0.25 * i, z[r, s], 1e-12);
                }
        }
    }

    [Fact]
    public void ErrorInTheSecondHalf_NothingWritten()
    {
        var (a, b, c) = Batch16();
        c[3998] = new Matrix<double>(16, 15);
        AssertRefused<ArgumentException>(a, b, c, "c", "c[3998] is 16×15 but a[3998] b[3998] is 16×16");

        var (a2, b2, c2) = Batch16();
        a2[2001] = null!;
        AssertRefused<ArgumentNullException>(a2, b2, c2, "a", "a[2001] is null");
    }

    [Fact]
    public void SharesAcrossAndWithinTheHalves_Refused_NothingWritten()
    {
        var (a, b, c) = Batch16();
        c[3500] = c[12].Transpose().Transpose(); // the same storage, one product in each half
        AssertRefused<ArgumentException>(a, b, c, "c", "c[12] and c[3500] share storage");

        var (a2, b2, c2) = Batch16();
        a2[3900] = c2[3100]; // an input that is another product's output, both in the second half
        AssertRefused<ArgumentException>(a2, b2, c2, "a", "a[3900] shares storage with c[3100]");

        var (a3, b3, c3) = Batch16();
        b3[100] = c3[3999].Transpose(); // the first half's input is the last output
        AssertRefused<ArgumentException>(a3, b3, c3, "b", "b[100] shares storage with c[3999]");
    }

    /// <summary>
    /// Runs a 16×16 batch of <paramref name="count"/> products through the public call (refused when <paramref name="refuse"/>:
    /// a shape error at the last index) and returns weak references to arrays of the batch spread over it; every strong
    /// reference is gone when this returns (not inlined).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference[] RunAndForget(int count, bool refuse)
    {
        var (a, b, c) = Batch16(count);
        if (refuse) c[count - 1] = new Matrix<double>(15, 16);
        var weak = new[] { 0, count / 3, count / 2 + 1, count - 2 }
            .SelectMany(i => new[] { new WeakReference(a[i].Storage), new WeakReference(b[i].Storage), new WeakReference(c[i].Storage) }).ToArray();
        if (refuse) Assert.Throws<ArgumentException>(() => Blas.GemmBatched(1.0, a, b, 0.0, c));
        else Blas.GemmBatched(1.0, a, b, 0.0, c);
        return weak;
    }

    [Theory]
    [InlineData(4000, false)] // the spread pass and the products on the GEMM threads: each thread clears the records of its products
    [InlineData(4000, true)]  // refused after the pass: Release clears the records written
    [InlineData(100, false)]  // the pass in order on this thread
    public void AfterABatch_TheLibraryHoldsNoArrayOfTheCaller(int count, bool refuse)
    {
        var weak = RunAndForget(count, refuse);
        for (int attempt = 0; attempt < 3 && weak.Any(w => w.IsAlive); attempt++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        Assert.All(weak, w => Assert.False(w.IsAlive, "an array of the batch is still reachable after it returned"));
    }
}
