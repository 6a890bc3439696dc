// Level 1 plane rotations: rotg and rotmg return immutable records; rot and rotm apply a rotation to two vectors.
using System.Numerics;

namespace BlasNet;

public static partial class Blas
{
    /// <summary>
    /// The Givens rotation that zeroes b: <c>[c s; −s c]·[a; b] = [r; 0]</c>, c² + s² = 1 (BLAS drotg), as a record instead
    /// of in/out arguments. Computed in managed code on every provider with reference BLAS 3.10+'s safely scaled algorithm
    /// (Anderson, Algorithm 978), bit for bit reference BLAS's result: no overflow or underflow for any finite a, b.
    /// b = 0 gives c = 1, s = 0, r = a, z = 0; a = 0 (b ≠ 0) gives c = 0, s = 1, r = b, z = 1; a NaN elsewhere makes c, s, r
    /// and z NaN; an infinite a or b gives r = ±∞ and NaN for ∞/∞ (a = ∞, b = 1: c = NaN, s = 0), as reference BLAS.
    /// </summary>
    public static GivensRotation<double> Rotg(double a, double b) => CheckedBlas<double>.Rotg(a, b);
    /// <inheritdoc cref="Rotg(double, double)"/>
    public static GivensRotation<float> Rotg(float a, float b) => CheckedBlas<float>.Rotg(a, b);

    /// <summary>
    /// The modified Givens rotation H for the weighted pair (√d1·x1, √d2·y1) (BLAS drotmg): <c>H·[x1; y1] = [X1; 0]</c>
    /// with the new weights D1, D2, as a record that <see cref="Rotm(double[], double[], ModifiedGivensRotation{double})"/>
    /// takes directly. Computed in managed code on every provider from reference BLAS's algorithm (rescaled by 4096 to keep
    /// the weights in [2⁻²⁴, 2²⁴]), except where the reference goes wrong: a second rescaling no longer discards the first,
    /// and an infinite weight is left unrescaled instead of looping forever. y1 = 0 or d2 = 0 gives the identity.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">d1 is negative.</exception>
    /// <exception cref="ArgumentException">d2 &lt; 0 and d2·y1² outweighs d1·x1² (no rotation keeps the weights non-negative), or cancels it to within rounding (1 − h12·h21 rounds to 0). Reference BLAS returns H = 0 for these. A NaN among d1, d2, x1 and y1 does not by itself cause this exception: it propagates into H and the weights.</exception>
    public static ModifiedGivensRotation<double> Rotmg(double d1, double d2, double x1, double y1) => CheckedBlas<double>.Rotmg(d1, d2, x1, y1);
    /// <inheritdoc cref="Rotmg(double, double, double, double)"/>
    public static ModifiedGivensRotation<float> Rotmg(float d1, float d2, float x1, float y1) => CheckedBlas<float>.Rotmg(d1, d2, x1, y1);

    /// <summary>
    /// Applies the plane rotation <c>[c s; −s c]</c> to n strided pairs: <c>xᵢ ← c·xᵢ + s·yᵢ</c>, <c>yᵢ ← c·yᵢ − s·xᵢ</c>,
    /// every product computed (c = 0 or s = 0 still gives 0·NaN = NaN), on every provider. x and y must not share an element
    /// (strided vectors interleaved in one buffer are accepted).
    /// </summary>
    /// <exception cref="ArgumentException">A span is too short for n and its increment, or x and y share an element.</exception>
    /// <exception cref="ArgumentOutOfRangeException">n is negative or an increment is below 1.</exception>
    public static void Rot(int n, Span<double> x, int incX, Span<double> y, int incY, double c, double s) => CheckedBlas<double>.Rot(n, x, incX, y, incY, c, s);
    /// <summary>Applies <c>[c s; −s c]</c> to the pairs (xᵢ, yᵢ); x and y must have the same length.</summary>
    public static void Rot(Span<double> x, Span<double> y, double c, double s) { Check.SameLength(x.Length, y.Length, nameof(x), nameof(y)); CheckedBlas<double>.Rot(x.Length, x, 1, y, 1, c, s); }
    /// <summary>Applies <c>[c s; −s c]</c> to the pairs (xᵢ, yᵢ); x and y must have the same length.</summary>
    public static void Rot(double[] x, double[] y, double c, double s) => Rot((Span<double>)NotNull(x, nameof(x)), NotNull(y, nameof(y)), c, s);
    /// <summary>Applies a rotation from <see cref="Rotg(double, double)"/> (its C and S) to the pairs (xᵢ, yᵢ); x and y must have the same length.</summary>
    public static void Rot(double[] x, double[] y, GivensRotation<double> rotation) { ArgumentNullException.ThrowIfNull(rotation); Rot(x, y, rotation.C, rotation.S); }

