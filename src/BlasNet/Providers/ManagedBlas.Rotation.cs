using System.Numerics;

namespace BlasNet.Providers;

// Level 1 plane rotations in managed code. Rotg and Rotmg run here on every provider (see CheckedBlas.Rotation);
// Rot and Rotm are the managed provider's kernels and the fallback for a library that does not export them.
internal static partial class ManagedBlas<T>
{
    /// <summary>
    /// (xᵢ, yᵢ) ← (h11·xᵢ + h12·yᵢ, h21·xᵢ + h22·yᵢ), each product computed (0·NaN = NaN) and summed as written, never fused.
    /// One kernel serves rot (H = [c s; −s c]: −s·x + c·y rounds exactly as c·y − s·x) and every rotm form (an implied
    /// 1 or −1 times x is x or −x exactly, so writing the implied entries out changes no bit).
    /// </summary>
    public static void Rotate(int n, Span<T> x, int incX, Span<T> y, int incY, T h11, T h12, T h21, T h22)
    {
        int i = 0;
        if (incX == 1 && incY == 1 && Vector.IsHardwareAccelerated && n >= Vector<T>.Count)
        {
            Vector<T> a = new(h11), b = new(h12), c = new(h21), d = new(h22);
            for (; i <= n - Vector<T>.Count; i += Vector<T>.Count)
            {
                var vx = new Vector<T>(x[i..]);
                var vy = new Vector<T>(y[i..]);
                (a * vx + b * vy).CopyTo(x[i..]);
                (c * vx + d * vy).CopyTo(y[i..]);
            }
        }
        for (; i < n; i++)
        {
            T xi = x[i * incX], yi = y[i * incY];
            x[i * incX] = h11 * xi + h12 * yi;
            y[i * incY] = h21 * xi + h22 * yi;
        }
    }

    public static void Rot(int n, Span<T> x, int incX, Span<T> y, int incY, T c, T s) => Rotate(n, x, incX, y, incY, c, s, -s, c);

    /// <summary>rotm: param = [flag, h11, h21, h12, h22], flag −2 identity (nothing done), −1 full, 0 unit diagonal, 1 [h11 1; −1 h22].</summary>
    public static void Rotm(int n, Span<T> x, int incX, Span<T> y, int incY, ReadOnlySpan<T> param)
    {
        var (form, h11, h21, h12, h22) = Matrix(param);
        if (form == ModifiedRotationForm.Identity) return;
        Rotate(n, x, incX, y, incY, h11, h12, h21, h22);
    }

    /// <summary>The whole H of a (validated) param array, the implied entries written out.</summary>
    public static (ModifiedRotationForm Form, T H11, T H21, T H12, T H22) Matrix(ReadOnlySpan<T> param)
    {
        T flag = param[0];
        if (flag == T.CreateTruncating(-2)) return (ModifiedRotationForm.Identity, T.One, T.Zero, T.Zero, T.One);
        if (flag == T.NegativeOne) return (ModifiedRotationForm.Full, param[1], param[2], param[3], param[4]);
        if (flag == T.Zero) return (ModifiedRotationForm.UnitDiagonal, T.One, param[2], param[3], T.One);
        return (ModifiedRotationForm.SkewOffDiagonal, param[1], T.NegativeOne, T.One, param[4]);
    }

    /// <summary>
    /// Reference BLAS 3.10+'s rotg (drotg.f90/srotg.f90, the safe scaling of Anderson, "Algorithm 978", TOMS 2017), operation
    /// for operation, so the result is reference BLAS's bit for bit: r = ±scl·√((a/scl)² + (b/scl)²) with scl the larger
    /// magnitude clamped to [safmin, safmax], which neither overflows nor underflows (the older |a| + |b| scaling of MKL
    /// and BLIS overflowed at a = b = 1e308, OpenBLAS 0.3.21's unscaled sum already at 1e300 and underflowed at 1e-200).
    /// One departure: when a and b are both subnormal, c, s and z are those of a and b scaled into the normal range.
    /// </summary>
    public static GivensRotation<T> Rotg(T a, T b)
    {
        bool isDouble = typeof(T) == typeof(double);
        // Fortran's radix**max(minexponent − 1, 1 − maxexponent) and radix**max(1 − minexponent, maxexponent − 1).
        T safmin = T.ScaleB(T.One, isDouble ? -1022 : -126), safmax = T.ScaleB(T.One, isDouble ? 1023 : 127);
        T anorm = T.Abs(a), bnorm = T.Abs(b);
        if (bnorm == T.Zero) return new(T.One, T.Zero, a, T.Zero);
        if (anorm == T.Zero) return new(T.Zero, T.One, b, T.One);
        if (T.Max(anorm, bnorm) < safmin)
        {
            // Both subnormal: the reference's c = a/r then divides two numbers of a few bits each (a = b = 1e-320 gave
            // c = 0.70719776 for 0.70710678). c, s and z do not change with the scale, so they come from a and b scaled
            // by a power of two into the normal range (exact); only r is scaled back, rounding once.
            int shift = isDouble ? 64 : 32;
            var scaled = Rotg(T.ScaleB(a, shift), T.ScaleB(b, shift));
            return new(scaled.C, scaled.S, T.ScaleB(scaled.R, -shift), scaled.Z);
        }
        T scl = T.Min(safmax, T.Max(safmin, T.Max(anorm, bnorm)));
        T sigma = anorm > bnorm ? T.CopySign(T.One, a) : T.CopySign(T.One, b);
        T sa = a / scl, sb = b / scl;
        T r = sigma * (scl * T.Sqrt(sa * sa + sb * sb));
        T c = a / r, s = b / r;
        T z = anorm > bnorm ? s : c != T.Zero ? T.One / c : T.One;
        return new(c, s, r, z);
    }

