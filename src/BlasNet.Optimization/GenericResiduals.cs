using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace BlasNet.Optimization;

/// <summary>
/// An <see cref="IResidualModel"/> seen as the solver's in-place residual and Jacobian functions: residuals with
/// T = double, the Jacobian with T = <see cref="Jet{TLanes}"/>, 4, 8, 12 or 16 columns per pass (⌈n/lanes⌉ passes), or
/// with T = <see cref="Dual"/>, one column per pass (n passes). The buffers are allocated once, so neither function allocates.
/// <para>
/// The width, where AVX-512 runs in hardware: the narrowest of 4 (Vector256), 8 (Vector512), 12 (Vector512 + Vector256)
/// and 16 (two Vector512) lanes that holds all n columns, so one pass for n ≤ 16. With AVX2 only: 12 lanes in three
/// Vector256 for 9 ≤ n ≤ 12 (one pass, 1.7–3× faster than three 4-lane passes on the large fit, bench/RESULTS.md
/// "Session 21, s21-jet"), else 4 lanes (Vector256); one-direction Duals without hardware vectors. A pass's scalar work
/// (exp, log, the divisions of the value) is shared by its lanes, so fewer passes win; the narrowest width that fits,
/// because a 512-bit operation costs two 256-bit ones on the AMD EPYC (Zen 4) measured in bench/RESULTS.md ("Jacobian
/// modes on one generic model").
/// </para>
/// <para>
/// A model in the row form (<see cref="IRowResidualModel"/>) is run with jets over blocks of 8 to <see cref="BlockRows"/>
/// rows (<see cref="RowBlock"/>), each block's partials copied into the Jacobian while still in L1: no buffer of m jets
/// (27 MB for 200 000 rows with 16 lanes) written and read back per pass. Its first Jacobian also checks the row form
/// against the whole-vector one.
/// </para>
/// <para>
/// With more than one thread (<see cref="LevenbergMarquardtOptions.MaxDegreeOfParallelism"/>) a row-form model's residual
/// and Jacobian passes run over contiguous ranges of rows (<see cref="RowRanges"/>), each range with its own block buffer,
/// the blocks the same as on one thread: every row's value and partials are computed as on one thread, so the results are
/// equal bit for bit. Other models are evaluated whole, on the calling thread.
/// </para>
/// </summary>
internal sealed class GenericResiduals
{
    private readonly IResidualModel model;
    private readonly int n;
    private readonly Action<ReadOnlySpan<double>, Span<double>, bool> jacobian;

    /// <param name="model">The model.</param>
    /// <param name="n">The number of parameters.</param>
    /// <param name="lanes">Directions per Jacobian pass: 1 (Dual), 4, 8, 12 (<see cref="JetLanes12"/> where AVX-512 runs,
    /// else <see cref="JetLanes12x256"/>), <see cref="ThreeVector256Lanes"/> (12 in three Vector256, forced), 16, or 0 for the
    /// choice above (tests and the benchmark force each).</param>
    /// <param name="threads">Threads for the passes of a row-form model (1: the calling thread only).</param>
    public GenericResiduals(IResidualModel model, int n, int lanes = 0, int threads = 1)
    {
        this.model = model;
        this.n = n;
        Threads = model is IRowResidualModel ? threads : 1;
        sharedParameters = new double[n];
        M = model.ResidualCount;
        lanes = ResolveLanes(n, lanes);
        Lanes = Math.Abs(lanes);
        jacobian = lanes switch
        {
            1 => DualJacobian(),
            4 => JetJacobian<JetLanes4>(),
            8 => JetJacobian<JetLanes8>(),
            12 => JetJacobian<JetLanes12>(),
            ThreeVector256Lanes => JetJacobian<JetLanes12x256>(),
            16 => JetJacobian<JetLanes16>(),
            _ => throw new ArgumentOutOfRangeException(nameof(lanes), lanes, "Lanes per Jacobian pass must be 0, 1, 4, 8, 12 or 16."),
        };
    }

    // The lanes argument the constructor runs with: the choice above for 0, 12 in three Vector256 without AVX-512.
    private static int ResolveLanes(int n, int lanes)
    {
        if (lanes == 0)
            lanes = JetLanes8.IsAccelerated ? (n <= 4 ? 4 : n <= 8 ? 8 : n <= 12 ? 12 : 16)
                : JetLanes4.IsAccelerated ? (n is > 8 and <= 12 ? 12 : 4) : 1;
        if (lanes == 12 && !JetLanes12.IsAccelerated) lanes = ThreeVector256Lanes;
        return lanes;
    }

