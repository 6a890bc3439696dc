namespace BlasNet.Optimization;

/// <summary>
/// An <see cref="IResidualModel"/> seen as the solver's in-place residual and Jacobian functions: residuals with
/// T = double, the Jacobian column by column with T = <see cref="Dual"/> seeded with eⱼ (n passes). The Dual buffers
/// are allocated once, so neither function allocates.
/// </summary>
internal sealed class GenericResiduals
{
    private readonly IResidualModel model;
    private readonly Dual[] parameters;
    private readonly Dual[] residuals;

    public GenericResiduals(IResidualModel model, int n)
    {
        this.model = model;
        M = model.ResidualCount;
        parameters = new Dual[n];
        residuals = new Dual[M];
    }

    public int M { get; }

    public void Residuals(ReadOnlySpan<double> x, Span<double> r) => model.Evaluate(x, r);

    public void Jacobian(ReadOnlySpan<double> x, Span<double> jacobian)
    {
        int n = parameters.Length, m = M;
        for (int j = 0; j < n; j++)
        {
            for (int k = 0; k < n; k++) parameters[k] = new Dual(x[k], k == j ? 1 : 0);
            model.Evaluate<Dual>(parameters, residuals);
            for (int i = 0; i < m; i++) jacobian[i * n + j] = residuals[i].Derivative;
        }
    }
}
