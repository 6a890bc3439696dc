"""Audit lm56: references for the fits that run off to a value approached at infinity (MGH's Beale, Bard and Kowalik-Osborne
from 10*x0 and 100*x0). Run with Debian's /usr/bin/python3 (SciPy 1.10, mpmath 1.2):
    /usr/bin/python3 tests/data/lm56_runoff_reference.py > tests/data/lm56-runoff-reference.json
For each problem: the cost's infimum along the run-off, in mpmath at 40 digits (Beale: the valley x2 = 1 - t/x1, lm53; Bard:
x2, x3 -> -inf, where r -> y - x1 and the infimum is 1/2 sum (y - mean y)^2; Kowalik-Osborne: x1 -> +inf with x3 = p*x1, x4 = q*x1,
where the model tends to (u^2 + u*x2)/(p*u + q), minimised over (x2, p, q) by Gauss-Newton in mpmath), the finite minimum
(MGH's f/2, refined by SciPy), and what MINPACK (scipy.optimize.least_squares(method='lm'), lmdif: forward differences) reports from
the same starts with the same tolerances and budget (20 000): status (1 gtol, 2 ftol, 3 xtol, 4 ftol and xtol... as SciPy numbers
them: 1 = gtol, 2 = ftol, 3 = xtol, 4 = both ftol and xtol, 0 = max_nfev), nfev, X, cost, and the cost's gap above the infimum
relative to the cost, with x_scale='jac' (MINPACK's mode 1, BlasNet's default scaling) and x_scale=1 (mode 2 with D = 1, BlasNet's
ScalingMode.Fixed)."""
import json
import numpy as np
import mpmath as mp
import scipy
from scipy.optimize import least_squares

mp.mp.dps = 40

BEALE_Y = [1.5, 2.25, 2.625]
BARD_Y = [0.14, 0.18, 0.22, 0.25, 0.29, 0.32, 0.35, 0.39, 0.37, 0.58, 0.73, 0.96, 1.34, 2.10, 4.39]
KO_Y = [0.1957, 0.1947, 0.1735, 0.1600, 0.0844, 0.0627, 0.0456, 0.0342, 0.0323, 0.0235, 0.0246]
KO_U = [4, 2, 1, 0.5, 0.25, 0.167, 0.125, 0.1, 0.0833, 0.0714, 0.0625]


def beale(x):
    return np.array([BEALE_Y[i] - x[0] * (1 - x[1] ** (i + 1)) for i in range(3)])


def bard(x):
    out = []
    for i in range(1, 16):
        u, v = i, 16 - i
        w = min(u, v)
        out.append(BARD_Y[i - 1] - (x[0] + u / (x[1] * v + x[2] * w)))
    return np.array(out)


def kowalik(x):
    u = np.array(KO_U)
    return np.array(KO_Y) - x[0] * (u * u + u * x[1]) / (u * u + u * x[2] + x[3])


def cost(f, x):
    r = f(np.asarray(x, dtype=float))
    return 0.5 * float(r @ r)


def beale_infimum():
    # lm53: along x2 = 1 - t/x1, x1 -> -inf, r_i -> y_i - i*t (x1*(1 - (1 - t/x1)^i) -> i*t); minimised over t.
    y = [mp.mpf(v) for v in BEALE_Y]
    t = sum((i + 1) * y[i] for i in range(3)) / sum((i + 1) ** 2 for i in range(3))
    return mp.mpf(0.5) * sum((y[i] - (i + 1) * t) ** 2 for i in range(3))


def bard_infimum():
    y = [mp.mpf(v) for v in BARD_Y]
    mean = sum(y) / len(y)
    return mp.mpf(0.5) * sum((v - mean) ** 2 for v in y), mean


