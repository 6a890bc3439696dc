using BenchmarkDotNet.Attributes;
using BlasNet.Optimization;

namespace BlasNet.Benchmarks;

/// <summary>
/// How to represent forward-mode derivatives for a least-squares Jacobian (m = 250 residuals): <see cref="Dual"/>
/// (value + one derivative, a two-double struct, n passes) against a Ceres-style Jet (value + n partials in one pass;
/// in .NET the partials have run-time length n, so each intermediate carries a heap array), with forward
/// differences (n + 1 double passes) as the yardstick. Models: NIST's Thurber rational function (n = 7, only
/// + − × ÷) and Gauss1 (n = 8, exponentials and squares), at the certified parameters.
/// </summary>
[MemoryDiagnoser]
public class DualJacobianBenchmarks
{
    private const int M = 250;
    private double[] t = null!;
    private double[] p = null!;
    private double[] jacobian = null!;
    private double[] r0 = null!;
    private double[] r1 = null!;
    private Dual[] dualP = null!;

    [Params("Thurber", "Gauss1")]
    public string Model { get; set; } = "Thurber";

    private int N => p.Length;

    [GlobalSetup]
    public void Setup()
    {
        p = Model == "Thurber"
            ? [1288.13968, 1491.07925, 583.238368, 75.4166441, 0.966295028, 0.397972858, 0.0497272963]
            : [98.7782, 0.0104970, 100.490, 67.4811, 23.1298, 71.9945, 178.998, 18.3894];
        t = Model == "Thurber"
            ? Enumerable.Range(0, M).Select(i => -3.1 + 5.3 * i / (M - 1)).ToArray()
            : Enumerable.Range(0, M).Select(i => 1.0 + i).ToArray();
        jacobian = new double[M * N];
        r0 = new double[M];
        r1 = new double[M];
        dualP = new Dual[N];
    }

    [Benchmark(Baseline = true)]
    public double ForwardDifferences()
    {
        ModelDouble(p, r0);
        var x = (double[])p.Clone();
        for (int j = 0; j < N; j++)
        {
            double h = 1.4901161193847656e-8 * Math.Max(Math.Abs(x[j]), 1e-8), saved = x[j];
            x[j] = saved + h;
            ModelDouble(x, r1);
            x[j] = saved;
            for (int i = 0; i < M; i++) jacobian[i * N + j] = (r1[i] - r0[i]) / h;
        }
        return jacobian[0];
    }

    [Benchmark]
    public double DualOneDirection()
    {
        for (int j = 0; j < N; j++)
        {
            for (int k = 0; k < N; k++) dualP[k] = new Dual(p[k], k == j ? 1 : 0);
            for (int i = 0; i < M; i++) jacobian[i * N + j] = ModelDual(dualP, t[i]).Derivative;
        }
        return jacobian[0];
    }

    [Benchmark]
    public double JetNPartials()
    {
        var jp = new Jet[N];
        for (int k = 0; k < N; k++) jp[k] = Jet.Variable(p[k], k, N);
        for (int i = 0; i < M; i++)
        {
            var r = ModelJet(jp, t[i]);
            for (int j = 0; j < N; j++) jacobian[i * N + j] = r.Partials[j];
        }
        return jacobian[0];
    }

    private void ModelDouble(double[] b, double[] r)
    {
        for (int i = 0; i < M; i++)
        {
            double x = t[i];
            r[i] = Model == "Thurber"
                ? (b[0] + b[1] * x + b[2] * x * x + b[3] * x * x * x) / (1 + b[4] * x + b[5] * x * x + b[6] * x * x * x)
                : b[0] * Math.Exp(-b[1] * x) + b[2] * Math.Exp(-(x - b[3]) * (x - b[3]) / (b[4] * b[4]))
                  + b[5] * Math.Exp(-(x - b[6]) * (x - b[6]) / (b[7] * b[7]));
        }
    }

    private Dual ModelDual(Dual[] b, double x) => Model == "Thurber" ? ThurberDual(b, x) : GaussDual(b, x);

    private static Dual ThurberDual(Dual[] b, double x)
        => (b[0] + b[1] * x + b[2] * x * x + b[3] * x * x * x) / (1 + b[4] * x + b[5] * x * x + b[6] * x * x * x);

    private static Dual GaussDual(Dual[] b, double x)
        => b[0] * Dual.Exp(-b[1] * x) + b[2] * Dual.Exp(-((x - b[3]) * (x - b[3])) / (b[4] * b[4]))
           + b[5] * Dual.Exp(-((x - b[6]) * (x - b[6])) / (b[7] * b[7]));

    private Jet ModelJet(Jet[] b, double x) => Model == "Thurber"
        ? (b[0] + b[1] * x + b[2] * (x * x) + b[3] * (x * x * x)) / (1 + b[4] * x + b[5] * (x * x) + b[6] * (x * x * x))
        : b[0] * Jet.Exp(-(b[1] * x)) + b[2] * Jet.Exp(-((x - b[3]) * (x - b[3])) / (b[4] * b[4]))
          + b[5] * Jet.Exp(-((x - b[6]) * (x - b[6])) / (b[7] * b[7]));

    /// <summary>Value + n partials (Ceres's Jet with n known only at run time: one array per intermediate).</summary>
    private readonly struct Jet(double value, double[] partials)
    {
        public double Value { get; } = value;
        public double[] Partials { get; } = partials;

        public static Jet Variable(double value, int index, int n)
        {
            var d = new double[n];
            d[index] = 1;
            return new Jet(value, d);
        }

        private static Jet Map(Jet a, double value, double scale)
        {
            var d = new double[a.Partials.Length];
            for (int k = 0; k < d.Length; k++) d[k] = scale * a.Partials[k];
            return new Jet(value, d);
        }

        private static Jet Combine(Jet a, double sa, Jet b, double sb, double value)
        {
            var d = new double[a.Partials.Length];
            for (int k = 0; k < d.Length; k++) d[k] = sa * a.Partials[k] + sb * b.Partials[k];
            return new Jet(value, d);
        }

        public static Jet operator -(Jet a) => Map(a, -a.Value, -1);
        public static Jet operator +(Jet a, Jet b) => Combine(a, 1, b, 1, a.Value + b.Value);
        public static Jet operator -(Jet a, Jet b) => Combine(a, 1, b, -1, a.Value - b.Value);
        public static Jet operator *(Jet a, Jet b) => Combine(a, b.Value, b, a.Value, a.Value * b.Value);
        public static Jet operator /(Jet a, Jet b) { double q = a.Value / b.Value; return Combine(a, 1 / b.Value, b, -q / b.Value, q); }
        public static Jet operator *(Jet a, double c) => Map(a, a.Value * c, c);
        public static Jet operator +(double c, Jet a) => new(c + a.Value, a.Partials);
        public static Jet operator -(double c, Jet a) => Map(a, c - a.Value, -1);
        public static Jet Exp(Jet a) { double e = Math.Exp(a.Value); return Map(a, e, e); }
    }
}
