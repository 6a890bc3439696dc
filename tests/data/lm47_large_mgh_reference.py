"""Audit lm47: the Moré–Garbow–Hillstrom (1981) problems that scale with n, at n = 50, 100 and 200 from their standard
starts, solved by SciPy's MINPACK wrapper least_squares(method='lm') with the settings BlasNet's defaults map to:
ftol = xtol = gtol = 1e-8, x_scale='jac' (MINPACK's mode 1, adaptive column scaling = BlasNet's ScalingMode.Jacobian),
factor 100, and max_nfev set to BlasNet's default budgets (lmder1's 100(n + 1) with the analytic Jacobian, lmdif1's
200(n + 1) with forward differences, which MINPACK's lmdif counts in nfev). Two runs per problem and n: the analytic
Jacobian (MINPACK lmder) and jac='2-point' (MINPACK lmdif, step sqrt(eps)|x_j|).

Problems (MGH numbering; extended Powell at n = 52 for 50, its blocks being of four): 21 extended Rosenbrock, 22 extended Powell singular, 25 variably dimensioned (m = n + 2),
26 trigonometric, 28 discrete boundary value, 29 discrete integral equation, 30 Broyden tridiagonal, 31 Broyden banded,
32 linear full rank (m = 2n), 33 linear rank 1 (m = 2n). All have m = n unless stated. Closed forms stored beside SciPy's
numbers: f* = 0 for 21, 22, 25, 28–31 (26: 0 at a global minimum; local minima exist), f* = m − n for 32 (x* = −1, and
JᵀJ = I so the covariance is exactly I), f* = m(m − 1)/(2(2m + 1)) for 33 (MGH's f = Σ fᵢ², BlasNet's cost is f/2).
For 32 the covariance SciPy's J gives, inv(JᵀJ)·2cost/(m − n), is stored too.

Run: /usr/bin/python3 tests/data/lm47_large_mgh_reference.py  (from the repository root; writes
tests/data/lm47-large-mgh-reference.json)
"""
import json, platform, sys
import numpy as np
import scipy
from scipy.optimize import least_squares

SIZES = [50, 100, 200]


