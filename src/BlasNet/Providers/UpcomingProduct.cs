using System.Runtime.Intrinsics.X86;

namespace BlasNet.Providers;

/// <summary>
/// A later product's operands as a batch will read them (A and B, each a block of rows in memory, and C's block where the batch
/// gives it: requested last, the nearest to its use), for
/// <see cref="SmallGemm.RunPrefetching"/> to request ahead, share by share; default: nothing to request. A request
/// never faults, so an address the GC has since moved only wastes the request.
/// </summary>
/// <remarks>
/// The shares are counted in runs (rows, or lines of a contiguous block) over the blocks in turn, from one
/// cursor, so a share costs no division. The kernel's widest tiles take the lines instead a run of consecutive lines at a
/// time (<see cref="Take"/>) and request one per step of their k loop (<see cref="UpcomingLineRequests"/>).
/// </remarks>
internal unsafe struct UpcomingProduct
{
    private Block a, b, c;
    private int block, run; // the cursor: the next run to request, in block a, b or c (0, 1, 2; 3: all requested)
    private int line;       // and the next line of that run (Take only; Request takes whole runs)

    /// <summary>The three blocks, A's, B's and C's (requested in that order, C the nearest to its use): for each the first
    /// element (null: nothing to request), its rows, the row length in elements and the leading dimension.</summary>
    public UpcomingProduct(void* a, int aRows, int aCols, int lda, void* b, int bRows, int bCols, int ldb, void* c, int cRows, int cCols, int ldc, int elementSize)
    {
        this.a = new Block((byte*)a, aRows, aCols, lda, elementSize);
        this.b = new Block((byte*)b, bRows, bCols, ldb, elementSize);
        this.c = new Block((byte*)c, cRows, cCols, ldc, elementSize);
        if (Runs == 0) block = 3;
    }

    /// <summary>A's and B's blocks alone (no C to request).</summary>
    public UpcomingProduct(void* a, int aRows, int aCols, int lda, void* b, int bRows, int bCols, int ldb, int elementSize)
        : this(a, aRows, aCols, lda, b, bRows, bCols, ldb, null, 0, 0, 0, elementSize) { }

    /// <summary>Runs in all the blocks.</summary>
    public readonly int Runs => a.Runs + b.Runs + c.Runs;

    /// <summary>Requests the next <paramref name="runs"/> runs (rows or lines) into the caches, continuing where the last call stopped.</summary>
    public void Request(int runs)
    {
        if (!Sse.IsSupported) return;
        while (runs > 0 && block < 3)
        {
            ref readonly Block x = ref block == 0 ? ref a : ref block == 1 ? ref b : ref c;
            int to = Math.Min(x.Runs, run + runs);
            x.Request(run, to);
            runs -= to - run;
            if (to == x.Runs) { block++; run = 0; }
            else run = to;
            line = 0;
        }
    }

    /// <summary>
    /// Takes up to <paramref name="maxLines"/> of the lines not yet requested that lie one after the other in memory
    /// (of a contiguous block, or of one row), <paramref name="from"/> to <paramref name="to"/> (exclusive), for the
    /// caller to request; from = to when nothing is left. Continues the cursor <see cref="Request"/> uses.
    /// </summary>
    public void Take(int maxLines, out byte* from, out byte* to)
    {
        from = to = null;
        if (!Sse.IsSupported) return;
        while (block < 3)
        {
            ref readonly Block x = ref block == 0 ? ref a : ref block == 1 ? ref b : ref c;
            if (run >= x.Runs) { block++; run = 0; line = 0; continue; }
            from = x.Line(run, line);
            if (x.Contiguous)
            {
                int stop = Math.Min(x.Runs, run + maxLines); // a contiguous block: its runs are its lines
                to = from + ((nint)(stop - run) << 6);
                run = stop;
            }
            else
            {
                int stop = Math.Min(x.RunLines, line + maxLines);
                to = from + ((nint)(stop - line) << 6);
                if (stop == x.RunLines) { run++; line = 0; }
                else line = stop;
            }
            if (run == x.Runs) { block++; run = 0; line = 0; }
            return;
        }
    }

    /// <summary>
    /// Rows of a block as runs of cache lines: a contiguous block (ld = row length) is one run per line;
    /// otherwise each row is a run.
    /// </summary>
    private readonly struct Block
    {
        private readonly byte* start; // the first line of the first run
        public readonly int Runs;     // runs (rows, or lines of a contiguous block)
        private readonly int runLines; // lines per run
        /// <summary>Lines per run.</summary>
        public int RunLines => runLines;
        /// <summary>Whether the runs are the consecutive lines of one contiguous block.</summary>
        public bool Contiguous => stride == 64 && runLines == 1;
        private readonly nint stride; // bytes from one run to the next

        public Block(byte* first, int rows, int cols, int ld, int elementSize)
        {
            if (first == null || rows <= 0 || cols <= 0) return; // nothing to request
            nint rowBytes = (nint)cols * elementSize;
            start = (byte*)((nint)first & ~(nint)63);
            if (ld == cols || rows == 1)
            {
                byte* end = first + (rows - 1) * (nint)ld * elementSize + rowBytes;
                Runs = (int)((end - start + 63) >> 6);
                runLines = 1;
                stride = 64;
            }
            else
            {
                Runs = rows;
                stride = (nint)ld * elementSize;
                // Lines from the row's first line: as the first row lies, plus one when rows shift against the lines.
                runLines = (int)((first + rowBytes - start + 63) >> 6) + ((stride & 63) == 0 ? 0 : 1);
            }
        }

        /// <summary>The address of line <paramref name="l"/> of run <paramref name="r"/>.</summary>
        public byte* Line(int r, int l) => start + r * stride + ((nint)l << 6);

        public void Request(int from, int to)
        {
            for (int r = from; r < to; r++)
            {
                byte* line = start + r * stride;
                for (int l = 0; l < runLines; l++) Sse.Prefetch0(line + ((nint)l << 6));
            }
        }
    }
}
