// Public BLAS overloads: one-line forwards to CheckedBlas<T> / MatrixBlas<T>, once per element type.
namespace BlasNet;

/// <summary>
/// Validated BLAS on the provider in <see cref="BlasProvider.Current"/>. Level 1: vector operations (axpy, dot, nrm2, asum, iamax, scal, copy, swap). Every overload
/// checks sizes, strides and leading dimensions before any native code runs and throws an
/// <see cref="ArgumentException"/> naming the argument and the sizes. Row-major throughout.
/// </summary>
public static partial class Blas
{
    /// <summary><c>y ← αx + y</c> over n strided elements. α = 0 is the reference BLAS quick return: y is left as it is, NaN or ∞ in x notwithstanding.</summary>
    /// <exception cref="ArgumentException">A span is too short for n and its increment, or x and y share an element without being the same vector (strided x and y interleaved in one buffer share none and are accepted).</exception>
    /// <exception cref="ArgumentOutOfRangeException">n is negative or an increment is below 1.</exception>
    public static void Axpy(int n, double alpha, ReadOnlySpan<double> x, int incX, Span<double> y, int incY) => CheckedBlas<double>.Axpy(n, alpha, x, incX, y, incY);
    /// <summary><c>y ← αx + y</c>; x and y must have the same length.</summary>
    public static void Axpy(double alpha, ReadOnlySpan<double> x, Span<double> y) { Check.SameLength(x.Length, y.Length, nameof(x), nameof(y)); CheckedBlas<double>.Axpy(x.Length, alpha, x, 1, y, 1); }
    /// <summary><c>y ← αx + y</c>; x and y must have the same length.</summary>
    public static void Axpy(double alpha, double[] x, double[] y) => Axpy(alpha, (ReadOnlySpan<double>)NotNull(x, nameof(x)), NotNull(y, nameof(y)));

