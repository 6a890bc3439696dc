"""Honesty battery, SciPy side: the MGH problems of bench/peers/mgh_scipy.py from many starts (x0, 10*x0, 100*x0
and three seeded random perturbations of x0), plus noisy curve fits (exponential, Gaussian, rational) from a good
and a poor start, each solved with scipy.optimize.least_squares(method='lm') at its default and at tight tolerances.
For the curve fits also curve_fit's pcov with absolute_sigma False and True. Writes JSON for
bench/peers/lm_honesty_battery.fsx, which runs BlasNet from the same starts and compares.

Run: /usr/bin/python3 bench/peers/lm_honesty_battery_scipy.py OUT.json  (from the repository root)
"""
import json, math, sys, warnings
import numpy as np
from scipy.optimize import least_squares, curve_fit
sys.path.insert(0, "bench/peers")
from mgh_scipy import PROBLEMS

warnings.simplefilter("ignore")

def starts(x0, rng):
    x0 = np.array(x0, float)
    out = [("x0", x0), ("10x0", 10 * x0), ("100x0", 100 * x0)]
    for k in range(3):
        out.append((f"rand{k}", x0 + rng.normal(size=x0.size) * (np.abs(x0) + 1)))
    return out

TOLS = {"default": dict(xtol=1e-8, ftol=1e-8, gtol=1e-8), "tight": dict(xtol=1e-12, ftol=1e-12, gtol=1e-12)}

def run_lm(fun, x0, tol):
    def f(x):
        with np.errstate(all="ignore"):
            try:
                return np.array(fun(x), float)
            except (OverflowError, ZeroDivisionError, ValueError):
                return np.full(len(fun(x0)), np.inf)
    try:
        r = least_squares(f, x0, method="lm", max_nfev=None, **TOLS[tol])
        if not (np.isfinite(r.cost) and np.all(np.isfinite(r.x))):
            return {"cost": None, "x": None, "nfev": int(r.nfev), "status": int(r.status), "error": "non-finite result"}
        return {"cost": float(r.cost), "x": r.x.tolist(), "nfev": int(r.nfev), "status": int(r.status), "error": None}
    except Exception as e:  # SciPy raises on a non-finite x0 residual
        return {"cost": None, "x": None, "nfev": None, "status": None, "error": f"{type(e).__name__}: {e}"}

# curve-fit models: name, f(t, *p), true p, t grid, noise sd, good start, poor start
MODELS = [
    ("exp2", lambda t, a, k, c: a * np.exp(-k * t) + c, [3.0, 0.7, 0.5], np.linspace(0, 8, 40), 0.05, [2, 1, 0], [10, 5, -3]),
    ("biexp", lambda t, a, k, b, l: a * np.exp(-k * t) + b * np.exp(-l * t), [2.0, 1.5, 1.0, 0.2], np.linspace(0, 10, 60), 0.02, [1, 1, 1, 0.1], [5, 3, 0.5, 0.05]),
    ("gauss", lambda t, a, mu, s: a * np.exp(-(t - mu) ** 2 / (2 * s * s)), [2.0, 1.0, 0.8], np.linspace(-3, 5, 50), 0.05, [1, 0.5, 1], [5, 3, 3]),
    ("rational", lambda t, a, b, c: (a + b * t) / (1 + c * t), [1.0, 2.0, 0.5], np.linspace(0, 10, 30), 0.05, [1, 1, 1], [10, 10, 10]),
]

def main():
    out_path = sys.argv[1]
    rng = np.random.default_rng(20261203)
    runs = []
    for number, name, fun, x0, published in PROBLEMS:
        for label, s in starts(x0, rng):
            for tol in TOLS:
                res = run_lm(fun, s, tol)
                runs.append({"kind": "mgh", "problem": name, "start": label, "x0": s.tolist(), "tol": tol, **{"sp_" + k: v for k, v in res.items()}})
    fits = []
    for name, f, ptrue, t, sd, good, poor in MODELS:
        y = f(t, *ptrue) + sd * rng.normal(size=t.size)
        sigma = np.full(t.size, sd) * (1 + 0.5 * rng.random(t.size))
        for label, p0 in (("good", good), ("poor", poor)):
            entry = {"kind": "fit", "problem": name, "start": label, "t": t.tolist(), "y": y.tolist(), "sigma": sigma.tolist(), "p0": list(map(float, p0))}
            for absolute in (False, True):
                try:
                    p, pcov = curve_fit(f, t, y, p0=p0, sigma=sigma, absolute_sigma=absolute, method="lm")
                    entry[f"popt_{absolute}"] = p.tolist()
                    entry[f"pcov_{absolute}"] = pcov.tolist()
                except Exception as e:
                    entry[f"error_{absolute}"] = f"{type(e).__name__}: {e}"
            fits.append(entry)
    json.dump({"runs": runs, "fits": fits}, open(out_path, "w"), allow_nan=False)
    print(len(runs), "runs,", len(fits), "fits")

if __name__ == "__main__":
    main()