    /// <summary>
    /// Bytes per residual of the buffer of m jets (or Duals) the constructor allocates for a whole-vector model's Jacobian
    /// passes: 0 for a row-form model fitted with jets (its blocks are of at most <see cref="BlockRows"/> rows). Lets the
    /// solver refuse a problem too large for memory before the constructor allocates anything.
    /// </summary>
    public static long WholeBufferBytesPerResidual(IResidualModel model, int n, int lanes)
    {
        lanes = ResolveLanes(n, lanes);
        if (lanes == 1) return Unsafe.SizeOf<Dual>();
        if (model is IRowResidualModel) return 0;
        return lanes switch
        {
            4 => Unsafe.SizeOf<Jet<JetLanes4>>(),
            8 => Unsafe.SizeOf<Jet<JetLanes8>>(),
            12 => Unsafe.SizeOf<Jet<JetLanes12>>(),
            ThreeVector256Lanes => Unsafe.SizeOf<Jet<JetLanes12x256>>(),
            16 => Unsafe.SizeOf<Jet<JetLanes16>>(),
            _ => 0, // the constructor refuses it
        };
    }

    /// <summary>The <c>lanes</c> argument that forces 12 lanes in three Vector256 (<see cref="JetLanes12x256"/>, the AVX2
    /// type) whatever the hardware, so tests run that path where AVX-512 runs too.</summary>
    internal const int ThreeVector256Lanes = -12;

    public int M { get; }

    /// <summary>Threads per pass: the option's count for a row-form model, 1 for a whole-vector one.</summary>
    public int Threads { get; }

    // x for the ranges of a parallel pass (a span cannot be captured); read, never written, by the threads.
    private readonly double[] sharedParameters;

    /// <summary>Directions per Jacobian pass (1 = <see cref="Dual"/>).</summary>
    public int Lanes { get; }

    /// <summary>Rows per call of <see cref="IRowResidualModel.EvaluateRows{T}"/> in a Jacobian pass (0 when the model is
    /// evaluated whole).</summary>
    public int RowBlock { get; private set; }

    public void Residuals(ReadOnlySpan<double> x, Span<double> r)
    {
        if (Threads > 1) ParallelResiduals((IRowResidualModel)model, x, r);
        else model.Evaluate(x, r);
        if (keepFirstResiduals)
        {
            // The solver's first Jacobian is at the x of its first residuals: kept, the row-form check needs no evaluation.
            // Written into the solver's own residual vector (SolverResiduals), they are read there, not copied.
            keepFirstResiduals = false;
            firstX = x.ToArray();
            firstResiduals = IsSolverVector(r) ? solverResiduals : r.ToArray();
        }
        else if (firstResiduals is not null && ReferenceEquals(firstResiduals, solverResiduals) && IsSolverVector(r))
            firstX = firstResiduals = null; // overwritten before the first Jacobian: that Jacobian evaluates them again
    }

    /// <summary>
    /// The solver's residual vector (m values), which its first evaluation fills: the row form's check then reads the first
    /// residuals there at the first Jacobian instead of keeping a copy (1.6 MB of fresh memory a fit for 200 000 rows). The
    /// solver writes that vector only through <see cref="Residuals"/> until its first Jacobian (which comes before any
    /// accepted step), and a later evaluation into it drops the reference.
    /// </summary>
    public void SolverResiduals(double[] residuals) => solverResiduals = residuals;

    private double[]? solverResiduals;

    private bool IsSolverVector(ReadOnlySpan<double> r)
        => solverResiduals is not null && r.Length == solverResiduals.Length
            && Unsafe.AreSame(ref MemoryMarshal.GetReference(r), ref MemoryMarshal.GetArrayDataReference(solverResiduals));

    // The rows of the whole-vector pass over Threads ranges; r is pinned for the length of the pass, which Run waits for.
    private unsafe void ParallelResiduals(IRowResidualModel rows, ReadOnlySpan<double> x, Span<double> r)
    {
        x.CopyTo(sharedParameters);
        double[] p = sharedParameters;
        fixed (double* pinned = r)
        {
            nint address = (nint)pinned;
            // Ranges of whole row blocks, as the Jacobian pass: a model of fewer rows than that runs as one range.
            RowRanges.Run(M, Threads, BlockRows, (_, start, count) => rows.EvaluateRows<double>(p, start, new Span<double>((double*)address + start, count)));
        }
    }

    // The row-block path's first Jacobian compares its values with the whole-vector residuals at the same x (CheckValues).
    private bool keepFirstResiduals;
    private double[]? firstX, firstResiduals;

    /// <summary>The m×n Jacobian, row-major, at x.</summary>
    public void Jacobian(ReadOnlySpan<double> x, Span<double> j) => jacobian(x, j, false);

    /// <summary>The m×n Jacobian, column-major (column j at [j·m, (j+1)·m)), at x: the solver's own layout.</summary>
    public void ColumnMajorJacobian(ReadOnlySpan<double> x, Span<double> j) => jacobian(x, j, true);

