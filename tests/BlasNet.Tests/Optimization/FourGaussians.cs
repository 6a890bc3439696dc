namespace BlasNet.Tests.Optimization;

/// <summary>The large fit of tests/data/large-fit.md: 200 000 points of a sum of four Gaussians plus deterministic noise, 12 parameters.</summary>
public sealed class FourGaussians
{
    public static readonly double[] TrueParameters = [1.0, 2.0, 0.5, 0.8, 4.0, 0.7, 0.6, 6.0, 0.4, 0.4, 8.0, 0.9];
    public static readonly double[] Start = [0.8, 2.2, 0.6, 0.9, 3.8, 0.6, 0.5, 6.3, 0.5, 0.5, 7.7, 0.8];

    public FourGaussians(int m = 200_000)
    {
        double h = 10.0 / (m - 1);
        X = new double[m];
        Y = new double[m];
        for (int i = 0; i < m; i++)
        {
            X[i] = i * h;
            Y[i] = Model(TrueParameters, X[i]) + 0.01 * Math.Sin(12345.6789 * i);
        }
    }

    public double[] X { get; }
    public double[] Y { get; }
    public int M => X.Length;

    public static double Model(ReadOnlySpan<double> p, double x)
    {
        double f = 0;
        for (int k = 0; k < 4; k++)
        {
            double d = x - p[3 * k + 1], s = p[3 * k + 2];
            f += p[3 * k] * Math.Exp(-d * d / (2 * s * s));
        }
        return f;
    }

    /// <summary>rᵢ = f(xᵢ; p) − yᵢ.</summary>
    public void Residuals(ReadOnlySpan<double> p, Span<double> r)
    {
        for (int i = 0; i < X.Length; i++) r[i] = Model(p, X[i]) - Y[i];
    }

    /// <summary>Analytic Jacobian, row-major m×12 (large-fit.md's formulas).</summary>
    public void Jacobian(ReadOnlySpan<double> p, Span<double> jac)
    {
        for (int i = 0; i < X.Length; i++)
        {
            for (int k = 0; k < 4; k++)
            {
                double a = p[3 * k], d = X[i] - p[3 * k + 1], s = p[3 * k + 2];
                double g = Math.Exp(-d * d / (2 * s * s));
                int o = i * 12 + 3 * k;
                jac[o] = g;
                jac[o + 1] = a * g * d / (s * s);
                jac[o + 2] = a * g * d * d / (s * s * s);
            }
        }
    }
}
