#!/usr/bin/env python3
"""Robust minimisers of fits with gross outliers far beyond the loss scale (audit robust38, RobustLossOutlierTests).

Data (fixed formulas, no random draws): m = 40, t_i = i/4, i = 0..39;
  "decay": y_i = 3 exp(-0.4 t_i) + 0.5 + 0.01 sin(2.3 i), model p0 exp(-p1 t) + p2;
  "line":  y_i = 1.5 + 0.8 t_i + 0.01 sin(2.3 i),         model p0 + p1 t;
and every ninth point (i % 9 == 4, five points) raised by A (1 + 0.1 i), A = 1e4, 1e8 or 1e12.
For such outliers the robust cost 0.5 C^2 sum(rho((r/C)^2)) is dominated by them (2C|r| each for huber and soft_l1) and
its relative changes near the minimum fall below FTol, or below double rounding (A = 1e12), so the minimiser is found
here from the gradient, which stays in range: g = J^T psi with psi_i = rho'(z_i) r_i (bounded by C for these losses).
Gauss-Newton on the reweighted problem (IRLS) from the outlier-free truth, until the largest |g_j| is below 1e-14 of
sum_i |psi_i J_ij|; the gradient's relative size at the answer is stored. SciPy 1.10.1's
least_squares(method='trf', loss=..., f_scale=C) from the fit's start at its default tolerances is stored beside it (its
status and x), for comparison: it stops with status 2 (ftol) far from the minimiser on several of these cases.
Usage:  /usr/bin/python3 tests/data/robust_outliers_reference.py > tests/data/robust-outliers-reference.json
"""
import json
import sys

import numpy as np
import scipy
from scipy.optimize import least_squares

M = 40
T = np.arange(M) / 4.0
I = np.arange(M)
LOSSES = [("huber", 1.0), ("huber", 0.01), ("soft_l1", 1.0), ("soft_l1", 0.01)]
AMPLITUDES = [1e4, 1e8, 1e12]


def data(problem, amplitude):
    clean = 3 * np.exp(-0.4 * T) + 0.5 if problem == "decay" else 1.5 + 0.8 * T
    return clean + 0.01 * np.sin(I * 2.3) + np.where(I % 9 == 4, amplitude * (1 + 0.1 * I), 0.0)


def residuals(problem, p, y):
    return (p[0] * np.exp(-p[1] * T) + p[2] - y) if problem == "decay" else (p[0] + p[1] * T - y)


def jacobian(problem, p):
    if problem == "decay":
        e = np.exp(-p[1] * T)
        return np.column_stack([e, -p[0] * T * e, np.ones(M)])
    return np.column_stack([np.ones(M), T])


def rho1(loss, z):
    if loss == "huber":
        return np.where(z <= 1, 1.0, 1 / np.sqrt(np.maximum(z, 1)))
    return 1 / np.sqrt(1 + z)


def minimiser(problem, loss, c, y, start):
    p = np.array(start, dtype=float)
    for _ in range(5000):
        r = residuals(problem, p, y)
        J = jacobian(problem, p)
        w = rho1(loss, (r / c) ** 2)
        psi = w * r
        terms = J * psi[:, None]
        relative = np.max(np.abs(terms.sum(axis=0)) / np.abs(terms).sum(axis=0))
        if relative < 1e-14:
            break
        sw = np.sqrt(w)
        step = np.linalg.lstsq(J * sw[:, None], -(sw * r), rcond=None)[0]
        p = p + step
    return p, float(relative)


def main():
    cases = []
    for problem, start, truth in (("decay", [1.0, 1.0, 0.0], [3.0, 0.4, 0.5]), ("line", [0.0, 0.0], [1.5, 0.8])):
        for amplitude in AMPLITUDES:
            y = data(problem, amplitude)
            for loss, c in LOSSES:
                x, relative = minimiser(problem, loss, c, y, truth)
                sp = least_squares(lambda p: residuals(problem, p, y), start, method="trf", loss=loss, f_scale=c)
                cases.append({"problem": problem, "amplitude": amplitude, "loss": loss, "f_scale": c, "x0": start,
                              "x": x.tolist(), "relative_gradient": relative,
                              "scipy_default": {"status": int(sp.status), "x": sp.x.tolist()}})
    json.dump({
        "produced_by": "tests/data/robust_outliers_reference.py",
        "versions": {"python": sys.version.split()[0], "numpy": np.__version__, "scipy": scipy.__version__},
        "data": "m = 40, t_i = i/4; decay 3exp(-0.4t) + 0.5, line 1.5 + 0.8t, plus 0.01 sin(2.3i); i % 9 == 4 raised by A(1 + 0.1i)",
        "cases": cases,
    }, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
