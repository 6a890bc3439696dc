using System.Diagnostics;
using System.Numerics;
using BlasNet.Providers;

namespace BlasNet.Benchmarks;

/// <summary>
/// Batched GEMM against a loop of <c>Blas.Gemm</c>, one run, on a busy machine: the forms are timed
/// alternately (so load swings hit all alike), each after 64 MB (<c>--evict-mb</c>) of unrelated reads (so none finds the
/// previous form's data in the caches), each called twice in a row (first, and again: the repeated call), and the best
/// wall time of each is kept; the loops of single calls start after the workers' spin time has run out. Prints
/// <c>batched &lt;type&gt; &lt;form&gt; &lt;n&gt; &lt;count&gt; &lt;best ms, repeated call&gt; &lt;ratio to the loop&gt; &lt;process CPU time / wall time of that run&gt; gc=&lt;gen-0 collections over all runs&gt; first=&lt;best ms, first call&gt; (&lt;ratio&gt;)</c> lines
/// (form: loop, loop-list — the loop of <c>Blas.Gemm</c> over the list form's own matrices, the same arrays —, strided, strided+8B — the same batch with every block one element later (the arrays' data is not 64-byte aligned either way: the double arrays started 88 bytes past a page in session 23) —,
/// list, list:again-last — the same public call again, after every other list form (last but MKL's routine): the list form right after the strided ones, fifth in the round, took 1.15–1.4× as long as the same call later in the round (session 22) —, list:no-prefetch — the list form with its validating pass spread over the workers and not prefetching the matrices ahead (before s22-listcheck) —, list:validation-1-thread+products — the list form with its validating pass in order on the calling thread (before s20-list, and again since s22-listcheck: the same as list) —, list:phased — the list form with its validation, products and release timed apart (printed after the table) —, list:clear-in-release and list:phased-clear-in-release — the same two with the records cleared in Release after the products instead of by each product (before session 37) —, and the list form's parts: its validation alone, the same in order on one thread, both without the prefetch (list:validation-no-prefetch, list:validation-1-thread-no-prefetch), the same with the exact storage-identity check instead of
/// the address proof, that exact check alone, the address proof alone (list:address-proof), and its products
/// in order on one thread and as the batch runs them (the provider's threads), the same in contiguous halves and in
/// shared chunks with each thread's start, end and product count printed after the table, and MKL's own batch routine where the provider has one;
/// a CPU/wall ratio near the thread count suggests the threads ran at once, but Linux accounts a running thread's time late: a worker
/// that spins between calls shows 1.0, and one queued behind the caller on its CPU still showed 1.9, Session 23) after <c># ...</c> lines naming the provider, kernel and threads.
/// Also: strided:block-requests, strided:products-1-thread:block-requests, strided:products-1-thread-shared-ABC:block-requests,
/// list:block-requests — those forms with the next product's lines requested as before session 48, in bursts before each block of
/// columns (<see cref="SmallGemm.BlockRequests"/>; session 48, cold48).
/// list:slots, list:validation:slots, list:validation-1-thread:slots, list:address-proof:slots — those forms with the address proof
/// on its table of single slots as before session 49 (<see cref="StorageAddresses.Buckets"/> off; session 49, list52).
/// Also: strided:products-1-thread — the strided batch's products in order on this thread —, and the same with every
/// product reading the first A and B (-shared-AB: only C streams) and writing the first C too (-shared-ABC: nothing streams,
/// the kernel's warm time). strided:provider-products — the strided batch's products as one call each into the provider's own GEMM,
/// spread over the batch's threads as the runner spreads products (concurrent native small calls) —, and the same in order on
/// this thread (strided:provider-products-1-thread); a <c># ... check</c> line per type and size gives each strided form's largest
/// difference from the loop's products.
/// strided:products — the strided batch's products on the runner without the public call's checks; parts:pointers, parts:fixed,
/// parts:snapshot, parts:checks — the list's products rebuilt one piece of <c>MatrixGemmBatch.Compute</c> at a time
/// on the list's own matrices and the same runner (<see cref="ListProductParts{T}"/>; session 46, batch51; parts:record and
/// parts:request, pieces the library no longer has, replaced and removed in session 51).
/// strided:chunks-1-thread (-shared-ABC) — the strided batch's products through its own chunk loop on this thread (one width
/// decided for the batch, session 48, roof48); strided@per-product, strided:products@per-product — the strided call and its products
/// on the runner with each product through <c>SmallGemm.Run</c>, as before (<see cref="GemmBatchRunner.PlanStridedBatches"/> off).
/// Options: <c>--sizes 16,64</c>, <c>--count 10000</c>, <c>--reps 7</c>, <c>--types double,float</c>, <c>--threads n</c>
/// (the provider's thread count, for the loop and the batch alike; default: the provider's), <c>--prefetch 1,0</c>, <c>--evict-mb 520</c> (the unrelated reads before every call; default 64), <c>--evict-on-workers</c> (those reads shared by the GEMM threads, see <see cref="Evict"/>), <c>--reverse</c> (the forms after the loop in the opposite order)
/// (the batch forms again under each <see cref="GemmBatchRunner.PrefetchMode"/>, named <c>form@rule</c>, <c>@none</c>), <c>--forms a,b*</c> (only these forms, a trailing * matching a prefix; the loop always runs first), <c>--spin ms</c> (<see cref="BlasProvider.WorkerSpinTime"/> for the run).
/// </summary>
internal static class BatchedQuick
{
    /// <summary>A batch's products as chunks for <see cref="GemmBatchRunner.Spread"/> (the runner's own wrapper is private).</summary>
    private sealed class ProductChunks(IGemmBatch batch) : IBatchChunks
    {
        public void RunChunk(int slab, int start, int stop)
        {
            for (int p = start; p < stop; p++) batch.Product(p);
        }
    }