    private Action<ReadOnlySpan<double>, Span<double>, bool> DualJacobian()
    {
        var parameters = new Dual[n];
        var residuals = new Dual[M];
        return (x, jac, columnMajor) =>
        {
            int m = M;
            for (int j = 0; j < n; j++)
            {
                for (int k = 0; k < n; k++) parameters[k] = new Dual(x[k], k == j ? 1 : 0);
                model.Evaluate<Dual>(parameters, residuals);
                if (columnMajor)
                    for (int i = 0; i < m; i++) jac[j * m + i] = residuals[i].Derivative;
                else
                    for (int i = 0; i < m; i++) jac[i * n + j] = residuals[i].Derivative;
            }
        };
    }

    private Action<ReadOnlySpan<double>, Span<double>, bool> JetJacobian<TLanes>() where TLanes : struct, IJetLanes<TLanes>
        => model is IRowResidualModel rows ? RowBlockJetJacobian<TLanes>(rows) : WholeJetJacobian<TLanes>();

    // The parameters as jets of pass `first / lanes`: x[k] with the unit partial of lane k − first for the pass's columns,
    // constants for the others.
    private static void SeedPass<TLanes>(ReadOnlySpan<double> x, int first, Span<Jet<TLanes>> parameters) where TLanes : struct, IJetLanes<TLanes>
    {
        int count = Math.Min(TLanes.Count, parameters.Length - first);
        for (int k = 0; k < parameters.Length; k++)
            parameters[k] = k >= first && k < first + count ? new(x[k], TLanes.Unit(k - first)) : new(x[k]);
    }

    private Action<ReadOnlySpan<double>, Span<double>, bool> WholeJetJacobian<TLanes>() where TLanes : struct, IJetLanes<TLanes>
    {
        var parameters = new Jet<TLanes>[n];
        // Uninitialised: every pass overwrites all m jets (the model writes every residual), so zeroing the buffer
        // (up to 136 bytes a residual) first would only be one more pass over memory.
        var residuals = GC.AllocateUninitializedArray<Jet<TLanes>>(M);
        return (x, jac, columnMajor) =>
        {
            for (int first = 0; first < n; first += TLanes.Count)
            {
                SeedPass<TLanes>(x, first, parameters);
                model.Evaluate<Jet<TLanes>>(parameters, residuals);
                CopyPartials<TLanes>(residuals, 0, first, jac, columnMajor);
            }
        };
    }

    /// <summary>The most rows per call of <see cref="IRowResidualModel.EvaluateRows{T}"/> in a Jacobian pass, and the rows
    /// per run of a column in the copy: 64 jets of at most 136 bytes (8.5 KB) stay in L1 between being written and read.</summary>
    internal const int BlockRows = 64;

    // Block by block: every pass over one block of rows, each copied out while in L1; nothing of size m but the Jacobian.
    private Action<ReadOnlySpan<double>, Span<double>, bool> RowBlockJetJacobian<TLanes>(IRowResidualModel rows) where TLanes : struct, IJetLanes<TLanes>
    {
        int passes = (n + TLanes.Count - 1) / TLanes.Count, size = Unsafe.SizeOf<Jet<TLanes>>();
        // The block and the parameter jets in one array, within 4 KB where they fit, so the jets the model stores never
        // share their address bits 0–11 with the parameter jets it loads next (a load that matches an earlier store there
        // may wait for it, "4K aliasing"). Measured, not proven to be that: with two separate arrays (64 rows) the pass
        // took 0.90–1.25 of the whole-vector one depending on the process, with one array 0.81–1.07 (bench/RESULTS.md).
        int blockRows = Math.Clamp((4096 - passes * n * size) / size, 8, BlockRows);
        RowBlock = blockRows;
        // The block, then the parameters of each pass: one such array per range (no more ranges than blocks).
        var buffers = new Jet<TLanes>[Math.Min(Threads, (M + blockRows - 1) / blockRows)][];
        for (int t = 0; t < buffers.Length; t++) buffers[t] = new Jet<TLanes>[blockRows + passes * n];
        bool checkedOnce = false;
        keepFirstResiduals = true;
        return (x, jac, columnMajor) =>
        {
            int m = M;
            double[]? whole = null;
            if (!checkedOnce)
            {
                whole = firstX is not null && x.SequenceEqual(firstX) ? firstResiduals! : new double[m];
                if (whole != firstResiduals) Residuals(x, whole);
                firstX = firstResiduals = null;
            }
            if (Threads == 1) RowBlocks(rows, buffers[0], blockRows, passes, x, 0, m, jac, columnMajor, whole);
            else ParallelRowBlocks(rows, buffers, blockRows, passes, x, jac, columnMajor, whole);
            checkedOnce = true;
        };
    }

