using System.Globalization;
using BlasNet.Providers;

namespace BlasNet;

// Level 1 plane rotations: rot and rotm validated as Axpy and Swap are; rotg and rotmg computed in managed code.
internal static partial class CheckedBlas<T>
{
    /// <summary>
    /// rotg on every provider in managed code, reference BLAS 3.10+'s algorithm: it is O(1), so nothing is gained by the
    /// call, and the libraries disagree where it matters (measured, NaN-and-infinity.md): OpenBLAS 0.3.21's drotg gave
    /// c = s = 0, r = ∞ for a = b = 1e300 and c = s = ∞ for a = 1e-200, b = 3e-200; MKL's and BLIS's (|a| + |b| scaling)
    /// gave NaN for a = b = 1e308; for (∞, 1) reference BLAS and OpenBLAS give r = ∞, MKL and BLIS NaN everywhere.
    /// </summary>
    public static GivensRotation<T> Rotg(T a, T b) => ManagedBlas<T>.Rotg(a, b);

    /// <summary>
    /// rotmg on every provider in managed code (O(1)): reference BLAS, OpenBLAS and BLIS never return for d1 or d2 = ∞
    /// (the rescaling loop), and reference BLAS loses a rescaling when both weights are rescaled (see ManagedBlas.Rotmg).
    /// BLAS's error result (H = 0, which zeroes both vectors) is an exception here, naming the argument.
    /// </summary>
    public static ModifiedGivensRotation<T> Rotmg(T d1, T d2, T x1, T y1)
    {
        if (d1 < T.Zero)
            throw new ArgumentOutOfRangeException(nameof(d1), d1, "d1 is a squared scale factor and must not be negative (reference BLAS's rotmg returns H = 0 and zero weights for it, which would zero both vectors).");
        return ManagedBlas<T>.Rotmg(d1, d2, x1, y1) ?? throw NoRotation(d1, d2, x1, y1);
    }

    /// <summary>
    /// Why Rotmg has no answer for d2 &lt; 0, in the terms its branch was taken on (the products formed as Rotmg forms them):
    /// d2·y1² outweighs d1·x1², or d1·x1² outweighs it by less than rounding, 1 − h12·h21 rounding to 0 (the message used
    /// to claim the first in the second case, e.g. d1·x1² = 0.49216730388437 "outweighed" by d2·y1² = −0.49216730388436997).
    /// </summary>
    private static ArgumentException NoRotation(T d1, T d2, T x1, T y1)
    {
        T q1 = d1 * x1 * x1, q2 = d2 * y1 * y1;
        // Every number in the invariant culture (the message reads the same on every machine), so both branches are whole
        // invariant-culture strings: an interpolated part built first would take the current culture's decimal comma.
        string message = T.Abs(q1) > T.Abs(q2)
            ? string.Create(CultureInfo.InvariantCulture, $"d2 = {d2} < 0 with d2·y1² = {q2} cancelling d1·x1² = {q1} to within rounding (1 − h12·h21 rounds to ≤ 0, so the rescaled weights would be unbounded; reference BLAS's rotmg returns H = 0 and zero weights, which would zero both vectors).")
            : string.Create(CultureInfo.InvariantCulture, $"d2 = {d2} < 0 with d2·y1² = {q2} outweighing d1·x1² = {q1}: no modified rotation keeps the weights non-negative (reference BLAS's rotmg returns H = 0 and zero weights, which would zero both vectors).");
        return new ArgumentException(message, nameof(d2));
    }

    public static void Rot(int n, Span<T> x, int incX, Span<T> y, int incY, T c, T s)
    {
        if (!Pairs(n, ref x, incX, ref y, incY)) return;
        // Every provider computes c·x + s·y as written (c = 0 or s = 0 keeps 0·NaN = NaN): measured on OpenBLAS, MKL, BLIS
        // and reference BLAS, n = 1, 5, 33, so nothing is special-cased.
        if (IsDouble) B.Rot(n, D(x), incX, D(y), incY, D(c), D(s)); else B.Rot(n, F(x), incX, F(y), incY, F(c), F(s));
    }

    public static void Rotm(int n, Span<T> x, int incX, Span<T> y, int incY, ReadOnlySpan<T> param)
    {
        if (param.Length < 5)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"param holds {param.Length} elements; rotm's param is [flag, h11, h21, h12, h22], 5 elements."), nameof(param));
        T flag = param[0];
        if (!(flag == T.NegativeOne || flag == T.Zero || flag == T.One || flag == T.CreateTruncating(-2)))
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"param[0] (the flag) is {flag}; rotm's flag is −2 (identity), −1 (full H), 0 (unit diagonal) or 1 ([h11 1; −1 h22])."), nameof(param));
        if (!Pairs(n, ref x, incX, ref y, incY)) return;
        // Flag −2 is the identity by definition: x and y untouched (NaN payloads and signed zeros too), on every provider.
        if (flag == T.CreateTruncating(-2)) return;
        // A private copy: param may be a slice of x or y, which the library writes while it may still read param.
        Span<T> h = stackalloc T[5];
        param[..5].CopyTo(h);
        if (IsDouble) B.Rotm(n, D(x), incX, D(y), incY, D((ReadOnlySpan<T>)h)); else B.Rotm(n, F(x), incX, F(y), incY, F((ReadOnlySpan<T>)h));
    }

    public static void Rotm(int n, Span<T> x, int incX, Span<T> y, int incY, ModifiedGivensRotation<T> rotation)
    {
        ArgumentNullException.ThrowIfNull(rotation);
        Span<T> param = stackalloc T[5];
        param[0] = T.CreateTruncating((int)rotation.Form);
        param[1] = rotation.H11; param[2] = rotation.H21; param[3] = rotation.H12; param[4] = rotation.H22;
        Rotm(n, x, incX, y, incY, param);
    }

    /// <summary>
    /// Axpy's and Swap's rules for two vectors both written: n ≥ 0, increments ≥ 1, spans long enough, trimmed to the
    /// extent; no element shared, not even x and y the very same vector (each pair would be rotated with itself, and the
    /// result would depend on the order of the two writes). False: nothing to do.
    /// </summary>
    private static bool Pairs(int n, ref Span<T> x, int incX, ref Span<T> y, int incY)
    {
        Check.NonNegative(n, nameof(n)); Check.Increment(incX, nameof(incX)); Check.Increment(incY, nameof(incY));
        Check.Vector(x.Length, n, incX, nameof(x)); Check.Vector(y.Length, n, incY, nameof(y));
        if (n == 0) return false;
        x = x[..VectorSpan(n, incX)]; y = y[..VectorSpan(n, incY)];
        Check.NoOverlap(x, incX, n, y, incY, n, nameof(x), nameof(y));
        return true;
    }
}
