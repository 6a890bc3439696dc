#!/usr/bin/env python3
"""Whether the degree-13 Runge fit's Cauchy XTol stop on OpenBLAS's Cooperlake kernels is a minimum (audit cooper48).

RobustRestart41Tests and RobustLossProbeInfluenceTests fit a degree-13 polynomial in t = (x + 1)/2 (monomial basis) to 50
equispaced points x_i = -1 + 2i/49 of y = 1/(1 + 25 x^2) with y_5, y_37 lowered and y_20, y_44 raised by 1e6 (in double, as
RungeOutlierFit builds them), residuals and the loss scale times 2^k, by forward differences (CentralRefinement off) from a
zero start. Under Cauchy at C = 0.3 * 2^-8 on OpenBLAS 0.3.21's Cooperlake kernels (AMD Zen 4, no OPENBLAS_CORETYPE) BlasNet
before audit cooper48 stopped XTol at the point STOP below (its coefficients as the fit printed them, round-trip doubles)
after 308 evaluations; started from STOP, it claimed XTol there again on every provider.

Here, in mpmath at 80 digits on those doubles (the residuals' Horner sums done exactly): the robust cost
0.5 * C^2 * sum(log(1 + (r/C)^2)), its gradient g and Hessian H (with the loss's curvature terms, rho'' < 0 for the outliers),
H's eigenvalues, and the Newton step -H^-1 g, with the cost at X + s * step for s = 1, 1/2, 1/4. H positive definite and a
Newton step that lowers the cost by a measurable amount mean STOP is no minimum (a descent direction exists); the minimum it
leads to is compared in the test with the independent SciPy minimum of robust-runge-outliers-reference.json. Usage:
  /usr/bin/python3 tests/data/robust_runge_cauchy_stop_reference.py > tests/data/robust-runge-cauchy-stop-reference.json
"""
import json
import sys

import mpmath

M = 50
K = -8
OUTLIERS = {5: -1e6, 20: 1e6, 37: -1e6, 44: 1e6}
STOP = [0.040162949343298671, -2.5899102923531694, 168.69482697437363, -3651.2644477553376, 38480.639917220826,
        -225075.05997491727, 773378.52513913461, -1549429.3828163659, 1565204.3687254377, -83.823536382518924,
        -1954260.6205692361, 2284125.0022711502, -1159273.8261170262, 230419.34624262303]

T = [(-1 + 2.0 * i / (M - 1) + 1) / 2 for i in range(M)]
Y = []
for i in range(M):
    xi = -1 + 2.0 * i / (M - 1)
    Y.append(1 / (1 + 25 * xi * xi) + OUTLIERS.get(i, 0.0))


def residuals(p, scale):
    out = []
    for i in range(M):
        t = mpmath.mpf(T[i])
        value = mpmath.mpf(0)
        for j in range(len(p) - 1, -1, -1):
            value = value * t + p[j]
        out.append(scale * (value - mpmath.mpf(Y[i])))
    return out


def cost(p, scale, c):
    return sum(c * c * mpmath.log(1 + (r / c) ** 2) for r in residuals(p, scale)) / 2


def main():
    mpmath.mp.dps = 80
    scale = mpmath.mpf(2) ** K
    c = mpmath.mpf(0.3 * 2.0 ** K)  # the double the test passes as LossScale
    p = [mpmath.mpf(v) for v in STOP]
    n = len(p)
    g = mpmath.matrix(n, 1)
    h = mpmath.matrix(n, n)
    for i, r in enumerate(residuals(p, scale)):
        z = (r / c) ** 2
        first, second = r / (1 + z), (1 - z) / (1 + z) ** 2
        column = [scale * mpmath.mpf(T[i]) ** j for j in range(n)]
        for a in range(n):
            g[a] += first * column[a]
            for b in range(n):
                h[a, b] += second * column[a] * column[b]
    eigenvalues, _ = mpmath.eigsy(h)
    step = -mpmath.lu_solve(h, g)
    at_stop = cost(p, scale, c)
    along = {str(s): mpmath.nstr(cost([p[j] + mpmath.mpf(s) * step[j] for j in range(n)], scale, c) - at_stop, 20)
             for s in (1, 0.5, 0.25)}
    json.dump({
        "produced_by": "tests/data/robust_runge_cauchy_stop_reference.py",
        "versions": {"python": sys.version.split()[0], "mpmath": mpmath.__version__},
        "k": K,
        "loss": "cauchy",
        "f_scale": 0.3,
        "stop": STOP,
        "cost_at_stop": mpmath.nstr(at_stop, 25),
        "hessian_eigenvalues": [mpmath.nstr(e, 6) for e in eigenvalues],
        "newton_model_decrease": mpmath.nstr((g.T * step)[0] / 2, 20),
        "cost_change_along_newton_step": along,
    }, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
