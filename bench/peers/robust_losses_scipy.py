#!/usr/bin/env python3
"""Reference minimisers for the robust losses of LevenbergMarquardtOptions.Loss (issue 15, item 1).

Two data sets with gross outliers, built here from fixed formulas and a seeded generator (so the data
travel in the JSON, and the C# test never regenerates them):
  * "decay": y = 2.5 exp(-1.3 t) + 0.4 + N(0, 0.03²) on 60 points, 15 % of them shifted by ±(1 … 3);
  * "line":  y = 1.5 + 0.8 t + N(0, 0.1²) on 40 points, 20 % of them shifted by +(3 … 8).
For each loss (linear, soft_l1, huber, cauchy, arctan) and each f_scale, SciPy's
least_squares(method='trf', loss=..., f_scale=...) is run from the same start with tolerances at
1e-15; the script also records the gradient of the robust cost at SciPy's answer (it must be ~0).
Usage:  /usr/bin/python3 bench/peers/robust_losses_scipy.py > tests/data/robust-losses-reference.json
"""
import json
import sys

import numpy as np
import scipy
from scipy.optimize import least_squares

LOSSES = ["linear", "soft_l1", "huber", "cauchy", "arctan"]


def decay_data():
    rng = np.random.default_rng(20261202)
    t = np.linspace(0.0, 4.0, 60)
    y = 2.5 * np.exp(-1.3 * t) + 0.4 + rng.normal(0.0, 0.03, t.size)
    bad = rng.choice(t.size, size=9, replace=False)  # 15 %
    y[bad] += rng.choice([-1.0, 1.0], size=bad.size) * rng.uniform(1.0, 3.0, size=bad.size)
    return t, y, sorted(int(i) for i in bad)


def line_data():
    rng = np.random.default_rng(15)
    t = np.linspace(0.0, 10.0, 40)
    y = 1.5 + 0.8 * t + rng.normal(0.0, 0.1, t.size)
    bad = rng.choice(t.size, size=8, replace=False)  # 20 %
    y[bad] += rng.uniform(3.0, 8.0, size=bad.size)
    return t, y, sorted(int(i) for i in bad)


def decay_residuals(p, t, y):
    return p[0] * np.exp(-p[1] * t) + p[2] - y


def decay_jacobian(p, t, y):
    e = np.exp(-p[1] * t)
    return np.column_stack([e, -p[0] * t * e, np.ones_like(t)])


def line_residuals(p, t, y):
    return p[0] + p[1] * t - y


def line_jacobian(p, t, y):
    return np.column_stack([np.ones_like(t), t])


def rho(loss, z):
    """rho(z) and rho'(z) as SciPy defines them."""
    if loss == "linear":
        return z, np.ones_like(z)
    if loss == "soft_l1":
        return 2 * (np.sqrt(1 + z) - 1), 1 / np.sqrt(1 + z)
    if loss == "huber":
        return np.where(z <= 1, z, 2 * np.sqrt(z) - 1), np.where(z <= 1, 1.0, 1 / np.sqrt(np.maximum(z, 1)))
    if loss == "cauchy":
        return np.log1p(z), 1 / (1 + z)
    if loss == "arctan":
        return np.arctan(z), 1 / (1 + z * z)
    raise ValueError(loss)


def main():
    problems = []
    for name, data, fun, jac, x0, scales in [
        ("decay", decay_data(), decay_residuals, decay_jacobian, [1.0, 1.0, 0.0], [0.05, 0.2]),
        ("line", line_data(), line_residuals, line_jacobian, [0.0, 1.0], [0.1, 0.5]),
    ]:
        t, y, outliers = data
        fits = []
        for loss in LOSSES:
            for f_scale in scales if loss != "linear" else [1.0]:
                res = least_squares(fun, x0, jac=jac, args=(t, y), method="trf", loss=loss, f_scale=f_scale,
                                    ftol=1e-15, xtol=1e-15, gtol=1e-15, max_nfev=100000)
                r = fun(res.x, t, y)
                z = (r / f_scale) ** 2
                value, d1 = rho(loss, z)
                cost = 0.5 * f_scale ** 2 * np.sum(value)
                gradient = jac(res.x, t, y).T @ (d1 * r)
                fits.append({
                    "loss": loss, "f_scale": f_scale, "x": res.x.tolist(), "cost": float(cost),
                    "scipy_cost": float(res.cost), "gradient_at_x": gradient.tolist(),
                    "status": int(res.status), "nfev": int(res.nfev),
                })
        problems.append({"name": name, "t": t.tolist(), "y": y.tolist(), "outliers": outliers, "x0": x0, "fits": fits})
    json.dump({
        "produced_by": "bench/peers/robust_losses_scipy.py",
        "versions": {"python": sys.version.split()[0], "numpy": np.__version__, "scipy": scipy.__version__},
        "method": "scipy.optimize.least_squares(method='trf', loss=..., f_scale=..., ftol=xtol=gtol=1e-15, analytic jac)",
        "cost": "0.5 * f_scale**2 * sum(rho((r / f_scale)**2)), SciPy's definition",
        "problems": problems,
    }, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
