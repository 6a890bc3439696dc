#!/usr/bin/env python3
"""Robust-loss minima of the degree-13 Runge fit with four gross outliers (audit lm39, RobustLossProbeInfluenceTests).

The data are those of tests/BlasNet.Tests/Optimization/IllConditionedStopTests.cs -- 50 equispaced points
x_i = -1 + 2i/49 of y = 1/(1 + 25 x^2) -- with y_i moved by +1e6 at i = 20 and 44 and by -1e6 at i = 5 and 37 (in double,
as the test builds them). The test fits a degree-13 polynomial in t = (x + 1)/2 (monomial basis, ill-conditioned on
purpose) by forward differences. The minimum of the robust cost 0.5 * C^2 * sum(rho((r/C)^2)) does not depend on the
basis, so it is found here in the Legendre basis in x (well-conditioned) by SciPy's
least_squares(method='trf', loss=..., f_scale=C, ftol=xtol=gtol=1e-15) from two starts (zero, and the least-squares
solution of the inliers alone), keeping the lower; the cost at that point is then evaluated with mpmath at 50 digits
from the double coefficients and the double y. The gradient of the robust cost there (relative to the sum of the
absolute terms) is stored as a check that SciPy converged. Scaling r and C by 2^k scales the cost by 4^k exactly, so
only k = 0 is stored. Usage:
  /usr/bin/python3 tests/data/robust_runge_outliers_reference.py > tests/data/robust-runge-outliers-reference.json
"""
import json
import sys

import mpmath
import numpy as np
import scipy
from numpy.polynomial import legendre
from scipy.optimize import least_squares

M = 50
DEGREE = 13
OUTLIERS = {5: -1e6, 20: 1e6, 37: -1e6, 44: 1e6}
CASES = [(loss, c) for loss in ("soft_l1", "huber", "cauchy", "arctan") for c in (0.03, 0.3)]

x = np.array([-1 + 2.0 * i / (M - 1) for i in range(M)])
y = 1 / (1 + 25 * x * x)
for i, shift in OUTLIERS.items():
    y[i] = y[i] + shift
V = legendre.legvander(x, DEGREE)
inliers = np.array([i not in OUTLIERS for i in range(M)])


def rho(loss, z):
    if loss == "huber":
        return z if z <= 1 else 2 * mpmath.sqrt(z) - 1
    if loss == "soft_l1":
        return 2 * (mpmath.sqrt(1 + z) - 1)
    if loss == "cauchy":
        return mpmath.log(1 + z)
    if loss == "arctan":
        return mpmath.atan(z)
    raise ValueError(loss)


def rho1(loss, z):
    if loss == "huber":
        return 1.0 if z <= 1 else 1 / np.sqrt(z)
    if loss == "soft_l1":
        return 1 / np.sqrt(1 + z)
    if loss == "cauchy":
        return 1 / (1 + z)
    return 1 / (1 + z * z)


def exact_cost(coefficients, loss, c):
    mpmath.mp.dps = 50
    total = mpmath.mpf(0)
    cc = mpmath.mpf(c)
    for i in range(M):
        xi = mpmath.mpf(x[i])
        value = sum(mpmath.mpf(coefficients[j]) * mpmath.legendre(j, xi) for j in range(DEGREE + 1))
        r = value - mpmath.mpf(y[i])
        total += cc * cc * rho(loss, (r / cc) ** 2)
    return total / 2


def main():
    # jac returns a copy: with a loss, least_squares scales the Jacobian it is given in place.
    plain = np.linalg.lstsq(V[inliers], y[inliers], rcond=None)[0]
    cases = []
    for loss, c in CASES:
        best = None
        for start in (np.zeros(DEGREE + 1), plain):
            fit = least_squares(lambda p: V @ p - y, start, jac=lambda p: V.copy(), method="trf", loss=loss, f_scale=c,
                                ftol=1e-15, xtol=1e-15, gtol=1e-15, max_nfev=10000)
            if best is None or fit.cost < best.cost:
                best = fit
        r = V @ best.x - y
        weights = np.array([rho1(loss, (v / c) ** 2) for v in r])
        terms = V * (weights * r)[:, None]
        relative_gradient = float(np.max(np.abs(terms.sum(axis=0)) / np.abs(terms).sum(axis=0)))
        cases.append({"loss": loss, "f_scale": c, "cost": float(exact_cost(best.x, loss, c)), "scipy_cost": float(best.cost),
                      "status": int(best.status), "relative_gradient": relative_gradient, "legendre_coefficients": best.x.tolist()})
    json.dump({
        "produced_by": "tests/data/robust_runge_outliers_reference.py",
        "versions": {"python": sys.version.split()[0], "numpy": np.__version__, "scipy": scipy.__version__, "mpmath": mpmath.__version__},
        "data": "x_i = -1 + 2i/49 (i = 0..49), y = 1/(1 + 25x^2), y_5 and y_37 - 1e6, y_20 and y_44 + 1e6; degree-13 polynomial; cost = 0.5*C^2*sum(rho((r/C)^2)) at k = 0",
        "cases": cases,
    }, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
