#!/usr/bin/env python3
"""Reference minimisers for CurveFitOptions.Loss / LossScale (issue 15, item 4).

SciPy's curve_fit passes loss= and f_scale= through to least_squares(method='trf'), which applies the loss
to the weighted residuals (model(x, p) - y) / sigma. Here curve_fit(..., method='trf', loss=..., f_scale=...)
is run on seeded data with gross outliers:
  * "decay": y = 2.5 exp(-1.3 x) + 0.4 + N(0, sigma_i^2), sigma_i = 0.02 + 0.02 x (so the weights vary),
    60 points, 15 % shifted by +-(1 ... 3); fitted with sigma (the loss sees r_i / sigma_i);
  * "decay-fixed": the same data, unweighted, with c held at 0.4 (curve_fit over a and b, c closed over),
    as CurveFitOptions.Fixed does it.
Tolerances 1e-15, analytic Jacobian; the script restarts curve_fit from its own popt until popt stops moving
and records the gradient of the robust cost at the answer (it must be ~0 against the cost's scale).
Usage:  /usr/bin/python3 bench/peers/curve_fit_loss_scipy.py > tests/data/curve-fit-loss-reference.json
"""
import json
import sys

import numpy as np
import scipy
from scipy.optimize import curve_fit

LOSSES = ["linear", "soft_l1", "huber", "cauchy", "arctan"]
TOL = dict(ftol=1e-15, xtol=1e-15, gtol=1e-15, method="trf", max_nfev=100000)


def data():
    rng = np.random.default_rng(20261215)
    x = np.linspace(0.0, 4.0, 60)
    sigma = 0.02 + 0.02 * x
    y = 2.5 * np.exp(-1.3 * x) + 0.4 + rng.normal(0.0, 1.0, x.size) * sigma
    bad = rng.choice(x.size, size=9, replace=False)  # 15 %
    y[bad] += rng.choice([-1.0, 1.0], size=bad.size) * rng.uniform(1.0, 3.0, size=bad.size)
    return x, y, sigma, sorted(int(i) for i in bad)


def decay(x, a, b, c):
    return a * np.exp(-b * x) + c


def decay_jac(x, a, b, c):
    e = np.exp(-b * x)
    return np.column_stack([e, -a * x * e, np.ones_like(x)])


def rho1(loss, z):
    """rho'(z) as SciPy defines it."""
    if loss == "linear":
        return np.ones_like(z)
    if loss == "soft_l1":
        return 1 / np.sqrt(1 + z)
    if loss == "huber":
        return np.where(z <= 1, 1.0, 1 / np.sqrt(np.maximum(z, 1)))
    if loss == "cauchy":
        return 1 / (1 + z)
    if loss == "arctan":
        return 1 / (1 + z * z)
    raise ValueError(loss)


def settle(f, jac, x, y, p0, sigma, loss, f_scale):
    popt = np.array(p0, dtype=float)
    for _ in range(20):
        new, _ = curve_fit(f, x, y, p0=popt, sigma=sigma, jac=jac, loss=loss, f_scale=f_scale, **TOL)
        moved = np.max(np.abs(new - popt) / np.abs(new))
        popt = new
        if moved < 1e-15:
            break
    return popt


def main():
    x, y, sigma, outliers = data()
    p0 = [1.0, 1.0, 0.0]
    cases = []
    for loss in LOSSES:
        for f_scale in ([1.0] if loss == "linear" else [1.0, 3.0]):
            popt = settle(decay, decay_jac, x, y, p0, sigma, loss, f_scale)
            r = (decay(x, *popt) - y) / sigma
            grad = (decay_jac(x, *popt) / sigma[:, None]).T @ (rho1(loss, (r / f_scale) ** 2) * r)
            cases.append({"name": "decay", "loss": loss, "f_scale": f_scale, "weighted": True, "fixed": [False, False, False],
                          "popt": popt.tolist(), "gradient_at_popt": grad.tolist()})

    c_fixed = 0.4

    def decay_ab(x, a, b):
        return decay(x, a, b, c_fixed)

    def decay_ab_jac(x, a, b):
        return decay_jac(x, a, b, c_fixed)[:, :2]

    for loss, f_scale in [("soft_l1", 0.05), ("cauchy", 0.05)]:
        popt = settle(decay_ab, decay_ab_jac, x, y, p0[:2], None, loss, f_scale)
        r = decay_ab(x, *popt) - y
        grad = decay_ab_jac(x, *popt).T @ (rho1(loss, (r / f_scale) ** 2) * r)
        cases.append({"name": "decay-fixed", "loss": loss, "f_scale": f_scale, "weighted": False, "fixed": [False, False, True],
                      "popt": popt.tolist() + [c_fixed], "gradient_at_popt": grad.tolist()})

    for case in cases:
        print(f"{case['name']} {case['loss']} {case['f_scale']}: popt {case['popt']} grad {case['gradient_at_popt']}", file=sys.stderr)

    json.dump({
        "produced_by": "bench/peers/curve_fit_loss_scipy.py",
        "versions": {"python": sys.version.split()[0], "numpy": np.__version__, "scipy": scipy.__version__},
        "method": "scipy.optimize.curve_fit(method='trf', loss=..., f_scale=..., ftol=xtol=gtol=1e-15, analytic jac), restarted until popt settles",
        "model": "a * exp(-b * x) + c",
        "x": x.tolist(), "y": y.tolist(), "sigma": sigma.tolist(), "outliers": outliers, "p0": p0,
        "cases": cases,
    }, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
