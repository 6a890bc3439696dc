using System.Numerics;
using System.Runtime.InteropServices;
using BlasNet.Providers;

namespace BlasNet;

/// <summary>
/// The list-of-matrices batched GEMM: <c>C[i] ← α A[i] B[i] + β C[i]</c>, each product with its own
/// shapes and transposed views (flags, never copies). The whole batch is validated before any product
/// runs; then the products run through <see cref="GemmBatchRunner"/> with no further checks.
/// </summary>
internal sealed class MatrixGemmBatch<T> : IGemmBatch where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T alpha, beta;
    private readonly Matrix<T>[] a, b, c;

    private MatrixGemmBatch(T alpha, Matrix<T>[] a, Matrix<T>[] b, T beta, Matrix<T>[] c)
    {
        this.alpha = alpha; this.beta = beta; this.a = a; this.b = b; this.c = c;
    }

    private long maxWork, totalWork;
    private bool allSmall = true;

    public static void Run(T alpha, IReadOnlyList<Matrix<T>> a, IReadOnlyList<Matrix<T>> b, T beta, IReadOnlyList<Matrix<T>> c)
    {
        var batch = Validate(alpha, a, b, beta, c);
        GemmBatchRunner.Run(batch, batch.c.Length, batch.maxWork, batch.totalWork, managedProducts: batch.allSmall);
    }

    /// <summary>The validated batch, nothing computed yet (separate so the benchmarks can time the validation alone).</summary>
    internal static MatrixGemmBatch<T> Validate(T alpha, IReadOnlyList<Matrix<T>> a, IReadOnlyList<Matrix<T>> b, T beta, IReadOnlyList<Matrix<T>> c)
    {
        ArgumentNullException.ThrowIfNull(a); ArgumentNullException.ThrowIfNull(b); ArgumentNullException.ThrowIfNull(c);
        if (a.Count != b.Count || a.Count != c.Count)
            throw new ArgumentException($"a has {a.Count} matrices, b {b.Count} and c {c.Count}: the batch needs one A, one B and one C per product.", a.Count != b.Count ? nameof(b) : nameof(c));
        // Copied once: the lists are read again on other threads, and a list changed meanwhile must
        // not change what was validated.
        var (ar, br, cr) = (Items(a, nameof(a)), Items(b, nameof(b)), Items(c, nameof(c)));
        long maxWork = 0, totalWork = 0;
        bool allSmall = true;
        for (int i = 0; i < cr.Length; i++)
        {
            Matrix<T> x = ar[i], y = br[i], z = cr[i];
            if (x.Columns != y.Rows)
                throw new ArgumentException($"a[{i}] is {x.Rows}×{x.Columns} and b[{i}] is {y.Rows}×{y.Columns}: a[{i}].Columns must equal b[{i}].Rows.", nameof(b));
            if (z.Rows != x.Rows || z.Columns != y.Columns)
                throw new ArgumentException($"c[{i}] is {z.Rows}×{z.Columns} but a[{i}] b[{i}] is {x.Rows}×{y.Columns}.", nameof(c));
            long work = (long)x.Rows * y.Columns * x.Columns;
            maxWork = Math.Max(maxWork, work);
            allSmall &= z.Rows == 0 || z.Columns == 0 || x.Columns == 0 || SmallGemm.Applies<T>(z.StorageRows, z.StorageColumns, x.Columns);
            totalWork += work;
        }
        CheckStorage(ar, br, cr);
        return new MatrixGemmBatch<T>(alpha, ar, br, beta, cr) { maxWork = maxWork, totalWork = totalWork, allSmall = allSmall };
    }

    private static Matrix<T>[] Items(IReadOnlyList<Matrix<T>> list, string name)
    {
        var items = new Matrix<T>[list.Count];
        for (int i = 0; i < items.Length; i++)
            items[i] = list[i] ?? throw new ArgumentNullException(name, $"{name}[{i}] is null.");
        return items;
    }

    /// <summary>
    /// Every C owns storage no other C and no A or B shares: outputs written on different threads
    /// must not collide, and an input must not change while another product reads it. A matrix always
    /// wraps one whole array, so sharing storage is sharing the array.
    /// </summary>
    internal static void CheckStorage(Matrix<T>[] a, Matrix<T>[] b, Matrix<T>[] c)
    {
        var owner = new Dictionary<T[], int>(c.Length, ReferenceEqualityComparer.Instance);
        for (int i = 0; i < c.Length; i++)
        {
            var storage = Storage(c[i]);
            if (storage.Length == 0) continue; // nothing is written
            if (!owner.TryAdd(storage, i))
                throw new ArgumentException($"c[{owner[storage]}] and c[{i}] share storage: each product needs its own output.", nameof(c));
        }
        for (int i = 0; i < a.Length; i++)
        {
            if (owner.TryGetValue(Storage(a[i]), out int j))
                throw new ArgumentException($"a[{i}] shares storage with c[{j}]: an output must not be an input of the batch.", nameof(a));
            if (owner.TryGetValue(Storage(b[i]), out j))
                throw new ArgumentException($"b[{i}] shares storage with c[{j}]: an output must not be an input of the batch.", nameof(b));
        }
    }

    private static T[] Storage(Matrix<T> m) =>
        MemoryMarshal.TryGetArray<T>(m.AsMemory(), out var segment) ? segment.Array! : throw new InvalidOperationException("A matrix always wraps an array.");

    private static Transpose Op(Matrix<T> m) => m.IsTransposed ? Transpose.Transposed : Transpose.None;
    private static Transpose Flip(Transpose t) => t == Transpose.None ? Transpose.Transposed : Transpose.None;

    public void Product(int index)
    {
        Matrix<T> x = a[index], y = b[index], z = c[index];
        int m = z.StorageRows, n = z.StorageColumns, k = x.Columns;
        if (m == 0 || n == 0) return;
        if (k == 0 || alpha == T.Zero)
        {
            CheckedBlas<T>.ScaleMatrix(m, n, beta, z.AsSpan(), z.LeadingDimension);
            return;
        }
        if (z.IsTransposed) // C stored as Cᵀ: Cᵀ ← α Bᵀ Aᵀ + β Cᵀ into the storage directly
            Gemm(Flip(Op(y)), Flip(Op(x)), m, n, k, y, x, z);
        else
            Gemm(Op(x), Op(y), m, n, k, x, y, z);
    }

    /// <summary>One product on the <see cref="SmallGemm"/> kernel when it applies, else on the provider.</summary>
    private unsafe void Gemm(Transpose transA, Transpose transB, int m, int n, int k, Matrix<T> x, Matrix<T> y, Matrix<T> z)
    {
        if (SmallGemm.Applies<T>(m, n, k))
        {
            fixed (T* px = x.AsSpan(), py = y.AsSpan(), pz = z.AsSpan())
                SmallGemm.Run(transA, transB, m, n, k, alpha, px, x.LeadingDimension, py, y.LeadingDimension, beta, pz, z.LeadingDimension);
        }
        else
            CheckedBlas<T>.GemmOnProvider(transA, transB, m, n, k, alpha,
                x.AsSpan(), x.LeadingDimension, y.AsSpan(), y.LeadingDimension, beta, z.AsSpan(), z.LeadingDimension);
    }
}