    /// <summary>Dot product <c>Σ xᵢyᵢ</c> over n strided elements (0 when n = 0).</summary>
    public static double Dot(int n, ReadOnlySpan<double> x, int incX, ReadOnlySpan<double> y, int incY) => CheckedBlas<double>.Dot(n, x, incX, y, incY);
    /// <summary>Dot product of two vectors of the same length.</summary>
    public static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y) { Check.SameLength(x.Length, y.Length, nameof(x), nameof(y)); return CheckedBlas<double>.Dot(x.Length, x, 1, y, 1); }
    /// <summary>Dot product of two arrays of the same length.</summary>
    public static double Dot(double[] x, double[] y) => Dot((ReadOnlySpan<double>)NotNull(x, nameof(x)), NotNull(y, nameof(y)));

    /// <summary>Euclidean norm <c>‖x‖₂</c> over n strided elements, without overflow of the squares: NaN if any xᵢ is NaN, else +∞ if any is ±∞.</summary>
    public static double Nrm2(int n, ReadOnlySpan<double> x, int incX) => CheckedBlas<double>.Nrm2(n, x, incX);
    /// <summary>Euclidean norm <c>‖x‖₂</c>.</summary>
    public static double Nrm2(ReadOnlySpan<double> x) => CheckedBlas<double>.Nrm2(x.Length, x, 1);
    /// <summary>Euclidean norm <c>‖x‖₂</c>.</summary>
    public static double Nrm2(double[] x) => Nrm2((ReadOnlySpan<double>)NotNull(x, nameof(x)));

    /// <summary>Sum of absolute values <c>Σ|xᵢ|</c> over n strided elements.</summary>
    public static double Asum(int n, ReadOnlySpan<double> x, int incX) => CheckedBlas<double>.Asum(n, x, incX);
    /// <summary>Sum of absolute values <c>Σ|xᵢ|</c>.</summary>
    public static double Asum(ReadOnlySpan<double> x) => CheckedBlas<double>.Asum(x.Length, x, 1);
    /// <summary>Sum of absolute values <c>Σ|xᵢ|</c>.</summary>
    public static double Asum(double[] x) => Asum((ReadOnlySpan<double>)NotNull(x, nameof(x)));

    /// <summary>Zero-based index (in elements of the strided vector) of the first NaN if x holds one, else of the first largest <c>|xᵢ|</c> (±∞ counting as largest); −1 when n = 0. The same on every provider.</summary>
    public static int Iamax(int n, ReadOnlySpan<double> x, int incX) => CheckedBlas<double>.Iamax(n, x, incX);
    /// <summary>Zero-based index of the first NaN if there is one, else of the first largest <c>|xᵢ|</c>; −1 for an empty vector.</summary>
    public static int Iamax(ReadOnlySpan<double> x) => CheckedBlas<double>.Iamax(x.Length, x, 1);
    /// <summary>Zero-based index of the first NaN if there is one, else of the first largest <c>|xᵢ|</c>; −1 for an empty array.</summary>
    public static int Iamax(double[] x) => Iamax((ReadOnlySpan<double>)NotNull(x, nameof(x)));

    /// <summary><c>x ← αx</c> over n strided elements, IEEE products for every α: α = 0 turns NaN and ±∞ into NaN (never silently into 0), on every provider.</summary>
    public static void Scal(int n, double alpha, Span<double> x, int incX) => CheckedBlas<double>.Scal(n, alpha, x, incX);
    /// <summary><c>x ← αx</c>, IEEE products (α = 0: 0·NaN = 0·∞ = NaN).</summary>
    public static void Scal(double alpha, Span<double> x) => CheckedBlas<double>.Scal(x.Length, alpha, x, 1);
    /// <summary><c>x ← αx</c>, IEEE products (α = 0: 0·NaN = 0·∞ = NaN).</summary>
    public static void Scal(double alpha, double[] x) => Scal(alpha, (Span<double>)NotNull(x, nameof(x)));

    /// <summary><c>y ← x</c> over n strided elements. x and y may be the very same vector (same start, same increment), as in reference BLAS: nothing is done; otherwise they must not share an element (strided vectors interleaved in one buffer, x on the even and y on the odd elements, are accepted).</summary>
    /// <exception cref="ArgumentException">A span is too short for n and its increment, or x and y share an element without being the same vector.</exception>
    public static void Copy(int n, ReadOnlySpan<double> x, int incX, Span<double> y, int incY) => CheckedBlas<double>.Copy(n, x, incX, y, incY);
    /// <summary><c>y ← x</c>; same length; y the same span as x is a no-op, any other overlap is refused.</summary>
    public static void Copy(ReadOnlySpan<double> x, Span<double> y) { Check.SameLength(x.Length, y.Length, nameof(x), nameof(y)); CheckedBlas<double>.Copy(x.Length, x, 1, y, 1); }
    /// <summary><c>y ← x</c>; same length; the same array twice is a no-op.</summary>
    public static void Copy(double[] x, double[] y) => Copy((ReadOnlySpan<double>)NotNull(x, nameof(x)), NotNull(y, nameof(y)));

    /// <summary><c>x ↔ y</c> over n strided elements. x and y may be the very same vector (same start, same increment), as in reference BLAS: the vector is left unchanged; otherwise they must not share an element (strided vectors interleaved in one buffer, x on the even and y on the odd elements, are accepted).</summary>
    /// <exception cref="ArgumentException">A span is too short for n and its increment, or x and y share an element without being the same vector.</exception>
    public static void Swap(int n, Span<double> x, int incX, Span<double> y, int incY) => CheckedBlas<double>.Swap(n, x, incX, y, incY);
    /// <summary><c>x ↔ y</c>; same length; y the same span as x leaves it unchanged, any other overlap is refused.</summary>
    public static void Swap(Span<double> x, Span<double> y) { Check.SameLength(x.Length, y.Length, nameof(x), nameof(y)); CheckedBlas<double>.Swap(x.Length, x, 1, y, 1); }
    /// <summary><c>x ↔ y</c>; same length; the same array twice is left unchanged.</summary>
    public static void Swap(double[] x, double[] y) => Swap((Span<double>)NotNull(x, nameof(x)), NotNull(y, nameof(y)));

    /// <summary><c>y ← αx + y</c> over n strided elements. α = 0 is the reference BLAS quick return: y is left as it is, NaN or ∞ in x notwithstanding.</summary>
    /// <exception cref="ArgumentException">A span is too short for n and its increment, or x and y share an element without being the same vector (strided x and y interleaved in one buffer share none and are accepted).</exception>
    /// <exception cref="ArgumentOutOfRangeException">n is negative or an increment is below 1.</exception>
    public static void Axpy(int n, float alpha, ReadOnlySpan<float> x, int incX, Span<float> y, int incY) => CheckedBlas<float>.Axpy(n, alpha, x, incX, y, incY);
    /// <summary><c>y ← αx + y</c>; x and y must have the same length.</summary>
    public static void Axpy(float alpha, ReadOnlySpan<float> x, Span<float> y) { Check.SameLength(x.Length, y.Length, nameof(x), nameof(y)); CheckedBlas<float>.Axpy(x.Length, alpha, x, 1, y, 1); }
    /// <summary><c>y ← αx + y</c>; x and y must have the same length.</summary>
    public static void Axpy(float alpha, float[] x, float[] y) => Axpy(alpha, (ReadOnlySpan<float>)NotNull(x, nameof(x)), NotNull(y, nameof(y)));

    /// <summary>Dot product <c>Σ xᵢyᵢ</c> over n strided elements (0 when n = 0). The float sum is OpenBLAS's or MKL's sdot/sasum as built, whose float lanes drift with n (10⁷ × 0.1f: 998 501 for 1 000 000 from OpenBLAS's sasum; 4·10⁶ × 0.1f·1: 394 050 for 400 000 from MKL's sdot); on the other providers it is accumulated in double (BLIS's and reference BLAS's one float running sum gave 1 087 937). For an accurate float sum on any provider, widen to double first.</summary>
    public static float Dot(int n, ReadOnlySpan<float> x, int incX, ReadOnlySpan<float> y, int incY) => CheckedBlas<float>.Dot(n, x, incX, y, incY);
    /// <summary>Dot product of two vectors of the same length.</summary>
    public static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y) { Check.SameLength(x.Length, y.Length, nameof(x), nameof(y)); return CheckedBlas<float>.Dot(x.Length, x, 1, y, 1); }
    /// <summary>Dot product of two arrays of the same length.</summary>
    public static float Dot(float[] x, float[] y) => Dot((ReadOnlySpan<float>)NotNull(x, nameof(x)), NotNull(y, nameof(y)));

    /// <summary>Euclidean norm <c>‖x‖₂</c> over n strided elements, without overflow of the squares: NaN if any xᵢ is NaN, else +∞ if any is ±∞. The squares are summed in double on every provider (in managed code), so a long vector keeps float accuracy.</summary>
    public static float Nrm2(int n, ReadOnlySpan<float> x, int incX) => CheckedBlas<float>.Nrm2(n, x, incX);
    /// <summary>Euclidean norm <c>‖x‖₂</c>.</summary>
    public static float Nrm2(ReadOnlySpan<float> x) => CheckedBlas<float>.Nrm2(x.Length, x, 1);
    /// <summary>Euclidean norm <c>‖x‖₂</c>.</summary>
    public static float Nrm2(float[] x) => Nrm2((ReadOnlySpan<float>)NotNull(x, nameof(x)));

    /// <summary>Sum of absolute values <c>Σ|xᵢ|</c> over n strided elements. The float sum is OpenBLAS's or MKL's sdot/sasum as built, whose float lanes drift with n (10⁷ × 0.1f: 998 501 for 1 000 000 from OpenBLAS's sasum; 4·10⁶ × 0.1f·1: 394 050 for 400 000 from MKL's sdot); on the other providers it is accumulated in double (BLIS's and reference BLAS's one float running sum gave 1 087 937). For an accurate float sum on any provider, widen to double first.</summary>
    public static float Asum(int n, ReadOnlySpan<float> x, int incX) => CheckedBlas<float>.Asum(n, x, incX);
    /// <summary>Sum of absolute values <c>Σ|xᵢ|</c>.</summary>
    public static float Asum(ReadOnlySpan<float> x) => CheckedBlas<float>.Asum(x.Length, x, 1);
    /// <summary>Sum of absolute values <c>Σ|xᵢ|</c>.</summary>
    public static float Asum(float[] x) => Asum((ReadOnlySpan<float>)NotNull(x, nameof(x)));

    /// <summary>Zero-based index (in elements of the strided vector) of the first NaN if x holds one, else of the first largest <c>|xᵢ|</c> (±∞ counting as largest); −1 when n = 0. The same on every provider.</summary>
    public static int Iamax(int n, ReadOnlySpan<float> x, int incX) => CheckedBlas<float>.Iamax(n, x, incX);
    /// <summary>Zero-based index of the first NaN if there is one, else of the first largest <c>|xᵢ|</c>; −1 for an empty vector.</summary>
    public static int Iamax(ReadOnlySpan<float> x) => CheckedBlas<float>.Iamax(x.Length, x, 1);
    /// <summary>Zero-based index of the first NaN if there is one, else of the first largest <c>|xᵢ|</c>; −1 for an empty array.</summary>
    public static int Iamax(float[] x) => Iamax((ReadOnlySpan<float>)NotNull(x, nameof(x)));

    /// <summary><c>x ← αx</c> over n strided elements, IEEE products for every α: α = 0 turns NaN and ±∞ into NaN (never silently into 0), on every provider.</summary>
    public static void Scal(int n, float alpha, Span<float> x, int incX) => CheckedBlas<float>.Scal(n, alpha, x, incX);
    /// <summary><c>x ← αx</c>, IEEE products (α = 0: 0·NaN = 0·∞ = NaN).</summary>
    public static void Scal(float alpha, Span<float> x) => CheckedBlas<float>.Scal(x.Length, alpha, x, 1);
    /// <summary><c>x ← αx</c>, IEEE products (α = 0: 0·NaN = 0·∞ = NaN).</summary>
    public static void Scal(float alpha, float[] x) => Scal(alpha, (Span<float>)NotNull(x, nameof(x)));

    /// <summary><c>y ← x</c> over n strided elements. x and y may be the very same vector (same start, same increment), as in reference BLAS: nothing is done; otherwise they must not share an element (strided vectors interleaved in one buffer, x on the even and y on the odd elements, are accepted).</summary>
    /// <exception cref="ArgumentException">A span is too short for n and its increment, or x and y share an element without being the same vector.</exception>
    public static void Copy(int n, ReadOnlySpan<float> x, int incX, Span<float> y, int incY) => CheckedBlas<float>.Copy(n, x, incX, y, incY);
    /// <summary><c>y ← x</c>; same length; y the same span as x is a no-op, any other overlap is refused.</summary>
    public static void Copy(ReadOnlySpan<float> x, Span<float> y) { Check.SameLength(x.Length, y.Length, nameof(x), nameof(y)); CheckedBlas<float>.Copy(x.Length, x, 1, y, 1); }
    /// <summary><c>y ← x</c>; same length; the same array twice is a no-op.</summary>
    public static void Copy(float[] x, float[] y) => Copy((ReadOnlySpan<float>)NotNull(x, nameof(x)), NotNull(y, nameof(y)));

    /// <summary><c>x ↔ y</c> over n strided elements. x and y may be the very same vector (same start, same increment), as in reference BLAS: the vector is left unchanged; otherwise they must not share an element (strided vectors interleaved in one buffer, x on the even and y on the odd elements, are accepted).</summary>
    /// <exception cref="ArgumentException">A span is too short for n and its increment, or x and y share an element without being the same vector.</exception>
    public static void Swap(int n, Span<float> x, int incX, Span<float> y, int incY) => CheckedBlas<float>.Swap(n, x, incX, y, incY);
    /// <summary><c>x ↔ y</c>; same length; y the same span as x leaves it unchanged, any other overlap is refused.</summary>
    public static void Swap(Span<float> x, Span<float> y) { Check.SameLength(x.Length, y.Length, nameof(x), nameof(y)); CheckedBlas<float>.Swap(x.Length, x, 1, y, 1); }
    /// <summary><c>x ↔ y</c>; same length; the same array twice is left unchanged.</summary>
    public static void Swap(float[] x, float[] y) => Swap((Span<float>)NotNull(x, nameof(x)), NotNull(y, nameof(y)));

    private static T[] NotNull<T>(T[]? array, string name) => array ?? throw new ArgumentNullException(name);
}
