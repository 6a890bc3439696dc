using System.Buffers;
using System.Runtime.InteropServices;

namespace BlasNet;

/// <summary>
/// Scratch of <c>double</c> that starts on a 64-byte boundary and stays put for the duration of one call: an array rented
/// from <see cref="ArrayPool{T}.Shared"/>, pinned, sliced at its first 64-byte boundary, and returned on <see cref="Dispose"/>.
/// For the per-call copies a solve hands to LAPACK (MKL without <c>MKL_CBWR</c> and OpenBLAS's Prescott kernels round by
/// where the data lie, see <see cref="AlignedBuffer{T}"/>). Not an <see cref="AlignedBuffer{T}"/> per call: that lives on
/// the pinned object heap, reclaimed only by full collections, and made a 100×100 triangular solve several times slower
/// (bench/RESULTS.md, Session 46, lapack51 and align51). Never return <see cref="Span"/> or anything over it to a caller:
/// the memory goes back to the pool.
/// </summary>
internal ref struct AlignedScratch
{
    private readonly double[] array;
    private GCHandle handle;

    /// <summary>Rents and pins room for <paramref name="length"/> elements (contents unspecified: copy in before use).</summary>
    public AlignedScratch(int length)
    {
        int slack = AlignedBuffer<double>.Alignment / sizeof(double);
        array = ArrayPool<double>.Shared.Rent(length + slack);
        handle = GCHandle.Alloc(array, GCHandleType.Pinned);
        Span = array.AsSpan(AlignedBuffer<double>.ElementsToBoundary(handle.AddrOfPinnedObject(), sizeof(double)), length);
    }

    /// <summary>The scratch: the first element lies on a 64-byte boundary until <see cref="Dispose"/>.</summary>
    public Span<double> Span { get; }

    /// <summary>Unpins the array and returns it to the pool.</summary>
    public void Dispose()
    {
        if (!handle.IsAllocated) return;
        handle.Free();
        ArrayPool<double>.Shared.Return(array);
    }
}
