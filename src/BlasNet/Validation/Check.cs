using System.Globalization;
using System.Runtime.CompilerServices;

namespace BlasNet;

/// <summary>
/// Argument checks shared by every safe entry point: each throws an <see cref="ArgumentException"/>
/// (or <see cref="ArgumentOutOfRangeException"/>) that names the argument and the sizes involved,
/// before any native code can see the arguments.
/// </summary>
internal static partial class Check
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void NonNegative(int value, string name)
    {
        if (value < 0) ThrowNegative(value, name);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Increment(int inc, string name)
    {
        if (inc <= 0) ThrowIncrement(inc, name);
    }

    /// <summary>
    /// A strided vector of n elements with increment inc needs 1 + (n − 1)·inc elements. <paramref name="count"/> names the
    /// size argument the length comes from, as the caller wrote it: GEMV's y has m elements, not n, and a message that
    /// said "n = 3" for a call with n = 4 sent the reader to the wrong argument.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Vector(int length, int n, int inc, string name, string count = "n")
    {
        if (n > 0 && length < 1 + (long)(n - 1) * inc) ThrowVector(length, n, inc, name, count);
    }

    /// <summary>
    /// A row-major rows×cols matrix with leading dimension ld: ld ≥ max(1, cols), and the buffer
    /// holds (rows − 1)·ld + cols elements (the last row need not be padded).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Matrix(int length, int rows, int cols, int ld, string name, string ldName)
    {
        if (ld < Math.Max(1, cols)) ThrowLeading(ld, cols, ldName, name);
        if (rows > 0 && cols > 0 && length < (long)(rows - 1) * ld + cols) ThrowMatrix(length, rows, cols, ld, name);
    }

    /// <summary>
    /// GEMM's shape checks, shared by every row-major GEMM entry: the transpose flags, m, n, k ≥ 0, and
    /// op(A) m×k, op(B) k×n, C m×n fitting their buffers (by length) with their leading dimensions.
    /// Returns the stored shapes of A and B.
    /// </summary>
    public static (int ARows, int ACols, int BRows, int BCols) GemmShapes(Transpose transA, Transpose transB, int m, int n, int k,
        int aLength, int lda, int bLength, int ldb, int cLength, int ldc)
    {
        Flag(transA, nameof(transA)); Flag(transB, nameof(transB));
        NonNegative(m, nameof(m)); NonNegative(n, nameof(n)); NonNegative(k, nameof(k));
        bool ta = transA == Transpose.Transposed, tb = transB == Transpose.Transposed;
        int aRows = ta ? k : m, aCols = ta ? m : k, bRows = tb ? n : k, bCols = tb ? k : n;
        Matrix(aLength, aRows, aCols, lda, "a", nameof(lda));
        Matrix(bLength, bRows, bCols, ldb, "b", nameof(ldb));
        Matrix(cLength, m, n, ldc, "c", nameof(ldc));
        return (aRows, aCols, bRows, bCols);
    }

    /// <summary>Column-major (LAPACK) rows×cols with leading dimension ld ≥ max(1, rows).</summary>
    public static void ColumnMajor(int length, int rows, int cols, int ld, string name, string ldName)
    {
        if (ld < Math.Max(1, rows)) ThrowLeading(ld, rows, ldName, name, columnMajor: true);
        if (rows > 0 && cols > 0 && length < (long)(cols - 1) * ld + rows) ThrowColumnMajor(length, rows, cols, ld, name);
    }

    public static void Length(int actual, int required, string name, string what)
    {
        if (actual < required)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{name} has length {actual} but {what} needs at least {required} elements."), name);
    }

    public static void SameLength(int a, int b, string nameA, string nameB)
    {
        if (a != b)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{nameA} (length {a}) and {nameB} (length {b}) must have the same length."), nameB);
    }

    /// <summary>An output that partially or wholly overlaps an input BLAS reads while writing it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void NoOverlap<T>(ReadOnlySpan<T> input, Span<T> output, string inputName, string outputName)
    {
        if (!input.IsEmpty && !output.IsEmpty && input.Overlaps(output, out int offset))
            ThrowOverlap(inputName, outputName, input.Length, output.Length, offset);
    }

    /// <summary>
    /// Two strided vectors (nIn elements with increment incIn, nOut with incOut) that share an element, the output being written while
    /// the input is read. Their spans may interleave without sharing one: x on the even and y on the odd elements of one
    /// buffer (real and imaginary parts) is a valid BLAS call, which the span test alone rejected as an overlap.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void NoOverlap<T>(ReadOnlySpan<T> input, int incIn, int nIn, Span<T> output, int incOut, int nOut, string inputName, string outputName)
    {
        if (!input.IsEmpty && !output.IsEmpty && input.Overlaps(output, out int offset) && ShareAnElement(offset, incIn, nIn, incOut, nOut))
            ThrowOverlap(inputName, outputName, nIn, incIn, nOut, incOut, offset);
    }

    /// <summary>
    /// Whether offset + j·incOut equals i·incIn for some i in [0, nIn), j in [0, nOut): O(log inc), only when the spans overlap.
    /// A walk over the output's elements (one 64-bit division each) took twice as long as the Axpy it guarded on x and y
    /// interleaved in one buffer, and 6 s for 10⁹ elements; the linear Diophantine equation i·incIn − j·incOut = offset
    /// is solved instead, for its solution with the smallest i ≥ 0 and j ≥ 0 (both grow together along the solutions).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool ShareAnElement(int offset, int incIn, int nIn, int incOut, int nOut)
    {
        long g = Gcd(incIn, incOut);
        if (offset % g != 0) return false;
        long a = incIn / g, b = incOut / g, o = offset / g;
        // i·a ≡ o (mod b): the smallest i ≥ 0 is (o mod b)·a⁻¹ mod b (a and b coprime).
        long i = b == 1 ? 0 : Mod(Mod(o, b) * InverseModulo(a % b, b), b);
        long j = (i * a - o) / b; // exact; the next solutions are (i + k·b, j + k·a)
        if (j < 0)
        {
            long k = (-j + a - 1) / a;
            i += k * b;
            j += k * a;
        }
        return i < nIn && j < nOut;
    }

    private static long Gcd(long a, long b)
    {
        while (b != 0) (a, b) = (b, a % b);
        return a;
    }

    private static long Mod(long v, long m) => ((v % m) + m) % m;

    /// <summary>a⁻¹ mod m for coprime a and m (m ≥ 2), by the extended Euclidean algorithm.</summary>
    private static long InverseModulo(long a, long m)
    {
        long r0 = m, r1 = a, t0 = 0, t1 = 1;
        while (r1 != 0)
        {
            long q = r0 / r1;
            (r0, r1) = (r1, r0 - q * r1);
            (t0, t1) = (t1, t0 - q * t1);
        }
        return Mod(t0, m);
    }

    /// <summary>
    /// A dense rows×cols result (a new <see cref="Matrix{T}"/>) fits one array: rows·cols ≤ <see cref="Array.MaxLength"/>.
    /// Checked before allocating, so that the exception names the caller's own argument (the larger
    /// dimension) and not Matrix's own rows or columns.
    /// </summary>
    public static void DenseResult(int rows, int cols, string rowsName, string colsName)
    {
        long size = (long)rows * cols;
        if (size > Array.MaxLength)
        {
            string name = cols >= rows ? colsName : rowsName;
            throw new ArgumentOutOfRangeException(name, name == colsName ? cols : rows, string.Create(CultureInfo.InvariantCulture,
                $"{rowsName} = {rows} and {colsName} = {cols}: the dense {rows}×{cols} result would have {size} elements, more than an array holds ({Array.MaxLength})."));
        }
    }

    public static void Square(int rows, int cols, string name)
    {
        if (rows != cols) throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{name} must be square but is {rows}×{cols}."), name);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Shape(string name, int rows, int cols, int expectedRows, int expectedCols, string why)
    {
        if (rows != expectedRows || cols != expectedCols) ThrowShape(name, rows, cols, expectedRows, expectedCols, why);
    }

    // Flags are checked because a value outside the enum (a cast integer) would otherwise be read
    // one way by the size checks and another way by the provider, letting native code run past a buffer.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Flag(Transpose value, string name)
    {
        if ((uint)value > (uint)BlasNet.Transpose.Transposed) ThrowFlag(value, name);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Flag(Triangle value, string name)
    {
        if ((uint)value > (uint)Triangle.Lower) ThrowFlag(value, name);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Flag(Diagonal value, string name)
    {
        if ((uint)value > (uint)Diagonal.Unit) ThrowFlag(value, name);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Flag(Side value, string name)
    {
        if ((uint)value > (uint)Side.Right) ThrowFlag(value, name);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowFlag<TEnum>(TEnum value, string name) where TEnum : struct, Enum =>
        throw new ArgumentOutOfRangeException(name, value, string.Create(CultureInfo.InvariantCulture, $"{name} = {Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture)} is not a {typeof(TEnum).Name} value (use {string.Join(" or ", Enum.GetNames<TEnum>().Select(n => typeof(TEnum).Name + "." + n))})."));

    // The throws live apart so that the inlined checks leave no string formatting (and no large
    // zeroed stack frame) in their callers, which matters on tiny products (the tensor GEMM path).
    // Numbers that can be negative are formatted in the invariant culture: the current culture writes −1 with U+2212
    // under sv-SE or nb-NO, so the same mistake would read differently from machine to machine.
    // The overlap messages give the sizes and the offset: a user passing views of one buffer needs to see where they met.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowOverlap(string inputName, string outputName, int inputLength, int outputLength, int offset) =>
        ThrowOverlap(inputName, outputName, string.Create(CultureInfo.InvariantCulture,
            $"{outputName} ({outputLength} elements) starts {offset} elements from the start of {inputName} ({inputLength} elements)"));

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowOverlap(string inputName, string outputName, int nIn, int incIn, int nOut, int incOut, int offset) =>
        ThrowOverlap(inputName, outputName, string.Create(CultureInfo.InvariantCulture,
            $"{inputName}: n = {nIn}, increment {incIn}; {outputName}: n = {nOut}, increment {incOut}, starting {offset} elements from {inputName}'s start"));

    private static void ThrowOverlap(string inputName, string outputName, string where) =>
        throw new ArgumentException($"{outputName} overlaps {inputName} in memory ({where}); BLAS forbids writing an operand it is still reading. Use separate buffers.", outputName);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowShape(string name, int rows, int cols, int expectedRows, int expectedCols, string why) =>
        throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{name} is {rows}×{cols} but must be {expectedRows}×{expectedCols} ({why})."), name);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowNegative(int value, string name) =>
        throw new ArgumentOutOfRangeException(name, value, string.Create(CultureInfo.InvariantCulture, $"{name} must be ≥ 0 but is {value}."));

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowIncrement(int inc, string name) =>
        throw new ArgumentOutOfRangeException(name, inc, string.Create(CultureInfo.InvariantCulture, $"{name} must be ≥ 1 but is {inc} (BlasNet takes positive increments only)."));

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowVector(int length, int n, int inc, string name, string count) =>
        throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{name} has length {length} but {count} = {n} with increment {inc} needs at least {1 + (long)(n - 1) * inc} elements."), name);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowLeading(int ld, int extent, string ldName, string name, bool columnMajor = false) =>
        throw new ArgumentOutOfRangeException(ldName, ld, string.Create(CultureInfo.InvariantCulture, $"{ldName} = {ld} must be ≥ max(1, {extent}) ({(columnMajor ? "the rows" : "the columns")} of {name} as stored)."));

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowMatrix(int length, int rows, int cols, int ld, string name) =>
        throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{name} has length {length} but a row-major {rows}×{cols} matrix with leading dimension {ld} needs at least {(long)(rows - 1) * ld + cols} elements."), name);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowColumnMajor(int length, int rows, int cols, int ld, string name) =>
        throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{name} has length {length} but a column-major {rows}×{cols} matrix with leading dimension {ld} needs at least {(long)(cols - 1) * ld + rows} elements."), name);
}
