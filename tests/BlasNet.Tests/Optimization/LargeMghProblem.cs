using BlasNet.Optimization;

namespace BlasNet.Tests.Optimization;

/// <summary>
/// The Moré–Garbow–Hillstrom (1981) least-squares problems whose size n is free (MGH 21, 22, 25, 26, 28–33), with
/// residuals and analytic Jacobians (row-major m×n) for any n, as in tests/data/lm47_large_mgh_reference.py, which gives
/// SciPy's MINPACK runs on them at n = 50 (52 for Powell), 100 and 200 (tests/data/lm47-large-mgh-reference.json).
/// Linear full rank and linear rank 1 take m = 2n; variably dimensioned m = n + 2; the others m = n.
/// </summary>
public sealed record LargeMghProblem(string Name, int N, int M, double[] Start, ResidualFunction Fill, JacobianFunction FillJacobian)
{
    public override string ToString() => $"{Name}({N})";

    /// <summary>r(x) as a new array.</summary>
    public double[] Residuals(double[] x) { var r = new double[M]; Fill(x, r); return r; }

    /// <summary>The analytic J(x), row-major m×n, as a new array.</summary>
    public double[] Jacobian(double[] x) { var j = new double[M * N]; FillJacobian(x, j); return j; }

    public static LargeMghProblem Create(string name, int n) => name switch
    {
        "ExtendedRosenbrock" => Rosenbrock(n),
        "ExtendedPowellSingular" => PowellSingular(n),
        "VariablyDimensioned" => VariablyDimensioned(n),
        "Trigonometric" => Trigonometric(n),
        "DiscreteBoundaryValue" => BoundaryValue(n),
        "DiscreteIntegralEquation" => IntegralEquation(n),
        "BroydenTridiagonal" => BroydenTridiagonal(n),
        "BroydenBanded" => BroydenBanded(n),
        "LinearFullRank" => LinearFullRank(n),
        "LinearRank1" => LinearRank1(n),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such problem"),
    };

    private static LargeMghProblem Rosenbrock(int n) => new("ExtendedRosenbrock", n, n,
        Enumerable.Range(0, n).Select(i => i % 2 == 0 ? -1.2 : 1.0).ToArray(),
        (x, r) => { for (int i = 0; i < n; i += 2) { r[i] = 10 * (x[i + 1] - x[i] * x[i]); r[i + 1] = 1 - x[i]; } },
        (x, j) =>
        {
            j.Clear();
            for (int i = 0; i < n; i += 2) { j[i * n + i] = -20 * x[i]; j[i * n + i + 1] = 10; j[(i + 1) * n + i] = -1; }
        });

    private static LargeMghProblem PowellSingular(int n)
    {
        double s5 = Math.Sqrt(5.0), s10 = Math.Sqrt(10.0);
        return new("ExtendedPowellSingular", n, n, Enumerable.Range(0, n).Select(i => new[] { 3.0, -1.0, 0.0, 1.0 }[i % 4]).ToArray(),
            (x, r) =>
            {
                for (int i = 0; i < n; i += 4)
                {
                    double a = x[i], b = x[i + 1], c = x[i + 2], d = x[i + 3];
                    r[i] = a + 10 * b; r[i + 1] = s5 * (c - d); r[i + 2] = (b - 2 * c) * (b - 2 * c); r[i + 3] = s10 * (a - d) * (a - d);
                }
            },
            (x, j) =>
            {
                j.Clear();
                for (int i = 0; i < n; i += 4)
                {
                    double a = x[i], b = x[i + 1], c = x[i + 2], d = x[i + 3];
                    j[i * n + i] = 1; j[i * n + i + 1] = 10;
                    j[(i + 1) * n + i + 2] = s5; j[(i + 1) * n + i + 3] = -s5;
                    j[(i + 2) * n + i + 1] = 2 * (b - 2 * c); j[(i + 2) * n + i + 2] = -4 * (b - 2 * c);
                    j[(i + 3) * n + i] = 2 * s10 * (a - d); j[(i + 3) * n + i + 3] = -2 * s10 * (a - d);
                }
            });
    }

    private static LargeMghProblem VariablyDimensioned(int n) => new("VariablyDimensioned", n, n + 2,
        Enumerable.Range(1, n).Select(k => 1 - (double)k / n).ToArray(),
        (x, r) =>
        {
            double s = 0;
            for (int k = 0; k < n; k++) { r[k] = x[k] - 1; s += (k + 1) * (x[k] - 1); }
            r[n] = s; r[n + 1] = s * s;
        },
        (x, j) =>
        {
            j.Clear();
            double s = 0;
            for (int k = 0; k < n; k++) s += (k + 1) * (x[k] - 1);
            for (int k = 0; k < n; k++) { j[k * n + k] = 1; j[n * n + k] = k + 1; j[(n + 1) * n + k] = 2 * s * (k + 1); }
        });

    private static LargeMghProblem Trigonometric(int n) => new("Trigonometric", n, n, Enumerable.Repeat(1.0 / n, n).ToArray(),
        (x, r) =>
        {
            double sumCos = 0;
            for (int k = 0; k < n; k++) sumCos += Math.Cos(x[k]);
            for (int i = 0; i < n; i++) r[i] = n - sumCos + (i + 1) * (1 - Math.Cos(x[i])) - Math.Sin(x[i]);
        },
        (x, j) =>
        {
            for (int i = 0; i < n; i++)
            {
                for (int k = 0; k < n; k++) j[i * n + k] = Math.Sin(x[k]);
                j[i * n + i] += (i + 1) * Math.Sin(x[i]) - Math.Cos(x[i]);
            }
        });

