using System.Runtime.Intrinsics;
using BlasNet.Optimization;

namespace BlasNet.Tests.Optimization;

/// <summary>
/// The managed Householder block QR against LAPACK's dgeqrf (the provider's; an independent implementation): R equal up to
/// the sign of each row, to 1e-13 of ‖R‖, at every SIMD width (128, 256 and, where AVX-512 runs, 512 bits), on shapes that leave vector tails and on entries that need
/// the scaled step.
/// </summary>
public class HouseholderBlockQrTests
{
    public static TheoryData<int, int> Shapes => new()
    {
        { 2_061, 13 }, { 2_048, 12 }, { 1_000, 16 }, { 777, 17 }, { 300, 1 }, { 50, 2 }, { 19, 3 }, { 14, 13 }, { 13, 13 }, { 5, 9 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void NarrowWidth_MatchesLapack(int rows, int k) => AssertMatchesLapack(Random(rows, k, 1), rows, k, HouseholderBlockQr.Factor<QrLanes256>);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void NarrowestWidth_MatchesLapack(int rows, int k) => AssertMatchesLapack(Random(rows, k, 9), rows, k, HouseholderBlockQr.Factor<QrLanes128>);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void WideWidth_MatchesLapack(int rows, int k)
    {
        if (!Vector512.IsHardwareAccelerated) return; // the 512-bit path exists only where AVX-512 runs; the narrow test covers the kernel
        AssertMatchesLapack(Random(rows, k, 2), rows, k, HouseholderBlockQr.Factor<QrLanes512>);
    }

    [Fact]
    public void DispatchedWidth_MatchesLapack_OnAStackedTriangle()
    {
        // TallSkinnyQr's blocks: a k×k upper triangle on top of new rows (zeros below its diagonal stay zero under the reflectors).
        const int k = 13, rows = k + 2_048;
        var a = Random(rows, k, 3);
        for (int c = 0; c < k; c++)
            for (int i = c + 1; i < k; i++) a[c * rows + i] = 0;
        AssertMatchesLapack(a, rows, k, HouseholderBlockQr.Factor);
    }

    [Theory]
    [InlineData(1e-250)]
    [InlineData(1e-160)]
    [InlineData(1e160)]
    [InlineData(1e250)]
    [InlineData(0.0)]
    public void ExtremeColumns_TakeTheScaledStep_AndMatchLapack(double factor)
    {
        // Column 2 scaled so that its plain Σx² under- or overflows (or is zero).
        const int rows = 1_001, k = 6;
        var a = Random(rows, k, 4);
        for (int i = 0; i < rows; i++) a[2 * rows + i] *= factor;
        AssertMatchesLapack((double[])a.Clone(), rows, k, HouseholderBlockQr.Factor<QrLanes128>);
        AssertMatchesLapack((double[])a.Clone(), rows, k, HouseholderBlockQr.Factor<QrLanes256>);
        if (Vector512.IsHardwareAccelerated) AssertMatchesLapack(a, rows, k, HouseholderBlockQr.Factor<QrLanes512>);
    }

    [Fact]
    public void NearlyDependentColumns_KeepRᵀREqualToAᵀA()
    {
        // Column 4 = column 0 + 1e-9·noise: row 4 of R is then fixed only to ~1e-7 by any rounding (LAPACK's and ours differ
        // there by that much), but a Householder QR keeps RᵀR = AᵀA to rounding of ‖a_p‖‖a_q‖ whatever the conditioning.
        const int rows = 1_001, k = 6;
        var a = Random(rows, k, 8);
        for (int i = 0; i < rows; i++) a[4 * rows + i] = a[i] + 1e-9 * a[4 * rows + i];
        var r = (double[])a.Clone();
        HouseholderBlockQr.Factor(r, rows, k);
        for (int p = 0; p < k; p++)
            for (int q = 0; q <= p; q++)
            {
                double ata = 0, rtr = 0, np = 0, nq = 0;
                for (int i = 0; i < rows; i++)
                {
                    ata += a[p * rows + i] * a[q * rows + i];
                    np += a[p * rows + i] * a[p * rows + i];
                    nq += a[q * rows + i] * a[q * rows + i];
                }
                for (int i = 0; i <= q; i++) rtr += r[p * rows + i] * r[q * rows + i];
                Assert.True(Math.Abs(ata - rtr) <= 1e-13 * Math.Sqrt(np * nq), $"(AᵀA)[{p},{q}] = {ata:R}, (RᵀR) = {rtr:R}");
            }
    }

    [Fact]
    public void TinyColumns_MatchLapack()
    {
        // Every column tiny: each reflector takes the scaled step; R is compared with the relative bound of its own norm.
        const int rows = 500, k = 4;
        var a = Random(rows, k, 5);
        for (int i = 0; i < a.Length; i++) a[i] *= 1e-300;
        AssertMatchesLapack(a, rows, k, HouseholderBlockQr.Factor);
    }

    [Fact]
    public void SameInput_SameBits()
    {
        const int rows = 2_061, k = 13;
        var first = Random(rows, k, 6);
        var second = (double[])first.Clone();
        HouseholderBlockQr.Factor(first, rows, k);
        HouseholderBlockQr.Factor(second, rows, k);
        Assert.Equal(first, second);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void NonFiniteEntry_ReachesR(double bad)
    {
        // The kernel does not check (TallSkinnyQr does, before it): a bad entry must end in R, not hang or vanish.
        const int rows = 300, k = 5;
        var a = Random(rows, k, 7);
        a[1 * rows + 123] = bad;
        HouseholderBlockQr.Factor(a, rows, k);
        bool any = false;
        for (int c = 0; c < k; c++)
            for (int i = 0; i <= c; i++) any |= !double.IsFinite(a[c * rows + i]);
        Assert.True(any);
    }

    private static double[] Random(int rows, int k, int seed)
    {
        var rng = new Random(seed);
        var a = new double[rows * k];
        for (int i = 0; i < a.Length; i++) a[i] = (rng.NextDouble() - 0.5) * (1 + i / rows) + (i / rows == 1 ? 2.0 : 0.0);
        return a;
    }

    private delegate void Kernel(Span<double> a, int rows, int k);

    private static void AssertMatchesLapack(double[] a, int rows, int k, Kernel factor)
    {
        var reference = (double[])a.Clone();
        var tau = new double[Math.Min(rows, k)];
        Assert.Equal(0, Lapack.Geqrf(rows, k, reference, rows, tau));
        factor(a, rows, k);
        int n = Math.Min(rows, k);
        double norm = 0;
        for (int c = 0; c < k; c++)
            for (int i = 0; i <= Math.Min(c, n - 1); i++) norm = Math.Max(norm, Math.Abs(reference[c * rows + i]));
        for (int i = 0; i < n; i++)
        {
            // Row i of R is fixed up to its sign; take the sign from its largest entry.
            int at = i;
            for (int c = i; c < k; c++) if (Math.Abs(reference[c * rows + i]) > Math.Abs(reference[at * rows + i])) at = c;
            double sign = Math.Sign(reference[at * rows + i]) * Math.Sign(a[at * rows + i]);
            if (sign == 0) sign = 1;
            for (int c = i; c < k; c++)
            {
                double expected = reference[c * rows + i], actual = sign * a[c * rows + i];
                Assert.True(Math.Abs(expected - actual) <= 1e-13 * norm,
                    $"R[{i},{c}]: LAPACK {expected:R}, managed {actual:R} (‖R‖max {norm:R}, {rows}×{k})");
            }
        }
    }
}
