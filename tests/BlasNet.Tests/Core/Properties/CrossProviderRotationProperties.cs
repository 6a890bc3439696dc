using System.Numerics;
using static BlasNet.Tests.Core.Properties.IeeeReference;

namespace BlasNet.Tests.Core.Properties;

/// <summary>
/// Property-based cross-provider checks for rot and rotm (NaN-and-infinity.md's rows): random n, increments and NaN/∞
/// placements in x and y, c and s (or H's entries) drawn from 0, ±1, random values, NaN and ±∞; every element must be the
/// definition computed as written (0·NaN = 0·∞ = NaN kept), flag −2 must leave x and y as they were, and the stride gaps
/// must stay untouched. Expected values from <see cref="NaiveBlas"/> in double.
/// </summary>
public class CrossProviderRotationProperties
{
    [Fact] public void Rot_Double() => PropertyRunner.Check(Rot<double>);
    [Fact] public void Rot_Float() => PropertyRunner.Check(Rot<float>);
    [Fact] public void Rotm_Double() => PropertyRunner.Check(Rotm<double>);
    [Fact] public void Rotm_Float() => PropertyRunner.Check(Rotm<float>);

    private static double Entry(Draw d, Random rng) =>
        d.Int(0, 7) == 7 ? Special(rng) : d.Pick(0.0, 1.0, -1.0, 0.6, Math.Round(4 * rng.NextDouble() - 2, 3));

    private static void Rot<T>(Draw d) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = d.Size(1, 70), incX = d.Int(1, 3), incY = d.Int(1, 3);
        var rng = d.Data();
        double eps = Epsilon<T>();
        var xt = To<T>(Vector(d, rng, n, incX, OutputGap, d.Specials()));
        var yt = To<T>(Vector(d, rng, n, incY, OutputGap, d.Specials()));
        double[] x = Back(xt), y = Back(yt);
        T c = T.CreateTruncating(Entry(d, rng)), s = T.CreateTruncating(Entry(d, rng));
        string at = $"n={n} incX={incX} incY={incY} c={c} s={s} x=[{string.Join(", ", x)}] y=[{string.Join(", ", y)}]";
        double[] ex = (double[])x.Clone(), ey = (double[])y.Clone();
        var (bx, by) = NaiveBlas.Rot(n, ex, incX, ey, incY, double.CreateTruncating(c), double.CreateTruncating(s));
        Blas.Rot(n, xt.AsSpan(), incX, yt.AsSpan(), incY, c, s);
        for (int i = 0; i < n; i++)
        {
            Element(ex[i * incX], double.CreateTruncating(xt[i * incX]), bx[i * incX], 2, eps, $"rot x element {i} {at}");
            Element(ey[i * incY], double.CreateTruncating(yt[i * incY]), by[i * incY], 2, eps, $"rot y element {i} {at}");
        }
        Untouched(x, Back(xt), i => !InVector(i, n, incX), $"rot x gaps {at}");
        Untouched(y, Back(yt), i => !InVector(i, n, incY), $"rot y gaps {at}");
    }

    private static void Rotm<T>(Draw d) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = d.Size(1, 70), incX = d.Int(1, 3), incY = d.Int(1, 3);
        var rng = d.Data();
        double eps = Epsilon<T>();
        var xt = To<T>(Vector(d, rng, n, incX, OutputGap, d.Specials()));
        var yt = To<T>(Vector(d, rng, n, incY, OutputGap, d.Specials()));
        double[] x = Back(xt), y = Back(yt);
        double[] p = [d.Pick(-2.0, -1.0, 0.0, 1.0), Entry(d, rng), Entry(d, rng), Entry(d, rng), Entry(d, rng)];
        var param = To<T>(p);
        p = Back(param);
        string at = $"n={n} incX={incX} incY={incY} param=[{string.Join(", ", p)}] x=[{string.Join(", ", x)}] y=[{string.Join(", ", y)}]";
        double[] ex = (double[])x.Clone(), ey = (double[])y.Clone();
        var (bx, by) = NaiveBlas.Rotm(n, ex, incX, ey, incY, p);
        Blas.Rotm(n, xt.AsSpan(), incX, yt.AsSpan(), incY, (ReadOnlySpan<T>)param);
        for (int i = 0; i < n; i++)
        {
            Element(ex[i * incX], double.CreateTruncating(xt[i * incX]), bx[i * incX], 2, eps, $"rotm x element {i} {at}");
            Element(ey[i * incY], double.CreateTruncating(yt[i * incY]), by[i * incY], 2, eps, $"rotm y element {i} {at}");
        }
        if (p[0] == -2)
        {
            Untouched(x, Back(xt), _ => true, $"rotm identity x {at}");
            Untouched(y, Back(yt), _ => true, $"rotm identity y {at}");
        }
        Untouched(x, Back(xt), i => !InVector(i, n, incX), $"rotm x gaps {at}");
        Untouched(y, Back(yt), i => !InVector(i, n, incY), $"rotm y gaps {at}");
    }
}
