using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace BlasNet.Providers;

/// <summary>
/// A per-thread, grow-only, pinned and 64-byte aligned scratch area for packed GEMM panels: after the
/// first call of a given size a GEMM allocates nothing, and the aligned start keeps every packed
/// micro-panel on cache-line boundaries.
/// </summary>
internal sealed unsafe class GemmPackBuffer<T> where T : unmanaged
{
    private const int Alignment = 64;

    [ThreadStatic] private static GemmPackBuffer<T>? forA;
    [ThreadStatic] private static GemmPackBuffer<T>? forB;

    private T[]? storage;
    private T* start;
    private int capacity;

    /// <summary>This thread's buffer for packed op(A) blocks, at least <paramref name="length"/> elements.</summary>
    public static T* ForA(int length) => (forA ??= new()).Ensure(length);

    /// <summary>This thread's buffer for packed op(B) blocks, at least <paramref name="length"/> elements.</summary>
    public static T* ForB(int length) => (forB ??= new()).Ensure(length);

    private T* Ensure(int length)
    {
        if (length <= capacity) return start;
        // Pinned (POH) so the pointer stays valid for the buffer's lifetime; the slack absorbs alignment.
        storage = GC.AllocateUninitializedArray<T>(length + Alignment / sizeof(T), pinned: true);
        nint address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(storage));
        start = (T*)((address + Alignment - 1) & ~(nint)(Alignment - 1));
        capacity = length;
        return start;
    }
}
