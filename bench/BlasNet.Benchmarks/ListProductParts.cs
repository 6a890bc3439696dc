using System.Numerics;
using System.Runtime.InteropServices;
using BlasNet.Providers;

namespace BlasNet.Benchmarks;

/// <summary>
/// The list form's products rebuilt one piece at a time, for <see cref="BatchedQuick"/>'s <c>parts:*</c> forms (session 46,
/// batch51): where a list product's time goes beyond a strided product's at 16×16. Every level runs the list's own matrices
/// (the same arrays, the same heap layout) on the <see cref="SmallGemm"/> kernel through <see cref="GemmBatchRunner.Run"/>
/// (the runner both batch forms use, same chunks and threads), and adds one piece of <c>MatrixGemmBatch.Compute</c> to the
/// level before:
/// <see cref="Level.Pointers"/> — the three storages' addresses taken (pinned) before the timed call, read from one array of
/// pointers: the strided product's work on the list's memory; <see cref="Level.Fixed"/> — each product reads its three array
/// references from three arrays and pins them (<c>fixed</c>); <see cref="Level.Record"/> — the references, shapes and flags read
/// from one 48-byte record per product (as <c>MatrixGemmBatch</c>'s <c>Operands</c> until session 50, list53, which replaced the records with a snapshot of the lists); <see cref="Level.Checks"/> — and the
/// product's tests (empty, k = 0 or α = 0, non-finite α/β, <see cref="SmallGemm.Applies"/>, the C-transposed swap);
/// <see cref="Level.Request"/> — and the next product's A and B requested whole when 4–16 KB, as the list form did from session 22
/// to 45 (<c>MatrixGemmBatch.RequestInputs</c>, removed in session 46 on these forms' figures; at 16×16 double only). The library's
/// <c>list:products</c> (validated records, kept) is now the <see cref="Level.Checks"/> level in the real class.
/// Timing only: the products are the list form's (the same kernel call on the same operands); not a library path.
/// </summary>
internal sealed unsafe class ListProductParts<T> : IGemmBatch, IDisposable where T : unmanaged, IFloatingPointIeee754<T>
{
    public enum Level { Pointers, Fixed, Record, Checks, Request }

    /// <summary>The fields <c>MatrixGemmBatch.Operands</c> held until session 50, in its order (48 bytes on x64).</summary>
    private struct Operands
    {
        public T[] A, B, C;
        public int M, N, K, Lda, Ldb;
        public bool ATransposed, BTransposed, CTransposed;
    }

    private readonly Level level;
    private readonly int count;
    private readonly T alpha, beta;
    private readonly nint[] pointers; // A, B, C of product i at 3i, 3i+1, 3i+2
    private readonly GCHandle[] pins;
    private readonly T[][] a, b, c;
    private readonly Operands[] records;

    public ListProductParts(Level level, int n, T alpha, Matrix<T>[] am, Matrix<T>[] bm, T beta, Matrix<T>[] cm)
    {
        this.level = level; size = n; this.alpha = alpha; this.beta = beta; count = cm.Length;
        a = [.. am.Select(m => m.Storage)]; b = [.. bm.Select(m => m.Storage)]; c = [.. cm.Select(m => m.Storage)];
        records = new Operands[count];
        for (int i = 0; i < count; i++)
            records[i] = new Operands
            {
                A = a[i], B = b[i], C = c[i], M = cm[i].StorageRows, N = cm[i].StorageColumns, K = am[i].Columns,
                Lda = am[i].LeadingDimension, Ldb = bm[i].LeadingDimension,
                ATransposed = am[i].IsTransposed, BTransposed = bm[i].IsTransposed, CTransposed = cm[i].IsTransposed,
            };
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
            case Level.Record:
                {
                    ref readonly var r = ref records[index];
                    fixed (T* x = r.A, y = r.B, z = r.C)
                        SmallGemm.Run(Op(r.ATransposed), Op(r.BTransposed), r.M, r.N, r.K, alpha, x, r.Lda, y, r.Ldb, beta, z, r.N);
                    return;
                }
            default:
                Checked(index, level == Level.Request);
                return;
        }
    }

    /// <summary>Every product's size (square, row-major, as the benchmark's list): the two first levels take it from here, not from a record.</summary>
    private readonly int size;

    private static Transpose Op(bool transposed) => transposed ? Transpose.Transposed : Transpose.None;

    /// <summary><c>MatrixGemmBatch.Compute</c>'s tests and (with <paramref name="request"/>) its whole-product request, then the kernel.</summary>
    private void Checked(int index, bool request)
    {
        ref readonly var p = ref records[index];
        if (p.M == 0 || p.N == 0) return;
        if (p.K == 0 || alpha == T.Zero) throw new InvalidOperationException("parts: no k = 0 or α = 0 products here");
        if (request && index + 1 < count)
        {
            ref readonly var next = ref records[index + 1];
            long bytes = (long)next.K * (next.M + next.N) * sizeof(T);
            if (bytes is >= LineRequests.WholeBytes and < SmallGemm.SpreadPrefetchBytes)
            {
                T[]? x = next.A, y = next.B;
                if (x is not null && y is not null)
                {
                    int rows = next.CTransposed ? next.N : next.M, cols = next.CTransposed ? next.M : next.N;
                    LineRequests.Request(System.Runtime.CompilerServices.Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(x)), (nint)rows * next.K * sizeof(T));
                    LineRequests.Request(System.Runtime.CompilerServices.Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(y)), (nint)next.K * cols * sizeof(T));
                }
            }
        }
        if (p.CTransposed)
            Gemm(Op(!p.BTransposed), Op(!p.ATransposed), p.M, p.N, p.K, p.B, p.Ldb, p.A, p.Lda, p.C);
        else
            Gemm(Op(p.ATransposed), Op(p.BTransposed), p.M, p.N, p.K, p.A, p.Lda, p.B, p.Ldb, p.C);
    }

    private void Gemm(Transpose transA, Transpose transB, int m, int n, int k, T[] x, int ldx, T[] y, int ldy, T[] z)
    {
        if (!T.IsFinite(alpha) || !T.IsFinite(beta)) throw new InvalidOperationException("parts: finite α and β only");
        if (!SmallGemm.Applies<T>(m, n, k)) throw new InvalidOperationException("parts: small products only");
        fixed (T* px = x, py = y, pz = z)
            SmallGemm.Run(transA, transB, m, n, k, alpha, px, ldx, py, ldy, beta, pz, n);
    }

    public void Dispose()
    {
        foreach (var pin in pins) pin.Free();
    }
}
