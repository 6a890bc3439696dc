"""Audit powell48: zero-residual least-squares problems, singular (extended Powell, J of rank n/2 at x* = 0) and regular,
and non-zero-residual controls, solved by SciPy's MINPACK wrapper least_squares(method='lm') at the settings BlasNet's
defaults map to (ftol = xtol = gtol = 1e-8, x_scale='jac' = MINPACK mode 1, max_nfev = lmdif1's 200(n + 1) with
differences, lmder1's 100(n + 1) with the Jacobian), once with jac='2-point' (MINPACK lmdif) and once with the exact
Jacobian (torch.autograd in float64 on the same formulas: MINPACK lmder).

Problems (Moré, Garbow & Hillstrom 1981 numbering): 13/22 (extended) Powell singular at n = 4, 52, 100, 200; 1 Rosenbrock;
14 Wood; 7 helical valley; 27 Brown almost linear (n = 10, x0 = 0.5); Powell singular and Rosenbrock shifted so that the
minimum lies at x* + 1000 (the residual function of x − 1000, started at x0 + 1000): zero residual (Brown almost linear
also has MGH's second minimum, f = 1, at (0, ..., 0, n + 1)-like points: SciPy's lmdif ends there, cost 0.5). Controls with a
non-zero minimum: 17 Osborne 1, 15 Kowalik-Osborne, 8 Bard, 2 Freudenstein-Roth (from its standard start SciPy reaches
the local minimum f = 48.98), 6 Jennrich-Sampson (f = 124.36). MGH's f = sum r_i^2; the cost stored is SciPy's, f/2.
Stored per run: SciPy's status (least_squares' numbering: 1 gtol, 2 ftol, 3 xtol, 4 both, 0 max_nfev; corrected in audit lm53), nfev (Jacobian evaluations by differences
counted, as lmdif does), cost, x, the start, the start's cost, and f* (0 for the zero-residual problems).

Run: /usr/bin/python3 tests/data/powell48_zero_residual_reference.py  (from the repository root; writes
tests/data/powell48-zero-residual-reference.json)
"""
import json, math, platform, sys
import numpy as np
import scipy
import torch
from scipy.optimize import least_squares

torch.set_default_dtype(torch.float64)
SHIFT = 1000.0


def powell(x):
    a, b, c, d = x[0::4], x[1::4], x[2::4], x[3::4]
    out = torch.stack([a + 10 * b, math.sqrt(5.0) * (c - d), (b - 2 * c) ** 2, math.sqrt(10.0) * (a - d) ** 2], dim=1)
    return out.reshape(-1)


def rosenbrock(x): return torch.stack([10 * (x[1] - x[0] ** 2), 1 - x[0]])


def wood(x):
    s90, s10 = math.sqrt(90.0), math.sqrt(10.0)
    return torch.stack([10 * (x[1] - x[0] ** 2), 1 - x[0], s90 * (x[3] - x[2] ** 2), 1 - x[2],
                        s10 * (x[1] + x[3] - 2), (x[1] - x[3]) / s10])


def helical(x):
    theta = torch.atan(x[1] / x[0]) / (2 * math.pi)
    if x[0].item() < 0: theta = theta + 0.5
    return torch.stack([10 * (x[2] - 10 * theta), 10 * (torch.sqrt(x[0] ** 2 + x[1] ** 2) - 1), x[2]])


def brown_almost_linear(x):
    n = x.shape[0]
    s = torch.sum(x)
    return torch.cat([x[:-1] + s - (n + 1), torch.prod(x).reshape(1) - 1])


OSB1_Y = [0.844, 0.908, 0.932, 0.936, 0.925, 0.908, 0.881, 0.850, 0.818, 0.784, 0.751, 0.718, 0.685, 0.658, 0.628, 0.603,
          0.580, 0.558, 0.538, 0.522, 0.506, 0.490, 0.478, 0.467, 0.457, 0.448, 0.438, 0.431, 0.424, 0.420, 0.414, 0.411, 0.406]


def osborne1(x):
    t = 10.0 * torch.arange(33.0)
    return torch.tensor(OSB1_Y) - (x[0] + x[1] * torch.exp(-t * x[3]) + x[2] * torch.exp(-t * x[4]))


KOW_Y = [0.1957, 0.1947, 0.1735, 0.1600, 0.0844, 0.0627, 0.0456, 0.0342, 0.0323, 0.0235, 0.0246]
KOW_U = [4, 2, 1, 0.5, 0.25, 0.167, 0.125, 0.1, 0.0833, 0.0714, 0.0625]


