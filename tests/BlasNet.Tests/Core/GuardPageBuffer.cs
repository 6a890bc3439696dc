using System.Runtime.InteropServices;

namespace BlasNet.Tests.Core;

/// <summary>
/// Unmanaged memory whose end is the start of a PROT_NONE page: a span taken from <see cref="End{T}"/> ends exactly there,
/// so a library reading or writing one element past it kills the test process (SIGSEGV) and a regression cannot pass.
/// The guard-page tests of the triangular routines (TriangleGuardPage42Tests, TriangleVectorGuardPage46Tests) hand such
/// spans to every provider. A PROT_NONE page also comes just before the mapped bytes, so a span taken from
/// <see cref="Start{T}"/> begins exactly after a guard: a library reading before an operand's first element dies too
/// (session 47's sweep, OperandGuardSweep47). Linux only (mmap/mprotect/munmap through libc), as the whole suite.
/// </summary>
internal sealed unsafe partial class GuardPageBuffer : IDisposable
{
    private const int ProtRead = 1, ProtWrite = 2, MapPrivate = 0x02, MapAnonymous = 0x20;
    [LibraryImport("libc.so.6", EntryPoint = "mmap")] private static partial nint Mmap(nint addr, nuint length, int prot, int flags, int fd, nint offset);
    [LibraryImport("libc.so.6", EntryPoint = "mprotect")] private static partial int Mprotect(nint addr, nuint length, int prot);
    [LibraryImport("libc.so.6", EntryPoint = "munmap")] private static partial int Munmap(nint addr, nuint length);

    private readonly nint map;
    private readonly nuint mapped;
    private readonly nint guard;
    private readonly nint first;
    private readonly int bytes;

    /// <summary>Maps <paramref name="bytes"/> readable, writable bytes (rounded up to whole pages) between two PROT_NONE pages.</summary>
    public GuardPageBuffer(int bytes)
    {
        int page = Environment.SystemPageSize;
        int pages = (bytes + page - 1) / page + 1;
        this.bytes = bytes;
        mapped = (nuint)((pages + 2) * page);
        map = Mmap(0, mapped, ProtRead | ProtWrite, MapPrivate | MapAnonymous, -1, 0);
        Assert.True(map != -1, "mmap failed");
        Assert.Equal(0, Mprotect(map, (nuint)page, 0));
        first = map + page;
        guard = first + pages * page;
        Assert.Equal(0, Mprotect(guard, (nuint)page, 0));
    }

    /// <summary>The last <paramref name="length"/> elements before the guard page (at most the bytes mapped).</summary>
    public Span<T> End<T>(int length) where T : unmanaged
    {
        Assert.True(length * sizeof(T) <= bytes, $"{length} elements of {sizeof(T)} bytes exceed the {bytes} bytes mapped");
        return new Span<T>((void*)(guard - length * sizeof(T)), length);
    }

    /// <summary>The first <paramref name="length"/> elements after the leading guard page (at most the bytes mapped).</summary>
    public Span<T> Start<T>(int length) where T : unmanaged
    {
        Assert.True(length * sizeof(T) <= bytes, $"{length} elements of {sizeof(T)} bytes exceed the {bytes} bytes mapped");
        return new Span<T>((void*)first, length);
    }

    /// <inheritdoc/>
    public void Dispose() => Munmap(map, mapped);
}
