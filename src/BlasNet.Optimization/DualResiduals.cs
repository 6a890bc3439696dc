using System.Globalization;

namespace BlasNet.Optimization;

/// <summary>
/// A residual function over <see cref="Dual"/> seen as the solver's in-place residual and Jacobian functions.
/// The Jacobian takes n passes, pass j seeded with eⱼ. Every residual evaluation is already pass 0 (seeded with e₀),
/// so when the solver asks for the Jacobian at the point it last evaluated — the accepted step, almost always — the
/// first column is taken from that pass and only n − 1 more are run.
/// </summary>
internal sealed class DualResiduals
{
    private readonly Func<Dual[], Dual[]> residuals;
    private readonly int n;
    private readonly double[] lastX;
    private readonly double[] lastColumn0;
    private bool haveLast;

    private DualResiduals(Func<Dual[], Dual[]> residuals, int n, int m)
    {
        this.residuals = residuals;
        this.n = n;
        M = m;
        lastX = new double[n];
        lastColumn0 = new double[m];
    }

    public int M { get; }

    /// <summary>Bytes per residual beside the solver's own buffers: the m Duals each pass returns, and the kept first column.</summary>
    public const long BytesPerResidual = 16 + 8;

    /// <summary>Evaluates at x0 to learn m; the residuals there are returned in <paramref name="r0"/>;
    /// <paramref name="validateSize"/> is called with m before anything of size m is allocated here.</summary>
    public static DualResiduals Create(Func<Dual[], Dual[]> residuals, double[] x0, out double[] r0, Action<int> validateSize)
    {
        int n = x0.Length;
        var values = Call(residuals, x0, 0, -1);
        if (values.Length < n)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The residual function returned m = {values.Length} values for n = {n} parameters; least squares needs m ≥ n."), nameof(residuals));
        validateSize(values.Length);
        var model = new DualResiduals(residuals, n, values.Length);
        r0 = new double[values.Length];
        model.Store(x0, values, r0);
        return model;
    }

    public void Residuals(ReadOnlySpan<double> x, Span<double> r) => Store(x, Check(Call(residuals, x, 0, M)), r);

    public void Jacobian(ReadOnlySpan<double> x, Span<double> jacobian)
    {
        int m = M;
        int first = 0;
        if (haveLast && x.SequenceEqual(lastX))
        {
            for (int i = 0; i < m; i++) jacobian[i * n] = lastColumn0[i];
            first = 1;
        }
        for (int j = first; j < n; j++)
        {
            var values = Check(Call(residuals, x, j, m));
            for (int i = 0; i < m; i++) jacobian[i * n + j] = values[i].Derivative;
        }
    }

    private void Store(ReadOnlySpan<double> x, Dual[] values, Span<double> r)
    {
        for (int i = 0; i < values.Length; i++)
        {
            r[i] = values[i].Value;
            lastColumn0[i] = values[i].Derivative;
        }
        x.CopyTo(lastX);
        haveLast = true;
    }

    private Dual[] Check(Dual[] values)
    {
        if (values.Length != M)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The residual function returned {values.Length} values, but {M} at x0; its length must not change between calls."), nameof(residuals));
        return values;
    }

    // A fresh argument array each call: the user's function may keep or change it.
    private static Dual[] Call(Func<Dual[], Dual[]> residuals, ReadOnlySpan<double> x, int direction, int m)
    {
        var p = new Dual[x.Length];
        for (int j = 0; j < p.Length; j++) p[j] = new Dual(x[j], j == direction ? 1 : 0);
        return residuals(p) ?? throw new ArgumentNullException(nameof(residuals), m < 0 ? "The residual function returned null at x0." : "The residual function returned null.");
    }
}