    /// <summary>
    /// A batch's products on the GEMM workers with each slab's start and end time (ms after the job was made) and
    /// product count recorded: <paramref name="chunk"/> = 0 in contiguous halves, else in chunks claimed from a shared
    /// counter, a worker that has not started when the caller's slab returns called off (as the library's runner does).
    /// Shows when the worker starts, how the work divides (bench/RESULTS.md, "s20-batch") and on which CPU each slab started
    /// and ended (<c>@start,end</c>: a worker on the caller's CPU waited for the caller, "Session 23").
    /// </summary>
    private sealed class TimedSlabs(IGemmBatch batch, int count, int slabs, int chunk) : IGemmSlabJob
    {
        private readonly long t0 = Stopwatch.GetTimestamp();
        private readonly double[] start = new double[slabs], end = new double[slabs];
        private readonly int[] done = new int[slabs], startCpu = new int[slabs], endCpu = new int[slabs];

        // The CPU the thread runs on now (Linux; -1 elsewhere). Not Thread.GetCurrentProcessorId, which may be stale.
        [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "sched_getcpu")] private static extern int SchedGetCpu();
        private static int Cpu() => OperatingSystem.IsLinux() ? SchedGetCpu() : -1;
        private int next;

        public void RunSlab(int slab)
        {
            start[slab] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds; startCpu[slab] = Cpu();
            if (chunk == 0)
                Run(slab, (int)((long)count * slab / slabs), (int)((long)count * (slab + 1) / slabs));
            else
                for (int from; (from = Interlocked.Add(ref next, chunk) - chunk) < count;)
                    Run(slab, from, Math.Min(from + chunk, count));
            end[slab] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds; endCpu[slab] = Cpu();
        }

        private void Run(int slab, int from, int to)
        {
            for (int i = from; i < to; i++) batch.Product(i);
            done[slab] += to - from;
        }