    private static LargeMghProblem BoundaryValue(int n)
    {
        double h = 1.0 / (n + 1);
        return new("DiscreteBoundaryValue", n, n, Enumerable.Range(1, n).Select(i => i * h * (i * h - 1)).ToArray(),
            (x, r) =>
            {
                for (int i = 0; i < n; i++)
                {
                    double t = (i + 1) * h, u = x[i] + t + 1;
                    r[i] = 2 * x[i] - (i > 0 ? x[i - 1] : 0) - (i < n - 1 ? x[i + 1] : 0) + h * h * u * u * u / 2;
                }
            },
            (x, j) =>
            {
                j.Clear();
                for (int i = 0; i < n; i++)
                {
                    double t = (i + 1) * h, u = x[i] + t + 1;
                    j[i * n + i] = 2 + 1.5 * h * h * u * u;
                    if (i > 0) j[i * n + i - 1] = -1;
                    if (i < n - 1) j[i * n + i + 1] = -1;
                }
            });
    }

    private static LargeMghProblem IntegralEquation(int n)
    {
        double h = 1.0 / (n + 1);
        return new("DiscreteIntegralEquation", n, n, Enumerable.Range(1, n).Select(i => i * h * (i * h - 1)).ToArray(),
            (x, r) =>
            {
                Span<double> c = stackalloc double[n];
                for (int k = 0; k < n; k++) { double u = x[k] + (k + 1) * h + 1; c[k] = u * u * u; }
                // Prefix sums Σ_{j≤i} tⱼcⱼ and suffix sums Σ_{j>i} (1 − tⱼ)cⱼ: O(n) a residual vector.
                double below = 0, above = 0;
                for (int k = 0; k < n; k++) above += (1 - (k + 1) * h) * c[k];
                for (int i = 0; i < n; i++)
                {
                    double t = (i + 1) * h;
                    below += t * c[i];
                    above -= (1 - t) * c[i];
                    r[i] = x[i] + h * ((1 - t) * below + t * above) / 2;
                }
            },
            (x, j) =>
            {
                for (int i = 0; i < n; i++)
                {
                    double ti = (i + 1) * h;
                    for (int k = 0; k < n; k++)
                    {
                        double tk = (k + 1) * h, u = x[k] + tk + 1, d = 3 * u * u;
                        j[i * n + k] = h / 2 * (k <= i ? (1 - ti) * tk * d : ti * (1 - tk) * d) + (i == k ? 1 : 0);
                    }
                }
            });
    }

    private static LargeMghProblem BroydenTridiagonal(int n) => new("BroydenTridiagonal", n, n, Enumerable.Repeat(-1.0, n).ToArray(),
        (x, r) =>
        {
            for (int i = 0; i < n; i++)
                r[i] = (3 - 2 * x[i]) * x[i] - (i > 0 ? x[i - 1] : 0) - 2 * (i < n - 1 ? x[i + 1] : 0) + 1;
        },
        (x, j) =>
        {
            j.Clear();
            for (int i = 0; i < n; i++)
            {
                j[i * n + i] = 3 - 4 * x[i];
                if (i > 0) j[i * n + i - 1] = -1;
                if (i < n - 1) j[i * n + i + 1] = -2;
            }
        });

    private static LargeMghProblem BroydenBanded(int n) => new("BroydenBanded", n, n, Enumerable.Repeat(-1.0, n).ToArray(),
        (x, r) =>
        {
            for (int i = 0; i < n; i++)
            {
                double s = 0;
                for (int k = Math.Max(0, i - 5); k <= Math.Min(n - 1, i + 1); k++) if (k != i) s += x[k] * (1 + x[k]);
                r[i] = x[i] * (2 + 5 * x[i] * x[i]) + 1 - s;
            }
        },
        (x, j) =>
        {
            j.Clear();
            for (int i = 0; i < n; i++)
            {
                j[i * n + i] = 2 + 15 * x[i] * x[i];
                for (int k = Math.Max(0, i - 5); k <= Math.Min(n - 1, i + 1); k++) if (k != i) j[i * n + k] = -(1 + 2 * x[k]);
            }
        });

    private static LargeMghProblem LinearFullRank(int n)
    {
        int m = 2 * n;
        return new("LinearFullRank", n, m, Enumerable.Repeat(1.0, n).ToArray(),
            (x, r) =>
            {
                double s = 0;
                for (int k = 0; k < n; k++) s += x[k];
                s = 2 * s / m;
                for (int i = 0; i < m; i++) r[i] = (i < n ? x[i] : 0) - s - 1;
            },
            (x, j) =>
            {
                for (int i = 0; i < m; i++) for (int k = 0; k < n; k++) j[i * n + k] = (i == k ? 1 : 0) - 2.0 / m;
            });
    }

    private static LargeMghProblem LinearRank1(int n)
    {
        int m = 2 * n;
        return new("LinearRank1", n, m, Enumerable.Repeat(1.0, n).ToArray(),
            (x, r) =>
            {
                double s = 0;
                for (int k = 0; k < n; k++) s += (k + 1) * x[k];
                for (int i = 0; i < m; i++) r[i] = (i + 1) * s - 1;
            },
            (x, j) =>
            {
                for (int i = 0; i < m; i++) for (int k = 0; k < n; k++) j[i * n + k] = (double)(i + 1) * (k + 1);
            });
    }
}
