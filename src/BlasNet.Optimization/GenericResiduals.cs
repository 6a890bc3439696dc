using System.Runtime.CompilerServices;

namespace BlasNet.Optimization;

/// <summary>
/// An <see cref="IResidualModel"/> seen as the solver's in-place residual and Jacobian functions: residuals with
/// T = double, the Jacobian with T = <see cref="Jet{TLanes}"/>, 4, 8 or 16 columns per pass (⌈n/lanes⌉ passes), or
/// with T = <see cref="Dual"/>, one column per pass (n passes). The buffers are allocated once, so neither function allocates.
/// <para>
/// The width, where AVX-512 runs in hardware: the narrowest of 4 (Vector256), 8 (Vector512) and 16 (two Vector512) lanes
/// that holds all n columns, so one pass for n ≤ 16; elsewhere 4 lanes (Vector256), or one-direction Duals without
/// hardware vectors. A pass's scalar work (exp, log, the divisions of the value) is shared by its lanes, so fewer passes
/// win; the narrowest width that fits, because a 512-bit operation costs two 256-bit ones on the AMD EPYC (Zen 4)
/// measured in bench/RESULTS.md ("Jacobian modes on one generic model").
/// </para>
/// </summary>
internal sealed class GenericResiduals
{
    private readonly IResidualModel model;
    private readonly int n;
    private readonly Action<ReadOnlySpan<double>, Span<double>, bool> jacobian;

    /// <param name="model">The model.</param>
    /// <param name="n">The number of parameters.</param>
    /// <param name="lanes">Directions per Jacobian pass: 1 (Dual), 4, 8, 16, or 0 for the choice above (tests and the
    /// benchmark force each).</param>
    public GenericResiduals(IResidualModel model, int n, int lanes = 0)
    {
        this.model = model;
        this.n = n;
        M = model.ResidualCount;
        if (lanes == 0)
            lanes = !JetLanes8.IsAccelerated ? (JetLanes4.IsAccelerated ? 4 : 1) : n <= 4 ? 4 : n <= 8 ? 8 : 16;
        Lanes = lanes;
        jacobian = lanes switch
        {
            1 => DualJacobian(),
            4 => JetJacobian<JetLanes4>(),
            8 => JetJacobian<JetLanes8>(),
            16 => JetJacobian<JetLanes16>(),
            _ => throw new ArgumentOutOfRangeException(nameof(lanes), lanes, "Lanes per Jacobian pass must be 0, 1, 4, 8 or 16."),
        };
    }

    public int M { get; }

    /// <summary>Directions per Jacobian pass (1 = <see cref="Dual"/>).</summary>
    public int Lanes { get; }

    public void Residuals(ReadOnlySpan<double> x, Span<double> r) => model.Evaluate(x, r);

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
    {
        var parameters = new Jet<TLanes>[n];
        // Uninitialised: every pass overwrites all m jets (the model writes every residual), so zeroing the buffer
        // (up to 136 bytes a residual) first would only be one more pass over memory.
        var residuals = GC.AllocateUninitializedArray<Jet<TLanes>>(M);
        return (x, jac, columnMajor) =>
        {
            int m = M, lanes = TLanes.Count;
            for (int first = 0; first < n; first += lanes)
            {
                int count = Math.Min(lanes, n - first);
                for (int k = 0; k < n; k++)
                    parameters[k] = k >= first && k < first + count ? new(x[k], TLanes.Unit(k - first)) : new(x[k]);
                model.Evaluate<Jet<TLanes>>(parameters, residuals);
                if (columnMajor) ToColumns(residuals, first, count, jac);
                else
                    for (int i = 0; i < m; i++) TLanes.CopyTo(residuals[i].Partials, jac.Slice(i * n + first, count));
            }
        };
    }

    // Lane l of every residual's partials into column first + l, in blocks of rows small enough to stay in L1 (64 jets of
    // at most 136 bytes), so each column is written in runs of 64 and the jets are read from memory once.
    private static void ToColumns<TLanes>(Jet<TLanes>[] residuals, int first, int count, Span<double> jac) where TLanes : struct, IJetLanes<TLanes>
    {
        const int Block = 64;
        int m = residuals.Length;
        for (int start = 0; start < m; start += Block)
        {
            int rows = Math.Min(Block, m - start);
            for (int l = 0; l < count; l++)
            {
                Span<double> column = jac.Slice((first + l) * m + start, rows);
                for (int i = 0; i < column.Length; i++)
                    column[i] = Unsafe.Add(ref Unsafe.As<TLanes, double>(ref Unsafe.AsRef(in residuals[start + i].Partials)), l);
            }
        }
    }
}
