namespace BlasNet.Tests.Core;

/// <summary>
/// Defects found by the adversarial audit of the BLAS routines added last (rotations, symmetric/band/packed level 2, Symm,
/// Syr2k, Trmm). Rotmg's refusals for d2 &lt; 0: a NaN d1 or x1 was refused with a message claiming that d2·y1² outweighed
/// d1·x1² = NaN (the contract, NaN-and-infinity.md, is NaN propagation; nothing outweighs a NaN), and the rounding refusal
/// (d1·x1² larger, 1 − h12·h21 rounding to 0) claimed the opposite of what held. The inputs of the rounding cases were found
/// by a search in IEEE double and single arithmetic (Python, each operation rounded as Rotmg performs it).
/// </summary>
public class Audit37BlasTests
{
    [Fact]
    public void Rotmg_NaND1OrX1_WithNegativeD2_PropagatesNaN_AsWithPositiveD2()
    {
        foreach (var (d1, x1) in new[] { (1.0, double.NaN), (double.NaN, 1.0), (double.NaN, double.NaN) })
        {
            // The d2 ≥ 0 counterpart propagates NaN into the weights and X1 (reference BLAS does too); d2 < 0 must as well.
            var positive = Blas.Rotmg(d1, 1.0, x1, 1.0);
            Assert.True(double.IsNaN(positive.D1) && double.IsNaN(positive.D2) && double.IsNaN(positive.X1));
            var m = Blas.Rotmg(d1, -1.0, x1, 1.0);
            Assert.True(double.IsNaN(m.D1), $"d1 = {d1}, x1 = {x1}: D1 = {m.D1}");
            Assert.True(double.IsNaN(m.D2), $"d1 = {d1}, x1 = {x1}: D2 = {m.D2}");
            Assert.True(double.IsNaN(m.X1), $"d1 = {d1}, x1 = {x1}: X1 = {m.X1}");
            Assert.True(double.IsNaN(m.H11), $"d1 = {d1}, x1 = {x1}: H11 = {m.H11}");

            var f = Blas.Rotmg((float)d1, -2f, (float)x1, 0.5f);
            Assert.True(float.IsNaN(f.D1) && float.IsNaN(f.D2) && float.IsNaN(f.X1), $"float d1 = {d1}, x1 = {x1}");
            var g = Blas.Rotmg<double>(d1, -1.0, x1, 3.0);
            Assert.True(double.IsNaN(g.D1) && double.IsNaN(g.X1));
        }
    }

    [Fact]
    public void Rotmg_NegativeD2_StillRefusedWhereItOutweighs()
    {
        // The NaN change leaves the refusal itself alone: d2·y1² = −4 outweighs d1·x1² = 1.
        var e = Assert.Throws<ArgumentException>(() => Blas.Rotmg(1.0, -1.0, 1.0, 2.0));
        Assert.Equal("d2", e.ParamName);
        Assert.Contains("outweighing d1·x1² = 1", e.Message);
        Assert.Throws<ArgumentException>(() => Blas.Rotmg(1.0, double.NegativeInfinity, 1.0, 1.0));
    }

    [Fact]
    public void Rotmg_RoundingRefusal_SaysTheProductsCancel_NotThatD2Outweighs()
    {
        // d1·x1² = 0.49216730388437 > |d2·y1²| = 0.49216730388436997, yet 1 − h12·h21 rounds to 0 (reference BLAS: H = 0).
        const double d2 = -0.15689235250627268, x1 = 0.7015463661686019, y1 = 1.771150605405849;
        Assert.True(Math.Abs(1.0 * x1 * x1) > Math.Abs(d2 * y1 * y1)); // the premise, in the order Rotmg multiplies
        var e = Assert.Throws<ArgumentException>(() => Blas.Rotmg(1.0, d2, x1, y1));
        Assert.Equal("d2", e.ParamName);
        Assert.Contains("cancelling d1·x1²", e.Message);
        Assert.DoesNotContain("outweighing", e.Message);
        Assert.Contains("0.49216730388437", e.Message); // d1·x1², in the invariant culture

        const float fd2 = -1.012852430343628f, fx1 = 1.9340513944625854f, fy1 = 1.921741247177124f;
        Assert.True(MathF.Abs(1f * fx1 * fx1) > MathF.Abs(fd2 * fy1 * fy1));
        var ef = Assert.Throws<ArgumentException>(() => Blas.Rotmg(1f, fd2, fx1, fy1));
        Assert.Equal("d2", ef.ParamName);
        Assert.Contains("cancelling d1·x1²", ef.Message);
        Assert.DoesNotContain("outweighing", ef.Message);
    }
}
