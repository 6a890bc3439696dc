using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using BlasNet.Providers;

namespace BlasNet.Benchmarks;

/// <summary>
/// The list form's products rebuilt one piece at a time, for <see cref="BatchedQuick"/>'s <c>parts:*</c> forms (session 46,
/// batch51; brought to session 50's snapshot in session 51, tidy54): where a list product's time goes beyond a strided product's
/// at 16×16. Every level runs the list's own matrices (the same arrays, the same heap layout) on the <see cref="SmallGemm"/>
/// kernel through <see cref="GemmBatchRunner.Run"/> (the runner both batch forms use, same chunks and threads), and adds one
/// piece of <c>MatrixGemmBatch.Compute</c> to the level before:
/// <see cref="Level.Pointers"/> — the three storages' addresses taken (pinned) before the timed call, read from one array of
/// pointers: the strided product's work on the list's memory; <see cref="Level.Fixed"/> — each product reads its three array
/// references from three arrays and pins them (<c>fixed</c>); <see cref="Level.Snapshot"/> — the three matrices read from one
/// snapshot of the lists laid out as <c>MatrixGemmBatch</c>'s (A's at i, B's at count + i, C's at 2·count + i; session 50,
/// list53), each product's storages, shapes, leading dimensions and flags read from its matrices; <see cref="Level.Checks"/> —
/// and the product's tests as <c>Compute</c> makes them (empty, k = 0 or α = 0, the request rule, non-finite α/β,
/// <see cref="SmallGemm.Applies"/>, the C-transposed swap), with the next product's requests where the rule makes them
/// (<see cref="SmallGemm.SpreadsRequests"/>: 64×64, never at 16×16).
/// Not here: the snapshot's slots cleared after each product (these products run many times on one snapshot, as the
/// benchmarks' <c>KeepSnapshot</c> batches do; <c>list:clear-in-release</c> times the clearing), and the paths a small batch
/// never takes (k = 0, α = 0, non-finite scalars, products past the kernel), which throw here. The library's own products
/// are <c>list:products</c> (a validated batch, kept). Until session 51 a <c>parts:record</c> level read one 48-byte record per
/// product (<c>MatrixGemmBatch</c>'s <c>Operands</c>, replaced by the snapshot in session 50) and <c>parts:request</c> requested
/// the next product's A and B whole at 4–16 KB (the library's from session 22 to 45): neither exists in the library now; their
/// figures stay in bench/RESULTS.md ("Session 46, batch51").
/// Timing only: the products are the list form's (the same kernel call on the same operands); not a library path.
/// </summary>
internal sealed unsafe class ListProductParts<T> : IGemmBatch, IDisposable where T : unmanaged, IFloatingPointIeee754<T>
{
    public enum Level { Pointers, Fixed, Snapshot, Checks }

    private readonly Level level;
    private readonly int count;
    private readonly T alpha, beta;
    private readonly nint[] pointers; // A, B, C of product i at 3i, 3i+1, 3i+2
    private readonly GCHandle[] pins;
    private readonly T[][] a, b, c;
    private readonly Matrix<T>[] snapshot; // A's matrices at 0…count−1, B's at count…2·count−1, C's at 2·count…3·count−1

    /// <summary>Every product's size (square, row-major, as the benchmark's list): the two first levels take it from here, not from the matrices.</summary>
    private readonly int size;

    public ListProductParts(Level level, int n, T alpha, Matrix<T>[] am, Matrix<T>[] bm, T beta, Matrix<T>[] cm)
    {
        this.level = level; size = n; this.alpha = alpha; this.beta = beta; count = cm.Length;
        a = [.. am.Select(m => m.Storage)]; b = [.. bm.Select(m => m.Storage)]; c = [.. cm.Select(m => m.Storage)];
        snapshot = [.. am, .. bm, .. cm];
        pins = level == Level.Pointers ? new GCHandle[3 * count] : [];
        pointers = new nint[level == Level.Pointers ? 3 * count : 0];
        for (int i = 0; i < pins.Length; i++)
        {
            var array = (i % 3) switch { 0 => a[i / 3], 1 => b[i / 3], _ => c[i / 3] };
            pins[i] = GCHandle.Alloc(array, GCHandleType.Pinned);
            pointers[i] = pins[i].AddrOfPinnedObject();
        }
    }