def rosenbrock(n):
    def f(x):
        r = np.empty(n)
        r[0::2] = 10 * (x[1::2] - x[0::2] ** 2)
        r[1::2] = 1 - x[0::2]
        return r
    def j(x):
        J = np.zeros((n, n))
        for i in range(0, n, 2):
            J[i, i] = -20 * x[i]; J[i, i + 1] = 10
            J[i + 1, i] = -1
        return J
    x0 = np.tile([-1.2, 1.0], n // 2)
    return f, j, x0, n, 0.0


def powell_singular(n):
    s5, s10 = np.sqrt(5.0), np.sqrt(10.0)
    def f(x):
        a, b, c, d = x[0::4], x[1::4], x[2::4], x[3::4]
        r = np.empty(n)
        r[0::4] = a + 10 * b
        r[1::4] = s5 * (c - d)
        r[2::4] = (b - 2 * c) ** 2
        r[3::4] = s10 * (a - d) ** 2
        return r
    def j(x):
        J = np.zeros((n, n))
        for i in range(0, n, 4):
            a, b, c, d = x[i:i + 4]
            J[i, i] = 1; J[i, i + 1] = 10
            J[i + 1, i + 2] = s5; J[i + 1, i + 3] = -s5
            J[i + 2, i + 1] = 2 * (b - 2 * c); J[i + 2, i + 2] = -4 * (b - 2 * c)
            J[i + 3, i] = 2 * s10 * (a - d); J[i + 3, i + 3] = -2 * s10 * (a - d)
        return J
    x0 = np.tile([3.0, -1.0, 0.0, 1.0], n // 4)
    return f, j, x0, n, 0.0


def variably_dimensioned(n):
    k = np.arange(1, n + 1, dtype=float)
    def f(x):
        s = np.dot(k, x - 1)
        return np.concatenate([x - 1, [s, s * s]])
    def j(x):
        s = np.dot(k, x - 1)
        return np.vstack([np.eye(n), k, 2 * s * k])
    x0 = 1 - k / n
    return f, j, x0, n + 2, 0.0


def trigonometric(n):
    k = np.arange(1, n + 1, dtype=float)
    def f(x):
        return n - np.sum(np.cos(x)) + k * (1 - np.cos(x)) - np.sin(x)
    def j(x):
        J = np.tile(np.sin(x), (n, 1))
        J[np.arange(n), np.arange(n)] += k * np.sin(x) - np.cos(x)
        return J
    x0 = np.full(n, 1.0 / n)
    return f, j, x0, n, 0.0


def boundary_value(n):
    h = 1.0 / (n + 1)
    t = np.arange(1, n + 1) * h
    def f(x):
        xp = np.concatenate([[0.0], x, [0.0]])
        return 2 * x - xp[:-2] - xp[2:] + h * h * (x + t + 1) ** 3 / 2
    def j(x):
        J = np.diag(2 + 1.5 * h * h * (x + t + 1) ** 2)
        J[np.arange(1, n), np.arange(n - 1)] = -1
        J[np.arange(n - 1), np.arange(1, n)] = -1
        return J
    x0 = t * (t - 1)
    return f, j, x0, n, 0.0


def integral_equation(n):
    h = 1.0 / (n + 1)
    t = np.arange(1, n + 1) * h
    lower = np.tril(np.ones((n, n)))  # j <= i
    def f(x):
        c = (x + t + 1) ** 3
        a = np.cumsum(t * c)                       # sum_{j<=i} t_j c_j
        b = np.concatenate([np.cumsum(((1 - t) * c)[::-1])[::-1][1:], [0.0]])  # sum_{j>i} (1-t_j) c_j
        return x + h * ((1 - t) * a + t * b) / 2
    def j(x):
        d = 3 * (x + t + 1) ** 2
        J = h / 2 * np.where(lower > 0, np.outer(1 - t, t * d), np.outer(t, (1 - t) * d))
        return J + np.eye(n)
    x0 = t * (t - 1)
    return f, j, x0, n, 0.0


def broyden_tridiagonal(n):
    def f(x):
        xp = np.concatenate([[0.0], x, [0.0]])
        return (3 - 2 * x) * x - xp[:-2] - 2 * xp[2:] + 1
    def j(x):
        J = np.diag(3 - 4 * x)
        J[np.arange(1, n), np.arange(n - 1)] = -1
        J[np.arange(n - 1), np.arange(1, n)] = -2
        return J
    return f, j, np.full(n, -1.0), n, 0.0


def broyden_banded(n):
    band = [[j for j in range(max(0, i - 5), min(n - 1, i + 1) + 1) if j != i] for i in range(n)]
    def f(x):
        return np.array([x[i] * (2 + 5 * x[i] ** 2) + 1 - sum(x[j] * (1 + x[j]) for j in band[i]) for i in range(n)])
    def j(x):
        J = np.zeros((n, n))
        for i in range(n):
            J[i, i] = 2 + 15 * x[i] ** 2
            for jj in band[i]:
                J[i, jj] = -(1 + 2 * x[jj])
        return J
    return f, j, np.full(n, -1.0), n, 0.0


def linear_full_rank(n):
    m = 2 * n
    def f(x):
        s = 2 * np.sum(x) / m
        r = np.full(m, -s - 1)
        r[:n] += x
        return r
    def j(x):
        J = np.full((m, n), -2.0 / m)
        J[np.arange(n), np.arange(n)] += 1
        return J
    return f, j, np.ones(n), m, float(m - n)


def linear_rank1(n):
    m = 2 * n
    i = np.arange(1, m + 1, dtype=float)
    k = np.arange(1, n + 1, dtype=float)
    def f(x):
        return i * np.dot(k, x) - 1
    def j(x):
        return np.outer(i, k)
    return f, j, np.ones(n), m, m * (m - 1) / (2 * (2 * m + 1))


PROBLEMS = [("ExtendedRosenbrock", 21, rosenbrock), ("ExtendedPowellSingular", 22, powell_singular),
            ("VariablyDimensioned", 25, variably_dimensioned), ("Trigonometric", 26, trigonometric),
            ("DiscreteBoundaryValue", 28, boundary_value), ("DiscreteIntegralEquation", 29, integral_equation),
            ("BroydenTridiagonal", 30, broyden_tridiagonal), ("BroydenBanded", 31, broyden_banded),
            ("LinearFullRank", 32, linear_full_rank), ("LinearRank1", 33, linear_rank1)]


def jacobian_check(f, j, x):
    """Largest relative error of the analytic Jacobian against central differences at x (the formulas agree)."""
    J = j(x); n = x.size
    worst = 0.0
    for k in range(n):
        h = 1e-6 * max(1.0, abs(x[k]))
        e = np.zeros(n); e[k] = h
        col = (f(x + e) - f(x - e)) / (2 * h)
        worst = max(worst, np.max(np.abs(col - J[:, k])) / max(1.0, np.max(np.abs(J[:, k]))))
    return worst


def main():
    out = {"generator": "tests/data/lm47_large_mgh_reference.py", "python": sys.version.split()[0], "numpy": np.__version__,
           "scipy": scipy.__version__, "machine": platform.machine(),
           "settings": {"method": "lm", "ftol": 1e-8, "xtol": 1e-8, "gtol": 1e-8, "x_scale": "jac",
                        "max_nfev_analytic": "100*(n+1)", "max_nfev_differences": "200*(n+1)"},
           "runs": []}
    for name, number, make in PROBLEMS:
        for n in SIZES:
            if number == 22 and n % 4:
                n += 4 - n % 4  # Powell's blocks of four: n = 52 for 50
            f, j, x0, m, fstar = make(n)
            assert f(x0).size == m and j(x0).shape == (m, n)
            err = jacobian_check(f, j, x0 + 0.01 * np.sin(np.arange(n) + 1.0))
            assert err < 1e-5, (name, n, err)  # LinearRank1 at n = 200: entries to 8e4, the differences' own rounding 1e-6
            for mode in ("analytic", "forward"):
                jac = j if mode == "analytic" else "2-point"
                budget = (100 if mode == "analytic" else 200) * (n + 1)
                res = least_squares(f, x0, jac=jac, method="lm", ftol=1e-8, xtol=1e-8, gtol=1e-8, x_scale="jac",
                                    max_nfev=budget)
                Jx = j(res.x)
                g = Jx.T @ res.fun
                # Largest cosine between r and a column of the exact J at SciPy's x (first-order optimality, scale-free).
                rn = np.linalg.norm(res.fun)
                cn = np.linalg.norm(Jx, axis=0)
                cos = float(np.max(np.abs(g) / np.where(cn * rn > 0, cn * rn, 1.0))) if rn > 0 else 0.0
                run = {"name": name, "mgh": number, "n": n, "m": m, "mode": mode, "max_nfev": budget,
                       "x0": x0.tolist(), "fstar_closed_form": fstar,
                       "status": int(res.status), "message": res.message, "success": bool(res.success),
                       "cost": float(res.cost), "nfev": int(res.nfev), "njev": None if res.njev is None else int(res.njev),
                       "x": res.x.tolist(), "exact_gradient_inf": float(np.max(np.abs(g))), "exact_largest_cosine": cos,
                       "exact_rank": int(np.linalg.matrix_rank(Jx))}
                if name == "LinearFullRank":
                    cov = np.linalg.inv(Jx.T @ Jx) * (2 * res.cost / (m - n))
                    run["covariance_diag"] = np.diag(cov).tolist()
                    run["covariance_max_offdiag"] = float(np.max(np.abs(cov - np.diag(np.diag(cov)))))
                out["runs"].append(run)
                print(f"{name:26s} n={n:3d} {mode:8s} status {res.status} cost {res.cost:.6e} nfev {res.nfev:6d} "
                      f"njev {res.njev} cos {cos:.2e}", flush=True)
    with open("tests/data/lm47-large-mgh-reference.json", "w") as fh:
        json.dump(out, fh, indent=1)
        fh.write("\n")


if __name__ == "__main__":
    main()