    /// <summary>
    /// Reference BLAS's rotmg (drotmg.f/srotmg.f: Hopkins's rescaling by γ = 4096), with two differences, both where the
    /// reference goes wrong: (1) when d1 and then d2 are rescaled, the reference turns an already full H "full" again,
    /// resetting h21 = −1, h12 = 1 and losing the first rescaling (d1 = 1e-10, d2 = 1e10, x1 = y1 = 1: h12 = 1 where
    /// H·[x1; y1] = [x1'; 0] needs 4096; OpenBLAS, MKL and BLIS keep 4096, as here); (2) the rescaling loops stop at an
    /// infinite weight, which no power of γ brings into range (reference BLAS, OpenBLAS and BLIS loop forever for
    /// d1 or d2 = ∞). Returns null where the reference returns its error result (H = 0 and d1 = d2 = x1 = 0, which
    /// would zero both vectors): d1 &lt; 0, or a rotation that would make a weight negative; the caller throws instead.
    /// A third difference: a NaN d1 or x1 with d2 &lt; 0 gives NaN (as with d2 ≥ 0), where the reference gives its error result.
    /// </summary>
    public static ModifiedGivensRotation<T>? Rotmg(T d1, T d2, T x1, T y1)
    {
        T gam = T.CreateTruncating(4096), gamsq = gam * gam;
        // The reference's decimal constant 5.9604645e-8 (not exactly 2⁻²⁴), so the rescaling starts where it does there.
        T rgamsq = typeof(T) == typeof(double) ? T.CreateTruncating(5.9604645e-8) : T.CreateTruncating(5.9604645e-8f);
        if (d1 < T.Zero) return null;
        T p2 = d2 * y1;
        if (p2 == T.Zero) return new(ModifiedRotationForm.Identity, T.One, T.Zero, T.Zero, T.One, d1, d2, x1);
        T p1 = d1 * x1, q2 = p2 * y1, q1 = p1 * x1;
        T h11, h12, h21, h22;
        ModifiedRotationForm form;
        if (T.Abs(q1) > T.Abs(q2))
        {
            h21 = -y1 / x1;
            h12 = p2 / p1;
            T u = T.One - h12 * h21;
            if (!(u > T.Zero)) return null; // only with d2 < 0, where rounding makes 1 − h12·h21 ≤ 0 (the reference's "safety" path)
            form = ModifiedRotationForm.UnitDiagonal;
            h11 = T.One; h22 = T.One;
            d1 /= u; d2 /= u; x1 *= u;
        }
        else
        {
            // d2 < 0 outweighing d1·x1²: the reference's error result. Not for a NaN d1 or x1 (q1 NaN): no comparison with it
            // is true, so the reference lands here with any d2 < 0, but nothing outweighs a NaN; it propagates as for d2 ≥ 0.
            if (q2 < T.Zero && !T.IsNaN(q1)) return null;
            form = ModifiedRotationForm.SkewOffDiagonal;
            h11 = p1 / p2;
            h22 = x1 / y1;
            h12 = T.One; h21 = T.NegativeOne;
            T u = T.One + h11 * h22;
            T temp = d2 / u;
            d2 = d1 / u;
            d1 = temp;
            x1 = y1 * u;
        }
        // H already holds its implied entries, so turning it "full" changes only the form.
        if (d1 != T.Zero)
        {
            while (T.IsFinite(d1) && (d1 <= rgamsq || d1 >= gamsq))
            {
                form = ModifiedRotationForm.Full;
                if (d1 <= rgamsq) { d1 *= gamsq; x1 /= gam; h11 /= gam; h12 /= gam; }
                else { d1 /= gamsq; x1 *= gam; h11 *= gam; h12 *= gam; }
            }
        }
        if (d2 != T.Zero)
        {
            while (T.IsFinite(d2) && (T.Abs(d2) <= rgamsq || T.Abs(d2) >= gamsq))
            {
                form = ModifiedRotationForm.Full;
                if (T.Abs(d2) <= rgamsq) { d2 *= gamsq; h21 /= gam; h22 /= gam; }
                else { d2 /= gamsq; h21 *= gam; h22 *= gam; }
            }
        }
        return new(form, h11, h21, h12, h22, d1, d2, x1);
    }
}