    /// <summary>
    /// Applies the plane rotation <c>[c s; −s c]</c> to n strided float pairs: <c>xᵢ ← c·xᵢ + s·yᵢ</c>, <c>yᵢ ← c·yᵢ − s·xᵢ</c>,
    /// every product computed (c = 0 or s = 0 still gives 0·NaN = NaN), on every provider. x and y must not share an element.
    /// </summary>
    /// <exception cref="ArgumentException">A span is too short for n and its increment, or x and y share an element.</exception>
    /// <exception cref="ArgumentOutOfRangeException">n is negative or an increment is below 1.</exception>
    public static void Rot(int n, Span<float> x, int incX, Span<float> y, int incY, float c, float s) => CheckedBlas<float>.Rot(n, x, incX, y, incY, c, s);
    /// <summary>Applies <c>[c s; −s c]</c> to the pairs (xᵢ, yᵢ); x and y must have the same length.</summary>
    public static void Rot(Span<float> x, Span<float> y, float c, float s) { Check.SameLength(x.Length, y.Length, nameof(x), nameof(y)); CheckedBlas<float>.Rot(x.Length, x, 1, y, 1, c, s); }
    /// <summary>Applies <c>[c s; −s c]</c> to the pairs (xᵢ, yᵢ); x and y must have the same length.</summary>
    public static void Rot(float[] x, float[] y, float c, float s) => Rot((Span<float>)NotNull(x, nameof(x)), NotNull(y, nameof(y)), c, s);
    /// <summary>Applies a rotation from <see cref="Rotg(float, float)"/> (its C and S) to the pairs (xᵢ, yᵢ); x and y must have the same length.</summary>
    public static void Rot(float[] x, float[] y, GivensRotation<float> rotation) { ArgumentNullException.ThrowIfNull(rotation); Rot(x, y, rotation.C, rotation.S); }

    /// <summary>
    /// Applies the modified rotation from <see cref="Rotmg(double, double, double, double)"/> to n strided pairs:
    /// <c>[xᵢ; yᵢ] ← H·[xᵢ; yᵢ]</c>, every product computed; <see cref="ModifiedRotationForm.Identity"/> leaves x and y
    /// untouched (NaN and signed zeros included), as BLAS defines flag −2. x and y must not share an element.
    /// </summary>
    /// <exception cref="ArgumentException">A span is too short for n and its increment, or x and y share an element.</exception>
    /// <exception cref="ArgumentOutOfRangeException">n is negative or an increment is below 1.</exception>
    public static void Rotm(int n, Span<double> x, int incX, Span<double> y, int incY, ModifiedGivensRotation<double> rotation) => CheckedBlas<double>.Rotm(n, x, incX, y, incY, rotation);
    /// <summary>
    /// Applies the modified rotation held in BLAS's param array <c>[flag, h11, h21, h12, h22]</c> (drotm, for code translated
    /// from BLAS): flag −2 identity (x, y untouched), −1 full H, 0 <c>[1 h12; h21 1]</c>, 1 <c>[h11 1; −1 h22]</c>.
    /// </summary>
    /// <exception cref="ArgumentException">param has fewer than 5 elements or a flag other than −2, −1, 0, 1 (reference BLAS would take any other value for 1); or as the other overload.</exception>
    public static void Rotm(int n, Span<double> x, int incX, Span<double> y, int incY, ReadOnlySpan<double> param) => CheckedBlas<double>.Rotm(n, x, incX, y, incY, param);
    /// <summary>Applies a modified rotation to the pairs (xᵢ, yᵢ); x and y must have the same length.</summary>
    public static void Rotm(Span<double> x, Span<double> y, ModifiedGivensRotation<double> rotation) { Check.SameLength(x.Length, y.Length, nameof(x), nameof(y)); CheckedBlas<double>.Rotm(x.Length, x, 1, y, 1, rotation); }
    /// <summary>Applies a modified rotation to the pairs (xᵢ, yᵢ); x and y must have the same length.</summary>
    public static void Rotm(double[] x, double[] y, ModifiedGivensRotation<double> rotation) => Rotm((Span<double>)NotNull(x, nameof(x)), NotNull(y, nameof(y)), rotation);

