using System.Globalization;
using System.Numerics;

namespace BlasNet.Tests.Core;

/// <summary>
/// Session 50 (fuzz50): Gbmv, Sbmv, Tbmv and Tbsv with one stored row and a leading dimension (or k) of 2³⁰ or int.MaxValue,
/// on a small array: consistent arguments (only row 0 is read, so lda may be anything ≥ the band's width), which
/// SizeArgumentFuzz50Tests found BLIS 0.9 crashing on (SIGSEGV in its f2c band routines, whose 32-bit index arithmetic
/// wraps: NativeBandIndices). Each result is compared with the definition, a₀₀·x₀ for the one element read, and the array
/// ends at a PROT_NONE page. Run in a child process on this run's provider: a crash is reported, not fatal to the suite.
/// </summary>
public class BandHugeLeadingDimension50Tests
{
    [Fact]
    public void OneStoredRow_HugeLeadingDimension_MatchesTheDefinition()
    {
        var (exitCode, output) = ChildProcess.Run("band-huge-lda", new Dictionary<string, string?>());
        Assert.True(exitCode == 0, $"the child failed (exit code {exitCode}; 139 is a native crash):\n{output}");
        Assert.Contains("band-huge-lda: 80 cases right", output);
    }

    /// <summary>The child's side: every case prints its line before it runs, so a crash's last line names it.</summary>
    internal static int RunChild()
    {
        int right = 0, wrong = 0;
        foreach (var (lda, k) in new[] { (1 << 30, 5), (int.MaxValue, 5), (int.MaxValue, 1 << 30) })
        {
            right += Cases<double>(lda, k, ref wrong);
            right += Cases<float>(lda, k, ref wrong);
        }
        Console.WriteLine($"band-huge-lda: {right} cases right, {wrong} wrong");
        return wrong == 0 ? 0 : 1;
    }

    private static int Cases<T>(int lda, int k, ref int wrong) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int right = 0;
        T a00 = T.CreateTruncating(1.5), x0 = T.CreateTruncating(-2.0), y0 = T.CreateTruncating(0.25), alpha = T.CreateTruncating(2.0), beta = T.CreateTruncating(-0.5);
        using var aBuffer = new GuardPageBuffer(64 * sizeof(double));
        using var xBuffer = new GuardPageBuffer(64 * sizeof(double));
        using var yBuffer = new GuardPageBuffer(64 * sizeof(double));
        foreach (bool lower in new[] { false, true })
            foreach (int inc in new[] { 1, 3 })
            {
                // Row 0 holds A[0, 0] at the diagonal's place: k for a lower triangle (kl for Gbmv), 0 for an upper one.
                int diagonal = lower ? k : 0;
                string label = $"{typeof(T).Name} lda={lda} k={k} {(lower ? "lower" : "upper")} inc={inc}";
                Span<T> Band()
                {
                    var a = aBuffer.End<T>(Math.Min(diagonal + 1, 64));
                    a.Fill(T.NaN); // only A[0, 0] may be read
                    a[^1] = a00;
                    return a;
                }
                Span<T> Vector(GuardPageBuffer b, T value)
                {
                    var v = b.End<T>(1 + 2 * inc);
                    v.Fill(T.CreateTruncating(7.0));
                    v[0] = value;
                    return v;
                }
                if (diagonal + 1 > 64) continue; // k = 2³⁰ lower would need an array of 2³⁰ elements
                // y ← α·a₀₀·x₀ + β·y₀ (Sbmv; Gbmv 1×1 with kl = k or 0, ku = the other), x ← a₀₀·x₀ (Tbmv), x ← x₀ / a₀₀ (Tbsv).
                T product = alpha * a00 * x0 + beta * y0;
                Console.WriteLine("sbmv " + label);
                var y = Vector(yBuffer, y0);
                Blas.Sbmv(lower ? Triangle.Lower : Triangle.Upper, 1, k, alpha, Band(), lda, Vector(xBuffer, x0), inc, beta, y, inc);
                Tally(label + " sbmv", y[0], product, ref right, ref wrong);
                Console.WriteLine("gbmv " + label);
                y = Vector(yBuffer, y0);
                Blas.Gbmv(Transpose.None, 1, 1, lower ? k : 0, lower ? 0 : k, alpha, Band(), lda, Vector(xBuffer, x0), inc, beta, y, inc);
                Tally(label + " gbmv", y[0], product, ref right, ref wrong);
                Console.WriteLine("tbmv " + label);
                var x = Vector(xBuffer, x0);
                Blas.Tbmv(lower ? Triangle.Lower : Triangle.Upper, Transpose.None, Diagonal.NonUnit, 1, k, Band(), lda, x, inc);
                Tally(label + " tbmv", x[0], a00 * x0, ref right, ref wrong);
                Console.WriteLine("tbsv " + label);
                x = Vector(xBuffer, x0);
                Blas.Tbsv(lower ? Triangle.Lower : Triangle.Upper, Transpose.Transposed, Diagonal.NonUnit, 1, k, Band(), lda, x, inc);
                Tally(label + " tbsv", x[0], x0 / a00, ref right, ref wrong);
            }
        return right;
    }

    private static void Tally<T>(string label, T got, T want, ref int right, ref int wrong) where T : IFloatingPointIeee754<T>
    {
        if (got == want) right++;
        else
        {
            wrong++;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"WRONG {label}: {got}, the definition gives {want}"));
        }
    }
}
