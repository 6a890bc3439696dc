"""Audit lm52: the references for three Levenberg-Marquardt statuses left by stop 48 (LmStatuses52Tests).

1. Osborne 1 (MGH 17), 33 residuals, 5 parameters: the minimiser x* and the minimum cost 0.5*sum r^2, by Gauss-Newton in mpmath
   at 40 digits from MGH's published minimiser (the normal equations solved at each step; the last step below 1e-35), and the
   Jacobian's column norms D at x* (the scale of MINPACK's XTol test, ||D (x - x*)|| <= XTol ||D x*|| being what an XTol claim
   says of X). Beside them SciPy 1.10.1's least_squares(method='lm', jac='2-point', x_scale='jac', ftol = xtol = gtol = 1e-8,
   max_nfev = 200 (n + 1)) from MGH's start: status (least_squares' numbering: 1 gtol, 2 ftol, 3 xtol, 4 both, 0 max_nfev — audit lm53; this line said 1 ftol, 2 xtol), nfev, cost, x.
2. Brown almost linear (MGH 27), n = 10, x0 = 0.5: SciPy's run at the same settings (status 2, ftol, at MGH's f = 1 point), and the
   cost along the family x(a) = (a, ..., a, 11 - 10a) (every residual but the last zero: r_n = a^9 (11 - 10a) - 1), in mpmath at
   40 digits, at SciPy's a and at a = 0, 0.1, 0.5, 0.9: it falls all the way from SciPy's point to the zero-residual minimiser
   near a = 0.9755 (the root of 10 a^10 - 11 a^9 + 1 = 0 below 1, also stored) - the f = 1 point is no minimum.

Run: /usr/bin/python3 tests/data/lm52_statuses_reference.py  (from the repository root; writes tests/data/lm52-statuses-reference.json)
"""
import json, platform
import mpmath as mp
import numpy as np
import scipy
from scipy.optimize import least_squares

mp.mp.dps = 40

OSB1_Y = [0.844, 0.908, 0.932, 0.936, 0.925, 0.908, 0.881, 0.850, 0.818, 0.784, 0.751, 0.718, 0.685, 0.658, 0.628, 0.603,
          0.580, 0.558, 0.538, 0.522, 0.506, 0.490, 0.478, 0.467, 0.457, 0.448, 0.438, 0.431, 0.424, 0.420, 0.414, 0.411, 0.406]
OSB1_X0 = [0.5, 1.5, -1.0, 0.01, 0.02]


def osborne1_mp(x):
    return [mp.mpf(OSB1_Y[i]) - (x[0] + x[1] * mp.exp(-10 * i * x[3]) + x[2] * mp.exp(-10 * i * x[4])) for i in range(33)]


def osborne1_jacobian_mp(x):
    rows = []
    for i in range(33):
        t = 10 * i
        rows.append([-1, -mp.exp(-t * x[3]), -mp.exp(-t * x[4]), x[1] * t * mp.exp(-t * x[3]), x[2] * t * mp.exp(-t * x[4])])
    return mp.matrix(rows)


def osborne1_np(x):
    t = 10.0 * np.arange(33)
    return np.array(OSB1_Y) - (x[0] + x[1] * np.exp(-t * x[3]) + x[2] * np.exp(-t * x[4]))


def brown(x):
    n = len(x)
    s = np.sum(x)
    return np.concatenate([x[:-1] + s - (n + 1), [np.prod(x) - 1]])


def scipy_lm(fun, x0):
    n = len(x0)
    res = least_squares(fun, np.array(x0, dtype=float), method='lm', jac='2-point', x_scale='jac', ftol=1e-8, xtol=1e-8, gtol=1e-8,
                        max_nfev=200 * (n + 1))
    return {"status": int(res.status), "nfev": int(res.nfev), "cost": float(res.cost), "x": [float(v) for v in res.x]}


def main():
    # Osborne 1: Gauss-Newton from MGH's published minimiser.
    x = mp.matrix([0.3754100521, 1.935846913, -1.464687137, 0.01286753464, 0.02212269966])
    for _ in range(40):
        r = mp.matrix(osborne1_mp(x))
        J = osborne1_jacobian_mp(x)
        dx = mp.lu_solve(J.T * J, -(J.T * r))
        x = x + dx
        if mp.norm(dx) < mp.mpf(10) ** -35:
            break
    else:
        raise SystemExit("Gauss-Newton did not settle")
    J = osborne1_jacobian_mp(x)
    gradient = J.T * mp.matrix(osborne1_mp(x))
    assert mp.norm(gradient) < mp.mpf(10) ** -30, gradient
    osborne = {
        "x0": OSB1_X0,
        "xstar": [float(v) for v in x],
        "xstar_digits": [mp.nstr(v, 30) for v in x],
        "cost_star": float(sum(v * v for v in osborne1_mp(x)) / 2),
        "column_norms_at_xstar": [float(mp.norm(J[:, j])) for j in range(5)],
        "scipy": scipy_lm(osborne1_np, OSB1_X0),
    }

    # Brown almost linear, n = 10: SciPy's run, and the cost along the family x(a) = (a, ..., a, 11 - 10a).
    n = 10
    scipy_brown = scipy_lm(brown, [0.5] * n)

    def family_cost(a):
        a = mp.mpf(a)
        rn = a ** (n - 1) * (n + 1 - n * a) - 1
        return rn * rn / 2

    a_scipy = scipy_brown["x"][0]
    alphas = [a_scipy, 0.0, 0.1, 0.5, 0.9]
    root = mp.findroot(lambda a: n * a ** n - (n + 1) * a ** (n - 1) + 1, 0.97)
    brown_ref = {
        "x0": [0.5] * n,
        "scipy": scipy_brown,
        "family_alpha": alphas,
        "family_cost": [float(family_cost(a)) for a in alphas],
        "family_cost_digits": [mp.nstr(family_cost(a), 25) for a in alphas],
        "zero_alpha": float(root),
        "zero_cost": float(family_cost(root)),
    }
    out = {
        "generator": "tests/data/lm52_statuses_reference.py",
        "versions": {"python": platform.python_version(), "numpy": np.__version__, "scipy": scipy.__version__, "mpmath": mp.__version__},
        "osborne1": osborne,
        "brown_almost_linear10": brown_ref,
    }
    with open("tests/data/lm52-statuses-reference.json", "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
