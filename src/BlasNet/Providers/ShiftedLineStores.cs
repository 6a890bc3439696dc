using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace BlasNet.Providers;

/// <summary>
/// Where a kernel tile's finished registers of C go (<see cref="SmallGemmKernel{T, TVec, TOps}"/>): stored in place as
/// before (<see cref="OrdinaryTileStores{TVec}"/>), or handed in memory order to <see cref="ShiftedLineStores{T, TVec}"/>.
/// </summary>
internal interface ITileStores<TVec> where TVec : unmanaged
{
    /// <summary>
    /// Whether the tiles hand their registers to <see cref="Push"/> (α·acc, β = 0) instead of storing them; a constant of the
    /// implementing struct, so the JIT folds the branch away in every tile.
    /// </summary>
    static abstract bool Streams { get; }

    /// <summary>The next register of C in memory order (only when <see cref="Streams"/>).</summary>
    void Push(TVec value);
}

/// <summary>Every register of C stored in place by the tile itself (the single call's path and every batch that does not stream).</summary>
internal struct OrdinaryTileStores<TVec> : ITileStores<TVec> where TVec : unmanaged
{
    /// <inheritdoc/>
    public static bool Streams => false;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void Push(TVec value) { }
}

/// <summary>
/// One contiguous range of C (a dense product's m·n elements, ldc = n) written from the kernel's registers as they come, in
/// memory order: each register shifted in registers onto the register-sized windows of the destination (a variable two-source
/// permute, or a rotation and a blend on 256 bits), the windows that lie in 64-byte lines wholly inside the range stored with
/// non-temporal (streaming) stores, the others — the partial lines at the range's two ends — with ordinary (masked) stores.
/// </summary>
/// <remarks>
/// Why: a β = 0 product's C is written without being read, but an ordinary store to a line not in the caches first reads the
/// line from memory (read-for-ownership), so a cold batch moves C's bytes twice; a streaming store of a whole line writes them
/// once (16×16 double: 6 KB a product instead of 8). The callers' arrays are not 64-byte aligned (a .NET array starts 16 bytes
/// into a line, then the block's own offset), so C's registers do not fall on lines; session 49 (nt52) shifted them through an
/// aligned scratch, whose copy cost as much as the streaming saved, and measured the ceiling without it (C on lines, registers
/// streamed straight from the tiles) at 4–17 % faster cold on one thread. Here the shift is done on the registers themselves.
/// The shift s (the range's element offset within a register-sized window) is known only at run time: the index vector and the
/// masks are built once per range (<see cref="Begin"/>).
/// Only whole 64-byte lines are streamed: a line written partly by a streaming store and partly by ordinary stores would be
/// flushed as a partial write and read for ownership as well. On 256 bits a line is two windows; a window is streamed only if
/// its whole line lies inside the range, so both halves of a line go the same way.
/// Streaming stores are weakly ordered: the thread that used them runs <see cref="Fence"/> before it signals that C is written.
/// </remarks>
internal unsafe struct ShiftedLineStores<T, TVec> : ITileStores<TVec>
    where T : unmanaged
    where TVec : unmanaged
{
    private const int Line = 64;

    private T* start;              // the range's first element
    private T* window;             // the next register-sized window of the destination (start − s, then one register on)
    private byte* firstLine;       // the range's whole lines: firstLine … lastLine − 1
    private byte* lastLine;
    private TVec carry;            // the previous register (rotated, on 256 bits): its last s elements begin the next window
    private TVec index;            // the permute's (512) or rotation's (256) lane indices for this shift
    private TVec low;              // lanes below s set: the tail mask (and, on 256 bits, the blend's lanes from the carry)
    private int shift;             // s: elements of the previous register in each window

    /// <summary>Whether this machine has the streaming stores and permutes of the width <typeparamref name="TVec"/>.</summary>
    public static bool IsSupported =>
        (typeof(T) == typeof(double) || typeof(T) == typeof(float))
        && (sizeof(TVec) == 64 ? Avx512F.IsSupported : sizeof(TVec) == 32 && Avx2.IsSupported);

    /// <inheritdoc/>
    public static bool Streams => true;

    private static int Width => sizeof(TVec) / sizeof(T);

    /// <summary>
    /// Starts a range of <paramref name="elements"/> (a multiple of the register width) at <paramref name="destination"/>
    /// (aligned to the element size); the range before must have been ended (<see cref="End"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Begin(T* destination, nint elements)
    {
        Debug.Assert(elements % Width == 0 && ((nint)destination & (sizeof(T) - 1)) == 0);
        start = destination;
        shift = (int)(((nint)destination & (sizeof(TVec) - 1)) / sizeof(T));
        window = destination - shift;
        firstLine = (byte*)(((nint)destination + Line - 1) & ~(nint)(Line - 1));
        lastLine = (byte*)((nint)(destination + elements) & ~(nint)(Line - 1));
        carry = default;
        int s = shift;
        if (sizeof(TVec) == 64 && typeof(T) == typeof(double))
        {
            // Lane i of a window: lane i + 8 − s of the pair (carry, value), the carry's lanes 0–7 then the value's 8–15.
            index = As(Vector512<long>.Indices + Vector512.Create(8L - s));
            low = As(Vector512.LessThan(Vector512<long>.Indices, Vector512.Create((long)s)));
        }
        else if (sizeof(TVec) == 64)
        {
            index = As(Vector512<int>.Indices + Vector512.Create(16 - s));
            low = As(Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(s)));
        }
        else if (typeof(T) == typeof(double))
        {
            // A rotation right by s doubles (2s 32-bit lanes): lane i takes the register's lane (i − s) mod 4.
            index = As((Vector256<int>.Indices - Vector256.Create(2 * s)) & Vector256.Create(7));
            low = As(Vector256.LessThan(Vector256<long>.Indices, Vector256.Create((long)s)));
        }
        else
        {
            index = As((Vector256<int>.Indices - Vector256.Create(s)) & Vector256.Create(7));
            low = As(Vector256.LessThan(Vector256<int>.Indices, Vector256.Create(s)));
        }
    }

    /// <summary>The next register of the range: completes the window it ends (or begins, when s = 0) and stores that window.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(TVec value)
    {
        TVec shifted = Shift(value);
        byte* at = (byte*)window;
        if (at >= firstLine && at < lastLine) StoreStreamed(at, shifted);
        else if (window >= start) StoreWhole(at, shifted);          // inside the range, in a line it shares with another range
        else StoreMasked(at, shifted, Not(low));                   // the first window: only its lanes from s on are the range's
        window += Width;
    }

    /// <summary>Stores the range's last s elements (the last register's tail, a partial line); nothing when s = 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void End()
    {
        if (shift != 0) StoreMasked((byte*)window, Shift(default), low);
    }

    /// <summary>
    /// Orders this thread's streaming stores before its later stores (sfence). A worker that streamed a chunk's C runs it before
    /// it signals the slab done: streaming stores are weakly ordered (outside x86's total store order), and the signal is an
    /// ordinary store (<c>Volatile.Write</c>, a plain move on x86) followed by the countdown's locked decrement, so without the
    /// fence the caller could see the signal, return, and read lines of C still in the write-combining buffers. With it every
    /// streamed line is globally visible before the signal is, and the caller's acquiring read of the signal then sees them.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Fence() => Sse.StoreFence();

    /// <summary>The window ending with <paramref name="value"/>'s first lanes: the carry's last s lanes, then value's first w − s.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private TVec Shift(TVec value)
    {
        if (sizeof(TVec) == 64)
        {
            TVec joined = typeof(T) == typeof(double)
                ? As(Avx512F.PermuteVar8x64x2(AsV512<double>(carry), AsV512<long>(index), AsV512<double>(value)))
                : As(Avx512F.PermuteVar16x32x2(AsV512<float>(carry), AsV512<int>(index), AsV512<float>(value)));
            carry = value;
            return joined;
        }
        // 256 bits: no two-source permute without AVX-512; rotate each register once (its rotation is the next window's carry)
        // and take the lanes below s from the rotated carry.
        TVec rotated = As(Avx2.PermuteVar8x32(AsV256<float>(value), AsV256<int>(index)));
        TVec window256 = As(Avx.BlendVariable(AsV256<float>(rotated), AsV256<float>(carry), AsV256<float>(low)));
        carry = rotated;
        return window256;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreStreamed(byte* at, TVec value)
    {
        if (sizeof(TVec) == 64) Avx512F.StoreAlignedNonTemporal(at, AsV512<byte>(value));
        else Avx.StoreAlignedNonTemporal(at, AsV256<byte>(value));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreWhole(byte* at, TVec value)
    {
        if (sizeof(TVec) == 64) AsV512<byte>(value).StoreAligned(at);
        else AsV256<byte>(value).StoreAligned(at);
    }

    /// <summary>The lanes of <paramref name="value"/> whose <paramref name="mask"/> lanes are set; the others' memory not touched (nor faulted).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreMasked(byte* at, TVec value, TVec mask)
    {
        if (sizeof(TVec) == 64)
        {
            if (typeof(T) == typeof(double)) Avx512F.MaskStore((double*)at, AsV512<double>(mask), AsV512<double>(value));
            else Avx512F.MaskStore((float*)at, AsV512<float>(mask), AsV512<float>(value));
        }
        else if (typeof(T) == typeof(double)) Avx.MaskStore((double*)at, AsV256<double>(mask), AsV256<double>(value));
        else Avx.MaskStore((float*)at, AsV256<float>(mask), AsV256<float>(value));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec Not(TVec mask) => sizeof(TVec) == 64 ? As(~AsV512<byte>(mask)) : As(~AsV256<byte>(mask));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec As<TFrom>(TFrom value) where TFrom : unmanaged => Unsafe.As<TFrom, TVec>(ref value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<TTo> AsV512<TTo>(TVec value) where TTo : unmanaged => Unsafe.As<TVec, Vector512<TTo>>(ref value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<TTo> AsV256<TTo>(TVec value) where TTo : unmanaged => Unsafe.As<TVec, Vector256<TTo>>(ref value);
}