def kowalik(x):
    u = torch.tensor(KOW_U)
    return torch.tensor(KOW_Y) - x[0] * (u * u + u * x[1]) / (u * u + u * x[2] + x[3])


BARD_Y = [0.14, 0.18, 0.22, 0.25, 0.29, 0.32, 0.35, 0.39, 0.37, 0.58, 0.73, 0.96, 1.34, 2.10, 4.39]


def bard(x):
    i = torch.arange(1.0, 16.0)
    u, v = i, 16 - i
    w = torch.minimum(u, v)
    return torch.tensor(BARD_Y) - (x[0] + u / (x[1] * v + x[2] * w))


def freudenstein_roth(x):
    return torch.stack([-13 + x[0] + ((5 - x[1]) * x[1] - 2) * x[1], -29 + x[0] + ((x[1] + 1) * x[1] - 14) * x[1]])


def jennrich_sampson(x):
    i = torch.arange(1.0, 11.0)
    return 2 + 2 * i - (torch.exp(i * x[0]) + torch.exp(i * x[1]))


def shifted(f):
    return lambda x: f(x - SHIFT)


def powell_start(n): return np.tile([3.0, -1.0, 0.0, 1.0], n // 4)


# (name, formula, x0, f*) — f* = 0 marks the zero-residual problems; the controls carry MGH's published minimum.
PROBLEMS = [(f"ExtendedPowellSingular{n}", powell, powell_start(n), 0.0) for n in (4, 52, 100, 200)] + [
    ("Rosenbrock", rosenbrock, np.array([-1.2, 1.0]), 0.0),
    ("Wood", wood, np.array([-3.0, -1.0, -3.0, -1.0]), 0.0),
    ("HelicalValley", helical, np.array([-1.0, 0.0, 0.0]), 0.0),
    ("BrownAlmostLinear10", brown_almost_linear, np.full(10, 0.5), 0.0),
    ("ShiftedPowellSingular4", shifted(powell), powell_start(4) + SHIFT, 0.0),
    ("ShiftedRosenbrock", shifted(rosenbrock), np.array([-1.2, 1.0]) + SHIFT, 0.0),
    ("Osborne1", osborne1, np.array([0.5, 1.5, -1.0, 0.01, 0.02]), 5.46489e-5),
    ("KowalikOsborne", kowalik, np.array([0.25, 0.39, 0.415, 0.39]), 3.07505e-4),
    ("Bard", bard, np.array([1.0, 1.0, 1.0]), 8.21487e-3),
    ("FreudensteinRoth", freudenstein_roth, np.array([0.5, -2.0]), 48.9842),
    ("JennrichSampson", jennrich_sampson, np.array([0.3, 0.4]), 124.362),
]


def main():
    runs = []
    for name, formula, x0, fstar in PROBLEMS:
        fun = lambda x, formula=formula: formula(torch.tensor(x)).numpy()
        jac = lambda x, formula=formula: torch.autograd.functional.jacobian(formula, torch.tensor(x)).numpy()
        n, m = len(x0), len(fun(x0))
        for mode in ("forward", "analytic"):
            budget = (200 if mode == "forward" else 100) * (n + 1)
            res = least_squares(fun, x0, jac="2-point" if mode == "forward" else jac, method="lm", x_scale="jac",
                                ftol=1e-8, xtol=1e-8, gtol=1e-8, max_nfev=budget)
            r0 = fun(x0)
            runs.append({"name": name, "n": n, "m": m, "mode": mode, "status": int(res.status), "nfev": int(res.nfev),
                         "cost": float(res.cost), "x": [float(v) for v in res.x], "x0": [float(v) for v in x0],
                         "start_cost": float(0.5 * r0 @ r0), "fstar": fstar})
            print(f"{name:24s} {mode:8s} status {res.status} nfev {res.nfev:6d} cost {res.cost:.4e}", file=sys.stderr)
    doc = {"source": "tests/data/powell48_zero_residual_reference.py",
           "versions": {"python": platform.python_version(), "numpy": np.__version__, "scipy": scipy.__version__, "torch": torch.__version__},
           "settings": "least_squares(method='lm', x_scale='jac', ftol=xtol=gtol=1e-8, max_nfev=200(n+1) '2-point' / 100(n+1) exact jac)",
           "shift": SHIFT, "runs": runs}
    with open("tests/data/powell48-zero-residual-reference.json", "w") as fh:
        json.dump(doc, fh, indent=1)


if __name__ == "__main__":
    main()