def kowalik_infimum():
    y = [mp.mpf(v) for v in KO_Y]
    u = [mp.mpf(v) for v in KO_U]
    # a start from SciPy on the limit model, from BlasNet's run-off point (x2 = -14.1, x3/x1 = -45, x4/x1 = -28: MGH's (+inf, -14.07, -inf, -inf))
    lim = lambda p: np.array(KO_Y) - (np.array(KO_U) ** 2 + np.array(KO_U) * p[0]) / (p[1] * np.array(KO_U) + p[2])
    s = least_squares(lim, [-14.0, -45.0, -28.0], method='lm', xtol=1e-15, ftol=1e-15, gtol=1e-15, max_nfev=100000)
    p = [mp.mpf(float(v)) for v in s.x]
    for _ in range(60):  # Gauss-Newton in 40 digits with the exact Jacobian
        r, J = [], []
        for ui, yi in zip(u, y):
            den = p[1] * ui + p[2]
            num = ui * ui + ui * p[0]
            r.append(yi - num / den)
            J.append([-ui / den, num * ui / den ** 2, num / den ** 2])
        Jm, rm = mp.matrix(J), mp.matrix(r)
        step = mp.lu_solve(Jm.T * Jm, -(Jm.T * rm))
        p = [p[k] + step[k] for k in range(3)]
        if mp.norm(step) < mp.mpf(10) ** -35:
            break
    r = [yi - (ui * ui + ui * p[0]) / (p[1] * ui + p[2]) for ui, yi in zip(u, y)]
    Jm = mp.matrix([[-ui / (p[1] * ui + p[2]), (ui * ui + ui * p[0]) * ui / (p[1] * ui + p[2]) ** 2,
                     (ui * ui + ui * p[0]) / (p[1] * ui + p[2]) ** 2] for ui in u])
    grad = Jm.T * mp.matrix(r)
    return mp.mpf(0.5) * sum(v * v for v in r), p, max(abs(g) for g in grad)


def finite_minimum(f, x0):
    s = least_squares(f, x0, method='lm', xtol=1e-15, ftol=1e-15, gtol=1e-15, max_nfev=100000, x_scale='jac')
    return {"x": s.x.tolist(), "cost": float(s.cost), "status": int(s.status)}


def scipy_runs(f, x0, infimum):
    out = {}
    for factor in (10, 100):
        for tol_name, tol in (("default", 1e-8), ("tight", 1e-15)):
            for scale_name, x_scale in (("jac", "jac"), ("fixed", 1.0)):
                costs = []

                def fun(x):
                    r = f(x)
                    costs.append((x.copy(), 0.5 * float(r @ r)))
                    return r
                s = least_squares(fun, np.array(x0, dtype=float) * factor, method='lm', xtol=tol, ftol=tol, gtol=tol,
                                  max_nfev=20000, x_scale=x_scale)
                # accepted points: each call that lowered the best cost so far (the Jacobian's difference calls lie within
                # sqrt(eps) of the point and rarely lower it by more than rounding)
                best, acc = np.inf, []
                for x, c in costs:
                    if c < best:
                        best = c
                        acc.append((x, c))
                last = acc[-9:]
                falls = [(last[k - 1][1] - last[k][1]) / last[k - 1][1] for k in range(1, len(last))]
                out[f"{factor}x0 {tol_name} {scale_name}"] = {
                    "status": int(s.status), "nfev": int(s.nfev), "x": s.x.tolist(), "cost": float(s.cost),
                    "gap_relative": float((mp.mpf(float(s.cost)) - infimum) / mp.mpf(float(s.cost))),
                    "max_abs_x": float(np.max(np.abs(s.x))),
                    "last_8_relative_falls": falls,
                }
    return out


beale_inf = beale_infimum()
bard_inf, bard_mean = bard_infimum()
ko_inf, ko_p, ko_grad = kowalik_infimum()
result = {
    "versions": {"scipy": scipy.__version__, "numpy": np.__version__, "mpmath": mp.__version__},
    "beale": {
        "infimum": float(beale_inf), "infimum_40": mp.nstr(beale_inf, 30),
        "minimum": {"x": [3.0, 0.5], "cost": 0.0},
        "scipy": scipy_runs(beale, [1.0, 1.0], beale_inf),
    },
    "bard": {
        "infimum": float(bard_inf), "infimum_40": mp.nstr(bard_inf, 30), "x1_at_infinity": float(bard_mean),
        "minimum": finite_minimum(bard, [1.0, 1.0, 1.0]),
        "scipy": scipy_runs(bard, [1.0, 1.0, 1.0], bard_inf),
    },
    "kowalik_osborne": {
        "infimum": float(ko_inf), "infimum_40": mp.nstr(ko_inf, 30),
        "limit_model": {"x2": float(ko_p[0]), "p": float(ko_p[1]), "q": float(ko_p[2]), "gradient_max": float(ko_grad)},
        "minimum": finite_minimum(kowalik, [0.25, 0.39, 0.415, 0.39]),
        "scipy": scipy_runs(kowalik, [0.25, 0.39, 0.415, 0.39], ko_inf),
    },
}
print(json.dumps(result, indent=1))