    // Rows start … end − 1 block by block, all passes of a block before the next, with this range's buffer.
    private void RowBlocks<TLanes>(IRowResidualModel rows, Jet<TLanes>[] buffer, int blockRows, int passes, ReadOnlySpan<double> x,
        int start, int end, Span<double> jac, bool columnMajor, double[]? whole) where TLanes : struct, IJetLanes<TLanes>
    {
        int lanes = TLanes.Count;
        for (int pass = 0; pass < passes; pass++) SeedPass<TLanes>(x, pass * lanes, buffer.AsSpan(blockRows + pass * n, n));
        for (int first = start; first < end; first += blockRows)
        {
            var rowsHere = buffer.AsSpan(0, Math.Min(blockRows, end - first));
            for (int pass = 0; pass < passes; pass++)
            {
                rows.EvaluateRows<Jet<TLanes>>(buffer.AsSpan(blockRows + pass * n, n), first, rowsHere);
                if (whole is not null) CheckValues(rowsHere, first, whole);
                CopyPartials<TLanes>(rowsHere, first, pass * lanes, jac, columnMajor);
            }
        }
    }

    // RowBlocks over Threads ranges whose bounds are multiples of the block, so every block is the one-thread pass's. jac is
    // pinned for the length of the pass; the ranges write disjoint rows of it (runs of disjoint columns when column-major).
    private unsafe void ParallelRowBlocks<TLanes>(IRowResidualModel rows, Jet<TLanes>[][] buffers, int blockRows, int passes,
        ReadOnlySpan<double> x, Span<double> jac, bool columnMajor, double[]? whole) where TLanes : struct, IJetLanes<TLanes>
    {
        x.CopyTo(sharedParameters);
        double[] p = sharedParameters;
        int length = jac.Length;
        fixed (double* pinned = jac)
        {
            nint address = (nint)pinned;
            RowRanges.Run(M, Threads, blockRows, (part, start, count) =>
                RowBlocks(rows, buffers[part], blockRows, passes, p, start, start + count, new Span<double>((double*)address, length), columnMajor, whole));
        }
    }

    // The row form against the whole-vector form at the same x: the values of a jet are the double model's (Jet's rules
    // round the value as double does), so a difference beyond rounding means EvaluateRows did not write the rows it was
    // asked for. Thrown rather than fitted: a Jacobian of other rows would steer the fit wrong without any sign.
    private void CheckValues<TLanes>(ReadOnlySpan<Jet<TLanes>> block, int start, double[] whole) where TLanes : struct, IJetLanes<TLanes>
    {
        for (int i = 0; i < block.Length; i++)
        {
            double a = block[i].Value, b = whole[start + i];
            if (!a.Equals(b) && !(Math.Abs(a - b) <= 1e-12 * Math.Max(Math.Abs(a), Math.Abs(b))))
                throw new InvalidOperationException(
                    string.Create(CultureInfo.InvariantCulture, $"{model.GetType().Name}.EvaluateRows(parameters, firstRow: {start}, residuals of length {block.Length}) wrote {a:R} for residual {start + i}, " +
                    $"but the whole-vector Evaluate gives {b:R} for it (m = {M}): EvaluateRows must write residuals firstRow … firstRow + residuals.Length − 1 into residuals[0 …]."));
        }
    }

    // The jets' partials of rows start … start + jets.Length − 1 into columns first … of the Jacobian.
    private void CopyPartials<TLanes>(ReadOnlySpan<Jet<TLanes>> jets, int start, int first, Span<double> jac, bool columnMajor) where TLanes : struct, IJetLanes<TLanes>
    {
        int count = Math.Min(TLanes.Count, n - first);
        if (columnMajor) ToColumns(jets, start, first, count, M, jac);
        else
            for (int i = 0; i < jets.Length; i++) TLanes.CopyTo(jets[i].Partials, jac.Slice((start + i) * n + first, count));
    }

    // Lane l of every jet's partials into column first + l (rows start …), in blocks of rows small enough to stay in L1
    // (64 jets of at most 136 bytes), so each column is written in runs of 64 and the jets are read from memory once.
    private static void ToColumns<TLanes>(ReadOnlySpan<Jet<TLanes>> jets, int start, int first, int count, int m, Span<double> jac) where TLanes : struct, IJetLanes<TLanes>
    {
        for (int b = 0; b < jets.Length; b += BlockRows)
        {
            int rows = Math.Min(BlockRows, jets.Length - b);
            for (int l = 0; l < count; l++)
            {
                Span<double> column = jac.Slice((first + l) * m + start + b, rows);
                for (int i = 0; i < column.Length; i++)
                    column[i] = Unsafe.Add(ref Unsafe.As<TLanes, double>(ref Unsafe.AsRef(in jets[b + i].Partials)), l);
            }
        }
    }
}