    /// <summary>
    /// Applies the modified rotation from <see cref="Rotmg(float, float, float, float)"/> to n strided float pairs:
    /// <c>[xᵢ; yᵢ] ← H·[xᵢ; yᵢ]</c>, every product computed; <see cref="ModifiedRotationForm.Identity"/> leaves x and y
    /// untouched. x and y must not share an element.
    /// </summary>
    /// <exception cref="ArgumentException">A span is too short for n and its increment, or x and y share an element.</exception>
    /// <exception cref="ArgumentOutOfRangeException">n is negative or an increment is below 1.</exception>
    public static void Rotm(int n, Span<float> x, int incX, Span<float> y, int incY, ModifiedGivensRotation<float> rotation) => CheckedBlas<float>.Rotm(n, x, incX, y, incY, rotation);
    /// <summary>
    /// Applies the modified rotation held in BLAS's param array <c>[flag, h11, h21, h12, h22]</c> (srotm, for code translated
    /// from BLAS) to n strided float pairs: flag −2 identity (x, y untouched), −1 full H, 0 <c>[1 h12; h21 1]</c>, 1 <c>[h11 1; −1 h22]</c>.
    /// </summary>
    /// <exception cref="ArgumentException">param has fewer than 5 elements or a flag other than −2, −1, 0, 1; a span is too short for n and its increment, or x and y share an element.</exception>
    /// <exception cref="ArgumentOutOfRangeException">n is negative or an increment is below 1.</exception>
    public static void Rotm(int n, Span<float> x, int incX, Span<float> y, int incY, ReadOnlySpan<float> param) => CheckedBlas<float>.Rotm(n, x, incX, y, incY, param);
    /// <summary>Applies a modified rotation to the pairs (xᵢ, yᵢ); x and y must have the same length.</summary>
    public static void Rotm(Span<float> x, Span<float> y, ModifiedGivensRotation<float> rotation) { Check.SameLength(x.Length, y.Length, nameof(x), nameof(y)); CheckedBlas<float>.Rotm(x.Length, x, 1, y, 1, rotation); }
    /// <summary>Applies a modified rotation to the pairs (xᵢ, yᵢ); x and y must have the same length.</summary>
    public static void Rotm(float[] x, float[] y, ModifiedGivensRotation<float> rotation) => Rotm((Span<float>)NotNull(x, nameof(x)), NotNull(y, nameof(y)), rotation);

    // ---- generic forms ----

    /// <inheritdoc cref="Rotg(double, double)"/>
    /// <typeparam name="T">float or double: the one generic path to the same validated routines as the typed overloads; any other T (Half) throws <see cref="NotSupportedException"/>.</typeparam>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static GivensRotation<T> Rotg<T>(T a, T b) where T : unmanaged, IFloatingPointIeee754<T>
        { Require<T>(); return CheckedBlas<T>.Rotg(a, b); }

    /// <inheritdoc cref="Rotmg(double, double, double, double)"/>
    /// <typeparam name="T">float or double: the one generic path to the same validated routines as the typed overloads; any other T (Half) throws <see cref="NotSupportedException"/>.</typeparam>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static ModifiedGivensRotation<T> Rotmg<T>(T d1, T d2, T x1, T y1) where T : unmanaged, IFloatingPointIeee754<T>
        { Require<T>(); return CheckedBlas<T>.Rotmg(d1, d2, x1, y1); }

    /// <inheritdoc cref="Rot(int, Span{double}, int, Span{double}, int, double, double)"/>
    /// <typeparam name="T">float or double: the one generic path to the same validated routines as the typed overloads; any other T (Half) throws <see cref="NotSupportedException"/>.</typeparam>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void Rot<T>(int n, Span<T> x, int incX, Span<T> y, int incY, T c, T s) where T : unmanaged, IFloatingPointIeee754<T>
        { Require<T>(); CheckedBlas<T>.Rot(n, x, incX, y, incY, c, s); }

    /// <inheritdoc cref="Rotm(int, Span{double}, int, Span{double}, int, ModifiedGivensRotation{double})"/>
    /// <typeparam name="T">float or double: the one generic path to the same validated routines as the typed overloads; any other T (Half) throws <see cref="NotSupportedException"/>.</typeparam>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void Rotm<T>(int n, Span<T> x, int incX, Span<T> y, int incY, ModifiedGivensRotation<T> rotation) where T : unmanaged, IFloatingPointIeee754<T>
        { Require<T>(); CheckedBlas<T>.Rotm(n, x, incX, y, incY, rotation); }

    /// <inheritdoc cref="Rotm(int, Span{double}, int, Span{double}, int, ReadOnlySpan{double})"/>
    /// <typeparam name="T">float or double: the one generic path to the same validated routines as the typed overloads; any other T (Half) throws <see cref="NotSupportedException"/>.</typeparam>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void Rotm<T>(int n, Span<T> x, int incX, Span<T> y, int incY, ReadOnlySpan<T> param) where T : unmanaged, IFloatingPointIeee754<T>
        { Require<T>(); CheckedBlas<T>.Rotm(n, x, incX, y, incY, param); }
}
