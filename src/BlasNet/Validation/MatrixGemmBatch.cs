using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using BlasNet.Providers;

namespace BlasNet;

/// <summary>
/// The list-of-matrices batched GEMM: <c>C[i] ← α A[i] B[i] + β C[i]</c>, each product with its own
/// shapes and transposed views (flags, never copies). The whole batch is validated before any product
/// runs; then the products run through <see cref="GemmBatchRunner"/> with no further checks.
/// </summary>
/// <remarks>
/// At 16×16 the validation is the cost that matters (bench/RESULTS.md, issue 14, "The list form's cost"),
/// so it reads each list slot and each matrix once: the lists' references are copied in bulk into a snapshot
/// (<see cref="matrices"/>), and one pass (<see cref="Check"/>) checks the snapshot's nulls and shapes, sums the work and
/// writes the arrays' addresses, which <see cref="StorageAddresses"/> then proves distinct without touching the arrays.
/// The products read only that snapshot, never the lists again: a <see cref="Matrix{T}"/> never changes (its storage,
/// storage shape and flag are readonly), so the snapshot's references are what was validated even if a list changes meanwhile.
/// </remarks>
/// <remarks>
/// Why a snapshot of references and no record per product (session 50, list53; bench/RESULTS.md): until then the pass
/// wrote a 48-byte record per product holding the three arrays, three reference stores each through the GC's write barrier
/// into a pooled (old-generation) array, 480 KB of records for 10 000 products; the bulk copy marks the GC's cards once per
/// range, writes half those bytes, and the products read the shapes from the matrices, which the pass has just brought
/// into the caches.
/// </remarks>
internal sealed class MatrixGemmBatch<T> : IGemmBatch where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T alpha, beta;
    /// <summary>
    /// The snapshot of the three lists (rented, 3·<see cref="count"/> used): A's matrices at 0…count−1, B's at count…2·count−1,
    /// C's at 2·count…3·count−1, as the caller's lists held them when they were copied (not swapped for a transposed C,
    /// so errors can name a[i], b[i] and c[i]).
    /// </summary>
    private Matrix<T>[] matrices;
    private readonly int count;
    private long maxWork, totalWork;
    private bool allSmall = true;
    private bool keepSnapshot;    // the benchmarks' switch: a batch whose products run more than once (KeepSnapshot)
    private bool slotsCleared; // every product ran and cleared its own snapshot slots: Release has nothing left to clear

    private MatrixGemmBatch(T alpha, T beta, Matrix<T>[] matrices, int count)
    {
        this.alpha = alpha; this.beta = beta; this.matrices = matrices; this.count = count;
    }

    public static void Run(T alpha, IReadOnlyList<Matrix<T>> a, IReadOnlyList<Matrix<T>> b, T beta, IReadOnlyList<Matrix<T>> c)
    {
        var batch = Validate(alpha, a, b, beta, c);
        try
        {
            batch.RunProducts();
        }
        finally
        {
            batch.Release();
        }
    }

    /// <summary>The products of the validated batch, through <see cref="GemmBatchRunner"/> (separate so the benchmarks can time them alone).</summary>
    internal void RunProducts()
    {
        GemmBatchRunner.Run(this, count, maxWork, totalWork, managedProducts: allSmall);
        slotsCleared = !keepSnapshot; // returned normally: every product ran (Product), each clearing its snapshot slots
    }

    /// <summary>
    /// Products leave their snapshot slots in place, so they can run again (the benchmarks time one validated batch's products
    /// many times); <see cref="Release"/> then clears them all as before session 37.
    /// </summary>
    internal void KeepSnapshot() => keepSnapshot = true;

    /// <summary>
    /// The validated batch, nothing computed yet (separate so the benchmarks can time the validation
    /// alone); <paramref name="exactStorageCheck"/>: skip the address proof and run the exact storage
    /// check (the tests' switch for the fallback path); <paramref name="spread"/> false: the in-order pass on this
    /// thread even for long arrays (the tests' and the benchmark's switch); <paramref name="prefetch"/> false: the pass
    /// without <see cref="PrefetchMatrices"/> (the benchmark's switch, for the before/after in one run).
    /// </summary>
    internal static MatrixGemmBatch<T> Validate(T alpha, IReadOnlyList<Matrix<T>> a, IReadOnlyList<Matrix<T>> b, T beta, IReadOnlyList<Matrix<T>> c,
        bool exactStorageCheck = false, bool spread = true, bool prefetch = true)
    {
        ArgumentNullException.ThrowIfNull(a); ArgumentNullException.ThrowIfNull(b); ArgumentNullException.ThrowIfNull(c);
        if (a.Count != b.Count || a.Count != c.Count)
            throw new ArgumentException($"a has {a.Count} matrices, b {b.Count} and c {c.Count}: the batch needs one A, one B and one C per product.", a.Count != b.Count ? nameof(b) : nameof(c));
        ReadOnlySpan<Matrix<T>> ar = Items(a, nameof(a)), br = Items(b, nameof(b)), cr = Items(c, nameof(c));
        int count = cr.Length;
        if (ar.Length != count || br.Length != count)
            throw new InvalidOperationException($"a list changed while the batch read it: a has {ar.Length} matrices, b {br.Length} and c {count}.");
        var batch = new MatrixGemmBatch<T>(alpha, beta, ArrayPool<Matrix<T>>.Shared.Rent(3 * count), count);
        // Outputs' addresses first (0: nothing written), then the inputs', A's and B's.
        nint[] addresses = ArrayPool<nint>.Shared.Rent(3 * count);
        try
        {
            int collections = GC.CollectionCount(0); // before the first address: see StorageAddresses
            int ahead = prefetch ? PrefetchAhead : 0;
            if (spread && count >= MinSpreadCount && a is Matrix<T>[] aa && b is Matrix<T>[] ba && c is Matrix<T>[] ca)
                batch.CheckSpread(aa, ba, ca, addresses, ahead);
            else
                batch.Check(ar, br, cr, addresses, ahead);
            if (exactStorageCheck || !StorageAddresses.ProvedDistinct(addresses.AsSpan(0, count), addresses.AsSpan(count, 2 * count), collections))
                batch.CheckStorageExactly();
        }
        catch
        {
            batch.Release();
            throw;
        }
        finally
        {
            ArrayPool<nint>.Shared.Return(addresses);
        }
        return batch;
    }

    /// <summary>
    /// The validating pass, in order (the first error is the first of the batch): the three lists copied into the
    /// snapshot, then the snapshot's nulls and shapes checked, three addresses written per product, the work summed; the
    /// matrices <paramref name="ahead"/> products on prefetched (0: none).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // one long loop per call: optimized from the first call, not after 30
    private void Check(ReadOnlySpan<Matrix<T>> a, ReadOnlySpan<Matrix<T>> b, ReadOnlySpan<Matrix<T>> c, nint[] addresses, int ahead)
    {
        Snapshot(a, b, c, 0);
        ReadOnlySpan<Matrix<T>> x = matrices.AsSpan(0, count), y = matrices.AsSpan(count, count), z = matrices.AsSpan(2 * count, count);
        long max = 0, total = 0;
        bool small = true;
        for (int i = 0; i < count; i++)
        {
            if (ahead > 0 && i + ahead < count) PrefetchMatrices(x[i + ahead], y[i + ahead], z[i + ahead]);
            if (!CheckProduct(i, x[i], y[i], z[i], addresses, ref max, ref total, ref small))
                throw Invalid(i, x[i], y[i], z[i]);
        }
        maxWork = max; totalWork = total; allSmall = small;
    }

    /// <summary>
    /// Copies the lists' items (each a run starting at product <paramref name="start"/>) into the snapshot: one bulk copy per
    /// list (the GC's cards marked once for the range, no write barrier per reference).
    /// </summary>
    private void Snapshot(ReadOnlySpan<Matrix<T>> a, ReadOnlySpan<Matrix<T>> b, ReadOnlySpan<Matrix<T>> c, int start)
    {
        a.CopyTo(matrices.AsSpan(start, a.Length));
        b.CopyTo(matrices.AsSpan(count + start, b.Length));
        c.CopyTo(matrices.AsSpan(2 * count + start, c.Length));
    }

    /// <summary>Lists at least this long (arrays) are validated on the GEMM workers (<see cref="CheckSpread"/>): below it, waking a worker costs more than half the pass.</summary>
    internal const int MinSpreadCount = 1024;

    /// <summary>Items a thread validates per claim: about 10–25 µs at 16×16, a small wait at the end for the other thread.</summary>
    private const int SpreadChunk = 256;

    /// <summary>
    /// The validating pass spread over the GEMM workers (<see cref="GemmBatchRunner.Spread"/>), each thread its own
    /// range first, as the products then run: it copies its range of the lists into the snapshot and writes the addresses of
    /// what it checks there, and nothing is
    /// written to any C before the whole pass has returned. A thread that meets an invalid product only flags it; then
    /// the in-order pass (<see cref="Check"/>) runs again and throws the batch's first error with its usual message.
    /// </summary>
    /// <remarks>
    /// Why: at 16×16 float on OpenBLAS the pass on one thread took about half as long as the products on two
    /// (bench/RESULTS.md, "Session 20, s20-list"): a cache miss per matrix, which two cores take in parallel. The
    /// matrices a thread checks are those it reads first in the products, so they are in its own cache. Session 19's
    /// split (fixed halves, every worker waited for) was slower on the loaded machine, 0.6–1.3 against 0.5–0.9 ms, when
    /// the worker started late; with claimed chunks a late worker is called off and the caller takes the whole pass.
    /// </remarks>
    private void CheckSpread(Matrix<T>[] a, Matrix<T>[] b, Matrix<T>[] c, nint[] addresses, int ahead)
    {
        int slabs = GemmBatchRunner.SpreadSlabs(count); // read once: the pass's per-thread slots and its chunks agree
        var pass = new SpreadPass(this, a, b, c, addresses, slabs, ahead);
        try
        {
            GemmBatchRunner.Spread(pass, count, SpreadChunk, slabs);
        }
        finally
        {
            pass.ForgetLists();
        }
        if (pass.Failed)
        {
            Check(a, b, c, addresses, ahead); // throws the first error
            return;
        }
        pass.Sum(out maxWork, out totalWork, out allSmall);
    }

    /// <summary><see cref="CheckSpread"/>'s chunks, with each thread's sums in its own slot (128 bytes apart, no shared cache line).</summary>
    private sealed class SpreadPass(MatrixGemmBatch<T> batch, Matrix<T>[] a, Matrix<T>[] b, Matrix<T>[] c, nint[] addresses, int slabs, int ahead) : IBatchChunks
    {
        private const int Spacing = 16; // longs per thread's slot: [max work, total work, 1 if a product is not small]
        private readonly long[] sums = new long[slabs * Spacing];
        private volatile bool failed;

        public bool Failed => failed;

        /// <summary>
        /// Drops the caller's lists once the pass has run: a worker that ran a slab of it may keep the job reachable from
        /// its stack until its next job, and a refused batch (the pass its last job) would keep every matrix of the caller
        /// alive that long (found by <c>BatchedGemmListRecordsTests</c>, session 37).
        /// </summary>
        public void ForgetLists()
        {
            a = null!; b = null!; c = null!;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void RunChunk(int slab, int start, int stop)
        {
            if (failed) return; // the in-order pass will run and throw
            long max = 0, total = 0;
            bool small = true;
            int count = batch.count; // not stop: the next chunk is most often this thread's too (its own range first)
            int length = stop - start;
            batch.Snapshot(a.AsSpan(start, length), b.AsSpan(start, length), c.AsSpan(start, length), start);
            var snapshot = batch.matrices;
            for (int i = start; i < stop; i++)
            {
                // The prefetch reads the caller's list (the snapshot is not copied that far yet): only a hint, whatever it finds.
                if (ahead > 0 && i + ahead < count) PrefetchMatrices(a[i + ahead], b[i + ahead], c[i + ahead]);
                if (!batch.CheckProduct(i, snapshot[i], snapshot[count + i], snapshot[2 * count + i], addresses, ref max, ref total, ref small))
                {
                    failed = true;
                    return;
                }
            }
            var slot = sums.AsSpan(slab * Spacing, 3);
            slot[0] = Math.Max(slot[0], max);
            slot[1] += total;
            if (!small) slot[2] = 1;
        }

        /// <summary>The threads' sums combined (after <see cref="GemmBatchRunner.Spread"/> returned: every chunk done).</summary>
        public void Sum(out long maxWork, out long totalWork, out bool allSmall)
        {
            maxWork = 0; totalWork = 0; allSmall = true;
            for (int s = 0; s < slabs; s++)
            {
                maxWork = Math.Max(maxWork, sums[s * Spacing]);
                totalWork += sums[s * Spacing + 1];
                allSmall &= sums[s * Spacing + 2] == 0;
            }
        }
    }

    /// <summary>
    /// Checks product <paramref name="i"/> (nulls, shapes; the snapshot's matrices) and, when valid, writes its three
    /// addresses and adds its work to the sums; false (nothing written): invalid, see <see cref="Invalid"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool CheckProduct(int i, Matrix<T>? x, Matrix<T>? y, Matrix<T>? z, nint[] addresses, ref long max, ref long total, ref bool small)
    {
        if (x is null || y is null || z is null || x.Columns != y.Rows || z.Rows != x.Rows || z.Columns != y.Columns) return false;
        int m = z.StorageRows, n = z.StorageColumns, k = x.Columns; // C's storage M×N: the product as it runs (see Compute)
        long work = (long)m * n * k;
        max = Math.Max(max, work);
        total += work;
        bool empty = m == 0 || n == 0;
        small &= empty || k == 0 || SmallGemm.Applies<T>(m, n, k);
        // Only what the product touches takes part in the storage checks (0: not touched, see StorageAddresses).
        bool reads = ReadsInputs(m, n, k), writes = WritesOutput(m, n, k);
        addresses[i] = writes ? StorageAddresses.Of(z.Storage) : 0;
        addresses[count + i] = reads ? StorageAddresses.Of(x.Storage) : 0;
        addresses[2 * count + i] = reads ? StorageAddresses.Of(y.Storage) : 0;
        return true;
    }

    /// <summary>
    /// Whether a product (C's storage <paramref name="m"/>×<paramref name="n"/>, inner size <paramref name="k"/>) reads its A and B (<see cref="GemmOperandUse.ReadsInputs"/>; <see cref="Compute"/>). An A or B it
    /// does not read may be another product's C: the storage checks counted them, and refused, say, the m×k A of an m×0
    /// product that was another product's output.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool ReadsInputs(int m, int n, int k) => GemmOperandUse.ReadsInputs(m, n, k, alpha);

    /// <summary>
    /// Whether a product (C's storage <paramref name="m"/>×<paramref name="n"/>, inner size <paramref name="k"/>) writes its C (<see cref="GemmOperandUse.WritesOutput"/>): a C it does not write may share storage
    /// with another product's operands: it is neither read nor written.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool WritesOutput(int m, int n, int k) => GemmOperandUse.WritesOutput(m, n, k, alpha, beta);

    /// <summary>
    /// Products ahead of the one being checked whose matrices the validating pass prefetches (<see cref="PrefetchMatrices"/>).
    /// Measured (`batched-quick`, 16×16, 10 000 products, loaded 2-core host, session 22; bench/RESULTS.md, "Session 22,
    /// s22-listcheck"): the validation took 0.5–1.0× its time without the prefetch in the same process, mostly 0.7–0.9
    /// (float 0.21–0.43 against 0.24–0.53 ms), 8, 16 and 32 ahead alike; 16 leaves room for a slower or faster memory.
    /// </summary>
    internal const int PrefetchAhead = 16;

    /// <summary>
    /// Asks for the fields <see cref="CheckProduct"/> will read of three matrices a few products on, so that their cache misses
    /// overlap: the list arrays hold the references in order, but the matrices themselves are separate allocations
    /// scattered over the heap (one cold line or two each, 30 000 of them in a batch of 10 000), which the hardware
    /// prefetcher cannot predict and the out-of-order window reaches only a few products ahead.
    /// </summary>
    /// <remarks>
    /// The fields (storage reference, storage rows and columns, transposed flag) follow the method-table pointer the
    /// reference points at: bytes 8 to 25 on x64 as the runtime lays out <see cref="Matrix{T}"/> today, so the first and
    /// the last of them are prefetched (two lines when they straddle). A prefetch is only a hint: it never faults, a
    /// collection moving the object meanwhile only wastes it, and a different layout would only make it less useful.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PrefetchMatrices(Matrix<T>? x, Matrix<T>? y, Matrix<T>? z)
    {
        if (!Sse.IsSupported) return;
        PrefetchFields(x); PrefetchFields(y); PrefetchFields(z);

        [MethodImpl(MethodImplOptions.AggressiveInlining)] // into the optimized pass: never a tier-0 call per matrix
        static unsafe void PrefetchFields(Matrix<T>? m)
        {
            nint address = Unsafe.As<Matrix<T>?, nint>(ref m);
            if (address == 0) return; // null: the pass names it
            Sse.Prefetch0((void*)(address + FirstFieldByte));
            Sse.Prefetch0((void*)(address + LastFieldByte));
        }
    }

    private const int FirstFieldByte = 8, LastFieldByte = 25;

    /// <summary>The error for product <paramref name="i"/>, which <see cref="CheckProduct"/> refused: the first null, else the first shape that does not chain.</summary>
    private static Exception Invalid(int i, Matrix<T>? x, Matrix<T>? y, Matrix<T>? z)
    {
        if (x is null) return Null("a", i);
        if (y is null) return Null("b", i);
        if (z is null) return Null("c", i);
        if (x.Columns != y.Rows)
            return new ArgumentException($"a[{i}] is {x.Rows}×{x.Columns} and b[{i}] is {y.Rows}×{y.Columns}: a[{i}].Columns must equal b[{i}].Rows.", "b");
        return new ArgumentException($"c[{i}] is {z.Rows}×{z.Columns} but a[{i}] b[{i}] is {x.Rows}×{y.Columns}.", "c");
    }

    private static ArgumentNullException Null(string name, int index) => new(name, $"{name}[{index}] is null.");

    /// <summary>
    /// The list's matrices without a copy where it is an array or a <see cref="List{T}"/> (each slot is
    /// read once, by the validating pass), else copied by enumeration (an F# list's indexer walks the
    /// list: quadratic). Nulls are left for the pass, which names them.
    /// </summary>
    private static ReadOnlySpan<Matrix<T>> Items(IReadOnlyList<Matrix<T>> list, string name)
    {
        if (list is Matrix<T>[] array) return array;
        if (list is List<Matrix<T>> growable) return CollectionsMarshal.AsSpan(growable);
        var items = new Matrix<T>[list.Count];
        int i = 0;
        foreach (var m in list)
        {
            if (i == items.Length) break;
            items[i++] = m;
        }
        if (i != items.Length || list.Count != items.Length)
            throw new InvalidOperationException($"{name} changed while the batch read it: Count was {items.Length}, {i} matrices came.");
        return items;
    }

    /// <summary>
    /// The exact storage check, on the arrays the products will use: every C that is written owns storage no other
    /// written C and no A or B that is read shares (outputs written on different threads must not collide, and an input must
    /// not change while another product reads it). A matrix always wraps one whole array, so sharing
    /// storage is sharing the array. Throws naming the first index that shares.
    /// </summary>
    internal void CheckStorageExactly()
    {
        ReadOnlySpan<Matrix<T>> x = matrices.AsSpan(0, count), y = matrices.AsSpan(count, count), z = matrices.AsSpan(2 * count, count);
        var owner = new Dictionary<T[], int>(count, ReferenceEqualityComparer.Instance);
        for (int i = 0; i < count; i++)
        {
            var storage = z[i].Storage;
            if (!WritesOutput(z[i].StorageRows, z[i].StorageColumns, x[i].Columns)) continue; // nothing is written (an empty C among them)
            if (!owner.TryAdd(storage, i))
                throw new ArgumentException($"c[{owner[storage]}] and c[{i}] share storage: each product needs its own output.", "c");
        }
        for (int i = 0; i < count; i++)
        {
            if (!ReadsInputs(z[i].StorageRows, z[i].StorageColumns, x[i].Columns)) continue; // A and B not read
            if (owner.TryGetValue(x[i].Storage, out int j))
                throw new ArgumentException($"a[{i}] shares storage with c[{j}]: an output must not be an input of the batch.", "a");
            if (owner.TryGetValue(y[i].Storage, out j))
                throw new ArgumentException($"b[{i}] shares storage with c[{j}]: an output must not be an input of the batch.", "b");
        }
    }

    /// <summary>
    /// Hands the snapshot back to the pool, cleared so the pool holds no matrices of the caller; the batch is unusable
    /// after. When every product ran, each has cleared its own slots already (<see cref="Product"/>), so only a batch
    /// that failed (validation, or a product that threw) or kept its slots is cleared here.
    /// </summary>
    internal void Release()
    {
        var rented = matrices;
        matrices = [];
        if (rented.Length == 0) return;
        if (!slotsCleared) rented.AsSpan(0, 3 * count).Clear(); // only the slots written (the rest were cleared before)
        ArrayPool<Matrix<T>>.Shared.Return(rented);
    }

    private static Transpose Op(bool transposed) => transposed ? Transpose.Transposed : Transpose.None;

    /// <summary>
    /// Product <paramref name="index"/>, then its three snapshot slots cleared (unless <see cref="KeepSnapshot"/>): they were
    /// just read and are in this thread's cache, where clearing them costs next to nothing (a null needs no write barrier),
    /// while clearing all 10 000 products' records in <see cref="Release"/> after the products, cold by then, took the
    /// calling thread 0.02–0.07 ms (median per run) with the other idle (bench/RESULTS.md, "Session 37, listform"). A thread
    /// ending a chunk may read the next product's slots (for its requests) while another thread clears them: it then sees
    /// nulls and requests nothing (a request never faults); no product reads another's slots for anything else.
    /// </summary>
    public void Product(int index)
    {
        Compute(index);
        if (!keepSnapshot)
        {
            matrices[index] = null!;
            matrices[count + index] = null!;
            matrices[2 * count + index] = null!;
        }
    }

    private void Compute(int index)
    {
        int mode = GemmBatchRunner.PrefetchMode;
        bool hasNext = index + 1 < count; // the last product requests nothing: no address past the batch
        var snapshot = matrices;
        Matrix<T> x = snapshot[index], y = snapshot[count + index], z = snapshot[2 * count + index]; // validated: none null
        int m = z.StorageRows, n = z.StorageColumns, k = x.Columns; // C's storage M×N: a transposed C runs as Cᵀ (below)
        if (m == 0 || n == 0) return;
        if (k == 0 || alpha == T.Zero)
        {
            CheckedBlas<T>.ScaleMatrix(m, n, beta, z.Storage, Math.Max(1, n));
            return;
        }
        // The batch knows the next product: while a large product computes (SmallGemm.SpreadsRequests), the next one's A, B and
        // C are requested a line at a time. Before a smaller one nothing is requested: the next product's A and B requested whole
        // before it (4–16 KB, sessions 22–45) made the products slower at every size of that range measured on the AMD EPYC
        // (one thread: 16×16 double 1.1–1.5× the time without, 32×32 float 1.6×; bench/RESULTS.md, "Session 46, batch51"), and
        // nothing else of a list product cost more than a strided one's there: the hardware prefetcher follows the list's
        // arrays, allocated in order, as it follows the strided blocks.
        bool spread = false;
        UpcomingProduct upcoming = default;
        if (mode == GemmBatchRunner.PrefetchRule && hasNext && SmallGemm.SpreadsRequests<T>(m, n, k)) // the product as it runs: C's storage M×N (see Gemm)
        {
            upcoming = Upcoming(snapshot[index + 1], snapshot[count + index + 1], snapshot[2 * count + index + 1]);
            spread = true;
        }
        if (z.IsTransposed) // C stored as Cᵀ: Cᵀ ← α Bᵀ Aᵀ + β Cᵀ into the storage directly
            Gemm(Op(!y.IsTransposed), Op(!x.IsTransposed), m, n, k, y.Storage, y.LeadingDimension, x.Storage, x.LeadingDimension, z.Storage, spread, in upcoming);
        else
            Gemm(Op(x.IsTransposed), Op(y.IsTransposed), m, n, k, x.Storage, x.LeadingDimension, y.Storage, y.LeadingDimension, z.Storage, spread, in upcoming);
    }

    /// <summary>
    /// The next product's A, B and C as contiguous blocks, each its matrix's whole array (a matrix always wraps one whole
    /// array); nothing when a slot was already cleared by the thread that ran that product (read once each: a matrix read is
    /// immutable). An unpinned address is fine, since a request never faults.
    /// </summary>
    private static unsafe UpcomingProduct Upcoming(Matrix<T>? a, Matrix<T>? b, Matrix<T>? c)
    {
        if (a is null || b is null || c is null) return default;
        T[] x = a.Storage, y = b.Storage, z = c.Storage; // C requested last, the nearest to its use (its read for the update or ownership)
        return new UpcomingProduct(Address(x), 1, x.Length, x.Length, Address(y), 1, y.Length, y.Length, Address(z), 1, z.Length, z.Length, sizeof(T));
    }

    /// <summary>An array's first element, unpinned (for requests only).</summary>
    private static unsafe void* Address(T[] array) => Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));

    /// <summary>One product: from the definition when α or β is not finite, else on the <see cref="SmallGemm"/> kernel when it applies, else on the provider.</summary>
    private unsafe void Gemm(Transpose transA, Transpose transB, int m, int n, int k, T[] x, int ldx, T[] y, int ldy, T[] z, bool prefetching, in UpcomingProduct upcoming)
    {
        if (NonFiniteScalars<T>.Applies(alpha, beta))
        {
            // The definition on every provider, as in a single call (here k > 0 and α ≠ 0).
            NonFiniteScalars<T>.Gemm(transA, transB, m, n, k, alpha, x, ldx, y, ldy, beta, z, n);
            return;
        }
        if (SmallGemm.Applies<T>(m, n, k))
        {
            fixed (T* px = x, py = y, pz = z)
                if (prefetching)
                    SmallGemm.RunPrefetching(transA, transB, m, n, k, alpha, px, ldx, py, ldy, beta, pz, n, upcoming);
                else
                    SmallGemm.Run(transA, transB, m, n, k, alpha, px, ldx, py, ldy, beta, pz, n);
        }
        else
            CheckedBlas<T>.GemmOnProvider(transA, transB, m, n, k, alpha, x, ldx, y, ldy, beta, z, n);
    }
}
