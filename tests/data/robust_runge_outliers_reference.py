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
import os
import sys

import mpmath
import numpy as np
from numpy.polynomial import legendre

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import robust_runge_common as common  # noqa: E402  (the data, the losses, SciPy's fit and the file's header)

DEGREE = 13
CASES = [(loss, c) for loss in ("soft_l1", "huber", "cauchy", "arctan") for c in (0.03, 0.3)]

x = common.x
y = common.outlier_y()
V = legendre.legvander(x, DEGREE)
inliers = common.inliers()


def exact_cost(coefficients, loss, c):
    """The robust cost at the double coefficients in mpmath at 50 digits, against the double y (outliers included)."""
    mpmath.mp.dps = 50
    total = mpmath.mpf(0)
    cc = mpmath.mpf(c)
    for i in range(common.M):
        xi = mpmath.mpf(x[i])
        value = sum(mpmath.mpf(coefficients[j]) * mpmath.legendre(j, xi) for j in range(DEGREE + 1))
        r = value - mpmath.mpf(y[i])
        total += cc * cc * common.rho(loss, (r / cc) ** 2)
    return total / 2


def main():
    plain = np.linalg.lstsq(V[inliers], y[inliers], rcond=None)[0]
    common.write("tests/data/robust_runge_outliers_reference.py",
                 "x_i = -1 + 2i/49 (i = 0..49), y = 1/(1 + 25x^2), y_5 and y_37 - 1e6, y_20 and y_44 + 1e6; degree-13 polynomial; cost = 0.5*C^2*sum(rho((r/C)^2)) at k = 0",
                 common.lower_of_two_starts(V, y, plain, CASES, exact_cost))


if __name__ == "__main__":
    main()
