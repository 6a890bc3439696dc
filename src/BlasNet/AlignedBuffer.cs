using System.Globalization;
using System.Runtime.CompilerServices;

namespace BlasNet;

/// <summary>
/// A zeroed buffer of <typeparamref name="T"/> that starts on a 64-byte boundary and never moves, for work handed to a
/// native BLAS or LAPACK again and again. Some providers choose their kernels, or peel their loops, by where the data lies:
/// OpenBLAS 0.3.21's Prescott kernels (what it runs on a CPU it does not recognize) peel ddot and dgemv to a 16-byte
/// boundary, so its dgeqp3 rounds differently for a Jacobian 8 bytes further on; MKL picks kernels by alignment unless
/// <c>MKL_CBWR=COMPATIBLE</c>. A .NET array is only 8-byte aligned and the garbage collector moves it, so the same
/// computation on an ordinary array can give other bits from one run to the next. The library's own work buffers (a
/// least-squares fit's QR of the Jacobian, LAPACK's workspace) are these buffers; a caller can use them for its own
/// operands to get the same bits run after run (see the README's section on reproducibility).
/// </summary>
/// <remarks>
/// Allocated on the pinned object heap (<see cref="GC.AllocateArray{T}(int, bool)"/>), a little longer than asked, and
/// sliced at the first 64-byte boundary: no unmanaged memory to free, no <see cref="IDisposable"/>, and the span stays
/// aligned for the buffer's lifetime. Pinned-heap memory is reclaimed only by full collections, so keep a buffer for
/// repeated work rather than making one per call.
/// </remarks>
/// <typeparam name="T">An unmanaged element type of 1, 2, 4 or 8 bytes (e.g. <see cref="double"/>, <see cref="float"/>, <see cref="Half"/>).</typeparam>
public sealed class AlignedBuffer<T> where T : unmanaged
{
    /// <summary>The byte boundary every buffer starts on: a cache line, and a multiple of every vector width in use (AVX-512's 64 bytes).</summary>
    public static int Alignment => Boundary;

    private const int Boundary = 64;

    private readonly T[] storage;
    private readonly int start;

    /// <summary>A zeroed buffer of <paramref name="length"/> elements starting on a 64-byte boundary.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative, or too large for one array together with the alignment's slack.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/>'s size is not 1, 2, 4 or 8 bytes (no element boundary need fall on a 64-byte one).</exception>
    public unsafe AlignedBuffer(int length)
    {
        int size = Unsafe.SizeOf<T>();
        if (size is not (1 or 2 or 4 or 8))
            throw new NotSupportedException(string.Create(CultureInfo.InvariantCulture, $"AlignedBuffer<{typeof(T).Name}>: elements of {size} bytes cannot all start a 64-byte line; use a type of 1, 2, 4 or 8 bytes."));
        int slack = Boundary / size;
        if (length < 0 || length > Array.MaxLength - slack)
            throw new ArgumentOutOfRangeException(nameof(length), length, string.Create(CultureInfo.InvariantCulture, $"length must be between 0 and {Array.MaxLength - slack} (an array's limit less {slack} elements of slack to reach a 64-byte boundary)."));
        storage = GC.AllocateArray<T>(length + slack, pinned: true);
        start = ElementsToBoundary((nint)Unsafe.AsPointer(ref storage[0]), size);
        Length = length;
    }

    /// <summary>Number of elements.</summary>
    public int Length { get; }

    /// <summary>The elements; the first lies on a 64-byte boundary, and stays there (the buffer never moves).</summary>
    public Span<T> Span => storage.AsSpan(start, Length);

    // Elements of `size` bytes to skip from a pinned array's first (at `address`) to the first one on a 64-byte boundary (also
    // AlignedScratch's). Arrays are at least 8-byte aligned and the element size divides 8, so an element does start there.
    internal static int ElementsToBoundary(nint address, int size) => (int)((Boundary - (address & (Boundary - 1))) & (Boundary - 1)) / size;
}
