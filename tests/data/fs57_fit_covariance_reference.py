#!/usr/bin/env python3
"""Reference covariances for the F# facade's Fit.Covariance (tests/data/fs57-fit-covariance-reference.json), audit fs57
(session 53).

Two small unweighted nonlinear fits written as residual functions, as an F# user passes them to LeastSquares.fit:

  exp2  r_i = a*exp(-b*x_i) - y_i,      x = [0, 1, 2, 3], y = [2.0, 1.2, 0.75, 0.4]  (the BlasNet.FSharp README's curve)
  exp3  r_i = a*exp(-b*t_i) + c - y_i,  t = 0, 0.5, ..., 4.5, y = 2*exp(-1.3 t) + 0.5 + 0.01*sin(7 t)

SciPy's least_squares(method='lm') with the analytic Jacobian and tolerances 1e-15 gives the minimiser; the covariance is
s^2 * inv(J^T J) with s^2 = sum(r^2)/(m - n), formed with numpy from the analytic Jacobian at the minimiser by SVD, and
checked against curve_fit's pcov (absolute_sigma False) for the same model. Usage:

    /usr/bin/python3 tests/data/fs57_fit_covariance_reference.py > tests/data/fs57-fit-covariance-reference.json
"""
import json
import sys

import numpy as np
import scipy
from scipy.optimize import curve_fit, least_squares

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from json_numbers import num  # noqa: E402


def case(name, f, jac, x, y, p0):
    res = least_squares(lambda p: f(x, *p) - y, p0, jac=lambda p: jac(x, *p), method="lm", xtol=1e-15, ftol=1e-15, gtol=1e-15)
    p = res.x
    j = jac(x, *p)
    r = f(x, *p) - y
    m, n = j.shape
    s2 = float(r @ r) / (m - n)
    u, sv, vt = np.linalg.svd(j, full_matrices=False)
    cov = s2 * (vt.T / sv**2) @ vt
    popt, pcov = curve_fit(f, x, y, p0=p, jac=jac, method="lm", xtol=1e-15, ftol=1e-15, gtol=1e-15)
    assert np.allclose(popt, p, rtol=1e-10, atol=0), (name, popt, p)
    assert np.allclose(pcov, cov, rtol=1e-7, atol=0), (name, pcov, cov)
    return {"name": name, "x": [num(v) for v in x], "y": [num(v) for v in y], "p0": [num(v) for v in p0],
            "popt": [num(v) for v in p], "cost": num(0.5 * float(r @ r)),
            "covariance": [[num(v) for v in row] for row in cov]}


def exp2(x, a, b):
    return a * np.exp(-b * x)


def exp2_jac(x, a, b):
    e = np.exp(-b * x)
    return np.stack([e, -a * x * e], axis=1)


def exp3(x, a, b, c):
    return a * np.exp(-b * x) + c


def exp3_jac(x, a, b, c):
    e = np.exp(-b * x)
    return np.stack([e, -a * x * e, np.ones_like(x)], axis=1)


t = np.arange(10) * 0.5
cases = [
    case("exp2", exp2, exp2_jac, np.array([0.0, 1.0, 2.0, 3.0]), np.array([2.0, 1.2, 0.75, 0.4]), [1.0, 1.0]),
    case("exp3", exp3, exp3_jac, t, 2.0 * np.exp(-1.3 * t) + 0.5 + 0.01 * np.sin(7.0 * t), [1.0, 1.0, 1.0]),
]
json.dump({"versions": {"scipy": scipy.__version__, "numpy": np.__version__}, "cases": cases}, sys.stdout, indent=1)
print()