        // A slab that never started (end still 0: called off, all chunks taken) shows as "off".
        public string Report() => string.Join(" ", Enumerable.Range(0, start.Length).Select(s => end[s] == 0 ? $"{s}:off" : $"{s}:{start[s]:F2}..{end[s]:F2}/{done[s]}@{startCpu[s]},{endCpu[s]}"));
    }

    public static int Run(string[] args)
    {
        int[] sizes = [16, 64];
        int count = 10_000, reps = 7;
        string[] types = ["double"];
        int[] prefetch = [];
        string[]? only = null;
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--sizes": sizes = Next().Split(',').Select(int.Parse).ToArray(); break;
                case "--count": count = int.Parse(Next()); break;
                case "--reps": reps = int.Parse(Next()); break;
                case "--types": types = Next().Split(','); break;
                case "--threads": BlasProvider.Threads = int.Parse(Next()); break;
                case "--prefetch": prefetch = Next().Split(',').Select(int.Parse).ToArray(); if (prefetch.Any(d => d is not (0 or 1))) { Console.Error.WriteLine("--prefetch takes 1 (the rule) and 0 (none); -1 (the requests before session 22) was removed"); return 2; } break;
                case "--forms": only = Next().Split(','); break;
                case "--reverse": Reverse = true; break;
                case "--evict-on-workers": EvictOnWorkers = true; break;
                case "--evict-mb": EvictionBuffer = new long[int.Parse(Next()) << 17]; break;
                case "--spin": BlasProvider.WorkerSpinTime = TimeSpan.FromMilliseconds(double.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture)); break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        }
        var info = BlasProvider.Current;
        Console.WriteLine($"# provider {info.Name} {info.LibraryPath} core={info.CoreName ?? "-"} config={info.Config}");
        Console.WriteLine($"# threads {BlasProvider.Threads}; worker spin {BlasProvider.WorkerSpinTime.TotalMilliseconds} ms; OPENBLAS_CORETYPE={Environment.GetEnvironmentVariable("OPENBLAS_CORETYPE") ?? "-"}; {Environment.ProcessorCount} cores; load average {LoadAverage()}; L3 {LastLevelCache()}; eviction {EvictionBuffer.Length >> 17} MB before every call{(EvictOnWorkers ? ", shared by the GEMM threads" : "")}");
        Console.WriteLine($"# small-product kernel: double {SmallGemm.Applies<double>(16, 16, 16)}@16 {SmallGemm.Applies<double>(64, 64, 64)}@64, float {SmallGemm.Applies<float>(16, 16, 16)}@16 {SmallGemm.Applies<float>(64, 64, 64)}@64");
        foreach (string type in types)
            foreach (int n in sizes)
            {
                if (type == "float") Measure<float>(type, n, count, reps, prefetch, only);
                else Measure<double>(type, n, count, reps, prefetch, only);
                PrintThreads($"after the timed {type} {n} runs");
            }
        Console.WriteLine($"# GEMM worker threads started: {GemmWorkerPool.WorkerCount}; load average {LoadAverage()}");
        return 0;
    }

    /// <summary>
    /// Every thread of the process by name with its CPU time so far (Linux): shows whether anything else (a BLAS's
    /// own worker threads, which OpenBLAS leaves unnamed, 'dotnet'; the JIT's background compiler) competed with the
    /// GEMM workers for the cores between two reports.
    /// </summary>
    private static void PrintThreads(string when)
    {
        if (!Directory.Exists("/proc/self/task")) return;
        var threads = new List<string>();
        foreach (var task in Directory.GetDirectories("/proc/self/task"))
        {
            try
            {
                string comm = File.ReadAllText(Path.Combine(task, "comm")).Trim();
                string[] stat = File.ReadAllText(Path.Combine(task, "stat")).Split(") ")[1].Split(' ');
                long ticks = long.Parse(stat[11]) + long.Parse(stat[12]); // utime + stime, in 10 ms ticks
                if (ticks > 0) threads.Add($"{Path.GetFileName(task)} '{comm}' {ticks * 10} ms");
            }
            catch (IOException) { } // the thread ended meanwhile
        }
        Console.WriteLine($"# thread CPU {when}: {string.Join(", ", threads)}");
    }

    internal static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "-";

    /// <summary>
    /// Unrelated memory read before every call: 64 MB by default (more than the AMD EPYC's L3 of sessions 19–23, and kept so
    /// the figures compare), <c>--evict-mb</c> to change it. The Intel Xeon this VM ran on in session 37 reports an L3 of
    /// 260 MB (printed in the header), which 64 MB does not empty (bench/RESULTS.md, "Session 37, listform").
    /// </summary>
    private static long[] EvictionBuffer = new long[64 << 17];

    /// <summary>The last-level cache's size as Linux reports it (e.g. "266240K"), or "-".</summary>
    private static string LastLevelCache()
    {
        const string l3 = "/sys/devices/system/cpu/cpu0/cache/index3/size";
        try { return File.Exists(l3) ? File.ReadAllText(l3).Trim() : "-"; }
        catch (IOException) { return "-"; }
    }

    /// <summary>
    /// Reads the eviction buffer (unrelated memory), so no form finds the previous form's matrices in the caches; with
    /// <c>--evict-on-workers</c> on every GEMM thread at once (each a share), so each core's own L2 is emptied too, and the
    /// workers then wait (spin) for the timed call as they do between a program's back-to-back batches.
    /// </summary>
    private static void Evict()
    {
        int slabs = Math.Min(BlasProvider.Threads, BlasProvider.MaxThreads);
        if (EvictOnWorkers && slabs > 1 && GemmWorkerPool.TryEnter())
        {
            try { GemmWorkerPool.Run(new EvictionSlabs(slabs), slabs); }
            finally { GemmWorkerPool.Exit(); }
            return;
        }
        EvictRange(0, EvictionBuffer.Length);
    }

    private static bool EvictOnWorkers, Reverse;

    private static void EvictRange(int from, int to)
    {
        long sum = 0;
        for (int i = from; i < to; i += 8) sum += EvictionBuffer[i];
        GC.KeepAlive(sum);
    }

    /// <summary>Slab s reads share s of the eviction buffer (every slab waited for: each core must read).</summary>
    private sealed class EvictionSlabs(int slabs) : IGemmSlabJob
    {
        public void RunSlab(int slab) => EvictRange((int)((long)EvictionBuffer.Length * slab / slabs), (int)((long)EvictionBuffer.Length * (slab + 1) / slabs));
    }

    private static unsafe bool ProviderBatch<T>(int n, int count, T[] a, T[] b, T[] c) where T : unmanaged, IFloatingPointIeee754<T>
    {
        fixed (T* pa = a, pb = b, pc = c)
            return CheckedBlas<T>.TryGemmStridedBatchedOnProvider(Transpose.None, Transpose.None, n, n, n, T.One, pa, n, n * n, pb, n, n * n, T.Zero, pc, n, n * n, count);
    }

    private static void Measure<T>(string type, int n, int count, int reps, int[] prefetch, string[]? only) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int block = n * n;
        var rng = new Random(42);
        // One element of slack so the misaligned form can start every block one element later.
        var a = new T[block * count + 1]; var b = new T[block * count + 1]; var c = new T[block * count + 1];
        for (int i = 0; i < a.Length; i++) { a[i] = T.CreateChecked(rng.NextDouble() * 2 - 1); b[i] = T.CreateChecked(rng.NextDouble() * 2 - 1); }
        var am = Enumerable.Range(0, count).Select(i => new Matrix<T>(n, n, a.AsSpan(i * block, block).ToArray())).ToArray();
        var bm = Enumerable.Range(0, count).Select(i => new Matrix<T>(n, n, b.AsSpan(i * block, block).ToArray())).ToArray();
        var cm = Enumerable.Range(0, count).Select(_ => new Matrix<T>(n, n)).ToArray();

        void Loop()
        {
            for (int i = 0; i < count; i++)
                Blas.Gemm(Transpose.None, Transpose.None, n, n, n, T.One, a.AsSpan(i * block, block), n, b.AsSpan(i * block, block), n, T.Zero, c.AsSpan(i * block, block), n);
        }
        void Strided() => Blas.GemmStridedBatched(Transpose.None, Transpose.None, n, n, n, T.One, a, n, block, b, n, block, T.Zero, c, n, block, count);
        void StridedOff() => Blas.GemmStridedBatched(Transpose.None, Transpose.None, n, n, n, T.One, a.AsSpan(1), n, block, b.AsSpan(1), n, block, T.Zero, c.AsSpan(1), n, block, count);
        void List() => Blas.GemmBatched(T.One, am, bm, T.Zero, cm);
        // The list form's three phases as Blas.GemmBatched runs them, each timed: where its time goes beyond
        // validation alone + products alone (each of those timed cold, after the eviction).
        var phaseLog = new List<string>();
        var phaseLogClearInRelease = new List<string>();
        void ListPhased() => Phased(false);
        // The same with the records cleared in Release after the products, as before session 37 (list:phased-clear-in-release).
        void ListPhasedClearInRelease() => Phased(true);
        void Phased(bool clearInRelease)
        {
            long t0 = Stopwatch.GetTimestamp();
            var batch = MatrixGemmBatch<T>.Validate(T.One, am, bm, T.Zero, cm);
            if (clearInRelease) batch.KeepSnapshot();
            long t1 = Stopwatch.GetTimestamp();
            batch.RunProducts();
            long t2 = Stopwatch.GetTimestamp();
            batch.Release();
            long t3 = Stopwatch.GetTimestamp();
            double Ms(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;
            (clearInRelease ? phaseLogClearInRelease : phaseLog).Add($"{Ms(t0, t1):F2}+{Ms(t1, t2):F2}+{Ms(t2, t3):F2}");
        }
        // The list form with the records cleared in Release after the products (before session 37).
        void ListClearInRelease()
        {
            var batch = MatrixGemmBatch<T>.Validate(T.One, am, bm, T.Zero, cm);
            batch.KeepSnapshot();
            try { batch.RunProducts(); } finally { batch.Release(); }
        }
        var validated = MatrixGemmBatch<T>.Validate(T.One, am, bm, T.Zero, cm);
        validated.KeepSnapshot(); // its products run in many forms and rounds
        void ListValidation() => MatrixGemmBatch<T>.Validate(T.One, am, bm, T.Zero, cm).Release();
        // The validating pass in order on the calling thread (before s20-list), alone and as the list form's first phase.
        void ListValidation1() => MatrixGemmBatch<T>.Validate(T.One, am, bm, T.Zero, cm, spread: false).Release();
        // The validating pass without prefetching the matrices ahead (before s22-listcheck): spread over the workers as the
        // public call runs it, in order, and the list form with the former (list:no-prefetch).
        void ListValidationNoPrefetch() => MatrixGemmBatch<T>.Validate(T.One, am, bm, T.Zero, cm, spread: true, prefetch: false).Release();
        void ListValidation1NoPrefetch() => MatrixGemmBatch<T>.Validate(T.One, am, bm, T.Zero, cm, spread: false, prefetch: false).Release();
        void ListNoPrefetch()
        {
            var batch = MatrixGemmBatch<T>.Validate(T.One, am, bm, T.Zero, cm, spread: true, prefetch: false);
            try { batch.RunProducts(); } finally { batch.Release(); }
        }
        void ListValidated1()
        {
            var batch = MatrixGemmBatch<T>.Validate(T.One, am, bm, T.Zero, cm, spread: false);
            try { batch.RunProducts(); } finally { batch.Release(); }
        }
        void ListProducts() { for (int i = 0; i < count; i++) validated.Product(i); }
        void ListProductsBatched() => validated.RunProducts();
        // The loop over the list's own matrices (the same arrays the list form reads).
        void LoopList() { for (int i = 0; i < count; i++) Blas.Gemm(T.One, am[i], bm[i], T.Zero, cm[i]); }
        // The validated list's products on the provider's threads, timed per thread: in contiguous halves, every worker
        // waited for (the runner before s20), and in chunks from one shared counter, unstarted workers called off (the
        // runner's second s20 version; it now claims chunks of each thread's own range first: list:products).
        var slabLogs = new Dictionary<bool, List<string>> { [false] = [], [true] = [] };
        void Timed(bool chunks)
        {
            int slabs = Math.Min(BlasProvider.Threads, BlasProvider.MaxThreads);
            var job = new TimedSlabs(validated, count, slabs, chunks ? GemmBatchRunner.ChunkSize((long)n * n * n) : 0);
            if (!GemmWorkerPool.TryEnter()) return;
            try { GemmWorkerPool.Run(job, slabs, skipUnstarted: chunks); } finally { GemmWorkerPool.Exit(); }
            slabLogs[chunks].Add(job.Report());
        }
        void TimedHalves() => Timed(false);
        void TimedChunks() => Timed(true);
        // The validation with the exact storage-identity check (a set keyed by reference) instead of the
        // address proof, and that exact check alone.
        void ListValidationExact() => MatrixGemmBatch<T>.Validate(T.One, am, bm, T.Zero, cm, exactStorageCheck: true).Release();
        void ListStorageExact() => validated.CheckStorageExactly();
        // The address proof alone (the storage check the list form runs), on the batch's addresses taken beforehand.
        nint[] proofAddresses = [.. cm.Select(m => StorageAddresses.Of(m.Storage)), .. am.Select(m => StorageAddresses.Of(m.Storage)), .. bm.Select(m => StorageAddresses.Of(m.Storage))];
        void ListAddressProof() => StorageAddresses.ProvedDistinct(proofAddresses.AsSpan(0, count), proofAddresses.AsSpan(count), GC.CollectionCount(0));
        // The provider's own batch routine (MKL's cblas_?gemm_batch_strided), which the strided form no longer
        // takes for small products: the comparison behind that rule.
        bool hasBatchRoutine = ProviderBatch(n, 1, a, b, c);
        void ProviderBatchRoutine() => ProviderBatch(n, count, a, b, c);

        Action[] forms = [Loop, LoopList, Strided, StridedOff, List, ListValidated1, ListPhased, ListValidation, ListValidation1, ListValidationExact, ListStorageExact, ListAddressProof, ListProducts, ListProductsBatched, TimedHalves, TimedChunks, ListNoPrefetch, ListValidationNoPrefetch, ListValidation1NoPrefetch, List, .. (hasBatchRoutine ? new Action[] { ProviderBatchRoutine } : [])];
        string[] names = ["loop", "loop-list", "strided", "strided+8B", "list", "list:validation-1-thread+products", "list:phased", "list:validation", "list:validation-1-thread", "list:validation-exact", "list:storage-exact", "list:address-proof", "list:products-1-thread", "list:products", "list:products-halves-timed", "list:products-chunks-timed", "list:no-prefetch", "list:validation-no-prefetch", "list:validation-1-thread-no-prefetch", "list:again-last", .. (hasBatchRoutine ? new[] { "provider-batch-routine" } : [])];
        // The strided batch's products in order on this thread (no workers), as the batch runs each of them.
        unsafe void StridedProducts1()
        {
            fixed (T* pa = a, pb = b, pc = c)
            {
                var batch = new StridedGemmBatch<T>(Transpose.None, Transpose.None, n, n, n, T.One, pa, n, block, block, pb, n, block, block, T.Zero, pc, n, block, block, true, count);
                for (int i = 0; i < count; i++) batch.Product(i);
            }
        }
        // The same on one thread with every product reading the first A and B (strides 0: the inputs stay in the caches,
        // only C streams) and with every product writing the first C too (nothing streams: the kernel's warm time).
        unsafe void StridedProductsSharedInputs(bool sharedC)
        {
            fixed (T* pa = a, pb = b, pc = c)
            {
                var batch = new StridedGemmBatch<T>(Transpose.None, Transpose.None, n, n, n, T.One, pa, n, 0, block, pb, n, 0, block, T.Zero, pc, n, sharedC ? 0 : block, block, true, count);
                for (int i = 0; i < count; i++) batch.Product(i);
            }
        }
        // The strided batch's products through the provider's own GEMM (one call each, as the batch runs products it does not
        // route to SmallGemm) on the batch's threads, spread as GemmBatchRunner spreads products, and in order on this
        // thread: whether concurrent small native calls beat the managed kernel on both threads (session 45, batch50).
        unsafe void StridedProviderProducts(bool spread)
        {
            fixed (T* pa = a, pb = b, pc = c)
            {
                var batch = new StridedGemmBatch<T>(Transpose.None, Transpose.None, n, n, n, T.One, pa, n, block, block, pb, n, block, block, T.Zero, pc, n, block, block, false, count);
                if (spread) GemmBatchRunner.Spread(new ProductChunks(batch), count, GemmBatchRunner.ChunkSize((long)n * n * n), GemmBatchRunner.SpreadSlabs(count));
                else for (int i = 0; i < count; i++) batch.Product(i);
            }
        }
        // The strided batch's products on the runner without its validation (the public strided call less its O(1) checks and
        // pinning), and the list's products rebuilt one piece at a time (ListProductParts; session 46, batch51): where a list
        // product's time goes beyond a strided product's.
        unsafe void StridedProducts()
        {
            fixed (T* pa = a, pb = b, pc = c)
            {
                var batch = new StridedGemmBatch<T>(Transpose.None, Transpose.None, n, n, n, T.One, pa, n, block, block, pb, n, block, block, T.Zero, pc, n, block, block, true, count);
                GemmBatchRunner.Run(batch, count, (long)n * n * n, (long)n * n * n * count, managedProducts: true);
            }
        }
        // The strided batch's products on this thread through the batch's own chunk loop (one plan for every product,
        // SmallGemm.RunOneWidth, session 48) — against strided:products-1-thread, one Product call at a time as before —,
        // with fresh operands and with every product on the first A, B and C (warm: the per-product cost without the memory's).
        unsafe void StridedChunk1(bool shared)
        {
            fixed (T* pa = a, pb = b, pc = c)
            {
                int stride = shared ? 0 : block;
                var batch = new StridedGemmBatch<T>(Transpose.None, Transpose.None, n, n, n, T.One, pa, n, stride, block, pb, n, stride, block, T.Zero, pc, n, stride, block, true, count);
                batch.RunChunk(0, 0, count);
            }
        }
        // The public strided call and its products on the runner with each product through SmallGemm.Run as before session 48
        // (GemmBatchRunner.PlanStridedBatches off).
        void PerProduct(Action form)
        {
            GemmBatchRunner.PlanStridedBatches = false;
            try { form(); } finally { GemmBatchRunner.PlanStridedBatches = true; }
        }
        forms = [.. forms, () => StridedChunk1(false), () => StridedChunk1(true), () => PerProduct(Strided), () => PerProduct(StridedProducts)];
        names = [.. names, "strided:chunks-1-thread", "strided:chunks-1-thread-shared-ABC", "strided@per-product", "strided:products@per-product"];
        var partLevels = Enum.GetValues<ListProductParts<T>.Level>();
        var parts = partLevels.Select(l => new ListProductParts<T>(l, n, T.One, am, bm, T.Zero, cm)).ToArray();
        forms = [.. forms, StridedProducts, .. parts.Select(p => (Action)p.Run)];
        names = [.. names, "strided:products", .. partLevels.Select(l => "parts:" + l.ToString().ToLowerInvariant())];
        forms = [.. forms, StridedProducts1, () => StridedProductsSharedInputs(false), () => StridedProductsSharedInputs(true), ListClearInRelease, ListPhasedClearInRelease, () => StridedProviderProducts(true), () => StridedProviderProducts(false)];
        names = [.. names, "strided:products-1-thread", "strided:products-1-thread-shared-AB", "strided:products-1-thread-shared-ABC", "list:clear-in-release", "list:phased-clear-in-release", "strided:provider-products", "strided:provider-products-1-thread"];
        // --prefetch 1,0,-1: the batch forms again under each GemmBatchRunner.PrefetchMode (1 the library's rule, 0 no
        // requests, -1 the requests before s22), alternating with the rest.
        var extraForms = new List<Action>();
        var extraNames = new List<string>();
        foreach (int d in prefetch)
        {
            foreach (var (form, name) in new (Action, string)[] { (Strided, "strided"), (StridedProducts1, "strided:products-1-thread"), (() => StridedProductsSharedInputs(true), "strided:products-1-thread-shared-ABC"), (List, "list"), (ListProducts, "list:products-1-thread"), (ListProductsBatched, "list:products") })
            {
                int distance = d;
                extraForms.Add(() =>
                {
                    int saved = GemmBatchRunner.PrefetchMode;
                    GemmBatchRunner.PrefetchMode = distance;
                    try { form(); } finally { GemmBatchRunner.PrefetchMode = saved; }
                });
                extraNames.Add($"{name}@{(d == 1 ? "rule" : "none")}");
            }
        }
        // The batch forms with the upcoming lines requested as before session 48 (a share in a burst before each block of
        // columns, SmallGemm.BlockRequests), alternating with the rest: form:block-requests.
        foreach (var (form, name) in new (Action, string)[] { (Strided, "strided"), (StridedProducts1, "strided:products-1-thread"), (() => StridedProductsSharedInputs(true), "strided:products-1-thread-shared-ABC"), (List, "list") })
        {
            extraForms.Add(() =>
            {
                SmallGemm.BlockRequests = true;
                try { form(); } finally { SmallGemm.BlockRequests = false; }
            });
            extraNames.Add($"{name}:block-requests");
        }
        // The list form, its validation and the address proof alone with the proof's table of single slots as before session 49
        // (StorageAddresses.Buckets off): form:slots.
        foreach (var (form, name) in new (Action, string)[] { (List, "list"), (ListValidation, "list:validation"), (ListValidation1, "list:validation-1-thread"), (ListAddressProof, "list:address-proof") })
        {
            extraForms.Add(() =>
            {
                StorageAddresses.Buckets = false;
                try { form(); } finally { StorageAddresses.Buckets = true; }
            });
            extraNames.Add($"{name}:slots");
        }
        forms = [.. forms, .. extraForms];
        names = [.. names, .. extraNames];
        if (Reverse)
        {
            // The loop stays first; the others in the opposite order (a form's position in the round changes its time:
            // sessions 22 and 37), so two forms compared are timed in both orders across processes.
            forms = [forms[0], .. forms[1..].Reverse()];
            names = [names[0], .. names[1..].Reverse()];
        }
        if (only is not null)
        {
            // The loop stays first: every ratio is to it.
            var keep = Enumerable.Range(0, forms.Length).Where(f => f == 0 || only.Any(o => names[f] == o || (o.EndsWith('*') && names[f].StartsWith(o[..^1])))).ToArray();
            forms = [.. keep.Select(f => forms[f])];
            names = [.. keep.Select(f => names[f])];
        }
        // Each form is called twice in a row, each call after the eviction: "first" (after the previous form) and "again"
        // (the same call repeated, as a program calling it in a loop does). The loops of single calls run after a pause
        // longer than BlasProvider.WorkerSpinTime, so no worker is still waiting on the other core while they run (a user
        // who only loops has none); a batch's first call therefore finds the workers asleep, its second finds them waiting
        // (bench/RESULTS.md, "Session 23"). The headline columns are the repeated call's; first= is the first call's.
        var best = new double[forms.Length];
        var bestFirst = new double[forms.Length];
        var cpuOfBest = new double[forms.Length];
        Array.Fill(best, double.MaxValue);
        Array.Fill(bestFirst, double.MaxValue);
        var rest = BlasProvider.WorkerSpinTime + TimeSpan.FromMilliseconds(5);
        // Warm-up (JIT, worker threads, BLAS buffers): rounds -3 to -1 run exactly as the timed ones and are not kept,
        // each followed by a pause. The JIT recompiles methods that reached its call-count threshold (the forms, and the
        // timing loop's own calls) on a background thread about 100 ms after the last new tier-0 call; with one bare
        // call per form as the warm-up it did so during the timed runs, on the core the batch's second thread needs
        // (the thread CPU lines: '.NET Tiered Com' gained 60–120 ms within them).
        var gcs = new int[forms.Length];
        for (int r = -3; r < reps; r++)
        {
            if (r == 0) PrintThreads($"before the timed {type} {n} runs");
            for (int f = 0; f < forms.Length; f++)
            {
                if (names[f].StartsWith("loop")) Thread.Sleep(rest);
                for (int call = 0; call < 2; call++)
                {
                    Evict(); // every call starts cold: the forms share some buffers, and a repeated call its own
                    if (EvictOnWorkers && names[f].StartsWith("loop")) Thread.Sleep(rest); // the workers evicted too: let them stop spinning
                    var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
                    int gc0 = GC.CollectionCount(0);
                    long t0 = Stopwatch.GetTimestamp();
                    forms[f]();
                    double ms = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
                    if (r < 0) continue;
                    gcs[f] += GC.CollectionCount(0) - gc0;
                    if (call == 0) bestFirst[f] = Math.Min(bestFirst[f], ms);
                    else if (ms < best[f])
                    {
                        best[f] = ms;
                        cpuOfBest[f] = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMilliseconds;
                    }
                }
            }
            if (r < 0) Thread.Sleep(300);
        }
        // The strided forms' products against the loop's (not a test: shows the forms compute the same products): the largest
        // difference over every element, relative to the largest |C| of the loop's.
        {
            Loop();
            var reference = (T[])c.Clone();
            T scale = T.Zero;
            foreach (var v in reference) scale = T.Max(scale, T.Abs(v));
            foreach (var (form, name) in new (Action, string)[] { (Strided, "strided"), (() => StridedProviderProducts(true), "strided:provider-products"), (() => StridedProviderProducts(false), "strided:provider-products-1-thread") })
            {
                Array.Clear(c);
                form();
                T worst = T.Zero;
                for (int i = 0; i < block * count; i++) worst = T.Max(worst, T.Abs(c[i] - reference[i]));
                Console.WriteLine($"# {type} {n} check {name} vs loop: max |ΔC| / max |C| = {double.CreateChecked(worst / scale):E2} (machine ε {(typeof(T) == typeof(float) ? 1.19e-7 : 2.22e-16):E2})");
            }
        }
        for (int f = 0; f < forms.Length; f++)
            Console.WriteLine($"batched {type} {names[f]} {n} {count} {best[f]:F2} {best[f] / best[0]:F2} {cpuOfBest[f] / best[f]:F2} gc={gcs[f]} first={bestFirst[f]:F2} ({bestFirst[f] / bestFirst[0]:F2})");
        Console.WriteLine($"# {type} {n} list:phased (validation+products+release ms; 3 warm-up rounds, then per rep): " + string.Join(" | ", phaseLog));
        if (phaseLogClearInRelease.Count > 0)
            Console.WriteLine($"# {type} {n} list:phased-clear-in-release (the same, records cleared in Release): " + string.Join(" | ", phaseLogClearInRelease));
        foreach (bool chunks in new[] { false, true })
            Console.WriteLine($"# {type} {n} timed {(chunks ? "chunks" : "halves")} (slab: start..end ms after the post, products; 3 warm-up rounds, then per rep): " + string.Join(" | ", slabLogs[chunks]));
        foreach (var p in parts) p.Dispose();
    }
}
