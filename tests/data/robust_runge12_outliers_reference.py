#!/usr/bin/env python3
"""Robust-loss minima of the degree-12 Runge fit with four gross outliers (audit lm40, RobustRungeDegree12Tests).

Data as robust_runge_outliers_reference.py (and RobustLossProbeInfluenceTests): x_i = -1 + 2i/49 (i = 0..49),
y = 1/(1 + 25 x^2), y_5 and y_37 lowered and y_20 and y_44 raised by 1e6 (in double). The test fits a degree-12 polynomial
in t = (x + 1)/2 (monomial basis) by forward differences; the robust cost 0.5 * C^2 * sum(rho((r/C)^2)) of a linear model
with SoftL1 or Huber is convex in the coefficients (rho(r^2) is convex in r for both), so its minimum is unique, it does not
depend on the basis, and a point whose cost is above it is not stationary. The minimum is found here independently of the
library, in the Legendre basis in x:
  1. SciPy's least_squares(method='trf', loss=..., f_scale=C, ftol=xtol=gtol=1e-15) from 14 starts (zero, the inliers'
     least-squares fit, and that fit perturbed at four scales), keeping the lowest cost (the spread of the 14 is stored);
  2. from SciPy's point, Newton's method in mpmath at 60 digits on the stationarity equations V^T psi = 0, psi_i = rho'(z_i) r_i
     with z_i = (r_i/C)^2 (the gradient of SciPy's cost), Hessian V^T diag(rho' + 2 z rho'') V, until the step is below 1e-40;
  3. the cost at the Newton point and at SciPy's point, in mpmath from the double data, and the largest column cosine
     |(V^T psi)_j| / (||V_j|| ||psi||) at both (the quantity the library's optimality check bounds by GTol).
Usage: /usr/bin/python3 tests/data/robust_runge12_outliers_reference.py > tests/data/robust-runge12-outliers-reference.json
"""
import os
import sys

import mpmath
import numpy as np
from numpy.polynomial import legendre

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import robust_runge_common as common  # noqa: E402  (the data, SoftL1's and Huber's rho, SciPy's fit and the file's header)

M = common.M
DEGREE = 12
CASES = [(loss, c) for loss in ("soft_l1", "huber") for c in (0.3, 0.03)]
mpmath.mp.dps = 60

x = common.x
y = common.outlier_y()
V = legendre.legvander(x, DEGREE)
inliers = common.inliers()
VM = mpmath.matrix([[mpmath.legendre(j, mpmath.mpf(x[i])) for j in range(DEGREE + 1)] for i in range(M)])
YM = [mpmath.mpf(v) for v in y]
rho = common.rho


def rho1(loss, z):
    if loss == "huber":
        return mpmath.mpf(1) if z <= 1 else 1 / mpmath.sqrt(z)
    return 1 / mpmath.sqrt(1 + z)


def rho2(loss, z):
    if loss == "huber":
        return mpmath.mpf(0) if z <= 1 else -z ** mpmath.mpf(-1.5) / 2
    return -(1 + z) ** mpmath.mpf(-1.5) / 2


def residuals(p):
    return [sum(VM[i, j] * p[j] for j in range(DEGREE + 1)) - YM[i] for i in range(M)]


def cost(p, loss, c):
    c = mpmath.mpf(c)
    return sum(c * c * rho(loss, (r / c) ** 2) for r in residuals(p)) / 2


def max_cosine(p, loss, c):
    c = mpmath.mpf(c)
    psi = [rho1(loss, (r / c) ** 2) * r for r in residuals(p)]
    psi_norm = mpmath.sqrt(sum(v * v for v in psi))
    best = mpmath.mpf(0)
    for j in range(DEGREE + 1):
        column = [VM[i, j] for i in range(M)]
        g = sum(column[i] * psi[i] for i in range(M))
        best = max(best, abs(g) / (mpmath.sqrt(sum(v * v for v in column)) * psi_norm))
    return best


def newton(p, loss, c):
    c = mpmath.mpf(c)
    n = DEGREE + 1
    for _ in range(60):
        r = residuals(p)
        z = [(v / c) ** 2 for v in r]
        psi = [rho1(loss, z[i]) * r[i] for i in range(M)]
        w = [rho1(loss, z[i]) + 2 * z[i] * rho2(loss, z[i]) for i in range(M)]
        g = mpmath.matrix([sum(VM[i, j] * psi[i] for i in range(M)) for j in range(n)])
        h = mpmath.matrix(n, n)
        for a in range(n):
            for b in range(a, n):
                h[a, b] = h[b, a] = sum(VM[i, a] * w[i] * VM[i, b] for i in range(M))
        step = mpmath.lu_solve(h, g)
        p = [p[j] - step[j] for j in range(n)]
        if mpmath.norm(step) < mpmath.mpf("1e-40"):
            return p
    raise RuntimeError("Newton did not converge")


def main():
    plain = np.linalg.lstsq(V[inliers], y[inliers], rcond=None)[0]
    rng = np.random.default_rng(40)
    starts = [np.zeros(DEGREE + 1), plain] + [plain + rng.normal(scale=s, size=DEGREE + 1) for s in (0.01, 0.1, 1, 10) for _ in range(3)]
    cases = []
    for loss, c in CASES:
        fits = [common.scipy_fit(V, y, s, loss, c, max_nfev=20000) for s in starts]
        costs = [f.cost for f in fits]
        best = fits[int(np.argmin(costs))]
        scipy_point = [mpmath.mpf(v) for v in best.x]
        stationary = newton(scipy_point, loss, c)
        cases.append({"loss": loss, "f_scale": c,
                      "cost": float(cost(stationary, loss, c)),
                      "scipy_cost_mpmath": float(cost(scipy_point, loss, c)),
                      "scipy_cost": float(best.cost), "scipy_cost_spread": float(max(costs) - min(costs)),
                      "max_cosine_at_scipy_point": float(max_cosine(scipy_point, loss, c)),
                      "max_cosine_at_newton_point": float(max_cosine(stationary, loss, c)),
                      "legendre_coefficients": [float(v) for v in stationary]})
    common.write("tests/data/robust_runge12_outliers_reference.py",
                 "x_i = -1 + 2i/49 (i = 0..49), y = 1/(1 + 25x^2), y_5 and y_37 - 1e6, y_20 and y_44 + 1e6; degree-12 polynomial; cost = 0.5*C^2*sum(rho((r/C)^2)) at k = 0",
                 cases)


if __name__ == "__main__":
    main()