    /// <summary>The products on the runner, as both batch forms run theirs (all small, so spread over the provider's threads).</summary>
    public void Run()
    {
        long work = (long)size * size * size;
        GemmBatchRunner.Run(this, count, work, work * count, managedProducts: true);
    }

    public void Product(int index)
    {
        switch (level)
        {
            case Level.Pointers:
                {
                    var x = (T*)pointers[3 * index]; var y = (T*)pointers[3 * index + 1]; var z = (T*)pointers[3 * index + 2];
                    SmallGemm.Run(Transpose.None, Transpose.None, size, size, size, alpha, x, size, y, size, beta, z, size);
                    return;
                }
            case Level.Fixed:
                fixed (T* x = a[index], y = b[index], z = c[index])
                    SmallGemm.Run(Transpose.None, Transpose.None, size, size, size, alpha, x, size, y, size, beta, z, size);
                return;
            case Level.Snapshot:
                {
                    var s = snapshot;
                    Matrix<T> x = s[index], y = s[count + index], z = s[2 * count + index];
                    fixed (T* px = x.Storage, py = y.Storage, pz = z.Storage)
                        SmallGemm.Run(Op(x.IsTransposed), Op(y.IsTransposed), z.StorageRows, z.StorageColumns, x.Columns, alpha, px, x.LeadingDimension, py, y.LeadingDimension, beta, pz, z.StorageColumns);
                    return;
                }
            default:
                Checked(index);
                return;
        }
    }

    private static Transpose Op(bool transposed) => transposed ? Transpose.Transposed : Transpose.None;

    /// <summary><c>MatrixGemmBatch.Compute</c>'s tests on the snapshot, the next product's requests where its rule makes them, then the kernel.</summary>
    private void Checked(int index)
    {
        int mode = GemmBatchRunner.PrefetchMode;
        bool hasNext = index + 1 < count;
        var s = snapshot;
        Matrix<T> x = s[index], y = s[count + index], z = s[2 * count + index];
        int m = z.StorageRows, n = z.StorageColumns, k = x.Columns;
        if (m == 0 || n == 0) return;
        if (k == 0 || alpha == T.Zero) throw new InvalidOperationException("parts: no k = 0 or α = 0 products here");
        bool spread = false;
        UpcomingProduct upcoming = default;
        if (mode == GemmBatchRunner.PrefetchRule && hasNext && SmallGemm.SpreadsRequests<T>(m, n, k))
        {
            upcoming = Upcoming(s[index + 1], s[count + index + 1], s[2 * count + index + 1]);
            spread = true;
        }
        if (z.IsTransposed)
            Gemm(Op(!y.IsTransposed), Op(!x.IsTransposed), m, n, k, y.Storage, y.LeadingDimension, x.Storage, x.LeadingDimension, z.Storage, spread, in upcoming);
        else
            Gemm(Op(x.IsTransposed), Op(y.IsTransposed), m, n, k, x.Storage, x.LeadingDimension, y.Storage, y.LeadingDimension, z.Storage, spread, in upcoming);
    }

    /// <summary>The next product's three whole arrays, as <c>MatrixGemmBatch.Upcoming</c> describes them (here no slot is ever cleared).</summary>
    private static UpcomingProduct Upcoming(Matrix<T> a, Matrix<T> b, Matrix<T> c)
    {
        T[] x = a.Storage, y = b.Storage, z = c.Storage;
        return new UpcomingProduct(Address(x), 1, x.Length, x.Length, Address(y), 1, y.Length, y.Length, Address(z), 1, z.Length, z.Length, sizeof(T));
    }

    private static void* Address(T[] array) => Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));

    private void Gemm(Transpose transA, Transpose transB, int m, int n, int k, T[] x, int ldx, T[] y, int ldy, T[] z, bool prefetching, in UpcomingProduct upcoming)
    {
        if (NonFiniteScalars<T>.Applies(alpha, beta)) throw new InvalidOperationException("parts: finite α and β only");
        if (!SmallGemm.Applies<T>(m, n, k)) throw new InvalidOperationException("parts: small products only");
        fixed (T* px = x, py = y, pz = z)
            if (prefetching)
                SmallGemm.RunPrefetching(transA, transB, m, n, k, alpha, px, ldx, py, ldy, beta, pz, n, upcoming);
            else
                SmallGemm.Run(transA, transB, m, n, k, alpha, px, ldx, py, ldy, beta, pz, n);
    }

    public void Dispose()
    {
        foreach (var pin in pins) pin.Free();
    }
}
