"""The pieces the robust Runge references share: robust_runge_reference.py, robust_runge_outliers_reference.py and
robust_runge12_outliers_reference.py import this module (it writes no file itself).

One definition of the data (50 equispaced points x_i = -1 + 2i/49 of y = 1/(1 + 25 x^2), and the four points moved by
+-1e6 in double as RungeOutlierFit builds them), of the losses' rho and rho' as SciPy's least_squares defines them, of
SciPy's fit in the Legendre basis and of the file's header, so that the three references cannot drift apart when one
of them is changed.
"""
import json
import sys

import mpmath
import numpy as np
import scipy
from scipy.optimize import least_squares

M = 50
OUTLIERS = {5: -1e6, 20: 1e6, 37: -1e6, 44: 1e6}

x = np.array([-1 + 2.0 * i / (M - 1) for i in range(M)])


def runge_y():
    """y_i = 1/(1 + 25 x_i^2) in double."""
    return 1 / (1 + 25 * x * x)


def outlier_y():
    """runge_y() with y_5 and y_37 lowered and y_20 and y_44 raised by 1e6, each sum rounded once in double."""
    y = runge_y()
    for i, shift in OUTLIERS.items():
        y[i] = y[i] + shift
    return y


def inliers():
    """The points OUTLIERS does not move, as a boolean mask."""
    return np.array([i not in OUTLIERS for i in range(M)])


def rho(loss, z):
    """SciPy's rho(z) for the loss, in mpmath (z = (r/C)^2)."""
    if loss == "huber":
        return z if z <= 1 else 2 * mpmath.sqrt(z) - 1
    if loss == "soft_l1":
        return 2 * (mpmath.sqrt(1 + z) - 1)
    if loss == "cauchy":
        return mpmath.log(1 + z)
    if loss == "arctan":
        return mpmath.atan(z)
    raise ValueError(loss)


def rho1_double(loss, z):
    """SciPy's rho'(z) for the loss, in double (the weights of the relative-gradient check)."""
    if loss == "huber":
        return 1.0 if z <= 1 else 1 / np.sqrt(z)
    if loss == "soft_l1":
        return 1 / np.sqrt(1 + z)
    if loss == "cauchy":
        return 1 / (1 + z)
    return 1 / (1 + z * z)


def scipy_fit(V, y, start, loss, c, max_nfev):
    """SciPy's robust least_squares of V p - y from start, tolerances 1e-15."""
    # jac returns a copy: with a loss, least_squares scales the Jacobian it is given in place.
    return least_squares(lambda p: V @ p - y, start, jac=lambda p: V.copy(), method="trf", loss=loss, f_scale=c,
                         ftol=1e-15, xtol=1e-15, gtol=1e-15, max_nfev=max_nfev)


def lower_of_two_starts(V, y, plain, cases, exact_cost):
    """For each (loss, C): SciPy's fit from zero and from plain, the lower cost kept (the first on a tie); its cost by
    exact_cost(coefficients, loss, c), SciPy's cost and status, and the robust gradient's size relative to the sum of
    the absolute terms (a check that SciPy converged)."""
    out = []
    for loss, c in cases:
        best = None
        for start in (np.zeros(V.shape[1]), plain):
            fit = scipy_fit(V, y, start, loss, c, max_nfev=10000)
            if best is None or fit.cost < best.cost:
                best = fit
        r = V @ best.x - y
        weights = np.array([rho1_double(loss, (v / c) ** 2) for v in r])
        terms = V * (weights * r)[:, None]
        relative_gradient = float(np.max(np.abs(terms.sum(axis=0)) / np.abs(terms).sum(axis=0)))
        out.append({"loss": loss, "f_scale": c, "cost": float(exact_cost(best.x, loss, c)), "scipy_cost": float(best.cost),
                    "status": int(best.status), "relative_gradient": relative_gradient, "legendre_coefficients": best.x.tolist()})
    return out


def write(produced_by, data, cases):
    """The reference file on standard output: the script, the versions, the data's description and the cases."""
    json.dump({
        "produced_by": produced_by,
        "versions": {"python": sys.version.split()[0], "numpy": np.__version__, "scipy": scipy.__version__, "mpmath": mpmath.__version__},
        "data": data,
        "cases": cases,
    }, sys.stdout, indent=1)
    print()
